#!/usr/bin/env bash
# The validate step of action.yml: runs ocivalidate on the path input with
# the report files the inputs name, writes the outputs exit-code and
# sarif-file, and exits with ocivalidate's exit code (0 valid, 1 invalid, 2
# could not validate), so that the step fails as the command does. The
# report files are written in every case, for the steps that upload them.
# Environment: GITHUB_OUTPUT (set by the runner); OCV_PATH, OCV_FORMAT,
# OCV_FAIL_ON, OCV_SARIF_FILE, OCV_JUNIT_FILE, OCV_CONFIG (the inputs).
set -uo pipefail
: "${GITHUB_OUTPUT:?set by the runner}"
args=(--format "${OCV_FORMAT:-text}")
[ -n "${OCV_FAIL_ON:-}" ] && args+=(--fail-on "$OCV_FAIL_ON")
[ -n "${OCV_SARIF_FILE:-}" ] && args+=(--sarif "$OCV_SARIF_FILE")
[ -n "${OCV_JUNIT_FILE:-}" ] && args+=(--junit "$OCV_JUNIT_FILE")
[ -n "${OCV_CONFIG:-}" ] && args+=(--config "$OCV_CONFIG")
# "--" ends the options: a path such as "rules" or "-x" is still a path.
ocivalidate "${args[@]}" -- "${OCV_PATH:?the path input is required}"
rc=$?
{
  echo "exit-code=$rc"
  echo "sarif-file=${OCV_SARIF_FILE:-}"
} >>"$GITHUB_OUTPUT"
exit "$rc"
