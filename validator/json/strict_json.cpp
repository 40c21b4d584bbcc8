#include "validator/json/strict_json.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "validator/encoding/utf8.hpp"
namespace ocv::json {
namespace {

constexpr unsigned kStrictFlags = rapidjson::kParseIterativeFlag |
                                  rapidjson::kParseValidateEncodingFlag |
                                  rapidjson::kParseFullPrecisionFlag;
// Used after an encoding error: the same parse, but invalid UTF-8 bytes are
// copied through so that the other rules can still look at the document.
constexpr unsigned kLenientFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag;

/// A read-only input stream over a buffer. RapidJSON copies a StringStream
/// into a local while it scans a string or a number, so the caller's stream
/// would still point at the token's start while the handler runs; a stream
/// without StreamTraits::copyOptimization is used by reference, so Tell() in
/// a handler is the end of the token just read.
///
/// The end is enforced here: RapidJSON's UTF-8 validation takes the
/// continuation bytes a lead byte announces without looking for the
/// terminator, so a document ending in "\xF0 reads past its last byte. Past
/// the end the stream reads as NUL bytes, which end every token.
class TrackedStream {
 public:
  using Ch = char;
  TrackedStream(const char* begin, const char* end) : head_(begin), src_(begin), end_(end) {}
  Ch Peek() const { return src_ < end_ ? *src_ : '\0'; }
  Ch Take() { return src_ < end_ ? *src_++ : '\0'; }
  std::size_t Tell() const { return static_cast<std::size_t>(src_ - head_); }
  // Output functions, required by the stream concept but never used for
  // non-in-situ parsing.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

 private:
  const Ch* head_;
  const Ch* src_;
  const Ch* end_;
};

bool is_noncharacter(std::uint32_t cp) {
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFEu) == 0xFFFEu;
}

bool is_surrogate(std::uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

/// The first surrogate and the first noncharacter code point of a decoded
/// string. The decoder accepts encoded surrogates (ED A0..BF xx) because
/// RapidJSON writes a lone low-surrogate escape such as \uDC00 that way;
/// bytes that are not UTF-8 at all (lenient re-parse) are skipped, since
/// encoding_error already records them.
struct CodePointScan {
  std::optional<std::uint32_t> surrogate;
  std::optional<std::uint32_t> noncharacter;
};

CodePointScan scan_code_points(std::string_view text) {
  CodePointScan out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = encoding::decode_utf8(text, i, encoding::Surrogates::accept);
    if (c.length == 0) {
      ++i;
      continue;
    }
    i += c.length;
    if (c.length < 3) continue;  // surrogates and noncharacters all take three or four bytes
    if (is_surrogate(c.code_point) && !out.surrogate) out.surrogate = c.code_point;
    if (is_noncharacter(c.code_point) && !out.noncharacter) out.noncharacter = c.code_point;
    if (out.surrogate && out.noncharacter) break;
  }
  return out;
}

/// The first \u escape of a string token (quotes included) that is a
/// surrogate not forming a high-low pair.
std::optional<std::uint32_t> lone_surrogate_escape(std::string_view token) {
  const auto escape_at = [&](std::size_t i) -> std::optional<std::uint32_t> {
    if (i + 6 > token.size() || token[i] != '\\' || token[i + 1] != 'u') return std::nullopt;
    std::uint32_t cp = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
      const char c = token[k];
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return std::nullopt;
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    return cp;
  };
  std::size_t i = 0;
  while (i < token.size()) {
    if (token[i] != '\\') {
      ++i;
      continue;
    }
    const auto cp = escape_at(i);
    if (!cp) {
      i += 2;  // another escape: \\, \", \n, ...
      continue;
    }
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
      const auto next = escape_at(i + 6);
      if (!next || *next < 0xDC00 || *next > 0xDFFF) return cp;
      i += 12;
      continue;
    }
    if (is_surrogate(*cp)) return cp;
    i += 6;
  }
  return std::nullopt;
}

