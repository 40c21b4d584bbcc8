#!/usr/bin/env bash
# Writes SARIF, JUnit and GitLab Code Quality reports with the real binary
# and checks them with the real consumers (tests/report-check/check-reports:
# the OASIS schema, GitHub's upload pre-check and ingestion rules,
# Microsoft's SARIF multitool; three JUnit XSDs, junitparser, xunit-viewer,
# GitLab's view of JUnit; the Code Quality schema written from GitLab's
# documentation) for: the bundled
# valid sample, a copy of it with faults planted across rule families (also
# as an archive file and piped on standard input), and a path that cannot be
# validated. Also checks that two runs give the same
# SARIF apart from the start time.
# Usage: report_consumers.sh OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" reports "$@"
cd "$work"
cp -r "$SRC/corpus/sample" valid
cp -r "$SRC/corpus/sample" faulty

# Faults: a wrong layout version (LYT), a malformed annotation value in
# index.json (ANN), an unreferenced blob (LYT-008), a flipped byte in the
# layer (DIG-007 and the layer's own rules).
/usr/bin/python3 - faulty <<'PY'
import hashlib, json, os, sys
root = sys.argv[1]
open(os.path.join(root, "oci-layout"), "w").write('{"imageLayoutVersion":"2.0.0"}')
index = json.load(open(os.path.join(root, "index.json")))
index["manifests"][0]["annotations"]["org.opencontainers.image.created"] = "yesterday"
json.dump(index, open(os.path.join(root, "index.json"), "w"))
stray = b"stray blob\n"
open(os.path.join(root, "blobs/sha256", hashlib.sha256(stray).hexdigest()), "wb").write(stray)
manifest_digest = index["manifests"][0]["digest"].split(":")[1]
manifest = json.load(open(os.path.join(root, "blobs/sha256", manifest_digest)))
layer = os.path.join(root, "blobs/sha256", manifest["layers"][0]["digest"].split(":")[1])
data = bytearray(open(layer, "rb").read())
data[len(data) // 2] ^= 0x01
open(layer, "wb").write(bytes(data))
PY

for name in valid faulty; do
  set +e
  "$BIN" --sarif "$name.sarif" --junit "$name.junit.xml" --codequality "$name.codequality.json" "$name" >"$name.txt"
  rc=$?
  set -e
  case "$name:$rc" in
    valid:0 | faulty:1) ;;
    *) cat "$name.txt"; fail "$name: exit code $rc" ;;
  esac
done
for rule in LYT-003 ANN-007 LYT-008 DIG-007; do
  sarif_has faulty.sarif "$rule reported" ||
    { cat faulty.txt; fail "faulty.sarif has no $rule result"; }
  ! sarif_has valid.sarif "$rule .*" || fail "valid.sarif has a $rule result"
done

set +e
"$BIN" --sarif missing.sarif --junit missing.junit.xml --codequality missing.codequality.json \
  does-not-exist >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "a missing layout gave exit code $rc, not 2"

# A suppression from a policy file: the finding stays in the SARIF log as a
# suppressed result, and the run passes.
printf '{"suppress": [{"rule": "LYT-008", "reason": "scratch blob"}], "disable": ["ANN-*", "LYT-003", "DIG-007", "LYT-005", "LAY-*", "CFG-008"]}\n' >policy.json
"$BIN" --config policy.json --sarif suppressed.sarif faulty >suppressed.txt ||
  { cat suppressed.txt; fail "a fully suppressed or disabled run failed"; }
sarif_has suppressed.sarif "LYT-008 suppressed" ||
  fail "the suppressed finding is missing from SARIF"
! sarif_has suppressed.sarif "LYT-008 reported" ||
  fail "suppressed.sarif reports LYT-008 unsuppressed"

# Same image twice: identical SARIF apart from the start time.
set +e
"$BIN" --sarif again.sarif faulty >/dev/null
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "the second run on the faulty image gave exit code $rc, not 1"
diff <(grep -v startTimeUtc faulty.sarif) <(grep -v startTimeUtc again.sarif) >/dev/null ||
  fail "two runs on the same image gave different SARIF"

# The faulty image as an archive, and piped in: the archive is the artifact,
# the member a logical location.
tar -C faulty -cf faulty.tar .
set +e
"$BIN" --sarif archive.sarif --junit archive.junit.xml --codequality archive.codequality.json faulty.tar >archive.txt
rc=$?
"$BIN" --sarif stdin.sarif --codequality stdin.codequality.json - <faulty.tar >/dev/null
stdin_rc=$?
set -e
[ "$rc" -eq 1 ] || { cat archive.txt; fail "faulty.tar: exit code $rc"; }
[ "$stdin_rc" -eq 1 ] || fail "faulty.tar on standard input: exit code $stdin_rc"
for log in archive.sarif stdin.sarif; do
  sarif_has "$log" "DIG-007 reported" || fail "$log has no DIG-007 result"
done
grep -q '"uri": "faulty.tar"' archive.sarif || fail "archive.sarif does not name the archive"
grep -q 'faulty.tar:blobs/sha256/' archive.junit.xml || fail "archive.junit.xml does not name members"

# Code Quality: one issue per finding of the text report, each pointing at a
# file that exists here (GitLab links it in the repository); the same
# fingerprints for the layout and for its archive; a run that could not
# validate is one blocker issue; --format codequality prints the same report.
/usr/bin/python3 - <<'PY' || fail "the Code Quality reports are not what was expected"
import collections, json, os, re
def checked(name):
    """The report of NAME, one issue per finding of its text report, each at an existing file."""
    issues = json.load(open(f"{name}.codequality.json"))
    text = open(f"{name}.txt").read()
    counts = re.search(r"(\d+) errors?, (\d+) warnings?, (\d+) notes?", text)
    assert counts, text[-400:]
    by_severity = collections.Counter(i["severity"] for i in issues)
    assert [by_severity[s] for s in ("major", "minor", "info")] == [int(n) for n in counts.groups()], \
        (name, by_severity, counts.group(0))
    for issue in issues:
        assert os.path.isfile(issue["location"]["path"]), issue["location"]["path"]
        assert issue["description"].startswith(issue["check_name"] + " "), issue
    return issues
