#pragma once
// Reading document values the way every rule family must: a member may be
// absent or hold any JSON type, and a value shown in a message may be
// arbitrarily long. Every accessor here is safe on values of any type.
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "validator/model/check_context.hpp"

namespace ocv::rules {

/// Member `name` of `object`; null when absent or when `object` is not a
/// JSON object.
const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name);

/// Member `name` when it is a string; nullopt when absent or of another type.
std::optional<std::string_view> string_member(const rapidjson::Value& object,
                                              std::string_view name);

/// Member `name` as a string; "" when absent, null or not a string (to Go
/// consumers an empty string means the same as an absent field: omitempty).
std::string_view string_or_empty(const rapidjson::Value& object, std::string_view name);

/// The text of a string value; `v` must be a string.
std::string_view as_view(const rapidjson::Value& v);

/// The JSON type of a value for messages: "null", "a boolean", "a number",
/// "a string", "an array" or "an object".
std::string_view type_name(const rapidjson::Value& v);

/// A document string in double quotes for a message. Beyond 80 bytes it is
/// cut and its full length given, so that a hostile value cannot flood the
/// report.
std::string quoted(std::string_view text);

/// As quoted(), but cut to 77 bytes and an ellipsis without the length:
/// the shorter form the descriptor and digest messages use.
std::string quoted_brief(std::string_view text);

/// The root of `doc` when it is a document of `kind` whose root is a JSON
/// object; null otherwise (JSON-* and MT-002 report the other cases).
const rapidjson::Value* object_root(const engine::DocumentView& doc, engine::DocKind kind);

}  // namespace ocv::rules
