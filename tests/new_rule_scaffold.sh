#!/usr/bin/env bash
# scripts/new-rule.sh in a scratch copy of the source: a rule of a known
# family and one of a new family are scaffolded where the family's files
# are, the C++ it writes compiles, the corpus case parses (ocivalidate
# reads the case files) and names the rule, the definition carries the
# rule's catalogue row (a new family gets a section of the catalogue
# template), and a second run, an ID already defined or a malformed ID, is
# refused.
# Usage: new_rule_scaffold.sh OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" new-rule "$@"
copy="$work/src"
mkdir "$copy"
for dir in rules ruledocs tests/support scripts corpus/cases tests/data validator; do
  mkdir -p "$copy/$dir" && cp -r "$SRC/$dir/." "$copy/$dir/"
done
cp "$SRC"/tests/*.cpp "$SRC/tests/CMakeLists.txt" "$copy/tests/"

OCV_SOURCE_DIR="$copy" "$copy/scripts/new-rule.sh" DIG-099 --level SHOULD --title 'A "quoted" title' \
  >"$work/out" || fail "new-rule.sh DIG-099: $(cat "$work/out")"
grep -qx '  rules/digest_rules.cpp' "$work/out" || fail "DIG-099 not in digest_rules.cpp: $(cat "$work/out")"
OCV_SOURCE_DIR="$copy" "$copy/scripts/new-rule.sh" ZZQ-001 >"$work/out" ||
  fail "new-rule.sh ZZQ-001: $(cat "$work/out")"
[ -f "$copy/rules/zzq_rules.cpp" ] || fail "no rules/zzq_rules.cpp for a new family"
grep -q 'register_zzq_rules(registry);' "$copy/rules/all_rules.cpp" || fail "the new family is not registered"
grep -q ' zzq_rules)' "$copy/tests/CMakeLists.txt" || fail "the new test suite is not run"

# Refused: the same ID again, an ID of the wrong shape.
OCV_SOURCE_DIR="$copy" "$copy/scripts/new-rule.sh" DIG-099 2>"$work/err" && fail "DIG-099 scaffolded twice"
grep -q 'already defined' "$work/err" || fail "no reason given: $(cat "$work/err")"
OCV_SOURCE_DIR="$copy" "$copy/scripts/new-rule.sh" dig-99 2>/dev/null && fail "dig-99 accepted"

# The C++ compiles (syntax and types; linking needs the whole build).
for file in rules/digest_rules.cpp rules/zzq_rules.cpp rules/all_rules.cpp \
  tests/digest_rules_test.cpp tests/zzq_rules_test.cpp; do
  g++ -std=c++20 -fsyntax-only -DRAPIDJSON_HAS_STDSTRING=1 -I"$copy" "$copy/$file" 2>"$work/err" ||
    fail "$file does not compile: $(head -20 "$work/err")"
done
grep -A3 '{.id = "DIG-099",' "$copy/rules/digest_rules.cpp" | tr -d '\n' |
  grep -q '.level = "SHOULD", *.severity = engine::Severity::warning, *.title = "A \\"quoted\\" title",' ||
  fail "the metadata row of DIG-099: $(grep -n DIG-099 "$copy/rules/digest_rules.cpp")"

# The cases parse as ocivalidate reads them, each about its rule.
"$BIN" conformance --cases "$copy/corpus/cases" --list >"$work/cases" || fail "the case files do not parse"
grep -E '^DIG-099/todo +exit 0 expect \[DIG-099\]' "$work/cases" >/dev/null || fail "no DIG-099 case (SHOULD: exit 0)"
grep -E '^ZZQ-001/todo +exit 1 expect \[ZZQ-001\]' "$work/cases" >/dev/null || fail "no ZZQ-001 case"
[ "$(grep -c . "$work/cases")" = "$(("$("$BIN" conformance --cases "$SRC/corpus/cases" --list | grep -c .)" + 2))" ] ||
  fail "cases were lost or duplicated"

grep -A12 '{.id = "DIG-099",' "$copy/rules/digest_rules.cpp" | grep -q '\.catalogue = {\.source = ' ||
  fail "no catalogue row in the definition of DIG-099"
grep -A12 '{.id = "ZZQ-001",' "$copy/rules/zzq_rules.cpp" | grep -q '\.catalogue = {\.source = ' ||
  fail "no catalogue row in the definition of ZZQ-001"
cmp -s "$SRC/tests/data/rules-catalogue.md" "$copy/tests/data/rules-catalogue.md" ||
  fail "the catalogue copy was edited by hand (it is written from the definitions)"
grep -q '^## ZZQ: ' "$copy/ruledocs/rules-catalogue.in.md" || fail "no catalogue section for the ZZQ family"
[ "$(grep -c '^## DIG: ' "$copy/ruledocs/rules-catalogue.in.md")" = 1 ] || fail "a second DIG section"
echo "PASS: new_rule_scaffold"
