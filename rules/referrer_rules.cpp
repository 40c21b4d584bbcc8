// REF-*: what is attached to an image — OCI 1.1 referrers, cosign's tags,
// notation signatures, BuildKit attestations — and whether each link holds.
// This file checks the links (subject, index annotations, tags, the
// referrers fallback tag index); rules/referrer_payloads.cpp checks what the
// attachments carry (statements, signing payloads, envelopes). No signature
// is verified: that is cosign's and notation's job; these rules check that
// those tools will find what they should.
#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/json_access.hpp"
#include "rules/referrer_payloads.hpp"
#include "validator/model/attachment_kind.hpp"

namespace ocv::rules {
namespace {

using engine::Attachment;
using engine::AttachmentsView;
using engine::FindingSink;
using engine::Link;
using engine::LinkVia;
using engine::Severity;

// REF-001: what an attachment names as its subject is in the layout.
// BuildKit's reference is REF-010's (it must be a sibling, not anywhere).
void check_subject_present(const Attachment& a, FindingSink& sink) {
  for (const auto& link : a.links) {
    if (link.present || link.via == LinkVia::buildkit_reference) continue;
    if (link.via == LinkVia::cosign_save && link.digest.empty()) {
      sink.report("REF-001", *link.site, link.pointer,
                  fmt::format("{} is saved by cosign beside no image: index.json has no entry of "
                              "kind {} or {}, so what it signs is not in the layout",
                              attachment_label(a), engine::attach::kCosignKindImage,
                              engine::attach::kCosignKindImageIndex));
      continue;
    }
    sink.report(
        "REF-001", *link.site, link.pointer,
        fmt::format("{} is attached by its {} to {}, which is not in the layout; it may "
                    "live elsewhere (a registry), but here the link cannot be checked",
                    attachment_label(a), engine::to_string(link.via), quoted_brief(link.digest)));
  }
}

// REF-003: every claim about one attachment names the same subject.
void check_links_agree(const Attachment& a, FindingSink& sink) {
  const Link* own = nullptr;
  for (const auto& link : a.links)
    if (link.via == LinkVia::subject) own = &link;
  const Link* first = own != nullptr ? own : (a.links.empty() ? nullptr : &a.links.front());
  if (first == nullptr) return;
  for (const auto& link : a.links) {
    if (&link == first || link.digest.empty() || link.digest == first->digest) continue;
    sink.report(
        "REF-003", *link.site, link.pointer,
        fmt::format("{} is attached to {} by its {}, but its {} names {}: tools that "
                    "follow one link find another image than tools that follow the other",
                    attachment_label(a), quoted_brief(link.digest), engine::to_string(link.via),
                    engine::to_string(first->via), quoted_brief(first->digest)));
  }
}

std::string_view subject_of(const engine::DocumentView& doc) {
  const auto* root = doc.root();
  if (root == nullptr || !root->IsObject()) return {};
  const auto* subject = member(*root, "subject");
  return subject != nullptr ? string_or_empty(*subject, "digest") : std::string_view();
}

// REF-004, REF-005: a referrers fallback tag index (distribution-spec §
// Referrers Tag Schema) lists exactly the referrers of its digest.
void check_fallback_index(const engine::FallbackIndex& f, const AttachmentsView& view,
                          FindingSink& sink) {
  if (f.index == nullptr) return;  // missing: LYT-009; not an index: MT-003
  const auto* root = f.index->root();
  const auto* manifests = root != nullptr ? member(*root, "manifests") : nullptr;
  if (manifests == nullptr || !manifests->IsArray()) return;  // IDX-*
  std::set<std::string, std::less<>> listed;
  for (rapidjson::SizeType i = 0; i < manifests->Size(); ++i) {
    const auto digest = string_or_empty((*manifests)[i], "digest");
    listed.emplace(digest);
    const auto pointer = json::pointer_append(json::pointer_append("/manifests", i), "digest");
    const auto it = std::find_if(view.attachments.begin(), view.attachments.end(),
                                 [&](const Attachment& a) { return a.manifest->digest == digest; });
    const engine::DocumentView* referrer = it != view.attachments.end() ? it->manifest : nullptr;
    if (referrer == nullptr) {
      sink.report("REF-005", *f.index, pointer,
                  fmt::format("the referrers fallback index for {} lists {}, which is not a "
                              "referrer in the layout (absent, or without a subject)",
                              f.subject, quoted_brief(digest)));
      continue;
    }
    if (const auto subject = subject_of(*referrer); subject != f.subject)
      sink.report("REF-004", *f.index, pointer,
                  fmt::format("the referrers fallback index for {} lists {}, whose subject is {}",
                              f.subject, quoted_brief(digest),
                              subject.empty() ? std::string("absent") : quoted_brief(subject)));
  }
  for (const auto& a : view.attachments) {
    if (subject_of(*a.manifest) != f.subject || listed.contains(a.manifest->digest)) continue;
    sink.report("REF-005", *f.index, "/manifests",
                fmt::format("{} in the layout has subject {}, but the referrers fallback index "
                            "tagged for it does not list it",
                            attachment_label(a), f.subject));
  }
}

// REF-050 (opt-in): platform-naive consumers pick attestation entries.
void check_naive_platforms(const AttachmentsView& view, FindingSink& sink) {
  for (const auto* index : view.indexes_with_attestations)
    sink.report("REF-050", *index, "/manifests",
                "this index lists BuildKit attestation manifests (platform unknown/unknown) "
                "beside its images; consumers that do not select by platform may pull or run "
                "them (docker/buildx#1533)");
}

}  // namespace

void register_referrer_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "REF-001",
       .level = "MAY",
       .severity = Severity::warning,
       .title = "What an attachment names as its subject is in the layout",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "A referrer (a manifest with subject: oras, notation, cosign in OCI 1.1 mode), a cosign "
           "tag sha256-<hex>.sig/.att/.sbom, a `cosign save` signature or a containerd "
           "io.containerd.manifest.subject entry names an image this layout does not hold. subject "
           "is a weak association, so it may live elsewhere (a registry): copy the subject with "
           "its referrers (oras copy -r, cosign save, skopeo with the signatures) if the link "
           "should be checkable.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "manifest.md `subject` (\"weak association\"); image-layout.md § "
                               "Blobs (\"MAY be missing referenced blobs\")",
                     .requirement =
                         "what an attachment names as its subject (its `subject`, containerd "
                         "annotation, cosign tag or `cosign save` image) is in the layout",
                     .applies_to = "M/I with a link",
                     .check = "xdoc (sev: warning, not note: the subject may live elsewhere, but a "
                              "referrer whose subject is absent cannot be checked and is usually a "
                              "copy that lost its image)"}},
      {.id = "REF-002",
       .level = "MUST",
       .severity = Severity::error,
       .title =
           "A subject descriptor describes the subject in the layout (digest, size, media type)",
       .spec = "descriptor.md#properties",
       .help =
           "Reported as DESC-006 (size), DIG-007 (content) and MT-003 (a manifest typed as an "
           "index or the reverse) at the subject descriptor: write subject as the descriptor of "
           "the very manifest it names.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "descriptor.md § Properties (`mediaType`, `digest`, `size` of the "
                               "referenced content)",
                     .requirement = "a subject descriptor present in the layout describes it",
                     .applies_to = "M/I.subject",
                     .check = "= DESC-006 (size), DIG-007 (content), MT-003 (kind) at the subject "
                              "descriptor (report once)"}},
      {.id = "REF-003",
       .level = "MUST (derived)",
       .severity = Severity::error,
       .title = "Every link of one attachment names the same subject",
       .spec = "manifest.md#image-manifest-property-descriptions",
       .help =
           "An attachment linked twice (its own subject and containerd's "
           "io.containerd.manifest.subject entry annotation, a cosign tag, `cosign save`'s kind, "
           "BuildKit's vnd.docker.reference.digest) names two different subjects: tools that "
           "follow one link find another image than tools that follow the other. Make both name "
           "the manifest the attachment describes.",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "manifest.md `subject` + the producers' links (containerd "
                               "annotation, cosign tag, `cosign save` kind, BuildKit reference)",
                     .requirement = "every link of one attachment names the same subject",
                     .applies_to = "M + I.manifests[]",
                     .check = "xdoc"}},
      {.id = "REF-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A referrers fallback index lists only referrers of its tag's digest",
       .spec = "https://github.com/opencontainers/distribution-spec/blob/main/"
               "spec.md#referrers-tag-schema",
       .help =
           "The index tagged sha256-<hex> (written by oras, notation and cosign for registries "
           "without the referrers API) lists a manifest whose subject is another image: clients "
           "would show it as a referrer of <hex>. Remove the entry, or fix the referrer's subject.",
       .scope = engine::kScopeAttachments,
       .catalogue =
           {.source = "distribution-spec § Referrers Tag Schema (the fallback index lists the "
                      "referrers of `<alg>-<ref>`)",
            .requirement =
                "a fallback tag index lists only manifests whose `subject` is the tag's digest",
            .applies_to = "I (tagged `sha256-<hex>`)",
            .check = "xdoc"}},
      {.id = "REF-005",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "A referrers fallback index and the referrers in the layout agree",
       .spec = "https://github.com/opencontainers/distribution-spec/blob/main/"
               "spec.md#referrers-tag-schema",
       .help =
           "The fallback tag index is maintained by clients and goes stale: it lists a referrer "
           "the layout does not hold, or a referrer of its digest in the layout is missing from "
           "it. Rewrite the index from the referrers present (oras, notation and cosign rewrite it "
           "when they push a referrer).",
       .scope = engine::kScopeAttachments,
       .catalogue = {.source = "distribution-spec § Referrers Tag Schema (clients update the index "
                               "when they push a referrer)",
                     .requirement = "the fallback tag index lists every referrer of its digest in "
                                    "the layout and nothing absent",
                     .applies_to = "I (tagged `sha256-<hex>`)",
                     .check = "xdoc (stale lists are routine: warning)"}},
      {.id = "REF-050",
       .level = "POLICY",
       .severity = Severity::warning,
       .title = "Attestation entries are not picked by platform-naive consumers",
       .spec = "https://github.com/docker/buildx/issues/1533",
       .help =
           "Opt-in (--enable REF-050): BuildKit adds attestation manifests (platform "
           "unknown/unknown) to the image index; runtimes and tools that take the first entry or "
           "ignore platforms pull or run them. Build with --provenance=false --sbom=false, or "
           "strip them, for such consumers.",
       .opt_in = true,
       .scope = engine::kScopeAttachments,
       .catalogue =
           {.source =
                "docker/buildx#1533 (`unknown/unknown` entries break platform-naive consumers)",
            .requirement = "an index carries no BuildKit attestation entries that platform-naive "
                           "consumers would pick",
            .applies_to = "I",
            .check = "doc (off unless `--enable REF-050`)",
            .level = "POLICY (opt-in)"}},
  });
  registry.reported_as("REF-002", "DESC-006, DIG-007, MT-003");
  registry.on_attachments([](const AttachmentsView& view, FindingSink& sink) {
    for (const auto& a : view.attachments) {
      check_subject_present(a, sink);
      check_links_agree(a, sink);
    }
    for (const auto& f : view.fallback_indexes) check_fallback_index(f, view, sink);
    if (sink.wants("REF-050")) check_naive_platforms(view, sink);
  });
  register_referrer_payload_rules(registry);
}

}  // namespace ocv::rules
