#!/usr/bin/env bash
# The GitHub Action (action.yml at the repository root): valid against the
# Actions metadata schema written from GitHub's documentation
# (tests/actions/action-metadata.schema.json), and its steps run here as the
# runner runs them (tests/actions/run_composite.py): the install step builds
# into BUILD_DIR (already built: no compilation) and installs under the
# runner's temporary directory, the validate step runs the installed
# command. Checked: a valid image passes with a SARIF report that GitHub's
# ingestion rules accept, a broken one fails the step with exit code 1 and
# still leaves the reports, fail-on is applied, a missing image gives 2, an
# input is never run as a command, and the schema check rejects a broken
# action.yml.
# Usage: github_action.sh BUILD_DIR SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" action "" "$2"
BUILD="$1"
RUNNER="$SRC/tests/actions/run_composite.py"
SCHEMA="$SRC/tests/actions/action-metadata.schema.json"

/usr/bin/python3 "$RUNNER" validate "$SRC/action.yml" "$SCHEMA" || fail "action.yml does not match the metadata schema"
# The check can fail: a run step without its shell, an input without a
# description, an expression naming an input that does not exist.
/usr/bin/python3 - "$SRC/action.yml" "$work/broken.yml" <<'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
del action["runs"]["steps"][0]["shell"]
del action["inputs"]["format"]["description"]
action["runs"]["steps"][1]["env"]["OCV_PATH"] = "${{ inputs.image }}"
yaml.safe_dump(action, open(sys.argv[2], "w"))
PY
/usr/bin/python3 "$RUNNER" validate "$work/broken.yml" "$SCHEMA" >"$work/broken.txt" &&
  fail "the schema check accepts an action.yml whose step has no shell"
for what in "steps/0" "inputs/format" "inputs.image: no such input"; do
  grep -q -- "$what" "$work/broken.txt" || { cat "$work/broken.txt"; fail "the check misses: $what"; }
done

cd "$work"
cp -r "$SRC/corpus/sample" valid
cp -r "$SRC/corpus/sample" broken
echo '{"imageLayoutVersion":"2.0.0"}' >broken/oci-layout

# run_action NAME INPUT=VALUE...: runs the action; its exit code in $rc, its
# outputs (JSON) in NAME.outputs.
run_action() {
  local name="$1"
  shift
  set +e
  /usr/bin/python3 "$RUNNER" run "$SRC/action.yml" "$work" "build-dir=$BUILD" "$@" >"$name.log" 2>&1
  rc=$?
  set -e
  tail -n 1 "$name.log" >"$name.outputs"
}
output() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1.outputs" "$2"; }

run_action valid path=valid junit-file=valid.junit.xml
[ "$rc" -eq 0 ] || { cat valid.log; fail "the action failed on a valid image: $rc"; }
grep -q '^ocivalidate [0-9.]* (git ' valid.log || { cat valid.log; fail "the install step did not run the installed command"; }
[ "$(output valid exit-code)" = 0 ] || fail "exit-code output: $(cat valid.outputs)"
[ "$(output valid sarif-file)" = ocivalidate.sarif ] || fail "sarif-file output: $(cat valid.outputs)"
[ -s ocivalidate.sarif ] && [ -s valid.junit.xml ] || fail "the reports were not written"
grep -q 'VALID' valid.log || fail "the text report is not in the log"
/usr/bin/python3 "$SRC/tests/report-check/lib/sarif_github_ingest.py" ocivalidate.sarif >ingest.txt ||
  { cat ingest.txt; fail "GitHub's ingestion rules reject the action's SARIF"; }
mv ocivalidate.sarif valid.sarif

run_action broken path=broken sarif-file=broken.sarif
[ "$rc" -eq 1 ] || { cat broken.log; fail "a broken image gave $rc, not 1"; }
[ "$(output broken exit-code)" = 1 ] || fail "exit-code output: $(cat broken.outputs)"
grep -q '"LYT-003"' broken.sarif || fail "the SARIF of the failed step lacks LYT-003"

run_action strict path=valid fail-on=warning sarif-file=
[ "$rc" -eq 1 ] || { cat strict.log; fail "fail-on warning on warnings gave $rc"; }
[ ! -e ocivalidate.sarif ] || fail "an empty sarif-file still wrote ocivalidate.sarif"

run_action missing path=does-not-exist
[ "$rc" -eq 2 ] || { cat missing.log; fail "a missing image gave $rc, not 2"; }

# A hostile input is a path, never a command or an option.
run_action hostile 'path=$(touch injected); `touch injected2` --help' 'format=json;touch injected3'
[ "$rc" -eq 2 ] || { cat hostile.log; fail "a hostile input gave $rc"; }
ls injected* >/dev/null 2>&1 && fail "an input ran as a command"
echo "PASS: the action: schema, install, valid 0, broken 1, fail-on 1, missing 2, inputs inert"
