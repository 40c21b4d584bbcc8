#!/usr/bin/env bash
# Runs the resource suite (tests/resource_test.cpp: hostile layouts generated
# at test time, each validated under memory and CPU limits) and writes what
# each case took, wall time, CPU time, peak RSS and report size, as the
# "## Resource suite" section of scripts/BENCHMARK.md (RESULTS=... writes
# elsewhere), leaving the rest of the file as it was. The suite itself holds
# every case to 256 MiB of peak RSS; its CPU limits only catch a hang.
#
# Usage: scripts/resource-figures.sh [BUILD_DIR]   (default: build, after scripts/build.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$(realpath "${1:-$ROOT/build}")"
RESULTS="${RESULTS:-$ROOT/scripts/BENCHMARK.md}"
TESTS="$BUILD/tests/ocv_tests"
[ -x "$TESTS" ] || { echo "resource-figures.sh: no $TESTS (run scripts/build.sh)" >&2; exit 2; }

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
status=0
"$TESTS" --run_test=resources --log_level=message --color_output=false >"$log" 2>&1 || status=$?
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

LOG="$log" STATUS="$status" LOAD_START="$load_start" LOAD_END="$load_end" \
  COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
  CORES="$(nproc)" DAY="$(date -u +%Y-%m-%d)" \
  /usr/bin/python3 - "$RESULTS" <<'PY'
import os, re, sys

env = os.environ
line = re.compile(r"^(?P<case>.+): exit (?P<exit>-?\d+), wall (?P<wall>[\d.]+) s, "
                  r"cpu (?P<cpu>[\d.]+) s, peak RSS (?P<rss>[\d.]+) MiB, report (?P<report>\d+) bytes$")
rows = [m.groupdict() for m in map(line.match, open(env["LOG"]).read().splitlines()) if m]
if not rows:
    sys.exit("resource-figures.sh: the suite printed no figures:\n" + open(env["LOG"]).read()[-2000:])
verdict = ("every case passed (peak RSS ≤ 256 MiB, expected exit and findings)"
           if env["STATUS"] == "0" else "**the suite failed** (see its output)")
out = [
    "## Resource suite",
    "",
    f"Measured by `scripts/resource-figures.sh` on {env['DAY']} at {env['COMMIT']}: "
    f"{env['CORES']} cores ({env['CPU_MODEL']}), load average {env['LOAD_START']} at the start "
    f"and {env['LOAD_END']} at the end (other work shares the machine: wall times stretch with "
    f"the load, CPU time and peak RSS much less). One run of each case of "
    f"`tests/resource_test.cpp`, one after another; {verdict}.",
    "",
    "| case | exit | wall (s) | CPU (s) | peak RSS (MiB) | report (bytes) |",
    "|---|---:|---:|---:|---:|---:|",
]
for r in rows:
    out.append(f"| {r['case']} | {r['exit']} | {r['wall']} | {r['cpu']} | {r['rss']} | "
               f"{int(r['report']):,} |")
section = "\n".join(out) + "\n"

path = sys.argv[1]
text = open(path).read() if os.path.exists(path) else ""
m = re.search(r"^## Resource suite\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
if m:
    rest = text[m.end():]
    text = text[:m.start()] + section + ("\n" + rest if rest else "")
else:
    text = (text.rstrip() + "\n\n" if text else "") + section
open(path, "w").write(text)
print(section)
PY
exit "$status"
