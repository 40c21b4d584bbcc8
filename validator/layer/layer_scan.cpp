#include "validator/layer/layer_scan.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/layer/decoder.hpp"
#include "validator/layer/tar_framing.hpp"

namespace ocv::layer {
namespace {

using engine::Magic;
using engine::mt::Compression;

constexpr std::size_t kReadChunk = 256u << 10;
constexpr std::size_t kOutChunk = 256u << 10;

std::string_view compression_name(Compression c) {
  switch (c) {
    case Compression::gzip:
      return "gzip";
    case Compression::zstd:
      return "zstd";
    case Compression::none:
      return "none";
  }
  return "none";
}

bool tar_checksum_ok(const std::uint8_t* b) {
  std::uint64_t stored = 0;
  std::size_t i = 148;
  while (i < 156 && (b[i] == ' ' || b[i] == 0)) ++i;
  for (; i < 156 && b[i] >= '0' && b[i] <= '7'; ++i) stored = stored * 8 + (b[i] - '0');
  std::uint64_t sum = 0;
  for (std::size_t k = 0; k < 512; ++k) sum += (k >= 148 && k < 156) ? ' ' : b[k];
  return sum == stored;
}

std::string normalize(std::string_view path) {
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto next = path.find('/', i);
    const auto part = path.substr(i, next == std::string_view::npos ? path.size() - i : next - i);
    i = next == std::string_view::npos ? path.size() : next;
    if (part == ".") continue;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

/// The pass: pulls file bytes, decodes, hashes, and hands the uncompressed
/// stream to libarchive through next().
class Pass {
 public:
  Pass(source::BlobReader& reader, const engine::BlobFacts& blob, Compression declared,
       const ScanOptions& options, ScanResult& result)
      : reader_(reader),
        declared_(declared),
        options_(options),
        result_(result),
        in_(kReadChunk),
        out_(kOutChunk) {
    compressed_hasher_ = digest::make_hasher(blob.algorithm);
    compressed_is_sha256_ = compressed_hasher_ != nullptr && blob.algorithm == "sha256";
    result_.facts.declared_compression = std::string(compression_name(declared));
  }

  /// Next piece of the uncompressed stream; 0 at its end or on failure.
  std::size_t next(const void** data) {
    for (;;) {
      if (decoder_ && !decoder_->error().empty()) return 0;
      if (decoder_ && !decoder_->needs_input()) {
        const std::size_t n = decoder_->decode(out_.data(), out_.size());
        if (n > 0) return deliver(n, data);
        if (!decoder_->error().empty()) return 0;
        if (!decoder_->needs_input()) {
          // Decoders always take input or give output; this guard only
          // turns a broken promise into an error instead of a hang.
          if (++stalls_ > kMaxStalls) {
            result_.facts.decompress_error = "decoder made no progress";
            return 0;
          }
          continue;
        }
        stalls_ = 0;
      }
      if (file_done_) return 0;
      const long got = reader_.read(in_.data(), in_.size());
      if (got < 0) {
        result_.read_error = reader_.error();
        file_done_ = true;
        return 0;
      }
      if (got == 0) {
        file_done_ = true;
        if (!decoder_) start_decoder(nullptr, 0);
        decoder_->end_of_input();
        continue;
      }
      const auto n = static_cast<std::size_t>(got);
      result_.facts.compressed_bytes += n;
      if (compressed_hasher_) compressed_hasher_->update(in_.data(), n);
      if (!decoder_) start_decoder(in_.data(), n);
      decoder_->set_input(in_.data(), n);
    }
  }

  /// Reads whatever the decoder left unread through the compressed hasher
  /// only (after the uncompressed cap or a decoding error).
  void drain_raw() {
    while (!file_done_) {
      const long got = reader_.read(in_.data(), in_.size());
      if (got < 0) result_.read_error = reader_.error();
      if (got <= 0) {
        file_done_ = true;
        break;
      }
      result_.facts.compressed_bytes += static_cast<std::uint64_t>(got);
      if (compressed_hasher_) compressed_hasher_->update(in_.data(), static_cast<std::size_t>(got));
    }
  }

  void finish() {
    auto& f = result_.facts;
    if (decoder_ && f.decompress_error.empty()) {
      f.decompress_error = decoder_->error();
      f.trailing_compressed = decoder_->trailing_bytes();
    }
    f.end_of_archive = framing_.end_of_archive();
    f.end_of_entries = framing_.end_of_entries();
    f.trailing_nonzero = framing_.trailing_nonzero();
    if (result_.read_error.empty() && compressed_hasher_)
      result_.compressed_encoded = compressed_hasher_->finish_hex();
    if (result_.read_error.empty() && f.decompress_error.empty() && !f.limit_hit) {
      if (plain_ && result_.compressed_encoded && compressed_is_sha256_)
        f.diff_id = "sha256:" + *result_.compressed_encoded;
      else if (tar_hasher_)
        f.diff_id = "sha256:" + tar_hasher_->finish_hex();
    }
  }

  const TarFraming& framing() const { return framing_; }

 private:
  std::size_t deliver(std::size_t n, const void** data) {
    auto& f = result_.facts;
    if (f.uncompressed_bytes + n > options_.max_uncompressed_bytes) {
      f.limit_hit = true;
      return 0;
    }
    f.uncompressed_bytes += n;
    if (tar_hasher_) tar_hasher_->update(out_.data(), n);
    framing_.feed(out_.data(), n);
    *data = out_.data();
    return n;
  }

  void start_decoder(const std::uint8_t* first, std::size_t size) {
    const Magic magic = detect_magic(first, size);
    result_.facts.magic = magic;
    // Decode what the bytes are, so that the tar checks still run when the
    // media type lies about the compression (LAY-002 reports the lie).
    Compression actual = declared_;
    if (magic == Magic::gzip) actual = Compression::gzip;
    if (magic == Magic::zstd) actual = Compression::zstd;
    if (magic == Magic::none) actual = Compression::none;
    decoder_ = make_decoder(actual);
    plain_ = actual == Compression::none;
    // For an uncompressed layer the diff_id is the blob's own sha256: no
    // second hash of the same bytes.
    if (!(plain_ && compressed_is_sha256_)) tar_hasher_ = digest::make_hasher("sha256");
  }

  source::BlobReader& reader_;
  Compression declared_;
  const ScanOptions& options_;
  ScanResult& result_;
  std::vector<std::uint8_t> in_;
  std::vector<std::uint8_t> out_;
  std::unique_ptr<Decoder> decoder_;
  std::unique_ptr<digest::Hasher> compressed_hasher_;
  std::unique_ptr<digest::Hasher> tar_hasher_;
  TarFraming framing_;
  bool file_done_ = false;
  int stalls_ = 0;
  static constexpr int kMaxStalls = 1000;
  bool plain_ = false;
  bool compressed_is_sha256_ = false;
};

la_ssize_t read_callback(archive* /*a*/, void* ctx, const void** buffer) {
  return static_cast<la_ssize_t>(static_cast<Pass*>(ctx)->next(buffer));
}

char typeflag_of(archive_entry* e) {
  if (archive_entry_hardlink(e) != nullptr) return '1';
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      return '0';
    case AE_IFDIR:
      return '5';
    case AE_IFLNK:
      return '2';
    case AE_IFCHR:
      return '3';
    case AE_IFBLK:
      return '4';
    case AE_IFIFO:
      return '6';
    default:
      return '?';
  }
}

void walk_tar(Pass& pass, const ScanOptions& options, engine::LayerFacts& facts) {
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  // No skip callback: libarchive must read (and so hash) every byte.
  if (archive_read_open(a, &pass, nullptr, read_callback, nullptr) != ARCHIVE_OK) {
    if (facts.decompress_error.empty() && facts.compressed_bytes > 0)
      facts.tar_error = archive_error_string(a) ? archive_error_string(a) : "not a tar archive";
    archive_read_free(a);
    return;
  }
  archive_entry* e = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_EOF) break;
    if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
      const char* msg = archive_error_string(a);
      facts.tar_error = msg != nullptr ? msg : "corrupt tar stream";
      break;
    }
    if (facts.entries.size() < options.max_entries) {
      engine::TarEntry entry;
      const char* path = archive_entry_pathname(e);
      entry.path = path != nullptr ? path : "";
      entry.normalized = normalize(entry.path);
      entry.type = typeflag_of(e);
      const char* link = entry.type == '1' ? archive_entry_hardlink(e) : archive_entry_symlink(e);
      entry.link = link != nullptr ? link : "";
      entry.size = static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_entry_size(e)));
      entry.sparse = archive_entry_sparse_count(e) > 0;
      entry.offset =
          static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_read_header_position(a)));
      facts.entries.push_back(std::move(entry));
    }
    if (archive_read_data_skip(a) == ARCHIVE_FATAL) {
      const char* msg = archive_error_string(a);
      facts.tar_error = msg != nullptr ? msg : "truncated tar entry";
      break;
    }
  }
  archive_read_free(a);
}

}  // namespace

