#!/usr/bin/env bash
# /metrics as Prometheus and kubectl read it: authenticated, text format, upstream series names.
source "$(dirname "$0")/lib.sh"
start_kapi
URL=$(server_url)

kubectl create configmap scraped --from-literal=a=1 >/dev/null
kubectl get configmap scraped >/dev/null

out=$(kubectl get --raw /metrics)
expect_match "kubectl get --raw /metrics counts the create" "$out" \
  '^apiserver_request_total\{code="201",component="apiserver",dry_run="",group="",resource="configmaps",scope="resource",subresource="",verb="POST",version="v1"\} 1$'
expect_match "and the get" "$out" \
  '^apiserver_request_total\{code="200",component="apiserver",dry_run="",group="",resource="configmaps",scope="resource",subresource="",verb="GET",version="v1"\} 1$'
expect_match "histograms in the text format" "$out" '^# TYPE apiserver_request_duration_seconds histogram$'
expect_match "process series" "$out" '^process_resident_memory_bytes [0-9.e+]+$'
expect_match "storage object counts" "$out" '^apiserver_storage_objects\{resource="configmaps"\} [1-9]'

admin_curl -o /dev/null -D "$WORK/headers" "$URL/metrics"
expect_match "content type is the text exposition format" "$(cat "$WORK/headers")" \
  '[Cc]ontent-[Tt]ype: text/plain; version=0.0.4; charset=utf-8'
code=$(anon_curl -o /dev/null -w '%{http_code}' "$URL/metrics")
expect_eq "without credentials: 401" "$code" "401"

echo "$PASSED passed, 0 failed"
