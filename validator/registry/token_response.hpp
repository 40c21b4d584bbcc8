#pragma once
// The Docker token flow's answer (distribution's docs/spec/auth/token.md):
// {"token": "...", "access_token": "...", "expires_in": 300, "issued_at":
// "..."}. A token server may send either token member; expires_in defaults
// to 60 seconds. The token is a secret: it never appears in a message.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ocv::registry {

struct TokenResponse {
  std::string token;  // secret
  std::chrono::seconds expires_in{60};
};

/// Reads a token server's JSON body; nullopt (with `why`, which never
/// quotes the body) when it holds no token.
std::optional<TokenResponse> parse_token_response(std::string_view body, std::string& why);

/// The seconds a Retry-After header asks to wait (RFC 9110 § 10.2.3: a
/// number of seconds or an HTTP date, read against `now`); nullopt when
/// it is neither.
std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace ocv::registry
