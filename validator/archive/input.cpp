#include "validator/archive/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "validator/archive/archive_source.hpp"
#include "validator/archive/docker_archive.hpp"
#include "validator/archive/stream_pass.hpp"
#include "validator/layer/decoder.hpp"
#include "validator/layer/layer_scan.hpp"
#include "validator/source/layout_dir.hpp"

namespace ocv::archive {
namespace {

namespace fs = std::filesystem;
using source::SourceError;
using Compression = engine::mt::Compression;

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

enum class Format { tar, gzip, zstd, other };

Format sniff(const unsigned char* b, std::size_t n) {
  switch (layer::detect_magic(b, n)) {
    case engine::Magic::gzip:
      return Format::gzip;
    case engine::Magic::zstd:
      return Format::zstd;
    case engine::Magic::none:
      return Format::tar;
    case engine::Magic::other:
      break;
  }
  return Format::other;
}

/// Reads up to `n` bytes, looping over short reads.
std::size_t read_full(int fd, unsigned char* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, out + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

/// An unnamed file in the temporary directory: it has no name from the
/// start, so nothing is left behind whatever happens to the process.
int anonymous_spool_file() {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  // A file system without O_TMPFILE: a private file, unlinked at once.
  std::string tmpl = (fs::path(dir) / "ocivalidate-XXXXXX").string();
  fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0)
    throw SourceError(
        fmt::format("cannot create a spool file in {}: {}", dir, std::strerror(errno)));
  ::unlink(tmpl.c_str());
  return fd;
}

/// Reads a file descriptor (standard input, or a compressed archive).
class FdReader final : public source::BlobReader {
 public:
  explicit FdReader(int fd) : fd_(fd) {}
  long read(void* buffer, std::size_t size) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = std::strerror(errno);
      return static_cast<long>(n);
    }
  }
  const std::string& error() const override { return error_; }

 private:
  int fd_;
  std::string error_;
};

/// The bytes already read to sniff the format, then the rest.
class HeadThenRest final : public source::BlobReader {
 public:
  HeadThenRest(std::vector<unsigned char> head, source::BlobReader& rest)
      : head_(std::move(head)), rest_(rest) {}
  long read(void* buffer, std::size_t size) override {
    if (at_ < head_.size()) {
      const auto n = std::min(size, head_.size() - at_);
      std::memcpy(buffer, head_.data() + at_, n);
      at_ += n;
      return static_cast<long>(n);
    }
    return rest_.read(buffer, size);
  }
  const std::string& error() const override { return rest_.error(); }

 private:
  std::vector<unsigned char> head_;
  std::size_t at_ = 0;
  source::BlobReader& rest_;
};

/// Reads a tar stream once (decompressing it on the way), passing large
/// layer blobs through the layer pass and spooling the rest.
struct StreamRead {
  std::shared_ptr<OpenFile> spool;
  std::shared_ptr<const MemberIndex> index;
  std::map<std::string, layer::ScanResult, std::less<>> passed;  // by member name
  std::uint64_t spooled = 0;
  /// The input again, when it is a regular file (also standard input
  /// redirected from one): bytes from `start` to its end.
  std::shared_ptr<OpenFile> again;
  std::uint64_t start = 0;
  std::uint64_t size = 0;
  Format format = Format::tar;
};

/// The input file of a stream, to be read a second time (null when it
/// cannot be: a pipe).
void keep_for_reading_again(StreamRead& out, int fd, std::shared_ptr<OpenFile> file) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  const off_t at = ::lseek(fd, 0, SEEK_CUR);
  if (at < 0 || at > st.st_size) return;
  if (!file) {
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) return;
    file = std::make_shared<OpenFile>(copy);
  }
  out.again = std::move(file);
  out.start = static_cast<std::uint64_t>(at);
  out.size = static_cast<std::uint64_t>(st.st_size - at);
}

/// Decompresses `input` when the format says so.
std::unique_ptr<source::BlobReader> decoded_stream(source::BlobReader& input, Format format) {
  if (format == Format::gzip) return decompressing(input, Compression::gzip);
  if (format == Format::zstd) return decompressing(input, Compression::zstd);
  return nullptr;
}

