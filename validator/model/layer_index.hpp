#pragma once
// The member index of one layer: each member's path resolved and what its
// name says as a whiteout (layer.md § Whiteouts), with the lookups the
// checks across members and layers need. Built once per layer blob, after
// the layer pass, and shared by every image that names the blob.
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "validator/model/check_context.hpp"

namespace ocv::engine {

inline constexpr std::string_view kWhiteoutPrefix = ".wh.";
inline constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

/// The last component of a normalized path ("" for the root).
std::string_view basename(std::string_view path);
/// Everything before the last component ("" for a top-level name).
std::string_view dirname(std::string_view path);
/// `dir` + "/" + `name`, or `name` when `dir` is the root.
std::string join(std::string_view dir, std::string_view name);

/// What a member's basename says about it as a whiteout.
enum class Marker {
  none,       // an ordinary name
  whiteout,   // ".wh.<name>": deletes <name> from the lower layers
  opaque,     // ".wh..wh..opq": hides every lower child of its directory
  malformed,  // ".wh.", ".wh.." or ".wh...": names nothing that can exist
};
Marker classify(std::string_view basename);

/// One member of a layer, resolved for the stack.
struct Member {
  std::string_view path;    // normalized, ".." resolved; "" = the root
  std::string_view target;  // whiteout: the path it deletes; opaque: the directory it empties
  Marker marker = Marker::none;
  bool escapes = false;  // ".." climbs above the root: not part of the stack
};

/// The members of one layer with the lookups the checks need. Views point
/// into the layer's facts, which must outlive the index, and into strings
/// the index owns (resolved paths and whiteout targets, which are not
/// substrings of any member path).
class LayerIndex {
 public:
  explicit LayerIndex(const LayerFacts& facts);
  LayerIndex(const LayerIndex&) = delete;
  LayerIndex& operator=(const LayerIndex&) = delete;

  const LayerFacts& facts() const { return facts_; }
  const std::vector<Member>& members() const { return members_; }
  const TarEntry& entry(std::size_t i) const { return facts_.entries[i]; }

  /// Position of the first non-marker member at `path`.
  std::optional<std::size_t> first(std::string_view path) const;
  /// Position of the first whiteout deleting `path`.
  std::optional<std::size_t> first_whiteout(std::string_view path) const;
  /// Position of the first opaque marker in directory `dir`.
  std::optional<std::size_t> opaque(std::string_view dir) const;
  bool has_opaque() const { return !opaque_.empty(); }
  bool has_whiteouts() const { return has_whiteouts_; }
  /// True when a non-marker member lies strictly below `dir` (its
  /// extraction creates `dir`).
  bool has_below(std::string_view dir) const;

 private:
  std::string_view keep(std::string text) { return strings_.emplace_back(std::move(text)); }

  const LayerFacts& facts_;
  std::deque<std::string> strings_;  // a deque: its strings never move
  std::vector<Member> members_;
  std::unordered_map<std::string_view, std::size_t> first_;
  std::unordered_map<std::string_view, std::size_t> whiteouts_;
  std::unordered_map<std::string_view, std::size_t> opaque_;
  // Every directory a member lies below: built on first use, once, though
  // images sharing the layer ask from several threads.
  mutable std::once_flag parents_built_;
  mutable std::unordered_set<std::string_view> parents_;
  bool has_whiteouts_ = false;
};

/// True when the tar stream stops after the last member's data, inside the
/// padding of its last block or right after it, without the end-of-archive
/// blocks: every member is there, only the framing is cut short.
bool ends_after_last_data(const LayerFacts& facts);

/// True when the layer pass read every member of the layer, so that "absent
/// from this layer" means absent.
bool complete(const LayerFacts& facts);

}  // namespace ocv::engine
