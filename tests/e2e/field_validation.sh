#!/usr/bin/env bash
# The schema model through real kubectl: `kubectl explain` on kinds across the groups, and
# fieldValidation (kubectl 1.32 sends Strict by default): unknown and duplicate fields fail with
# upstream's strict decoding message, Warn answers Warning headers kubectl prints, Ignore drops
# them silently; unknown fields are never stored.
source "$(dirname "$0")/lib.sh"
start_kapi

# --- kubectl explain -------------------------------------------------------------------------
out=$(kubectl explain statefulset.spec.volumeClaimTemplates 2>&1)
expect_match "explain sts volumeClaimTemplates" "$out" 'FIELD: volumeClaimTemplates <\[\]PersistentVolumeClaim>'
out=$(kubectl explain pod.spec.containers --recursive 2>&1)
expect_match "explain pod containers recursive" "$out" '^ +mountPath	<string> -required-$'
out=$(kubectl explain limitrange.spec.limits 2>&1)
# kubectl's FIELD header carries no -required- marker (only the FIELDS list does).
expect_match "explain limitrange limits" "$out" '^FIELD: limits <\[\]LimitRangeItem>$'
expect_match "explain limitrange limits fields" "$out" '^  maxLimitRequestRatio	<map\[string\]Quantity>$'
out=$(kubectl explain resourcequota.spec.scopeSelector.matchExpressions 2>&1)
expect_match "explain quota scope selector" "$out" '^  scopeName	<string> -required-$'
out=$(kubectl explain rc.spec.template.spec.containers.name 2>&1)
expect_match "explain rc through its pod template" "$out" 'FIELD: name <string>'
out=$(kubectl explain csinode.spec.drivers 2>&1)
expect_match "explain csinode drivers" "$out" 'GROUP: +storage.k8s.io'
expect_match "explain csinode drivers fields" "$out" '^  nodeID	<string> -required-$'
out=$(kubectl explain csistoragecapacity 2>&1)
expect_match "explain csistoragecapacity" "$out" '^  storageClassName	<string> -required-$'
out=$(kubectl explain volumeattachment.spec.source 2>&1)
expect_match "explain volumeattachment source" "$out" '^  persistentVolumeName	<string>$'

# --- fieldValidation ----------------------------------------------------------------------
cat >"$WORK/pod-foo.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: foo
spec:
  foo: 1
  containers:
  - name: app
    image: nginx
YAML
out=$(kubectl create -f "$WORK/pod-foo.yaml" 2>&1 || true)
expect_eq "create with an unknown field (Strict)" "$out" \
  "Error from server (BadRequest): error when creating \"$WORK/pod-foo.yaml\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.foo\""
out=$(kubectl apply -f "$WORK/pod-foo.yaml" 2>&1 || true)
expect_match "apply with an unknown field (Strict)" "$out" \
  'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"'
out=$(kubectl get pod foo 2>&1 || true)
expect_match "nothing was created" "$out" 'NotFound|not found'

out=$(kubectl create -f "$WORK/pod-foo.yaml" --validate=warn 2>&1)
expect_eq "Warn: created, kubectl prints the warning" "$out" 'Warning: unknown field "spec.foo"
pod/foo created'
out=$(kubectl get pod foo -o jsonpath='{.spec.foo}|{.spec.containers[0].name}')
expect_eq "the unknown field was not stored" "$out" "|app"

sed 's/name: foo/name: bar/' "$WORK/pod-foo.yaml" >"$WORK/pod-bar.yaml"
out=$(kubectl create -f "$WORK/pod-bar.yaml" --validate=false 2>&1)
expect_eq "Ignore: created without a word" "$out" "pod/bar created"

# 1.32 fields the model must know, or Strict (kubectl's default) would refuse valid manifests.
cat >"$WORK/pod-132.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: trust
spec:
  containers:
  - name: app
    image: nginx
    volumeMounts:
    - name: trust
      mountPath: /etc/trust
  volumes:
  - name: trust
    projected:
      sources:
      - clusterTrustBundle:
          signerName: example.com/signer
          labelSelector: {matchLabels: {a: b}}
          optional: true
          path: ca.pem
