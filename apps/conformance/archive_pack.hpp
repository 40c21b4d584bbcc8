#pragma once
// Packs an image layout directory into the archive shapes users meet, so
// that conformance cases and tests can hand validators archive files:
//
// - oci-archive: the layout as a tar, members named "oci-layout", or
//   "./oci-layout", or "DIR/oci-layout" (skopeo, buildah and podman write the
//   first; `tar -C DIR -cf x.tar .` the second).
// - docker-archive: `docker save` before Docker 25, podman and skopeo:
//   manifest.json [{Config, RepoTags, Layers}], repositories, <id>/layer.tar
//   (uncompressed), <id>/json, <id>/VERSION, <config hex>.json (Docker's
//   image spec v1.2; moby image/tarexport/save.go before v25).
// - docker-25: `docker save` of Docker 25+ with the classic store: an OCI
//   layout whose layers are uncompressed and named by diff_id, a manifest
//   made at save time, index.json entries annotated with
//   io.containerd.image.name and the tag, the legacy per-layer v1 JSON as
//   blobs, plus manifest.json with blobs/sha256/... paths and repositories
//   (moby image/tarexport/save.go, v25).
// - docker-containerd: `docker save` with the containerd image store: the
//   blobs as pulled (compressed), index.json entries annotated as above,
//   manifest.json naming the same blobs; members in name order, so index.json
//   comes after the blobs (containerd core/images/archive/exporter.go).
//
// The repository name of every tag is "ocivalidate/case".
#include <filesystem>
#include <string>
#include <vector>

#include "apps/conformance/tar_stream.hpp"

namespace ocv::conformance {

/// A change to the archive after it was laid out, before it is written.
struct ArchiveEdit {
  enum class Op { set_json, remove_json, add_member, remove_member, truncate };
  Op op = Op::set_json;
  std::string member;      // set_json/remove_json/remove_member: the member's name
  std::string pointer;     // set_json/remove_json: RFC 6901 pointer in the member's JSON
  std::string value_json;  // set_json: the new value
  TarMember added;         // add_member: appended (after the others)
  long long size = 0;      // truncate: the archive's new size (negative: bytes dropped)
};

/// In an edit's member name, value and added member, "${config}" and
/// "${layer/N}" stand for the member names of the first image's config and
/// layers in the shape written.
struct ArchiveSpec {
  std::string shape = "oci-archive";  // oci-archive, docker-archive, docker-25, docker-containerd
  std::string prefix;                 // oci-archive only: "" or "./" or "DIR/"
  std::string compression = "none";   // none, gzip, zstd: of the whole archive
  std::vector<ArchiveEdit> edits;
};

/// Writes the archive of the layout at `layout` to `out`. Throws
/// std::runtime_error when the layout cannot be read or an edit does not apply.
void pack_archive(const std::filesystem::path& layout, const ArchiveSpec& spec,
                  const std::filesystem::path& out);

}  // namespace ocv::conformance