/// Whether a JSON number, as written, has a magnitude above 2^53: beyond it
/// an IEEE 754 double no longer holds every integer, so consumers disagree
/// on the value. Works on the text so that 9007199254740993 and
/// 9007199254740993.0 are caught even though both round to 2^53.
bool exceeds_2_pow_53(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  std::string digits;
  long long point = 0;  // digits before the decimal point
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    digits.push_back(text[i]);
    ++point;
  }
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i)
      digits.push_back(text[i]);
  }
  long long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
      // Clamped: anything this far out is decided by the sign alone.
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (text[i] - '0');
    }
    if (negative) exponent = -exponent;
  }
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return false;  // zero
  point -= static_cast<long long>(first);
  digits.erase(0, first);
  point += exponent;
  // `point` is now the number of digits of the integer part.
  static constexpr std::string_view kLimit = "9007199254740992";  // 2^53
  const auto limit_digits = static_cast<long long>(kLimit.size());
  if (point != limit_digits) return point > limit_digits;
  std::string integer_part = digits.substr(0, std::min(digits.size(), kLimit.size()));
  integer_part.resize(kLimit.size(), '0');
  if (integer_part != kLimit) return integer_part > kLimit;
  // Equal integer part: larger only if a nonzero digit follows.
  return digits.find_first_not_of('0', kLimit.size()) != std::string::npos;
}

/// SAX handler that builds the DOM through the Document's own handler
/// methods and records, on the way, positions, pointers and I-JSON facts.
class StrictHandler {
 public:
  StrictHandler(ParsedJson& out, rapidjson::Document& doc, const TrackedStream& stream,
                std::size_t base, const Limits& limits)
      : out_(out), doc_(doc), stream_(stream), base_(base), limits_(limits) {}

  bool depth_exceeded() const { return depth_exceeded_; }

