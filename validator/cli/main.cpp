// ocivalidate: the command line. The one place that knows the engine, the
// rules and the reporters together.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "reports/text_report.hpp"
#include "rules/all_rules.hpp"
#include "validator/engine/policy.hpp"
#include "validator/engine/validate.hpp"
#include "validator/source/layout_dir.hpp"

namespace {

using ocv::engine::kExitCannotValidate;
using ocv::engine::kExitInvalid;
using ocv::engine::kExitValid;

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

int list_rules() {
  const auto& registry = ocv::rules::default_registry();
  for (const auto& r : registry.rules())
    fmt::print("{:<10} {:<8} {:<10} {}\n", r.id, ocv::engine::to_string(r.severity), r.level,
               r.title);
  fmt::print("{} rules\n", registry.rules().size());
  return kExitValid;
}

struct Args {
  std::string path;
  std::string fail_on = "error";
  std::string color = "auto";
  unsigned jobs = 0;
  std::uint64_t max_blob_size = 64ull << 30;
  std::uint64_t max_layer_size = 64ull << 30;
};

int validate(const Args& args) {
  ocv::engine::ValidateOptions options;
  options.jobs = args.jobs;
  options.max_blob_bytes = args.max_blob_size;
  options.max_layer_bytes = args.max_layer_size;
  const auto result =
      ocv::engine::validate_layout(args.path, ocv::rules::default_registry(), options);
  ocv::reports::TextOptions text;
  text.color = use_color(args.color);
  text.layout_name = args.path;
  text.policy.fail_on = *ocv::engine::parse_severity(args.fail_on);
  std::cout << ocv::reports::render_text(result, text);
  std::cout.flush();
  return ocv::engine::fails(result.findings, text.policy) ? kExitInvalid : kExitValid;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ocivalidate: check an OCI image layout against the OCI image-spec"};
  app.set_version_flag("--version", std::string("ocivalidate ") + OCV_VERSION);
  Args args;
  app.add_option("path", args.path, "OCI image layout directory to validate");
  app.add_option("--fail-on", args.fail_on,
                 "lowest severity that makes the exit code 1 (error, warning, note)")
      ->check(CLI::IsMember({"error", "warning", "note"}))
      ->capture_default_str();
  app.add_option("--color", args.color, "colour the text report (auto, always, never)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("-j,--jobs", args.jobs, "threads for hashing blobs (0 = one per core)")
      ->capture_default_str();
  app.add_option("--max-blob-size", args.max_blob_size,
                 "blobs larger than this many bytes are not hashed (reported as LIMIT-004)")
      ->capture_default_str();
  app.add_option("--max-layer-size", args.max_layer_size,
                 "uncompressed bytes read per layer before giving up (decompression-bomb guard)")
      ->capture_default_str();
  auto* rules_cmd = app.add_subcommand("rules", "list every rule with its ID, severity and title");
  app.require_subcommand(0, 1);
  app.footer(
      "Exit codes: 0 valid (no finding at or above --fail-on), 1 invalid, 2 could not validate.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "ocivalidate: " << e.what() << "\nRun with --help for usage.\n";
    return kExitCannotValidate;
  }
  try {
    if (rules_cmd->parsed()) return list_rules();
    if (args.path.empty()) {
      std::cerr << "ocivalidate: no image layout given\nUsage: ocivalidate [OPTIONS] PATH\n";
      return kExitCannotValidate;
    }
    return validate(args);
  } catch (const ocv::source::SourceError& e) {
    std::cerr << "ocivalidate: cannot validate: " << e.what() << "\n";
    return kExitCannotValidate;
  } catch (const std::bad_alloc&) {
    std::cerr << "ocivalidate: cannot validate: out of memory\n";
    return kExitCannotValidate;
  } catch (const std::exception& e) {
    std::cerr << "ocivalidate: cannot validate: internal error: " << e.what() << "\n";
    return kExitCannotValidate;
  }
}
