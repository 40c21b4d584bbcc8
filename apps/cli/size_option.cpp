#include "apps/cli/size_option.hpp"

#include <cctype>

#include <fmt/format.h>

namespace ocv::cli {

std::optional<std::uint64_t> parse_size(std::string_view text, std::string& why) {
  std::size_t i = 0;
  std::uint64_t value = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (value > (kMaxSizeOption - digit) / 10) {
      why = fmt::format("{} is larger than the largest accepted size ({} bytes)", text,
                        kMaxSizeOption);
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  if (i == 0) {
    why = fmt::format("{} is not a size (a number of bytes, optionally with K, M, G or T)", text);
    return std::nullopt;
  }
  std::string unit;
  for (; i < text.size(); ++i)
    unit += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  unsigned shift = 0;
  if (!unit.empty() && unit != "B") {
    const auto prefix = unit.front();
    const auto rest = std::string_view(unit).substr(1);
    const std::string_view prefixes = "KMGT";
    const auto at = prefixes.find(prefix);
    if (at == std::string_view::npos || !(rest.empty() || rest == "B" || rest == "IB")) {
      why = fmt::format("{}: unknown unit (use K, M, G or T, powers of 1024)", text);
      return std::nullopt;
    }
    shift = 10 * static_cast<unsigned>(at + 1);
  }
  if (value == 0) {
    why = fmt::format("{}: the size must be at least 1 byte", text);
    return std::nullopt;
  }
  if (value > (kMaxSizeOption >> shift)) {
    why =
        fmt::format("{} is larger than the largest accepted size ({} bytes)", text, kMaxSizeOption);
    return std::nullopt;
  }
  return value << shift;
}

std::string format_size(std::uint64_t bytes) {
  constexpr std::string_view kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  std::string unit;
  for (const auto u : kUnits) {
    if (bytes < 1024 || bytes % 1024 != 0) break;
    bytes /= 1024;
    unit = u;
  }
  return unit.empty() ? fmt::format("{} bytes", bytes) : fmt::format("{} {}", bytes, unit);
}

}  // namespace ocv::cli
