#pragma once
// The identity of a finding across runs, which the SARIF and Code Quality
// reports both carry so that CI services can tell a new finding from an old
// one.
#include <string>

#include "validator/model/finding.hpp"

namespace ocv::reports {

/// 32 hex digits of SHA-256 over the rule and where the finding is (blob,
/// JSON pointer, tar member): never the message, which may quote values,
/// nor the layout's own path, so that a moved layout keeps its findings.
std::string finding_fingerprint(const engine::Finding& f);

/// The same digest over `key`, for identities derived from a fingerprint.
std::string fingerprint_of(const std::string& key);

}  // namespace ocv::reports
