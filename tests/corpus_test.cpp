// The conformance corpus (corpus/cases/*.json): every case gives exactly its
// expected rule IDs and exit code, and every rule with a check of its own
// has a case in which it fires and is the reason for the verdict.
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "apps/conformance/case_model.hpp"
#include "apps/conformance/runner.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/layout_builder.hpp"

using ocv::conformance::Case;

namespace {

const std::vector<Case>& cases() {
  static const auto all = ocv::conformance::embedded_cases();
  return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus)

BOOST_AUTO_TEST_CASE(cases_are_well_formed) {
  const auto& registry = ocv::rules::default_registry();
  BOOST_REQUIRE(!cases().empty());
  std::set<std::string> names;
  for (const auto& c : cases()) {
    BOOST_TEST(names.insert(c.name).second, "duplicate case name " << c.name);
    BOOST_TEST(!c.about.empty(), c.name << " says nothing about itself");
    for (const auto& id : c.expect)
      BOOST_TEST(registry.find(id) != nullptr, c.name << " expects unknown rule " << id);
    if (!c.rule.empty()) {
      BOOST_TEST(registry.find(c.rule) != nullptr, c.name << " is about unknown rule " << c.rule);
      BOOST_TEST(c.expect.contains(c.rule), c.name << " does not expect its own rule " << c.rule);
    }
    BOOST_TEST((c.exit_code >= 0 && c.exit_code <= 2), c.name);
  }
}

BOOST_AUTO_TEST_CASE(every_case_gives_exactly_its_expected_findings) {
  const auto results = ocv::conformance::run_tool({"ocivalidate", ""}, cases(), {});
  BOOST_TEST(results.cases.size() == cases().size());
  for (const auto& r : results.cases) BOOST_TEST(r.correct, r.c->name << ": " << r.detail);
  BOOST_TEST_MESSAGE(results.correct() << " of " << results.cases.size() << " cases correct");
}

BOOST_AUTO_TEST_CASE(every_rule_with_a_check_has_a_firing_case) {
  const auto& registry = ocv::rules::default_registry();
  // Per rule: does it have a firing case, and one that is rejected?
  std::map<std::string, bool> rejected;
  for (const auto& c : cases())
    if (!c.rule.empty() && c.expect.contains(c.rule))
      rejected[c.rule] = rejected[c.rule] || c.exit_code != 0;
  std::string missing;
  std::size_t checked = 0;
  for (const auto& rule : registry.rules()) {
    if (registry.reported_as(rule.id)) continue;  // no check of its own
    // A case is a layout or an archive; the rules about a registry's
    // answers fire against one in registry_faults (each listed there).
    if ((rule.needs & ocv::engine::kNeedsRegistry) != 0) continue;
    ++checked;
    const auto it = rejected.find(std::string(rule.id));
    if (it == rejected.end()) {
      missing += fmt::format("{} ", rule.id);
      continue;
    }
    // An error-level rule has a case it makes invalid: the rule is the reason.
    if (rule.severity == ocv::engine::Severity::error)
      BOOST_TEST(it->second, rule.id << " has no case that is rejected");
  }
  BOOST_TEST(missing.empty(), "rules without a firing case: " << missing);
  BOOST_TEST_MESSAGE(checked << " rules with their own check");
}

BOOST_AUTO_TEST_CASE(other_tools_are_graded_on_their_verdict) {
  // One case to accept and one to reject.
  std::vector<Case> two;
  for (const auto& c : cases())
    if (c.name == "valid/image" || c.name == "LYT-003/major-layout-version-2") two.push_back(c);
  BOOST_REQUIRE(two.size() == 2u);
  ocv::conformance::RunOptions options;
  options.timeout_seconds = 1;
  const auto accept_all = ocv::conformance::run_tool({"yes", "true {}"}, two, options);
  const auto reject_all = ocv::conformance::run_tool({"no", "false {}"}, two, options);
  const auto hang = ocv::conformance::run_tool({"hang", "sleep 30; true {}"}, two, options);
  BOOST_TEST(accept_all.correct() == 1u);
  BOOST_TEST(reject_all.correct() == 1u);
  BOOST_TEST(hang.correct() == 0u);  // a hang is never a verdict
  BOOST_TEST(hang.cases[1].detail == "timed out");
  // The layout path reaches the command: a tool that checks for it accepts.
  const auto looks = ocv::conformance::run_tool({"looks", "test -f {}/index.json"}, two, options);
  BOOST_TEST(looks.cases[0].accepted);
  const auto md = ocv::conformance::conformance_markdown({accept_all, hang});
  BOOST_TEST(md.find("| `valid/image` | accept | ✅ accepted | ❌ timed out |") != std::string::npos,
             md);
  BOOST_TEST(md.find("**1 / 2**") != std::string::npos, md);
}

// A case whose expectation is wrong is graded incorrect, and the grade
// says what differs; a case that cannot be written says why. Both reach
// the JUnit report as failures.
BOOST_AUTO_TEST_CASE(a_wrong_expectation_is_graded_with_what_differs) {
  const auto wrong = ocv::conformance::parse_cases(R"({"cases": [
      {"name": "LAY-001/expects-too-much", "rule": "LAY-001", "about": "a valid image",
       "expect": ["LAY-001"], "exit": 1},
      {"name": "valid/unwritable", "about": "an edit of a document no image has",
       "edit": [{"doc": "manifest/7", "remove": "/config"}], "expect": [], "exit": 0},
      {"name": "valid/archived-too-much", "about": "an archive edit that does not apply",
       "archive": {"edit": [{"member": "absent.json", "remove": "/x"}]}, "expect": [], "exit": 0}]})",
                                                   "wrong.json");
  const auto results = ocv::conformance::run_tool({"ocivalidate", ""}, wrong, {});
  BOOST_TEST_REQUIRE(results.cases.size() == 3u);
  BOOST_TEST(results.correct() == 0u);
  BOOST_TEST(results.cases[0].detail ==
             "expected LAY-001, reported (none); exit code 0, expected 1");
  BOOST_TEST(results.cases[0].accepted);
  BOOST_TEST(results.cases[1].detail ==
             "the case could not be run: valid/unwritable: an edit names the document "
             "\"manifest/7\", which this case does not write");
  BOOST_TEST(results.cases[2].detail ==
             "the case could not be run: the archive has no member absent.json");
  const auto junit = ocv::conformance::conformance_junit({results});
  BOOST_TEST(junit.find(R"(classname="ocivalidate.LAY")") != std::string::npos, junit);
  BOOST_TEST(
      junit.find(R"(message="expected LAY-001, reported (none); exit code 0, expected 1")") !=
          std::string::npos,
      junit);
  BOOST_TEST(junit.find(R"(type="conformance")") != std::string::npos, junit);
  const auto md = ocv::conformance::conformance_markdown({results});
  BOOST_TEST(md.find("| `LAY-001/expects-too-much` | reject | ❌ accepted |") != std::string::npos,
             md);
  BOOST_TEST(md.find("**0 / 3**") != std::string::npos, md);
  BOOST_TEST(ocv::conformance::conformance_markdown({}).empty());
}

