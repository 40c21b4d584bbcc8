#include "validator/model/rule_info.hpp"

namespace ocv::engine {

namespace {
// "main:" marks text that exists only on the spec's main branch.
constexpr std::string_view kMainPrefix = "main:";
}  // namespace

std::string RuleInfo::spec_url() const {
  if (spec.starts_with("http")) return std::string(spec);
  if (spec.starts_with(kMainPrefix))
    return "https://github.com/opencontainers/image-spec/blob/main/" +
           std::string(spec.substr(kMainPrefix.size()));
  return "https://github.com/opencontainers/image-spec/blob/v1.1.1/" + std::string(spec);
}

std::string RuleInfo::spec_label() const {
  if (spec.starts_with("http")) return "the specification";
  auto section = spec;
  if (section.starts_with(kMainPrefix)) section.remove_prefix(kMainPrefix.size());
  return "image-spec " + std::string(section);
}

}  // namespace ocv::engine
