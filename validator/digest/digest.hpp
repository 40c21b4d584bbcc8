#pragma once
// Digest strings (`algorithm ":" encoded`, descriptor.md § Digests) and
// streaming hashers for the algorithms the validator can verify.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ocv::digest {

/// Where an image layout keeps the content of a digest (image-layout.md §
/// Blobs): "blobs/<algorithm>/<encoded>". Archives and registries are read
/// through the same paths, so this is the one place that spells them.
std::string blob_path(std::string_view algorithm, std::string_view encoded);
/// The blob path of digest text "<algorithm>:<encoded>" ("blobs/" + the
/// text when it has no ':').
std::string blob_path_of(std::string_view digest);
/// The digest text "<algorithm>:<encoded>" of a blob path, nullopt for a
/// path outside blobs/.
std::optional<std::string> digest_of_blob_path(std::string_view path);

struct Digest {
  std::string algorithm;  // "sha256"
  std::string encoded;    // "<hex>"
  std::string str() const { return algorithm + ":" + encoded; }
  std::string path() const { return blob_path(algorithm, encoded); }
};

/// Splits a digest that matches the general grammar (P-DIG:
/// `^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`). nullopt otherwise.
std::optional<Digest> parse(std::string_view text);

/// True when `algorithm` matches the algorithm part of P-DIG.
bool valid_algorithm_name(std::string_view algorithm);
/// True when `encoded` matches the encoded part of P-DIG.
bool valid_encoded_chars(std::string_view encoded);

/// Registered algorithms of the image-spec (sha256, sha512; blake3 on main).
bool is_registered(std::string_view algorithm);

/// The per-algorithm form of the encoded part for registered algorithms:
/// lowercase hex of the given length. nullopt for unregistered algorithms.
std::optional<std::size_t> registered_hex_length(std::string_view algorithm);

/// When the digest is well-formed for its algorithm: nullopt. Otherwise a
/// short reason ("sha256 needs 64 lowercase hex characters, found 63").
std::optional<std::string> algorithm_form_error(const Digest& d);

/// True when this build can compute `algorithm` (sha256, sha512).
bool can_verify(std::string_view algorithm);

/// Incremental hash of one algorithm, lowercase hex output.
class Hasher {
 public:
  virtual ~Hasher() = default;
  virtual void update(const void* data, std::size_t size) = 0;
  /// The lowercase hex digest; the hasher must not be used afterwards.
  virtual std::string finish_hex() = 0;
};

/// A hasher for a verifiable algorithm, or null.
std::unique_ptr<Hasher> make_hasher(std::string_view algorithm);

/// Hex digest of `bytes`; empty string when the algorithm is not verifiable.
std::string hash_hex(std::string_view algorithm, std::string_view bytes);

}  // namespace ocv::digest
