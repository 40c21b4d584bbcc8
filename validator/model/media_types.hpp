#pragma once
// The media types the validator knows (media-types.md), and what a blob of
// each type is expected to hold. Unknown types are legal (they only have to
// follow RFC 6838); this table only decides what gets parsed.
#include <optional>
#include <string_view>

#include "validator/model/check_context.hpp"

namespace ocv::engine::mt {

inline constexpr std::string_view kOciLayoutHeader = "application/vnd.oci.layout.header.v1+json";
inline constexpr std::string_view kOciDescriptor = "application/vnd.oci.descriptor.v1+json";
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view kOciEmpty = "application/vnd.oci.empty.v1+json";
inline constexpr std::string_view kOciLayerTar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view kOciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view kOciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view kOciNondistTar =
    "application/vnd.oci.image.layer.nondistributable.v1.tar";
inline constexpr std::string_view kOciNondistGzip =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
inline constexpr std::string_view kOciNondistZstd =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

inline constexpr std::string_view kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kDockerConfig = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view kDockerLayerGzip =
    "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view kDockerForeignLayerGzip =
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
inline constexpr std::string_view kDockerSchema1 =
    "application/vnd.docker.distribution.manifest.v1+json";
inline constexpr std::string_view kDockerSchema1Signed =
    "application/vnd.docker.distribution.manifest.v1+prettyjws";

/// Compression a layer media type declares.
enum class Compression { none, gzip, zstd };

/// The document kind a blob of this media type is parsed as (manifest,
/// index, config, empty), or nullopt for opaque blobs (layers, unknown types).
/// Docker v2 types map to their OCI equivalents.
std::optional<DocKind> document_kind(std::string_view media_type);

/// True for the OCI layer types and the Docker layer types (K-LAYER).
bool is_layer(std::string_view media_type);
/// Compression declared by a layer media type (K-LAYER only).
std::optional<Compression> layer_compression(std::string_view media_type);
/// True for the deprecated non-distributable layer types (OCI and Docker foreign).
bool is_nondistributable(std::string_view media_type);
/// True for the application/vnd.docker.* types of Docker's image format
/// (not BuildKit's application/vnd.docker.attestation.* types).
bool is_docker(std::string_view media_type);
/// True for an image config type (OCI or Docker).
bool is_image_config(std::string_view media_type);

}  // namespace ocv::engine::mt
