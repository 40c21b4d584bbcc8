#pragma once
// `ocivalidate explain ID`: prints a rule's documentation page, the same
// page as docs/rules/<ID>.md.
#include <CLI/CLI.hpp>

namespace ocv::cli {

CLI::App* add_explain_command(CLI::App& app);

/// Prints the page of the rule the command named; an unknown ID exits 2 and
/// names the nearest rule ID.
int run_explain_command();

}  // namespace ocv::cli
