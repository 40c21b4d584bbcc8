// JSON-*: how OCI documents are serialized (considerations.md § JSON on the
// spec's main branch, which adopts I-JSON, RFC 7493).
//
// Most facts come from the strict parser (validator/json/strict_json.hpp),
// which records them while it builds the DOM: the DOM alone cannot show a
// BOM, a duplicate name, the spelling of a number or a lone surrogate.
//
// A document that does not parse at all (syntax, a number beyond the
// double range) is reported by the rule of the document itself (MT-002,
// LYT-002, LYT-004); the JSON rules add only what is about the
// serialization: JSON-001 (encoding) and JSON-004 (a surrogate escape that
// stopped the parser). JSON nested deeper than the parser's cap is not a
// parse error: the content graph does not check such a document and
// reports LIMIT-002 instead.
//
// JSON-005 (canonical serialization) is opt-in, see the comment at its
// metadata.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/families.hpp"
#include "rules/grammar.hpp"
#include "rules/json_access.hpp"
#include "validator/encoding/utf8.hpp"
#include "validator/json/canonical_json.hpp"

namespace ocv::rules {
namespace {

using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::Severity;

/// A document string for a message: shortened, with control characters
/// and bytes that are not UTF-8 shown as escapes, so that a hostile value
/// cannot break or flood a report.
std::string printable(std::string_view s) {
  constexpr std::size_t kMax = 60;
  std::string out = "\"";
  std::size_t i = 0;
  while (i < s.size()) {
    if (out.size() > kMax) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (const auto len = encoding::decode_utf8(s, i).length; c >= 0x80 && len > 0) {
      out.append(s.substr(i, len));
      i += len;
    } else if (c < 0x20 || c == 0x7F || c >= 0x80) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
    } else {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
    }
  }
  out.push_back('"');
  return out;
}

std::string position(const json::ParsedJson& parsed, std::size_t offset) {
  const auto lc = parsed.line_col(offset);
  return fmt::format("line {}, column {}", lc.line, lc.column);
}

// JSON-001: valid UTF-8 and no byte order mark.
void check_encoding(const DocumentView& doc, FindingSink& sink) {
  const auto& parsed = *doc.json;
  constexpr std::string_view kBom =
      "the document starts with a UTF-8 byte order mark (EF BB BF); JSON text must not have "
      "one, and Go's decoder rejects it";
  std::optional<json::ParseError> bad = parsed.encoding_error;
  if (!bad && parsed.error && parsed.error->kind == json::ParseErrorKind::encoding)
    bad = parsed.error;
  if (!bad) {
    if (parsed.has_bom) sink.report("JSON-001", doc, "", std::string(kBom));
    return;
  }
  const auto byte = bad->offset < parsed.bytes.size()
                        ? static_cast<unsigned char>(parsed.bytes[bad->offset])
                        : 0u;
  const auto invalid =
      fmt::format("byte 0x{:02X} at offset {} ({}) does not start a valid UTF-8 sequence", byte,
                  bad->offset, position(parsed, bad->offset));
  auto message = "the document is not valid UTF-8: " + invalid;
  const auto pointer = parsed.pointer_at(bad->offset);
  // Findings are kept once per rule and pointer: a BOM and an encoding
  // error in the top-level value share one finding.
  if (parsed.has_bom && pointer.empty()) {
    message = fmt::format("{}; and it is not valid UTF-8: {}", kBom, invalid);
  } else if (parsed.has_bom) {
    sink.report("JSON-001", doc, "", std::string(kBom));
  }
  sink.report("JSON-001", doc, pointer, std::move(message));
}

// JSON-002: no duplicate member names.
void check_duplicates(const DocumentView& doc, FindingSink& sink) {
  const auto& parsed = *doc.json;
  for (const auto& d : parsed.duplicates) {
    const auto where = d.object_pointer.empty() ? std::string("the top-level object")
                                                : fmt::format("object {}", d.object_pointer);
    sink.report("JSON-002", doc, json::pointer_append(d.object_pointer, d.name),
                fmt::format("member name {} occurs more than once in {} (line {} and line {}); "
                            "this validator reads the first, Go consumers the last",
                            printable(d.name), where, parsed.line_col(d.first.begin).line,
                            parsed.line_col(d.repeat.begin).line));
  }
}

// JSON-003: numbers within the exact integer range of a double.
void check_numbers(const DocumentView& doc, FindingSink& sink) {
  for (const auto& n : doc.json->wide_numbers) {
    const auto text = n.text.size() > 40 ? n.text.substr(0, 37) + "..." : n.text;
    sink.report("JSON-003", doc, n.pointer,
                n.overflow
                    ? fmt::format("number {} is beyond the range of an IEEE 754 double; most "
                                  "JSON decoders reject it or read infinity",
                                  text)
                    : fmt::format("number {} is beyond ±2^53 (9007199254740992); consumers that "
                                  "read JSON numbers as IEEE 754 doubles see a different value",
                                  text));
  }
}

// JSON-004: no surrogate code points and no noncharacters in strings.
void check_strings(const DocumentView& doc, FindingSink& sink) {
  const auto& parsed = *doc.json;
  if (parsed.error && parsed.error->kind == json::ParseErrorKind::surrogate) {
    sink.report("JSON-004", doc, "",
                fmt::format("a \\u escape at {} is a lone or reversed UTF-16 surrogate ({}); "
                            "strings must hold Unicode scalar values only",
                            position(parsed, parsed.error->offset), parsed.error->message));
  }
  if (!parsed.ok()) return;
  // A member's name and its string value share a pointer, and findings are
  // kept once per rule and pointer: one message per pointer lists them all.
  std::vector<std::pair<std::string, std::vector<std::string>>> by_pointer;
  for (const auto& issue : parsed.string_issues) {
    if (by_pointer.empty() || by_pointer.back().first != issue.pointer)
      by_pointer.emplace_back(issue.pointer, std::vector<std::string>{});
    by_pointer.back().second.push_back(
        fmt::format("{} contains {} U+{:04X}", issue.in_name ? "the member name" : "the string",
                    issue.kind == json::StringIssueKind::lone_surrogate ? "the lone surrogate"
                                                                        : "the noncharacter",
                    issue.code_point));
  }
  for (const auto& [pointer, parts] : by_pointer) {
    sink.report("JSON-004", doc, pointer,
                fmt::format("{}; RFC 7493 §2.1 forbids surrogates and noncharacters in strings "
                            "and member names",
                            fmt::join(parts, ", and ")));
  }
}

// JSON-006: date-times in the I-JSON form (upper-case T and Z).
void check_date_time(const DocumentView& doc, FindingSink& sink, const rapidjson::Value& value,
                     const std::string& pointer) {
  if (!value.IsString()) return;
  const auto text = as_view(value);
  // Values that are not RFC 3339 at all are the business of CFG-010/011 and
  // ANN-007; this rule is only about the letter case I-JSON asks for.
  if (!grammar::is_rfc3339(text) || grammar::is_ijson_date_time(text)) return;
  sink.report("JSON-006", doc, pointer,
              fmt::format("date-time {} uses a lower-case 't' or 'z'; I-JSON (RFC 7493 §4.3) "
                          "recommends upper-case, e.g. 2015-10-31T22:22:56Z",
                          printable(text)));
}

constexpr std::string_view kCreatedAnnotation = "org.opencontainers.image.created";

void check_created_labels(const DocumentView& doc, FindingSink& sink, const rapidjson::Value& map,
                          const std::string& pointer) {
  if (!map.IsObject()) return;
  for (const auto& m : map.GetObject())
    if (m.name.IsString() && as_view(m.name) == kCreatedAnnotation)
      check_date_time(doc, sink, m.value, json::pointer_append(pointer, kCreatedAnnotation));
}

void check_date_times(const DocumentView& doc, FindingSink& sink) {
  const auto* root = doc.root();
  if (root == nullptr || !root->IsObject()) return;
  if (doc.kind == DocKind::config) {
    if (const auto it = root->FindMember("created"); it != root->MemberEnd())
      check_date_time(doc, sink, it->value, "/created");
    if (const auto it = root->FindMember("history");
        it != root->MemberEnd() && it->value.IsArray()) {
      std::size_t i = 0;
      for (const auto& entry : it->value.GetArray()) {
        const auto base = json::pointer_append("/history", i++);
        if (!entry.IsObject()) continue;
        if (const auto c = entry.FindMember("created"); c != entry.MemberEnd())
          check_date_time(doc, sink, c->value, json::pointer_append(base, "created"));
      }
    }
    // config.Labels follow the annotation rules (CFG-016).
    if (const auto it = root->FindMember("config");
        it != root->MemberEnd() && it->value.IsObject()) {
      if (const auto labels = it->value.FindMember("Labels"); labels != it->value.MemberEnd())
        check_created_labels(doc, sink, labels->value, "/config/Labels");
    }
  }
  // Every "annotations" map of the document: the top level and those of
  // descriptors at any depth. Walked depth first with an explicit stack of
  // the containers entered, one per level (nesting is bounded by the
  // parser's depth limit, but that limit is configurable), each walked
  // from its last child to its first; an object's maps are checked when it
  // is entered. No list of siblings: an index holds a million entries.
  struct Level {
    const rapidjson::Value* value;
    rapidjson::SizeType left;  // children not walked yet: [0, left)
    std::string pointer;
  };
  std::vector<Level> stack;
  const auto enter = [&](const rapidjson::Value& value, std::string pointer) {
    if (value.IsObject()) {
      for (const auto& m : value.GetObject())
        if ((m.value.IsObject() || m.value.IsArray()) && as_view(m.name) == "annotations")
          check_created_labels(doc, sink, m.value, json::pointer_append(pointer, "annotations"));
      stack.push_back({&value, value.MemberCount(), std::move(pointer)});
    } else if (value.IsArray()) {
      stack.push_back({&value, value.Size(), std::move(pointer)});
    }
  };
  enter(*root, "");
  while (!stack.empty()) {
    auto& level = stack.back();
    if (level.left == 0) {
      stack.pop_back();
      continue;
    }
    const auto i = --level.left;
    if (level.value->IsArray()) {
      const auto& item = (*level.value)[i];
      if (item.IsObject() || item.IsArray()) enter(item, json::pointer_append(level.pointer, i));
      continue;
    }
    const auto& m = *(level.value->MemberBegin() + i);
    // A string map: nothing nested, and checked when its object was entered.
    if ((!m.value.IsObject() && !m.value.IsArray()) || as_view(m.name) == "annotations") continue;
    enter(m.value, json::pointer_append(level.pointer, as_view(m.name)));
  }
}

// JSON-007: the top-level value is an object.
void check_top_level(const DocumentView& doc, FindingSink& sink) {
  const auto* root = doc.root();
  if (root == nullptr || root->IsObject()) return;
  std::string_view found = "a value";
  switch (root->GetType()) {
    case rapidjson::kNullType:
      found = "null";
      break;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      found = "a boolean";
      break;
    case rapidjson::kArrayType:
      found = "an array";
      break;
    case rapidjson::kStringType:
      found = "a string";
      break;
    case rapidjson::kNumberType:
      found = "a number";
      break;
    case rapidjson::kObjectType:
      break;
  }
  sink.report("JSON-007", doc, "",
              fmt::format("the top-level value of the {} document must be a JSON object, found {}",
                          engine::to_string(doc.kind), found));
}

/// A few bytes of `s` from `at`, extended to a whole UTF-8 character.
std::string_view excerpt(std::string_view s, std::size_t at) {
  std::size_t end = std::min(s.size(), at + 16);
  while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0u) == 0x80u) ++end;
  return s.substr(at, end - at);
}

