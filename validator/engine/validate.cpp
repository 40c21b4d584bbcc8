#include "validator/engine/validate.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/engine/attachment_summary.hpp"
#include "validator/engine/blob_pool.hpp"
#include "validator/graph/attachment_discovery.hpp"
#include "validator/layer/layer_scan.hpp"
#include "validator/model/document_checks.hpp"
#include "validator/model/image_facts.hpp"
#include "validator/model/layer_index.hpp"
#include "validator/model/layer_stack.hpp"
#include "validator/model/media_types.hpp"
#include "validator/source/layout_dir.hpp"

namespace ocv::engine {
namespace {

ImageSummary summarize(const ImageView& image) {
  ImageSummary s;
  s.name = image.manifest->image;
  s.manifest = image.manifest->blob;
  s.nested_index = image.parent != nullptr && !image.parent->parent->is_layout_index;
  s.image_config = image.config != nullptr;
  if (image.config_facts != nullptr) s.os = image.config_facts->os;
  s.layers = image.layers.size();
  s.layers_read =
      static_cast<std::size_t>(std::count_if(image.layer_facts.begin(), image.layer_facts.end(),
                                             [](const LayerFacts* f) { return f != nullptr; }));
  s.artifact = image.manifest_facts->kind == ImageKind::artifact;
  return s;
}

/// Per layer blob path, the algorithms other than sha256 of the diff_ids
/// that image configs list for it (by position, as the layer rules compare
/// them).
/// A blob is scanned once for all the images that use it, so every config
/// is read before the scan. Only well-formed digests of algorithms this
/// build can compute are kept; the others are never compared.
std::map<std::string, std::set<std::string>> other_diff_id_algorithms(
    const graph::ContentGraph& g) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& image : g.images()) {
    if (image.config_facts == nullptr || !image.config_facts->diff_ids) continue;
    const auto& ids = *image.config_facts->diff_ids;
    const auto n = std::min(image.layers.size(), ids.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!ids[i]) continue;
      const auto diff_id = digest::parse(*ids[i]);
      if (!diff_id || diff_id->algorithm == "sha256" || !digest::can_verify(diff_id->algorithm) ||
          digest::algorithm_form_error(*diff_id))
        continue;
      const auto layer = digest::parse(image.layers[i]->digest());
      if (!layer) continue;
      out[layer->path()].insert(diff_id->algorithm);
    }
  }
  return out;
}

bool looks_like_layout(const graph::ContentGraph& g) {
  for (const auto& [name, type] : g.root_entries()) {
    if (name == "oci-layout" || name == "index.json" || name == "blobs") return true;
  }
  return false;
}

/// Digests of the uncompressed stream that configs ask for (sha512) of
/// layers that passed on a stream before those configs were read: taken by
/// reading the stream again, or, when it cannot be read again (a pipe),
/// named in a note as not checked.
void add_passed_diff_ids(const layer::PassedBlobs& passed,
                         const layer::PassedBlobs::Wanted& wanting,
                         const std::map<std::string, LayerFacts*>& facts_of,
                         std::vector<std::string>& notes) {
  std::map<std::string, std::vector<std::string>> found;
  if (passed.read_again) found = passed.read_again(wanting);
  for (const auto& [path, algorithms] : wanting) {
    auto& facts = *facts_of.at(path);
    if (const auto it = found.find(path); it != found.end())
      for (const auto& d : it->second) facts.other_diff_ids.push_back(d);
    for (const auto& algorithm : algorithms)
      if (!facts.diff_id_with(algorithm))
        notes.push_back(fmt::format(
            "the {} diff_id of layer {} was not checked: the layer passed on the stream before "
            "the config naming it, and {}; give the archive as a file to check it",
            algorithm, path,
            passed.read_again ? "reading the stream again did not give the same layer"
                              : "the stream cannot be read again"));
  }
}

