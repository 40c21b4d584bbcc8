#!/usr/bin/env bash
# Writes the committed seed corpora of the fuzz targets (tests/fuzz/seeds/)
# from the bundled sample image and the official image-spec vectors: every
# input gets the selector bytes its target reads first. Run it when the
# targets' input format changes; scripts/fuzz.sh and CI fuzz from the
# committed seeds. A target without seeds here (a new parser's) starts from
# its own tests/fuzz/seeds/<target>/ directory.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=tests/fuzz/seeds
rm -rf "$SEEDS"/{fuzz_document,fuzz_layer_stream,fuzz_pax_records,fuzz_image_layer,fuzz_archive}
mkdir -p "$SEEDS"/{fuzz_document,fuzz_layer_stream,fuzz_pax_records,fuzz_image_layer,fuzz_archive}
n=0
for f in corpus/sample/blobs/sha256/* $(find tests/data/image-spec-vectors -name '*.json' | sort) corpus/sample/index.json corpus/sample/oci-layout; do
  if head -c1 "$f" | grep -q '[{[]'; then
    for kind in 0 1 2 3 4 129; do
      { printf "\\$(printf '%03o' "$kind")"; cat "$f"; } >"$SEEDS/fuzz_document/$((n++))"
    done
  elif [ "$(head -c2 "$f" | od -An -tx1 | tr -d ' ')" = "1f8b" ]; then
    { printf '\000\100'; cat "$f"; } >"$SEEDS/fuzz_layer_stream/$((n++))"
    { printf '\000'; cat "$f"; } >"$SEEDS/fuzz_image_layer/$((n++))"
    { printf '\202'; gzip -dc "$f"; } >"$SEEDS/fuzz_image_layer/$((n++))"
    { printf '\002\007'; gzip -dc "$f"; } >"$SEEDS/fuzz_layer_stream/$((n++))"
    { printf '\001\060'; gzip -dc "$f" | zstd -q -c; } >"$SEEDS/fuzz_layer_stream/$((n++))"
  fi
done
printf '30 MSWINDOWS.fileattr=32\n57 MSWINDOWS.rawsd=AQAEgAAAAAAAAAAAAAAAABQAAAACAAgAAAAAAA==\n' \
  >"$SEEDS/fuzz_pax_records/windows"
printf '37 LIBARCHIVE.creationtime=1700000000\n20 path=Files/a.txt\n' >"$SEEDS/fuzz_pax_records/time"
# Archives of the sample image in the shapes users meet: a tar of the layout,
# with ./, and the docker-archive skopeo writes.
tar -C corpus/sample --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
  -cf "$SEEDS/fuzz_archive/oci" oci-layout index.json blobs
tar -C corpus/sample --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
  -cf "$SEEDS/fuzz_archive/oci-dot" .
skopeo copy -q oci:corpus/sample:1.0 "docker-archive:$SEEDS/fuzz_archive/docker:example/sample:1.0"
du -sh "$SEEDS"
