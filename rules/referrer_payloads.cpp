// REF-010..031: what attachments carry. BuildKit attestation entries
// (docs/attestations/attestation-storage.md) and the in-toto statements in
// them (in-toto/attestation spec/v1/statement.md, and v0.1), cosign's
// simple-signing payloads (specs/SIGNATURE_SPEC.md) and DSSE envelopes
// (specs/ATTESTATION_SPEC.md), and notation's signature manifest
// (notaryproject/specifications specs/signature-specification.md).
#include "rules/referrer_payloads.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

#include "rules/json_access.hpp"
#include "validator/encoding/base64.hpp"
#include "validator/model/attachment_kind.hpp"

namespace ocv::rules {
namespace {

using engine::Attachment;
using engine::AttachmentsView;
using engine::DescriptorView;
using engine::FindingSink;
using engine::LinkVia;
using engine::Payload;
using engine::Severity;
namespace attach = engine::attach;

constexpr std::string_view kStatementV01 = "https://in-toto.io/Statement/v0.1";
constexpr std::string_view kStatementV1 = "https://in-toto.io/Statement/v1";

std::string annotation_pointer(const DescriptorView& d, std::string_view key) {
  return json::pointer_append(d.member_pointer("annotations"), key);
}

/// The digests an attachment says it is about (every link), and the blobs
/// of those subjects that are in the layout (an attestation may be about
/// "some object within" the manifest, attestation-storage.md).
struct Targets {
  std::set<std::string, std::less<>> subjects;
  std::set<std::string, std::less<>> within;
};

Targets targets_of(const Attachment& a) {
  Targets t;
  for (const auto& link : a.links) {
    if (link.digest.empty()) continue;
    t.subjects.insert(link.digest);
    const auto* root = link.target != nullptr ? link.target->root() : nullptr;
    if (root == nullptr || !root->IsObject()) continue;
    if (const auto* config = member(*root, "config"))
      t.within.emplace(string_or_empty(*config, "digest"));
    if (const auto* layers = member(*root, "layers"); layers != nullptr && layers->IsArray())
      for (const auto& l : layers->GetArray()) t.within.emplace(string_or_empty(l, "digest"));
  }
  return t;
}

// REF-010, REF-011: a BuildKit attestation entry names a sibling image of
// its index, and carries the unknown/unknown platform.
void check_buildkit_entry(const Attachment& a, FindingSink& sink) {
  for (const auto& link : a.links) {
    if (link.via != LinkVia::buildkit_reference) continue;
    const auto& entry = *link.entry;
    if (link.digest.empty())
      sink.report("REF-010", *link.site, entry.member_pointer("annotations"),
                  fmt::format("{} is an attestation-manifest entry without {}: nothing says "
                              "which image it attests",
                              attachment_label(a), attach::kReferenceDigest));
    else if (!link.sibling)
      sink.report(
          "REF-010", *link.site, link.pointer,
          fmt::format("{} attests {} ({}), which is no other entry of this index",
                      attachment_label(a), quoted_brief(link.digest), attach::kReferenceDigest));
    const auto* platform = member(*entry.value, "platform");
    const auto os = platform != nullptr ? string_or_empty(*platform, "os") : std::string_view();
    const auto arch =
        platform != nullptr ? string_or_empty(*platform, "architecture") : std::string_view();
    if (os == "unknown" && arch == "unknown") continue;
    sink.report("REF-011", *link.site,
                platform != nullptr ? entry.member_pointer("platform") : entry.pointer(),
                platform == nullptr
                    ? fmt::format("{} has no platform; BuildKit writes unknown/unknown so that no "
                                  "runtime selects it",
                                  attachment_label(a))
                    : fmt::format("{} has platform {}/{}; BuildKit writes unknown/unknown so "
                                  "that no runtime selects it as an image",
                                  attachment_label(a), quoted(os), quoted(arch)));
  }
}

/// REF-014: an in-toto Statement (v0.1 or v1): `_type`, a non-empty
/// `subject` of objects with a `digest` map of strings, a `predicateType`.
/// Reports what is wrong and returns whether the rest can be read.
bool check_statement_shape(const Payload& p, const json::ParsedJson& statement,
                           std::string_view where, FindingSink& sink) {
  const auto pointer = where.empty() ? std::string() : std::string(where);
  if (!statement.ok()) {
    sink.report(statement.error->kind == json::ParseErrorKind::depth ? "LIMIT-002" : "REF-014", p,
                pointer,
                fmt::format("the in-toto statement is not JSON: {}", statement.error->message));
    return false;
  }
  const auto& root = statement.dom;
  if (!root.IsObject()) {
    sink.report(
        "REF-014", p, pointer,
        fmt::format("the in-toto statement must be a JSON object, found {}", type_name(root)));
    return false;
  }
  const auto in = [&](std::string_view inner) {
    return where.empty() ? std::string(inner) : fmt::format("{} (statement {})", where, inner);
  };
  const auto type = string_or_empty(root, "_type");
  if (type != kStatementV01 && type != kStatementV1)
    sink.report("REF-014", p, where.empty() ? "/_type" : pointer,
                fmt::format("the statement's _type is {}, not {} or {}", quoted(type), kStatementV1,
                            kStatementV01));
  bool readable = true;
  const auto* subject = member(root, "subject");
  if (subject == nullptr || !subject->IsArray() || subject->Empty()) {
    sink.report(
        "REF-014", p, where.empty() ? "/subject" : pointer,
        fmt::format("{}: the statement's subject must be a non-empty array", in("/subject")));
    readable = false;
  } else {
    for (rapidjson::SizeType i = 0; i < subject->Size(); ++i) {
      const auto* digest = member((*subject)[i], "digest");
      bool ok = digest != nullptr && digest->IsObject() && digest->MemberCount() > 0;
      if (ok)
        for (const auto& m : digest->GetObject()) ok = ok && m.value.IsString();
      if (!ok)
        sink.report("REF-014", p,
                    where.empty()
                        ? json::pointer_append(json::pointer_append("/subject", i), "digest")
                        : pointer,
                    fmt::format("{}: a statement subject needs a digest map of algorithm to "
                                "hex value",
                                in(fmt::format("/subject/{}", i))));
    }
  }
  if (string_or_empty(root, "predicateType").empty())
    sink.report("REF-014", p, where.empty() ? "/predicateType" : pointer,
                fmt::format("{}: the statement has no predicateType", in("/predicateType")));
  return readable;
}

// REF-012: the layer's predicate-type annotation is the statement's.
void check_predicate_annotation(const Attachment& a, const Payload& p,
                                const rapidjson::Value& statement, FindingSink& sink) {
  const auto predicate = string_or_empty(statement, "predicateType");
  // BuildKit's key, and the one cosign writes on its DSSE layers.
  for (const std::string_view key :
       {attach::kPredicateTypeAnnotation, std::string_view("predicateType")}) {
    const auto value = engine::annotation(*p.layer->value, key);
    if (!value || *value == predicate) continue;
    sink.report("REF-012", *a.manifest, annotation_pointer(*p.layer, key),
                fmt::format("{} {} annotation is {}, but the statement's predicateType is {}: "
                            "consumers that pick attestations by the annotation get another "
                            "predicate than they asked for",
                            p.layer->label(), key, quoted(*value), quoted(predicate)));
  }
}

// REF-013: the statement is about the image the attestation is attached to.
void check_statement_subject(const Attachment& a, const Payload& p,
                             const rapidjson::Value& statement, std::string_view where,
                             FindingSink& sink) {
  const auto targets = targets_of(a);
  if (targets.subjects.empty()) return;
  std::vector<std::string> named;
  for (const auto& s : member(statement, "subject")->GetArray()) {
    const auto* digest = member(s, "digest");
    if (digest == nullptr || !digest->IsObject()) continue;
    for (const auto& m : digest->GetObject()) {
      if (!m.value.IsString()) continue;
      auto d = fmt::format("{}:{}", as_view(m.name), as_view(m.value));
      if (targets.subjects.contains(d) || targets.within.contains(d)) return;
      named.push_back(std::move(d));
    }
  }
  // cosign verify-attestation rejects a statement whose subject is not the
  // image (pkg/cosign/verifiers.go, "no matching subject digest found");
  // BuildKit's document says the subject "should" be the attested manifest.
  const bool cosign = a.kind == engine::kCosignAttestation;
  sink.report("REF-013", p, where.empty() ? "/subject" : std::string(where),
              fmt::format("the statement in {} is about {}, but the attestation is attached to {}",
                          attachment_label(a),
                          named.empty() ? std::string("no digest") : quoted_brief(named.front()),
                          quoted_brief(*targets.subjects.begin())),
              cosign ? Severity::error : Severity::warning);
}

void check_statement(const Attachment& a, const Payload& p, const json::ParsedJson& statement,
                     std::string_view where, FindingSink& sink) {
  if (!check_statement_shape(p, statement, where, sink)) return;
  check_predicate_annotation(a, p, statement.dom, sink);
  check_statement_subject(a, p, statement.dom, where, sink);
}

// REF-022: a cosign attestation layer is a DSSE envelope of an in-toto
// statement: payloadType, a base64 payload, a signatures array.
void check_envelope(const Attachment& a, const Payload& p, FindingSink& sink) {
  const auto& env = p.parsed->dom;
  if (!p.parsed->ok() || !env.IsObject()) {
    sink.report("REF-022", p, "",
                p.parsed->ok()
                    ? "the DSSE envelope must be a JSON object"
                    : fmt::format("the DSSE envelope is not JSON: {}", p.parsed->error->message));
    return;
  }
  if (const auto type = string_or_empty(env, "payloadType"); type != attach::kInToto)
    sink.report(
        "REF-022", p, "/payloadType",
        fmt::format("the envelope's payloadType is {}, not {}", quoted(type), attach::kInToto));
  const auto* signatures = member(env, "signatures");
  if (signatures == nullptr || !signatures->IsArray() || signatures->Empty())
    sink.report("REF-022", p, "/signatures", "the envelope has no signatures array");
  const auto payload = string_or_empty(env, "payload");
  if (payload.empty() || !encoding::decode_base64(payload)) {
    sink.report("REF-022", p, "/payload",
                payload.empty() ? std::string("the envelope has no payload")
                                : fmt::format("the envelope's payload is not base64: {}",
                                              encoding::base64_error(payload)));
    return;
  }
  if (p.inner) check_statement(a, p, *p.inner, "/payload", sink);
}

// REF-020, REF-021: a cosign signature's payload signs the image it is
// attached to, and its layer carries the base64 signature.
void check_cosign_payload(const Attachment& a, const Payload& p, FindingSink& sink) {
  const auto signature = engine::annotation(*p.layer->value, attach::kCosignSignatureAnnotation);
  if (!signature)
    sink.report("REF-021", *a.manifest, p.layer->member_pointer("annotations"),
                fmt::format("{} has no {} annotation: cosign finds no signature to verify",
                            p.layer->label(), attach::kCosignSignatureAnnotation));
  else if (signature->empty() || !encoding::decode_base64(*signature))
    sink.report(
        "REF-021", *a.manifest, annotation_pointer(*p.layer, attach::kCosignSignatureAnnotation),
        fmt::format("{} {} is not base64{}", p.layer->label(), attach::kCosignSignatureAnnotation,
                    signature->empty() ? std::string(" (it is empty)")
                                       : ": " + encoding::base64_error(*signature)));
  if (!p.parsed->ok() || !p.parsed->dom.IsObject()) {
    sink.report("REF-020", p, "",
                "the simple-signing payload is not a JSON object, so it names no signed image");
    return;
  }
  const auto* critical = member(p.parsed->dom, "critical");
  const auto* image = critical != nullptr ? member(*critical, "image") : nullptr;
  const auto signed_digest =
      image != nullptr ? string_or_empty(*image, "docker-manifest-digest") : std::string_view();
  if (signed_digest.empty()) {
    sink.report("REF-020", p, "/critical/image",
                "the simple-signing payload has no critical.image.docker-manifest-digest");
    return;
  }
  const auto targets = targets_of(a);
  if (targets.subjects.empty() || targets.subjects.contains(signed_digest)) return;
  sink.report("REF-020", p, "/critical/image/docker-manifest-digest",
              fmt::format("the payload signs {}, but {} is attached to {}: cosign verify "
                          "rejects it (\"invalid or missing digest in claim\")",
                          quoted_brief(signed_digest), attachment_label(a),
                          quoted_brief(*targets.subjects.begin())));
}

// REF-030, REF-031: a notation signature manifest has one envelope layer of
// a type notation defines, a subject and the certificate thumbprints.
void check_notation(const Attachment& a, FindingSink& sink) {
  const auto* root = a.manifest->root();
  if (root == nullptr || !root->IsObject()) return;
  const auto* layers = member(*root, "layers");
  if (layers != nullptr && layers->IsArray()) {
    if (layers->Size() != 1)
      sink.report("REF-030", *a.manifest, "/layers",
                  fmt::format("a notation signature has exactly one layer, the signature "
                              "envelope; this one has {}",
                              layers->Size()));
    for (rapidjson::SizeType i = 0; i < layers->Size(); ++i) {
      const auto type = string_or_empty((*layers)[i], "mediaType");
      if (type == "application/jose+json" || type == "application/cose") continue;
      sink.report("REF-030", *a.manifest,
                  json::pointer_append(json::pointer_append("/layers", i), "mediaType"),
                  fmt::format("layers[{}] is {}; a notation signature envelope is "
                              "application/jose+json or application/cose",
                              i, quoted(type)));
    }
  }
  if (member(*root, "subject") == nullptr)
    sink.report("REF-031", *a.manifest, "",
                "a notation signature has no subject: nothing says which artifact it signs");
  if (!engine::annotation(*root, attach::kNotaryThumbprints))
    sink.report("REF-031", *a.manifest, "/annotations",
                fmt::format("a notation signature has no {} annotation, which notation uses to "
                            "pick signatures by trust policy",
                            attach::kNotaryThumbprints));
}

void check_attachment(const Attachment& a, FindingSink& sink) {
  check_buildkit_entry(a, sink);
  if (a.kind == engine::kNotationSignature) check_notation(a, sink);
  for (const auto& p : a.payloads) {
    if (!p.parsed) {
      if (p.limit != Payload::Limit::none)
        sink.report(
            p.limit == Payload::Limit::document_size ? "LIMIT-002" : "LIMIT-008", p, "",
            fmt::format("the payload of {} was not read: {}", attachment_label(a), p.unread));
      continue;
    }
    const auto type = p.layer->media_type();
    if (type == attach::kCosignSimpleSigning)
      check_cosign_payload(a, p, sink);
    else if (type == attach::kDsseEnvelope)
      check_envelope(a, p, sink);
    else if (type == attach::kInToto)
      check_statement(a, p, *p.parsed, "", sink);
  }
}

}  // namespace

std::string attachment_label(const engine::Attachment& a) {
  return fmt::format("{} {}", a.kind, brief_digest(a.manifest->digest));
}

std::string brief_digest(std::string_view digest) {
  const auto colon = digest.find(':');
  if (colon == std::string_view::npos) return std::string(digest.substr(0, 24));
  return std::string(digest.substr(0, std::min(digest.size(), colon + 1 + 12)));
}

void register_referrer_payload_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "REF-010",
       .level = "MUST (producer)",
       .severity = Severity::error,
       .title = "A BuildKit attestation entry names a sibling image of its index",
       .spec =
           "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md",
       .help =
           "BuildKit and buildx write attestation manifests into the image index with "
           "vnd.docker.reference.type=attestation-manifest and vnd.docker.reference.digest, \"the "
           "digest of the object in the image index that the attestation manifest refers to\"; "
           "docker buildx imagetools and Docker Desktop find an image's SBOM and provenance by it. "
           "Set it to the digest of the platform manifest beside it.",
       .scope = engine::kScopeAttachments,
       .catalogue =
           {.source = "buildkit attestation-storage.md (\"vnd.docker.reference.digest … the digest "
                      "of the object in the image index that the attestation manifest refers to\")",
            .requirement = "an attestation-manifest entry has `vnd.docker.reference.digest` naming "
                           "another entry of the same index",
            .applies_to = "I.manifests[]",
            .check = "doc"}},
      {.id = "REF-011",
       .level = "convention",
       .severity = Severity::warning,
       .title = "A BuildKit attestation entry has the platform unknown/unknown",
       .spec =
           "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md",
       .help =
           "BuildKit sets the platform of attestation manifests to unknown/unknown \"to prevent "
           "container runtimes from accidentally pulling or running\" them; with a real platform a "
           "runtime may select the attestation as the image.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "buildkit attestation-storage.md (\"the platform property of the "
                               "attestation manifest will be set to unknown/unknown\")",
                     .requirement = "an attestation-manifest entry has platform `unknown/unknown`",
                     .applies_to = "I.manifests[]",
                     .check = "doc (otherwise runtimes may select it: warning)"}},
      {.id = "REF-012",
       .level = "MUST (producer)",
       .severity = Severity::error,
       .title = "A statement's predicate-type annotation is its predicateType",
       .spec =
           "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md",
       .help =
           "BuildKit sets in-toto.io/predicate-type on each attestation layer \"to contain the "
           "same value as the predicateType property present inside the attestation\" (cosign "
           "writes predicateType on its DSSE layers); consumers pick attestations by it without "
           "pulling them. Make the annotation the statement's predicateType.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "buildkit attestation-storage.md (`in-toto.io/predicate-type` "
                               "\"will be set to contain the same value as the predicateType\"); "
                               "cosign ATTESTATION_SPEC.md (`predicateType` layer annotation)",
                     .requirement = "a statement layer's predicate-type annotation, when present, "
                                    "equals the statement's `predicateType`",
                     .applies_to = "M.layers[] + L",
                     .check = "xdoc"}},
      {.id = "REF-013",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "An attestation's statement is about the image it is attached to",
       .spec =
           "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md",
       .help =
           "The in-toto statement's subject[].digest names another image than the one the "
           "attestation is attached to: an SBOM or provenance that describes something else. "
           "BuildKit's document says the subject should be the attested manifest (or an object "
           "within it): a warning; cosign verify-attestation rejects a cosign attestation whose "
           "statement subject is not the image (pkg/cosign/verifiers.go): an error.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "buildkit attestation-storage.md (\"The subject of the attestation "
                               "should be set to be the same digest as the target manifest … or "
                               "some object within\"); cosign `pkg/cosign/verifiers.go` "
                               "(verify-attestation rejects: \"no matching subject digest found\")",
                     .requirement = "a statement's `subject[].digest` names the image the "
                                    "attestation is attached to (or its config or a layer)",
                     .applies_to = "L (statement)",
                     .check = "xdoc (sev: warning for BuildKit's \"should\"; error for a cosign "
                              "attestation, which cosign rejects)"}},
      {.id = "REF-014",
       .level = "MUST",
       .severity = Severity::error,
       .title = "An attestation layer holds an in-toto Statement",
       .spec = "https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md",
       .help =
           "An application/vnd.in-toto+json layer (BuildKit, Docker) or the payload of a cosign "
           "DSSE envelope is an in-toto Statement: _type https://in-toto.io/Statement/v1 (or v0.1, "
           "which BuildKit writes), a non-empty subject of {name, digest: {alg: hex}}, and a "
           "predicateType; consumers reject anything else.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "in-toto attestation spec/v1/statement.md (`_type`, `subject`, "
                               "`predicateType` REQUIRED); v0.1 as BuildKit writes",
                     .requirement = "an `application/vnd.in-toto+json` layer, or a DSSE envelope's "
                                    "payload, is an in-toto Statement v0.1 or v1",
                     .applies_to = "L (statement)",
                     .check = "doc"}},
      {.id = "REF-020",
       .level = "MUST (producer)",
       .severity = Severity::error,
       .title = "A cosign signature's payload signs the image it is attached to",
       .spec = "https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md",
       .help =
           "cosign signs a Simple Signing payload whose critical.image.docker-manifest-digest is "
           "the signed manifest's digest, and cosign verify rejects a signature whose payload "
           "names another digest than the one its tag (sha256-<hex>.sig) or subject names. Re-sign "
           "the image; a payload copied from another image's signature cannot be fixed by editing.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source =
                         "cosign SIGNATURE_SPEC.md (`critical.image.docker-manifest-digest`); "
                         "cosign verify (\"invalid or missing digest in claim\")",
                     .requirement = "a simple-signing payload names the digest its signature is "
                                    "attached to (tag, `cosign save` image, subject)",
                     .applies_to = "L (payload)",
                     .check = "xdoc"}},
      {.id = "REF-021",
       .level = "MUST (producer)",
       .severity = Severity::error,
       .title = "A cosign signature layer carries its base64 signature",
       .spec = "https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md",
       .help = "cosign stores the signature of each payload layer, base64 encoded, in the layer's "
               "dev.cosignproject.cosign/signature annotation; without it, or not base64, cosign "
               "verify finds nothing to verify. Re-sign, or copy the signature manifest unchanged.",
       .scope = engine::kScopeAttachments,
       .catalogue =
           {.source = "cosign SIGNATURE_SPEC.md (signature in the "
                      "`dev.cosignproject.cosign/signature` layer annotation, base64)",
            .requirement =
                "every simple-signing layer carries a non-empty base64 signature annotation",
            .applies_to = "M.layers[]",
            .check = "doc"}},
      {.id = "REF-022",
       .level = "MUST (producer)",
       .severity = Severity::error,
       .title = "A cosign attestation layer is a DSSE envelope of an in-toto statement",
       .spec = "https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md",
       .help =
           "cosign attest writes application/vnd.dsse.envelope.v1+json layers: a DSSE envelope "
           "(secure-systems-lab/dsse envelope.md) with payloadType application/vnd.in-toto+json, "
           "the statement base64 encoded in payload, and signatures.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "cosign ATTESTATION_SPEC.md; secure-systems-lab DSSE envelope.md",
                     .requirement =
                         "a cosign attestation layer is a DSSE envelope: `payloadType` "
                         "`application/vnd.in-toto+json`, base64 `payload`, `signatures`",
                     .applies_to = "L (envelope)",
                     .check = "doc"}},
      {.id = "REF-030",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A notation signature has one envelope layer of a type notation defines",
       .spec = "https://github.com/notaryproject/specifications/blob/main/specs/"
               "signature-specification.md",
       .help = "notation's signature manifest (artifactType or config.mediaType "
               "application/vnd.cncf.notary.signature) holds \"only one\" layer, the signature "
               "envelope, typed application/jose+json or application/cose; notation verify cannot "
               "read any other.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source =
                         "notation signature-specification.md (`layers`: \"only one\" descriptor; "
                         "envelope `application/jose+json` or `application/cose`)",
                     .requirement =
                         "a notation signature has one layer of a notation envelope type",
                     .applies_to = "M (notation)",
                     .check = "doc"}},
      {.id = "REF-031",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A notation signature has a subject and its certificate thumbprints",
       .spec = "https://github.com/notaryproject/specifications/blob/main/specs/"
               "signature-specification.md",
       .help =
           "subject (the signed manifest) and the io.cncf.notary.x509chain.thumbprint#S256 "
           "annotation are REQUIRED in a notation signature manifest: notation finds signatures "
           "through the referrers of the subject and filters them by the thumbprints.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "notation signature-specification.md (`subject` REQUIRED; "
                               "`io.cncf.notary.x509chain.thumbprint#S256` REQUIRED)",
                     .requirement =
                         "a notation signature has a subject and the thumbprint annotation",
                     .applies_to = "M (notation)",
                     .check = "doc"}},
  });
  registry.on_attachments([](const AttachmentsView& view, FindingSink& sink) {
    for (const auto& a : view.attachments) check_attachment(a, sink);
  });
}

}  // namespace ocv::rules
