// valijson reports failures through its own error-handling hook; with
// exceptions on, a defect in a schema (or a corner of valijson) becomes a
// catchable std::exception instead of abort(). Only this file includes
// valijson, so the setting is consistent for every instantiation.
#define VALIJSON_USE_EXCEPTIONS 1

#include "validator/json/schema_validator.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <functional>
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

#include "validator/encoding/utf8.hpp"
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
  const auto cut = encoding::utf8_prefix_length(text, kMaxSchemaString);
  std::string out(text.substr(0, cut));
  const auto tail = text.substr(cut);
  const auto bad =
      std::find_if(tail.begin(), tail.end(), [](char c) { return !in_digest_encoded_class(c); });
  if (bad != tail.end() && !out.empty()) {
    // Replace the last character, whole, so that the copy stays valid UTF-8
    // when the carried byte is ASCII.
    out.resize(encoding::utf8_prefix_length(out, out.size() - 1));
    out.push_back(*bad);
  }
  return out;
}

/// How to go from a value to one of its children: a member name, or an
/// index (as in the document: a page of an array starts at index 0).
struct Step {
  bool array = false;
  std::string name;
  std::size_t index = 0;
};

/// An array too large to validate in one go, taken out of the copy it was
/// found in (written there as []) and validated page by page. None of the
/// OCI schemas says anything about an array as a whole (no minItems,
/// uniqueItems...), so its items can be validated apart from each other.
struct Cut {
  std::vector<Step> path;  // from the root to the array
  const rapidjson::Value* array = nullptr;
  int depth = 0;
};

/// The number of values in `v` (itself included), or `limit` + 1 when
/// there are more. Recursion is bounded by kMaxCopyDepth.
std::size_t values_in(const rapidjson::Value& v, std::size_t limit, int depth = 0) {
  std::size_t n = 1;
  if (depth > kMaxCopyDepth) return n;
  if (v.IsArray()) {
    for (const auto& item : v.GetArray()) {
      n += values_in(item, limit - std::min(limit, n), depth + 1);
      if (n > limit) return limit + 1;
    }
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      n += values_in(m.value, limit - std::min(limit, n), depth + 1);
      if (n > limit) return limit + 1;
    }
  }
  return n;
}

/// Writes the sanitized copy of values into a Document through its SAX
/// handler, which sizes every array and object exactly. With `cuts`, an
/// array of more than `page_values` values is written as [] and recorded.
class SanitizedWriter {
 public:
  SanitizedWriter(rapidjson::Document& out, std::vector<Cut>* cuts, std::size_t page_values)
      : out_(out), cuts_(cuts), page_values_(page_values) {}

  void value(const rapidjson::Value& in, int depth, std::vector<Step>& path) {
    if (depth > kMaxCopyDepth) {
      out_.Null();
      return;
    }
    switch (in.GetType()) {
      case rapidjson::kNullType:
        out_.Null();
        break;
      case rapidjson::kFalseType:
      case rapidjson::kTrueType:
        out_.Bool(in.GetBool());
        break;
      case rapidjson::kNumberType:
        if (in.IsInt64()) {
          out_.Int64(in.GetInt64());
        } else {
          out_.Double(in.GetDouble());  // beyond int64: not an "integer" for the schemas
        }
        break;
      case rapidjson::kStringType:
        string(in, false);
        break;
      case rapidjson::kArrayType:
        if (cuts_ != nullptr && values_in(in, page_values_) > page_values_) {
          cuts_->push_back({path, &in, depth});
          out_.StartArray();
          out_.EndArray(0);
          break;
        }
        out_.StartArray();
        for (rapidjson::SizeType i = 0; i < in.Size(); ++i) item(in[i], i, depth, path);
        out_.EndArray(in.Size());
        break;
      case rapidjson::kObjectType:
        out_.StartObject();
        for (const auto& m : in.GetObject()) {
          const auto name = string(m.name, true);
          path.push_back({false, name, 0});
          value(m.value, depth + 1, path);
          path.pop_back();
        }
        out_.EndObject(in.MemberCount());
        break;
    }
  }

  void item(const rapidjson::Value& in, std::size_t index, int depth, std::vector<Step>& path) {
    path.push_back({true, {}, index});
    value(in, depth + 1, path);
    path.pop_back();
  }

