#pragma once
// The policy config file: a small, strict JSON document that a repository
// commits next to its images, so that every run (local, hook, CI) applies
// the same severities and suppressions. Format (all members optional):
//
//   {
//     "version": 1,
//     "fail-on": "warning",
//     "disable": ["<ID>", "<FAMILY>-*"],
//     "severity": { "<ID>": "error" },
//     "suppress": [ { "rule": "<ID>", "digest": "sha256:<hex>",
//                     "path": "blobs/sha256/<hex>", "reason": "umoci 0.4.7" } ]
//   }
//
// Unknown members, unknown rule IDs and wrong types are errors: a typo in a
// policy must not silently turn a check off.
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "validator/engine/policy.hpp"
#include "validator/model/registry.hpp"

namespace ocv::engine {

/// The file looked for in the working directory when no --config is given.
inline constexpr std::string_view kPolicyFileName = ".ocivalidate.json";

class PolicyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Rule IDs a pattern names: an exact catalogue ID ("<FAMILY>-<NNN>") or a
/// whole family ("<FAMILY>-*"). Throws PolicyError when it names no rule.
std::vector<std::string> expand_rule_pattern(std::string_view pattern, const Registry& registry);

/// Reads a policy from JSON text; `origin` names the file in messages.
/// Throws PolicyError with "origin: /pointer: what is wrong".
Policy parse_policy(std::string text, std::string_view origin, const Registry& registry);

/// The policy of a run without a policy file or options: fail on errors,
/// opt-in rules disabled.
Policy default_policy(const Registry& registry);

/// The opt-in rules `policy` leaves enabled: the ones the engine must run
/// (ValidateOptions::opt_in).
std::set<std::string, std::less<>> enabled_opt_in(const Policy& policy, const Registry& registry);

/// Reads the policy file at `path`. Throws PolicyError when it cannot be
/// read or is malformed.
Policy load_policy_file(const std::filesystem::path& path, const Registry& registry);

/// The policy file to use: `explicit_path` when given, else
/// kPolicyFileName in the working directory when it exists, else none.
std::optional<std::filesystem::path> find_policy_file(const std::string& explicit_path);

}  // namespace ocv::engine
