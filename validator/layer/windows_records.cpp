#include "validator/layer/windows_records.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "validator/encoding/base64.hpp"

namespace ocv::layer {
namespace {

struct Record {
  std::string_view key;
  std::string_view value;
};

/// The records of a pax body, up to the first malformed one (POSIX
/// pax: "%d %s=%s\n", the length counting the whole record).
std::vector<Record> records(std::string_view body) {
  std::vector<Record> out;
  while (!body.empty()) {
    std::size_t i = 0;
    std::uint64_t length = 0;
    while (i < body.size() && i < 20 && body[i] >= '0' && body[i] <= '9')
      length = length * 10 + static_cast<std::uint64_t>(body[i++] - '0');
    if (i == 0 || i >= body.size() || body[i] != ' ' || length <= i + 1 || length > body.size())
      break;
    const auto record = body.substr(i + 1, static_cast<std::size_t>(length) - i - 1);
    if (record.back() != '\n') break;
    const auto eq = record.find('=');
    if (eq == std::string_view::npos || eq == 0) break;
    out.push_back({record.substr(0, eq), record.substr(eq + 1, record.size() - eq - 2)});
    body.remove_prefix(static_cast<std::size_t>(length));
  }
  return out;
}

bool is_decimal_u32(std::string_view text) {
  if (text.empty() || text.size() > 10) return false;
  std::uint64_t v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v <= UINT32_MAX;
}

/// A pax time: decimal seconds, optionally negative, with an optional
/// fraction (POSIX pax "atime"/"mtime" format).
bool is_pax_time(std::string_view text) {
  if (text.starts_with('-')) text.remove_prefix(1);
  const auto dot = text.find('.');
  const auto seconds = text.substr(0, dot);
  const auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(seconds) && (dot == std::string_view::npos || digits(text.substr(dot + 1)));
}

/// A self-relative SECURITY_DESCRIPTOR starts with a 20-byte header whose
/// first byte, the revision, is 1 ([MS-DTYP] 2.4.6).
constexpr std::size_t kDescriptorHeader = 20;

std::string rawsd_problem(std::string_view value) {
  const auto bytes = encoding::decode_base64(value);
  if (!bytes)
    return fmt::format("MSWINDOWS.rawsd is not base64: {}", encoding::base64_error(value));
  if (bytes->size() < kDescriptorHeader)
    return fmt::format("MSWINDOWS.rawsd decodes to {} bytes, a security descriptor has at least {}",
                       bytes->size(), kDescriptorHeader);
  if (static_cast<std::uint8_t>((*bytes)[0]) != 1)
    return fmt::format("MSWINDOWS.rawsd decodes to a security descriptor of revision {}, not 1",
                       static_cast<std::uint8_t>((*bytes)[0]));
  return "";
}

/// A value for a message: quoted, and cut after 40 bytes.
std::string quoted(std::string_view value) {
  constexpr std::size_t kShown = 40;
  if (value.size() <= kShown) return fmt::format("{:?}", value);
  return fmt::format("{:?}... ({} bytes)", value.substr(0, kShown), value.size());
}

std::string value_problem(std::string_view key, std::string_view value) {
  if (key == "MSWINDOWS.rawsd") return rawsd_problem(value);
  if (key == "MSWINDOWS.fileattr" && !is_decimal_u32(value))
    return fmt::format("MSWINDOWS.fileattr={} is not a decimal 32-bit attribute mask",
                       quoted(value));
  if (key == "LIBARCHIVE.creationtime" && !is_pax_time(value))
    return fmt::format("LIBARCHIVE.creationtime={} is not a pax time (seconds[.fraction])",
                       quoted(value));
  return "";
}

}  // namespace

std::string windows_record_problems(std::string_view pax_body) {
  std::string out;
  for (const auto& r : records(pax_body)) {
    const auto problem = value_problem(r.key, r.value);
    if (problem.empty()) continue;
    if (!out.empty()) out += "; ";
    out += problem;
  }
  return out;
}

}  // namespace ocv::layer
