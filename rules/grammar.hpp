#pragma once
// Small grammars the spec names (rules.md "Named patterns"), checked by
// hand-written code rather than std::regex: the inputs come from untrusted
// documents and std::regex recurses per character.
#include <optional>
#include <string>
#include <string_view>

#include "validator/encoding/base64.hpp"

namespace ocv::rules::grammar {

/// P-MT: RFC 6838 §4.2 restricted-name "type/subtype", 1..127 characters
/// each side, first character alphanumeric, no parameters.
bool is_media_type(std::string_view text);

/// P-RFC3339: RFC 3339 §5.6 date-time, with month/day/hour ranges checked
/// (leap second :60 allowed; 'T'/'t', 'Z'/'z' accepted).
bool is_rfc3339(std::string_view text);
/// JSON-006 (I-JSON §4.3): upper-case T and Z, and seconds present (always
/// true for a valid RFC 3339 value). Only meaningful when is_rfc3339().
bool is_ijson_date_time(std::string_view text);

/// RFC 3986 absolute URI: scheme ":" hier-part [ "?" query ] [ "#" fragment ]
/// with only characters RFC 3986 allows (percent-encodings well-formed).
bool is_absolute_uri(std::string_view text);
/// RFC 3986 URI-reference (absolute or relative).
bool is_uri_reference(std::string_view text);
/// The scheme of a URI (the part before the first ':'), or "" when the text
/// does not start with a well-formed scheme.
std::string_view uri_scheme(std::string_view text);

/// P-B64: RFC 4648 §4 standard alphabet with required padding (Go's
/// base64.StdEncoding). Returns the decoded bytes, or nullopt when invalid.
using encoding::decode_base64;

/// P-REF: the org.opencontainers.image.ref.name grammar.
bool is_ref_name(std::string_view text);

}  // namespace ocv::rules::grammar
