#pragma once
// A conformance case: a small image described declaratively (a base, the
// layers it holds, edits to its JSON documents, changes to its files after
// they are written) and the exact set of rule IDs a conforming validator
// reports for it. Cases live in corpus/cases/*.json; the format is
// described in corpus/README.md.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "apps/conformance/archive_pack.hpp"
#include "apps/conformance/tar_stream.hpp"

namespace ocv::conformance {

/// One layer of a case's image.
struct LayerSpec {
  std::string compression = "gzip";       // gzip, zstd, none
  std::optional<std::string> media_type;  // default: the OCI type of the compression
  std::vector<TarMember> entries;
  bool end_blocks = true;          // write the tar end-of-archive blocks
  std::string tar_suffix;          // bytes appended to the tar stream before compression
  std::optional<std::string> raw;  // the whole uncompressed stream, instead of a tar
  std::string blob_suffix;         // bytes appended after compression
};

/// A change to a JSON document before it is serialized and hashed, so that
/// every descriptor pointing at it stays consistent.
struct Edit {
  enum class Op { set, remove, replace_text };
  std::string doc;  // "index", "oci-layout", "manifest", "config", "manifest/1", ...
  Op op = Op::set;
  std::string pointer;     // set, remove: RFC 6901 pointer
  std::string value_json;  // set: the value as JSON text, ${name.field} substituted
  std::string from, to;    // replace_text: first occurrence in the serialized text
};

/// A change to the written layout, after every digest was computed.
struct After {
  enum class Op { flip, truncate, append, write, remove, symlink, fifo, mkdir, move, add_blob };
  Op op = Op::flip;
  std::string target;    // a blob name ("layer/0", "config", ...) or a path in the layout
  long long offset = 0;  // flip: byte offset (negative = from the end); truncate: new size
                         // (negative = bytes removed from the end)
  std::string bytes;     // append, write, add_blob: the bytes; symlink: the link target;
                         // move: the new path in the layout
};

struct Case {
  std::string name;                              // unique, "<RULE>/<slug>" or "valid/<slug>"
  std::string rule;                              // the rule the case is about ("" for valid cases)
  std::string about;                             // one sentence: what is wrong (or tricky) and why
  std::string base = "image";                    // image, multi-platform, artifact
  std::string algorithm = "sha256";              // digest algorithm of every blob
  std::optional<std::vector<LayerSpec>> layers;  // replaces the base's layers
  std::vector<Edit> edits;
  std::vector<After> after;
  std::set<std::string> expect;  // exact set of rule IDs reported
  int exit_code = 0;             // 0 valid, 1 invalid, 2 cannot validate
  /// Validator limits the case needs (ocivalidate's --max-layer-size,
  /// --max-blob-size); 0 = the default. Other tools are run without them.
  std::uint64_t max_layer_bytes = 0;
  std::uint64_t max_blob_bytes = 0;
  /// When set, the image is handed over as an archive of this shape (the
  /// validator's input is the archive file, not the layout).
  std::optional<ArchiveSpec> archive;
  std::uint64_t max_layer_index_bytes = 0;
  std::uint64_t max_zstd_window = 0;
  std::uint64_t max_documents = 0;        // --max-documents
  std::uint64_t max_document_memory = 0;  // --max-document-memory
  std::uint64_t max_blob_files = 0;       // --max-blob-files
  /// Opt-in rules the case turns on (ocivalidate's --enable).
  std::vector<std::string> enable;
  std::string origin;  // the file the case came from
};

/// Parses a case file. Throws std::runtime_error naming the file and the
/// JSON pointer of a malformed case.
std::vector<Case> parse_cases(std::string_view text, std::string_view origin);

/// Every case of the embedded corpus (corpus/cases/*.json), in file order.
std::vector<Case> embedded_cases();

/// Every case of the *.json files in `dir`, in file-name order.
std::vector<Case> cases_from_directory(const std::string& dir);

}  // namespace ocv::conformance
