#include "validator/source/layout_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"

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

/// The names in a directory (without "." and ".."), sorted: at most `keep`
/// of them, the first by name, so that a directory of a million files
/// costs no more than `keep` names. Read as a stream: while more than
/// `keep` have been seen, the names kept form a heap whose largest name
/// gives way to a smaller one.
struct Listing {
  std::vector<std::string> names;
  std::uint64_t more = 0;  // names seen and not kept
  std::string first_more;  // the first of them by name
};

Listing list_dir(int dir_fd, std::uint64_t keep) {
  Listing out;
  const int dup_fd = ::dup(dir_fd);
  if (dup_fd < 0) return out;
  DIR* dir = ::fdopendir(dup_fd);
  if (dir == nullptr) {
    ::close(dup_fd);
    return out;
  }
  auto& names = out.names;
  const auto not_kept = [&out](std::string_view name) {
    ++out.more;
    if (out.first_more.empty() || name < out.first_more) out.first_more = name;
  };
  ::rewinddir(dir);
  while (const dirent* e = ::readdir(dir)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    if (names.size() < keep) {
      names.emplace_back(name);
      if (names.size() == keep) std::make_heap(names.begin(), names.end());
    } else if (!names.empty() && name < names.front()) {
      std::pop_heap(names.begin(), names.end());
      not_kept(names.back());
      names.back() = name;
      std::push_heap(names.begin(), names.end());
    } else {
      not_kept(name);
    }
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return out;
}

/// openat2 with RESOLVE_BENEATH: links are followed, but never out of
/// `dir_fd` (no absolute links, no ".." above it, no /proc magic links).
/// The kernel asks for a retry (EAGAIN) when a rename races the lookup.
int open_beneath_at(int dir_fd, const std::string& path, std::uint64_t flags) {
  open_how how{};
  how.flags = flags | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0;; ++attempt) {
    const auto fd = ::syscall(SYS_openat2, dir_fd, path.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if ((errno != EAGAIN && errno != EINTR) || attempt == 16) return -1;
  }
}

/// Why a link could not be followed beneath the root, from openat2's errno.
std::string unfollowable(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return "leads to nothing";
    case EXDEV:
      return "leads outside the layout (absolute links and links climbing out with \"..\" are "
             "not followed)";
    case ELOOP:
      return "is part of a loop (or of a chain of more than 40 links)";
    case ENOSYS:
    case EPERM:
    case E2BIG:
      return "cannot be followed safely on this system (that needs openat2, Linux 5.6 or later)";
    default:
      return fmt::format("cannot be followed: {}", std::strerror(err));
  }
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
  for (auto& name : list_dir(root_fd_, std::numeric_limits<std::uint64_t>::max()).names) {
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

BlobScan LayoutDir::scan_blobs(std::uint64_t max_entries) const {
  BlobScan scan;
  scan.blobs_dir = stat_at(root_fd_, "blobs").first;
  if (scan.blobs_dir != FileType::directory) return scan;
  const int blobs = ::openat(root_fd_, "blobs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (blobs < 0) return scan;
  Fd blobs_fd(blobs);
  // The entries of blobs/ come first, then those of each directory in it,
  // in name order, until max_entries are listed; the rest are only counted.
  std::uint64_t room = max_entries;
  const auto count_unlisted = [&scan](const Listing& listing, std::string_view dir) {
    if (listing.more == 0) return;
    scan.unlisted += listing.more;
    auto first = fmt::format("{}/{}", dir, listing.first_more);
    if (scan.first_unlisted.empty() || first < scan.first_unlisted)
      scan.first_unlisted = std::move(first);
  };
  const auto top = list_dir(blobs_fd.get(), room);
  room -= top.names.size();
  count_unlisted(top, "blobs");
  for (const auto& alg : top.names) {
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
    auto listing = list_dir(alg_fd.get(), room);
    room -= listing.names.size();
    count_unlisted(listing, "blobs/" + alg);
    for (auto& name : listing.names) {
      const auto [type, size] = stat_at(alg_fd.get(), name);
      BlobEntry facts;
      facts.path = digest::blob_path(alg, name);
      facts.algorithm = alg;
      facts.encoded = std::move(name);
      facts.type = type;
      facts.readable = type == FileType::regular;
      facts.size = facts.readable ? size : 0;
      if (type != FileType::regular) {
        scan.oddities.emplace_back(facts.path, type);
        const auto content = blob_entry(alg, facts.encoded);
        facts.readable = content.readable;
        facts.size = content.size;
        facts.unreadable = content.unreadable;
      }
      scan.blobs.push_back(std::move(facts));
    }
  }
  return scan;
}

BlobEntry LayoutDir::blob_entry(std::string_view alg, std::string_view encoded) const {
  BlobEntry entry;
  const int fd = open_blob_content(alg, encoded, entry, false);
  if (fd >= 0) ::close(fd);
  return entry;
}

int LayoutDir::open_blob_content(std::string_view alg, std::string_view encoded, BlobEntry& entry,
                                 bool read) const {
  entry = {};
  if (!safe_component(alg) || !safe_component(encoded)) return -1;
  const std::string path = digest::blob_path(alg, encoded);
  // blobs/ and blobs/<alg>/ are real directories in nearly every layout;
  // a link among them is resolved beneath the root like a linked blob.
  const std::string alg_name(alg);
  for (const auto& dir : {std::string("blobs"), "blobs/" + alg_name}) {
    const auto type = stat_at(root_fd_, dir).first;
    if (type == FileType::symlink) return open_beneath(path, dir, entry, read);
    if (type != FileType::directory) return -1;  // nothing can be there (a layout rule says so)
  }
  const int dir = open_blob_dir(alg);
  if (dir < 0) return -1;
  Fd dir_fd(dir);
  const std::string name(encoded);
  const auto [type, size] = stat_at(dir_fd.get(), name);
  entry.type = type;
  if (type == FileType::missing) return -1;
  if (type == FileType::symlink) return open_beneath(path, "", entry, read);
  if (type != FileType::regular) {
    entry.unreadable = fmt::format("a {}", to_string(type));
    return -1;
  }
  entry.readable = true;
  entry.size = size;
  if (!read) return -1;
  ReadResult probe;
  const int fd = open_regular_at(dir_fd.get(), name, probe);
  if (fd < 0) {
    entry.readable = false;
    entry.unreadable =
        probe.error.empty() ? fmt::format("a {}", to_string(probe.type)) : probe.error;
    return -1;
  }
  entry.size = probe.file_size;
  return fd;
}

int LayoutDir::open_beneath(const std::string& path, const std::string& linked_dir,
                            BlobEntry& entry, bool read) const {
  entry.type = FileType::symlink;
  // A linked directory on the way: say which, and tell a blob that is
  // simply not in the (linked) directory from a link that cannot be followed.
  const auto through = [&](const std::string& why) {
    return linked_dir.empty()
               ? fmt::format("a symbolic link that {}", why)
               : fmt::format("a path through {}, a symbolic link that {}", linked_dir, why);
  };
  const int probe = open_beneath_at(root_fd_, path, O_PATH);
  if (probe < 0) {
    const int err = errno;
    if ((err == ENOENT || err == ENOTDIR) && !linked_dir.empty()) {
      const int dir =
          open_beneath_at(root_fd_, path.substr(0, path.rfind('/')), O_PATH | O_DIRECTORY);
      if (dir >= 0) {
        ::close(dir);
        entry.type = FileType::missing;
        return -1;
      }
      entry.unreadable = through(unfollowable(errno));
      return -1;
    }
    entry.unreadable = through(unfollowable(err));
    return -1;
  }
  Fd probe_fd(probe);
  struct stat st {};
  if (::fstat(probe_fd.get(), &st) != 0) {
    entry.unreadable = through(fmt::format("cannot be examined: {}", std::strerror(errno)));
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    entry.unreadable = through(fmt::format("leads to a {}", to_string(type_of_mode(st.st_mode))));
    return -1;
  }
  entry.readable = true;
  entry.size = static_cast<std::uint64_t>(st.st_size);
  if (!read) return -1;
  // Opened a second time for reading; it must still be the regular file
  // just looked at (O_NONBLOCK: a FIFO swapped in meanwhile cannot block).
  const int fd = open_beneath_at(root_fd_, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  struct stat again {};
  if (fd < 0 || ::fstat(fd, &again) != 0 || !S_ISREG(again.st_mode) || again.st_dev != st.st_dev ||
      again.st_ino != st.st_ino) {
    if (fd >= 0) ::close(fd);
    entry.readable = false;
    entry.unreadable = through("changed while it was being opened");
    return -1;
  }
  entry.size = static_cast<std::uint64_t>(again.st_size);
  return fd;
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
  BlobEntry entry;
  const int fd = open_blob_content(alg, encoded, entry, true);
  result.type = entry.type;
  if (fd < 0) {
    result.status = entry.type == FileType::missing ? ReadResult::Status::missing
                                                    : ReadResult::Status::not_regular;
    result.error = entry.unreadable;
    return result;
  }
  Fd file(fd);
  result.file_size = entry.size;
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
  BlobEntry entry;
  const int fd = open_blob_content(alg, encoded, entry, true);
  if (fd < 0) {
    why = entry.type == FileType::missing ? "missing" : entry.unreadable;
    return nullptr;
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::make_unique<FileReader>(fd);
}

}  // namespace ocv::source
