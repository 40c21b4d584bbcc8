#include "reports/junit_report.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "validator/engine/applicability.hpp"

namespace ocv::reports {
namespace {

using engine::Finding;
using engine::ImageSummary;
using engine::RuleInfo;

// The image-spec release the catalogue follows (RuleInfo::spec_url links it).
constexpr std::string_view kImageSpecVersion = "v1.1.1";
// Rules are not timed one by one; "0.000" keeps every XSD's time pattern happy.
constexpr std::string_view kNoTime = "0.000";
// U+FFFD REPLACEMENT CHARACTER, written as a reference: xunit-viewer's
// encoding sniffer takes a literal U+FFFD for a failed UTF-8 decode, guesses
// cp1252 and aborts.
constexpr std::string_view kReplacement = "&#xFFFD;";

// ---------------------------------------------------------------------------
// XML text

/// Length and code point of the well-formed UTF-8 sequence that starts `s`
/// (non-empty); length 0 for anything else: stray continuation bytes,
/// overlong forms, surrogates, values above U+10FFFF, truncated sequences.
std::pair<std::size_t, char32_t> decode_utf8(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {1, lead};
  std::size_t length = 0;
  char32_t cp = 0;
  // Allowed range of the second byte; the lead byte narrows it to exclude
  // overlong forms, surrogates and code points past U+10FFFF.
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = static_cast<char32_t>(lead & 0x1F);
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = static_cast<char32_t>(lead & 0x0F);
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = static_cast<char32_t>(lead & 0x07);
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {0, 0};
  }
  if (s.size() < length) return {0, 0};
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char b = byte(i);
    if (b < (i == 1 ? low : 0x80) || b > (i == 1 ? high : 0xBF)) return {0, 0};
    cp = static_cast<char32_t>((cp << 6) | (b & 0x3Fu));
  }
  return {length, cp};
}

/// The Char production of XML 1.0: anything else makes the document malformed.
bool xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

enum class Context { attribute, text };

/// Escapes markup characters and replaces what XML 1.0 cannot carry (invalid
/// UTF-8, control characters) with U+FFFD, so that messages quoting broken
/// blobs cannot break the report. Valid non-ASCII characters are copied as
/// they are. In attributes, tabs and newlines become
/// character references: a parser would otherwise normalise them to spaces.
std::string escape(std::string_view in, Context where) {
  const bool attribute = where == Context::attribute;
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    const auto [length, cp] = decode_utf8(in);
    if (length == 0) {
      out += kReplacement;
      in.remove_prefix(1);
      continue;
    }
    const auto sequence = in.substr(0, length);
    in.remove_prefix(length);
    if (!xml_char(cp) || cp == 0xFFFD) {
      out += kReplacement;
      continue;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':  // also keeps "]]>" out of text
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':  // a literal CR would be read back as LF
        out += "&#13;";
        break;
      default:
        out += sequence;
    }
  }
  return out;
}

std::string attr(std::string_view name, std::string_view value) {
  return fmt::format(" {}=\"{}\"", name, escape(value, Context::attribute));
}

// ---------------------------------------------------------------------------
// Run facts

/// Seconds with at most three decimals: junit-10.xsd rejects more.
std::string seconds_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return std::string(kNoTime);
  return fmt::format("{:.3f}", seconds);
}

bool is_local_timestamp(std::string_view t) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (t.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool ok =
        kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(t[i])) != 0 : t[i] == kShape[i];
    if (!ok) return false;
  }
  return true;
}

/// "YYYY-MM-DDTHH:MM:SS": the Ant XSD allows neither a zone nor a fraction.
std::string junit_timestamp(std::string_view started_utc) {
  const auto head = started_utc.substr(0, 19);
  if (is_local_timestamp(head)) return std::string(head);
  return utc_now().substr(0, 19);
}

/// The Ant XSD wants a non-blank hostname and names "localhost" as the fallback.
std::string host_name() {
  std::array<char, 256> buffer{};
  if (gethostname(buffer.data(), buffer.size() - 1) != 0) return "localhost";
  const std::string name(buffer.data());
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) return "localhost";
  return name;
}

// ---------------------------------------------------------------------------
// The report model

enum class Outcome { passed, failure, error, skipped };

