#pragma once
// What parsing a document may take at its peak, known before it is parsed:
// a walk may then refuse a document whose parse cannot fit what its budget
// has left, instead of finding out after the memory was taken.
#include <cstddef>
#include <string_view>

namespace ocv::json {

/// An upper bound of the memory parse_strict() takes at its peak for
/// `bytes` (the bytes themselves, the DOM, RapidJSON's stack of values not
/// yet placed, the value positions), from one pass that counts the array
/// elements and object members; past `max_values` (Limits::max_values)
/// only the bytes, as the parse stops at counting them. Measured (heaptrack, RapidJSON 1.1):
/// 2,000,000 numbers in one array peak at 94 MB (47 bytes a value with
/// the text), 1,500,000 members in one object at 192 MB (118 bytes a
/// member with the text).
std::size_t parse_peak_bound(std::string_view bytes, std::size_t max_values);

/// What parse_peak_bound() counts for an array element and an object member.
inline constexpr std::size_t kParseBytesPerElement = 48;
inline constexpr std::size_t kParseBytesPerMember = 128;

}  // namespace ocv::json