 private:
  /// Writes a string (or member name), cut to kMaxSchemaString bytes;
  /// returns what was written.
  std::string string(const rapidjson::Value& in, bool key) {
    std::string text(in.GetString(), in.GetStringLength());
    if (text.size() > kMaxSchemaString) text = truncated(text);
    const auto length = static_cast<rapidjson::SizeType>(text.size());
    if (key) {
      out_.Key(text.data(), length, true);
    } else {
      out_.String(text.data(), length, true);
    }
    return text;
  }

  rapidjson::Document& out_;
  std::vector<Cut>* cuts_;
  std::size_t page_values_;
};

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
/// valijson adds on every enclosing level (they repeat a nested error). Only
/// the keywords the embedded schemas use are named; any other is "other".
std::string keyword_of(std::string_view description) {
  if (starts_with(description, "Missing required property")) return "required";
  if (starts_with(description, "Value type not permitted")) return "type";
  if (starts_with(description, "Failed to match regex")) return "pattern";
  if (starts_with(description, "Failed to match against any enum")) return "enum";
  if (starts_with(description, "String should be a valid")) return "format";
  if (starts_with(description, "Expected number greater")) return "minimum";
  if (starts_with(description, "Expected number less")) return "maximum";
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

/// `original` is the caller's document, `copy` the sanitized copy (or page)
/// that was validated: values are described from the original where the
/// pointer still resolves there (a truncated member name does not).
/// `remap` turns a path in `copy` into the path in `original`, or returns
/// false for an error that this copy does not decide.
template <typename Remap>
std::vector<SchemaError> collect(const valijson::ValidationResults& results,
                                 const rapidjson::Value& original, const rapidjson::Value& copy,
                                 Remap&& remap) {
  std::vector<SchemaError> out;
  for (const auto& e : results) {
    auto keyword = keyword_of(e.description);
    if (keyword.empty()) continue;
    SchemaError err;
    const auto copy_path = path_of(e.context);
    err.path = copy_path;
    if (!remap(err.path)) continue;
    err.pointer = pointer_of(err.path);
    err.keyword_hint = std::move(keyword);
    err.message = e.description;
    if (err.keyword_hint == "required")
      err.missing_member = missing_name(e.description);
    else if (const auto* v = resolve(original, err.path))
      err.found = describe(v);
    else
      err.found = describe(resolve(copy, copy_path));
    out.push_back(std::move(err));
  }
  std::stable_sort(out.begin(), out.end(), [](const SchemaError& a, const SchemaError& b) {
    if (a.pointer != b.pointer) return a.pointer < b.pointer;
    return keyword_rank(a.keyword_hint) < keyword_rank(b.keyword_hint);
  });
  // A value of the wrong type fails its pattern, enum or format too: report
  // the type only. Identical errors (valijson may repeat one through
  // allOf) are kept once; they sit together, among the errors of one pointer.
  std::vector<SchemaError> kept;
  std::size_t same_pointer = 0;  // where the errors of the last pointer start in `kept`
  for (auto& err : out) {
    if (kept.empty() || kept.back().pointer != err.pointer) same_pointer = kept.size();
    const bool typed = same_pointer < kept.size() && kept.back().keyword_hint == "type" &&
                       err.keyword_hint != "required";
    const bool repeat = std::any_of(kept.begin() + static_cast<std::ptrdiff_t>(same_pointer),
                                    kept.end(), [&](const SchemaError& k) {
                                      return k.keyword_hint == err.keyword_hint &&
                                             k.missing_member == err.missing_member;
                                    });
    if (!typed && !repeat) kept.push_back(std::move(err));
  }
  return kept;
}

/// Validates one sanitized copy and passes on the errors it decides.
template <typename Remap>
bool validate_copy(const valijson::Schema& schema, const rapidjson::Value& original,
                   const rapidjson::Document& copy, Remap&& remap,
                   const std::function<void(SchemaError)>& each) {
  // The validator caches compiled patterns; one per thread keeps that cache
  // without sharing it.
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  try {
    validator.validate(schema, RapidJsonAdapter(copy), &results);
  } catch (const std::exception& e) {
    // Not expected with these schemas (the tests feed every field every
    // JSON type); said, at the root, rather than swallowed if it happens.
    SchemaError err;
    err.keyword_hint = "other";
    err.message = fmt::format("schema validation stopped: {}", e.what());
    each(std::move(err));
    return false;
  }
  for (auto& err : collect(results, original, copy, remap)) each(std::move(err));
  return true;
}

/// Values validated at once: valijson keeps every error with a copy of its
/// path, so a million failing array items at once took gigabytes.
constexpr std::size_t kPageValues = 4096;

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
  auto write = [&](rapidjson::Document& d) {
    SanitizedWriter writer(d, nullptr, 0);
    std::vector<Step> path;
    writer.value(value, 0, path);
    return true;
  };
  out.Populate(write);
}

