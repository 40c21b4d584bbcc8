#include "validator/graph/content_graph.hpp"

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/graph/attachment_discovery.hpp"
#include "validator/graph/heap_bytes.hpp"
#include "validator/json/parse_cost.hpp"
#include "validator/model/attachment_kind.hpp"
#include "validator/model/document_checks.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::graph {
namespace {

// A blob the walk looks for and the layout does not have: its facts, its
// entry in the map by path, and a missing blob (their path strings apart).
constexpr std::size_t kMissingBlobBytes =
    sizeof(engine::BlobFacts) + map_entry_bytes<std::unordered_map<std::string_view, void*>>() +
    sizeof(engine::MissingBlob);
// An image: the graph's ImageView, the engine's copy, and the maps that
// build them (a config and an entry per manifest).
constexpr std::size_t kImageBytes =
    2 * sizeof(engine::ImageView) +
    2 * map_entry_bytes<std::unordered_map<const void*, const void*>>() + 2 * sizeof(void*);

using engine::DescriptorRole;
using engine::DocKind;
using engine::FileType;

// Blobs up to this size are read when their descriptor embeds `data`, so
// that the embedded bytes can be compared with the blob.
constexpr std::uint64_t kMaxDataCompareBytes = 1u << 20;

std::string platform_label(const rapidjson::Value& descriptor) {
  const auto p = descriptor.FindMember("platform");
  if (p == descriptor.MemberEnd() || !p->value.IsObject()) return {};
  const auto str = [&](const char* name) -> std::string {
    const auto it = p->value.FindMember(name);
    return it != p->value.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  };
  std::string out = str("os") + "/" + str("architecture");
  if (auto v = str("variant"); !v.empty()) out += "/" + v;
  return out;
}

/// Whether the walk follows descriptors out of a document of this kind.
bool names_blobs(DocKind kind) {
  return kind == DocKind::index || kind == DocKind::manifest || kind == DocKind::descriptor;
}

/// Whether the parser stopped at one of its limits (nesting, number of
/// values). Such JSON may be valid: the validator just does not read that
/// far, so it is a limit (a LimitEvent), not a parse error.
bool over_limit(const json::ParsedJson& parsed) {
  return parsed.error && (parsed.error->kind == json::ParseErrorKind::depth ||
                          parsed.error->kind == json::ParseErrorKind::values);
}

/// Whether the descriptors the walk takes from `doc` are all it may name:
/// not so when it is not JSON, or when it is read as an index but carries a
/// manifest's config or layers (or the reverse: a media type that lies about
/// the document): the blobs those
/// name are referenced, just not as the descriptor's type says.
bool follows_every_reference(const GraphDocument& doc) {
  const auto kind = doc.view.kind;
  if (!names_blobs(kind) || kind == DocKind::descriptor) return true;
  const auto* root = doc.view.root();
  if (root == nullptr) return false;
  if (!root->IsObject()) return true;  // not an object: not a document that names anything
  if (kind == DocKind::index) return !root->HasMember("config") && !root->HasMember("layers");
  return !root->HasMember("manifests");
}

std::string limit_detail(const json::ParsedJson& parsed, const json::Limits& limits) {
  if (parsed.error->kind == json::ParseErrorKind::values)
    // The closing comma sets off "the limit" from the "and was not ..."
    // every caller appends.
    return fmt::format("holds more than {} JSON values, the limit,", limits.max_values);
  const auto lc = parsed.line_col(parsed.error->offset);
  return fmt::format("nests JSON deeper than the {}-level limit (line {}, column {})",
                     limits.max_depth, lc.line, lc.column);
}

/// Whether an index entry is the image of tag `wanted`: its ref.name or
/// the full image name containerd and Docker record ("docker.io/library/
/// httpd:2.4"), whole or by its tag ("2.4") or familiar name ("httpd:2.4").
bool names_tag(const engine::DescriptorView& d, std::string_view wanted) {
  const auto matches = [&](std::string_view name) { return tag_matches(name, wanted); };
  if (const auto ref = d.ref_name(); ref && matches(*ref)) return true;
  const auto annotations = d.value->FindMember("annotations");
  if (annotations == d.value->MemberEnd() || !annotations->value.IsObject()) return false;
  const auto name = annotations->value.FindMember("io.containerd.image.name");
  return name != annotations->value.MemberEnd() && name->value.IsString() &&
         matches({name->value.GetString(), name->value.GetStringLength()});
}

std::string tags_of(const std::vector<engine::DescriptorView>& descriptors) {
  std::string out;
  for (const auto& d : descriptors) {
    if (d.role != DescriptorRole::index_entry || !d.ref_name()) continue;
    if (!out.empty()) out += ", ";
    out += engine::shortened(*d.ref_name());
  }
  return out.empty() ? std::string("none") : out;
}

/// The image a descriptor of index.json starts (an entry's as
/// Site::image_at names it).
std::string image_of(const engine::DescriptorView& d) { return engine::index_entry_image(d); }

/// The image of a descriptor in a document read from a blob: the
/// document's, and for an entry of an index, with the entry's platform.
std::string child_image(const engine::DocumentView& from, const engine::DescriptorView& child) {
  std::string image = from.image;
  if (from.kind == DocKind::index && child.role == DescriptorRole::index_entry) {
    const auto platform = platform_label(*child.value);
    image += " " + (platform.empty() ? child.label() : engine::shortened(platform));
  }
  return image;
}

}  // namespace

