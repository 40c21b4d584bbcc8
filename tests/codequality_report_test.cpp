// The GitLab Code Quality reporter: one issue per finding in the shape
// GitLab reads, fingerprints unique and stable, paths GitLab can link.

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "reports/reporter.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/report_run.hpp"
#include "validator/engine/validate.hpp"

using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::reports::ReportInput;

namespace {

/// The codequality report of `input`, through the format table.
std::string render_codequality(const ocv::reports::ReportInput& input) {
  return ocv::reports::render(*ocv::reports::find_format("codequality"), input);
}

const std::string kBlob =
    "blobs/sha256/3f2a0c1d5e7b9a8f6c4d2e0b1a3c5e7f9d8b6a4c2e0f1d3b5a7c9e8f6d4b2a0c";

Finding finding(std::string rule, Severity severity, std::string blob, std::string pointer = "",
                std::size_t line = 0) {
  Finding f;
  f.rule_id = std::move(rule);
  f.severity = severity;
  f.message = "something is wrong";
  f.location.blob = std::move(blob);
  f.location.pointer = std::move(pointer);
  f.location.line = line;
  return f;
}

/// A report input over `findings` for the relative layout "images/httpd".
struct Run : ocv::test::ReportRun {
  explicit Run(std::vector<Finding> findings = {})
      : ReportRun(std::move(findings), "images/httpd") {}
};

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  BOOST_REQUIRE_MESSAGE(!doc.HasParseError() && doc.IsArray(), "not a JSON array:\n" << text);
  return doc;
}

