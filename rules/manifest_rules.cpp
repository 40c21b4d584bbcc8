// MAN-*: the image manifest (manifest.md).
//
// Field presence and types (MAN-001, MAN-006, MAN-009) are also found by the
// JSON Schema pass; they are checked here too so that no rule rests on the
// schema validator alone (the finding sink keeps one finding per rule and
// location). MAN-011 (layer order) is checked by the diff_id rules (CFG-007,
// CFG-008) and the whiteout rules, MAN-016 (annotations) by the ANN-* rules:
// both are registered for the catalogue but report nothing themselves.
// MAN-019 (unknown config types are never parsed) is how the engine works.
#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/grammar.hpp"
#include "rules/json_access.hpp"
#include "rules/top_level_checks.hpp"
#include "validator/model/manifest_kind.hpp"
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

/// The root object of a manifest document, or null when the document is not
/// a manifest or not a JSON object (JSON-* and MT-002 report those).
const rapidjson::Value* manifest_root(const DocumentView& doc) {
  return object_root(doc, DocKind::manifest);
}

// MAN-004, MAN-005: artifactType has the RFC 6838 form, and it is required
// when the config is the empty descriptor.
void check_artifact_type(const DocumentView& doc, const rapidjson::Value& root, FindingSink& sink) {
  check_artifact_type_form("MAN-004", doc, root, sink);
  const auto* v = member(root, "artifactType");

  const auto* config = member(root, "config");
  if (config == nullptr || !config->IsObject()) return;
  // null and "" say nothing about the artifact (Go reads both as unset).
  const bool artifact_type_set =
      v != nullptr && !v->IsNull() && !(v->IsString() && v->GetStringLength() == 0);
  if (string_member(*config, "mediaType") == mt::kOciEmpty && !artifact_type_set)
    sink.report("MAN-005", doc, "/artifactType",
                fmt::format("config.mediaType is {}, so artifactType must say what kind of "
                            "artifact this is; it is {}",
                            mt::kOciEmpty, v == nullptr ? "missing" : "empty"));
}

// MAN-006: config is present and is a descriptor object.
void check_config_present(const DocumentView& doc, const rapidjson::Value& root,
                          FindingSink& sink) {
  const auto* v = member(root, "config");
  if (v == nullptr)
    sink.report("MAN-006", doc, "/config", "the manifest has no config descriptor");
  else if (!v->IsObject())
    sink.report("MAN-006", doc, "/config",
                fmt::format("config must be a descriptor object, found {}", type_name(*v)));
}

// MAN-009, MAN-010: layers is an array of descriptor objects, and for
// portability it is not empty. The official schema's minItems: 1 is
// stricter than the prose ("SHOULD have at least one entry").
void check_layers_present(const DocumentView& doc, const rapidjson::Value& root,
                          FindingSink& sink) {
  const auto* v = member(root, "layers");
  if (v == nullptr) {
    sink.report("MAN-009", doc, "/layers", "the manifest has no layers array");
    return;
  }
  if (!v->IsArray()) {
    sink.report("MAN-009", doc, "/layers",
                fmt::format("layers must be an array of descriptors, found {}", type_name(*v)));
    return;
  }
  if (v->Empty()) {
    sink.report("MAN-010", doc, "/layers",
                "layers is empty; for portability a manifest should have at least one layer "
                "(an artifact without content can use the empty descriptor)");
    return;
  }
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i)
    if (!(*v)[i].IsObject())
      sink.report(
          "MAN-009", doc, json::pointer_append("/layers", i),
          fmt::format("layers[{}] must be a descriptor object, found {}", i, type_name((*v)[i])));
}

