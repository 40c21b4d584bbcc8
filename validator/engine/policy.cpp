#include "validator/engine/policy.hpp"

#include <algorithm>

#include "validator/digest/digest.hpp"

namespace ocv::engine {

bool Suppression::matches(const Finding& f) const {
  if (f.rule_id != rule) return false;
  if (!digest.empty()) {
    // Blobs live at blobs/<alg>/<encoded>: compare against the digest they
    // are stored under, which is what a user copies from a report.
    const auto colon = digest.find(':');
    if (colon == std::string::npos) return false;
    if (f.location.blob != digest::blob_path_of(digest)) return false;
  }
  if (!path.empty() && f.location.blob != path && f.location.member != path) return false;
  return true;
}

Applied apply(const Policy& policy, std::vector<Finding> findings) {
  Applied out;
  // Filtered in place: a second vector as large as the findings would
  // double their memory on a layout with hundreds of thousands of them.
  std::size_t kept = 0;
  for (auto& f : findings) {
    if (!policy.enabled(f.rule_id)) {
      ++out.disabled;
      continue;
    }
    if (const auto it = policy.severity.find(f.rule_id); it != policy.severity.end())
      f.severity = it->second;
    const auto by = std::find_if(policy.suppressions.begin(), policy.suppressions.end(),
                                 [&](const Suppression& s) { return s.matches(f); });
    if (by != policy.suppressions.end()) {
      ++out.suppressed;
      out.suppressed_findings.push_back({std::move(f), by->reason});
      continue;
    }
    if (&findings[kept] != &f) findings[kept] = std::move(f);
    ++kept;
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(kept), findings.end());
  out.findings = std::move(findings);
  return out;
}

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

Verdict verdict(const std::vector<Finding>& findings, const Policy& policy) {
  return fails(findings, policy) ? Verdict::invalid : Verdict::valid;
}

ExitCode exit_code(Verdict verdict) {
  switch (verdict) {
    case Verdict::valid:
      return kExitValid;
    case Verdict::invalid:
      return kExitInvalid;
    case Verdict::cannot_validate:
      return kExitCannotValidate;
  }
  return kExitCannotValidate;
}

}  // namespace ocv::engine
