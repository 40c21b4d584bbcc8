// ART-*: artifacts, subject and the empty descriptor (manifest.md § Guidance
// for an Empty Descriptor, § Guidelines for Artifact Usage;
// artifacts-guidance.md).
//
// ART-003 ("with the empty config type, artifactType is defined") is the
// same requirement as MAN-005 and is reported once, as MAN-005: ART-003 is
// registered so that it can be looked up, but has no check of its own.
// ART-007 (the artifact decision tree MAY be used) has nothing to check.
#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/json_access.hpp"
#include "validator/model/manifest_kind.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorView;
using engine::DocKind;
using engine::DocumentView;
using engine::EdgeView;
using engine::FindingSink;
using engine::Severity;
namespace mt = engine::mt;

// K-EMPTY: the empty JSON object `{}` and its descriptor constants.
constexpr std::string_view kEmptyBytes = "{}";
constexpr std::int64_t kEmptySize = 2;
constexpr std::string_view kEmptyDigest =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
constexpr std::string_view kEmptyData = "e30=";

// The spec gives the digest of `{}` in its sha256 form, the portable one; an
// image addressed with another registered algorithm names the same two bytes
// by that algorithm's digest, and its choice of algorithm is DIG-006's
// concern, not the empty descriptor's. Other algorithms (blake3, unregistered
// ones) are left out: this build cannot hash them to confirm a constant.
constexpr std::array<std::string_view, 2> kEmptyDigests = {
    kEmptyDigest,
    "sha512:27c74670adb75075fad058d5ceaf7b20c4e7786c83bae8a32f626f9782af34c9a33c2046ef60fd2a7878d"
    "378e29fec851806bbd9a67878f3a9f1cda4830763fd",
};

/// The digest of `{}` under the algorithm of `digest` (the sha256 one when
/// that algorithm is not in kEmptyDigests).
std::string_view empty_digest_like(std::string_view digest) {
  const auto algorithm = digest.substr(0, digest.find(':') + 1);
  for (const auto known : kEmptyDigests)
    if (!algorithm.empty() && known.starts_with(algorithm)) return known;
  return kEmptyDigest;
}

/// Printable bytes quoted, anything else described by its length only.
std::string describe_bytes(std::string_view bytes) {
  if (bytes.size() <= 40) {
    bool printable = true;
    for (char c : bytes)
      if (c < 0x20 || c > 0x7e) printable = false;
    if (printable) return fmt::format("\"{}\" ({} bytes)", bytes, bytes.size());
  }
  return fmt::format("{} bytes", bytes.size());
}

// ART-001: a descriptor of the empty type carries the empty constants.
void check_empty_descriptor(const DescriptorView& d, FindingSink& sink) {
  if (d.media_type() != mt::kOciEmpty) return;
  if (const auto size = d.size(); size && *size != kEmptySize)
    sink.report("ART-001", *d.parent, d.member_pointer("size"),
                fmt::format("{} has the empty type, so its size should be {}, found {}", d.label(),
                            kEmptySize, *size));
  if (const auto digest = d.string_member("digest");
      digest &&
      std::find(kEmptyDigests.begin(), kEmptyDigests.end(), *digest) == kEmptyDigests.end())
    sink.report("ART-001", *d.parent, d.member_pointer("digest"),
                fmt::format("{} has the empty type, so its digest should be that of {{}}, {}, "
                            "found {}",
                            d.label(), empty_digest_like(*digest), *digest));
  if (const auto data = d.string_member("data"); data && *data != kEmptyData)
    sink.report("ART-001", *d.parent, d.member_pointer("data"),
                fmt::format("{} has the empty type, so its data (if any) should be \"{}\", found "
                            "\"{}\"",
                            d.label(), kEmptyData, data->substr(0, 40)));
}

// ART-001: the blob of an empty descriptor is exactly `{}`.
void check_empty_blob(const EdgeView& edge, FindingSink& sink) {
  const auto& d = *edge.descriptor;
  if (d.media_type() != mt::kOciEmpty || !edge.content || *edge.content == kEmptyBytes) return;
  sink.report("ART-001", *d.parent, d.pointer(),
              fmt::format("{} has the empty type, so its blob should be exactly {{}} (2 bytes), "
                          "but {} holds {}",
                          d.label(), edge.blob != nullptr ? edge.blob->path : "the blob",
                          describe_bytes(*edge.content)));
}

/// The manifest's root object and config.mediaType, when it has them.
struct ManifestTypes {
  const rapidjson::Value* root = nullptr;
  std::optional<std::string_view> config_type;
  std::optional<std::string_view> artifact_type;
};

