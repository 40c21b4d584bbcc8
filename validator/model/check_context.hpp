#pragma once
// What a check gets to look at. Each view shows exactly one kind of thing
// (the layout, a document, a descriptor, a descriptor with the blob it names,
// a blob, an image) plus where it sits, so that a check never walks the
// layout or opens files itself.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <rapidjson/document.h>

#include "validator/json/strict_json.hpp"
#include "validator/model/archive_facts.hpp"
#include "validator/model/file_type.hpp"
#include "validator/model/finding.hpp"
#include "validator/model/registry_facts.hpp"

namespace ocv::engine {

class Registry;
class LayerIndex;
struct DocumentView;
struct ManifestFacts;  // image_facts.hpp
struct ConfigFacts;

/// The kind of a JSON document, as claimed by whatever referenced it.
enum class DocKind {
  layout_header,  // the `oci-layout` file
  index,          // `index.json`, an OCI image index, or a Docker manifest list
  manifest,       // an OCI image manifest or a Docker v2 schema 2 manifest
  config,         // an OCI image config or a Docker image config
  empty,          // application/vnd.oci.empty.v1+json
  descriptor,     // a stand-alone descriptor (application/vnd.oci.descriptor.v1+json)
};
std::string_view to_string(DocKind kind);

/// Where a finding is anchored: a blob (or layout file), how it was reached,
/// and which image it belongs to. Views derive from it.
struct Site {
  std::string blob;                        // "index.json", "oci-layout", "blobs/sha256/<hex>"
  Chain chain;                             // index.json -> ref -> manifest -> config
  std::string image;                       // grouping key for reports ("" = layout-wide)
  const json::ParsedJson* json = nullptr;  // for line/column; null for non-JSON blobs
  /// index.json only: its `manifests` array, so that a finding at
  /// /manifests/i/... is grouped with the image entry i starts (named as
  /// the walk names it: its ref.name, else "manifests[i]"). Names are made
  /// when a finding asks, not kept for a million entries.
  const rapidjson::Value* entries = nullptr;

  /// The image a finding at `pointer` belongs to.
  std::string image_at(std::string_view pointer) const;

  /// A location at `pointer` inside the blob, with line/column when known.
  Location at(std::string_view pointer = "") const;
};

/// Collects findings from checks. Thread-safe. Unknown rule IDs are a
/// programming error and throw std::logic_error, so a typo in a rule ID
/// fails the tests instead of producing an undocumented finding. A finding
/// repeated for the same rule, blob, pointer and member is kept once.
///
/// What is listed is bounded, what is counted is not: a hostile layout can
/// break one rule hundreds of thousands of times (200,000 stray blob files
/// are 400,000 findings, 2 KiB each with their strings), and a report of
/// that many findings helps nobody. Each rule lists its first
/// `max_per_rule` findings (and, within them, at most kMaxPerRuleAndBlob
/// per blob); take() adds findings of the rule itself that count the rest
/// (Finding::unlisted), one per severity. The summary keeps the rule's ID
/// (no rule about the validator's own limits): disabling the rule,
/// overriding its severity or suppressing it then acts on the findings it
/// stands for exactly as on the ones listed, an omitted error still fails
/// the run, and the report counts include every finding. Nothing of the
/// validation is skipped: this is a limit on the report, not on what is
/// checked.
class FindingSink {
 public:
  /// `opt_in`: the opt-in rules (RuleInfo::opt_in) to report; findings
  /// of the others are dropped. No limit per rule (one image's findings,
  /// merged later into a sink that has one).
  explicit FindingSink(const Registry& registry, std::set<std::string, std::less<>> opt_in = {})
      : registry_(registry), opt_in_(std::move(opt_in)) {}
  /// `admit` (may be empty) decides, before a finding is counted or listed,
  /// whether the run reports it, and may change it (the policy's severity
  /// override): what is counted is then what the run reports. Called under
  /// the sink's lock, in the order findings arrive. `max_per_rule`: findings
  /// listed per rule, 0 = no limit.
  FindingSink(const Registry& registry, std::set<std::string, std::less<>> opt_in,
              FindingFilter admit, std::size_t max_per_rule)
      : registry_(registry),
        opt_in_(std::move(opt_in)),
        admit_(std::move(admit)),
        max_per_rule_(max_per_rule) {}

  /// Whether findings of `rule_id` are kept: a check may skip work for a
  /// rule that is off.
  bool wants(std::string_view rule_id) const;

