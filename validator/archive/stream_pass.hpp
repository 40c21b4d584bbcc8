#pragma once
// A tar stream (standard input, a compressed archive) is read exactly once.
// Each member's data is judged as it passes when it can be: a large blob
// whose first bytes are a gzip, zstd or tar stream is hashed, decompressed
// and walked by the layer pass right there, and only its digest and layer
// facts are kept. Everything else (documents, small blobs, what cannot be
// judged before index.json or manifest.json is read, which may come last) is
// spooled to an unnamed temporary file, to be read in place afterwards.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "validator/archive/member_index.hpp"
#include "validator/layer/layer_scan.hpp"

namespace ocv::archive {

class StreamPass final : public MemberData {
 public:
  /// Members at least this large that look like layers pass without being
  /// spooled (smaller ones cost nothing worth saving to keep).
  static constexpr std::uint64_t kPassFrom = 1u << 20;

  /// `spool_fd`: an unnamed file, owned by the caller.
  explicit StreamPass(int spool_fd) : spool_fd_(spool_fd) {}

  std::optional<std::uint64_t> take(const Member& m, source::BlobReader& data) override;

  std::uint64_t spooled_bytes() const { return spooled_; }
  /// What the layer pass found in each member that passed, by member name.
  std::map<std::string, layer::ScanResult, std::less<>>& passed() { return passed_; }

 private:
  int spool_fd_;
  std::uint64_t spooled_ = 0;  // also where the next kept member starts
  std::vector<char> buffer_;
  std::map<std::string, layer::ScanResult, std::less<>> passed_;
};

/// A stream decompressed as it is read (gzip or zstd), with the integrity
/// checks of the format; the error names what went wrong.
std::unique_ptr<source::BlobReader> decompressing(source::BlobReader& raw,
                                                  engine::mt::Compression compression);

}  // namespace ocv::archive