// JSON-005: the bytes are the document's RFC 8785 canonical form. Checked
// only on documents without encoding, duplicate, number or string
// findings: their canonical form is not well defined.
void check_canonical(const DocumentView& doc, FindingSink& sink) {
  const auto& json = *doc.json;
  if (!sink.wants("JSON-005") || json.has_bom || !json.utf8_valid || json.encoding_error ||
      !json.duplicates.empty() || !json.wide_numbers.empty() || !json.string_issues.empty())
    return;
  const auto canonical = json::canonical_form(json);
  const auto at = json::first_difference(json.bytes, canonical);
  if (!at) return;
  const auto pos = json.line_col(*at);
  const auto found = *at < json.bytes.size() ? printable(excerpt(json.bytes, *at))
                                             : std::string("the end of the document");
  const auto wanted = *at < canonical.size() ? printable(excerpt(canonical, *at))
                                             : std::string("the end of the document");
  sink.report("JSON-005", doc, json.pointer_at(*at, false),
              fmt::format("the {} document is not in canonical JSON form (RFC 8785): from byte "
                          "{} (line {}, column {}) it has {} where the canonical form has {}",
                          engine::to_string(doc.kind), *at, pos.line, pos.column, found, wanted));
}

// JSON-008: member names that Go would take for a spec field.
//
// Go's encoding/json matches an object member to a struct field by exact
// name first and then case-insensitively (with the Kelvin sign folding to
// 'k' and the long s to 's'); JSON Schema and RapidJSON compare exactly. So
// "MediaType" is the mediaType to a Go consumer and an unknown member to
// everyone else. Only objects that Go decodes into a spec type are checked,
// following the spec's structure; free-form maps (annotations, Labels,
// ExposedPorts, Volumes) and unknown members are never entered.
enum class Shape {
  none,
  manifest,
  index,
  descriptor,
  platform,
  config,
  image_config,
  rootfs,
  history,
  layout
};

