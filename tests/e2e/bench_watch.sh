#!/usr/bin/env bash
# kapi-bench against kapi serve, with small counts: every watch sees every acknowledged write
# exactly once and in order, the JSON summaries are well formed, the run cleans up after itself,
# and remote servers are refused. Nothing here asserts a speed.
source "$(dirname "$0")/lib.sh"
BENCH=${KAPI_BENCH_BIN:?KAPI_BENCH_BIN must name the kapi-bench binary}
# The namespace controller empties and removes the benchmark's namespace after it deletes it.
KAPI_CONTROLLERS=namespace start_kapi

# jq-less JSON checks: json_check FILE PYTHON-EXPRESSION (d is the summary); prints the value.
json_check() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# watch: 5 watchers, 2 writers at full speed for 2 s.
status=0
"$BENCH" watch --kubeconfig "$KUBECONFIG" --watchers 5 --writers 2 --rate max --duration 2 --json \
  --plot "$WORK/watch.png" >"$WORK/watch.json" 2>"$WORK/watch.err" || status=$?
expect_eq "watch exits 0 (no lost, duplicated, out-of-order events)" "$status" "0"
expect_eq "watch stderr is quiet off a terminal" "$(cat "$WORK/watch.err")" ""
acked=$(json_check "$WORK/watch.json" "d['writes']['acknowledged']")
expect_match "writes were acknowledged" "$acked" '^[1-9][0-9]*$'
expect_eq "no write failed" "$(json_check "$WORK/watch.json" "d['writes']['failed']")" "0"
expect_eq "0 lost" "$(json_check "$WORK/watch.json" "d['events']['lost']")" "0"
expect_eq "0 duplicated" "$(json_check "$WORK/watch.json" "d['events']['duplicated']")" "0"
expect_eq "0 out of order" "$(json_check "$WORK/watch.json" "d['events']['out_of_order']")" "0"
expect_eq "every watcher got every write" "$(json_check "$WORK/watch.json" "d['events']['delivered']")" "$((acked * 5))"
expect_eq "all 5 watches established and open to the end" \
  "$(json_check "$WORK/watch.json" "(d['watches']['established'], d['watches']['closed_early'])")" "(5, 0)"
expect_eq "latency percentiles are ordered" \
  "$(json_check "$WORK/watch.json" "0 <= d['latency_ms']['p50'] <= d['latency_ms']['p90'] <= d['latency_ms']['p99'] <= d['latency_ms']['p999'] <= d['latency_ms']['max']")" "True"
expect_eq "one latency sample per event" "$(json_check "$WORK/watch.json" "d['latency_ms']['count']")" "$((acked * 5))"
expect_eq "the local server was found by its port" "$(json_check "$WORK/watch.json" "d['server_process']['pid']")" "$KAPI_PID"
expect_eq "server RSS and CPU are reported" \
  "$(json_check "$WORK/watch.json" "d['server_process']['rss_mib_after'] > 0 and d['server_process']['cpu_cores'] >= 0")" "True"
expect_eq "the timeline adds up to the writes" \
  "$(json_check "$WORK/watch.json" "sum(s['written'] for s in d['timeline'])")" "$acked"
expect_eq "the plot is a PNG" "$(head -c 4 "$WORK/watch.png" | tail -c 3)" "PNG"
ns=$(json_check "$WORK/watch.json" "d['namespace']")
wait_until "the benchmark's namespace $ns is gone" bash -c "! kubectl get namespace $ns"
expect_eq "no labelled objects are left" "$(kubectl get configmaps -A -l kapi-bench/run -o name)" ""

# The same with pods, at a fixed rate, in a namespace given (objects picked by label).
status=0
"$BENCH" watch --kubeconfig "$KUBECONFIG" --namespace default --resource pods --watchers 3 --writers 1 \
  --rate 100 --duration 1 --json >"$WORK/pods.json" || status=$?
