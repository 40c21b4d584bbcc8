#pragma once
// What an archive source knows about the file the image came in, beyond the
// layout it holds: how its members were named and stored, and, for a
// `docker save` archive, what its manifest.json says and where the paths it
// names lead. Plain data: the archive rules judge it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "validator/json/strict_json.hpp"
#include "validator/model/file_type.hpp"

namespace ocv::source {

/// Something wrong with the archive's members, found by the header pass.
struct MemberProblem {
  enum class Kind {
    unsafe_name,  // absolute, or a ".." component
    duplicate,    // the same name more than once
    bad_link,     // a link whose target leaves the archive
    special,      // a device, FIFO or socket
    sparse,       // a sparse member
    truncated,    // the archive ends inside a member or its headers
    unreadable,   // a header that could not be read
  };
  Kind kind;
  std::string member;  // the name as written (shortened when very long)
  std::string detail;
};

/// A path named by manifest.json, and where it leads inside the archive.
struct NamedPath {
  std::string written;                // as manifest.json spells it
  std::string pointer;                // JSON pointer of the string in manifest.json
  FileType type = FileType::missing;  // links followed inside the archive
  bool leaves_archive = false;        // absolute, "..", or a link out of it
  std::uint64_t size = 0;
  /// The blob path the layout knows this member by ("blobs/sha256/<hex>"),
  /// when it is one; empty otherwise.
  std::string blob;
};

/// One entry of manifest.json.
struct DockerImage {
  std::string pointer;  // "/0"
  std::optional<NamedPath> config;
  std::vector<std::string> repo_tags;
  std::vector<NamedPath> layers;
  /// sha256:<hex> of the config member's bytes, when it was read.
  std::optional<std::string> config_digest;
};

struct ArchiveFacts {
  /// "oci-archive", "docker-archive" (manifest.json only) or
  /// "docker-archive with an OCI layout" (both, as Docker 25+ writes).
  std::string kind;
  std::string root;  // "" or "dir/": where the layout sits in the archive
  std::vector<MemberProblem> problems;
  std::size_t problems_dropped = 0;
  /// manifest.json, when the archive has one (parsed; may be malformed).
  std::shared_ptr<const json::ParsedJson> docker_manifest;
  std::vector<DockerImage> docker_images;
  /// The legacy `repositories` file, when present.
  std::shared_ptr<const json::ParsedJson> repositories;
  /// True when index.json, oci-layout and the manifests were made from
  /// manifest.json (a legacy archive has no OCI layout of its own).
  bool synthesized_layout = false;
  /// Blob paths whose names were made up for a legacy archive's layers
  /// (the config's diff_id): their content is compared with the config's
  /// diff_ids, not with their name.
  std::vector<std::string> synthesized_names;
  /// Bytes written to the private spool directory while reading a stream.
  std::uint64_t spooled_bytes = 0;
};

}  // namespace ocv::source
