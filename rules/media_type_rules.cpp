// MT-*: media types and their consistency (media-types.md, considerations.md).
// Unknown media types are legal (B-03): these rules compare known types with
// each other and with the documents they name, and never flag a type merely
// for being unknown. MT-001 is the table in validator/model/media_types.hpp.
#include <array>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/families.hpp"
#include "rules/json_access.hpp"
#include "validator/model/document_checks.hpp"
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

constexpr std::string_view kWithdrawnArtifactManifest =
    "application/vnd.oci.artifact.manifest.v1+json";
constexpr std::string_view kWithdrawnScratch = "application/vnd.oci.scratch.v1+json";

bool is_oci(std::string_view t) { return t.starts_with("application/vnd.oci."); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Every type the validator treats specially, for the case-variant check.
constexpr std::array kKnownTypes = {
    mt::kOciLayoutHeader,
    mt::kOciDescriptor,
    mt::kOciIndex,
    mt::kOciManifest,
    mt::kOciConfig,
    mt::kOciEmpty,
    mt::kOciLayerTar,
    mt::kOciLayerGzip,
    mt::kOciLayerZstd,
    mt::kOciNondistTar,
    mt::kOciNondistGzip,
    mt::kOciNondistZstd,
    mt::kDockerManifest,
    mt::kDockerManifestList,
    mt::kDockerConfig,
    mt::kDockerLayerGzip,
    mt::kDockerForeignLayerGzip,
    mt::kDockerSchema1,
    mt::kDockerSchema1Signed,
    kWithdrawnArtifactManifest,
    kWithdrawnScratch,
};

/// The OCI type a Docker type corresponds to (media-types.md § Compatibility Matrix).
std::string docker_equivalent(std::string_view t) {
  if (t == mt::kDockerManifest) return fmt::format("equivalent of {}", mt::kOciManifest);
  if (t == mt::kDockerManifestList) return fmt::format("equivalent of {}", mt::kOciIndex);
  if (t == mt::kDockerConfig) return fmt::format("equivalent of {}", mt::kOciConfig);
  if (t == mt::kDockerLayerGzip) return fmt::format("equivalent of {}", mt::kOciLayerGzip);
  if (t == mt::kDockerForeignLayerGzip)
    return fmt::format("equivalent of {} (deprecated)", mt::kOciNondistGzip);
  if (t == mt::kDockerSchema1 || t == mt::kDockerSchema1Signed)
    return "Docker schema 1, no OCI equivalent";
  return "no OCI equivalent";
}

// MT-002 for the empty type: its blob's kind is "a JSON object", which
// JSON-007 checks for every document; that it is exactly {} is ART-001's
// guidance (a SHOULD), so nothing more is reported here.

// One reading of a document's type, from media-types.md § Media Type
// Conflicts ("Respect the expected media type if the blob matches the
// expected digest. Implementations MAY warn about the media type
// mismatch."): a document is what whatever names it expects, the type of
// the descriptor that led to it, or for index.json the OCI image index the
// layout defines ("It MUST be an image index JSON object"). Its own
// mediaType, where it says otherwise, is only reported (MT-004) and plays no
// further part: MT-005 and MT-006 go by the expected type.

/// The type a document is read as (its own mediaType only when nothing
/// expects a type, as for a document checked on its own).
std::string_view expected_type(const DocumentView& doc, const rapidjson::Value& root) {
  if (doc.is_layout_index) return mt::kOciIndex;
  if (!doc.claimed_media_type.empty()) return doc.claimed_media_type;
  return string_member(root, "mediaType").value_or("");
}

// MT-004 (index.json): the layout's index.json declares the Docker manifest
// list type; it is read as the OCI image index the layout defines. (For
// blobs the same conflict is checked on the descriptor's edge.)
void check_layout_index_type(const DocumentView& doc, FindingSink& sink) {
  const auto* root = doc.root();
  if (!doc.is_layout_index || root == nullptr || !root->IsObject()) return;
  const auto own = string_member(*root, "mediaType");
  if (!own || *own == mt::kOciIndex || mt::document_kind(*own) != DocKind::index) return;
  sink.report("MT-004", doc, "/mediaType",
              fmt::format("index.json declares mediaType {}, but a layout's index.json is an OCI "
                          "image index ({}, image-layout.md); it is read as one",
                          *own, mt::kOciIndex));
}

// MT-005: Docker types are accepted as their OCI equivalents; one note per
// document lists the Docker types it uses: those of its descriptors, and
// its own when it is read as a Docker document (see expected_type).
void check_docker_types(const DocumentView& doc, FindingSink& sink) {
  const auto* root = doc.root();
  if (root == nullptr || !root->IsObject()) return;
  std::string first_pointer;
  std::vector<std::string> seen;
  std::set<std::string_view> unique;
  const auto note = [&](std::string_view type, std::string pointer) {
    if (!mt::is_docker(type) || !unique.insert(type).second) return;
    if (first_pointer.empty()) first_pointer = std::move(pointer);
    seen.push_back(fmt::format("{} ({})", type, docker_equivalent(type)));
  };
  if (doc.kind == DocKind::index || doc.kind == DocKind::manifest) {
    if (const auto own = string_member(*root, "mediaType");
        own && *own == expected_type(doc, *root))
      note(*own, "/mediaType");
  }
  engine::for_each_descriptor(
      doc, [&](const DescriptorView& d) { note(d.media_type(), d.member_pointer("mediaType")); });
  if (seen.empty()) return;
  sink.report("MT-005", doc, first_pointer,
              fmt::format("uses Docker media types: {}", fmt::join(seen, "; ")));
}

// MT-006: a manifest sticks to one family of types, OCI or Docker.
void check_mixed_manifest(const DocumentView& doc, FindingSink& sink) {
  const auto* root = doc.root();
  if (doc.kind != DocKind::manifest || root == nullptr || !root->IsObject()) return;
  // Pointers and labels are made only for the entries reported.
  std::vector<DescriptorView> typed;
  engine::for_each_descriptor(doc, [&](const DescriptorView& d) {
    if (d.role != engine::DescriptorRole::subject) typed.push_back(d);  // names another manifest
  });
  // The manifest's family: that of the type it is read as, else of the
  // first typed entry that belongs to either family. A conflicting own
  // mediaType is MT-004's.
  std::optional<bool> docker;
  const auto anchor = expected_type(doc, *root);
  if (is_oci(anchor) || mt::is_docker(anchor)) docker = mt::is_docker(anchor);
  for (const auto& t : typed) {
    if (docker) break;
    if (is_oci(t.media_type()) || mt::is_docker(t.media_type()))
      docker = mt::is_docker(t.media_type());
  }
  if (!docker) return;
  std::vector<std::string> odd;
  std::string first_pointer;
  for (const auto& t : typed) {
    const auto type = t.media_type();
    const bool other = *docker ? is_oci(type) : mt::is_docker(type);
    if (!other) continue;
    if (first_pointer.empty()) first_pointer = t.member_pointer("mediaType");
    odd.push_back(fmt::format("{} {}", t.label(), type));
  }
  if (odd.empty()) return;
  sink.report(
      "MT-006", doc, first_pointer,
      fmt::format("a manifest using {} media types also uses {} ones: {}",
                  *docker ? "Docker" : "OCI", *docker ? "OCI" : "Docker", fmt::join(odd, ", ")));
}

// MT-007: withdrawn pre-release types.
void check_withdrawn(const DescriptorView& d, FindingSink& sink) {
  for (const char* name : {"mediaType", "artifactType"}) {
    const auto type = d.string_member(name);
    if (!type) continue;
    std::string_view advice;
    if (*type == kWithdrawnArtifactManifest)
      advice =
          "the artifact manifest was removed before image-spec v1.1.0; use an image manifest "
          "with artifactType";
    else if (*type == kWithdrawnScratch)
      advice = "it was renamed to application/vnd.oci.empty.v1+json before image-spec v1.1.0";
    else
      continue;
    sink.report("MT-007", *d.parent, d.member_pointer(name),
                fmt::format("{} {} is the withdrawn pre-release type {}: {}", d.label(), name,
                            *type, advice));
  }
}

// MT-008: a case variant of a known type is a different type to tools that
// compare exactly (most of them), even though RFC 6838 names are
// case-insensitive.
void check_case_variant(const DescriptorView& d, FindingSink& sink) {
  const auto type = d.media_type();
  for (const auto known : kKnownTypes) {
    if (type == known) return;
    if (!iequals(type, known)) continue;
    sink.report("MT-008", *d.parent, d.member_pointer("mediaType"),
                fmt::format("{} mediaType {} differs only in case from {}; tools compare media "
                            "types exactly and will not recognise it",
                            d.label(), type, known));
    return;
  }
}

/// What a document of `kind` must and must not contain (MT-003).
std::vector<std::string> shape_problems(DocKind kind, const rapidjson::Value& root) {
  std::vector<std::string> out;
  const auto need = [&](const char* name) {
    if (!root.HasMember(name)) out.push_back(fmt::format("has no {}", name));
  };
  const auto forbid = [&](const char* name) {
    if (root.HasMember(name)) out.push_back(fmt::format("has {}", name));
  };
  if (kind == DocKind::manifest) {
    need("config");
    need("layers");
    forbid("manifests");
  } else {
    need("manifests");
    forbid("config");
    forbid("layers");
  }
  return out;
}

// MT-003 (error) and MT-004 (warning): the descriptor's type agrees with the
// manifest or index it names, both in shape and in the blob's own mediaType.
void check_target_type(const EdgeView& edge, FindingSink& sink) {
  if (edge.target == nullptr) return;
  const auto& d = *edge.descriptor;
  const auto kind = mt::document_kind(d.media_type());
  if (!kind || (*kind != DocKind::manifest && *kind != DocKind::index)) return;
  const auto* root = edge.target->root();
  if (root == nullptr || !root->IsObject()) return;
  auto problems = shape_problems(*kind, *root);
  const auto own = string_member(*root, "mediaType");
  const bool own_kind_differs = own && mt::document_kind(*own) != kind;
  if (own_kind_differs) problems.push_back(fmt::format("declares its own mediaType as {}", *own));
  const auto pointer = d.member_pointer("mediaType");
  if (!problems.empty()) {
    sink.report("MT-003", *d.parent, pointer,
                fmt::format("{} is typed {} ({}), but the document it names ({}) {}", d.label(),
                            d.media_type(), engine::to_string(*kind), edge.target->blob,
                            fmt::join(problems, ", ")));
    return;
  }
  // media-types.md § Media Type Conflicts: the descriptor's type wins.
  if (own && *own != d.media_type())
    sink.report("MT-004", *d.parent, pointer,
                fmt::format("{} mediaType is {}, but the document it names ({}) declares {}; it "
                            "is read as {}, the type its descriptor expects",
                            d.label(), d.media_type(), edge.target->blob, *own, d.media_type()));
}

}  // namespace

