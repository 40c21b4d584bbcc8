#pragma once
// One rule's documentation page (docs/rules/<ID>.md), made from the rule's
// definition and its conformance cases. `ocivalidate explain ID` prints it,
// SARIF reports carry it as the rule's help, and docs/rules/ holds a copy of
// every page that a test keeps in step with the definitions.
#include <string>

#include "ruledocs/case_examples.hpp"
#include "validator/model/registry.hpp"

namespace ocv::ruledocs {

/// The Markdown page of `rule`.
std::string rule_page(const engine::RuleInfo& rule, const engine::Registry& registry,
                      const CorpusExamples& corpus);

/// The name of a family ("Digests" for "DIG"); the prefix itself for a family
/// this table does not know yet.
std::string family_title(std::string_view family);

}  // namespace ocv::ruledocs
