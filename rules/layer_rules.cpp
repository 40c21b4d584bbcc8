#include "rules/families.hpp"

namespace ocv::rules {

void register_layer_rules(engine::Registry& /*registry*/) {}

}  // namespace ocv::rules
