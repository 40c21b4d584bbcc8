#pragma once
// Writes the layer bytes of conformance cases: tar streams header by header
// and their gzip/zstd forms. Hand-written rather than libarchive because
// the broken forms a conformance suite needs ("..", empty link names, odd
// typeflags, missing end-of-archive blocks, an exact member order) are
// exactly what libarchive refuses to write.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ocv::conformance {

/// One tar member.
struct TarMember {
  std::string path;
  char type = '0';         // tar typeflag
  std::string data;        // contents (regular files)
  std::string link;        // link target (hardlinks, symlinks)
  std::uint32_t mode = 0;  // 0 = 0755 for directories, 0644 otherwise
  /// pax extended header records written before the member (e.g.
  /// "GNU.sparse.map"); a path or link longer than 100 bytes adds its own.
  std::map<std::string, std::string> pax;
};

/// A tar stream of `members`, ending with the two zero blocks of the
/// end-of-archive marker unless `end_blocks` is false.
std::string tar_of(const std::vector<TarMember>& members, bool end_blocks = true);

/// RFC 1952 gzip of `bytes`.
std::string gzip(std::string_view bytes);

/// One Zstandard frame of `bytes`.
std::string zstd(std::string_view bytes);

}  // namespace ocv::conformance
