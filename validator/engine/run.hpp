#pragma once
// One run of the validator as every application does it: the policy says
// which opt-in rules to check, the image is validated, the policy is
// applied to the findings, and the verdict is taken. Applications open the
// input and present the result; reports consume what run() returns.
#include <cstddef>
#include <string_view>
#include <vector>

#include "validator/engine/policy.hpp"
#include "validator/engine/validate.hpp"
#include "validator/model/registry.hpp"
#include "validator/source/source.hpp"

namespace ocv::engine {

struct RunResult {
  /// The validation, its findings those the policy kept (with the
  /// policy's severities).
  ValidateResult validation;
  std::size_t suppressed = 0;  // findings a suppression hid
  std::size_t disabled = 0;    // findings of rules the policy disables
  std::vector<SuppressedFinding> suppressed_findings;
  /// invalid when a kept finding is at or above the policy's fail-on
  /// severity, else valid: decided here once, for the reporters and the
  /// exit code.
  Verdict verdict = Verdict::valid;
};

/// Validates the image `source` holds under `policy`; `name` says which
/// input it is in messages. `options.opt_in` is taken from the policy.
/// Throws source::SourceError when the image cannot be validated at all.
RunResult run(const source::Source& source, std::string_view name, const Registry& registry,
              const Policy& policy, ValidateOptions options);

}  // namespace ocv::engine
