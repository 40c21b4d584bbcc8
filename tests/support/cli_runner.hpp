#pragma once
// Runs the built ocivalidate binary and captures what it printed.
#include <string>
#include <string_view>
#include <vector>

namespace ocv::test {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs ocivalidate with `args` (no shell involved), with `env` entries
/// ("NAME=value") added to the environment, and a 120-second limit.
CliRun run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// Same, with `cwd` as the working directory (for the policy file lookup
/// and report paths relative to it).
CliRun run_cli_in(const std::string& cwd, const std::vector<std::string>& args,
                  const std::vector<std::string>& env = {});

/// Whether `text` (what a run printed) contains `what`.
bool mentions(const std::string& text, std::string_view what);

/// Runs another program of the build (`binary`) the same way.
CliRun run_program(const std::string& binary, const std::vector<std::string>& args);

}  // namespace ocv::test