ManifestTypes manifest_types(const DocumentView& doc) {
  ManifestTypes out;
  const auto* root = doc.root();
  if (doc.kind != DocKind::manifest || root == nullptr || !root->IsObject()) return out;
  out.root = root;
  if (const auto* config = member(*root, "config"); config != nullptr)
    out.config_type = string_member(*config, "mediaType");
  out.artifact_type = string_member(*root, "artifactType");
  return out;
}

// ART-002: an OCI image config with non-layer "layers" is the legacy way of
// packaging artifacts (heuristic, hence a warning).
void check_legacy_artifact(const DocumentView& doc, FindingSink& sink) {
  const auto m = manifest_types(doc);
  if (m.root == nullptr || m.config_type != mt::kOciConfig) return;
  const auto* layers = member(*m.root, "layers");
  if (layers == nullptr || !layers->IsArray()) return;
  std::size_t i = 0;
  for (const auto& layer : layers->GetArray()) {
    const auto type = string_member(layer, "mediaType");
    if (type && !mt::is_layer(*type)) {
      if (!doc.attachment.empty()) {
        sink.report("ART-002", doc, fmt::format("/layers/{}/mediaType", i),
                    fmt::format("this {} has the shape its producer documents from before OCI "
                                "1.1: config {} with {} layers; artifacts-guidance.md calls this "
                                "non-conformant (artifacts use their own config type, or the "
                                "empty type, and artifactType), but the tools that read it "
                                "expect exactly this shape",
                                doc.attachment, mt::kOciConfig, *type));
        return;
      }
      sink.report("ART-002", doc, fmt::format("/layers/{}/mediaType", i),
                  fmt::format("config is {} but layers[{}] has the non-layer type {}: this looks "
                              "like a legacy artifact; artifacts use their own config type (or "
                              "the empty type) and artifactType",
                              mt::kOciConfig, i, *type));
      return;  // one finding per manifest: the heuristic is about the whole manifest
    }
    ++i;
  }
}

// ART-004: an artifact without content still has one layer of non-zero size.
void check_artifact_layers(const DocumentView& doc, FindingSink& sink) {
  const auto m = manifest_types(doc);
  if (m.root == nullptr || !engine::is_artifact_manifest(*m.root)) return;
  const auto* layers = member(*m.root, "layers");
  if (layers == nullptr || !layers->IsArray()) return;
  if (layers->Empty()) {
    sink.report("ART-004", doc, "/layers",
                fmt::format("artifact has no layers; an artifact without content should have a "
                            "single layer of non-zero size, such as the empty descriptor ({})",
                            mt::kOciEmpty));
    return;
  }
  std::size_t i = 0;
  for (const auto& layer : layers->GetArray()) {
    const auto* size = member(layer, "size");
    if (size != nullptr && size->IsInt64() && size->GetInt64() == 0)
      sink.report("ART-004", doc, fmt::format("/layers/{}/size", i),
                  fmt::format("artifact layers[{}] has size 0; use a layer of non-zero size, such "
                              "as the empty descriptor ({}, 2 bytes)",
                              i, mt::kOciEmpty));
    ++i;
  }
}

// ART-005: without artifactType, an artifact's type is its config.mediaType.
void check_artifact_type_fallback(const DocumentView& doc, FindingSink& sink) {
  const auto m = manifest_types(doc);
  // An empty artifactType says nothing (Go reads it as unset).
  if (m.root == nullptr || (m.artifact_type && !m.artifact_type->empty()) || !m.config_type) return;
  // Image configs make an image, not an artifact; the empty type without
  // artifactType is MAN-005's error.
  if (mt::is_image_config(*m.config_type) || *m.config_type == mt::kOciEmpty) return;
  sink.report("ART-005", doc, "/config/mediaType",
              fmt::format("manifest has no artifactType; its artifact type is taken from "
                          "config.mediaType {}",
                          *m.config_type));
}

}  // namespace

