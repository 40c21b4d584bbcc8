#pragma once
// The credential files registry clients share: containers-auth.json(5)
// (podman login, skopeo login, buildah login) and Docker's config.json
// (docker login). Both hold "auths" (per registry, or per repository in
// the containers format: base64 "user:password" in "auth", or an OAuth2
// refresh token in "identitytoken") and may name credential helpers
// ("credHelpers" per registry, "credsStore" for all). Parsing is pure: no
// file is read and no helper run here.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ocv::registry {

/// A file that cannot be used; the message never quotes its content.
class AuthFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AuthEntry {
  std::string username;
  std::string password;        // secret
  std::string identity_token;  // secret
};

struct AuthFile {
  /// Keyed by "host[:port]" or "host[:port]/repository/path", as the
  /// containers format writes them; Docker's legacy "https://host/v1/"
  /// keys are reduced to the host.
  std::map<std::string, AuthEntry, std::less<>> auths;
  std::map<std::string, std::string, std::less<>> cred_helpers;  // host -> helper name
  std::string creds_store;                                       // helper for every host
};

/// Parses the JSON text of an auth file. Throws AuthFileError when it is
/// not a JSON object, or an entry is not what the format says.
AuthFile parse_auth_file(std::string_view text);

/// The entry for `registry` (host[:port]) and `repository`: the most
/// specific key first ("host/ns/repo", "host/ns", "host"), as
/// containers-auth.json(5) says.
std::optional<AuthEntry> find_entry(const AuthFile& file, std::string_view registry,
                                    std::string_view repository);

/// The credential helper for `registry`: its credHelpers entry, else the
/// credsStore; "" when there is none.
std::string helper_for(const AuthFile& file, std::string_view registry);

/// The key an auth file uses for a registry: Docker Hub's names
/// (docker.io, index.docker.io, registry-1.docker.io, and the legacy
/// "https://index.docker.io/v1/") are one.
std::string normalize_registry_key(std::string_view key);

}  // namespace ocv::registry
