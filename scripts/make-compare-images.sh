#!/usr/bin/env bash
# Images made by the real tools installed here, as inputs for
# compare-reports.sh: umoci's two-tag layout (as tests/real_tools_test.cpp
# builds it), skopeo's copies of it (gzip, zstd, zstd:chunked, oci-archive,
# docker-archive), umoci insert's layer without the tar end blocks
# (LAY-001), and a copy with one flipped layer byte (DIG-007).
# Prints one "NAME<TAB>PATH" line per image, PATH relative to DIR.
# A tool that is missing is said on stderr and its images left out.
# Usage: make-compare-images.sh DIR
set -euo pipefail
DIR="$1"
mkdir -p "$DIR"
cd "$DIR"
have() { command -v "$1" >/dev/null || { echo "compare-images: $1 is not installed; its images are left out" >&2; return 1; }; }
# umoci unpack keeps file owners only as root.
rootless=()
[ "$(id -u)" = 0 ] || rootless=(--rootless)

have umoci || exit 0
{
  umoci init --layout umoci
  umoci new --image umoci:1
  umoci unpack "${rootless[@]}" --image umoci:1 bundle
  mkdir -p bundle/rootfs/etc bundle/rootfs/usr/share/doc bundle/rootfs/opt/app
  echo NAME=test >bundle/rootfs/etc/os-release
  echo hello >bundle/rootfs/usr/share/doc/readme
  echo a >bundle/rootfs/opt/app/a
  umoci repack --image umoci:1 bundle && rm -rf bundle
  umoci config --image umoci:1 --os linux --architecture amd64
  umoci unpack "${rootless[@]}" --image umoci:1 bundle
  rm bundle/rootfs/etc/os-release && rm -rf bundle/rootfs/opt/app && mkdir bundle/rootfs/opt/app
  echo b >bundle/rootfs/opt/app/b
  ln bundle/rootfs/usr/share/doc/readme bundle/rootfs/usr/share/doc/link
  umoci repack --image umoci:2 bundle && rm -rf bundle
  mkdir -p src/etc && echo hello >src/etc/hello
  umoci init --layout insert && umoci new --image insert:1
  umoci insert --image insert:1 src / && rm -rf src
  umoci config --image insert:1 --os linux --architecture amd64
} >/dev/null
printf 'umoci\tumoci\numoci-insert\tinsert\n'

# One byte in the middle of the largest blob (a layer) of a copy.
cp -r umoci flipped
blob="$(find flipped/blobs/sha256 -type f -printf '%s %p\n' | sort -rn | head -n 1 | cut -d' ' -f2)"
/usr/bin/python3 -c '
import os, sys
with open(sys.argv[1], "r+b") as f:
    f.seek(os.path.getsize(sys.argv[1]) // 2); b = f.read(1); f.seek(-1, 1); f.write(bytes([b[0] ^ 1]))
' "$blob"
printf 'umoci-flipped-layer\tflipped\n'

have skopeo || exit 0
{
  for format in gzip zstd zstd:chunked; do
    skopeo copy --dest-compress-format "$format" oci:umoci:2 "oci:skopeo-${format/:/-}:2"
  done
  skopeo copy oci:umoci:2 oci-archive:umoci.oci.tar:2
  skopeo copy oci:umoci:2 docker-archive:umoci.docker.tar:example.com/umoci:2
} >/dev/null
printf 'skopeo-gzip\tskopeo-gzip\nskopeo-zstd\tskopeo-zstd\nskopeo-zstd-chunked\tskopeo-zstd-chunked\n'
printf 'oci-archive\tumoci.oci.tar\ndocker-archive\tumoci.docker.tar\n'