expect_eq "pods watch exits 0" "$status" "0"
expect_eq "pods: 0 lost, 0 duplicated" \
  "$(json_check "$WORK/pods.json" "(d['events']['lost'], d['events']['duplicated'], d['events']['delivered'] == 3 * d['writes']['acknowledged'] > 0)")" \
  "(0, 0, True)"
expect_eq "pods are cleaned up" "$(kubectl get pods -n default -l kapi-bench/run -o name)" ""

# list, create, startup: tiny smoke runs.
"$BENCH" list --kubeconfig "$KUBECONFIG" --count 20 --page-size 7 --repeat 2 --json >"$WORK/list.json"
expect_eq "list: four kinds, JSON and Table pages" \
  "$(json_check "$WORK/list.json" "[(k, v['pages'], v['runs']) for k, v in sorted(d['lists'].items())]")" \
  "[('json', 1, 2), ('json_paged', 3, 2), ('table', 1, 2), ('table_paged', 3, 2)]"
"$BENCH" create --kubeconfig "$KUBECONFIG" --count 30 --concurrency 4 --json >"$WORK/create.json"
expect_eq "create: all created" "$(json_check "$WORK/create.json" "(d['created'], d['failed'], d['creates_per_second'] > 0)")" \
  "(30, 0, True)"
"$BENCH" create --kubeconfig "$KUBECONFIG" --count 31 --concurrency 3 --client-threads 2 \
  --json >"$WORK/create2.json"
expect_eq "create: connections split over two threads" \
  "$(json_check "$WORK/create2.json" "(d['created'], d['failed'], d['latency_ms']['max'] > 0)")" "(31, 0, True)"
"$BENCH" startup --repeat 1 --kubeconfig-file '{dir}/kubeconfig' --json -- \
  "$KAPI_BIN" serve --storage=memory --secure-port 0 --data-dir '{dir}/data' --kubeconfig-out '{dir}/kubeconfig' \
  --controllers '' >"$WORK/startup.json"
expect_eq "startup: ready once, after its kubeconfig" \
  "$(json_check "$WORK/startup.json" "(d['runs'][0]['error'], 0 < d['median_kubeconfig_ms'] <= d['median_ready_ms'])")" "('', True)"
status=0
temp_dirs_before=$(find /tmp -maxdepth 1 -name 'kapi-bench-startup.*' | wc -l)
"$BENCH" startup --repeat 1 --kubeconfig-file '{dir}/kubeconfig' --json -- "$WORK/no-such-server" serve \
  >"$WORK/startup-missing.json" || status=$?
expect_eq "startup: a command that can't be started fails the run" "$status" "1"
expect_eq "startup: ... and says why" \
  "$(json_check "$WORK/startup-missing.json" "d['runs'][0]['error']")" "could not start $WORK/no-such-server: No such file or directory"
expect_eq "startup: ... and leaves no temp dir (no server log to keep)" \
  "$(find /tmp -maxdepth 1 -name 'kapi-bench-startup.*' | wc -l)" "$temp_dirs_before"

# Refusals: a server off this machine, a missing kubeconfig, a bad flag value.
kubectl config view --raw >"$WORK/remote.kubeconfig"
KUBECONFIG=$WORK/remote.kubeconfig kubectl config set-cluster "$(kubectl config view -o jsonpath='{.clusters[0].name}')" \
  --server https://192.0.2.1:6443 >/dev/null
status=0
out=$("$BENCH" watch --kubeconfig "$WORK/remote.kubeconfig" --watchers 1 --duration 1 2>&1) || status=$?
expect_eq "remote server refused" "$status" "2"
expect_match "refusal says why" "$out" 'not a loopback address.*--allow-remote'
status=0
out=$("$BENCH" create --kubeconfig "$WORK/missing" 2>&1) || status=$?
expect_match "missing kubeconfig is an error" "$status:$out" '^2:kapi-bench: kubeconfig .*missing'
status=0
"$BENCH" watch --kubeconfig "$KUBECONFIG" --watchers 0 >/dev/null 2>&1 || status=$?
expect_match "--watchers 0 is refused" "$status" '^[1-9][0-9]*$'
echo "passed $PASSED checks"
