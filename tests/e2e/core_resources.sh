#!/usr/bin/env bash
# Core (v1) resources through real kubectl: apply a Pod, Service, PVC and PV, then check the
# server-side Table columns and cells `kubectl get` prints, defaults kubectl can see, and a 422
# with upstream's field path.
source "$(dirname "$0")/lib.sh"
start_kapi

cat >"$WORK/core.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources:
    requests:
      storage: 1024Mi
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv1
spec:
  capacity:
    storage: 10Gi
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  storageClassName: manual
  hostPath:
    path: /tmp/pv1
YAML

out=$(kubectl apply -f "$WORK/core.yaml" 2>&1)
expect_eq "apply core objects" "$out" "pod/web created
service/web created
persistentvolumeclaim/data created
persistentvolume/pv1 created"

# Columns as kube-apiserver 1.32 prints them (AGE varies, so it is cut off with awk where needed).
out=$(kubectl get pod web | sed -n 1p)
expect_match "pod header" "$out" '^NAME +READY +STATUS +RESTARTS +AGE$'
out=$(kubectl get pod web --no-headers | awk '{print $1, $2, $3, $4}')
expect_eq "pod row" "$out" "web 0/1 Pending 0"
out=$(kubectl get pod web -o wide | sed -n 1p)
expect_match "pod wide header" "$out" '^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$'
out=$(kubectl get pod web -o wide --no-headers | awk '{print $6, $7, $8, $9}')
expect_eq "pod wide cells" "$out" "<none> <none> <none> <none>"

out=$(kubectl get pod web -o jsonpath='{.spec.restartPolicy} {.spec.dnsPolicy} {.spec.containers[0].imagePullPolicy} {.spec.containers[0].ports[0].protocol} {.status.qosClass}')
expect_eq "pod defaults" "$out" "Always ClusterFirst IfNotPresent TCP BestEffort"

out=$(kubectl get svc web | sed -n 1p)
expect_match "service header" "$out" '^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE$'
out=$(kubectl get svc web --no-headers | awk '{print $1, $2, $4, $5}')
expect_eq "service row" "$out" "web ClusterIP <none> 80/TCP"
ip=$(kubectl get svc web -o jsonpath='{.spec.clusterIP}')
expect_match "service got an address from 10.96.0.0/12" "$ip" '^10\.(9[6-9]|10[0-9]|11[01])\.[0-9]+\.[0-9]+$'
out=$(kubectl get svc web -o wide --no-headers | awk '{print $7}')
expect_eq "service selector (wide)" "$out" "app=web"

out=$(kubectl get pvc data | sed -n 1p)
expect_match "pvc header" "$out" '^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS +VOLUMEATTRIBUTESCLASS +AGE$'
out=$(kubectl get pvc data --no-headers | awk '{print $1, $2, $3, $4}')
expect_eq "pvc row" "$out" "data Pending manual <unset>"
out=$(kubectl get pvc data -o jsonpath='{.spec.resources.requests.storage} {.spec.volumeMode}')
expect_eq "pvc canonical quantity and volumeMode" "$out" "1Gi Filesystem"

out=$(kubectl get pv pv1 | sed -n 1p)
expect_match "pv header" "$out" '^NAME +CAPACITY +ACCESS MODES +RECLAIM POLICY +STATUS +CLAIM +STORAGECLASS +VOLUMEATTRIBUTESCLASS +REASON +AGE$'
out=$(kubectl get pv pv1 --no-headers | awk '{print $1, $2, $3, $4, $5, $6, $7}')
expect_eq "pv row" "$out" "pv1 10Gi RWO,ROX Retain Pending manual <unset>"
out=$(kubectl get pv pv1 -o wide | sed -n 1p)
expect_match "pv wide header" "$out" 'AGE +VOLUMEMODE$'

cat >"$WORK/bad.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  containers:
  - name: app
YAML
out=$(kubectl apply -f "$WORK/bad.yaml" 2>&1 || true)
expect_match "pod without image is invalid" "$out" 'The Pod "bad" is invalid: spec.containers\[0\].image: Required value'

out=$(kubectl get cm -n kube-system --field-selector metadata.name=none 2>&1)
expect_eq "field selector with no match" "$out" "No resources found in kube-system namespace."

echo "core_resources: $PASSED checks passed"
