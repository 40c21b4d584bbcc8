#!/usr/bin/env bash
# Installs clang and its sanitizer and libFuzzer runtimes (Debian), plus
# what the project itself needs to build.
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/setup.sh"
if ! command -v clang++ >/dev/null || [ ! -e "$(clang++ -print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq clang libclang-rt-dev >/dev/null 2>&1 ||
    $SUDO apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi
