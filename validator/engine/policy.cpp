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

bool PolicyFilter::admit(Finding& f) {
  if (!policy_.enabled(f.rule_id)) {
    out_.disabled += f.weight();
    return false;
  }
  if (const auto it = policy_.severity.find(f.rule_id); it != policy_.severity.end())
    f.severity = it->second;
  const auto by = std::find_if(policy_.suppressions.begin(), policy_.suppressions.end(),
                               [&](const Suppression& s) { return s.matches(f); });
  if (by == policy_.suppressions.end()) return true;
  out_.suppressed += f.weight();
  // Kept for SARIF's suppressed results, as many per rule as a rule lists.
  auto& kept = suppressed_kept_[f.rule_id];
  if (max_suppressed_per_rule_ == 0 || kept < max_suppressed_per_rule_) {
    ++kept;
    out_.suppressed_findings.push_back({std::move(f), by->reason});
  }
  return false;
}

Counts count(const std::vector<Finding>& findings) {
  Counts c;
  for (const auto& f : findings) {
    // A finding that counts others not listed adds them all.
    switch (f.severity) {
      case Severity::error:
        c.errors += f.weight();
        break;
      case Severity::warning:
        c.warnings += f.weight();
        break;
      case Severity::note:
        c.notes += f.weight();
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
