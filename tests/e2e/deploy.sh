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

# The runtime stage installs every shared library kapi links: each library's Debian package is
# named there or comes in as a dependency of one that is (or is in the base image).
if [ -n "${KAPI_BIN:-}" ] && command -v dpkg-query >/dev/null && command -v apt-cache >/dev/null; then
  runtime=$(sed -n '/^FROM debian:bookworm-slim/,/^USER/p' "$cf" | grep -oE 'lib[a-z0-9.+-]+|ca-certificates' | sort -u)
  base="libc6 libgcc-s1 libstdc++6 zlib1g libbz2-1.0 liblzma5 libzstd1"
  closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
              --no-replaces --no-enhances $runtime 2>/dev/null | grep -oE '^[a-z0-9][a-z0-9.+-]+' | sort -u)
  for lib in $(ldd "$KAPI_BIN" | awk '$3 ~ /^\// {print $3}'); do
    # A sanitizer build (KAPI_SANITIZE) links its runtime; the image never ships such a build.
    case $(basename "$lib") in libasan.so* | libubsan.so* | liblsan.so* | libtsan.so*) continue ;; esac
    real=$(readlink -f "$lib")
    pkg=$(dpkg-query -S "$real" 2>/dev/null || dpkg-query -S "${real/#\/lib\//\/usr\/lib\/}" 2>/dev/null || true)
    pkg=${pkg%%:*}
    [ -n "$pkg" ] || continue  # not from a Debian package here: nothing to check against
    grep -qx "$pkg" <<<"$closure" || grep -qw "$pkg" <<<"$base" ||
      fail "Containerfile's runtime stage lacks $pkg (for $(basename "$lib"))"
  done
  pass "runtime stage installs every library kapi links"
fi
echo "$PASSED passed, 0 failed"
