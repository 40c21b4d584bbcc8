#include "reports/junit_report.hpp"

#include <algorithm>
#include <iterator>
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
    if (!c.body.empty()) c.body += '\n';
    c.body += finding_block(input, *f);
  }
  if (!spec_url.empty()) c.body += fmt::format("\nspec: {}\n", spec_url);
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
    c.body = rule.opt_in ? fmt::format("off unless enabled (--enable {})", rule.id)
                         : std::string("disabled by policy");
    return c;
  }
  // A rule that produced a finding applied, whatever applicability says.
  if (!findings.empty()) return c;
  // A rule without a check of its own never passes by itself: say where its
  // requirement is reported instead.
  if (const auto where = input.registry->reported_as(rule.id)) {
    c.outcome = Outcome::skipped;
    c.body = where->empty() ? std::string("not checked by this validator")
                            : fmt::format("checked as {}", *where);
    return c;
  }
  const auto traits = input.result != nullptr ? input.result->summary.input : engine::InputTraits{};
  if (const auto reason = not_applicable(rule, group, traits); !reason.empty()) {
    c.outcome = Outcome::skipped;
    c.body = reason;
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

/// With more images than this, an image suite lists only the rules with
/// findings in that image, and images without findings get no suite: a
/// testcase for every rule and image made 569 MB of XML for 20,000 images.
constexpr std::size_t kImagesListedInFull = 50;

/// `every_rule`: a testcase for every rule of the catalogue, or only for
/// the rules with findings.
TestSuite group_suite(const ReportInput& input, const engine::Registry& registry,
                      const engine::Policy& policy, const Group& group, bool every_rule) {
  TestSuite suite;
  const auto layout = input.layout_path();
  suite.name = group.layout() ? layout : fmt::format("{} {}", layout, group.image);
  suite.properties = group_properties(input, policy, group);
  // The image in the name keeps (classname, name) unique across suites,
  // which Jenkins and the publish-unit-test-result action use as the
  // test's identity.
  const auto suffix = group.layout() ? std::string() : fmt::format(" [{}]", group.image);

  std::map<std::string_view, std::vector<const Finding*>, std::less<>> by_rule;
  for (const auto* f : group.findings) by_rule[f->rule_id].push_back(f);
  for (const auto& rule : registry.rules()) {
    std::vector<const Finding*> findings;
    if (const auto it = by_rule.find(rule.id); it != by_rule.end()) {
      findings = std::move(it->second);
      by_rule.erase(it);
    }
    if (!every_rule && findings.empty()) continue;
    suite.cases.push_back(rule_case(input, policy, rule, group, findings, suffix));
    list_below_fail_level(suite.system_out, input, policy, findings);
  }
  for (const auto& [id, findings] : by_rule) {
    suite.cases.push_back(unknown_rule_case(input, policy, id, findings, suffix));
    list_below_fail_level(suite.system_out, input, policy, findings);
  }
  return suite;
}

std::vector<TestSuite> validated_suites(const ReportInput& input) {
  static const engine::Registry kNoRules;
  static const engine::Policy kDefaultPolicy;
  const auto& registry = input.registry != nullptr ? *input.registry : kNoRules;
  const auto& policy = input.policy != nullptr ? *input.policy : kDefaultPolicy;
  std::vector<TestSuite> suites;
  const auto groups = group_findings(*input.result);
  const auto images = groups.size() - 1;
  const bool in_full = images <= kImagesListedInFull;
  for (const auto& group : groups) {
    if (!in_full && !group.layout() && group.findings.empty()) continue;
    suites.push_back(group_suite(input, registry, policy, group, in_full || group.layout()));
  }
  if (!in_full) {
    const auto listed = suites.size() - 1;
    auto& layout = suites.front();
    layout.properties.emplace_back(
        "image-suites", fmt::format("images with findings only: {} of {}", listed, images));
    layout.system_out.insert(
        0, fmt::format("The layout has {} images, more than {}: an image suite lists only the "
                       "rules with findings in that image, and the {} images without findings "
                       "have no suite.\n",
                       images, kImagesListedInFull, images - listed));
  }
  suites.front().seconds = input.result->summary.seconds;
  return suites;
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

std::string render_junit(const ReportInput& input) {
  junit::RunInfo run;
  run.timestamp = junit::timestamp_from_utc(input.started_utc);
  run.hostname = junit::host_name();
  const auto suites = input.result != nullptr
                          ? validated_suites(input)
                          : std::vector<TestSuite>{cannot_validate_suite(input)};
  return junit::render(suites, run);
}

}  // namespace ocv::reports
