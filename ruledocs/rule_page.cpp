#include "ruledocs/rule_page.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "reports/text_escape.hpp"

namespace ocv::ruledocs {
namespace {

using reports::markdown_escaped;

// At most this many of a rule's cases are shown; the page names the rest.
constexpr std::size_t kMaxExamples = 2;

std::string input_needs(unsigned needs) {
  if ((needs & engine::kNeedsRegistry) != 0) return "images read from a registry (`docker://`)";
  if ((needs & engine::kNeedsBlobListing) != 0)
    return "inputs that list every blob they hold, referenced or not (layout directories and "
           "archives, not registries)";
  if ((needs & engine::kNeedsLayout) != 0)
    return "inputs with a layout of their own (`oci-layout`, `index.json`, `blobs/`): layout "
           "directories and archives, not registries";
  return "every input";
}

/// The parts of a run a rule is about (its scope); "" for a rule about all
/// of them. Elsewhere reports list the rule as skipped, with the reason.
std::string run_scope(unsigned scope) {
  using namespace engine;
  if ((scope & kScopeAttachments) != 0)
    return "what is attached to images: signatures, attestations and other referrers";
  if ((scope & kScopeLayout) != 0) return "the layout as a whole, not each image";
  std::string images = "each image";
  std::string_view joint = " ";
  for (const auto& [part, words] : std::array<std::pair<Scope, std::string_view>, 5>{{
           {kScopeNestedIndex, "reached through a nested index"},
           {kScopeArtifact, "whose manifest is an artifact's"},
           {kScopeImageConfig, "whose image config was read"},
           {kScopeLayers, "with at least one layer read"},
           {kScopeWindows, "whose os is windows"},
       }}) {
    if ((scope & part) == 0) continue;
    images += fmt::format("{}{}", joint, words);
    joint = ", ";
  }
  if ((scope & kScopeImage) != 0) return images;
  if (scope == kScopeAnywhere) return "";
  return "the layout as a whole, and " + images;
}

std::string how_checked(const engine::RuleInfo& rule, const engine::Registry& registry) {
  const auto where = registry.reported_as(rule.id);
  if (!where) return "by a check of its own";
  if (where->empty()) return "not checked: there is nothing a validator can test";
  return fmt::format("no check of its own: what it asks is reported as {}", *where);
}

std::string exit_meaning(int code) {
  switch (code) {
    case 0:
      return "exits 0 (valid)";
    case 1:
      return "exits 1 (invalid)";
    default:
      return fmt::format("exits {} (cannot validate)", code);
  }
}

std::string reported_ids(const std::vector<std::string>& ids) {
  if (ids.empty()) return "reports nothing";
  std::string out = "reports ";
  for (std::size_t i = 0; i < ids.size(); ++i)
    out += fmt::format("{}{}", i == 0 ? "" : (i + 1 == ids.size() ? " and " : ", "), ids[i]);
  return out;
}

void write_summary(const engine::RuleInfo& rule, const engine::Registry& registry,
                   std::string& out) {
  out += fmt::format("# {}: {}\n\n", rule.id, markdown_escaped(rule.title));
  out += "| | |\n|---|---|\n";
  out += fmt::format("| Family | {} ({}-*) |\n", family_title(rule.family()), rule.family());
  out += fmt::format("| Spec level | {} |\n", rule.level);
  out += fmt::format("| Default severity | {}{} |\n", engine::to_string(rule.severity),
                     rule.opt_in ? ", off unless enabled" : "");
  out += fmt::format("| Specification | [{}]({}) |\n", markdown_escaped(rule.spec_label()),
                     rule.spec_url());
  out += fmt::format("| Applies to | {} |\n", input_needs(rule.needs));
  if (const auto scope = run_scope(rule.scope); !scope.empty())
    out += fmt::format("| Scope | {} |\n", scope);
  out += fmt::format("| Checked | {} |\n\n", how_checked(rule, registry));
}

void write_examples(const engine::RuleInfo& rule, const CorpusExamples& corpus, std::string& out) {
  out += "## Example\n\n";
  const auto it = corpus.by_rule.find(rule.id);
  if (it == corpus.by_rule.end()) {
    out += "The conformance corpus has no case about this rule.\n\n";
    return;
  }
  const auto& cases = it->second;
  for (std::size_t i = 0; i < cases.size() && i < kMaxExamples; ++i) {
    const auto& c = cases[i];
    out += fmt::format("`{}` ({}): {}\n\n```json\n{}\n```\n\n", c.name, c.origin,
                       markdown_escaped(c.about), c.json);
    out += fmt::format("ocivalidate {} and {}.", reported_ids(c.expect), exit_meaning(c.exit_code));
    if (corpus.valid_bases.contains(c.base))
      out += fmt::format(
          " Without the case's changes (its edits, layers, files and options) the `{0}` base "
          "image is valid (case `valid/{0}`).",
          c.base);
    out += "\n\n";
  }
  if (cases.size() > kMaxExamples)
    out += fmt::format(
        "The corpus has {} more case(s) about {}: `ocivalidate conformance --list "
        "| grep {}/`.\n\n",
        cases.size() - kMaxExamples, rule.id, rule.id);
  out += fmt::format(
      "To look at the images: `ocivalidate conformance --filter {0}/ --keep DIR` writes each "
      "case into `DIR/000`, `DIR/001`, ... (or `image.tar` inside it for an archive case); "
      "`ocivalidate DIR/000` validates one.\n\n",
      rule.id);
}

void write_policy(const engine::RuleInfo& rule, std::string& out) {
  out += "## Turning it off or on\n\n";
  if (rule.opt_in)
    out += fmt::format(
        "This rule is off unless enabled: `--enable {0}` on the command line, or in "
        "`.ocivalidate.json`:\n\n```json\n{{ \"version\": 1, \"enable\": [\"{0}\"] }}\n```\n\n",
        rule.id);
  out += fmt::format(
      "In the policy file (`.ocivalidate.json` in the working directory, or `--config FILE`), "
      "turn the rule off everywhere:\n\n"
      "```json\n{{ \"version\": 1, \"disable\": [\"{0}\"] }}\n```\n\n"
      "or change its severity (error, warning, note):\n\n"
      "```json\n{{ \"version\": 1, \"severity\": {{ \"{0}\": \"note\" }} }}\n```\n\n"
      "or accept one finding: the one about the blob with this digest (`\"path\"` names a "
      "file of the layout or a member of a layer instead):\n\n"
      "```json\n{{ \"version\": 1, \"suppress\": [{{ \"rule\": \"{0}\", \"digest\": "
      "\"sha256:<hex>\", \"reason\": \"why it is accepted\" }}] }}\n```\n\n"
      "On the command line, `--disable {0}` (or `--disable {1}-*` for the whole family) turns it "
      "off for one run. SARIF reports keep suppressed findings, marked as suppressed with the "
      "reason.\n",
      rule.id, rule.family());
}

}  // namespace

std::string family_title(std::string_view family) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kTitles = {{
      {"JSON", "JSON documents"},
      {"DESC", "Descriptors"},
      {"DIG", "Digests"},
      {"MAN", "Image manifests"},
      {"IDX", "Image indexes"},
      {"PLAT", "Platforms"},
      {"CFG", "Image configurations"},
      {"ANN", "Annotations"},
      {"MT", "Media types"},
      {"ART", "Artifacts"},
      {"LYT", "Image layouts"},
      {"LAY", "Layers"},
      {"WHT", "Whiteouts"},
      {"ARC", "Archives"},
      {"REG", "Registries"},
      {"REF", "Signatures, attestations and referrers"},
      {"LIMIT", "Validator limits"},
  }};
  for (const auto& [prefix, title] : kTitles)
    if (prefix == family) return std::string(title);
  return std::string(family);
}

std::string rule_page(const engine::RuleInfo& rule, const engine::Registry& registry,
                      const CorpusExamples& corpus) {
  std::string out;
  write_summary(rule, registry, out);
  out += fmt::format("## What to do\n\n{}\n\n",
                     markdown_escaped(rule.help.empty() ? rule.title : rule.help));
  write_examples(rule, corpus, out);
  write_policy(rule, out);
  return out;
}

}  // namespace ocv::ruledocs
