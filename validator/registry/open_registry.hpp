#pragma once
// `docker://HOST[:PORT]/REPO:TAG` or `...@DIGEST` from the command line to
// a registry source: the reference parsed, the credentials found (see
// credentials.hpp), TLS set up (system CAs, --cert-dir or the certs.d
// directory of the registry, --tls-verify), plain http allowed only for a
// registry on this machine or when asked for.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "validator/registry/registry_source.hpp"

namespace ocv::registry {

inline constexpr std::string_view kTransport = "docker://";

/// What the command line says about the registry.
struct RegistryArgs {
  std::string creds;      // --creds USER:PASSWORD
  std::string auth_file;  // --authfile FILE
  std::string cert_dir;   // --cert-dir DIR
  bool tls_verify = true;
  bool plain_http = false;
  std::chrono::seconds timeout{30};
  bool referrers = true;
  std::string artifact_type;
  std::string user_agent = "ocivalidate";
};

/// Whether the command line names a registry image.
bool is_registry_input(std::string_view text);

/// Opens `text` ("docker://..."). `options` carries what is not the
/// registry's own business (platform, document limits, jobs). Notes for
/// stderr go to `notes`. Throws source::SourceError with a message that
/// says what to do.
std::unique_ptr<RegistrySource> open_registry(std::string_view text, const RegistryArgs& args,
                                              RegistryOptions options,
                                              std::vector<std::string>& notes);

}  // namespace ocv::registry
