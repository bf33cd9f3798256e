#!/usr/bin/env bash
# apps/v1 and storage.k8s.io/v1 through real kubectl: the seed walkthrough's StorageClass, PVC,
# Deployment and StatefulSet are accepted, default as upstream, print upstream's columns, and
# break the same rules with the same messages.
source "$(dirname "$0")/lib.sh"
start_kapi --storage memory

cat >"$WORK/seed.yaml" <<'YAML'
kind: StorageClass
apiVersion: storage.k8s.io/v1
metadata:
  name: my-sc
provisioner: kubernetes.io/no-provisioner
parameters:
  type: local
---
kind: StorageClass
apiVersion: storage.k8s.io/v1
metadata:
  name: local-path
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: my-pvc
spec:
  storageClassName: my-sc
  volumeName: my-pv
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pg
spec:
  replicas: 1
  selector:
    matchLabels:
      app: pg
  template:
    metadata:
      labels:
        app: pg
    spec:
      containers:
        - name: postgresql
          image: postgres:14
          env:
            - name: POSTGRES_USER
              value: postgres
            - name: POSTGRES_PASSWORD
              value: postgres
          volumeMounts:
            - name: pgdata
              mountPath: /var/lib/postgresql/data
      volumes:
        - name: pgdata
          persistentVolumeClaim:
            claimName: my-pvc
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
spec:
  replicas: 3
  selector:
    matchLabels:
      app: pg
  template:
    metadata:
      labels:
        app: pg
    spec:
      containers:
        - name: postgresql
          image: postgres:14
          env:
            - name: POSTGRES_USER
              value: postgres
            - name: POSTGRES_PASSWORD
              value: postgres
          volumeMounts:
            - name: pvc
              mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
    - metadata:
        name: pvc
      spec:
        accessModes: [ "ReadWriteOnce" ]
        storageClassName: "local-path"
        resources:
          requests:
            storage: 1Gi
YAML
out=$(kubectl apply -f "$WORK/seed.yaml" 2>&1)
expect_eq "seed objects apply" "$out" "storageclass.storage.k8s.io/my-sc created
storageclass.storage.k8s.io/local-path created
persistentvolumeclaim/my-pvc created
deployment.apps/pg created
statefulset.apps/pg created"
out=$(kubectl apply -f "$WORK/seed.yaml" 2>&1)
expect_match "re-applying the Deployment changes nothing" "$out" "deployment.apps/pg unchanged"
# (kubectl reports the StatefulSet "configured" again, as against upstream: its atomic
# volumeClaimTemplates list differs from the manifest by the server-filled fields.)
rv=$(kubectl get sts pg -o 'jsonpath={.metadata.resourceVersion}')
kubectl apply -f "$WORK/seed.yaml" >/dev/null
expect_eq "re-applying the StatefulSet writes nothing" "$(kubectl get sts pg -o 'jsonpath={.metadata.resourceVersion}')" "$rv"

# Tables: upstream's headers and cells.
out=$(kubectl get deploy)
expect_match "deploy header" "$out" '^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$'
expect_match "deploy row" "$out" '^pg +0/1 +0 +0 +[0-9]+s$'
out=$(kubectl get deploy -o wide)
expect_match "deploy wide header" "$out" '^NAME +READY +UP-TO-DATE +AVAILABLE +AGE +CONTAINERS +IMAGES +SELECTOR$'
expect_match "deploy wide row" "$out" '^pg +0/1 +0 +0 +[0-9]+s +postgresql +postgres:14 +app=pg$'
out=$(kubectl get sts)
expect_match "sts header" "$out" '^NAME +READY +AGE$'
expect_match "sts row" "$out" '^pg +0/3 +[0-9]+s$'
out=$(kubectl get sts -o wide)
expect_match "sts wide" "$out" '^pg +0/3 +[0-9]+s +postgresql +postgres:14$'
out=$(kubectl get sc)
expect_match "sc header" "$out" '^NAME +PROVISIONER +RECLAIMPOLICY +VOLUMEBINDINGMODE +ALLOWVOLUMEEXPANSION +AGE$'
expect_match "sc default row" "$out" '^local-path \(default\) +rancher.io/local-path +Delete +WaitForFirstConsumer +false +[0-9]+s$'
expect_match "sc seed row" "$out" '^my-sc +kubernetes.io/no-provisioner +Delete +Immediate +false +[0-9]+s$'

