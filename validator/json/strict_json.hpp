#pragma once
// Strict JSON parsing for OCI documents.
//
// RapidJSON alone accepts things the OCI spec (I-JSON, RFC 7493) forbids and
// silently resolves others differently from Go consumers (duplicate names:
// RapidJSON's FindMember returns the first member, Go keeps the last). The
// parser here builds an ordinary RapidJSON DOM and, on the way, records every
// fact the JSON rules need, plus where every value starts and ends so that
// a finding can point at a line and column (value_positions.hpp).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "validator/json/value_positions.hpp"

namespace ocv::json {

struct Limits {
  std::size_t max_depth = 64;  // nesting of objects + arrays; OCI documents need < 10
  /// Values (scalars, arrays and objects) in one document. An index of
  /// 16 MiB holds about 500,000; the DOM, which RapidJSON builds with a
  /// copy of the largest container, takes up to 80 bytes per value.
  std::size_t max_values = 2'000'000;
};

/// 1-based line and column (column counts code points) of a byte offset.
struct LineCol {
  std::size_t line = 1;
  std::size_t column = 1;
};

enum class ParseErrorKind {
  syntax,        // not JSON at all, or truncated
  encoding,      // invalid UTF-8 in the input bytes
  surrogate,     // a \u escape that is a lone or reversed surrogate
  depth,         // nesting deeper than Limits::max_depth
  values,        // more values than Limits::max_values (not parsed)
  number_range,  // a number too large for a double (e.g. 1e400)
};

struct ParseError {
  ParseErrorKind kind = ParseErrorKind::syntax;
  std::size_t offset = 0;  // byte offset where the parser stopped
  std::string message;     // human text, e.g. "missing ',' or '}' after an object member"
};

/// An object member name that occurs more than once in the same object.
struct DuplicateName {
  std::string object_pointer;  // RFC 6901 pointer of the object ("" = root)
  std::string name;            // the repeated name (decoded)
  Span first;                  // span of the first occurrence's name
  Span repeat;                 // span of the repeated occurrence's name
};

/// An integer whose magnitude exceeds 2^53, or a number that is not
/// representable exactly as an IEEE 754 double integer (RFC 7493 §2.2).
struct WideNumber {
  std::string pointer;
  std::string text;       // the number as written in the input
  bool overflow = false;  // beyond the range of a double (1e400): read as 0 in the DOM
};

enum class StringIssueKind {
  lone_surrogate,  // decoded string holds a surrogate code point (U+D800..U+DFFF)
  noncharacter,    // U+FDD0..U+FDEF or U+xxFFFE / U+xxFFFF
};

/// A string value or member name that breaks RFC 7493 §2.1.
struct StringIssue {
  std::string pointer;   // pointer of the value, or of the member whose name is bad
  bool in_name = false;  // true when the member name (not the value) is affected
  StringIssueKind kind = StringIssueKind::noncharacter;
  std::uint32_t code_point = 0;
};

/// The outcome of parsing one document. `dom` is usable when `ok()`.
class ParsedJson {
 public:
  bool ok() const { return !error.has_value(); }

  std::string bytes;                // the input, kept for locating
  bool has_bom = false;             // input started with EF BB BF
  bool utf8_valid = true;           // false: parsed leniently after an encoding error
  std::optional<ParseError> error;  // set when no usable DOM could be built
  /// The DOM's allocator, sized for the document: RapidJSON's default takes
  /// 64 KiB at once, which 20,000 small manifests turn into gigabytes.
  std::unique_ptr<rapidjson::MemoryPoolAllocator<>> pool;
  rapidjson::Document dom;                   // the parsed value (first member wins on duplicates)
  std::vector<DuplicateName> duplicates;     // member names repeated within an object
  std::vector<WideNumber> wide_numbers;      // numbers a double cannot hold exactly
  std::vector<StringIssue> string_issues;    // RFC 7493 §2.1 (surrogates only when utf8_valid)
  std::optional<ParseError> encoding_error;  // first invalid UTF-8 position, if any

  /// Span of the value at `pointer` (RFC 6901, "" = root). For a repeated
  /// name, the first occurrence. nullopt when the pointer does not exist.
  std::optional<Span> value_span(std::string_view pointer) const;
  /// Span of the member *name* for an object member pointer.
  std::optional<Span> name_span(std::string_view pointer) const;
  /// Line and column of a byte offset in `bytes`.
  LineCol line_col(std::size_t offset) const;
  /// Line/column of the value at `pointer`, or of the nearest existing
  /// ancestor when the pointer does not exist (e.g. a missing member).
  LineCol locate(std::string_view pointer) const;
  /// The pointer of the innermost value whose bytes hold `offset` (with
  /// `names`, also of the member whose name holds it); "" = the root.
  std::string pointer_at(std::size_t offset, bool names = true) const;

  /// Where each value is (filled by the parser).
  ValuePositions positions;

  /// The memory this document takes while it is held, in bytes: the
  /// object, its bytes, the DOM's pool, the positions, the facts recorded
  /// on the way, and the line table line_col() builds when first asked.
  /// Capacities, not estimates: what the allocations are.
  std::size_t held_bytes() const;

 private:
  /// Where line_col() starts counting: every kCheckpoint bytes, the code
  /// points and lines before that byte and where its line starts. Kept per
  /// 4 KiB rather than per line, so that a document of newlines cannot
  /// make it eight times its own size.
  struct Checkpoint {
    std::size_t chars = 0;       // code points before the checkpoint
    std::size_t lines = 0;       // newlines before the checkpoint
    std::size_t line_start = 0;  // offset of the line the checkpoint is on
  };
  static constexpr std::size_t kCheckpoint = 4096;
  mutable std::vector<Checkpoint> checkpoints_;  // built lazily by line_col()
};

/// Parses `bytes` strictly. Never throws on bad input; never recurses (the
/// parse is iterative), so deeply nested input cannot exhaust the stack.
/// When the bytes are not valid UTF-8, `encoding_error` is set and the bytes
/// are parsed again without encoding validation so that the other rules can
/// still run on the document.
std::unique_ptr<ParsedJson> parse_strict(std::string bytes, const Limits& limits = {});

}  // namespace ocv::json
