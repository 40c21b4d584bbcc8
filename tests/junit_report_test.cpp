// The JUnit XML reporter: suites, testcase outcomes, counts and escaping.
// The XML is inspected with plain string search; the real consumers (XSDs,
// junitparser, xunit-viewer) run in tests/report-check/check-reports.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/junit_xml.hpp"
#include "reports/reporter.hpp"
#include "rules/all_rules.hpp"
#include "validator/engine/applicability.hpp"

using ocv::engine::Finding;
using ocv::engine::ImageSummary;
using ocv::engine::Policy;
using ocv::engine::Severity;
using ocv::engine::ValidateResult;
using ocv::reports::ReportInput;

namespace {

/// The junit report of `input`, through the format table.
std::string render_junit(const ocv::reports::ReportInput& input) {
  return ocv::reports::render(*ocv::reports::find_format("junit"), input);
}

const std::string kManifestBlob =
    "blobs/sha256/3f2a0c1d5e7b9a8f6c4d2e0b1a3c5e7f9d8b6a4c2e0f1d3b5a7c9e8f6d4b2a0c";

Finding make_finding(std::string rule, Severity severity, std::string message, std::string image,
                     std::string blob, std::string pointer = "") {
  Finding f;
  f.rule_id = std::move(rule);
  f.severity = severity;
  f.message = std::move(message);
  f.image = std::move(image);
  f.location.blob = std::move(blob);
  f.location.pointer = std::move(pointer);
  return f;
}

ImageSummary plain_image() {
  ImageSummary image;
  image.name = "1.0";
  image.manifest = kManifestBlob;
  image.image_config = true;
  image.layers = 1;
  image.layers_read = 1;
  return image;
}

/// One image; an error and a warning in it, and a layout-wide error.
ValidateResult sample_result() {
  ValidateResult r;
  r.summary.images.push_back(plain_image());
  r.summary.seconds = 0.1374;
  auto size = make_finding("DESC-006", Severity::error, "size is 12 but the blob has 13 bytes",
                           "1.0", kManifestBlob, "/layers/0/size");
  size.chain = {"index.json", "manifests[0] (ref 1.0)", "manifest sha256:3f2a0c1d"};
  r.findings.push_back(size);
  r.findings.push_back(make_finding("ANN-003", Severity::warning,
                                    "key \"foo\" is not in reverse domain notation", "1.0",
                                    kManifestBlob, "/annotations/foo"));
  r.findings.push_back(make_finding("LYT-003", Severity::error,
                                    "imageLayoutVersion is 2.0.0, not 1.0.0", "", "oci-layout",
                                    "/imageLayoutVersion"));
  return r;
}

/// Everything render_junit needs, owned in one place.
struct Run {
  ValidateResult result = sample_result();
  Policy policy;
  ReportInput input;