  bool Null() {
    scalar();
    return doc_.Null();
  }
  bool Bool(bool b) {
    scalar();
    return doc_.Bool(b);
  }
  // Int and Uint values fit in 32 bits: never wide.
  bool Int(int i) {
    scalar();
    return doc_.Int(i);
  }
  bool Uint(unsigned u) {
    scalar();
    return doc_.Uint(u);
  }
  bool Int64(std::int64_t i) {
    number();
    return doc_.Int64(i);
  }
  bool Uint64(std::uint64_t u) {
    number();
    return doc_.Uint64(u);
  }
  bool Double(double d) {
    number();
    return doc_.Double(d);
  }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool copy) {
    number();
    return doc_.RawNumber(str, length, copy);
  }
  bool String(const char* str, rapidjson::SizeType length, bool copy) {
    scalar([&](Span span) { check_string(str, length, span, false); });
    return doc_.String(str, length, copy);
  }
  bool Key(const char* str, rapidjson::SizeType length, bool copy) {
    const Span span{skip_separators(last_end_), position()};
    last_end_ = span.end;
    Frame& frame = frames_.back();
    frame.key_token.clear();
    append_escaped(frame.key_token, std::string_view(str, length));
    check_string(str, length, span, true);
    return doc_.Key(str, length, copy);
  }
  bool StartObject() { return start(true) && doc_.StartObject(); }
  bool StartArray() { return start(false) && doc_.StartArray(); }
  bool EndObject(rapidjson::SizeType count) {
    end();
    return doc_.EndObject(count);
  }
  bool EndArray(rapidjson::SizeType count) {
    end();
    return doc_.EndArray(count);
  }

 private:
  struct Frame {
    bool object = false;
    std::size_t parent_length = 0;  // pointer_ length of the enclosing container
    std::size_t begin = 0;
    std::size_t index = 0;        // next array index
    std::string key_token;        // escaped name of the member being parsed
    ValuePositions::Parent slot;  // numbers the children
  };

  std::size_t position() const { return base_ + stream_.Tell(); }

  // The reader reports a scalar only after consuming it, so its first byte is
  // found by skipping what may separate it from the previous token.
  std::size_t skip_separators(std::size_t from) const {
    const std::string& bytes = out_.bytes;
    while (from < bytes.size()) {
      const char c = bytes[from];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ':' && c != ',') break;
      ++from;
    }
    return from;
  }

  /// Appends the reference token of the value being parsed (nothing for
  /// the root value).
  void append_child(std::string& pointer) const {
    if (frames_.empty()) return;
    pointer.push_back('/');
    const Frame& frame = frames_.back();
    if (frame.object) {
      pointer += frame.key_token;
    } else {
      pointer += std::to_string(frame.index);
    }
  }

  /// The pointer of the value (or member name) being parsed; built only
  /// for the rare value that has something to report.
  std::string current_pointer() const {
    std::string pointer = pointer_;
    append_child(pointer);
    return pointer;
  }

  ValuePositions::Parent& slot() { return frames_.empty() ? root_slot_ : frames_.back().slot; }

  void advance_parent() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  /// Records a scalar value, then calls `inspect(span)`.
  template <typename Inspect>
  void scalar(Inspect&& inspect) {
    const Span span{skip_separators(last_end_), position()};
    last_end_ = span.end;
    out_.positions.scalar(out_.positions.child(slot()), span.begin, span.end);
    inspect(span);
    advance_parent();
  }
  void scalar() {
    scalar([](Span) {});
  }

  void number() {
    scalar([&](Span span) {
      const std::string_view text(out_.bytes.data() + span.begin, span.end - span.begin);
      if (exceeds_2_pow_53(text))
        out_.wide_numbers.push_back(WideNumber{current_pointer(), std::string(text)});
    });
  }

  bool start(bool object) {
    if (frames_.size() >= limits_.max_depth) {
      depth_exceeded_ = true;
      return false;
    }
    const std::size_t begin = position();  // the reader calls before taking '{' / '['
    last_end_ = begin + 1;
    Frame frame;
    frame.object = object;
    frame.parent_length = pointer_.size();
    frame.begin = begin;
    frame.slot.container = out_.positions.open(out_.positions.child(slot()), begin);
    append_child(pointer_);
    frames_.push_back(std::move(frame));
    return true;
  }

  void end() {
    const std::size_t end_offset = position() + 1;  // called before taking '}' / ']'
    last_end_ = end_offset;
    const Frame& frame = frames_.back();
    out_.positions.close(frame.slot.container, end_offset);
    pointer_.resize(frame.parent_length);
    frames_.pop_back();
    advance_parent();
  }

  void check_string(const char* str, std::size_t length, Span token, bool in_name) {
    const auto scan = scan_code_points(std::string_view(str, length));
    // After an encoding error the strings are decoded leniently, and a
    // decoded surrogate may come from raw bytes (ED A0 80: invalid UTF-8,
    // reported as such). Only the \u escapes of the token as written count.
    const auto surrogate =
        out_.utf8_valid
            ? scan.surrogate
            : lone_surrogate_escape(
                  std::string_view(out_.bytes).substr(token.begin, token.end - token.begin));
    if (surrogate)
      out_.string_issues.push_back(
          StringIssue{current_pointer(), in_name, StringIssueKind::lone_surrogate, *surrogate});
    if (scan.noncharacter)
      out_.string_issues.push_back(StringIssue{current_pointer(), in_name,
                                               StringIssueKind::noncharacter, *scan.noncharacter});
  }

  ParsedJson& out_;
  rapidjson::Document& doc_;
  const TrackedStream& stream_;
  std::size_t base_;
  const Limits& limits_;
  std::vector<Frame> frames_;
  ValuePositions::Parent root_slot_;
  std::string pointer_;  // pointer of the innermost open container
  std::size_t last_end_ = 0;
  bool depth_exceeded_ = false;
};

/// Calls visit(pointer, object) for every object of `root` with two or
/// more members. Iterative: --max-json-depth may allow nesting deeper
/// than a thread's stack.
template <typename Visit>
void for_each_object(const rapidjson::Value& root, Visit&& visit) {
  struct Step {
    const rapidjson::Value* value;
    std::size_t pointer_length;
    rapidjson::SizeType next = 0;
  };
  std::string pointer;
  std::vector<Step> stack{{&root, 0}};
  while (!stack.empty()) {
    const auto* v = stack.back().value;
    pointer.resize(stack.back().pointer_length);
    const auto i = stack.back().next++;
    if (i == 0 && v->IsObject() && v->MemberCount() >= 2) visit(std::as_const(pointer), *v);
    const auto size = v->IsObject() ? v->MemberCount() : v->IsArray() ? v->Size() : 0u;
    if (i >= size) {
      stack.pop_back();
      continue;
    }
    const rapidjson::Value* child = nullptr;
    pointer.push_back('/');
    if (v->IsObject()) {
      const auto& m = v->MemberBegin()[i];
      append_escaped(pointer, {m.name.GetString(), m.name.GetStringLength()});
      child = &m.value;
    } else {
      pointer += std::to_string(i);
      child = &(*v)[i];
    }
    if (child->IsObject() || child->IsArray()) stack.push_back({child, pointer.size()});
  }
}

