#!/usr/bin/env bash
# Deleting things with the controllers running: `kubectl delete ns` empties the namespace
# (configmaps, a running pod that gets its grace period) and waits until it is gone, or stays
# Terminating with upstream's conditions while a finalizer holds its content; the garbage
# collector removes what a deleted owner owned, or keeps it with --cascade=orphan.
source "$(dirname "$0")/lib.sh"
KAPI_CONTROLLERS='*' start_kapi --storage memory

kubectl create ns doomed >/dev/null
for i in 1 2 3; do kubectl -n doomed create cm "cm-$i" --from-literal=i=$i >/dev/null; done
kubectl -n doomed run web --image=nginx --restart=Never >/dev/null
wait_until "the pod runs" bash -c '[ "$(kubectl -n doomed get pod web -o jsonpath={.status.phase})" == Running ]'

out=$(timeout 120 kubectl delete ns doomed 2>&1)
expect_eq "kubectl delete ns waits and reports" "$out" 'namespace "doomed" deleted'
out=$(kubectl get ns doomed 2>&1 || true)
expect_eq "the namespace is gone" "$out" 'Error from server (NotFound): namespaces "doomed" not found'
out=$(kubectl -n doomed get cm,pods -o name 2>&1)
expect_eq "its content is gone" "$out" ""

out=$(kubectl delete ns kube-system 2>&1 || true)
expect_match "system namespaces stay" "$out" 'this namespace may not be deleted'

# A finalizer on content holds the namespace Terminating; kubectl describe shows why.
kubectl create ns held >/dev/null
kubectl -n held create cm kept >/dev/null
kubectl -n held patch cm kept --type=merge -p '{"metadata":{"finalizers":["example.com/hold"]}}' >/dev/null
kubectl delete ns held --wait=false >/dev/null
held_reported() { kubectl get ns held -o jsonpath='{.status.conditions[?(@.type=="NamespaceFinalizersRemaining")].status}' | grep -q True; }
wait_until "the namespace reports the finalizer" held_reported
out=$(kubectl describe ns held)
expect_match "describe: Terminating" "$out" '^Status: +Terminating'
expect_match "describe: content remaining" "$out" \
  'NamespaceContentRemaining +True .* SomeResourcesRemain +Some resources are remaining: configmaps. has 1 resource instances'
expect_match "describe: finalizers remaining" "$out" \
  'NamespaceFinalizersRemaining +True .* SomeFinalizersRemain +Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'
expect_match "describe: content deleted" "$out" 'NamespaceDeletionContentFailure +False .* ContentDeleted'
kubectl -n held patch cm kept --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null
wait_until "the released namespace goes" bash -c '! kubectl get ns held'
pass "the namespace goes once the finalizer is removed"
expect_match "discovery lists namespaces/finalize" "$(kubectl get --raw /api/v1)" \
  '"kind":"Namespace","name":"namespaces/finalize","namespaced":false,"singularName":"","verbs":\["update"\]'

# The garbage collector: a configmap owned by another goes with it...
owner_ref() {
  local uid
  uid=$(kubectl get cm "$1" -o jsonpath='{.metadata.uid}')
  echo "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"$1\",\"uid\":\"$uid\"}]}}"
}
kubectl create cm owner >/dev/null
kubectl create cm owned >/dev/null
kubectl patch cm owned --type=merge -p "$(owner_ref owner)" >/dev/null
kubectl delete cm owner >/dev/null
wait_until "the dependent is collected" bash -c '! kubectl get cm owned'
pass "background deletion collects the dependent"

# ...but stays, unowned, with --cascade=orphan.
kubectl create cm owner2 >/dev/null
kubectl create cm kept >/dev/null
kubectl patch cm kept --type=merge -p "$(owner_ref owner2)" >/dev/null
kubectl delete cm owner2 --cascade=orphan >/dev/null
wait_until "the orphaning owner is gone" bash -c '! kubectl get cm owner2'
expect_eq "the orphan keeps no ownerReferences" "$(kubectl get cm kept -o jsonpath='{.metadata.ownerReferences}')" ""

echo "$PASSED passed, 0 failed"
