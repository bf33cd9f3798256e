#!/usr/bin/python3
"""Worked example: a kapi test server for a Python test suite (Debian's python3-kubernetes).

Run: /usr/bin/python3 examples/test_server.py [path/to/kapi]   (run by tests/e2e/examples.sh)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from kubernetes import client, config


def start_kapi(binary):
    """Starts kapi on a free port with an in-memory store; returns (process, kubeconfig, dir)."""
    workdir = tempfile.mkdtemp(prefix="kapi-py-")
    kubeconfig = os.path.join(workdir, "kubeconfig")
    proc = subprocess.Popen(
        [binary, "serve", "--storage", "memory", "--secure-port", "0",
         "--data-dir", workdir, "--kubeconfig-out", kubeconfig],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):  # ready as soon as the kubeconfig exists
        if os.path.exists(kubeconfig):
            return proc, kubeconfig, workdir
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("kapi did not start")


def main():
    proc, kubeconfig, workdir = start_kapi(sys.argv[1] if len(sys.argv) > 1 else "build/kapi")
    try:
        api = client.CoreV1Api(config.new_client_from_config(config_file=kubeconfig))
        api.create_namespaced_config_map(
            "default",
            client.V1ConfigMap(metadata=client.V1ObjectMeta(name="settings", labels={"app": "demo"}),
                               data={"mode": "test"}))
        found = api.list_namespaced_config_map("default", label_selector="app=demo")
        print(found.items[0].data["mode"])
        try:
            api.read_namespaced_config_map("missing", "default")
        except client.exceptions.ApiException as e:
            print(e.status)
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
