#pragma once
// The reports' view of what is attached to the images of a layout: each
// attachment, the subject each of its links names, what its payloads say,
// and the findings of the rules about attachments (kScopeAttachments)
// reported on it.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "validator/engine/validate.hpp"
#include "validator/model/attachments.hpp"
#include "validator/model/finding.hpp"
#include "validator/model/registry.hpp"

namespace ocv::engine {

/// Where the rules about attachments (kScopeAttachments) were reported at
/// warning or error: by blob, and by blob and pointer. Fed every finding the
/// run reports as it is found (blob paths of the layout, before they are
/// named as the input holds them), listed or not: a rule's bounded list
/// (FindingSink) must not make an attachment look sound.
class AttachmentProblems {
 public:
  explicit AttachmentProblems(const Registry& registry) : registry_(registry) {}
  void add(const Finding& f);

  /// Adds to `to` the rules reported on `blob` (anywhere in it).
  void in_blob(std::string_view blob, std::set<std::string>& to) const;
  /// Adds to `to` the rules reported at `pointer` of `blob`.
  void at(std::string_view blob, std::string_view pointer, std::set<std::string>& to) const;

 private:
  const Registry& registry_;
  std::map<std::string, std::set<std::string>, std::less<>> by_blob_;
  std::map<std::string, std::set<std::string>, std::less<>> by_place_;  // blob '\0' pointer
};

std::vector<AttachmentSummary> summarize_attachments(const AttachmentsView& view,
                                                     const AttachmentProblems& problems);

}  // namespace ocv::engine
