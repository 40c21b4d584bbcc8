#include "validator/registry/registry_source.hpp"

#include <algorithm>
#include <deque>
#include <exception>
#include <optional>
#include <set>
#include <thread>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/model/media_types.hpp"
#include "validator/registry/blob_stream.hpp"

namespace ocv::registry {
namespace {

namespace mt = engine::mt;
using source::FileType;
using source::ReadResult;

constexpr std::size_t kMaxManifests = 4096;
constexpr std::size_t kMaxReferrerDepth = 3;
constexpr std::size_t kMaxReferrersListBytes = 4u << 20;
constexpr std::string_view kRefName = "org.opencontainers.image.ref.name";

std::string short_digest(std::string_view d) {
  const auto colon = d.find(':');
  return std::string(
      d.substr(0, std::min(d.size(), colon == std::string_view::npos ? 24 : colon + 13)));
}

/// A header value without its parameters ("type/sub; charset=x" -> "type/sub").
std::string without_parameters(std::string_view v) {
  v = v.substr(0, v.find(';'));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

std::string string_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return {};
  const auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

bool is_manifest_type(std::string_view media_type) {
  const auto kind = mt::document_kind(media_type);
  return kind && (*kind == engine::DocKind::manifest || *kind == engine::DocKind::index);
}

/// `text` as a digest the registry can be asked for: of the general
/// grammar and, for a registered algorithm, of its form (sha256: 64
/// lowercase hex characters). distribution answers any other with 400
/// DIGEST_INVALID, which would end the run; a descriptor that names one is
/// the image's fault, which the digest rules report.
std::optional<digest::Digest> askable(std::string_view text) {
  auto d = digest::parse(text);
  if (d && digest::algorithm_form_error(*d)) d.reset();
  return d;
}

/// Whether an answer of `status` to a request for `digest` is the registry
/// refusing the digest's algorithm: distribution answers 400 DIGEST_INVALID
/// for one it does not compute (blake3, or any unregistered name). Only
/// sha256 is one every registry is expected to support; for it a 400 is the
/// registry's fault, which ends the run. For any other the content is not
/// there for a client to pull: it is recorded as not found, with the answer.
bool refuses_algorithm(long status, std::string_view digest) {
  return status == 400 && !digest.starts_with("sha256:");
}

/// The body's digest with the algorithm of the header's digest ("" when
/// the header names none this build computes).
std::string digest_like(std::string_view header, std::string_view body) {
  const auto d = digest::parse(header);
  if (!d || !digest::can_verify(d->algorithm)) return {};
  return fmt::format("{}:{}", d->algorithm, digest::hash_hex(d->algorithm, body));
}

}  // namespace

const std::string& manifest_accept() {
  static const std::string accept =
      fmt::format("Accept: {}, {}, {}, {}, application/vnd.oci.artifact.manifest.v1+json",
                  mt::kOciIndex, mt::kOciManifest, mt::kDockerManifestList, mt::kDockerManifest);
  return accept;
}

/// The walk over the manifests, done once when the source is made.
struct RegistrySource::Walk {
  struct Pending {
    std::string digest;  // "" for the root asked for by tag
    std::string name;    // the image name reports group findings under
    std::size_t index_depth = 0;
    std::size_t referrer_depth = 0;
    bool root = false;  // the manifest the user named
  };
  enum class Api { unknown, yes, no };

  explicit Walk(RegistrySource& source) : src(source) {}

  RegistrySource& src;
  std::deque<Pending> queue;
  std::set<std::string, std::less<>> manifests;  // digests queued or fetched
  std::set<std::string, std::less<>> blobs;      // digests of other blobs, for HEAD
  std::vector<std::string> entries;              // index.json's manifests[], as JSON
  std::set<std::string, std::less<>> entry_digests;
  std::map<std::string, std::string, std::less<>> served;  // digest -> Content-Type
  std::uint64_t manifest_bytes = 0;
  Api api = Api::unknown;

  std::string repo_path(std::string_view what, std::string_view ref) const {
    return fmt::format("/v2/{}/{}/{}", src.ref_.repository, what, ref);
  }

