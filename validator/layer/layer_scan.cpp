#include "validator/layer/layer_scan.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
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

/// A chunk buffer of the pipeline. In the two-thread mode a raw chunk is
/// read by the decoder and the hasher at once, so buffers are counted.
struct Buffer {
  std::vector<std::uint8_t> bytes;
  std::atomic<int> users{0};
};

/// Where the producer gets its buffers from.
class BufferSource {
 public:
  virtual ~BufferSource() = default;
  virtual Buffer* take_raw() = 0;
  virtual Buffer* take_out() = 0;
  /// The producer is done with a raw buffer it decoded from.
  virtual void release(Buffer* b) = 0;
};

enum class Event { raw, out, end };

/// Reads the blob and decodes it, one step at a time, announcing each raw
/// chunk (for the blob's digest) and each decoded chunk (for the diff_id
/// and the tar walk) through `emit`.
class Producer {
 public:
  Producer(source::BlobReader& reader, Compression declared, const ScanOptions& options,
           ScanResult& result)
      : reader_(reader), declared_(declared), options_(options), result_(result) {
    result_.facts.declared_compression = std::string(compression_name(declared));
  }

  /// One step. Returns false once `end` has been emitted.
  template <typename Emit>
  bool step(BufferSource& buffers, Emit&& emit) {
    if (ended_) return false;
    if (decoding()) {
      if (out_ == nullptr) out_ = buffers.take_out();
      const std::size_t n = decoder_->decode(out_->bytes.data(), out_->bytes.size());
      if (n > 0) {
        stalls_ = 0;
        auto& f = result_.facts;
        if (f.uncompressed_bytes + n > options_.max_uncompressed_bytes) {
          f.limit_hit = true;  // stop decoding; the raw bytes are still hashed
          return true;
        }
        f.uncompressed_bytes += n;
        Buffer* out = std::exchange(out_, nullptr);
        emit(Event::out, out, n);
        return true;
      }
      if (decoder_->error().empty() && !decoder_->needs_input() && ++stalls_ > kMaxStalls)
        stalled_ = true;  // decoders always progress; this turns a bug into an error
      if (decoding()) return true;
    }
    return read_step(buffers, emit);
  }

  /// Completes the facts the producer owns.
  void finish() {
    auto& f = result_.facts;
    if (decoder_) {
      f.decompress_error = stalled_ ? "decoder made no progress" : decoder_->error();
      f.trailing_compressed = decoder_->trailing_bytes();
    }
  }

  bool plain() const { return plain_; }

 private:
  bool decoding() const {
    return decoder_ && !stalled_ && decoder_->error().empty() && !decoder_->needs_input() &&
           !result_.facts.limit_hit;
  }

  template <typename Emit>
  bool read_step(BufferSource& buffers, Emit&& emit) {
    if (raw_ != nullptr) buffers.release(std::exchange(raw_, nullptr));
    if (file_done_) {
      ended_ = true;
      if (out_ != nullptr) buffers.release(std::exchange(out_, nullptr));
      emit(Event::end, nullptr, 0);
      return false;
    }
    Buffer* raw = buffers.take_raw();
    const long got = reader_.read(raw->bytes.data(), raw->bytes.size());
    if (got > 0 && options_.bytes_read != nullptr)
      options_.bytes_read->fetch_add(static_cast<std::uint64_t>(got), std::memory_order_relaxed);
    if (got <= 0) {
      buffers.release(raw);
      if (got < 0) result_.read_error = reader_.error();
      file_done_ = true;
      if (!decoder_) start_decoder(nullptr, 0);
      if (result_.read_error.empty() && !result_.facts.limit_hit) decoder_->end_of_input();
      return true;
    }
    const auto n = static_cast<std::size_t>(got);
    result_.facts.compressed_bytes += n;
    if (!decoder_) start_decoder(raw->bytes.data(), n);
    raw->users += 1;  // the consumer's hold; the producer keeps its own until the next read
    emit(Event::raw, raw, n);
    raw_ = raw;
    if (!result_.facts.limit_hit && !stalled_ && decoder_->error().empty())
      decoder_->set_input(raw->bytes.data(), n);
    return true;
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
  }

