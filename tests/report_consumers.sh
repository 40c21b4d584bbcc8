#!/usr/bin/env bash
# Writes SARIF and JUnit reports with the real binary and checks them with
# the real consumers (tests/report-check/check-reports: the OASIS schema,
# GitHub's upload pre-check and ingestion rules, Microsoft's SARIF
# multitool; three JUnit XSDs, junitparser, xunit-viewer) for: the bundled
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
# layer (DIG-007 and the layer's own rules), a size that does not match the
# config blob (DESC).
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
  "$BIN" --sarif "$name.sarif" --junit "$name.junit.xml" "$name" >"$name.txt"
  rc=$?
  set -e
  case "$name:$rc" in
    valid:0 | faulty:1) ;;
    *) cat "$name.txt"; fail "$name: exit code $rc" ;;
  esac
done
for rule in LYT-003 ANN-007 LYT-008 DIG-007; do
  grep -q "\"$rule\"" faulty.sarif || { cat faulty.txt; fail "faulty.sarif has no $rule result"; }
done

set +e
"$BIN" --sarif missing.sarif --junit missing.junit.xml does-not-exist >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "a missing layout gave exit code $rc, not 2"

# A suppression from a policy file: the finding stays in the SARIF log as a
# suppressed result, and the run passes.
printf '{"suppress": [{"rule": "LYT-008", "reason": "scratch blob"}], "disable": ["ANN-*", "LYT-003", "DIG-007", "LYT-005", "LAY-*", "CFG-008"]}\n' >policy.json
"$BIN" --config policy.json --sarif suppressed.sarif faulty >suppressed.txt ||
  { cat suppressed.txt; fail "a fully suppressed or disabled run failed"; }
grep -q '"suppressions"' suppressed.sarif || fail "the suppressed finding is missing from SARIF"

# Same image twice: identical SARIF apart from the start time.
"$BIN" --sarif again.sarif faulty >/dev/null || true
diff <(grep -v startTimeUtc faulty.sarif) <(grep -v startTimeUtc again.sarif) >/dev/null ||
  fail "two runs on the same image gave different SARIF"

# The faulty image as an archive, and piped in: the archive is the artifact,
# the member a logical location.
tar -C faulty -cf faulty.tar .
set +e
"$BIN" --sarif archive.sarif --junit archive.junit.xml faulty.tar >archive.txt
rc=$?
"$BIN" --sarif stdin.sarif - <faulty.tar >/dev/null
set -e
[ "$rc" -eq 1 ] || { cat archive.txt; fail "faulty.tar: exit code $rc"; }
grep -q '"uri": "faulty.tar"' archive.sarif || fail "archive.sarif does not name the archive"
grep -q 'faulty.tar:blobs/sha256/' archive.junit.xml || fail "archive.junit.xml does not name members"

# The conformance runner's JUnit report, for ocivalidate and another tool.
"$BIN" conformance --filter valid/ --tool '[accept all] true {}' --junit conformance.junit.xml >/dev/null

"$SRC/tests/report-check/check-reports" --no-install --junit conformance.junit.xml \
  --sarif valid.sarif --sarif faulty.sarif --sarif missing.sarif --sarif suppressed.sarif \
  --sarif archive.sarif --sarif stdin.sarif \
  --junit valid.junit.xml --junit faulty.junit.xml --junit missing.junit.xml \
  --junit archive.junit.xml
