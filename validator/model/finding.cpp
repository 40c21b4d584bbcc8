#include "validator/model/finding.hpp"

#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/encoding/utf8.hpp"

namespace ocv::engine {

Chain::Chain(std::initializer_list<std::string> steps)
    : steps_(std::make_shared<const std::vector<std::string>>(steps)) {}

Chain::Chain(std::vector<std::string> steps)
    : steps_(std::make_shared<const std::vector<std::string>>(std::move(steps))) {}

void Chain::push_back(std::string step) {
  // Exactly as many steps as it holds: a chain is made for each of 100,000
  // documents, and a doubled capacity is a third of what its steps take.
  std::vector<std::string> steps;
  steps.reserve(size() + 1);
  if (steps_) steps.insert(steps.end(), steps_->begin(), steps_->end());
  steps.push_back(std::move(step));
  steps_ = std::make_shared<const std::vector<std::string>>(std::move(steps));
}

const std::vector<std::string>& Chain::steps() const {
  static const std::vector<std::string> kNone;
  return steps_ ? *steps_ : kNone;
}

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.image, a.location.blob, a.location.pointer, a.location.member, a.rule_id,
                  a.message) < std::tie(b.image, b.location.blob, b.location.pointer,
                                        b.location.member, b.rule_id, b.message);
}

std::string shortened(std::string_view value, std::size_t keep) {
  if (value.size() <= keep) return std::string(value);
  return fmt::format("{}… ({} bytes, sha256:{:.12})",
                     value.substr(0, encoding::utf8_prefix_length(value, keep)), value.size(),
                     digest::hash_hex("sha256", value));
}

}  // namespace ocv::engine
