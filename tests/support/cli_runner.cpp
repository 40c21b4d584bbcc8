#include "tests/support/cli_runner.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "apps/conformance/process.hpp"
#include "tests/support/layout_builder.hpp"

namespace ocv::test {

namespace {

CliRun run_binary(const std::string& binary, const std::string& cwd,
                  const std::vector<std::string>& args, const std::vector<std::string>& env) {
  TempDir tmp;
  conformance::Process p;
  p.stdout_path = (tmp.path() / "out").string();
  p.stderr_path = (tmp.path() / "err").string();
  p.extra_env = env;
  // `timeout` guarantees a hung validator fails the test instead of hanging it.
  p.argv = {"/usr/bin/timeout", "120"};
  if (!cwd.empty()) p.argv.insert(p.argv.end(), {"/usr/bin/env", "-C", cwd});
  p.argv.push_back(binary);
  p.argv.insert(p.argv.end(), args.begin(), args.end());
  const auto code = conformance::run_process(p);
  if (!code) throw std::runtime_error("cannot start " + binary);
  CliRun run;
  run.exit_code = *code;
  std::ifstream o(p.stdout_path), e(p.stderr_path);
  run.out.assign(std::istreambuf_iterator<char>(o), {});
  run.err.assign(std::istreambuf_iterator<char>(e), {});
  return run;
}

}  // namespace

CliRun run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  return run_binary(OCV_BINARY, "", args, env);
}

CliRun run_cli_in(const std::string& cwd, const std::vector<std::string>& args,
                  const std::vector<std::string>& env) {
  return run_binary(OCV_BINARY, cwd, args, env);
}

CliRun run_program(const std::string& binary, const std::vector<std::string>& args) {
  return run_binary(binary, "", args, {});
}

bool mentions(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

}  // namespace ocv::test
