#include "validator/graph/attachment_discovery.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/encoding/base64.hpp"
#include "validator/graph/heap_bytes.hpp"
#include "validator/json/parse_cost.hpp"
#include "validator/model/attachment_kind.hpp"

namespace ocv::graph {
namespace {

using engine::Attachment;
using engine::AttachmentsView;
using engine::DescriptorRole;
using engine::DescriptorView;
using engine::DocKind;
using engine::DocumentView;
using engine::Link;
using engine::LinkVia;
using engine::Payload;
namespace attach = engine::attach;

std::string blob_path(std::string_view digest) {
  const auto parsed = digest::parse(digest);
  return parsed ? parsed->path() : std::string();
}

std::string_view string_of(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return {};
  const auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string_view(it->value.GetString(), it->value.GetStringLength())
             : std::string_view();
}

/// The layers whose JSON the referrer rules read.
bool is_json_payload(std::string_view media_type) {
  return media_type == attach::kCosignSimpleSigning || media_type == attach::kInToto ||
         media_type == attach::kDsseEnvelope;
}

std::string annotation_pointer(const DescriptorView& d, std::string_view key) {
  return json::pointer_append(d.member_pointer("annotations"), key);
}

// By the path each document holds (documents never move).
using DocumentsByPath = std::unordered_map<std::string_view, const GraphDocument*>;
// Each attachment's place in AttachmentsView::attachments, by its manifest.
using Slots = std::unordered_map<const GraphDocument*, std::size_t>;

// The longest reason a payload is not read (over_budget(), with two
// 20-digit numbers: 135 characters).
constexpr std::size_t kMaxUnreadReason = 160;
// The longest annotation key a link's pointer names
// ("org.opencontainers.image.ref.name").
constexpr std::size_t kMaxClaimKey = 40;

class Discovery {
 public:
  Discovery(const ContentGraph& graph, const source::Source& source, const GraphOptions& options,
            DocumentBudget& budget)
      : graph_(graph), source_(source), options_(options), budget_(budget) {
    for (const auto& doc : graph.documents())
      if (doc.view.kind == DocKind::manifest || doc.view.kind == DocKind::index)
        by_path_.emplace(doc.view.blob, &doc);
  }

  AttachmentsView run() {
    for (const auto& doc : graph_.documents()) add_subject(doc);
    for (const auto& doc : graph_.documents())
      if (doc.view.kind == DocKind::index) add_entries(doc);
    for (std::size_t i = 0; i < out_.attachments.size(); ++i)
      read_payloads(out_.attachments[i], *docs_[i]);
    return std::move(out_);
  }

 private:
  const GraphDocument* document_at(std::string_view digest) const {
    const auto it = by_path_.find(blob_path(digest));
    return it == by_path_.end() ? nullptr : it->second;
  }
  /// Whether the layout has a blob at `digest`.
  bool present(std::string_view digest) const {
    if (const auto* blob = graph_.blob_at(blob_path(digest)))
      return blob->type != engine::FileType::missing;
    // Past --max-blob-files the scan did not list every file: ask the source.
    const auto parsed = digest::parse(digest);
    return graph_.unlisted_blobs() != 0 && parsed &&
           source_.blob_entry(parsed->algorithm, parsed->encoded).type != engine::FileType::missing;
  }
  const DocumentView* view_at(std::string_view digest) const {
    const auto* doc = document_at(digest);
    return doc != nullptr ? &doc->view : nullptr;
  }

  Attachment& attachment_for(const GraphDocument& doc, const DescriptorView* entry) {
    if (const auto it = slot_.find(&doc); it != slot_.end()) {
      auto& a = out_.attachments[it->second];
      if (a.entry == nullptr) a.entry = entry;
      return a;
    }
    slot_.emplace(&doc, out_.attachments.size());
    docs_.push_back(&doc);
    auto& a = out_.attachments.emplace_back();
    a.manifest = &doc.view;
    a.entry = entry;
    a.kind = doc.view.attachment.empty() ? engine::kReferrerArtifact : doc.view.attachment;
    if (const auto* root = doc.view.root(); root != nullptr && root->IsObject()) {
      a.artifact_type = std::string(string_of(*root, "artifactType"));
      if (a.artifact_type.empty()) {
        const auto config = root->FindMember("config");
        if (config != root->MemberEnd())
          a.artifact_type = std::string(string_of(config->value, "mediaType"));
      }
    }
    return a;
  }