StreamRead read_stream(int fd, std::vector<unsigned char> head, Format format,
                       const std::string& name, const OpenOptions& options,
                       std::shared_ptr<OpenFile> file) {
  StreamRead out;
  out.format = format;
  // Standard input has given its first bytes already: the file starts
  // that much earlier.
  keep_for_reading_again(out, fd, std::move(file));
  if (out.again) {
    out.start -= std::min<std::uint64_t>(out.start, head.size());
    out.size += head.size();
  }
  out.spool = std::make_shared<OpenFile>(anonymous_spool_file());
  FdReader raw(fd);
  HeadThenRest input(std::move(head), raw);
  const auto decoded = decoded_stream(input, format);
  StreamPass pass(out.spool->fd(), options.max_document_bytes);
  out.index =
      std::make_shared<const MemberIndex>(decoded ? *decoded : input, pass, name, options.limits);
  out.passed = std::move(pass.passed());
  out.spooled = pass.spooled_bytes();
  return out;
}

/// The passed members keyed by the layout path the source knows them by,
/// and how to read them again.
template <typename S>
std::shared_ptr<layer::PassedBlobs> by_blob_path(StreamRead& stream, const S& source,
                                                 const std::string& name,
                                                 const IndexLimits& limits) {
  auto out = std::make_shared<layer::PassedBlobs>();
  std::map<std::string, std::string> member_of;  // layout path -> member name
  std::map<std::string, std::string> diff_ids;   // member name -> sha256 diff_id
  for (auto& [member, result] : stream.passed) {
    auto path = source.blob_of_member(member);
    if (path.empty()) continue;
    member_of[path] = member;
    if (result.facts.diff_id) diff_ids[member] = *result.facts.diff_id;
    out->results[std::move(path)] = std::move(result);
  }
  if (!stream.again) return out;
  out->read_again = [again = stream.again, start = stream.start, size = stream.size,
                     format = stream.format, member_of = std::move(member_of),
                     diff_ids = std::move(diff_ids), name,
                     limits](const layer::PassedBlobs::Wanted& wanted) {
    std::map<std::string, std::set<std::string>> by_member;
    for (const auto& [path, algorithms] : wanted)
      if (const auto it = member_of.find(path); it != member_of.end())
        by_member[it->second] = algorithms;
    MemberReader raw(again, start, size);
    const auto decoded = decoded_stream(raw, format);
    std::map<std::string, std::vector<std::string>> found;
    try {
      for (auto& [member, digests] :
           digest_members_again(decoded ? *decoded : raw, by_member, diff_ids, name, limits))
        for (const auto& [path, m] : member_of)
          if (m == member) found[path] = std::move(digests);
    } catch (const SourceError&) {
      // Not the same archive any more: what was found stays unchecked.
    }
    return found;
  };
  return out;
}

/// Whether the archive holds nothing but another archive.
std::string nested_archive(const MemberIndex& index, const ArchiveSource& archive) {
  std::string only;
  for (const auto& [name, m] : index.members()) {
    if (m.type == source::FileType::directory) continue;
    if (!only.empty()) return {};
    only = name;
  }
  if (only.empty()) return {};
  std::string why;
  auto reader = archive.open_member(only.substr(archive.root().size()), why);
  std::array<unsigned char, 512> head{};
  std::size_t got = 0;
  while (reader && got < head.size()) {
    const long n = reader->read(head.data() + got, head.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return sniff(head.data(), got) == Format::other ? std::string() : only;
}

}  // namespace

InputSpec parse_input(std::string_view text) {
  InputSpec spec;
  const auto split_ref = [&](std::string_view rest) {
    // skopeo splits PATH:REF at the first colon.
    const auto colon = rest.find(':');
    spec.path = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) spec.ref = std::string(rest.substr(colon + 1));
  };
  for (const auto& [prefix, transport] :
       {std::pair{std::string_view("oci:"), InputSpec::Transport::oci},
        std::pair{std::string_view("oci-archive:"), InputSpec::Transport::oci_archive},
        std::pair{std::string_view("docker-archive:"), InputSpec::Transport::docker_archive}}) {
    if (text.starts_with(prefix) && !exists(std::string(text))) {
      spec.transport = transport;
      split_ref(text.substr(prefix.size()));
      if (spec.path.empty()) throw SourceError(fmt::format("{}: no path after {}", text, prefix));
      return spec;
    }
  }
  for (const std::string_view other :
       {"docker://", "docker-daemon:", "containers-storage:", "dir:", "ostree:", "sif:"}) {
    if (text.starts_with(other) && !exists(std::string(text)))
      throw SourceError(fmt::format(
          "{}: the {} transport is not supported; give an image layout directory, an archive "
          "file (oci-archive:, docker-archive:), - for a tar stream on standard input, or "
          "docker://HOST/REPO:TAG for an image in a registry",
          text, other.substr(0, other.find(':'))));
  }
  spec.path = std::string(text);
  if (text == "-" || exists(spec.path)) return spec;
  const auto colon = text.rfind(':');
  if (colon != std::string_view::npos && colon > 0 && exists(std::string(text.substr(0, colon)))) {
    spec.path = std::string(text.substr(0, colon));
    spec.ref = std::string(text.substr(colon + 1));
  }
  return spec;
}