cat >"$WORK/rs.yaml" <<'YAML'
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
YAML
kubectl apply -f "$WORK/rs.yaml" >/dev/null
out=$(kubectl get rs -o wide)
expect_match "rs wide header" "$out" '^NAME +DESIRED +CURRENT +READY +AGE +CONTAINERS +IMAGES +SELECTOR$'
expect_match "rs wide row" "$out" '^web +2 +0 +0 +[0-9]+s +nginx +nginx:1.27 +app=web$'

# Defaults, as `kubectl get -o yaml` of upstream shows them.
jp() { kubectl get "$1" -o "jsonpath=$2"; }
expect_eq "deploy strategy" "$(jp deploy/pg '{.spec.strategy}')" '{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"}'
expect_eq "deploy limits" "$(jp deploy/pg '{.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds}')" "10 600"
expect_eq "sts updateStrategy" "$(jp sts/pg '{.spec.updateStrategy}')" '{"rollingUpdate":{"partition":0},"type":"RollingUpdate"}'
expect_eq "sts retention" "$(jp sts/pg '{.spec.persistentVolumeClaimRetentionPolicy}')" '{"whenDeleted":"Retain","whenScaled":"Retain"}'
expect_eq "sts policy, history, service" "$(jp sts/pg '{.spec.podManagementPolicy} {.spec.revisionHistoryLimit} [{.spec.serviceName}]')" "OrderedReady 10 []"
out=$(kubectl get sts pg -o yaml)
expect_match "claim template apiVersion" "$out" '^  - apiVersion: v1$'
expect_match "claim template kind" "$out" '^    kind: PersistentVolumeClaim$'
expect_match "claim template creationTimestamp" "$out" '^      creationTimestamp: null$'
expect_match "claim template volumeMode" "$out" '^      volumeMode: Filesystem$'
expect_match "claim template status" "$out" '^      phase: Pending$'
expect_match "sts status counters" "$out" '^  availableReplicas: 0$'
expect_eq "sc defaults" "$(jp sc/my-sc '{.reclaimPolicy} {.volumeBindingMode}')" "Delete Immediate"

# Changes upstream allows, through kubectl's own verbs.
out=$(kubectl scale sts/pg --replicas=2)
expect_eq "scale sts" "$out" "statefulset.apps/pg scaled"
expect_eq "scaled replicas" "$(jp sts/pg '{.spec.replicas} {.metadata.generation}')" "2 2"
out=$(kubectl rollout restart deploy/pg)
expect_eq "rollout restart" "$out" "deployment.apps/pg restarted"
expect_match "restartedAt annotation" "$(jp deploy/pg '{.spec.template.metadata.annotations}')" 'kubectl.kubernetes.io/restartedAt'
expect_eq "restart bumps generation" "$(jp deploy/pg '{.metadata.generation}')" "2"

# Rules upstream enforces, with its messages.
out=$(kubectl patch sts pg --type merge -p '{"spec":{"serviceName":"pg-headless"}}' 2>&1 || true)
expect_eq "sts frozen spec" "$out" "The StatefulSet \"pg\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
out=$(kubectl patch deploy pg --type merge -p '{"spec":{"selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}}}}}' 2>&1 || true)
expect_eq "deploy selector immutable" "$out" 'The Deployment "pg" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"db"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'
out=$(kubectl patch sc my-sc -p '{"parameters":{"type":"remote"}}' 2>&1 || true)
expect_eq "sc parameters frozen" "$out" 'The StorageClass "my-sc" is invalid: parameters: Forbidden: updates to parameters are forbidden.'
cat >"$WORK/bad.yaml" <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: bad
spec:
  selector:
    matchLabels:
      app: other
  template:
    metadata:
      labels:
        app: pg
    spec:
      containers:
        - name: postgresql
          image: postgres:14
YAML
out=$(kubectl apply -f "$WORK/bad.yaml" 2>&1 || true)
expect_match "selector must match template" "$out" 'The StatefulSet "bad" is invalid: spec.template.metadata.labels: Invalid value: map\[string\]string\{"app":"pg"\}: `selector` does not match template `labels`'

echo "apps_resources: all $PASSED checks passed"