  // OCI 1.1: a manifest or index with a subject, wherever the walk found it.
  void add_subject(const GraphDocument& doc) {
    if (doc.view.is_layout_index) return;
    if (doc.view.kind != DocKind::manifest && doc.view.kind != DocKind::index) return;
    const auto* root = doc.view.root();
    if (root == nullptr || !root->IsObject()) return;
    const auto subject = root->FindMember("subject");
    // A subject that is no object is the manifest and index rules' to report.
    if (subject == root->MemberEnd() || !subject->value.IsObject()) return;
    Link link;
    link.via = LinkVia::subject;
    link.digest = std::string(string_of(subject->value, "digest"));
    link.site = &doc.view;
    link.pointer = "/subject/digest";
    link.target = view_at(link.digest);
    link.present = present(link.digest);
    attachment_for(doc, nullptr).links.push_back(std::move(link));
  }

  // The conventions written on index entries: containerd's subject
  // annotation, BuildKit's reference, cosign's tags and `cosign save`'s
  // kinds, and the referrers fallback tag.
  void add_entries(const GraphDocument& index) {
    std::string cosign_image;  // `cosign save`: the digest of the signed image
    for (const auto& d : index.descriptors) {
      const auto kind = engine::annotation(*d.value, attach::kCosignKindAnnotation);
      if (d.role == DescriptorRole::index_entry &&
          (kind == attach::kCosignKindImage || kind == attach::kCosignKindImageIndex))
        cosign_image = std::string(d.digest());
    }
    // How many entries name each digest: a BuildKit attestation's link
    // holds when another entry names its image. Counted once per index, so
    // that an index of n entries costs n, not n per attestation.
    std::unordered_map<std::string_view, std::size_t> entries_naming;
    for (const auto& d : index.descriptors)
      if (d.role == DescriptorRole::index_entry) ++entries_naming[d.digest()];
    bool has_attestation = false;
    for (const auto& d : index.descriptors) {
      if (d.role != DescriptorRole::index_entry) continue;
      const auto* target = document_at(d.digest());
      if (const auto ref = d.ref_name(); ref && index.view.is_layout_index) {
        const auto tag = engine::parse_attachment_tag(*ref);
        if (tag && tag->kind.empty() && (target == nullptr || target->view.kind == DocKind::index))
          out_.fallback_indexes.push_back(
              {tag->digest, &d, target != nullptr ? &target->view : nullptr});
        else if (tag && target != nullptr)
          add_link(*target, d, LinkVia::cosign_tag, tag->digest,
                   d.member_pointer("annotations") + "/org.opencontainers.image.ref.name");
      }
      if (target == nullptr || target->view.kind != DocKind::manifest) continue;
      if (const auto subject = engine::annotation(*d.value, attach::kContainerdSubject))
        add_link(*target, d, LinkVia::containerd_annotation, *subject,
                 annotation_pointer(d, attach::kContainerdSubject));
      if (engine::annotation(*d.value, attach::kReferenceType) == attach::kAttestationManifest) {
        has_attestation = true;
        const auto reference = engine::annotation(*d.value, attach::kReferenceDigest).value_or("");
        auto& link = add_link(*target, d, LinkVia::buildkit_reference, reference,
                              annotation_pointer(d, attach::kReferenceDigest));
        if (const auto it = entries_naming.find(reference);
            !reference.empty() && it != entries_naming.end())
          link.sibling = it->second > (d.digest() == reference ? 1u : 0u);
      }
      const auto kind = engine::annotation(*d.value, attach::kCosignKindAnnotation);
      if (kind == attach::kCosignKindSigs || kind == attach::kCosignKindAtts)
        add_link(*target, d, LinkVia::cosign_save, cosign_image,
                 annotation_pointer(d, attach::kCosignKindAnnotation));
    }
    if (has_attestation) out_.indexes_with_attestations.push_back(&index.view);
  }

