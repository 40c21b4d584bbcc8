#pragma once
// Finds what is attached to the images of a content graph, in every shape
// producers write (model/attachments.hpp), and reads the small JSON
// payloads of its layers (statements, signing payloads) through the source.
//
// It works on the graph alone, so it serves every input the graph reads: a
// layout directory, an archive, a stream. A registry source can feed it the
// same way once the referrers API's manifests are documents of the graph
// (distribution-spec: GET /v2/<name>/referrers/<digest> returns an image
// index whose entries are the referrers): each is then found by its own
// `subject`, like an untagged index.json entry.
#include "validator/graph/content_graph.hpp"
#include "validator/model/attachments.hpp"
#include "validator/source/source.hpp"

namespace ocv::graph {

/// Payloads larger than `options.max_document_bytes` are not read (their
/// Payload::unread says so); nesting beyond `options.json_limits` is not
/// parsed. Payloads are held within `budget`, the one the graph's walk
/// held its documents in: those it has no room for are not read either.
engine::AttachmentsView discover_attachments(const ContentGraph& graph,
                                             const source::Source& source,
                                             const GraphOptions& options, DocumentBudget& budget);

/// An upper bound of what discover_attachments() makes of `doc` (its
/// entry in the map of documents, an attachment with its links and
/// payload records, not the payloads' parses, which it holds in the budget
/// when it reads them): charged with the document when the walk admits it,
/// so that the records of every document admitted are within the budget.
std::size_t attachment_record_bytes(const GraphDocument& doc);

}  // namespace ocv::graph
