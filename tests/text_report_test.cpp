// The text report: sections per image, errors before warnings before notes.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "reports/reporter.hpp"

using ocv::engine::Finding;
using ocv::engine::Severity;

namespace {

Finding finding(std::string image, std::string rule, Severity severity, std::string blob) {
  Finding f;
  f.image = std::move(image);
  f.rule_id = std::move(rule);
  f.severity = severity;
  f.message = "message of " + f.rule_id;
  f.location.blob = std::move(blob);
  return f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_report)

BOOST_AUTO_TEST_CASE(within_a_section_errors_come_first_then_warnings_then_notes) {
  ocv::engine::ValidateResult result;
  // In the engine's order (by blob): a note, a warning, an error, a
  // warning, for one image; and a note and an error for the layout.
  result.findings = {
      finding("", "LYT-008", Severity::note, "blobs/sha256/a"),
      finding("", "LYT-016", Severity::error, "index.json"),
      finding("1.0", "DESC-015", Severity::note, "blobs/sha256/a"),
      finding("1.0", "MAN-002", Severity::warning, "blobs/sha256/b"),
      finding("1.0", "DIG-007", Severity::error, "blobs/sha256/c"),
      finding("1.0", "ANN-003", Severity::warning, "blobs/sha256/d"),
  };
  const ocv::engine::Policy policy;
  ocv::reports::ReportInput input;
  input.result = &result;
  input.policy = &policy;
  input.layout = "img";
  input.verdict = ocv::engine::verdict(result.findings, policy);
  const auto text = ocv::reports::render(*ocv::reports::find_format("text"), input);
  const auto at = [&](const char* rule) {
    const auto pos = text.find(rule);
    BOOST_TEST_REQUIRE(pos != std::string::npos, rule << " missing from\n" << text);
    return pos;
  };
  // The layout section.
  BOOST_TEST(at("LYT-016") < at("LYT-008"), text);
  // The image section: DIG-007, then the warnings in their order, then the note.
  BOOST_TEST(at("image 1.0") < at("DIG-007"), text);
  BOOST_TEST(at("DIG-007") < at("MAN-002"), text);
  BOOST_TEST(at("MAN-002") < at("ANN-003"), text);
  BOOST_TEST(at("ANN-003") < at("DESC-015"), text);
}

BOOST_AUTO_TEST_SUITE_END()
