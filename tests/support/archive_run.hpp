#pragma once
// Validates an input as the command line opens it (a directory, an archive
// file, a compressed archive read as a stream), with the default rules.
#include <cstddef>
#include <string>

#include "validator/engine/validate.hpp"

namespace ocv::test {

/// `ref`: one tag only ("" = all). `max_document_bytes`: the largest
/// document parsed (0 = the default); a stream keeps every member up to
/// that size and passes larger layers through the layer pass.
engine::ValidateResult validate_input(const std::string& input, const std::string& ref = "",
                                      std::size_t max_document_bytes = 0);

}  // namespace ocv::test
