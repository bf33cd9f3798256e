#!/usr/bin/env bash
# The seed article's Deployment walkthrough against `kapi serve` with every controller: a static
# PV + PVC + Deployment; rollout restart gives a new pod while the claim stays Bound; scale to 3;
# rollout history/undo; deleting the Deployment removes its ReplicaSets and pods, or keeps them
# with --cascade=orphan; deleting a namespace removes everything in it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MANIFESTS=$(cd "$(dirname "$0")/manifests" && pwd)
KAPI_CONTROLLERS='*'
start_kapi --storage memory --local-path-root "$WORK/volumes"
wait_until "the node is Ready" bash -c "kubectl get nodes --no-headers | grep -q ' Ready '"

expect_eq "apply the static volume" "$(kubectl apply -f "$MANIFESTS/seed-static-volume.yaml")" \
"storageclass.storage.k8s.io/my-sc created
persistentvolume/my-pv created
persistentvolumeclaim/my-pvc created"
expect_eq "apply the deployment" "$(kubectl apply -f "$MANIFESTS/seed-deployment.yaml")" "deployment.apps/pg created"

running_pods() { kubectl get pods --no-headers 2>/dev/null | grep -c ' 1/1 *Running ' || true; }
wait_until "the pod runs" bash -c "[ \"\$(kubectl get pods --no-headers | grep -c ' 1/1 *Running ')\" = 1 ]"
expect_match "kubectl get pods" "$(kubectl get pods | without_age)" \
  '^pg-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5} +1/1 +Running +0$'
first=$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')
expect_match "rollout status" "$(kubectl rollout status deploy/pg --timeout=120s)" 'deployment "pg" successfully rolled out'
expect_eq "claim Bound" "$(kubectl get pvc my-pvc -o jsonpath='{.status.phase}')" "Bound"

expect_eq "rollout restart" "$(kubectl rollout restart deploy/pg)" "deployment.apps/pg restarted"
expect_match "rollout status after restart" "$(kubectl rollout status deploy/pg --timeout=120s)" \
  'deployment "pg" successfully rolled out'
replaced() {
  local names; names=$(kubectl get pods --no-headers -o custom-columns=N:.metadata.name)
  [ "$(wc -l <<<"$names")" = 1 ] && [ "$names" != "$first" ]
}
wait_until "the old pod is replaced" replaced
second=$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')
pass "restart replaced $first with $second"
expect_eq "claim still Bound" "$(kubectl get pvc my-pvc -o jsonpath='{.status.phase}')" "Bound"
expect_eq "two ReplicaSets" "$(kubectl get rs --no-headers | wc -l)" "2"

expect_eq "scale to 3" "$(kubectl scale deploy/pg --replicas=3)" "deployment.apps/pg scaled"
wait_until "three pods run" bash -c "[ \"\$(kubectl get pods --no-headers | grep -c ' 1/1 *Running ')\" = 3 ]"
expect_match "kubectl get deploy" "$(kubectl get deploy pg | without_age)" '^pg +3/3 +3 +3$'

history=$(kubectl rollout history deploy/pg)
expect_match "rollout history" "$history" '^1 +<none>'
expect_match "rollout history has 2" "$history" '^2 +<none>'
expect_eq "rollout undo" "$(kubectl rollout undo deploy/pg)" "deployment.apps/pg rolled back"
expect_match "rollout status after undo" "$(kubectl rollout status deploy/pg --timeout=120s)" \
  'deployment "pg" successfully rolled out'
expect_eq "undo reused the first ReplicaSet" "$(kubectl get rs --no-headers | wc -l)" "2"
expect_match "history after undo: revision 1 became 3" "$(kubectl rollout history deploy/pg)" '^3 +<none>'
expect_eq "the first ReplicaSet is now revision 3" \
  "$(kubectl get rs -o jsonpath='{.items[*].metadata.annotations.deployment\.kubernetes\.io/revision}' | tr ' ' '\n' | sort | tr '\n' ' ')" "2 3 "

expect_eq "delete the deployment" "$(kubectl delete deploy pg)" 'deployment.apps "pg" deleted'
all_gone() { [ -z "$(kubectl get rs,pods --no-headers 2>/dev/null)" ]; }
wait_until "its ReplicaSets and pods are collected" all_gone
pass "background deletion removed ReplicaSets and pods"

kubectl apply -f "$MANIFESTS/seed-deployment.yaml" >/dev/null
wait_until "the pod runs again" bash -c "[ \"\$(kubectl get pods --no-headers | grep -c ' 1/1 *Running ')\" = 1 ]"
expect_eq "delete with --cascade=orphan" "$(kubectl delete deploy pg --cascade=orphan)" 'deployment.apps "pg" deleted'
wait_until "the deployment is gone" bash -c "! kubectl get deploy pg"
sleep 1
expect_eq "orphaned ReplicaSet kept" "$(kubectl get rs --no-headers | wc -l)" "1"
expect_eq "orphaned pod kept" "$(kubectl get pods --no-headers | wc -l)" "1"
expect_eq "its owner reference is gone" "$(kubectl get rs -o jsonpath='{.items[0].metadata.ownerReferences}')" ""

kubectl create namespace doomed >/dev/null
kubectl -n doomed create configmap settings --from-literal=a=b >/dev/null
kubectl -n doomed create deployment web --image=nginx >/dev/null
wait_until "the namespace's pod runs" bash -c "kubectl -n doomed get pods --no-headers | grep -q Running"
expect_eq "delete the namespace" "$(timeout 120 kubectl delete namespace doomed)" 'namespace "doomed" deleted'
expect_match "namespace gone" "$(kubectl get ns doomed 2>&1 || true)" 'namespaces "doomed" not found'

echo "$PASSED passed, $FAILED failed"
