#include "validator/model/registry.hpp"

#include <stdexcept>
#include <string>

namespace ocv::engine {

void Registry::add_rule(const RuleInfo& rule) {
  if (find(rule.id) != nullptr)
    throw std::logic_error("rule registered twice: " + std::string(rule.id));
  rules_.push_back(rule);
}

void Registry::add_rules(std::initializer_list<RuleInfo> rules) {
  for (const auto& r : rules) add_rule(r);
}

void Registry::reported_as(std::string_view id, std::string_view where) {
  if (find(id) == nullptr)
    throw std::logic_error("reported_as for an unregistered rule: " + std::string(id));
  reported_as_[std::string(id)] = std::string(where);
}

std::optional<std::string_view> Registry::reported_as(std::string_view id) const {
  const auto it = reported_as_.find(id);
  if (it == reported_as_.end()) return std::nullopt;
  return it->second;
}

const RuleInfo* Registry::find(std::string_view id) const {
  for (const auto& r : rules_)
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace ocv::engine
