#pragma once
// Where the credentials for a registry come from, in the order skopeo and
// podman use: --creds USER:PASSWORD; else --authfile or $REGISTRY_AUTH_FILE
// alone; else ${XDG_RUNTIME_DIR}/containers/auth.json,
// ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json and
// ${DOCKER_CONFIG:-~/.docker}/config.json, the first that knows the
// registry winning (its "auths" entry, or its credential helper). Secrets
// never reach a message: only where they came from does.
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "validator/registry/reference.hpp"

namespace ocv::registry {

struct Credentials {
  std::string username;
  std::string password;        // secret
  std::string identity_token;  // secret: an OAuth2 refresh token
  std::string origin;          // "--creds", "/root/.docker/config.json", "docker-credential-pass"
};

struct CredentialOptions {
  std::string creds;      // --creds USER:PASSWORD; "" = none given
  std::string auth_file;  // --authfile FILE; "" = the environment's and the default files
};

/// Credentials that were asked for explicitly but cannot be used: --creds
/// without a colon, a named auth file that is missing or malformed.
class CredentialError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Getenv = std::function<const char*(const char*)>;

/// The auth files consulted, in order.
std::vector<std::string> auth_file_paths(const CredentialOptions& options, const Getenv& getenv);

/// The credentials for `ref`, or nullopt (anonymous). Files and helpers
/// that cannot be used are skipped with a note in `notes`, unless they were
/// named explicitly (CredentialError).
std::optional<Credentials> find_credentials(const ImageReference& ref,
                                            const CredentialOptions& options,
                                            std::vector<std::string>& notes,
                                            const Getenv& getenv = ::getenv);

}  // namespace ocv::registry
