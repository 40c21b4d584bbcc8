#include "validator/archive/archive_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"

namespace ocv::archive {
namespace {

using source::FileType;
using source::ReadResult;

}  // namespace

OpenFile::OpenFile(const std::string& path) {
  // O_NONBLOCK: a FIFO given as the input must not block the open; the
  // fstat below refuses anything but a regular file.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd_ < 0)
    throw source::SourceError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw source::SourceError(fmt::format("{}: not a regular file", path));
  }
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
}

OpenFile::~OpenFile() {
  if (fd_ >= 0) ::close(fd_);
}

long MemberReader::read(void* buffer, std::size_t size) {
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, left_));
  if (want == 0) return 0;
  for (;;) {
    const ssize_t n = ::pread(file_->fd(), buffer, want, static_cast<off_t>(pos_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = std::strerror(errno);
      return -1;
    }
    if (n == 0) {
      error_ = fmt::format("the archive ends {} bytes before the member does", left_);
      return -1;
    }
    pos_ += static_cast<std::uint64_t>(n);
    left_ -= static_cast<std::uint64_t>(n);
    return static_cast<long>(n);
  }
}

ArchiveSource::ArchiveSource(std::shared_ptr<const OpenFile> file,
                             std::shared_ptr<const MemberIndex> index, std::string root)
    : file_(std::move(file)), index_(std::move(index)), root_(std::move(root)) {}

std::pair<FileType, std::uint64_t> ArchiveSource::member_type(std::string_view path,
                                                              bool follow) const {
  const std::string name = root_ + std::string(path);
  const Member* m = index_->find(name);
  if (m == nullptr) {
    // A directory need not have a member of its own.
    const auto it = index_->members().lower_bound(name + "/");
    if (it != index_->members().end() && it->first.starts_with(name + "/"))
      return {FileType::directory, 0};
    return {FileType::missing, 0};
  }
  if (m->typeflag == '1' || (follow && m->typeflag == '2')) {
    const Member* target = index_->resolve(name);
    if (target == nullptr) return {m->typeflag == '2' ? FileType::symlink : FileType::other, 0};
    if (target->sparse) return {FileType::other, 0};
    return {target->type, target->type == FileType::regular ? target->size : 0};
  }
  if (m->sparse) return {FileType::other, 0};
  return {m->type, m->type == FileType::regular ? m->size : 0};
}

std::vector<std::pair<std::string, FileType>> ArchiveSource::list_root() const {
  std::map<std::string, FileType> entries;
  const auto& members = index_->members();
  for (auto it = members.lower_bound(root_); it != members.end() && it->first.starts_with(root_);
       ++it) {
    const std::string_view rel = std::string_view(it->first).substr(root_.size());
    if (rel.empty()) continue;
    const auto slash = rel.find('/');
    if (slash == std::string_view::npos)
      entries[std::string(rel)] = member_type(rel, false).first;
    else
      entries.try_emplace(std::string(rel.substr(0, slash)), FileType::directory);
  }
  return {entries.begin(), entries.end()};
}

source::BlobScan ArchiveSource::scan_blobs(std::uint64_t max_entries) const {
  source::BlobScan scan;
  scan.blobs_dir = member_type("blobs", false).first;
  if (scan.blobs_dir != FileType::directory) return scan;
  const std::string prefix = root_ + "blobs/";
  std::map<std::string, FileType> depth2;  // blobs/<alg>/<name> -> type
  const auto& members = index_->members();
  for (auto it = members.lower_bound(prefix); it != members.end() && it->first.starts_with(prefix);
       ++it) {
    const std::string_view rel = std::string_view(it->first).substr(prefix.size());
    const auto slash = rel.find('/');
    if (slash == std::string_view::npos) {
      const auto type = member_type(fmt::format("blobs/{}", rel), false).first;
      if (type != FileType::directory)
        scan.oddities.emplace_back(fmt::format("blobs/{}", rel), type);
      continue;
    }
    const auto second = rel.find('/', slash + 1);
    const auto path = fmt::format("blobs/{}", rel.substr(0, second));
    if (second == std::string_view::npos)
      depth2[path] = member_type(path, false).first;
    else
      depth2.try_emplace(path, FileType::directory);
  }
  for (const auto& [path, type] : depth2) {
    const auto slash = path.find('/', 6);
    source::BlobEntry entry;
    entry.path = path;
    entry.algorithm = path.substr(6, slash - 6);
    entry.encoded = path.substr(slash + 1);
    entry.type = type;
    content_of(path, entry);
    if (type != FileType::regular) scan.oddities.emplace_back(path, type);
    scan.blobs.push_back(std::move(entry));
  }
  // The member index holds every member already (up to its own limit); the
  // bound keeps the run's facts about blob files the same as for a directory.
  source::keep_first_blobs(scan, max_entries);
  return scan;
}

