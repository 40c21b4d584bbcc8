// valijson reports failures through its own error-handling hook; with
// exceptions on, a defect in a schema (or a corner of valijson) becomes a
// catchable std::exception instead of abort(). Only this file includes
// valijson, so the setting is consistent for every instantiation.
#define VALIJSON_USE_EXCEPTIONS 1

#include "validator/json/schema_validator.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <memory>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <rapidjson/document.h>
// With exceptions on, valijson's adapter defines RAPIDJSON_ASSERT to throw
// (and warns when RapidJSON came first). RapidJSON is included first on
// purpose, so that its inline functions expand the same assert as in every
// other file; the macro is hidden while the adapter is read, then restored.
#pragma push_macro("RAPIDJSON_ASSERT")
#undef RAPIDJSON_ASSERT
#include <valijson/adapters/rapidjson_adapter.hpp>
#undef RAPIDJSON_ASSERT
#pragma pop_macro("RAPIDJSON_ASSERT")
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "validator/json/embedded_schemas.hpp"
#include "validator/json/strict_json.hpp"

namespace ocv::json {
namespace {

using valijson::adapters::RapidJsonAdapter;

constexpr std::array kAllSchemas = {Schema::descriptor, Schema::manifest, Schema::index,
                                    Schema::config, Schema::oci_layout};

// No schema looks deeper than five levels (manifests/N/platform/os.features/N);
// anything below this depth cannot affect a verdict and is not copied.
constexpr int kMaxCopyDepth = 32;

// --- Loading schemas ----------------------------------------------------------

std::unique_ptr<rapidjson::Document> parse_schema_text(std::string_view name) {
  const auto text = embedded_schema(name);
  if (!text) return nullptr;
  auto doc = std::make_unique<rapidjson::Document>();
  doc->Parse(text->data(), text->size());
  if (doc->HasParseError()) return nullptr;
  return doc;
}

/// valijson 1.0 joins a relative $ref to the current resolution scope by
/// plain string concatenation, so the URI it asks for can be anything that
/// ends with the file name. Map by the last path segment, fragment removed.
const rapidjson::Document* fetch_schema(const std::string& uri) {
  std::string_view name = uri;
  if (const auto hash = name.find('#'); hash != std::string_view::npos) name = name.substr(0, hash);
  if (const auto slash = name.rfind('/'); slash != std::string_view::npos)
    name = name.substr(slash + 1);
  return parse_schema_text(name).release();
}

void free_schema(const rapidjson::Document* doc) { delete doc; }

/// Compiles one embedded schema file. Returns null and sets `error` on failure.
std::unique_ptr<valijson::Schema> compile(std::string_view name, std::string& error) {
  const auto doc = parse_schema_text(name);
  if (!doc) {
    error = fmt::format("{} is not embedded or is not valid JSON", name);
    return nullptr;
  }
  auto schema = std::make_unique<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    parser.populateSchema(RapidJsonAdapter(*doc), *schema, fetch_schema, free_schema);
  } catch (const std::exception& e) {
    error = fmt::format("{}: {}", name, e.what());
    return nullptr;
  }
  return schema;
}

/// Every schema, compiled on first use (a function-local static is
/// initialised once, thread-safely); valijson schemas are read-only while
/// validating, so the threads share them.
struct CompiledSchemas {
  std::array<std::unique_ptr<valijson::Schema>, kAllSchemas.size()> schemas;
  std::string error;

