#pragma once
// An image in a registry, as skopeo's docker transport names it:
// `docker://HOST[:PORT]/REPO:TAG` or `docker://HOST[:PORT]/REPO@DIGEST`
// (distribution's reference grammar). A name without a registry host is
// Docker Hub's, as every Docker client reads it: `httpd:2.4` is
// docker.io/library/httpd:2.4.
#include <optional>
#include <string>
#include <string_view>

namespace ocv::registry {

struct ImageReference {
  std::string registry;    // "localhost:5000", "docker.io", "[::1]:5000"
  std::string repository;  // "library/httpd"
  std::string tag;         // "2.4" ("" when a digest is given)
  std::string digest;      // "sha256:<hex>" ("" when a tag is given)

  /// The host the API is served from (registry-1.docker.io for docker.io),
  /// with its port when one was given.
  std::string endpoint() const;
  /// The host without its port (and without the brackets of an IPv6 address).
  std::string host() const;
  /// "tag" or "digest": what the manifest is asked for by.
  const std::string& manifest_ref() const { return digest.empty() ? tag : digest; }
  /// "localhost:5000/app:1.0" or "localhost:5000/app@sha256:...".
  std::string str() const;
  /// "localhost:5000/app": the repository with its registry.
  std::string name() const { return registry + "/" + repository; }
};

/// Parses the text after "docker://". Returns nullopt and sets `why` when
/// the text is not a reference (a bad component, both a tag and a digest,
/// a name longer than 255 characters, ...). A reference with neither a
/// tag nor a digest means the tag "latest", as every client reads it.
std::optional<ImageReference> parse_reference(std::string_view text, std::string& why);

/// Whether `host` (no port) is this machine: localhost, 127.0.0.0/8, ::1.
bool is_loopback_host(std::string_view host);

}  // namespace ocv::registry
