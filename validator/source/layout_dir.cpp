#include "validator/source/layout_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace ocv::source {
namespace {

FileType type_of_mode(mode_t mode) {
  if (S_ISREG(mode)) return FileType::regular;
  if (S_ISDIR(mode)) return FileType::directory;
  if (S_ISLNK(mode)) return FileType::symlink;
  if (S_ISFIFO(mode)) return FileType::fifo;
  if (S_ISSOCK(mode)) return FileType::socket;
  if (S_ISBLK(mode)) return FileType::block_device;
  if (S_ISCHR(mode)) return FileType::char_device;
  return FileType::other;
}

/// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::pair<FileType, std::uint64_t> stat_at(int dir_fd, const std::string& name) {
  struct stat st {};
  if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return {FileType::missing, 0};
  return {type_of_mode(st.st_mode), static_cast<std::uint64_t>(st.st_size)};
}

/// Names in a directory (without "." and ".."), sorted. Takes ownership of
/// nothing: `dir_fd` is duplicated for fdopendir.
std::vector<std::string> list_dir(int dir_fd) {
  std::vector<std::string> names;
  const int dup_fd = ::dup(dir_fd);
  if (dup_fd < 0) return names;
  DIR* dir = ::fdopendir(dup_fd);
  if (dir == nullptr) {
    ::close(dup_fd);
    return names;
  }
  ::rewinddir(dir);
  while (const dirent* e = ::readdir(dir)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

LayoutDir::LayoutDir(const std::filesystem::path& root) : root_(root) {
  // The root itself is the user's choice and may be a link; nothing below it is followed.
  root_fd_ = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0) {
    const int err = errno;
    if (err == ENOENT)
      throw SourceError(fmt::format("{}: no such file or directory", root.string()));
    if (err == ENOTDIR)
      throw SourceError(fmt::format(
          "{0}: not a directory (an OCI image layout is a directory; to check an archive of "
          "one, such as an oci-archive, extract it first: mkdir DIR && tar -xf {0} -C DIR)",
          root.string()));
    throw SourceError(fmt::format("{}: cannot open: {}", root.string(), std::strerror(err)));
  }
}

LayoutDir::~LayoutDir() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

std::vector<std::pair<std::string, FileType>> LayoutDir::list_root() const {
  std::vector<std::pair<std::string, FileType>> out;
  for (auto& name : list_dir(root_fd_)) {
    const auto type = stat_at(root_fd_, name).first;
    out.emplace_back(std::move(name), type);
  }
  return out;
}

int LayoutDir::open_blob_dir(std::string_view alg) const {
  const int blobs = ::openat(root_fd_, "blobs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (blobs < 0) return -1;
  Fd blobs_fd(blobs);
  if (!safe_component(alg)) return -1;
  return ::openat(blobs_fd.get(), std::string(alg).c_str(),
                  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

BlobScan LayoutDir::scan_blobs() const {
  BlobScan scan;
  scan.blobs_dir = stat_at(root_fd_, "blobs").first;
  if (scan.blobs_dir != FileType::directory) return scan;
  const int blobs = ::openat(root_fd_, "blobs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (blobs < 0) return scan;
  Fd blobs_fd(blobs);
  for (const auto& alg : list_dir(blobs_fd.get())) {
    const auto alg_type = stat_at(blobs_fd.get(), alg).first;
    if (alg_type != FileType::directory) {
      scan.oddities.emplace_back("blobs/" + alg, alg_type);
      continue;
    }
    const int alg_raw =
        ::openat(blobs_fd.get(), alg.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (alg_raw < 0) {
      scan.oddities.emplace_back("blobs/" + alg, FileType::other);
      continue;
    }
    Fd alg_fd(alg_raw);
    for (const auto& name : list_dir(alg_fd.get())) {
      const auto [type, size] = stat_at(alg_fd.get(), name);
      BlobEntry facts;
      facts.path = "blobs/" + alg + "/" + name;
      facts.algorithm = alg;
      facts.encoded = name;
      facts.type = type;
      facts.size = type == FileType::regular ? size : 0;
      if (type != FileType::regular) scan.oddities.emplace_back(facts.path, type);
      scan.blobs.push_back(std::move(facts));
    }
  }
  return scan;
}

std::pair<FileType, std::uint64_t> LayoutDir::blob_type(std::string_view alg,
                                                        std::string_view encoded) const {
  if (!safe_component(alg) || !safe_component(encoded)) return {FileType::missing, 0};
  const int dir = open_blob_dir(alg);
  if (dir < 0) return {FileType::missing, 0};
  Fd dir_fd(dir);
  return stat_at(dir_fd.get(), std::string(encoded));
}

int LayoutDir::open_regular_at(int dir_fd, std::string_view name, ReadResult& result) const {
  const std::string n(name);
  const auto [type, size] = stat_at(dir_fd, n);
  result.type = type;
  if (type == FileType::missing) {
    result.status = ReadResult::Status::missing;
    return -1;
  }
  if (type != FileType::regular) {
    result.status = ReadResult::Status::not_regular;
    return -1;
  }
  // O_NONBLOCK: should the file be swapped for a FIFO after the stat, the
  // open still returns at once and the fstat below refuses it.
  const int fd =
      ::openat(dir_fd, n.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    result.status = errno == ELOOP ? ReadResult::Status::not_regular : ReadResult::Status::io_error;
    result.error = std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    result.status = ReadResult::Status::not_regular;
    result.type = FileType::other;
    return -1;
  }
  result.file_size = static_cast<std::uint64_t>(st.st_size);
  (void)size;
  return fd;
}

namespace {

bool read_into(int fd, std::size_t cap, ReadResult& result) {
  result.bytes.clear();
  std::array<char, 65536> buf{};
  while (result.bytes.size() <= cap) {
    const std::size_t want = std::min(buf.size(), cap + 1 - result.bytes.size());
    const ssize_t n = ::read(fd, buf.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      result.error = std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    result.bytes.append(buf.data(), static_cast<std::size_t>(n));
  }
  if (result.bytes.size() > cap) {
    result.bytes.resize(cap);
    result.truncated = true;
  }
  return true;
}

}  // namespace

ReadResult LayoutDir::read_root_file(std::string_view name, std::size_t cap) const {
  ReadResult result;
  if (!safe_component(name)) return result;
  const int fd = open_regular_at(root_fd_, name, result);
  if (fd < 0) return result;
  Fd file(fd);
  result.status =
      read_into(file.get(), cap, result) ? ReadResult::Status::ok : ReadResult::Status::io_error;
  return result;
}

ReadResult LayoutDir::read_blob(std::string_view alg, std::string_view encoded,
                                std::size_t cap) const {
  ReadResult result;
  if (!safe_component(alg) || !safe_component(encoded)) return result;
  const int dir = open_blob_dir(alg);
  if (dir < 0) return result;
  Fd dir_fd(dir);
  const int fd = open_regular_at(dir_fd.get(), encoded, result);
  if (fd < 0) return result;
  Fd file(fd);
  result.status =
      read_into(file.get(), cap, result) ? ReadResult::Status::ok : ReadResult::Status::io_error;
  return result;
}

FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

long FileReader::read(void* buffer, std::size_t size) {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0) return static_cast<long>(n);
    if (errno == EINTR) continue;
    error_ = std::strerror(errno);
    return -1;
  }
}

std::unique_ptr<BlobReader> LayoutDir::open_blob(std::string_view alg, std::string_view encoded,
                                                 std::string& why) const {
  ReadResult probe;
  if (!safe_component(alg) || !safe_component(encoded)) {
    why = "invalid blob name";
    return nullptr;
  }
  const int dir = open_blob_dir(alg);
  if (dir < 0) {
    why = "no such blob directory";
    return nullptr;
  }
  Fd dir_fd(dir);
  const int fd = open_regular_at(dir_fd.get(), encoded, probe);
  if (fd < 0) {
    why = probe.error.empty() ? std::string(to_string(probe.type)) : probe.error;
    return nullptr;
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::make_unique<FileReader>(fd);
}

}  // namespace ocv::source
