#include "validator/registry/www_authenticate.hpp"

#include <algorithm>
#include <cctype>

namespace ocv::registry {
namespace {

bool tchar(char c) {
  // RFC 9110 § 5.6.2: token characters.
  if (std::isalnum(static_cast<unsigned char>(c)) != 0) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool token68_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("-._~+/").find(c) != std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void skip_space() {
    while (!done() && (peek() == ' ' || peek() == '\t')) ++pos_;
  }
  void skip_space_and_commas() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == ',')) ++pos_;
  }
  std::string_view token() {
    const auto start = pos_;
    while (!done() && tchar(peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  std::string_view bare_value() {
    const auto start = pos_;
    while (!done() && peek() != ',' && peek() != ' ' && peek() != '\t') ++pos_;
    return text_.substr(start, pos_ - start);
  }
  /// A quoted-string with its escapes resolved; false when it is not closed.
  bool quoted(std::string& out) {
    ++pos_;  // the opening quote
    while (!done()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\' && !done()) {
        out += text_[pos_++];
        continue;
      }
      out += c;
    }
    return false;
  }
  void advance() { ++pos_; }
  std::size_t pos() const { return pos_; }
  void rewind(std::size_t to) { pos_ = to; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

/// Whether the text at the reader starts an auth-param (`token BWS "="`,
/// not followed by another "=", which would make it a token68's padding).
bool at_param(Reader& r) {
  const auto start = r.pos();
  const auto name = r.token();
  r.skip_space();
  const bool is_param = !name.empty() && r.peek() == '=' && r.peek(1) != '=';
  r.rewind(start);
  return is_param;
}

}  // namespace

std::optional<std::string_view> Challenge::param(std::string_view name) const {
  for (const auto& [key, value] : params)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::vector<Challenge> parse_www_authenticate(std::string_view header) {
  std::vector<Challenge> out;
  Reader r(header);
  while (out.size() < kMaxChallenges) {
    r.skip_space_and_commas();
    const auto scheme = r.token();
    if (scheme.empty()) break;
    Challenge c;
    c.scheme = lower(scheme);
    r.skip_space();
    // token68: the credentials form ("Negotiate abc==") instead of params.
    if (!r.done() && r.peek() != ',' && !at_param(r)) {
      const auto start = r.pos();
      while (!r.done() && token68_char(r.peek())) r.advance();
      while (!r.done() && r.peek() == '=') r.advance();
      c.token68 = std::string(header.substr(start, r.pos() - start));
      out.push_back(std::move(c));
      continue;
    }
    bool broken = false;
    for (;;) {
      r.skip_space();
      if (!at_param(r)) break;
      const auto name = lower(r.token());
      r.skip_space();
      r.advance();  // '='
      r.skip_space();
      std::string value;
      if (r.peek() == '"') {
        if (!r.quoted(value)) broken = true;
      } else {
        // RFC 9110 wants a token here; registries are seen to send bare
        // URLs, so everything up to a comma or a space is the value.
        value = std::string(r.bare_value());
      }
      if (c.params.size() < kMaxParams && !c.param(name)) c.params.emplace_back(name, value);
      if (broken) break;
      r.skip_space();
      if (r.peek() != ',') break;
      // A comma: another param of this challenge, or the next challenge.
      const auto comma = r.pos();
      r.skip_space_and_commas();
      if (!at_param(r)) {
        r.rewind(comma);
        break;
      }
    }
    out.push_back(std::move(c));
    if (broken) break;
    r.skip_space();
    if (!r.done() && r.peek() != ',') break;  // garbage after a challenge ends the list
  }
  return out;
}

}  // namespace ocv::registry
