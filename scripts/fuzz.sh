#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (in build-fuzz/), seeds them from the bundled
# sample image and the official image-spec vectors, and runs each for
# SECONDS (default 60). A crash, leak, sanitizer report or hang stops the
# target and leaves its input in build-fuzz/artifacts/; the script then
# exits non-zero.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_document fuzz_layer_stream fuzz_pax_records fuzz_image_layer fuzz_archive)
"./scripts/setup.sh"
if ! command -v clang++ >/dev/null || [ ! -e "$(clang++ -print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y -qq clang libclang-rt-dev >/dev/null 2>&1 ||
    $SUDO apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi
BUILD=build-fuzz
if [ ! -f "$BUILD/build.ninja" ]; then
  CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCV_FUZZ=ON >/dev/null
fi
cmake --build "$BUILD" -j"$(nproc)" --target "${TARGETS[@]}"

# Seeds: every input gets the selector bytes its target reads first.
SEEDS="$BUILD/seeds"
rm -rf "$SEEDS"
mkdir -p "$SEEDS"/{fuzz_document,fuzz_layer_stream,fuzz_pax_records,fuzz_image_layer,fuzz_archive} "$BUILD/artifacts"
n=0
for f in corpus/sample/blobs/sha256/* $(find tests/data/image-spec-vectors -name '*.json') corpus/sample/index.json corpus/sample/oci-layout; do
  if head -c1 "$f" | grep -q '[{[]'; then
    for kind in 0 1 2 3 4 129; do
      { printf "\\$(printf '%03o' "$kind")"; cat "$f"; } >"$SEEDS/fuzz_document/$((n++))"
    done
  elif [ "$(head -c2 "$f" | od -An -tx1 | tr -d ' ')" = "1f8b" ]; then
    { printf '\000\100'; cat "$f"; } >"$SEEDS/fuzz_layer_stream/$((n++))"
    { printf '\000'; cat "$f"; } >"$SEEDS/fuzz_image_layer/$((n++))"
    { printf '\202'; gzip -dc "$f"; } >"$SEEDS/fuzz_image_layer/$((n++))"
    { printf '\002\007'; gzip -dc "$f"; } >"$SEEDS/fuzz_layer_stream/$((n++))"
    if command -v zstd >/dev/null; then
      { printf '\001\060'; gzip -dc "$f" | zstd -q -c; } >"$SEEDS/fuzz_layer_stream/$((n++))"
    fi
  fi
done
# Inputs that once failed, kept as seeds so that they are re-run first.
for f in tests/fuzz/regressions/*; do
  cp "$f" "$SEEDS/$(basename "$f" | cut -d- -f1)/"
done
printf '30 MSWINDOWS.fileattr=32\n57 MSWINDOWS.rawsd=AQAEgAAAAAAAAAAAAAAAABQAAAACAAgAAAAAAA==\n' \
  >"$SEEDS/fuzz_pax_records/windows"
printf '37 LIBARCHIVE.creationtime=1700000000\n20 path=Files/a.txt\n' >"$SEEDS/fuzz_pax_records/time"
# Archives of the sample image in the shapes users meet: a tar of the layout,
# with ./, and the docker-archive skopeo writes (when skopeo is there).
tar -C corpus/sample -cf "$SEEDS/fuzz_archive/oci" oci-layout index.json blobs
tar -C corpus/sample -cf "$SEEDS/fuzz_archive/oci-dot" .
if command -v skopeo >/dev/null; then
  skopeo copy -q oci:corpus/sample:1.0 "docker-archive:$SEEDS/fuzz_archive/docker:example/sample:1.0" || true
fi

status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "$BUILD/work/$t"
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  if ! "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" \
      "$BUILD/work/$t" "$SEEDS/$t" >"$BUILD/$t.log" 2>&1; then
    echo "fuzz: $t FAILED, see $BUILD/$t.log and $BUILD/artifacts/" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$BUILD/$t.log" | sed "s/^/  $t /"
done
exit "$status"
