#include "validator/engine/rule_info.hpp"

namespace ocv::engine {

std::string RuleInfo::spec_url() const {
  // "main:" marks text that exists only on the spec's main branch.
  constexpr std::string_view kMainPrefix = "main:";
  if (spec.starts_with("http")) return std::string(spec);
  if (spec.starts_with(kMainPrefix))
    return "https://github.com/opencontainers/image-spec/blob/main/" +
           std::string(spec.substr(kMainPrefix.size()));
  return "https://github.com/opencontainers/image-spec/blob/v1.1.1/" + std::string(spec);
}

}  // namespace ocv::engine