/// Member names repeated within an object, each repeat with the
/// first occurrence, in the order the repeats appear in the document.
void find_duplicates(ParsedJson& out) {
  const auto name_of = [](const rapidjson::Value::Member& m) {
    return std::string_view(m.name.GetString(), m.name.GetStringLength());
  };
  std::vector<std::uint32_t> order;
  for_each_object(out.dom, [&](const std::string& pointer, const rapidjson::Value& object) {
    const auto members = object.MemberBegin();
    const auto n = object.MemberCount();
    // Members by name, then by position: each run of one name starts with
    // its first occurrence. The positions are found only for repeats.
    order.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const auto na = name_of(members[a]);
      const auto nb = name_of(members[b]);
      return na != nb ? na < nb : a < b;
    });
    std::optional<std::uint32_t> first_child;  // of the object, found at its first repeat
    const auto name_span = [&](std::uint32_t i) {
      if (!first_child) {
        const auto found = out.positions.find(out.dom, pointer);
        first_child = found ? out.positions.first_child(*found) : ValuePositions::kNone;
      }
      if (*first_child == ValuePositions::kNone) return Span{};
      return out.positions.name_span(out.bytes, *first_child + i).value_or(Span{});
    };
    std::uint32_t first = order[0];  // the first occurrence of the current name
    for (std::size_t k = 1; k < n; ++k) {
      if (name_of(members[order[k]]) != name_of(members[order[k - 1]])) {
        first = order[k];
        continue;
      }
      out.duplicates.push_back(DuplicateName{pointer, std::string(name_of(members[order[k]])),
                                             name_span(first), name_span(order[k])});
    }
  });
  std::sort(out.duplicates.begin(), out.duplicates.end(),
            [](const DuplicateName& a, const DuplicateName& b) {
              return a.repeat.begin < b.repeat.begin;
            });
}