  /// GET a manifest; null when the registry has no such manifest (a 404 is
  /// a finding for a manifest something names, the end of the run for the
  /// one the user named) or cannot serve it (a server error: read_as_blob).
  Content* fetch(const Pending& p) {
    if (p.root && !p.digest.empty() && !digest::parse(p.digest))
      throw source::SourceError(fmt::format(
          "docker://{}: {} is not a digest ocivalidate can read (ALGORITHM:HEX, lower case)",
          src.ref_.str(), p.digest));
    const bool root = p.root;
    const std::string ref = p.digest.empty() ? src.ref_.tag : p.digest;
    const auto path = repo_path("manifests", ref);
    if (manifests.size() > kMaxManifests)
      throw source::SourceError(
          fmt::format("docker://{} names more than {} manifests; ocivalidate stops there",
                      src.ref_.str(), kMaxManifests));
    std::optional<Answer> got;
    try {
      got = src.client_->get(path, {manifest_accept()}, src.options_.max_document_bytes + 1);
    } catch (const RegistryError& e) {
      if (root || e.status() < 500) throw;
      read_as_blob(p.digest, path, e.answer(), true);
      return nullptr;
    }
    auto& answer = *got;
    const auto& r = answer.response;
    if (r.status != 200) {
      const auto what = RegistryClient::describe(r, answer.body);
      if (root)
        throw source::SourceError(fmt::format(
            "docker://{}: {} for {}: {}", src.ref_.str(), what, path,
            r.status == 404 ? fmt::format("check the tag or digest (skopeo list-tags docker://{} "
                                          "lists the tags)",
                                          src.ref_.name())
                            : std::string("the manifest cannot be read")));
      if (r.status == 404 || refuses_algorithm(r.status, p.digest)) {
        const auto at = digest::blob_path_of(p.digest);
        const std::lock_guard lock(src.mutex_);
        src.facts_.not_found[at] = {"GET " + path, what};
        auto& c = src.contents_[at];
        c.digest = p.digest;
        c.manifest = true;
        return nullptr;
      }
      if (r.status >= 500) {
        read_as_blob(p.digest, path, what, false);
        return nullptr;
      }
      throw source::SourceError(fmt::format("docker://{}: {} answered {} for {}", src.ref_.str(),
                                            src.ref_.registry, what, path));
    }
    manifest_bytes += answer.body.size();
    if (manifest_bytes > src.options_.max_manifest_bytes)
      throw source::SourceError(
          fmt::format("docker://{}: the manifests add up to more than {} bytes, the memory the "
                      "documents may take (--max-document-memory); ocivalidate stops there",
                      src.ref_.str(), src.options_.max_manifest_bytes));
    // Asked for by tag: the content's own sha256 names it.
    std::string digest = p.digest.empty()
                             ? fmt::format("sha256:{}", digest::hash_hex("sha256", answer.body))
                             : p.digest;
    source::WireAnswer wire;
    wire.path = digest::blob_path_of(digest);
    wire.request = "GET " + path;
    wire.manifest = true;
    wire.content_type = std::string(r.header("content-type").value_or(""));
    wire.header_digest = std::string(r.header("docker-content-digest").value_or(""));
    wire.body_digest = digest_like(wire.header_digest, answer.body);
    wire.content_length = r.content_length();
    wire.body_bytes = answer.body.size();
    served[digest] = wire.content_type;
    src.record(wire);
    const std::lock_guard lock(src.mutex_);
    auto& c = src.contents_[wire.path];
    c.digest = digest;
    c.manifest = true;
    c.present = true;
    c.size_known = true;
    c.size = answer.over_cap && wire.content_length ? *wire.content_length : answer.body.size();
    c.body = std::move(answer.body);
    if (root) add_entry(c, wire.content_type, p.name, nullptr);
    return &c;
  }

