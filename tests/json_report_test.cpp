// The JSON report: its documented schema (schemas/report-v1.schema.json),
// its content, and the report options of the command line.
#include <rapidjson/document.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "tests/support/cli_runner.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/json/schema_validator.hpp"

using ocv::test::LayoutBuilder;
using ocv::test::run_cli_in;
using ocv::test::TempDir;

namespace {

std::string report_schema() {
  return ocv::test::read_file(std::string(OCV_SOURCE_DIR) + "/schemas/report-v1.schema.json");
}

/// Parses `text` and returns the schema failures ("" when it conforms).
std::string schema_failures(const std::string& text, rapidjson::Document& doc) {
  doc.Parse(text.c_str());
  if (doc.HasParseError()) return "not JSON";
  std::string out;
  for (const auto& e : ocv::json::validate_with_schema_text(report_schema(), doc)) out += e + "\n";
  return out;
}

/// A layout whose only problems are an unreferenced blob (LYT-008, note)
/// and a blob stored under the wrong name (LYT-005, error).
void write_faulty_layout(const std::filesystem::path& root) {
  LayoutBuilder b(root);
  b.write_valid_layout();
  b.add_blob("stray");
  b.write_file("blobs/sha256/" + std::string(64, 'c'), "not what the name says");
}

/// The rule IDs of the results of a SARIF log.
std::set<std::string> sarif_result_ids(const std::string& sarif) {
  rapidjson::Document doc;
  doc.Parse(sarif.c_str());
  BOOST_REQUIRE_MESSAGE(doc.IsObject() && doc.HasMember("runs"), "not a SARIF log: " << sarif);
  std::set<std::string> ids;
  for (const auto& run : doc["runs"].GetArray())
    for (const auto& result : run["results"].GetArray()) ids.insert(result["ruleId"].GetString());
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_report)

BOOST_AUTO_TEST_CASE(the_schema_rejects_what_it_should) {
  rapidjson::Document doc;
  doc.Parse(R"({"reportVersion": 2})");
  BOOST_TEST(!ocv::json::validate_with_schema_text(report_schema(), doc).empty());
}

BOOST_AUTO_TEST_CASE(a_faulty_layout_is_reported_with_every_finding) {
  TempDir tmp;
  write_faulty_layout(tmp.path() / "img");
  const auto r = run_cli_in(tmp.path().string(), {"--format", "json", "img"});
  BOOST_TEST(r.exit_code == 1, r.err);
  rapidjson::Document doc;
  const auto failures = schema_failures(r.out, doc);
  BOOST_TEST(failures.empty(), failures << r.out);
  BOOST_REQUIRE(doc.IsObject());
  BOOST_TEST(doc["verdict"].GetString() == std::string("invalid"));
  BOOST_TEST(doc["exitCode"].GetInt() == 1);
  BOOST_TEST(doc["layout"].GetString() == std::string("img"));
  BOOST_TEST(doc["summary"]["errors"].GetUint64() >= 1u);
  bool lyt005 = false, lyt008 = false;
  for (const auto& f : doc["findings"].GetArray()) {
    const std::string id = f["ruleId"].GetString();
    if (id == "LYT-005") {
      lyt005 = true;
      BOOST_TEST(f["severity"].GetString() == std::string("error"));
      BOOST_TEST(f["path"].GetString() == "img/blobs/sha256/" + std::string(64, 'c'));
      BOOST_TEST(std::string(f["helpUri"].GetString()).starts_with("https://github.com/"));
    }
    lyt008 = lyt008 || id == "LYT-008";
  }
  BOOST_TEST(lyt005);
  BOOST_TEST(lyt008);
}

BOOST_AUTO_TEST_CASE(a_valid_layout_and_one_that_cannot_be_validated) {
  TempDir tmp;
  LayoutBuilder(tmp.path() / "ok").write_valid_layout();
  auto r = run_cli_in(tmp.path().string(), {"--format", "json", "ok"});
  BOOST_TEST(r.exit_code == 0, r.err);
  rapidjson::Document doc;
  auto failures = schema_failures(r.out, doc);
  BOOST_TEST(failures.empty(), failures << r.out);
  BOOST_TEST(doc["verdict"].GetString() == std::string("valid"));
  BOOST_TEST(doc["images"].Size() == 1u);

  r = run_cli_in(tmp.path().string(), {"--format", "json", "absent"});
  BOOST_TEST(r.exit_code == 2);
  failures = schema_failures(r.out, doc);
  BOOST_TEST(failures.empty(), failures << r.out);
  BOOST_TEST(doc["verdict"].GetString() == std::string("error"));
  BOOST_TEST(doc["exitCode"].GetInt() == 2);
  BOOST_TEST(std::string(doc["error"].GetString()).find("absent") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(layout_as_given_and_one_entry_per_image) {
  // Two tags name the same manifest: one image, under one name, counted once.
  TempDir tmp;
  LayoutBuilder b(tmp.path() / "img");
  const auto image = b.write_valid_layout("1.0");
  const auto entry = [&](const char* tag) {
    return fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},)"
        R"("platform":{{"architecture":"amd64","os":"linux"}},)"
        R"("annotations":{{"org.opencontainers.image.ref.name":"{}"}}}})",
        image.manifest_digest, image.manifest.size(), tag);
  };
  b.write_index({entry("1.0"), entry("latest")});
  const auto r = run_cli_in(tmp.path().string(), {"--format", "json", "./img/"});
  BOOST_TEST(r.exit_code == 0, r.err << r.out);
  rapidjson::Document doc;
  const auto failures = schema_failures(r.out, doc);
  BOOST_TEST(failures.empty(), failures << r.out);
  BOOST_TEST(doc["layout"].GetString() == std::string("./img/"));
  BOOST_TEST_REQUIRE(doc["images"].Size() == 1u, r.out);
  BOOST_TEST(doc["images"][0]["name"].GetString() == std::string("1.0"));
  const auto text = run_cli_in(tmp.path().string(), {"./img/"});
  BOOST_TEST(text.out.find("in 1 image,") != std::string::npos, text.out);
}