OpenedInput open_input(const InputSpec& spec, const OpenOptions& options) {
  OpenedInput out;
  out.name = spec.path;
  std::shared_ptr<OpenFile> file;
  std::shared_ptr<const MemberIndex> index;
  std::optional<StreamRead> stream;  // standard input or a compressed archive, read once
  const std::string shown = spec.path == "-" ? std::string("standard input") : spec.path;
  if (spec.path == "-") {
    std::vector<unsigned char> head(512);
    head.resize(read_full(STDIN_FILENO, head.data(), head.size()));
    if (head.empty()) throw SourceError("standard input is empty (expected a tar stream)");
    const auto format = sniff(head.data(), head.size());
    if (format == Format::other)
      throw SourceError("standard input is not a tar stream (plain, gzip or zstd)");
    stream = read_stream(STDIN_FILENO, std::move(head), format, shown, options, nullptr);
  } else {
    struct stat st {};
    if (::stat(spec.path.c_str(), &st) != 0)
      throw SourceError(fmt::format("{}: no such file or directory", spec.path));
    if (S_ISDIR(st.st_mode)) {
      if (spec.transport == InputSpec::Transport::oci_archive ||
          spec.transport == InputSpec::Transport::docker_archive)
        throw SourceError(fmt::format(
            "{}: a directory, but {}: names an archive file; use oci:{}", spec.path,
            spec.transport == InputSpec::Transport::oci_archive ? "oci-archive" : "docker-archive",
            spec.path));
      out.source = std::make_unique<source::LayoutDir>(spec.path);
      out.kind = "directory";
      return out;
    }
    if (spec.transport == InputSpec::Transport::oci)
      throw SourceError(fmt::format(
          "{}: not a directory (oci: names an image layout directory; for an archive of one "
          "use oci-archive:{})",
          spec.path, spec.path));
    file = std::make_shared<OpenFile>(spec.path);
    std::array<unsigned char, 512> head{};
    const auto got = ::pread(file->fd(), head.data(), head.size(), 0);
    const auto format = sniff(head.data(), got > 0 ? static_cast<std::size_t>(got) : 0);
    if (format == Format::other)
      throw SourceError(fmt::format(
          "{}: neither an image layout directory nor a tar archive (plain, gzip or zstd)",
          spec.path));
    if (format != Format::tar) stream = read_stream(file->fd(), {}, format, shown, options, file);
  }
  if (stream) {
    file = stream->spool;
    index = stream->index;
  } else {
    index = std::make_shared<const MemberIndex>(file->fd(), shown, options.limits);
  }
  const auto root = layout_root(*index);
  auto archive = std::make_unique<ArchiveSource>(file, index, root);
  auto& facts = archive->facts();
  facts.root = root;
  facts.problems = index->problems();
  facts.problems_dropped = index->problems_dropped();
  if (stream) facts.spooled_bytes = stream->spooled;
  const auto present = [&](const char* name) {
    return archive->member_type(name, false).first != source::FileType::missing;
  };
  const bool oci = present("oci-layout") || present("index.json") || present("blobs");
  const bool docker = present("manifest.json");
  out.is_archive = true;
  if (!oci && !docker) {
    if (const auto inner = nested_archive(*index, *archive); !inner.empty())
      throw SourceError(
          fmt::format("{}: holds another archive ({}) and nothing else; give that archive instead",
                      shown, inner));
    throw SourceError(fmt::format(
        "{}: not an image archive (no oci-layout, index.json, blobs/ or manifest.json{})", shown,
        root.empty() ? "" : fmt::format(" in {}", root)));
  }
  if (docker || spec.transport == InputSpec::Transport::docker_archive)
    read_docker_manifest(*archive, facts);
  if (oci) {
    facts.kind = docker ? "docker-archive with an OCI layout"
                 : spec.transport == InputSpec::Transport::docker_archive ? "docker-archive"
                                                                          : "oci-archive";
    out.kind = facts.kind;
    if (stream) out.passed = by_blob_path(*stream, *archive, shown, options.limits);
    out.source = std::move(archive);
    return out;
  }
  facts.kind = "docker-archive";
  out.kind = facts.kind;
  auto moved_facts = std::move(facts);
  auto legacy = std::make_unique<LegacyDockerSource>(std::move(archive), std::move(moved_facts));
  if (stream) out.passed = by_blob_path(*stream, *legacy, shown, options.limits);
  out.source = std::move(legacy);
  return out;
}

}  // namespace ocv::archive