std::string str(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(codequality_report)

BOOST_AUTO_TEST_CASE(a_valid_run_is_an_empty_array) {
  Run run;
  const auto doc = parse(render_codequality(run.input));
  BOOST_TEST(doc.Size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_finding_is_an_issue_with_every_member_gitlab_reads) {
  Run run({finding("DESC-004", Severity::error, kBlob, "/layers/0/size", 17)});
  const auto doc = parse(render_codequality(run.input));
  BOOST_REQUIRE(doc.Size() == 1u);
  const auto& issue = doc[0];
  BOOST_TEST(str(issue["check_name"]) == "DESC-004");
  BOOST_TEST(str(issue["description"]) == "DESC-004 something is wrong (at /layers/0/size)");
  BOOST_TEST(str(issue["severity"]) == "major");
  BOOST_TEST(str(issue["type"]) == "issue");
  BOOST_TEST(str(issue["fingerprint"]).size() == 32u);
  BOOST_TEST(str(issue["location"]["path"]) == "images/httpd/" + kBlob);
  BOOST_TEST(issue["location"]["lines"]["begin"].GetUint64() == 17u);
}

BOOST_AUTO_TEST_CASE(severities_map_to_gitlabs_scale) {
  Run run({finding("LYT-003", Severity::error, ""), finding("ANN-001", Severity::warning, kBlob),
           finding("CFG-008", Severity::note, kBlob, "/config")});
  const auto doc = parse(render_codequality(run.input));
  std::set<std::string> seen;
  for (const auto& issue : doc.GetArray())
    seen.insert(str(issue["check_name"]) + "=" + str(issue["severity"]));
  BOOST_TEST((seen == std::set<std::string>{"LYT-003=major", "ANN-001=minor", "CFG-008=info"}));
}

BOOST_AUTO_TEST_CASE(a_layout_wide_finding_points_at_the_index_line_one) {
  Run run({finding("LYT-003", Severity::error, "")});
  const auto doc = parse(render_codequality(run.input));
  BOOST_TEST(str(doc[0]["location"]["path"]) == "images/httpd/index.json");
  BOOST_TEST(doc[0]["location"]["lines"]["begin"].GetUint64() == 1u);
}

BOOST_AUTO_TEST_CASE(findings_at_one_place_get_distinct_fingerprints) {
  // Two findings of one rule at one JSON value (two images reaching one
  // blob): GitLab would show only the first of a shared fingerprint.
  auto a = finding("ANN-007", Severity::error, kBlob, "/annotations/x");
  auto b = a;
  b.image = "other";
  Run run({a, b, finding("ANN-007", Severity::error, kBlob, "/annotations/y")});
  const auto doc = parse(render_codequality(run.input));
  std::set<std::string> fingerprints;
  for (const auto& issue : doc.GetArray()) fingerprints.insert(str(issue["fingerprint"]));
  BOOST_TEST(fingerprints.size() == 3u);
}

BOOST_AUTO_TEST_CASE(fingerprints_do_not_follow_the_message_or_the_layout_path) {
  auto a = finding("DESC-004", Severity::error, kBlob, "/size");
  auto b = a;
  b.message = "a different wording";
  Run one({a});
  Run two({b});
  two.input.layout = "elsewhere/httpd";
  Run other_place({finding("DESC-004", Severity::error, kBlob, "/digest")});
  const auto fp = [](const Run& r) {
    return str(parse(render_codequality(r.input))[0]["fingerprint"]);
  };
  BOOST_TEST(fp(one) == fp(two));
  BOOST_TEST(fp(one) != fp(other_place));
}

BOOST_AUTO_TEST_CASE(in_an_archive_the_archive_is_the_path_and_the_member_is_named) {
  Run run({finding("DIG-007", Severity::error, kBlob, "", 3)});
  run.input.layout = "httpd.tar";
  run.input.archive = true;
  const auto doc = parse(render_codequality(run.input));
  BOOST_TEST(str(doc[0]["location"]["path"]) == "httpd.tar");
  BOOST_TEST(doc[0]["location"]["lines"]["begin"].GetUint64() == 1u);
  BOOST_TEST(str(doc[0]["description"]).find("archive member " + kBlob) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(could_not_validate_is_one_blocker) {
  Run run;
  run.input.result = nullptr;
  run.input.error = "no such file: images/httpd";
  const auto doc = parse(render_codequality(run.input));
  BOOST_REQUIRE(doc.Size() == 1u);
  BOOST_TEST(str(doc[0]["severity"]) == "blocker");
  BOOST_TEST(str(doc[0]["check_name"]) == "cannot-validate");
  BOOST_TEST(str(doc[0]["description"]).find("no such file") != std::string::npos);
  BOOST_TEST(str(doc[0]["location"]["path"]) == "images/httpd");
}

// The description says where inside the file, when the path cannot: the
// JSON pointer and the tar member of a layer; an archive's member only
// when the finding has one (a finding about the whole archive has none).
BOOST_AUTO_TEST_CASE(the_description_names_the_pointer_and_the_tar_member) {
  auto layer = finding("WHT-001", Severity::error, kBlob);
  layer.location.member = "etc/.wh..wh..opq";
  Run run({finding("MAN-002", Severity::error, kBlob, "/layers/0"), layer,
           finding("LIMIT-002", Severity::error, "")});
  auto doc = parse(render_codequality(run.input));
  BOOST_REQUIRE(doc.Size() == 3u);
  std::set<std::string> descriptions;
  for (const auto& issue : doc.GetArray()) descriptions.insert(str(issue["description"]));
  BOOST_TEST(descriptions.contains("MAN-002 something is wrong (at /layers/0)"));
  BOOST_TEST(descriptions.contains("WHT-001 something is wrong (tar member etc/.wh..wh..opq)"));
  BOOST_TEST(descriptions.contains("LIMIT-002 something is wrong"));
  run.input.layout = "httpd.tar";
  run.input.archive = true;
  doc = parse(render_codequality(run.input));
  descriptions.clear();
  for (const auto& issue : doc.GetArray()) descriptions.insert(str(issue["description"]));
  BOOST_TEST(descriptions.contains("LIMIT-002 something is wrong"));
  BOOST_TEST(descriptions.contains("MAN-002 something is wrong (archive member " + kBlob +
                                   ") (at /layers/0)"));
}

// Without an error message, a run that could not validate still says so.
BOOST_AUTO_TEST_CASE(could_not_validate_without_a_reason_says_it_was_not_validated) {
  Run run;
  run.input.result = nullptr;
  const auto doc = parse(render_codequality(run.input));
  BOOST_REQUIRE(doc.Size() == 1u);
  BOOST_TEST(str(doc[0]["description"]) ==
             "ocivalidate could not validate: the input was not validated");
}

BOOST_AUTO_TEST_SUITE_END()
