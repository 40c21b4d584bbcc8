#pragma once
// The JSON writer the JSON and SARIF reports share. Strings go through
// valid_utf8() first: text from the image may hold any bytes, and a report
// must stay valid UTF-8 JSON.
#include <string_view>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

namespace ocv::reports {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

/// Writes `text` as a JSON string, invalid UTF-8 replaced by U+FFFD.
void write_string(JsonWriter& w, std::string_view text);

/// Writes the member `key` with the string value `text`.
void write_member(JsonWriter& w, const char* key, std::string_view text);

}  // namespace ocv::reports
