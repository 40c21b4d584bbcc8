#include "tests/support/corpus_case.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "apps/conformance/case_builder.hpp"
#include "apps/conformance/case_model.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/layout_builder.hpp"

namespace ocv::test {

namespace {

/// Writes `c` as a layout in a private directory and validates it.
engine::ValidateResult validate_case(const conformance::Case& c,
                                     const engine::ValidateOptions& options) {
  TempDir tmp;
  const auto layout = tmp.path() / "layout";
  conformance::materialize(c, layout);
  return engine::validate_layout(layout, rules::default_registry(), options);
}

conformance::Case case_of(std::string_view base, std::string_view edits) {
  return conformance::parse_cases(
             fmt::format(R"({{"cases":[{{"name":"t","about":"t","base":"{}","edit":{},)"
                         R"("expect":[],"exit":0}}]}})",
                         base, edits),
             "test")
      .front();
}

}  // namespace

std::filesystem::path write_corpus_image(const std::filesystem::path& dir, std::string_view base,
                                         std::string_view edits) {
  const auto layout = dir / "layout";
  conformance::materialize(case_of(base, edits), layout);
  return layout;
}

engine::ValidateResult validate_corpus_image(std::string_view base, std::string_view edits,
                                             const engine::ValidateOptions& options) {
  return validate_case(case_of(base, edits), options);
}

std::vector<engine::Finding> corpus_case_findings(std::string_view name) {
  static const auto cases = conformance::embedded_cases();
  const auto c = std::find_if(cases.begin(), cases.end(),
                              [&](const conformance::Case& x) { return x.name == name; });
  if (c == cases.end()) throw std::invalid_argument("no corpus case " + std::string(name));
  // Cases that need limits or an archive are run by the corpus suite.
  if (c->archive || c->max_layer_bytes != 0 || c->max_blob_bytes != 0 ||
      c->max_layer_index_bytes != 0 || c->max_zstd_window != 0 || c->max_documents != 0 ||
      c->max_document_memory != 0 || c->max_blob_files != 0 || !c->enable.empty())
    throw std::invalid_argument("corpus case " + std::string(name) + " needs options");
  return validate_case(*c, {}).findings;
}

}  // namespace ocv::test
