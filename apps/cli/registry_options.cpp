#include "apps/cli/registry_options.hpp"

namespace ocv::cli {

void add_registry_options(CLI::App& app, RegistryCommandLine& line) {
  auto& a = line.args;
  app.add_option("--creds", a.creds,
                 "registry credentials USERNAME:PASSWORD (default: the auth files of podman, "
                 "skopeo and docker login, and their credential helpers)")
      ->type_name("USER:PASS");
  app.add_option("--authfile", a.auth_file,
                 "registry auth file to use instead of $REGISTRY_AUTH_FILE and the default ones")
      ->type_name("FILE");
  app.add_option("--cert-dir", a.cert_dir,
                 "directory of the registry's CA (*.crt) and client certificate (*.cert, *.key), "
                 "added to the system's CAs (default: /etc/containers/certs.d/HOST:PORT or "
                 "/etc/docker/certs.d/HOST:PORT when present)")
      ->type_name("DIR");
  app.add_flag("--tls-verify{true}", a.tls_verify,
               "verify the registry's TLS certificate (--tls-verify=false: do not, and allow "
               "plain http; for test registries only)")
      ->default_str("true");
  app.add_flag("--plain-http", a.plain_http,
               "speak plain http to the registry (only for one you trust; a registry on this "
               "machine falls back to http by itself)");
  app.add_option("--timeout", line.timeout_seconds,
                 "seconds to wait for a registry to connect or to send any byte before giving up")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str()
      ->type_name("SECONDS");
  app.add_option("--artifact-type", a.artifact_type,
                 "validate only the referrers of this artifactType (the referrers API's filter)")
      ->type_name("TYPE");
  app.add_flag("--no-referrers{false}", a.referrers,
               "do not look for referrers (signatures, SBOMs) of a registry image");
}

std::unique_ptr<registry::RegistrySource> open_registry_input(
    const std::string& text, const RegistryCommandLine& line,
    const engine::ValidateOptions& options, std::vector<std::string>& notes) {
  auto args = line.args;
  args.timeout = std::chrono::seconds(line.timeout_seconds);
  args.user_agent = std::string("ocivalidate/") + OCV_VERSION;
  registry::RegistryOptions r;
  r.platform = options.graph.platform;
  r.max_document_bytes = options.graph.max_document_bytes;
  r.max_manifest_bytes = options.graph.max_document_memory;
  r.max_index_depth = options.graph.max_index_depth;
  r.json_limits = options.graph.json_limits;
  r.jobs = options.jobs;
  return registry::open_registry(text, args, std::move(r), notes);
}

}  // namespace ocv::cli
