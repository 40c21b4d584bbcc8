#pragma once
// What the user names on the command line, and the source that reads it.
// The kind of input is found from its content, never from its file name: a
// directory is an image layout; a file or standard input is a tar archive
// (plain, gzip or zstd) holding an OCI layout (at its root, below "./" or
// below one directory), a `docker save` archive, or both. The transports
// are spelled as skopeo spells them.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "validator/archive/member_index.hpp"
#include "validator/layer/layer_scan.hpp"
#include "validator/source/source.hpp"

namespace ocv::archive {

struct InputSpec {
  enum class Transport { detect, oci, oci_archive, docker_archive };
  Transport transport = Transport::detect;
  std::string path;  // "-" = standard input
  std::string ref;   // validate only the image of this tag ("" = all)
};

/// Parses `PATH[:REF]`, `oci:DIR[:REF]`, `oci-archive:FILE[:REF]`,
/// `docker-archive:FILE[:REF]` and `-`. For a plain PATH, ":REF" is split
/// off only when the whole text names nothing and the part before the
/// last colon exists. Throws source::SourceError for a transport that is
/// not supported.
InputSpec parse_input(std::string_view text);

struct OpenOptions {
  IndexLimits limits;
  /// The largest document the engine parses (GraphOptions): a stream keeps
  /// every member up to this size, which may turn out to be a document.
  std::uint64_t max_document_bytes = 16u << 20;
};

struct OpenedInput {
  std::unique_ptr<source::Source> source;
  std::string kind;         // "directory", "oci-archive", "docker-archive", ...
  bool is_archive = false;  // locations are members of `name`
  std::string name;         // the path as typed, or "-"
  /// Blobs of a stream that were consumed as they passed, by layout path:
  /// hand them to the engine (ValidateOptions::passed).
  std::shared_ptr<layer::PassedBlobs> passed;
};

/// Opens the input. Throws source::SourceError when it cannot be read, or
/// is neither an image layout nor an image archive.
OpenedInput open_input(const InputSpec& spec, const OpenOptions& options = {});

}  // namespace ocv::archive
