#pragma once
// RFC 8785 JSON Canonicalization Scheme: the one serialization a canonical
// document has. Members sorted by the UTF-16 code units of their names, no
// whitespace, strings with only the escapes RFC 8785 prescribes, numbers
// in ECMAScript's shortest round-trip form. The image-spec asks for it
// (considerations.md § JSON); comparing a document's bytes with this form tells whether a
// document is canonical.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "validator/json/strict_json.hpp"

namespace ocv::json {

/// A double in ECMAScript Number::toString form (RFC 8785 §3.2.2.3):
/// 1e+21, 0.000001, 1e-7, 4.5, -0 as "0". `value` must be finite.
std::string ecmascript_number(double value);

/// The canonical serialization of a parsed document. Non-integer numbers
/// are re-read from their text in the document, correctly rounded.
std::string canonical_form(const ParsedJson& doc);

/// Where `bytes` first differs from `canonical` (nullopt when equal).
std::optional<std::size_t> first_difference(std::string_view bytes, std::string_view canonical);

}  // namespace ocv::json