struct Field {
  std::string_view name;
  Shape shape = Shape::none;  // what Go decodes the member's value into
  bool array = false;         // an array of `shape`
};

// clang-format off
constexpr std::array kManifestFields{
    Field{"schemaVersion"}, Field{"mediaType"}, Field{"artifactType"},
    Field{"config", Shape::descriptor}, Field{"layers", Shape::descriptor, true},
    Field{"subject", Shape::descriptor}, Field{"annotations"}};
constexpr std::array kIndexFields{
    Field{"schemaVersion"}, Field{"mediaType"}, Field{"artifactType"},
    Field{"manifests", Shape::descriptor, true}, Field{"subject", Shape::descriptor},
    Field{"annotations"}};
constexpr std::array kDescriptorFields{
    Field{"mediaType"}, Field{"digest"}, Field{"size"}, Field{"urls"}, Field{"annotations"},
    Field{"data"}, Field{"artifactType"}, Field{"platform", Shape::platform}};
constexpr std::array kPlatformFields{
    Field{"architecture"}, Field{"os"}, Field{"os.version"}, Field{"os.features"},
    Field{"variant"}, Field{"features"}};
constexpr std::array kConfigFields{
    Field{"created"}, Field{"author"}, Field{"architecture"}, Field{"os"}, Field{"os.version"},
    Field{"os.features"}, Field{"variant"}, Field{"config", Shape::image_config},
    Field{"rootfs", Shape::rootfs}, Field{"history", Shape::history, true}};