ReadResult ArchiveSource::read_member(std::string_view path, std::size_t cap) const {
  ReadResult result;
  const auto [type, size] = member_type(path, true);
  result.type = type;
  if (type == FileType::missing) return result;
  if (type != FileType::regular) {
    result.status = ReadResult::Status::not_regular;
    return result;
  }
  std::string why;
  auto reader = open_member(path, why);
  if (!reader) {
    result.status = ReadResult::Status::io_error;
    result.error = why;
    return result;
  }
  result.file_size = size;
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, cap));
  result.bytes.resize(want);
  std::size_t got = 0;
  while (got < want) {
    const long n = reader->read(result.bytes.data() + got, want - got);
    if (n <= 0) {
      result.status = ReadResult::Status::io_error;
      result.error = n < 0 ? reader->error() : "short read";
      result.bytes.resize(got);
      return result;
    }
    got += static_cast<std::size_t>(n);
  }
  result.truncated = size > cap;
  result.status = ReadResult::Status::ok;
  return result;
}

std::unique_ptr<source::BlobReader> ArchiveSource::open_member(std::string_view path,
                                                               std::string& why) const {
  const Member* m = index_->resolve(root_ + std::string(path));
  if (m == nullptr || m->type != FileType::regular || m->sparse) {
    why = std::string(source::to_string(member_type(path, false).first));
    return nullptr;
  }
  if (m->passed) {
    why = "read once from the stream as it passed (its digest and layer facts were taken then)";
    return nullptr;
  }
  return std::make_unique<MemberReader>(file_, m->offset, m->size);
}

void ArchiveSource::content_of(std::string_view path, source::BlobEntry& entry) const {
  const auto [own, own_size] = member_type(path, false);
  entry.type = own;
  const auto [type, size] = member_type(path, true);
  entry.readable = type == FileType::regular;
  entry.size = entry.readable ? size : 0;
  if (entry.readable || own == FileType::missing) return;
  if (own == FileType::symlink)
    entry.unreadable = type == FileType::symlink
                           ? "a symbolic link that leads outside the archive or to nothing in it"
                           : fmt::format("a symbolic link to a {}", source::to_string(type));
  else
    entry.unreadable = fmt::format("a {}", source::to_string(type));
}

source::BlobEntry ArchiveSource::blob_entry(std::string_view alg, std::string_view encoded) const {
  source::BlobEntry entry;
  if (!source::safe_component(alg) || !source::safe_component(encoded)) return entry;
  content_of(digest::blob_path(alg, encoded), entry);
  return entry;
}

ReadResult ArchiveSource::read_root_file(std::string_view name, std::size_t cap) const {
  if (!source::safe_component(name)) return {};
  // A layout file that is a link is reported as one, as in a directory.
  if (member_type(name, false).first == FileType::symlink) {
    ReadResult r;
    r.type = FileType::symlink;
    r.status = ReadResult::Status::not_regular;
    return r;
  }
  return read_member(name, cap);
}

ReadResult ArchiveSource::read_blob(std::string_view alg, std::string_view encoded,
                                    std::size_t cap) const {
  if (!source::safe_component(alg) || !source::safe_component(encoded)) return {};
  // Links are followed inside the archive only, as a directory follows them
  // beneath its root.
  return read_member(digest::blob_path(alg, encoded), cap);
}

std::unique_ptr<source::BlobReader> ArchiveSource::open_blob(std::string_view alg,
                                                             std::string_view encoded,
                                                             std::string& why) const {
  if (!source::safe_component(alg) || !source::safe_component(encoded)) {
    why = "invalid blob name";
    return nullptr;
  }
  source::BlobEntry entry;
  content_of(digest::blob_path(alg, encoded), entry);
  if (!entry.readable) {
    why = entry.type == FileType::missing ? "missing" : entry.unreadable;
    return nullptr;
  }
  return open_member(digest::blob_path(alg, encoded), why);
}

std::string layout_root(const MemberIndex& index) {
  const auto& members = index.members();
  if (members.empty()) return {};
  for (const char* name : {"oci-layout", "index.json", "manifest.json", "repositories", "blobs"})
    if (index.find(name) != nullptr) return {};
  if (const auto it = members.lower_bound("blobs/");
      it != members.end() && it->first.starts_with("blobs/"))
    return {};
  // Every member below one directory: the layout is in it.
  const auto& first = members.begin()->first;
  const auto slash = first.find('/');
  const std::string top = first.substr(0, slash);
  const std::string dir = top + "/";
  for (const auto& [name, member] : members) {
    if (name == top && member.type != source::FileType::directory) return {};
    if (name != top && !name.starts_with(dir)) return {};
  }
  return dir;
}

}  // namespace ocv::archive
