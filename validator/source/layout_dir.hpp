#pragma once
// Read-only access to an OCI image-layout directory.
//
// Every open is relative to a directory descriptor of the layout root and
// uses O_NOFOLLOW on each path component, so a symbolic link anywhere in
// the layout is seen as a link and never followed out of it. Only regular
// files are ever opened (checked with fstatat before and fstat after the
// open), so a FIFO cannot block a read and a device is never touched.
// Nothing is ever written.
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
  /// Never follows links.
  BlobScan scan_blobs() const override;
  std::pair<FileType, std::uint64_t> blob_type(std::string_view alg,
                                               std::string_view encoded) const override;
  ReadResult read_root_file(std::string_view name, std::size_t cap) const override;
  ReadResult read_blob(std::string_view alg, std::string_view encoded,
                       std::size_t cap) const override;
  std::unique_ptr<BlobReader> open_blob(std::string_view alg, std::string_view encoded,
                                        std::string& why) const override;

 private:
  int open_regular_at(int dir_fd, std::string_view name, ReadResult& result) const;
  int open_blob_dir(std::string_view alg) const;  // -1 when absent or not a directory

  std::filesystem::path root_;
  int root_fd_ = -1;
};

}  // namespace ocv::source
