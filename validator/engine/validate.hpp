#pragma once
// Validates one image layout: builds the content graph, runs every
// registered check over it, hashes every blob once on a pool of threads,
// and returns the findings. Policy (what fails a run) is not decided here.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "validator/graph/content_graph.hpp"
#include "validator/layer/layer_scan.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/finding.hpp"
#include "validator/model/registry.hpp"
#include "validator/model/rule_info.hpp"
#include "validator/source/source.hpp"

namespace ocv::engine {

struct ValidateOptions {
  unsigned jobs = 0;                                  // 0 = one per core
  std::uint64_t max_blob_bytes = 64ull << 30;         // larger blobs are not hashed
  std::uint64_t max_layer_bytes = 64ull << 30;        // uncompressed bytes read per layer
  std::uint64_t max_layer_index_bytes = 32ull << 20;  // member index kept per layer
  std::uint64_t max_zstd_window = 128ull << 20;       // largest zstd window a frame may use
  /// zstd windows of all layers decoded at once together (at least
  /// max_zstd_window).
  std::uint64_t zstd_window_budget = 128ull << 20;
  graph::GraphOptions graph;
  /// Findings listed per rule (--max-findings-per-rule); the others are
  /// counted in one finding of the rule (FindingSink). 0 = all.
  std::size_t max_findings_per_rule = FindingSink::kDefaultMaxPerRule;
  /// Applied to every finding before it is counted and listed (the
  /// policy: engine::run); empty = every finding is reported.
  FindingFilter admit;
  /// Opt-in rules (RuleInfo::opt_in) to check; the others are not reported.
  std::set<std::string, std::less<>> opt_in;
  /// Called about five times a second while blobs are read, and once at the
  /// end, with the bytes read so far and the bytes to read in all; from a
  /// thread of its own. Empty = no progress reports.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  /// Blobs a stream source read once as they passed (stdin, a compressed
  /// archive): their digests and layer facts are taken from here, never
  /// read again. Null for every other source.
  const layer::PassedBlobs* passed = nullptr;
};

/// One image of the layout and what it holds, so that reports can tell a
/// rule that passed from one that had nothing to look at.
struct ImageSummary {
  std::string name;             // grouping key used by findings
  std::string manifest;         // blob path of the manifest
  bool nested_index = false;    // reached through an index blob, not only index.json
  bool image_config = false;    // its config was parsed as an image config
  std::string os;               // the image config's os, when it is a string
  bool artifact = false;        // it declares artifactType or a non-image config
  std::size_t layers = 0;       // layers[] entries
  std::size_t layers_read = 0;  // of them, layers whose streaming pass ran
};

/// One claim that an attachment belongs to a subject, for reports.
struct AttachmentLinkSummary {
  std::string via;       // "subject", "cosign tag", "containerd annotation", ...
  std::string digest;    // the subject it names
  bool present = false;  // the subject is in the layout
};

/// Something attached to an image (a signature, an attestation, an SBOM,
/// another referrer) and whether its links hold.
struct AttachmentSummary {
  std::string kind;           // "cosign signature", "BuildKit attestation", "artifact", ...
  std::string manifest;       // blob path of the attached manifest
  std::string artifact_type;  // artifactType, or config.mediaType
  std::string subject;        // the digest it is attached to (its first link's), "" if none
  std::string image;          // the image of the layout that subject is ("" when absent)
  std::vector<AttachmentLinkSummary> links;
  /// What its payloads say ("predicate https://slsa.dev/provenance/v0.2").
  std::vector<std::string> payloads;
  /// Rules about attachments (kScopeAttachments) reported on it (its
  /// manifest, payloads or links) at
  /// warning or error: empty when every link holds.
  std::vector<std::string> problems;
};

struct Summary {
  std::size_t blobs = 0;
  std::size_t documents = 0;
  std::uint64_t bytes_hashed = 0;        // blob bytes read by the hash and layer passes
  std::uint64_t bytes_uncompressed = 0;  // uncompressed layer bytes hashed and walked
  std::size_t layers = 0;
  std::vector<ImageSummary> images;
  std::vector<AttachmentSummary> attachments;  // in discovery order
  double seconds = 0;                          // wall time of the validation
  /// Things about the run itself a user should know that are not findings
  /// ("started 1 of 4 threads: ..."), for stderr.
  std::vector<std::string> run_notes;
  /// For an archive: what kind ("oci-archive", "docker-archive", ...), and
  /// how many bytes of a stream were spooled to a private temporary file.
  std::string archive_kind;
  std::uint64_t spooled_bytes = 0;
  /// What the input offered (its own layout files, a listing of its blobs,
  /// a registry's answers): rules that need more did not apply.
  InputTraits input;
};

struct ValidateResult {
  std::vector<Finding> findings;
  Summary summary;
};

/// Validates the image `source` holds; `name` says which input it is in
/// messages. Throws source::SourceError when it cannot be validated at all
/// (not an OCI image layout).
ValidateResult validate(const source::Source& source, std::string_view name,
                        const Registry& registry, const ValidateOptions& options = {});

/// Validates the layout directory at `root`. Throws source::SourceError when
/// the path cannot be validated at all (missing, not a directory, or not an
/// OCI image layout).
ValidateResult validate_layout(const std::filesystem::path& root, const Registry& registry,
                               const ValidateOptions& options = {});

}  // namespace ocv::engine
