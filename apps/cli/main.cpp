// ocivalidate: the command line. The one place that knows the engine, the
// rules and the reporters together.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "apps/cli/build_info.hpp"
#include "apps/cli/conformance_command.hpp"
#include "apps/cli/explain_command.hpp"
#include "apps/cli/outputs.hpp"
#include "apps/cli/progress_line.hpp"
#include "apps/cli/registry_options.hpp"
#include "apps/cli/rule_docs_url.hpp"
#include "apps/cli/size_option.hpp"
#include "reports/report_input.hpp"
#include "reports/reporter.hpp"
#include "reports/utf8.hpp"
#include "ruledocs/rule_page.hpp"
#include "rules/all_rules.hpp"
#include "validator/archive/input.hpp"
#include "validator/engine/policy.hpp"
#include "validator/engine/policy_file.hpp"
#include "validator/engine/run.hpp"
#include "validator/engine/validate.hpp"
#include "validator/source/layout_dir.hpp"

namespace {

using ocv::engine::kExitCannotValidate;
using ocv::engine::kExitValid;

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

/// "ocivalidate 0.1.0 (git 1a2b3c4d5e6f)": the release and the commit, so
/// that a bug report names the exact source.
std::string version_line() {
  const auto revision = ocv::cli::git_revision();
  return revision.empty() ? fmt::format("ocivalidate {} (revision unknown)", OCV_VERSION)
                          : fmt::format("ocivalidate {} (git {})", OCV_VERSION, revision);
}

int list_rules() {
  const auto& registry = ocv::rules::default_registry();
  for (const auto& r : registry.rules())
    fmt::print("{:<10} {:<8} {:<10} {}{}\n", r.id, ocv::engine::to_string(r.severity), r.level,
               r.title, r.opt_in ? " (off unless enabled)" : "");
  fmt::print("{} rules\n", registry.rules().size());
  return kExitValid;
}

struct Args {
  std::string path;
  std::string format = "text";
  /// --json FILE, --sarif FILE, ...: a report file per format name.
  std::map<std::string, std::string, std::less<>> report_files;
  std::optional<std::string> fail_on;
  std::vector<std::string> disable, enable;
  std::string config;
  bool no_config = false;
  std::string rule_docs_url;  // --rule-docs-url: SARIF's helpUri base
  std::string color = "auto";
  unsigned jobs = 0;
  // Byte counts, parsed after the command line (parse_sizes): "64G".
  std::string max_blob_size, max_layer_size, max_layer_index, max_zstd_window, max_document_size;
  std::string max_document_memory;
  std::size_t max_json_depth = 0, max_json_values = 0, max_index_depth = 0;  // 0: the default
  std::size_t max_documents = 0;                                             // 0: the default
  std::size_t max_blob_files = 0;                                            // 0: the default
  std::size_t max_findings_per_rule = 0;                                     // 0: the default
  std::string platform;  // --platform os/arch[/variant]
  ocv::cli::RegistryCommandLine registry;
};

/// The size options in bytes; throws CLI::ValidationError for a value that
/// is not a size or does not fit (exit code 2).
void parse_sizes(const Args& args, ocv::engine::ValidateOptions& options) {
  const auto one = [](const std::string& name, const std::string& text, std::uint64_t& out) {
    if (text.empty()) return;
    std::string why;
    const auto bytes = ocv::cli::parse_size(text, why);
    if (!bytes) throw CLI::ValidationError(name, why);
    out = *bytes;
  };
  one("--max-blob-size", args.max_blob_size, options.max_blob_bytes);
  one("--max-layer-size", args.max_layer_size, options.max_layer_bytes);
  one("--max-layer-index", args.max_layer_index, options.max_layer_index_bytes);
  one("--max-zstd-window", args.max_zstd_window, options.max_zstd_window);
  std::uint64_t document = options.graph.max_document_bytes;
  one("--max-document-size", args.max_document_size, document);
  if (document > (1ull << 30))
    throw CLI::ValidationError("--max-document-size", "documents are read whole: at most 1 GiB");
  options.graph.max_document_bytes = static_cast<std::size_t>(document);
  if (args.max_json_depth != 0) options.graph.json_limits.max_depth = args.max_json_depth;
  if (args.max_json_values != 0) options.graph.json_limits.max_values = args.max_json_values;
  if (args.max_index_depth != 0) options.graph.max_index_depth = args.max_index_depth;
  if (args.max_documents != 0) options.graph.max_documents = args.max_documents;
  if (args.max_blob_files != 0) options.graph.max_blob_files = args.max_blob_files;
  std::uint64_t memory = options.graph.max_document_memory;
  one("--max-document-memory", args.max_document_memory, memory);
  if (memory == 0)
    throw CLI::ValidationError("--max-document-memory",
                               "the documents need some memory: at least 1 byte");
  options.graph.max_document_memory = static_cast<std::size_t>(
      std::min<std::uint64_t>(memory, std::numeric_limits<std::size_t>::max()));
  if (args.max_findings_per_rule != 0) options.max_findings_per_rule = args.max_findings_per_rule;
  if (options.max_zstd_window > (1ull << 31))
    throw CLI::ValidationError("--max-zstd-window", "zstd windows go up to 2 GiB");
  if (!args.platform.empty()) {
    std::string why;
    options.graph.platform = ocv::graph::parse_platform(args.platform, why);
    if (!options.graph.platform) throw CLI::ValidationError("--platform", why);
  }
}

/// "--disable A,B --disable C" -> A, B, C. Splitting here rather than with
/// CLI11's delimiter keeps each option to one argument, so that a rule ID
/// is never mistaken for the layout path or the other way round.
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      const auto comma = std::min(v.find(',', start), v.size());
      if (comma > start) out.push_back(v.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

/// The policy file (explicit, else .ocivalidate.json in the working
/// directory), then the command line on top of it.
ocv::engine::Policy build_policy(const Args& args) {
  const auto& registry = ocv::rules::default_registry();
  auto policy = ocv::engine::default_policy(registry);
  if (!args.no_config)
    if (const auto file = ocv::engine::find_policy_file(args.config))
      policy = ocv::engine::load_policy_file(*file, registry);
  if (args.fail_on) policy.fail_on = *ocv::engine::parse_severity(*args.fail_on);
  for (const auto& pattern : split_commas(args.disable))
    for (auto& id : ocv::engine::expand_rule_pattern(pattern, registry))
      policy.disabled.insert(std::move(id));
  for (const auto& pattern : split_commas(args.enable))
    for (const auto& id : ocv::engine::expand_rule_pattern(pattern, registry))
      policy.disabled.erase(id);
  return policy;
}

ocv::cli::Outputs outputs_of(const Args& args) {
  ocv::cli::Outputs outputs;
  outputs.stdout_format = ocv::reports::find_format(args.format);  // checked by the parser
  outputs.color = args.format == "text" && use_color(args.color);
  for (const auto& format : ocv::reports::report_formats())
    if (const auto it = args.report_files.find(format.name);
        it != args.report_files.end() && !it->second.empty())
      outputs.files.push_back({&format, it->second});
  return outputs;
}

bool writes_report_files(const Args& args) {
  return std::any_of(args.report_files.begin(), args.report_files.end(),
                     [](const auto& file) { return !file.second.empty(); });
}

int validate(const Args& args) {
  const auto& registry = ocv::rules::default_registry();
  const auto policy = build_policy(args);
  const auto outputs = outputs_of(args);

  ocv::reports::ReportInput input;
  input.registry = &registry;
  input.policy = &policy;
  input.layout = args.path;
  // SARIF carries each rule's page as its help (the other formats link the spec).
  const ocv::reports::RuleDocs rule_docs{[&registry](const ocv::engine::RuleInfo& rule) {
                                           return ocv::ruledocs::rule_page(
                                               rule, registry, ocv::ruledocs::corpus_examples());
                                         },
                                         ocv::cli::rule_docs_url(args.rule_docs_url)};
  input.rule_docs = &rule_docs;
  const bool remote = ocv::registry::is_registry_input(args.path);
  ocv::archive::InputSpec spec;
  if (!remote) {
    try {
      spec = ocv::archive::parse_input(args.path);
    } catch (const ocv::source::SourceError& e) {
      input.error = e.what();
      std::cerr << "ocivalidate: cannot validate: " << e.what() << "\n";
      ocv::cli::emit(outputs, input);
      return kExitCannotValidate;
    }
    if (spec.path != "-") {
      ocv::cli::refuse_files_inside(spec.path, outputs);
      ocv::cli::refuse_layout_files(spec.path, outputs);
    }
    input.layout = spec.path;
  }
  input.tool_version = OCV_VERSION;
  input.started_utc = ocv::reports::utc_now();

  ocv::engine::ValidateOptions options;
  options.jobs = args.jobs;
  parse_sizes(args, options);
  ocv::engine::RunResult run;
  std::optional<ocv::cli::ProgressLine> progress;
  if (ocv::cli::ProgressLine::wanted()) options.progress = progress.emplace().callback();
  try {
    if (remote) {
      // Read as it is fetched: nothing of the image is written to disk.
      std::vector<std::string> notes;
      const auto source = ocv::cli::open_registry_input(args.path, args.registry, options, notes);
      for (const auto& note : notes)
        std::cerr << "ocivalidate: " << ocv::reports::printable(note) << "\n";
      input.remote = source->reference().name();
      run = ocv::engine::run(*source, args.path, registry, policy, options);
    } else {
      options.graph.select_ref = spec.ref;
      ocv::archive::OpenOptions open;
      open.max_document_bytes = options.graph.max_document_bytes;
      const auto opened = ocv::archive::open_input(spec, open);
      input.archive = opened.is_archive;
      options.passed = opened.passed.get();
      run = ocv::engine::run(*opened.source, spec.path == "-" ? "standard input" : spec.path,
                             registry, policy, options);
    }
    progress.reset();  // erase the line before the report is printed
  } catch (const ocv::source::SourceError& e) {
    // Reports still say what happened, so that a CI dashboard shows an
    // error rather than a missing file.
    input.error = e.what();
    std::cerr << "ocivalidate: cannot validate: " << ocv::reports::printable(e.what()) << "\n";
    ocv::cli::emit(outputs, input);
    return kExitCannotValidate;
  }
  for (const auto& note : run.validation.summary.run_notes)
    std::cerr << "ocivalidate: " << ocv::reports::printable(note) << "\n";
  input.suppressed = run.suppressed;
  input.suppressed_findings = &run.suppressed_findings;
  input.result = &run.validation;
  input.verdict = run.verdict;
  if (!ocv::cli::emit(outputs, input)) return kExitCannotValidate;
  return ocv::engine::exit_code(run.verdict);
}

void add_validate_options(CLI::App& app, Args& args) {
  app.add_option("path", args.path,
                 "the image to validate: a layout directory, an archive file (oci-archive, "
                 "docker save; plain, gzip or zstd), - for a tar stream on standard input, "
                 "oci:DIR, oci-archive:FILE, docker-archive:FILE (:REF selects one tag), or "
                 "docker://HOST[:PORT]/REPO:TAG or docker://HOST[:PORT]/REPO@DIGEST in a "
                 "registry");
  app.add_option("--platform", args.platform,
                 "validate only this platform's images of an index (os/arch[/variant], such as "
                 "linux/arm64); entries without a platform are kept")
      ->type_name("OS/ARCH");
  std::vector<std::string> formats;
  for (const auto& format : ocv::reports::report_formats()) formats.emplace_back(format.name);
  app.add_option("-f,--format", args.format,
                 fmt::format("report format on stdout ({})", fmt::join(formats, ", ")))
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  for (const auto& format : ocv::reports::report_formats()) {
    if (!format.file_option) continue;
    app.add_option(fmt::format("--{}", format.name), args.report_files[std::string(format.name)],
                   fmt::format("also write a {} report to FILE", format.title))
        ->type_name("FILE");
  }
  app.add_option("--fail-on", args.fail_on,
                 "lowest severity that makes the exit code 1 (error, warning, note; "
                 "default error, or the policy file's fail-on)")
      ->check(CLI::IsMember({"error", "warning", "note"}));
  app.add_option("--disable", args.disable,
                 "do not report RULE (an ID such as ANN-003, or a family such as ANN-*); "
                 "repeatable, comma-separated")
      ->allow_extra_args(false)
      ->type_name("RULE");
  app.add_option("--enable", args.enable,
                 "report RULE even if the policy file disables it or it is off by default "
                 "(JSON-005); repeatable, comma-separated")
      ->allow_extra_args(false)
      ->type_name("RULE");
  app.add_option("--config", args.config,
                 fmt::format("policy file (default: {} in the working directory, if present)",
                             ocv::engine::kPolicyFileName))
      ->type_name("FILE");
  app.add_flag("--no-config", args.no_config, "ignore any policy file");
  app.add_option("--rule-docs-url", args.rule_docs_url,
                 "base URL of the rule pages that SARIF's helpUri links (URL/DIG-007.md; default: "
                 "the pages installed with ocivalidate, as a file: URI)")
      ->type_name("URL");
  app.add_option("--color", args.color, "colour the text report (auto, always, never)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("-j,--jobs", args.jobs, "threads for hashing blobs (0 = one per core)")
      ->capture_default_str();
  const ocv::engine::ValidateOptions defaults;
  app.add_option("--max-blob-size", args.max_blob_size,
                 fmt::format("blobs larger than this are not hashed (LIMIT-004); bytes, or with "
                             "K, M, G, T (default {})",
                             ocv::cli::format_size(defaults.max_blob_bytes)))
      ->type_name("SIZE");
  app.add_option("--max-layer-size", args.max_layer_size,
                 fmt::format("uncompressed bytes read per layer before giving up "
                             "(decompression-bomb guard, LIMIT-005; default {})",
                             ocv::cli::format_size(defaults.max_layer_bytes)))
      ->type_name("SIZE");
  app.add_option("--max-layer-index", args.max_layer_index,
                 fmt::format("memory for the member index of each layer, which the checks "
                             "across members and layers use; every member is checked on its own "
                             "past it (LIMIT-006; default {})",
                             ocv::cli::format_size(defaults.max_layer_index_bytes)))
      ->type_name("SIZE");
  app.add_option("--max-document-size", args.max_document_size,
                 fmt::format("larger JSON documents are not parsed (LIMIT-002; default {})",
                             ocv::cli::format_size(defaults.graph.max_document_bytes)))
      ->type_name("SIZE");
  app.add_option("--max-json-depth", args.max_json_depth,
                 fmt::format("JSON nested deeper is not parsed (LIMIT-002; default {})",
                             defaults.graph.json_limits.max_depth))
      ->check(CLI::Range(1, 100000))
      ->type_name("N");
  app.add_option("--max-json-values", args.max_json_values,
                 fmt::format("JSON documents with more values are not parsed (LIMIT-002; "
                             "default {})",
                             defaults.graph.json_limits.max_values))
      ->check(CLI::Range(1, 1'000'000'000))
      ->type_name("N");
  app.add_option("--max-index-depth", args.max_index_depth,
                 fmt::format("indexes nested deeper below index.json are not followed (LIMIT-003; "
                             "default {})",
                             defaults.graph.max_index_depth))
      ->check(CLI::Range(1, 1000))
      ->type_name("N");
  app.add_option("--max-documents", args.max_documents,
                 fmt::format("JSON documents (manifests, configs, indexes) read and held for the "
                             "checks; the walk reads no more past it (LIMIT-008; default {})",
                             defaults.graph.max_documents))
      ->check(CLI::Range(1, 1'000'000'000))
      ->type_name("N");
  app.add_option("--max-document-memory", args.max_document_memory,
                 fmt::format("memory the JSON documents read and held for the checks may take "
                             "(bytes, DOM, positions); the walk reads no more past it (LIMIT-008; "
                             "default {})",
                             ocv::cli::format_size(defaults.graph.max_document_memory)))
      ->type_name("SIZE");
  app.add_option("--max-blob-files", args.max_blob_files,
                 fmt::format("entries of blobs/ and its algorithm directories listed and examined, "
                             "the first by name; the rest are counted (LIMIT-009; default {})",
                             defaults.graph.max_blob_files))
      ->check(CLI::Range(1, 1'000'000'000))
      ->type_name("N");
  app.add_option("--max-findings-per-rule", args.max_findings_per_rule,
                 fmt::format("findings listed per rule; one more finding of the rule counts the "
                             "rest, and the summary counts include them (default {})",
                             defaults.max_findings_per_rule))
      ->check(CLI::Range(1, 1'000'000'000))
      ->type_name("N");
  app.add_option("--max-zstd-window", args.max_zstd_window,
                 fmt::format("largest window a zstd frame may ask for (LIMIT-007; default {}); "
                             "zstd layers decoded at once share {} of windows",
                             ocv::cli::format_size(defaults.max_zstd_window),
                             ocv::cli::format_size(defaults.zstd_window_budget)))
      ->type_name("SIZE");
  ocv::cli::add_registry_options(app, args.registry);
}

}  // namespace

int main(int argc, char** argv) {
  // Botan keeps key material in a pool of locked, guard-paged memory that it
  // sets up on first use (hundreds of mlock/mprotect calls, a quarter of the
  // run time of a small image); digests of public data need none of it.
  // Set before any thread starts; a user's own setting wins.
  ::setenv("BOTAN_MLOCK_POOL_SIZE", "0", 0);
  CLI::App app{
      "ocivalidate: check an OCI image (a layout directory, an archive, a tar stream or an image "
      "in a registry) against the OCI image-spec"};
  app.set_version_flag("--version", version_line());
  Args args;
  add_validate_options(app, args);
  auto* rules_cmd = app.add_subcommand("rules", "list every rule with its ID, severity and title");
  auto* conformance_cmd = ocv::cli::add_conformance_command(app);
  auto* explain_cmd = ocv::cli::add_explain_command(app);
  app.require_subcommand(0, 1);
  app.footer(
      "A layout directory named like a subcommand is validated when written as a path "
      "(./rules) or after \"--\" (ocivalidate -- rules).\n"
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
    if (rules_cmd->parsed() || conformance_cmd->parsed() || explain_cmd->parsed()) {
      // "ocivalidate --sarif x.sarif rules" means a layout named rules: the
      // subcommand would silently ignore the report options.
      if (!args.path.empty() || writes_report_files(args)) {
        const auto* sub = rules_cmd->parsed()         ? rules_cmd
                          : conformance_cmd->parsed() ? conformance_cmd
                                                      : explain_cmd;
        std::cerr << fmt::format(
            "ocivalidate: \"{0}\" is a subcommand here; to validate a layout directory named "
            "{0}, write ./{0} or put it after --\n",
            sub->get_name());
        return kExitCannotValidate;
      }
    }
    if (rules_cmd->parsed()) return list_rules();
    if (conformance_cmd->parsed()) return ocv::cli::run_conformance_command();
    if (explain_cmd->parsed()) return ocv::cli::run_explain_command();
    if (args.path.empty()) {
      std::cerr << "ocivalidate: no image layout given\nUsage: ocivalidate [OPTIONS] PATH\n";
      return kExitCannotValidate;
    }
    return validate(args);
  } catch (const CLI::ValidationError& e) {
    std::cerr << "ocivalidate: " << ocv::reports::printable(e.what())
              << "\nRun with --help for usage.\n";
    return kExitCannotValidate;
  } catch (const ocv::engine::PolicyError& e) {
    std::cerr << "ocivalidate: bad policy: " << ocv::reports::printable(e.what()) << "\n";
    return kExitCannotValidate;
  } catch (const std::bad_alloc&) {
    std::cerr << "ocivalidate: cannot validate: out of memory\n";
    return kExitCannotValidate;
  } catch (const std::exception& e) {
    std::cerr << "ocivalidate: cannot validate: " << ocv::reports::printable(e.what()) << "\n";
    return kExitCannotValidate;
  }
}
