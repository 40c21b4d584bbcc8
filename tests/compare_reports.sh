#!/usr/bin/env bash
# scripts/compare-reports.sh on a few corpus cases and the sample image:
# a build compared with itself gives identical reports in every format
# (nothing differs from run to run but the start time and duration it
# leaves out), and a
# build that reports differently (here: with DIG-007 disabled) is caught,
# with a diff naming the rule. --save and --baseline reuse the inputs.
# Usage: compare_reports.sh OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" compare "$@"
BIN="$(realpath "$BIN")"
compare() { "$SRC/scripts/compare-reports.sh" --no-real-images --filter DIG-00 "$@"; }

compare --binary "$BIN" --binary "$BIN" >"$work/same.out" 2>&1 ||
  { cat "$work/same.out"; fail "a build compared with itself differs"; }
grep -q 'all [0-9]* inputs give identical reports' "$work/same.out" || fail "no summary: $(cat "$work/same.out")"
# The other formats, with what differs from run to run (SARIF's start time,
# JUnit's timestamp and times) left out.
for format in text sarif junit codequality; do
  compare --format "$format" --binary "$BIN" --binary "$BIN" >"$work/same-$format.out" 2>&1 ||
    { cat "$work/same-$format.out"; fail "$format: a build compared with itself differs"; }
done

cat >"$work/changed" <<SH
#!/bin/sh
exec "$BIN" --disable DIG-007 "\$@"
SH
chmod +x "$work/changed"
code=0
compare --binary "$BIN" --binary "$work/changed" >"$work/changed.out" 2>&1 || code=$?
[ "$code" = 1 ] || { cat "$work/changed.out"; fail "a changed report was not caught (exit $code)"; }
grep -q '^-.*"ruleId": "DIG-007"' "$work/changed.out" || fail "the diff does not show the lost DIG-007 finding"
grep -q '^+.*"DIG-007"' "$work/changed.out" || fail "the diff does not show DIG-007 disabled"
grep -q 'compare-reports: [1-9][0-9]* of [0-9]* inputs differ' "$work/changed.out" || fail "no count of differences"

compare --save "$work/baseline" --binary "$BIN" >/dev/null 2>&1 || fail "--save failed"
compare --baseline "$work/baseline" --binary "$BIN" >"$work/baseline.out" 2>&1 ||
  { cat "$work/baseline.out"; fail "--baseline of the same build differs"; }
echo "PASS: compare_reports"
