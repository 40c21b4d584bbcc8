#include "validator/model/media_types.hpp"

namespace ocv::engine::mt {

std::optional<DocKind> document_kind(std::string_view t) {
  if (t == kOciManifest || t == kDockerManifest) return DocKind::manifest;
  if (t == kOciIndex || t == kDockerManifestList) return DocKind::index;
  if (t == kOciConfig || t == kDockerConfig) return DocKind::config;
  if (t == kOciEmpty) return DocKind::empty;
  return std::nullopt;
}

bool is_layer(std::string_view t) { return layer_compression(t).has_value(); }

std::optional<Compression> layer_compression(std::string_view t) {
  if (t == kOciLayerTar || t == kOciNondistTar) return Compression::none;
  if (t == kOciLayerGzip || t == kOciNondistGzip || t == kDockerLayerGzip ||
      t == kDockerForeignLayerGzip)
    return Compression::gzip;
  if (t == kOciLayerZstd || t == kOciNondistZstd) return Compression::zstd;
  return std::nullopt;
}

bool is_nondistributable(std::string_view t) {
  return t == kOciNondistTar || t == kOciNondistGzip || t == kOciNondistZstd ||
         t == kDockerForeignLayerGzip;
}

bool is_docker(std::string_view t) {
  // BuildKit's attestation config type (docs/attestations/attestation-
  // storage.md) lives under vnd.docker but is no part of Docker's image
  // format: an OCI manifest that uses it mixes nothing.
  return t.starts_with("application/vnd.docker.") &&
         !t.starts_with("application/vnd.docker.attestation.");
}

bool is_image_config(std::string_view t) { return t == kOciConfig || t == kDockerConfig; }

}  // namespace ocv::engine::mt
