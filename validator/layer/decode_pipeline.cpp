#include "validator/layer/decode_pipeline.hpp"

#include <array>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "validator/layer/decoder.hpp"

namespace ocv::layer {
namespace {

using engine::Magic;
using engine::mt::Compression;

constexpr std::size_t kChunk = 256u << 10;

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

/// A chunk buffer, taken from a process-wide pool and given back to it: a
/// fresh buffer would cost, per layer, the allocator's zeroing and a page
/// fault for every page the kernel hands out (and zeroes) again.
class PooledBuffer {
 public:
  PooledBuffer() : data_(take()) {}
  ~PooledBuffer() { give(std::move(data_)); }
  PooledBuffer(const PooledBuffer&) = delete;
  PooledBuffer& operator=(const PooledBuffer&) = delete;
  std::uint8_t* data() { return data_.get(); }

 private:
  using Buffer = std::unique_ptr<std::uint8_t[]>;
  // Enough for both threads of a split layer and the inline layers beside
  // it; beyond that buffers are freed.
  static constexpr std::size_t kKept = 32;
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static std::vector<Buffer>& kept() {
    static std::vector<Buffer> k;
    return k;
  }
  static Buffer take() {
    {
      const std::lock_guard lock(mutex());
      if (!kept().empty()) {
        Buffer b = std::move(kept().back());
        kept().pop_back();
        return b;
      }
    }
    return Buffer(new std::uint8_t[kChunk]);  // not zeroed: always written before read
  }
  static void give(Buffer b) {
    if (!b) return;
    const std::lock_guard lock(mutex());
    if (kept().size() < kKept) kept().push_back(std::move(b));
  }
  Buffer data_;
};

/// The compression a blob is decoded with, from its first chunk: what the
/// bytes are, so that the tar checks still run when the media type lies
/// about the compression (a layer rule reports the lie); the declared one when
/// the bytes say nothing.
Compression decoded_as(Compression declared, const std::uint8_t* first, std::size_t size) {
  switch (detect_magic(first, size)) {
    case Magic::gzip:
      return Compression::gzip;
    case Magic::zstd:
      return Compression::zstd;
    case Magic::none:
      return Compression::none;
    case Magic::other:
      break;
  }
  return declared;
}

/// Reads the blob chunk by chunk, counting its bytes; a read error ends the
/// blob and is recorded in the scan's result.
class ChunkReader {
 public:
  ChunkReader(source::BlobReader& reader, const ScanOptions& options, ScanResult& result)
      : reader_(reader), options_(options), result_(result) {}

  /// Fills `buffer`; 0 at the end of the file or after a read error.
  std::size_t read(std::uint8_t* buffer, std::size_t cap) {
    const long got = reader_.read(buffer, cap);
    if (got < 0) {
      result_.read_error = reader_.error();
      return 0;
    }
    const auto n = static_cast<std::size_t>(got);
    result_.facts.compressed_bytes += n;
    if (options_.bytes_read != nullptr)
      options_.bytes_read->fetch_add(n, std::memory_order_relaxed);
    return n;
  }
  bool failed() const { return !result_.read_error.empty(); }

 private:
  source::BlobReader& reader_;
  const ScanOptions& options_;
  ScanResult& result_;
};

/// Decodes raw chunks with the decoder the first chunk's magic bytes call
/// for; stops at a decoding error, at the cap on uncompressed bytes, or when
/// the decoder makes no progress.
class Decoding {
 public:
  Decoding(Compression declared, const ScanOptions& options, ScanResult& result)
      : declared_(declared), options_(options), result_(result) {
    result_.facts.declared_compression = std::string(compression_name(declared));
  }

  /// The next raw chunk; it must stay valid until active() turns false.
  void input(const std::uint8_t* data, std::size_t n) {
    if (!decoder_) start(data, n);
    if (usable()) decoder_->set_input(data, n);
  }
  /// The file has no more bytes; `complete`: it was read without error.
  void end_of_input(bool complete) {
    if (!decoder_) start(nullptr, 0);
    if (complete && !result_.facts.limit_hit) decoder_->end_of_input();
  }
  /// Whether decode() may produce more from the input it has.
  bool active() const { return usable() && !decoder_->needs_input(); }
  /// Decodes into `out`; returns the bytes delivered (0: none this time).
  std::size_t decode(std::uint8_t* out, std::size_t cap) {
    const std::size_t n = decoder_->decode(out, cap);
    if (n == 0) {
      // Decoders always progress; this turns a bug into an error, not a hang.
      if (decoder_->error().empty() && !decoder_->needs_input() && ++stalls_ > kMaxStalls)
        stalled_ = true;
      return 0;
    }
    stalls_ = 0;
    auto& f = result_.facts;
    if (f.uncompressed_bytes + n > options_.max_uncompressed_bytes) {
      f.limit_hit = true;  // stop decoding; the raw bytes are still read and hashed
      return 0;
    }
    f.uncompressed_bytes += n;
    return n;
  }
  /// For an uncompressed blob, the raw chunk is the decoded one: takes it
  /// as it is, counted as decode() counts. Returns 0 when the blob is not
  /// uncompressed or decoding has stopped (then input() it as usual).
  std::size_t take_plain(const std::uint8_t* data, std::size_t n) {
    if (!decoder_) start(data, n);
    if (!plain_ || !usable() || !decoder_->needs_input()) return 0;
    auto& f = result_.facts;
    if (f.uncompressed_bytes + n > options_.max_uncompressed_bytes) {
      f.limit_hit = true;
      return 0;
    }
    f.uncompressed_bytes += n;
    return n;
  }
  bool plain() const { return plain_; }
  void finish() {
    auto& f = result_.facts;
    if (!decoder_) return;
    f.decompress_error = stalled_ ? "decoder made no progress" : decoder_->error();
    // A window over the limit is the validator's limit, not a broken stream.
    if ((f.window_over_limit = decoder_->window_over_limit()) != 0) f.decompress_error.clear();
    f.trailing_compressed = decoder_->trailing_bytes();
  }

