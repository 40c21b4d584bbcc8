#pragma once
#include "validator/model/registry.hpp"

namespace ocv::rules {

/// Registers every rule family's metadata and checks. The one list of all
/// families; `ocivalidate rules` and the reporters read the result.
void register_all_rules(engine::Registry& registry);

/// A registry holding every rule, built once.
const engine::Registry& default_registry();

}  // namespace ocv::rules
