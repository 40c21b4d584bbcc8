#include "validator/engine/validate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_set>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/engine/attachment_summary.hpp"
#include "validator/graph/attachment_discovery.hpp"
#include "validator/layer/layer_scan.hpp"
#include "validator/model/document_checks.hpp"
#include "validator/model/layer_index.hpp"
#include "validator/model/layer_stack.hpp"
#include "validator/model/manifest_kind.hpp"
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
  if (const auto* config = image.config != nullptr ? image.config->root() : nullptr;
      config != nullptr && config->IsObject()) {
    const auto os = config->FindMember("os");
    if (os != config->MemberEnd() && os->value.IsString())
      s.os.assign(os->value.GetString(), os->value.GetStringLength());
  }
  s.layers = image.layers.size();
  s.layers_read =
      static_cast<std::size_t>(std::count_if(image.layer_facts.begin(), image.layer_facts.end(),
                                             [](const LayerFacts* f) { return f != nullptr; }));
  if (const auto* root = image.manifest->root(); root != nullptr)
    s.artifact = is_artifact_manifest(*root);
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
    if (image.config == nullptr || image.config->kind != DocKind::config) continue;
    const auto* root = image.config->root();
    if (root == nullptr || !root->IsObject()) continue;
    const auto rootfs = root->FindMember("rootfs");
    if (rootfs == root->MemberEnd() || !rootfs->value.IsObject()) continue;
    const auto ids = rootfs->value.FindMember("diff_ids");
    if (ids == rootfs->value.MemberEnd() || !ids->value.IsArray()) continue;
    const auto n = std::min<std::size_t>(image.layers.size(), ids->value.Size());
    for (std::size_t i = 0; i < n; ++i) {
      const auto& id = ids->value[static_cast<rapidjson::SizeType>(i)];
      if (!id.IsString()) continue;
      const auto diff_id = digest::parse({id.GetString(), id.GetStringLength()});
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

/// One unit of work of the pool: hash a blob, or run the layer pass on it.
struct Job {
  BlobFacts* blob = nullptr;
  std::optional<mt::Compression> layer;         // set for layer blobs
  LayerFacts* facts = nullptr;                  // where the layer pass writes
  std::vector<std::string> diff_id_algorithms;  // besides sha256, for the layer pass
};

struct PoolTotals {
  explicit PoolTotals(std::uint64_t window_budget) : windows(window_budget) {}
  std::atomic<std::uint64_t> read{0};  // blob bytes read, counted as they are read (progress)
  std::atomic<std::uint64_t> uncompressed{0};
  layer::WindowBudget windows;  // zstd windows of the layers being decoded
};

void run_job(const source::Source& layout, Job& job, const ValidateOptions& options,
             PoolTotals& totals, bool split) {
  auto& b = *job.blob;
  if (job.layer) {
    layer::ScanOptions scan;
    scan.max_uncompressed_bytes = options.max_layer_bytes;
    scan.max_index_bytes = options.max_layer_index_bytes;
    scan.zstd.max_window = options.max_zstd_window;
    scan.zstd.budget = &totals.windows;
    scan.split_threads = split;
    scan.diff_id_algorithms = job.diff_id_algorithms;
    scan.bytes_read = &totals.read;
    auto r = layer::scan_layer(layout, b, *job.layer, scan);
    totals.uncompressed += r.facts.uncompressed_bytes;
    if (!r.read_error.empty()) b.unhashed_reason = "unreadable: " + r.read_error;
    b.actual_encoded = std::move(r.compressed_encoded);
    *job.facts = std::move(r.facts);
    return;
  }
  auto hasher = digest::make_hasher(b.algorithm);
  const auto r = source::stream_blob(layout, b.algorithm, b.encoded, options.max_blob_bytes + 1,
                                     [&](const char* p, std::size_t n) {
                                       hasher->update(p, n);
                                       totals.read.fetch_add(n, std::memory_order_relaxed);
                                     });
  if (!r.ok) {
    b.unhashed_reason = "unreadable: " + r.error;
  } else if (r.bytes_read > options.max_blob_bytes) {
    b.unhashed_reason =
        fmt::format("grew beyond the {}-byte limit while being read", options.max_blob_bytes);
  } else {
    b.actual_encoded = hasher->finish_hex();
  }
}

/// Threads the system refused to start (EAGAIN under a pid limit): the run
/// goes on with fewer, and says so once.
class ThreadShortfall {
 public:
  void record(std::size_t started, std::size_t wanted, const std::system_error& e) {
    const std::lock_guard lock(mutex_);
    if (!note_.empty()) return;
    note_ = fmt::format(
        "warning: could start only {} of {} threads ({}); continuing with fewer (this is "
        "slower, not less thorough)",
        started, wanted, e.what());
  }
  void record_ticker(const std::system_error& e) {
    const std::lock_guard lock(mutex_);
    if (note_.empty())
      note_ = fmt::format("warning: no thread for the progress line ({}); continuing without it",
                          e.what());
  }
  void add_to(std::vector<std::string>& notes) const {
    const std::lock_guard lock(mutex_);
    if (!note_.empty()) notes.push_back(note_);
  }

 private:
  mutable std::mutex mutex_;
  std::string note_;
};

/// Reports progress every 200 ms from a thread of its own while the pool
/// runs, and once more when it is destroyed (the pool is done).
class ProgressTicker {
 public:
  ProgressTicker(const std::function<void(std::uint64_t, std::uint64_t)>& report,
                 const std::atomic<std::uint64_t>& done, std::uint64_t total,
                 ThreadShortfall& shortfall)
      : report_(report), done_(done), total_(total) {
    if (!report_) return;
    try {
      thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stop_cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; }))
          report_(done_.load(std::memory_order_relaxed), total_);
      });
    } catch (const std::system_error& e) {
      shortfall.record_ticker(e);
    }
  }
  ~ProgressTicker() {
    if (!report_ || !thread_.joinable()) return;
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    stop_cv_.notify_all();
    thread_.join();
    report_(done_.load(), total_);
  }
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

 private:
  const std::function<void(std::uint64_t, std::uint64_t)>& report_;
  const std::atomic<std::uint64_t>& done_;
  std::uint64_t total_;
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

