#pragma once
// Tar member paths of layers, whiteout names, and the layer stack: what the
// LAY-* and WHT-* checks share. The stack is simulated from the compact
// entry lists of the layer pass (paths and types, never contents), so that
// checks can ask what a lower layer left at a path without extracting
// anything.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "validator/model/check_context.hpp"
#include "validator/model/severity.hpp"

namespace ocv::rules::layer_paths {

inline constexpr std::string_view kWhiteoutPrefix = ".wh.";
inline constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

/// The last component of a normalized path ("" for the root).
std::string_view basename(std::string_view path);
/// Everything before the last component ("" for a top-level name).
std::string_view dirname(std::string_view path);
/// `dir` + "/" + `name`, or `name` when `dir` is the root.
std::string join(std::string_view dir, std::string_view name);
/// A path for messages: the root shows as ".".
std::string_view shown(std::string_view path);

/// "sha256:<hex>" of a layer blob, for messages.
std::string layer_digest(const engine::BlobFacts& blob);
/// Where a finding about `image.layers[i]` is anchored: the layer blob,
/// reached through the image's manifest.
engine::Site layer_site(const engine::ImageView& image, std::size_t i);

/// Entry-level findings of one layer. A broken layer can have a finding per
/// member for hundreds of thousands of members, so each rule lists the first
/// kMaxListed members and finish() adds one finding with the count of the
/// rest.
class MemberReports {
 public:
  static constexpr std::size_t kMaxListed = 100;

  MemberReports(engine::FindingSink& sink, const engine::Site& site, std::string digest)
      : sink_(sink), site_(site), digest_(std::move(digest)) {}

  const std::string& digest() const { return digest_; }
  void add(std::string_view rule, const engine::TarEntry& entry, std::string message,
           std::optional<engine::Severity> severity = std::nullopt) {
    add(rule, entry.path, std::move(message), severity);
  }
  void add(std::string_view rule, const std::string& member, std::string message,
           std::optional<engine::Severity> severity = std::nullopt);
  /// Counts `n` more members that break `rule` without listing them.
  void add_unlisted(std::string_view rule, std::uint64_t n);
  void finish();

 private:
  struct Count {
    std::size_t listed = 0;
    std::uint64_t more = 0;
    std::optional<engine::Severity> severity;  // the most severe one not listed
  };
  engine::FindingSink& sink_;
  const engine::Site& site_;
  std::string digest_;
  std::map<std::string_view, Count> counts_;
};

/// "regular file", "directory", ... for a tar typeflag.
std::string_view type_name(char type);

/// What a member's basename says about it as a whiteout.
enum class Marker {
  none,       // an ordinary name
  whiteout,   // ".wh.<name>": deletes <name> from the lower layers
  opaque,     // ".wh..wh..opq": hides every lower child of its directory
  malformed,  // ".wh.", ".wh.." or ".wh...": names nothing that can exist
};
Marker classify(std::string_view basename);

/// Owns strings that views into the stack refer to (resolved paths and
/// whiteout targets, which are not substrings of any member path).
class Arena {
 public:
  std::string_view keep(std::string text) { return strings_.emplace_back(std::move(text)); }

 private:
  std::deque<std::string> strings_;
};

/// One member of a layer, resolved for the stack.
struct Member {
  std::string_view path;    // normalized, ".." resolved; "" = the root
  std::string_view target;  // whiteout: the path it deletes; opaque: the directory it empties
  Marker marker = Marker::none;
  bool escapes = false;  // ".." climbs above the root: not part of the stack
};

/// The members of one layer with the lookups the checks need. Views point
/// into the layer's facts and into `arena`, which must outlive the index.
class LayerIndex {
 public:
  LayerIndex(const engine::LayerFacts& facts, Arena& arena);