/// The layer blobs of the layout and what the layer pass found in them.
struct Layers {
  /// Per layer blob path: the first descriptor naming it.
  std::map<std::string, const DescriptorView*> descriptor;
  /// Per layer blob path: whether an image (not only artifacts) lists it.
  std::map<std::string, bool> in_an_image;
  std::deque<LayerFacts> facts;  // a deque: the facts never move
  std::map<std::string, const LayerFacts*> facts_by_path;
  std::deque<std::unique_ptr<LayerIndex>> indexes;
  std::map<std::string, const LayerIndex*> index_by_path;
};

/// What the layer pass found for the layers of each manifest, aligned with
/// its layers[]: kept once per manifest, however many images name it.
struct ImageLayers {
  struct Lists {
    std::vector<const LayerFacts*> facts;
    std::vector<const LayerIndex*> index;
  };
  std::deque<Lists> lists;  // a deque: the lists never move
  std::unordered_map<const DocumentView*, const Lists*> by_manifest;
};

/// The reads the blob pass makes, and what a stream source read already.
struct BlobReads {
  std::vector<pool::Job> work;
  std::uint64_t passed_bytes = 0;
  std::uint64_t passed_uncompressed = 0;
  // Layers that passed on a stream before the config asking for another
  // diff_id algorithm was read: the stream is read again for them.
  layer::PassedBlobs::Wanted passed_wanting;
  std::map<std::string, LayerFacts*> passed_wanting_facts;
};

/// Throws source::SourceError when the source stopped answering (a
/// registry) or holds nothing of an image layout.
void require_layout(const source::Source& layout, const graph::ContentGraph& g,
                    std::string_view name) {
  // A source that could not be read to the end gives no verdict.
  if (auto why = layout.fatal_error(); !why.empty()) throw source::SourceError(why);
  if (!looks_like_layout(g))
    throw source::SourceError(fmt::format(
        "{}: not an OCI image layout (no oci-layout, index.json or blobs/ in it)", name));
}

/// The checks of what the graph walk found: documents, the edges between
/// them, and the limits it hit.
void check_documents_and_edges(const graph::ContentGraph& g, const Registry& registry,
                               FindingSink& sink) {
  for (const auto& doc : g.documents())
    run_document_checks(registry, doc.view, doc.descriptors, sink);
  for (const auto& edge : g.edges())
    for (const auto& check : registry.edge_checks()) check(edge, sink);
  for (const auto& event : g.limits())
    for (const auto& check : registry.limit_checks()) check(event, sink);
}

/// Which readable blobs descriptors call layers, and whether an image (not
/// only artifacts) lists each.
void find_layers(const graph::ContentGraph& g, Layers& layers) {
  for (const auto& edge : g.edges()) {
    if (edge.blob == nullptr || !edge.blob->readable) continue;
    if (!mt::is_layer(edge.descriptor->media_type())) continue;
    layers.descriptor.emplace(edge.blob->path, edge.descriptor);
    const auto* manifest = edge.descriptor->parent->manifest_facts;
    if (edge.descriptor->role != DescriptorRole::layer || manifest == nullptr) continue;
    layers.in_an_image[edge.blob->path] |= manifest->kind == ImageKind::image;
  }
}

/// Takes the layer facts of a blob a stream source read as it passed.
void take_passed_layer(const BlobFacts& b, const layer::ScanResult& r,
                       const DescriptorView& descriptor,
                       const std::map<std::string, std::set<std::string>>& diff_id_algorithms,
                       Layers& layers, BlobReads& reads) {
  auto& facts = layers.facts.emplace_back(r.facts);
  const auto declared = mt::layer_compression(descriptor.media_type());
  facts.declared_compression = declared == mt::Compression::gzip   ? "gzip"
                               : declared == mt::Compression::zstd ? "zstd"
                                                                   : "none";
  layers.facts_by_path[b.path] = &facts;
  if (const auto a = diff_id_algorithms.find(b.path); a != diff_id_algorithms.end())
    for (const auto& algorithm : a->second)
      if (facts.diff_id && !facts.diff_id_with(algorithm)) {
        reads.passed_wanting[b.path].insert(algorithm);
        reads.passed_wanting_facts[b.path] = &facts;
      }
}

