# The common start of the script tests, sourced with the test's short name
# and its own arguments: strict mode, the binary and source directory, a
# failure helper, a scratch directory removed on exit, and readers of what a
# report found.
# Usage: source script_prelude.sh NAME OCIVALIDATE_BINARY SOURCE_DIR
set -euo pipefail
BIN="$2"
SRC="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/ocv-$1-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The results of a SARIF log, one "RULE reported|suppressed" line each,
# sorted and unique. Every log lists every rule in tool.driver.rules, so
# only runs[].results[] says what was found.
sarif_results() {
  /usr/bin/python3 -c '
import json, sys
for run in json.load(open(sys.argv[1]))["runs"]:
    for r in run.get("results", []):
        print(r["ruleId"], "suppressed" if r.get("suppressions") else "reported")
' "$1" | sort -u
}

# Succeeds when a result line of the SARIF log FILE matches the whole of
# PATTERN (grep -x), e.g. "DIG-007 reported" or "DIG-007 .*".
sarif_has() {
  local results
  results="$(sarif_results "$1")" || fail "$1 is not a readable SARIF log"
  grep -qx -- "$2" <<<"$results"
}

# Succeeds when the JUnit report FILE has a <failure> of rule RULE. Every
# report has a test case for every rule, so the test case alone says nothing.
junit_fails() {
  [ -s "$1" ] || fail "$1 is missing or empty"
  grep -q "<failure [^>]*type=\"$2\"" "$1"
}
