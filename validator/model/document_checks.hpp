#pragma once
// Runs the document and descriptor checks of the registry on one document.
#include <functional>
#include <vector>

#include "validator/model/check_context.hpp"
#include "validator/model/registry.hpp"

namespace ocv::engine {

/// The descriptor objects a document holds, by its kind: an index's
/// manifests[] and subject; a manifest's config, layers[] and subject.
/// Entries that are not JSON objects are skipped (the schema reports them).
std::vector<DescriptorView> descriptors_of(const DocumentView& doc);

/// Calls `each` with the descriptors of descriptors_of, in the same order,
/// without listing them: a check that looks at one at a time needs no
/// second list of an index's million entries.
void for_each_descriptor(const DocumentView& doc,
                         const std::function<void(const DescriptorView&)>& each);

/// Runs every document check on `doc`, then every descriptor check on each
/// descriptor of `descriptors`.
void run_document_checks(const Registry& registry, const DocumentView& doc,
                         const std::vector<DescriptorView>& descriptors, FindingSink& sink);

}  // namespace ocv::engine
