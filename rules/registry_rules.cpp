// REG-*: what a registry's answers say about the image it serves
// (distribution-spec v1.1 § Pulling manifests, § Pulling blobs, § Listing
// Referrers, § Unavailable Referrers API; image-spec media-types.md
// § Media Type Conflicts). The content itself is judged by every other
// rule, as for a layout.
#include <fmt/format.h>

#include "rules/families.hpp"
#include "validator/digest/digest.hpp"
#include "validator/json/strict_json.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorRole;
using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::RegistryView;
using engine::Severity;
using engine::Site;
using source::ReferrersListing;
using source::WireAnswer;

std::string without_parameters(std::string_view v) {
  v = v.substr(0, v.find(';'));
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return std::string(v);
}

std::optional<std::string> string_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return std::nullopt;
  const auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

/// "an index" / "a manifest": what a document holds by its shape.
std::optional<DocKind> shape_of(const rapidjson::Value& doc) {
  if (!doc.IsObject()) return std::nullopt;
  if (doc.HasMember("manifests") && !doc.HasMember("config") && !doc.HasMember("layers"))
    return DocKind::index;
  if ((doc.HasMember("config") || doc.HasMember("layers")) && !doc.HasMember("manifests"))
    return DocKind::manifest;
  return std::nullopt;
}

// REG-001: a manifest comes with the Content-Type its own mediaType says
// (distribution-spec: "If the manifest has a mediaType field, clients
// SHOULD reject unless the mediaType field's value matches the type
// specified by the Content-Type header"; containerd and Docker refuse such
// a manifest since the CVE-2021-41190 fix).
void check_content_type(const RegistryView& rv, const WireAnswer& a, FindingSink& sink) {
  if (!a.manifest || a.head) return;
  const auto* doc = rv.document(a.path);
  if (doc == nullptr || doc->root() == nullptr) return;
  const auto served = without_parameters(a.content_type);
  const auto own = string_member(*doc->root(), "mediaType");
  const Site site = rv.site_of(a.path);
  if (served.empty()) {
    sink.report("REG-001", site, own ? "/mediaType" : "",
                fmt::format("{} came without a Content-Type; a client cannot tell a manifest "
                            "from an index before parsing it",
                            a.request));
    return;
  }
  if (own) {
    if (*own != served)
      sink.report("REG-001", site, "/mediaType",
                  fmt::format("{} was served as {}, but the document declares {}", a.request,
                              served, *own));
    return;
  }
  // No mediaType of its own: what it holds must be what it is served as.
  const auto served_kind = engine::mt::document_kind(served);
  const auto shape = shape_of(*doc->root());
  if (served_kind && shape && *served_kind != *shape)
    sink.report("REG-001", site, "",
                fmt::format("{} was served as {} (an {}), but the document, which declares no "
                            "mediaType, holds {}",
                            a.request, served, engine::to_string(*served_kind),
                            *shape == DocKind::index ? "manifests (an index)"
                                                     : "config and layers (a manifest)"));
}

// REG-002: Docker-Content-Digest names the content it comes with.
void check_header_digest(const RegistryView& rv, const WireAnswer& a, FindingSink& sink) {
  if (a.header_digest.empty() || a.truncated) return;
  const Site site = rv.site_of(a.path);
  const auto header = digest::parse(a.header_digest);
  if (!header) {
    sink.report("REG-002", site, "",
                fmt::format("{} answered with Docker-Content-Digest \"{}\", which is not a digest",
                            a.request, engine::shortened(a.header_digest)));
    return;
  }
  const auto* blob = rv.blob_facts(a.path);
  if (blob == nullptr || header->algorithm != blob->algorithm) {
    // Another algorithm: the body's digest in it, when it was computed.
    if (!a.body_digest.empty() && a.body_digest != a.header_digest)
      sink.report(
          "REG-002", site, "",
          fmt::format("{} answered with Docker-Content-Digest {}, but the body hashes to {}",
                      a.request, a.header_digest, a.body_digest));
    return;
  }
  // A HEAD answer names what was asked for; a body hashes to it.
  const std::string expected =
      a.head
          ? blob->algorithm + ":" + blob->encoded
          : (blob->actual_encoded ? blob->algorithm + ":" + *blob->actual_encoded : std::string());
  if (expected.empty() || expected == a.header_digest) return;
  sink.report("REG-002", site, "",
              a.head ? fmt::format("{} answered with Docker-Content-Digest {} for {}", a.request,
                                   a.header_digest, expected)
                     : fmt::format("{} answered with Docker-Content-Digest {}, but the body "
                                   "hashes to {}",
                                   a.request, a.header_digest, expected));
}

