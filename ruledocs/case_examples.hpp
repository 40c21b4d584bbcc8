#pragma once
// The conformance corpus as the rule pages show it: every case about a rule,
// written as in corpus/cases/*.json, and which base images the corpus shows
// passing, so that a page can say what undoing a case's changes gives.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ocv::ruledocs {

struct CaseExample {
  std::string name;    // "DIG-007/layer-byte-flipped"
  std::string origin;  // "corpus/cases/digest.json"
  std::string about;
  std::string base;                 // image, multi-platform, artifact
  std::vector<std::string> expect;  // rule IDs ocivalidate reports, sorted
  int exit_code = 0;
  std::string json;  // the case object, two-space indented
};

struct CorpusExamples {
  /// The cases whose "rule" is the key, in corpus order.
  std::map<std::string, std::vector<CaseExample>, std::less<>> by_rule;
  /// Bases with a case "valid/<base>" that reports nothing and exits 0.
  std::set<std::string, std::less<>> valid_bases;
};

/// The embedded corpus, read once.
const CorpusExamples& corpus_examples();

}  // namespace ocv::ruledocs
