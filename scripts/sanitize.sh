#!/usr/bin/env bash
# Builds the whole test suite with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (in build-fuzz/, shared with the fuzz
# targets) and runs it. Any sanitizer report fails the test that caused
# it. The resource suite is left out: it measures memory and CPU time,
# which the sanitizers multiply, and address-space limits do not leave
# AddressSanitizer its shadow memory. The packaging tests are left out
# too: they check what is installed and packaged, not the code.
set -euo pipefail
cd "$(dirname "$0")/.."
"./scripts/setup-sanitizers.sh"
"./scripts/setup-test-tools.sh"
BUILD=build-fuzz
"./scripts/configure-sanitizers.sh" "$BUILD"
cmake --build "$BUILD" -j"$(nproc)" --target ocivalidate ocv_tests
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)" -E '^resources/' -LE '^packaging$'
