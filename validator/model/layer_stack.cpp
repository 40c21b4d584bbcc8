#include "validator/model/layer_stack.hpp"

namespace ocv::engine {

int LayerStack::root_cut() const {
  // The root itself is never removed, but an opaque marker at the root
  // hides every lower path.
  const Node* root = lookup("");
  return root != nullptr ? root->emptied : -1;
}

const LayerStack::Node* LayerStack::lookup(std::string_view path) const {
  const auto it = nodes_.find(path);
  return it == nodes_.end() ? nullptr : &it->second;
}

std::optional<LayerStack::Found> LayerStack::visible(const Node* node, int cut) {
  // An event in the layer that created the path applies to the lower
  // layers only ("Whiteout files MUST only apply to resources in
  // lower/parent layers"), hence <= rather than <.
  if (node == nullptr || node->born < 0 || node->removed > node->born || cut > node->born)
    return std::nullopt;
  return Found{node->type, node->born, node->member};
}

std::optional<LayerStack::Found> LayerStack::find(std::string_view path) const {
  if (path.empty()) return Found{};  // the root always exists
  int cut = root_cut();
  for (auto slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (const Node* node = lookup(path.substr(0, slash)))
      cut = std::max({cut, node->removed, node->emptied, node->replaced});
  }
  return visible(lookup(path), cut);
}

void LayerStack::apply(int layer, const LayerIndex& index) {
  const auto& members = index.members();
  // Markers first: an opaque marker applies before the rest of its layer
  // "regardless of the ordering", and no whiteout touches its own layer.
  for (const auto& m : members) {
    if (m.escapes) continue;
    if (m.marker == Marker::opaque) nodes_[m.target].emptied = layer;
    if (m.marker == Marker::whiteout) nodes_[m.target].removed = layer;
    if (m.marker == Marker::opaque || m.marker == Marker::whiteout) ++removals_;
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    if (m.escapes || m.marker != Marker::none || m.path.empty()) continue;
    // Extraction creates missing parent directories.
    int cut = root_cut();
    for (auto slash = m.path.find('/'); slash != std::string_view::npos;
         slash = m.path.find('/', slash + 1)) {
      Node& parent = nodes_[m.path.substr(0, slash)];
      if (!visible(&parent, cut)) {
        parent.born = layer;
        parent.type = '5';
        parent.member = kImplicit;
      }
      cut = std::max({cut, parent.removed, parent.emptied, parent.replaced});
    }
    Node& node = nodes_[m.path];
    const char type = index.entry(i).type;
    if (type != '5' && node.born >= 0 && node.type == '5') ++removals_;
    node.born = layer;
    node.type = type;
    node.member = static_cast<std::uint32_t>(i);
    // Anything but a directory over a directory unlinks the old path with
    // its subtree (§ Changeset over existing files).
    if (type != '5') node.replaced = layer;
  }
}

}  // namespace ocv::engine