  static constexpr int kMaxStalls = 1000;
  source::BlobReader& reader_;
  Compression declared_;
  const ScanOptions& options_;
  ScanResult& result_;
  std::unique_ptr<Decoder> decoder_;
  Buffer* raw_ = nullptr;
  Buffer* out_ = nullptr;
  bool file_done_ = false;
  bool ended_ = false;
  bool stalled_ = false;
  bool plain_ = false;
  int stalls_ = 0;
};

/// Hashes the raw chunks (the blob's digest) and the decoded ones (the
/// diff_id), and follows the tar framing.
class Consumer {
 public:
  Consumer(const engine::BlobFacts& blob, const ScanOptions& options, ScanResult& result)
      : result_(result) {
    compressed_hasher_ = digest::make_hasher(blob.algorithm);
    compressed_is_sha256_ = compressed_hasher_ != nullptr && blob.algorithm == "sha256";
    tar_hasher_ = digest::make_hasher("sha256");
    for (const auto& algorithm : options.diff_id_algorithms) {
      if (algorithm == "sha256" ||
          std::any_of(others_.begin(), others_.end(),
                      [&](const OtherHash& o) { return o.algorithm == algorithm; }))
        continue;
      auto hasher = digest::make_hasher(algorithm);
      if (!hasher) continue;  // unverifiable: the diff_id stays unchecked
      const bool blob_algorithm = compressed_hasher_ != nullptr && algorithm == blob.algorithm;
      others_.push_back({algorithm, std::move(hasher), blob_algorithm});
    }
  }

  void on_raw(const std::uint8_t* data, std::size_t n) {
    if (compressed_hasher_) compressed_hasher_->update(data, n);
  }
  void on_out(const std::uint8_t* data, std::size_t n, bool plain) {
    // For an uncompressed layer the diff_id is the blob's own digest when
    // the algorithms agree: no second hash of the same bytes.
    if (!(plain && compressed_is_sha256_)) tar_hasher_->update(data, n);
    for (auto& o : others_)
      if (!(plain && o.blob_algorithm)) o.hasher->update(data, n);
    framing_.feed(data, n);
  }

  const TarFraming& framing() const { return framing_; }

