#pragma once
// Writes a conformance case as an OCI image layout: the base image, built
// bottom-up (layers, configs, manifests, indexes) so that every descriptor
// is consistent with what it points at, with the case's edits applied to
// each document before it is hashed, and its after-steps applied to the
// written files.
#include <filesystem>

#include "apps/conformance/case_model.hpp"

namespace ocv::conformance {

/// Writes `c` into `dir` (created; must not exist or be empty). Throws
/// std::runtime_error when the case cannot be built (a bad pointer, an
/// unknown document or blob name).
void materialize(const Case& c, const std::filesystem::path& dir);

}  // namespace ocv::conformance
