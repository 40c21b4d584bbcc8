#pragma once
// A conformance corpus case, written as a layout and validated in-process:
// rule tests reuse the corpus's images (a Windows layer with its vendor
// records, a chain of nested indexes) instead of building them again.
#include <string_view>
#include <vector>

#include "validator/model/check_context.hpp"

namespace ocv::test {

/// The findings of the default registry with the default options on the
/// built-in corpus case named `name` (throws std::invalid_argument when no
/// case has that name, or when the case needs limits, opt-in rules or an
/// archive).
std::vector<engine::Finding> corpus_case_findings(std::string_view name);

}  // namespace ocv::test
