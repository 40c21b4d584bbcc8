#!/usr/bin/env bash
# Grades the OCI image validators packaged by Debian on the conformance
# corpus, next to ocivalidate, and writes the matrix to corpus/CONFORMANCE.md
# (plus a JUnit report to build/conformance.junit.xml).
#
#   oci-image-tool validate --type image   (a validator)
#   umoci unpack                           (unpacks, so it must read every layer)
#   skopeo copy oci:… dir:…                (copies, verifying digests)
#
# Each tool sees the tag 1.0 that every case's index.json names and gets 20
# seconds per case (a FIFO in place of a blob makes some tools wait forever:
# that counts as a timeout, not acceptance). Accepting an
# image (exit 0) is the tool's verdict; see corpus/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/build.sh" >/dev/null
for t in oci-image-tool umoci skopeo; do
  command -v "$t" >/dev/null || {
    echo "conformance-matrix: installing the peers" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get install -y -qq oci-image-tool umoci skopeo >/dev/null
    break
  }
done
OUT="$ROOT/corpus/CONFORMANCE.md"
MATRIX="$(mktemp)"
trap 'rm -f "$MATRIX"' EXIT
"$ROOT/build/ocivalidate" conformance \
  --tool '[oci-image-tool validate] oci-image-tool validate --type image {}' \
  --tool '[umoci unpack] d=$(mktemp -d) && umoci unpack --rootless --image {}:1.0 "$d/bundle"; rc=$?; rm -rf "$d"; exit $rc' \
  --tool '[skopeo copy] d=$(mktemp -d) && skopeo copy -q oci:{}:1.0 "dir:$d/out"; rc=$?; rm -rf "$d"; exit $rc' \
  --timeout 20 --markdown "$MATRIX" --junit "$ROOT/build/conformance.junit.xml" || true
{
  echo "# Conformance matrix"
  echo
  echo "Which cases of the conformance corpus each tool judges correctly: accepting"
  echo "the cases a conforming validator accepts (expected \`accept\`) and rejecting the"
  echo "others. ocivalidate is also graded on the exact rule IDs it reports; the"
  echo "other tools on their verdict alone, so a rejection may have another cause"
  echo "than the case's fault. A tool that hangs (a FIFO in place of a file) is"
  echo "stopped after 20 s and graded wrong."
  echo "Reproduce with \`./scripts/conformance-matrix.sh\`."
  echo
  echo "Tools: $(oci-image-tool --version 2>/dev/null | head -n1); umoci $(umoci --version 2>/dev/null | awk '{print $3}');"
  echo "$(skopeo --version 2>/dev/null); Debian $(cat /etc/debian_version)."
  echo
  cat "$MATRIX"
} >"$OUT"
echo "conformance-matrix: wrote $OUT"
