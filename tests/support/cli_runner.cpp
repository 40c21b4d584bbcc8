#include "tests/support/cli_runner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "tests/support/layout_builder.hpp"

extern char** environ;

namespace ocv::test {

CliRun run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  return run_cli_in("", args, env);
}

CliRun run_cli_in(const std::string& cwd, const std::vector<std::string>& args,
                  const std::vector<std::string>& env) {
  TempDir tmp;
  const auto out_path = (tmp.path() / "out").string();
  const auto err_path = (tmp.path() / "err").string();
  // `timeout` guarantees a hung validator fails the test instead of hanging it.
  std::vector<std::string> argv_s = {"/usr/bin/timeout", "120"};
  if (!cwd.empty()) argv_s.insert(argv_s.end(), {"/usr/bin/env", "-C", cwd});
  argv_s.emplace_back(OCV_BINARY);
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e != nullptr; ++e) env_s.emplace_back(*e);
  env_s.insert(env_s.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start ocivalidate");
  int status = 0;
  waitpid(pid, &status, 0);
  CliRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream o(out_path), e(err_path);
  run.out.assign(std::istreambuf_iterator<char>(o), {});
  run.err.assign(std::istreambuf_iterator<char>(e), {});
  return run;
}

}  // namespace ocv::test