// REG-003: the registry serves a blob whole, as long as it says it is.
void check_whole(const RegistryView& rv, const WireAnswer& a, FindingSink& sink) {
  if (a.head || a.manifest) return;
  const Site site = rv.site_of(a.path);
  if (a.truncated) {
    sink.report("REG-003", site, "", fmt::format("{}: {}", a.request, a.why));
    return;
  }
  // The size HEAD announced and the bytes GET delivered.
  for (const auto& other : rv.facts->answers) {
    if (!other.head || other.path != a.path || !other.content_length) continue;
    if (*other.content_length != a.body_bytes)
      sink.report("REG-003", site, "",
                  fmt::format("{} announced {} bytes (Content-Length), but {} delivered {}",
                              other.request, *other.content_length, a.request, a.body_bytes));
    break;
  }
}

// REG-004: the registry has what the image's descriptors name.
void check_missing(const RegistryView& rv, FindingSink& sink) {
  for (const auto& m : *rv.missing) {
    const auto& d = *m.descriptor;
    // A missing subject is REF-001's business (a weak reference by design:
    // a registry MUST accept a manifest whose subject it does not have).
    if (d.role == DescriptorRole::subject) continue;
    // A digest not of its algorithm's form was not asked for (the registry
    // would refuse it as invalid): DIG-002 or DIG-003 reports the digest.
    if (const auto parsed = digest::parse(d.digest());
        parsed && digest::algorithm_form_error(*parsed))
      continue;
    std::string answer = "the registry does not have it";
    if (const auto it = rv.facts->not_found.find(m.path); it != rv.facts->not_found.end())
      answer = fmt::format("the registry answered {} to {}", it->second.second, it->second.first);
    Severity severity = Severity::error;
    std::string why = "; the image cannot be pulled";
    if (engine::mt::is_nondistributable(d.media_type()) && d.value->HasMember("urls")) {
      severity = Severity::note;
      why = "; a non-distributable layer with urls is fetched from them";
    }
    sink.report(
        "REG-004", *d.parent, d.member_pointer("digest"),
        fmt::format("{} {} names {}: {}{}", d.label(), d.media_type(), d.digest(), answer, why),
        severity);
  }
}

/// The artifactType a referrers list gives a manifest (distribution-spec
/// § Listing Referrers): its own, else its config's mediaType; an index
/// without one has none.
std::optional<std::string> expected_artifact_type(const rapidjson::Value& doc, DocKind kind) {
  if (auto own = string_member(doc, "artifactType"); own && !own->empty()) return own;
  if (kind == DocKind::index) return std::nullopt;
  const auto config = doc.FindMember("config");
  if (config == doc.MemberEnd()) return std::nullopt;
  return string_member(config->value, "mediaType");
}

