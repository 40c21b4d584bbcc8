// Policy: disabled rules, severity overrides, suppressions and the policy
// file, plus the command line options that set them.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "rules/all_rules.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/engine/policy.hpp"
#include "validator/engine/policy_file.hpp"

using ocv::engine::Finding;
using ocv::engine::Policy;
using ocv::engine::PolicyError;
using ocv::engine::Severity;
using ocv::test::LayoutBuilder;
using ocv::test::run_cli_in;
using ocv::test::TempDir;

namespace {

const std::string kBlob = "blobs/sha256/" + std::string(64, 'a');

Finding finding(std::string rule, Severity s, std::string blob = "index.json",
                std::string member = "") {
  Finding f;
  f.rule_id = std::move(rule);
  f.severity = s;
  f.message = "m";
  f.location.blob = std::move(blob);
  f.location.member = std::move(member);
  return f;
}

/// The policy applied to `findings` one at a time, as a run applies it to
/// what its checks find: the findings it reports, and the counts.
struct Admitted {
  std::vector<Finding> findings;
  ocv::engine::Applied counts;
};

Admitted admitted(const Policy& p, std::vector<Finding> findings) {
  ocv::engine::PolicyFilter filter(p);
  Admitted out;
  for (auto& f : findings)
    if (filter.admit(f)) out.findings.push_back(std::move(f));
  out.counts = filter.take();
  return out;
}

Policy parse(const std::string& text) {
  return ocv::engine::parse_policy(text, "p.json", ocv::rules::default_registry());
}

std::string parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const PolicyError& e) {
    return e.what();
  }
  return "";
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

/// A valid layout plus one unreferenced blob, whose only finding is the
/// LYT-008 note.
std::string layout_with_a_note(const TempDir& tmp) {
  const auto root = tmp.path() / "image";
  LayoutBuilder b(root);
  b.write_valid_layout();
  b.add_blob("stray");
  return root.string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy)