 private:
  bool usable() const {
    return decoder_ && !stalled_ && decoder_->error().empty() && !result_.facts.limit_hit;
  }
  void start(const std::uint8_t* first, std::size_t size) {
    const Magic magic = detect_magic(first, size);
    result_.facts.magic = magic;
    const Compression actual = decoded_as(declared_, first, size);
    decoder_ = make_decoder(actual, options_.zstd);
    plain_ = actual == Compression::none;
  }

  static constexpr int kMaxStalls = 1000;
  Compression declared_;
  const ScanOptions& options_;
  ScanResult& result_;
  std::unique_ptr<Decoder> decoder_;
  bool stalled_ = false;
  bool plain_ = false;
  int stalls_ = 0;
};

/// What both stream kinds are made of.
class Pipeline : public DecodedStream {
 public:
  Pipeline(source::BlobReader& reader, Compression declared, const ScanOptions& options,
           ScanResult& result, ChunkSink& sink)
      : reader_(reader, options, result), decoding_(declared, options, result), sink_(sink) {}
  bool plain() const override { return decoding_.plain(); }

 protected:
  ChunkReader reader_;
  Decoding decoding_;
  ChunkSink& sink_;
};

/// One thread: reading, decoding and the sink all run inside next(), with
/// one raw and one decoded buffer.
class InlineStream final : public Pipeline {
 public:
  using Pipeline::Pipeline;

  std::size_t next(const void** data) override {
    for (;;) {
      if (decoding_.active()) {
        const std::size_t n = decoding_.decode(out_.data(), kChunk);
        if (n == 0) continue;
        sink_.on_out(out_.data(), n, decoding_.plain());
        *data = out_.data();
        return n;
      }
      if (ended_) return 0;
      const std::size_t n = reader_.read(raw_.data(), kChunk);
      if (n == 0) {
        ended_ = true;
        decoding_.end_of_input(!reader_.failed());
        continue;
      }
      sink_.on_raw(raw_.data(), n);
      if (decoding_.take_plain(raw_.data(), n) == n) {
        // Nothing to decode: the chunk read is the chunk decoded.
        sink_.on_out(raw_.data(), n, true);
        *data = raw_.data();
        return n;
      }
      decoding_.input(raw_.data(), n);
    }
  }
  void finish() override { decoding_.finish(); }

 private:
  PooledBuffer raw_;
  PooledBuffer out_;
  bool ended_ = false;
};

/// Two threads: a decoder thread does nothing but decode (the costliest
/// step, and so the critical path of a lone large layer), while the
/// caller's thread reads the file, hashes the raw chunks and walks the tar.
/// An uncompressed blob has nothing to decode: there the decoder thread
/// hashes the raw chunks instead (the hash is then the costliest step), and
/// the caller's thread only reads and walks.
/// Chunks travel through two queues; a fixed set of buffers bounds memory.
class SplitStream final : public Pipeline {
 public:
  SplitStream(source::BlobReader& reader, Compression declared, const ScanOptions& options,
              ScanResult& result, ChunkSink& sink)
      : Pipeline(reader, declared, options, result, sink), declared_(declared) {
    for (auto& b : buffers_) free_.push_back(b.data());
    thread_ = std::thread([this] { decode_loop(); });
  }
  ~SplitStream() override { stop(); }
  SplitStream(const SplitStream&) = delete;
  SplitStream& operator=(const SplitStream&) = delete;

  std::size_t next(const void** data) override {
    if (held_ != nullptr) give_back(std::exchange(held_, nullptr));
    while (!ended_) {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return !outputs_.empty() || may_read(); });
      // Keep the decoder fed first: it is the slower side.
      if (may_read() && (raw_in_flight_ < kRawLowWater || outputs_.empty())) {
        std::uint8_t* b = free_.back();
        free_.pop_back();
        ++raw_in_flight_;
        lock.unlock();
        read_into(b);
        continue;
      }
      const Chunk out = outputs_.front();
      outputs_.pop_front();
      lock.unlock();
      if (out.data == nullptr) {
        ended_ = true;
        break;
      }
      sink_.on_out(out.data, out.size, decoding_.plain());
      held_ = out.data;  // libarchive reads it until the next call
      *data = out.data;
      return out.size;
    }
    return 0;
  }
  void finish() override {
    stop();
    decoding_.finish();
  }