// A case that cannot be built stops with what is wrong in it, named by
// the case, and is graded as not run.
BOOST_AUTO_TEST_CASE(cases_that_cannot_be_built_say_why) {
  const std::vector<std::pair<std::string, std::string>> broken = {
      {R"("edit": [{"doc": "manifest", "set": "/a", "value": "${nope.digest}"}])",
       R"(unknown blob "nope")"},
      {R"("edit": [{"doc": "manifest", "set": "/a", "value": "${config.diff_id_sha512}"}])",
       R"(blob "config" is not a layer: no diff_id)"},
      {R"("edit": [{"doc": "manifest", "set": "a", "value": 1}])", R"(bad pointer "a")"},
      {R"("edit": [{"doc": "manifest", "remove": "/nothing"}])",
       "nothing to remove at /nothing in manifest"},
      {R"("edit": [{"doc": "oci-layout", "replace": "zzz", "with": "y"}])",
       R"("zzz" not found in oci-layout: {"imageLayoutVersion":"1.0.0"})"},
      {R"("edit": [{"doc": "manifest", "set": "/a", "value": "${repeat:99999999999:x}"}])",
       "repeat too large"},
      {R"("after": [{"remove": "../outside"}])", R"(bad target "../outside")"},
      {R"("after": [{"remove": "/etc/passwd"}])", R"(bad target "/etc/passwd")"},
      {R"("after": [{"remove": ""}])", R"(bad target "")"},
      {R"("after": [{"flip": "config", "offset": 100000}])", "flip outside"},
      {R"("after": [{"flip": "config", "offset": -100000}])", "flip outside"},
  };
  std::string text = R"({"cases": [)";
  for (std::size_t i = 0; i < broken.size(); ++i)
    text +=
        fmt::format(R"({}{{"name": "valid/broken-{}", "about": "x", {}, "expect": [], "exit": 0}})",
                    i == 0 ? "" : ",", i, broken[i].first);
  const auto cases = ocv::conformance::parse_cases(text + "]}", "broken.json");
  const auto results = ocv::conformance::run_tool({"ocivalidate", ""}, cases, {});
  BOOST_TEST_REQUIRE(results.cases.size() == broken.size());
  for (std::size_t i = 0; i < broken.size(); ++i)
    BOOST_TEST(
        results.cases[i].detail ==
            fmt::format("the case could not be run: valid/broken-{}: {}", i, broken[i].second),
        broken[i].first);
}