bool tag_matches(std::string_view name, std::string_view wanted) {
  if (name == wanted) return true;
  if (name.size() <= wanted.size()) return false;
  const char before = name[name.size() - wanted.size() - 1];
  return name.ends_with(wanted) && (before == ':' || before == '/');
}

std::string short_digest(std::string_view digest) {
  const auto colon = digest.find(':');
  if (colon == std::string_view::npos) return std::string(digest.substr(0, 24));
  return std::string(digest.substr(0, std::min(digest.size(), colon + 1 + 12)));
}

ContentGraph::ContentGraph(const source::Source& layout, const GraphOptions& options,
                           DocumentBudget& budget)
    : budget_(budget) {
  root_entries_ = layout.list_root();
  auto scan = layout.scan_blobs(options.max_blob_files);
  blobs_dir_ = scan.blobs_dir;
  oddities_ = std::move(scan.oddities);
  unlisted_blobs_ = scan.unlisted;
  first_unlisted_blob_ = std::move(scan.first_unlisted);
  // Taken from the front of the scan, so that its entries are freed as
  // the graph's facts grow (200,000 stray files: both at once took 40 MiB).
  for (; !scan.blobs.empty(); scan.blobs.pop_front()) {
    auto& entry = scan.blobs.front();
    source::settle_readability(entry);
    engine::BlobFacts facts;
    facts.path = std::move(entry.path);
    facts.algorithm = std::move(entry.algorithm);
    facts.encoded = std::move(entry.encoded);
    facts.type = entry.type;
    facts.readable = entry.readable;
    facts.unreadable = std::move(entry.unreadable);
    facts.size = entry.size;
    blobs_.push_back(std::move(facts));
    blob_by_path_[blobs_.back().path] = &blobs_.back();
  }
  oci_layout_ = load_layout_file(layout, "oci-layout", DocKind::layout_header, options);
  index_ = load_layout_file(layout, "index.json", DocKind::index, options);
  walk(layout, options);
  finish_document_limit();
  build_images();
  if (options.platform && images_.empty() && !other_platforms_.empty()) {
    std::string seen;
    for (const auto& p : other_platforms_) seen += (seen.empty() ? "" : ", ") + p;
    throw source::SourceError(fmt::format("no image for the platform {} (the index has: {})",
                                          options.platform->str(), seen));
  }
}

const std::vector<const engine::DescriptorView*>& ContentGraph::referrers(
    std::string_view path) const {
  static const std::vector<const engine::DescriptorView*> kNone;
  const auto it = referrers_.find(path);
  return it == referrers_.end() ? kNone : it->second;
}

