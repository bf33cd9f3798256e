#!/usr/bin/env bash
# Server-side apply through kubectl: apply creates and re-applies, a field another manager set is a
# conflict that --force-conflicts takes, managedFields as `--show-managed-fields` prints them, and
# the API's answers to an apply without a field manager or with a malformed body.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
start_kapi --storage memory

cat >"$WORK/web.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {team: a}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
YAML
expect_eq "apply --server-side creates" "$(kubectl apply --server-side -f "$WORK/web.yaml")" "deployment.apps/web serverside-applied"
expect_eq "re-apply" "$(kubectl apply --server-side -f "$WORK/web.yaml")" "deployment.apps/web serverside-applied"
managed=$(kubectl get deploy web -o yaml --show-managed-fields)
expect_match "Apply entry" "$managed" '^    operation: Apply$'
expect_match "applier is kubectl" "$managed" '^    manager: kubectl$'
expect_match "keyed list item" "$managed" '^              k:\{"name":"nginx"\}:$'
expect_match "FieldsV1" "$managed" '^    fieldsType: FieldsV1$'
if kubectl get deploy web -o yaml | grep -q managedFields; then fail "kubectl hides managedFields unless asked"; fi
pass "managedFields hidden by default"

kubectl scale deploy web --replicas=3 >/dev/null
expect_match "scale records its subresource" "$(kubectl get deploy web -o yaml --show-managed-fields)" '^    subresource: scale$'
out=$(kubectl apply --server-side -f "$WORK/web.yaml" 2>&1) && fail "a conflicting apply succeeded"
expect_match "conflict" "$out" '^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: \.spec\.replicas$'
expect_eq "replicas kept" "$(kubectl get deploy web -o jsonpath='{.spec.replicas}')" "3"
expect_eq "force-conflicts" "$(kubectl apply --server-side --force-conflicts -f "$WORK/web.yaml")" "deployment.apps/web serverside-applied"
expect_eq "replicas taken" "$(kubectl get deploy web -o jsonpath='{.spec.replicas}')" "2"

# A field the applier no longer applies is removed.
sed -i '/labels: {team: a}/d' "$WORK/web.yaml"
kubectl apply --server-side -f "$WORK/web.yaml" >/dev/null
expect_eq "dropped label removed" "$(kubectl get deploy web -o jsonpath='{.metadata.labels.team}')" ""

# Other managers' Update entries: kubectl create records one.
kubectl create configmap plain --from-literal=a=1 >/dev/null
expect_match "create records an Update" "$(kubectl get cm plain -o yaml --show-managed-fields)" '^    manager: kubectl-create$'

url=$(server_url)
status=$(admin_curl -o "$WORK/out" -w '%{http_code}' -X PATCH -H 'Content-Type: application/apply-patch+yaml' \
  --data-binary $'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' "$url/api/v1/namespaces/default/configmaps/x")
expect_eq "apply without fieldManager" "$status" "422"
expect_match "its message" "$(cat "$WORK/out")" 'fieldManager: Required value: is required for apply patch'
status=$(admin_curl -o "$WORK/out" -w '%{http_code}' -X PATCH -H 'Content-Type: application/apply-patch+yaml' \
  --data-binary $'apiVersion: v1\nkind: [' "$url/api/v1/namespaces/default/configmaps/x?fieldManager=me")
expect_eq "malformed YAML" "$status" "400"
status=$(admin_curl -o "$WORK/out" -w '%{http_code}' -X PATCH -H 'Content-Type: application/apply-patch+yaml' \
  --data-binary $'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\n' "$url/api/v1/namespaces/default/configmaps/x?fieldManager=me")
expect_eq "apply creates a configmap" "$status" "201"
expect_eq "its data" "$(kubectl get cm x -o jsonpath='{.data.k}')" "v"

echo "passed: $PASSED"