constexpr std::array kImageConfigFields{
    Field{"User"}, Field{"ExposedPorts"}, Field{"Env"}, Field{"Entrypoint"}, Field{"Cmd"},
    Field{"Volumes"}, Field{"WorkingDir"}, Field{"Labels"}, Field{"StopSignal"},
    Field{"ArgsEscaped"}, Field{"Memory"}, Field{"MemorySwap"}, Field{"CpuShares"},
    Field{"Healthcheck"}};
constexpr std::array kRootfsFields{Field{"type"}, Field{"diff_ids"}};
constexpr std::array kHistoryFields{
    Field{"created"}, Field{"author"}, Field{"created_by"}, Field{"comment"},
    Field{"empty_layer"}};
constexpr std::array kLayoutFields{Field{"imageLayoutVersion"}};
// clang-format on

std::span<const Field> fields_of(Shape shape) {
  switch (shape) {
    case Shape::manifest:
      return kManifestFields;
    case Shape::index:
      return kIndexFields;
    case Shape::descriptor:
      return kDescriptorFields;
    case Shape::platform:
      return kPlatformFields;
    case Shape::config:
      return kConfigFields;
    case Shape::image_config:
      return kImageConfigFields;
    case Shape::rootfs:
      return kRootfsFields;
    case Shape::history:
      return kHistoryFields;
    case Shape::layout:
      return kLayoutFields;
    case Shape::none:
      break;
  }
  return {};
}

