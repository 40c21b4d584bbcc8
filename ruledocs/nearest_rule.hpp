#pragma once
// "Did you mean DIG-007?" for a rule ID that is not in the registry.
#include <string_view>

#include "validator/model/registry.hpp"

namespace ocv::ruledocs {

/// Levenshtein distance of two strings, ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The registered rule ID nearest to `wanted` (the first in registry order
/// among equals); empty when the registry is.
std::string_view nearest_rule_id(std::string_view wanted, const engine::Registry& registry);

}  // namespace ocv::ruledocs
