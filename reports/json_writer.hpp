#pragma once
// The JSON writer the JSON, SARIF and Code Quality reports share. It writes
// to a std::ostream as it goes: a report of 100,000 findings is well over
// 100 MB, which need not be held whole. Strings go through valid_utf8()
// first: text from the image may hold any bytes, and a report must stay
// valid UTF-8 JSON.
#include <iosfwd>
#include <string>
#include <string_view>

#include <rapidjson/prettywriter.h>

namespace ocv::reports {

/// rapidjson's output stream concept over a std::ostream, passing the text
/// on in blocks (rapidjson's own OStreamWrapper writes one character at a
/// time, each through the stream's sentry).
class JsonOutput {
 public:
  using Ch = char;
  explicit JsonOutput(std::ostream& out);
  JsonOutput(const JsonOutput&) = delete;
  JsonOutput& operator=(const JsonOutput&) = delete;
  ~JsonOutput();

  void Put(char c) {
    block_.push_back(c);
    if (block_.size() >= kBlockBytes) Flush();
  }
  void Flush();

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;
  std::ostream& out_;
  std::string block_;
};

using JsonWriter = rapidjson::PrettyWriter<JsonOutput>;

/// Writes `text` as a JSON string, invalid UTF-8 replaced by U+FFFD.
void write_string(JsonWriter& w, std::string_view text);

/// Writes the member `key` with the string value `text`.
void write_member(JsonWriter& w, const char* key, std::string_view text);

}  // namespace ocv::reports
