// The format table and what every reporter shares: each format is found by
// its name, and each renders the verdict it is given instead of deciding
// one of its own.
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "reports/reporter.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/report_run.hpp"

using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::engine::Verdict;
using ocv::reports::find_format;
using ocv::reports::render;

namespace {

/// The one warning of the runs below, whose verdict each test sets (the
/// default policy fails on errors only).
Finding warning() {
  Finding f;
  f.rule_id = "ANN-003";
  f.severity = Severity::warning;
  f.message = "key \"foo\" is not in reverse domain notation";
  f.location.blob = "index.json";
  return f;
}

/// A run with that one warning.
struct Run : ocv::test::ReportRun {
  Run() : ReportRun({warning()}, "img") {}
};

std::string json_verdict(const std::string& report, int& exit_code) {
  rapidjson::Document doc;
  doc.Parse(report.c_str());
  BOOST_REQUIRE_MESSAGE(doc.IsObject(), report);
  exit_code = doc["exitCode"].GetInt();
  return doc["verdict"].GetString();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reporters)

BOOST_AUTO_TEST_CASE(every_format_is_found_by_its_name_and_text_has_no_file_option) {
  std::set<std::string_view> names;
  for (const auto& format : ocv::reports::report_formats()) {
    BOOST_TEST(names.insert(format.name).second, format.name << " twice");
    BOOST_TEST(find_format(format.name) == &format);
    BOOST_TEST(format.file_option == (format.name != "text"), format.name);
  }
  BOOST_TEST(
      (names == std::set<std::string_view>{"text", "json", "sarif", "junit", "codequality"}));
  BOOST_TEST(find_format("xml") == nullptr);
  BOOST_TEST(ocv::reports::report_formats().front().name == "text");
}

BOOST_AUTO_TEST_CASE(every_format_writes_a_report_and_text_none_without_a_result) {
  Run run;
  run.input.verdict = ocv::engine::verdict(run.result.findings, run.policy);
  for (const auto& format : ocv::reports::report_formats())
    BOOST_TEST(render(format, run.input).find("ANN-003") != std::string::npos, format.name);
  run.input.result = nullptr;
  run.input.error = "index.json: not found";
  run.input.verdict = Verdict::cannot_validate;
  for (const auto& format : ocv::reports::report_formats()) {
    const auto report = render(format, run.input);
    BOOST_TEST(
        (format.name == "text" ? report.empty() : report.find("not found") != std::string::npos),
        format.name << ": " << report);
  }
}

BOOST_AUTO_TEST_CASE(reporters_say_the_verdict_they_are_given) {
  // One warning: the default policy's verdict is valid. The reporters say
  // whatever verdict they are handed, so a verdict decided elsewhere (here:
  // as a run failing on warnings would) is what every report shows.
  Run run;
  BOOST_TEST((ocv::engine::verdict(run.result.findings, run.policy) == Verdict::valid));
  int exit_code = -1;
  run.input.verdict = Verdict::valid;
  BOOST_TEST(json_verdict(render(*find_format("json"), run.input), exit_code) == "valid");
  BOOST_TEST(exit_code == 0);
  BOOST_TEST(render(*find_format("text"), run.input).ends_with("— VALID\n"));
  run.input.verdict = Verdict::invalid;
  BOOST_TEST(json_verdict(render(*find_format("json"), run.input), exit_code) == "invalid");
  BOOST_TEST(exit_code == 1);
  BOOST_TEST(render(*find_format("text"), run.input).ends_with("— INVALID\n"));
}

BOOST_AUTO_TEST_CASE(the_verdict_and_its_exit_code) {
  ocv::engine::Policy policy;
  std::vector<Finding> findings(1);
  findings[0].severity = Severity::warning;
  BOOST_TEST((ocv::engine::verdict(findings, policy) == Verdict::valid));
  policy.fail_on = Severity::warning;
  BOOST_TEST((ocv::engine::verdict(findings, policy) == Verdict::invalid));
  BOOST_TEST((ocv::engine::verdict({}, policy) == Verdict::valid));
  BOOST_TEST(ocv::engine::exit_code(Verdict::valid) == ocv::engine::kExitValid);
  BOOST_TEST(ocv::engine::exit_code(Verdict::invalid) == ocv::engine::kExitInvalid);
  BOOST_TEST(ocv::engine::exit_code(Verdict::cannot_validate) == ocv::engine::kExitCannotValidate);
}

BOOST_AUTO_TEST_SUITE_END()
