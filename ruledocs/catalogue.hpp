#pragma once
// The requirements catalogue (tests/data/rules-catalogue.md): the template
// (ruledocs/rules-catalogue.in.md: the key, the named patterns, each
// family's section, and the rows of requirements no rule checks) with
// every rule's row written from its definition (RuleInfo::catalogue), so
// that adding a rule adds its row without a hand-written copy, and the
// closing counts table computed from those rows.
#include <string>
#include <string_view>

#include "validator/model/registry.hpp"

namespace ocv::ruledocs {

/// The catalogue: `tmpl` with each family's table holding its rules' rows
/// besides the template's own, in ID order. Throws std::runtime_error when
/// a rule's family has no table in the template, or an ID is in both.
std::string catalogue(const engine::Registry& registry, std::string_view tmpl);

}  // namespace ocv::ruledocs