Shape shape_of(DocKind kind) {
  switch (kind) {
    case DocKind::layout_header:
      return Shape::layout;
    case DocKind::index:
      return Shape::index;
    case DocKind::manifest:
      return Shape::manifest;
    case DocKind::config:
      return Shape::config;
    case DocKind::descriptor:
      return Shape::descriptor;
    case DocKind::empty:
      break;
  }
  return Shape::none;
}

/// The name as Go's case-insensitive match sees it: ASCII folded to lower
/// case, U+212A KELVIN SIGN to 'k' and U+017F LATIN SMALL LETTER LONG S to
/// 's' (the two non-ASCII letters that fold to ASCII ones).
std::string go_fold(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name.substr(i, 3) == "\xE2\x84\xAA") {
      out.push_back('k');
      i += 2;
    } else if (name.substr(i, 2) == "\xC5\xBF") {
      out.push_back('s');
      i += 1;
    } else {
      const char c = name[i];
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  return out;
}

const Field* fold_match(std::span<const Field> fields, std::string_view folded) {
  for (const auto& f : fields)
    if (go_fold(f.name) == folded) return &f;
  return nullptr;
}

void check_case_variants(const DocumentView& doc, FindingSink& sink, const rapidjson::Value& object,
                         Shape shape, const std::string& pointer) {
  if (!object.IsObject()) return;
  const auto fields = fields_of(shape);
  if (fields.empty()) return;
  // Fold every name once; then each member is compared with its siblings.
  std::vector<std::pair<std::string_view, const Field*>> members;
  for (const auto& m : object.GetObject())
    members.emplace_back(as_view(m.name), fold_match(fields, go_fold(as_view(m.name))));
  // For each field, the first two different names that Go maps to it: the
  // first sibling of a name with another name is one of them (an object of
  // a million members is not scanned once per member).
  struct Names {
    const Field* field;
    std::string_view first, second;
  };
  std::vector<Names> names_of;
  for (const auto& [name, field] : members) {
    if (field == nullptr) continue;
    // Captured by copy: C++20 lets lambdas capture structured bindings,
    // clang before 16 does not.
    auto it = std::find_if(names_of.begin(), names_of.end(),
                           [f = field](const Names& n) { return n.field == f; });
    if (it == names_of.end()) {
      names_of.push_back({field, name, {}});
    } else if (it->second.data() == nullptr && name != it->first) {
      it->second = name;
    }
  }
  std::size_t i = 0;
  for (const auto& m : object.GetObject()) {
    // Plain variables, not a structured binding: the lambda below captures
    // them, which clang supports only from version 16.
    const auto name = members[i].first;
    const auto* const field = members[i].second;
    ++i;
    if (field == nullptr) continue;
    const auto child = json::pointer_append(pointer, name);
    if (field->shape != Shape::none) {
      if (!field->array) {
        check_case_variants(doc, sink, m.value, field->shape, child);
      } else if (m.value.IsArray()) {
        std::size_t k = 0;
        for (const auto& item : m.value.GetArray())
          check_case_variants(doc, sink, item, field->shape, json::pointer_append(child, k++));
      }
    }
    if (name == field->name) continue;
    // A sibling that Go maps to the same field: the exact name or another
    // variant. Go keeps whichever comes last, the others none of them.
    const auto& seen = *std::find_if(names_of.begin(), names_of.end(),
                                     [&](const Names& n) { return n.field == field; });
    const auto sibling = seen.first != name ? seen.first : seen.second;
    if (sibling.data() != nullptr) {
      sink.report("JSON-008", doc, child,
                  fmt::format("member {} differs only in case from the field \"{}\", and the "
                              "object also has {}; Go consumers take whichever comes last, "
                              "JSON Schema and this validator read only \"{}\"",
                              printable(name), field->name, printable(sibling), field->name),
                  Severity::error);
    } else {
      sink.report("JSON-008", doc, child,
                  fmt::format("member {} differs only in case from the field \"{}\"; Go "
                              "consumers read it as {}, JSON Schema and this validator treat "
                              "it as an unknown member",
                              printable(name), field->name, field->name));
    }
  }
}