std::size_t ContentGraph::held_bytes(const GraphDocument& doc) const {
  // The document, its parse (bytes, DOM, positions) and its record.
  std::size_t n = heap_bytes(sizeof(GraphDocument)) + doc.json->held_bytes() +
                  string_bytes(doc.view.blob) + string_bytes(doc.view.image) +
                  string_bytes(doc.view.claimed_media_type) + string_bytes(doc.view.digest) +
                  chain_bytes(doc.view.chain) +
                  heap_bytes(doc.descriptors.capacity() * sizeof(engine::DescriptorView)) +
                  heap_bytes(doc.layers.capacity() * sizeof(void*)) +
                  map_entry_bytes<decltype(document_by_path_)>();
  if (doc.facts.manifest) n += heap_bytes(sizeof(engine::ManifestFacts));
  if (const auto& config = doc.facts.config) {
    n += heap_bytes(sizeof(engine::ConfigFacts)) +
         heap_bytes(config->os_features.capacity() * sizeof(std::string_view));
    if (config->diff_ids)
      n += heap_bytes(config->diff_ids->capacity() * sizeof(std::optional<std::string_view>));
  }
  // What the walk makes of each of its descriptors: a place in the queue,
  // an edge, an entry among the referrers of its blob, and for a blob the
  // layout does not have, its facts and a missing blob.
  for (const auto& d : doc.descriptors) {
    n += sizeof(Queued) + sizeof(engine::EdgeView) + map_entry_bytes<decltype(referrers_)>() +
         heap_bytes(sizeof(void*));
    if (const auto parsed = digest::parse(d.digest())) {
      const auto path = parsed->path();
      if (!blob_by_path_.contains(path)) n += kMissingBlobBytes + 3 * heap_bytes(path.size() + 1);
    }
    // An image for each index entry (build_images, and the engine's copy
    // with its layers' facts).
    if (d.role == DescriptorRole::index_entry) n += kImageBytes;
  }
  // A manifest's own image, and the lists of its layers' facts the engine
  // keeps once for all its images.
  if (doc.view.kind == DocKind::manifest)
    n += kImageBytes + 2 * heap_bytes(doc.layers.size() * sizeof(void*)) +
         map_entry_bytes<std::unordered_map<const void*, const void*>>() +
         2 * sizeof(std::vector<int>);
  return n + attachment_record_bytes(doc);
}

const engine::BlobFacts* ContentGraph::blob_at(std::string_view path) const {
  const auto it = blob_by_path_.find(path);
  return it == blob_by_path_.end() ? nullptr : it->second;
}

GraphDocument* ContentGraph::load_layout_file(const source::Source& layout, const char* name,
                                              DocKind kind, const GraphOptions& options) {
  // Layout files are small by nature; a hostile one is capped like any document.
  const auto cap = options.max_document_bytes;
  auto read = layout.read_root_file(name, cap);
  if (read.status != source::ReadResult::Status::ok) {
    // An index.json that is there but cannot be read may name any blob.
    if (kind == DocKind::index && read.status != source::ReadResult::Status::missing)
      references_complete_ = false;
    return nullptr;
  }
  engine::Site site;
  site.blob = name;
  site.chain = {name == std::string_view("index.json") ? layout.chain_root() : name};
  // A file that was not read is not there for the checks: it is neither
  // reported as unparsable (its JSON may well be fine) nor checked.
  if (read.truncated) {
    not_read(site, kind, fmt::format("{} is larger than {} bytes and was not checked", name, cap));
    return nullptr;
  }
  auto parsed = json::parse_strict(std::move(read.bytes), options.json_limits);
  if (over_limit(*parsed)) {
    not_read(
        site, kind,
        fmt::format("{} {} and was not checked", name, limit_detail(*parsed, options.json_limits)));
    return nullptr;
  }
  auto& doc = documents_.emplace_back();
  doc.json = std::move(parsed);
  doc.view.blob = name;
  doc.view.json = doc.json.get();
  doc.view.kind = kind;
  doc.view.is_layout_index = kind == DocKind::index;
  doc.view.chain = {site.chain.front()};
  doc.descriptors = engine::descriptors_of(doc.view);
  if (!follows_every_reference(doc)) references_complete_ = false;
  budget_.charge(held_bytes(doc));
  return &doc;
}

void ContentGraph::not_read(const engine::Site& site, DocKind kind, std::string why) {
  auto unreached = LimitEvent::Unreached::nothing;
  if (kind == DocKind::index && site.blob == "index.json")
    unreached = LimitEvent::Unreached::every_image;
  else if (names_blobs(kind))
    unreached = LimitEvent::Unreached::referenced_blobs;
  if (names_blobs(kind)) references_complete_ = false;
  limits_.push_back({LimitEvent::Kind::document_not_parsed, site, std::move(why), unreached});
}

