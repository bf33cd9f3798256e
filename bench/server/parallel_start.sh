#!/usr/bin/env bash
# Issue #8's "N instances started in parallel": starts N test-mode `kapi serve` processes at
# once, waits until every kubeconfig exists, checks each /readyz with kubectl, and prints the
# time until all were written, the total RSS and the per-instance RSS (min / median / max).
# Usage: bench/server/parallel_start.sh KAPI_BINARY [N=50]
set -euo pipefail
KAPI=$(realpath "$1"); N=${2:-50}
WORK=$(mktemp -d /tmp/kapi-parallel.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
begin=$(now_ms)
for i in $(seq 1 "$N"); do
  "$KAPI" serve --storage=memory --secure-port 0 --data-dir "$WORK/$i" \
    --kubeconfig-out "$WORK/$i/kubeconfig" >"$WORK/log.$i" 2>&1 &
  PIDS+=($!)
done
for i in $(seq 1 "$N"); do
  until [ -s "$WORK/$i/kubeconfig" ]; do
    kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null || { echo "instance $i exited:"; cat "$WORK/log.$i"; exit 1; }
    sleep 0.005
  done
done
all_written=$(( $(now_ms) - begin ))

rss=()
for pid in "${PIDS[@]}"; do rss+=("$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"); done
ready=0
for i in $(seq 1 "$N"); do
  [ "$(kubectl --kubeconfig "$WORK/$i/kubeconfig" get --raw /readyz 2>/dev/null)" = ok ] && ready=$((ready + 1))
done
sorted=$(printf '%s\n' "${rss[@]}" | sort -n)
total=$(printf '%s\n' "${rss[@]}" | awk '{s += $1} END {print s}')
echo "instances: $N, all kubeconfigs written after ${all_written} ms, /readyz ok: $ready/$N"
echo "RSS total: $((total / 1024)) MiB; per instance (KiB) min $(echo "$sorted" | head -1)," \
  "median $(echo "$sorted" | sed -n "$(( (N + 1) / 2 ))p"), max $(echo "$sorted" | tail -1)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$ready" = "$N" ]
