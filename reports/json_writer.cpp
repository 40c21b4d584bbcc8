#include "reports/json_writer.hpp"

#include "reports/utf8.hpp"

namespace ocv::reports {

void write_string(JsonWriter& w, std::string_view text) {
  const auto safe = valid_utf8(text);
  w.String(safe.data(), static_cast<rapidjson::SizeType>(safe.size()));
}

void write_member(JsonWriter& w, const char* key, std::string_view text) {
  w.Key(key);
  write_string(w, text);
}

}  // namespace ocv::reports