BOOST_AUTO_TEST_CASE(disabled_rules_are_dropped_and_counted) {
  Policy p;
  p.disabled.insert("LYT-008");
  const auto out =
      admitted(p, {finding("LYT-008", Severity::note), finding("LYT-005", Severity::error)});
  BOOST_TEST(out.findings.size() == 1u);
  BOOST_TEST(out.findings[0].rule_id == "LYT-005");
  BOOST_TEST(out.counts.disabled == 1u);
  BOOST_TEST(admitted(Policy{}, {finding("LYT-008", Severity::note)}).findings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(severity_overrides_change_the_verdict) {
  Policy p;
  p.severity["LYT-008"] = Severity::error;
  const auto out = admitted(p, {finding("LYT-008", Severity::note)});
  BOOST_TEST((out.findings[0].severity == Severity::error));
  BOOST_TEST(ocv::engine::fails(out.findings, p));
  BOOST_TEST(!ocv::engine::fails({finding("LYT-008", Severity::note)}, Policy{}));
}

BOOST_AUTO_TEST_CASE(suppressions_match_rule_digest_and_path) {
  Policy p;
  p.suppressions.push_back({"LAY-001", "sha256:" + std::string(64, 'a'), "", "known"});
  p.suppressions.push_back({"WHT-005", "", "etc/.wh.x", ""});
  const auto out = admitted(
      p, {finding("LAY-001", Severity::error, kBlob),                   // suppressed
          finding("LAY-001", Severity::error, "blobs/sha256/bb"),       // other blob: kept
          finding("WHT-005", Severity::warning, kBlob, "etc/.wh.x"),    // by member: suppressed
          finding("WHT-005", Severity::warning, kBlob, "etc/.wh.y")});  // kept
  BOOST_TEST(out.counts.suppressed == 2u);
  BOOST_REQUIRE(out.findings.size() == 2u);
  BOOST_TEST(out.findings[0].location.blob == "blobs/sha256/bb");
  BOOST_TEST(out.findings[1].location.member == "etc/.wh.y");
}

// Suppressed findings are kept for the reports up to the rule's limit and
// counted past it; a digest with no algorithm (which a policy file refuses)
// matches no blob.
BOOST_AUTO_TEST_CASE(suppressed_findings_are_kept_up_to_the_limit_and_counted_past_it) {
  Policy p;
  p.suppressions.push_back({"LAY-001", "", "", "known"});
  ocv::engine::PolicyFilter filter(p, 2);
  for (int i = 0; i < 3; ++i) {
    auto f = finding("LAY-001", Severity::error, kBlob);
    BOOST_TEST(!filter.admit(f));
  }
  const auto applied = filter.take();
  BOOST_TEST(applied.suppressed == 3u);
  BOOST_TEST_REQUIRE(applied.suppressed_findings.size() == 2u);
  BOOST_TEST(applied.suppressed_findings[1].reason == "known");
  const ocv::engine::Suppression no_algorithm{"LAY-001", std::string(64, 'a'), "", ""};
  BOOST_TEST(!no_algorithm.matches(finding("LAY-001", Severity::error, kBlob)));
}

BOOST_AUTO_TEST_CASE(a_rule_past_its_limit_is_counted_in_every_total) {
  // Five stray blobs: five LYT-008 notes, of which --max-findings-per-rule 2
  // lists two and one more finding of the rule counts the other three.
  TempDir tmp;
  const auto root = tmp.path() / "image";
  LayoutBuilder b(root);
  b.write_valid_layout();
  std::vector<std::string> strays;
  for (int i = 0; i < 5; ++i) strays.push_back(b.add_blob("stray " + std::to_string(i)));
  const auto cwd = tmp.path().string();
  auto r = run_cli_in(cwd, {"--max-findings-per-rule", "2", "--fail-on", "note", root.string()});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(r.out.find("3 more LYT-008 findings are not listed") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("5 notes") != std::string::npos, r.out);
  r = run_cli_in(cwd, {"--max-findings-per-rule", "2", "--format", "json", root.string()});
  BOOST_TEST(r.out.find("\"notes\": 5") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\"unlisted\": 3") != std::string::npos, r.out);
  // A suppressed finding takes no place in the list, nor in the count.
  write(tmp.path() / ".ocivalidate.json",
        R"({"suppress": [{"rule": "LYT-008", "digest": ")" + strays[0] + R"("}]})");
  r = run_cli_in(cwd, {"--max-findings-per-rule", "2", root.string()});
  BOOST_TEST(r.out.find("2 more LYT-008 findings are not listed") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("4 notes, 1 suppressed") != std::string::npos, r.out);
  // Within the limit, nothing is counted apart.
  r = run_cli_in(cwd, {"--no-config", "--max-findings-per-rule", "5", root.string()});
  BOOST_TEST(r.out.find("more LYT-008") == std::string::npos, r.out);
  BOOST_TEST(r.out.find("5 notes") != std::string::npos, r.out);
  BOOST_TEST(run_cli_in(cwd, {"--max-findings-per-rule", "0", root.string()}).exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(policy_file)

BOOST_AUTO_TEST_CASE(a_complete_file_is_read) {
  const auto p = parse(R"({
    "version": 1,
    "fail-on": "warning",
    "disable": ["ANN-003", "LIMIT-*"],
    "severity": {"LYT-008": "error"},
    "suppress": [{"rule": "LAY-001", "digest": "sha256:abc", "reason": "umoci"}]
  })");
  BOOST_TEST((p.fail_on == Severity::warning));
  BOOST_TEST(p.disabled.contains("ANN-003"));
  BOOST_TEST(p.disabled.contains("LIMIT-001"));
  BOOST_TEST(p.disabled.contains("LIMIT-005"));
  BOOST_TEST(!p.disabled.contains("LYT-001"));
  BOOST_TEST((p.severity.at("LYT-008") == Severity::error));
  BOOST_REQUIRE(p.suppressions.size() == 1u);
  BOOST_TEST(p.suppressions[0].reason == "umoci");
  // Only the opt-in rules are off without a word from the user.
  BOOST_TEST((parse("{}").disabled == std::set<std::string, std::less<>>{"JSON-005", "REF-050"}));
  BOOST_TEST(parse(R"({"enable": ["JSON-005", "REF-050"]})").disabled.empty());
  // "enable" wins over "disable" wherever it stands.
  BOOST_TEST(
      !parse(R"({"enable": ["JSON-*"], "disable": ["JSON-005"]})").disabled.contains("JSON-005"));
}

BOOST_AUTO_TEST_CASE(mistakes_are_named_with_their_location) {
  BOOST_TEST(parse_error(R"({"disable": ["NOPE-001"]})").find("/disable/0: unknown rule ID") !=
             std::string::npos);
  BOOST_TEST(parse_error(R"({"severity": {"LYT-008": "fatal"}})").find("is not a severity") !=
             std::string::npos);
  BOOST_TEST(parse_error(R"({"suppress": [{"digest": "sha256:a"}]})").find("needs a \"rule\"") !=
             std::string::npos);
  BOOST_TEST(parse_error(R"({"disabel": []})").find("/disabel: unknown member") !=
             std::string::npos);
  BOOST_TEST(parse_error(R"({"version": 2})").find("only version 1") != std::string::npos);
  BOOST_TEST(parse_error(R"({"disable": [)").find("not valid JSON") != std::string::npos);
  BOOST_TEST(parse_error(R"({"disable": [], "disable": []})").find("appears twice") !=
             std::string::npos);
  BOOST_TEST(parse_error(R"({"disable": ["XYZ-*"]})").find("no rule family") != std::string::npos);
}

// Every way a policy can be wrong, named with the JSON Pointer of the value
// and the whole message, once (no origin or pointer twice).
BOOST_AUTO_TEST_CASE(every_mistake_has_its_own_message_at_its_pointer) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[]", "p.json: /: the policy must be a JSON object"},
      {R"({"version": "1"})", "p.json: /version: only version 1 is understood"},
      {R"({"version": 1.5})", "p.json: /version: only version 1 is understood"},
      {R"({"fail-on": 1})", "p.json: /fail-on: must be a string"},
      {R"({"disable": "LYT-001"})", "p.json: /disable: must be an array of rule IDs"},
      {R"({"disable": ["LYT-001", 7]})", "p.json: /disable/1: must be a string"},
      {R"({"disable": ["-*"]})",
       "p.json: /disable/0: unknown rule ID \"-*\" (see: ocivalidate rules)"},
      {R"({"enable": {"LYT-001": true}})", "p.json: /enable: must be an array of rule IDs"},
      {R"({"enable": [null]})", "p.json: /enable/0: must be a string"},
      {R"({"enable": ["NOPE-001"]})",
       "p.json: /enable/0: unknown rule ID \"NOPE-001\" (see: ocivalidate rules)"},
      {R"({"severity": ["LYT-008"]})",
       "p.json: /severity: must be an object of rule ID -> severity"},
      {R"({"severity": {"LYT-008": 2}})", "p.json: /severity/LYT-008: must be a string"},
      {R"({"severity": {"NOPE-001": "note"}})",
       "p.json: /severity/NOPE-001: unknown rule ID \"NOPE-001\" (see: ocivalidate rules)"},
      {R"({"severity": {"A~B/C-*": "note"}})",
       "p.json: /severity/A~0B~1C-*: no rule family \"A~B/C\""},
      {R"({"suppress": {"rule": "LYT-008"}})",
       "p.json: /suppress: must be an array of suppressions"},
      {R"({"suppress": ["LYT-008"]})", "p.json: /suppress/0: must be an object with a \"rule\""},
      {R"({"suppress": [{"rule": 8}]})", "p.json: /suppress/0/rule: must be a string"},
      {R"({"suppress": [{"rule": "LYT-*"}]})",
       "p.json: /suppress/0/rule: unknown rule ID \"LYT-*\""},
      {R"({"suppress": [{"rule": "LYT-008", "digest": 1}]})",
       "p.json: /suppress/0/digest: must be a string"},
      {R"({"suppress": [{"rule": "LYT-008", "path": []}]})",
       "p.json: /suppress/0/path: must be a string"},
      {R"({"suppress": [{"rule": "LYT-008", "reason": false}]})",
       "p.json: /suppress/0/reason: must be a string"},
      {R"({"suppress": [{"rule": "LYT-008", "why": "x"}]})",
       "p.json: /suppress/0/why: unknown member (expected rule, digest, path, reason)"},
      {R"({"suppress": [{}]})", "p.json: /suppress/0: a suppression needs a \"rule\""},
      {R"({"suppress": [{"rule": "LYT-008", "digest": "abc"}]})",
       "p.json: /suppress/0/digest: must be a digest such as sha256:<hex>"},
      {R"({"severity": {"LYT-008": "note", "LYT-008": "error"}})",
       "p.json: /severity: member \"LYT-008\" appears twice"},
      {R"({"fail-on": "note", "fail-on": "error"})", "p.json: /: member \"fail-on\" appears twice"},
      {"{\n\"disable\": [\n",
       "p.json: not valid JSON at line 3: unexpected end of input: invalid value"},
  };
  for (const auto& [text, message] : cases)
    BOOST_TEST(parse_error(text) == message, text << " gives " << parse_error(text));
}

