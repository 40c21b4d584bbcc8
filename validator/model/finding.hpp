#pragma once
// A finding is plain data: which rule, how severe, what was expected and
// what was found, and where. Policy decides what fails a run; reporters
// only render findings.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "validator/model/severity.hpp"

namespace ocv::engine {

/// How a blob was reached: "index.json", "manifests[0] (ref 2.4.48)",
/// "manifest sha256:…", "config sha256:…". Every finding and view of a blob
/// shares one list of steps instead of a copy of it: a layout with 100,000
/// findings held 100,000 copies.
class Chain {
 public:
  using const_iterator = std::vector<std::string>::const_iterator;

  Chain() = default;
  Chain(std::initializer_list<std::string> steps);
  explicit Chain(std::vector<std::string> steps);

  /// Adds a step. The steps are copied first (this chain stops sharing
  /// them), so the chains this one was copied to do not change.
  void push_back(std::string step);
  void clear() { steps_.reset(); }

  bool empty() const { return size() == 0; }
  std::size_t size() const { return steps_ ? steps_->size() : 0; }
  const_iterator begin() const { return steps().begin(); }
  const_iterator end() const { return steps().end(); }
  const std::string& operator[](std::size_t i) const { return steps()[i]; }
  const std::string& front() const { return steps().front(); }
  const std::string& back() const { return steps().back(); }

 private:
  const std::vector<std::string>& steps() const;
  std::shared_ptr<const std::vector<std::string>> steps_;
};

struct Location {
  std::string blob;      // path under the layout: "index.json", "oci-layout", "blobs/sha256/<hex>"
  std::string pointer;   // RFC 6901 JSON pointer inside the blob ("" = whole document)
  std::string member;    // tar member path inside a layer, when relevant
  std::size_t line = 0;  // 1-based line of the JSON value, 0 = unknown
  std::size_t column = 0;  // 1-based column, 0 = unknown
};

struct Finding {
  std::string rule_id;
  Severity severity = Severity::error;
  std::string message;
  Location location;
  /// How the blob was reached: "index.json", "manifests[0] (ref 2.4.48)",
  /// "manifest sha256:…", "config sha256:…". Empty for the layout itself.
  Chain chain;
  /// The image the finding belongs to, for grouping ("2.4.48",
  /// "index.json manifests[1]"); empty for layout-wide findings.
  std::string image;
  /// Non-zero for a finding that is not one itself but counts this many
  /// findings of its rule and severity that were found and not listed (a
  /// bounded list: FindingSink, the member lists of a layer). Counts of
  /// findings (engine::count) add them.
  std::uint64_t unlisted = 0;

  /// How many findings this one stands for: 1, or `unlisted`.
  std::uint64_t weight() const { return unlisted == 0 ? 1 : unlisted; }
};

/// Decides whether a run reports a finding, and may change it (a policy's
/// severity override); false = not reported.
using FindingFilter = std::function<bool(Finding&)>;

/// Orders findings for stable output: image, blob, pointer, rule, message.
bool finding_less(const Finding& a, const Finding& b);

/// Values from the image quoted in messages, names and chains are shortened
/// beyond these many bytes: a 15 MB tag must not be copied into every
/// finding and every report line.
inline constexpr std::size_t kMaxValueBytes = 256;
inline constexpr std::size_t kMaxMessageBytes = 4096;

/// `value` when it has at most `keep` bytes; otherwise its start (cut at a
/// UTF-8 boundary) followed by "…" with its length and the start of its
/// sha256, so that two long values stay distinguishable.
std::string shortened(std::string_view value, std::size_t keep = kMaxValueBytes);

}  // namespace ocv::engine
