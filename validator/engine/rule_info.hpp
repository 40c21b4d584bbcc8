#pragma once
// Metadata of one rule of the catalogue. A rule is data plus a check: the
// data lives here, the check functions live in rules/ next to it.
#include <string>
#include <string_view>

#include "validator/engine/severity.hpp"

namespace ocv::engine {

struct RuleInfo {
  std::string_view id;     // catalogue ID, e.g. "DESC-006" (public contract)
  std::string_view level;  // the spec's keyword: "MUST", "SHOULD", "MAY", "HARDENING", ...
  Severity severity;       // default severity
  std::string_view title;  // one line, imperative: what must hold
  std::string_view spec;   // spec file and anchor, e.g. "descriptor.md#properties"
  std::string_view help;   // what to do about a finding
  /// Off unless asked for (--enable, the policy file's "enable"): for a
  /// rule that would fire on nearly every real image without saying
  /// anything about its correctness.
  bool opt_in = false;

  /// The family prefix of the ID ("DESC" for "DESC-006").
  std::string_view family() const { return id.substr(0, id.find('-')); }
  /// Absolute link to the spec section of the image-spec release the rule follows.
  std::string spec_url() const;
};

}  // namespace ocv::engine
