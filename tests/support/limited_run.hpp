#pragma once
// Runs the ocivalidate binary under resource limits and measures what it
// used: the resource tests and the command-line tests that need a limit
// (no thread can be started) use it. Limits are set with setrlimit in the
// child, as `prlimit` would, so no cgroup is needed.
#include <cstdint>
#include <string>
#include <vector>

namespace ocv::test {

struct Limits {
  std::uint64_t address_space = 0;  // RLIMIT_AS in bytes; 0 = unchanged
  std::uint64_t stack = 0;          // RLIMIT_STACK in bytes (also the default thread stack)
  unsigned cpu_seconds = 0;         // RLIMIT_CPU; 0 = unchanged
  std::uint64_t file_size = 0;      // RLIMIT_FSIZE in bytes (SIGXFSZ ignored); 0 = unchanged
  unsigned wall_seconds = 600;      // killed (SIGKILL) after this long
};

struct LimitedRun {
  int exit_code = -1;          // or 128 + signal
  bool timed_out = false;      // killed at Limits::wall_seconds
  std::uint64_t peak_rss = 0;  // bytes (ru_maxrss)
  double cpu_seconds = 0;      // user + system
  double wall_seconds = 0;
  std::string out;  // stdout, whole or (see max_output) its first bytes
  std::uint64_t out_bytes = 0;
  std::string err;
};

/// The binary the resource tests run: $OCV_RESOURCE_BINARY when set (to
/// measure another build, e.g. an older one, with the same generators),
/// else the one built with the tests.
std::string tested_binary();

/// Runs tested_binary() with `args` under `limits`. At most `max_output`
/// bytes of stdout are kept in `out` (out_bytes counts all of it).
LimitedRun run_limited(const std::vector<std::string>& args, const Limits& limits,
                       std::size_t max_output = 1u << 20);

}  // namespace ocv::test
