#include "tests/support/corpus_case.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "apps/conformance/case_builder.hpp"
#include "apps/conformance/case_model.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/engine/validate.hpp"

namespace ocv::test {

std::vector<engine::Finding> corpus_case_findings(std::string_view name) {
  static const auto cases = conformance::embedded_cases();
  const auto c = std::find_if(cases.begin(), cases.end(),
                              [&](const conformance::Case& x) { return x.name == name; });
  if (c == cases.end()) throw std::invalid_argument("no corpus case " + std::string(name));
  // Cases that need limits or an archive are run by the corpus suite.
  if (c->archive || c->max_layer_bytes != 0 || c->max_blob_bytes != 0 ||
      c->max_layer_index_bytes != 0 || c->max_zstd_window != 0 || !c->enable.empty())
    throw std::invalid_argument("corpus case " + std::string(name) + " needs options");
  TempDir tmp;
  const auto layout = tmp.path() / "layout";
  conformance::materialize(*c, layout);
  return engine::validate_layout(layout, rules::default_registry(), {}).findings;
}

}  // namespace ocv::test
