#include "validator/model/layer_index.hpp"

#include "validator/model/member_path.hpp"

namespace ocv::engine {

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

Marker classify(std::string_view base) {
  if (!base.starts_with(kWhiteoutPrefix)) return Marker::none;
  if (base == kOpaqueMarker) return Marker::opaque;
  const auto name = base.substr(kWhiteoutPrefix.size());
  if (name.empty() || name == "." || name == "..") return Marker::malformed;
  return Marker::whiteout;
}

LayerIndex::LayerIndex(const LayerFacts& facts) : facts_(facts) {
  members_.reserve(facts.entries.size());
  first_.reserve(facts.entries.size());
  for (std::size_t i = 0; i < facts.entries.size(); ++i) {
    Member m;
    m.path = facts.entries[i].normalized;
    if (member_path::has_dotdot(m.path)) {
      if (auto resolved = member_path::resolve_dotdot(m.path)) {
        m.path = keep(std::move(*resolved));
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
        m.target = keep(join(dirname(m.path), base.substr(kWhiteoutPrefix.size())));
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
  std::call_once(parents_built_, [this] {
    for (const auto& m : members_) {
      if (m.escapes || m.marker != Marker::none || m.path.empty()) continue;
      parents_.insert(std::string_view());
      for (auto slash = m.path.find('/'); slash != std::string_view::npos;
           slash = m.path.find('/', slash + 1))
        parents_.insert(m.path.substr(0, slash));
    }
  });
  return parents_.contains(dir);
}

bool ends_after_last_data(const LayerFacts& facts) {
  if (facts.end_of_archive || facts.limit_hit || facts.window_over_limit != 0 ||
      facts.last_entry() == nullptr)
    return false;
  const std::uint64_t size = facts.last_entry()->size;
  const std::uint64_t padding = (512 - size % 512) % 512;
  if (facts.end_of_entries < padding) return false;
  const std::uint64_t data_end = facts.end_of_entries - padding;
  return facts.uncompressed_bytes >= data_end && facts.uncompressed_bytes <= facts.end_of_entries;
}

bool complete(const LayerFacts& facts) {
  return !facts.limit_hit && facts.unindexed_members == 0 && facts.window_over_limit == 0 &&
         facts.decompress_error.empty() && (facts.tar_error.empty() || ends_after_last_data(facts));
}

}  // namespace ocv::engine
