#include "rules/layer_paths.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
#include "validator/model/member_path.hpp"

namespace ocv::rules::layer_paths {

std::string_view basename(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view dirname(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string join(std::string_view dir, std::string_view name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out += dir;
  if (!dir.empty()) out += '/';
  out += name;
  return out;
}

std::string_view shown(std::string_view path) { return path.empty() ? "." : path; }

std::string layer_digest(const engine::BlobFacts& blob) {
  return blob.algorithm + ":" + blob.encoded;
}

engine::Site layer_site(const engine::ImageView& image, std::size_t i) {
  engine::Site site;
  const auto* d = image.layers[i];
  if (const auto parsed = digest::parse(d->digest())) site.blob = parsed->path();
  if (image.manifest != nullptr) {
    site.chain = image.manifest->chain;
    site.image = image.manifest->image;
  }
  site.chain.push_back(d->label());
  return site;
}

void MemberReports::add(std::string_view rule, const std::string& member, std::string message,
                        std::optional<engine::Severity> severity) {
  auto& count = counts_[rule];
  if (count.listed < kMaxListed) {
    ++count.listed;
    sink_.report_member(rule, site_, member, std::move(message), severity);
    return;
  }
  ++count.more;
  if (severity && (!count.severity || *severity > *count.severity)) count.severity = severity;
}

void MemberReports::add_unlisted(std::string_view rule, std::uint64_t n) {
  counts_[rule].more += n;
}

void MemberReports::finish() {
  for (const auto& [rule, count] : counts_) {
    if (count.more == 0) continue;
    sink_.report(rule, site_, "",
                 fmt::format("{} more members of layer {} break {}; the first {} are listed",
                             count.more, digest_, rule, count.listed),
                 count.severity);
  }
  counts_.clear();
}

std::string_view type_name(char type) {
  switch (type) {
    case '0':
    case '\0':
    case '7':
      return "regular file";
    case '1':
      return "hardlink";
    case '2':
      return "symlink";
    case '3':
      return "character device";
    case '4':
      return "block device";
    case '5':
      return "directory";
    case '6':
      return "FIFO";
    default:
      return "member of an unusual type";
  }
}

Marker classify(std::string_view base) {
  if (!base.starts_with(kWhiteoutPrefix)) return Marker::none;
  if (base == kOpaqueMarker) return Marker::opaque;
  const auto name = base.substr(kWhiteoutPrefix.size());
  if (name.empty() || name == "." || name == "..") return Marker::malformed;
  return Marker::whiteout;
}

LayerIndex::LayerIndex(const engine::LayerFacts& facts, Arena& arena) : facts_(facts) {
  members_.reserve(facts.entries.size());
  first_.reserve(facts.entries.size());
  for (std::size_t i = 0; i < facts.entries.size(); ++i) {
    Member m;
    m.path = facts.entries[i].normalized;
    if (member_path::has_dotdot(m.path)) {
      if (auto resolved = member_path::resolve_dotdot(m.path)) {
        m.path = arena.keep(std::move(*resolved));
      } else {
        m.escapes = true;
        m.path = {};
        members_.push_back(m);
        continue;
      }
    }
    const auto base = basename(m.path);
    m.marker = m.path.empty() ? Marker::none : classify(base);
    switch (m.marker) {
      case Marker::none:
        first_.emplace(m.path, i);
        break;
      case Marker::whiteout:
        m.target = arena.keep(join(dirname(m.path), base.substr(kWhiteoutPrefix.size())));
        whiteouts_.emplace(m.target, i);
        has_whiteouts_ = true;
        break;
      case Marker::opaque:
        m.target = dirname(m.path);
        opaque_.emplace(m.target, i);
        has_whiteouts_ = true;
        break;
      case Marker::malformed:
        has_whiteouts_ = true;
        break;
    }
    members_.push_back(m);
  }
}

namespace {

template <class Map>
std::optional<std::size_t> find_in(const Map& map, std::string_view key) {
  const auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<std::size_t> LayerIndex::first(std::string_view path) const {
  return find_in(first_, path);
}

std::optional<std::size_t> LayerIndex::first_whiteout(std::string_view path) const {
  return find_in(whiteouts_, path);
}

std::optional<std::size_t> LayerIndex::opaque(std::string_view dir) const {
  return find_in(opaque_, dir);
}

bool LayerIndex::has_below(std::string_view dir) const {
  if (!parents_) {
    parents_.emplace();
    for (const auto& m : members_) {
      if (m.escapes || m.marker != Marker::none || m.path.empty()) continue;
      parents_->insert(std::string_view());
      for (auto slash = m.path.find('/'); slash != std::string_view::npos;
           slash = m.path.find('/', slash + 1))
        parents_->insert(m.path.substr(0, slash));
    }
  }
  return parents_->contains(dir);
}

bool ends_after_last_data(const engine::LayerFacts& facts) {
  if (facts.end_of_archive || facts.limit_hit || facts.window_over_limit != 0 ||
      facts.last_entry() == nullptr)
    return false;
  const std::uint64_t size = facts.last_entry()->size;
  const std::uint64_t padding = (512 - size % 512) % 512;
  if (facts.end_of_entries < padding) return false;
  const std::uint64_t data_end = facts.end_of_entries - padding;
  return facts.uncompressed_bytes >= data_end && facts.uncompressed_bytes <= facts.end_of_entries;
}

bool complete(const engine::LayerFacts& facts) {
  return !facts.limit_hit && facts.unindexed_members == 0 && facts.window_over_limit == 0 &&
         facts.decompress_error.empty() && (facts.tar_error.empty() || ends_after_last_data(facts));
}

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

}  // namespace ocv::rules::layer_paths