  void finish(bool plain) {
    auto& f = result_.facts;
    f.end_of_archive = framing_.end_of_archive();
    f.end_of_entries = framing_.end_of_entries();
    f.trailing_nonzero = framing_.trailing_nonzero();
    f.windows_problems_dropped = framing_.windows_problems_dropped();
    if (result_.read_error.empty() && compressed_hasher_)
      result_.compressed_encoded = compressed_hasher_->finish_hex();
    if (!result_.read_error.empty() || !f.decompress_error.empty() || f.limit_hit) return;
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

/// The uncompressed stream as libarchive pulls it.
class Stream {
 public:
  virtual ~Stream() = default;
  /// Next decoded chunk; 0 at the end of the stream.
  virtual std::size_t next(const void** data) = 0;
};

/// One thread: the producer runs inside libarchive's read callback, and
/// the same two buffers serve every step.
class InlineStream final : public Stream, private BufferSource {
 public:
  InlineStream(Producer& producer, Consumer& consumer) : producer_(producer), consumer_(consumer) {
    raw_.bytes.resize(kReadChunk);
    out_.bytes.resize(kOutChunk);
  }

  std::size_t next(const void** data) override {
    std::size_t delivered = 0;
    while (delivered == 0) {
      const bool more = producer_.step(*this, [&](Event e, Buffer* b, std::size_t n) {
        if (e == Event::raw) consumer_.on_raw(b->bytes.data(), n);
        if (e == Event::out) {
          consumer_.on_out(b->bytes.data(), n, producer_.plain());
          *data = b->bytes.data();
          delivered = n;
        }
      });
      if (!more) break;
    }
    return delivered;
  }

 private:
  Buffer* take_raw() override { return &raw_; }
  Buffer* take_out() override { return &out_; }
  void release(Buffer*) override {}

  Producer& producer_;
  Consumer& consumer_;
  Buffer raw_;
  Buffer out_;
};

/// Two threads: a reader thread reads and decodes (the costliest step)
/// while the caller's thread hashes both streams and walks the tar. Chunks
/// travel through a bounded queue; a fixed set of buffers bounds memory.
class SplitStream final : public Stream, private BufferSource {
 public:
  SplitStream(Producer& producer, Consumer& consumer) : producer_(producer), consumer_(consumer) {
    for (auto& b : buffers_) b.bytes.resize(std::max(kReadChunk, kOutChunk));
    for (auto& b : buffers_) free_.push_back(&b);
    thread_ = std::thread([this] {
      while (producer_.step(*this, [this](Event e, Buffer* b, std::size_t n) { push(e, b, n); })) {
      }
    });
  }
  ~SplitStream() override {
    drain();
    thread_.join();
  }
  SplitStream(const SplitStream&) = delete;
  SplitStream& operator=(const SplitStream&) = delete;

  std::size_t next(const void** data) override {
    if (held_ != nullptr) release(std::exchange(held_, nullptr));
    while (!ended_) {
      const Item item = pop();
      if (item.event == Event::end) {
        ended_ = true;
        break;
      }
      if (item.event == Event::raw) {
        consumer_.on_raw(item.buffer->bytes.data(), item.size);
        release(item.buffer);
        continue;
      }
      consumer_.on_out(item.buffer->bytes.data(), item.size, producer_.plain());
      held_ = item.buffer;  // libarchive reads it until the next call
      *data = item.buffer->bytes.data();
      return item.size;
    }
    return 0;
  }

  /// Consumes the rest of the stream (after libarchive stopped).
  void drain() {
    const void* ignored = nullptr;
    while (next(&ignored) > 0) {
    }
  }

 private:
  struct Item {
    Event event;
    Buffer* buffer;
    std::size_t size;
  };

  Buffer* take(std::size_t) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !free_.empty(); });
    Buffer* b = free_.back();
    free_.pop_back();
    b->users = 1;
    return b;
  }
  Buffer* take_raw() override { return take(kReadChunk); }
  Buffer* take_out() override { return take(kOutChunk); }
  void release(Buffer* b) override {
    if (--b->users > 0) return;
    {
      std::lock_guard lock(mutex_);
      free_.push_back(b);
    }
    cv_.notify_all();
  }

  void push(Event e, Buffer* b, std::size_t n) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back({e, b, n});
    }
    cv_.notify_all();
  }
  Item pop() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !queue_.empty(); });
    const Item item = queue_.front();
    queue_.pop_front();
    return item;
  }

  Producer& producer_;
  Consumer& consumer_;
  std::array<Buffer, 12> buffers_;
  std::vector<Buffer*> free_;
  std::deque<Item> queue_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::thread thread_;
  Buffer* held_ = nullptr;
  bool ended_ = false;
};

la_ssize_t read_callback(archive* /*a*/, void* ctx, const void** buffer) {
  return static_cast<la_ssize_t>(static_cast<Stream*>(ctx)->next(buffer));
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

void walk_tar(Stream& pass, const TarFraming& framing, const ScanOptions& options,
              engine::LayerFacts& facts) {
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
      entry.offset =
          static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_read_header_position(a)));
      const RawHeader* header = framing.header_from(entry.offset);
      entry.type =
          entry_type(e, header != nullptr ? std::optional(header->typeflag) : std::nullopt);
      if (header != nullptr && header->windows_problem != 0)
        facts.windows_problems.push_back(
            {entry.path, framing.windows_problems()[header->windows_problem - 1]});
      const char* link = entry.type == '1' ? archive_entry_hardlink(e) : archive_entry_symlink(e);
      entry.link = link != nullptr ? link : "";
      entry.size = static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_entry_size(e)));
      entry.sparse = archive_entry_sparse_count(e) > 0 || entry.type == 'S';
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
  Producer producer(*reader, declared, options, result);
  Consumer consumer(blob, options, result);
  {
    std::unique_ptr<Stream> stream;
    if (options.split_threads)
      stream = std::make_unique<SplitStream>(producer, consumer);
    else
      stream = std::make_unique<InlineStream>(producer, consumer);
    walk_tar(*stream, consumer.framing(), options, result.facts);
    // The bytes after the end-of-archive blocks still belong to the
    // diff_id, and a cap or decoding error leaves raw bytes that still
    // belong to the blob's digest: read everything.
    const void* ignored = nullptr;
    while (stream->next(&ignored) > 0) {
    }
  }
  producer.finish();
  consumer.finish(producer.plain());
  return result;
}

}  // namespace ocv::layer
