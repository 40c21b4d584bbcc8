#include "validator/archive/member_index.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "validator/layer/byte_names.hpp"
#include "validator/model/member_path.hpp"
#include "validator/source/source.hpp"

namespace ocv::archive {
namespace {

using source::FileType;

constexpr std::size_t kReadBlock = 64u << 10;
constexpr int kMaxLinkSteps = 16;
constexpr std::size_t kShownNameBytes = 200;

/// libarchive reads the file through these callbacks; the skip callback
/// lets the header pass jump over member data instead of reading it.
struct FileInput {
  int fd;
  std::uint64_t pos = 0;
  std::uint64_t size = 0;
  std::vector<char> buffer = std::vector<char>(kReadBlock);
};

la_ssize_t read_cb(struct archive* a, void* ctx, const void** out) {
  auto& in = *static_cast<FileInput*>(ctx);
  for (;;) {
    const ssize_t n =
        ::pread(in.fd, in.buffer.data(), in.buffer.size(), static_cast<off_t>(in.pos));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      archive_set_error(a, errno, "read error: %s", std::strerror(errno));
      return -1;
    }
    in.pos += static_cast<std::uint64_t>(n);
    *out = in.buffer.data();
    return n;
  }
}

la_int64_t skip_cb(struct archive* /*a*/, void* ctx, la_int64_t request) {
  auto& in = *static_cast<FileInput*>(ctx);
  // Never skip past the end: libarchive then reads the short rest and
  // reports the truncation itself.
  const auto left = in.size > in.pos ? in.size - in.pos : 0;
  const auto step = std::min<std::uint64_t>(static_cast<std::uint64_t>(request), left);
  in.pos += step;
  return static_cast<la_int64_t>(step);
}

/// A stream read once through a BlobReader.
struct StreamInput {
  source::BlobReader& reader;
  std::uint64_t total = 0;
  std::vector<char> buffer = std::vector<char>(kReadBlock);
};

la_ssize_t stream_read_cb(struct archive* a, void* ctx, const void** out) {
  auto& in = *static_cast<StreamInput*>(ctx);
  const long n = in.reader.read(in.buffer.data(), in.buffer.size());
  if (n < 0) {
    archive_set_error(a, EIO, "%s", in.reader.error().c_str());
    return -1;
  }
  in.total += static_cast<std::uint64_t>(n);
  *out = in.buffer.data();
  return n;
}

/// The data of the current member of a stream, read through libarchive.
class ArchiveData final : public source::BlobReader {
 public:
  explicit ArchiveData(struct archive* a) : a_(a) {}
  long read(void* buffer, std::size_t size) override {
    const la_ssize_t n = archive_read_data(a_, buffer, size);
    if (n < 0) {
      const char* e = archive_error_string(a_);
      error_ = e != nullptr ? e : "read error";
      return -1;
    }
    return static_cast<long>(n);
  }
  const std::string& error() const override { return error_; }
  bool failed() const { return !error_.empty(); }

 private:
  struct archive* a_;
  std::string error_;
};

FileType type_of(archive_entry* e) {
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      return FileType::regular;
    case AE_IFDIR:
      return FileType::directory;
    case AE_IFLNK:
      return FileType::symlink;
    case AE_IFCHR:
      return FileType::char_device;
    case AE_IFBLK:
      return FileType::block_device;
    case AE_IFIFO:
      return FileType::fifo;
    case AE_IFSOCK:
      return FileType::socket;
    default:
      return FileType::other;
  }
}

std::string shown(std::string_view name) {
  if (name.size() <= kShownNameBytes) return std::string(name);
  return fmt::format("{}… ({} bytes)", name.substr(0, kShownNameBytes), name.size());
}

}  // namespace

std::string resolve_link_target(std::string_view link_name, std::string_view target) {
  if (target.empty() || target.front() == '/') return {};
  const auto name = member_path::normalize(link_name);
  const auto slash = name.rfind('/');
  const std::string_view dir(name.data(), slash == std::string::npos ? 0 : slash);
  return member_path::resolve_dotdot(member_path::normalize(fmt::format("{}/{}", dir, target)))
      .value_or(std::string());
}

