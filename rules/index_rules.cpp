// IDX-*: the image index (image-index.md), including the layout's
// index.json.
//
// Field presence and types (IDX-001, IDX-005) are also found by the JSON
// Schema pass; they are checked here too so that no rule rests on the
// schema validator alone. Not here: IDX-008 (nested indexes are followed),
// which is how the content graph walks. Three requirements are checked
// under the ID of another rule that states the same thing, and are
// registered for the catalogue with no check of their own: IDX-009 (an
// entry for a platform-specific image carries platform) is DESC-015, IDX-011
// (annotations) is ANN-*, and IDX-015 (an entry typed manifest or index
// resolves to a document of that kind) is MT-003.
#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/families.hpp"
#include "rules/grammar.hpp"
#include "rules/json_access.hpp"
#include "rules/platform_values.hpp"
#include "rules/top_level_checks.hpp"
#include "validator/model/image_facts.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorRole;
using engine::DescriptorView;
using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::ImageView;
using engine::Severity;
namespace mt = engine::mt;

const rapidjson::Value* index_root(const DocumentView& doc) {
  return object_root(doc, DocKind::index);
}

/// "index.json" or "the index", for messages.
std::string_view what(const DocumentView& doc) {
  return doc.is_layout_index ? "index.json" : "the index";
}

// IDX-005, IDX-006: manifests is an array (it may be empty) whose items are
// descriptor objects; the DESC-* rules check the objects themselves.
void check_manifests_present(const DocumentView& doc, const rapidjson::Value& root,
                             FindingSink& sink) {
  const auto* v = member(root, "manifests");
  if (v == nullptr) {
    sink.report(
        "IDX-005", doc, "/manifests",
        fmt::format("{} has no manifests array (it may be empty, but must be present)", what(doc)));
    return;
  }
  if (!v->IsArray()) {
    sink.report("IDX-005", doc, "/manifests",
                fmt::format("manifests must be an array of descriptors, found {}", type_name(*v)));
    return;
  }
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i)
    if (!(*v)[i].IsObject())
      sink.report("IDX-006", doc, json::pointer_append("/manifests", i),
                  fmt::format("manifests[{}] must be a descriptor object, found {}", i,
                              type_name((*v)[i])));
}

// IDX-012: an index has no `layers` or `config`; a document readable as both
// an index and a manifest is the CVE-2021-41190 ambiguity.
void check_not_a_manifest(const DocumentView& doc, const rapidjson::Value& root,
                          FindingSink& sink) {
  for (const char* name : {"layers", "config"})
    if (member(root, name) != nullptr)
      sink.report("IDX-012", doc, json::pointer_append("", name),
                  fmt::format("{} has a {} member, so it can also be read as an image manifest "
                              "(CVE-2021-41190); remove it",
                              what(doc), name));
}

/// The platform of an entry as the tuple runtimes match on; os.features
/// sorted, since its order carries no meaning.
using PlatformKey =
    std::tuple<std::string, std::string, std::string, std::string, std::vector<std::string>>;

std::optional<PlatformKey> platform_key(const rapidjson::Value& entry) {
  const auto* p = member(entry, "platform");
  if (p == nullptr || !p->IsObject()) return std::nullopt;
  const auto str = [&](const char* name) { return std::string(string_or_empty(*p, name)); };
  // An absent variant means the architecture's default one (arm64 -> v8),
  // as runtimes resolve it: linux/arm64 and linux/arm64/v8 are one platform.
  auto variant = str("variant");
  if (variant.empty()) variant = std::string(platform::default_variant(str("architecture")));
  PlatformKey key{str("os"), str("architecture"), variant, str("os.version"), {}};
  // BuildKit attestation manifests all carry unknown/unknown; no runtime
  // selects them by platform, so their repetition is harmless.
  if (std::get<0>(key) == "unknown" && std::get<1>(key) == "unknown") return std::nullopt;
  if (const auto* f = member(*p, "os.features"); f != nullptr && f->IsArray())
    for (const auto& item : f->GetArray())
      if (item.IsString()) std::get<4>(key).emplace_back(item.GetString(), item.GetStringLength());
  std::sort(std::get<4>(key).begin(), std::get<4>(key).end());
  return key;
}

/// "linux/arm/v7 os.version ..." for messages, cut short like quoted().
std::string describe(const PlatformKey& key) {
  std::string out = std::get<0>(key) + "/" + std::get<1>(key);
  if (!std::get<2>(key).empty()) out += "/" + std::get<2>(key);
  if (!std::get<3>(key).empty()) out += " os.version " + std::get<3>(key);
  if (!std::get<4>(key).empty())
    out += fmt::format(" os.features {}", fmt::join(std::get<4>(key), ","));
  constexpr std::size_t kMax = 120;
  if (out.size() > kMax) out = out.substr(0, kMax) + "...";
  return out;
}

