#pragma once
// UTF-8 as RFC 3629 and Unicode's Table 3-7 define it. Image content (JSON
// strings, tar member names, annotation values) may hold any bytes, and the
// checks, the canonical form and every report format must agree on what
// counts as one character, so they all decode through here.
#include <cstddef>
#include <string_view>

namespace ocv::encoding {

/// Whether the encoded form of a UTF-16 surrogate (ED A0..BF xx) counts as
/// a character. It is not UTF-8, but RapidJSON writes a lone "\uDC00" escape
/// that way, and the JSON checks need to see the code point to report it.
enum class Surrogates { reject, accept };

/// One decoded sequence: its length in bytes, 0 when `text` does not start
/// a well-formed sequence at that position (a stray continuation byte, an
/// overlong form, a value above U+10FFFF, a truncated sequence).
struct Utf8Char {
  std::size_t length = 0;
  char32_t code_point = 0;
};

/// Decodes the sequence that starts at `text[pos]` (pos < text.size()).
Utf8Char decode_utf8(std::string_view text, std::size_t pos,
                     Surrogates surrogates = Surrogates::reject);

/// True for the bytes 80..BF, which never start a character.
constexpr bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

/// The length of the longest prefix of `text` of at most `max` bytes that
/// does not end inside a character.
std::size_t utf8_prefix_length(std::string_view text, std::size_t max);

}  // namespace ocv::encoding