std::string compile_error(std::string_view name) {
  std::string error;
  compile(name, error);
  return error;
}

void validate(Schema schema, const rapidjson::Value& document,
              const std::function<void(SchemaError)>& each) {
  const auto& compiled_schema = compiled(schema);
  std::vector<Cut> cuts;
  {
    rapidjson::Document copy;
    auto write = [&](rapidjson::Document& out) {
      SanitizedWriter writer(out, &cuts, kPageValues);
      std::vector<Step> path;
      writer.value(document, 0, path);
      return true;
    };
    copy.Populate(write);
    if (!validate_copy(
            compiled_schema, document, copy, [](std::vector<std::string>&) { return true; }, each))
      return;
  }
  // Each array taken out is validated a page of items at a time, inside
  // the members and items that lead to it; arrays in those items that are
  // too large again are taken out the same way.
  for (std::size_t c = 0; c < cuts.size(); ++c) {
    const auto cut = cuts[c];  // copied: pages append to `cuts`
    const auto& array = *cut.array;
    for (rapidjson::SizeType begin = 0; begin < array.Size();) {
      rapidjson::SizeType end = begin;
      for (std::size_t values = 0; end < array.Size() && (end == begin || values < kPageValues);
           ++end)
        values += values_in(array[end], kPageValues);
      rapidjson::Document page;
      auto write = [&](rapidjson::Document& out) {
        SanitizedWriter writer(out, &cuts, kPageValues);
        for (const auto& step : cut.path) {
          if (step.array) {
            out.StartArray();
          } else {
            out.StartObject();
            out.Key(step.name.data(), static_cast<rapidjson::SizeType>(step.name.size()), true);
          }
        }
        auto path = cut.path;
        out.StartArray();
        for (auto i = begin; i < end; ++i) writer.item(array[i], i, cut.depth, path);
        out.EndArray(end - begin);
        for (auto step = cut.path.rbegin(); step != cut.path.rend(); ++step) {
          if (step->array) {
            out.EndArray(1);
          } else {
            out.EndObject(1);
          }
        }
        return true;
      };
      page.Populate(write);
      // Only errors inside the page's items are this page's; the indexes
      // of the path are the original ones.
      const auto remap = [&](std::vector<std::string>& path) {
        if (path.size() <= cut.path.size()) return false;
        for (std::size_t k = 0; k < cut.path.size(); ++k)
          if (cut.path[k].array) path[k] = std::to_string(cut.path[k].index);
        std::size_t index = 0;
        for (const char ch : path[cut.path.size()]) {
          if (ch < '0' || ch > '9') return false;
          index = index * 10 + static_cast<std::size_t>(ch - '0');
        }
        path[cut.path.size()] = std::to_string(begin + index);
        return true;
      };
      if (!validate_copy(compiled_schema, document, page, remap, each)) return;
      begin = end;
    }
  }
}

std::vector<SchemaError> validate(Schema schema, const rapidjson::Value& document) {
  std::vector<SchemaError> out;
  validate(schema, document, [&](SchemaError err) { out.push_back(std::move(err)); });
  std::stable_sort(out.begin(), out.end(), [](const SchemaError& a, const SchemaError& b) {
    if (a.pointer != b.pointer) return a.pointer < b.pointer;
    return keyword_rank(a.keyword_hint) < keyword_rank(b.keyword_hint);
  });
  return out;
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