struct TestCase {
  std::string classname;
  std::string name;
  Outcome outcome = Outcome::passed;
  std::string message;  // failure/error message attribute
  std::string type;     // failure/error type attribute
  std::string text;     // failure/error body, or why the test was skipped
};

struct Suite {
  std::string name;
  std::string time;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<TestCase> cases;
  std::string system_out;
};

/// Findings and images of one testsuite. The layout suite has no images; an
/// image suite usually has one, more when several index entries lead to
/// images of the same name (findings carry only the name, so they cannot
/// be told apart and share a suite).
struct Group {
  std::string image;
  std::vector<const ImageSummary*> images;
  std::vector<const Finding*> findings;
  bool layout() const { return images.empty(); }
};

std::vector<Group> group_findings(const engine::ValidateResult& result) {
  std::vector<Group> groups(1);
  std::map<std::string, std::size_t, std::less<>> by_name;
  for (const auto& image : result.summary.images) {
    const auto [it, added] = by_name.try_emplace(image.name, groups.size());
    if (added) groups.push_back({image.name, {}, {}});
    groups[it->second].images.push_back(&image);
  }
  std::vector<const Finding*> sorted;
  sorted.reserve(result.findings.size());
  for (const auto& f : result.findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Finding* a, const Finding* b) { return engine::finding_less(*a, *b); });
  for (const auto* f : sorted) {
    const auto it = f->image.empty() ? by_name.end() : by_name.find(f->image);
    groups[it == by_name.end() ? 0 : it->second].findings.push_back(f);
  }
  return groups;
}

/// Why `rule` had nothing to look at in this suite ("" = it applied). A
/// suite standing for several images applies a rule if any of them does.
std::string_view not_applicable(const RuleInfo& rule, const Group& group) {
  if (group.layout()) return engine::not_applicable_reason(rule, nullptr);
  std::string_view reason;
  for (const auto* image : group.images) {
    if (engine::applies(rule, image)) return "";
    if (reason.empty()) reason = engine::not_applicable_reason(rule, image);
  }
  return reason;
}

bool at_fail_level(const Finding& f, const engine::Policy& policy) {
  return static_cast<int>(f.severity) >= static_cast<int>(policy.fail_on);
}

std::string file_of(const ReportInput& input, const Finding& f) {
  return f.location.blob.empty() ? input.layout_path() : input.path_of(f.location.blob);
}

/// One finding as a block of "label: value" lines, empty ones left out.
std::string finding_block(const ReportInput& input, const Finding& f) {
  std::string out = fmt::format("{}: {}\n", engine::to_string(f.severity), f.message);
  if (!f.location.blob.empty()) {
    out += fmt::format("blob: {}", input.path_of(f.location.blob));
    if (f.location.line > 0) out += fmt::format(":{}", f.location.line);
    if (f.location.line > 0 && f.location.column > 0) out += fmt::format(":{}", f.location.column);
    out += '\n';
  }
  if (!f.location.pointer.empty()) out += fmt::format("JSON pointer: {}\n", f.location.pointer);
  if (!f.location.member.empty()) out += fmt::format("tar member: {}\n", f.location.member);
  if (!f.chain.empty()) {
    std::string chain;
    for (const auto& step : f.chain) {
      if (!chain.empty()) chain += " → ";
      chain += step;
    }
    out += fmt::format("via: {}\n", chain);
  }
  return out;
}

/// Marks `c` failed when a finding reaches the fail level. The body lists
/// every finding of the rule in the suite, below the fail level included,
/// since Jenkins and GitLab show only the body.
bool fail_if_needed(TestCase& c, const ReportInput& input, const engine::Policy& policy,
                    const std::vector<const Finding*>& findings, std::string_view spec_url) {
  std::vector<const Finding*> failing;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(failing),
               [&](const Finding* f) { return at_fail_level(*f, policy); });
  if (failing.empty()) return false;
  c.outcome = Outcome::failure;
  c.message = failing.size() == 1
                  ? failing.front()->message
                  : fmt::format("{} findings: {}", failing.size(), failing.front()->message);
  for (const auto* f : findings) {
    if (!c.text.empty()) c.text += '\n';
    c.text += finding_block(input, *f);
  }
  if (!spec_url.empty()) c.text += fmt::format("\nspec: {}\n", spec_url);
  return true;
}

