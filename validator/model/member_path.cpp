#include "validator/model/member_path.hpp"

#include <algorithm>
#include <vector>

namespace ocv::member_path {

std::string normalize(std::string_view path) {
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto next = std::min(path.find('/', i), path.size());
    const auto part = path.substr(i, next - i);
    i = next;
    if (part == ".") continue;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

bool has_dotdot(std::string_view path) {
  for (auto pos = path.find(".."); pos != std::string_view::npos; pos = path.find("..", pos + 1)) {
    const bool starts = pos == 0 || path[pos - 1] == '/';
    const bool ends = pos + 2 == path.size() || path[pos + 2] == '/';
    if (starts && ends) return true;
  }
  return false;
}

std::optional<std::string> resolve_dotdot(std::string_view normalized) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i <= normalized.size() && !normalized.empty()) {
    const auto next = std::min(normalized.find('/', i), normalized.size());
    const auto part = normalized.substr(i, next - i);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty()) {
      parts.push_back(part);
    }
    i = next + 1;
  }
  std::string out;
  for (const auto part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

bool leaves_root(std::string_view path) { return path.starts_with('/') || has_dotdot(path); }

}  // namespace ocv::member_path
