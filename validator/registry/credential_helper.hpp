#pragma once
// Docker's credential helper protocol (docker/docker-credential-helpers):
// `docker-credential-NAME get` reads a server URL on standard input and
// prints {"ServerURL", "Username", "Secret"} on standard output; a
// Username of "<token>" means Secret is an identity token. The helper runs
// with a time limit, its standard error is discarded (it is the helper's
// business), and nothing it prints is ever repeated in a message.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "validator/registry/auth_file.hpp"

namespace ocv::registry {

struct HelperResult {
  enum class Status { found, not_found, failed };
  Status status = Status::failed;
  AuthEntry entry;
  std::string why;  // for failed: what went wrong (never the helper's output)
};

/// Runs `docker-credential-<helper> get` for `server`.
HelperResult run_credential_helper(std::string_view helper, std::string_view server,
                                   std::chrono::milliseconds limit = std::chrono::seconds(30));

/// Reads a helper's output; nullopt when it is not the JSON the protocol
/// describes.
std::optional<AuthEntry> parse_helper_output(std::string_view text);

/// Whether `name` may name a helper: letters, digits, '.', '_', '-'.
bool valid_helper_name(std::string_view name);

}  // namespace ocv::registry