BOOST_AUTO_TEST_CASE(a_policy_file_too_large_or_no_file_is_refused_before_it_is_parsed) {
  TempDir tmp;
  const auto large = tmp.path() / "large.json";
  write(large, "{\"disable\": []}" + std::string(1u << 20, ' '));
  const auto read_error = [](const std::filesystem::path& p) {
    try {
      ocv::engine::load_policy_file(p, ocv::rules::default_registry());
    } catch (const PolicyError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  BOOST_TEST(read_error(large) == large.string() + ": larger than 1048576 bytes");
  // Exactly 1 MiB is read.
  std::filesystem::resize_file(large, 1u << 20);
  BOOST_TEST(read_error(large).empty());
  // A directory is no policy file.
  BOOST_TEST(read_error(tmp.path()) == tmp.path().string() + ": no such policy file");
}

BOOST_AUTO_TEST_CASE(command_line_fail_on_and_disable_change_the_exit_code) {
  TempDir tmp;
  const auto image = layout_with_a_note(tmp);
  const auto cwd = tmp.path().string();
  BOOST_TEST(run_cli_in(cwd, {image}).exit_code == 0);
  auto r = run_cli_in(cwd, {"--fail-on", "note", image});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(r.out.find("LYT-008") != std::string::npos, r.out);
  r = run_cli_in(cwd, {"--fail-on", "note", "--disable", "LYT-008", image});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.find("LYT-008") == std::string::npos, r.out);
  r = run_cli_in(cwd, {"--disable", "LYT-999", image});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err.find("unknown rule ID \"LYT-999\"") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(the_policy_file_in_the_working_directory_is_used) {
  TempDir tmp;
  const auto image = layout_with_a_note(tmp);
  const auto cwd = tmp.path().string();
  write(tmp.path() / ".ocivalidate.json", R"({"severity": {"LYT-008": "error"}})");
  auto r = run_cli_in(cwd, {image});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(run_cli_in(cwd, {"--no-config", image}).exit_code == 0);
  BOOST_TEST(run_cli_in(cwd, {"--disable", "LYT-008", image}).exit_code == 0);

  // A suppression by path hides the finding and the summary says so.
  write(tmp.path() / ".ocivalidate.json",
        R"({"fail-on": "note", "suppress": [{"rule": "LYT-008", "reason": "scratch blob"}]})");
  r = run_cli_in(cwd, {image});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.find("1 suppressed") != std::string::npos, r.out);

  // The file disables, --enable brings the rule back.
  write(tmp.path() / ".ocivalidate.json", R"({"fail-on": "note", "disable": ["LYT-*"]})");
  BOOST_TEST(run_cli_in(cwd, {image}).exit_code == 0);
  BOOST_TEST(run_cli_in(cwd, {"--enable", "LYT-008", image}).exit_code == 1);
}

// The sample's documents are not canonical JSON: JSON-005 says so only
// when enabled, from the command line or the policy file.
BOOST_AUTO_TEST_CASE(opt_in_rules_report_only_when_enabled) {
  TempDir tmp;
  const auto cwd = tmp.path().string();
  const std::string sample = OCV_SOURCE_DIR "/corpus/sample";
  auto r = run_cli_in(cwd, {sample});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.find("JSON-005") == std::string::npos, r.out);
  r = run_cli_in(cwd, {"--enable", "JSON-005", sample});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);  // a note
  BOOST_TEST(r.out.find("JSON-005") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("not in canonical JSON form") != std::string::npos, r.out);
  // The sample's own warnings and note are disabled: JSON-005 alone decides.
  write(
      tmp.path() / ".ocivalidate.json",
      R"({"fail-on": "note", "enable": ["JSON-005"], "disable": ["IDX-002", "MAN-002", "DESC-015"]})");
  BOOST_TEST(run_cli_in(cwd, {sample}).exit_code == 1);
  BOOST_TEST(run_cli_in(cwd, {"--disable", "JSON-005", sample}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(explicit_and_malformed_files) {
  TempDir tmp;
  const auto image = layout_with_a_note(tmp);
  const auto cwd = tmp.path().string();
  write(tmp.path() / "strict.json", R"({"fail-on": "note"})");
  BOOST_TEST(run_cli_in(cwd, {"--config", "strict.json", image}).exit_code == 1);
  auto r = run_cli_in(cwd, {"--config", "absent.json", image});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err.find("no such policy file") != std::string::npos, r.err);
  write(tmp.path() / ".ocivalidate.json", R"({"fail-on": "sometimes"})");
  r = run_cli_in(cwd, {image});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err.find("/fail-on") != std::string::npos, r.err);
  BOOST_TEST(r.out.empty(), r.out);
}

BOOST_AUTO_TEST_SUITE_END()
