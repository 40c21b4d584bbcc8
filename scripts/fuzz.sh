#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (every fuzz_*.cpp there) with
# clang, AddressSanitizer and UndefinedBehaviorSanitizer (in build-fuzz/),
# and runs each for SECONDS (default 60) from its committed seed corpus
# (tests/fuzz/seeds/<target>/) and the inputs that once failed
# (tests/fuzz/regressions/<target>-*), which are run first. A crash, leak,
# sanitizer report or hang stops the target and leaves its input in
# build-fuzz/artifacts/; the script then exits non-zero. A failing input
# belongs in tests/fuzz/regressions/ once fixed.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do TARGETS+=("$(basename "$f" .cpp)"); done
fi
"./scripts/setup-sanitizers.sh"
BUILD=build-fuzz
"./scripts/configure-sanitizers.sh" "$BUILD"
cmake --build "$BUILD" -j"$(nproc)" --target "${TARGETS[@]}"

status=0
mkdir -p "$BUILD/artifacts"
for t in "${TARGETS[@]}"; do
  seeds="$BUILD/seeds/$t"
  rm -rf "$seeds" "$BUILD/work/$t"
  mkdir -p "$seeds" "$BUILD/work/$t"
  [ -d "tests/fuzz/seeds/$t" ] && cp tests/fuzz/seeds/"$t"/* "$seeds/" 2>/dev/null || true
  for f in tests/fuzz/regressions/"$t"-*; do
    [ -e "$f" ] && cp "$f" "$seeds/"
  done
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s from $(ls "$seeds" | wc -l) seeds"
  if ! "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" \
      "$BUILD/work/$t" "$seeds" >"$BUILD/$t.log" 2>&1; then
    echo "fuzz: $t FAILED, see $BUILD/$t.log and $BUILD/artifacts/" >&2
    tail -40 "$BUILD/$t.log" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$BUILD/$t.log" | sed "s/^/  $t /"
done
exit "$status"
