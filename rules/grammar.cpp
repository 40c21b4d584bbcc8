#include "rules/grammar.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace ocv::rules::grammar {
namespace {

// Character classes, ASCII only: every grammar here is defined over ASCII,
// so any byte >= 0x80 (UTF-8 or not) is simply not in any class.
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// --- P-MT -------------------------------------------------------------------

bool is_restricted_name_char(char c) {
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '&':
    case '^':
    case '_':
    case '.':
    case '+':
    case '-':
      return true;
    default:
      return is_alnum(c);
  }
}

// restricted-name = restricted-name-first *126restricted-name-chars
bool is_restricted_name(std::string_view s) {
  if (s.empty() || s.size() > 127 || !is_alnum(s.front())) return false;
  for (char c : s)
    if (!is_restricted_name_char(c)) return false;
  return true;
}

// --- P-RFC3339 --------------------------------------------------------------

/// Reads exactly `n` digits at `pos` as a number; false when any is not a digit.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!is_digit(c)) return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

// --- RFC 3986 -----------------------------------------------------------------

bool is_unreserved(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

bool is_sub_delim(char c) {
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
      return true;
    default:
      return false;
  }
}

/// True when every character of `s` is unreserved, a sub-delim, one of
/// `extra`, or part of a well-formed percent-encoding.
bool all_uri_chars(std::string_view s, std::string_view extra) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
      continue;
    }
    if (is_unreserved(c) || is_sub_delim(c) || extra.find(c) != std::string_view::npos) continue;
    return false;
  }
  return true;
}

// pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; paths add "/".
bool is_path(std::string_view s) { return all_uri_chars(s, ":@/"); }
// query = fragment = *( pchar / "/" / "?" )
bool is_query(std::string_view s) { return all_uri_chars(s, ":@/?"); }

// dec-octet "." dec-octet "." dec-octet "." dec-octet
bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    int value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) value = value * 10 + (s[i++] - '0');
    const std::size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// IPv6address (RFC 3986 §3.2.2): up to 8 groups of 1-4 hex digits, at most
// one "::", optionally ending in an IPv4 address that counts as two groups.
bool is_ipv6(std::string_view s) {
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  } else if (s.starts_with(":")) {
    return false;
  }
  while (i < s.size()) {
    // The rest may be a dotted IPv4 tail.
    const auto rest = s.substr(i);
    if (rest.find('.') != std::string_view::npos && rest.find(':') == std::string_view::npos) {
      if (!is_ipv4(rest)) return false;
      groups += 2;
      i = s.size();
      break;
    }
    std::size_t start = i;
    while (i < s.size() && is_hex(s[i]) && i - start < 4) ++i;
    if (i == start) return false;
    ++groups;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;
      compressed = true;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return false;  // a single trailing ':'
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
bool is_ipvfuture(std::string_view s) {
  if (s.size() < 4 || (s[0] != 'v' && s[0] != 'V')) return false;
  std::size_t i = 1;
  while (i < s.size() && is_hex(s[i])) ++i;
  if (i == 1 || i >= s.size() || s[i] != '.') return false;
  const auto tail = s.substr(i + 1);
  if (tail.empty()) return false;
  for (char c : tail)
    if (!is_unreserved(c) && !is_sub_delim(c) && c != ':') return false;
  return true;
}

// authority = [ userinfo "@" ] host [ ":" port ]
bool is_authority(std::string_view s) {
  if (const auto at = s.find('@'); at != std::string_view::npos) {
    if (!all_uri_chars(s.substr(0, at), ":")) return false;
    s = s.substr(at + 1);
  }
  std::string_view port;
  if (s.starts_with("[")) {
    const auto close = s.find(']');
    if (close == std::string_view::npos) return false;
    const auto literal = s.substr(1, close - 1);
    if (!is_ipv6(literal) && !is_ipvfuture(literal)) return false;
    const auto after = s.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
    }
  } else {
    // reg-name holds no ':', so the first one starts the port.
    const auto colon = s.find(':');
    if (colon != std::string_view::npos) {
      port = s.substr(colon + 1);
      s = s.substr(0, colon);
    }
    if (!all_uri_chars(s, "")) return false;
  }
  for (char c : port)
    if (!is_digit(c)) return false;
  return true;
}

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool is_scheme(std::string_view s) {
  if (s.empty() || !is_alpha(s.front())) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

/// Checks what follows the scheme (or the whole of a relative reference):
/// hier-part or relative-part, then [ "?" query ] [ "#" fragment ].
bool is_uri_tail(std::string_view s) {
  if (const auto hash = s.find('#'); hash != std::string_view::npos) {
    if (!is_query(s.substr(hash + 1))) return false;
    s = s.substr(0, hash);
  }
  if (const auto q = s.find('?'); q != std::string_view::npos) {
    if (!is_query(s.substr(q + 1))) return false;
    s = s.substr(0, q);
  }
  if (s.starts_with("//")) {
    s.remove_prefix(2);
    const auto slash = s.find('/');
    if (!is_authority(s.substr(0, slash))) return false;
    return slash == std::string_view::npos || is_path(s.substr(slash));
  }
  return is_path(s);
}

// --- P-REF --------------------------------------------------------------------

bool is_ref_separator_char(char c) {
  return c == '-' || c == '.' || c == '_' || c == ':' || c == '@' || c == '+';
}

// component = alnum+ ( ( one of -._:@+ | "--" ) alnum+ )*
bool is_ref_component(std::string_view s) {
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    while (i < s.size() && is_alnum(s[i])) ++i;
    if (i == start) return false;
    if (i == s.size()) return true;
    if (s.substr(i).starts_with("--")) {
      i += 2;
    } else if (is_ref_separator_char(s[i])) {
      ++i;
    } else {
      return false;
    }
  }
}

}  // namespace