  Link& add_link(const GraphDocument& target, const DescriptorView& entry, LinkVia via,
                 std::string_view digest, std::string pointer) {
    auto& a = attachment_for(target, &entry);
    Link link;
    link.via = via;
    link.digest = std::string(digest);
    link.site = entry.parent;
    link.entry = &entry;
    link.pointer = std::move(pointer);
    link.target = view_at(digest);
    link.present = present(digest);
    a.links.push_back(std::move(link));
    return a.links.back();
  }

  void read_payloads(Attachment& a, const GraphDocument& doc) {
    for (const auto& d : doc.descriptors) {
      if (d.role != DescriptorRole::layer || !is_json_payload(d.media_type())) continue;
      auto& p = a.payloads.emplace_back();
      p.layer = &d;
      p.blob = blob_path(d.digest());
      p.chain = doc.view.chain;
      p.chain.push_back(d.label());
      p.image = doc.view.image;
      read(p);
    }
  }

  void read(Payload& p) {
    const auto parsed = digest::parse(p.layer->digest());
    if (!parsed) {
      p.unread = "its digest is not valid";  // reported as a descriptor's digest
      return;
    }
    // Payloads are held like the graph's documents, within the same budget.
    if (budget_.may_hold(0) != DocumentBudget::Refusal::none) {
      over_budget(p);
      return;
    }
    const auto cap = options_.max_document_bytes;
    auto r = source_.read_blob(parsed->algorithm, parsed->encoded, cap);
    if (r.status != source::ReadResult::Status::ok) {
      p.unread = "it is not in the layout";  // reported as a missing or unreadable blob
      return;
    }
    if (r.truncated) {
      p.unread = fmt::format("it is larger than the {}-byte document limit", cap);
      p.limit = Payload::Limit::document_size;
      return;
    }
    // Its parse must fit what the budget has left (parse_peak_bound).
    const auto max_values = options_.json_limits.max_values;
    if (budget_.may_hold(json::parse_peak_bound(r.bytes, max_values)) !=
        DocumentBudget::Refusal::none) {
      over_budget(p);
      return;
    }
    p.parsed = json::parse_strict(std::move(r.bytes), options_.json_limits);
    p.json = p.parsed.get();
    if (p.layer->media_type() == attach::kDsseEnvelope && p.parsed->ok()) {
      // DSSE (secure-systems-lab/dsse envelope.md): the statement is the
      // base64 `payload` of the envelope, parsed beside it.
      const auto payload = string_of(p.parsed->dom, "payload");
      if (auto bytes = encoding::decode_base64(payload); bytes && !payload.empty()) {
        if (budget_.may_hold(p.parsed->held_bytes() + json::parse_peak_bound(*bytes, max_values)) !=
            DocumentBudget::Refusal::none) {
          p.parsed.reset();
          p.json = nullptr;
          over_budget(p);
          return;
        }
        p.inner = json::parse_strict(std::move(*bytes), options_.json_limits);
      }
    }
    // Held whole (the envelope with its statement) or not at all.
    const auto bytes = p.parsed->held_bytes() + (p.inner ? p.inner->held_bytes() : 0);
    if (budget_.hold(bytes) != DocumentBudget::Refusal::none) {
      p.parsed.reset();
      p.inner.reset();
      p.json = nullptr;
      over_budget(p);
    }
  }

  /// Why a payload was not read when the budget is spent.
  void over_budget(Payload& p) const {
    if (budget_.closed() == DocumentBudget::Refusal::memory) {
      p.unread = fmt::format(
          "the JSON documents held take {} of the {} bytes the validator allows "
          "(--max-document-memory), with no room for it",
          budget_.bytes(), budget_.max_bytes());
      p.limit = Payload::Limit::document_memory;
    } else {
      p.unread = fmt::format("the run holds {} JSON documents already, the limit (--max-documents)",
                             budget_.max_documents());
      p.limit = Payload::Limit::document_count;
    }
  }

