#pragma once
// Streaming decompressors for layer blobs. Each checks the integrity the
// format carries (gzip CRC-32 and length trailer, zstd frame structure and
// optional checksum) and tells a clean end of stream from a truncated one.
// Bytes after the last complete gzip member or zstd frame that do not start
// another member or frame are counted as trailing data, not decoded.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "validator/engine/media_types.hpp"

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
};

/// A decoder for the compression; `none` passes bytes through.
std::unique_ptr<Decoder> make_decoder(engine::mt::Compression compression);

}  // namespace ocv::layer
