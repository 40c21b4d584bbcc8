// Fuzz target: the body of a pax extended header, read for the Windows
// vendor records, and base64 decoding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "validator/encoding/base64.hpp"
#include "validator/layer/windows_records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ocv::layer::windows_record_problems(text);
  const auto decoded = ocv::encoding::decode_base64(text);
  // Decoding and the error text must agree.
  if (decoded.has_value() != ocv::encoding::base64_error(text).empty()) __builtin_trap();
  return 0;
}
