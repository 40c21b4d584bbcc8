#!/usr/bin/env bash
# Fails unless every tool that scripts/setup-test-tools.sh (the README's test
# command) promises is installed. A real-tool test skips itself, visibly,
# when its tool is missing; on CI that must never be why, so .ci/run runs
# this after the set-up.
set -euo pipefail

TOOLS=(umoci skopeo buildah podman git node npm python3 xmllint help2man dpkg-shlibdeps zsh fish man col
  objdump mmdebstrap pre-commit docker-registry curl openssl htpasswd)
missing=()
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "check-test-tools: missing after set-up: ${missing[*]}" >&2
  exit 1
fi
echo "check-test-tools: ${TOOLS[*]} present" >&2
