#pragma once
// Policy decides what fails a run; checks and reporters never do.
#include <vector>

#include "validator/engine/finding.hpp"

namespace ocv::engine {

/// Process exit codes: the contract with CI gates.
enum ExitCode : int {
  kExitValid = 0,          // no finding at or above the fail level
  kExitInvalid = 1,        // at least one finding at or above it
  kExitCannotValidate = 2  // bad arguments, unreadable path, not a layout
};

struct Policy {
  Severity fail_on = Severity::error;
};

struct Counts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t notes = 0;
};

Counts count(const std::vector<Finding>& findings);
bool fails(const std::vector<Finding>& findings, const Policy& policy);

}  // namespace ocv::engine
