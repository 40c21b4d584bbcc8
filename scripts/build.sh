#!/usr/bin/env bash
# Configures and builds ocivalidate and its tests in build/ (Release).
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/setup.sh"
BUILD_DIR="${BUILD_DIR:-build}"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD_DIR" -j"$(nproc)" "$@"