TestCase rule_case(const ReportInput& input, const engine::Policy& policy, const RuleInfo& rule,
                   const Group& group, const std::vector<const Finding*>& findings,
                   std::string_view name_suffix) {
  TestCase c;
  c.classname = rule.family();
  c.name = fmt::format("{} {}{}", rule.id, rule.title, name_suffix);
  c.type = rule.id;
  if (fail_if_needed(c, input, policy, findings, rule.spec_url())) return c;
  if (!policy.enabled(rule.id)) {
    c.outcome = Outcome::skipped;
    c.text = "disabled by policy";
    return c;
  }
  // A rule that produced a finding applied, whatever applicability says.
  if (!findings.empty()) return c;
  if (const auto reason = not_applicable(rule, group); !reason.empty()) {
    c.outcome = Outcome::skipped;
    c.text = reason;
  }
  return c;
}

/// A finding whose rule ID the registry does not know still gets a
/// testcase, so that a failing run never shows only passes.
TestCase unknown_rule_case(const ReportInput& input, const engine::Policy& policy,
                           std::string_view id, const std::vector<const Finding*>& findings,
                           std::string_view name_suffix) {
  TestCase c;
  const auto family = id.substr(0, id.find('-'));
  c.classname = family.empty() ? "ocivalidate" : family;
  c.name = fmt::format("{}{}", id, name_suffix);
  c.type = id;
  fail_if_needed(c, input, policy, findings, "");
  return c;
}

/// Findings below the fail level pass their testcase; they are listed here
/// so that dashboards still show them.
void list_below_fail_level(std::string& out, const ReportInput& input, const engine::Policy& policy,
                           const std::vector<const Finding*>& findings) {
  for (const auto* f : findings) {
    if (at_fail_level(*f, policy)) continue;
    out += fmt::format("{} {} {}: {}\n", f->rule_id, engine::to_string(f->severity),
                       file_of(input, *f), f->message);
  }
}

std::vector<std::pair<std::string, std::string>> common_properties(const ReportInput& input) {
  return {{"ocivalidate.version", input.tool_version},
          {"image-spec.version", std::string(kImageSpecVersion)},
          {"layout", input.layout}};
}

std::vector<std::pair<std::string, std::string>> group_properties(const ReportInput& input,
                                                                  const engine::Policy& policy,
                                                                  const Group& group) {
  auto properties = common_properties(input);
  if (group.layout()) {
    properties.emplace_back("fail-on", engine::to_string(policy.fail_on));
    properties.emplace_back("suppressed", std::to_string(input.suppressed));
    return properties;
  }
  std::vector<std::string> paths;
  for (const auto* image : group.images) {
    auto path = input.path_of(image->manifest);
    if (std::find(paths.begin(), paths.end(), path) == paths.end())
      paths.push_back(std::move(path));
  }
  std::string manifests;
  for (const auto& path : paths) {
    if (!manifests.empty()) manifests += ", ";
    manifests += path;
  }
  properties.emplace_back("manifest", manifests);
  properties.emplace_back("image", group.image);
  return properties;
}

Suite group_suite(const ReportInput& input, const engine::Registry& registry,
                  const engine::Policy& policy, const Group& group) {
  Suite suite;
  const auto layout = input.layout_path();
  suite.name = group.layout() ? layout : fmt::format("{} {}", layout, group.image);
  suite.time = kNoTime;
  suite.properties = group_properties(input, policy, group);
  // Every suite holds a testcase per rule; the image in the name keeps
  // (classname, name) unique across suites, which Jenkins and the
  // publish-unit-test-result action use as the test's identity.
  const auto suffix = group.layout() ? std::string() : fmt::format(" [{}]", group.image);

  std::map<std::string_view, std::vector<const Finding*>, std::less<>> by_rule;
  for (const auto* f : group.findings) by_rule[f->rule_id].push_back(f);
  for (const auto& rule : registry.rules()) {
    std::vector<const Finding*> findings;
    if (const auto it = by_rule.find(rule.id); it != by_rule.end()) {
      findings = std::move(it->second);
      by_rule.erase(it);
    }
    suite.cases.push_back(rule_case(input, policy, rule, group, findings, suffix));
    list_below_fail_level(suite.system_out, input, policy, findings);
  }
  for (const auto& [id, findings] : by_rule) {
    suite.cases.push_back(unknown_rule_case(input, policy, id, findings, suffix));
    list_below_fail_level(suite.system_out, input, policy, findings);
  }
  return suite;
}