faulty = checked("faulty")
for rule in ("LYT-003", "ANN-007", "LYT-008", "DIG-007"):
    assert any(i["check_name"] == rule for i in faulty), rule
assert not [i for i in checked("valid") if i["severity"] == "major"]
archive = json.load(open("archive.codequality.json"))
assert {i["location"]["path"] for i in archive} == {"faulty.tar"}, archive[:2]
assert sorted(i["fingerprint"] for i in archive) == sorted(i["fingerprint"] for i in faulty)
stdin = json.load(open("stdin.codequality.json"))
assert sorted(i["fingerprint"] for i in stdin) == sorted(i["fingerprint"] for i in faulty)
missing = json.load(open("missing.codequality.json"))
assert [i["severity"] for i in missing] == ["blocker"], missing
PY
set +e
"$BIN" --format codequality faulty >stdout.codequality.json
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "--format codequality on the faulty image: exit code $rc, not 1"
cmp -s stdout.codequality.json faulty.codequality.json || fail "--format codequality differs from --codequality"

# More findings than GitHub takes in one run (25,000): 25,050 unreferenced
# blobs, one LYT-008 note each. The SARIF log keeps 25,000 results, the
# warnings among them, says in the run's notifications how many it left out,
# and passes the ingestion limits; the text report still counts them all.
# Every finding is listed (--max-findings-per-rule): by default a rule lists
# its first 1,000, and one more finding counts the rest.
cp -r "$SRC/corpus/sample" many
/usr/bin/python3 - many <<'PY'
import hashlib, os, sys
for i in range(25050):
    data = f"stray {i}\n".encode()
    open(os.path.join(sys.argv[1], "blobs/sha256", hashlib.sha256(data).hexdigest()), "wb").write(data)
PY
"$BIN" --max-findings-per-rule 30000 --sarif many.sarif many >many.txt || { tail -n 3 many.txt; fail "many: ocivalidate failed"; }
grep -q '25051 notes' many.txt || { tail -n 1 many.txt; fail "many: the text report does not count every note"; }
/usr/bin/python3 - many.sarif <<'PY' || fail "many.sarif is not cut as expected"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
results = run["results"]
assert len(results) == 25000, len(results)
assert sum(r["level"] == "warning" for r in results) == 2, "the warnings were cut"
notes = run["invocations"][0]["toolExecutionNotifications"]
assert notes[0]["level"] == "warning" and notes[0]["message"]["text"].startswith("53 of 25053 results"), notes
PY
/usr/bin/python3 "$SRC/tests/report-check/lib/sarif_github_ingest.py" many.sarif >many-ingest.txt ||
  { cat many-ingest.txt; fail "many.sarif exceeds GitHub's limits"; }
rm -rf many many.sarif

# The GitLab checks can fail: a Code Quality report with a shared
# fingerprint, a "./" path and an unknown severity; a JUnit report with a
# duplicate test, a failure whose detail is only in its message and no
# passing test.
LIB="$SRC/tests/report-check/lib"
/usr/bin/python3 - faulty.codequality.json broken.codequality.json <<'PY'
import json, sys
issues = json.load(open(sys.argv[1]))
issues[1]["fingerprint"] = issues[0]["fingerprint"]
issues[2]["location"]["path"] = "./" + issues[2]["location"]["path"]
issues[3]["severity"] = "error"
json.dump(issues, open(sys.argv[2], "w"))
PY
/usr/bin/python3 "$LIB/codequality_check.py" "$SRC/tests/report-check/schemas/gitlab-codequality.schema.json" \
  broken.codequality.json >broken-cq.txt && fail "the Code Quality check accepts a broken report"
for what in "is used 2 times" "location/path" "'error' is not one of"; do
  grep -q -- "$what" broken-cq.txt || { cat broken-cq.txt; fail "the Code Quality check misses: $what"; }
done
cat >broken.junit.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="x" tests="2" failures="2">
<testcase classname="DESC" name="DESC-004"><failure message="size 7 differs from 9"></failure></testcase>
<testcase classname="DESC" name="DESC-004"><failure message="m">body</failure></testcase>
</testsuite></testsuites>
XML
/usr/bin/python3 "$LIB/junit_gitlab_view.py" broken.junit.xml >broken-junit.txt &&
  fail "the GitLab JUnit view accepts a broken report"
for what in "has no text" "message is not in its text" "GitLab keeps the first" "no passing test case"; do
  grep -q -- "$what" broken-junit.txt || { cat broken-junit.txt; fail "the GitLab JUnit view misses: $what"; }
done

# The conformance runner's JUnit report, for ocivalidate and another tool.
"$BIN" conformance --filter valid/ --tool '[accept all] true {}' --junit conformance.junit.xml >/dev/null

"$SRC/tests/report-check/check-reports" --no-install --junit conformance.junit.xml \
  --sarif valid.sarif --sarif faulty.sarif --sarif missing.sarif --sarif suppressed.sarif \
  --sarif archive.sarif --sarif stdin.sarif \
  --junit valid.junit.xml --junit faulty.junit.xml --junit missing.junit.xml \
  --junit archive.junit.xml \
  --codequality valid.codequality.json --codequality faulty.codequality.json \
  --codequality missing.codequality.json --codequality archive.codequality.json \
  --codequality stdin.codequality.json
