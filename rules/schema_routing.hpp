#pragma once
// Where the schema pass (rules/schema_rules.cpp) reports a schema error:
// the most specific catalogue rule for the document kind, the pointer of
// the failing value and the failed keyword, with MT-002 ("validates as its
// kind") where no rule is more precise. On its own so that the tests can
// ask it about every place the schemas can fail (tests/schema_test.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "validator/model/check_context.hpp"

namespace ocv::rules::schema_routing {

/// Where a schema error is reported: the rule, what the value must be (for
/// the message), and a severity when the rule's default does not fit a
/// schema violation (e.g. MAN-015 is a warning about the subject's media
/// type, but a subject that is not a descriptor at all is an error).
struct Target {
  Target(std::string_view rule_id = "MT-002", std::string_view expectation = {},
         std::optional<engine::Severity> sev = std::nullopt)
      : rule(rule_id), expected(expectation), severity(sev) {}

  /// An error the schema pass does not report: the rule's own check, run
  /// on the same value, says more than the schema can.
  static Target left_to_rule() { return Target(""); }
  bool reported() const { return !rule.empty(); }

  std::string_view rule;
  std::string_view expected;
  std::optional<engine::Severity> severity;
};

using Tokens = std::vector<std::string>;

/// The catalogue rule for one schema error in a document of `kind`. `t` is
/// the pointer of the value concerned (for "required", of the missing
/// member), as tokens, and never empty; `keyword` the failed schema keyword;
/// `value` the value itself, or null when it is missing.
Target target_for(engine::DocKind kind, const Tokens& t, const std::string& keyword,
                  const rapidjson::Value* value);

/// A token that indexes an array ("0", "12").
bool is_index_token(std::string_view token);

}  // namespace ocv::rules::schema_routing
