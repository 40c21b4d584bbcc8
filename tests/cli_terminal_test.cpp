// The progress line, which only a terminal on stderr sees: the binary runs
// with stderr on a pseudo-terminal (raw, so that its bytes arrive as they
// were written) and its tar stream on standard input, which the test holds
// back for a while when a run must take longer than the second the line
// waits before it shows. What the line does within that second is tested
// on a clock the test moves.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "apps/cli/progress_line.hpp"
#include "apps/conformance/archive_pack.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/tar_writer.hpp"

namespace fs = std::filesystem;
using ocv::test::LayoutBuilder;
using ocv::test::TempDir;

namespace {

struct TerminalRun {
  int exit_code = -1;
  std::string out;       // stdout (a pipe)
  std::string terminal;  // what reached the terminal on stderr
};

/// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() { close(); }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

/// Writes all of `bytes` to `fd`.
void write_all(int fd, const std::string& bytes) {
  for (std::size_t at = 0; at < bytes.size();) {
    const auto n = ::write(fd, bytes.data() + at, bytes.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot write to the validator's standard input");
    at += static_cast<std::size_t>(n);
  }
}

/// Runs ocivalidate with `args`, stderr on a pseudo-terminal, stdout on a
/// pipe, and standard input fed `first`, then after `pause` `rest`, then
/// closed. Killed after 120 seconds.
TerminalRun run_on_terminal(const std::vector<std::string>& args, const std::string& first,
                            std::chrono::milliseconds pause, const std::string& rest) {
  Fd master, slave, in_read, in_write, out_read, out_write;
  if (::openpty(&master.fd, &slave.fd, nullptr, nullptr, nullptr) != 0)
    throw std::runtime_error("no pseudo-terminal");
  termios raw{};
  ::tcgetattr(slave.fd, &raw);
  ::cfmakeraw(&raw);
  ::tcsetattr(slave.fd, TCSANOW, &raw);
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
    throw std::runtime_error("no pipe");
  in_read.fd = in[0];
  in_write.fd = in[1];
  out_read.fd = out[0];
  out_write.fd = out[1];
  std::vector<std::string> argv_s = {OCV_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    ::dup2(in_read.fd, 0);
    ::dup2(out_write.fd, 1);
    ::dup2(slave.fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  in_read.close();
  out_write.close();
  slave.close();
  // The validator reads as it goes: a pipe buffer is enough for a stream
  // it is consuming, and its report only comes once standard input ends.
  ::signal(SIGPIPE, SIG_IGN);
  write_all(in_write.fd, first);
  std::this_thread::sleep_for(pause);
  write_all(in_write.fd, rest);
  in_write.close();
  TerminalRun run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool out_open = true, terminal_open = true;
  while ((out_open || terminal_open) && std::chrono::steady_clock::now() < deadline) {
    pollfd fds[2] = {{out_read.fd, POLLIN, 0}, {master.fd, POLLIN, 0}};
    if (::poll(fds, 2, 100) < 0 && errno != EINTR) break;
    char buffer[4096];
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP)) != 0) {
      const auto n = ::read(out_read.fd, buffer, sizeof buffer);
      if (n > 0) run.out.append(buffer, static_cast<std::size_t>(n));
      out_open = n > 0 || (n < 0 && errno == EINTR);
    }
    if (terminal_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      // Once the validator has exited and everything it wrote is read,
      // the master reads EIO.
      const auto n = ::read(master.fd, buffer, sizeof buffer);
      if (n > 0) run.terminal.append(buffer, static_cast<std::size_t>(n));
      terminal_open = n > 0 || (n < 0 && errno == EINTR);
    }
  }
  if (out_open || terminal_open) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// The oci-archive of the layout at `layout`, as bytes.
std::string archive_of(const fs::path& layout, const fs::path& scratch) {
  ocv::conformance::pack_archive(layout, {}, scratch / "image.tar");
  return read_file(scratch / "image.tar");
}

/// Shows the control characters of terminal output, for failure messages.
std::string visible(const std::string& s) {
  std::string v;
  for (const char c : s) {
    if (c == '\r')
      v += "\\r";
    else if (c == '\x1b')
      v += "\\e";
    else
      v += c;
  }
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(a_run_longer_than_a_second_draws_the_progress_line_and_erases_it) {
  TempDir tmp;
  LayoutBuilder b(tmp.path() / "layout");
  // A layer of 300,000 bytes that gzip cannot shrink: the only blob the
  // blob pass reads (the walk reads the documents), so the line counts it.
  const auto image = b.add_image("amd64", "linux", ocv::test::incompressible(300'000));
  b.write_oci_layout();
  b.write_index({b.descriptor("application/vnd.oci.image.manifest.v1+json", image.manifest,
                              R"("platform":{"architecture":"amd64","os":"linux"})")});
  const auto layer_size =
      fs::file_size(tmp.path() / "layout" / "blobs" / "sha256" / image.layer_digest.substr(7));
  BOOST_REQUIRE(layer_size > 250'000 && layer_size < 349'999);  // shown as 0.3 MB
  const auto archive = archive_of(tmp.path() / "layout", tmp.path());
  const auto r = run_on_terminal({"-"}, archive.substr(0, 4096), std::chrono::milliseconds(1500),
                                 archive.substr(4096));
  BOOST_TEST(r.exit_code == 0, r.out << visible(r.terminal));
  BOOST_TEST(r.out.find("VALID") != std::string::npos, r.out);
  // Redrawn in place every 200 ms while the blobs are read (how often
  // depends on the machine), last at 100 %, then erased before the report.
  static const std::regex drawn(
      "(\rocivalidate: +[0-9]+% of 0\\.3 MB read)*"
      "\rocivalidate: 100% of 0\\.3 MB read\r\x1b\\[K");
  BOOST_TEST(std::regex_match(r.terminal, drawn), visible(r.terminal));
}

BOOST_AUTO_TEST_CASE(a_run_with_no_blob_to_read_draws_no_progress_line) {
  TempDir tmp;
  LayoutBuilder b(tmp.path() / "layout");
  b.write_oci_layout();
  b.write_index({});
  const auto archive = archive_of(tmp.path() / "layout", tmp.path());
  // Longer than a second, but there is nothing to count.
  const auto r = run_on_terminal({"-"}, archive.substr(0, 512), std::chrono::milliseconds(1500),
                                 archive.substr(512));
  BOOST_TEST(r.exit_code == 0, r.out << visible(r.terminal));
  BOOST_TEST(r.terminal.empty(), visible(r.terminal));
}

// The first second, on a clock the test moves: a run on a terminal cannot
// show it, since no run is sure to end within a second on a loaded
// machine. Nothing is drawn before the second is up, however much is read;
// nothing when there is nothing to count; from the second on the line is
// drawn, and erased when it is done. A line never drawn is not erased.
BOOST_AUTO_TEST_CASE(the_progress_line_stays_quiet_for_the_first_second) {
  using namespace std::chrono_literals;
  auto t = std::chrono::steady_clock::now();
  const auto now = [&t] { return t; };
  const auto written = [](std::FILE* f) {
    std::fflush(f);
    std::rewind(f);
    std::string text;
    for (int c = std::fgetc(f); c != EOF; c = std::fgetc(f)) text += static_cast<char>(c);
    return text;
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> drawn(std::tmpfile(), &std::fclose);
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> quiet(std::tmpfile(), &std::fclose);
  BOOST_REQUIRE(drawn && quiet);
  {
    ocv::cli::ProgressLine line(drawn.get(), now);
    ocv::cli::ProgressLine never(quiet.get(), now);
    const auto report = line.callback();
    report(0, 300'000);
    never.callback()(300'000, 300'000);
    t += 999ms;
    report(300'000, 300'000);
    BOOST_TEST(written(drawn.get()).empty(), visible(written(drawn.get())));
    t += 1ms;
    report(0, 0);
    BOOST_TEST(written(drawn.get()).empty(), visible(written(drawn.get())));
    report(150'000, 300'000);
    report(300'000, 300'000);
  }
  BOOST_TEST(written(drawn.get()) ==
                 "\rocivalidate:  50% of 0.3 MB read\rocivalidate: 100% of 0.3 MB read\r\x1b[K",
             visible(written(drawn.get())));
  BOOST_TEST(written(quiet.get()).empty(), visible(written(quiet.get())));
}

BOOST_AUTO_TEST_SUITE_END()