void ContentGraph::over_document_limit(const engine::BlobFacts& blob, const engine::Site& site,
                                       std::string_view what, bool names_blobs) {
  if (names_blobs) references_complete_ = false;
  if (!not_held_.insert(&blob).second) return;  // a config shared by many manifests is one
  if (not_held_.size() == 1) {
    document_limit_event_ = limits_.size();
    limits_.push_back({LimitEvent::Kind::too_many_documents, site, std::string(what),
                       LimitEvent::Unreached::nothing});
  }
  // What those documents name is not reached: no blob can be called unreferenced.
  if (names_blobs)
    limits_[document_limit_event_].unreached = LimitEvent::Unreached::referenced_blobs;
}

void ContentGraph::finish_document_limit() {
  if (not_held_.empty()) return;
  auto& event = limits_[document_limit_event_];
  const auto more = not_held_.size() - 1;
  const auto why = budget_.closed() == DocumentBudget::Refusal::memory
                       ? fmt::format(
                             "the JSON documents held take {} of the {} bytes the validator allows "
                             "(--max-document-memory), with no room for the next",
                             budget_.bytes(), budget_.max_bytes())
                       : fmt::format(
                             "the layout references more JSON documents than the {} the validator "
                             "holds (--max-documents)",
                             budget_.max_documents());
  event.detail = fmt::format(
      "{}: this {} {}, so none of {} rules ran", why, event.detail,
      more == 0 ? std::string("was not read") : fmt::format("and {} more were not read", more),
      more == 0 ? "its" : "their");
}

engine::BlobFacts* ContentGraph::facts_for(const source::Source& layout, const std::string& alg,
                                           const std::string& encoded) {
  const std::string path = digest::blob_path(alg, encoded);
  if (const auto it = blob_by_path_.find(path); it != blob_by_path_.end()) return it->second;
  // Not found by the scan: absent, or behind a non-directory <alg> entry.
  engine::BlobFacts facts;
  facts.path = path;
  facts.algorithm = alg;
  facts.encoded = encoded;
  const auto entry = layout.blob_entry(alg, encoded);
  facts.type = entry.type;
  facts.readable = entry.readable;
  facts.size = entry.size;
  facts.unreadable = entry.unreadable;
  blobs_.push_back(std::move(facts));
  blob_by_path_[blobs_.back().path] = &blobs_.back();
  return &blobs_.back();
}

void ContentGraph::walk(const source::Source& layout, const GraphOptions& options) {
  if (index_ == nullptr) return;
  const auto* root = index_->view.root();
  if (root != nullptr && root->IsObject() && root->HasMember("manifests") &&
      (*root)["manifests"].IsArray())
    index_->view.entries = &(*root)["manifests"];
  // Which entries are followed, decided for all before any is visited (a
  // tag no entry has ends the run before anything is read).
  std::vector<bool> followed(index_->descriptors.size(), false);
  bool selected_any = false;
  for (std::size_t i = 0; i < index_->descriptors.size(); ++i) {
    const auto& d = index_->descriptors[i];
    const bool other_platform = options.platform && d.role == DescriptorRole::index_entry &&
                                !platform_selected(*d.value, *options.platform);
    if (other_platform || (!options.select_ref.empty() && d.role == DescriptorRole::index_entry &&
                           !names_tag(d, options.select_ref))) {
      // Not followed: what it references may be shared with nothing else,
      // so no blob can be called unreferenced.
      references_complete_ = false;
      if (other_platform) other_platforms_.insert(platform_label(*d.value));
      unselected_.insert(image_of(d));
      continue;
    }
    selected_any = selected_any || d.role == DescriptorRole::index_entry;
    followed[i] = true;
  }
  if (!options.select_ref.empty() && !selected_any && other_platforms_.empty())
    throw source::SourceError(fmt::format("no image tagged {} (tags: {})", options.select_ref,
                                          tags_of(index_->descriptors)));
  // Breadth first: the entries of index.json in order, then what they name.
  // The entries are visited straight from the index rather than queued
  // with their image names first (a million names at once).
  std::deque<Queued> queue;
  for (std::size_t i = 0; i < index_->descriptors.size(); ++i) {
    if (!followed[i]) continue;
    const auto& d = index_->descriptors[i];
    visit(layout, options, {&d, 0, image_of(d), {}}, queue);
  }
  while (!queue.empty()) {
    const Queued next = queue.front();
    queue.pop_front();
    const auto& from = next.from->view;
    visit(layout, options,
          {next.descriptor, next.depth, child_image(from, *next.descriptor),
           next.descriptor->role == DescriptorRole::config ? from.attachment : ""},
          queue);
  }
}

