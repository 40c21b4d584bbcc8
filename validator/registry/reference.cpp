#include "validator/registry/reference.hpp"

#include <regex>

#include <fmt/format.h>

namespace ocv::registry {
namespace {

// distribution/reference's grammar (reference/regexp.go): path components,
// a domain with an optional port, tags and digests.
const std::regex& component_re() {
  static const std::regex re(R"([a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)");
  return re;
}
const std::regex& domain_re() {
  static const std::regex re(
      R"((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?)");
  return re;
}
const std::regex& tag_re() {
  static const std::regex re(R"([\w][\w.-]{0,127})");
  return re;
}
const std::regex& digest_re() {
  static const std::regex re(
      R"([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})");
  return re;
}

bool matches(const std::regex& re, std::string_view text) {
  return std::regex_match(text.begin(), text.end(), re);
}

constexpr std::size_t kMaxNameLength = 255;

}  // namespace

std::string ImageReference::host() const {
  if (registry.starts_with('[')) return registry.substr(1, registry.find(']') - 1);
  return registry.substr(0, registry.find(':'));
}

std::string ImageReference::endpoint() const {
  // Docker Hub serves the API from another host than its name.
  return registry == "docker.io" ? std::string("registry-1.docker.io") : registry;
}

std::string ImageReference::str() const {
  return digest.empty() ? fmt::format("{}/{}:{}", registry, repository, tag)
                        : fmt::format("{}/{}@{}", registry, repository, digest);
}

std::optional<ImageReference> parse_reference(std::string_view text, std::string& why) {
  if (text.empty()) {
    why = "no image reference after docker://";
    return std::nullopt;
  }
  if (text.starts_with("//")) {
    why = "write docker://HOST/REPO:TAG (two slashes, not three)";
    return std::nullopt;
  }
  ImageReference ref;
  std::string_view rest = text;
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    if (!matches(digest_re(), ref.digest)) {
      why = fmt::format("\"{}\" is not a digest (ALGORITHM:HEX, such as sha256:...)", ref.digest);
      return std::nullopt;
    }
  }
  // The domain is the first component when it looks like a host (has a
  // dot or a port, or is localhost); otherwise the name is Docker Hub's.
  std::string_view domain;
  const auto slash = rest.find('/');
  if (slash != std::string_view::npos) {
    const auto first = rest.substr(0, slash);
    const bool upper = first.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos;
    if (first.find_first_of(".:[") != std::string_view::npos || first == "localhost" || upper) {
      domain = first;
      rest = rest.substr(slash + 1);
    }
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    ref.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (!matches(tag_re(), ref.tag)) {
      why =
          fmt::format("\"{}\" is not a tag (letters, digits, '_', '.', '-'; at most 128)", ref.tag);
      return std::nullopt;
    }
  }
  if (!ref.tag.empty() && !ref.digest.empty()) {
    why = "give a tag or a digest, not both";
    return std::nullopt;
  }
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  if (domain.empty()) {
    ref.registry = "docker.io";
  } else {
    if (!matches(domain_re(), domain)) {
      why = fmt::format("\"{}\" is not a registry host[:port]", domain);
      return std::nullopt;
    }
    ref.registry = domain == "index.docker.io" ? "docker.io" : std::string(domain);
  }
  if (rest.empty()) {
    why = "no repository name";
    return std::nullopt;
  }
  std::string_view components = rest;
  while (!components.empty()) {
    const auto end = components.find('/');
    const auto component = components.substr(0, end);
    if (!matches(component_re(), component)) {
      why = fmt::format(
          "\"{}\" is not a repository name component (lower-case letters and digits, "
          "separated by '.', '_', '__' or '-')",
          component);
      return std::nullopt;
    }
    components = end == std::string_view::npos ? std::string_view() : components.substr(end + 1);
    if (end != std::string_view::npos && components.empty()) {
      why = "the repository name ends with '/'";
      return std::nullopt;
    }
  }
  ref.repository = std::string(rest);
  if (ref.registry == "docker.io" && ref.repository.find('/') == std::string::npos)
    ref.repository = "library/" + ref.repository;
  if (ref.name().size() > kMaxNameLength) {
    why = fmt::format("the name is {} characters long; at most {} are allowed", ref.name().size(),
                      kMaxNameLength);
    return std::nullopt;
  }
  return ref;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host.ends_with(".localhost")) return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (const char c : host) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3;
}

}  // namespace ocv::registry
