#!/usr/bin/env bash
# Scaffolds a new rule: its definition (a metadata row in the family's
# rules/<family>_rules.cpp, or a new family file, with its row of the
# requirements catalogue), a test that fails until it is written, and a
# corpus case that fails until it builds an image breaking the rule; then,
# when build/ is configured, regenerates the generated files from the
# definitions: docs/rules/<ID>.md, docs/rules/README.md and the catalogue
# copy tests/data/rules-catalogue.md. Then:
#   1. write the check next to the metadata and fill in every TODO;
#   2. build, and regenerate: cmake --build build --target rule-docs (the tests
#      rule_docs_current and rule_catalogue_current fail until they are current);
#   3. run the family's test suite and the corpus: build/tests/ocv_tests --run_test=corpus
# Usage: scripts/new-rule.sh ID [--level MUST|SHOULD|MAY|...] [--severity error|warning|note]
#                             [--title TEXT] [--spec FILE.md#ANCHOR]
# ID is FAMILY-NNN (DIG-010); an unknown FAMILY gets files of its own.
set -euo pipefail
ROOT="${OCV_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
id="$1"
shift
level="MUST" severity="" title="TODO: what must hold, in one line" spec="TODO.md#todo"
while [ $# -gt 0 ]; do
  case "$1" in
    --level) level="$2"; shift 2 ;;
    --severity) severity="$2"; shift 2 ;;
    --title) title="$2"; shift 2 ;;
    --spec) spec="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ $id =~ ^[A-Z]+-[0-9]{3}$ ]] || { echo "new-rule: $id is not an ID such as DIG-010" >&2; exit 2; }
if [ -z "$severity" ]; then
  case "$level" in MUST*) severity=error ;; SHOULD*) severity=warning ;; *) severity=note ;; esac
fi
[[ $severity =~ ^(error|warning|note)$ ]] || { echo "new-rule: severity $severity" >&2; exit 2; }
if grep -q "\.id = \"$id\"" "$ROOT"/rules/*.cpp; then
  echo "new-rule: $id is already defined in $(grep -l "\.id = \"$id\"" "$ROOT"/rules/*.cpp)" >&2
  exit 2
fi
/usr/bin/python3 "$ROOT/scripts/new_rule.py" "$ROOT" "$id" "$level" "$severity" "$title" "$spec"
build="$ROOT/${BUILD_DIR:-build}"
if [ -f "$build/build.ninja" ] || [ -f "$build/Makefile" ]; then
  echo "new-rule: regenerating the rule pages and the catalogue (cmake --build $build --target rule-docs)"
  cmake --build "$build" --target rule-docs
fi
