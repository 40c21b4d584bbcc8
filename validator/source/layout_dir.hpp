#pragma once
// Read-only access to an OCI image-layout directory.
//
// Every open is relative to a directory descriptor of the layout root and
// uses O_NOFOLLOW on each path component, so a symbolic link anywhere in
// the layout is seen as a link and never followed out of it. Only regular
// files are ever opened (checked with fstatat before and fstat after the
// open), so a FIFO cannot block a read and a device is never touched.
// Nothing is ever written.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "validator/engine/check_context.hpp"

namespace ocv::source {

/// The layout cannot be validated at all (missing, unreadable, not a directory).
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReadResult {
  enum class Status { ok, missing, not_regular, io_error };
  Status status = Status::missing;
  engine::FileType type = engine::FileType::missing;
  std::uint64_t file_size = 0;  // st_size when regular
  std::string bytes;            // at most the requested cap
  bool truncated = false;       // the file holds more than the cap
  std::string error;            // strerror text for io_error
};

/// The result of streaming a file through a callback.
struct StreamResult {
  bool ok = false;
  std::uint64_t bytes_read = 0;
  std::string error;
};

/// Everything under blobs/: the files at blobs/<alg>/<encoded> and every
/// entry that does not fit that shape.
struct BlobScan {
  engine::FileType blobs_dir = engine::FileType::missing;
  std::vector<engine::BlobFacts> blobs;
  std::vector<std::pair<std::string, engine::FileType>> oddities;
};

/// A blob opened for sequential reading (pull style).
class BlobReader {
 public:
  explicit BlobReader(int fd) : fd_(fd) {}
  ~BlobReader();
  BlobReader(const BlobReader&) = delete;
  BlobReader& operator=(const BlobReader&) = delete;
  /// Reads up to `size` bytes; 0 at end of file; -1 on error (see error()).
  long read(void* buffer, std::size_t size);
  const std::string& error() const { return error_; }

 private:
  int fd_;
  std::string error_;
};

class LayoutDir {
 public:
  /// Opens the layout root. Throws SourceError when it is missing, not a
  /// directory, or unreadable.
  explicit LayoutDir(const std::filesystem::path& root);
  ~LayoutDir();
  LayoutDir(const LayoutDir&) = delete;
  LayoutDir& operator=(const LayoutDir&) = delete;

  const std::filesystem::path& root() const { return root_; }

  /// Names and types of the entries in the layout root, sorted by name.
  std::vector<std::pair<std::string, engine::FileType>> list_root() const;
  /// Type of a file in the layout root, without following links.
  engine::FileType root_entry_type(std::string_view name) const;
  /// Lists blobs/ two levels deep; never follows links.
  BlobScan scan_blobs() const;
  /// Type and size of blobs/<alg>/<encoded> (alg and encoded must be valid
  /// digest parts: no '/' and no "..").
  std::pair<engine::FileType, std::uint64_t> blob_type(std::string_view alg,
                                                       std::string_view encoded) const;

  /// Reads a regular file in the layout root, at most `cap` bytes.
  ReadResult read_root_file(std::string_view name, std::size_t cap) const;
  /// Reads blobs/<alg>/<encoded>, at most `cap` bytes.
  ReadResult read_blob(std::string_view alg, std::string_view encoded, std::size_t cap) const;
  /// Opens blobs/<alg>/<encoded> for reading; null (with `why` set) when it
  /// is missing or not a regular file.
  std::unique_ptr<BlobReader> open_blob(std::string_view alg, std::string_view encoded,
                                        std::string& why) const;
  /// Streams blobs/<alg>/<encoded> through `sink` in chunks, at most
  /// `max_bytes` bytes.
  StreamResult stream_blob(std::string_view alg, std::string_view encoded, std::uint64_t max_bytes,
                           const std::function<void(const char*, std::size_t)>& sink) const;

 private:
  int open_regular_at(int dir_fd, std::string_view name, ReadResult& result) const;
  int open_blob_dir(std::string_view alg) const;  // -1 when absent or not a directory

  std::filesystem::path root_;
  int root_fd_ = -1;
};

}  // namespace ocv::source
