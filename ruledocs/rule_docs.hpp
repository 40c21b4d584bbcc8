#pragma once
// The files of docs/rules/: a page per rule and README.md, the index by
// family. Generated from the rule registry and the corpus; `ocv-rule-docs`
// writes them and checks a directory against them.
#include <map>
#include <string>

#include "ruledocs/case_examples.hpp"
#include "validator/model/registry.hpp"

namespace ocv::ruledocs {

/// The index page: every rule by family, with its level, severity and title.
std::string rules_index(const engine::Registry& registry);

/// File name ("DIG-007.md", "README.md") -> content, for every file of docs/rules/.
std::map<std::string, std::string> rule_doc_files(const engine::Registry& registry,
                                                  const CorpusExamples& corpus);

}  // namespace ocv::ruledocs
