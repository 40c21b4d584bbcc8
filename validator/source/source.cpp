#include "validator/source/source.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace ocv::source {

namespace {
constexpr std::size_t kChunk = 1 << 20;
}

void settle_readability(BlobEntry& entry) {
  if (entry.type == FileType::regular) entry.readable = true;
  if (!entry.readable && entry.unreadable.empty() && entry.type != FileType::missing)
    entry.unreadable = fmt::format("a {}", to_string(entry.type));
}

void keep_first_blobs(BlobScan& scan, std::uint64_t max_entries) {
  if (scan.blobs.size() <= max_entries) return;
  const auto kept = static_cast<std::size_t>(max_entries);
  scan.unlisted += scan.blobs.size() - kept;
  if (scan.first_unlisted.empty() || scan.blobs[kept].path < scan.first_unlisted)
    scan.first_unlisted = scan.blobs[kept].path;
  const auto& first = scan.blobs[kept].path;
  // An odd entry at blobs/<alg>/<name> is one of the blobs: listed with them or not at all.
  std::erase_if(scan.oddities, [&first](const auto& oddity) {
    return std::count(oddity.first.begin(), oddity.first.end(), '/') == 2 && oddity.first >= first;
  });
  scan.blobs.resize(kept);
}

bool safe_component(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

StreamResult stream_blob(const Source& source, std::string_view alg, std::string_view encoded,
                         std::uint64_t max_bytes,
                         const std::function<void(const char*, std::size_t)>& sink) {
  StreamResult out;
  auto reader = source.open_blob(alg, encoded, out.error);
  if (!reader) return out;
  std::vector<char> buf(kChunk);
  while (out.bytes_read < max_bytes) {
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), max_bytes - out.bytes_read));
    const long n = reader->read(buf.data(), want);
    if (n < 0) {
      out.error = reader->error();
      return out;
    }
    if (n == 0) break;
    sink(buf.data(), static_cast<std::size_t>(n));
    out.bytes_read += static_cast<std::uint64_t>(n);
  }
  out.ok = true;
  return out;
}

}  // namespace ocv::source
