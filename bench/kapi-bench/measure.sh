#!/usr/bin/env bash
# The figures of bench/RESULTS.md: runs each kapi-bench figure 3 times against a fresh
# `kapi serve` (RocksDB, fsync on, default controllers) and leaves one JSON summary per run in
# OUT_DIR. Usage: bench/kapi-bench/measure.sh BUILD_DIR OUT_DIR [figure...]
# Figures: watch_max watch_1000 watch_1000_few create list startup_memory startup_rocksdb startup_10k
set -euo pipefail
BUILD=$(realpath "$1"); OUT=$(realpath -m "$2"); shift 2
FIGURES=${*:-watch_max watch_1000 create list startup_memory startup_rocksdb startup_10k}
KAPI=$BUILD/kapi BENCH=$BUILD/kapi-bench
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/kapi-measure.XXXXXX)
PID=
stop_kapi() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap 'stop_kapi; rm -rf "$WORK"' EXIT

start_kapi() {
  stop_kapi
  rm -rf "$WORK/data" "$WORK/kubeconfig"
  "$KAPI" serve --data-dir "$WORK/data" --secure-port 0 --kubeconfig-out "$WORK/kubeconfig" >"$WORK/kapi.log" 2>&1 &
  PID=$!
  until [ -s "$WORK/kubeconfig" ]; do sleep 0.05; done
  sleep 2  # let the controllers settle
}

run() {  # run NAME MODE ARGS...: three runs, each noting the load average when it started
  local name=$1 mode=$2; shift 2
  for i in 1 2 3; do
    echo "$(date -u +%T) $name run $i (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$BENCH" "$mode" --json "$@" >"$OUT/$name.$i.json" || echo "  $name run $i exited $?" >&2
  done
}

for figure in $FIGURES; do
  case $figure in
    watch_max)
      start_kapi
      run watch_max watch --kubeconfig "$WORK/kubeconfig" --watchers 1000 --writers 8 --rate max --duration 10 \
        --plot "$OUT/watch_max.png" ;;
    watch_1000)
      start_kapi
      run watch_1000 watch --kubeconfig "$WORK/kubeconfig" --watchers 1000 --writers 4 --rate 1000 --duration 10 \
        --plot "$OUT/watch_1000.png" ;;
    watch_1000_few)
      start_kapi
      run watch_1000_few watch --kubeconfig "$WORK/kubeconfig" --watchers 10 --writers 4 --rate 1000 --duration 10 \
        --plot "$OUT/watch_1000_few.png" ;;
    create)
      start_kapi
      run create create --kubeconfig "$WORK/kubeconfig" --count 20000 --concurrency 16 ;;
    list)
      start_kapi
      run list list --kubeconfig "$WORK/kubeconfig" --resource pods --count 10000 --repeat 5 ;;
    startup_memory)
      stop_kapi
      run startup_memory startup --repeat 3 --kubeconfig-file '{dir}/kubeconfig' -- \
        "$KAPI" serve --storage=memory --secure-port 0 --data-dir '{dir}/data' --kubeconfig-out '{dir}/kubeconfig' ;;
    startup_rocksdb)
      stop_kapi
      run startup_rocksdb startup --repeat 3 --kubeconfig-file '{dir}/kubeconfig' -- \
        "$KAPI" serve --secure-port 0 --data-dir '{dir}/data' --kubeconfig-out '{dir}/kubeconfig' ;;
    startup_10k)
      # A data dir holding 10k configmaps (kapi-bench create leaves none behind, so kubectl makes them).
      start_kapi
      for i in $(seq 1 10000); do printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\n  namespace: default\ndata:\n  k: v\n---\n' "$i"; done \
        >"$WORK/cms.yaml"
      KUBECONFIG=$WORK/kubeconfig kubectl create -f "$WORK/cms.yaml" >/dev/null
      stop_kapi
      run startup_10k startup --repeat 3 --kubeconfig-file '{dir}/kubeconfig' -- \
        "$KAPI" serve --secure-port 0 --data-dir "$WORK/data" --kubeconfig-out '{dir}/kubeconfig' ;;
    *) echo "unknown figure $figure" >&2; exit 2 ;;
  esac
done
stop_kapi
