#include "reports/json_writer.hpp"

#include <ostream>

#include "reports/utf8.hpp"

namespace ocv::reports {

JsonOutput::JsonOutput(std::ostream& out) : out_(out) { block_.reserve(kBlockBytes); }

JsonOutput::~JsonOutput() { Flush(); }

void JsonOutput::Flush() {
  out_.write(block_.data(), static_cast<std::streamsize>(block_.size()));
  block_.clear();
}

void write_string(JsonWriter& w, std::string_view text) {
  const auto safe = valid_utf8(text);
  w.String(safe.data(), static_cast<rapidjson::SizeType>(safe.size()));
}

void write_member(JsonWriter& w, const char* key, std::string_view text) {
  w.Key(key);
  write_string(w, text);
}

}  // namespace ocv::reports
