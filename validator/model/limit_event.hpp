#pragma once
// Something the walk of the content graph did not do because one of the
// validator's own limits was reached. The core only records what happened;
// a rule (rules/) says under which ID, how severely and in which words it
// is reported (Registry::on_limit).
#include <string>

#include "validator/model/check_context.hpp"

namespace ocv::engine {

struct LimitEvent {
  enum class Kind {
    document_too_large_for_registries,  // read and checked, but registries refuse it
    document_not_parsed,                // too large, too deep or too many values: not read
    index_too_deep,                     // a nested index whose entries are not followed
    too_many_documents,  // the walk holds GraphOptions::max_documents: the first not read
  };
  /// What else the limit left unreached: the blobs the document names
  /// (which are then never called unreferenced), or, for index.json, every
  /// image of the layout.
  enum class Unreached { nothing, referenced_blobs, every_image };
  Kind kind;
  Site site;
  std::string detail;  // what was not done and why, e.g. "index nested 9 levels deep; ..."
  Unreached unreached = Unreached::nothing;
};

}  // namespace ocv::engine