Magic detect_magic(const std::uint8_t* data, std::size_t size) {
  if (data == nullptr || size == 0) return Magic::other;
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) return Magic::gzip;
  if (size >= 4) {
    const std::uint32_t m =
        static_cast<std::uint32_t>(data[0]) | (static_cast<std::uint32_t>(data[1]) << 8) |
        (static_cast<std::uint32_t>(data[2]) << 16) | (static_cast<std::uint32_t>(data[3]) << 24);
    if (m == 0xFD2FB528u || (m & 0xFFFFFFF0u) == 0x184D2A50u) return Magic::zstd;
  }
  if (size >= 512 && tar_checksum_ok(data)) return Magic::none;
  // An empty tar (only zero blocks) is still an uncompressed tar.
  if (size >= 1024 && std::all_of(data, data + 1024, [](std::uint8_t c) { return c == 0; }))
    return Magic::none;
  return Magic::other;
}

ScanResult scan_layer(const source::LayoutDir& layout, const engine::BlobFacts& blob,
                      Compression declared, const ScanOptions& options) {
  ScanResult result;
  std::string why;
  auto reader = layout.open_blob(blob.algorithm, blob.encoded, why);
  if (!reader) {
    result.read_error = why;
    return result;
  }
  Pass pass(*reader, blob, declared, options, result);
  walk_tar(pass, options, result.facts);
  // The bytes after the end-of-archive blocks still belong to the diff_id.
  const void* ignored = nullptr;
  while (!result.facts.limit_hit && pass.next(&ignored) > 0) {
  }
  // A cap or a decoding error stops the decoder early: the rest of the file
  // still goes through the compressed hasher, so the digest is verified.
  pass.drain_raw();
  pass.finish();
  return result;
}

}  // namespace ocv::layer
