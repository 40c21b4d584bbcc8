#pragma once
// The members of a tar archive seen as an image layout: the layout root is
// the archive root, or the one directory every member sits in. Blobs are
// read in place with pread at the offsets of the member index, from as many
// threads as the pool runs; nothing is extracted and nothing is written.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "validator/archive/member_index.hpp"
#include "validator/source/source.hpp"

namespace ocv::archive {

/// A file opened read-only, closed when the last user lets go of it.
class OpenFile {
 public:
  /// Opens a regular file (never a FIFO or device: those are refused).
  /// Throws source::SourceError.
  explicit OpenFile(const std::string& path);
  /// Takes over an open descriptor (a spool file).
  explicit OpenFile(int fd) : fd_(fd) {}
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

/// Reads `size` bytes at `offset` of an open file.
class MemberReader final : public source::BlobReader {
 public:
  MemberReader(std::shared_ptr<const OpenFile> file, std::uint64_t offset, std::uint64_t size)
      : file_(std::move(file)), pos_(offset), left_(size) {}
  long read(void* buffer, std::size_t size) override;
  const std::string& error() const override { return error_; }

 private:
  std::shared_ptr<const OpenFile> file_;
  std::uint64_t pos_;
  std::uint64_t left_;
  std::string error_;
};

class ArchiveSource final : public source::Source {
 public:
  /// `root`: "" or "dir/", the prefix of the layout's members.
  ArchiveSource(std::shared_ptr<const OpenFile> file, std::shared_ptr<const MemberIndex> index,
                std::string root);

  std::vector<std::pair<std::string, source::FileType>> list_root() const override;
  source::BlobScan scan_blobs(std::uint64_t max_entries) const override;
  /// A link is followed inside the archive only.
  source::BlobEntry blob_entry(std::string_view alg, std::string_view encoded) const override;
  source::ReadResult read_root_file(std::string_view name, std::size_t cap) const override;
  source::ReadResult read_blob(std::string_view alg, std::string_view encoded,
                               std::size_t cap) const override;
  std::unique_ptr<source::BlobReader> open_blob(std::string_view alg, std::string_view encoded,
                                                std::string& why) const override;

  /// Any member below the root, links followed inside the archive.
  source::ReadResult read_member(std::string_view path, std::size_t cap) const;
  std::unique_ptr<source::BlobReader> open_member(std::string_view path, std::string& why) const;
  /// Type and size of a member below the root, links followed inside the
  /// archive (a link that leaves it or breaks is `missing`... or `symlink`
  /// when `follow` is false).
  std::pair<source::FileType, std::uint64_t> member_type(std::string_view path, bool follow) const;
  std::string location_of(std::string_view path) const override {
    return root_ + std::string(path);
  }
  const source::ArchiveFacts* archive_facts() const override { return &facts_; }
  source::ArchiveFacts& facts() { return facts_; }

  /// The layout path ("blobs/sha256/<hex>") of a member, or "" when it is
  /// not below the layout root.
  std::string blob_of_member(std::string_view member) const {
    return member.starts_with(root_) ? std::string(member.substr(root_.size())) : std::string();
  }
  const MemberIndex& index() const { return *index_; }
  const std::string& root() const { return root_; }

 private:
  /// Whether the member at `path` can be read, following links inside the
  /// archive, into `entry` (type, size, readable, unreadable).
  void content_of(std::string_view path, source::BlobEntry& entry) const;

  std::shared_ptr<const OpenFile> file_;
  std::shared_ptr<const MemberIndex> index_;
  std::string root_;
  source::ArchiveFacts facts_;
};

/// The directory the layout sits in inside the archive: "" when its files
/// are at the archive root, "dir/" when every member is below one directory
/// that holds them.
std::string layout_root(const MemberIndex& index);

}  // namespace ocv::archive
