#include "tests/support/limited_run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/support/layout_builder.hpp"

namespace ocv::test {
namespace {

void set_limit(int resource, std::uint64_t value) {
  if (value == 0) return;
  const rlimit rl{static_cast<rlim_t>(value), static_cast<rlim_t>(value)};
  ::setrlimit(resource, &rl);
}

std::string read_prefix(const std::string& path, std::size_t max, std::uint64_t& total) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  total = in ? static_cast<std::uint64_t>(in.tellg()) : 0;
  in.seekg(0);
  std::string out(static_cast<std::size_t>(std::min<std::uint64_t>(total, max)), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  return out;
}

}  // namespace

std::string tested_binary() {
  const char* other = std::getenv("OCV_RESOURCE_BINARY");
  return other != nullptr && *other != '\0' ? other : OCV_BINARY;
}

LimitedRun run_limited(const std::vector<std::string>& args, const Limits& limits,
                       std::size_t max_output) {
  TempDir tmp;
  const auto out_path = (tmp.path() / "out").string();
  const auto err_path = (tmp.path() / "err").string();
  auto argv_s = args;
  argv_s.insert(argv_s.begin(), tested_binary());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    set_limit(RLIMIT_AS, limits.address_space);
    set_limit(RLIMIT_STACK, limits.stack);
    set_limit(RLIMIT_CPU, limits.cpu_seconds);
    // A write past the file size limit then fails with EFBIG, as on a full
    // disk, instead of killing the process.
    if (limits.file_size != 0) ::signal(SIGXFSZ, SIG_IGN);
    set_limit(RLIMIT_FSIZE, limits.file_size);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  LimitedRun run;
  int status = 0;
  rusage usage{};
  const auto deadline = started + std::chrono::seconds(limits.wall_seconds);
  for (;;) {
    const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error("wait4 failed");
    if (!run.timed_out && std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      run.timed_out = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.peak_rss = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run.out = read_prefix(out_path, max_output, run.out_bytes);
  std::uint64_t err_bytes = 0;
  run.err = read_prefix(err_path, 1u << 16, err_bytes);
  return run;
}

}  // namespace ocv::test
