#include "validator/json/canonical_json.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "validator/encoding/utf8.hpp"

namespace ocv::json {
namespace {

constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;

/// UTF-16 code units of a UTF-8 name: RFC 8785 sorts members by them, which
/// differs from byte order for names beyond U+FFFF.
std::u16string utf16_of(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    // A byte that is not UTF-8 (a document parsed leniently after an
    // encoding error) sorts as U+FFFD, the character reports show for it.
    const auto c = encoding::decode_utf8(s, i, encoding::Surrogates::accept);
    char32_t cp = c.length == 0 ? U'\uFFFD' : c.code_point;
    i += c.length == 0 ? 1 : c.length;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  out += '"';
}

class CanonicalWriter {
 public:
  explicit CanonicalWriter(const ParsedJson& doc) : doc_(doc) {}

  std::string take() { return std::move(out_); }

  // Recursion is bounded by the parser's depth limit (documents nested
  // deeper are not parsed).
  void value(const rapidjson::Value& v, const std::string& pointer) {
    switch (v.GetType()) {
      case rapidjson::kNullType:
        out_ += "null";
        return;
      case rapidjson::kFalseType:
        out_ += "false";
        return;
      case rapidjson::kTrueType:
        out_ += "true";
        return;
      case rapidjson::kStringType:
        append_string(out_, {v.GetString(), v.GetStringLength()});
        return;
      case rapidjson::kNumberType:
        number(v, pointer);
        return;
      case rapidjson::kArrayType:
        out_ += '[';
        for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
          if (i > 0) out_ += ',';
          value(v[i], pointer_append(pointer, i));
        }
        out_ += ']';
        return;
      case rapidjson::kObjectType:
        object(v, pointer);
        return;
    }
  }

 private:
  void object(const rapidjson::Value& v, const std::string& pointer) {
    struct Member {
      std::u16string key;
      const rapidjson::Value* name;
      const rapidjson::Value* value;
    };
    std::vector<Member> members;
    for (const auto& m : v.GetObject())
      members.push_back(
          {utf16_of({m.name.GetString(), m.name.GetStringLength()}), &m.name, &m.value});
    std::stable_sort(members.begin(), members.end(),
                     [](const Member& a, const Member& b) { return a.key < b.key; });
    out_ += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out_ += ',';
      const std::string_view name(members[i].name->GetString(), members[i].name->GetStringLength());
      append_string(out_, name);
      out_ += ':';
      value(*members[i].value, pointer_append(pointer, name));
    }
    out_ += '}';
  }

  void number(const rapidjson::Value& v, const std::string& pointer) {
    if (v.IsInt64() && v.GetInt64() >= -kMaxExactInteger && v.GetInt64() <= kMaxExactInteger) {
      out_ += std::to_string(v.GetInt64());
      return;
    }
    out_ += ecmascript_number(exact_double(v, pointer));
  }

  /// The number as a correctly rounded double: RapidJSON's default parse
  /// may be one unit in the last place off, which would change its
  /// shortest form.
  double exact_double(const rapidjson::Value& v, const std::string& pointer) const {
    if (const auto span = doc_.value_span(pointer); span && span->end <= doc_.bytes.size()) {
      const char* first = doc_.bytes.data() + span->begin;
      const char* last = doc_.bytes.data() + span->end;
      double d = 0;
      const auto [ptr, ec] = std::from_chars(first, last, d);
      if (ec == std::errc() && ptr == last) return d;
    }
    return v.GetDouble();
  }

  const ParsedJson& doc_;
  std::string out_;
};

}  // namespace

std::string ecmascript_number(double value) {
  if (value == 0) return "0";  // also -0
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));  // "-d.ddde+XX"
  const auto e_at = sci.find('e');
  std::string digits;
  for (const char c : sci.substr(0, e_at))
    if (c >= '0' && c <= '9') digits += c;
  int exponent = 0;
  const auto exp_text = sci.substr(e_at + 1);
  std::from_chars(exp_text.data() + (exp_text.front() == '+' ? 1 : 0),
                  exp_text.data() + exp_text.size(), exponent);
  // value = 0.d1d2...dk x 10^n. fmt::format rather than string
  // concatenation: GCC 12 reports a false -Wrestrict on the latter.
  const std::string_view sign = value < 0 ? "-" : "";
  const std::string_view d = digits;
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21)
    return fmt::format("{}{}{}", sign, d, std::string(static_cast<std::size_t>(n - k), '0'));
  if (0 < n && n <= 21)
    return fmt::format("{}{}.{}", sign, d.substr(0, static_cast<std::size_t>(n)),
                       d.substr(static_cast<std::size_t>(n)));
  if (-6 < n && n <= 0)
    return fmt::format("{}0.{}{}", sign, std::string(static_cast<std::size_t>(-n), '0'), d);
  return fmt::format("{}{}{}{}e{}{}", sign, d.substr(0, 1), k > 1 ? "." : "", d.substr(1),
                     n - 1 >= 0 ? "+" : "-", std::abs(n - 1));
}

std::string canonical_form(const ParsedJson& doc) {
  CanonicalWriter w(doc);
  w.value(doc.dom, "");
  return w.take();
}

std::optional<std::size_t> first_difference(std::string_view bytes, std::string_view canonical) {
  const auto [a, b] = std::mismatch(bytes.begin(), bytes.end(), canonical.begin(), canonical.end());
  if (a == bytes.end() && b == canonical.end()) return std::nullopt;
  return static_cast<std::size_t>(a - bytes.begin());
}

}  // namespace ocv::json
