#pragma once
// Policy decides what fails a run and which findings are shown; checks and
// reporters never do. It is built from the command line and an optional
// config file (validator/engine/policy_file.hpp).
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "validator/model/finding.hpp"

namespace ocv::engine {

/// Process exit codes: the contract with CI gates.
enum ExitCode : int {
  kExitValid = 0,          // no finding at or above the fail level
  kExitInvalid = 1,        // at least one finding at or above it
  kExitCannotValidate = 2  // bad arguments, unreadable path, not a layout
};

/// Drops findings of one rule, optionally only for one blob (by digest) or
/// one location (a blob path under the layout, or a tar member path).
struct Suppression {
  std::string rule;    // catalogue ID
  std::string digest;  // "sha256:<hex>", empty = any blob
  std::string path;    // "index.json", "blobs/sha256/<hex>" or a tar member; empty = any
  std::string reason;  // why, for the record
  bool matches(const Finding& f) const;
};

struct Policy {
  Severity fail_on = Severity::error;
  std::set<std::string, std::less<>> disabled;            // rule IDs never reported
  std::map<std::string, Severity, std::less<>> severity;  // per-rule severity overrides
  std::vector<Suppression> suppressions;

  bool enabled(std::string_view rule_id) const { return !disabled.contains(rule_id); }
};

struct Counts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t notes = 0;
};

/// A finding a suppression hid, kept so that reports can still show it as
/// suppressed (SARIF `suppressions`), with the suppression's reason.
struct SuppressedFinding {
  Finding finding;
  std::string reason;
};

/// What policy did to a run's findings.
struct Applied {
  std::size_t suppressed = 0;  // dropped by a suppression (a summary counts what it stands for)
  std::size_t disabled = 0;    // dropped because their rule is disabled (same)
  std::vector<SuppressedFinding> suppressed_findings;  // the suppressed ones
};

/// Applies a policy to findings one at a time, as checks find them: a run
/// hands admit() to its FindingSink, so that the findings it counts and
/// lists are the ones the run reports (a finding suppressed or of a
/// disabled rule takes no place in a rule's bounded list), and nothing
/// holds them all first.
class PolicyFilter {
 public:
  /// `max_suppressed_per_rule`: suppressed findings kept for reports per
  /// rule (the others are only counted); 0 = all.
  explicit PolicyFilter(const Policy& policy, std::size_t max_suppressed_per_rule = 0)
      : policy_(policy), max_suppressed_per_rule_(max_suppressed_per_rule) {}

  /// Applies the disabled rules, the severity overrides and the
  /// suppressions, in that order; false when `f` is not reported.
  bool admit(Finding& f);
  /// The counts and the suppressed findings.
  Applied take() { return std::move(out_); }

 private:
  const Policy& policy_;
  std::size_t max_suppressed_per_rule_;
  std::map<std::string, std::size_t, std::less<>> suppressed_kept_;
  Applied out_;
};

Counts count(const std::vector<Finding>& findings);
bool fails(const std::vector<Finding>& findings, const Policy& policy);

/// How a run ended. Decided once, from the findings after policy, and
/// handed to every reporter and to the exit code: no reporter decides it.
enum class Verdict { valid, invalid, cannot_validate };

/// invalid when a finding reaches the fail level, else valid.
Verdict verdict(const std::vector<Finding>& findings, const Policy& policy);
ExitCode exit_code(Verdict verdict);

}  // namespace ocv::engine
