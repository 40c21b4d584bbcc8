#!/usr/bin/env bash
# Mutation check of the rule tests: a fixed list of small, plausible bugs
# planted in rule checks (scripts/mutants.txt, at least one per rule family),
# each applied alone to a scratch copy of the sources, which is built and
# run against the rule and corpus suites. A mutant the suites still pass
# "survived": some behaviour of its rule is not pinned down by any test.
# Prints each outcome, the kill rate and the survivors; exits 1 when a
# mutant survived or could not be applied (its code moved: update the list).
#
# Usage: scripts/mutants.sh [ID...]     (default: every mutant in the list)
# The scratch copy and its build live in build-mutants/ (MUTANTS_DIR) and
# are reused, so that a later run only rebuilds what a mutant touches. The
# first run builds everything once; each mutant then costs one rule file,
# two links and the suites (a few minutes on 2 shared cores). Not in CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCRATCH="${MUTANTS_DIR:-$ROOT/build-mutants}"
LIST="$ROOT/scripts/mutants.txt"
# The suites a rule bug can show in: the rule families' unit tests, the
# schema pass, the official vectors, the conformance corpus, archives.
SUITES="json_rules:descriptor_rules:digest_rules:manifest_rules:index_rules:platform_rules"
SUITES+=":config_rules:annotation_rules:media_type_rules:artifact_rules:layout_rules"
SUITES+=":layer_rules:whiteout_rules:layer_scan:layer_limits:schema:vectors:corpus:archive_inputs"
"$ROOT/scripts/setup.sh"
mkdir -p "$SCRATCH/src"

exec /usr/bin/python3 - "$ROOT" "$SCRATCH" "$LIST" "$SUITES" "$@" <<'PY'
import os, subprocess, sys, time

root, scratch, list_path, suites, *wanted = sys.argv[1:]
src, build = os.path.join(scratch, "src"), os.path.join(scratch, "build")

def sync():
    """Copies the working tree's files into the scratch copy. Only files whose
    bytes differ are written, so that they alone get a new time and rebuild."""
    files = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"],
                           check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        source = os.path.join(root, rel)
        if not os.path.isfile(source) or os.path.islink(source):
            continue
        data = open(source, "rb").read()
        target = os.path.join(src, rel)
        if os.path.exists(target) and open(target, "rb").read() == data:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(data)
        os.chmod(target, os.stat(source).st_mode & 0o777)

def load():
    """The list: blocks of `id RULE-ID path` then `-` old line(s), `+` new
    line(s), separated by blank lines; # starts a comment."""
    mutants, cur = [], None
    for raw in open(list_path):
        line = raw.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            cur = None
            continue
        if cur is None:
            ident, rule, path = line.split()
            cur = {"id": ident, "rule": rule, "path": path, "old": [], "new": []}
            mutants.append(cur)
        elif line.startswith("-"):
            cur["old"].append(line[1:])
        elif line.startswith("+"):
            cur["new"].append(line[1:])
        else:
            sys.exit(f"mutants.txt: cannot read {line!r}")
    return mutants

def run(cmd, log):
    with open(log, "w") as out:
        return subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT).returncode

sync()
if not os.path.exists(os.path.join(build, "build.ninja")):
    # -O1: quicker to build than Release, quick enough to run the suites.
    subprocess.run(["cmake", "-S", src, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug",
                    "-DCMAKE_CXX_FLAGS_DEBUG=-O1"], check=True, stdout=subprocess.DEVNULL)
targets = ["--target", "ocivalidate", "ocv_tests"]
if run(["cmake", "--build", build, "-j", str(os.cpu_count())] + targets,
       os.path.join(scratch, "build.log")) != 0:
    sys.exit(f"mutants: the unmutated copy does not build ({scratch}/build.log)")
tests = [os.path.join(build, "tests", "ocv_tests"), f"--run_test={suites}"]
if run(tests, os.path.join(scratch, "baseline.log")) != 0:
    sys.exit(f"mutants: the suites fail without any mutant ({scratch}/baseline.log)")

mutants = [m for m in load() if not wanted or m["id"] in wanted or m["rule"] in wanted]
outcomes = {}
for m in mutants:
    path = os.path.join(src, m["path"])
    original = open(path).read()
    old, new = "\n".join(m["old"]) + "\n", "\n".join(m["new"]) + "\n"
    if original.count(old) != 1:
        outcomes[m["id"]] = "not applied"
        print(f"{m['id']:<28} {m['rule']:<9} NOT APPLIED (the code moved: {m['path']})", flush=True)
        continue
    start = time.time()
    log = os.path.join(scratch, f"{m['id']}.log")
    try:
        with open(path, "w") as f:
            f.write(original.replace(old, new))
        if run(["cmake", "--build", build, "-j", str(os.cpu_count())] + targets, log) != 0:
            outcome = "does not compile"
        else:
            try:
                rc = subprocess.run(tests, stdout=open(log, "a"), stderr=subprocess.STDOUT,
                                    timeout=1800).returncode
            except subprocess.TimeoutExpired:
                rc = -1
            outcome = "killed" if rc != 0 else "SURVIVED"
    finally:
        with open(path, "w") as f:  # a new time: the next build compiles it again
            f.write(original)
    outcomes[m["id"]] = outcome
    print(f"{m['id']:<28} {m['rule']:<9} {outcome} ({time.time() - start:.0f} s)", flush=True)

run(["cmake", "--build", build, "-j", str(os.cpu_count())] + targets,
    os.path.join(scratch, "build.log"))  # leave the copy built unmutated
killed = sum(1 for o in outcomes.values() if o == "killed")
tried = sum(1 for o in outcomes.values() if o in ("killed", "SURVIVED"))
print(f"\nkilled {killed} of {tried} mutants ({100.0 * killed / tried if tried else 0:.0f} %)")
bad = {i: o for i, o in outcomes.items() if o != "killed"}
for ident, outcome in bad.items():
    print(f"  {outcome}: {ident}")
sys.exit(1 if bad else 0)
PY
