# The two commands of the README. Each installs what is missing, builds, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
ARGS ?=
# ccache: key objects by paths relative to the checkout, so any clone of the repo on this machine
# reuses what another clone compiled.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: deps build run test clean

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Builds and starts the dev server on its embedded store; prints the KUBECONFIG line.
run: build
	./$(BUILD)/kapi serve $(ARGS)

# Builds and runs every test (unit, integration, end-to-end with /usr/bin/kubectl).
test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

clean:
	rm -rf $(BUILD)
