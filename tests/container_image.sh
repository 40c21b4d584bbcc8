#!/usr/bin/env bash
# A container image of ocivalidate, made from the Debian package (the
# package/build test): mmdebstrap extracts the package and what apt resolves
# its Depends to in the Debian 12 archive into an empty root; buildah turns
# that root into an OCI image with
# ocivalidate as its entrypoint and writes it as a layout and an
# oci-archive. ocivalidate then validates both (no error), and the
# ocivalidate inside the image, run by buildah, validates the image itself,
# which also proves that the package's Depends are enough to run it.
# Skipped (exit 77) only when buildah cannot build here: it needs root or a
# user namespace for its vfs storage.
# Usage: container_image.sh PACKAGE_DIR OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" image "$2" "$3"
skip() { echo "SKIP: $*"; exit 77; }
debs=("$1"/ocivalidate_*.deb)
[ -f "${debs[0]}" ] || fail "no ocivalidate_*.deb in $1 (the package/build test makes it)"
deb="$(readlink -f "${debs[0]}")"
version="$(dpkg-deb --field "$deb" Version)"

command -v buildah >/dev/null || skip "buildah is not installed (scripts/setup-test-tools.sh installs it)"
B=(buildah --storage-driver vfs --root "$work/storage" --runroot "$work/run")
probe="$(cd "$work" && echo x >f && c="$("${B[@]}" from scratch)" && "${B[@]}" copy "$c" f / >/dev/null &&
  "${B[@]}" commit -q "$c" probe >/dev/null && "${B[@]}" rm -a >/dev/null && "${B[@]}" rmi -a -f >/dev/null &&
  echo ok)" 2>"$work/probe.log" || true
[ "$probe" = ok ] || skip "buildah cannot build here: $(tail -n 1 "$work/probe.log")"
command -v mmdebstrap >/dev/null || fail "mmdebstrap is not installed (scripts/setup-test-tools.sh installs it)"

# The root: what apt resolves the package's Depends to in the Debian 12
# archive, extracted by mmdebstrap into an empty directory (its extract
# variant: no shell, no package manager, nothing the command does not
# need), and then the package itself. Version constraints are left to apt
# (bookworm's candidates); alternatives take their first package. The
# downloaded packages are kept between runs.
depends="$(dpkg-deb --field "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/[[:space:]]//g' |
  grep . | paste -sd, -)"
[ -n "$depends" ] || fail "the package has no Depends"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/ocivalidate-test/apt-archives"
mkdir -p "$cache"
mmdebstrap --variant=extract --format=directory --include="$depends" \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
  --setup-hook="sync-in $cache /var/cache/apt/archives/" \
  --customize-hook="sync-out /var/cache/apt/archives $cache" \
  bookworm "$work/root" >"$work/mmdebstrap.log" 2>&1 ||
  { tail -n 30 "$work/mmdebstrap.log"; fail "mmdebstrap could not install the package's Depends"; }
dpkg-deb -x "$deb" "$work/root"
# A container runtime provides /dev; device nodes do not belong in a layer.
find "$work/root/dev" -mindepth 1 -delete
[ -x "$work/root/usr/bin/ocivalidate" ] || fail "the root has no /usr/bin/ocivalidate"
[ ! -e "$work/root/bin/sh" ] || fail "the root has a shell: more than the package needs"
tar -C "$work/root" --numeric-owner -cf "$work/rootfs.tar" .

c="$("${B[@]}" from scratch)"
"${B[@]}" add "$c" "$work/rootfs.tar" / >/dev/null
"${B[@]}" config --entrypoint '["/usr/bin/ocivalidate"]' --cmd '["--help"]' --workingdir /work \
  --os linux --arch "$(dpkg --print-architecture)" \
  --label org.opencontainers.image.title=ocivalidate \
  --label "org.opencontainers.image.version=$version" "$c"
"${B[@]}" commit -q --format oci "$c" "localhost/ocivalidate:$version" >/dev/null
"${B[@]}" push -q "localhost/ocivalidate:$version" "oci:$work/image:$version"
"${B[@]}" push -q "localhost/ocivalidate:$version" "oci-archive:$work/image.tar:$version"

for input in "$work/image" "$work/image.tar"; do
  set +e
  "$BIN" --color never --json "$work/report.json" "$input" >"$work/validate.txt"
  rc=$?
  set -e
  [ "$rc" -eq 0 ] || { cat "$work/validate.txt"; fail "ocivalidate found errors in its own image ($input)"; }
  /usr/bin/python3 - "$work/report.json" <<'PY' || fail "the report of $input is not what was expected"
import json, sys
r = json.load(open(sys.argv[1]))
errors = [f for f in r["findings"] if f["severity"] == "error"]
assert not errors, errors
assert r["verdict"] == "valid", r["verdict"]
PY
done
cat "$work/validate.txt"

# The image's own ocivalidate, run in the image, validates the image.
c2="$("${B[@]}" from -q "localhost/ocivalidate:$version")"
"${B[@]}" copy "$c2" "$work/image" /work/image >/dev/null
"${B[@]}" run --isolation chroot "$c2" -- ocivalidate --version >"$work/inside-version.txt" ||
  fail "ocivalidate does not start inside its image"
grep -q "^ocivalidate $version " "$work/inside-version.txt" || fail "inside: $(cat "$work/inside-version.txt")"
"${B[@]}" run --isolation chroot "$c2" -- ocivalidate --color never /work/image >"$work/inside.txt" ||
  { cat "$work/inside.txt"; fail "ocivalidate inside the image did not validate the image"; }
grep -q 'VALID' "$work/inside.txt" || { cat "$work/inside.txt"; fail "no verdict from inside the image"; }
size="$(du -sm "$work/image" | cut -f1)"
echo "PASS: container image ocivalidate:$version (${size} MB layout) built from the package and validated"
