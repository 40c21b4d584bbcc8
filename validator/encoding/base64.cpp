#include "validator/encoding/base64.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace ocv::encoding {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  if (padding == 1 && text.size() >= 2 && text[text.size() - 2] == '=') return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      int v = 0;
      if (c == '=') {
        // '=' is allowed only as the last one or two characters.
        if (!last || j < 4 - padding) return std::nullopt;
      } else {
        v = base64_value(c);
        if (v < 0) return std::nullopt;
      }
      group = (group << 6) | static_cast<std::uint32_t>(v);
    }
    const std::size_t bytes = last ? 3 - padding : 3;
    for (std::size_t b = 0; b < bytes; ++b)
      out.push_back(static_cast<char>((group >> (16 - 8 * b)) & 0xFFu));
  }
  return out;
}

std::string base64_error(std::string_view text) {
  if (decode_base64(text)) return "";
  if (text.size() % 4 != 0)
    return fmt::format("it is {} characters long, not a multiple of 4", text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] != '=' && base64_value(text[i]) < 0)
      return fmt::format("it has {:?} at offset {}, outside the base64 alphabet", text[i], i);
  return "it has '=' padding before the end";
}

}  // namespace ocv::encoding
