#include "validator/layer/layer_scan.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/layer/byte_names.hpp"
#include "validator/layer/decode_pipeline.hpp"
#include "validator/layer/tar_framing.hpp"
#include "validator/model/member_path.hpp"

namespace ocv::layer {
namespace {

using engine::Magic;
using engine::mt::Compression;

bool tar_checksum_ok(const std::uint8_t* b) {
  std::uint64_t stored = 0;
  std::size_t i = 148;
  while (i < 156 && (b[i] == ' ' || b[i] == 0)) ++i;
  for (; i < 156 && b[i] >= '0' && b[i] <= '7'; ++i) stored = stored * 8 + (b[i] - '0');
  std::uint64_t sum = 0;
  for (std::size_t k = 0; k < 512; ++k) sum += (k >= 148 && k < 156) ? ' ' : b[k];
  return sum == stored;
}

/// Hashes the raw chunks (the blob's digest) and the decoded ones (the
/// diff_id), and follows the tar framing.
class Consumer final : public ChunkSink {
 public:
  Consumer(std::string_view blob_algorithm, const ScanOptions& options, ScanResult& result)
      : result_(result) {
    compressed_hasher_ = digest::make_hasher(blob_algorithm);
    compressed_is_sha256_ = compressed_hasher_ != nullptr && blob_algorithm == "sha256";
    tar_hasher_ = digest::make_hasher("sha256");
    for (const auto& algorithm : options.diff_id_algorithms) {
      if (algorithm == "sha256" ||
          std::any_of(others_.begin(), others_.end(),
                      [&](const OtherHash& o) { return o.algorithm == algorithm; }))
        continue;
      auto hasher = digest::make_hasher(algorithm);
      if (!hasher) continue;  // unverifiable: the diff_id stays unchecked
      const bool same = compressed_hasher_ != nullptr && algorithm == blob_algorithm;
      others_.push_back({algorithm, std::move(hasher), same});
    }
  }

  void on_raw(const std::uint8_t* data, std::size_t n) override {
    if (compressed_hasher_) compressed_hasher_->update(data, n);
  }
  void on_out(const std::uint8_t* data, std::size_t n, bool plain) override {
    // For an uncompressed layer the diff_id is the blob's own digest when
    // the algorithms agree: no second hash of the same bytes.
    if (!(plain && compressed_is_sha256_)) tar_hasher_->update(data, n);
    for (auto& o : others_)
      if (!(plain && o.blob_algorithm)) o.hasher->update(data, n);
    framing_.feed(data, n);
  }

  TarFraming& framing() { return framing_; }

  void finish(bool plain) {
    auto& f = result_.facts;
    f.end_of_archive = framing_.end_of_archive();
    f.end_of_entries = framing_.end_of_entries();
    f.trailing_nonzero = framing_.trailing_nonzero();
    f.windows_problems_dropped = framing_.windows_problems_dropped();
    if (result_.read_error.empty() && compressed_hasher_)
      result_.compressed_encoded = compressed_hasher_->finish_hex();
    if (!result_.read_error.empty() || !f.decompress_error.empty() || f.limit_hit ||
        f.window_over_limit != 0)
      return;
    if (plain && compressed_is_sha256_ && result_.compressed_encoded)
      f.diff_id = "sha256:" + *result_.compressed_encoded;
    else
      f.diff_id = "sha256:" + tar_hasher_->finish_hex();
    for (auto& o : others_) {
      const auto hex = plain && o.blob_algorithm && result_.compressed_encoded
                           ? *result_.compressed_encoded
                           : o.hasher->finish_hex();
      f.other_diff_ids.push_back(fmt::format("{}:{}", o.algorithm, hex));
    }
  }

 private:
  /// A hasher of the uncompressed stream for a diff_id algorithm other
  /// than sha256.
  struct OtherHash {
    std::string algorithm;
    std::unique_ptr<digest::Hasher> hasher;
    bool blob_algorithm = false;  // also the blob's algorithm
  };

