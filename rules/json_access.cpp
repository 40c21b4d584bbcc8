#include "rules/json_access.hpp"

#include <fmt/format.h>

namespace ocv::rules {

const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name) {
  // FindMember on a value that is not an object is an assertion failure in
  // RapidJSON, and documents may put any type anywhere.
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(rapidjson::StringRef(name.data(), name.size()));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string_view> string_member(const rapidjson::Value& object,
                                              std::string_view name) {
  const auto* v = member(object, name);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return as_view(*v);
}

std::string_view string_or_empty(const rapidjson::Value& object, std::string_view name) {
  return string_member(object, name).value_or("");
}

std::string_view as_view(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

std::string_view type_name(const rapidjson::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsNumber()) return "a number";
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  return "an object";
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 80;
  if (text.size() <= kMax) return fmt::format("\"{}\"", text);
  return fmt::format("\"{}...\" ({} bytes)", text.substr(0, kMax), text.size());
}

std::string quoted_brief(std::string_view text) {
  if (text.size() > 80) return fmt::format("\"{}...\"", text.substr(0, 77));
  return fmt::format("\"{}\"", text);
}

const rapidjson::Value* object_root(const engine::DocumentView& doc, engine::DocKind kind) {
  if (doc.kind != kind || doc.root() == nullptr || !doc.root()->IsObject()) return nullptr;
  return doc.root();
}

}  // namespace ocv::rules
