#pragma once
// `ocivalidate conformance`: runs the conformance corpus against
// ocivalidate itself and, optionally, other validators.
#include <CLI/CLI.hpp>

namespace ocv::cli {

/// Adds the subcommand to `app`; returns it so that main can see whether it
/// was chosen.
CLI::App* add_conformance_command(CLI::App& app);

/// Runs the subcommand after parsing. Returns the process exit code.
int run_conformance_command();

}  // namespace ocv::cli