void ContentGraph::visit(const source::Source& layout, const GraphOptions& options,
                         const Pending& item, std::deque<Queued>& queue) {
  engine::EdgeView edge;
  edge.descriptor = item.descriptor;
  auto* facts = reach_blob(layout, *item.descriptor);
  edge.blob = facts;
  const auto* doc = facts != nullptr ? follow_edge(layout, options, item, *facts, edge) : nullptr;
  edges_.push_back(edge);
  if (doc != nullptr) queue_children(options, item, *doc, queue);
}

engine::BlobFacts* ContentGraph::reach_blob(const source::Source& layout,
                                            const engine::DescriptorView& d) {
  const auto parsed = digest::parse(d.digest());
  if (!parsed) return nullptr;  // the descriptor and digest rules report the digest itself
  auto* facts = facts_for(layout, parsed->algorithm, parsed->encoded);
  facts->referenced = true;
  referrers_[facts->path].push_back(&d);
  return facts;
}

const GraphDocument* ContentGraph::follow_edge(const source::Source& layout,
                                               const GraphOptions& options, const Pending& item,
                                               engine::BlobFacts& facts, engine::EdgeView& edge) {
  const auto& d = *item.descriptor;
  if (facts.type == FileType::missing) {
    missing_.push_back({&d, facts.path});
    return nullptr;
  }
  const auto kind = engine::mt::document_kind(d.media_type());
  if (!facts.readable) {
    // Something is there, but its digest, size and content cannot
    // be verified. What an index or manifest there would name is unknown.
    unreadable_.push_back({&d, &facts});
    if (kind && names_blobs(*kind)) references_complete_ = false;
    return nullptr;
  }
  if (!kind) {
    read_embedded_data_blob(layout, item, facts, edge);
    return nullptr;
  }
  if (const auto it = document_by_path_.find(facts.path); it != document_by_path_.end()) {
    edge.target = &it->second->view;
    edge.content = it->second->json->bytes;
    return nullptr;  // parsed and walked already
  }
  if (const auto it = over_limit_by_path_.find(facts.path); it != over_limit_by_path_.end()) {
    edge.content = it->second;
    return nullptr;  // reported (a LimitEvent) already
  }
  return read_document(layout, options, item, *kind, facts, edge);
}

void ContentGraph::read_embedded_data_blob(const source::Source& layout, const Pending& item,
                                           const engine::BlobFacts& facts, engine::EdgeView& edge) {
  // Opaque blob (layer, unknown type): read it only to compare embedded data.
  const auto& d = *item.descriptor;
  if (!d.value->HasMember("data") || facts.size > kMaxDataCompareBytes) return;
  // Read once, however many descriptors embed data for it, and held
  // within the documents' budget.
  if (const auto it = data_blob_by_path_.find(facts.path); it != data_blob_by_path_.end()) {
    edge.content = it->second;
    return;
  }
  engine::Site site;
  site.blob = facts.path;
  site.chain = d.parent->chain;
  site.image = item.image;
  const auto what = fmt::format("blob (to compare with the data {} embeds)", d.label());
  if (budget_.may_hold(facts.size) != DocumentBudget::Refusal::none) {
    over_document_limit(facts, site, what, false);
    return;
  }
  auto read = layout.read_blob(facts.algorithm, facts.encoded, kMaxDataCompareBytes);
  if (read.status != source::ReadResult::Status::ok || read.truncated) return;
  if (budget_.hold(sizeof(std::string) + string_bytes(read.bytes), false) !=
      DocumentBudget::Refusal::none) {
    over_document_limit(facts, site, what, false);
    return;
  }
  contents_.push_back(std::move(read.bytes));
  data_blob_by_path_[facts.path] = contents_.back();
  edge.content = contents_.back();
}

