#!/usr/bin/env bash
# Builds everything and runs the whole test suite with CTest.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/build.sh"
"$ROOT/scripts/setup-test-tools.sh"
cd "$ROOT/${BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)"
