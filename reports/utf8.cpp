#include "reports/utf8.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "validator/encoding/utf8.hpp"

namespace ocv::reports {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto n = encoding::decode_utf8(text, i).length;
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string printable(std::string_view text) {
  const auto safe = valid_utf8(text);
  std::string out;
  out.reserve(safe.size());
  for (std::size_t i = 0; i < safe.size(); ++i) {
    const auto c = static_cast<std::uint8_t>(safe[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xC2 && i + 1 < safe.size() && static_cast<std::uint8_t>(safe[i + 1]) >= 0x80 &&
               static_cast<std::uint8_t>(safe[i + 1]) <= 0x9F) {
      // U+0080..U+009F: C1 controls (CSI is U+009B).
      out += fmt::format("\\u{:04x}", static_cast<std::uint8_t>(safe[i + 1]));
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace ocv::reports
