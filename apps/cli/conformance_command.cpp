#include "apps/cli/conformance_command.hpp"

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "apps/conformance/case_model.hpp"
#include "apps/conformance/runner.hpp"
#include "validator/engine/policy.hpp"

namespace ocv::cli {
namespace {

struct ConformanceArgs {
  std::vector<std::string> tools;
  std::string junit_file, markdown_file, cases_dir, filter, keep_dir;
  unsigned timeout = 60;
  bool list = false;
};

ConformanceArgs& args() {
  static ConformanceArgs a;
  return a;
}

/// "[umoci] d=$(mktemp -d) && ..." -> {"umoci", "d=$(mktemp -d) && ..."};
/// without a [label], the command's first word: "oci-image-tool validate
/// --type image {}" -> "oci-image-tool".
conformance::Tool tool_of(const std::string& spec) {
  if (spec.starts_with('[')) {
    if (const auto close = spec.find(']'); close != std::string::npos) {
      const auto rest = spec.find_first_not_of(' ', close + 1);
      return {spec.substr(1, close - 1), rest == std::string::npos ? "" : spec.substr(rest)};
    }
  }
  auto first = spec.substr(0, spec.find(' '));
  if (const auto slash = first.rfind('/'); slash != std::string::npos) first.erase(0, slash + 1);
  return {first.empty() ? spec : first, spec};
}

bool write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::cerr << fmt::format("ocivalidate: cannot write {}\n", path);
  return static_cast<bool>(out);
}

void print_summary(const conformance::ToolResults& t) {
  fmt::print("{}: {} of {} cases judged correctly\n", t.tool.label, t.correct(), t.cases.size());
  for (const auto& r : t.cases)
    if (!r.correct) fmt::print("  ✗ {}: {}\n", r.c->name, r.detail);
}

}  // namespace

CLI::App* add_conformance_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "conformance",
      "run the conformance corpus: grade ocivalidate (exact rule IDs) and any --tool (verdict)");
  auto& a = args();
  cmd->add_option("--tool", a.tools,
                  "a validator command to grade, '{}' = the case's layout path, an optional "
                  "'[label] ' prefix names its column; exit 0 counts as 'accepted' (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--junit", a.junit_file, "write a JUnit XML report to FILE")->type_name("FILE");
  cmd->add_option("--markdown", a.markdown_file, "write a Markdown matrix to FILE")
      ->type_name("FILE");
  cmd->add_option("--cases", a.cases_dir,
                  "read the cases from DIR/*.json instead of the built-in corpus")
      ->type_name("DIR");
  cmd->add_option("--filter", a.filter, "only cases whose name contains TEXT")->type_name("TEXT");
  cmd->add_option("--keep", a.keep_dir, "materialise the cases into DIR and keep them")
      ->type_name("DIR");
  cmd->add_option("--timeout", a.timeout, "seconds allowed per case for a --tool")
      ->capture_default_str();
  cmd->add_flag("--list", a.list, "list the cases and exit");
  return cmd;
}

int run_conformance_command() {
  const auto& a = args();
  std::vector<conformance::Case> cases;
  try {
    cases = a.cases_dir.empty() ? conformance::embedded_cases()
                                : conformance::cases_from_directory(a.cases_dir);
  } catch (const std::exception& e) {
    std::cerr << "ocivalidate: bad conformance case: " << e.what() << "\n";
    return engine::kExitCannotValidate;
  }
  if (a.list) {
    for (const auto& c : cases)
      fmt::print("{:<50} exit {} expect [{}]  {}\n", c.name, c.exit_code, fmt::join(c.expect, " "),
                 c.about);
    return engine::kExitValid;
  }
  conformance::RunOptions options;
  options.filter = a.filter;
  options.timeout_seconds = a.timeout;
  options.keep_dir = a.keep_dir;

  std::vector<conformance::ToolResults> results;
  results.push_back(conformance::run_tool({"ocivalidate", ""}, cases, options));
  for (const auto& spec : a.tools) {
    const auto tool = tool_of(spec);
    if (tool.command.empty()) {
      std::cerr << fmt::format("ocivalidate: --tool {}: no command\n", spec);
      return engine::kExitCannotValidate;
    }
    if (!a.keep_dir.empty()) options.keep_dir = fmt::format("{}/{}", a.keep_dir, tool.label);
    results.push_back(conformance::run_tool(tool, cases, options));
  }
  for (const auto& t : results) print_summary(t);

  bool ok = true;
  if (!a.junit_file.empty())
    ok = write(a.junit_file, conformance::conformance_junit(results)) && ok;
  if (!a.markdown_file.empty())
    ok = write(a.markdown_file, conformance::conformance_markdown(results)) && ok;
  if (!ok) return engine::kExitCannotValidate;
  const auto& self = results.front();
  return self.correct() == self.cases.size() ? engine::kExitValid : engine::kExitInvalid;
}

}  // namespace ocv::cli
