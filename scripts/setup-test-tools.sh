#!/usr/bin/env bash
# Installs what the test suite needs beyond the build: buildah and podman (real-tool
# images), Debian's docker-registry with openssl and htpasswd (apache2-utils) for the
# registry tests (which start it on 127.0.0.1 themselves), git (the pre-push hook
# test), the shells whose completions are tested (bash-completion, zsh, fish), what the package tests read and
# install with (man-db, bsdextrautils for col, binutils for objdump,
# mmdebstrap for the container image's root), python3-yaml (the GitHub
# Action's metadata), pre-commit (the hooks), docker-registry and curl (a
# loopback registry to push to), Node.js, and the real SARIF/JUnit
# consumers that
# tests/report-check/check-reports runs (Debian python3 modules, xmllint,
# and pinned npm packages cached in ~/.cache/ocivalidate-report-check).
# Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

PACKAGES=(git buildah podman nodejs npm python3-jsonschema python3-rfc3987 python3-junitparser libxml2-utils
  bash-completion zsh fish man-db bsdextrautils binutils mmdebstrap python3-yaml pre-commit docker-registry curl
  openssl apache2-utils)
missing=()
for p in "${PACKAGES[@]}"; do
  case "$p" in
    nodejs | npm) command -v "${p/nodejs/node}" >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup-test-tools: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's docker-registry package enables a service on :5000 (all
# interfaces) where systemd runs; the tests start their own on 127.0.0.1.
if command -v systemctl >/dev/null && systemctl is-enabled docker-registry >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi

# check-reports installs its pinned npm consumers on first use; running it
# once on the known-good samples does that here, outside the timed tests.
"$ROOT/tests/report-check/check-reports" \
  --sarif "$ROOT/tests/report-check/samples/good.sarif" \
  --junit "$ROOT/tests/report-check/samples/good.junit.xml" >/dev/null ||
  { echo "setup-test-tools: the report consumers could not be installed" >&2; exit 1; }
