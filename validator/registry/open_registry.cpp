#include "validator/registry/open_registry.hpp"

#include <fmt/format.h>

#include "validator/registry/cert_dir.hpp"
#include "validator/registry/credentials.hpp"

namespace ocv::registry {

bool is_registry_input(std::string_view text) { return text.starts_with(kTransport); }

std::unique_ptr<RegistrySource> open_registry(std::string_view text, const RegistryArgs& args,
                                              RegistryOptions options,
                                              std::vector<std::string>& notes) {
  std::string why;
  const auto ref = parse_reference(text.substr(kTransport.size()), why);
  if (!ref) throw source::SourceError(fmt::format("{}: {}", text, why));
  auto& client = options.client;
  client.transport.timeout = args.timeout;
  client.transport.user_agent = args.user_agent;
  client.transport.tls.verify = args.tls_verify;
  client.plain_http = args.plain_http;
  // Docker and skopeo try plain http for a registry on this machine, and
  // for one whose TLS the user said not to verify.
  client.http_fallback = !args.tls_verify || is_loopback_host(ref->host());
  try {
    if (!args.cert_dir.empty())
      read_cert_dir(args.cert_dir, client.transport.tls);
    else if (const auto dir = default_cert_dir(ref->registry))
      read_cert_dir(*dir, client.transport.tls);
  } catch (const CertDirError& e) {
    throw source::SourceError(e.what());
  }
  try {
    client.credentials = find_credentials(*ref, {args.creds, args.auth_file}, notes);
  } catch (const CredentialError& e) {
    throw source::SourceError(e.what());
  }
  options.referrers = args.referrers;
  options.artifact_type = args.artifact_type;
  auto source = std::make_unique<RegistrySource>(*ref, std::move(options));
  for (auto& n : source->notes()) notes.push_back(std::move(n));
  return source;
}

}  // namespace ocv::registry
