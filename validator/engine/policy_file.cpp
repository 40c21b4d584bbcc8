#include "validator/engine/policy_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "validator/json/strict_json.hpp"

namespace ocv::engine {
namespace {

constexpr std::size_t kMaxPolicyBytes = 1 << 20;

class Reader {
 public:
  Reader(std::string_view origin, const Registry& registry)
      : origin_(origin), registry_(registry) {}

  [[noreturn]] void fail(std::string_view pointer, std::string_view what) const {
    throw PolicyError(fmt::format("{}: {}: {}", origin_, pointer.empty() ? "/" : pointer, what));
  }

  std::string_view string_at(const rapidjson::Value& v, std::string_view pointer) const {
    if (!v.IsString()) fail(pointer, "must be a string");
    return {v.GetString(), v.GetStringLength()};
  }

  Severity severity_at(const rapidjson::Value& v, std::string_view pointer) const {
    const auto text = string_at(v, pointer);
    const auto s = parse_severity(text);
    if (!s) fail(pointer, fmt::format("\"{}\" is not a severity (error, warning, note)", text));
    return *s;
  }

  std::string rule_at(const rapidjson::Value& v, std::string_view pointer) const {
    const auto id = string_at(v, pointer);
    if (registry_.find(id) == nullptr) fail(pointer, fmt::format("unknown rule ID \"{}\"", id));
    return std::string(id);
  }

  std::vector<std::string> rules_matching(const rapidjson::Value& v,
                                          std::string_view pointer) const {
    // string_at names the origin and pointer itself: outside the try, so
    // that they are not given twice.
    const auto pattern = string_at(v, pointer);
    try {
      return expand_rule_pattern(pattern, registry_);
    } catch (const PolicyError& e) {
      fail(pointer, e.what());
    }
  }

  void read_disable(const rapidjson::Value& v, Policy& policy) const {
    if (!v.IsArray()) fail("/disable", "must be an array of rule IDs");
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      for (auto& id : rules_matching(v[i], fmt::format("/disable/{}", i)))
        policy.disabled.insert(std::move(id));
  }

  void read_enable(const rapidjson::Value& v, Policy& policy) const {
    if (!v.IsArray()) fail("/enable", "must be an array of rule IDs");
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      for (const auto& id : rules_matching(v[i], fmt::format("/enable/{}", i)))
        policy.disabled.erase(id);
  }

  void read_severity(const rapidjson::Value& v, Policy& policy) const {
    if (!v.IsObject()) fail("/severity", "must be an object of rule ID -> severity");
    for (const auto& m : v.GetObject()) {
      const std::string name(m.name.GetString(), m.name.GetStringLength());
      const auto pointer = json::pointer_append("/severity", name);
      const auto severity = severity_at(m.value, pointer);
      for (auto& id : rules_matching(m.name, pointer)) policy.severity[std::move(id)] = severity;
    }
  }

  Suppression suppression_at(const rapidjson::Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "must be an object with a \"rule\"");
    Suppression s;
    for (const auto& m : v.GetObject()) {
      const std::string_view name(m.name.GetString(), m.name.GetStringLength());
      const auto at = json::pointer_append(pointer, name);
      if (name == "rule")
        s.rule = rule_at(m.value, at);
      else if (name == "digest")
        s.digest = string_at(m.value, at);
      else if (name == "path")
        s.path = string_at(m.value, at);
      else if (name == "reason")
        s.reason = string_at(m.value, at);
      else
        fail(at, "unknown member (expected rule, digest, path, reason)");
    }
    if (s.rule.empty()) fail(pointer, "a suppression needs a \"rule\"");
    if (!s.digest.empty() && s.digest.find(':') == std::string::npos)
      fail(json::pointer_append(pointer, "digest"), "must be a digest such as sha256:<hex>");
    return s;
  }

  void read_suppress(const rapidjson::Value& v, Policy& policy) const {
    if (!v.IsArray()) fail("/suppress", "must be an array of suppressions");
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      policy.suppressions.push_back(suppression_at(v[i], fmt::format("/suppress/{}", i)));
  }

