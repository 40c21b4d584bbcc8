#pragma once
// What the JSON documents held for the checks across documents may take:
// how many (GraphOptions::max_documents) and how much memory
// (GraphOptions::max_document_memory). The walk of the content graph and
// the discovery of attachment payloads hold documents from the same
// budget, so that the two limits bound the run as a whole.
//
// Memory is what each document takes as held (json::ParsedJson::held_bytes
// and the walk's own record of it), not an estimate from its size. A
// document is admitted whole or not at all; at the first that does not fit
// the budget closes, and no more documents are read: what the walk leaves
// unread does not depend on the order of the sizes after it.
#include <cstddef>

namespace ocv::graph {

/// The default of GraphOptions::max_document_memory, chosen so that a run
/// with the default limits stays within 256 MiB: what the documents hold,
/// one more document of the largest kind being parsed, and what the rest
/// of the run takes (scripts/BENCHMARK.md, "Document memory").
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
