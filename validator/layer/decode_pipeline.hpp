#pragma once
// The front half of the layer pass: reads a layer blob in chunks and decodes
// it, handing every raw chunk (for the blob's digest) and every decoded
// chunk (for the diff_id and the tar framing) to a ChunkSink, and the
// decoded stream to whoever pulls it (libarchive). Memory is a fixed set of
// chunk buffers whatever the layer size.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "validator/layer/layer_scan.hpp"
#include "validator/model/media_types.hpp"
#include "validator/source/source.hpp"

namespace ocv::layer {

/// Receives the chunks in order, one call at a time. on_out runs on the
/// thread that pulls the stream; on_raw on that thread too, but for an
/// uncompressed blob decoded on a second thread (split_threads), on that
/// second thread: the two calls must touch separate state.
class ChunkSink {
 public:
  virtual ~ChunkSink() = default;
  virtual void on_raw(const std::uint8_t* data, std::size_t n) = 0;
  /// `plain`: the blob is an uncompressed tar (decoded bytes are the raw ones).
  virtual void on_out(const std::uint8_t* data, std::size_t n, bool plain) = 0;
};

/// The decoded stream.
class DecodedStream {
 public:
  virtual ~DecodedStream() = default;
  /// The next decoded chunk, valid until the next call; 0 at the end.
  virtual std::size_t next(const void** data) = 0;
  /// Reads and decodes the rest (every byte belongs to a digest).
  void drain() {
    const void* ignored = nullptr;
    while (next(&ignored) > 0) {
    }
  }
  /// After the end: whether the blob turned out to be an uncompressed tar.
  virtual bool plain() const = 0;
  /// After the end: writes the decoder's verdict into the scan's facts.
  virtual void finish() = 0;
};

/// `options.split_threads` decodes on a second thread while the caller's
/// thread reads the file, feeds the sink and walks the tar; otherwise all
/// of it runs on the caller's thread.
std::unique_ptr<DecodedStream> make_decoded_stream(source::BlobReader& reader,
                                                   engine::mt::Compression declared,
                                                   const ScanOptions& options, ScanResult& result,
                                                   ChunkSink& sink);

}  // namespace ocv::layer