  /// Reports `rule_id` at `pointer` inside `site` with the rule's default
  /// severity, or `severity` where the catalogue says the severity depends
  /// on the case. `unlisted`: this finding counts that many of the rule
  /// that a bounded list left out (Finding::unlisted).
  void report(std::string_view rule_id, const Site& site, std::string_view pointer,
              std::string message, std::optional<Severity> severity = std::nullopt,
              std::uint64_t unlisted = 0);
  /// Same, for a tar member inside a layer blob.
  void report_member(std::string_view rule_id, const Site& site, std::string member,
                     std::string message, std::optional<Severity> severity = std::nullopt);
  void add(Finding finding);

  /// Counts `n` findings of `rule_id` in `site`'s blob that were found but
  /// not kept (a bounded list upstream); take() reports them with the rest.
  void add_unlisted(std::string_view rule_id, const Site& site, std::uint64_t n,
                    std::optional<Severity> severity = std::nullopt);

  /// The findings listed, sorted (see finding_less), then the findings that
  /// count those not listed: per rule and blob (past kMaxPerRuleAndBlob),
  /// then per rule (past max_per_rule), each in a stable order.
  std::vector<Finding> take();
  std::size_t size() const;

  /// Findings listed per rule and blob: a hostile document can break one
  /// rule a million times.
  static constexpr std::size_t kMaxPerRuleAndBlob = 1000;
  /// Findings listed per rule by default (--max-findings-per-rule).
  static constexpr std::size_t kDefaultMaxPerRule = 1000;

 private:
  /// Findings not listed, by severity (index: Severity).
  using Tally = std::array<std::uint64_t, 3>;
  struct Overflow {
    std::uint32_t kept = 0;
    Tally more{};
    std::unique_ptr<Finding> sample;  // where the summary goes (the first not kept)
  };
  struct RuleCount {
    std::size_t listed = 0;
    Tally more{};  // counted by findings that count others
    /// The keys (as in seen_) of the findings not listed, by severity:
    /// 8 bytes each, so that a finding reported twice (a config shared by
    /// 15,000 images) is counted once, as it would be listed once.
    std::array<std::vector<std::uint64_t>, 3> unlisted;
  };

  /// Whether the findings of `rule_id` and `blob` are no longer listed.
  bool full(std::string_view rule_id, std::string_view blob) const;

  const Registry& registry_;
  std::set<std::string, std::less<>> opt_in_;
  FindingFilter admit_;
  std::size_t max_per_rule_ = 0;
  mutable std::mutex mutex_;
  std::vector<Finding> findings_;
  // Listed findings by a 64-bit hash of rule, blob, pointer and member: a
  // layout of 100,000 blobs has 100,000s of findings, and remembering four
  // strings for each doubled the memory they take.
  std::unordered_set<std::uint64_t> seen_;
  // By a 64-bit hash of rule and blob, for the same reason: how many
  // findings of the rule the blob has listed. Only findings that are
  // listed make an entry: past a rule's limit, a finding costs a count.
  std::unordered_map<std::uint64_t, Overflow> per_rule_and_blob_;
  std::map<std::string, RuleCount, std::less<>> per_rule_;
};

/// A JSON document of the image: oci-layout, index.json, or a blob.
struct DocumentView : Site {
  DocKind kind = DocKind::manifest;
  bool is_layout_index = false;  // this is the layout's index.json
  std::string
      claimed_media_type;  // mediaType of the descriptor that led here ("" for layout files)
  std::string digest;      // "sha256:<hex>" of the blob ("" for layout files)
  /// The kind of attachment (engine::attachment_kind) this manifest, or the
  /// manifest of this config, is: "cosign signature", "BuildKit
  /// attestation", ...; "" for everything else. Such a manifest is no
  /// runnable image, whatever its config type says.
  std::string_view attachment;
  /// What a manifest or a config says (image_facts.hpp), read once when it
  /// was parsed; null for documents of other kinds.
  const ManifestFacts* manifest_facts = nullptr;
  const ConfigFacts* config_facts = nullptr;

