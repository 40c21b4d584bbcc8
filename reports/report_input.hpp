#pragma once
// Everything a reporter renders: the findings after policy, the rule
// registry (for rule metadata), the policy (which rules were disabled),
// where the run happened, and the verdict. Reporters only render; they
// decide nothing.
#include <functional>
#include <string>
#include <string_view>

#include "validator/engine/policy.hpp"
#include "validator/engine/validate.hpp"
#include "validator/model/registry.hpp"

namespace ocv::reports {

/// Each rule's documentation page (docs/rules/<ID>.md) and where it is
/// published, for the SARIF rule list: help.text and help.markdown carry
/// the page, helpUri points to base_url + "<ID>.md".
struct RuleDocs {
  std::function<std::string(const engine::RuleInfo&)> page;
  std::string base_url;  // an absolute URI ending in "/"
};

struct ReportInput {
  /// Findings (already filtered by policy) and the run's summary; null when
  /// the layout could not be validated at all (see `error`).
  const engine::ValidateResult* result = nullptr;
  const engine::Registry* registry = nullptr;
  const engine::Policy* policy = nullptr;
  std::string layout;  // the layout path as the user typed it ("-": standard input)
  /// The input is an archive file (or a stream): blobs are members of it.
  bool archive = false;
  /// For an image read from a registry, its repository
  /// ("localhost:5000/app"); `layout` is then the reference as typed
  /// (docker://localhost:5000/app:1.0) and blobs are named
  /// "localhost:5000/app@sha256:<hex>".
  std::string remote;
  std::string tool_version;  // "0.1.0"
  std::string started_utc;   // "2026-12-02T16:10:42Z"
  std::string error;         // why the layout could not be validated ("" = it was)
  /// Decided once by the caller (engine::verdict over `result`'s findings
  /// and the policy, or cannot_validate without a result); reporters
  /// only say it.
  engine::Verdict verdict = engine::Verdict::cannot_validate;
  std::size_t suppressed = 0;
  /// Findings hidden by a suppression, with its reason (SARIF lists them as
  /// suppressed results; the other formats only count them). May be null.
  const std::vector<engine::SuppressedFinding>* suppressed_findings = nullptr;
  /// The rule pages for SARIF; null: the one-line help and the spec's link.
  const RuleDocs* rule_docs = nullptr;

  /// The path of a file of the layout ("index.json", "blobs/sha256/<hex>")
  /// as seen from the working directory, "/"-separated and without "./":
  /// "httpd/blobs/sha256/<hex>". Absolute when the layout lies outside the
  /// working directory.
  /// For an archive, the member inside it: "httpd.tar:blobs/sha256/<hex>"
  /// (the archive alone for an empty blob).
  std::string path_of(std::string_view blob) const;
  /// The file a finding is in: path_of() for a layout, the archive itself
  /// for an archive (SARIF's artifact; the member is a logical location).
  std::string artifact_of(std::string_view blob) const;
  /// The layout path itself, normalised the same way ("httpd").
  std::string layout_path() const;
  /// Whether findings name things inside the input (an archive's members,
  /// a registry's blobs) rather than files of their own.
  bool inside_input() const { return archive || !remote.empty(); }

 private:
  // path_of() is called once per finding: the working directory and the
  // normalised layout path are worked out once per value of `layout`.
  mutable std::string cached_for_;
  mutable std::string cached_path_;
  mutable bool cached_ = false;
};

/// The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC), for `started_utc`.
std::string utc_now();

}  // namespace ocv::reports
