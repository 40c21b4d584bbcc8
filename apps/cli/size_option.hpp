#pragma once
// Byte counts on the command line: "64G", "512M", "4096". A value that does
// not fit is refused rather than wrapped: 2^64-1 used to wrap the blob cap to
// 0 and make every blob "too large".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocv::cli {

/// The largest byte count an option accepts (1 EiB): far above any real
/// blob, far enough below 2^64 that "cap + 1" never wraps.
inline constexpr std::uint64_t kMaxSizeOption = 1ull << 60;

/// Parses "<digits>[K|M|G|T][iB|B]" (powers of 1024, case-insensitive) into
/// bytes. nullopt (with `why` set) for anything else, for 0, and for values
/// above kMaxSizeOption.
std::optional<std::uint64_t> parse_size(std::string_view text, std::string& why);

/// "64 GiB", "512 MiB", "1000 bytes": a byte count as the help text and the
/// README write it.
std::string format_size(std::uint64_t bytes);

}  // namespace ocv::cli
