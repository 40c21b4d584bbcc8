#include "validator/registry/credentials.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "validator/registry/auth_file.hpp"
#include "validator/registry/credential_helper.hpp"

namespace ocv::registry {
namespace {

constexpr std::size_t kMaxAuthFile = 4u << 20;

std::string env_or(const Getenv& getenv, const char* name, const std::string& fallback) {
  const char* v = getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

/// The file's text; nullopt when it does not exist.
std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(kMaxAuthFile + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxAuthFile) throw AuthFileError("larger than 4 MiB");
  return text;
}

Credentials from_entry(AuthEntry entry, std::string origin) {
  return {std::move(entry.username), std::move(entry.password), std::move(entry.identity_token),
          std::move(origin)};
}

bool usable(const AuthEntry& e) { return !e.identity_token.empty() || !e.password.empty(); }

/// The server name a helper is asked for: Docker Hub's legacy URL, as
/// docker login stores it, or the registry itself.
std::string helper_server(const ImageReference& ref) {
  return ref.registry == "docker.io" ? std::string("https://index.docker.io/v1/") : ref.registry;
}

}  // namespace

std::vector<std::string> auth_file_paths(const CredentialOptions& options, const Getenv& getenv) {
  if (!options.auth_file.empty()) return {options.auth_file};
  if (const char* file = getenv("REGISTRY_AUTH_FILE"); file != nullptr && *file != '\0')
    return {file};
  std::vector<std::string> out;
  const std::string home = env_or(getenv, "HOME", "");
  if (const char* runtime = getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime != '\0')
    out.push_back(fmt::format("{}/containers/auth.json", runtime));
  const auto config = env_or(getenv, "XDG_CONFIG_HOME", home.empty() ? "" : home + "/.config");
  if (!config.empty()) out.push_back(config + "/containers/auth.json");
  const auto docker = env_or(getenv, "DOCKER_CONFIG", home.empty() ? "" : home + "/.docker");
  if (!docker.empty()) out.push_back(docker + "/config.json");
  return out;
}

std::optional<Credentials> find_credentials(const ImageReference& ref,
                                            const CredentialOptions& options,
                                            std::vector<std::string>& notes, const Getenv& getenv) {
  if (!options.creds.empty()) {
    const auto colon = options.creds.find(':');
    if (colon == std::string::npos || colon == 0)
      throw CredentialError("--creds takes USERNAME:PASSWORD");
    return Credentials{options.creds.substr(0, colon), options.creds.substr(colon + 1), "",
                       "--creds"};
  }
  const bool explicit_file =
      !options.auth_file.empty() ||
      (getenv("REGISTRY_AUTH_FILE") != nullptr && *getenv("REGISTRY_AUTH_FILE") != '\0');
  for (const auto& path : auth_file_paths(options, getenv)) {
    AuthFile file;
    try {
      const auto text = read_text(path);
      if (!text) {
        if (explicit_file)
          throw CredentialError(fmt::format("the auth file {} does not exist", path));
        continue;
      }
      file = parse_auth_file(*text);
    } catch (const AuthFileError& e) {
      if (explicit_file)
        throw CredentialError(fmt::format("the auth file {} cannot be used: {}", path, e.what()));
      notes.push_back(fmt::format("skipped the auth file {}: {}", path, e.what()));
      continue;
    }
    if (auto entry = find_entry(file, ref.registry, ref.repository); entry && usable(*entry))
      return from_entry(std::move(*entry), path);
    const auto helper = helper_for(file, ref.registry);
    if (helper.empty()) continue;
    const auto answer = run_credential_helper(helper, helper_server(ref));
    switch (answer.status) {
      case HelperResult::Status::found:
        return from_entry(answer.entry,
                          fmt::format("docker-credential-{} (named in {})", helper, path));
      case HelperResult::Status::not_found:
        break;
      case HelperResult::Status::failed:
        notes.push_back(
            fmt::format("no credentials from {} (named in {}): {}", helper, path, answer.why));
        break;
    }
    // The file knows the registry through its helper: it is the one that
    // answers, as for docker and podman.
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace ocv::registry