// MAN-008: a config type other than the image config makes a manifest an
// artifact (engine::is_artifact_manifest, the one definition the layer and
// artifact rules use too). When it names no artifactType yet every layer
// has a changeset type, it may be a container image with the wrong config
// type: what it is meant to be is ambiguous. The empty config without
// artifactType is MAN-005's error.
void check_image_config_type(const DocumentView& doc, const rapidjson::Value& root,
                             FindingSink& sink) {
  const auto* config = member(root, "config");
  const auto* layers = member(root, "layers");
  if (config == nullptr || !config->IsObject() || layers == nullptr || !layers->IsArray() ||
      layers->Empty() || !engine::is_artifact_manifest(root))
    return;
  const auto artifact_type = string_member(root, "artifactType");
  const auto config_type = string_member(*config, "mediaType");
  if ((artifact_type && !artifact_type->empty()) || !config_type || *config_type == mt::kOciEmpty)
    return;
  for (const auto& layer : layers->GetArray()) {
    if (!layer.IsObject()) return;
    const auto t = string_member(layer, "mediaType");
    if (!t || !mt::is_layer(*t)) return;
  }
  sink.report("MAN-008", doc, "/config/mediaType",
              fmt::format("config.mediaType is {}, not an image config, so this manifest is read "
                          "as an artifact (and its layers are not unpacked), yet it sets no "
                          "artifactType and every layer is a filesystem changeset: for a container "
                          "image use \"{}\", for an artifact set artifactType",
                          quoted(*config_type), mt::kOciConfig));
}

// MAN-012, MAN-014: with the OCI image config, every layer is a changeset
// (otherwise it cannot be applied), preferably of a portable type. Of the
// changeset types outside the portable list, the Docker ones are reported
// by MT-006 (an OCI manifest mixing in Docker types), so MAN-012 is left
// with the zstd types, which the spec only asks implementations to support.
void check_layer_types(const DocumentView& doc, const rapidjson::Value& root, FindingSink& sink) {
  const auto* config = member(root, "config");
  const auto* layers = member(root, "layers");
  if (config == nullptr || !config->IsObject() || layers == nullptr || !layers->IsArray()) return;
  if (string_member(*config, "mediaType") != mt::kOciConfig) return;
  // A signature or attestation in its producer's pre-OCI-1.1 shape (cosign,
  // BuildKit) is no image to unpack: ART-002 reports the shape once.
  const bool attachment = !doc.attachment.empty();
  for (rapidjson::SizeType i = 0; i < layers->Size(); ++i) {
    const auto& layer = (*layers)[i];
    if (!layer.IsObject()) continue;
    const auto t = string_member(layer, "mediaType");
    if (!t) continue;  // DESC-001
    const auto pointer = json::pointer_append(json::pointer_append("/layers", i), "mediaType");
    if (!mt::is_layer(*t)) {
      if (attachment) continue;
      sink.report("MAN-014", doc, pointer,
                  fmt::format("layers[{}] has mediaType {}, which is not a layer changeset "
                              "type, but the config is {}: the image cannot be unpacked",
                              i, quoted(*t), mt::kOciConfig));
    } else if (mt::layer_compression(*t) == mt::Compression::zstd) {
      sink.report("MAN-012", doc, pointer,
                  fmt::format("layers[{}] is {}: zstd layers are newer and not every runtime "
                              "supports them; {} is the portable choice",
                              i, *t, mt::kOciLayerGzip),
                  Severity::note);
    }
  }
}

// MAN-017: a manifest has no `manifests` member; a document readable as
// both a manifest and an index is the CVE-2021-41190 ambiguity.
void check_not_an_index(const DocumentView& doc, const rapidjson::Value& root, FindingSink& sink) {
  if (member(root, "manifests") != nullptr)
    sink.report("MAN-017", doc, "/manifests",
                "the manifest has a manifests member, so it can also be read as an image index "
                "(CVE-2021-41190); remove it");
}

void check_manifest_document(const DocumentView& doc, FindingSink& sink) {
  const auto* root = manifest_root(doc);
  if (root == nullptr) return;
  // MAN-001: schemaVersion is the integer 2.
  check_schema_version("MAN-001", doc, *root, sink);
  // MAN-002, MAN-003: a Docker v2 schema 2 manifest type is the
  // compatibility rules' business (MT-005), not a MAN-003 error.
  check_own_media_type(
      {"MAN-002", "MAN-003", "the manifest", mt::kOciManifest, mt::kDockerManifest}, doc, *root,
      sink);
  check_artifact_type(doc, *root, sink);
  check_config_present(doc, *root, sink);
  check_layers_present(doc, *root, sink);
  check_image_config_type(doc, *root, sink);
  check_layer_types(doc, *root, sink);
  check_not_an_index(doc, *root, sink);
  // MAN-015 (as an error): a subject that is not even a descriptor object.
  check_subject_is_object("MAN-015", doc, *root, sink);
}