  /// A manifest the registry answered with a server error: one the client
  /// retries (RegistryError, after its last try) or one it takes as final.
  /// distribution 2.8 answers 500 when a descriptor of a manifest type (a
  /// subject, a referrer) names a blob that is not a manifest, where the
  /// distribution-spec asks for 404 (§ Pulling manifests). The content is
  /// judged all the same, read from the blobs endpoint (where registries
  /// keep manifests too); a registry rule reports the answer. A registry that
  /// cannot answer that HEAD either ends the run.
  void read_as_blob(const std::string& digest, const std::string& path, std::string answer,
                    bool retried) {
    {
      const std::lock_guard lock(src.mutex_);
      src.facts_.server_errors.push_back(
          {digest::blob_path_of(digest), "GET " + path, std::move(answer),
           "its content was read from the blobs endpoint", "", retried});
    }
    src.head_blob(digest);
  }

  /// Records a referrers lookup the registry could not answer.
  void referrers_failed(const source::ReferrersListing& listing, const std::string& request,
                        std::string answer, std::string instead, bool retried) {
    const std::lock_guard lock(src.mutex_);
    src.facts_.server_errors.push_back(
        {listing.path, request, std::move(answer), std::move(instead), listing.subject, retried});
  }

  /// The media type a manifest is read as: its own, else the Content-Type
  /// it was served with, else what its shape says.
  static std::string type_of(const json::ParsedJson& parsed, const std::string& content_type) {
    if (parsed.ok()) {
      if (auto own = string_member(parsed.dom, "mediaType"); is_manifest_type(own)) return own;
    }
    if (const auto served = without_parameters(content_type); is_manifest_type(served))
      return served;
    if (parsed.ok() && parsed.dom.IsObject() && parsed.dom.HasMember("manifests"))
      return std::string(mt::kOciIndex);
    return std::string(mt::kOciManifest);
  }