std::vector<Suite> validated_suites(const ReportInput& input) {
  static const engine::Registry kNoRules;
  static const engine::Policy kDefaultPolicy;
  const auto& registry = input.registry != nullptr ? *input.registry : kNoRules;
  const auto& policy = input.policy != nullptr ? *input.policy : kDefaultPolicy;
  std::vector<Suite> suites;
  for (const auto& group : group_findings(*input.result))
    suites.push_back(group_suite(input, registry, policy, group));
  suites.front().time = seconds_text(input.result->summary.seconds);
  return suites;
}

Suite cannot_validate_suite(const ReportInput& input) {
  Suite suite;
  suite.name = input.layout_path();
  suite.time = kNoTime;
  suite.properties = common_properties(input);
  const auto why = input.error.empty() ? std::string("the layout was not validated") : input.error;
  TestCase c;
  c.classname = "ocivalidate";
  c.name = "validate layout";
  c.outcome = Outcome::error;
  c.message = why;
  c.type = "cannot-validate";
  c.text = fmt::format("{}\nlayout: {}\n", why, input.layout);
  suite.cases.push_back(std::move(c));
  return suite;
}

// ---------------------------------------------------------------------------
// Writing

struct RunInfo {
  std::string timestamp;
  std::string hostname;
};

void write_case(std::string& xml, const TestCase& c) {
  xml += fmt::format("    <testcase{}{}{}", attr("classname", c.classname), attr("name", c.name),
                     attr("time", kNoTime));
  switch (c.outcome) {
    case Outcome::passed:
      xml += "/>\n";
      return;
    case Outcome::skipped:
      // Text, not a message attribute: junit-4.xsd allows no attribute here.
      xml += fmt::format(">\n      <skipped>{}</skipped>\n", escape(c.text, Context::text));
      break;
    case Outcome::failure:
    case Outcome::error: {
      const std::string_view tag = c.outcome == Outcome::failure ? "failure" : "error";
      xml += fmt::format(">\n      <{0}{1}{2}>{3}</{0}>\n", tag, attr("message", c.message),
                         attr("type", c.type), escape(c.text, Context::text));
      break;
    }
  }
  xml += "    </testcase>\n";
}

std::size_t count_outcome(const Suite& suite, Outcome outcome) {
  return static_cast<std::size_t>(
      std::count_if(suite.cases.begin(), suite.cases.end(),
                    [&](const TestCase& c) { return c.outcome == outcome; }));
}

/// Attribute order and the element sequence follow the strict Ant XSD:
/// properties first, system-out and system-err last, all of them present.
void write_suite(std::string& xml, const Suite& suite, std::size_t id, const RunInfo& run) {
  xml += fmt::format("  <testsuite{}{}{}{}{}{}{}{}{}{}>\n", attr("name", suite.name),
                     attr("package", "ocivalidate"), attr("id", std::to_string(id)),
                     attr("timestamp", run.timestamp), attr("hostname", run.hostname),
                     attr("tests", std::to_string(suite.cases.size())),
                     attr("failures", std::to_string(count_outcome(suite, Outcome::failure))),
                     attr("errors", std::to_string(count_outcome(suite, Outcome::error))),
                     attr("skipped", std::to_string(count_outcome(suite, Outcome::skipped))),
                     attr("time", suite.time));
  xml += "    <properties>\n";
  for (const auto& [name, value] : suite.properties)
    xml += fmt::format("      <property{}{}/>\n", attr("name", name), attr("value", value));
  xml += "    </properties>\n";
  for (const auto& c : suite.cases) write_case(xml, c);
  xml += fmt::format("    <system-out>{}</system-out>\n", escape(suite.system_out, Context::text));
  xml += "    <system-err/>\n";
  xml += "  </testsuite>\n";
}

}  // namespace

std::string render_junit(const ReportInput& input) {
  const RunInfo run{junit_timestamp(input.started_utc), host_name()};
  const auto suites = input.result != nullptr ? validated_suites(input)
                                              : std::vector<Suite>{cannot_validate_suite(input)};
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (std::size_t i = 0; i < suites.size(); ++i) write_suite(xml, suites[i], i, run);
  xml += "</testsuites>\n";
  return xml;
}

}  // namespace ocv::reports
