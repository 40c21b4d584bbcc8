#pragma once
// The content graph of a layout: every document reached from index.json
// (nested indexes, manifests, configs, subjects), every descriptor, and the
// blob each descriptor names. Each blob is read and parsed once, however
// many descriptors share it. The graph only gathers facts; the checks run
// over it afterwards.
#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "validator/graph/document_budget.hpp"
#include "validator/graph/platform_filter.hpp"
#include "validator/json/strict_json.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/image_facts.hpp"
#include "validator/model/limit_event.hpp"
#include "validator/source/source.hpp"

namespace ocv::graph {

struct GraphOptions {
  std::size_t max_document_bytes = 16u << 20;      // larger documents are not parsed
  std::size_t registry_document_bytes = 4u << 20;  // registries refuse larger manifests
  std::size_t max_index_depth = 8;                 // nested indexes below index.json
  /// Entries of blobs/ and of its directories the scan lists (the first by
  /// name); the others are counted, not examined (a blob a descriptor
  /// names is still read by its path).
  std::uint64_t max_blob_files = kDefaultMaxBlobFiles;
  static constexpr std::uint64_t kDefaultMaxBlobFiles = 50'000;
  /// JSON documents read from blobs (manifests, configs, indexes, ...) and
  /// attachment payloads held for the checks; past it no more are read
  /// (a LimitEvent).
  std::size_t max_documents = kDefaultMaxDocuments;
  static constexpr std::size_t kDefaultMaxDocuments = 10'000;
  /// The memory those documents, and the blobs read to compare with a
  /// descriptor's embedded data, may take held (DocumentBudget); past it
  /// no more are read (a LimitEvent). index.json takes from it first.
  std::size_t max_document_memory = kDefaultMaxDocumentMemory;
  json::Limits json_limits;
  /// Follow only the index.json entries of this tag (its ref.name, or the
  /// image name a containerd or Docker export records); "" = all.
  std::string select_ref;
  /// Follow only the index entries of this platform (--platform); entries
  /// without a platform are followed.
  std::optional<PlatformFilter> platform;
};

/// A JSON document of the graph with its parse result and descriptors.
struct GraphDocument {
  std::unique_ptr<json::ParsedJson> json;
  engine::OwnedFacts facts;  // what a manifest or config says (view points at them)
  engine::DocumentView view;
  std::vector<engine::DescriptorView> descriptors;
  /// A manifest's layers[] descriptors in order, which every image of the
  /// manifest (ImageView::layers) views.
  std::vector<const engine::DescriptorView*> layers;
};

using engine::LimitEvent;

class ContentGraph {
 public:
  /// Scans the layout and walks it from index.json, holding the documents
  /// it reads within `budget` (which attachment discovery then shares).
  ContentGraph(const source::Source& layout, const GraphOptions& options, DocumentBudget& budget);
  ContentGraph(const ContentGraph&) = delete;
  ContentGraph& operator=(const ContentGraph&) = delete;

  const GraphDocument* oci_layout() const { return oci_layout_; }
  const GraphDocument* index() const { return index_; }
  const std::deque<GraphDocument>& documents() const { return documents_; }
  std::deque<engine::BlobFacts>& blobs() { return blobs_; }
  const std::deque<engine::BlobFacts>& blobs() const { return blobs_; }
  const std::deque<engine::EdgeView>& edges() const { return edges_; }
  const std::vector<engine::ImageView>& images() const { return images_; }
  const std::vector<engine::MissingBlob>& missing() const { return missing_; }
  /// Descriptors naming a blob whose content cannot be read (a FIFO, a
  /// device, a link out of the layout).
  const std::vector<engine::UnreadableBlob>& unreadable() const { return unreadable_; }
  const std::vector<LimitEvent>& limits() const { return limits_; }
  /// False when a document that may name blobs (index.json, an index, a
  /// manifest) could not be read or parsed, was read as another kind than
  /// its shape says, or was not read, or its entries not followed,
  /// because a limit was reached: a blob the walk did not reach may still be
  /// referenced, so none can be called unreferenced.
  bool references_complete() const { return references_complete_; }
  const std::vector<std::pair<std::string, engine::FileType>>& root_entries() const {
    return root_entries_;
  }
  engine::FileType blobs_dir() const { return blobs_dir_; }
  /// Entries under blobs/ past GraphOptions::max_blob_files: not listed,
  /// so not examined unless a descriptor names them.
  std::uint64_t unlisted_blobs() const { return unlisted_blobs_; }
  const std::string& first_unlisted_blob() const { return first_unlisted_blob_; }
  const std::vector<std::pair<std::string, engine::FileType>>& blob_oddities() const {
    return oddities_;
  }
  /// Images of index.json entries not followed (GraphOptions::select_ref).
  const std::set<std::string, std::less<>>& unselected() const { return unselected_; }
  /// Descriptors naming a blob path, in walk order.
  const std::vector<const engine::DescriptorView*>& referrers(std::string_view path) const;
  /// The blob at a path ("blobs/sha256/<hex>") the scan found or the walk
  /// looked for; null when neither did.
  const engine::BlobFacts* blob_at(std::string_view path) const;