// REG-005: a referrers list is an image index of the manifests whose
// subject is the digest asked about, each with its artifactType and
// annotations.
void check_referrers(const RegistryView& rv, const ReferrersListing& l, FindingSink& sink) {
  Site site;
  site.blob = l.path;
  site.chain = {l.request};
  site.json = l.list.get();
  const auto subject_site = rv.site_of(digest::blob_path_of(l.subject));
  site.image = subject_site.image;
  const auto served = without_parameters(l.content_type);
  if (served != engine::mt::kOciIndex)
    sink.report("REG-005", site, "",
                fmt::format("{} answered with Content-Type \"{}\"; a referrers list is an {}",
                            l.request, engine::shortened(served), engine::mt::kOciIndex));
  if (!l.list || !l.list->ok() || !l.list->dom.IsObject()) {
    sink.report("REG-005", site, "",
                fmt::format("{} did not answer with a JSON object: a referrers list is an image "
                            "index",
                            l.request));
    return;
  }
  const auto& list = l.list->dom;
  if (const auto mt = string_member(list, "mediaType"); mt && *mt != engine::mt::kOciIndex)
    sink.report("REG-005", site, "/mediaType",
                fmt::format("the referrers list declares {}, not {}", engine::shortened(*mt),
                            engine::mt::kOciIndex));
  const auto manifests = list.FindMember("manifests");
  if (manifests == list.MemberEnd() || !manifests->value.IsArray()) {
    sink.report("REG-005", site, "",
                "the referrers list has no manifests array (an empty list is [])");
    return;
  }
  rapidjson::SizeType i = 0;
  for (const auto& entry : manifests->value.GetArray()) {
    const auto at = json::pointer_append("/manifests", i++);
    if (!entry.IsObject()) {
      sink.report("REG-005", site, at, "an entry of the referrers list is not a descriptor");
      continue;
    }
    const auto listed_type = string_member(entry, "artifactType");
    if (!l.artifact_type_filter.empty() && l.filter_applied &&
        listed_type.value_or("") != l.artifact_type_filter)
      sink.report("REG-005", site, json::pointer_append(at, "artifactType"),
                  fmt::format("the registry says it applied the artifactType filter {}, but "
                              "lists an entry of type {}",
                              l.artifact_type_filter, listed_type.value_or("(none)")));
    const auto digest_text = string_member(entry, "digest").value_or("");
    const auto d = digest::parse(digest_text);
    if (!d) {
      sink.report("REG-005", site, json::pointer_append(at, "digest"),
                  "the entry has no digest (or not one ocivalidate can read)");
      continue;
    }
    if (const auto why = digest::algorithm_form_error(*d)) {
      sink.report("REG-005", site, json::pointer_append(at, "digest"),
                  fmt::format("the list names {}, which is not a {} digest ({}); it was not "
                              "fetched",
                              engine::shortened(digest_text), d->algorithm, *why));
      continue;
    }
    const auto path = d->path();
    if (const auto it = rv.facts->not_found.find(path); it != rv.facts->not_found.end()) {
      sink.report("REG-005", site, json::pointer_append(at, "digest"),
                  fmt::format("the list names {}, but the registry answered {} to {}", digest_text,
                              it->second.second, it->second.first));
      continue;
    }
    if (!l.artifact_type_filter.empty() && listed_type.value_or("") != l.artifact_type_filter)
      continue;  // filtered out here: not fetched
    const auto* doc = rv.document(path);
    if (doc == nullptr || doc->root() == nullptr || !doc->root()->IsObject()) continue;
    const auto& referrer = *doc->root();
    const auto subject = referrer.FindMember("subject");
    const auto subject_digest =
        subject != referrer.MemberEnd() ? string_member(subject->value, "digest") : std::nullopt;
    if (subject_digest.value_or("") != l.subject)
      sink.report("REG-005", site, json::pointer_append(at, "digest"),
                  fmt::format("the list names {}, whose subject is {}, not {}", digest_text,
                              subject_digest.value_or("(none)"), l.subject));
    const auto expected = expected_artifact_type(referrer, doc->kind);
    if (listed_type != expected)
      sink.report(
          "REG-005", site, json::pointer_append(at, "artifactType"),
          fmt::format("the list gives {} the artifactType {}; the manifest says {}", digest_text,
                      listed_type.value_or("(none)"), expected.value_or("(none)")));
    if (const auto* blob = rv.blob_facts(path); blob != nullptr) {
      const auto size = entry.FindMember("size");
      if (size != entry.MemberEnd() && size->value.IsUint64() &&
          size->value.GetUint64() != blob->size)
        sink.report("REG-005", site, json::pointer_append(at, "size"),
                    fmt::format("the list gives {} the size {}; the manifest has {} bytes",
                                digest_text, size->value.GetUint64(), blob->size));
    }
    // "The descriptors MUST include annotations from the image manifest."
    const auto own = referrer.FindMember("annotations");
    if (own == referrer.MemberEnd() || !own->value.IsObject()) continue;
    const auto listed = entry.FindMember("annotations");
    for (const auto& a : own->value.GetObject()) {
      if (!a.value.IsString()) continue;
      const auto* value =
          listed != entry.MemberEnd() && listed->value.IsObject() ? &listed->value : nullptr;
      const auto got = value != nullptr ? string_member(*value, a.name.GetString()) : std::nullopt;
      if (got && *got == std::string_view(a.value.GetString(), a.value.GetStringLength())) continue;
      sink.report("REG-005", site, json::pointer_append(at, "annotations"),
                  fmt::format("the list does not carry the annotation {} of {}",
                              engine::shortened(a.name.GetString()), digest_text));
    }
  }
}