YAML
out=$(kubectl create -f "$WORK/pod-132.yaml" 2>&1)
expect_eq "Strict accepts a projected clusterTrustBundle" "$out" "pod/trust created"
out=$(kubectl get pod trust -o jsonpath='{.spec.volumes[0].projected.sources[0].clusterTrustBundle.path}')
expect_eq "the clusterTrustBundle source was stored" "$out" "ca.pem"
cat >"$WORK/pv-iscsi.yaml" <<'YAML'
apiVersion: v1
kind: PersistentVolume
metadata:
  name: iscsi-pv
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  iscsi:
    targetPortal: 10.0.0.1:3260
    iqn: iqn.2024-01.com.example:storage
    lun: 0
    fsType: ext4
YAML
out=$(kubectl create -f "$WORK/pv-iscsi.yaml" 2>&1)
expect_eq "Strict accepts an in-tree volume plugin source" "$out" "persistentvolume/iscsi-pv created"

# Patches: kubectl patch sends no fieldValidation (the default, Warn, applies); apply patches an
# existing object with Strict. The path is the patched object's; nothing unknown is stored.
out=$(kubectl patch pod foo -p '{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"app","wat":1}]}}' 2>&1)
expect_eq "strategic patch with an unknown field (default Warn)" "$out" 'Warning: unknown field "spec.containers[0].wat"
pod/foo patched'
out=$(kubectl get pod foo -o jsonpath='{.metadata.labels.a}|{.spec.containers[0].wat}')
expect_eq "the known part of the patch applied" "$out" "b|"
kubectl create configmap applied --from-literal=a=1 --save-config >/dev/null
cat >"$WORK/cm.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
data:
  a: "2"
bogus: true
YAML
out=$(kubectl apply -f "$WORK/cm.yaml" 2>&1 || true)
# kubectl prints the patch and the target between the status line and the server's message.
expect_match "apply patching an existing object (Strict)" "$out" '^Error from server \(BadRequest\): error when applying patch:'
expect_match "apply patch: the strict decoding message" "$out" 'error when patching ".*": strict decoding error: unknown field "bogus"$'
out=$(kubectl get cm applied -o jsonpath='{.data.a}')
expect_eq "the rejected patch changed nothing" "$out" "1"

# Raw requests: duplicate keys, the Warning header, the default (Warn) and a bad value.
url=$(server_url)
body='{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup"},"data":{"a":"1"},"extra":true}'
out=$(admin_curl -s -X POST -H 'Content-Type: application/json' -d "$body" \
  "$url/api/v1/namespaces/default/configmaps?fieldValidation=Strict")
expect_match "duplicate and unknown fields (Strict)" "$out" \
  'ConfigMap in version \\"v1\\" cannot be handled as a ConfigMap: strict decoding error: unknown field \\"extra\\", duplicate field \\"metadata.name\\"'
headers=$(admin_curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' -d "$body" \
  "$url/api/v1/namespaces/default/configmaps")
expect_match "default Warn: first Warning header" "$headers" '^Warning: 299 - "unknown field \\"extra\\""'
expect_match "default Warn: second Warning header" "$headers" '^Warning: 299 - "duplicate field \\"metadata.name\\""'
expect_match "default Warn: created" "$headers" '^HTTP/[0-9.]+ 201'
out=$(kubectl get cm dup -o json)
expect_eq "stored without the unknown field" "$(grep -c '"extra"' <<<"$out" || true)" "0"
out=$(admin_curl -s -X PATCH -H 'Content-Type: application/json-patch+json' \
  -d '[{"op":"add","path":"/spec/nope","value":1}]' "$url/api/v1/namespaces/default/pods/foo?fieldValidation=Strict")
expect_match "json patch into an unknown field (Strict)" "$out" '"code":400'
expect_match "json patch message" "$out" 'strict decoding error: unknown field \\"spec.nope\\"'
code=$(admin_curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$body" \
  "$url/api/v1/namespaces/default/configmaps?fieldValidation=Sometimes")
expect_eq "unsupported fieldValidation value is 422" "$code" "422"

echo "field_validation: $PASSED checks passed"
