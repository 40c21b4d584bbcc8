// The SARIF 2.1.0 reporter: structure, locations, fingerprints, and
// conformance to the official OASIS schema.

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "reports/reporter.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/report_run.hpp"
#include "validator/engine/validate.hpp"
#include "validator/json/schema_validator.hpp"

using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::reports::ReportInput;

namespace {

/// The sarif report of `input`, through the format table.
std::string render_sarif(const ocv::reports::ReportInput& input) {
  return ocv::reports::render(*ocv::reports::find_format("sarif"), input);
}

const std::string kBlob =
    "blobs/sha256/3f2a0c1d5e7b9a8f6c4d2e0b1a3c5e7f9d8b6a4c2e0f1d3b5a7c9e8f6d4b2a0c";

Finding finding(std::string rule, Severity severity, std::string blob, std::string pointer) {
  Finding f;
  f.rule_id = std::move(rule);
  f.severity = severity;
  f.message = "something is wrong";
  f.location.blob = std::move(blob);
  f.location.pointer = std::move(pointer);
  return f;
}

/// A report input over `findings`, run in the relative layout "httpd".
using Run = ocv::test::ReportRun;

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  BOOST_REQUIRE_MESSAGE(!doc.HasParseError(), "not JSON:\n" << text);
  return doc;
}

const rapidjson::Value& run_of(const rapidjson::Document& doc) { return doc["runs"][0]; }

std::string str(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

/// The rule object of `id` in the driver's rules, or null.
const rapidjson::Value* rule_named(const rapidjson::Document& doc, std::string_view id) {
  for (const auto& rule : run_of(doc)["tool"]["driver"]["rules"].GetArray())
    if (str(rule["id"]) == id) return &rule;
  return nullptr;
}

std::size_t registry_index(std::string_view id) {
  const auto& rules = ocv::rules::default_registry().rules();
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == id) return i;
  BOOST_FAIL("rule " << id << " is not registered");
  return 0;
}

const rapidjson::Value& physical(const rapidjson::Value& result) {
  return result["locations"][0]["physicalLocation"];
}

// --- The official schema -------------------------------------------------------

/// Every violation of the OASIS SARIF 2.1.0 schema (draft-04) by `doc`,
/// one per line ("" = valid).
std::string schema_errors(const rapidjson::Document& doc) {
  static const auto schema = ocv::test::read_file(
      std::string(OCV_SOURCE_DIR) + "/tests/report-check/schemas/sarif-schema-2.1.0.json");
  std::string out;
  for (const auto& e : ocv::json::validate_with_schema_text(schema, doc)) out += e + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sarif_report)