std::string describe(rapidjson::ParseErrorCode code) {
  std::string text = rapidjson::GetParseError_En(code);
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

ParseErrorKind kind_of(rapidjson::ParseErrorCode code) {
  switch (code) {
    case rapidjson::kParseErrorStringInvalidEncoding:
      return ParseErrorKind::encoding;
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return ParseErrorKind::surrogate;
    case rapidjson::kParseErrorNumberTooBig:
      return ParseErrorKind::number_range;
    default:
      return ParseErrorKind::syntax;
  }
}

void reset(ParsedJson& out) {
  rapidjson::Document fresh;
  out.dom.Swap(fresh);  // the old DOM goes with `fresh`, before its pool
  out.duplicates.clear();
  out.wide_numbers.clear();
  out.string_issues.clear();
  out.positions.clear();
  out.error.reset();
}

/// One parse of out.bytes from `base`; fills `out` and returns the error, if any.
template <unsigned Flags>
std::optional<ParseError> parse_once(ParsedJson& out, std::size_t base, const Limits& limits) {
  reset(out);
  if (const auto values = out.positions.plan(out.bytes, base, limits.max_values);
      values > limits.max_values) {
    return ParseError{ParseErrorKind::values, base,
                      fmt::format("more than {} JSON values", limits.max_values)};
  }
  // A small document takes a small pool; a large one grows it in chunks
  // of RapidJSON's default size.
  constexpr std::size_t kMinChunk = 1024;
  constexpr std::size_t kMaxChunk = 64 * 1024;
  out.pool = std::make_unique<rapidjson::MemoryPoolAllocator<>>(
      std::clamp(out.bytes.size() * 2, kMinChunk, kMaxChunk));
  rapidjson::Document doc(out.pool.get());
  TrackedStream stream(out.bytes.data() + base, out.bytes.data() + out.bytes.size());
  StrictHandler handler(out, doc, stream, base, limits);
  rapidjson::Reader reader;
  rapidjson::ParseResult result;
  auto generate = [&](rapidjson::Document&) {
    result = reader.Parse<Flags>(stream, handler);
    return !result.IsError();
  };
  doc.Populate(generate);
  out.dom.Swap(doc);
  if (!result.IsError()) {
    // The reader stops at a NUL byte as if the input ended there.
    const std::size_t stop = base + stream.Tell();
    if (stop == out.bytes.size()) {
      out.positions.finish();
      find_duplicates(out);
      return std::nullopt;
    }
    return ParseError{ParseErrorKind::syntax, stop, "unexpected NUL byte"};
  }
  ParseError error;
  error.offset = base + result.Offset();
  if (result.Code() == rapidjson::kParseErrorTermination && handler.depth_exceeded()) {
    error.kind = ParseErrorKind::depth;
    error.message = "nesting deeper than " + std::to_string(limits.max_depth) + " levels";
    return error;
  }
  error.kind = kind_of(result.Code());
  error.message = describe(result.Code());
  if (error.offset < out.bytes.size() && out.bytes[error.offset] == '\0') {
    error.kind = ParseErrorKind::syntax;
    error.message = "unexpected NUL byte";
  } else if (error.offset >= out.bytes.size() &&
             result.Code() != rapidjson::kParseErrorDocumentEmpty) {
    error.message = "unexpected end of input: " + error.message;
  }
  return error;
}

}  // namespace

/// A number beyond the range of a double (1e400) is valid JSON (RFC 8259
/// §6 leaves the range to implementations) but stops RapidJSON. It is
/// blanked to "0" plus spaces in the parsed copy, which keeps every offset,
/// and recorded in wide_numbers; the original bytes are kept for hashing and
/// locating.
void read_overflowing_numbers(ParsedJson& out, std::size_t base, const Limits& limits) {
  constexpr int kMaxNumbers = 64;  // a hostile document cannot make this loop long
  std::vector<std::pair<std::size_t, std::string>> blanked;  // offset, original text
  const auto original = out.bytes;
  for (int i = 0; i < kMaxNumbers && out.error && out.error->kind == ParseErrorKind::number_range;
       ++i) {
    const auto is_number_char = [&](std::size_t k) {
      const char c = out.bytes[k];
      return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    };
    auto begin = std::min(out.error->offset, out.bytes.size());
    while (begin > 0 && is_number_char(begin - 1)) --begin;
    auto end = begin;
    while (end < out.bytes.size() && is_number_char(end)) ++end;
    if (end == begin) break;
    blanked.emplace_back(begin, out.bytes.substr(begin, end - begin));
    std::string zero(end - begin, ' ');
    zero[0] = '0';
    out.bytes.replace(begin, end - begin, zero);
    out.error = out.utf8_valid ? parse_once<kStrictFlags>(out, base, limits)
                               : parse_once<kLenientFlags>(out, base, limits);
  }
  if (blanked.empty()) return;
  for (const auto& [offset, text] : blanked)
    out.wide_numbers.push_back(WideNumber{out.pointer_at(offset, false), text, true});
  out.bytes = original;
}

std::unique_ptr<ParsedJson> parse_strict(std::string bytes, const Limits& limits) {
  auto out = std::make_unique<ParsedJson>();
  out->bytes = std::move(bytes);
  // A BOM is not JSON (RFC 8259 §8.1); it is skipped here so that the rest of
  // the document is still checked; has_bom records it for the rules.
  std::size_t base = 0;
  if (out->bytes.size() >= 3 && std::memcmp(out->bytes.data(), "\xEF\xBB\xBF", 3) == 0) {
    out->has_bom = true;
    base = 3;
  }
  out->error = parse_once<kStrictFlags>(*out, base, limits);
  if (out->error && out->error->kind == ParseErrorKind::encoding) {
    out->encoding_error = out->error;
    out->utf8_valid = false;
    out->error = parse_once<kLenientFlags>(*out, base, limits);
  }
  read_overflowing_numbers(*out, base, limits);
  // Builds the line index now, while the object is still private to this
  // thread, so that later line_col() calls from concurrent checks only read.
  (void)out->line_col(0);
  return out;
}