  /// The parsed root value, or null when the bytes are not usable JSON.
  const rapidjson::Value* root() const { return json && json->ok() ? &json->dom : nullptr; }
};

/// Where a descriptor sits in its document.
enum class DescriptorRole {
  index_entry,  // manifests[i] of an index (or index.json)
  config,       // config of a manifest
  layer,        // layers[i] of a manifest
  subject,      // subject of a manifest or an index
  standalone,   // the root of a stand-alone descriptor document
};
std::string_view to_string(DescriptorRole role);

/// One descriptor object inside a document. Its pointer and label follow
/// from its role and position, so a view owns no strings: an index of a
/// million entries holds a million of them.
struct DescriptorView {
  const DocumentView* parent = nullptr;
  const rapidjson::Value* value = nullptr;  // always an object
  DescriptorRole role = DescriptorRole::index_entry;
  std::size_t position = 0;  // index in manifests[] / layers[]

  /// RFC 6901 pointer of the descriptor in its document: "/manifests/0",
  /// "/layers/2", "/config", "/subject", "" (a stand-alone descriptor).
  std::string pointer() const;

  /// Member `name` as a string, when present and a string.
  std::optional<std::string_view> string_member(std::string_view name) const;
  std::string_view media_type() const { return string_member("mediaType").value_or(""); }
  std::string_view digest() const { return string_member("digest").value_or(""); }
  /// `size` when it is a JSON integer that fits in int64.
  std::optional<std::int64_t> size() const;
  /// The `org.opencontainers.image.ref.name` annotation, if any.
  std::optional<std::string_view> ref_name() const;
  /// Pointer of a member of this descriptor.
  std::string member_pointer(std::string_view name) const;
  /// Short human label: "manifests[0]", "config", "layers[2]", "subject".
  std::string label() const;
};

/// The name of the image an entry of index.json starts, for grouping
/// findings: its ref.name (shortened), else its label ("manifests[3]").
std::string index_entry_image(const DescriptorView& entry);

/// The kind of file found at a path in the layout.
using source::FileType;
using source::to_string;

/// What the layout holds at `blobs/<alg>/<encoded>`.
struct BlobFacts {
  std::string path;                   // "blobs/sha256/<hex>"
  std::string algorithm;              // "sha256"
  std::string encoded;                // "<hex>"
  FileType type = FileType::missing;  // the entry itself: a link is a link
  /// The content can be read as a regular file: `type` is regular, or a
  /// link that resolves to one beneath the layout root.
  bool readable = false;
  /// Why not, when something is there but its content cannot be read ("a
  /// FIFO", "a symbolic link that leads outside the layout (...)").
  std::string unreadable;
  std::uint64_t size = 0;  // content size when readable
  /// Encoded digest of the file's bytes computed with `algorithm`, when the
  /// algorithm is supported and the file was hashed.
  std::optional<std::string> actual_encoded;
  std::string unhashed_reason;  // why actual_encoded is empty, if it is
  bool referenced = false;
};

/// One tar entry of a layer, kept compact: the facts the layer and stack
/// checks need (never file contents).
struct TarEntry {
  std::string path;        // as written in the archive (pax path / GNU long name applied)
  std::string normalized;  // without leading "./" and "/", "//" collapsed, no trailing "/"
  char type = '0';   // tar typeflag: '0' file, '1' hardlink, '2' symlink, '3' char, '4' block, '5'
                     // dir, '6' fifo, others as found
  std::string link;  // link target for hardlinks and symlinks
  std::uint64_t size = 0;
  bool sparse = false;       // GNU 'S' entry or pax GNU.sparse.* keys
  std::uint64_t offset = 0;  // byte offset of the entry's header in the uncompressed stream
};

/// Something wrong with one tar member, found by the layer pass.
struct MemberProblem {
  std::string path;
  std::string message;
};

/// Compression detected from a blob's first bytes.
enum class Magic { none, gzip, zstd, other };

/// What one streaming pass over a layer blob found.
struct LayerFacts {
  std::uint64_t compressed_bytes = 0;
  std::uint64_t uncompressed_bytes = 0;
  Magic magic = Magic::none;
  std::string declared_compression;    // "gzip", "zstd" or "none", from the media type
  std::optional<std::string> diff_id;  // "sha256:<hex>" of the uncompressed stream, when fully read
  /// The same digest with the other algorithms that configs use for this
  /// layer's diff_id ("sha512:<hex>"), when fully read. Only computed when
  /// a config asks for one: most images use sha256 only, and a second hash
  /// of every layer would slow them down for nothing.
  std::vector<std::string> other_diff_ids;
  std::string decompress_error;        // CRC mismatch, truncated stream, corrupt data ("" = fine)
  std::string tar_error;               // not a tar stream / corrupt header ("" = fine)
  bool end_of_archive = false;         // two zero blocks seen after the last entry
  std::uint64_t end_of_entries = 0;    // offset just past the last entry's data
  std::uint64_t trailing_nonzero = 0;  // non-zero bytes after the end-of-archive blocks
  std::uint64_t trailing_compressed = 0;  // bytes after the last compressed frame/member
  bool limit_hit = false;                 // stopped at the uncompressed-bytes cap
  /// The window a zstd frame asked for, when it is over --max-zstd-window
  /// (decoding stopped there); 0 otherwise.
  std::uint64_t window_over_limit = 0;
  /// The member index: every member, in order, until the index reaches its
  /// byte limit (index_full); the cross-layer checks read only these.
  std::vector<TarEntry> entries;
  std::uint64_t index_bytes = 0;        // memory the index takes, as counted against its limit
  bool index_full = false;              // members after entries.back() are not in the index
  std::uint64_t unindexed_members = 0;  // members after the index was full
  /// Of the members after the index was full, those whose own path, type
  /// or name needs a look (absolute, "..", odd type, sparse, no link
  /// target, a whiteout name): every member is checked on its own even when
  /// the index is full. At most kMaxUnindexed are kept; the others are
  /// counted in unindexed_dropped.
  std::vector<TarEntry> unindexed;
  std::uint64_t unindexed_dropped = 0;
  TarEntry last_member;  // the last member read, when the index is full
  /// Members left out of the index because their path is longer than
  /// kMaxIndexedPath (Linux's PATH_MAX: no extractor can create them).
  std::uint64_t long_paths = 0;
  static constexpr std::size_t kMaxIndexedPath = 4096;
  static constexpr std::size_t kMaxUnindexed = 10000;
  /// Headers that tar readers may read differently: a malformed or
  /// oversized pax extended header, anything libarchive warned about. At
  /// most kMaxUnindexed are kept; header_problems_dropped counts the rest.
  std::vector<MemberProblem> header_problems;
  std::uint64_t header_problems_dropped = 0;
  /// Members whose Windows pax vendor records (MSWINDOWS.rawsd, ...) are
  /// malformed, with what is wrong; kept for every layer, judged only for
  /// Windows images. The count of those not kept (a bounded list).
  std::vector<MemberProblem> windows_problems;
  std::uint64_t windows_problems_dropped = 0;