  Run() {
    input.registry = &ocv::rules::default_registry();
    input.policy = &policy;
    input.layout = "./httpd/";
    input.tool_version = "0.1.0";
    input.started_utc = "2026-12-02T16:10:42Z";
  }
  std::string render() {
    input.result = &result;
    return render_junit(input);
  }
};

std::size_t count(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

/// Each <testsuite …>…</testsuite> element, in document order.
std::vector<std::string> suites(const std::string& xml) {
  std::vector<std::string> out;
  for (auto at = xml.find("<testsuite "); at != std::string::npos;
       at = xml.find("<testsuite ", at + 1)) {
    const auto end = xml.find("</testsuite>", at);
    BOOST_REQUIRE(end != std::string::npos);
    out.push_back(xml.substr(at, end - at));
  }
  return out;
}

/// The value of `name` in the first start tag of `element`.
std::string attribute(std::string_view element, std::string_view name) {
  const auto tag_end = element.find('>');
  const auto key = std::string(" ").append(name).append("=\"");
  const auto at = element.substr(0, tag_end).find(key);
  if (at == std::string_view::npos) return "<absent>";
  const auto begin = at + key.size();
  return std::string(element.substr(begin, element.find('"', begin) - begin));
}

/// The <testcase> whose name attribute starts with `prefix` ("" if none).
std::string testcase(std::string_view suite, std::string_view prefix) {
  const auto at = suite.find(std::string("name=\"").append(prefix));
  if (at == std::string_view::npos) return "";
  const auto begin = suite.rfind("<testcase", at);
  const auto tag_end = suite.find('>', at);
  // A passed testcase is self-closed.
  if (suite[tag_end - 1] == '/') return std::string(suite.substr(begin, tag_end + 1 - begin));
  const std::string_view close = "</testcase>";
  return std::string(suite.substr(begin, suite.find(close, at) + close.size() - begin));
}

std::string system_out(std::string_view suite) {
  const auto begin = suite.find("<system-out>");
  const auto end = suite.find("</system-out>");
  if (begin == std::string_view::npos || end == std::string_view::npos) return "<absent>";
  return std::string(suite.substr(begin + 12, end - begin - 12));
}

/// Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF) and only
/// characters XML 1.0 allows.
bool is_xml_safe_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') return false;
      ++i;
      continue;
    }
    std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (n == 0 || b > 0xF4 || i + n > s.size()) return false;
    char32_t cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    const char32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
      return false;
    i += n;
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(junit_report)

BOOST_AUTO_TEST_CASE(one_suite_for_the_layout_then_one_per_image) {
  Run run;
  const auto xml = run.render();
  BOOST_TEST(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"));
  BOOST_TEST(xml.ends_with("</testsuites>\n"));
  const auto s = suites(xml);
  BOOST_REQUIRE(s.size() == 2u);
  BOOST_TEST(attribute(s[0], "name") == "httpd");
  BOOST_TEST(attribute(s[1], "name") == "httpd 1.0");
  BOOST_TEST(attribute(s[0], "id") == "0");
  BOOST_TEST(attribute(s[1], "id") == "1");
  BOOST_TEST(attribute(s[1], "package") == "ocivalidate");
  // Attributes in the order of the reference sample (tests/report-check).
  BOOST_TEST(
      s[0].starts_with("<testsuite name=\"httpd\" package=\"ocivalidate\" id=\"0\" "
                       "timestamp=\"2026-12-02T16:10:42\" hostname=\""));
}

BOOST_AUTO_TEST_CASE(declared_counts_match_the_testcases) {
  Run run;
  run.policy.disabled.insert("ANN-002");
  const auto rules = ocv::rules::default_registry().rules().size();
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);  // the loop below would pass on no suite
  BOOST_REQUIRE(rules > 0u);
  for (const auto& suite : s) {
    BOOST_TEST(count(suite, "<testcase ") == rules);
    BOOST_TEST(attribute(suite, "tests") == std::to_string(rules));
    BOOST_TEST(attribute(suite, "failures") == std::to_string(count(suite, "<failure ")));
    BOOST_TEST(attribute(suite, "skipped") == std::to_string(count(suite, "<skipped>")));
    BOOST_TEST(attribute(suite, "errors") == "0");
    BOOST_TEST(count(suite, "<error") == 0u);
    // Not vacuous: ANN-002 is disabled in both suites.
    BOOST_TEST(count(suite, "<skipped>") >= 1u);
  }
  BOOST_TEST(count(s[0], "<failure ") == 1u);  // LYT-003
  BOOST_TEST(count(s[1], "<failure ") == 1u);  // DESC-006
}

/// `n` images named img0, img1, ... and no findings.
void with_images(Run& run, std::size_t n) {
  run.result.findings.clear();
  run.result.summary.images.clear();
  for (std::size_t i = 0; i < n; ++i) {
    auto image = plain_image();
    image.name = "img" + std::to_string(i);
    run.result.summary.images.push_back(image);
  }
}

BOOST_AUTO_TEST_CASE(fifty_images_still_get_a_suite_with_every_rule) {
  Run run;
  with_images(run, 50);
  const auto rules = ocv::rules::default_registry().rules().size();
  const auto s = suites(run.render());
  BOOST_TEST_REQUIRE(s.size() == 51u);
  BOOST_TEST(count(s[50], "<testcase ") == rules);
  BOOST_TEST(attribute(s[0], "name") == "httpd");
  BOOST_TEST(s[0].find("image-suites") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(past_fifty_images_an_image_suite_lists_only_its_rules_with_findings) {
  Run run;
  with_images(run, 60);
  run.result.findings.push_back(make_finding("DESC-006", Severity::error,
                                             "size is 12 but the blob has 13 bytes", "img7",
                                             kManifestBlob, "/layers/0/size"));
  run.result.findings.push_back(make_finding("ANN-003", Severity::warning,
                                             "key \"foo\" is not in reverse domain notation",
                                             "img7", kManifestBlob, "/annotations/foo"));
  const auto rules = ocv::rules::default_registry().rules().size();
  const auto s = suites(run.render());
  BOOST_TEST_REQUIRE(s.size() == 2u);  // the layout, and the one image with findings
  BOOST_TEST(count(s[0], "<testcase ") == rules);
  BOOST_TEST(attribute(s[1], "name") == "httpd img7");
  BOOST_TEST(count(s[1], "<testcase ") == 2u);
  BOOST_TEST(attribute(s[1], "tests") == "2");
  BOOST_TEST(attribute(s[1], "failures") == "1");
  BOOST_TEST(testcase(s[1], "DESC-006 ").find("<failure ") != std::string::npos);
  BOOST_TEST(testcase(s[1], "ANN-003 ").ends_with("/>"));  // a warning passes, listed below
  BOOST_TEST(system_out(s[1]).starts_with("ANN-003 warning "));
  BOOST_TEST(s[0].find("<property name=\"image-suites\" value=\"images with findings only: 1 "
                       "of 60\"/>") != std::string::npos,
             s[0].substr(0, 2000));
  BOOST_TEST(system_out(s[0]).find("59 images without findings have no suite") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(findings_go_to_the_suite_of_their_image) {
  Run run;
  // An image name the summary does not know is reported with the layout.
  run.result.findings.push_back(
      make_finding("DIG-001", Severity::error, "stray", "no such image", "index.json"));
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  BOOST_TEST(attribute(s[0], "failures") == "2");  // LYT-003, DIG-001
  BOOST_TEST(attribute(s[1], "failures") == "1");  // DESC-006
  BOOST_TEST(testcase(s[0], "LYT-003 ").find("<failure ") != std::string::npos);
  BOOST_TEST(testcase(s[0], "DIG-001 ").find("<failure ") != std::string::npos);
  BOOST_TEST(testcase(s[1], "DESC-006 ").find("<failure ") != std::string::npos);
  BOOST_TEST(testcase(s[0], "DESC-006 ").find("<failure ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(failing_testcase_names_its_rule_and_lists_the_finding) {
  Run run;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  const auto c = testcase(s[1], "DESC-006 ");
  BOOST_REQUIRE(!c.empty());
  BOOST_TEST(attribute(c, "classname") == "DESC");
  BOOST_TEST(attribute(c, "name") ==
             "DESC-006 A descriptor&apos;s size equals the blob&apos;s length [1.0]");
  BOOST_TEST(attribute(c, "time") == "0.000");
  const auto failure = c.substr(c.find("<failure "));
  BOOST_TEST(attribute(failure, "type") == "DESC-006");
  BOOST_TEST(attribute(failure, "message") == "size is 12 but the blob has 13 bytes");
  BOOST_TEST(c.find("error: size is 12 but the blob has 13 bytes\n") != std::string::npos, c);
  BOOST_TEST(c.find("blob: httpd/" + kManifestBlob + "\n") != std::string::npos, c);
  BOOST_TEST(c.find("JSON pointer: /layers/0/size\n") != std::string::npos, c);
  BOOST_TEST(c.find("via: index.json → manifests[0] (ref 1.0) → manifest sha256:3f2a0c1d\n") !=
                 std::string::npos,
             c);
  BOOST_TEST(c.find("tar member:") == std::string::npos, c);  // empty lines are left out
  // The layout suite names the same rule without an image.
  BOOST_TEST(attribute(testcase(s[0], "DESC-006 "), "name") ==
             "DESC-006 A descriptor&apos;s size equals the blob&apos;s length");
}

// A finding's place in full: line and column of the blob, the tar member.
BOOST_AUTO_TEST_CASE(a_failure_names_line_column_and_member) {
  Run run;
  run.result.findings.clear();
  auto f = make_finding("LYT-003", Severity::error, "bad version", "", "oci-layout");
  f.location.line = 3;
  f.location.column = 7;
  f.location.member = "image/oci-layout";
  run.result.findings.push_back(f);
  auto line_only = make_finding("LYT-002", Severity::error, "no index", "", "index.json");
  line_only.location.line = 2;
  run.result.findings.push_back(line_only);
  const auto s = suites(run.render());
  BOOST_REQUIRE(!s.empty());
  const auto c = testcase(s[0], "LYT-003 ");
  BOOST_TEST(c.find("blob: httpd/oci-layout:3:7\n") != std::string::npos, c);
  BOOST_TEST(c.find("tar member: image/oci-layout\n") != std::string::npos, c);
  const auto line = testcase(s[0], "LYT-002 ");
  BOOST_TEST(line.find("blob: httpd/index.json:2\n") != std::string::npos, line);
}

// A finding of a rule the registry does not know still fails a testcase of
// its own, named by its ID (and classed by its family, or "ocivalidate").
BOOST_AUTO_TEST_CASE(a_finding_of_an_unknown_rule_gets_a_failing_testcase) {
  Run run;
  run.result.findings.push_back(
      make_finding("XYZ-900", Severity::error, "from elsewhere", "", "index.json"));
  run.result.findings.push_back(
      make_finding("oddity", Severity::error, "no family", "", "index.json"));
  run.result.findings.push_back(make_finding("-7", Severity::error, "no name", "", "index.json"));
  run.result.findings.push_back(
      make_finding("XYZ-901", Severity::warning, "below the fail level", "", "index.json"));
  const auto s = suites(run.render());
  BOOST_REQUIRE(!s.empty());
  const auto known = testcase(s[0], "XYZ-900");
  BOOST_TEST(attribute(known, "classname") == "XYZ", known);
  BOOST_TEST(attribute(known.substr(known.find("<failure ")), "message") == "from elsewhere");
  const auto odd = testcase(s[0], "oddity");
  BOOST_TEST(attribute(odd, "classname") == "oddity", odd);
  BOOST_TEST(odd.find("<failure ") != std::string::npos, odd);
  BOOST_TEST(attribute(testcase(s[0], "-7"), "classname") == "ocivalidate");
  // A warning passes its testcase and is listed in system-out.
  const auto warning = testcase(s[0], "XYZ-901");
  BOOST_TEST(warning.find("<failure ") == std::string::npos, warning);
  BOOST_TEST(system_out(s[0]).find("XYZ-901 warning httpd/index.json: below the fail level") !=
                 std::string::npos,
             system_out(s[0]));
  BOOST_TEST(attribute(s[0], "failures") == "4");  // LYT-003, XYZ-900, oddity, -7
}

// A rule checked under another rule's ID is skipped, saying which.
BOOST_AUTO_TEST_CASE(a_rule_reported_as_another_is_skipped_and_names_it) {
  Run run;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  const auto c = testcase(s[1], "ART-003 ");
  BOOST_TEST(c.find("<skipped") != std::string::npos, c);
  BOOST_TEST(c.find("checked as MAN-005") != std::string::npos, c);
}

// Two index entries leading to images of one name share a suite, which
// names both manifests (findings carry only the image name).
BOOST_AUTO_TEST_CASE(images_of_one_name_share_a_suite_naming_each_manifest) {
  Run run;
  auto second = plain_image();
  second.manifest = "blobs/sha256/" + std::string(64, 'b');
  run.result.summary.images.push_back(second);
  run.result.summary.images.push_back(plain_image());  // the same manifest again
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  BOOST_TEST(s[1].find("<property name=\"manifest\" value=\"httpd/" + kManifestBlob +
                       ", httpd/blobs/sha256/" + std::string(64, 'b') + "\"") != std::string::npos,
             s[1]);
}

BOOST_AUTO_TEST_CASE(several_failing_findings_are_counted_in_the_message) {
  Run run;
  run.result.findings.push_back(make_finding("DESC-006", Severity::error, "second size mismatch",
                                             "1.0", kManifestBlob, "/config/size"));
  const auto c = testcase(suites(run.render())[1], "DESC-006 ");
  const auto failure = c.substr(c.find("<failure "));
  BOOST_TEST(attribute(failure, "message").starts_with("2 findings: "), failure);
  BOOST_TEST(count(c, "error: ") == 2u, c);
  BOOST_TEST(count(c, "<failure ") == 1u, c);
}

BOOST_AUTO_TEST_CASE(warnings_below_the_fail_level_pass_and_are_listed_in_system_out) {
  Run run;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  const auto c = testcase(s[1], "ANN-003 ");
  BOOST_REQUIRE(!c.empty());
  BOOST_TEST(c.ends_with("/>"), c);  // passed: no child element
  BOOST_TEST(system_out(s[1]) == "ANN-003 warning httpd/" + kManifestBlob +
                                     ": key &quot;foo&quot; is not in reverse domain notation\n");
  BOOST_TEST(system_out(s[0]) == "");
}

BOOST_AUTO_TEST_CASE(fail_on_warning_turns_the_warning_into_a_failure) {
  Run run;
  run.policy.fail_on = Severity::warning;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  const auto c = testcase(s[1], "ANN-003 ");
  const auto at = c.find("<failure ");
  BOOST_REQUIRE(at != std::string::npos);
  BOOST_TEST(attribute(c.substr(at), "type") == "ANN-003");
  BOOST_TEST(attribute(s[1], "failures") == "2");
  BOOST_TEST(system_out(s[1]) == "");
}

BOOST_AUTO_TEST_CASE(rule_disabled_by_policy_is_skipped) {
  Run run;
  run.policy.disabled.insert("ANN-002");
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  for (const auto& suite : s) {
    const auto c = testcase(suite, "ANN-002 ");
    BOOST_TEST(c.find("<skipped>disabled by policy</skipped>") != std::string::npos, c);
  }
}

BOOST_AUTO_TEST_CASE(opt_in_rule_left_off_says_how_to_enable_it) {
  Run run;
  run.policy.disabled.insert("JSON-005");
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  for (const auto& suite : s) {
    const auto c = testcase(suite, "JSON-005 ");
    BOOST_TEST(
        c.find("<skipped>off unless enabled (--enable JSON-005)</skipped>") != std::string::npos,
        c);
  }
}

BOOST_AUTO_TEST_CASE(artifact_rules_are_skipped_with_a_reason_on_a_plain_image) {
  const auto* rule = ocv::rules::default_registry().find("ART-001");
  BOOST_REQUIRE(rule != nullptr);
  const auto image = plain_image();
  const std::string reason(ocv::engine::not_applicable_reason(*rule, &image));
  BOOST_REQUIRE(!reason.empty());
  Run run;
  auto c = testcase(suites(run.render())[1], "ART-001 ");
  BOOST_TEST(c.find("<skipped>" + reason + "</skipped>") != std::string::npos, c);

  // The same rule on an artifact applied and passed.
  run.result.summary.images[0].artifact = true;
  c = testcase(suites(run.render())[1], "ART-001 ");
  BOOST_TEST(c.ends_with("/>"), c);
}

BOOST_AUTO_TEST_CASE(windows_layer_rule_is_skipped_on_a_linux_image) {
  const auto* rule = ocv::rules::default_registry().find("LAY-009");
  BOOST_REQUIRE(rule != nullptr);
  auto image = plain_image();
  image.os = "linux";
  const std::string reason(ocv::engine::not_applicable_reason(*rule, &image));
  BOOST_TEST(reason.find("not a Windows image") != std::string::npos, reason);
  Run run;
  run.result.summary.images[0].os = "linux";
  auto c = testcase(suites(run.render())[1], "LAY-009 ");
  BOOST_TEST(c.find("<skipped>" + reason + "</skipped>") != std::string::npos, c);

  run.result.summary.images[0].os = "windows";
  c = testcase(suites(run.render())[1], "LAY-009 ");
  BOOST_TEST(c.ends_with("/>"), c);
}

BOOST_AUTO_TEST_CASE(image_rules_are_skipped_for_the_layout_and_layout_rules_per_image) {
  Run run;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  BOOST_TEST(testcase(s[0], "MAN-001 ").find("<skipped>checked per image") != std::string::npos);
  BOOST_TEST(testcase(s[1], "LYT-001 ").find("<skipped>checked for the layout as a whole") !=
             std::string::npos);
  BOOST_TEST(testcase(s[1], "MAN-001 ").ends_with("/>"));
}

BOOST_AUTO_TEST_CASE(properties_come_first_and_name_the_image) {
  Run run;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  for (const auto& suite : s) {
    BOOST_TEST(suite.find("<properties>") < suite.find("<testcase "));
    BOOST_TEST(suite.rfind("<testcase ") < suite.find("<system-out>"));
    BOOST_TEST(suite.find("<system-out>") < suite.find("<system-err"));
    BOOST_TEST(suite.find("<property name=\"image-spec.version\"") != std::string::npos);
    BOOST_TEST(suite.find("<property name=\"ocivalidate.version\" value=\"0.1.0\"/>") !=
               std::string::npos);
    BOOST_TEST(suite.find("<property name=\"layout\" value=\"./httpd/\"/>") != std::string::npos);
  }
  BOOST_TEST(s[1].find("<property name=\"manifest\" value=\"httpd/" + kManifestBlob + "\"/>") !=
             std::string::npos);
  BOOST_TEST(s[1].find("<property name=\"image\" value=\"1.0\"/>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(timestamp_has_no_zone_and_times_have_three_decimals) {
  Run run;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  BOOST_TEST(attribute(s[0], "timestamp") == "2026-12-02T16:10:42");
  BOOST_TEST(attribute(s[0], "time") == "0.137");
  BOOST_TEST(attribute(s[1], "time") == "0.000");
  BOOST_TEST(!attribute(s[0], "hostname").empty());
  BOOST_TEST(attribute(s[0], "hostname") == attribute(s[1], "hostname"));
}

BOOST_AUTO_TEST_CASE(markup_in_messages_is_escaped) {
  Run run;
  run.result.findings[0].message = R"(size <12> & "13" isn't ]]> right)";
  const auto xml = run.render();
  BOOST_TEST(xml.find("size &lt;12&gt; &amp; &quot;13&quot; isn&apos;t ]]&gt; right") !=
             std::string::npos);
  BOOST_TEST(xml.find("<12>") == std::string::npos);
  BOOST_TEST(xml.find("]]>") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_and_control_characters_are_replaced) {
  Run run;
  // Stray bytes, an overlong '/', a surrogate, NUL and ESC, a truncated
  // sequence, then a valid arrow and a valid U+FFFD.
  run.result.findings[0].message =
      std::string("caf\xC3\xA9 \xFF\xFE \xC0\xAF \xED\xA0\x80 \x01\x1B") + '\0' +
      " \xE2\x82 end \xE2\x86\x92 \xEF\xBF\xBD";
  run.result.findings[2].message = "tab\there";
  const auto xml = run.render();
  BOOST_TEST(is_xml_safe_utf8(xml));
  const auto r = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += "&#xFFFD;";
    return out;
  };
  const auto expected = "caf\xC3\xA9 " + r(2) + " " + r(2) + " " + r(3) + " " + r(3) + " " + r(2) +
                        " end \xE2\x86\x92 " + r(1);
  const auto c = testcase(suites(xml)[1], "DESC-006 ");
  BOOST_TEST(attribute(c.substr(c.find("<failure ")), "message") == expected);
  // No literal U+FFFD: xunit-viewer would take the file for cp1252.
  BOOST_TEST(xml.find("\xEF\xBF\xBD") == std::string::npos);
  // Tabs and newlines in attributes are kept as references, in text as is.
  BOOST_TEST(xml.find("message=\"tab&#9;here\"") != std::string::npos);
  BOOST_TEST(xml.find("error: tab\there\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(could_not_validate_is_one_erroring_testcase) {
  Run run;
  run.input.error = "not an OCI image layout: no oci-layout <file>";
  const auto xml = render_junit(run.input);  // result stays null
  const auto s = suites(xml);
  BOOST_REQUIRE(s.size() == 1u);
  BOOST_TEST(attribute(s[0], "name") == "httpd");
  BOOST_TEST(attribute(s[0], "tests") == "1");
  BOOST_TEST(attribute(s[0], "errors") == "1");
  BOOST_TEST(attribute(s[0], "failures") == "0");
  BOOST_TEST(attribute(s[0], "skipped") == "0");
  BOOST_TEST(count(s[0], "<testcase ") == 1u);
  const auto c = testcase(s[0], "validate layout");
  BOOST_TEST(attribute(c, "classname") == "ocivalidate");
  const auto error = c.substr(c.find("<error "));
  BOOST_TEST(attribute(error, "type") == "cannot-validate");
  BOOST_TEST(attribute(error, "message") == "not an OCI image layout: no oci-layout &lt;file&gt;");
}

BOOST_AUTO_TEST_CASE(testcases_are_unique_across_suites) {
  Run run;
  const auto xml = run.render();
  const auto s = suites(xml);
  BOOST_REQUIRE(s.size() == 2u);
  std::vector<std::string> keys;
  for (const auto& suite : s) {
    for (auto at = suite.find("<testcase "); at != std::string::npos;
         at = suite.find("<testcase ", at + 1)) {
      const auto tag = std::string_view(suite).substr(at);
      keys.push_back(attribute(tag, "classname") + "|" + attribute(tag, "name"));
    }
  }
  std::sort(keys.begin(), keys.end());
  const auto duplicate = std::adjacent_find(keys.begin(), keys.end());
  BOOST_TEST((duplicate == keys.end()), (duplicate == keys.end() ? "" : *duplicate));
  BOOST_TEST(keys.size() == 2 * ocv::rules::default_registry().rules().size());
}

BOOST_AUTO_TEST_CASE(same_input_renders_the_same_bytes) {
  Run run;
  // Reversed finding order: the report sorts them itself.
  auto reversed = run.result;
  std::reverse(reversed.findings.begin(), reversed.findings.end());
  const auto first = run.render();
  run.result = reversed;
  BOOST_TEST(first == run.render());
}

// The generic writer, as the conformance runner uses it: one suite, one
// testcase per outcome.

namespace {

namespace junit = ocv::reports::junit;

junit::TestSuite one_of_each_outcome() {
  junit::TestSuite suite;
  suite.name = "conformance";
  suite.properties = {{"corpus", "v1"}};
  suite.seconds = 1.23456;
  suite.cases = {
      {.classname = "conformance.layout", .name = "valid-minimal", .seconds = 0.25},
      {.classname = "conformance.manifest",
       .name = "bad-digest",
       .outcome = junit::Outcome::failure,
       .message = "expected DIG-001",
       .type = "mismatch",
       .body = "got nothing\n",
       .seconds = 0.0016},
      {.classname = "conformance.layer",
       .name = "broken-tar",
       .outcome = junit::Outcome::error,
       .message = "cannot build",
       .type = "build",
       .body = "tar <header> & more"},
      {.classname = "conformance.layer",
       .name = "zstd",
       .outcome = junit::Outcome::skipped,
       .message = "not written",
       .type = "not written",
       .body = "zstd disabled",
       .seconds = -1},
  };
  suite.system_out = "ran 4 cases\n";
  suite.system_err = "warning: <slow>\n";
  return suite;
}

junit::RunInfo fixed_run() {
  junit::RunInfo run;
  run.timestamp = "2026-12-02T16:10:42";
  run.hostname = "ci-runner";
  return run;
}

}  // namespace

BOOST_AUTO_TEST_CASE(generic_writer_counts_each_outcome) {
  const auto xml = junit::render({one_of_each_outcome()}, fixed_run());
  BOOST_TEST(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"));
  BOOST_TEST(xml.ends_with("</testsuites>\n"));
  const auto s = suites(xml);
  BOOST_REQUIRE(s.size() == 1u);
  BOOST_TEST(
      s[0].starts_with("<testsuite name=\"conformance\" package=\"ocivalidate\" id=\"0\" "
                       "timestamp=\"2026-12-02T16:10:42\" hostname=\"ci-runner\" tests=\"4\" "
                       "failures=\"1\" errors=\"1\" skipped=\"1\" time=\"1.235\">\n"
                       "    <properties>\n      <property name=\"corpus\" value=\"v1\"/>\n"
                       "    </properties>\n"),
      s[0]);
  BOOST_TEST(testcase(s[0], "valid-minimal") ==
             "<testcase classname=\"conformance.layout\" name=\"valid-minimal\" time=\"0.250\"/>");
  BOOST_TEST(testcase(s[0], "bad-digest")
                 .find("time=\"0.002\">\n      <failure "
                       "message=\"expected DIG-001\" type=\"mismatch\">"
                       "got nothing\n</failure>") != std::string::npos);
  BOOST_TEST(testcase(s[0], "broken-tar")
                 .find("<error message=\"cannot build\" type=\"build\">"
                       "tar &lt;header&gt; &amp; more</error>") != std::string::npos);
  // Skipped: the reason as text and no attributes; a negative time is clamped.
  BOOST_TEST(
      testcase(s[0], "zstd").find("time=\"0.000\">\n      <skipped>zstd disabled</skipped>") !=
      std::string::npos);
  BOOST_TEST(s[0].ends_with("    <system-out>ran 4 cases\n</system-out>\n"
                            "    <system-err>warning: &lt;slow&gt;\n</system-err>\n  "),
             s[0]);
}

BOOST_AUTO_TEST_CASE(generic_writer_escapes_and_fills_required_attributes) {
  auto suite = one_of_each_outcome();
  suite.name = " \t";
  suite.properties = {{"", "a\tb"}};
  suite.cases.resize(1);
  suite.cases[0].name = std::string("caf\xC3\xA9 \"q\" \xFF") + '\x01';
  suite.system_err.clear();
  auto second = suite;
  second.name = "second";
  second.properties.clear();
  const auto xml = junit::render({suite, second}, junit::RunInfo{});
  BOOST_TEST(is_xml_safe_utf8(xml));
  const auto s = suites(xml);
  BOOST_REQUIRE(s.size() == 2u);
  // The Ant XSD wants a non-blank suite and property name, a hostname and a
  // zone-less timestamp; a default RunInfo gets "localhost" and the current
  // UTC time.
  BOOST_TEST(attribute(s[0], "name") == "unnamed");
  BOOST_TEST(attribute(s[1], "id") == "1");
  BOOST_TEST(attribute(s[0], "hostname") == "localhost");
  const auto timestamp = attribute(s[0], "timestamp");
  BOOST_TEST((timestamp.size() == 19u && timestamp[10] == 'T'), timestamp);
  BOOST_TEST(s[0].find("<property name=\"unnamed\" value=\"a&#9;b\"/>") != std::string::npos);
  // dtkit junit-4.xsd wants at least one property.
  BOOST_TEST(s[1].find("<properties>\n      <property name=\"package\" value=\"ocivalidate\"/>\n"
                       "    </properties>") != std::string::npos,
             s[1]);
  BOOST_TEST(attribute(s[0], "tests") == "1");
  BOOST_TEST(attribute(s[0], "failures") == "0");
  BOOST_TEST(s[0].find("name=\"caf\xC3\xA9 &quot;q&quot; &#xFFFD;&#xFFFD;\"") != std::string::npos,
             s[0]);
  BOOST_TEST(s[0].ends_with("<system-err/>\n  "), s[0]);
}

// XML 1.0's Char production at its edges: U+D7FF, U+E000 and U+10000 are
// kept, U+FFFE is replaced; markup is escaped, and a CR is a character
// reference everywhere (a literal one would be read back as LF), tab and
// newline only in attributes.
BOOST_AUTO_TEST_CASE(generic_writer_keeps_xml_chars_and_replaces_the_others) {
  auto suite = one_of_each_outcome();
  suite.cases.resize(1);
  suite.cases[0].name = "\xED\x9F\xBF|\xEE\x80\x80|\xEF\xBF\xBE|\xF0\x90\x80\x80|'<>&|\r|\t\n";
  suite.system_err = "a\tb\nc\rd<e>";
  const auto xml = junit::render({suite}, junit::RunInfo{});
  BOOST_TEST(is_xml_safe_utf8(xml));
  BOOST_TEST(xml.find("name=\"\xED\x9F\xBF|\xEE\x80\x80|&#xFFFD;|\xF0\x90\x80\x80|&apos;&lt;&gt;"
                      "&amp;|&#13;|&#9;&#10;\"") != std::string::npos,
             xml);
  BOOST_TEST(xml.find("a\tb\nc&#13;d&lt;e&gt;") != std::string::npos, xml);
}

BOOST_AUTO_TEST_CASE(junit_timestamp_drops_the_zone) {
  BOOST_TEST(junit::timestamp_from_utc("2026-12-02T16:10:42Z") == "2026-12-02T16:10:42");
  BOOST_TEST(junit::timestamp_from_utc("2026-12-02T16:10:42.123+01:00") == "2026-12-02T16:10:42");
  const auto now = junit::timestamp_from_utc("yesterday");
  BOOST_TEST(now.size() == 19u);
  BOOST_TEST(now[10] == 'T');
  BOOST_TEST(!junit::host_name().empty());
}

BOOST_AUTO_TEST_CASE(text_written_in_pieces_escapes_as_it_would_whole) {
  // Long enough to be escaped in several blocks, and cut anywhere: inside
  // multi-byte characters, inside invalid sequences, between markup.
  std::string mixed;
  for (int i = 0; mixed.size() < 300'000; ++i)
    mixed +=
        i % 3 == 0 ? "caf\xC3\xA9 <&> " : (i % 3 == 1 ? "\xE2\x86\x92\xFF\xC3" : "\x01 \"q\"\n");
  // Without any ASCII byte a block has no place to cut: it stays pending
  // until the text ends.
  std::string accents;
  while (accents.size() < 150'000) accents += "\xC3\xA9";
  for (const auto& body : {mixed, accents}) {
    junit::TestSuite whole;
    whole.name = "s";
    whole.cases.push_back({.classname = "c",
                           .name = "n",
                           .outcome = junit::Outcome::failure,
                           .message = "m",
                           .type = "t",
                           .body = body});
    whole.system_out = body;
    const auto expected = junit::render({whole}, fixed_run());
    for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{65'537}}) {
      std::ostringstream out;
      junit::DocumentWriter w(out, fixed_run());
      const auto pieces = [&] {
        for (std::size_t at = 0; at < body.size(); at += piece)
          w.text(std::string_view(body).substr(at, piece));
      };
      w.begin_suite({.name = "s", .tests = 1, .failures = 1});
      w.begin_case(whole.cases[0]);
      pieces();
      w.end_case();
      w.begin_system_out();
      pieces();
      w.end_suite();
      w.finish();
      BOOST_TEST((out.str() == expected), "pieces of " << piece << " bytes of " << body.size());
    }
  }
}

// A rule whose requirement nothing checks (reported as "") is skipped and
// says so, instead of passing.
BOOST_AUTO_TEST_CASE(a_rule_checked_nowhere_is_skipped_as_not_checked) {
  ocv::engine::Registry registry;
  registry.add_rules({{.id = "TST-001",
                       .level = "MUST",
                       .severity = Severity::error,
                       .title = "A requirement nothing checks",
                       .spec = "manifest.md#image-manifest",
                       .help = "Nothing to do."}});
  registry.reported_as("TST-001", "");
  Run run;
  run.result = ValidateResult{};
  run.input.registry = &registry;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 1u);
  const auto c = testcase(s[0], "TST-001 ");
  BOOST_TEST(c.find("<skipped") != std::string::npos, c);
  BOOST_TEST(c.find(">not checked by this validator</skipped>") != std::string::npos, c);
  BOOST_TEST(attribute(s[0], "skipped") == "1");
}

// Without a registry every finding still gets a failing testcase (named by
// its rule ID), and without a policy errors fail by default.
BOOST_AUTO_TEST_CASE(without_registry_or_policy_findings_still_fail) {
  Run run;
  run.input.registry = nullptr;
  run.input.policy = nullptr;
  const auto s = suites(run.render());
  BOOST_REQUIRE(s.size() == 2u);
  BOOST_TEST(attribute(s[0], "tests") == "1");
  BOOST_TEST(attribute(s[0], "failures") == "1");
  BOOST_TEST(attribute(testcase(s[0], "LYT-003"), "classname") == "LYT");
  BOOST_TEST(attribute(s[1], "tests") == "2");
  BOOST_TEST(attribute(s[1], "failures") == "1");
  BOOST_TEST(testcase(s[1], "DESC-006 [1.0]").find("<failure ") != std::string::npos);
  // The warning passes below the default fail level and is listed.
  BOOST_TEST(testcase(s[1], "ANN-003 [1.0]").find("<failure ") == std::string::npos);
  BOOST_TEST(system_out(s[1]).find("ANN-003 warning") != std::string::npos, system_out(s[1]));
}

// A run that was not validated and gave no reason still says so.
BOOST_AUTO_TEST_CASE(could_not_validate_without_a_reason_says_so) {
  Run run;
  const auto s = suites(render_junit(run.input));  // result stays null
  BOOST_REQUIRE(s.size() == 1u);
  const auto c = testcase(s[0], "validate layout");
  BOOST_TEST(attribute(c.substr(c.find("<error ")), "message") == "the layout was not validated");
  BOOST_TEST(c.find("the layout was not validated\nlayout: ./httpd/\n") != std::string::npos, c);
}

BOOST_AUTO_TEST_SUITE_END()
