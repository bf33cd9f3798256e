#!/usr/bin/env bash
# The README's test-server examples, run as a user would run them.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

out=$(bash "$ROOT/examples/test-server.sh" "$KAPI_BIN")
expect_eq "shell example" "$out" "test"

out=$(/usr/bin/python3 "$ROOT/examples/test_server.py" "$KAPI_BIN")
expect_eq "python3-kubernetes example" "$out" "test
404"

echo "$PASSED passed, 0 failed"