BOOST_AUTO_TEST_CASE(report_files_are_written_in_the_same_run) {
  TempDir tmp;
  write_faulty_layout(tmp.path() / "img");
  const auto r = run_cli_in(tmp.path().string(),
                            {"--json", "r.json", "--sarif", "r.sarif", "--junit", "r.xml", "img"});
  BOOST_TEST(r.exit_code == 1, r.err);
  BOOST_TEST(r.out.find("LYT-005") != std::string::npos, r.out);  // text still on stdout
  rapidjson::Document doc;
  const auto json = ocv::test::read_file(tmp.path() / "r.json");
  BOOST_TEST(schema_failures(json, doc).empty(), json);
  // Every SARIF log lists every rule and every JUnit report has a test case
  // per rule: what was found is a SARIF result and a JUnit <failure>.
  BOOST_TEST(sarif_result_ids(ocv::test::read_file(tmp.path() / "r.sarif")) ==
             (std::set<std::string>{"LYT-005", "LYT-008"}));
  const auto junit = ocv::test::read_file(tmp.path() / "r.xml");
  BOOST_TEST(junit.find("<failure message=\"content does not match its name") != std::string::npos,
             junit);
  BOOST_TEST(junit.find("type=\"LYT-005\">") != std::string::npos, junit);
}

BOOST_AUTO_TEST_CASE(reports_are_never_written_into_the_layout) {
  TempDir tmp;
  LayoutBuilder(tmp.path() / "ok").write_valid_layout();
  const auto before = ocv::test::snapshot_tree(tmp.path() / "ok");
  const auto r = run_cli_in(tmp.path().string(), {"--sarif", "ok/report.sarif", "ok"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("inside the layout") != std::string::npos, r.err);
  BOOST_TEST((ocv::test::snapshot_tree(tmp.path() / "ok") == before));
}

BOOST_AUTO_TEST_SUITE_END()
