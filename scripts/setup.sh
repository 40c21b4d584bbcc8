#!/usr/bin/env bash
# Installs what ocivalidate needs to build and test on Debian 12. Idempotent:
# apt-get runs only when a package is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libvalijson-dev rapidjson-dev libbotan-2-dev libarchive-dev libboost-test-dev
  libfmt-dev libcli11-dev libisal-dev libzstd-dev zlib1g-dev libcurl4-openssl-dev libssl-dev
  # the man page (generated from --help) and the Debian package (cpack)
  help2man dpkg-dev file
  # real image tools the tests build images with
  umoci skopeo
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