// REG-006: the registry answers the requests an image leads to without a
// server error: a manifest a descriptor names is served, or answered 404
// (distribution-spec § Pulling manifests: "If the manifest is not found in
// the repository, the response code MUST be 404 Not Found"), and a
// referrers list is served (§ Listing Referrers) or its tag is absent.
void check_server_errors(const RegistryView& rv, FindingSink& sink) {
  for (const auto& e : rv.facts->server_errors) {
    Site site;
    if (e.subject.empty()) {
      site = rv.site_of(e.path);
    } else {
      site.blob = e.path;
      site.chain = {e.request};
      site.image = rv.site_of(digest::blob_path_of(e.subject)).image;
    }
    sink.report(
        "REG-006", site, "",
        fmt::format(
            "{} answered {}{}{}; {}", e.request, e.answer, e.retried ? " on every try" : "",
            e.subject.empty() ? std::string() : fmt::format(" (the referrers of {})", e.subject),
            e.instead));
  }
}

}  // namespace

void register_registry_rules(engine::Registry& registry) {
  constexpr auto kRegistry = engine::kNeedsRegistry;
  registry.add_rules({
      {.id = "REG-001",
       .level = "SHOULD (clients reject)",
       .severity = Severity::error,
       .title = "A manifest is served with the Content-Type its own mediaType declares",
       .spec = "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/"
               "spec.md#pulling-manifests",
       .help =
           "distribution-spec v1.1 § Pulling manifests: \"If the manifest has a mediaType field, "
           "clients SHOULD reject unless the mediaType field's value matches the type specified by "
           "the Content-Type header\"; pushing, a client \"MUST set the Content-Type header to the "
           "value specified by the mediaType field\". containerd and Docker refuse such a manifest "
           "since the CVE-2021-41190 fix (a document read as a manifest by one client and as an "
           "index by another), so it is an error: push the manifest again with the Content-Type of "
           "its mediaType (skopeo, crane, oras and buildah do), and give every manifest a "
           "mediaType.",
       .needs = kRegistry,
       .catalogue =
           {.source =
                "distribution-spec § Pulling manifests (\"If the manifest has a `mediaType` field, "
                "clients SHOULD reject unless the `mediaType` field's value matches the type "
                "specified by the `Content-Type` header\"); § Pushing manifests (\"clients MUST "
                "set the `Content-Type` header to the value specified by the `mediaType` field\")",
            .requirement = "a manifest or index is served with the `Content-Type` its own "
                           "`mediaType` declares (parameters ignored); without a `mediaType`, with "
                           "a type of the kind its shape is (the CVE-2021-41190 check on the wire)",
            .applies_to = "M, I served",
            .check = "wire: `Content-Type` vs the document (containerd and Docker refuse the "
                     "mismatch since the CVE fix, so: error)"}},
      {.id = "REG-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Docker-Content-Digest names the content the registry serves",
       .spec =
           "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-blobs",
       .help =
           "distribution-spec v1.1 § Pulling blobs: \"If present, the value of this header MUST be "
           "a digest matching that of the response body\"; § Pulling manifests: a client that uses "
           "it \"MUST verify the value against the uploaded blob data\". A header in another "
           "algorithm than the digest asked for is not a mismatch by itself: such digests \"are "
           "considered to be from different domains\" and \"the client MAY choose to verify the "
           "digests in both domains\" (Docker Registry HTTP API V2, § Content Digests); "
           "ocivalidate hashes the body with the header's algorithm when it can (sha256, sha512) "
           "and reports only a body that does not hash to it. A registry (or a proxy or "
           "cache in front of it) that names other content than it serves is corrupt or hijacked: "
           "clients that trust the header pull the wrong image. Report it to the registry's "
           "operator.",
       .needs = kRegistry,
       .catalogue = {.source =
                         "distribution-spec § Pulling blobs (\"If present, the value of this "
                         "header MUST be a digest matching that of the response body\"); § Pulling "
                         "manifests (a client that uses it \"MUST verify the value\")",
                     .requirement = "`Docker-Content-Digest` names the content served: the body's "
                                    "digest (GET), the digest asked about (HEAD)",
                     .applies_to = "M, I, C, L served",
                     .check = "wire: header vs the digest computed in the same algorithm"}},
      {.id = "REG-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "The registry serves each blob whole, as long as it announces",
       .spec =
           "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-blobs",
       .help =
           "distribution-spec v1.1 § Pulling blobs: \"A GET request to an existing blob URL MUST "
           "provide the expected blob\"; HEAD announces its size in Content-Length. A body that "
           "ends early every time (after retries and Range requests), or that is not the size HEAD "
           "announced, means the registry's storage of the blob is damaged: the image cannot be "
           "pulled. Push the blob again.",
       .needs = kRegistry,
       .catalogue = {.source = "distribution-spec § Pulling blobs (\"A GET request to an existing "
                               "blob URL MUST provide the expected blob\")",
                     .requirement = "a blob is served whole: a body that ends before its "
                                    "`Content-Length` on every try (retries resume with `Range`), "
                                    "or that differs from the size HEAD announced, is not the blob",
                     .applies_to = "C, L served",
                     .check = "wire: bytes received vs `Content-Length` (GET, HEAD)"}},
      {.id = "REG-004",
       .level = "MUST (derived)",
       .severity = Severity::error,
       .title = "The registry has every blob and manifest the image's descriptors name",
       .spec =
           "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-blobs",
       .help =
           "distribution-spec v1.1 § Push: \"The uploaded manifest MUST reference any blobs that "
           "make up the artifact\", and a registry answers 404 (BLOB_UNKNOWN, MANIFEST_UNKNOWN) "
           "for content it does not have. Unlike a layout, which MAY rely on an external blob "
           "store, a registry image with a missing blob cannot be pulled (a half-finished push, or "
           "a garbage collection that removed a blob still in use): push the image again. A "
           "missing subject is REF-001's business; a non-distributable layer with urls is only "
           "noted; a digest not of its algorithm's form (DIG-002, DIG-003) is not asked for. A "
           "registry that refuses a digest's algorithm (distribution answers 400 DIGEST_INVALID "
           "for blake3 or an unregistered algorithm) cannot serve that content either: the "
           "finding quotes its answer.",
       .needs = kRegistry,
       .catalogue =
           {.source = "distribution-spec § Push (\"The uploaded manifest MUST reference any "
                      "blobs that make up the artifact\"); § Pulling blobs (404 for a blob the "
                      "registry does not have: `BLOB_UNKNOWN`, `MANIFEST_UNKNOWN`)",
            .requirement = "every blob and manifest a descriptor names is in the repository",
            .applies_to = "D* → content",
            .check = "wire: HEAD/GET 404 (a missing `subject` is REF-001's; a "
                     "non-distributable layer with `urls`: note; a digest not of its "
                     "algorithm's form is not asked for, DIG-002/DIG-003 report it; a 400 for an "
                     "algorithm other than sha256 is the registry refusing it)"}},
      {.id = "REG-005",
       .level = "MUST",
       .severity = Severity::error,
       .title =
           "A referrers list is an image index of the manifests whose subject is the digest, each "
           "with its artifactType and annotations",
       .spec = "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/"
               "spec.md#listing-referrers",
       .help =
           "distribution-spec v1.1 § Listing Referrers: the response \"MUST be an image index\" "
           "(Content-Type application/vnd.oci.image.index.v1+json); \"The descriptors MUST include "
           "an artifactType field that is set to the value of the artifactType in the image "
           "manifest or index, if present. If the artifactType is empty or missing in the image "
           "manifest, the value of artifactType MUST be set to the config descriptor mediaType "
           "value\"; \"The descriptors MUST include annotations from the image manifest or "
           "index\"; with OCI-Filters-Applied the list holds only that artifactType. § Unavailable "
           "Referrers API: the index at the sha256-<hex> tag lists the same descriptors. A wrong "
           "list hides signatures and SBOMs from the clients that look for them, or shows them "
           "ones of another image: recompute it (push the referrer again, or rewrite the tag "
           "with oras or regctl).",
       .needs = kRegistry,
       .catalogue = {.source =
                         "distribution-spec § Listing Referrers (\"the response MUST be an image "
                         "index\"; \"The descriptors MUST include an `artifactType` field that is "
                         "set to the value of the `artifactType` in the image manifest or index, "
                         "if present. If the `artifactType` is empty or missing in the image "
                         "manifest, the value of `artifactType` MUST be set to the config "
                         "descriptor `mediaType` value\"; \"The descriptors MUST include "
                         "annotations from the image manifest or index\"; `OCI-Filters-Applied`); "
                         "§ Unavailable Referrers API (the `<alg>-<ref>` tag holds the same list)",
                     .requirement =
                         "a referrers list (the API's answer, or the index at the fallback tag) is "
                         "an image index, served as one, of manifests whose `subject` is the "
                         "digest asked about, each with its `artifactType`, `size` and "
                         "annotations; with a filter applied, only that `artifactType`",
                     .applies_to = "referrers list → M",
                     .check = "wire + xdoc: the list vs the referrers fetched"}},
      {.id = "REG-006",
       .level = "MUST",
       .severity = Severity::warning,
       .title =
           "The registry answers the requests for the image's manifests and referrers without a "
           "server error",
       .spec = "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/"
               "spec.md#pulling-manifests",
       .help =
           "distribution-spec v1.1 § Pulling manifests: \"If the manifest is not found in the "
           "repository, the response code MUST be 404 Not Found\"; § Listing Referrers and § "
           "Unavailable Referrers API: the list is served by the API or at the <alg>-<ref> tag, "
           "and \"if the tag schema does not return a valid image index, the client SHOULD assume "
           "there are no referrers\". distribution 2.8 answers 500 for GET "
           "/v2/<name>/manifests/<digest> when the digest is a blob that is not a manifest (a "
           "subject or referrer that names a layer or config). A server error on every retry is a "
           "warning, not the end of the run: a manifest is then read from the blobs endpoint and "
           "judged as any content (a blob that is not the manifest its descriptor says is the "
           "content rules' business), and a referrers lookup is taken as listing none. Clients see "
           "the same error: fix the descriptor that names the blob, or ask the registry's operator "
           "about the failing endpoint.",
       .needs = kRegistry,
       .catalogue =
           {.source = "distribution-spec § Pulling manifests (\"If the manifest is not found in "
                      "the repository, the response code MUST be `404 Not Found`\"); § Listing "
                      "Referrers; § Unavailable Referrers API (\"If the response to the referrers "
                      "API is a 404, and the tag schema does not return a valid image index, the "
                      "client SHOULD assume there are no referrers to the manifest\")",
            .requirement = "a manifest a descriptor names (index entry, `subject`, referrer) is "
                           "served or answered 404, and a referrers list (API or fallback tag) is "
                           "served or absent — not a server error on every retry (distribution 2.8 "
                           "answers 500 for a manifest digest that names a plain blob)",
            .applies_to = "M, I, referrers list → registry",
            .check =
                "wire: 5xx after the bounded retries; the manifest is then read from the blobs "
                "endpoint and judged as content, the lookup taken as listing no referrers"}},
  });
  registry.on_registry([](const RegistryView& rv, FindingSink& sink) {
    for (const auto& a : rv.facts->answers) {
      check_content_type(rv, a, sink);
      check_header_digest(rv, a, sink);
      check_whole(rv, a, sink);
    }
    check_missing(rv, sink);
    for (const auto& l : rv.facts->referrers) check_referrers(rv, l, sink);
    check_server_errors(rv, sink);
  });
}

}  // namespace ocv::rules