MemberIndex::MemberIndex(int fd, std::string_view display_name, const IndexLimits& limits)
    : max_problems_(limits.max_problems) {
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw source::SourceError(
        fmt::format("{}: cannot read: {}", display_name, std::strerror(errno)));
  file_size_ = static_cast<std::uint64_t>(st.st_size);
  FileInput input{fd, 0, file_size_};
  std::unique_ptr<struct archive, int (*)(struct archive*)> a(archive_read_new(),
                                                              archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_set_read_callback(a.get(), read_cb);
  archive_read_set_skip_callback(a.get(), skip_cb);
  archive_read_set_callback_data(a.get(), &input);
  if (archive_read_open1(a.get()) != ARCHIVE_OK)
    throw source::SourceError(fmt::format("{}: not a tar archive ({})", display_name,
                                          archive_error_string(a.get()) != nullptr
                                              ? archive_error_string(a.get())
                                              : "unknown format"));
  build(a.get(), nullptr, display_name, limits);
}

MemberIndex::MemberIndex(source::BlobReader& stream, MemberData& data,
                         std::string_view display_name, const IndexLimits& limits)
    : max_problems_(limits.max_problems) {
  StreamInput input{stream};
  std::unique_ptr<struct archive, int (*)(struct archive*)> a(archive_read_new(),
                                                              archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_set_read_callback(a.get(), stream_read_cb);
  archive_read_set_callback_data(a.get(), &input);
  if (archive_read_open1(a.get()) != ARCHIVE_OK)
    throw source::SourceError(fmt::format("{}: not a tar archive ({})", display_name,
                                          archive_error_string(a.get()) != nullptr
                                              ? archive_error_string(a.get())
                                              : "unknown format"));
  build(a.get(), &data, display_name, limits);
  file_size_ = input.total;
}

void MemberIndex::build(void* libarchive_reader, MemberData* data, std::string_view display_name,
                        const IndexLimits& limits) {
  const auto a = [libarchive_reader] { return static_cast<struct archive*>(libarchive_reader); };
  const layer::ByteNames byte_names;
  std::size_t name_bytes = 0;
  bool data_truncated = false;
  archive_entry* e = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a(), &e);
    if (r == ARCHIVE_EOF) break;
    const char* err = archive_error_string(a());
    if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
      const std::string why = err != nullptr ? err : "corrupt header";
      const bool short_read = why.find("runcated") != std::string::npos ||
                              why.find("Premature end") != std::string::npos;
      if (count_ == 0 && !short_read)
        throw source::SourceError(fmt::format("{}: not a tar archive ({})", display_name, why));
      add_problem(short_read ? MemberProblem::Kind::truncated : MemberProblem::Kind::unreadable, "",
                  fmt::format("after {} members: {}", count_, why));
      break;
    }
    // A name that cannot be converted to the locale's charset is read as
    // its bytes (layer::ByteNames): that is no problem of the archive.
    if (r == ARCHIVE_WARN && err != nullptr && !layer::is_name_conversion_warning(err))
      add_problem(MemberProblem::Kind::unreadable,
                  archive_entry_pathname(e) ? archive_entry_pathname(e) : "", err);
    if (++count_ > limits.max_members)
      throw source::SourceError(fmt::format(
          "{}: more than {} members; an image archive holds a few files per blob, so this is "
          "not read any further",
          display_name, limits.max_members));
    const char* raw = archive_entry_pathname(e);
    const std::string written = raw != nullptr ? raw : "";
    name_bytes += written.size();
    if (name_bytes > limits.max_name_bytes)
      throw source::SourceError(
          fmt::format("{}: member names longer than {} bytes in all; not read any further",
                      display_name, limits.max_name_bytes));
    Member m;
    m.offset = static_cast<std::uint64_t>(archive_filter_bytes(a(), 0));
    m.size = static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_entry_size(e)));
    m.type = type_of(e);
    m.sparse = archive_entry_sparse_count(e) > 0;
    if (const char* hl = archive_entry_hardlink(e); hl != nullptr) {
      m.typeflag = '1';
      m.link = hl;
      m.type = FileType::regular;  // resolved through the target
    } else if (const char* sl = archive_entry_symlink(e); sl != nullptr) {
      m.typeflag = '2';
      m.link = sl;
    }
    if (member_path::leaves_root(written)) {
      add_problem(MemberProblem::Kind::unsafe_name, written,
                  "the name leaves the archive root; extracting it would write outside the "
                  "target directory");
      continue;
    }
    m.name = member_path::normalize(written);
    if (m.name.empty()) continue;  // "./" itself
    if (m.type == FileType::char_device || m.type == FileType::block_device ||
        m.type == FileType::fifo || m.type == FileType::socket)
      add_problem(MemberProblem::Kind::special, written,
                  fmt::format("a {} in an image archive", source::to_string(m.type)));
    if (m.sparse)
      add_problem(MemberProblem::Kind::sparse, written,
                  "a sparse member: image tools read members as contiguous bytes");
    if (data != nullptr && m.type == FileType::regular && m.typeflag != '1' && !m.sparse) {
      // A stream: the data is read now, once, and kept or consumed.
      ArchiveData reader(a());
      const auto kept = data->take(m, reader);
      m.passed = !kept.has_value();
      m.offset = kept.value_or(0);
      if (reader.failed()) {
        add_problem(MemberProblem::Kind::truncated, written,
                    fmt::format("the data could not be read: {}", reader.error()));
        data_truncated = true;
      }
    } else if (data == nullptr && m.type == FileType::regular && m.typeflag != '1' && !m.sparse &&
               m.offset + m.size > file_size_) {
      // (Not a sparse member: its size counts the holes, not the data
      // stored, and it is a problem of its own.)
      add_problem(MemberProblem::Kind::truncated, written,
                  fmt::format("{} bytes of data claimed at offset {}, but the archive holds {} "
                              "bytes",
                              m.size, m.offset, file_size_));
    }
    if (m.typeflag == '1' && member_path::leaves_root(m.link))
      add_problem(MemberProblem::Kind::bad_link, written,
                  fmt::format("hard link to {}, outside the archive", shown(m.link)));
    if (m.typeflag == '2' && resolve_link_target(m.name, m.link).empty())
      add_problem(MemberProblem::Kind::bad_link, written,
                  fmt::format("symbolic link to {}, which leaves the archive", shown(m.link)));
    const auto [it, inserted] = members_.try_emplace(m.name, m);
    if (!inserted) {
      if (!(it->second.type == FileType::directory && m.type == FileType::directory))
        add_problem(MemberProblem::Kind::duplicate, written,
                    "the name appears more than once: tar -x and docker load keep the last "
                    "copy, skopeo and go-containerregistry read the first; the last is validated");
      it->second = std::move(m);
    }
    if (data_truncated) break;
  }
}

void MemberIndex::add_problem(MemberProblem::Kind kind, std::string_view member,
                              std::string detail) {
  if (problems_.size() >= max_problems_) {
    ++problems_dropped_;
    return;
  }
  problems_.push_back({kind, shown(member), std::move(detail)});
}

const Member* MemberIndex::find(std::string_view name) const {
  const auto it = members_.find(name);
  return it == members_.end() ? nullptr : &it->second;
}

const Member* MemberIndex::resolve(std::string_view name) const {
  std::string current(name);
  for (int step = 0; step < kMaxLinkSteps; ++step) {
    const Member* m = find(current);
    if (m == nullptr) return nullptr;
    if (m->typeflag == '1') {
      if (member_path::leaves_root(m->link)) return nullptr;
      current = member_path::normalize(m->link);
      continue;
    }
    if (m->typeflag == '2') {
      current = resolve_link_target(m->name, m->link);
      if (current.empty()) return nullptr;
      continue;
    }
    return m;
  }
  return nullptr;
}

}  // namespace ocv::archive