/// Calls `body(i)` for every i < n on up to `jobs` threads (this one among
/// them); on fewer when the system refuses more, down to this one alone.
void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& body,
                  ThreadShortfall& shortfall) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) body(i);
  };
  const auto threads_wanted = std::min<std::size_t>(std::max(1u, jobs), n);
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < threads_wanted; ++t) {
    try {
      threads.emplace_back(worker);
    } catch (const std::system_error& e) {
      shortfall.record(threads.size() + 1, threads_wanted, e);
      break;
    }
  }
  worker();
  for (auto& t : threads) t.join();
}

/// Runs the jobs largest first on `jobs` threads: every blob is read once.
void run_pool(const source::Source& layout, std::vector<Job>& work, unsigned jobs,
              const ValidateOptions& options, PoolTotals& totals, ThreadShortfall& shortfall) {
  std::sort(work.begin(), work.end(),
            [](const Job& a, const Job& b) { return a.blob->size > b.blob->size; });
  // A layer larger than all the work after it would leave the other
  // cores idle: it decodes on a second thread of its own.
  std::vector<std::uint64_t> after(work.size() + 1, 0);
  for (std::size_t i = work.size(); i-- > 0;) after[i] = after[i + 1] + work[i].blob->size;
  ProgressTicker ticker(options.progress, totals.read, after[0], shortfall);
  parallel_for(
      work.size(), jobs,
      [&](std::size_t i) {
        const bool split = jobs > 1 && work[i].layer && work[i].blob->size > after[i + 1];
        run_job(layout, work[i], options, totals, split);
      },
      shortfall);
}

