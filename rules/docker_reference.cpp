#include "rules/docker_reference.hpp"

#include <fmt/format.h>

namespace ocv::rules::docker_reference {
namespace {

constexpr std::size_t kMaxNameLength = 255;
constexpr std::size_t kMaxTagLength = 128;

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

bool path_component(std::string_view s) {
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (std::size_t i = 0; i < s.size();) {
    if (lower_alnum(s[i])) {
      ++i;
      continue;
    }
    // A separator: ".", "_", "__" or a run of "-", then an alphanumeric.
    std::size_t j = i;
    if (s[i] == '.') {
      j = i + 1;
    } else if (s[i] == '_') {
      j = i + 1 + (i + 1 < s.size() && s[i + 1] == '_' ? 1 : 0);
    } else if (s[i] == '-') {
      while (j < s.size() && s[j] == '-') ++j;
    } else {
      return false;
    }
    if (j >= s.size() || !lower_alnum(s[j])) return false;
    i = j;
  }
  return true;
}

bool domain(std::string_view s) {
  std::string_view host = s;
  // The port follows the host, after the closing bracket of an IPv6 address.
  const auto colon = s.rfind(':');
  const auto bracket = s.rfind(']');
  if (colon != std::string_view::npos &&
      (s.front() != '[' || (bracket != std::string_view::npos && colon > bracket))) {
    const auto port = s.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    host = s.substr(0, colon);
  }
  if (host.empty()) return false;
  if (host.front() == '[')  // ipv6address := "[" [a-fA-F0-9:]+ "]"
    return host.size() > 2 && host.back() == ']' &&
           host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:") ==
               std::string_view::npos;
  std::size_t start = 0;
  while (start <= host.size()) {
    const auto dot = std::min(host.find('.', start), host.size());
    const auto part = host.substr(start, dot - start);
    if (part.empty() || !alnum(part.front()) || !alnum(part.back())) return false;
    for (const char c : part)
      if (!alnum(c) && c != '-') return false;
    start = dot + 1;
  }
  return true;
}

bool looks_like_domain(std::string_view first) {
  if (first == "localhost") return true;
  for (const char c : first)
    if (c == '.' || c == ':' || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

}  // namespace

std::optional<std::string> tagged_reference_error(std::string_view text) {
  if (text.find('@') != std::string_view::npos)
    return std::string("a digest reference, where docker load needs NAME:TAG");
  const auto last_slash = text.rfind('/');
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos ||
      (last_slash != std::string_view::npos && colon < last_slash))
    return std::string("no tag (NAME:TAG)");
  const auto name = text.substr(0, colon);
  const auto tag = text.substr(colon + 1);
  if (tag.empty() || tag.size() > kMaxTagLength || !(alnum(tag.front()) || tag.front() == '_'))
    return fmt::format("the tag must be 1 to {} of [A-Za-z0-9_.-], not starting with . or -",
                       kMaxTagLength);
  for (const char c : tag)
    if (!alnum(c) && c != '_' && c != '.' && c != '-')
      return fmt::format("the tag must be 1 to {} of [A-Za-z0-9_.-], not starting with . or -",
                         kMaxTagLength);
  if (name.empty()) return std::string("an empty repository name");
  if (name.size() > kMaxNameLength)
    return fmt::format("the repository name is longer than {} characters", kMaxNameLength);
  std::size_t start = 0;
  bool first = true;
  while (start <= name.size()) {
    const auto slash = std::min(name.find('/', start), name.size());
    const auto part = name.substr(start, slash - start);
    const bool is_domain = first && slash < name.size() && looks_like_domain(part);
    if (is_domain ? !domain(part) : !path_component(part))
      return fmt::format("\"{}\" is not a valid {} (lowercase letters, digits and separators)",
                         part, is_domain ? "registry host" : "path component");
    first = false;
    start = slash + 1;
  }
  return std::nullopt;
}

}  // namespace ocv::rules::docker_reference