void register_media_type_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "MT-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A blob with an OCI JSON type is JSON of its kind",
       .spec = "media-types.md#oci-image-media-types",
       .help =
           "Write the blob as the JSON document its media type names (manifest, index, config, or "
           "{} for the empty type), or fix the descriptor's mediaType.",
       .catalogue =
           {.source = "media-types.md + considerations.md § JSON",
            .requirement =
                "a blob referenced with an OCI `+json` type is JSON that meets I-JSON (JSON-*) and "
                "validates as its kind (manifest, index, config; empty = `{}`)",
            .applies_to = "D* → blob",
            .check = "xdoc + schema",
            .level = "MUST (def)"}},
      {.id = "MT-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's manifest or index type matches the document it names",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "A document typed as a manifest must have config and layers and no manifests; one "
               "typed as an index must have manifests and no config or layers (CVE-2021-41190). "
               "Fix the descriptor's mediaType or the document.",
       .catalogue =
           {.source = "manifest.md/image-index.md `mediaType` + GHSA-77vh-xpmg-72qh",
            .requirement =
                "the descriptor type and the blob agree: a manifest descriptor → the blob has "
                "`config` and `layers` and no `manifests`, and its `mediaType` (if present) is the "
                "manifest type; an index descriptor → the blob has `manifests` and no "
                "`config`/`layers`, and its `mediaType` (if present) is the index type",
            .applies_to = "D* → M/I",
            .check = "xdoc",
            .level = "MUST (derived; security)"}},
      {.id = "MT-004",
       .level = "MAY",
       .severity = Severity::warning,
       .title = "A descriptor's mediaType equals the mediaType of the document it names",
       .spec = "media-types.md#media-type-conflicts",
       .help =
           "Make the descriptor's mediaType and the document's own mediaType the same. "
           "media-types.md § Media Type Conflicts: \"Respect the expected media type if the blob "
           "matches the expected digest. Implementations MAY warn about the media type mismatch.\" "
           "So a document is read as the type its descriptor expects (an OCI manifest stays OCI "
           "even if it declares Docker's type, and the reverse), and index.json as the OCI image "
           "index the layout defines, also when it declares the Docker manifest list type; the "
           "conflict itself is this warning, and MT-005 and MT-006 go by the expected type.",
       .catalogue =
           {.source = "media-types.md § Media Type Conflicts (\"Respect the expected media type if "
                      "the blob matches the expected digest. Implementations MAY warn about the "
                      "media type mismatch.\")",
            .requirement = "a mismatch between the descriptor's type and the blob's own "
                           "`mediaType` is reported",
            .applies_to = "D* → M/I; `index.json`",
            .check =
                "xdoc. One reading everywhere: a document is read as the type that is expected of "
                "it — its descriptor's, or for `index.json` the OCI image index image-layout.md "
                "defines (\"It MUST be an image index JSON object\"), also when it declares "
                "Docker's manifest list type — and its own conflicting `mediaType` is only this "
                "warning: MAN-003/IDX-003 stay silent for the Docker equivalent, MT-005 does not "
                "count it as a Docker document and MT-006 takes the family from the expected type. "
                "When the digest fails to match, DIG-007 is already an error",
            .level = "MAY (warn) / SHOULD"}},
      {.id = "MT-005",
       .level = "compat",
       .severity = Severity::note,
       .title = "Docker media types are used",
       .spec = "media-types.md#compatibility-matrix",
       .help =
           "Docker types are accepted as their OCI equivalents; convert the image to OCI types for "
           "full OCI conformance (Docker schema 1 has no OCI equivalent). A document's own Docker "
           "mediaType counts only when it is read as a Docker document, i.e. its descriptor "
           "expects that type (see MT-004).",
       .catalogue =
           {.source =
                "media-types.md § Compatibility Matrix; schema/backwards_compatibility_test.go",
            .requirement =
                "Docker equivalents: `application/vnd.docker.distribution.manifest.v2+json` ≈ OCI "
                "manifest; `…manifest.list.v2+json` ≈ OCI index; "
                "`application/vnd.docker.container.image.v1+json` ≈ OCI config; "
                "`application/vnd.docker.image.rootfs.diff.tar.gzip` ≡ OCI `tar+gzip` (declared "
                "\"interchangeable and fully compatible\"); `…rootfs.foreign.diff.tar.gzip` ≈ "
                "nondistributable+gzip. Docker schema1 (`…manifest.v1+json`, `…v1+prettyjws`) has "
                "no OCI equivalent",
            .applies_to = "M, I, C, L",
            .check = "doc: in compat mode apply the MAN/IDX/CFG rules with the Docker type "
                     "accepted in place of the OCI one. The compat test manifest has "
                     "`config.mediaType` `application/octet-stream` and is still valid. A "
                     "document's own Docker `mediaType` counts only when it is read as Docker (its "
                     "descriptor expects that type; see MT-004)"}},
      {.id = "MT-006",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "A manifest does not mix OCI and Docker media types",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help = "Use OCI types throughout an OCI manifest (or Docker types throughout a Docker "
               "manifest); mixed manifests are rejected by some tools.",
       .catalogue = {.source = "manifest.md",
                     .requirement = "a manifest does not mix OCI and Docker types (e.g. an OCI "
                                    "manifest with Docker layer types)",
                     .applies_to = "M",
                     .check = "doc (Docker types are those of Docker's image format; BuildKit's "
                              "`application/vnd.docker.attestation.config.v1+json` is not one)",
                     .level = "SHOULD (derived from MAN-008/MAN-012 portability)"}},
      {.id = "MT-007",
       .level = "versions",
       .severity = Severity::warning,
       .title = "Withdrawn pre-release media types are not used",
       .spec = "media-types.md#oci-image-media-types",
       .help =
           "Replace application/vnd.oci.artifact.manifest.v1+json with an image manifest carrying "
           "artifactType, and application/vnd.oci.scratch.v1+json with "
           "application/vnd.oci.empty.v1+json.",
       .catalogue = {.source =
                         "git history: `application/vnd.oci.artifact.manifest.v1+json` "
                         "(1.1.0-rc1/rc2, removed in rc3), `application/vnd.oci.scratch.v1+json` "
                         "(rc3 only; renamed to `empty` in rc4)",
                     .requirement = "withdrawn pre-release types are not used",
                     .applies_to = "D*",
                     .check = "lookup",
                     .level = "(versions)"}},
      {.id = "MT-008",
       .level = "derived",
       .severity = Severity::warning,
       .title = "Known media types are written in their exact case",
       .spec = "media-types.md#oci-image-media-types",
       .help = "Write the media type exactly as the spec does (all lower case for OCI types); most "
               "tools compare media types byte for byte.",
       .catalogue =
           {.source = "RFC 6838 (case-insensitive names) vs implementations that compare exactly",
            .requirement = "a case variant of a known OCI type (e.g. `…vnd.OCI.image…`) is not "
                           "treated as the known type",
            .applies_to = "D*",
            .check = "doc: compare exactly, and flag case-insensitive matches",
            .level = "(derived)"}},
  });
  registry.on_document([](const DocumentView& doc, FindingSink& sink) {
    check_layout_index_type(doc, sink);
    check_docker_types(doc, sink);
    check_mixed_manifest(doc, sink);
  });
  registry.on_descriptor([](const DescriptorView& d, FindingSink& sink) {
    check_withdrawn(d, sink);
    check_case_variant(d, sink);
  });
  registry.on_edge(check_target_type);
}

}  // namespace ocv::rules