// MAN-007, MAN-013: config and layer media types outside the known list
// still follow RFC 6838. MAN-015: a subject names a manifest or an index.
void check_manifest_descriptor(const DescriptorView& d, FindingSink& sink) {
  if (d.parent == nullptr || d.parent->kind != DocKind::manifest) return;
  const auto t = d.string_member("mediaType");
  if (!t) return;  // DESC-001
  if (d.role == DescriptorRole::config || d.role == DescriptorRole::layer) {
    if (!grammar::is_media_type(*t))
      sink.report(d.role == DescriptorRole::config ? "MAN-007" : "MAN-013", *d.parent,
                  d.member_pointer("mediaType"),
                  fmt::format("{}.mediaType {} is not an RFC 6838 media type (type/subtype)",
                              d.label(), quoted(*t)));
  } else if (d.role == DescriptorRole::subject) {
    const auto kind = mt::document_kind(*t);
    if (kind != DocKind::manifest && kind != DocKind::index)
      sink.report("MAN-015", *d.parent, d.member_pointer("mediaType"),
                  fmt::format("subject.mediaType is {}; a subject is a manifest ({}) or an "
                              "index ({})",
                              quoted(*t), mt::kOciManifest, mt::kOciIndex));
  }
}

// MAN-018: an image whose config lists no diff_ids has an ImageID that says
// nothing about its layers. CFG-005/CFG-007 report the error itself.
void check_image_id_data(const ImageView& image, FindingSink& sink) {
  if (image.manifest == nullptr || image.config == nullptr || image.config->root() == nullptr ||
      !image.config->root()->IsObject() || image.layers.empty())
    return;
  const auto* root = manifest_root(*image.manifest);
  if (root == nullptr) return;
  const auto* config = member(*root, "config");
  if (config == nullptr || !config->IsObject() ||
      string_member(*config, "mediaType") != mt::kOciConfig)
    return;
  const auto* rootfs = member(*image.config->root(), "rootfs");
  const auto* diff_ids =
      rootfs != nullptr && rootfs->IsObject() ? member(*rootfs, "diff_ids") : nullptr;
  if (diff_ids != nullptr && diff_ids->IsArray() && !diff_ids->Empty()) return;
  sink.report("MAN-018", *image.config, "/rootfs/diff_ids",
              fmt::format("the config lists no diff_ids while the manifest has {} layer(s), so "
                          "its ImageID does not identify the image's filesystem",
                          image.layers.size()));
}

}  // namespace