void check_document(const DocumentView& doc, FindingSink& sink) {
  if (doc.json == nullptr) return;
  check_encoding(doc, sink);
  check_strings(doc, sink);
  if (doc.root() == nullptr) return;
  check_duplicates(doc, sink);
  check_numbers(doc, sink);
  check_date_times(doc, sink);
  check_top_level(doc, sink);
  check_canonical(doc, sink);
  check_case_variants(doc, sink, *doc.root(), shape_of(doc.kind), "");
}

}  // namespace

void register_json_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "JSON-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Documents are UTF-8 without a byte order mark",
       .spec = "main:considerations.md#json",
       .help = "Write the document as UTF-8 and drop any byte order mark (EF BB BF) at its start; "
               "re-encode text taken from other encodings (Latin-1, UTF-16) before writing it.",
       .catalogue = {.source = "considerations.md § JSON (\"The encoding MUST be UTF-8\")",
                     .requirement = "every OCI `+json` document is valid UTF-8; also no BOM (RFC "
                                    "8259 §8.1; Go's decoder rejects one)",
                     .applies_to = "M, I, C, `oci-layout`, `index.json`, empty blob",
                     .check = "parse with `kParseValidateEncodingFlag`; check the first 3 bytes",
                     .level = "MUST (main)"}},
      {.id = "JSON-002",
       .level = "MUST NOT",
       .severity = Severity::error,
       .title = "Objects have no duplicate member names",
       .spec = "main:considerations.md#json",
       .help =
           "Keep one member per name. Parsers disagree on which duplicate wins (the first here and "
           "in RapidJSON, the last in Go), so two consumers can see different content under the "
           "same digest.",
       .catalogue =
           {.source = "considerations.md § JSON (\"Objects MUST NOT contain duplicate names\")",
            .requirement = "no object has duplicate member names",
            .applies_to = "same",
            .check = "doc: member scan per object (RapidJSON keeps both members and `FindMember` "
                     "returns the first, while Go keeps the last: a parser differential)",
            .level = "MUST NOT (main; annotation keys already in v1.1.1)"}},
      {.id = "JSON-003",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Numbers stay within IEEE 754 double precision (integers within ±2^53)",
       .spec = "main:considerations.md#json",
       .help = "Keep integers between -9007199254740992 and 9007199254740992; larger values lose "
               "precision in consumers that use doubles (JavaScript, many JSON libraries).",
       .catalogue = {.source = "considerations.md § JSON (\"Numbers SHOULD be limited to IEEE 754 "
                               "double precision\")",
                     .requirement = "integers stay within ±2^53; fractional numbers are finite",
                     .applies_to = "same",
                     .check = "doc",
                     .level = "SHOULD (main)"}},
      {.id = "JSON-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Strings and names hold no surrogate code points and no noncharacters",
       .spec = "main:considerations.md#json",
       .help =
           "Remove lone or reversed surrogate escapes (\\uD800..\\uDFFF not forming a pair) and "
           "noncharacters (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF) from strings and member names.",
       .catalogue =
           {.source = "RFC 7493 §2.1",
            .requirement = "strings and names contain no surrogate code points (including "
                           "`\\uD800`-style escapes) and no Unicode noncharacters",
            .applies_to = "same",
            .check = "doc: scan decoded strings",
            .level = "MUST (main, through \"MUST follow the I-JSON limitations in RFC 7493\")"}},
      // JSON-005 is opt-in: the spec's main branch made canonical JSON
      // optional, and real manifests (Docker, BuildKit, containerd, umoci)
      // are not canonical, so by default the finding would be on nearly
      // every document and say nothing about its correctness. For
      // pipelines that promise canonical documents it is one --enable away.
      {.id = "JSON-005",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "Content is serialized as canonical JSON",
       .spec = "considerations.md#canonicalization",
       .help =
           "Serialize documents with an RFC 8785 (JSON Canonicalization Scheme) serializer: "
           "members sorted by name, no whitespace, no trailing newline, numbers in their shortest "
           "form. Digests are computed over the exact bytes either way, so never re-serialize "
           "content after it has been digested. Off unless enabled (--enable JSON-005).",
       .opt_in = true,
       .catalogue =
           {.source =
                "v1.1.1: \"JSON content SHOULD be serialized as canonical JSON\"; main: \"MAY "
                "implement Canonical JSON (RFC 8785)\", \"order of entries … not significant\"",
            .requirement = "canonical serialization",
            .applies_to = "same",
            .check = "doc: byte-compare with a canonical re-serialization (v1.1.1 profile: "
                     "warning; main: note). Most real manifests are not canonical",
            .level = "SHOULD (v1.1.1) → MAY (main)"}},
      {.id = "JSON-006",
       .level = "RECOMMENDED",
       .severity = Severity::note,
       .title = "Date-times use upper-case T and Z (I-JSON)",
       .spec = "main:considerations.md#json",
       .help = "Write date-times such as created as 2015-10-31T22:22:56Z: upper-case 'T' and 'Z', "
               "with seconds and an explicit offset.",
       .catalogue =
           {.source = "I-JSON, by reference from considerations.md (main)",
            .requirement =
                "date-times use upper-case `T`/`Z`, carry an explicit offset, and include seconds",
            .applies_to = "C.created, history[].created, `created` annotation",
            .check = "rx",
            .level = "RECOMMENDED (RFC 7493 §4.3)"}},
      {.id = "JSON-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "The top-level value of a document is a JSON object",
       .spec = "image-layout.md#oci-layout-file",
       .help = "Every OCI JSON document (oci-layout, index.json, manifests, indexes, configs) is a "
               "JSON object; wrap or replace a top-level array, string, number or null.",
       .catalogue = {.source =
                         "image-layout.md (`oci-layout` \"MUST be a JSON object\"; `index.json` "
                         "\"image index JSON object\"); the schemas use `type: object`",
                     .requirement = "the top-level value of each OCI JSON document is an object",
                     .applies_to = "all JSON documents",
                     .check = "schema"}},
      {.id = "JSON-008",
       .level = "HARDENING",
       .severity = Severity::warning,
       .title = "No member name differs only in case from a spec field",
       .spec = "main:considerations.md#json",
       .help = "Spell fields exactly as the spec does (mediaType, digest, Labels, ...). Go matches "
               "member names case-insensitively and reads \"MediaType\" as mediaType, while JSON "
               "Schema and other parsers ignore it: a parser differential. It is an error when the "
               "object has the exact field too.",
       .catalogue =
           {.source = "(not in spec; Go `encoding/json` matches member names case-insensitively)",
            .requirement = "no member name differs only in case from a field the spec defines "
                           "(e.g. `MediaType`, `Digest`, `Layers`)",
            .applies_to = "all JSON documents",
            .check = "doc: Go consumers read such a member as the real field while JSON Schema and "
                     "RapidJSON treat it as unknown, a parser differential (sev: error if it "
                     "collides with a present field, otherwise warning)"}},
  });
  registry.on_document(check_document);
}

}  // namespace ocv::rules
