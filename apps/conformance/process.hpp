#pragma once
// Runs another program and waits for it: the conformance runner grades
// other validators this way, and the tests run the ocivalidate binary.
#include <optional>
#include <string>
#include <vector>

namespace ocv::conformance {

struct Process {
  std::vector<std::string> argv;  // argv[0] is an absolute path (no PATH lookup)
  std::string stdout_path = "/dev/null";
  std::string stderr_path = "/dev/null";
  std::vector<std::string> extra_env;  // "NAME=value", added to this process's environment
};

/// Runs `p` with stdin from /dev/null and waits for it. Returns its exit
/// code, or 128 + the signal that ended it; nullopt when it cannot start.
std::optional<int> run_process(const Process& p);

}  // namespace ocv::conformance
