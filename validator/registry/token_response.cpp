#include "validator/registry/token_response.hpp"

#include <charconv>
#include <ctime>

#include <rapidjson/document.h>

namespace ocv::registry {

std::optional<TokenResponse> parse_token_response(std::string_view body, std::string& why) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    why = "the token server's answer is not a JSON object";
    return std::nullopt;
  }
  TokenResponse out;
  for (const char* name : {"token", "access_token"}) {
    const auto it = doc.FindMember(name);
    if (it != doc.MemberEnd() && it->value.IsString() && it->value.GetStringLength() > 0) {
      out.token.assign(it->value.GetString(), it->value.GetStringLength());
      break;
    }
  }
  if (out.token.empty()) {
    why = "the token server's answer has no token";
    return std::nullopt;
  }
  // Tokens with control characters or spaces could split a header.
  for (const char c : out.token) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      why = "the token server's token has characters a header cannot carry";
      return std::nullopt;
    }
  }
  if (const auto it = doc.FindMember("expires_in");
      it != doc.MemberEnd() && it->value.IsInt64() && it->value.GetInt64() > 0)
    out.expires_in = std::chrono::seconds(std::min<std::int64_t>(it->value.GetInt64(), 86400));
  return out;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size())
    return seconds < 0 ? std::nullopt : std::optional(std::chrono::seconds(seconds));
  if (ec == std::errc::result_out_of_range) return std::chrono::seconds::max();
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* parsed = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (parsed == nullptr || *parsed != '\0') return std::nullopt;
  const auto when = std::chrono::system_clock::from_time_t(::timegm(&tm));
  if (when <= now) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(when - now);
}

}  // namespace ocv::registry
