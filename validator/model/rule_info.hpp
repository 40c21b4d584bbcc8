#pragma once
// Metadata of one rule of the catalogue. A rule is data plus a check: the
// data lives here, the check functions live in rules/ next to it.
#include <string>
#include <string_view>

#include "validator/model/severity.hpp"

namespace ocv::engine {

/// What a rule needs of the input (RuleInfo::needs).
enum Needs : unsigned {
  kNeedsLayout = 1,       // oci-layout, index.json and blobs/ of its own (a directory, an archive)
  kNeedsBlobListing = 2,  // a listing of every blob it holds
  kNeedsRegistry = 4,     // answers of a registry
};

/// What an input offers, as the run found it.
struct InputTraits {
  bool layout = true;        // its own oci-layout, index.json and blobs/
  bool blob_listing = true;  // every blob listed, referenced or not
  bool registry = false;     // read from a registry
  /// Whether a rule with these needs applies to such an input.
  bool meets(unsigned needs) const {
    return ((needs & kNeedsLayout) == 0 || layout) &&
           ((needs & kNeedsBlobListing) == 0 || blob_listing) &&
           ((needs & kNeedsRegistry) == 0 || registry);
  }
};

/// Which parts of a run a rule is about (RuleInfo::scope, or-ed). A part
/// outside a rule's scope did not give the rule anything to look at: reports
/// say so (JUnit <skipped>) instead of calling the rule passed there.
enum Scope : unsigned {
  kScopeAnywhere = 0,
  kScopeLayout = 1,        // the layout as a whole, never one image
  kScopeImage = 2,         // each image, never the layout as a whole
  kScopeNestedIndex = 4,   // for one image: only when a nested index leads to it
  kScopeArtifact = 8,      // for one image: only when its manifest is an artifact's
  kScopeImageConfig = 16,  // for one image: only when its image config was read
  kScopeLayers = 32,       // for one image: only when at least one of its layers was read
  kScopeWindows = 64,      // for one image: only when its os is windows
  /// The links of what is attached to an image (signatures, attestations,
  /// referrers): the reports' list of attachments says whether each holds
  /// from the findings of these rules.
  kScopeAttachments = 128,
};

/// A rule's row of the requirements catalogue (tests/data/rules-catalogue.md,
/// which ocv-rule-docs writes from the definitions): where the spec says it
/// and how it is checked. Markdown text; a `|` is escaped when written.
struct CatalogueEntry {
  std::string_view source = {};       // spec file § section ("the spec's sentence")
  std::string_view requirement = {};  // what must hold
  std::string_view applies_to = {};   // the catalogue's targets: D*, M, I, C, L, LY, A, P
  std::string_view check = {};        // how it is checked
  /// The Level and Sev cells where they say more than RuleInfo::level and
  /// RuleInfo::severity ("MUST (def)", "error (note when empty)"); "" = those.
  std::string_view level = {};
  std::string_view severity = {};
};

struct RuleInfo {
  std::string_view id;     // catalogue ID, FAMILY-NNN (public contract)
  std::string_view level;  // the spec's keyword: "MUST", "SHOULD", "MAY", "HARDENING", ...
  Severity severity;       // default severity
  std::string_view title;  // one line, imperative: what must hold
  std::string_view spec;   // spec file and anchor, e.g. "descriptor.md#properties"
  std::string_view help;   // what to do about a finding
  /// Off unless asked for (--enable, the policy file's "enable"): for a
  /// rule that would fire on nearly every real image without saying
  /// anything about its correctness.
  bool opt_in = false;
  /// What the input must offer for the rule to apply (Needs, or-ed): a
  /// rule about a layout's own files or about its every blob does not
  /// apply to a registry, which has neither; a registry rule applies only
  /// to a registry. Findings of a rule whose needs the input does not meet
  /// are never reported, and reports say why the rule did not apply.
  unsigned needs = 0;
  /// Which parts of a run the rule is about (Scope, or-ed).
  unsigned scope = kScopeAnywhere;
  /// Its row of the requirements catalogue.
  CatalogueEntry catalogue = {};

  /// The family prefix of the ID (the part before the dash).
  std::string_view family() const { return id.substr(0, id.find('-')); }
  /// Absolute link to the spec section of the image-spec release the rule follows.
  std::string spec_url() const;
  /// How a link to spec_url() is labelled: "image-spec descriptor.md#verification",
  /// or "the specification" for a link outside the image-spec.
  std::string spec_label() const;
};

}  // namespace ocv::engine
