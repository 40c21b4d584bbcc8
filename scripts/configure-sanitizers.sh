#!/usr/bin/env bash
# Configures BUILD_DIR (default build-fuzz) with clang, AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage instrumentation on
# every library: the fuzz targets and the whole test suite build there.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build-fuzz}"
if [ ! -f "$BUILD/build.ninja" ]; then
  CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCV_FUZZ=ON >/dev/null
fi