/// What the blob pass reads: layer blobs get the layer pass (its read also
/// yields their digest); every other blob not hashed by the walk is
/// hashed. Blobs a stream source read already only have their results
/// taken.
BlobReads plan_blob_reads(graph::ContentGraph& g, const ValidateOptions& options, Layers& layers) {
  const auto diff_id_algorithms = other_diff_id_algorithms(g);
  BlobReads reads;
  reads.work.reserve(g.blobs().size());  // one job per blob at most: no doubling
  for (auto& b : g.blobs()) {
    if (!b.readable || b.actual_encoded) continue;
    const auto layer = layers.descriptor.find(b.path);
    const bool is_layer = layer != layers.descriptor.end();
    if (options.passed != nullptr) {
      if (const auto p = options.passed->results.find(b.path); p != options.passed->results.end()) {
        const auto& r = p->second;
        if (!r.read_error.empty()) b.unhashed_reason = "unreadable: " + r.read_error;
        b.actual_encoded = r.compressed_encoded;
        reads.passed_bytes += r.facts.compressed_bytes;
        reads.passed_uncompressed += r.facts.uncompressed_bytes;
        if (is_layer) take_passed_layer(b, r, *layer->second, diff_id_algorithms, layers, reads);
        continue;
      }
    }
    if (is_layer) {
      auto& facts = layers.facts.emplace_back();
      layers.facts_by_path[b.path] = &facts;
      pool::Job job{&b, mt::layer_compression(layer->second->media_type()), &facts, {}};
      if (const auto a = diff_id_algorithms.find(b.path); a != diff_id_algorithms.end())
        job.diff_id_algorithms.assign(a->second.begin(), a->second.end());
      reads.work.push_back(std::move(job));
      continue;
    }
    if (!digest::can_verify(b.algorithm)) {
      b.unhashed_reason = fmt::format("the {} algorithm is not supported", b.algorithm);
      continue;
    }
    if (b.size > options.max_blob_bytes) {
      b.unhashed_reason = fmt::format("larger than the {}-byte limit", options.max_blob_bytes);
      continue;
    }
    reads.work.push_back({&b, std::nullopt, nullptr, {}});
  }
  return reads;
}

/// A made-up name (a legacy docker-archive's layer named by its diff_id)
/// claims nothing about the content: there is nothing to compare.
void forget_made_up_digests(const source::ArchiveFacts& archive, graph::ContentGraph& g) {
  for (const auto& path : archive.synthesized_names)
    for (auto& b : g.blobs())
      if (b.path == path) b.actual_encoded.reset();
}

/// The member index of every layer the pass read, built once per layer
/// blob (on the pool's threads) and shared by the layer checks and by every
/// image that names the blob.
void index_layers(Layers& layers, unsigned jobs, pool::ThreadShortfall& shortfall) {
  std::vector<std::pair<const std::string*, const LayerFacts*>> todo;
  for (const auto& [path, facts] : layers.facts_by_path) todo.emplace_back(&path, facts);
  layers.indexes.resize(todo.size());
  pool::parallel_for(
      todo.size(), jobs,
      [&](std::size_t i) { layers.indexes[i] = std::make_unique<LayerIndex>(*todo[i].second); },
      shortfall);
  for (std::size_t i = 0; i < todo.size(); ++i)
    layers.index_by_path.emplace(*todo[i].first, layers.indexes[i].get());
}

/// Where findings about a blob are anchored: the blob, with the chain and
/// image of the first descriptor that reached it.
Site site_of(const graph::ContentGraph& g, std::string blob) {
  Site site;
  site.blob = std::move(blob);
  const auto& referrers = g.referrers(site.blob);
  if (!referrers.empty()) {
    const auto* first = referrers.front();
    site.chain = first->parent->chain;
    site.chain.push_back(first->label());
    site.image = first->parent->image;
  }
  return site;
}