  CompiledSchemas() {
    for (const auto kind : kAllSchemas) {
      std::string e;
      schemas[static_cast<std::size_t>(kind)] = compile(schema_file(kind), e);
      if (!e.empty() && error.empty()) error = std::move(e);
    }
  }
};

const valijson::Schema& compiled(Schema kind) {
  static const CompiledSchemas all;
  const auto& schema = all.schemas[static_cast<std::size_t>(kind)];
  if (!schema) throw std::logic_error("embedded JSON Schema does not compile: " + all.error);
  return *schema;
}

// --- Sanitizing the document --------------------------------------------------

bool in_digest_encoded_class(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '=' ||
         c == '_' || c == '-';
}

/// `text` cut to kMaxSchemaString bytes, at a UTF-8 character boundary. When
/// the dropped tail holds a character outside the digest's encoded class,
/// the kept part ends with it, so that a long digest with a bad character
/// far away still fails the digest pattern. (The media-type pattern allows
/// at most 255 characters, so every truncated string fails it anyway.)
std::string truncated(std::string_view text) {
  std::size_t cut = kMaxSchemaString;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  std::string out(text.substr(0, cut));
  const auto tail = text.substr(cut);
  const auto bad =
      std::find_if(tail.begin(), tail.end(), [](char c) { return !in_digest_encoded_class(c); });
  if (bad != tail.end() && !out.empty()) {
    // Replace the last character, whole, so that the copy stays valid UTF-8
    // when the carried byte is ASCII.
    std::size_t last = out.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(out[last]) & 0xC0U) == 0x80U) --last;
    out.resize(last);
    out.push_back(*bad);
  }
  return out;
}

void set_string(rapidjson::Value& out, const char* data, rapidjson::SizeType length,
                rapidjson::Document::AllocatorType& alloc) {
  if (length > kMaxSchemaString) {
    const auto cut = truncated(std::string_view(data, length));
    out.SetString(cut.data(), static_cast<rapidjson::SizeType>(cut.size()), alloc);
  } else {
    out.SetString(data, length, alloc);
  }
}

// Recursion is bounded by kMaxCopyDepth, not by the document's nesting.
void copy_value(const rapidjson::Value& in, rapidjson::Value& out,
                rapidjson::Document::AllocatorType& alloc, int depth) {
  if (depth > kMaxCopyDepth) {
    out.SetNull();
    return;
  }
  switch (in.GetType()) {
    case rapidjson::kNullType:
      out.SetNull();
      break;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      out.SetBool(in.GetBool());
      break;
    case rapidjson::kNumberType:
      if (in.IsUint64() && !in.IsInt64())
        out.SetDouble(in.GetDouble());  // beyond int64: not an "integer" for the schemas
      else
        out.CopyFrom(in, alloc);
      break;
    case rapidjson::kStringType:
      set_string(out, in.GetString(), in.GetStringLength(), alloc);
      break;
    case rapidjson::kArrayType:
      out.SetArray();
      out.Reserve(in.Size(), alloc);
      for (const auto& item : in.GetArray()) {
        rapidjson::Value v;
        copy_value(item, v, alloc, depth + 1);
        out.PushBack(v, alloc);
      }
      break;
    case rapidjson::kObjectType:
      out.SetObject();
      for (const auto& m : in.GetObject()) {
        rapidjson::Value name;
        set_string(name, m.name.GetString(), m.name.GetStringLength(), alloc);
        rapidjson::Value v;
        copy_value(m.value, v, alloc, depth + 1);
        out.AddMember(name, v, alloc);
      }
      break;
  }
}

// --- Turning valijson's errors into SchemaErrors ------------------------------

/// valijson's context is "<root>" followed by one "[token]" per level; the
/// tokens are the member names and array indexes, undecorated.
std::vector<std::string> path_of(const std::vector<std::string>& context) {
  std::vector<std::string> path;
  for (const auto& element : context) {
    if (element == "<root>") continue;
    std::string_view token = element;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']')
      token = token.substr(1, token.size() - 2);
    path.emplace_back(token);
  }
  return path;
}

std::string pointer_of(const std::vector<std::string>& path) {
  std::string pointer;
  for (const auto& token : path) pointer = pointer_append(pointer, token);
  return pointer;
}

