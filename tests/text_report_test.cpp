// The text report: sections per image, errors before warnings before notes.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "reports/reporter.hpp"
#include "reports/utf8.hpp"

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

// Where a finding is: the archive's member after the archive's name (or
// "stdin"), the tar member in brackets, the pointer after "#", line and
// column; a finding about the whole input is at the input itself.
BOOST_AUTO_TEST_CASE(findings_in_an_archive_are_located_inside_it) {
  ocv::engine::ValidateResult result;
  auto member = finding("", "LYT-013", Severity::error, "blobs/sha256/a");
  member.location.member = "etc/\x1b[2Jpasswd";
  member.location.pointer = "/layers/0";
  member.location.line = 3;
  member.location.column = 9;
  result.findings = {member, finding("", "LIMIT-002", Severity::error, "")};
  result.summary.archive_kind = "oci-archive";
  result.summary.spooled_bytes = 2'500'000;
  const ocv::engine::Policy policy;
  ocv::reports::ReportInput input;
  input.result = &result;
  input.policy = &policy;
  input.archive = true;
  input.layout = "-";
  input.suppressed = 2;
  input.verdict = ocv::engine::verdict(result.findings, policy);
  const auto text = ocv::reports::render(*ocv::reports::find_format("text"), input);
  BOOST_TEST(text.find("at stdin:blobs/sha256/a [etc/\\x1b[2Jpasswd]#/layers/0 (3:9)\n") !=
                 std::string::npos,
             text);
  BOOST_TEST(text.find("at stdin\n") != std::string::npos, text);
  BOOST_TEST(
      text.find("stdin (oci-archive): 2 errors, 0 warnings, 0 notes, 2 suppressed in 0 "
                "images, 0 blobs (0.0 MB hashed, 2.5 MB spooled) — INVALID") != std::string::npos,
      text);
  input.layout = "image.tar";
  const auto named = ocv::reports::render(*ocv::reports::find_format("text"), input);
  BOOST_TEST(named.find("at image.tar:blobs/sha256/a [") != std::string::npos, named);
  BOOST_TEST(named.find("at image.tar\n") != std::string::npos, named);
}

// The attachments section: per image (or per absent subject) the count by
// kind, then each attachment with its links, what its payloads say, and
// whether its links hold; coloured on a terminal.
BOOST_AUTO_TEST_CASE(attachments_are_listed_per_image_with_their_links) {
  ocv::engine::ValidateResult result;
  ocv::engine::AttachmentSummary signature;
  signature.kind = "cosign signature";
  signature.manifest = "blobs/sha256/s";
  signature.image = "1.0";
  signature.links = {{"cosign tag", "sha256:aa", true}};
  signature.payloads = {"signs sha256:aa"};
  ocv::engine::AttachmentSummary orphan;
  orphan.kind = "artifact";
  orphan.manifest = "blobs/sha256/o";
  orphan.subject = "sha256:bb";
  orphan.links = {{"subject", "sha256:bb", false}};
  orphan.problems = {"REF-001", "REF-003"};
  ocv::engine::AttachmentSummary unlinked;
  unlinked.kind = "artifact";
  unlinked.manifest = "blobs/sha256/u";
  unlinked.image = "1.0";
  result.summary.attachments = {signature, orphan, unlinked};
  const ocv::engine::Policy policy;
  ocv::reports::ReportInput input;
  input.result = &result;
  input.policy = &policy;
  input.layout = "img";
  input.verdict = ocv::engine::verdict(result.findings, policy);
  const auto text = ocv::reports::render(*ocv::reports::find_format("text"), input);
  BOOST_TEST(
      text.find("attachments\n  image 1.0: 1 artifact, 1 cosign signature\n") != std::string::npos,
      text);
  BOOST_TEST(text.find("    cosign signature blobs/sha256/s by cosign tag; signs sha256:aa: links "
                       "hold\n") != std::string::npos,
             text);
  BOOST_TEST(text.find("    artifact blobs/sha256/u by nothing: links hold\n") != std::string::npos,
             text);
  BOOST_TEST(
      text.find("  sha256:bb (not in the layout): 1 artifact\n    artifact blobs/sha256/o "
                "by subject (subject absent): broken: REF-001, REF-003\n") != std::string::npos,
      text);
  const auto colored =
      ocv::reports::render(*ocv::reports::find_format("text"), input, {.color = true});
  BOOST_TEST(colored.find("\x1b[1mattachments\x1b[0m") != std::string::npos, colored);
  BOOST_TEST(colored.find("\x1b[31mbroken: REF-001, REF-003\x1b[0m") != std::string::npos, colored);
  BOOST_TEST(colored.find("\x1b[32mlinks hold\x1b[0m") != std::string::npos, colored);
  BOOST_TEST(colored.find("\x1b[1;32mVALID\x1b[0m") != std::string::npos, colored);
}

// Each severity has its colour on a terminal, and none without one.
BOOST_AUTO_TEST_CASE(severities_are_coloured_only_on_a_terminal) {
  ocv::engine::ValidateResult result;
  result.findings = {finding("", "LYT-016", Severity::error, "index.json"),
                     finding("", "ANN-003", Severity::warning, "index.json"),
                     finding("", "LYT-008", Severity::note, "index.json")};
  const ocv::engine::Policy policy;
  ocv::reports::ReportInput input;
  input.result = &result;
  input.policy = &policy;
  input.layout = "img";
  input.verdict = ocv::engine::verdict(result.findings, policy);
  const auto colored =
      ocv::reports::render(*ocv::reports::find_format("text"), input, {.color = true});
  BOOST_TEST(colored.find("\x1b[1;31merror  \x1b[0m LYT-016") != std::string::npos, colored);
  BOOST_TEST(colored.find("\x1b[33mwarning\x1b[0m ANN-003") != std::string::npos, colored);
  BOOST_TEST(colored.find("\x1b[36mnote   \x1b[0m LYT-008") != std::string::npos, colored);
  BOOST_TEST(colored.find("\x1b[1;31mINVALID\x1b[0m") != std::string::npos, colored);
  const auto plain = ocv::reports::render(*ocv::reports::find_format("text"), input);
  BOOST_TEST(plain.find('\x1b') == std::string::npos, plain);
  BOOST_TEST(plain.find("  error   LYT-016") != std::string::npos, plain);
}

// What reaches a terminal from the image: C0 and C1 controls escaped (a
// CSI, U+009B, could start an escape sequence as ESC [ does), DEL
// escaped, bytes that are not UTF-8 replaced by U+FFFD, the rest kept.
BOOST_AUTO_TEST_CASE(printable_escapes_every_control_character) {
  using ocv::reports::printable;
  BOOST_TEST(printable("a\tb\rc\nd") == "a\\tb\\rc\\nd");
  BOOST_TEST(printable(std::string("\x01\x1b\x7f", 3)) == "\\x01\\x1b\\x7f");
  BOOST_TEST(printable(std::string("\0", 1)) == "\\x00");
  BOOST_TEST(printable("\xc2\x80\xc2\x9b\xc2\x9f") == "\\u0080\\u009b\\u009f");
  // U+00A0 and U+00E9 are no controls.
  BOOST_TEST(printable("\xc2\xa0\xc3\xa9") == "\xc2\xa0\xc3\xa9");
  BOOST_TEST(printable("a\xff"
                       "b\xc2") ==
             "a\xef\xbf\xbd"
             "b\xef\xbf\xbd");
  BOOST_TEST(ocv::reports::valid_utf8("\xe2\x82") == "\xef\xbf\xbd\xef\xbf\xbd");
}

BOOST_AUTO_TEST_SUITE_END()