/// The member index of every layer the pass read, built once per layer
/// blob (on the pool's threads) and shared by the layer checks and by every
/// image that names the blob.
std::map<std::string, const LayerIndex*> index_layers(
    const std::map<std::string, const LayerFacts*>& facts_by_path, unsigned jobs,
    std::deque<std::unique_ptr<LayerIndex>>& indexes, ThreadShortfall& shortfall) {
  std::vector<std::pair<const std::string*, const LayerFacts*>> layers;
  for (const auto& [path, facts] : facts_by_path) layers.emplace_back(&path, facts);
  indexes.resize(layers.size());
  parallel_for(
      layers.size(), jobs,
      [&](std::size_t i) { indexes[i] = std::make_unique<LayerIndex>(*layers[i].second); },
      shortfall);
  std::map<std::string, const LayerIndex*> out;
  for (std::size_t i = 0; i < layers.size(); ++i) out.emplace(*layers[i].first, indexes[i].get());
  return out;
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

/// Names every finding's file as the input holds it (an archive member),
/// and leaves out findings on files the source made up, on images the run
/// did not select, and of rules that do not apply to such an input.
void locate_in_input(const source::Source& source, const graph::ContentGraph& g,
                     const Registry& registry, const InputTraits& input,
                     std::vector<Finding>& findings) {
  // In place: 200,000 findings (100,000 stray blob files) take 50 MB.
  std::size_t kept = 0;
  for (auto& f : findings) {
    if (!f.image.empty() && g.unselected().contains(f.image)) continue;
    if (const auto* rule = registry.find(f.rule_id); rule != nullptr && !input.meets(rule->needs))
      continue;
    if (!f.location.blob.empty()) {
      auto where = source.location_of(f.location.blob);
      if (where.empty()) continue;
      f.location.blob = std::move(where);
    }
    if (&findings[kept] != &f) findings[kept] = std::move(f);
    ++kept;
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(kept), findings.end());
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
  graph::ContentGraph g(layout, options.graph);
  // A source that could not be read to the end (a registry that stopped
  // answering) gives no verdict.
  if (auto why = layout.fatal_error(); !why.empty()) throw source::SourceError(why);
  if (!looks_like_layout(g))
    throw source::SourceError(fmt::format(
        "{}: not an OCI image layout (no oci-layout, index.json or blobs/ in it)", name));

  FindingSink sink(registry, options.opt_in);
  for (const auto& doc : g.documents())
    run_document_checks(registry, doc.view, doc.descriptors, sink);
  for (const auto& edge : g.edges())
    for (const auto& check : registry.edge_checks()) check(edge, sink);
  for (const auto& event : g.limits())
    for (const auto& check : registry.limit_checks()) check(event, sink);

  // Layer blobs get the layer pass (its read also yields their digest);
  // every other blob not hashed by the walk is hashed.
  std::map<std::string, const DescriptorView*> layer_descriptor;
  // Per layer blob: whether an image (not only artifacts) lists it.
  std::map<std::string, bool> in_an_image;
  for (const auto& edge : g.edges()) {
    if (edge.blob == nullptr || !edge.blob->readable) continue;
    if (!mt::is_layer(edge.descriptor->media_type())) continue;
    layer_descriptor.emplace(edge.blob->path, edge.descriptor);
    const auto* manifest = edge.descriptor->parent->root();
    if (edge.descriptor->role != DescriptorRole::layer || manifest == nullptr) continue;
    in_an_image[edge.blob->path] |= !is_artifact_manifest(*manifest);
  }
  const auto diff_id_algorithms = other_diff_id_algorithms(g);
  std::deque<LayerFacts> layer_facts;
  std::map<std::string, const LayerFacts*> facts_by_path;
  std::vector<Job> work;
  std::uint64_t passed_bytes = 0;
  std::uint64_t passed_uncompressed = 0;
  // Layers that passed on a stream before the config asking for another
  // diff_id algorithm was read: the stream is read again for them.
  layer::PassedBlobs::Wanted passed_wanting;
  std::map<std::string, LayerFacts*> passed_wanting_facts;
  for (auto& b : g.blobs()) {
    if (!b.readable || b.actual_encoded) continue;
    if (const auto* passed = options.passed != nullptr ? &*options.passed : nullptr) {
      // Read once already, as the stream passed: only the results are left.
      if (const auto p = passed->results.find(b.path); p != passed->results.end()) {
        const auto& r = p->second;
        if (!r.read_error.empty()) b.unhashed_reason = "unreadable: " + r.read_error;
        b.actual_encoded = r.compressed_encoded;
        passed_bytes += r.facts.compressed_bytes;
        passed_uncompressed += r.facts.uncompressed_bytes;
        if (const auto it = layer_descriptor.find(b.path); it != layer_descriptor.end()) {
          auto& facts = layer_facts.emplace_back(r.facts);
          const auto declared = mt::layer_compression(it->second->media_type());
          facts.declared_compression = declared == mt::Compression::gzip   ? "gzip"
                                       : declared == mt::Compression::zstd ? "zstd"
                                                                           : "none";
          facts_by_path[b.path] = &facts;
          if (const auto a = diff_id_algorithms.find(b.path); a != diff_id_algorithms.end())
            for (const auto& algorithm : a->second)
              if (facts.diff_id && !facts.diff_id_with(algorithm)) {
                passed_wanting[b.path].insert(algorithm);
                passed_wanting_facts[b.path] = &facts;
              }
        }
        continue;
      }
    }
    if (const auto it = layer_descriptor.find(b.path); it != layer_descriptor.end()) {
      auto& facts = layer_facts.emplace_back();
      facts_by_path[b.path] = &facts;
      Job job{&b, mt::layer_compression(it->second->media_type()), &facts, {}};
      if (const auto a = diff_id_algorithms.find(b.path); a != diff_id_algorithms.end())
        job.diff_id_algorithms.assign(a->second.begin(), a->second.end());
      work.push_back(std::move(job));
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
    work.push_back({&b, std::nullopt, nullptr, {}});
  }
  const unsigned jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  PoolTotals totals(std::max(options.zstd_window_budget, options.max_zstd_window));
  ThreadShortfall shortfall;
  run_pool(layout, work, jobs, options, totals, shortfall);
  if (auto why = layout.fatal_error(); !why.empty()) throw source::SourceError(why);
  const auto* archive = layout.archive_facts();
  if (archive != nullptr) {
    // A made-up name (a legacy docker-archive's layer named by its diff_id)
    // claims nothing about the content: there is nothing to compare.
    for (const auto& path : archive->synthesized_names)
      for (auto& b : g.blobs())
        if (b.path == path) b.actual_encoded.reset();
  }

  ValidateResult result;
  if (!passed_wanting.empty())
    add_passed_diff_ids(*options.passed, passed_wanting, passed_wanting_facts,
                        result.summary.run_notes);
  result.summary.bytes_hashed = totals.read.load() + passed_bytes;
  result.summary.bytes_uncompressed = totals.uncompressed.load() + passed_uncompressed;
  result.summary.layers = layer_facts.size();
  std::deque<std::unique_ptr<LayerIndex>> layer_indexes;
  const auto index_by_path = index_layers(facts_by_path, jobs, layer_indexes, shortfall);

  for (const auto& facts : g.blobs()) {
    BlobView view;
    view.facts = &facts;
    view.blob = facts.path;
    view.referrers = g.referrers(facts.path);
    if (!view.referrers.empty()) {
      const auto* first = view.referrers.front();
      view.chain = first->parent->chain;
      view.chain.push_back(first->label());
      view.image = first->parent->image;
    }
    for (const auto& check : registry.blob_checks()) check(view, sink);
    if (const auto it = facts_by_path.find(facts.path); it != facts_by_path.end()) {
      LayerView layer;
      static_cast<Site&>(layer) = view;
      layer.blob_facts = &facts;
      layer.facts = it->second;
      layer.index = index_by_path.at(facts.path);
      layer.descriptor = layer_descriptor.at(facts.path);
      const auto listed = in_an_image.find(facts.path);
      layer.artifact_only = listed != in_an_image.end() && !listed->second;
      for (const auto& check : registry.layer_checks()) check(layer, sink);
    }
  }

  std::vector<ImageView> images = g.images();
  std::unordered_set<std::string_view> summarized;  // manifests (20,000 images: no scan of all)
  for (auto& image : images) {
    for (const auto* d : image.layers) {
      const LayerFacts* facts = nullptr;
      const LayerIndex* index = nullptr;
      if (const auto parsed = digest::parse(d->digest())) {
        const auto path = parsed->path();
        if (const auto it = facts_by_path.find(path); it != facts_by_path.end()) {
          facts = it->second;
          index = index_by_path.at(path);
        }
      }
      image.layer_facts.push_back(facts);
      image.layer_index.push_back(index);
    }
    // One entry per manifest: two tags naming it are one image (its
    // findings are grouped under the first name that reached it).
    if (summarized.insert(image.manifest->blob).second)
      result.summary.images.push_back(summarize(image));
  }
  // The image checks walk each image's layer stack: images in parallel,
  // each into a sink of its own, merged in image order so that which of two
  // equal findings (a layer shared by two images) is kept does not depend
  // on timing.
  std::vector<std::unique_ptr<FindingSink>> image_sinks(images.size());
  parallel_for(
      images.size(), jobs,
      [&](std::size_t i) {
        image_sinks[i] = std::make_unique<FindingSink>(registry, options.opt_in);
        check_image(images[i], registry, *image_sinks[i]);
      },
      shortfall);
  for (auto& image_sink : image_sinks)
    for (auto& f : image_sink->take()) sink.add(std::move(f));

  LayoutView lv;
  lv.blob = "index.json";
  lv.chain = {"index.json"};
  lv.root_entries = g.root_entries();
  lv.blobs_dir = g.blobs_dir();
  lv.blob_tree_oddities = g.blob_oddities();
  for (const auto& b : g.blobs())
    if (b.type != FileType::missing) lv.blobs.push_back(&b);
  lv.missing = g.missing();
  lv.unreadable = g.unreadable();
  lv.oci_layout = g.oci_layout() ? &g.oci_layout()->view : nullptr;
  lv.index = g.index() ? &g.index()->view : nullptr;
  lv.json = g.index() ? g.index()->json.get() : nullptr;
  lv.references_complete = g.references_complete();
  for (const auto& check : registry.layout_checks()) check(lv, sink);

  if (archive != nullptr) {
    ArchiveView av;
    av.blob = "";
    av.facts = archive;
    av.index = archive->synthesized_layout ? nullptr : lv.index;
    for (const auto& image : images) av.images.push_back(&image);
    av.selected = [&wanted = options.graph.select_ref](const source::DockerImage& image) {
      return wanted.empty() ||
             std::any_of(image.repo_tags.begin(), image.repo_tags.end(),
                         [&](const std::string& tag) { return graph::tag_matches(tag, wanted); });
    };
    av.document = [&g](std::string_view blob) -> const DocumentView* {
      for (const auto& doc : g.documents())
        if (doc.view.blob == blob) return &doc.view;
      return nullptr;
    };
    av.layer_facts = [&facts_by_path](std::string_view blob) -> const LayerFacts* {
      const auto it = facts_by_path.find(std::string(blob));
      return it == facts_by_path.end() ? nullptr : it->second;
    };
    for (const auto& check : registry.archive_checks()) check(av, sink);
    result.summary.archive_kind = archive->kind;
    result.summary.spooled_bytes = archive->spooled_bytes;
  }

  if (const auto* facts = layout.registry_facts(); facts != nullptr) {
    RegistryView rv;
    rv.blob = "";
    rv.facts = facts;
    rv.missing = &g.missing();
    rv.document = [&g](std::string_view blob) -> const DocumentView* {
      for (const auto& doc : g.documents())
        if (doc.view.blob == blob) return &doc.view;
      return nullptr;
    };
    rv.blob_facts = [&g](std::string_view blob) -> const BlobFacts* {
      for (const auto& b : g.blobs())
        if (b.path == blob) return &b;
      return nullptr;
    };
    rv.site_of = [&g](std::string_view blob) {
      Site site;
      site.blob = std::string(blob);
      const auto& referrers = g.referrers(site.blob);
      if (!referrers.empty()) {
        const auto* first = referrers.front();
        site.chain = first->parent->chain;
        site.chain.push_back(first->label());
        site.image = first->parent->image;
      }
      return site;
    };
    for (const auto& check : registry.registry_checks()) check(rv, sink);
  }

  result.summary.input.layout = layout.has_layout();
  result.summary.input.blob_listing = layout.lists_blobs();
  result.summary.input.registry = layout.registry_facts() != nullptr;
  // What is attached to the images (signatures, attestations, referrers),
  // after every document is known.
  const auto attachments = graph::discover_attachments(g, layout, options.graph);
  for (const auto& check : registry.attachment_checks()) check(attachments, sink);

  result.findings = sink.take();
  result.summary.attachments = summarize_attachments(attachments, result.findings, registry);
  locate_in_input(layout, g, registry, result.summary.input, result.findings);
  result.summary.documents = g.documents().size();
  result.summary.blobs = lv.blobs.size();
  shortfall.add_to(result.summary.run_notes);
  result.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace ocv::engine
