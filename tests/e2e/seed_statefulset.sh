#!/usr/bin/env bash
# The seed article's StatefulSet walkthrough against `kapi serve` with every controller: pods
# pg-0..2 in order and Running, a local-path claim and volume each (a real directory), claims
# kept on scale-down, a deleted claim's volume and directory removed; then the static flow.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MANIFESTS=$(cd "$(dirname "$0")/manifests" && pwd)
VOLUMES=$WORK/volumes
KAPI_CONTROLLERS='*'
start_kapi --storage memory --local-path-root "$VOLUMES"

wait_until "the node is Ready" bash -c "kubectl get nodes --no-headers | grep -q ' Ready '"
wait_until "local-path exists" kubectl get sc local-path
expect_eq "kubectl get sc" "$(kubectl get sc | without_age)" \
"NAME                   PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION
local-path (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false"

expect_eq "apply" "$(kubectl apply -f "$MANIFESTS/seed-statefulset.yaml")" "statefulset.apps/pg created"

# OrderedReady: pg-1 is created only once pg-0 runs, pg-2 once pg-1 does.
all_running() { [ "$(kubectl get pods --no-headers 2>/dev/null | grep -c ' 1/1 *Running ')" = 3 ]; }
wait_until "three pods run" all_running
expect_eq "kubectl get pods" "$(kubectl get pods | without_age)" \
"NAME   READY   STATUS    RESTARTS
pg-0   1/1     Running   0
pg-1   1/1     Running   0
pg-2   1/1     Running   0"
created() { kubectl get pod "$1" -o jsonpath='{.metadata.creationTimestamp}'; }
ready_at() { kubectl get pod "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].lastTransitionTime}'; }
for pair in "pg-0 pg-1" "pg-1 pg-2"; do
  set -- $pair
  [[ ! "$(created "$2")" < "$(ready_at "$1")" ]] || fail "$2 was created before $1 was ready"
done
pass "pods were created in order, each after the previous was Ready"

claims_bound() { [ "$(kubectl get pvc --no-headers | grep -c ' Bound ')" = 3 ]; }
wait_until "three claims are Bound" claims_bound
pvc_table=$(kubectl get pvc | without_age)
expect_match "kubectl get pvc header" "$pvc_table" \
  '^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS +VOLUMEATTRIBUTESCLASS'
for i in 0 1 2; do
  expect_match "pvc-pg-$i row" "$pvc_table" "^pvc-pg-$i +Bound +pvc-[0-9a-f-]{36} +1Gi +RWO +local-path +<unset>\$"
done
pv_table=$(kubectl get pv | without_age)
for i in 0 1 2; do
  expect_match "volume of pvc-pg-$i" "$pv_table" "^pvc-[0-9a-f-]{36} +1Gi +RWO +Delete +Bound +default/pvc-pg-$i +local-path +<unset> *\$"
done
dirs=$(ls "$VOLUMES" | grep -c '^pvc-.*_default_pvc-pg-[0-2]$' || true)
expect_eq "three volume directories on disk" "$dirs" "3"

expect_eq "scale to 1" "$(kubectl scale sts pg --replicas=1)" "statefulset.apps/pg scaled"
one_left() { [ "$(kubectl get pods --no-headers 2>/dev/null | wc -l)" = 1 ] && kubectl get pod pg-0 >/dev/null; }
wait_until "pg-1 and pg-2 are gone" one_left
expect_eq "claims kept on scale-down" "$(kubectl get pvc --no-headers | grep -c ' Bound ')" "3"

volume=$(kubectl get pvc pvc-pg-2 -o jsonpath='{.spec.volumeName}')
dir=$(ls "$VOLUMES" | grep '_default_pvc-pg-2$')
expect_eq "delete a claim" "$(kubectl delete pvc pvc-pg-2)" 'persistentvolumeclaim "pvc-pg-2" deleted'
volume_gone() { ! kubectl get pv "$volume" && [ ! -e "$VOLUMES/$dir" ]; }
wait_until "its volume and directory are removed" volume_gone
pass "deleting a claim removed $volume and its directory"

# The static flow: no-provisioner class, hostPath PV, a claim naming it.
kubectl apply -f "$MANIFESTS/seed-static-volume.yaml" >/dev/null
static_bound() {
  [ "$(kubectl get pvc my-pvc -o jsonpath='{.status.phase}')" = Bound ] &&
    [ "$(kubectl get pv my-pv -o jsonpath='{.status.phase}')" = Bound ]
}
wait_until "my-pvc and my-pv are Bound" static_bound
expect_match "static pv row" "$(kubectl get pv my-pv | without_age)" '^my-pv +1Gi +RWO +Retain +Bound +default/my-pvc +my-sc +<unset> *$'

echo "$PASSED passed, $FAILED failed"
