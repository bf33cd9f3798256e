#!/usr/bin/env bash
# The controllers outside and across restarts of the API server:
# 1. `kapi controllers --kubeconfig K` runs them in their own process against `kapi serve` started
#    without controllers: the node registers and holds its Lease, a Deployment rolls out; SIGTERM
#    stops the process cleanly.
# 2. `kapi serve` (RocksDB store) killed with SIGKILL in the middle of a StatefulSet's first rollout
#    and of a Deployment's image update resumes both after a restart, with no duplicate pods,
#    ReplicaSets, claims or volumes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MANIFESTS=$(cd "$(dirname "$0")/manifests" && pwd)
VOLUMES=$WORK/volumes
CONTROLLERS_PID=

stop_controllers() {
  if [ -n "$CONTROLLERS_PID" ]; then kill -9 "$CONTROLLERS_PID" 2>/dev/null || true; fi
  cleanup
}
trap stop_controllers EXIT

count() { kubectl get "$@" --no-headers 2>/dev/null | wc -l; }

# --- 0. a bad --controllers fails before the kubeconfig is written ---------------------------------
if "$KAPI_BIN" serve --data-dir "$WORK/bad" --storage memory --secure-port 0 --kubeconfig-out "$WORK/bad.kubeconfig" \
    --controllers='-*' >"$WORK/bad.log" 2>&1; then fail "kapi serve --controllers='-*' started"; fi
expect_match "bad --controllers is refused" "$(cat "$WORK/bad.log")" 'controllers: unknown controller "\*"'
[ ! -e "$WORK/bad.kubeconfig" ] || fail "a kubeconfig was written for a server that never ran"
pass "no kubeconfig for a server that did not start"

# --- 1. out-of-process controllers ----------------------------------------------------------------
start_kapi --storage memory
"$KAPI_BIN" controllers --kubeconfig "$KUBECONFIG" --local-path-root "$VOLUMES" >"$WORK/controllers.log" 2>&1 &
CONTROLLERS_PID=$!

wait_until "the node is Ready" bash -c "kubectl get nodes --no-headers | grep -q '^kapi-node  *Ready '"
wait_until "the node holds its lease" kubectl get lease kapi-node -n kube-node-lease
expect_match "kubectl get lease" "$(kubectl get lease -n kube-node-lease | without_age)" '^kapi-node +kapi-node$'
expect_eq "lease owner" "$(kubectl get lease kapi-node -n kube-node-lease -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}')" "Node/kapi-node"

kubectl create deployment web --image=nginx:1.27 --replicas=2 >/dev/null
expect_match "rollout status (controllers out of process)" "$(kubectl rollout status deploy/web --timeout=120s)" \
  'deployment "web" successfully rolled out'
running() { [ "$(kubectl get pods --no-headers 2>/dev/null | grep -c ' 1/1 *Running ')" = "$1" ]; }
wait_until "two pods run" running 2

kill -TERM "$CONTROLLERS_PID"
for _ in $(seq 1 100); do kill -0 "$CONTROLLERS_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$CONTROLLERS_PID" 2>/dev/null; then fail "kapi controllers still runs 10 s after SIGTERM"; fi
status=0; wait "$CONTROLLERS_PID" || status=$?
CONTROLLERS_PID=
expect_eq "kapi controllers exits 0 on SIGTERM" "$status" "0"

kill "$KAPI_PID"; wait "$KAPI_PID" 2>/dev/null || true; KAPI_PID=
rm -rf "$WORK/data" "$KUBECONFIG" "$HOME/.kube"

# --- 2. SIGKILL of kapi serve mid-rollout, then a restart -------------------------------------------
# The rollouts are held mid-way by running every controller but the node (pods are scheduled but
# never run), then kapi serve is killed and restarted with all of them.
restart_kapi() {
  kill -9 "$KAPI_PID"; wait "$KAPI_PID" 2>/dev/null || true; KAPI_PID=
  rm -f "$KUBECONFIG"
  KAPI_CONTROLLERS=$1 start_kapi --local-path-root "$VOLUMES"
}
KAPI_CONTROLLERS='*' start_kapi --local-path-root "$VOLUMES"
wait_until "the node is Ready" bash -c "kubectl get nodes --no-headers | grep -q ' Ready '"
wait_until "local-path exists" kubectl get sc local-path
kubectl create deployment web --image=nginx:1.26 --replicas=3 >/dev/null
expect_match "rollout status" "$(kubectl rollout status deploy/web --timeout=120s)" 'successfully rolled out'

restart_kapi '*,-node'
kubectl apply -f "$MANIFESTS/seed-statefulset.yaml" >/dev/null
kubectl set image deploy/web nginx=nginx:1.27 >/dev/null
wait_until "pg-0 is scheduled" bash -c "[ -n \"\$(kubectl get pod pg-0 -o jsonpath='{.spec.nodeName}')\" ]"
two_replicasets() { [ "$(count rs -l app=web)" = 2 ]; }
wait_until "the new ReplicaSet exists" two_replicasets
expect_eq "the StatefulSet waits on pg-0" "$(count pods -l app=pg)" "1"
restart_kapi '*'
pass "kapi serve was killed with both rollouts half done, and restarted"

wait_until "three pg pods run" bash -c "[ \"\$(kubectl get pods -l app=pg --no-headers | grep -c ' 1/1 *Running ')\" = 3 ]"
expect_eq "pods after the restart" "$(kubectl get pods -l app=pg --no-headers -o custom-columns=NAME:.metadata.name | sort | tr '\n' ' ')" "pg-0 pg-1 pg-2 "
claims_bound() { [ "$(kubectl get pvc --no-headers | grep -c ' Bound ')" = 3 ]; }
wait_until "three claims are Bound" claims_bound
expect_eq "claims after the restart" "$(count pvc)" "3"
expect_eq "volumes after the restart" "$(count pv)" "3"
expect_eq "directories after the restart" "$(find "$VOLUMES" -mindepth 1 -maxdepth 1 -type d | wc -l)" "3"
expect_eq "one node after the restart" "$(count nodes)" "1"

expect_match "rollout status after the restart" "$(kubectl rollout status deploy/web --timeout=120s)" \
  'successfully rolled out'
web_pods_settled() { [ "$(count pods -l app=web)" = 3 ]; }
wait_until "the old pods are gone" web_pods_settled
expect_eq "web pods run the new image" \
  "$(kubectl get pods -l app=web -o jsonpath='{range .items[*]}{.spec.containers[0].image}{"\n"}{end}' | sort -u)" "nginx:1.27"
expect_eq "two ReplicaSets (old and new)" "$(count rs -l app=web)" "2"
expect_eq "ReplicaSet sizes" "$(kubectl get rs -l app=web -o jsonpath='{range .items[*]}{.spec.replicas}{"\n"}{end}' | sort | tr '\n' ' ')" "0 3 "

echo "passed: $PASSED"
