#include "validator/encoding/utf8.hpp"

namespace ocv::encoding {

Utf8Char decode_utf8(std::string_view text, std::size_t pos, Surrogates surrogates) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[pos + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {1, lead};
  std::size_t length = 0;
  char32_t cp = 0;
  // The allowed range of the second byte: the lead byte narrows it so that
  // overlong forms, surrogates and values past U+10FFFF are not decoded.
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0FU;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED && surrogates == Surrogates::reject) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07U;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  if (text.size() - pos < length) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char b = byte(k);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return {};
    cp = (cp << 6) | (b & 0x3FU);
  }
  return {length, cp};
}

std::size_t utf8_prefix_length(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text.size();
  std::size_t cut = max;
  while (cut > 0 && is_continuation_byte(text[cut])) --cut;
  return cut;
}

}  // namespace ocv::encoding