 private:
  /// A descriptor being visited.
  struct Pending {
    const engine::DescriptorView* descriptor;
    std::size_t depth;  // number of indexes above the descriptor's document
    std::string image;
    /// The attachment kind of the manifest above a config ("" otherwise).
    std::string_view attachment;
  };
  /// A descriptor waiting in the walk's queue: its image is made when it
  /// is visited (the image of the document naming it, and for an index
  /// entry its platform), not kept for each of a million queued entries.
  struct Queued {
    const engine::DescriptorView* descriptor;
    std::size_t depth;
    const GraphDocument* from;  // the document naming it
  };

  /// What a document takes held: its parse, its record, and the records
  /// the walk, the images and the attachment discovery make of it (an
  /// upper bound of those made later), from their sizes and capacities.
  std::size_t held_bytes(const GraphDocument& doc) const;
  GraphDocument* load_layout_file(const source::Source& layout, const char* name,
                                  engine::DocKind kind, const GraphOptions& options);
  /// Records that a document was not read because of a limit.
  void not_read(const engine::Site& site, engine::DocKind kind, std::string why);
  /// Records that a document (or a blob to compare with embedded data,
  /// `what` says which) was not read because the budget is spent: one
  /// event, at the first.
  void over_document_limit(const engine::BlobFacts& blob, const engine::Site& site,
                           std::string_view what, bool names_blobs);
  /// Says in that event which limit was reached and how many were not read.
  void finish_document_limit();
  void walk(const source::Source& layout, const GraphOptions& options);
  /// Follows one descriptor: records its edge, and queues what the
  /// document it names references.
  void visit(const source::Source& layout, const GraphOptions& options, const Pending& item,
             std::deque<Queued>& queue);
  /// The blob a descriptor names, marked referenced; null when its digest
  /// does not parse.
  engine::BlobFacts* reach_blob(const source::Source& layout, const engine::DescriptorView& d);
  /// What the edge to a blob leads to: the document read there for the
  /// first time (to be walked), or null (missing, unreadable, not a
  /// document, seen already, not read).
  const GraphDocument* follow_edge(const source::Source& layout, const GraphOptions& options,
                                   const Pending& item, engine::BlobFacts& facts,
                                   engine::EdgeView& edge);
  /// Reads a non-document blob whose descriptor embeds `data`, to compare.
  void read_embedded_data_blob(const source::Source& layout, const Pending& item,
                               const engine::BlobFacts& facts, engine::EdgeView& edge);
  /// Reads, hashes and parses a document blob within the limits.
  const GraphDocument* read_document(const source::Source& layout, const GraphOptions& options,
                                     const Pending& item, engine::DocKind kind,
                                     engine::BlobFacts& facts, engine::EdgeView& edge);
  GraphDocument& record_document(const Pending& item, engine::DocKind kind,
                                 const engine::BlobFacts& facts,
                                 std::unique_ptr<json::ParsedJson> content);
  /// Queues the descriptors of a document just read (an index's entries
  /// of other platforms are left out, and none below the depth limit).
  void queue_children(const GraphOptions& options, const Pending& item, const GraphDocument& doc,
                      std::deque<Queued>& queue);
  engine::BlobFacts* facts_for(const source::Source& layout, const std::string& alg,
                               const std::string& encoded);
  void build_images();

  std::deque<GraphDocument> documents_;
  GraphDocument* oci_layout_ = nullptr;
  GraphDocument* index_ = nullptr;
  std::deque<engine::BlobFacts> blobs_;
  // The maps below are keyed by the path each BlobFacts holds (a deque
  // never moves them): no second copy of 100,000 paths.
  std::unordered_map<std::string_view, engine::BlobFacts*> blob_by_path_;
  std::unordered_map<std::string_view, GraphDocument*> document_by_path_;
  // Documents read but not parsed because of a limit, by path: their bytes.
  std::unordered_map<std::string_view, std::string_view> over_limit_by_path_;
  std::unordered_map<std::string_view, std::vector<const engine::DescriptorView*>> referrers_;
  std::deque<std::string> contents_;  // bytes of blobs read but not parsed, for `data` checks
  // Blobs read to compare with embedded data, by path: each is read once.
  std::unordered_map<std::string_view, std::string_view> data_blob_by_path_;
  DocumentBudget& budget_;
  std::deque<engine::EdgeView> edges_;  // a deque: no doubling for a million edges
  std::vector<engine::ImageView> images_;
  std::vector<engine::MissingBlob> missing_;
  std::vector<engine::UnreadableBlob> unreadable_;
  std::vector<LimitEvent> limits_;
  // Documents not read past the budget (each once, however many name it).
  std::unordered_set<const engine::BlobFacts*> not_held_;
  std::size_t document_limit_event_ = 0;  // its event in limits_, when not_held_ has any
  bool references_complete_ = true;
  std::set<std::string, std::less<>> unselected_;
  std::set<std::string, std::less<>> other_platforms_;  // of entries --platform left out
  std::vector<std::pair<std::string, engine::FileType>> root_entries_;
  std::vector<std::pair<std::string, engine::FileType>> oddities_;
  engine::FileType blobs_dir_ = engine::FileType::missing;
  std::uint64_t unlisted_blobs_ = 0;
  std::string first_unlisted_blob_;
};

/// Whether image name `name` ("docker.io/library/httpd:2.4", "httpd:2.4",
/// "2.4") is tag `wanted`: whole, or by its tag or familiar name.
bool tag_matches(std::string_view name, std::string_view wanted);

/// "sha256:0123456789ab" — a digest shortened for chains and messages.
std::string short_digest(std::string_view digest);

}  // namespace ocv::graph
