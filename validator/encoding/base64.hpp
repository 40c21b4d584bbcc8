#pragma once
// Base64 as Go's base64.StdEncoding reads it (RFC 4648 §4: the standard
// alphabet, padding required, no whitespace): the encoding of descriptor
// `data` fields and of Windows security descriptors in layer pax records.
#include <optional>
#include <string>
#include <string_view>

namespace ocv::encoding {

/// The decoded bytes, or nullopt when `text` is not padded standard base64.
std::optional<std::string> decode_base64(std::string_view text);

/// Why `text` is not padded standard base64 ("" when it is), for messages.
std::string base64_error(std::string_view text);

}  // namespace ocv::encoding