/// The blob checks on every blob, and the layer checks on every layer blob
/// the layer pass read.
void check_blobs_and_layers(const graph::ContentGraph& g, const Layers& layers,
                            const Registry& registry, FindingSink& sink) {
  for (const auto& facts : g.blobs()) {
    BlobView view;
    static_cast<Site&>(view) = site_of(g, facts.path);
    view.facts = &facts;
    view.referrers = g.referrers(facts.path);
    for (const auto& check : registry.blob_checks()) check(view, sink);
    if (const auto it = layers.facts_by_path.find(facts.path); it != layers.facts_by_path.end()) {
      LayerView layer;
      static_cast<Site&>(layer) = view;
      layer.blob_facts = &facts;
      layer.facts = it->second;
      layer.index = layers.index_by_path.at(facts.path);
      layer.descriptor = layers.descriptor.at(facts.path);
      const auto listed = layers.in_an_image.find(facts.path);
      layer.artifact_only = listed != layers.in_an_image.end() && !listed->second;
      for (const auto& check : registry.layer_checks()) check(layer, sink);
    }
  }
}

/// The images of the graph with their layers' facts and member indexes,
/// and a summary of each manifest.
/// The images of the graph with what the layer pass found for their
/// layers. The lists of facts are made once per manifest (ImageLayers) and
/// viewed by each of its images.
std::vector<ImageView> image_views(const graph::ContentGraph& g, const Layers& layers,
                                   ImageLayers& lists, std::vector<ImageSummary>& summaries) {
  std::vector<ImageView> images = g.images();
  for (auto& image : images) {
    auto [it, first] = lists.by_manifest.try_emplace(image.manifest);
    if (first) {
      auto& list = lists.lists.emplace_back();
      list.facts.reserve(image.layers.size());
      list.index.reserve(image.layers.size());
      for (const auto* d : image.layers) {
        const LayerFacts* facts = nullptr;
        const LayerIndex* index = nullptr;
        if (const auto parsed = digest::parse(d->digest())) {
          const auto path = parsed->path();
          if (const auto found = layers.facts_by_path.find(path);
              found != layers.facts_by_path.end()) {
            facts = found->second;
            index = layers.index_by_path.at(path);
          }
        }
        list.facts.push_back(facts);
        list.index.push_back(index);
      }
      it->second = &list;
    }
    image.layer_facts = it->second->facts;
    image.layer_index = it->second->index;
    // One entry per manifest: two tags naming it are one image (its
    // findings are grouped under the first name that reached it).
    if (first) summaries.push_back(summarize(image));
  }
  return images;
}

/// Runs the image checks on one image, then walks its layer stack once,
/// bottom up, feeding every check of a layer against the layers below it.
void check_image(const ImageView& image, const Registry& registry, FindingSink& sink) {
  for (const auto& check : registry.image_checks()) check(image, sink);
  if (registry.stack_layer_checks().empty()) return;
  walk_layers(image, [&](const StackLayerView& layer) {
    for (const auto& check : registry.stack_layer_checks()) check(layer, sink);
  });
}

/// The image checks: images in parallel, each into a sink of its own,
/// merged in image order so that which of two equal findings (a layer
/// shared by two images) is kept does not depend on timing.
void check_images(const std::vector<ImageView>& images, const Registry& registry,
                  const ValidateOptions& options, unsigned jobs, FindingSink& sink,
                  pool::ThreadShortfall& shortfall) {
  std::vector<std::unique_ptr<FindingSink>> image_sinks(images.size());
  pool::parallel_for(
      images.size(), jobs,
      [&](std::size_t i) {
        image_sinks[i] = std::make_unique<FindingSink>(registry, options.opt_in);
        check_image(images[i], registry, *image_sinks[i]);
      },
      shortfall);
  for (auto& image_sink : image_sinks)
    for (auto& f : image_sink->take()) sink.add(std::move(f));
}

