#include "validator/registry/credential_helper.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include <rapidjson/document.h>

#include <fmt/format.h>

extern char** environ;

namespace ocv::registry {
namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

}  // namespace

bool valid_helper_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '_' && c != '-')
      return false;
  return true;
}

std::optional<AuthEntry> parse_helper_output(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  const auto get = [&](const char* name) -> std::optional<std::string> {
    const auto it = doc.FindMember(name);
    if (it == doc.MemberEnd()) return std::string();
    if (!it->value.IsString()) return std::nullopt;
    return std::string(it->value.GetString(), it->value.GetStringLength());
  };
  const auto user = get("Username");
  const auto secret = get("Secret");
  if (!user || !secret || secret->empty()) return std::nullopt;
  AuthEntry entry;
  if (*user == "<token>") {
    entry.identity_token = *secret;
  } else {
    entry.username = *user;
    entry.password = *secret;
  }
  return entry;
}

HelperResult run_credential_helper(std::string_view helper, std::string_view server,
                                   std::chrono::milliseconds limit) {
  HelperResult result;
  const std::string program = fmt::format("docker-credential-{}", helper);
  if (!valid_helper_name(helper)) {
    result.why = fmt::format("\"{}\" is not a credential helper name", helper);
    return result;
  }
  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
    result.why = std::strerror(errno);
    return result;
  }
  Fd in_read(in_pipe[0]), in_write(in_pipe[1]);
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.why = std::strerror(errno);
    return result;
  }
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string arg0 = program;
  std::string arg1 = "get";
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    result.why = rc == ENOENT ? fmt::format("{} is not installed (not on PATH)", program)
                              : fmt::format("{} cannot run: {}", program, std::strerror(rc));
    return result;
  }
  in_read.reset();
  out_write.reset();
  // The server name is short: it fits the pipe, so writing cannot block.
  // A helper that exits without reading must not kill this process with
  // SIGPIPE: the signal is blocked in this thread while writing.
  sigset_t pipe_signal, old_mask;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);
  const std::string input(server);
  if (::write(in_write.get(), input.data(), input.size()) < 0 && errno == EPIPE) {
    const timespec none{};
    ::sigtimedwait(&pipe_signal, nullptr, &none);
  }
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  in_write.reset();

  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  bool timed_out = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out_read.get(), POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      timed_out = n == 0;
      break;
    }
    char buf[4096];
    const auto got = ::read(out_read.get(), buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    if (output.size() < kMaxOutput)
      output.append(
          buf, std::min<std::size_t>(static_cast<std::size_t>(got), kMaxOutput - output.size()));
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    result.why = fmt::format("{} get did not answer within {} s", program,
                             std::chrono::duration_cast<std::chrono::seconds>(limit).count());
    return result;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // The protocol's answer for a server it has nothing for.
    if (output.find("credentials not found") != std::string::npos) {
      result.status = HelperResult::Status::not_found;
      return result;
    }
    result.why = WIFEXITED(status)
                     ? fmt::format("{} get failed (exit code {})", program, WEXITSTATUS(status))
                     : fmt::format("{} get was ended by signal {}", program, WTERMSIG(status));
    return result;
  }
  auto entry = parse_helper_output(output);
  if (!entry) {
    result.why = fmt::format("{} get printed something that is not its JSON answer", program);
    return result;
  }
  result.status = HelperResult::Status::found;
  result.entry = std::move(*entry);
  return result;
}

}  // namespace ocv::registry