/// The value at `path` inside `root`, or null.
const rapidjson::Value* resolve(const rapidjson::Value& root,
                                const std::vector<std::string>& path) {
  const rapidjson::Value* v = &root;
  for (const auto& token : path) {
    if (v->IsObject()) {
      const auto it = v->FindMember(
          rapidjson::StringRef(token.data(), static_cast<rapidjson::SizeType>(token.size())));
      if (it == v->MemberEnd()) return nullptr;
      v = &it->value;
    } else if (v->IsArray()) {
      std::size_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9' || index > v->Size()) return nullptr;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (token.empty() || index >= v->Size()) return nullptr;
      v = &(*v)[static_cast<rapidjson::SizeType>(index)];
    } else {
      return nullptr;
    }
  }
  return v;
}

std::string describe_number(const rapidjson::Value& v) {
  if (v.IsInt64()) return fmt::format("the number {}", v.GetInt64());
  if (v.IsUint64()) return fmt::format("the number {}", v.GetUint64());
  // fmt prints 2.0 as "2"; keep the fraction visible, since it is often
  // the very reason a value is not an integer.
  const double d = v.GetDouble();
  auto text = fmt::format("{}", d);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return "the number " + text;
}

std::string describe(const rapidjson::Value* v) {
  if (v == nullptr) return "";
  if (v->IsNull()) return "null";
  if (v->IsBool()) return v->GetBool() ? "true" : "false";
  if (v->IsString()) {
    std::string_view s(v->GetString(), v->GetStringLength());
    constexpr std::size_t kShown = 80;
    if (s.size() > kShown) return fmt::format("a string \"{}…\"", s.substr(0, kShown));
    return fmt::format("a string \"{}\"", s);
  }
  if (v->IsNumber()) return describe_number(*v);
  if (v->IsArray()) return "an array";
  return "an object";
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// The keyword behind a valijson description, or "" for the wrapper errors
/// valijson adds on every enclosing level (they repeat a nested error).
std::string keyword_of(std::string_view description) {
  if (starts_with(description, "Missing required property")) return "required";
  if (starts_with(description, "Value type not permitted")) return "type";
  if (starts_with(description, "Failed to match regex")) return "pattern";
  if (starts_with(description, "Failed to match against any enum")) return "enum";
  if (starts_with(description, "String should be a valid")) return "format";
  if (starts_with(description, "Expected number greater")) return "minimum";
  if (starts_with(description, "Expected number less")) return "maximum";
  if (starts_with(description, "Array should contain no fewer")) return "minItems";
  if (starts_with(description, "Array should contain no more")) return "maxItems";
  if (starts_with(description, "String should be no fewer")) return "minLength";
  if (starts_with(description, "String should be no more")) return "maxLength";
  if (starts_with(description, "Failed to validate") ||
      starts_with(description, "Cannot validate") ||
      starts_with(description, "Target should not validate"))
    return "";
  return "other";
}

/// Extracts 'name' from "Missing required property 'name'.".
std::string missing_name(std::string_view description) {
  const auto open = description.find('\'');
  const auto close = description.rfind('\'');
  if (open == std::string_view::npos || close == open) return "";
  return std::string(description.substr(open + 1, close - open - 1));
}

int keyword_rank(std::string_view keyword) {
  if (keyword == "required") return 0;
  if (keyword == "type") return 1;
  return 2;
}

/// `original` is the caller's document, `copy` its sanitized copy that was
/// validated: values are described from the original where the pointer
/// still resolves there (a truncated member name does not).
std::vector<SchemaError> collect(const valijson::ValidationResults& results,
                                 const rapidjson::Value& original, const rapidjson::Value& copy) {
  std::vector<SchemaError> out;
  for (const auto& e : results) {
    auto keyword = keyword_of(e.description);
    if (keyword.empty()) continue;
    SchemaError err;
    err.path = path_of(e.context);
    err.pointer = pointer_of(err.path);
    err.keyword_hint = std::move(keyword);
    err.message = e.description;
    if (err.keyword_hint == "required")
      err.missing_member = missing_name(e.description);
    else if (const auto* v = resolve(original, err.path))
      err.found = describe(v);
    else
      err.found = describe(resolve(copy, err.path));
    out.push_back(std::move(err));
  }
  std::stable_sort(out.begin(), out.end(), [](const SchemaError& a, const SchemaError& b) {
    if (a.pointer != b.pointer) return a.pointer < b.pointer;
    return keyword_rank(a.keyword_hint) < keyword_rank(b.keyword_hint);
  });
  // A value of the wrong type fails its pattern, enum or format too: report
  // the type only. Identical errors (valijson may repeat one through
  // allOf) are kept once.
  std::vector<SchemaError> kept;
  for (auto& err : out) {
    const bool typed = !kept.empty() && kept.back().pointer == err.pointer &&
                       kept.back().keyword_hint == "type" && err.keyword_hint != "required";
    const bool repeat = std::any_of(kept.begin(), kept.end(), [&](const SchemaError& k) {
      return k.pointer == err.pointer && k.keyword_hint == err.keyword_hint &&
             k.missing_member == err.missing_member;
    });
    if (!typed && !repeat) kept.push_back(std::move(err));
  }
  return kept;
}

}  // namespace