/// The ref.name annotation of an entry ("" when it has none).
std::string_view ref_name_of(const rapidjson::Value& entry) {
  const auto* annotations = member(entry, "annotations");
  if (annotations == nullptr || !annotations->IsObject()) return {};
  return string_member(*annotations, "org.opencontainers.image.ref.name").value_or("");
}

// IDX-013: two entries with the same platform but different content make
// the selection depend on order ("the first matching entry SHOULD be used").
// Entries with different ref.name annotations are different tags of a
// layout, each its own image: a client picks by tag first, so they never
// compete for a platform.
void check_duplicate_platforms(const DocumentView& doc, const rapidjson::Value& root,
                               FindingSink& sink) {
  const auto* v = member(root, "manifests");
  if (v == nullptr || !v->IsArray()) return;
  using Key = std::pair<std::string_view, PlatformKey>;  // (ref.name, platform)
  std::map<Key, std::pair<rapidjson::SizeType, std::string_view>> first;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const auto& entry = (*v)[i];
    if (!entry.IsObject()) continue;
    auto key = platform_key(entry);
    if (!key) continue;
    const auto digest = string_member(entry, "digest").value_or("");
    const auto ref = ref_name_of(entry);
    const auto [it, inserted] = first.emplace(Key{ref, std::move(*key)}, std::pair{i, digest});
    if (inserted || it->second.second == digest) continue;
    sink.report("IDX-013", doc,
                json::pointer_append(json::pointer_append("/manifests", i), "platform"),
                fmt::format("manifests[{}] has the same platform ({}){} as manifests[{}]; clients "
                            "pick the first match, so manifests[{}] is never selected by platform",
                            i, describe(it->first.second),
                            ref.empty() ? std::string() : fmt::format(" and ref.name \"{}\"", ref),
                            it->second.first, i));
  }
}

void check_index_document(const DocumentView& doc, FindingSink& sink) {
  const auto* root = index_root(doc);
  if (root == nullptr) return;
  // IDX-001: schemaVersion is the integer 2.
  check_schema_version("IDX-001", doc, *root, sink);
  // IDX-002, IDX-003: a Docker manifest list type is the compatibility
  // rules' business (MT-005), not an IDX-003 error.
  check_own_media_type({"IDX-002", "IDX-003", what(doc), mt::kOciIndex, mt::kDockerManifestList},
                       doc, *root, sink);
  // IDX-004: artifactType has the RFC 6838 form.
  check_artifact_type_form("IDX-004", doc, *root, sink);
  check_manifests_present(doc, *root, sink);
  check_not_a_manifest(doc, *root, sink);
  check_duplicate_platforms(doc, *root, sink);
  // IDX-010 (as an error): a subject that is not even a descriptor object.
  check_subject_is_object("IDX-010", doc, *root, sink);
}

bool is_manifest_or_index(std::string_view media_type) {
  const auto kind = mt::document_kind(media_type);
  return kind == DocKind::manifest || kind == DocKind::index;
}

// IDX-007: for portability an index references manifests and indexes only
// (a note in index.json, where image-layout.md itself shows other types).
// IDX-010: an index's subject names a manifest or an index.
void check_index_descriptor(const DescriptorView& d, FindingSink& sink) {
  if (d.parent == nullptr || d.parent->kind != DocKind::index) return;
  const auto t = d.string_member("mediaType");
  if (!t || is_manifest_or_index(*t)) return;  // DESC-001 reports a missing type
  if (d.role == DescriptorRole::index_entry) {
    sink.report("IDX-007", *d.parent, d.member_pointer("mediaType"),
                fmt::format("{} references {}; portable indexes reference only image "
                            "manifests ({}) and image indexes ({})",
                            d.label(), quoted(*t), mt::kOciManifest, mt::kOciIndex),
                d.parent->is_layout_index ? std::optional(Severity::note) : std::nullopt);
  } else if (d.role == DescriptorRole::subject) {
    sink.report("IDX-010", *d.parent, d.member_pointer("mediaType"),
                fmt::format("subject.mediaType is {}; a subject is a manifest ({}) or an "
                            "index ({})",
                            quoted(*t), mt::kOciManifest, mt::kOciIndex));
  }
}

std::vector<std::string_view> features_of(const rapidjson::Value& object) {
  std::vector<std::string_view> out;
  if (const auto* f = member(object, "os.features"); f != nullptr && f->IsArray())
    for (const auto& item : f->GetArray())
      if (item.IsString()) out.push_back(as_view(item));
  std::sort(out.begin(), out.end());
  return out;
}

