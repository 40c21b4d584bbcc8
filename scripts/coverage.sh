#!/usr/bin/env bash
# Test coverage, measured: builds the project with gcc's --coverage at -O0
# in build-coverage/, runs the test suite there (without the resource suite,
# whose CPU and memory limits are set for an optimised build) and writes
# scripts/COVERAGE.md: the date, line and branch coverage per directory
# (gcovr from Debian; branches without exception edges, since every call
# that may throw adds one), and the rules that no test has seen both fire
# and stay silent.
#
# Targets: lines >= 95 %, branches >= 90 %, every rule asked about by at
# least one test where it fires and one where it does not. The evidence
# for the last comes from the tests themselves: with OCV_RULE_EVIDENCE set,
# every question a test asks through tests/support/findings.hpp ("did RULE
# fire?") is logged with its answer; a corpus case about a rule counts as
# a firing when it expects the rule and as a silent case when it does not.
# Rules reported under another rule's ID have no check of their own.
# Exits 1 when a target is missed.
#
# Usage: scripts/coverage.sh [CTEST_REGEX]   (default: every suite but resources)
# Takes about an hour on 2 shared cores the first time; later runs build
# incrementally. Not part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BUILD="${BUILD_DIR:-build-coverage}"
OUT="$ROOT/scripts/COVERAGE.md"
command -v gcovr >/dev/null || {
  echo "coverage: gcovr is missing (Debian: apt-get install gcovr)" >&2
  exit 1
}
"./scripts/setup.sh"
# Without the test tools the script and real-tool suites fail or skip: the
# summary then says that some tests failed.
"./scripts/setup-test-tools.sh" || echo "coverage: the test tools are incomplete" >&2
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0" \
    -DCMAKE_CXX_FLAGS="--coverage" -DCMAKE_EXE_LINKER_FLAGS="--coverage" >/dev/null
fi
# COVERAGE_NO_BUILD=1 measures the build as it stands (the summary names
# its commit).
# Everything is built: the packaging suites install the manual page too.
[ -n "${COVERAGE_NO_BUILD:-}" ] || cmake --build "$BUILD" -j"$(nproc)"

# Counters from an earlier run would add to this one.
find "$BUILD" -name '*.gcda' -delete
evidence="$(mktemp "${TMPDIR:-/tmp}/ocv-rule-evidence.XXXXXX")"
trap 'rm -f "$evidence"' EXIT
set +e
(cd "$BUILD" && OCV_RULE_EVIDENCE="$evidence" ctest -j"$(nproc)" --output-on-failure \
  ${1:+-R "$1"} -E '^resources') >"$BUILD/coverage-ctest.log" 2>&1
ctest_rc=$?
set -e
tail -n 3 "$BUILD/coverage-ctest.log"

gcovr --root "$ROOT" --object-directory "$BUILD" --filter "$ROOT/(validator|rules|reports|apps)/" \
  --exclude-throw-branches --exclude-unreachable-branches --gcov-ignore-parse-errors \
  --json-summary "$BUILD/coverage-summary.json" "$BUILD" >/dev/null

/usr/bin/python3 - "$BUILD/coverage-summary.json" "$evidence" "$ROOT" "$OUT" "$ctest_rc" \
  "$(git rev-parse --short HEAD)" "${1:-}" <<'PY'
import collections, datetime, glob, json, os, re, subprocess, sys

summary_path, evidence_path, root, out_path, ctest_rc, commit, regex = sys.argv[1:8]
LINE_TARGET, BRANCH_TARGET = 95.0, 90.0

# Per directory: validator/<module>, rules, reports, apps/<application>.
dirs = collections.defaultdict(lambda: [0, 0, 0, 0])  # lines covered/total, branches covered/total
for f in json.load(open(summary_path))["files"]:
    parts = f["filename"].split("/")
    key = "/".join(parts[:2]) if parts[0] in ("validator", "apps") else parts[0]
    d = dirs[key]
    d[0] += f["line_covered"]; d[1] += f["line_total"]
    d[2] += f["branch_covered"]; d[3] += f["branch_total"]
total = [sum(d[i] for d in dirs.values()) for i in range(4)]
pct = lambda c, t: 100.0 * c / t if t else 100.0

# Which rules a test has seen fire, and seen stay silent.
listing = subprocess.run([os.path.join(root, os.environ.get("BUILD_DIR", "build-coverage"),
                                       "ocivalidate"), "rules"], capture_output=True, text=True)
registered = sorted(l.split()[0] for l in listing.stdout.splitlines()
                    if re.match(r"[A-Z]+-[0-9]+ ", l))
seen = collections.defaultdict(set)
for line in open(evidence_path):
    rule, answer = line.split()
    seen[rule].add(answer)
for path in glob.glob(os.path.join(root, "corpus/cases/*.json")):
    for case in json.load(open(path))["cases"]:
        if case.get("rule"):
            fired = case["rule"] in case.get("expect", [])
            seen[case["rule"]].add("fired" if fired else "silent")
# A rule reported under another rule's ID has no check of its own to run.
reported_as = set()
for path in glob.glob(os.path.join(root, "rules/*.cpp")):
    reported_as.update(re.findall(r'reported_as\("([A-Z]+-[0-9]+)"', open(path).read()))
checked = [r for r in registered if r not in reported_as]
no_firing = [r for r in checked if "fired" not in seen[r]]
no_silent = [r for r in checked if "silent" not in seen[r]]

lines = [
    "# Test coverage",
    "",
    f"Measured {datetime.date.today().isoformat()} at commit {commit} by `scripts/coverage.sh` "
    "(gcc --coverage at -O0, gcovr; branches without exception edges and without branches gcc",
    "marks unreachable), over `validator/`, `rules/`, `reports/` and `apps/`, with "
    + (f"the CTest suites matching `{regex}`" if regex else "every CTest suite")
    + " but `resources`"
    + (" (some tests failed in this build: see the script's output)." if ctest_rc != "0" else "."),
    "Targets: lines ≥ 95 %, branches ≥ 90 %.",
    "",
    "| directory | lines | line % | branches | branch % |",
    "|---|---:|---:|---:|---:|",
]
for key in sorted(dirs):
    c, t, bc, bt = dirs[key]
    lines.append(f"| `{key}` | {c}/{t} | {pct(c, t):.1f} | {bc}/{bt} | {pct(bc, bt):.1f} |")
lines.append(f"| **all** | {total[0]}/{total[1]} | **{pct(total[0], total[1]):.1f}** | "
             f"{total[2]}/{total[3]} | **{pct(total[2], total[3]):.1f}** |")
lines += [
    "",
    f"Rules: {len(registered)} registered, {len(checked)} with a check of their own (the other "
    f"{len(registered) - len(checked)} are reported under another rule's ID); a test saw "
    f"{len(checked) - len(no_firing)} of those fire and {len(checked) - len(no_silent)} stay silent "
    "(tests asking through `tests/support/findings.hpp`, and corpus cases about a rule: a firing "
    "when the rule is expected, a silent case when it is not).",
    "",
    "- never seen firing: " + (", ".join(no_firing) if no_firing else "none"),
    "- never seen silent: " + (", ".join(no_silent) if no_silent else "none"),
    "",
]
open(out_path, "w").write("\n".join(lines))
print("\n".join(lines))
missed = (pct(total[0], total[1]) < LINE_TARGET or pct(total[2], total[3]) < BRANCH_TARGET
          or no_firing or no_silent or not registered)
sys.exit(1 if missed else 0)
PY
