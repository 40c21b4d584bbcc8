#include "validator/graph/document_budget.hpp"

namespace ocv::graph {

DocumentBudget::Refusal DocumentBudget::may_hold(std::size_t at_least) {
  if (closed_ != Refusal::none) return closed_;
  if (documents_ >= max_documents_) return refuse(Refusal::count);
  if (!fits(at_least)) return refuse(Refusal::memory);
  return Refusal::none;
}

DocumentBudget::Refusal DocumentBudget::hold(std::size_t bytes, bool counted) {
  if (closed_ != Refusal::none) return closed_;
  if (counted && documents_ >= max_documents_) return refuse(Refusal::count);
  if (!fits(bytes)) return refuse(Refusal::memory);
  bytes_ += bytes;
  if (counted) ++documents_;
  return Refusal::none;
}

}  // namespace ocv::graph
