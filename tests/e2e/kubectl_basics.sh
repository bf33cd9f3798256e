#!/usr/bin/env bash
# Drives real kubectl (/usr/bin/kubectl, v1.32) through the foundation's list: discovery,
# create/get/apply/label/annotate/replace/delete, watches and chunked lists.
source "$(dirname "$0")/lib.sh"
start_kapi

out=$(kubectl version -o json)
expect_match "version reports 1.32" "$out" '"gitVersion": "v1.32.0-kapi'

out=$(kubectl get ns --no-headers | awk '{print $1, $2}' | sort)
expect_eq "system namespaces" "$out" "default Active
kube-node-lease Active
kube-public Active
kube-system Active"

out=$(kubectl api-versions)
expect_match "api-versions has v1" "$out" '^v1$'
expect_match "api-versions has apps/v1" "$out" '^apps/v1$'
expect_match "api-versions has storage" "$out" '^storage.k8s.io/v1$'

out=$(kubectl api-resources --no-headers)
expect_match "api-resources: pods with po" "$out" '^pods +po +v1 +true +Pod'
expect_match "api-resources: statefulsets" "$out" '^statefulsets +sts +apps/v1 +true +StatefulSet'
expect_match "api-resources: storageclasses" "$out" '^storageclasses +sc +storage.k8s.io/v1 +false +StorageClass'

out=$(kubectl create configmap demo --from-literal=a=1 2>&1)
expect_eq "create configmap" "$out" "configmap/demo created"
out=$(kubectl create configmap demo --from-literal=a=1 2>&1 || true)
expect_eq "create twice" "$out" 'error: failed to create configmap: configmaps "demo" already exists'

out=$(kubectl get cm demo -o yaml)
expect_match "get -o yaml data" "$out" '^  a: "1"$'
expect_match "get -o yaml uid" "$out" '^  uid: [0-9a-f-]{36}$'
expect_match "get -o yaml rv" "$out" '^  resourceVersion: "[0-9]+"$'

out=$(kubectl get cm demo)
expect_match "get table header" "$out" '^NAME +DATA +AGE'
expect_match "get table row" "$out" '^demo +1 +[0-9]+s'

out=$(kubectl get cm nope 2>&1 || true)
expect_eq "get missing" "$out" 'Error from server (NotFound): configmaps "nope" not found'

cat >"$WORK/app.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  labels:
    tier: web
data:
  color: blue
YAML
out=$(kubectl apply -f "$WORK/app.yaml")
expect_eq "apply creates" "$out" "configmap/applied created"
sed -i 's/blue/green/' "$WORK/app.yaml"
out=$(kubectl apply -f "$WORK/app.yaml")
expect_eq "apply configures" "$out" "configmap/applied configured"
out=$(kubectl get cm applied -o jsonpath='{.data.color}')
expect_eq "apply changed data" "$out" "green"
out=$(kubectl get cm applied -o jsonpath='{.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}')
expect_match "last-applied annotation" "$out" '"color":"green"'
out=$(kubectl apply -f "$WORK/app.yaml")
expect_eq "apply unchanged" "$out" "configmap/applied unchanged"

out=$(kubectl label cm demo env=dev)
expect_eq "label" "$out" "configmap/demo labeled"
out=$(kubectl annotate cm demo note=hello)
expect_eq "annotate" "$out" "configmap/demo annotated"
out=$(kubectl get cm -l env=dev -o name)
expect_eq "label selector" "$out" "configmap/demo"
out=$(kubectl get cm -l 'env in (prod)' -o name 2>&1)
expect_eq "label selector no match" "$out" ""

# edit-style PUT: read, change, replace
kubectl get cm demo -o json | sed 's/"a": "1"/"a": "2"/' >"$WORK/demo.json"
out=$(kubectl replace -f "$WORK/demo.json")
expect_eq "replace" "$out" "configmap/demo replaced"
out=$(kubectl replace -f "$WORK/demo.json" 2>&1 || true)
expect_match "replace with stale resourceVersion conflicts" "$out" 'Error from server \(Conflict\).*the object has been modified'