/// The layout as a whole, for the layout checks.
LayoutView layout_view(const graph::ContentGraph& g, const graph::GraphOptions& options) {
  LayoutView lv;
  lv.blob = "index.json";
  lv.chain = {"index.json"};
  lv.root_entries = g.root_entries();
  lv.blobs_dir = g.blobs_dir();
  lv.blob_tree_oddities = g.blob_oddities();
  lv.unlisted_blobs = g.unlisted_blobs();
  lv.first_unlisted_blob = g.first_unlisted_blob();
  lv.max_blob_files = options.max_blob_files;
  for (const auto& b : g.blobs())
    if (b.type != FileType::missing) lv.blobs.push_back(&b);
  lv.missing = g.missing();
  lv.unreadable = g.unreadable();
  lv.oci_layout = g.oci_layout() ? &g.oci_layout()->view : nullptr;
  lv.index = g.index() ? &g.index()->view : nullptr;
  lv.json = g.index() ? g.index()->json.get() : nullptr;
  lv.references_complete = g.references_complete();
  return lv;
}

/// The document parsed from a blob path, or null.
const DocumentView* document_at(const graph::ContentGraph& g, std::string_view blob) {
  for (const auto& doc : g.documents())
    if (doc.view.blob == blob) return &doc.view;
  return nullptr;
}

/// The archive checks: what the archive's members and manifest.json say,
/// against what the validation found.
void check_archive(const source::ArchiveFacts& archive, const graph::ContentGraph& g,
                   const LayoutView& lv, const std::vector<ImageView>& images, const Layers& layers,
                   const Registry& registry, const ValidateOptions& options, FindingSink& sink) {
  ArchiveView av;
  av.blob = "";
  av.facts = &archive;
  av.index = archive.synthesized_layout ? nullptr : lv.index;
  for (const auto& image : images) av.images.push_back(&image);
  av.selected = [&wanted = options.graph.select_ref](const source::DockerImage& image) {
    return wanted.empty() ||
           std::any_of(image.repo_tags.begin(), image.repo_tags.end(),
                       [&](const std::string& tag) { return graph::tag_matches(tag, wanted); });
  };
  av.document = [&g](std::string_view blob) { return document_at(g, blob); };
  av.layer_facts = [&layers](std::string_view blob) -> const LayerFacts* {
    const auto it = layers.facts_by_path.find(std::string(blob));
    return it == layers.facts_by_path.end() ? nullptr : it->second;
  };
  for (const auto& check : registry.archive_checks()) check(av, sink);
}

/// The registry checks: what the registry's answers said, against what the
/// validation found.
void check_registry(const source::RegistryFacts& facts, const graph::ContentGraph& g,
                    const Registry& registry, FindingSink& sink) {
  RegistryView rv;
  rv.blob = "";
  rv.facts = &facts;
  rv.missing = &g.missing();
  rv.document = [&g](std::string_view blob) { return document_at(g, blob); };
  rv.blob_facts = [&g](std::string_view blob) -> const BlobFacts* {
    for (const auto& b : g.blobs())
      if (b.path == blob) return &b;
    return nullptr;
  };
  rv.site_of = [&g](std::string_view blob) { return site_of(g, std::string(blob)); };
  for (const auto& check : registry.registry_checks()) check(rv, sink);
}

/// Whether a finding is about what the run validates: not on an image the
/// run did not select, of a rule that applies to such an input, on a file
/// the input holds (not one the source made up).
bool in_input(const source::Source& source, const graph::ContentGraph& g, const Registry& registry,
              const InputTraits& input, const Finding& f) {
  if (!f.image.empty() && g.unselected().contains(f.image)) return false;
  if (const auto* rule = registry.find(f.rule_id); rule != nullptr && !input.meets(rule->needs))
    return false;
  return f.location.blob.empty() || !source.location_of(f.location.blob).empty();
}

