#!/usr/bin/env bash
# Watch over HTTP as client libraries use it: JSON lines, resume from a resourceVersion,
# WatchList with the initial-events-end bookmark, 410 for compacted revisions, timeoutSeconds.
source "$(dirname "$0")/lib.sh"
start_kapi --storage-history 1s
URL=$(server_url)
NS=$URL/api/v1/namespaces/default/configmaps
post() { admin_curl -o /dev/null -X POST -H 'Content-Type: application/json' --data "$1" "$NS"; }

post '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"first"}}'
rv=$(admin_curl "$NS" | sed -E 's/.*"resourceVersion":"([0-9]+)"\}\}$/\1/')
expect_match "list has a resourceVersion" "$rv" '^[0-9]+$'

# timeoutSeconds ends the stream by itself; events after the list's revision arrive in order.
admin_curl -N "$NS?watch=true&resourceVersion=$rv&timeoutSeconds=2" >"$WORK/w1" &
W=$!
sleep 0.5
post '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"second"}}'
admin_curl -o /dev/null -X DELETE "$NS/second"
wait $W
types=$(grep -o '"type":"[A-Z]*"' "$WORK/w1" | tr '\n' ' ')
expect_eq "resumed watch sees ADDED then DELETED" "$types" '"type":"ADDED" "type":"DELETED" '
expect_eq "one JSON object per line" "$(wc -l <"$WORK/w1" | tr -d ' ')" "2"

# WatchList: current state as ADDED, then a bookmark marking the end of the initial events.
out=$(admin_curl -N "$NS?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1")
expect_match "watchlist initial ADDED" "$out" '"type":"ADDED","object":\{.*"name":"first"'
expect_match "watchlist end bookmark" "$out" '"type":"BOOKMARK".*"k8s.io/initial-events-end":"true"'

# Single-object watch through fieldSelector.
out=$(admin_curl -N "$NS?watch=true&fieldSelector=metadata.name%3Dfirst&timeoutSeconds=1")
expect_match "single-object watch" "$out" '"name":"first"'
if grep -q '"name":"second"' <<<"$out"; then fail "single-object watch leaked another object"; fi

# History older than --storage-history is compacted: resuming there is a 410 ERROR event.
sleep 2.5
post '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"third"}}'
for _ in $(seq 1 40); do
  out=$(admin_curl -N "$NS?watch=true&resourceVersion=1&timeoutSeconds=1")
  grep -q '"code":410' <<<"$out" && break
  sleep 0.5
done
expect_match "compacted resume is an ERROR event with 410" "$out" '"type":"ERROR","object":\{.*"code":410'

# Tables for kubectl get -w: the first event carries the column definitions, later ones do not.
admin_curl -N -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json' \
  "$NS?watch=true&resourceVersion=0&timeoutSeconds=1" >"$WORK/t1"
first=$(head -1 "$WORK/t1")
second=$(sed -n 2p "$WORK/t1")
expect_match "first table event has columns" "$first" '"columnDefinitions":\[\{'
expect_match "later table events have none" "$second" '"columnDefinitions":null'

echo "$PASSED passed, 0 failed"
