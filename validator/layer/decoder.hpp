#pragma once
// Streaming decompressors for layer blobs. Each checks the integrity the
// format carries (gzip CRC-32 and length trailer, zstd frame structure and
// optional checksum) and tells a clean end of stream from a truncated one.
// Bytes after the last complete gzip member or zstd frame that do not start
// another member or frame are counted as trailing data, not decoded.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "validator/model/media_types.hpp"

namespace ocv::layer {

class Decoder {
 public:
  virtual ~Decoder() = default;
  /// Hands the decoder the next input chunk; it must have consumed the
  /// previous one (needs_input()).
  virtual void set_input(const std::uint8_t* data, std::size_t size) = 0;
  virtual bool needs_input() const = 0;
  /// Decodes into `out` (up to `cap` bytes) and returns the count written.
  /// Returns 0 when it needs input, finished, or failed.
  virtual std::size_t decode(std::uint8_t* out, std::size_t cap) = 0;
  /// Called once the file has no more bytes: a stream that is not complete
  /// becomes a "truncated" error.
  virtual void end_of_input() = 0;
  /// Non-empty after a corrupt or truncated stream; decoding has stopped.
  virtual const std::string& error() const = 0;
  /// Input bytes after the last complete member/frame that start no new one.
  virtual std::uint64_t trailing_bytes() const = 0;
  /// The window a frame asked for when it was larger than the decoder may
  /// use (decoding stopped; not a fault of the stream); 0 otherwise.
  virtual std::uint64_t window_over_limit() const { return 0; }
};

/// Memory for zstd windows shared by every layer decoded at once. A zstd
/// frame may ask for a window of up to --max-zstd-window bytes, and a
/// decoder touches all of it once the frame decodes to more than that; with
/// one decoder per thread, sixteen threads could claim 2 GiB. Each decoder
/// takes its frame's window from the budget before decoding and gives it
/// back when done, waiting while the budget is used up by others.
class WindowBudget {
 public:
  explicit WindowBudget(std::uint64_t total) : available_(total) {}
  /// Blocks until `bytes` are available (callers never ask for more than
  /// the total).
  void acquire(std::uint64_t bytes) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return available_ >= bytes; });
    available_ -= bytes;
  }
  void release(std::uint64_t bytes) {
    {
      const std::lock_guard lock(mutex_);
      available_ += bytes;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t available_;
};

/// How large a zstd window a decoder may use, and the shared budget it
/// takes it from (none: no sharing).
struct ZstdLimits {
  std::uint64_t max_window = 128ull << 20;
  WindowBudget* budget = nullptr;
};

/// A decoder for the compression; `none` passes bytes through.
std::unique_ptr<Decoder> make_decoder(engine::mt::Compression compression,
                                      const ZstdLimits& zstd = {});

}  // namespace ocv::layer
