"""The file edits of scripts/new-rule.sh (see there); run by it.

Every edit is an insertion of text at a place found by its neighbours, so
that the files keep their formatting; nothing is rewritten.
"""
import glob
import json
import os
import re
import sys

root, rule_id, level, severity, title, spec = sys.argv[1:7]
family = rule_id.split("-")[0]
slug = family.lower()
changed = []


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    changed.append(os.path.relpath(path, root))


def cxx(text):
    return json.dumps(text, ensure_ascii=False)  # a C++ string literal for plain text


def insert_after_line(text, marker, block):
    at = text.index(marker)
    at = text.index("\n", at) + 1
    return text[:at] + block + text[at:]


def files_with(pattern, needle):
    return sorted(p for p in glob.glob(os.path.join(root, pattern)) if needle in read(p))


# --- The definition: a metadata row next to the family's others.
row = (
    f"      // TODO({rule_id}): write its check (registered in the function below) and its help;\n"
    f"      // give it a .scope (validator/model/rule_info.hpp) if it is about only some parts\n"
    f"      // of a run (each image, images with layers, ...).\n"
    f"      {{.id = {cxx(rule_id)},\n"
    f"       .level = {cxx(level)},\n"
    f"       .severity = engine::Severity::{severity},\n"
    f"       .title = {cxx(title)},\n"
    f"       .spec = {cxx(spec)},\n"
    f"       .help = \"TODO: what to do about a finding; quote the spec's sentence and name the \"\n"
    f"               \"tools that write what the rule judges.\",\n"
    f"       // Its row of the catalogue (tests/data/rules-catalogue.md is written from it).\n"
    f"       .catalogue = {{.source = \"TODO: spec file § section (\\\"the spec's sentence\\\")\",\n"
    f"                     .requirement = \"TODO: the requirement\",\n"
    f"                     .applies_to = \"TODO\",\n"
    f"                     .check = \"TODO: how it is checked\"}}}},\n"
)
family_files = files_with("rules/*_rules.cpp", f'.id = "{family}-')
if family_files:
    rules_file = family_files[0]
    write(rules_file, insert_after_line(read(rules_file), "registry.add_rules({", row))
else:
    rules_file = os.path.join(root, "rules", f"{slug}_rules.cpp")
    write(rules_file, f"""// {family}-*: TODO: what the family checks, and where the spec says it.
#include "rules/families.hpp"

namespace ocv::rules {{

void register_{slug}_rules(engine::Registry& registry) {{
  registry.add_rules({{
{row}  }});
  // TODO({rule_id}): register its check, e.g. registry.on_document(...).
}}

}}  // namespace ocv::rules
""")
    families = os.path.join(root, "rules", "families.hpp")
    text = read(families)
    decl = f"void register_{slug}_rules(engine::Registry& registry);"
    write(families, text.replace("\n}  // namespace ocv::rules",
                                 f"{decl}  // {family}-*\n\n}}  // namespace ocv::rules", 1))
    all_rules = os.path.join(root, "rules", "all_rules.cpp")
    write(all_rules, read(all_rules).replace(
        "  register_limit_rules(registry);",
        f"  register_{slug}_rules(registry);\n  register_limit_rules(registry);", 1))
stem = os.path.basename(rules_file)[:-len(".cpp")]

# --- The test: one case per rule, failing until it is written.
test_name = rule_id.lower().replace("-", "_")
test = (
    f"BOOST_AUTO_TEST_CASE({test_name}_fires_and_stays_silent) {{\n"
    f"  // TODO({rule_id}): an input that breaks the rule (fired) and the closest one that\n"
    f"  // does not (!fired); see the other cases of this file.\n"
    f"  BOOST_FAIL(\"{rule_id}: the test is not written yet\");\n"
    f"}}\n\n"
)
test_file = os.path.join(root, "tests", f"{stem}_test.cpp")
if os.path.exists(test_file):
    text = read(test_file)
    at = text.rindex("BOOST_AUTO_TEST_SUITE_END()")
    write(test_file, text[:at] + test + text[at:])
else:
    write(test_file, f"""// {family}-*: each rule fires on what breaks it and stays silent on the closest input
// that does not.
#include <boost/test/unit_test.hpp>

#include "tests/support/harness.hpp"

BOOST_AUTO_TEST_SUITE({stem})

{test}BOOST_AUTO_TEST_SUITE_END()
""")
    cmake = os.path.join(root, "tests", "CMakeLists.txt")
    text = read(cmake)
    suites = re.search(r"set\(OCV_TEST_SUITES[^)]*", text)
    write(cmake, text[:suites.end()] + f" {stem}" + text[suites.end():])

# --- The corpus case: fails until it builds an image that breaks the rule.
case = {
    "name": f"{rule_id}/todo",
    "rule": rule_id,
    "about": "TODO: what is wrong in this image, and why the rule judges it so.",
    "edit": [{"doc": "manifest", "set": "/annotations", "value": {"TODO": "the change that breaks the rule"}}],
    "expect": [rule_id],
    "exit": 1 if severity == "error" else 0,
}
block = "\n".join("    " + line for line in json.dumps(case, indent=2, ensure_ascii=False).split("\n"))
corpus_files = files_with("corpus/cases/*.json", f'"rule": "{family}-')
if corpus_files:
    text = read(corpus_files[0])
    at = text.rindex("\n  ]")
    write(corpus_files[0], text[:at] + ",\n" + block + text[at:])
else:
    write(os.path.join(root, "corpus", "cases", f"{slug}.json"),
          '{\n  "cases": [\n' + block + "\n  ]\n}\n")

# --- A new family's section of the catalogue template (the rows are
# written from the definitions: ocv-rule-docs write-catalogue).
template = os.path.join(root, "ruledocs", "rules-catalogue.in.md")
text = read(template)
if not re.search(rf"^## {re.escape(family)}:", text, re.M):
    at = text.index("\n## The ")
    write(template, text[:at] + f"\n## {family}: TODO: what the family is about\n\n"
          "| ID | Level | Source | Requirement | Applies to | Check | Sev |\n"
          "|---|---|---|---|---|---|---|\n" + text[at:])

print(f"new-rule: {rule_id} scaffolded; changed:")
for path in changed:
    print(f"  {path}")
print(f"""Next: write the check and fill in every TODO({rule_id}); then
  cmake --build build && cmake --build build --target rule-docs   # its page and catalogue row
  build/tests/ocv_tests --run_test={stem} && build/tests/ocv_tests --run_test=corpus""")
