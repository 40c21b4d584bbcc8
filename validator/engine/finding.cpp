#include "validator/engine/finding.hpp"

#include <tuple>

namespace ocv::engine {

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.image, a.location.blob, a.location.pointer, a.location.member, a.rule_id,
                  a.message) < std::tie(b.image, b.location.blob, b.location.pointer,
                                        b.location.member, b.rule_id, b.message);
}

}  // namespace ocv::engine
