#include "reports/text_escape.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace ocv::reports {

std::string markdown_escaped(std::string_view text) {
  constexpr std::string_view kInline = "\\`*_[]<>|~&";
  constexpr std::string_view kLineStart = "#+-";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (kInline.find(c) != std::string_view::npos ||
        (i == 0 && kLineStart.find(c) != std::string_view::npos))
      out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string percent_encoded(std::string_view path) {
  std::string out;
  for (const char c : path) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved)
      out.push_back(c);
    else
      out += fmt::format("%{:02X}", static_cast<std::uint8_t>(c));
  }
  return out;
}

}  // namespace ocv::reports
