#include "validator/archive/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "validator/archive/archive_source.hpp"
#include "validator/archive/docker_archive.hpp"
#include "validator/layer/decoder.hpp"
#include "validator/layer/layer_scan.hpp"
#include "validator/source/layout_dir.hpp"

namespace ocv::archive {
namespace {

namespace fs = std::filesystem;
using source::SourceError;
using Compression = engine::mt::Compression;

constexpr std::size_t kChunk = 1u << 20;

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

void write_all(int fd, const unsigned char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0)
      throw SourceError(fmt::format("cannot write the spool file: {}", std::strerror(errno)));
    data += w;
    n -= static_cast<std::size_t>(w);
  }
}

/// Copies a stream (already started with `head`) into an unnamed spool
/// file, decompressing it on the way; returns the file's descriptor.
int spool(int in, std::vector<unsigned char> head, Format format, const std::string& name,
          std::uint64_t max_bytes) {
  const int out = anonymous_spool_file();
  std::unique_ptr<layer::Decoder> decoder;
  if (format == Format::gzip) decoder = layer::make_decoder(Compression::gzip);
  if (format == Format::zstd) decoder = layer::make_decoder(Compression::zstd);
  std::vector<unsigned char> raw = std::move(head);
  std::vector<unsigned char> decoded(kChunk);
  std::uint64_t written = 0;
  const auto emit = [&](const unsigned char* p, std::size_t n) {
    written += n;
    if (written > max_bytes) {
      ::close(out);
      throw SourceError(fmt::format("{}: the stream holds more than {} bytes", name, max_bytes));
    }
    write_all(out, p, n);
  };
  for (;;) {
    if (raw.empty()) {
      raw.resize(kChunk);
      raw.resize(read_full(in, raw.data(), raw.size()));
      if (raw.empty()) break;
    }
    if (!decoder) {
      emit(raw.data(), raw.size());
      raw.clear();
      continue;
    }
    decoder->set_input(raw.data(), raw.size());
    while (!decoder->needs_input() && decoder->error().empty()) {
      const auto n = decoder->decode(decoded.data(), decoded.size());
      if (n == 0) break;
      emit(decoded.data(), n);
    }
    if (!decoder->error().empty()) break;
    raw.clear();
  }
  if (decoder) {
    decoder->end_of_input();
    for (std::size_t n;
         decoder->error().empty() && (n = decoder->decode(decoded.data(), decoded.size())) > 0;)
      emit(decoded.data(), n);
    if (!decoder->error().empty()) {
      ::close(out);
      throw SourceError(fmt::format("{}: the {} stream is corrupt: {}", name,
                                    format == Format::gzip ? "gzip" : "zstd", decoder->error()));
    }
  }
  return out;
}

std::string_view transport_name(InputSpec::Transport t) {
  switch (t) {
    case InputSpec::Transport::oci:
      return "oci";
    case InputSpec::Transport::oci_archive:
      return "oci-archive";
    case InputSpec::Transport::docker_archive:
      return "docker-archive";
    case InputSpec::Transport::detect:
      break;
  }
  return "";
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
          "file (oci-archive:, docker-archive:) or - for a tar stream on standard input",
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
  bool spooled = false;  // the stream was copied to an unnamed temporary file
  const std::string shown = spec.path == "-" ? std::string("standard input") : spec.path;
  if (spec.path == "-") {
    std::vector<unsigned char> head(512);
    head.resize(read_full(STDIN_FILENO, head.data(), head.size()));
    if (head.empty()) throw SourceError("standard input is empty (expected a tar stream)");
    const auto format = sniff(head.data(), head.size());
    if (format == Format::other)
      throw SourceError("standard input is not a tar stream (plain, gzip or zstd)");
    file = std::make_shared<OpenFile>(
        spool(STDIN_FILENO, std::move(head), format, shown, options.max_stream_bytes));
    spooled = true;
  } else {
    struct stat st {};
    if (::stat(spec.path.c_str(), &st) != 0)
      throw SourceError(fmt::format("{}: no such file or directory", spec.path));
    if (S_ISDIR(st.st_mode)) {
      if (spec.transport == InputSpec::Transport::oci_archive ||
          spec.transport == InputSpec::Transport::docker_archive)
        throw SourceError(fmt::format("{}: a directory, but {}: names an archive file; use oci:{}",
                                      spec.path, transport_name(spec.transport), spec.path));
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
    if (format != Format::tar) {
      ::lseek(file->fd(), 0, SEEK_SET);
      file = std::make_shared<OpenFile>(
          spool(file->fd(), {}, format, shown, options.max_stream_bytes));
      spooled = true;
    }
  }
  auto index = std::make_shared<const MemberIndex>(file->fd(), shown, options.limits);
  const auto root = layout_root(*index);
  auto archive = std::make_unique<ArchiveSource>(file, index, root);
  auto& facts = archive->facts();
  facts.root = root;
  facts.problems = index->problems();
  facts.problems_dropped = index->problems_dropped();
  if (spooled) facts.spooled_bytes = index->file_size();
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
    out.source = std::move(archive);
    return out;
  }
  facts.kind = "docker-archive";
  out.kind = facts.kind;
  auto moved_facts = std::move(facts);
  out.source = std::make_unique<LegacyDockerSource>(std::move(archive), std::move(moved_facts));
  return out;
}

}  // namespace ocv::archive