  Policy read(const rapidjson::Value& root) const {
    if (!root.IsObject()) fail("", "the policy must be a JSON object");
    Policy policy = default_policy(registry_);
    const rapidjson::Value* enable = nullptr;
    for (const auto& m : root.GetObject()) {
      const std::string_view name(m.name.GetString(), m.name.GetStringLength());
      if (name == "version") {
        if (!m.value.IsInt() || m.value.GetInt() != 1)
          fail("/version", "only version 1 is understood");
      } else if (name == "fail-on") {
        policy.fail_on = severity_at(m.value, "/fail-on");
      } else if (name == "disable") {
        read_disable(m.value, policy);
      } else if (name == "severity") {
        read_severity(m.value, policy);
      } else if (name == "suppress") {
        read_suppress(m.value, policy);
      } else if (name == "enable") {
        enable = &m.value;
      } else {
        fail(json::pointer_append("", name),
             "unknown member (expected version, fail-on, disable, enable, severity, suppress)");
      }
    }
    if (enable != nullptr) read_enable(*enable, policy);  // after "disable", wherever it is
    return policy;
  }

 private:
  std::string_view origin_;
  const Registry& registry_;
};

}  // namespace

std::vector<std::string> expand_rule_pattern(std::string_view pattern, const Registry& registry) {
  std::vector<std::string> ids;
  if (pattern.size() > 2 && pattern.ends_with("-*")) {
    const auto family = pattern.substr(0, pattern.size() - 2);
    for (const auto& r : registry.rules())
      if (r.family() == family) ids.emplace_back(r.id);
    if (ids.empty()) throw PolicyError(fmt::format("no rule family \"{}\"", family));
    return ids;
  }
  if (registry.find(pattern) == nullptr)
    throw PolicyError(fmt::format("unknown rule ID \"{}\" (see: ocivalidate rules)", pattern));
  ids.emplace_back(pattern);
  return ids;
}

Policy parse_policy(std::string text, std::string_view origin, const Registry& registry) {
  const auto parsed = json::parse_strict(std::move(text));
  if (!parsed->ok())
    throw PolicyError(fmt::format("{}: not valid JSON at line {}: {}", origin,
                                  parsed->line_col(parsed->error->offset).line,
                                  parsed->error->message));
  if (!parsed->duplicates.empty())
    throw PolicyError(fmt::format("{}: {}: member \"{}\" appears twice", origin,
                                  parsed->duplicates.front().object_pointer.empty()
                                      ? "/"
                                      : parsed->duplicates.front().object_pointer,
                                  parsed->duplicates.front().name));
  return Reader(origin, registry).read(parsed->dom);
}

Policy default_policy(const Registry& registry) {
  Policy policy;
  for (const auto& rule : registry.rules())
    if (rule.opt_in) policy.disabled.emplace(rule.id);
  return policy;
}

std::set<std::string, std::less<>> enabled_opt_in(const Policy& policy, const Registry& registry) {
  std::set<std::string, std::less<>> out;
  for (const auto& rule : registry.rules())
    if (rule.opt_in && policy.enabled(rule.id)) out.emplace(rule.id);
  return out;
}

Policy load_policy_file(const std::filesystem::path& path, const Registry& registry) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw PolicyError(fmt::format("{}: no such policy file", path.string()));
  if (std::filesystem::file_size(path, ec) > kMaxPolicyBytes)
    throw PolicyError(fmt::format("{}: larger than {} bytes", path.string(), kMaxPolicyBytes));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw PolicyError(fmt::format("{}: cannot be read", path.string()));
  return parse_policy(text.str(), path.string(), registry);
}

std::optional<std::filesystem::path> find_policy_file(const std::string& explicit_path) {
  if (!explicit_path.empty()) return std::filesystem::path(explicit_path);
  std::error_code ec;
  const std::filesystem::path local(kPolicyFileName);
  if (std::filesystem::exists(local, ec)) return local;
  return std::nullopt;
}

}  // namespace ocv::engine