void register_artifact_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "ART-001",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "An empty descriptor is exactly {} with size 2 and its fixed digest",
       .spec = "manifest.md#guidance-for-an-empty-descriptor",
       .help =
           "For application/vnd.oci.empty.v1+json use size 2, digest "
           "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a (or the sha512 "
           "digest of {} in an image addressed with sha512), the blob bytes {} and, if embedded, "
           "data \"e30=\".",
       .scope = engine::kScopeImage | engine::kScopeArtifact,
       .catalogue =
           {.source = "manifest.md § Guidance for an Empty Descriptor",
            .requirement =
                "a descriptor of type `application/vnd.oci.empty.v1+json` has size 2, the digest "
                "`sha256:44136fa3…aff8a`, and blob bytes exactly `{}`; `data` (optional) is `e30=`",
            .applies_to = "D*",
            .check = "doc (constants) + xdoc (blob bytes)",
            .level = "SHOULD (section says \"GUIDANCE\"; the constants are definitions)"}},
      {.id = "ART-002",
       .level = "MUST",
       .severity = Severity::warning,
       .title = "An artifact does not use the OCI image config type",
       .spec = "manifest.md#guidelines-for-artifact-usage",
       .help = "Give the artifact its own config type (or the empty type) and set artifactType; "
               "the image config type is for images whose layers are filesystem changesets.",
       .scope = engine::kScopeImage | engine::kScopeArtifact,
       .catalogue =
           {.source = "manifest.md § Guidelines for Artifact Usage; artifacts-guidance.md "
                      "(\"should not be a known OCI image config media type\"; calls the old "
                      "practice \"non-OCI conformant\")",
            .requirement = "an artifact's `config.mediaType` is artifact-specific or the empty "
                           "type, never the OCI image config type",
            .applies_to = "M",
            .check =
                "heuristic: config is the OCI image config but some `layers[].mediaType` is not in "
                "K-LAYER → \"legacy artifact\" (sev: warning, because detection is heuristic)"}},
      {.id = "ART-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "An artifact with the empty config type defines artifactType",
       .spec = "manifest.md#guidelines-for-artifact-usage",
       .help = "Reported as MAN-005: set artifactType when config.mediaType is "
               "application/vnd.oci.empty.v1+json.",
       .scope = engine::kScopeImage | engine::kScopeArtifact,
       .catalogue = {.source = "manifest.md § Guidelines for Artifact Usage",
                     .requirement = "with the empty config type, `artifactType` is defined",
                     .applies_to = "M",
                     .check = "= MAN-005 (report once)"}},
      {.id = "ART-004",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "An artifact has at least one layer, of non-zero size",
       .spec = "manifest.md#guidelines-for-artifact-usage",
       .help = "For an artifact without content, add a single layer: the empty descriptor "
               "(application/vnd.oci.empty.v1+json, size 2).",
       .scope = engine::kScopeImage | engine::kScopeArtifact,
       .catalogue = {.source =
                         "manifest.md § Guidelines for Artifact Usage (\"a single layer SHOULD be "
                         "included with a non-zero size\"; the empty descriptor is suggested)",
                     .requirement =
                         "an artifact without content has exactly one layer of non-zero size",
                     .applies_to = "M (artifact)",
                     .check = "doc: `layers` empty, or a size-0 layer"}},
      {.id = "ART-005",
       .level = "informational",
       .severity = Severity::note,
       .title = "An artifact without artifactType is typed by its config.mediaType",
       .spec = "manifest.md#guidelines-for-artifact-usage",
       .help = "Set artifactType explicitly to make the artifact's type clear to every tool.",
       .scope = engine::kScopeImage | engine::kScopeArtifact,
       .catalogue = {.source = "manifest.md (Implementers note)",
                     .requirement =
                         "artifacts without `artifactType` fall back to `config.mediaType`",
                     .applies_to = "M",
                     .check = "doc"}},
      {.id = "ART-006",
       .level = "informational",
       .severity = Severity::note,
       .title = "A subject's manifest may be absent",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Reported as REF-001: subject is a weak association, but a referrer whose subject "
               "is not in the layout cannot be checked.",
       .scope = engine::kScopeImage | engine::kScopeArtifact,
       .catalogue =
           {.source = "manifest.md/image-index.md `subject` (\"weak association\")",
            .requirement = "the subject target may be missing from the layout; if present it "
                           "passes DESC-006 and DIG-007",
            .applies_to = "M/I.subject",
            .check = "= REF-001 (report once; every link of an attachment, not only `subject`)"}},
  });
  registry.reported_as("ART-003", "MAN-005");
  // A subject absent from the layout is one case of an attachment whose
  // subject is absent, whatever links it (REF-001).
  registry.reported_as("ART-006", "REF-001");
  registry.on_descriptor(check_empty_descriptor);
  registry.on_edge([](const EdgeView& edge, FindingSink& sink) { check_empty_blob(edge, sink); });
  registry.on_document([](const DocumentView& doc, FindingSink& sink) {
    check_legacy_artifact(doc, sink);
    check_artifact_layers(doc, sink);
    check_artifact_type_fallback(doc, sink);
  });
}

}  // namespace ocv::rules