const GraphDocument* ContentGraph::read_document(const source::Source& layout,
                                                 const GraphOptions& options, const Pending& item,
                                                 DocKind kind, engine::BlobFacts& facts,
                                                 engine::EdgeView& edge) {
  const auto& d = *item.descriptor;
  // descriptor.md § Verification: a consumer does not trust content whose
  // size differs from its descriptor's. The descriptor rules report it; the
  // validator still reads the blob as it is (bounded like any document) so
  // that everything below it is checked and no blob it names is called
  // unreferenced.
  engine::Site site;
  site.blob = facts.path;
  site.chain = d.parent->chain;
  site.image = item.image;
  // A document takes at least its size held: one that cannot fit is not read.
  if (budget_.may_hold(facts.size) != DocumentBudget::Refusal::none) {
    over_document_limit(facts, site, engine::to_string(kind), names_blobs(kind));
    return nullptr;  // hashed by the blob pass like any blob
  }
  if (facts.size > options.max_document_bytes) {
    not_read(site, kind,
             fmt::format("{} document of {} bytes exceeds the {}-byte limit and was not parsed",
                         engine::to_string(kind), facts.size, options.max_document_bytes));
    return nullptr;
  }
  auto read = layout.read_blob(facts.algorithm, facts.encoded, facts.size);
  if (read.status != source::ReadResult::Status::ok || read.truncated ||
      read.bytes.size() != facts.size) {
    if (names_blobs(kind)) references_complete_ = false;
    return nullptr;  // changed under us or unreadable: the hash pass reports it
  }
  if ((kind == DocKind::manifest || kind == DocKind::index) &&
      facts.size > options.registry_document_bytes) {
    limits_.push_back(
        {LimitEvent::Kind::document_too_large_for_registries, site,
         fmt::format("{} of {} bytes is larger than the {} bytes registries accept",
                     engine::to_string(kind), facts.size, options.registry_document_bytes)});
  }

  // The whole blob is in memory: hash it now so that the hash pass skips it.
  facts.actual_encoded = digest::hash_hex(facts.algorithm, read.bytes);
  if (facts.actual_encoded->empty()) facts.actual_encoded.reset();
  // Parsing takes more than the document holds after (RapidJSON stacks
  // the values of a container before it places them): a document whose
  // parse cannot fit what the budget has left is not parsed.
  if (budget_.may_hold(json::parse_peak_bound(read.bytes, options.json_limits.max_values)) !=
      DocumentBudget::Refusal::none) {
    over_document_limit(facts, site, engine::to_string(kind), names_blobs(kind));
    return nullptr;
  }
  // Held from here on when it fits: parsed, or its bytes when over a parse limit.
  auto content = json::parse_strict(std::move(read.bytes), options.json_limits);
  if (over_limit(*content)) {
    if (budget_.hold(sizeof(std::string) + string_bytes(content->bytes)) !=
        DocumentBudget::Refusal::none) {
      over_document_limit(facts, site, engine::to_string(kind), names_blobs(kind));
      return nullptr;
    }
    not_read(site, kind,
             fmt::format("{} document {} and was not parsed", engine::to_string(kind),
                         limit_detail(*content, options.json_limits)));
    contents_.push_back(std::move(content->bytes));
    over_limit_by_path_[facts.path] = contents_.back();
    edge.content = contents_.back();
    return nullptr;
  }
  auto& doc = record_document(item, kind, facts, std::move(content));
  if (budget_.hold(held_bytes(doc)) != DocumentBudget::Refusal::none) {
    // Parsed but not kept: the last document recorded goes again.
    document_by_path_.erase(facts.path);
    documents_.pop_back();
    over_document_limit(facts, site, engine::to_string(kind), names_blobs(kind));
    return nullptr;
  }
  edge.target = &doc.view;
  edge.content = doc.json->bytes;
  return &doc;
}

