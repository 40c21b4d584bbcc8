#include "reports/junit_report.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "reports/junit_xml.hpp"
#include "validator/engine/applicability.hpp"

namespace ocv::reports {
namespace {

using engine::Finding;
using engine::ImageSummary;
using engine::RuleInfo;
using junit::Outcome;
using junit::TestCase;
using junit::TestSuite;

// The image-spec release the catalogue follows (RuleInfo::spec_url links it).
constexpr std::string_view kImageSpecVersion = "v1.1.1";

// ---------------------------------------------------------------------------
// The report model

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
std::string_view not_applicable(const RuleInfo& rule, const Group& group,
                                const engine::InputTraits& input) {
  if (group.layout()) return engine::not_applicable_reason(rule, nullptr, input);
  std::string_view reason;
  for (const auto* image : group.images) {
    if (engine::applies(rule, image, input)) return "";
    if (reason.empty()) reason = engine::not_applicable_reason(rule, image, input);
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

/// A testcase decided but not yet written: the text of a failure (every
/// finding of its rule in the suite) is written from `findings` as it goes.
struct PlannedCase {
  TestCase head;
  std::vector<const Finding*> findings;
  std::string spec_url;
};

/// Marks `c` failed when a finding reaches the fail level.
bool fail_if_needed(TestCase& c, const engine::Policy& policy,
                    const std::vector<const Finding*>& findings) {
  const auto failing = static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [&](const Finding* f) { return at_fail_level(*f, policy); }));
  if (failing == 0) return false;
  const auto first = std::find_if(findings.begin(), findings.end(),
                                  [&](const Finding* f) { return at_fail_level(*f, policy); });
  c.outcome = Outcome::failure;
  c.message =
      failing == 1 ? (*first)->message : fmt::format("{} findings: {}", failing, (*first)->message);
  return true;
}

PlannedCase rule_case(const ReportInput& input, const engine::Policy& policy, const RuleInfo& rule,
                      const Group& group, std::vector<const Finding*> findings,
                      std::string_view name_suffix) {
  PlannedCase planned{{}, std::move(findings), rule.spec_url()};
  auto& c = planned.head;
  c.classname = rule.family();
  c.name = fmt::format("{} {}{}", rule.id, rule.title, name_suffix);
  c.type = rule.id;
  if (fail_if_needed(c, policy, planned.findings)) return planned;
  if (!policy.enabled(rule.id)) {
    c.outcome = Outcome::skipped;
    c.body = rule.opt_in ? fmt::format("off unless enabled (--enable {})", rule.id)
                         : std::string("disabled by policy");
    return planned;
  }
  // A rule that produced a finding applied, whatever applicability says.
  if (!planned.findings.empty()) return planned;
  // A rule without a check of its own never passes by itself: say where its
  // requirement is reported instead.
  if (const auto where = input.registry->reported_as(rule.id)) {
    c.outcome = Outcome::skipped;
    c.body = where->empty() ? std::string("not checked by this validator")
                            : fmt::format("checked as {}", *where);
    return planned;
  }
  const auto traits = input.result != nullptr ? input.result->summary.input : engine::InputTraits{};
  if (const auto reason = not_applicable(rule, group, traits); !reason.empty()) {
    c.outcome = Outcome::skipped;
    c.body = reason;
  }
  return planned;
}

/// A finding whose rule ID the registry does not know still gets a
/// testcase, so that a failing run never shows only passes.
PlannedCase unknown_rule_case(const engine::Policy& policy, std::string_view id,
                              std::vector<const Finding*> findings, std::string_view name_suffix) {
  PlannedCase planned{{}, std::move(findings), {}};
  auto& c = planned.head;
  const auto family = id.substr(0, id.find('-'));
  c.classname = family.empty() ? "ocivalidate" : family;
  c.name = fmt::format("{}{}", id, name_suffix);
  c.type = id;
  fail_if_needed(c, policy, planned.findings);
  return planned;
}

/// A failure's text lists every finding of the rule in the suite, below the
/// fail level included, since Jenkins and GitLab show only the text.
void write_case(junit::DocumentWriter& w, const ReportInput& input, const PlannedCase& planned) {
  w.begin_case(planned.head);
  if (planned.head.outcome == Outcome::failure) {
    for (std::size_t i = 0; i < planned.findings.size(); ++i) {
      if (i > 0) w.text("\n");
      w.text(finding_block(input, *planned.findings[i]));
    }
    if (!planned.spec_url.empty()) w.text(fmt::format("\nspec: {}\n", planned.spec_url));
  } else if (planned.head.outcome != Outcome::passed) {
    w.text(planned.head.body);
  }
  w.end_case();
}

/// Findings below the fail level pass their testcase; they are listed in
/// the suite's system-out so that dashboards still show them.
void list_below_fail_level(junit::DocumentWriter& w, const ReportInput& input,
                           const engine::Policy& policy,
                           const std::vector<const Finding*>& findings) {
  for (const auto* f : findings) {
    if (at_fail_level(*f, policy)) continue;
    w.text(fmt::format("{} {} {}: {}\n", f->rule_id, engine::to_string(f->severity),
                       file_of(input, *f), f->message));
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

/// With more images than this, an image suite lists only the rules with
/// findings in that image, and images without findings get no suite: a
/// testcase for every rule and image made 569 MB of XML for 20,000 images.
constexpr std::size_t kImagesListedInFull = 50;

/// What a suite holds beyond its testcases.
struct SuiteExtras {
  std::vector<std::pair<std::string, std::string>> properties;  // appended
  std::string system_out_head;  // before the findings below the fail level
  double seconds = 0;
};

std::size_t count_outcome(const std::vector<PlannedCase>& cases, Outcome outcome) {
  return static_cast<std::size_t>(std::count_if(
      cases.begin(), cases.end(), [&](const PlannedCase& p) { return p.head.outcome == outcome; }));
}

/// Writes the suite of `group`. `every_rule`: a testcase for every rule of
/// the catalogue, or only for the rules with findings. The testcases are
/// decided first (the suite declares their counts), then written one by one.
void write_group_suite(junit::DocumentWriter& w, const ReportInput& input,
                       const engine::Registry& registry, const engine::Policy& policy,
                       const Group& group, bool every_rule, SuiteExtras extras) {
  const auto layout = input.layout_path();
  // The image in the name keeps (classname, name) unique across suites,
  // which Jenkins and the publish-unit-test-result action use as the
  // test's identity.
  const auto suffix = group.layout() ? std::string() : fmt::format(" [{}]", group.image);

  std::map<std::string_view, std::vector<const Finding*>, std::less<>> by_rule;
  for (const auto* f : group.findings) by_rule[f->rule_id].push_back(f);
  std::vector<PlannedCase> cases;
  for (const auto& rule : registry.rules()) {
    std::vector<const Finding*> findings;
    if (const auto it = by_rule.find(rule.id); it != by_rule.end()) {
      findings = std::move(it->second);
      by_rule.erase(it);
    }
    if (!every_rule && findings.empty()) continue;
    cases.push_back(rule_case(input, policy, rule, group, std::move(findings), suffix));
  }
  for (auto& [id, findings] : by_rule)
    cases.push_back(unknown_rule_case(policy, id, std::move(findings), suffix));

  auto properties = group_properties(input, policy, group);
  for (auto& property : extras.properties) properties.push_back(std::move(property));
  w.begin_suite({.name = group.layout() ? layout : fmt::format("{} {}", layout, group.image),
                 .properties = std::move(properties),
                 .tests = cases.size(),
                 .failures = count_outcome(cases, Outcome::failure),
                 .errors = count_outcome(cases, Outcome::error),
                 .skipped = count_outcome(cases, Outcome::skipped),
                 .seconds = extras.seconds});
  for (const auto& planned : cases) write_case(w, input, planned);
  w.begin_system_out();
  w.text(extras.system_out_head);
  for (const auto& planned : cases) list_below_fail_level(w, input, policy, planned.findings);
  w.end_suite();
}

/// The layout's suite, then one per image (see kImagesListedInFull), each
/// written before the next is decided.
void write_validated_suites(junit::DocumentWriter& w, const ReportInput& input) {
  static const engine::Registry kNoRules;
  static const engine::Policy kDefaultPolicy;
  const auto& registry = input.registry != nullptr ? *input.registry : kNoRules;
  const auto& policy = input.policy != nullptr ? *input.policy : kDefaultPolicy;
  const auto groups = group_findings(*input.result);
  const auto images = groups.size() - 1;
  const bool in_full = images <= kImagesListedInFull;
  SuiteExtras layout_extras;
  layout_extras.seconds = input.result->summary.seconds;
  if (!in_full) {
    const auto listed = static_cast<std::size_t>(
        std::count_if(groups.begin() + 1, groups.end(),
                      [](const Group& group) { return !group.findings.empty(); }));
    layout_extras.properties.emplace_back(
        "image-suites", fmt::format("images with findings only: {} of {}", listed, images));
    layout_extras.system_out_head = fmt::format(
        "The layout has {} images, more than {}: an image suite lists only the "
        "rules with findings in that image, and the {} images without findings "
        "have no suite.\n",
        images, kImagesListedInFull, images - listed);
  }
  for (const auto& group : groups) {
    if (!in_full && !group.layout() && group.findings.empty()) continue;
    write_group_suite(w, input, registry, policy, group, in_full || group.layout(),
                      group.layout() ? std::move(layout_extras) : SuiteExtras{});
  }
}

TestSuite cannot_validate_suite(const ReportInput& input) {
  TestSuite suite;
  suite.name = input.layout_path();
  suite.properties = common_properties(input);
  const auto why = input.error.empty() ? std::string("the layout was not validated") : input.error;
  TestCase c;
  c.classname = "ocivalidate";
  c.name = "validate layout";
  c.outcome = Outcome::error;
  c.message = why;
  c.type = "cannot-validate";
  c.body = fmt::format("{}\nlayout: {}\n", why, input.layout);
  suite.cases.push_back(std::move(c));
  return suite;
}

}  // namespace

void write_junit(const ReportInput& input, std::ostream& out) {
  junit::RunInfo run;
  run.timestamp = junit::timestamp_from_utc(input.started_utc);
  run.hostname = junit::host_name();
  junit::DocumentWriter writer(out, run);
  if (input.result != nullptr)
    write_validated_suites(writer, input);
  else
    writer.suite(cannot_validate_suite(input));
  writer.finish();
}

}  // namespace ocv::reports