// IDX-014: an entry's platform agrees with the config of the image it
// points at. An absent variant equals the architecture's default one
// (arm64 = v8), as runtimes normalize it.
void check_platform_matches_config(const ImageView& image, FindingSink& sink) {
  const auto* entry = image.parent;
  if (entry == nullptr || image.config == nullptr) return;
  const auto* platform = member(*entry->value, "platform");
  const auto* config = image.config_facts;
  if (platform == nullptr || !platform->IsObject() || config == nullptr || !config->object) return;
  const auto& site = *entry->parent;
  const auto base = entry->member_pointer("platform");
  const auto report = [&](std::string_view name, std::string_view in_platform,
                          std::string_view in_config) {
    const auto entry_side =
        in_platform.empty()
            ? fmt::format("{}.platform has no {}", entry->label(), name)
            : fmt::format("{}.platform.{} is {}", entry->label(), name, quoted(in_platform));
    const auto config_side =
        in_config.empty()
            ? fmt::format("the image's config ({}) has none", image.config->blob)
            : fmt::format("the image's config ({}) has {}", image.config->blob, quoted(in_config));
    sink.report("IDX-014", site, json::pointer_append(base, name),
                fmt::format("{}, but {}", entry_side, config_side));
  };
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"os", config->os},
      {"architecture", config->architecture},
      {"os.version", config->os_version}};
  for (const auto& [name, b] : fields) {
    const auto a = string_or_empty(*platform, name);
    // A platform without os or architecture is PLAT-001/PLAT-002's.
    if (a != b && !(a.empty() && name != "os.version")) report(name, a, b);
  }
  const auto arch = string_or_empty(*platform, "architecture");
  if (arch == config->architecture) {
    const auto normal = [&](std::string_view v) {
      return v.empty() ? platform::default_variant(arch) : v;
    };
    const auto a = string_or_empty(*platform, "variant");
    if (normal(a) != normal(config->variant)) report("variant", a, config->variant);
  }
  const auto fa = features_of(*platform);
  if (fa != config->os_features)
    report("os.features", fmt::format("{}", fmt::join(fa, ",")),
           fmt::format("{}", fmt::join(config->os_features, ",")));
}

}  // namespace

