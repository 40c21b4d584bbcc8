#pragma once
// The challenges of a WWW-Authenticate header (RFC 9110 § 11.6.1, the
// grammar of RFC 7235 § 2.1): a registry answers 401 with `Bearer
// realm="...",service="...",scope="..."` (the Docker token flow) or
// `Basic realm="..."`. One header may carry several challenges separated by
// commas, and a response several headers. Parsing never fails: what cannot
// be read ends the list.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocv::registry {

struct Challenge {
  std::string scheme;  // lower-cased: "bearer", "basic"
  /// auth-params with lower-cased names, in order; a repeated name keeps
  /// its first value.
  std::vector<std::pair<std::string, std::string>> params;
  std::string token68;  // the other form of credentials a challenge may carry

  std::optional<std::string_view> param(std::string_view name) const;
};

/// Parses one header value. At most kMaxChallenges challenges of at most
/// kMaxParams parameters each are kept (a header is never a reason to use
/// unbounded memory).
std::vector<Challenge> parse_www_authenticate(std::string_view header);

inline constexpr std::size_t kMaxChallenges = 16;
inline constexpr std::size_t kMaxParams = 32;

}  // namespace ocv::registry
