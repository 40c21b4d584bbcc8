#pragma once
// Where the bytes of an image come from. The content graph, the blob pool
// and the layer pass read through this interface only, so they never know
// whether the image is a layout directory, the members of an archive, or
// (later) a registry. It is deliberately small: the layout's root files,
// the blob listing, the type and size of one blob, a capped read for
// documents, and a sequential reader for everything else. Every call takes
// a digest's parts (algorithm, encoded) rather than a path, so that a source
// decides itself where a blob lives. Nothing is ever written.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "validator/model/file_type.hpp"

namespace ocv::source {
struct ArchiveFacts;
struct RegistryFacts;
}  // namespace ocv::source

namespace ocv::source {

/// The input cannot be validated at all (missing, unreadable, not an image).
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReadResult {
  enum class Status { ok, missing, not_regular, io_error };
  Status status = Status::missing;
  FileType type = FileType::missing;
  std::uint64_t file_size = 0;  // the file's size when regular
  std::string bytes;            // at most the requested cap
  bool truncated = false;       // the file holds more than the cap
  std::string error;            // what went wrong, for io_error
};

/// One file at blobs/<algorithm>/<encoded>.
struct BlobEntry {
  std::string path;  // "blobs/sha256/<hex>"
  std::string algorithm;
  std::string encoded;
  FileType type = FileType::missing;  // the entry itself: a link is a link
  std::uint64_t size = 0;             // of the content, when readable
  /// The content can be read as a regular file: the entry is one, or a link
  /// the source follows to one (a layout directory follows links only
  /// beneath its root). See settle_readability().
  bool readable = false;
  /// Why the content cannot be read, when something is there but it is not
  /// readable: "a FIFO", "a symbolic link that leads outside the layout"...
  std::string unreadable;
};

/// Fills in what a source left unsaid: a regular file is readable, and
/// anything else that is there but not readable says what it is.
void settle_readability(BlobEntry& entry);

/// Everything under blobs/: the files at blobs/<alg>/<encoded> and every
/// entry that does not fit that shape. A deque, so that a reader taking
/// the entries from the front frees them as it goes.
struct BlobScan {
  FileType blobs_dir = FileType::missing;
  std::deque<BlobEntry> blobs;
  std::vector<std::pair<std::string, FileType>> oddities;
  /// Entries past the bound scan_blobs() was given: counted, not listed.
  std::uint64_t unlisted = 0;
  std::string first_unlisted;  // the first of them by path ("blobs/sha256/<hex>")
};

/// Keeps the first `max_entries` of `scan.blobs` (sorted by path) and
/// counts the rest as unlisted, with the odd entries among them.
void keep_first_blobs(BlobScan& scan, std::uint64_t max_entries);

/// A blob opened for sequential reading (pull style), read once.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  /// Reads up to `size` bytes; 0 at the end; -1 on error (see error()).
  virtual long read(void* buffer, std::size_t size) = 0;
  virtual const std::string& error() const = 0;
};

class Source {
 public:
  virtual ~Source() = default;

  /// Names and types of the entries in the layout root, sorted by name.
  virtual std::vector<std::pair<std::string, FileType>> list_root() const = 0;
  /// Lists blobs/ two levels deep, at most `max_entries` entries, the
  /// first by name; the others are only counted (BlobScan::unlisted).
  virtual BlobScan scan_blobs(std::uint64_t max_entries) const = 0;
  /// Type and size of blobs/<alg>/<encoded>, with whether the content can be
  /// read and why not (path and digest parts are left empty); missing for
  /// names that are not plain path components.
  virtual BlobEntry blob_entry(std::string_view alg, std::string_view encoded) const = 0;
  /// Reads a regular file of the layout root, at most `cap` bytes.
  virtual ReadResult read_root_file(std::string_view name, std::size_t cap) const = 0;
  /// Reads blobs/<alg>/<encoded>, at most `cap` bytes.
  virtual ReadResult read_blob(std::string_view alg, std::string_view encoded,
                               std::size_t cap) const = 0;
  /// Opens blobs/<alg>/<encoded> for reading; null (with `why` set) when it
  /// is missing or not a regular file. Safe to call from several threads.
  virtual std::unique_ptr<BlobReader> open_blob(std::string_view alg, std::string_view encoded,
                                                std::string& why) const = 0;

  /// Where a layout path ("index.json", "blobs/sha256/<hex>") is in the
  /// input, for reports: the path itself for a directory, the member's name
  /// for an archive; "" for a file the source made up (findings there are
  /// not about the input).
  virtual std::string location_of(std::string_view path) const { return std::string(path); }
  /// Facts about the archive the image came in; null for a directory.
  virtual const ArchiveFacts* archive_facts() const { return nullptr; }
  /// What the registry's answers said; null for anything but a registry.
  virtual const RegistryFacts* registry_facts() const { return nullptr; }

  /// Whether scan_blobs() lists every blob the input holds. A registry
  /// cannot list a repository's blobs: there, the rules about blobs that
  /// nothing references and about stray files do not apply.
  virtual bool lists_blobs() const { return true; }
  /// Whether oci-layout, index.json and blobs/ are the input's own (a
  /// directory, an archive), not made up by the source (a registry).
  virtual bool has_layout() const { return true; }
  /// How the chains of findings name index.json: "index.json" for a
  /// layout, the image reference for a registry.
  virtual std::string chain_root() const { return "index.json"; }
  /// Why the input could not be read to the end (the network failed, the
  /// registry stopped answering): the run cannot give a verdict. "" when
  /// nothing went wrong. Reads after such a failure fail at once.
  virtual std::string fatal_error() const { return {}; }
};

/// The result of streaming a blob through a callback.
struct StreamResult {
  bool ok = false;
  std::uint64_t bytes_read = 0;
  std::string error;
};

/// Streams blobs/<alg>/<encoded> through `sink` in chunks, at most
/// `max_bytes` bytes.
StreamResult stream_blob(const Source& source, std::string_view alg, std::string_view encoded,
                         std::uint64_t max_bytes,
                         const std::function<void(const char*, std::size_t)>& sink);

/// Whether `name` is one plain path component (no '/', not "." or "..").
bool safe_component(std::string_view name);

}  // namespace ocv::source
