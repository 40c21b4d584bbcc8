#include "validator/engine/policy.hpp"

#include <algorithm>

namespace ocv::engine {

Counts count(const std::vector<Finding>& findings) {
  Counts c;
  for (const auto& f : findings) {
    switch (f.severity) {
      case Severity::error:
        ++c.errors;
        break;
      case Severity::warning:
        ++c.warnings;
        break;
      case Severity::note:
        ++c.notes;
        break;
    }
  }
  return c;
}

bool fails(const std::vector<Finding>& findings, const Policy& policy) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return static_cast<int>(f.severity) >= static_cast<int>(policy.fail_on);
  });
}

}  // namespace ocv::engine
