#!/usr/bin/env bash
# The dev cluster's life: SIGTERM mid-watch ends the stream cleanly and a restart on the same
# data dir (RocksDB) finds every object; many test-mode instances run side by side.
source "$(dirname "$0")/lib.sh"
DATA=$WORK/data
start_kapi --storage rocksdb
URL=$(server_url)
for i in 1 2 3; do kubectl create cm "keep-$i" --from-literal=i=$i >/dev/null; done

# A watch open while the server stops gets a proper end of the chunked stream (curl exits 0).
admin_curl -N "$URL/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0" >"$WORK/w" 2>"$WORK/w.err" &
W=$!
for _ in $(seq 1 100); do [ "$(grep -c '"type":"ADDED"' "$WORK/w" 2>/dev/null)" == 3 ] && break; sleep 0.1; done
kill -TERM "$KAPI_PID"
rc=0; wait "$KAPI_PID" || rc=$?
KAPI_PID=
expect_eq "graceful exit code" "$rc" "0"
wrc=0; wait $W || wrc=$?
expect_eq "watch stream ended cleanly" "$wrc" "0"
expect_eq "watch saw the objects before the end" "$(grep -c '"type":"ADDED"' "$WORK/w")" "3"

rm -f "$KUBECONFIG"
start_kapi --storage rocksdb
out=$(kubectl get cm -o name | sort | tr '\n' ' ')
expect_eq "restart finds the data" "$out" "configmap/keep-1 configmap/keep-2 configmap/keep-3 "
out=$(kubectl get cm keep-2 -o jsonpath='{.data.i}')
expect_eq "restart keeps values" "$out" "2"
kill -TERM "$KAPI_PID"; wait "$KAPI_PID" || true; KAPI_PID=

# kapi kubeconfig prints what serve wrote to the data dir; kapi reset removes the dir.
PLAIN=$WORK/plain
"$KAPI_BIN" serve --storage memory --secure-port 0 --data-dir "$PLAIN" >"$WORK/plain.log" 2>&1 &
P=$!
for _ in $(seq 1 1200); do [ -s "$PLAIN/kubeconfig" ] && break; sleep 0.05; done
out=$("$KAPI_BIN" kubeconfig --data-dir "$PLAIN" --path)
expect_eq "kapi kubeconfig --path" "$out" "$(realpath "$PLAIN")/kubeconfig"
out=$("$KAPI_BIN" kubeconfig --data-dir "$PLAIN")
expect_match "kapi kubeconfig prints it" "$out" 'client-certificate-data'
kill -TERM $P; wait $P || true
out=$("$KAPI_BIN" reset --data-dir "$PLAIN" </dev/null || true)
expect_match "reset asks first" "$out" 'not removed'
"$KAPI_BIN" reset --data-dir "$PLAIN" --yes >/dev/null
if [ ! -e "$PLAIN" ]; then pass "reset --yes removes the data dir"; else fail "data dir still there"; fi

# Twenty test-mode servers side by side, each answering kubectl.
pids=()
for i in $(seq 1 20); do
  "$KAPI_BIN" serve --storage memory --secure-port 0 --data-dir "$WORK/par-$i" \
    --kubeconfig-out "$WORK/par-$i.kubeconfig" >"$WORK/par-$i.log" 2>&1 &
  pids+=($!)
done
ok=0
for i in $(seq 1 20); do
  for _ in $(seq 1 1200); do [ -s "$WORK/par-$i.kubeconfig" ] && break; sleep 0.05; done
  if HOME=$WORK/home-$i kubectl --kubeconfig "$WORK/par-$i.kubeconfig" get ns default -o name | grep -q namespace/default; then
    ok=$((ok + 1))
  fi
done
for p in "${pids[@]}"; do kill -TERM "$p"; done
for p in "${pids[@]}"; do wait "$p" || true; done
expect_eq "20 parallel instances answer kubectl" "$ok" "20"
ports=$(grep -ho 'server: "https://127.0.0.1:[0-9]*"' "$WORK"/par-*.kubeconfig | sort -u | wc -l)
expect_eq "each instance has its own port" "$ports" "20"

echo "$PASSED passed, 0 failed"