  ScanResult& result_;
  std::unique_ptr<digest::Hasher> compressed_hasher_;
  std::unique_ptr<digest::Hasher> tar_hasher_;
  bool compressed_is_sha256_ = false;
  std::vector<OtherHash> others_;
  TarFraming framing_;
};

la_ssize_t read_callback(archive* /*a*/, void* ctx, const void** buffer) {
  return static_cast<la_ssize_t>(static_cast<DecodedStream*>(ctx)->next(buffer));
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

/// The entry's type: libarchive's reading for the standard typeflags, the
/// raw typeflag for anything else (vendor letters that libarchive turns into
/// regular files, or a hardlink header that it cannot classify), so that
/// the type rules see what the archive really says.
char entry_type(archive_entry* e, std::optional<char> raw) {
  const char mapped = typeflag_of(e);
  if (!raw) return mapped;
  const char r = *raw == '\0' ? '0' : *raw;
  if (r >= '0' && r <= '7') return mapped == '?' ? r : mapped;
  return r;
}

/// Memory an entry takes in the member index, as counted against its
/// limit: the struct and the heap blocks of its strings.
std::uint64_t entry_bytes(const engine::TarEntry& e) {
  const auto heap = [](const std::string& s) -> std::uint64_t {
    return s.size() < sizeof(std::string) ? 0 : s.capacity() + 1;
  };
  return sizeof(engine::TarEntry) + heap(e.path) + heap(e.normalized) + heap(e.link);
}

/// Whether a member past the full index needs a look on its own: the
/// checks of one member (path form, type, link, whiteout name) can only
/// fire on members like these, so only these are kept.
bool worth_a_look(const engine::TarEntry& e) {
  const bool standard = std::string_view("01234567").find(e.type) != std::string_view::npos;
  return !standard || e.sparse || e.path.starts_with('/') ||
         member_path::has_dotdot(e.normalized) ||
         ((e.type == '1' || e.type == '2') && e.link.empty()) ||
         (e.type == '1' && (e.link.starts_with('/') || member_path::has_dotdot(e.link))) ||
         e.normalized.find(".wh.") != std::string::npos;
}

/// The member as well as it can be named: the path a reader that honours
/// a (malformed) pax header would use, next to the one libarchive used.
std::string member_name(const engine::TarEntry& entry, const RawHeader* header) {
  if (header == nullptr || header->pax_path.empty() || header->pax_path == entry.path)
    return entry.path;
  const std::string_view given = header->pax_path;
  return fmt::format("{} (its pax header gives the path {}{})", entry.path, given.substr(0, 100),
                     given.size() > 100 ? "…" : "");
}

void add_problem(engine::LayerFacts& facts, std::string path, std::string message) {
  if (facts.header_problems.size() >= engine::LayerFacts::kMaxUnindexed) {
    ++facts.header_problems_dropped;
    return;
  }
  facts.header_problems.push_back({std::move(path), std::move(message)});
}

void walk_tar(DecodedStream& pass, TarFraming& framing, const ScanOptions& options,
              engine::LayerFacts& facts) {
  const ByteNames byte_names;
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
    // Every member is read and checked on its own, streaming; only the
    // index that the checks across members and layers use is bounded.
    engine::TarEntry entry;
    const char* path = archive_entry_pathname(e);
    entry.path = path != nullptr ? path : "";
    entry.normalized = member_path::normalize(entry.path);
    entry.offset =
        static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_read_header_position(a)));
    const RawHeader* header = framing.header_from(entry.offset);
    entry.type = entry_type(e, header != nullptr ? std::optional(header->typeflag) : std::nullopt);
    if (header != nullptr && header->windows_problem != 0)
      facts.windows_problems.push_back(
          {entry.path, framing.windows_problems()[header->windows_problem - 1]});
    const char* link = entry.type == '1' ? archive_entry_hardlink(e) : archive_entry_symlink(e);
    entry.link = link != nullptr ? link : "";
    entry.size = static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_entry_size(e)));
    entry.sparse = archive_entry_sparse_count(e) > 0 || entry.type == 'S';
    // A header that readers may read differently is where a path hides:
    // what the framing found wrong with it, or whatever libarchive warned
    // about (it then keeps going with its own reading), but for a name it
    // could not convert to the locale's charset and so kept as its bytes.
    const char* warning = r == ARCHIVE_WARN ? archive_error_string(a) : nullptr;
    if (header != nullptr && !header->extension_problem.empty()) {
      add_problem(facts, member_name(entry, header), header->extension_problem);
    } else if (r == ARCHIVE_WARN && !(warning != nullptr && is_name_conversion_warning(warning))) {
      add_problem(facts, member_name(entry, header),
                  fmt::format("libarchive warned about its header ({}) and read it its own way; "
                              "other tar readers may not",
                              warning != nullptr ? warning : "no detail"));
    }
    const auto bytes = entry_bytes(entry);
    // A path longer than PATH_MAX cannot be created by an extractor; it is
    // checked on its own but left out of the index, whose checks walk
    // every ancestor of a path.
    const bool too_long = entry.normalized.size() > engine::LayerFacts::kMaxIndexedPath;
    if (!too_long && !facts.index_full && facts.index_bytes + bytes <= options.max_index_bytes) {
      facts.index_bytes += bytes;
      facts.entries.push_back(std::move(entry));
    } else {
      if (too_long)
        ++facts.long_paths;
      else
        facts.index_full = true;
      ++facts.unindexed_members;
      if (worth_a_look(entry)) {
        if (facts.unindexed.size() < engine::LayerFacts::kMaxUnindexed)
          facts.unindexed.push_back(entry);
        else
          ++facts.unindexed_dropped;
      }
      facts.last_member = std::move(entry);
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

ScanResult scan_layer(const source::Source& layout, const engine::BlobFacts& blob,
                      Compression declared, const ScanOptions& options) {
  ScanResult result;
  std::string why;
  auto reader = layout.open_blob(blob.algorithm, blob.encoded, why);
  if (!reader) {
    result.read_error = why;
    return result;
  }
  return scan_layer(*reader, blob.algorithm, declared, options);
}

ScanResult scan_layer(source::BlobReader& reader, std::string_view algorithm, Compression declared,
                      const ScanOptions& options) {
  ScanResult result;
  Consumer consumer(algorithm, options, result);
  const auto stream = make_decoded_stream(reader, declared, options, result, consumer);
  walk_tar(*stream, consumer.framing(), options, result.facts);
  // The bytes after the end-of-archive blocks still belong to the diff_id,
  // and a cap or decoding error leaves raw bytes that still belong to the
  // blob's digest: read everything.
  stream->drain();
  stream->finish();
  consumer.finish(stream->plain());
  return result;
}

}  // namespace ocv::layer
