#!/usr/bin/env bash
# Installs the Debian packages kapi builds and tests with. Idempotent: when every package is
# already present it prints nothing and touches no package list.
set -euo pipefail

packages=(
  build-essential cmake make pkg-config
  libboost-dev libboost-system-dev      # Beast + Asio: the HTTPS server and client
  librocksdb-dev                         # the embedded MVCC store
  libssl-dev openssl                     # TLS, the CA and the certificates
  nlohmann-json3-dev                     # objects are JSON in the registry
  libsimdjson-dev                        # Table rows find fields in stored JSON without a parse
  libjemalloc-dev                        # kapi's allocator: JSON trees built and freed per request
  libyaml-cpp-dev                        # YAML request bodies
  prometheus-cpp-dev                     # /metrics
  libcli11-dev                           # command-line flags
  libspdlog-dev libfmt-dev               # logs
  libgtest-dev libgmock-dev              # unit and integration tests
  libbenchmark-dev                       # microbenchmarks under bench/
  ccache                                 # faster rebuilds
  curl                                   # end-to-end tests poke endpoints with it
  gnuplot-nox                            # kapi-bench --plot draws latency and throughput over time
  python3-kubernetes                     # the Python client example of the test-server guide is run by a test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