void register_manifest_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "MAN-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "schemaVersion is the integer 2",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Set \"schemaVersion\": 2 (an integer, not 2.0 or \"2\").",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md § Property Descriptions `schemaVersion`",
                     .requirement = "`schemaVersion` is present and is the integer 2",
                     .applies_to = "M",
                     .check = "schema (integer, min 2, max 2); `2.0` must fail (not an integer in "
                              "draft-04 or in Go)"}},
      {.id = "MAN-002",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "The manifest carries its mediaType",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Add \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\". Without it a "
               "document can be read as another kind (CVE-2021-41190).",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `mediaType` (added in v1.0.2 for CVE-2021-41190)",
                     .requirement = "the manifest carries `mediaType`",
                     .applies_to = "M",
                     .check = "doc"}},
      {.id = "MAN-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "The manifest's mediaType is application/vnd.oci.image.manifest.v1+json",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "Set mediaType to application/vnd.oci.image.manifest.v1+json, or reference the document "
           "with the descriptor type that matches its content.",
       .scope = engine::kScopeImage,
       .catalogue =
           {.source = "manifest.md `mediaType`",
            .requirement =
                "when present, `mediaType` == `application/vnd.oci.image.manifest.v1+json`",
            .applies_to = "M",
            .check = "doc (the schema only checks P-MT). In Docker-compat mode, "
                     "`application/vnd.docker.distribution.manifest.v2+json` gets MT-005 instead"}},
      {.id = "MAN-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "artifactType is an RFC 6838 media type",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Write artifactType as type/subtype without parameters, e.g. "
               "application/vnd.example.sbom.v1+json.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `artifactType`",
                     .requirement = "`artifactType`, if present, follows RFC 6838",
                     .applies_to = "M",
                     .check = "rx P-MT"}},
      {.id = "MAN-005",
       .level = "MUST",
       .severity = Severity::error,
       .title = "artifactType is set when the config is the empty descriptor",
       .spec = "manifest.md#guidelines-for-artifact-usage",
       .help =
           "A manifest with config.mediaType application/vnd.oci.empty.v1+json is an artifact; set "
           "artifactType to the artifact's own media type.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `artifactType` + § Guidelines for Artifact Usage",
                     .requirement = "`artifactType` is set when `config.mediaType` is "
                                    "`application/vnd.oci.empty.v1+json`",
                     .applies_to = "M",
                     .check = "doc"}},
      {.id = "MAN-006",
       .level = "MUST",
       .severity = Severity::error,
       .title = "config is present and is a descriptor",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "Add a config descriptor (mediaType, digest, size); artifacts without a config use the "
           "empty descriptor.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `config`",
                     .requirement = "`config` is present and is a descriptor",
                     .applies_to = "M",
                     .check = "schema"}},
      {.id = "MAN-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "config.mediaType is an RFC 6838 media type",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Write config.mediaType as type/subtype without parameters.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `config.mediaType`",
                     .requirement =
                         "a `config.mediaType` outside the known list still follows RFC 6838",
                     .applies_to = "M.config",
                     .check = "rx P-MT (same test as DESC-002)"}},
      {.id = "MAN-008",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Container images use the OCI image config media type",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "Set config.mediaType to application/vnd.oci.image.config.v1+json for a container "
           "image; for an artifact, set artifactType. A manifest is an artifact when artifactType "
           "is set or its config type is not an image config (manifest.md § Guidelines for "
           "Artifact Usage); the layer rules follow the same reading, so such a manifest's layers "
           "are not judged as filesystem changesets that must unpack.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `config.mediaType`",
                     .requirement = "container images concerned with portability use "
                                    "`application/vnd.oci.image.config.v1+json`; artifacts follow "
                                    "§ Guidelines for Artifact Usage",
                     .applies_to = "M.config",
                     .check =
                         "doc: a manifest is an artifact when `artifactType` is a non-empty string "
                         "or `config.mediaType` is a non-empty type other than the OCI or Docker "
                         "image config (one definition for MAN-008, ART-004/005, the layer rules "
                         "and the reports); one that is an artifact only by its config type, with "
                         "no `artifactType` and only K-LAYER layers, is flagged as ambiguous (an "
                         "image with the wrong config type, or an artifact that should say so)"}},
      {.id = "MAN-009",
       .level = "MUST",
       .severity = Severity::error,
       .title = "layers is present and is an array of descriptors",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Add a layers array whose items are descriptors (mediaType, digest, size).",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `layers`",
                     .requirement =
                         "`layers` is present, is an array, and each item is a descriptor",
                     .applies_to = "M",
                     .check = "schema"}},
      {.id = "MAN-010",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "layers has at least one entry",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Add at least one layer; an artifact without content can use the empty descriptor "
               "as its single layer. The official JSON Schema rejects an empty layers array.",
       .scope = engine::kScopeImage,
       .catalogue =
           {.source =
                "manifest.md `layers` (\"For portability, layers SHOULD have at least one entry\")",
            .requirement = "`layers` has at least one entry",
            .applies_to = "M",
            .check = "doc. **The official schema is stricter** (`minItems: 1`) and the official "
                     "test manifest_test.go:171 expects failure; choose per profile (sev: warning "
                     "in prose mode, error in \"official-schema\" mode)"}},
      {.id = "MAN-012",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Image layers use the portable OCI layer types",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Use application/vnd.oci.image.layer.v1.tar+gzip (or .tar) for images meant to run "
               "everywhere; zstd layers need recent runtimes.",
       .scope = engine::kScopeImage,
       .catalogue =
           {.source = "manifest.md `layers[].mediaType`",
            .requirement = "image manifests concerned with portability use one of: "
                           "`…layer.v1.tar`, `…v1.tar+gzip`, `…nondistributable.v1.tar`, "
                           "`…nondistributable.v1.tar+gzip` (`+zstd` is only \"SHOULD support\")",
            .applies_to = "M.layers[] when config is the OCI image config",
            .check =
                "doc. Do not apply to artifacts: it fires on 5 of the spec's own valid (artifact) "
                "manifests (vectors manifest/011, 012, 015, 016, 017). `+zstd` (sev: note)"}},
      {.id = "MAN-013",
       .level = "MUST",
       .severity = Severity::error,
       .title = "layers[].mediaType is an RFC 6838 media type",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Write each layer's mediaType as type/subtype without parameters.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `layers[].mediaType`",
                     .requirement = "a layer `mediaType` outside the list still follows RFC 6838",
                     .applies_to = "M.layers[]",
                     .check = "rx P-MT"}},
      {.id = "MAN-014",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Every layer of an image is a filesystem changeset",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "With the OCI image config, every layer must be an application/vnd.oci.image.layer.v1.* "
           "changeset; an artifact should use its own config type or the empty config and "
           "artifactType.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `layers` + layer.md § Applying Changesets",
                     .requirement =
                         "when config is the OCI image config, every layer has a changeset media "
                         "type (K-LAYER), otherwise it cannot be applied",
                     .applies_to = "M.layers[]",
                     .check = "doc; see also ART-002 (legacy artifacts)",
                     .level = "SHOULD (derived)"}},
      {.id = "MAN-015",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "subject references a manifest or an index",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "Point subject at an image manifest or image index, with that document's media type.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `subject` (\"a descriptor of another manifest\")",
                     .requirement = "`subject.mediaType` is an image manifest or image index type; "
                                    "the subject blob may be absent (weak association)",
                     .applies_to = "M.subject, I.subject",
                     .check = "doc; a missing subject blob is not an error (ART-006)",
                     .level = "SHOULD (def)"}},
      {.id = "MAN-017",
       .level = "SHOULD",
       .severity = Severity::error,
       .title = "A manifest has no manifests member",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "Remove the manifests member: a document with both layers and manifests is ambiguous "
           "(CVE-2021-41190) and some clients reject it.",
       .scope = engine::kScopeImage,
       .catalogue =
           {.source = "GHSA-77vh-xpmg-72qh / CVE-2021-41190 workaround (\"may reject the document "
                      "if it contains both manifests and layers, or manifests and config\"); "
                      "normative fix = MAN-002/003",
            .requirement = "a manifest has no `manifests` member",
            .applies_to = "M",
            .check =
                "doc: the JSON Schema allows it because there is no additionalProperties (sev: "
                "error, as security hardening; containers/image PR #1409 rejects such documents)",
            .level = "SHOULD (security)"}},
      {.id = "MAN-018",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "An image config lists diff_ids, so its ImageID identifies the image",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Fill rootfs.diff_ids with the uncompressed digest of each layer, in order.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `config`",
                     .requirement = "a runnable image's config has enough unique data (`rootfs`, "
                                    "`diff_ids`) for a unique ImageID",
                     .applies_to = "M.config",
                     .check =
                         "doc: OCI config without diff_ids while layers exist (covered by CFG-007)",
                     .level = "SHOULD (\"strongly recommended\")"}},
  });
  // Requirements whose findings carry other rules' IDs: listed so that the
  // catalogue is complete, with no check of their own (a second check would
  // report the same fault twice).
  registry.add_rules({
      {.id = "MAN-011",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Layers are listed in stack order (reported as CFG-007, CFG-008, WHT-*)",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Never reported under this ID: a layer list out of order shows up as CFG-007 (one "
               "diff_id per layer), CFG-008 (each diff_id matches its layer) and the WHT-* "
               "whiteout rules.",
       .scope = engine::kScopeImage,
       .catalogue =
           {.source = "manifest.md `layers` (when config is the OCI image config)",
            .requirement = "`layers[0]` is the base layer and the rest follow in stack order; the "
                           "final filesystem equals applying them in order to an empty directory",
            .applies_to = "M + C + L",
            .check =
                "xdoc: positional diff_id match (CFG-007, CFG-008); whiteout simulation (WHT-*)"}},
      {.id = "MAN-016",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Manifest annotations follow the annotation rules (reported as ANN-*)",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "Never reported under this ID: problems with the manifest's annotations are reported "
           "under the ANN-* rules.",
       .scope = engine::kScopeImage,
       .catalogue = {.source = "manifest.md `annotations`",
                     .requirement = "manifest `annotations` follow the annotation rules",
                     .applies_to = "M",
                     .check = "see ANN-*"}},
  });
  registry.reported_as("MAN-016", "ANN-*");
  registry.reported_as("MAN-011", "CFG-007, CFG-008, WHT-*");
  registry.on_document(check_manifest_document);
  registry.on_descriptor(check_manifest_descriptor);
  registry.on_image(check_image_id_data);
}

}  // namespace ocv::rules
