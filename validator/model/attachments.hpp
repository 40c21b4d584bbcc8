#pragma once
// What is attached to the images of a layout (signatures, attestations,
// SBOMs, other OCI 1.1 referrers), as the discovery over the content graph
// found it (graph/attachment_discovery.hpp), for the referrer rules and the
// reports. Facts only: which claim links an attachment to which
// subject, and the JSON payloads read from its layers; the rules judge.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "validator/json/strict_json.hpp"
#include "validator/model/check_context.hpp"

namespace ocv::engine {

/// How an attachment names what it is attached to.
enum class LinkVia {
  subject,                // the manifest's own `subject` (OCI 1.1)
  containerd_annotation,  // io.containerd.manifest.subject on its index.json entry
  cosign_tag,             // its tag sha256-<hex>.sig/.att/.sbom
  cosign_save,            // `cosign save`: kind=…/sigs|atts beside kind=…/image
  buildkit_reference,     // vnd.docker.reference.digest on its index entry
};
std::string_view to_string(LinkVia via);

/// One claim that an attachment belongs to a subject.
struct Link {
  LinkVia via = LinkVia::subject;
  std::string digest;                     // the digest claimed ("" when the claim names none)
  const Site* site = nullptr;             // where the claim is written
  const DescriptorView* entry = nullptr;  // the index entry carrying it (null for subject)
  std::string pointer;                    // JSON pointer of the claim in `site`
  const DocumentView* target = nullptr;   // the subject as parsed, when in the layout
  bool present = false;                   // the layout has a blob at that digest
  /// For a BuildKit reference: the claimed digest is an entry of the same
  /// index (attestation-storage.md requires a sibling).
  bool sibling = false;
};

/// A JSON payload of an attachment's layer: an in-toto statement, a cosign
/// simple-signing payload, a DSSE envelope (whose statement is `inner`).
struct Payload : Site {
  const DescriptorView* layer = nullptr;
  std::unique_ptr<json::ParsedJson> parsed;  // null when not read
  std::string unread;                        // why not, when not read ("" = read)
  /// The validator's limit that kept it unread, if one did: reported with
  /// the payload; other reasons are reported where the blob is checked.
  enum class Limit { none, document_size, document_count, document_memory };
  Limit limit = Limit::none;
  /// A DSSE envelope's decoded statement (its own Site: the envelope blob).
  std::unique_ptr<json::ParsedJson> inner;
};

struct Attachment {
  std::string_view kind;                   // attachment_kind(): "cosign signature", ...
  const DocumentView* manifest = nullptr;  // the attached manifest (parsed)
  const DescriptorView* entry = nullptr;   // the index entry naming it, if any
  std::string artifact_type;               // artifactType, or config.mediaType
  std::vector<Link> links;
  std::vector<Payload> payloads;  // JSON layers, in layer order
};

/// An OCI 1.1 referrers fallback tag (`sha256-<hex>`) naming an index that
/// lists the referrers of <hex> (distribution-spec § Referrers Tag Schema).
struct FallbackIndex {
  std::string subject;                    // "sha256:<hex>" from the tag
  const DescriptorView* entry = nullptr;  // the tagged index.json entry
  const DocumentView* index = nullptr;    // the index, when parsed
};

struct AttachmentsView {
  std::vector<Attachment> attachments;
  std::vector<FallbackIndex> fallback_indexes;
  /// Every index whose entries are platform images and BuildKit
  /// attestations (for an opt-in referrer rule).
  std::vector<const DocumentView*> indexes_with_attestations;
};

}  // namespace ocv::engine