// Other tools' verdicts as graded and shown: a tool that cannot validate
// (exit 2) rejected the valid image and is right about the invalid one
// and the one that cannot be validated; a tool killed by a signal judged
// nothing. Case paths reach the command quoted for the shell, even with a
// quote in them.
BOOST_AUTO_TEST_CASE(other_tools_exit_codes_signals_and_quoted_paths) {
  // Accept, reject, cannot validate: in this order.
  std::vector<Case> three;
  for (const auto* name : {"valid/image", "LYT-003/major-layout-version-2"})
    for (const auto& c : cases())
      if (c.name == name) three.push_back(c);
  for (const auto& c : cases())
    if (c.exit_code == 2) {
      three.push_back(c);
      break;
    }
  BOOST_REQUIRE(three.size() == 3u);
  BOOST_REQUIRE(three[1].exit_code == 1);
  const ocv::test::TempDir keep;
  ocv::conformance::RunOptions options;
  options.timeout_seconds = 5;
  options.keep_dir = (keep.path() / "it's kept").string();
  const auto cannot = ocv::conformance::run_tool({"cannot v1.0", "exit 2"}, three, options);
  BOOST_TEST_REQUIRE(cannot.cases.size() == 3u);
  BOOST_TEST(cannot.cases[0].detail == "rejected a valid image (exit 2)");
  BOOST_TEST(cannot.cases[1].correct);
  BOOST_TEST(cannot.cases[2].correct);
  const auto killed = ocv::conformance::run_tool({"killed", "kill -9 $$"}, three, options);
  BOOST_TEST(killed.correct() == 0u);
  BOOST_TEST(killed.cases[1].exit_code == 128 + 9);
  BOOST_TEST(killed.cases[1].detail == "timed out");
  // The kept first case holds the layout the command was given.
  const auto looks = ocv::conformance::run_tool({"looks", "test -f {}/index.json"}, three, options);
  BOOST_TEST(looks.cases[0].accepted, looks.cases[0].exit_code);
  BOOST_TEST(std::filesystem::exists(std::filesystem::path(options.keep_dir) / "000/index.json"));

  const auto md = ocv::conformance::conformance_markdown({cannot, killed});
  BOOST_TEST(
      md.find("| `valid/image` | accept | ❌ rejected (2) | ❌ timed out |") != std::string::npos,
      md);
  BOOST_TEST(md.find(fmt::format("| `{}` | error | ✅ rejected (2) | ❌ timed out |",
                                 three[2].name)) != std::string::npos,
             md);
  const auto junit = ocv::conformance::conformance_junit({cannot});
  BOOST_TEST(junit.find(R"(classname="cannot-v1-0.valid")") != std::string::npos, junit);
  BOOST_TEST(junit.find(R"(classname="cannot-v1-0.LYT")") != std::string::npos, junit);
  BOOST_TEST(junit.find(R"(<property name="command" value="exit 2"/>)") != std::string::npos,
             junit);
  BOOST_TEST(junit.find("\nexpected exit 0 and rules []\ntool exit 2<") != std::string::npos,
             junit);
}

BOOST_AUTO_TEST_SUITE_END()
