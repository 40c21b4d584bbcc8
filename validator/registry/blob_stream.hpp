#pragma once
// A blob read from the registry as it arrives, for the layer pass and the
// hashers: nothing is written to disk, and a connection that breaks off is
// resumed where it stopped (a Range request; when the registry ignores
// Range, the bytes already read are skipped) a bounded number of times.
// A blob the registry keeps ending early is a content fault (recorded for
// the registry rules, and the blob is unreadable); a registry that stops
// answering ends the run (RegistrySource::fail).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "validator/digest/digest.hpp"
#include "validator/registry/http_transport.hpp"
#include "validator/source/source.hpp"

namespace ocv::registry {

class RegistrySource;

class BlobStream final : public source::BlobReader {
 public:
  /// `digest` "sha256:<hex>"; `path` its layout path; `manifest`: read
  /// from the manifests endpoint.
  BlobStream(const RegistrySource& source, std::string digest, std::string path, bool manifest);
  ~BlobStream() override;
  long read(void* buffer, std::size_t size) override;
  const std::string& error() const override { return error_; }

 private:
  /// (Re)opens the stream at received_; false with error_ set.
  bool open();
  /// Records what the answer said, once the body is read (or given up).
  void finish(bool truncated, const std::string& why);

  const RegistrySource& source_;
  std::string digest_;
  std::string path_;
  std::string request_path_;
  bool manifest_;
  std::unique_ptr<HttpStream> stream_;
  std::uint64_t received_ = 0;
  std::optional<std::uint64_t> total_;
  std::string header_digest_;
  /// The body hashed with the header digest's algorithm when it is not the
  /// blob's own (the engine hashes that one): null when the header names
  /// none this build computes, or came only with a resumed answer.
  std::unique_ptr<digest::Hasher> header_hasher_;
  std::string header_algorithm_;
  std::string content_type_;
  int attempt_ = 1;
  int reopened_ = 0;
  bool finished_ = false;
  std::string error_;
};

}  // namespace ocv::registry
