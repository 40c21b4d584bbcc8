#pragma once
// Read-only access to an OCI image-layout directory.
//
// Every open is relative to a directory descriptor of the layout root. A
// symbolic link is never followed out of the layout: oci-layout and
// index.json are opened with O_NOFOLLOW, and a blob path holding a link
// (some tools, e.g. debuerreotype, link blobs/sha256/<hex> to a file
// elsewhere in blobs/) is resolved with openat2's RESOLVE_BENEATH, which
// refuses absolute links, ".." out of the root and /proc magic links.
// Only regular files are ever opened for reading (checked with fstatat or
// an O_PATH descriptor before, and fstat after the open), so a FIFO cannot
// block a read and a device is never touched. Nothing is ever written.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "validator/source/source.hpp"

namespace ocv::source {

/// A blob file of the layout opened for reading.
class FileReader final : public BlobReader {
 public:
  explicit FileReader(int fd) : fd_(fd) {}
  ~FileReader() override;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;
  long read(void* buffer, std::size_t size) override;
  const std::string& error() const override { return error_; }

 private:
  int fd_;
  std::string error_;
};

class LayoutDir final : public Source {
 public:
  /// Opens the layout root. Throws SourceError when it is missing, not a
  /// directory, or unreadable.
  explicit LayoutDir(const std::filesystem::path& root);
  ~LayoutDir() override;
  LayoutDir(const LayoutDir&) = delete;
  LayoutDir& operator=(const LayoutDir&) = delete;

  const std::filesystem::path& root() const { return root_; }

  std::vector<std::pair<std::string, FileType>> list_root() const override;
  /// Lists without following links; a blob entry that is a link says
  /// whether it resolves to a regular file beneath the root.
  BlobScan scan_blobs(std::uint64_t max_entries) const override;
  BlobEntry blob_entry(std::string_view alg, std::string_view encoded) const override;
  ReadResult read_root_file(std::string_view name, std::size_t cap) const override;
  ReadResult read_blob(std::string_view alg, std::string_view encoded,
                       std::size_t cap) const override;
  std::unique_ptr<BlobReader> open_blob(std::string_view alg, std::string_view encoded,
                                        std::string& why) const override;

 private:
  int open_regular_at(int dir_fd, std::string_view name, ReadResult& result) const;
  int open_blob_dir(std::string_view alg) const;  // -1 when absent or not a directory
  /// Opens the content of blobs/<alg>/<encoded> for reading (`read`) or
  /// only looks at it; -1 with `entry` saying why when it is not readable.
  int open_blob_content(std::string_view alg, std::string_view encoded, BlobEntry& entry,
                        bool read) const;
  /// Resolves `path` (blobs/<alg>/<encoded>) through links, beneath the
  /// root; `linked_dir` names the linked directory on the way, if any.
  int open_beneath(const std::string& path, const std::string& linked_dir, BlobEntry& entry,
                   bool read) const;

  std::filesystem::path root_;
  int root_fd_ = -1;
};

}  // namespace ocv::source
