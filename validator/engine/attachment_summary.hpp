#pragma once
// The reports' view of what is attached to the images of a layout: each
// attachment, the subject each of its links names, what its payloads say,
// and the referrer rules reported on it.
#include <vector>

#include "validator/engine/validate.hpp"
#include "validator/model/attachments.hpp"
#include "validator/model/finding.hpp"

namespace ocv::engine {

/// `findings` as the checks reported them (blob paths of the layout, before
/// they are named as the input holds them).
std::vector<AttachmentSummary> summarize_attachments(const AttachmentsView& view,
                                                     const std::vector<Finding>& findings);

}  // namespace ocv::engine