GraphDocument& ContentGraph::record_document(const Pending& item, DocKind kind,
                                             const engine::BlobFacts& facts,
                                             std::unique_ptr<json::ParsedJson> content) {
  const auto& d = *item.descriptor;
  auto& doc = documents_.emplace_back();
  doc.json = std::move(content);
  doc.view.blob = facts.path;
  doc.view.json = doc.json.get();
  doc.view.kind = kind;
  doc.view.claimed_media_type = std::string(d.media_type());
  doc.view.digest = std::string(d.digest());
  doc.view.image = item.image;
  if (kind == DocKind::manifest && doc.json->ok())
    doc.view.attachment = engine::attachment_kind(
        d.role == DescriptorRole::index_entry ? &d : nullptr, doc.json->dom);
  else if (kind == DocKind::config)
    doc.view.attachment = item.attachment;
  doc.view.chain = d.parent->chain;
  std::string step = d.label();
  if (d.ref_name()) step += fmt::format(" (ref {})", engine::shortened(*d.ref_name()));
  doc.view.chain.push_back(std::move(step));
  doc.view.chain.push_back(fmt::format("{} {}", engine::to_string(kind), short_digest(d.digest())));
  engine::attach_facts(doc.view, doc.facts);
  doc.descriptors = engine::descriptors_of(doc.view);
  if (kind == DocKind::manifest) {
    const auto layers =
        std::count_if(doc.descriptors.begin(), doc.descriptors.end(),
                      [](const auto& c) { return c.role == DescriptorRole::layer; });
    doc.layers.reserve(static_cast<std::size_t>(layers));
    for (const auto& c : doc.descriptors)
      if (c.role == DescriptorRole::layer) doc.layers.push_back(&c);
  }
  if (!follows_every_reference(doc)) references_complete_ = false;
  document_by_path_[facts.path] = &doc;
  return doc;
}

void ContentGraph::queue_children(const GraphOptions& options, const Pending& item,
                                  const GraphDocument& doc, std::deque<Queued>& queue) {
  const bool is_index = doc.view.kind == DocKind::index;
  const std::size_t child_depth = item.depth + (is_index ? 1 : 0);
  if (is_index && child_depth > options.max_index_depth) {
    // The blobs its entries name are not reached, so they cannot be called unreferenced.
    if (!doc.descriptors.empty()) references_complete_ = false;
    limits_.push_back({LimitEvent::Kind::index_too_deep, doc.view,
                       fmt::format("index nested {} levels deep; entries below {} levels are not "
                                   "followed",
                                   child_depth, options.max_index_depth),
                       doc.descriptors.empty() ? LimitEvent::Unreached::nothing
                                               : LimitEvent::Unreached::referenced_blobs});
    return;
  }
  for (const auto& child : doc.descriptors) {
    if (is_index && child.role == DescriptorRole::index_entry && options.platform &&
        !platform_selected(*child.value, *options.platform)) {
      // Another platform's image: not followed, so what it references
      // may be referenced by nothing else.
      references_complete_ = false;
      other_platforms_.insert(platform_label(*child.value));
      unselected_.insert(child_image(doc.view, child));
      continue;
    }
    queue.push_back({&child, child_depth, &doc});
  }
}

void ContentGraph::build_images() {
  // One pass over the edges: each manifest's config, and the index entries
  // that lead to it (a layout of 20,000 manifests used to scan every edge
  // for every manifest).
  std::unordered_map<const engine::DocumentView*, const engine::DocumentView*> config_of;
  std::unordered_map<const engine::DocumentView*, std::vector<const engine::DescriptorView*>>
      entries_to;
  for (const auto& edge : edges_) {
    const auto* d = edge.descriptor;
    if (d->role == DescriptorRole::config && edge.target != nullptr &&
        edge.target->kind == DocKind::config)
      config_of[d->parent] = edge.target;
    if (d->role == DescriptorRole::index_entry && edge.target != nullptr)
      entries_to[edge.target].push_back(d);
  }
  for (const auto& doc : documents_) {
    if (doc.view.kind != DocKind::manifest) continue;
    engine::ImageView base;
    base.manifest = &doc.view;
    base.manifest_facts = doc.view.manifest_facts;
    base.layers = doc.layers;
    if (const auto it = config_of.find(&doc.view); it != config_of.end()) {
      base.config = it->second;
      base.config_facts = it->second->config_facts;
    }
    const auto parents = entries_to.find(&doc.view);
    if (parents == entries_to.end()) {
      images_.push_back(base);
      continue;
    }
    for (const auto* parent : parents->second) {
      auto image = base;
      image.parent = parent;
      images_.push_back(image);
    }
  }
}

}  // namespace ocv::graph
