#pragma once
// What is attached to an image, by the conventions its producers document:
// OCI 1.1 referrers (a `subject`), cosign's tag scheme and `cosign save`
// layout annotations, notation signatures, BuildKit attestation manifests.
// One definition, used by the content graph (which marks the documents of
// an attachment), the rules that must not judge an attachment as a runnable
// image (its platform, the platform values of its config) and the referrer
// rules.
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ocv::engine {

struct DescriptorView;

namespace attach {

// cosign: specs/SIGNATURE_SPEC.md, specs/ATTESTATION_SPEC.md (sigstore/cosign).
inline constexpr std::string_view kCosignSimpleSigning =
    "application/vnd.dev.cosign.simplesigning.v1+json";
inline constexpr std::string_view kCosignSignatureAnnotation = "dev.cosignproject.cosign/signature";
inline constexpr std::string_view kDsseEnvelope = "application/vnd.dsse.envelope.v1+json";
// `cosign save` (pkg/oci/layout/index.go): index.json entries annotated
// kind=<one of these>.
inline constexpr std::string_view kCosignKindAnnotation = "kind";
inline constexpr std::string_view kCosignKindImage = "dev.cosignproject.cosign/image";
inline constexpr std::string_view kCosignKindImageIndex = "dev.cosignproject.cosign/imageIndex";
inline constexpr std::string_view kCosignKindSigs = "dev.cosignproject.cosign/sigs";
inline constexpr std::string_view kCosignKindAtts = "dev.cosignproject.cosign/atts";
// BuildKit: docs/attestations/attestation-storage.md (moby/buildkit).
inline constexpr std::string_view kInToto = "application/vnd.in-toto+json";
inline constexpr std::string_view kPredicateTypeAnnotation = "in-toto.io/predicate-type";
inline constexpr std::string_view kReferenceType = "vnd.docker.reference.type";
inline constexpr std::string_view kReferenceDigest = "vnd.docker.reference.digest";
inline constexpr std::string_view kAttestationManifest = "attestation-manifest";
inline constexpr std::string_view kBuildKitAttestationConfig =
    "application/vnd.docker.attestation.config.v1+json";
// Docker with the containerd image store, `docker save`: the attestation
// manifests of an image as index.json entries annotated with the manifest
// they describe.
inline constexpr std::string_view kContainerdSubject = "io.containerd.manifest.subject";
// notation: notaryproject/specifications specs/signature-specification.md.
inline constexpr std::string_view kNotarySignature = "application/vnd.cncf.notary.signature";
inline constexpr std::string_view kNotaryThumbprints = "io.cncf.notary.x509chain.thumbprint#S256";

}  // namespace attach

/// The kind of an attachment, for reports ("" = not an attachment).
inline constexpr std::string_view kCosignSignature = "cosign signature";
inline constexpr std::string_view kCosignAttestation = "cosign attestation";
inline constexpr std::string_view kCosignSbom = "cosign SBOM";
inline constexpr std::string_view kNotationSignature = "notation signature";
inline constexpr std::string_view kBuildKitAttestation = "BuildKit attestation";
inline constexpr std::string_view kInTotoAttestation = "in-toto attestation";
inline constexpr std::string_view kReferrerArtifact = "artifact";

/// A cosign tag: `[…:]sha256-<hex>.sig|.att|.sbom` (`sha256-<hex>` with no
/// suffix is the OCI 1.1 referrers fallback tag).
struct AttachmentTag {
  std::string digest;     // "sha256:<hex>": what the tag is attached to
  std::string_view kind;  // kCosignSignature, ... or "" for the fallback tag
};
/// The tag part of `ref` (after the last ':' when it has a repository)
/// read as an attachment tag; nullopt for any other tag.
std::optional<AttachmentTag> parse_attachment_tag(std::string_view ref);

/// Annotation `key` of a descriptor or document object, when a string.
std::optional<std::string_view> annotation(const rapidjson::Value& object, std::string_view key);

/// What a manifest is attached as, from the entry that leads to it (its
/// tag, annotations) and from its own content (layer and artifact types);
/// "" when it is not recognised as an attachment. `entry` may be null.
std::string_view attachment_kind(const DescriptorView* entry, const rapidjson::Value& manifest);

}  // namespace ocv::engine
