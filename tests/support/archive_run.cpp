#include "tests/support/archive_run.hpp"

#include "rules/all_rules.hpp"
#include "validator/archive/input.hpp"

namespace ocv::test {

engine::ValidateResult validate_input(const std::string& input, const std::string& ref,
                                      std::size_t max_document_bytes) {
  auto spec = archive::parse_input(input);
  if (!ref.empty()) spec.ref = ref;
  engine::ValidateOptions options;
  if (max_document_bytes != 0) options.graph.max_document_bytes = max_document_bytes;
  archive::OpenOptions open;
  open.max_document_bytes = options.graph.max_document_bytes;
  const auto opened = archive::open_input(spec, open);
  options.graph.select_ref = spec.ref;
  options.passed = opened.passed.get();
  return engine::validate(*opened.source, input, rules::default_registry(), options);
}

}  // namespace ocv::test
