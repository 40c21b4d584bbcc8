#include "validator/registry/auth_file.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fmt/format.h>

#include "validator/encoding/base64.hpp"

namespace ocv::registry {
namespace {

constexpr std::size_t kMaxEntries = 10000;

std::string_view string_member(const rapidjson::Value& object, const char* name,
                               std::string_view where) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) return {};
  if (!it->value.IsString())
    throw AuthFileError(fmt::format("\"{}\" of {} is not a string", name, where));
  return {it->value.GetString(), it->value.GetStringLength()};
}

AuthEntry read_entry(const rapidjson::Value& value, const std::string& key) {
  if (!value.IsObject())
    throw AuthFileError(fmt::format("the auths entry for {} is not an object", key));
  AuthEntry entry;
  const auto where = fmt::format("the auths entry for {}", key);
  if (const auto auth = string_member(value, "auth", where); !auth.empty()) {
    const auto decoded = encoding::decode_base64(auth);
    if (!decoded) throw AuthFileError(fmt::format("\"auth\" of {} is not base64", where));
    const auto colon = decoded->find(':');
    if (colon == std::string::npos)
      throw AuthFileError(fmt::format("\"auth\" of {} does not decode to USER:PASSWORD", where));
    entry.username = decoded->substr(0, colon);
    entry.password = decoded->substr(colon + 1);
  }
  // Older files and some tools write the parts separately.
  if (entry.username.empty()) entry.username = std::string(string_member(value, "username", where));
  if (entry.password.empty()) entry.password = std::string(string_member(value, "password", where));
  entry.identity_token = std::string(string_member(value, "identitytoken", where));
  return entry;
}

}  // namespace

std::string normalize_registry_key(std::string_view key) {
  std::string_view k = key;
  bool legacy = false;
  for (const std::string_view scheme : {"https://", "http://"}) {
    if (k.starts_with(scheme)) {
      k.remove_prefix(scheme.size());
      legacy = true;
    }
  }
  // "https://index.docker.io/v1/": a URL whose path is not a repository.
  if (legacy) k = k.substr(0, k.find('/'));
  while (k.ends_with('/')) k.remove_suffix(1);
  const auto slash = k.find('/');
  const auto host = k.substr(0, slash);
  const auto path = slash == std::string_view::npos ? std::string_view() : k.substr(slash);
  if (host == "index.docker.io" || host == "registry-1.docker.io")
    return fmt::format("docker.io{}", path);
  return std::string(k);
}

AuthFile parse_auth_file(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(),
                                                                                    text.size());
  if (doc.HasParseError())
    throw AuthFileError(fmt::format("not JSON ({} at byte {})",
                                    rapidjson::GetParseError_En(doc.GetParseError()),
                                    doc.GetErrorOffset()));
  if (!doc.IsObject()) throw AuthFileError("not a JSON object");
  AuthFile out;
  if (const auto auths = doc.FindMember("auths"); auths != doc.MemberEnd()) {
    if (!auths->value.IsObject()) throw AuthFileError("\"auths\" is not an object");
    for (const auto& m : auths->value.GetObject()) {
      if (out.auths.size() >= kMaxEntries) throw AuthFileError("more than 10000 auths entries");
      std::string key = normalize_registry_key({m.name.GetString(), m.name.GetStringLength()});
      auto entry = read_entry(m.value, key);
      out.auths.try_emplace(std::move(key), std::move(entry));
    }
  }
  if (const auto helpers = doc.FindMember("credHelpers"); helpers != doc.MemberEnd()) {
    if (!helpers->value.IsObject()) throw AuthFileError("\"credHelpers\" is not an object");
    for (const auto& m : helpers->value.GetObject()) {
      if (out.cred_helpers.size() >= kMaxEntries)
        throw AuthFileError("more than 10000 credHelpers entries");
      if (!m.value.IsString()) throw AuthFileError("a \"credHelpers\" entry is not a string");
      out.cred_helpers.try_emplace(
          normalize_registry_key({m.name.GetString(), m.name.GetStringLength()}),
          std::string(m.value.GetString(), m.value.GetStringLength()));
    }
  }
  out.creds_store = std::string(string_member(doc, "credsStore", "the file"));
  return out;
}

std::optional<AuthEntry> find_entry(const AuthFile& file, std::string_view registry,
                                    std::string_view repository) {
  std::string key = fmt::format("{}/{}", normalize_registry_key(registry), repository);
  for (;;) {
    if (const auto it = file.auths.find(key); it != file.auths.end()) return it->second;
    const auto slash = key.rfind('/');
    if (slash == std::string::npos) return std::nullopt;
    key.resize(slash);
  }
}

std::string helper_for(const AuthFile& file, std::string_view registry) {
  if (const auto it = file.cred_helpers.find(normalize_registry_key(registry));
      it != file.cred_helpers.end())
    return it->second;
  return file.creds_store;
}

}  // namespace ocv::registry