for i in 1 2 3 4 5; do kubectl create cm "page-$i" >/dev/null; done
out=$(kubectl get cm --chunk-size=2 -o name | grep -c page-)
expect_eq "chunked list sees all" "$out" "5"
out=$(kubectl get cm --chunk-size=2 --no-headers | wc -l)
expect_eq "chunked table list sees all" "$out" "7"

# get -w: sees ADDED, MODIFIED, DELETED
kubectl get cm -w --output-watch-events --no-headers >"$WORK/watch.out" 2>&1 &
WATCH_PID=$!
sleep 1
kubectl create cm watched >/dev/null
kubectl label cm watched x=y >/dev/null
kubectl delete cm watched >/dev/null
for _ in $(seq 1 50); do grep -q 'DELETED' "$WORK/watch.out" && break; sleep 0.1; done
kill $WATCH_PID 2>/dev/null || true
out=$(awk '$2 == "watched" {print $1, $2}' "$WORK/watch.out")
expect_eq "watch events" "$out" "ADDED watched
MODIFIED watched
DELETED watched"

out=$(kubectl delete cm demo)
expect_eq "delete" "$out" 'configmap "demo" deleted'
out=$(kubectl get cm demo 2>&1 || true)
expect_eq "gone after delete" "$out" 'Error from server (NotFound): configmaps "demo" not found'

out=$(kubectl create ns team-a && kubectl -n team-a create cm inside && kubectl -n team-a get cm -o name)
expect_match "namespaced create" "$out" "configmap/inside"
out=$(kubectl -n missing create cm x 2>&1 || true)
expect_eq "create in missing namespace" "$out" 'error: failed to create configmap: namespaces "missing" not found'

# Pod subresources: binding assigns a node once, eviction deletes gracefully, logs/exec answer clearly.
cat >"$WORK/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: p1}
spec:
  containers: [{name: c, image: nginx}]
YAML
kubectl apply -f "$WORK/pod.yaml" >/dev/null
URL=$(server_url)
bind() {
  admin_curl -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"p1\"},\"target\":{\"kind\":\"Node\",\"name\":\"$1\"}}" \
    "$URL/api/v1/namespaces/default/pods/p1/binding"
}
expect_eq "binding is 201" "$(bind n1)" "201"
expect_eq "pod bound" "$(kubectl get pod p1 -o jsonpath='{.spec.nodeName}')" "n1"
expect_eq "second binding conflicts" "$(bind n2)" "409"
out=$(kubectl logs p1 2>&1 || true)
expect_eq "logs answer clearly" "$out" "Error from server (BadRequest): logs of pod \"p1\" are not supported by this node: kapi's node is simulated and runs no containers"
out=$(kubectl exec p1 -- ls 2>&1 || true)
expect_match "exec answers clearly" "$out" 'exec in pod "p1" is not supported by this node'
code=$(admin_curl -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p1"}}' \
  "$URL/api/v1/namespaces/default/pods/p1/eviction")
expect_eq "eviction is 201" "$code" "201"
# A bound pod is deleted gracefully: it stays Terminating until its kubelet (none here) stops it.
out=$(kubectl get pod p1 -o jsonpath='{.metadata.deletionGracePeriodSeconds}')
expect_eq "evicted pod is terminating" "$out" "30"

# DELETE on a collection (deletecollection): only the selected objects go; the answer is their list.
for i in 1 2 3; do kubectl create configmap "dc-$i" --from-literal=k=v >/dev/null; done
kubectl label configmap dc-1 dc-3 sweep=yes >/dev/null
out=$(kubectl delete --raw '/api/v1/namespaces/default/configmaps?labelSelector=sweep%3Dyes')
expect_eq "deletecollection answers the deleted list" "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["kind"], " ".join(i["metadata"]["name"] for i in d["items"]), d["metadata"]["resourceVersion"].isdigit())')" "ConfigMapList dc-1 dc-3 True"
expect_eq "deletecollection left the rest" "$(kubectl get configmaps -o name | grep dc-)" "configmap/dc-2"

echo "$PASSED passed, 0 failed"
