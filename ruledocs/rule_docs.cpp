#include "ruledocs/rule_docs.hpp"

#include <fmt/format.h>

#include "reports/text_escape.hpp"
#include "ruledocs/rule_page.hpp"

namespace ocv::ruledocs {

std::string rules_index(const engine::Registry& registry) {
  std::string out =
      "# Rules\n\n"
      "Every rule ocivalidate knows, by family, in the order `ocivalidate rules` lists them. "
      "Each page says what the rule checks, the spec's level and a link to its text, what to "
      "do about a finding, a failing example from the conformance corpus, and how to turn the "
      "rule off. `ocivalidate explain ID` prints a page in the terminal.\n\n"
      "These pages are generated from the rule definitions and the corpus: do not edit them, "
      "edit the definition (`rules/*_rules.cpp`) or the case (`corpus/cases/*.json`) and run "
      "`cmake --build build --target rule-docs`.\n";
  std::string_view family;
  for (const auto& rule : registry.rules()) {
    if (rule.family() != family) {
      family = rule.family();
      out +=
          fmt::format("\n## {} ({}-*)\n\n| Rule | Level | Severity | Title |\n|---|---|---|---|\n",
                      family_title(family), family);
    }
    out += fmt::format("| [{0}]({0}.md) | {1} | {2}{3} | {4} |\n", rule.id, rule.level,
                       engine::to_string(rule.severity), rule.opt_in ? " (off)" : "",
                       reports::markdown_escaped(rule.title));
  }
  return out;
}

std::map<std::string, std::string> rule_doc_files(const engine::Registry& registry,
                                                  const CorpusExamples& corpus) {
  std::map<std::string, std::string> files;
  files.emplace("README.md", rules_index(registry));
  for (const auto& rule : registry.rules())
    files.emplace(fmt::format("{}.md", rule.id), rule_page(rule, registry, corpus));
  return files;
}

}  // namespace ocv::ruledocs
