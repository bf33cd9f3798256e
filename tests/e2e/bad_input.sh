#!/usr/bin/env bash
# Bad input gets a Kubernetes Status with the right code, never a crash or a hang.
source "$(dirname "$0")/lib.sh"
start_kapi
URL=$(server_url)
kubectl get ns default >/dev/null   # warms nothing; makes sure the server answers

code() { admin_curl -o "$WORK/body" -w '%{http_code}' "$@"; }
body() { cat "$WORK/body"; }

c=$(code -X POST -H 'Content-Type: application/json' --data '{not json' "$URL/api/v1/namespaces/default/configmaps")
expect_eq "malformed JSON is 400" "$c" "400"
expect_match "malformed JSON is a Status" "$(body)" '"kind":"Status".*"reason":"BadRequest"'

c=$(code -X POST -H 'Content-Type: application/yaml' --data-binary $'a: [1, 2\n' "$URL/api/v1/namespaces/default/configmaps")
expect_eq "malformed YAML is 400" "$c" "400"

c=$(code -X POST -H 'Content-Type: application/json' --data '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}' "$URL/api/v1/namespaces/default/configmaps")
expect_eq "wrong kind for the URL is 400" "$c" "400"

c=$(code -X POST -H 'Content-Type: application/json' --data '{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}' "$URL/api/v1/namespaces/default/configmaps")
expect_eq "missing name is 422" "$c" "422"
expect_match "missing name message" "$(body)" 'metadata.name: Required value: name or generateName is required'

c=$(code -X POST -H 'Content-Type: application/json' --data '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}' "$URL/api/v1/namespaces/default/configmaps")
expect_eq "invalid name is 422" "$c" "422"

c=$(code -X POST -H 'Content-Type: application/json' --data '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}' "$URL/api/v1/namespaces/default/configmaps")
expect_eq "generateName creates" "$c" "201"
expect_match "generateName suffix" "$(body)" '"name":"gen-[a-z0-9]{5}"'

head -c 4000000 /dev/zero | tr '\0' 'a' >"$WORK/big"
c=$(code -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/big" "$URL/api/v1/namespaces/default/configmaps")
expect_eq "oversized body is 413" "$c" "413"

c=$(anon_curl -o "$WORK/body" -w '%{http_code}' "$URL/api/v1/namespaces")
expect_eq "no credentials is 401" "$c" "401"
expect_match "401 is a Status" "$(body)" '"reason":"Unauthorized"'
c=$(anon_curl -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer nope' "$URL/api/v1/namespaces")
expect_eq "unknown token is 401" "$c" "401"
c=$(anon_curl -o "$WORK/body" -w '%{http_code}' "$URL/readyz?verbose")
expect_eq "readyz is public" "$c" "200"
expect_match "readyz verbose" "$(body)" 'readyz check passed'

c=$(code "$URL/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(b")
expect_eq "bad label selector is 400" "$c" "400"
c=$(code "$URL/api/v1/namespaces/default/configmaps?fieldSelector=spec.nope%3Dx")
expect_eq "unknown field selector is 400" "$c" "400"
c=$(code "$URL/api/v1/namespaces/default/configmaps?limit=1&continue=garbage")
expect_eq "bad continue token is 400" "$c" "400"

c=$(code -X PATCH -H 'Content-Type: application/merge-patch+json' --data '{"data":' "$URL/api/v1/namespaces/default/configmaps/kube-root-missing")
expect_match "patch on missing object is 404 or 400" "$c" '^(404|400)$'
admin_curl -o /dev/null -X POST -H 'Content-Type: application/json' --data '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"patched"}}' "$URL/api/v1/namespaces/default/configmaps"
c=$(code -X PATCH -H 'Content-Type: application/merge-patch+json' --data '{"data":' "$URL/api/v1/namespaces/default/configmaps/patched")
expect_eq "malformed patch is 400" "$c" "400"
c=$(code -X PATCH -H 'Content-Type: application/json-patch+json' --data '[{"op":"test","path":"/data/x","value":"y"}]' "$URL/api/v1/namespaces/default/configmaps/patched")
expect_match "failed json-patch test is 422 or 400" "$c" '^(422|400)$'
c=$(code -X PATCH -H 'Content-Type: text/plain' --data 'x' "$URL/api/v1/namespaces/default/configmaps/patched")
expect_eq "unknown patch type is 415" "$c" "415"

c=$(code "$URL/api/v1/nothing")
expect_eq "unknown resource is 404" "$c" "404"
expect_eq "unknown resource's Status" "$(body)" \
  '{"apiVersion":"v1","code":404,"details":{},"kind":"Status","message":"the server could not find the requested resource","metadata":{},"reason":"NotFound","status":"Failure"}'

c=$(code "$URL/nothing/here")
expect_eq "unknown path is 404" "$c" "404"
expect_eq "unknown path's body is Go's plain text" "$(body)" "404 page not found"

# A path whose routes do not take the method: 405 from the router, as upstream answers.
not_allowed() {  # what, method, path
  c=$(code -X "$2" -H 'Content-Type: application/json' --data '{}' "$URL$3")
  expect_eq "$1 is 405" "$c" "405"
  expect_eq "$1's Status" "$(body)" \
    '{"apiVersion":"v1","code":405,"details":{},"kind":"Status","message":"the server does not allow this method on the requested resource","metadata":{},"reason":"MethodNotAllowed","status":"Failure"}'
}
not_allowed "PUT on a collection" PUT /api/v1/namespaces/default/configmaps
not_allowed "PATCH on a collection" PATCH /api/v1/namespaces/default/configmaps
not_allowed "POST on an object" POST /api/v1/namespaces/default/configmaps/patched
not_allowed "POST across all namespaces" POST /api/v1/configmaps
not_allowed "DELETE across all namespaces" DELETE /api/v1/configmaps
not_allowed "GET on namespaces/finalize" GET /api/v1/namespaces/default/finalize
not_allowed "DELETE on a status" DELETE /api/v1/namespaces/default/pods/p/status
not_allowed "POST on a status" POST /apis/apps/v1/namespaces/default/deployments/d/status
not_allowed "GET on a binding" GET /api/v1/namespaces/default/pods/p/binding
c=$(code -X PUT -H 'Content-Type: application/json' --data '{}' "$URL/api/v1/namespaces/default/configmaps/patched/nothing")
expect_eq "unknown subresource is 404" "$c" "404"
c=$(code "$URL/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc&timeoutSeconds=1")
expect_eq "bad resourceVersion is 400" "$c" "400"

kill -0 "$KAPI_PID" || fail "server died"
echo "$PASSED passed, 0 failed"