std::optional<Span> ParsedJson::value_span(std::string_view pointer) const {
  if (!ok()) return std::nullopt;
  const auto found = positions.find(dom, pointer);
  return found ? positions.span(*found) : std::nullopt;
}

std::optional<Span> ParsedJson::name_span(std::string_view pointer) const {
  if (!ok() || pointer.empty()) return std::nullopt;
  const auto found = positions.find(dom, pointer);
  return found ? positions.name_span(bytes, found->value) : std::nullopt;
}

std::string ParsedJson::pointer_at(std::size_t offset, bool names) const {
  return ok() ? positions.pointer_at(dom, bytes, offset, names) : std::string();
}

LineCol ParsedJson::line_col(std::size_t offset) const {
  // Columns count code points, as editors and SARIF (columnKind
  // unicodeCodePoints) do: a byte that is not a UTF-8 continuation byte
  // starts a character. Documents are often one long line, and may be
  // millions of short ones, so both counts start from the checkpoint below
  // the offset.
  const auto continuation = encoding::is_continuation_byte;
  if (checkpoints_.empty()) {
    checkpoints_.reserve(bytes.size() / kCheckpoint + 1);
    Checkpoint at;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      if (i % kCheckpoint == 0) checkpoints_.push_back(at);
      if (bytes[i] == '\n') {
        ++at.lines;
        at.line_start = i + 1;
      }
      if (!continuation(bytes[i])) ++at.chars;
    }
    if (bytes.size() % kCheckpoint == 0) checkpoints_.push_back(at);  // for the end
  }
  const auto chars_before = [&](std::size_t at) {
    auto n = checkpoints_[at / kCheckpoint].chars;
    for (std::size_t i = at / kCheckpoint * kCheckpoint; i < at; ++i)
      if (!continuation(bytes[i])) ++n;
    return n;
  };
  offset = std::min(offset, bytes.size());
  const auto& from = checkpoints_[offset / kCheckpoint];
  std::size_t lines = from.lines;
  std::size_t line_start = from.line_start;
  for (std::size_t i = offset / kCheckpoint * kCheckpoint; i < offset; ++i) {
    if (bytes[i] == '\n') {
      ++lines;
      line_start = i + 1;
    }
  }
  return LineCol{lines + 1, chars_before(offset) - chars_before(line_start) + 1};
}

std::size_t ParsedJson::held_bytes() const {
  const auto string_bytes = [](const std::string& s) {
    // Short strings live in the object itself.
    return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
  };
  std::size_t n =
      sizeof(ParsedJson) + string_bytes(bytes) + positions.held_bytes() + dom.GetStackCapacity();
  if (pool) n += sizeof(*pool) + pool->Capacity();
  n += duplicates.capacity() * sizeof(DuplicateName);
  for (const auto& d : duplicates) n += string_bytes(d.object_pointer) + string_bytes(d.name);
  n += wide_numbers.capacity() * sizeof(WideNumber);
  for (const auto& w : wide_numbers) n += string_bytes(w.pointer) + string_bytes(w.text);
  n += string_issues.capacity() * sizeof(StringIssue);
  for (const auto& i : string_issues) n += string_bytes(i.pointer);
  for (const auto* e : {&error, &encoding_error})
    if (e->has_value()) n += string_bytes((*e)->message);
  // The line table, whether line_col() has built it yet or not.
  n += (bytes.size() / kCheckpoint + 1) * sizeof(Checkpoint);
  return n;
}

LineCol ParsedJson::locate(std::string_view pointer) const {
  while (true) {
    if (const auto span = value_span(pointer)) return line_col(span->begin);
    if (pointer.empty()) return LineCol{};
    const auto slash = pointer.rfind('/');
    pointer = slash == std::string_view::npos ? std::string_view{} : pointer.substr(0, slash);
  }
}

}  // namespace ocv::json
