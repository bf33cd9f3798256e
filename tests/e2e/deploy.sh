#!/usr/bin/env bash
# deploy/ files: the systemd unit verifies (where systemd-analyze exists), the Containerfile
# names what it must, the env file defines what the unit reads.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PASSED=0
pass() { echo "ok: $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*" >&2; exit 1; }

unit=$ROOT/deploy/kapi.service
if command -v systemd-analyze >/dev/null 2>&1; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  # verify needs the ExecStart binary to exist: point a copy at a stand-in.
  sed "s|/usr/local/bin/kapi|/bin/true|" "$unit" >"$tmp/kapi.service"
  if out=$(systemd-analyze verify "$tmp/kapi.service" 2>&1) && ! grep -qiE 'unknown|invalid|failed' <<<"$out"; then
    pass "systemd-analyze verify"
  else
    echo "$out" >&2; fail "systemd-analyze verify"
  fi
else
  pass "systemd-analyze not installed: unit syntax checked by hand below"
fi
for key in ExecStart User EnvironmentFile KillSignal WantedBy; do
  grep -q "^$key=" "$unit" || fail "unit lacks $key"
done
pass "unit has its keys"
for var in $(grep -o '\${\?KAPI_[A-Z_]*' "$unit" | tr -d '${' | sort -u); do
  grep -q "^$var=" "$ROOT/deploy/kapi.env" || fail "kapi.env lacks $var"
done
pass "env file defines every variable the unit reads"

cf=$ROOT/deploy/Containerfile
grep -q '^FROM debian:' "$cf" || fail "Containerfile not based on Debian"
grep -q '^USER kapi' "$cf" || fail "Containerfile does not drop root"
grep -q '^VOLUME /var/lib/kapi' "$cf" || fail "Containerfile has no data volume"
grep -q 'scripts/install-deps.sh' "$cf" || fail "Containerfile does not use the project's installer"
pass "Containerfile structure"
echo "$PASSED passed, 0 failed"
