#pragma once
// An image in a registry, seen as an image layout: the manifest the tag or
// digest names is index.json's one entry (with the referrers found for it
// and for every manifest below it as more entries), manifests come from
// the manifests endpoint, and every other blob from the blobs endpoint,
// streamed through the layer pass as it arrives: nothing is written to
// disk, and each blob is fetched once. The registry cannot list a
// repository's blobs (lists_blobs() is false). What the answers' headers
// said is kept as RegistryFacts for the registry rules.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "validator/graph/document_budget.hpp"
#include "validator/graph/platform_filter.hpp"
#include "validator/json/strict_json.hpp"
#include "validator/model/registry_facts.hpp"
#include "validator/registry/client.hpp"
#include "validator/source/source.hpp"

namespace ocv::registry {

struct RegistryOptions {
  ClientOptions client;
  /// Follow only this platform's entries of an index (--platform).
  std::optional<graph::PlatformFilter> platform;
  /// Look for referrers (the referrers API, or the fallback tag).
  bool referrers = true;
  /// Only referrers of this artifactType ("" = all).
  std::string artifact_type;
  std::size_t max_document_bytes = 16u << 20;
  /// The manifests fetched are held until the graph reads them, where
  /// they are held as documents within GraphOptions::max_document_memory:
  /// their bytes together may take no more (the run stops past it).
  std::size_t max_manifest_bytes = graph::kDefaultMaxDocumentMemory;
  std::size_t max_index_depth = 8;
  json::Limits json_limits;
  /// Requests at once for the blob sizes (HEAD); 0 = one per core.
  unsigned jobs = 0;
};

class RegistrySource final : public source::Source {
 public:
  /// Fetches the manifests (every index entry, or those of the platform
  /// asked for), looks for their referrers, and asks for the size of every
  /// blob they name. Throws source::SourceError when the registry cannot
  /// be read (the message says what to do).
  RegistrySource(ImageReference ref, RegistryOptions options);
  ~RegistrySource() override;
  RegistrySource(const RegistrySource&) = delete;
  RegistrySource& operator=(const RegistrySource&) = delete;

  std::vector<std::pair<std::string, source::FileType>> list_root() const override;
  source::BlobScan scan_blobs(std::uint64_t max_entries) const override;
  source::BlobEntry blob_entry(std::string_view alg, std::string_view encoded) const override;
  source::ReadResult read_root_file(std::string_view name, std::size_t cap) const override;
  source::ReadResult read_blob(std::string_view alg, std::string_view encoded,
                               std::size_t cap) const override;
  std::unique_ptr<source::BlobReader> open_blob(std::string_view alg, std::string_view encoded,
                                                std::string& why) const override;
  std::string location_of(std::string_view path) const override;
  const source::RegistryFacts* registry_facts() const override { return &facts_; }
  bool lists_blobs() const override { return false; }
  bool has_layout() const override { return false; }
  std::string chain_root() const override { return ref_.str(); }
  std::string fatal_error() const override;

  /// Things the user should know that are not findings (a skipped auth
  /// file, a registry without the referrers API), for stderr.
  std::vector<std::string> notes() const;
  /// Requests sent so far.
  std::uint64_t requests() const { return client_->requests(); }

  /// What the source knows about one digest.
  struct Content {
    std::string digest;  // "sha256:<hex>"
    bool manifest = false;
    bool present = false;  // the registry has it
    bool size_known = false;
    std::uint64_t size = 0;
    std::string body;  // a manifest's bytes, until the graph reads them
    bool body_taken = false;
  };

  /// Records a fact; answers come from several threads.
  void record(source::WireAnswer answer) const;
  /// Records the failure that stops the run (the first one is kept).
  void fail(std::string why) const;
  RegistryClient& client() const { return *client_; }
  const ImageReference& reference() const { return ref_; }

 private:
  struct Walk;

  Content* find(const std::string& path) const;
  /// HEAD of a blob: whether the registry has it, and its size. Throws
  /// RegistryError when the registry cannot answer.
  void head_blob(const std::string& digest) const;
  /// HEAD of a blob not met during the walk (the graph may reach one).
  Content* look_up(std::string_view alg, std::string_view encoded) const;
  std::string index_json() const;

  ImageReference ref_;
  RegistryOptions options_;
  std::unique_ptr<RegistryClient> client_;
  std::vector<std::string> notes_;
  std::string index_json_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Content, std::less<>> contents_;  // by layout path
  mutable source::RegistryFacts facts_;
  mutable std::string fatal_;
  mutable std::atomic<bool> failed_{false};
};

/// The Accept header of a manifest request: the OCI and Docker manifest
/// and index types.
const std::string& manifest_accept();

}  // namespace ocv::registry
