#pragma once
// The filesystem the layers of an image build, simulated from the member
// indexes (paths and types, never contents), so that checks can ask what a
// lower layer left at a path without extracting anything; and the walk up
// an image's layers that feeds every check about a layer in its stack.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "validator/model/check_context.hpp"
#include "validator/model/layer_index.hpp"

namespace ocv::engine {

/// The stack applied one layer at a time as layer.md § Applying Changesets
/// and § Whiteouts describe. Each path keeps the layer of its latest
/// creation and the layers of the events that remove it or what lies below
/// it; a path is visible when no event after its creation removed it.
/// Deleting a directory then costs one record whatever its subtree, and a
/// lookup walks only the path's ancestors. The stack keeps views into the
/// indexes applied to it: they must outlive it.
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

/// One layer of an image at its place in the stack: what the checks about
/// a layer against the layers below it see.
struct StackLayerView {
  const ImageView& image;
  std::size_t k;            // its position in image.layers
  const LayerIndex& index;  // its members
  const LayerStack& stack;  // the layers below it, applied
  bool lower_complete;      // every lower layer was read completely ("not in the stack" = absent)
};

/// Walks the layers of `image` from the bottom up. For each layer the layer
/// pass read, calls `visit(view)` with the stack of the layers below it;
/// then applies the layer to the stack.
///
/// A layer named again higher in the same image (the same blob) is visited
/// once, at its first position: its findings concern the same blob. It is
/// applied again only when a whiteout, an opaque marker or a replaced
/// directory since its last application could have hidden what it
/// creates; otherwise applying it again changes nothing visible. So a layer
/// named 6,000 times costs one walk, not 6,000.
template <class Visit>
void walk_layers(const ImageView& image, Visit&& visit) {
  LayerStack stack;
  bool lower_complete = true;
  std::unordered_map<const LayerIndex*, std::uint64_t> applied;  // stack.removals() after it
  const auto n =
      std::min({image.layers.size(), image.layer_facts.size(), image.layer_index.size()});
  for (std::size_t k = 0; k < n; ++k) {
    const auto* index = image.layer_index[k];
    if (index == nullptr) {
      lower_complete = false;
      continue;
    }
    auto [it, first] = applied.try_emplace(index, 0);
    if (first) {
      visit(StackLayerView{image, k, *index, stack, lower_complete});
    } else if (it->second == stack.removals()) {
      continue;
    }
    stack.apply(static_cast<int>(k), *index);
    it->second = stack.removals();
    lower_complete = lower_complete && complete(index->facts());
  }
}

}  // namespace ocv::engine