void register_index_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "IDX-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "schemaVersion is the integer 2",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Set \"schemaVersion\": 2 (an integer, not 2.0 or \"2\").",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `schemaVersion`",
                     .requirement = "`schemaVersion` is present and is the integer 2",
                     .applies_to = "I",
                     .check = "schema"}},
      {.id = "IDX-002",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "The index carries its mediaType",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Add \"mediaType\": \"application/vnd.oci.image.index.v1+json\". Without it a document "
           "can be read as another kind (CVE-2021-41190).",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `mediaType`",
                     .requirement = "the index carries `mediaType`",
                     .applies_to = "I",
                     .check = "doc"}},
      {.id = "IDX-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "The index's mediaType is application/vnd.oci.image.index.v1+json",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Set mediaType to application/vnd.oci.image.index.v1+json, or reference the "
               "document with the descriptor type that matches its content.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `mediaType`",
                     .requirement =
                         "when present, `mediaType` == `application/vnd.oci.image.index.v1+json`",
                     .applies_to = "I",
                     .check = "doc; a Docker list type gets MT-005 instead"}},
      {.id = "IDX-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "artifactType is an RFC 6838 media type",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Write artifactType as type/subtype without parameters.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `artifactType`",
                     .requirement = "`artifactType`, if present, follows RFC 6838",
                     .applies_to = "I",
                     .check = "rx P-MT"}},
      {.id = "IDX-005",
       .level = "MUST",
       .severity = Severity::error,
       .title = "manifests is present and is an array",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Add a manifests array; it may be empty.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `manifests`",
                     .requirement = "`manifests` is present and is an array; it MAY be empty",
                     .applies_to = "I",
                     .check = "schema",
                     .level = "MUST / MAY"}},
      {.id = "IDX-006",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Every manifests[] item is a descriptor",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Make each manifests[] item a descriptor object with mediaType, digest and size.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source =
                         "image-index.md `manifests` (\"includes a set of descriptor properties\")",
                     .requirement = "each `manifests[]` item is a descriptor, so all DESC-* apply",
                     .applies_to = "I.manifests[]",
                     .check = "doc. The item schema does not reuse content-descriptor.json: it has "
                              "no `data` or `artifactType` checks and allows a negative `size`",
                     .level = "MUST (def)"}},
      {.id = "IDX-007",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "A portable index references only manifests and indexes",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Reference other content (SBOMs, signatures, ...) from an artifact manifest, or through "
           "subject, rather than directly from the index. In index.json any type is allowed.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `manifests[].mediaType`",
                     .requirement =
                         "indexes concerned with portability reference only image manifests or "
                         "(nested) image indexes; unknown types MUST NOT raise an error",
                     .applies_to = "I.manifests[]",
                     .check = "doc (sev: note for `index.json`, where image-layout.md itself shows "
                              "`application/xml`)"}},
      {.id = "IDX-010",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "subject references a manifest or an index",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Point subject at an image manifest or image index, with that document's media type.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `subject`",
                     .requirement = "same as MAN-015",
                     .applies_to = "I.subject",
                     .check = "doc",
                     .level = "SHOULD (def)"}},
      {.id = "IDX-012",
       .level = "SHOULD",
       .severity = Severity::error,
       .title = "An index has no layers and no config member",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Remove layers and config: a document with both manifests and layers or config is "
               "ambiguous (CVE-2021-41190) and some clients reject it.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "GHSA-77vh-xpmg-72qh workaround",
                     .requirement = "an index has no `layers` and no `config` member",
                     .applies_to = "I",
                     .check = "doc (sev: error, as hardening; see MAN-017)",
                     .level = "SHOULD (security)"}},
      {.id = "IDX-013",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "Entries with the same platform are not repeated",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Clients use the first entry that matches; remove or distinguish (variant, os.version, "
           "os.features) the entries that can never be selected. Entries with different ref.name "
           "annotations (the tags of a layout) are different images and are not compared.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source =
                         "image-index.md `manifests` (\"the first matching entry SHOULD be used\")",
                     .requirement =
                         "entries with identical platforms make the selection depend on order",
                     .applies_to = "I.manifests[]",
                     .check = "doc: duplicate (os, arch, variant, os.version, os.features) among "
                              "manifest entries with the same `ref.name` (or none): entries with "
                              "different `ref.name` are the different tags of a layout, picked by "
                              "tag before platform, so they never compete"}},
      {.id = "IDX-014",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "An entry's platform agrees with the image's config",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Copy os, architecture, variant, os.version and os.features from the image config into "
           "the entry's platform, or point the entry at the right image.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `platform` (\"minimum runtime requirements of the "
                               "image\") + config.md",
                     .requirement = "a descriptor's `platform` agrees with the target config's "
                                    "architecture, os, variant, os.version and os.features",
                     .applies_to = "I.manifests[] → M → C",
                     .check = "xdoc",
                     .level = "SHOULD (derived)"}},
  });
  // Requirements whose findings carry other rules' IDs: listed so that the
  // catalogue is complete, with no check of their own (a second check would
  // report the same fault twice).
  registry.add_rules({
      {.id = "IDX-009",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "An entry for a platform-specific image carries platform (reported as DESC-015)",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Never reported under this ID: an index entry for an image manifest without platform is "
           "reported as DESC-015.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `platform`",
                     .requirement = "`platform` is present when the target is platform-specific",
                     .applies_to = "I.manifests[]",
                     .check = "xdoc: the target manifest's config is an image config → platform "
                              "expected (same finding as DESC-015; report once)"}},
      {.id = "IDX-011",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Index annotations follow the annotation rules (reported as ANN-*)",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Never reported under this ID: problems with the index's annotations are reported under "
           "the ANN-* rules.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `annotations`",
                     .requirement = "index `annotations` follow the annotation rules",
                     .applies_to = "I",
                     .check = "ANN-*"}},
      {.id = "IDX-015",
       .level = "MUST",
       .severity = Severity::error,
       .title =
           "An entry typed manifest or index names a document of that kind (reported as MT-003)",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Never reported under this ID: an entry whose type disagrees with the document it names "
           "is reported as MT-003.",
       .scope = engine::kScopeNestedIndex,
       .catalogue = {.source = "image-index.md `manifests` + manifest.md `mediaType`",
                     .requirement = "a descriptor typed as manifest or index resolves to a "
                                    "document of that kind (see MT-003)",
                     .applies_to = "I.manifests[] → M/I",
                     .check = "xdoc",
                     .level = "MUST (derived)"}},
  });
  registry.reported_as("IDX-015", "MT-003");
  registry.reported_as("IDX-011", "ANN-*");
  registry.reported_as("IDX-009", "DESC-015");
  registry.on_document(check_index_document);
  registry.on_descriptor(check_index_descriptor);
  registry.on_image(check_platform_matches_config);
}

}  // namespace ocv::rules
