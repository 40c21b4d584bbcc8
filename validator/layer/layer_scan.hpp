#pragma once
// One streaming pass over a layer blob: a single read of the file feeds the
// compressed hasher, the decompressor (chosen by the blob's magic bytes,
// which are compared with the media type), the hasher of the uncompressed
// stream (the diff_id, including everything after the tar end-of-archive
// blocks; sha256, plus any other algorithm a config asks for), the tar
// framing, and libarchive's header walk. libarchive reads from our callback
// and has no skip callback, so every byte passes the hashers. Memory stays
// flat whatever the layer size.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "validator/layer/decoder.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/media_types.hpp"
#include "validator/source/source.hpp"

namespace ocv::layer {

struct ScanOptions {
  std::uint64_t max_uncompressed_bytes = 64ull << 30;  // per layer; decompression-bomb guard
  /// Bytes of the member index kept per layer (paths, types, links) for
  /// the checks across members and layers; members past it are still
  /// checked one by one.
  std::uint64_t max_index_bytes = 32ull << 20;
  /// The largest zstd window a frame may ask for, and the budget shared
  /// with the layers decoded at the same time.
  ZstdLimits zstd;
  /// Decode on a second thread while this one hashes and walks the tar:
  /// for a lone large layer when a core would otherwise sit idle.
  bool split_threads = false;
  /// Algorithms besides sha256 that configs use for this layer's diff_id
  /// (sha512): the uncompressed stream is hashed with each of them too.
  /// Algorithms this build cannot compute are ignored.
  std::vector<std::string> diff_id_algorithms;
  /// When set, counts the blob's bytes as they are read (progress reports).
  std::atomic<std::uint64_t>* bytes_read = nullptr;
};

struct ScanResult {
  engine::LayerFacts facts;
  /// Encoded digest of the blob's bytes with the blob's algorithm, when
  /// verifiable and fully read.
  std::optional<std::string> compressed_encoded;
  std::string read_error;  // the file could not be opened or read
};

/// Blobs read once from a stream, with what the pass over them found (the
/// digest of the blob, and the layer facts).
struct PassedBlobs {
  /// By layout path.
  std::map<std::string, ScanResult, std::less<>> results;
  /// Per layout path, the diff_id algorithms besides sha256 wanted of it.
  using Wanted = std::map<std::string, std::set<std::string>, std::less<>>;
  /// Reads the stream once more for digests of the uncompressed layers
  /// that a config read after them asked for (a sha512 diff_id): per layout
  /// path, "<algorithm>:<hex>" of each wanted algorithm. Empty when the
  /// stream cannot be read again (a pipe); leaves out a layer that did not
  /// read the same the second time.
  std::function<std::map<std::string, std::vector<std::string>>(const Wanted&)> read_again;
};

/// Detects gzip, zstd or a tar header from a blob's first bytes.
engine::Magic detect_magic(const std::uint8_t* data, std::size_t size);

/// Runs the pass over blobs/<alg>/<encoded> of `source`.
ScanResult scan_layer(const source::Source& layout, const engine::BlobFacts& blob,
                      engine::mt::Compression declared, const ScanOptions& options = {});
/// Runs the pass over a blob already opened, whose digest uses `algorithm`.
ScanResult scan_layer(source::BlobReader& reader, std::string_view algorithm,
                      engine::mt::Compression declared, const ScanOptions& options = {});

}  // namespace ocv::layer