/// Names every finding's file as the input holds it (an archive member).
/// Findings on what the run does not validate were never admitted (in_input).
void locate_in_input(const source::Source& source, std::vector<Finding>& findings) {
  for (auto& f : findings)
    if (!f.location.blob.empty()) f.location.blob = source.location_of(f.location.blob);
}

}  // namespace

ValidateResult validate_layout(const std::filesystem::path& root, const Registry& registry,
                               const ValidateOptions& options) {
  const source::LayoutDir layout(root);
  return validate(layout, root.string(), registry, options);
}

ValidateResult validate(const source::Source& layout, std::string_view name,
                        const Registry& registry, const ValidateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // The documents the walk and the attachment discovery hold, counted and
  // measured together.
  graph::DocumentBudget budget(options.graph.max_documents, options.graph.max_document_memory);
  graph::ContentGraph g(layout, options.graph, budget);
  require_layout(layout, g, name);
  ValidateResult result;
  result.summary.input.layout = layout.has_layout();
  result.summary.input.blob_listing = layout.lists_blobs();
  result.summary.input.registry = layout.registry_facts() != nullptr;
  // What the run does not report never reaches the counts and lists; what
  // it reports is seen by the attachment summary, listed or not.
  AttachmentProblems attachment_problems(registry);
  FindingSink sink(
      registry, options.opt_in,
      [&](Finding& f) {
        if (!in_input(layout, g, registry, result.summary.input, f)) return false;
        if (options.admit && !options.admit(f)) return false;
        attachment_problems.add(f);
        return true;
      },
      options.max_findings_per_rule);
  check_documents_and_edges(g, registry, sink);

  Layers layers;
  find_layers(g, layers);
  auto reads = plan_blob_reads(g, options, layers);
  const unsigned jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  pool::PoolTotals totals(std::max(options.zstd_window_budget, options.max_zstd_window));
  pool::ThreadShortfall shortfall;
  pool::run_pool(layout, reads.work, jobs, options, totals, shortfall);
  if (auto why = layout.fatal_error(); !why.empty()) throw source::SourceError(why);
  const auto* archive = layout.archive_facts();
  if (archive != nullptr) forget_made_up_digests(*archive, g);

  if (!reads.passed_wanting.empty())
    add_passed_diff_ids(*options.passed, reads.passed_wanting, reads.passed_wanting_facts,
                        result.summary.run_notes);
  result.summary.bytes_hashed = totals.read.load() + reads.passed_bytes;
  result.summary.bytes_uncompressed = totals.uncompressed.load() + reads.passed_uncompressed;
  result.summary.layers = layers.facts.size();
  index_layers(layers, jobs, shortfall);
  check_blobs_and_layers(g, layers, registry, sink);

  ImageLayers image_layers;
  const auto images = image_views(g, layers, image_layers, result.summary.images);
  check_images(images, registry, options, jobs, sink, shortfall);
  const auto lv = layout_view(g, options.graph);
  for (const auto& check : registry.layout_checks()) check(lv, sink);
  if (archive != nullptr) {
    check_archive(*archive, g, lv, images, layers, registry, options, sink);
    result.summary.archive_kind = archive->kind;
    result.summary.spooled_bytes = archive->spooled_bytes;
  }
  if (const auto* facts = layout.registry_facts(); facts != nullptr)
    check_registry(*facts, g, registry, sink);

  // What is attached to the images (signatures, attestations, referrers),
  // after every document is known.
  const auto attachments = graph::discover_attachments(g, layout, options.graph, budget);
  for (const auto& check : registry.attachment_checks()) check(attachments, sink);

  result.findings = sink.take();
  result.summary.attachments = summarize_attachments(attachments, attachment_problems);
  locate_in_input(layout, result.findings);
  result.summary.documents = g.documents().size();
  result.summary.blobs = lv.blobs.size();
  shortfall.add_to(result.summary.run_notes);
  result.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace ocv::engine
