#include "validator/layer/decoder.hpp"

#include <isa-l/igzip_lib.h>
#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader: the window a frame asks for
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace ocv::layer {
namespace {

/// Input handling shared by the decoders: the current chunk, and trailing
/// bytes counted once a stream has ended and no new one starts.
class InputWindow {
 public:
  void set(const std::uint8_t* data, std::size_t size) {
    data_ = data;
    size_ = size;
  }
  bool empty() const { return size_ == 0; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  void consume(std::size_t n) {
    data_ += n;
    size_ -= n;
  }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

class PlainDecoder final : public Decoder {
 public:
  void set_input(const std::uint8_t* data, std::size_t size) override { in_.set(data, size); }
  bool needs_input() const override { return in_.empty(); }
  std::size_t decode(std::uint8_t* out, std::size_t cap) override {
    const std::size_t n = std::min(cap, in_.size());
    std::memcpy(out, in_.data(), n);
    in_.consume(n);
    return n;
  }
  void end_of_input() override {}
  const std::string& error() const override { return error_; }
  std::uint64_t trailing_bytes() const override { return 0; }

 private:
  InputWindow in_;
  std::string error_;
};

/// Bookkeeping shared by the gzip and zstd decoders for what follows the
/// end of a member or frame: either another one starts, or the rest of
/// the input is trailing data. The decoder notices the difference when it
/// fails on the first bytes after a boundary.
class Boundary {
 public:
  void input_consumed(std::uint64_t n) { consumed_ += n; }
  void at_end() {
    at_boundary_ = true;
    boundary_offset_ = consumed_;
    ++completed_;
  }
  void started_again() { at_boundary_ = false; }
  /// Input bytes consumed since the last boundary.
  std::uint64_t since_boundary() const { return consumed_ - boundary_offset_; }
  bool at_boundary() const { return at_boundary_; }
  std::uint64_t completed() const { return completed_; }
  /// Everything from the boundary on becomes trailing data.
  void become_trailing(std::uint64_t unconsumed) {
    trailing_ = true;
    trailing_count_ = consumed_ - boundary_offset_ + unconsumed;
  }
  bool trailing() const { return trailing_; }
  void add_trailing(std::uint64_t n) { trailing_count_ += n; }
  std::uint64_t trailing_count() const { return trailing_count_; }

 private:
  std::uint64_t consumed_ = 0;
  std::uint64_t boundary_offset_ = 0;
  std::uint64_t completed_ = 0;
  std::uint64_t trailing_count_ = 0;
  bool at_boundary_ = false;
  bool trailing_ = false;
};

/// ISA-L's AVX2/AVX-512 code returns with the upper halves of the vector
/// registers in use. The SHA-NI instructions that hash the decoded bytes
/// next on the same thread are SSE-encoded and pay a transition penalty
/// for that state: SHA-256 ran at 1.27 instead of 1.76 GB/s behind
/// isal_inflate. vzeroupper clears the state; it exists only with AVX.
void clear_upper_vector_state() {
#if defined(__x86_64__)
  static const bool has_avx = __builtin_cpu_supports("avx");
  if (has_avx)
    asm volatile("vzeroupper" ::
                     : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
                       "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
}

/// gzip with ISA-L's igzip (about 2.3x zlib). ISAL_GZIP makes isal_inflate
/// parse the RFC 1952 header and verify the CRC-32 and ISIZE trailer.
/// Concatenated members are one stream (RFC 1952 §2.2).
class GzipDecoder final : public Decoder {
 public:
  GzipDecoder() { reset_member(); }

  void set_input(const std::uint8_t* data, std::size_t size) override {
    if (carry_.empty()) {
      in_.set(data, size);
      return;
    }
    // A header split across reads: igzip may wait for more bytes without
    // taking any, so the held bytes go first, joined with the new ones.
    carry_.insert(carry_.end(), data, data + size);
    in_.set(carry_.data(), carry_.size());
  }
  bool needs_input() const override { return in_.empty(); }

  std::size_t decode(std::uint8_t* out, std::size_t cap) override {
    if (!error_.empty() || in_.empty()) return 0;
    if (b_.trailing()) {
      b_.add_trailing(in_.size());
      in_.consume(in_.size());
      return 0;
    }
    if (b_.at_boundary()) {
      if (!starts_member()) {
        b_.become_trailing(in_.size());
        in_.consume(in_.size());
        carry_.clear();
        return 0;
      }
      if (state_.block_state == ISAL_BLOCK_FINISH) reset_member();
    }
    state_.next_in = const_cast<std::uint8_t*>(in_.data());
    state_.avail_in = static_cast<std::uint32_t>(std::min<std::size_t>(in_.size(), UINT32_MAX));
    state_.next_out = out;
    state_.avail_out = static_cast<std::uint32_t>(std::min<std::size_t>(cap, UINT32_MAX));
    const std::uint32_t before_in = state_.avail_in;
    const int rc = isal_inflate(&state_);
    clear_upper_vector_state();
    const std::uint32_t used = before_in - state_.avail_in;
    in_.consume(used);
    b_.input_consumed(used);
    const std::size_t produced = static_cast<std::size_t>(state_.next_out - out);
    if (rc < 0) {
      if (b_.at_boundary() && produced == 0 && rc == ISAL_INVALID_WRAPPER) {
        // Not a gzip member after a complete one: trailing data.
        b_.become_trailing(in_.size());
        in_.consume(in_.size());
        return 0;
      }
      error_ = describe(rc);
      return produced;
    }
    if (used > 0 || produced > 0) b_.started_again();
    if (state_.block_state == ISAL_BLOCK_FINISH) b_.at_end();
    if (used == 0 && produced == 0 && !in_.empty()) hold_rest();
    if (in_.empty() && !carry_.empty() && !holding_) carry_.clear();
    holding_ = false;
    return produced;
  }

  void end_of_input() override {
    if (!error_.empty() || b_.trailing()) return;
    if (!carry_.empty()) {
      error_ = "truncated gzip stream: it ends inside a gzip member header";
    } else if (b_.completed() == 0) {
      error_ = "truncated gzip stream: it ends before the first member is complete";
    } else if (!b_.at_boundary()) {
      // Bytes after a complete member that never completed another one:
      // a truncated member, or a short trailing fragment.
      error_ =
          "truncated gzip stream: it ends before the end of the compressed data and its "
          "CRC-32/length trailer";
    }
  }

  const std::string& error() const override { return error_; }
  std::uint64_t trailing_bytes() const override { return b_.trailing_count(); }

 private:
  void reset_member() {
    isal_inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP;
  }

  /// After a complete member, the next bytes must be the gzip magic 1f 8b
  /// (another member); anything else is trailing data.
  bool starts_member() const {
    static constexpr std::uint8_t kMagic[2] = {0x1f, 0x8b};
    const std::uint64_t seen = b_.since_boundary();
    for (std::uint64_t p = seen; p < 2 && p - seen < in_.size(); ++p)
      if (in_.data()[p - seen] != kMagic[p]) return false;
    return true;
  }

  /// No progress on the bytes at hand: keep them until more arrive.
  void hold_rest() {
    std::vector<std::uint8_t> rest(in_.data(), in_.data() + in_.size());
    carry_ = std::move(rest);
    in_.set(nullptr, 0);
    holding_ = true;
  }

  static std::string describe(int rc) {
    switch (rc) {
      case ISAL_INCORRECT_CHECKSUM:
        return "gzip CRC-32 or length trailer does not match the decompressed data (corrupt "
               "stream)";
      case ISAL_INVALID_WRAPPER:
        return "invalid gzip header";
      case ISAL_UNSUPPORTED_METHOD:
        return "unsupported gzip compression method";
      case ISAL_INVALID_BLOCK:
      case ISAL_INVALID_SYMBOL:
      case ISAL_INVALID_LOOKBACK:
        return "corrupt deflate data in the gzip stream";
      case ISAL_NEED_DICT:
        return "gzip stream needs a preset dictionary";
      default:
        return fmt::format("gzip decoding failed (igzip error {})", rc);
    }
  }

  inflate_state state_{};
  InputWindow in_;
  Boundary b_;
  std::string error_;
  std::vector<std::uint8_t> carry_;
  bool holding_ = false;
};

/// zstd with libzstd's streaming API. Skippable frames (zstd:chunked
/// metadata) are skipped by libzstd itself.
class ZstdDecoder final : public Decoder {
 public:
  explicit ZstdDecoder(const ZstdLimits& limits) : ds_(ZSTD_createDStream()), limits_(limits) {
    // Bound the window (and so the memory a hostile frame header can claim).
    int log = 10;
    while (log < 31 && (1ull << (log + 1)) <= limits_.max_window) ++log;
    ZSTD_DCtx_setParameter(ds_, ZSTD_d_windowLogMax, log);
  }
  ~ZstdDecoder() override {
    ZSTD_freeDStream(ds_);
    if (limits_.budget != nullptr && held_ > 0) limits_.budget->release(held_);
  }
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;

  void set_input(const std::uint8_t* data, std::size_t size) override { in_.set(data, size); }
  bool needs_input() const override { return in_.empty() && !flushing_; }

  std::size_t decode(std::uint8_t* out, std::size_t cap) override {
    if (!error_.empty() || (in_.empty() && !flushing_)) return 0;
    if (b_.trailing()) {
      b_.add_trailing(in_.size());
      in_.consume(in_.size());
      return 0;
    }
    const bool frame_start = b_.since_boundary() == 0 && (b_.at_boundary() || b_.completed() == 0);
    if (frame_start && !claim_window()) return 0;
    ZSTD_inBuffer input{in_.data(), in_.size(), 0};
    ZSTD_outBuffer output{out, cap, 0};
    const std::size_t rc = ZSTD_decompressStream(ds_, &output, &input);
    in_.consume(input.pos);
    b_.input_consumed(input.pos);
    if (ZSTD_isError(rc)) {
      if (b_.at_boundary() && output.pos == 0 &&
          ZSTD_getErrorCode(rc) == ZSTD_error_prefix_unknown) {
        b_.become_trailing(in_.size());
        in_.consume(in_.size());
        return 0;
      }
      error_ = fmt::format("corrupt zstd stream: {}", ZSTD_getErrorName(rc));
      return output.pos;
    }
    if (input.pos > 0 || output.pos > 0) b_.started_again();
    // A full output buffer may hide more decoded data still inside libzstd.
    flushing_ = output.pos == output.size;
    if (rc == 0) b_.at_end();
    return output.pos;
  }

  void end_of_input() override {
    if (!error_.empty() || b_.trailing()) return;
    if (b_.completed() == 0 || !b_.at_boundary())
      error_ = "truncated zstd stream: it ends in the middle of a frame";
  }

  const std::string& error() const override { return error_; }
  std::uint64_t trailing_bytes() const override { return b_.trailing_count(); }
  std::uint64_t window_over_limit() const override { return window_over_; }

 private:
  /// At the start of a frame: the window its header asks for must fit the
  /// limit, and is taken from the shared budget. A header cut by the end of
  /// the input chunk counts as the largest window allowed. Returns false
  /// when decoding stops.
  bool claim_window() {
    ZSTD_frameHeader header{};
    std::uint64_t window = limits_.max_window;
    if (ZSTD_getFrameHeader(&header, in_.data(), in_.size()) == 0) {
      if (header.frameType == ZSTD_skippableFrame) return true;
      window = header.windowSize;
      // A frame that says how long it is needs no more than that.
      if (header.frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN)
        window = std::min<std::uint64_t>(window, header.frameContentSize);
      if (header.windowSize > limits_.max_window) {
        window_over_ = header.windowSize;
        error_ = fmt::format("zstd frame asks for a {}-byte window, more than the limit of {}",
                             header.windowSize, limits_.max_window);
        return false;
      }
    }
    if (limits_.budget == nullptr || window <= held_) return true;
    // Give back what is held before waiting for more, so that two decoders
    // never wait for each other.
    if (held_ > 0) limits_.budget->release(held_);
    held_ = 0;
    limits_.budget->acquire(window);
    held_ = window;
    return true;
  }

  ZSTD_DStream* ds_;
  ZstdLimits limits_;
  std::uint64_t held_ = 0;
  std::uint64_t window_over_ = 0;
  InputWindow in_;
  Boundary b_;
  std::string error_;
  bool flushing_ = false;
};

}  // namespace

std::unique_ptr<Decoder> make_decoder(engine::mt::Compression compression, const ZstdLimits& zstd) {
  switch (compression) {
    case engine::mt::Compression::gzip:
      return std::make_unique<GzipDecoder>();
    case engine::mt::Compression::zstd:
      return std::make_unique<ZstdDecoder>(zstd);
    case engine::mt::Compression::none:
      break;
  }
  return std::make_unique<PlainDecoder>();
}

}  // namespace ocv::layer
