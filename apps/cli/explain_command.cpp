#include "apps/cli/explain_command.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "reports/utf8.hpp"
#include "ruledocs/nearest_rule.hpp"
#include "ruledocs/rule_page.hpp"
#include "rules/all_rules.hpp"
#include "validator/engine/policy.hpp"

namespace ocv::cli {
namespace {

std::string& rule_arg() {
  static std::string id;
  return id;
}

}  // namespace

CLI::App* add_explain_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "explain", "print a rule's documentation: what it checks, an example, how to turn it off");
  cmd->add_option("rule", rule_arg(), "a rule ID such as DIG-007")->required();
  return cmd;
}

int run_explain_command() {
  const auto& registry = rules::default_registry();
  auto id = rule_arg();
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const auto* rule = registry.find(id);
  if (rule == nullptr) {
    std::cerr << fmt::format(
        "ocivalidate: unknown rule \"{}\"; did you mean {}? (`ocivalidate rules` lists them all)\n",
        reports::printable(rule_arg()), ruledocs::nearest_rule_id(id, registry));
    return engine::kExitCannotValidate;
  }
  std::cout << ruledocs::rule_page(*rule, registry, ruledocs::corpus_examples());
  return engine::kExitValid;
}

}  // namespace ocv::cli
