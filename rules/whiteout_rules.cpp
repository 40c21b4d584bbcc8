#include "rules/families.hpp"

namespace ocv::rules {

void register_whiteout_rules(engine::Registry& /*registry*/) {}

}  // namespace ocv::rules