bool is_media_type(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  return is_restricted_name(text.substr(0, slash)) && is_restricted_name(text.substr(slash + 1));
}

bool is_rfc3339(std::string_view s) {
  // full-date "T" partial-time time-offset; the fixed part is 19 characters.
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (s.size() < 20) return false;
  if (!read_digits(s, 0, 4, year) || s[4] != '-' || !read_digits(s, 5, 2, month) || s[7] != '-' ||
      !read_digits(s, 8, 2, day))
    return false;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  if (s[10] != 'T' && s[10] != 't') return false;
  if (!read_digits(s, 11, 2, hour) || s[13] != ':' || !read_digits(s, 14, 2, minute) ||
      s[16] != ':' || !read_digits(s, 17, 2, second))
    return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  std::size_t i = 19;
  if (s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  int off_hour = 0, off_minute = 0;
  if (s.size() != i + 6 || !read_digits(s, i + 1, 2, off_hour) || s[i + 3] != ':' ||
      !read_digits(s, i + 4, 2, off_minute))
    return false;
  return off_hour <= 23 && off_minute <= 59;
}

bool is_ijson_date_time(std::string_view text) {
  if (!is_rfc3339(text)) return false;
  return text[10] == 'T' && text.back() != 'z';
}

bool is_absolute_uri(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || !is_scheme(text.substr(0, colon))) return false;
  return is_uri_tail(text.substr(colon + 1));
}

bool is_uri_reference(std::string_view text) {
  // A ':' before any '/', '?' or '#' can only end a scheme: path-noscheme
  // forbids ':' in the first segment of a relative reference.
  const auto first_delim = text.find_first_of(":/?#");
  if (first_delim != std::string_view::npos && text[first_delim] == ':')
    return is_absolute_uri(text);
  return is_uri_tail(text);
}

std::string_view uri_scheme(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return {};
  const auto scheme = text.substr(0, colon);
  return is_scheme(scheme) ? scheme : std::string_view{};
}

bool is_ref_name(std::string_view text) {
  std::size_t start = 0;
  while (true) {
    const auto slash = text.find('/', start);
    if (!is_ref_component(text.substr(start, slash - start))) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

}  // namespace ocv::rules::grammar
