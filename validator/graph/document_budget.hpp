#pragma once
// What the JSON documents held for the checks across documents may take:
// how many (GraphOptions::max_documents) and how much memory
// (GraphOptions::max_document_memory). The walk of the content graph and
// the discovery of attachment payloads hold documents from the same
// budget, so that the two limits bound the run as a whole.
//
// Memory is what each document takes as held (json::ParsedJson::held_bytes
// and the records the graph keeps of it), not an estimate from its size. A
// document is admitted whole or not at all; at the first that does not fit
// the budget closes, and no more documents are read: what the walk leaves
// unread does not depend on the order of the sizes after it.
#include <cstddef>

namespace ocv::graph {

/// The default of GraphOptions::max_document_memory, chosen so that a run
/// with the default limits stays within 256 MiB (scripts/BENCHMARK.md,
/// "Document memory", measured on a 2-core machine at load 3 to 5):
/// - 96 MiB: what the documents hold, the graph's records of them (blob
///   facts, edges, referrers, images, attachments: ContentGraph::held_bytes)
///   and the parse of the one document being read, whose peak
///   (json::parse_peak_bound) must fit what the budget has left;
///   (a document refused before it is parsed was read only when its size
///   fit what was left, and one whose size alone cannot fit is not read);
/// - the rest of the run, about 50 MiB at this budget: 20,000 attested
///   images with --max-documents 1000000 (memory alone) peak at 145.9 MiB
///   with 96 MiB held (80,000 blob files scanned, the findings, the
///   report); 12 configs of 2 M numbers at 98.9 MiB with 52 MiB held.
/// index.json is held first and never refused: alone it is bounded by the
/// limits of one document (1,500,000 members: 191 MiB), and then no other
/// document is read. What the blob scan keeps per file in blobs/ is not
/// part of this budget.
inline constexpr std::size_t kDefaultMaxDocumentMemory = 96u << 20;

class DocumentBudget {
 public:
  enum class Refusal { none, count, memory };

  DocumentBudget(std::size_t max_documents, std::size_t max_bytes)
      : max_documents_(max_documents), max_bytes_(max_bytes) {}

  /// Before reading a document that takes at least `at_least` bytes held:
  /// whether it may fit. Closes the budget when not.
  Refusal may_hold(std::size_t at_least);
  /// Holds a document read that takes `bytes`, one of max_documents when
  /// `counted` (a blob read only to compare with a descriptor's embedded
  /// data is no JSON document, but its bytes are held all the same).
  /// Closes the budget, and holds nothing, when it does not fit.
  Refusal hold(std::size_t bytes, bool counted = true);
  /// Takes the memory of a layout file (index.json, oci-layout), which
  /// nothing can be checked without: always held, never counted as one of
  /// max_documents, and bounded by the limits of one document alone. What
  /// it takes is not left for the others.
  void charge(std::size_t bytes) { bytes_ += bytes; }

  /// Why the budget closed (none while open).
  Refusal closed() const { return closed_; }
  std::size_t documents() const { return documents_; }
  std::size_t bytes() const { return bytes_; }
  std::size_t max_documents() const { return max_documents_; }
  std::size_t max_bytes() const { return max_bytes_; }

 private:
  bool fits(std::size_t bytes) const {
    return bytes_ <= max_bytes_ && bytes <= max_bytes_ - bytes_;
  }
  Refusal refuse(Refusal why) {
    if (closed_ == Refusal::none) closed_ = why;
    return closed_;
  }

  std::size_t max_documents_;
  std::size_t max_bytes_;
  std::size_t documents_ = 0;
  std::size_t bytes_ = 0;
  Refusal closed_ = Refusal::none;
};

}  // namespace ocv::graph