 private:
  /// A chunk in a queue; a null `data` ends the stream (`complete`: the
  /// file was read without error).
  struct Chunk {
    std::uint8_t* data;
    std::size_t size;
    bool complete;
  };

  void stop() {
    if (!thread_.joinable()) return;
    drain();
    thread_.join();
  }

  bool may_read() const {
    return !reading_done_ && raw_in_flight_ < kMaxRawInFlight && !free_.empty();
  }

  void read_into(std::uint8_t* b) {
    const std::size_t n = reader_.read(b, kChunk);
    // The first chunk says how the decoder will read the blob (it looks at
    // the same bytes): set before the chunk is queued, read by the decoder
    // thread only after it took the chunk from the queue.
    if (first_chunk_) {
      first_chunk_ = false;
      raw_on_decoder_ = decoded_as(declared_, b, n) == Compression::none;
    }
    if (n > 0 && !raw_on_decoder_) sink_.on_raw(b, n);
    {
      const std::lock_guard lock(mutex_);
      if (n > 0) {
        inputs_.push_back({b, n, true});
      } else {
        reading_done_ = true;
        --raw_in_flight_;
        free_.push_back(b);
        inputs_.push_back({nullptr, 0, !reader_.failed()});
      }
    }
    cv_.notify_all();
  }

  void decode_loop() {
    std::uint8_t* out = nullptr;
    for (;;) {
      const Chunk in = pop_input();
      if (in.data == nullptr) {
        decoding_.end_of_input(in.complete);
      } else {
        if (raw_on_decoder_) {
          sink_.on_raw(in.data, in.size);
          // Nothing to decode: the chunk itself goes on, without a copy.
          if (decoding_.take_plain(in.data, in.size) == in.size) {
            {
              const std::lock_guard lock(mutex_);
              --raw_in_flight_;
              outputs_.push_back({in.data, in.size, true});
            }
            cv_.notify_all();
            continue;
          }
        }
        decoding_.input(in.data, in.size);
      }
      while (decoding_.active()) {
        if (out == nullptr) out = take_free();
        const std::size_t n = decoding_.decode(out, kChunk);
        if (n > 0) push_output({std::exchange(out, nullptr), n, true});
      }
      if (in.data == nullptr) break;
      {
        const std::lock_guard lock(mutex_);
        --raw_in_flight_;
        free_.push_back(in.data);
      }
      cv_.notify_all();
    }
    if (out != nullptr) give_back(out);
    push_output({nullptr, 0, true});
  }

  Chunk pop_input() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !inputs_.empty(); });
    const Chunk in = inputs_.front();
    inputs_.pop_front();
    return in;
  }
  std::uint8_t* take_free() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !free_.empty(); });
    std::uint8_t* b = free_.back();
    free_.pop_back();
    return b;
  }
  void give_back(std::uint8_t* b) {
    {
      const std::lock_guard lock(mutex_);
      free_.push_back(b);
    }
    cv_.notify_all();
  }
  void push_output(Chunk c) {
    {
      const std::lock_guard lock(mutex_);
      outputs_.push_back(c);
    }
    cv_.notify_all();
  }

  // Raw chunks are capped below the buffer count, so that the decoder
  // always finds a buffer to decode into.
  static constexpr std::size_t kBuffers = 12;
  static constexpr int kMaxRawInFlight = 4;
  static constexpr int kRawLowWater = 2;
  std::array<PooledBuffer, kBuffers> buffers_;
  std::vector<std::uint8_t*> free_;
  std::deque<Chunk> inputs_;   // read, for the decoder
  std::deque<Chunk> outputs_;  // decoded, for the caller
  int raw_in_flight_ = 0;      // taken for reading and not yet decoded
  bool reading_done_ = false;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::thread thread_;
  std::uint8_t* held_ = nullptr;
  bool ended_ = false;
  Compression declared_;
  bool first_chunk_ = true;      // caller's thread only
  bool raw_on_decoder_ = false;  // an uncompressed blob: the decoder thread hashes
};

}  // namespace

std::unique_ptr<DecodedStream> make_decoded_stream(source::BlobReader& reader, Compression declared,
                                                   const ScanOptions& options, ScanResult& result,
                                                   ChunkSink& sink) {
  if (options.split_threads) {
    try {
      return std::make_unique<SplitStream>(reader, declared, options, result, sink);
    } catch (const std::system_error&) {
      // No thread to be had (a pid limit): decode on this one. Nothing
      // has been read yet, so the inline stream starts from the top.
    }
  }
  return std::make_unique<InlineStream>(reader, declared, options, result, sink);
}

}  // namespace ocv::layer