  const engine::LayerFacts& facts() const { return facts_; }
  const std::vector<Member>& members() const { return members_; }
  const engine::TarEntry& entry(std::size_t i) const { return facts_.entries[i]; }

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
  const engine::LayerFacts& facts_;
  std::vector<Member> members_;
  std::unordered_map<std::string_view, std::size_t> first_;
  std::unordered_map<std::string_view, std::size_t> whiteouts_;
  std::unordered_map<std::string_view, std::size_t> opaque_;
  mutable std::optional<std::unordered_set<std::string_view>> parents_;  // built on first use
  bool has_whiteouts_ = false;
};

/// True when the tar stream stops after the last member's data, inside the
/// padding of its last block or right after it, without the end-of-archive
/// blocks: every member is there, only the framing is cut short.
bool ends_after_last_data(const engine::LayerFacts& facts);

/// True when the layer pass read every member of the layer, so that "absent
/// from this layer" means absent.
bool complete(const engine::LayerFacts& facts);

/// The filesystem the layers build, applied one layer at a time as
/// layer.md § Applying Changesets and § Whiteouts describe. Each path keeps
/// the layer of its latest creation and the layers of the events that remove
/// it or what lies below it; a path is visible when no event after its
/// creation removed it. Deleting a directory then costs one record whatever
/// its subtree, and a lookup walks only the path's ancestors.
class LayerStack {
 public:
  static constexpr std::uint32_t kImplicit = UINT32_MAX;

  /// What is visible at a path.
  struct Found {
    char type = '5';                   // tar typeflag of the member ('5' for implied directories)
    int layer = 0;                     // the layer that created it
    std::uint32_t member = kImplicit;  // its position in that layer, or kImplicit
  };

  /// The entry visible at `path` after the layers applied so far.
  std::optional<Found> find(std::string_view path) const;

  /// Calls `visit(prefix, found)` for each proper ancestor of `path`, from
  /// the top; `found` is what is visible there. Stops when `visit` returns
  /// false.
  template <class Visit>
  void for_each_ancestor(std::string_view path, Visit&& visit) const {
    int cut = root_cut();
    for (auto slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
      const auto prefix = path.substr(0, slash);
      const Node* node = lookup(prefix);
      const auto found = visible(node, cut);
      if (!visit(prefix, found)) return;
      if (node != nullptr) cut = std::max({cut, node->removed, node->emptied, node->replaced});
    }
  }

  /// Applies layer `layer` (markers first, as § Opaque Whiteout requires).
  void apply(int layer, const LayerIndex& index);

  /// Events so far that can hide a path: whiteouts, opaque markers, and
  /// non-directories written over directories. A layer applied again with
  /// no such event since its last application changes nothing visible.
  std::uint64_t removals() const { return removals_; }

 private:
  struct Node {
    int born = -1;      // layer of the latest creation (-1: never created)
    int removed = -1;   // layer of the latest whiteout of this path
    int emptied = -1;   // layer of the latest opaque marker in this directory
    int replaced = -1;  // layer of the latest non-directory written here (removes the subtree)
    char type = '5';
    std::uint32_t member = kImplicit;
  };

  const Node* lookup(std::string_view path) const;
  int root_cut() const;
  static std::optional<Found> visible(const Node* node, int cut);

  std::unordered_map<std::string_view, Node> nodes_;
  std::uint64_t removals_ = 0;
};

/// Walks the layers of `image` from the bottom up. For each layer the layer
/// pass read, calls `visit(k, index, stack, lower_complete)`, where `stack`
/// holds the layers below layers[k] and `lower_complete` says whether every
/// one of them was read completely (so that "not in the stack" means
/// absent); then applies the layer to the stack.
///
/// A layer named again higher in the same image (the same blob) is checked
/// once, at its first position: its findings concern the same blob. It is
/// applied again only when a whiteout, an opaque marker or a replaced
/// directory since its last application could have hidden what it
/// creates; otherwise applying it again changes nothing visible. So a layer
/// named 6,000 times costs one walk, not 6,000.
template <class Visit>
void walk_layers(const engine::ImageView& image, Visit&& visit) {
  LayerStack stack;
  Arena arena;
  bool lower_complete = true;
  struct Applied {
    std::unique_ptr<LayerIndex> index;
    std::uint64_t removals = 0;  // stack.removals() after its last application
  };
  std::unordered_map<const engine::LayerFacts*, Applied> applied;
  for (std::size_t k = 0; k < image.layers.size() && k < image.layer_facts.size(); ++k) {
    const auto* facts = image.layer_facts[k];
    if (facts == nullptr) {
      lower_complete = false;
      continue;
    }
    auto [it, first] = applied.try_emplace(facts);
    if (first) {
      it->second.index = std::make_unique<LayerIndex>(*facts, arena);
      visit(k, *it->second.index, static_cast<const LayerStack&>(stack), lower_complete);
    } else if (it->second.removals == stack.removals()) {
      continue;
    }
    stack.apply(static_cast<int>(k), *it->second.index);
    it->second.removals = stack.removals();
    lower_complete = lower_complete && complete(*facts);
  }
}

}  // namespace ocv::rules::layer_paths
