#pragma once
// A tar stream (standard input, a compressed archive) is read exactly once.
// Each member's data is judged as it passes when it can be: a large blob
// whose first bytes are a gzip, zstd or tar stream is hashed, decompressed
// and walked by the layer pass right there, and only its digest and layer
// facts are kept. Everything else (documents, small blobs, what cannot be
// judged before index.json or manifest.json is read, which may come last) is
// spooled to an unnamed temporary file, to be read in place afterwards.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "validator/archive/member_index.hpp"
#include "validator/layer/layer_scan.hpp"

namespace ocv::archive {

class StreamPass final : public MemberData {
 public:
  /// Members at least this large that look like layers pass without being
  /// spooled (smaller ones cost nothing worth saving to keep).
  static constexpr std::uint64_t kPassFrom = 1u << 20;

  /// `spool_fd`: an unnamed file, owned by the caller. `max_document_bytes`:
  /// the largest document the engine parses; a member up to that size may
  /// turn out to be a manifest or config (whatever its first bytes look
  /// like), so it is kept to be read as one.
  StreamPass(int spool_fd, std::uint64_t max_document_bytes)
      : spool_fd_(spool_fd),
        pass_from_(std::max<std::uint64_t>(kPassFrom, max_document_bytes + 1)) {}

  std::optional<std::uint64_t> take(const Member& m, source::BlobReader& data) override;

  std::uint64_t spooled_bytes() const { return spooled_; }
  /// What the layer pass found in each member that passed, by member name.
  std::map<std::string, layer::ScanResult, std::less<>>& passed() { return passed_; }

 private:
  /// Notes the diff_id algorithms besides sha256 that kept bytes name
  /// ("sha512:"), so that the layers passing after them are hashed with
  /// those too; `carry` holds the end of the previous chunk.
  void learn_algorithms(std::string_view chunk);

  int spool_fd_;
  std::uint64_t pass_from_;
  std::uint64_t spooled_ = 0;  // also where the next kept member starts
  std::vector<char> buffer_;
  std::map<std::string, layer::ScanResult, std::less<>> passed_;
  std::vector<std::string> learned_;  // algorithms seen in kept members
  std::string carry_;
};

/// Reads a tar stream again for the digests of uncompressed layers that a
/// config read after them asked for: per member name in `wanted`, the
/// "<algorithm>:<hex>" digests, for each member whose sha256 diff_id comes
/// out as in `diff_ids` (by member name) again.
std::map<std::string, std::vector<std::string>> digest_members_again(
    source::BlobReader& stream, const std::map<std::string, std::set<std::string>>& wanted,
    const std::map<std::string, std::string>& diff_ids, std::string_view display_name,
    const IndexLimits& limits);

/// A stream decompressed as it is read (gzip or zstd), with the integrity
/// checks of the format; the error names what went wrong.
std::unique_ptr<source::BlobReader> decompressing(source::BlobReader& raw,
                                                  engine::mt::Compression compression);

}  // namespace ocv::archive