std::string_view schema_file(Schema schema) {
  switch (schema) {
    case Schema::descriptor:
      return "descriptor.schema.json";
    case Schema::manifest:
      return "manifest.schema.json";
    case Schema::index:
      return "index.schema.json";
    case Schema::config:
      return "config.schema.json";
    case Schema::oci_layout:
      return "oci-layout.schema.json";
  }
  return "";
}

void sanitized_copy(const rapidjson::Value& value, rapidjson::Document& out) {
  copy_value(value, out, out.GetAllocator(), 0);
}

std::string compile_error(std::string_view name) {
  std::string error;
  compile(name, error);
  return error;
}

std::vector<SchemaError> validate(Schema schema, const rapidjson::Value& document) {
  const auto& compiled_schema = compiled(schema);
  rapidjson::Document copy;
  sanitized_copy(document, copy);
  // The validator caches compiled patterns; one per thread keeps that cache
  // without sharing it.
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  try {
    validator.validate(compiled_schema, RapidJsonAdapter(copy), &results);
  } catch (const std::exception& e) {
    // Not expected with these schemas (the tests feed every field every
    // JSON type); said, at the root, rather than swallowed if it happens.
    SchemaError err;
    err.keyword_hint = "other";
    err.message = fmt::format("schema validation stopped: {}", e.what());
    return {err};
  }
  return collect(results, document, copy);
}

std::vector<std::string> validate_with_schema_text(std::string_view schema_text,
                                                   const rapidjson::Value& document) {
  rapidjson::Document schema_doc;
  schema_doc.Parse(schema_text.data(), schema_text.size());
  if (schema_doc.HasParseError()) return {"the schema is not valid JSON"};
  const auto declared =
      schema_doc.IsObject() && schema_doc.HasMember("$schema") && schema_doc["$schema"].IsString()
          ? std::string_view(schema_doc["$schema"].GetString())
          : std::string_view();
  const auto version = declared.find("draft-04") != std::string_view::npos
                           ? valijson::SchemaParser::kDraft4
                           : valijson::SchemaParser::kDraft7;
  valijson::Schema schema;
  valijson::ValidationResults results;
  try {
    valijson::SchemaParser parser(version);
    parser.populateSchema(RapidJsonAdapter(schema_doc), schema);
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    validator.validate(schema, RapidJsonAdapter(document), &results);
  } catch (const std::exception& e) {
    return {fmt::format("schema validation stopped: {}", e.what())};
  }
  std::vector<std::string> out;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string where;
    for (const auto& c : error.context) where += c;
    out.push_back(fmt::format("{}: {}", where, error.description));
  }
  return out;
}

}  // namespace ocv::json
