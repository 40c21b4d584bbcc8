// Fuzz target: one document of any kind through the strict parser, the
// schema validation and every document and descriptor check, the opt-in
// ones (canonical JSON) included. The first byte picks the kind the
// document is referenced as.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/support/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ocv::engine::DocKind;
  if (size == 0) return 0;
  static constexpr DocKind kKinds[] = {DocKind::layout_header, DocKind::index, DocKind::manifest,
                                       DocKind::config, DocKind::empty};
  const DocKind kind = kKinds[data[0] % std::size(kKinds)];
  const bool layout_index = (data[0] & 0x80) != 0;
  ocv::test::check_document(std::string(reinterpret_cast<const char*>(data) + 1, size - 1), kind,
                            layout_index, {"JSON-005"});
  return 0;
}
