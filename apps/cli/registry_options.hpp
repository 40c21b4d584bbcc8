#pragma once
// The command line's registry options (--creds, --authfile, --cert-dir,
// --tls-verify, --plain-http, --timeout, --artifact-type, --no-referrers),
// spelled as skopeo spells the ones it has, and what they make of a
// docker:// input.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "validator/engine/validate.hpp"
#include "validator/registry/open_registry.hpp"

namespace ocv::cli {

struct RegistryCommandLine {
  registry::RegistryArgs args;
  unsigned timeout_seconds = 30;
};

void add_registry_options(CLI::App& app, RegistryCommandLine& line);

/// Opens the registry image `text` names, with the limits and jobs of
/// `options`; notes for stderr go to `notes`. Throws source::SourceError.
std::unique_ptr<registry::RegistrySource> open_registry_input(
    const std::string& text, const RegistryCommandLine& line,
    const engine::ValidateOptions& options, std::vector<std::string>& notes);

}  // namespace ocv::cli
