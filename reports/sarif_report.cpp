#include "reports/sarif_report.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "reports/fingerprint.hpp"
#include "reports/json_writer.hpp"
#include "reports/security_severity.hpp"
#include "reports/text_escape.hpp"
#include "validator/encoding/utf8.hpp"

namespace ocv::reports {
namespace {

/// The run's category for code scanning: one per layout, so that uploads for
/// two layouts of one repository do not replace each other's alerts.
std::string automation_id(std::string layout) {
  if (layout == ".") layout.clear();
  while (!layout.empty() && layout.front() == '/') layout.erase(0, 1);
  return fmt::format("ocivalidate/{}/", layout.empty() ? "layout" : layout);
}

using engine::Finding;
using engine::RuleInfo;
using engine::Severity;
using Writer = JsonWriter;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/opencontainers/image-spec";
constexpr const char* kFingerprintKey = "ocivalidate/v1";
// GitHub's documented limits for rule metadata and results
// (docs.github.com, code scanning, "SARIF support": upload limits).
constexpr std::size_t kMaxRuleName = 255;
constexpr std::size_t kMaxDescription = 1024;
constexpr std::size_t kMaxResultsPerRun = 25000;

// --- Text helpers -------------------------------------------------------------

/// The longest prefix of UTF-8 `text` of at most `max` bytes that does not
/// split a character.
std::string_view cut_utf8(std::string_view text, std::size_t max) {
  return text.substr(0, encoding::utf8_prefix_length(text, max));
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// "A descriptor's size equals the blob's length" -> "ADescriptorsSizeEqualsTheBlobsLength".
/// Apostrophes join ("descriptor's" stays one word); other characters that
/// are not ASCII letters or digits separate words and are dropped.
std::string pascal_case(std::string_view title) {
  std::string out;
  bool word_start = true;
  for (const char c : title) {
    if (c == '\'') continue;
    if (!is_ascii_alpha(c) && !is_ascii_digit(c)) {
      word_start = true;
      continue;
    }
    out.push_back(word_start ? ascii_upper(c) : c);
    word_start = false;
  }
  // An identifier starts with a letter.
  if (out.empty() || is_ascii_digit(out.front())) out.insert(0, "Rule");
  return out.substr(0, kMaxRuleName);
}

/// Lower case, words joined by '-': "MUST NOT" -> "must-not".
std::string tag_of(std::string_view word) {
  std::string out;
  for (const char c : word) out.push_back(c == ' ' ? '-' : ascii_lower(c));
  return out;
}

/// Repository-relative paths stay relative (GitHub resolves them against
/// the checkout); absolute ones need the file scheme to be a URI at all.
std::string artifact_uri(std::string_view path) {
  if (path.starts_with('/')) return fmt::format("file://{}", percent_encoded(path));
  // A registry image: docker://HOST[:PORT]/ stays as it is (a URI of its
  // own scheme), the repository and tag are a path.
  if (path.starts_with("docker://")) {
    const auto rest = path.substr(9);
    const auto slash = rest.find('/');
    if (slash != std::string_view::npos)
      return fmt::format("docker://{}/{}", rest.substr(0, slash),
                         percent_encoded(rest.substr(slash + 1)));
  }
  return percent_encoded(path);
}

/// The last reference token of an RFC 6901 pointer, unescaped.
std::string last_token(std::string_view pointer) {
  const auto slash = pointer.rfind('/');
  const auto raw = slash == std::string_view::npos ? pointer : pointer.substr(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
      out.push_back(raw[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(raw[i]);
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!is_ascii_digit(c)) return false;
  return true;
}

std::string_view sarif_level(Severity s) { return engine::to_string(s); }

/// GitHub's problem.severity vocabulary calls a note a recommendation.
std::string_view problem_severity(Severity s) {
  return s == Severity::note ? "recommendation" : engine::to_string(s);
}

/// The message, with the path through the content graph appended on the
/// same line: consumers show message text as one line. A chain of one step
/// names the file itself, which the location already says.
std::string message_text(const Finding& f) {
  std::string out = f.message;
  if (f.chain.size() < 2) return out;
  out += " (reached via: ";
  for (std::size_t i = 0; i < f.chain.size(); ++i) {
    if (i > 0) out += " → ";
    out += f.chain[i];
  }
  out += ")";
  return out;
}

// --- Writing ------------------------------------------------------------------

/// {"text": ...}, the shape of every SARIF message and description.
void put_text_object(Writer& w, const char* key, std::string_view text) {
  w.Key(key);
  w.StartObject();
  write_member(w, "text", text);
  w.EndObject();
}

/// What the policy makes of a rule: its level, and whether it runs at all.
struct RuleSetting {
  Severity severity;
  bool enabled;
};

RuleSetting setting_of(const RuleInfo& rule, const engine::Policy* policy) {
  RuleSetting s{rule.severity, true};
  if (policy == nullptr) return s;
  if (const auto it = policy->severity.find(rule.id); it != policy->severity.end())
    s.severity = it->second;
  s.enabled = policy->enabled(rule.id);
  return s;
}

std::string help_markdown(const RuleInfo& rule, std::string_view help) {
  return fmt::format("{} See [{}]({}).", markdown_escaped(help),
                     markdown_escaped(rule.spec_label()), rule.spec_url());
}

/// helpUri and help: the rule's page when the run has them, else the spec
/// section and the one-line help.
void write_help(Writer& w, const RuleInfo& rule, const RuleDocs* docs) {
  if (docs != nullptr) {
    write_member(w, "helpUri", fmt::format("{}{}.md", docs->base_url, rule.id));
    const auto page = docs->page(rule);
    w.Key("help");
    w.StartObject();
    write_member(w, "text", page);
    write_member(w, "markdown", page);
    w.EndObject();
    return;
  }
  const auto help = rule.help.empty() ? rule.title : rule.help;
  write_member(w, "helpUri", rule.spec_url());
  w.Key("help");
  w.StartObject();
  write_member(w, "text", help);
  write_member(w, "markdown", help_markdown(rule, help));
  w.EndObject();
}

void write_rule(Writer& w, const RuleInfo& rule, const engine::Policy* policy,
                const RuleDocs* docs) {
  const auto setting = setting_of(rule, policy);
  w.StartObject();
  write_member(w, "id", rule.id);
  write_member(w, "name", pascal_case(rule.title));
  put_text_object(w, "shortDescription", cut_utf8(rule.title, kMaxDescription));
  put_text_object(
      w, "fullDescription",
      cut_utf8(fmt::format("{} (image-spec: {})", rule.title, rule.level), kMaxDescription));
  write_help(w, rule, docs);
  w.Key("defaultConfiguration");
  w.StartObject();
  if (!setting.enabled) {
    w.Key("enabled");
    w.Bool(false);
  }
  write_member(w, "level", sarif_level(setting.severity));
  w.EndObject();
  const auto security = security_severity(rule.id);
  w.Key("properties");
  w.StartObject();
  w.Key("tags");
  w.StartArray();
  for (const auto& tag :
       {std::string("oci"), std::string("image-spec"), tag_of(rule.family()), tag_of(rule.level)})
    write_string(w, tag);
  if (!security.empty()) write_string(w, "security");
  w.EndArray();
  write_member(w, "precision", "very-high");
  write_member(w, "problem.severity", problem_severity(setting.severity));
  if (!security.empty()) write_member(w, "security-severity", security);
  w.EndObject();
  w.EndObject();
}

void write_driver(Writer& w, const ReportInput& input) {
  w.Key("driver");
  w.StartObject();
  write_member(w, "name", "ocivalidate");
  write_member(w, "version", input.tool_version);
  write_member(w, "semanticVersion", input.tool_version);
  write_member(w, "informationUri", kInformationUri);
  w.Key("rules");
  w.StartArray();
  if (input.registry != nullptr)
    for (const auto& rule : input.registry->rules())
      write_rule(w, rule, input.policy, input.rule_docs);
  w.EndArray();
  w.EndObject();
}

/// A result to write: a finding, and the reason of its suppression if any.
struct Entry {
  const Finding* finding;
  const std::string* suppressed_because;
};

/// The results of the run: every finding, then every suppressed one. Past
/// GitHub's limit per run (an upload over it is rejected whole) the most
/// severe are kept, findings before suppressed ones, in their order;
/// `left_out` counts the others.
std::vector<Entry> select_results(const ReportInput& input, std::size_t& left_out) {
  std::vector<Entry> entries;
  left_out = 0;
  if (input.result == nullptr) return entries;
  for (const auto& f : input.result->findings) entries.push_back({&f, nullptr});
  if (input.suppressed_findings != nullptr)
    for (const auto& s : *input.suppressed_findings) entries.push_back({&s.finding, &s.reason});
  if (entries.size() <= kMaxResultsPerRun) return entries;
  std::vector<std::size_t> order(entries.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto rank = [&](std::size_t i) {
    return std::pair(entries[i].suppressed_because != nullptr,
                     -static_cast<int>(entries[i].finding->severity));
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  order.resize(kMaxResultsPerRun);
  std::sort(order.begin(), order.end());
  std::vector<Entry> kept;
  kept.reserve(order.size());
  for (const auto i : order) kept.push_back(entries[i]);
  left_out = entries.size() - kept.size();
  return kept;
}

void write_notification(Writer& w, std::string_view level, std::string_view text) {
  w.StartObject();
  write_member(w, "level", level);
  put_text_object(w, "message", text);
  w.EndObject();
}

void write_invocation(Writer& w, const ReportInput& input, std::size_t left_out) {
  w.Key("invocations");
  w.StartArray();
  w.StartObject();
  w.Key("executionSuccessful");
  w.Bool(input.error.empty());
  if (!input.started_utc.empty()) write_member(w, "startTimeUtc", input.started_utc);
  if (!input.error.empty() || left_out > 0) {
    w.Key("toolExecutionNotifications");
    w.StartArray();
    if (!input.error.empty()) write_notification(w, "error", input.error);
    if (left_out > 0)
      write_notification(
          w, "warning",
          fmt::format("{} of {} results are left out: GitHub code scanning accepts at most {} "
                      "results per run, so the most severe are kept; the text, JSON and JUnit "
                      "reports list every finding",
                      left_out, left_out + kMaxResultsPerRun, kMaxResultsPerRun));
    w.EndArray();
  }
  w.EndObject();
  w.EndArray();
}

void write_region(Writer& w, const engine::Location& at) {
  w.Key("region");
  w.StartObject();
  w.Key("startLine");
  w.Uint64(at.line == 0 ? std::size_t{1} : at.line);
  if (at.column != 0) {
    w.Key("startColumn");
    w.Uint64(at.column);
  }
  w.EndObject();
}

/// The JSON pointer and the tar member, which a file URI and a text region
/// cannot express (SARIF §3.33.7 allows JSON pointers as qualified names).
void write_logical_locations(Writer& w, const engine::Location& at, std::string_view in_archive) {
  if (at.pointer.empty() && at.member.empty() && in_archive.empty()) return;
  w.Key("logicalLocations");
  w.StartArray();
  if (!in_archive.empty()) {
    // The archive is the artifact; the file inside it is named here.
    w.StartObject();
    write_member(w, "fullyQualifiedName", in_archive);
    write_member(w, "kind", "resource");
    w.EndObject();
  }
  if (!at.pointer.empty()) {
    const auto name = last_token(at.pointer);
    w.StartObject();
    write_member(w, "fullyQualifiedName", at.pointer);
    if (!name.empty()) write_member(w, "name", name);
    write_member(w, "kind", all_digits(name) ? "value" : "property");
    w.EndObject();
  }
  if (!at.member.empty()) {
    w.StartObject();
    write_member(w, "fullyQualifiedName", at.member);
    write_member(w, "kind", "resource");
    w.EndObject();
  }
  w.EndArray();
}

void write_location(Writer& w, const ReportInput& input, const engine::Location& at) {
  // GitHub rejects a whole upload when a result lacks a physical location:
  // findings about the layout as a whole are anchored at its index.
  const std::string_view blob = at.blob.empty() ? std::string_view("index.json") : at.blob;
  w.Key("locations");
  w.StartArray();
  w.StartObject();
  w.Key("physicalLocation");
  w.StartObject();
  w.Key("artifactLocation");
  w.StartObject();
  write_member(w, "uri", artifact_uri(input.artifact_of(blob)));
  w.EndObject();
  if (input.inside_input()) {
    // Lines and columns are those of the member, not of the archive file.
    engine::Location whole;
    write_region(w, whole);
  } else {
    write_region(w, at);
  }
  w.EndObject();
  write_logical_locations(w, at, input.inside_input() ? blob : std::string_view());
  w.EndObject();
  w.EndArray();
}

void write_result_properties(Writer& w, const Finding& f) {
  if (f.image.empty() && f.chain.empty() && f.unlisted == 0) return;
  w.Key("properties");
  w.StartObject();
  if (!f.image.empty()) write_member(w, "image", f.image);
  if (f.unlisted != 0) {
    // The findings of the rule this result stands for (not listed).
    w.Key("unlisted");
    w.Uint64(f.unlisted);
  }
  if (!f.chain.empty()) {
    w.Key("chain");
    w.StartArray();
    for (const auto& step : f.chain) write_string(w, step);
    w.EndArray();
  }
  w.EndObject();
}

void write_result(Writer& w, const ReportInput& input, const Finding& f,
                  std::optional<std::size_t> rule_index,
                  const std::string* suppressed_because = nullptr) {
  w.StartObject();
  write_member(w, "ruleId", f.rule_id);
  if (rule_index) {
    w.Key("ruleIndex");
    w.Uint64(*rule_index);
  }
  write_member(w, "level", sarif_level(f.severity));
  put_text_object(w, "message", message_text(f));
  write_location(w, input, f.location);
  w.Key("partialFingerprints");
  w.StartObject();
  write_member(w, kFingerprintKey, finding_fingerprint(f));
  w.EndObject();
  if (suppressed_because != nullptr) {
    // A suppression from the policy file lives outside the analysed files:
    // "external", accepted, with the reason the file gives.
    w.Key("suppressions");
    w.StartArray();
    w.StartObject();
    write_member(w, "kind", "external");
    write_member(w, "status", "accepted");
    if (!suppressed_because->empty()) write_member(w, "justification", *suppressed_because);
    w.EndObject();
    w.EndArray();
  }
  write_result_properties(w, f);
  w.EndObject();
}

void write_results(Writer& w, const ReportInput& input, const std::vector<Entry>& entries) {
  std::map<std::string_view, std::size_t, std::less<>> index_of;
  if (input.registry != nullptr) {
    const auto& rules = input.registry->rules();
    for (std::size_t i = 0; i < rules.size(); ++i) index_of.emplace(rules[i].id, i);
  }
  const auto index = [&](const Finding& f) {
    const auto it = index_of.find(f.rule_id);
    return it == index_of.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  };
  // Present even when empty: upload-sarif refuses a run without results[].
  w.Key("results");
  w.StartArray();
  for (const auto& e : entries)
    write_result(w, input, *e.finding, index(*e.finding), e.suppressed_because);
  w.EndArray();
}

void write_run(Writer& w, const ReportInput& input) {
  w.StartObject();
  w.Key("tool");
  w.StartObject();
  write_driver(w, input);
  w.EndObject();
  // GitHub keys alerts on tool and category: one category per layout keeps
  // the alerts of several layouts of one repository apart.
  w.Key("automationDetails");
  w.StartObject();
  write_member(w, "id", automation_id(input.layout_path()));
  w.EndObject();
  write_member(w, "columnKind", "unicodeCodePoints");
  std::size_t left_out = 0;
  const auto entries = select_results(input, left_out);
  write_invocation(w, input, left_out);
  write_results(w, input, entries);
  w.EndObject();
}

}  // namespace

void write_sarif(const ReportInput& input, std::ostream& out) {
  JsonOutput stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  w.StartObject();
  write_member(w, "$schema", kSchemaUri);
  write_member(w, "version", "2.1.0");
  w.Key("runs");
  w.StartArray();
  write_run(w, input);
  w.EndArray();
  w.EndObject();
  stream.Put('\n');
}

}  // namespace ocv::reports
