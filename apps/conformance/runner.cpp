#include "apps/conformance/runner.hpp"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "apps/conformance/archive_pack.hpp"
#include "apps/conformance/case_builder.hpp"
#include "apps/conformance/process.hpp"
#include "reports/junit_xml.hpp"
#include "reports/report_input.hpp"
#include "rules/all_rules.hpp"
#include "validator/archive/input.hpp"
#include "validator/engine/policy.hpp"
#include "validator/engine/policy_file.hpp"
#include "validator/engine/run.hpp"
#include "validator/engine/validate.hpp"
#include "validator/source/layout_dir.hpp"

namespace ocv::conformance {
namespace {

namespace fs = std::filesystem;

/// A scratch directory removed on destruction (kept when `keep` is set).
class Scratch {
 public:
  explicit Scratch(const std::string& keep) {
    if (!keep.empty()) {
      path_ = keep;
      fs::create_directories(path_);
      keep_ = true;
      return;
    }
    std::string tmpl = (fs::temp_directory_path() / "ocivalidate-conformance.XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("cannot create a scratch dir");
    path_ = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    if (!keep_) fs::remove_all(path_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool keep_ = false;
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char ch : s) {
    if (ch == '\'')
      out += "'\\''";
    else
      out += ch;
  }
  return out + "'";
}

/// What `timeout` exits with when the command ran out of time.
constexpr int kTimedOut = 124;

/// Runs `command` through /bin/sh under `timeout`, output discarded.
/// Returns the exit code (kTimedOut when it timed out, 127 when it cannot start).
int run_command(const std::string& command, unsigned timeout_seconds) {
  Process p;
  p.argv = {"/usr/bin/timeout", "-k", "5",    std::to_string(timeout_seconds),
            "/bin/sh",          "-c", command};
  return run_process(p).value_or(127);
}

std::string joined(const std::vector<std::string>& ids) {
  return ids.empty() ? std::string("(none)") : fmt::format("{}", fmt::join(ids, " "));
}

/// What a layout holds, to show that validating it changed nothing: every
/// entry's path, type, size and modification time (FIFOs are never opened).
std::vector<std::string> listing(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    std::string entry = fmt::format("{} {}", it->path().lexically_relative(root).string(),
                                    static_cast<int>(status.type()));
    if (status.type() == fs::file_type::regular)
      entry += fmt::format(" {} {}", it->file_size(ec),
                           it->last_write_time(ec).time_since_epoch().count());
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// ocivalidate in-process, with the default policy (fail on errors, opt-in
/// rules off) plus the rules the case enables.
void grade_self(const fs::path& input, const fs::path& dir, CaseResult& r) {
  const auto& registry = rules::default_registry();
  const auto before = listing(dir);
  try {
    engine::ValidateOptions options;
    if (r.c->max_layer_bytes != 0) options.max_layer_bytes = r.c->max_layer_bytes;
    if (r.c->max_blob_bytes != 0) options.max_blob_bytes = r.c->max_blob_bytes;
    if (r.c->max_layer_index_bytes != 0) options.max_layer_index_bytes = r.c->max_layer_index_bytes;
    if (r.c->max_zstd_window != 0) options.max_zstd_window = r.c->max_zstd_window;
    if (r.c->max_documents != 0)
      options.graph.max_documents = static_cast<std::size_t>(r.c->max_documents);
    if (r.c->max_document_memory != 0)
      options.graph.max_document_memory = static_cast<std::size_t>(r.c->max_document_memory);
    if (r.c->max_blob_files != 0) options.graph.max_blob_files = r.c->max_blob_files;
    auto policy = engine::default_policy(registry);
    for (const auto& id : r.c->enable) policy.disabled.erase(id);
    archive::InputSpec spec;
    spec.path = input.string();
    const auto opened = archive::open_input(spec);
    options.passed = opened.passed.get();
    const auto run = engine::run(*opened.source, spec.path, registry, policy, options);
    std::set<std::string> ids;
    for (const auto& f : run.validation.findings) ids.insert(f.rule_id);
    r.rules.assign(ids.begin(), ids.end());
    r.exit_code = engine::exit_code(run.verdict);
  } catch (const source::SourceError&) {
    r.exit_code = engine::kExitCannotValidate;
  }
  r.accepted = r.exit_code == 0;
  const std::vector<std::string> expected(r.c->expect.begin(), r.c->expect.end());
  if (r.rules != expected)
    r.detail = fmt::format("expected {}, reported {}", joined(expected), joined(r.rules));
  if (r.exit_code != r.c->exit_code)
    r.detail += fmt::format("{}exit code {}, expected {}", r.detail.empty() ? "" : "; ",
                            r.exit_code, r.c->exit_code);
  if (listing(dir) != before)
    r.detail += fmt::format("{}the validator changed the layout", r.detail.empty() ? "" : "; ");
  r.correct = r.detail.empty();
}

/// Writes the case into `dir`: its layout, or for an archive case only the
/// archive file (`dir`/image.tar). Returns what a validator is given.
fs::path prepare(const Case& c, const fs::path& dir) {
  if (!c.archive) {
    materialize(c, dir);
    return dir;
  }
  const auto layout = dir / "layout";
  materialize(c, layout);
  const auto file = dir / "image.tar";
  pack_archive(layout, *c.archive, file);
  fs::remove_all(layout);
  return file;
}

void grade_command(const Tool& tool, const fs::path& layout, unsigned timeout, CaseResult& r) {
  auto command = tool.command;
  for (auto at = command.find("{}"); at != std::string::npos; at = command.find("{}", at)) {
    const auto quoted = shell_quote(layout.string());
    command.replace(at, 2, quoted);
    at += quoted.size();
  }
  r.exit_code = run_command(command, timeout);
  r.accepted = r.exit_code == 0;
  const bool should_accept = r.c->exit_code == 0;
  // A tool that hangs has judged nothing, whatever the case expects.
  const bool timed_out = r.exit_code == kTimedOut || r.exit_code == 128 + SIGKILL;
  r.correct = !timed_out && r.accepted == should_accept;
  if (!r.correct)
    r.detail = timed_out       ? "timed out"
               : should_accept ? fmt::format("rejected a valid image (exit {})", r.exit_code)
                               : "accepted an image that does not conform";
}

}  // namespace

std::size_t ToolResults::correct() const {
  return static_cast<std::size_t>(
      std::count_if(cases.begin(), cases.end(), [](const CaseResult& r) { return r.correct; }));
}

ToolResults run_tool(const Tool& tool, const std::vector<Case>& cases, const RunOptions& options) {
  ToolResults out;
  out.tool = tool;
  const Scratch scratch(options.keep_dir);
  std::size_t n = 0;
  for (const auto& c : cases) {
    if (!options.filter.empty() && c.name.find(options.filter) == std::string::npos) continue;
    CaseResult r;
    r.c = &c;
    // Every case gets a fresh copy: a tool under test may write into it.
    const auto dir = scratch.path() / fmt::format("{:03}", n++);
    fs::remove_all(dir);
    const auto started = std::chrono::steady_clock::now();
    try {
      const auto input = prepare(c, dir);
      if (tool.command.empty())
        grade_self(input, dir, r);
      else
        grade_command(tool, input, options.timeout_seconds, r);
    } catch (const std::exception& e) {
      r.correct = false;
      r.detail = fmt::format("the case could not be run: {}", e.what());
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (options.keep_dir.empty()) fs::remove_all(dir);
    out.cases.push_back(std::move(r));
  }
  return out;
}

std::string conformance_junit(const std::vector<ToolResults>& results) {
  namespace junit = reports::junit;
  std::vector<junit::TestSuite> suites;
  for (const auto& t : results) {
    junit::TestSuite suite;
    suite.name = fmt::format("conformance {}", t.tool.label);
    suite.properties = {{"tool", t.tool.label},
                        {"command", t.tool.command.empty() ? "(in-process)" : t.tool.command}};
    for (const auto& r : t.cases) {
      junit::TestCase tc;
      // "<tool>.<family>": dashboards group by tool, then by the rule family
      // the case is about, and the same case graded for two tools stays two
      // distinct testcases (GitLab keys testcases on classname and name).
      const auto& rule = r.c->rule;
      auto tool_key = t.tool.label;
      std::replace(tool_key.begin(), tool_key.end(), ' ', '-');
      std::replace(tool_key.begin(), tool_key.end(), '.', '-');
      tc.classname = fmt::format(
          "{}.{}", tool_key, rule.empty() ? std::string("valid") : rule.substr(0, rule.find('-')));
      tc.name = r.c->name;
      tc.seconds = r.seconds;
      if (!r.correct) {
        tc.outcome = junit::Outcome::failure;
        tc.type = "conformance";
        tc.message = r.detail;
        tc.body = fmt::format(
            "{}\nexpected exit {} and rules [{}]\ntool exit {}{}", r.c->about, r.c->exit_code,
            fmt::join(r.c->expect, " "), r.exit_code,
            r.rules.empty() ? std::string() : fmt::format(", rules [{}]", fmt::join(r.rules, " ")));
      }
      suite.seconds += r.seconds;
      suite.cases.push_back(std::move(tc));
    }
    suites.push_back(std::move(suite));
  }
  junit::RunInfo run;
  run.timestamp = junit::timestamp_from_utc(reports::utc_now());
  run.hostname = junit::host_name();
  return junit::render(suites, run);
}

std::string conformance_markdown(const std::vector<ToolResults>& results) {
  if (results.empty()) return "";
  std::string out = "| case | expected |";
  std::string rule = "|---|---|";
  for (const auto& t : results) {
    out += fmt::format(" {} |", t.tool.label);
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  const auto& first = results.front().cases;
  for (std::size_t i = 0; i < first.size(); ++i) {
    const auto& c = *first[i].c;
    out += fmt::format("| `{}` | {} |", c.name,
                       c.exit_code == 0 ? "accept" : (c.exit_code == 1 ? "reject" : "error"));
    for (const auto& t : results) {
      const auto& r = t.cases[i];
      const auto verdict = r.accepted                ? std::string("accepted")
                           : r.detail == "timed out" ? std::string("timed out")
                                                     : fmt::format("rejected ({})", r.exit_code);
      out += fmt::format(" {} {} |", r.correct ? "✅" : "❌", verdict);
    }
    out += "\n";
  }
  out += fmt::format("| **correct** | {} cases |", first.size());
  for (const auto& t : results) out += fmt::format(" **{} / {}** |", t.correct(), t.cases.size());
  return out + "\n";
}

}  // namespace ocv::conformance