  /// An entry of the made-up index.json.
  void add_entry(const Content& c, const std::string& content_type, const std::string& name,
                 const rapidjson::Value* listed) {
    if (!entry_digests.insert(c.digest).second) return;
    const auto parsed = json::parse_strict(c.body, src.options_.json_limits);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("mediaType");
    const auto media_type =
        listed != nullptr && is_manifest_type(string_member(*listed, "mediaType"))
            ? string_member(*listed, "mediaType")
            : type_of(*parsed, content_type);
    w.String(media_type.c_str(), static_cast<rapidjson::SizeType>(media_type.size()));
    w.Key("digest");
    w.String(c.digest.c_str(), static_cast<rapidjson::SizeType>(c.digest.size()));
    w.Key("size");
    w.Uint64(c.size);
    if (listed != nullptr) {
      if (const auto at = string_member(*listed, "artifactType"); !at.empty()) {
        w.Key("artifactType");
        w.String(at.c_str(), static_cast<rapidjson::SizeType>(at.size()));
      }
    }
    w.Key("annotations");
    w.StartObject();
    if (listed != nullptr) {
      const auto a = listed->FindMember("annotations");
      if (a != listed->MemberEnd() && a->value.IsObject())
        for (const auto& m : a->value.GetObject()) {
          if (!m.value.IsString() || std::string_view(m.name.GetString()) == kRefName) continue;
          w.Key(m.name.GetString(), m.name.GetStringLength());
          w.String(m.value.GetString(), m.value.GetStringLength());
        }
    }
    w.Key(kRefName.data(), static_cast<rapidjson::SizeType>(kRefName.size()));
    w.String(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.EndObject();
    w.EndObject();
    entries.emplace_back(buffer.GetString(), buffer.GetSize());
  }

  void note_blob(const std::string& d) {
    if (manifests.contains(d)) return;
    if (askable(d)) blobs.insert(d);
  }

  void queue_manifest(Pending p) {
    if (!askable(p.digest) || !manifests.insert(p.digest).second) return;
    blobs.erase(p.digest);
    queue.push_back(std::move(p));
  }

  /// What a fetched manifest names: index entries (of the platform asked
  /// for), a manifest's config, layers and subject; then its referrers.
  void follow(const Content& c, const Pending& p) {
    const auto parsed = json::parse_strict(c.body, src.options_.json_limits);
    if (parsed->ok() && parsed->dom.IsObject()) {
      const auto& doc = parsed->dom;
      const auto manifests_member = doc.FindMember("manifests");
      if (manifests_member != doc.MemberEnd() && manifests_member->value.IsArray()) {
        if (p.index_depth + 1 <= src.options_.max_index_depth) {
          for (const auto& entry : manifests_member->value.GetArray()) {
            if (!entry.IsObject()) continue;
            const auto d = string_member(entry, "digest");
            if (!is_manifest_type(string_member(entry, "mediaType"))) {
              note_blob(d);
              continue;
            }
            if (src.options_.platform && !graph::platform_selected(entry, *src.options_.platform))
              continue;
            const auto platform = graph::platform_of(entry);
            queue_manifest({d, platform.empty() ? p.name : p.name + " " + platform,
                            p.index_depth + 1, p.referrer_depth});
          }
        }
      }
      for (const char* role : {"config", "subject"}) {
        const auto it = doc.FindMember(role);
        if (it == doc.MemberEnd() || !it->value.IsObject()) continue;
        const auto d = string_member(it->value, "digest");
        if (is_manifest_type(string_member(it->value, "mediaType"))) {
          // A subject this walk has not met (another image, or one that is
          // gone): fetched like any manifest, without its own referrers.
          queue_manifest({d, p.name + " subject", p.index_depth, kMaxReferrerDepth});
        } else {
          note_blob(d);
        }
      }
      if (const auto layers = doc.FindMember("layers");
          layers != doc.MemberEnd() && layers->value.IsArray())
        for (const auto& l : layers->value.GetArray()) note_blob(string_member(l, "digest"));
    }
    if (src.options_.referrers && p.referrer_depth < kMaxReferrerDepth) find_referrers(c.digest, p);
  }

  /// The referrers of `digest`: the referrers API, else the fallback tag.
  void find_referrers(const std::string& digest, const Pending& p) {
    const auto d = digest::parse(digest);
    if (!d) return;
    const auto& filter = src.options_.artifact_type;
    source::ReferrersListing listing;
    listing.subject = digest;
    listing.path = fmt::format("referrers/{}/{}", d->algorithm, d->encoded);
    listing.artifact_type_filter = filter;
    std::optional<Answer> answer;
    if (api != Api::no) {
      auto path = repo_path("referrers", digest);
      if (!filter.empty()) path += "?artifactType=" + url_encode(filter);
      std::optional<Answer> a;
      try {
        a = src.client_->get(path, {fmt::format("Accept: {}", mt::kOciIndex)},
                             kMaxReferrersListBytes);
      } catch (const RegistryError& e) {
        // Not the 404 that says there is no API: the list is unknown, and
        // the fallback tag is the one other place it may be.
        if (e.status() < 500) throw;
        referrers_failed(listing, "GET " + path, e.answer(),
                         "the referrers were looked for at the fallback tag instead", true);
      }
      // distribution-spec § Listing Referrers: a registry with the API
      // answers 200 for any digest; 404 means it has none.
      if (a && a->response.status == 200) {
        api = Api::yes;
        listing.request = "GET " + path;
        listing.filter_applied =
            a->response.header("oci-filters-applied").value_or("").find("artifactType") !=
            std::string_view::npos;
        answer = std::move(a);
      } else if (a && api == Api::unknown) {
        api = Api::no;
        src.notes_.push_back(fmt::format(
            "{} has no referrers API ({}); referrers are looked for at the sha256-<hex> "
            "fallback tags",
            src.ref_.registry, RegistryClient::describe(a->response, a->body)));
      }
    }
    if (!answer) {
      // distribution-spec § Unavailable Referrers API: the referrers tag
      // schema, <alg>-<ref>, the algorithm and digest truncated to 32 and
      // 64 characters.
      const auto tag = fmt::format("{}-{}", d->algorithm.substr(0, 32), d->encoded.substr(0, 64));
      const auto path = repo_path("manifests", tag);
      // "If the response to the referrers API is a 404, and the tag schema
      // does not return a valid image index, the client SHOULD assume there
      // are no referrers to the manifest" (same section): a server error
      // there is reported (a registry rule), not the end of the run.
      constexpr auto kNone = "no referrers were assumed";
      std::optional<Answer> a;
      try {
        a = src.client_->get(path, {manifest_accept()}, kMaxReferrersListBytes);
      } catch (const RegistryError& e) {
        if (e.status() < 500) throw;
        referrers_failed(listing, "GET " + path, e.answer(), kNone, true);
        return;
      }
      if (a->response.status == 404) return;
      if (a->response.status != 200) {
        referrers_failed(listing, "GET " + path, RegistryClient::describe(a->response, a->body),
                         kNone, false);
        return;
      }
      listing.fallback_tag = true;
      listing.request = "GET " + path;
      answer = std::move(a);
    }
    src.facts_.referrers_api = api == Api::yes;
    listing.content_type = std::string(answer->response.header("content-type").value_or(""));
    auto parsed = json::parse_strict(answer->body, src.options_.json_limits);
    listing.list = std::shared_ptr<const json::ParsedJson>(std::move(parsed));
    src.facts_.referrers.push_back(listing);
    const auto& list = listing.list;
    if (!list->ok() || !list->dom.IsObject()) return;
    const auto m = list->dom.FindMember("manifests");
    if (m == list->dom.MemberEnd() || !m->value.IsArray()) return;
    for (const auto& entry : m->value.GetArray()) {
      if (!entry.IsObject()) continue;
      // A registry that did not apply the filter: the client filters
      // (distribution-spec: "the client SHOULD apply the filter").
      if (!filter.empty() && string_member(entry, "artifactType") != filter) continue;
      const auto rd = string_member(entry, "digest");
      // A digest not of its algorithm's form is the list's fault (the
      // registry rules judge the list).
      const auto rdp = askable(rd);
      if (!rdp || manifests.contains(rd)) continue;
      const Pending next{rd, fmt::format("{} referrer {}", p.name, short_digest(rd)), 0,
                         p.referrer_depth + 1};
      manifests.insert(rd);
      blobs.erase(rd);
      auto* fetched = fetch(next);
      if (fetched == nullptr) {
        // Read from the blobs endpoint (read_as_blob): listed all the
        // same, so that its content is judged as the list says it is.
        const std::lock_guard lock(src.mutex_);
        if (auto* c = src.find(rdp->path()); c != nullptr && c->present && !c->manifest)
          add_entry(*c, "", next.name, &entry);
        continue;
      }
      add_entry(*fetched, served[rd], next.name, &entry);
      follow(*fetched, next);
    }
  }

  void run() {
    Pending root{src.ref_.digest,
                 src.ref_.digest.empty() ? src.ref_.tag : short_digest(src.ref_.digest), 0, 0,
                 true};
    auto* c = fetch(root);
    manifests.insert(c->digest);
    root.digest = c->digest;
    root.root = false;
    follow(*c, root);
    while (!queue.empty()) {
      const auto p = queue.front();
      queue.pop_front();
      if (auto* child = fetch(p)) follow(*child, p);
    }
    head_blobs();
  }

  /// The size of every other blob, asked for with HEAD, several at a time.
  void head_blobs() {
    std::vector<std::string> todo(blobs.begin(), blobs.end());
    const unsigned wanted = src.options_.jobs != 0
                                ? src.options_.jobs
                                : std::max(1u, std::thread::hardware_concurrency());
    const auto threads = std::min<std::size_t>(todo.size(), std::clamp(wanted * 2, 2u, 16u));
    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::exception_ptr error;
    const auto work = [&] {
      for (auto i = next++; i < todo.size(); i = next++) {
        try {
          head(todo[i]);
        } catch (...) {
          const std::lock_guard lock(error_mutex);
          if (!error) error = std::current_exception();
          next = todo.size();
        }
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
      try {
        pool.emplace_back(work);
      } catch (const std::system_error&) {
        break;  // fewer threads: the HEADs only take longer
      }
    }
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
  }

  void head(const std::string& digest) const { src.head_blob(digest); }
};

RegistrySource::RegistrySource(ImageReference ref, RegistryOptions options)
    : ref_(std::move(ref)), options_(std::move(options)) {
  facts_.reference = ref_.str();
  try {
    client_ = std::make_unique<RegistryClient>(ref_, options_.client);
    client_->ping();
    Walk walk(*this);
    walk.run();
    std::string json =
        fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","manifests":[)", mt::kOciIndex);
    for (std::size_t i = 0; i < walk.entries.size(); ++i)
      json += (i == 0 ? "" : ",") + walk.entries[i];
    json += "]}";
    index_json_ = std::move(json);
  } catch (const RegistryError& e) {
    throw source::SourceError(fmt::format("docker://{}: {}", ref_.str(), e.what()));
  }
}

RegistrySource::~RegistrySource() = default;

void RegistrySource::record(source::WireAnswer answer) const {
  const std::lock_guard lock(mutex_);
  facts_.answers.push_back(std::move(answer));
}

void RegistrySource::fail(std::string why) const {
  const std::lock_guard lock(mutex_);
  if (fatal_.empty()) fatal_ = std::move(why);
  failed_ = true;
}

std::string RegistrySource::fatal_error() const {
  const std::lock_guard lock(mutex_);
  return fatal_;
}

std::vector<std::string> RegistrySource::notes() const {
  auto out = notes_;
  return out;
}

void RegistrySource::head_blob(const std::string& digest) const {
  // Not asked for, so not there: what the graph looks up by a descriptor's
  // digest (look_up) is missing, and the digest rules report the digest.
  const auto d = askable(digest);
  if (!d) return;
  const auto path = fmt::format("/v2/{}/blobs/{}", ref_.repository, digest);
  const auto answer = client_->get(path, {}, 0, true);
  const auto& r = answer.response;
  const std::lock_guard lock(mutex_);
  auto& c = contents_[d->path()];
  c.digest = digest;
  if (r.status == 404 || refuses_algorithm(r.status, digest)) {
    facts_.not_found[d->path()] = {"HEAD " + path, RegistryClient::describe(r, answer.body)};
    return;
  }
  if (r.status != 200)
    throw RegistryError(fmt::format("{} answered {} for HEAD {}", ref_.registry,
                                    RegistryClient::describe(r, answer.body), path));
  c.present = true;
  if (const auto length = r.content_length()) {
    c.size_known = true;
    c.size = *length;
  }
  source::WireAnswer wire;
  wire.path = d->path();
  wire.request = "HEAD " + path;
  wire.head = true;
  wire.content_type = std::string(r.header("content-type").value_or(""));
  wire.header_digest = std::string(r.header("docker-content-digest").value_or(""));
  wire.content_length = r.content_length();
  facts_.answers.push_back(std::move(wire));
}

RegistrySource::Content* RegistrySource::find(const std::string& path) const {
  const auto it = contents_.find(path);
  return it == contents_.end() ? nullptr : &it->second;
}

RegistrySource::Content* RegistrySource::look_up(std::string_view alg,
                                                 std::string_view encoded) const {
  const auto path = digest::blob_path(alg, encoded);
  {
    const std::lock_guard lock(mutex_);
    if (auto* c = find(path)) return c;
  }
  if (failed_ || !source::safe_component(alg) || !source::safe_component(encoded)) return nullptr;
  try {
    head_blob(fmt::format("{}:{}", alg, encoded));
  } catch (const RegistryError& e) {
    fail(e.what());
    return nullptr;
  }
  const std::lock_guard lock(mutex_);
  return find(path);
}

std::vector<std::pair<std::string, FileType>> RegistrySource::list_root() const {
  return {{"blobs", FileType::directory},
          {"index.json", FileType::regular},
          {"oci-layout", FileType::regular}};
}

source::BlobScan RegistrySource::scan_blobs(std::uint64_t /*max_entries*/) const {
  // A registry cannot list a repository's blobs (lists_blobs()).
  source::BlobScan scan;
  scan.blobs_dir = FileType::directory;
  return scan;
}

source::BlobEntry RegistrySource::blob_entry(std::string_view alg, std::string_view encoded) const {
  source::BlobEntry entry;
  const auto* c = look_up(alg, encoded);
  if (c == nullptr || !c->present) return entry;
  entry.type = FileType::regular;
  entry.size = c->size;
  entry.readable = true;
  return entry;
}

ReadResult RegistrySource::read_root_file(std::string_view name, std::size_t cap) const {
  ReadResult r;
  std::string bytes;
  if (name == "oci-layout")
    bytes = R"({"imageLayoutVersion":"1.0.0"})";
  else if (name == "index.json")
    bytes = index_json_;
  else
    return r;
  r.status = ReadResult::Status::ok;
  r.type = FileType::regular;
  r.file_size = bytes.size();
  r.truncated = bytes.size() > cap;
  if (r.truncated) bytes.resize(cap);
  r.bytes = std::move(bytes);
  return r;
}

ReadResult RegistrySource::read_blob(std::string_view alg, std::string_view encoded,
                                     std::size_t cap) const {
  ReadResult r;
  auto* c = look_up(alg, encoded);
  if (c == nullptr || !c->present) return r;
  r.type = FileType::regular;
  r.file_size = c->size;
  if (c->manifest) {
    const std::lock_guard lock(mutex_);
    if (!c->body_taken) {
      // The graph reads each document once: the bytes move there.
      r.bytes = std::move(c->body);
      c->body_taken = true;
      r.truncated = r.bytes.size() > cap;
      if (r.truncated) r.bytes.resize(cap);
      r.status = ReadResult::Status::ok;
      return r;
    }
  }
  if (failed_) {
    r.status = ReadResult::Status::io_error;
    r.error = "the registry could not be read";
    return r;
  }
  const auto path = fmt::format("/v2/{}/{}/{}:{}", ref_.repository,
                                c->manifest ? "manifests" : "blobs", alg, encoded);
  try {
    const std::vector<std::string> headers =
        c->manifest ? std::vector<std::string>{manifest_accept()} : std::vector<std::string>{};
    auto answer = client_->get(path, headers, cap + 1);
    const auto& h = answer.response;
    if (h.status != 200) {
      r.status = ReadResult::Status::io_error;
      r.error =
          fmt::format("{} answered {}", ref_.registry, RegistryClient::describe(h, answer.body));
      return r;
    }
    source::WireAnswer wire;
    wire.path = digest::blob_path(alg, encoded);
    wire.request = "GET " + path;
    wire.manifest = c->manifest;
    wire.content_type = std::string(h.header("content-type").value_or(""));
    wire.header_digest = std::string(h.header("docker-content-digest").value_or(""));
    wire.content_length = h.content_length();
    wire.body_bytes = answer.body.size();
    // A body read whole, in the header's algorithm (the engine verifies
    // the blob's own): a manifest's, or a blob's in another algorithm.
    if (!answer.over_cap && answer.body.size() <= cap)
      wire.body_digest = digest_like(wire.header_digest, answer.body);
    record(std::move(wire));
    r.truncated = answer.over_cap || answer.body.size() > cap;
    if (answer.body.size() > cap) answer.body.resize(cap);
    r.bytes = std::move(answer.body);
    r.status = ReadResult::Status::ok;
  } catch (const RegistryError& e) {
    fail(e.what());
    r.status = ReadResult::Status::io_error;
    r.error = e.what();
  }
  return r;
}

std::unique_ptr<source::BlobReader> RegistrySource::open_blob(std::string_view alg,
                                                              std::string_view encoded,
                                                              std::string& why) const {
  auto* c = look_up(alg, encoded);
  if (c == nullptr || !c->present) {
    why = "missing";
    return nullptr;
  }
  if (failed_) {
    why = "the registry could not be read";
    return nullptr;
  }
  return std::make_unique<BlobStream>(*this, fmt::format("{}:{}", alg, encoded),
                                      digest::blob_path(alg, encoded), c->manifest);
}

std::string RegistrySource::location_of(std::string_view path) const {
  if (const auto digest = digest::digest_of_blob_path(path))
    return fmt::format("{}@{}", ref_.name(), *digest);
  if (path.starts_with("referrers/")) {
    // "referrers/<alg>/<encoded>" lists the referrers of "<alg>:<encoded>".
    std::string subject(path.substr(10));
    if (const auto slash = subject.find('/'); slash != std::string::npos) subject[slash] = ':';
    return fmt::format("{} referrers of {}", ref_.name(), subject);
  }
  return {};  // oci-layout and index.json are made up here
}

}  // namespace ocv::registry
