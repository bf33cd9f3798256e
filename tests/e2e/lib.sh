# Shared by the end-to-end scripts: start build/kapi on a free port in a temp dir, with a fresh
# HOME (kubectl caches discovery there), and stop it on exit.
set -euo pipefail

KAPI_BIN=${KAPI_BIN:?KAPI_BIN must name the kapi binary}
WORK=$(mktemp -d /tmp/kapi-e2e.XXXXXX)
export HOME=$WORK/home
mkdir -p "$HOME"
export KUBECONFIG=$WORK/kubeconfig
KAPI_PID=

cleanup() {
  if [ -n "$KAPI_PID" ]; then kill "$KAPI_PID" 2>/dev/null || true; wait "$KAPI_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Controllers are off unless a script sets KAPI_CONTROLLERS (e.g. '*'): most scripts check the
# API alone, and pods that stay Pending print the same every run.
start_kapi() {
  "$KAPI_BIN" serve --data-dir "$WORK/data" --secure-port 0 --kubeconfig-out "$KUBECONFIG" \
    --controllers "${KAPI_CONTROLLERS:-}" "$@" \
    >"$WORK/kapi.log" 2>&1 &
  KAPI_PID=$!
  # Generous: under a parallel ctest run the machine may be busy.
  for _ in $(seq 1 1200); do
    [ -s "$KUBECONFIG" ] && return 0
    kill -0 "$KAPI_PID" 2>/dev/null || { cat "$WORK/kapi.log"; fail "kapi exited during start"; }
    sleep 0.05
  done
  cat "$WORK/kapi.log"
  fail "kapi did not write its kubeconfig"
}

PASSED=0
FAILED=0
fail() { echo "FAIL: $*" >&2; FAILED=$((FAILED + 1)); exit 1; }
pass() { echo "ok: $*"; PASSED=$((PASSED + 1)); }

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
  if [ "$2" == "$3" ]; then pass "$1"; else
    printf 'FAIL: %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$3" "$2" >&2; exit 1; fi
}
# expect_match NAME TEXT REGEX
expect_match() {
  if grep -Eq -- "$3" <<<"$2"; then pass "$1"; else
    printf 'FAIL: %s\n--- wanted /%s/ in\n%s\n' "$1" "$3" "$2" >&2; exit 1; fi
}

server_url() { kubectl config view -o jsonpath='{.clusters[0].cluster.server}'; }

# curl with the admin client certificate from the kubeconfig
admin_curl() {
  local dir=$WORK/certs
  if [ ! -f "$dir/ca.crt" ]; then
    mkdir -p "$dir"
    kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$dir/ca.crt"
    kubectl config view --raw -o jsonpath='{.users[0].user.client-certificate-data}' | base64 -d >"$dir/admin.crt"
    kubectl config view --raw -o jsonpath='{.users[0].user.client-key-data}' | base64 -d >"$dir/admin.key"
  fi
  curl -sS --cacert "$dir/ca.crt" --cert "$dir/admin.crt" --key "$dir/admin.key" "$@"
}
anon_curl() { curl -sS --cacert "$WORK/certs/ca.crt" "$@"; }

# wait_until DESCRIPTION COMMAND...: polls COMMAND (quietly) until it succeeds; fails after a
# generous deadline that only matters when something is broken.
wait_until() {
  local what=$1; shift
  for _ in $(seq 1 600); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "--- kapi log (tail)" >&2; tail -n 40 "$WORK/kapi.log" >&2 || true
  fail "timed out waiting until $what"
}

# The table kubectl prints, without the AGE column (times differ run to run).
without_age() { sed -E 's/ +[0-9]+(s|m|h|d)[0-9]*[smhd]? *$//; s/ +AGE *$//; s/ +<unknown> *$//'; }
