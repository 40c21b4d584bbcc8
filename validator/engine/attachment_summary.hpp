#pragma once
// The reports' view of what is attached to the images of a layout: each
// attachment, the subject each of its links names, what its payloads say,
// and the findings of the rules about attachments (kScopeAttachments)
// reported on it.
#include <vector>

#include "validator/engine/validate.hpp"
#include "validator/model/attachments.hpp"
#include "validator/model/finding.hpp"
#include "validator/model/registry.hpp"

namespace ocv::engine {

/// `findings` as the checks reported them (blob paths of the layout, before
/// they are named as the input holds them); `registry` says which rules
/// are about attachments.
std::vector<AttachmentSummary> summarize_attachments(const AttachmentsView& view,
                                                     const std::vector<Finding>& findings,
                                                     const Registry& registry);

}  // namespace ocv::engine