  /// The last member read, or null for a layer without members.
  const TarEntry* last_entry() const {
    if (unindexed_members == 0) return entries.empty() ? nullptr : &entries.back();
    if (index_full || entries.empty() || last_member.offset > entries.back().offset)
      return &last_member;
    return &entries.back();
  }

  /// The digest of the uncompressed stream with `algorithm`, when computed.
  std::optional<std::string_view> diff_id_with(std::string_view algorithm) const {
    if (algorithm == "sha256")
      return diff_id ? std::optional<std::string_view>(*diff_id) : std::nullopt;
    for (const std::string_view d : other_diff_ids)
      if (d.size() > algorithm.size() && d.starts_with(algorithm) && d[algorithm.size()] == ':')
        return d;
    return std::nullopt;
  }
};

/// A descriptor together with what it points at.
struct EdgeView {
  const DescriptorView* descriptor = nullptr;
  const BlobFacts* blob = nullptr;          // null when the digest names no possible blob path
  const DocumentView* target = nullptr;     // the referenced document, when parsed as JSON
  std::optional<std::string_view> content;  // the blob's bytes, when they were read
};

/// A blob after hashing, with the descriptors that reference it.
struct BlobView : Site {
  const BlobFacts* facts = nullptr;
  std::vector<const DescriptorView*> referrers;  // in walk order; empty = unreferenced
};

/// A layer blob after its streaming pass.
struct LayerView : Site {
  const BlobFacts* blob_facts = nullptr;
  const LayerFacts* facts = nullptr;
  const DescriptorView* descriptor = nullptr;  // the first descriptor naming the blob
  const LayerIndex* index = nullptr;           // its member index (layer_index.hpp)
  /// Every manifest that lists the blob in its layers is an artifact
  /// (is_artifact_manifest): nothing unpacks it as a filesystem changeset.
  bool artifact_only = false;
};

/// An image manifest with its config and the descriptor that led to it.
struct ImageView {
  const DocumentView* manifest = nullptr;
  const DocumentView* config = nullptr;  // parsed image config, when present
  /// What the manifest and the config say (image_facts.hpp): the manifest's
  /// are there for every image, the config's when `config` is.
  const ManifestFacts* manifest_facts = nullptr;
  const ConfigFacts* config_facts = nullptr;
  const DescriptorView* parent = nullptr;  // the index entry pointing here, if any
  // The three lists below are views of lists kept once per manifest: a
  // manifest of 20,000 layers named by 1,000 index entries is 1,000
  // images, and a copy of its lists for each took 650 MiB.
  std::span<const DescriptorView* const> layers;  // layers[] descriptors in order
  /// Facts of each layer's streaming pass, aligned with `layers`; null
  /// where the layer was not scanned (missing, not a layer type, ...).
  std::span<const LayerFacts* const> layer_facts;
  /// The member index of each of those layers, aligned with `layer_facts`
  /// (null where they are): one per layer blob, shared by every image
  /// that names it.
  std::span<const LayerIndex* const> layer_index;
};

/// A descriptor that names a blob the layout does not have.
struct MissingBlob {
  const DescriptorView* descriptor = nullptr;
  std::string path;  // where it was looked for
};

/// A descriptor that names a blob whose content cannot be read as a
/// regular file (a FIFO, a directory, a link that leads out of the layout).
struct UnreadableBlob {
  const DescriptorView* descriptor = nullptr;
  const BlobFacts* blob = nullptr;
};

/// The layout as a whole, after the content graph has been walked.
struct LayoutView : Site {
  std::vector<std::pair<std::string, FileType>> root_entries;  // names in the layout root
  FileType blobs_dir = FileType::missing;
  /// Every entry under blobs/ that is not a regular blob file at depth 2
  /// (stray files, nested directories, symlinks, devices...), as path + type.
  std::vector<std::pair<std::string, FileType>> blob_tree_oddities;
  std::vector<const BlobFacts*> blobs;  // every file at blobs/<alg>/<encoded> listed or named
  /// Entries under blobs/ not listed, past --max-blob-files (the first
  /// `max_blob_files` by name are), and the first of them by path.
  std::uint64_t unlisted_blobs = 0;
  std::string first_unlisted_blob;
  std::uint64_t max_blob_files = 0;
  std::vector<MissingBlob> missing;
  std::vector<UnreadableBlob> unreadable;
  const DocumentView* oci_layout = nullptr;  // null when absent
  const DocumentView* index = nullptr;       // null when absent
  /// False when a document that may name blobs could not be read or parsed,
  /// or was not read or followed because of a limit (a LimitEvent):
  /// a blob no descriptor reached may then still be referenced.
  bool references_complete = true;
};

/// The archive an image came in, after the layout inside it was validated:
/// what the archive's members and its `docker save` manifest.json say, with
/// lookups into what the validation found.
struct ArchiveView : Site {
  const source::ArchiveFacts* facts = nullptr;
  /// The layout's index.json as parsed; null when absent, or made up from
  /// manifest.json (a legacy `docker save` archive).
  const DocumentView* index = nullptr;
  /// Every image the layout holds (manifests reached from index.json).
  std::vector<const ImageView*> images;
  /// The document parsed from a blob path, or null.
  std::function<const DocumentView*(std::string_view blob)> document;
  /// What the layer pass found for a blob path, or null when it did not run.
  std::function<const LayerFacts*(std::string_view blob)> layer_facts;
  /// Whether the run validates this entry of manifest.json (a run may
  /// select one tag).
  std::function<bool(const source::DockerImage&)> selected;
  /// A Site for a value of manifest.json (grouped with its image).
  Site manifest_site(std::string_view image) const;
};

/// The registry an image was read from, after it was validated: what its
/// answers said, with lookups into what the validation found.
struct RegistryView : Site {
  const source::RegistryFacts* facts = nullptr;
  /// The document parsed from a blob path, or null.
  std::function<const DocumentView*(std::string_view blob)> document;
  /// What the run knows about a blob path (its computed digest), or null.
  std::function<const BlobFacts*(std::string_view blob)> blob_facts;
  /// Where findings about a blob path are anchored: the blob, with the
  /// chain and image of the first descriptor that reached it.
  std::function<Site(std::string_view blob)> site_of;
  /// Descriptors that name content the registry does not have.
  const std::vector<MissingBlob>* missing = nullptr;
};

}  // namespace ocv::engine