BOOST_AUTO_TEST_CASE(log_header_and_one_run) {
  const Run r;
  const auto text = render_sarif(r.input);
  BOOST_TEST(text.back() == '\n');
  BOOST_TEST(text.find("\n  \"version\"") != std::string::npos, "not indented by two spaces");
  const auto doc = parse(text);
  BOOST_TEST(str(doc["$schema"]) == "https://json.schemastore.org/sarif-2.1.0.json");
  BOOST_TEST(str(doc["version"]) == "2.1.0");
  BOOST_REQUIRE(doc["runs"].Size() == 1u);
  const auto& run = run_of(doc);
  const auto& driver = run["tool"]["driver"];
  BOOST_TEST(str(driver["name"]) == "ocivalidate");
  BOOST_TEST(str(driver["version"]) == "0.1.0");
  BOOST_TEST(str(driver["semanticVersion"]) == "0.1.0");
  BOOST_TEST(str(run["automationDetails"]["id"]) == "ocivalidate/httpd/");
  BOOST_TEST(str(run["columnKind"]) == "unicodeCodePoints");
  BOOST_TEST(run["invocations"][0]["executionSuccessful"].GetBool());
  BOOST_TEST(str(run["invocations"][0]["startTimeUtc"]) == "2026-12-02T16:10:42Z");
  BOOST_TEST(run["results"].IsArray());
  BOOST_TEST(run["results"].Size() == 0u);
  BOOST_TEST(text.find("\"language\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_rule_of_the_catalogue_is_described) {
  const Run r;
  const auto doc = parse(render_sarif(r.input));
  const auto& rules = run_of(doc)["tool"]["driver"]["rules"];
  const auto& registry = ocv::rules::default_registry().rules();
  BOOST_REQUIRE(rules.Size() == registry.size());
  for (rapidjson::SizeType i = 0; i < rules.Size(); ++i) {
    const auto& rule = rules[i];
    BOOST_TEST(str(rule["id"]) == registry[i].id);
    const auto name = str(rule["name"]);
    BOOST_TEST(!name.empty());
    BOOST_TEST(name.size() <= 255u);
    for (const char c : name) BOOST_TEST(std::isalnum(static_cast<unsigned char>(c)), name);
    BOOST_TEST(str(rule["fullDescription"]["text"]).size() <= 1024u);
    BOOST_TEST(!str(rule["help"]["text"]).empty());
    // oci, image-spec, the family, the spec level, and "security" exactly
    // when the rule has a security severity.
    const auto security = rule["properties"].HasMember("security-severity");
    BOOST_TEST(rule["properties"]["tags"].Size() == (security ? 5u : 4u), registry[i].id);
  }
}

BOOST_AUTO_TEST_CASE(rule_metadata_follows_the_catalogue_entry) {
  const Run r;
  const auto doc = parse(render_sarif(r.input));
  const auto* rule = rule_named(doc, "DESC-006");
  BOOST_REQUIRE(rule != nullptr);
  const auto* info = ocv::rules::default_registry().find("DESC-006");
  BOOST_REQUIRE(info != nullptr);
  BOOST_TEST(str((*rule)["name"]) == "ADescriptorsSizeEqualsTheBlobsLength");
  BOOST_TEST(str((*rule)["shortDescription"]["text"]) == info->title);
  BOOST_TEST(str((*rule)["fullDescription"]["text"]) ==
             "A descriptor's size equals the blob's length (image-spec: MUST)");
  BOOST_TEST(str((*rule)["helpUri"]) == info->spec_url());
  BOOST_TEST(str((*rule)["help"]["text"]) == info->help);
  const auto markdown = str((*rule)["help"]["markdown"]);
  BOOST_TEST(markdown.find("](" + info->spec_url() + ")") != std::string::npos, markdown);
  BOOST_TEST(str((*rule)["defaultConfiguration"]["level"]) == "error");
  BOOST_TEST(!(*rule)["defaultConfiguration"].HasMember("enabled"));
  const auto& props = (*rule)["properties"];
  BOOST_TEST(str(props["tags"][0]) == "oci");
  BOOST_TEST(str(props["tags"][1]) == "image-spec");
  BOOST_TEST(str(props["tags"][2]) == "desc");
  BOOST_TEST(str(props["tags"][3]) == "must");
  BOOST_TEST(str(props["precision"]) == "very-high");
  BOOST_TEST(str(props["problem.severity"]) == "error");
  // A note-level rule is a "recommendation" to GitHub.
  const auto* note = rule_named(doc, "LYT-008");
  BOOST_REQUIRE(note != nullptr);
  BOOST_TEST(str((*note)["defaultConfiguration"]["level"]) == "note");
  BOOST_TEST(str((*note)["properties"]["problem.severity"]) == "recommendation");
}

BOOST_AUTO_TEST_CASE(rule_pages_are_the_help_when_the_run_has_them) {
  Run r;
  const ocv::reports::RuleDocs docs{
      [](const ocv::engine::RuleInfo& rule) { return std::string(rule.id) + " page\n\n*help*"; },
      "https://example.com/ocivalidate/docs/rules/"};
  r.input.rule_docs = &docs;
  const auto doc = parse(render_sarif(r.input));
  const auto& rules = run_of(doc)["tool"]["driver"]["rules"];
  BOOST_REQUIRE(rules.Size() == ocv::rules::default_registry().rules().size());
  for (const auto& rule : rules.GetArray()) {
    const auto id = str(rule["id"]);
    BOOST_TEST(str(rule["helpUri"]) == "https://example.com/ocivalidate/docs/rules/" + id + ".md");
    BOOST_TEST(str(rule["help"]["text"]) == id + " page\n\n*help*");
    BOOST_TEST(str(rule["help"]["markdown"]) == id + " page\n\n*help*");
  }
}

BOOST_AUTO_TEST_CASE(markdown_help_escapes_markup_in_the_help_text) {
  const Run r;
  const auto doc = parse(render_sarif(r.input));
  // DESC-003's help mentions "sha256:<64 hex>", which would vanish as an HTML tag.
  const auto* rule = rule_named(doc, "DESC-003");
  BOOST_REQUIRE(rule != nullptr);
  const auto markdown = str((*rule)["help"]["markdown"]);
  BOOST_TEST(markdown.find("sha256:\\<64 hex\\>") != std::string::npos, markdown);
}

BOOST_AUTO_TEST_CASE(policy_overrides_and_disabled_rules_show_in_the_rule_configuration) {
  Run r;
  r.policy.disabled.insert("LYT-008");
  r.policy.severity["DESC-006"] = Severity::warning;
  const auto doc = parse(render_sarif(r.input));
  const auto* disabled = rule_named(doc, "LYT-008");
  BOOST_REQUIRE(disabled != nullptr);
  BOOST_REQUIRE((*disabled)["defaultConfiguration"].HasMember("enabled"));
  BOOST_TEST(!(*disabled)["defaultConfiguration"]["enabled"].GetBool());
  const auto* overridden = rule_named(doc, "DESC-006");
  BOOST_REQUIRE(overridden != nullptr);
  BOOST_TEST(str((*overridden)["defaultConfiguration"]["level"]) == "warning");
  BOOST_TEST(str((*overridden)["properties"]["problem.severity"]) == "warning");
}

BOOST_AUTO_TEST_CASE(a_finding_in_a_blob_becomes_a_located_result) {
  auto f = finding("DESC-006", Severity::error, kBlob, "/layers/0/size");
  f.location.line = 12;
  f.location.column = 17;
  f.image = "1.0";
  f.chain = {"index.json", "manifests[0] (ref 1.0)", "manifest sha256:3f2a"};
  const Run r({f});
  const auto doc = parse(render_sarif(r.input));
  const auto& result = run_of(doc)["results"][0];
  BOOST_TEST(str(result["ruleId"]) == "DESC-006");
  BOOST_TEST(result["ruleIndex"].GetUint64() == registry_index("DESC-006"));
  BOOST_TEST(str(result["level"]) == "error");
  BOOST_TEST(str(result["message"]["text"]) ==
             "something is wrong (reached via: index.json → manifests[0] (ref 1.0) → manifest "
             "sha256:3f2a)");
  BOOST_TEST(str(physical(result)["artifactLocation"]["uri"]) == "httpd/" + kBlob);
  BOOST_TEST(physical(result)["region"]["startLine"].GetUint64() == 12u);
  BOOST_TEST(physical(result)["region"]["startColumn"].GetUint64() == 17u);
  const auto& logical = result["locations"][0]["logicalLocations"];
  BOOST_REQUIRE(logical.Size() == 1u);
  BOOST_TEST(str(logical[0]["fullyQualifiedName"]) == "/layers/0/size");
  BOOST_TEST(str(logical[0]["name"]) == "size");
  BOOST_TEST(str(logical[0]["kind"]) == "property");
  BOOST_TEST(str(result["properties"]["image"]) == "1.0");
  BOOST_TEST(result["properties"]["chain"].Size() == 3u);
  BOOST_TEST(str(result["properties"]["chain"][1]) == "manifests[0] (ref 1.0)");
  const auto print = str(result["partialFingerprints"]["ocivalidate/v1"]);
  BOOST_TEST(print.size() == 32u);
  BOOST_TEST(print.find_first_not_of("0123456789abcdef") == std::string::npos, print);
}

BOOST_AUTO_TEST_CASE(array_elements_escaped_tokens_and_tar_members_are_logical_locations) {
  auto element = finding("IDX-003", Severity::error, "index.json", "/manifests/0");
  element.chain = {"index.json"};  // names the file itself: not repeated in the message
  auto escaped = finding("ANN-015", Severity::warning, "index.json", "/annotations/a~1b~0c");
  auto member = finding("WHT-001", Severity::error, kBlob, "");
  member.location.member = "usr/local/.wh..wh..opq";
  const Run r({element, escaped, member});
  const auto doc = parse(render_sarif(r.input));
  const auto& results = run_of(doc)["results"];
  const auto& first = results[0]["locations"][0]["logicalLocations"][0];
  BOOST_TEST(str(first["name"]) == "0");
  BOOST_TEST(str(first["kind"]) == "value");
  BOOST_TEST(str(results[0]["message"]["text"]) == "something is wrong");
  BOOST_TEST(str(results[0]["properties"]["chain"][0]) == "index.json");
  const auto& second = results[1]["locations"][0]["logicalLocations"][0];
  BOOST_TEST(str(second["name"]) == "a/b~c");
  BOOST_TEST(str(second["fullyQualifiedName"]) == "/annotations/a~1b~0c");
  const auto& third = results[2]["locations"][0]["logicalLocations"];
  BOOST_REQUIRE(third.Size() == 1u);
  BOOST_TEST(str(third[0]["fullyQualifiedName"]) == "usr/local/.wh..wh..opq");
  BOOST_TEST(str(third[0]["kind"]) == "resource");
  // No line is known in a layer: the region still anchors at line 1.
  BOOST_TEST(physical(results[2])["region"]["startLine"].GetUint64() == 1u);
  BOOST_TEST(!physical(results[2])["region"].HasMember("startColumn"));
}

BOOST_AUTO_TEST_CASE(a_layout_wide_finding_is_anchored_at_the_index) {
  const Run r({finding("LYT-001", Severity::error, "", "")});
  const auto doc = parse(render_sarif(r.input));
  const auto& result = run_of(doc)["results"][0];
  BOOST_TEST(str(physical(result)["artifactLocation"]["uri"]) == "httpd/index.json");
  BOOST_TEST(physical(result)["region"]["startLine"].GetUint64() == 1u);
  BOOST_TEST(!result["locations"][0].HasMember("logicalLocations"));
  BOOST_TEST(!result.HasMember("properties"));
  BOOST_TEST(str(result["message"]["text"]) == "something is wrong");
}

BOOST_AUTO_TEST_CASE(uris_are_percent_encoded) {
  Run r({finding("DESC-006", Severity::error, kBlob, "/size")});
  r.input.layout = "my images/h#1?x%ü";
  const auto doc = parse(render_sarif(r.input));
  const auto uri = str(physical(run_of(doc)["results"][0])["artifactLocation"]["uri"]);
  BOOST_TEST(uri == "my%20images/h%231%3Fx%25%C3%BC/" + kBlob);
}

BOOST_AUTO_TEST_CASE(absolute_paths_become_file_uris) {
  Run r({finding("DESC-006", Severity::error, kBlob, "/size")});
  // A path outside the working directory stays absolute.
  r.input.layout = "/nonexistent ocv layout";
  const auto doc = parse(render_sarif(r.input));
  const auto uri = str(physical(run_of(doc)["results"][0])["artifactLocation"]["uri"]);
  BOOST_TEST(uri == "file:///nonexistent%20ocv%20layout/" + kBlob);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_a_member_name_is_replaced) {
  auto f = finding("WHT-001", Severity::error, kBlob, "");
  f.location.member = "etc/\xFF\xC0.wh.x";
  const Run r({f});
  const auto text = render_sarif(r.input);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  BOOST_REQUIRE(!doc.HasParseError());
  const auto& logical = run_of(doc)["results"][0]["locations"][0]["logicalLocations"][0];
  BOOST_TEST(str(logical["fullyQualifiedName"]) == "etc/\uFFFD\uFFFD.wh.x");
}

BOOST_AUTO_TEST_CASE(fingerprints_depend_on_place_and_rule_only) {
  auto a = finding("DESC-006", Severity::error, kBlob, "/size");
  auto same_place_other_text = a;
  same_place_other_text.message = "a different message";
  same_place_other_text.location.line = 40;
  auto other_place = finding("DESC-006", Severity::error, kBlob, "/layers/1/size");
  auto other_member = finding("DESC-006", Severity::error, kBlob, "/size");
  other_member.location.member = "etc/passwd";
  Run r({a, same_place_other_text, other_place, other_member});
  const auto doc = parse(render_sarif(r.input));
  // A different layout path must not change them either.
  r.input.layout = "elsewhere/httpd";
  const auto moved = parse(render_sarif(r.input));
  const auto print = [](const rapidjson::Document& d, rapidjson::SizeType i) {
    return str(run_of(d)["results"][i]["partialFingerprints"]["ocivalidate/v1"]);
  };
  BOOST_TEST(print(doc, 0) == print(doc, 1));
  BOOST_TEST(print(doc, 0) != print(doc, 2));
  BOOST_TEST(print(doc, 0) != print(doc, 3));
  for (rapidjson::SizeType i = 0; i < 4; ++i) BOOST_TEST(print(doc, i) == print(moved, i));
}

BOOST_AUTO_TEST_CASE(the_fingerprint_key_is_our_own_and_no_line_hash_is_written) {
  // GitHub computes primaryLocationLineHash from the file itself; a
  // hand-written one would be wrong for JSON blobs and tar members.
  const Run r({finding("DESC-006", Severity::error, kBlob, "/size")});
  const auto text = render_sarif(r.input);
  const auto doc = parse(text);
  const auto& prints = run_of(doc)["results"][0]["partialFingerprints"];
  BOOST_TEST(prints.MemberCount() == 1u);
  BOOST_TEST(prints.HasMember("ocivalidate/v1"));
  BOOST_TEST(text.find("primaryLocationLineHash") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(security_rules_carry_a_security_severity_and_tag) {
  const Run r;
  const auto doc = parse(render_sarif(r.input));
  const auto* escape = rule_named(doc, "LAY-013");
  BOOST_REQUIRE(escape != nullptr);
  const auto& props = (*escape)["properties"];
  BOOST_TEST(str(props["security-severity"]) == "9.3");
  bool tagged = false;
  for (const auto& tag : props["tags"].GetArray()) tagged = tagged || str(tag) == "security";
  BOOST_TEST(tagged);
  BOOST_TEST(str((*rule_named(doc, "DIG-007"))["properties"]["security-severity"]) == "7.5");
  BOOST_TEST(str((*rule_named(doc, "LIMIT-005"))["properties"]["security-severity"]) == "5.3");
  // A plain spec violation is no security alert.
  const auto* annotation = rule_named(doc, "ANN-001");
  BOOST_REQUIRE(annotation != nullptr);
  BOOST_TEST(!(*annotation)["properties"].HasMember("security-severity"));
  // Every score is a number GitHub accepts: (0, 10].
  for (const auto& rule : run_of(doc)["tool"]["driver"]["rules"].GetArray()) {
    if (!rule["properties"].HasMember("security-severity")) continue;
    const auto score = std::stod(str(rule["properties"]["security-severity"]));
    BOOST_TEST((score > 0.0 && score <= 10.0), str(rule["id"]) << " scores " << score);
  }
}

BOOST_AUTO_TEST_CASE(results_past_githubs_limit_are_cut_most_severe_first_and_said) {
  std::vector<Finding> findings;
  for (int i = 0; i < 25000; ++i)
    findings.push_back(finding("LYT-008", Severity::note, "blobs/sha256/" + std::to_string(i), ""));
  findings.push_back(finding("DIG-007", Severity::error, kBlob, ""));
  findings.push_back(finding("DESC-006", Severity::warning, kBlob, "/size"));
  Run r(std::move(findings));
  const auto doc = parse(render_sarif(r.input));
  const auto& run = run_of(doc);
  const auto& results = run["results"];
  BOOST_TEST(results.Size() == 25000u);
  // The error and the warning are kept, in their place after the notes.
  BOOST_TEST(str(results[24998]["ruleId"]) == "DIG-007");
  BOOST_TEST(str(results[24999]["ruleId"]) == "DESC-006");
  const auto& invocation = run["invocations"][0];
  BOOST_TEST(invocation["executionSuccessful"].GetBool());
  const auto& note = invocation["toolExecutionNotifications"][0];
  BOOST_TEST(str(note["level"]) == "warning");
  BOOST_TEST(str(note["message"]["text"]).starts_with("2 of 25002 results are left out"));
}

BOOST_AUTO_TEST_CASE(at_githubs_limit_nothing_is_cut) {
  std::vector<Finding> findings;
  for (int i = 0; i < 25000; ++i)
    findings.push_back(finding("LYT-008", Severity::note, "blobs/sha256/" + std::to_string(i), ""));
  Run r(std::move(findings));
  const auto doc = parse(render_sarif(r.input));
  BOOST_TEST(run_of(doc)["results"].Size() == 25000u);
  BOOST_TEST(!run_of(doc)["invocations"][0].HasMember("toolExecutionNotifications"));
}

BOOST_AUTO_TEST_CASE(results_keep_the_given_order_and_levels) {
  const Run r({finding("LYT-008", Severity::note, "blobs/sha256/aa", ""),
               finding("DESC-006", Severity::warning, kBlob, "/size")});
  const auto doc = parse(render_sarif(r.input));
  const auto& results = run_of(doc)["results"];
  BOOST_REQUIRE(results.Size() == 2u);
  BOOST_TEST(str(results[0]["ruleId"]) == "LYT-008");
  BOOST_TEST(str(results[0]["level"]) == "note");
  BOOST_TEST(results[0]["ruleIndex"].GetUint64() == registry_index("LYT-008"));
  // The finding's severity (after policy) wins over the rule's default.
  BOOST_TEST(str(results[1]["level"]) == "warning");
}

BOOST_AUTO_TEST_CASE(suppressed_findings_are_results_marked_suppressed) {
  Run r({finding("DESC-006", Severity::error, kBlob, "/size")});
  const std::vector<ocv::engine::SuppressedFinding> hidden = {
      {finding("LYT-008", Severity::note, "blobs/sha256/aa", ""), "scratch blob"}};
  r.input.suppressed_findings = &hidden;
  const auto doc = parse(render_sarif(r.input));
  const auto& results = run_of(doc)["results"];
  BOOST_REQUIRE(results.Size() == 2u);
  BOOST_TEST(!results[0].HasMember("suppressions"));
  BOOST_TEST(str(results[1]["ruleId"]) == "LYT-008");
  const auto& s = results[1]["suppressions"][0];
  BOOST_TEST(str(s["kind"]) == "external");
  BOOST_TEST(str(s["status"]) == "accepted");
  BOOST_TEST(str(s["justification"]) == "scratch blob");
  BOOST_TEST(schema_errors(doc) == "");
}

BOOST_AUTO_TEST_CASE(could_not_validate_is_a_failed_invocation_without_results) {
  Run r;
  r.input.result = nullptr;
  r.input.error = "not an OCI image layout: oci-layout is missing";
  r.input.started_utc.clear();
  const auto doc = parse(render_sarif(r.input));
  const auto& run = run_of(doc);
  const auto& invocation = run["invocations"][0];
  BOOST_TEST(!invocation["executionSuccessful"].GetBool());
  BOOST_TEST(!invocation.HasMember("startTimeUtc"));
  const auto& note = invocation["toolExecutionNotifications"][0];
  BOOST_TEST(str(note["level"]) == "error");
  BOOST_TEST(str(note["message"]["text"]) == r.input.error);
  BOOST_TEST(run["results"].IsArray());
  BOOST_TEST(run["results"].Size() == 0u);
  BOOST_TEST(run["tool"]["driver"]["rules"].Size() ==
             ocv::rules::default_registry().rules().size());
  BOOST_TEST(schema_errors(doc) == "");
}

BOOST_AUTO_TEST_CASE(same_input_renders_the_same_bytes) {
  auto f = finding("DESC-006", Severity::error, kBlob, "/layers/0/size");
  f.chain = {"index.json", "manifest sha256:3f2a"};
  const Run r({f, finding("LYT-001", Severity::error, "", "")});
  const auto first = render_sarif(r.input);
  BOOST_TEST(first == render_sarif(r.input));
  BOOST_TEST(first.find("2026-12-02T16:10:42Z") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_schema_check_rejects_a_broken_log) {
  // Makes sure the conformance test below can fail at all.
  const Run r({finding("DESC-006", Severity::error, kBlob, "/size")});
  auto doc = parse(render_sarif(r.input));
  doc["runs"][0]["results"][0]["level"].SetString("fatal");
  BOOST_TEST(schema_errors(doc) != "");
}

BOOST_AUTO_TEST_CASE(a_real_run_conforms_to_the_official_schema) {
  ocv::test::TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto image = b.write_valid_layout();
  b.add_blob("unreferenced");  // LYT-008
  const auto layer_file = "blobs/sha256/" + image.layer_digest.substr(7);
  auto layer = ocv::test::read_file(tmp.path() / layer_file);
  BOOST_REQUIRE(!layer.empty());
  layer[layer.size() / 2] ^= 0x20;  // DIG-007: content no longer matches its digest
  b.write_file(layer_file, layer);

  const auto& registry = ocv::rules::default_registry();
  const auto result = ocv::engine::validate_layout(tmp.path(), registry);
  ocv::engine::Policy policy;
  ReportInput input;
  input.result = &result;
  input.registry = &registry;
  input.policy = &policy;
  input.layout = tmp.path().string();
  input.tool_version = "0.1.0";
  input.started_utc = ocv::reports::utc_now();
  const auto doc = parse(render_sarif(input));

  BOOST_TEST(schema_errors(doc) == "");
  const auto& results = run_of(doc)["results"];
  BOOST_TEST(results.Size() == result.findings.size());
  // The temporary directory normally lies outside the working directory.
  const bool absolute = input.layout_path().starts_with('/');
  bool digest_mismatch = false;
  bool unreferenced = false;
  for (const auto& res : results.GetArray()) {
    const auto id = str(res["ruleId"]);
    const auto uri = str(physical(res)["artifactLocation"]["uri"]);
    digest_mismatch |= id == "DIG-007" && uri.ends_with(layer_file);
    unreferenced |= id == "LYT-008";
    if (absolute) BOOST_TEST(uri.starts_with("file:///"), uri);
  }
  BOOST_TEST(digest_mismatch);
  BOOST_TEST(unreferenced);
}

// The run's category names the layout (so that two layouts of one
// repository keep their own alerts), with the working directory as
// "layout" and without a leading slash.
BOOST_AUTO_TEST_CASE(the_automation_id_names_the_layout) {
  const auto id_for = [](std::string layout) {
    Run run(std::vector<Finding>{});
    run.input.layout = std::move(layout);
    const auto doc = parse(render_sarif(run.input));
    return str(run_of(doc)["automationDetails"]["id"]);
  };
  BOOST_TEST(id_for(".") == "ocivalidate/layout/");
  BOOST_TEST(id_for("/") == "ocivalidate/layout/");
  BOOST_TEST(id_for("/srv/images/httpd/") == "ocivalidate/srv/images/httpd/");
  BOOST_TEST(id_for("-") == "ocivalidate/stdin/");
}

// A pointer's last token, unescaped (RFC 6901: ~1 is "/", ~0 is "~"), names
// the logical location: an array index is a value, a member a property.
BOOST_AUTO_TEST_CASE(logical_locations_unescape_the_last_pointer_token) {
  Run run({finding("ANN-003", Severity::warning, kBlob, "/annotations/a~1b~0c~2"),
           finding("DESC-006", Severity::error, kBlob, "/layers/12"),
           finding("JSON-002", Severity::error, kBlob, "/annotations/")});
  const auto doc = parse(render_sarif(run.input));
  std::map<std::string, std::pair<std::string, std::string>> by_pointer;
  for (const auto& result : run_of(doc)["results"].GetArray()) {
    const auto& l = result["locations"][0]["logicalLocations"][0];
    by_pointer[str(l["fullyQualifiedName"])] = {l.HasMember("name") ? str(l["name"]) : "<none>",
                                                str(l["kind"])};
  }
  using Named = std::pair<std::string, std::string>;
  BOOST_TEST((by_pointer["/annotations/a~1b~0c~2"] == Named{"a/b~c~2", "property"}));
  BOOST_TEST((by_pointer["/layers/12"] == Named{"12", "value"}));
  BOOST_TEST((by_pointer["/annotations/"] == Named{"<none>", "property"}));
}

// Artifact URIs: an absolute path is a file URI, percent-encoded; a
// registry image keeps its docker:// host and encodes the repository and
// tag as a path.
BOOST_AUTO_TEST_CASE(artifact_uris_are_file_uris_or_registry_references) {
  Run absolute({finding("DIG-007", Severity::error, kBlob, "")});
  absolute.input.layout = "/srv/my images/httpd";
  auto doc = parse(render_sarif(absolute.input));
  BOOST_TEST(
      str(run_of(
          doc)["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) ==
      "file:///srv/my%20images/httpd/" + kBlob);
  Run remote({finding("DIG-007", Severity::error, "", "")});
  remote.input.layout = "docker://localhost:5000/team/app:1.0";
  remote.input.remote = "localhost:5000/team/app";
  doc = parse(render_sarif(remote.input));
  BOOST_TEST(
      str(run_of(
          doc)["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) ==
      "docker://localhost:5000/team/app%3A1.0");
}

// Rule names are identifiers that start with a letter: a title that
// starts with a digit, or has no letter or digit at all, is prefixed
// "Rule"; a rule without help text gives its title as the help.
BOOST_AUTO_TEST_CASE(rule_names_start_with_a_letter_and_help_falls_back_to_the_title) {
  ocv::engine::Registry registry;
  registry.add_rules({
      {.id = "TST-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "2 layers at most",
       .spec = "manifest.md#image-manifest",
       .help = ""},
      {.id = "TST-002",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "--",
       .spec = "manifest.md#image-manifest",
       .help = ""},
  });
  Run r({finding("TST-001", Severity::error, kBlob, "")});
  r.input.registry = &registry;
  const auto doc = parse(render_sarif(r.input));
  const auto* digit = rule_named(doc, "TST-001");
  BOOST_REQUIRE(digit != nullptr);
  BOOST_TEST(str((*digit)["name"]) == "Rule2LayersAtMost");
  BOOST_TEST(str((*digit)["help"]["text"]) == "2 layers at most");
  const auto* none = rule_named(doc, "TST-002");
  BOOST_REQUIRE(none != nullptr);
  BOOST_TEST(str((*none)["name"]) == "Rule");
  BOOST_TEST(str((*none)["properties"]["tags"][3]) == "should");
  BOOST_TEST(run_of(doc)["results"][0]["ruleIndex"].GetUint64() == 0u);
}

// Without a registry the driver lists no rules and results carry no
// ruleIndex; without a policy each rule keeps its own severity. A result
// that stands for unlisted findings says how many; a suppression the
// policy file gives no reason for has no justification.
BOOST_AUTO_TEST_CASE(a_run_without_registry_or_policy_still_conforms) {
  auto unlisted = finding("DESC-006", Severity::error, kBlob, "/size");
  unlisted.unlisted = 7;
  Run r({unlisted});
  r.input.registry = nullptr;
  r.input.policy = nullptr;
  const std::vector<ocv::engine::SuppressedFinding> hidden = {
      {finding("LYT-008", Severity::note, "blobs/sha256/aa", ""), ""}};
  r.input.suppressed_findings = &hidden;
  const auto doc = parse(render_sarif(r.input));
  BOOST_TEST(run_of(doc)["tool"]["driver"]["rules"].Size() == 0u);
  const auto& results = run_of(doc)["results"];
  BOOST_REQUIRE(results.Size() == 2u);
  BOOST_TEST(!results[0].HasMember("ruleIndex"));
  BOOST_TEST(results[0]["properties"]["unlisted"].GetUint64() == 7u);
  BOOST_TEST(!results[0]["properties"].HasMember("chain"));
  BOOST_TEST(!results[0]["properties"].HasMember("image"));
  const auto& s = results[1]["suppressions"][0];
  BOOST_TEST(str(s["status"]) == "accepted");
  BOOST_TEST(!s.HasMember("justification"));
  BOOST_TEST(!results[1].HasMember("properties"));
  BOOST_TEST(schema_errors(doc) == "");

  // With the registry but no policy: every rule at its default level.
  Run defaults;
  defaults.input.policy = nullptr;
  const auto with_rules = parse(render_sarif(defaults.input));
  const auto* note = rule_named(with_rules, "LYT-008");
  BOOST_REQUIRE(note != nullptr);
  BOOST_TEST(str((*note)["defaultConfiguration"]["level"]) == "note");
  BOOST_TEST(!(*note)["defaultConfiguration"].HasMember("enabled"));
}

BOOST_AUTO_TEST_SUITE_END()