  const ContentGraph& graph_;
  const source::Source& source_;
  const GraphOptions& options_;
  DocumentsByPath by_path_;
  Slots slot_;
  std::vector<const GraphDocument*> docs_;
  DocumentBudget& budget_;  // the graph's: documents and payloads held
  AttachmentsView out_;
};

}  // namespace

std::size_t attachment_record_bytes(const GraphDocument& doc) {
  const auto kind = doc.view.kind;
  if (kind != DocKind::manifest && kind != DocKind::index) return 0;
  // Its entry in the map by path and in the slots, and an attachment with
  // its artifact type and a link to its subject.
  std::size_t n = map_entry_bytes<DocumentsByPath>() + map_entry_bytes<Slots>() + sizeof(void*) +
                  sizeof(Attachment) + sizeof(Link);
  if (const auto* root = doc.view.root(); root != nullptr && root->IsObject()) {
    n += heap_bytes(string_of(*root, "artifactType").size() + 1);
    if (const auto config = root->FindMember("config"); config != root->MemberEnd())
      n += heap_bytes(string_of(config->value, "mediaType").size() + 1);
    if (const auto subject = root->FindMember("subject");
        subject != root->MemberEnd() && subject->value.IsObject())
      n += heap_bytes(string_of(subject->value, "digest").size() + 1);
  }
  std::size_t longest_digest = 0;
  for (const auto& d : doc.descriptors)
    longest_digest = std::max(longest_digest, d.digest().size());
  for (const auto& d : doc.descriptors) {
    if (d.role == DescriptorRole::layer && is_json_payload(d.media_type())) {
      // A payload record: its blob path, its chain (the manifest's and a
      // label), its image, and why it was not read.
      n += sizeof(Payload) + heap_bytes(d.digest().size() + sizeof("blobs//")) +
           chain_bytes(doc.view.chain, 1) + string_bytes(doc.view.image) +
           heap_bytes(kMaxUnreadReason + 1);
      continue;
    }
    if (d.role != DescriptorRole::index_entry) continue;
    // The links an entry carries (add_entries(): its tag, a containerd
    // subject, a BuildKit reference, a cosign kind), each with the digest
    // it claims and where; a fallback index; its count in entries_naming.
    std::size_t links = 0;
    std::size_t claimed = 0;  // the digests the links claim
    const auto claim = [&](std::size_t digest_size) {
      ++links;
      claimed += heap_bytes(digest_size + 1);
    };
    if (const auto ref = d.ref_name(); ref && doc.view.is_layout_index) {
      if (const auto tag = engine::parse_attachment_tag(*ref); tag && tag->kind.empty())
        n += sizeof(engine::FallbackIndex) + heap_bytes(tag->digest.size() + 1);
      else if (tag)
        claim(tag->digest.size());
    }
    if (const auto subject = engine::annotation(*d.value, attach::kContainerdSubject))
      claim(subject->size());
    if (engine::annotation(*d.value, attach::kReferenceType) == attach::kAttestationManifest)
      claim(engine::annotation(*d.value, attach::kReferenceDigest).value_or("").size());
    const auto cosign = engine::annotation(*d.value, attach::kCosignKindAnnotation);
    if (cosign == attach::kCosignKindSigs || cosign == attach::kCosignKindAtts)
      claim(longest_digest);  // the signed image entry's digest
    const auto pointer = d.member_pointer("annotations").size() + 1 + kMaxClaimKey;
    n += links * (sizeof(Link) + heap_bytes(pointer + 1)) + claimed +
         map_entry_bytes<std::unordered_map<std::string_view, std::size_t>>();
  }
  return n;
}

engine::AttachmentsView discover_attachments(const ContentGraph& graph,
                                             const source::Source& source,
                                             const GraphOptions& options, DocumentBudget& budget) {
  return Discovery(graph, source, options, budget).run();
}

}  // namespace ocv::graph
