#pragma once
// Follows the 512-byte block framing of a tar stream as it passes by, to
// know exactly where the entries end, whether the two zero blocks that mark
// the end of the archive are there, and what comes after them. libarchive
// reads the entries themselves but accepts a stream that simply stops after
// the last entry, so the framing is followed here. Raw typeflags are kept
// too: libarchive maps some vendor types to others before we see them, and
// the bodies of pax headers, for the Windows vendor records libarchive skips.
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace ocv::layer {

/// A header block that starts an entry (not a pax or GNU long-name
/// extension header), with its typeflag as written.
struct RawHeader {
  std::uint64_t offset = 0;
  char typeflag = '0';
  /// 1 + index into TarFraming::windows_problems() of what is wrong with
  /// the Windows vendor records of the entry's pax header; 0 for nothing.
  std::uint32_t windows_problem = 0;
  /// What is wrong with the extended (pax) headers before the entry header
  /// ("" = nothing): readers then disagree on the entry's path or type.
  std::string extension_problem;
  /// The start (at most 256 bytes) of the path its pax header gives, if
  /// any: what a reader that honours the header extracts.
  std::string pax_path;
};

/// Checks the records of a pax extended header as its body streams by:
/// "<length> <key>=<value>\n", the length counting the whole record. Go's
/// archive/tar (containerd, Docker, podman) rejects a header that breaks
/// this; libarchive warns, ignores the header and keeps the ustar name, so a
/// path hidden in a malformed header is read differently by each.
class PaxRecordCheck {
 public:
  void feed(const std::uint8_t* data, std::size_t n);
  /// Ends the body; returns what is wrong with it ("" = well-formed).
  std::string finish();

  /// The start of the value of the last `path` record seen, for naming the
  /// member the way a reader that honours the header would.
  const std::string& path_value() const { return path_; }
  /// The value of the last well-formed `size` record seen: it overrides the
  /// size field of the header that follows (POSIX pax; libarchive and Go's
  /// archive/tar read it so).
  std::optional<std::uint64_t> size_value() const { return size_; }

 private:
  enum class State { length, key, value };
  void fail(std::string why);
  void take_size();

  State state_ = State::length;
  std::uint64_t length_ = 0;    // declared length of the current record
  std::uint64_t consumed_ = 0;  // bytes of the current record seen
  std::uint64_t records_ = 0;
  std::uint64_t offset_ = 0;  // offset in the body of the current record
  std::string key_;
  std::string path_;
  bool capturing_path_ = false;
  std::string size_text_;
  bool capturing_size_ = false;
  std::optional<std::uint64_t> size_;
  std::string problem_;
};

class TarFraming {
 public:
  void feed(const std::uint8_t* data, std::size_t size);

  /// Two zero blocks were seen after the last entry.
  bool end_of_archive() const { return end_seen_; }
  /// Offset just past the last entry's data (padded to 512).
  std::uint64_t end_of_entries() const { return end_of_entries_; }
  /// Non-zero bytes after the end-of-archive blocks.
  std::uint64_t trailing_nonzero() const { return trailing_nonzero_; }
  /// Bytes seen in total.
  std::uint64_t total() const { return pos_; }
  /// A header's checksum did not match; framing stopped at that offset.
  bool lost() const { return lost_; }
  /// The entry headers seen and not yet asked for, in stream order.
  const std::deque<RawHeader>& headers() const { return headers_; }
  /// The first entry header at or after `offset` (where libarchive says an
  /// entry, with its extension headers, starts); null when there is none.
  /// Headers before `offset` are forgotten: libarchive asks in stream
  /// order, so only the headers between its position and the framing's are
  /// kept, whatever the number of entries.
  const RawHeader* header_from(std::uint64_t offset);
  /// What is wrong with Windows vendor pax records, per entry (see
  /// RawHeader::windows_problem); at most kMaxWindowsProblems are kept.
  const std::vector<std::string>& windows_problems() const { return windows_problems_; }
  /// Entries with a problem beyond kMaxWindowsProblems.
  std::uint64_t windows_problems_dropped() const { return windows_problems_dropped_; }

  /// pax headers larger than this are not read for vendor records (the
  /// records of Windows tools are a few hundred bytes).
  static constexpr std::uint64_t kMaxPaxBody = 64u << 10;
  /// Go's archive/tar refuses extended headers larger than this
  /// (maxSpecialFileSize, 1 MiB), so a larger one is read by some tools only.
  static constexpr std::uint64_t kMaxExtendedHeader = 1u << 20;
  static constexpr std::size_t kMaxWindowsProblems = 1000;

 private:
  void on_header();
  void capture(const std::uint8_t* data, std::size_t n);
  void end_pax_body();

  std::array<std::uint8_t, 512> block_{};
  std::size_t filled_ = 0;
  std::uint64_t pos_ = 0;
  std::uint64_t skip_ = 0;
  std::uint64_t pending_skip_ = 0;
  bool in_sparse_extension_ = false;
  int zero_blocks_ = 0;
  bool end_seen_ = false;
  bool lost_ = false;
  std::uint64_t end_of_entries_ = 0;
  std::uint64_t trailing_nonzero_ = 0;
  std::deque<RawHeader> headers_;
  PaxRecordCheck pax_check_;
  bool checking_pax_ = false;
  std::uint64_t pax_left_ = 0;         // body bytes of the pax header still to check
  std::uint64_t extension_bytes_ = 0;  // extension header bodies before the entry
  std::string pending_extension_problem_;
  std::string pending_pax_path_;
  std::optional<std::uint64_t> pending_pax_size_;  // from a pax 'x' header, for the next entry
  bool pax_is_local_ = false;                      // the pax header being read is 'x', not 'g'
  bool capturing_ = false;                         // reading a pax header's body
  std::uint64_t pax_size_ = 0;
  std::string pax_body_;
  std::uint32_t pending_problem_ = 0;  // for the next entry header
  std::vector<std::string> windows_problems_;
  std::uint64_t windows_problems_dropped_ = 0;
};

}  // namespace ocv::layer
