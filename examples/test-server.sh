#!/usr/bin/env bash
# Worked example: a throwaway API server for one test run, from any language's test suite.
# Usage: examples/test-server.sh [path/to/kapi]   (run by tests/e2e/examples.sh)
set -euo pipefail
KAPI=${1:-build/kapi}
DIR=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$DIR"' EXIT

# 1. Start kapi: in-memory store, a free port, kubeconfig written where we say.
"$KAPI" serve --storage memory --secure-port 0 --data-dir "$DIR" --kubeconfig-out "$DIR/kubeconfig" \
  >"$DIR/kapi.log" 2>&1 &
PID=$!

# 2. Wait for the kubeconfig: kapi writes it (atomically) once it is ready for requests.
for _ in $(seq 1 100); do [ -s "$DIR/kubeconfig" ] && break; sleep 0.05; done

# 3. Point the client at it. kubectl here; any client library reads the same file.
export KUBECONFIG=$DIR/kubeconfig HOME=$DIR
kubectl create namespace example >/dev/null
kubectl -n example create configmap settings --from-literal=mode=test >/dev/null
kubectl -n example get configmap settings -o jsonpath='{.data.mode}'
echo
