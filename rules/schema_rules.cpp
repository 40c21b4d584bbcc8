// The JSON Schema pass: every OCI JSON document is validated against the
// project's schema for its kind (schemas/*.schema.json), and each failure is
// reported under the most specific catalogue rule, chosen from the document
// kind, the pointer of the failing value and the failed keyword. Anything
// no rule describes more precisely is MT-002 ("validates as its kind").
//
// This family registers no rules of its own: every ID it reports belongs to
// another family, registered before it (rules/all_rules.cpp). Most of these
// requirements are also checked in code by their own family; the finding
// sink keeps one finding per rule and location, so the overlap is harmless
// and no requirement rests on valijson alone.
//
// Not here: a top-level value that is not an object (JSON-007) and encoding
// or surrogate errors (JSON-001, JSON-004) are the JSON family's.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "validator/json/schema_validator.hpp"

namespace ocv::rules {
namespace {

using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::Severity;
using json::SchemaError;

/// Where a schema error is reported: the rule, what the value must be (for
/// the message), and a severity when the rule's default does not fit a
/// schema violation (e.g. MAN-015 is a warning about the subject's media
/// type, but a subject that is not a descriptor at all is an error).
struct Target {
  Target(std::string_view rule_id = "MT-002", std::string_view expectation = {},
         std::optional<Severity> sev = std::nullopt)
      : rule(rule_id), expected(expectation), severity(sev) {}

  std::string_view rule;
  std::string_view expected;
  std::optional<Severity> severity;
};

using Tokens = std::vector<std::string>;

Tokens tail(const Tokens& tokens, std::size_t from) {
  return from >= tokens.size() ? Tokens{}
                               : Tokens(tokens.begin() + static_cast<long>(from), tokens.end());
}

bool is_index_token(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token)
    if (c < '0' || c > '9') return false;
  return true;
}

constexpr std::string_view kMediaTypeText = "an RFC 6838 media type string (type/subtype)";

// ANN-001, ANN-005: an annotations map (also config.Labels, CFG-016).
Target annotations_target(const Tokens& rel, const rapidjson::Value* value) {
  if (!rel.empty()) return {"ANN-001", "a string"};
  if (value != nullptr && value->IsNull())
    return {"ANN-005", "an object; leave annotations out instead of setting null"};
  return {"ANN-001", "an object whose values are strings"};
}

// PLAT-*: the platform of an index entry.
Target platform_target(const Tokens& rel) {
  if (rel.empty()) return {"IDX-006", "an object with architecture and os"};
  const auto& field = rel.front();
  if (field == "architecture") return {"PLAT-001", "a string"};
  if (field == "os") return {"PLAT-002", "a string"};
  if (field == "os.version") return {"PLAT-008", "a string", Severity::error};
  if (field == "os.features")
    return {"PLAT-007", rel.size() == 1 ? "an array of strings" : "a string", Severity::error};
  if (field == "variant") return {"PLAT-005", "a string", Severity::error};
  return {};
}

// DESC-*: a member of a descriptor (`rel` is relative to the descriptor).
Target descriptor_target(const Tokens& rel, const std::string& keyword,
                         const rapidjson::Value* value, bool index_entry) {
  const auto& field = rel.front();
  if (field == "mediaType") {
    if (keyword == "pattern") return {"DESC-002", kMediaTypeText};
    return {"DESC-001", "a media type string"};
  }
  if (field == "digest") {
    // The grammar itself is DIG-001's (the digest family reports it too).
    if (keyword == "pattern") return {"DIG-001", "a digest string (algorithm:encoded)"};
    return {"DESC-003", "a digest string (algorithm:encoded)"};
  }
  if (field == "size") {
    if (keyword == "minimum") return {"DESC-005", "a non-negative integer"};
    return {"DESC-004", "an integer"};
  }
  if (field == "urls")
    return {"DESC-007", rel.size() == 1 ? "an array of URI strings" : "a URI string"};
  if (field == "annotations") return annotations_target(tail(rel, 1), value);
  if (field == "data") return {"DESC-010", "a base64 string"};
  if (field == "artifactType") return {"DESC-013", kMediaTypeText};
  if (field == "platform" && index_entry) return platform_target(tail(rel, 1));
  return {};
}

// MAN-*: an image manifest.
Target manifest_target(const Tokens& t, const std::string& keyword, const rapidjson::Value* value) {
  const auto& field = t.front();
  if (field == "schemaVersion") return {"MAN-001", "the integer 2"};
  if (field == "mediaType") return {"MAN-003", kMediaTypeText};
  if (field == "artifactType") return {"MAN-004", kMediaTypeText};
  if (field == "annotations") return annotations_target(tail(t, 1), value);
  if (field == "config") {
    if (t.size() == 1) return {"MAN-006", "a descriptor object"};
    // The manifest's own rule for the config media type form (MAN-007).
    if (t.size() == 2 && t[1] == "mediaType" && keyword == "pattern")
      return {"MAN-007", kMediaTypeText};
    return descriptor_target(tail(t, 1), keyword, value, false);
  }
  if (field == "layers") {
    if (t.size() == 1) return {"MAN-009", "an array of descriptors"};
    if (t.size() == 2) return {"MAN-009", "a descriptor object"};
    if (t.size() == 3 && t[2] == "mediaType" && keyword == "pattern")
      return {"MAN-013", kMediaTypeText};
    return descriptor_target(tail(t, 2), keyword, value, false);
  }
  if (field == "subject") {
    if (t.size() == 1) return {"MAN-015", "a descriptor object", Severity::error};
    return descriptor_target(tail(t, 1), keyword, value, false);
  }
  return {};
}

// IDX-*: an image index, including index.json.
Target index_target(const Tokens& t, const std::string& keyword, const rapidjson::Value* value) {
  const auto& field = t.front();
  if (field == "schemaVersion") return {"IDX-001", "the integer 2"};
  if (field == "mediaType") return {"IDX-003", kMediaTypeText};
  if (field == "artifactType") return {"IDX-004", kMediaTypeText};
  if (field == "annotations") return annotations_target(tail(t, 1), value);
  if (field == "manifests") {
    if (t.size() == 1) return {"IDX-005", "an array of descriptors"};
    if (t.size() == 2) return {"IDX-006", "a descriptor object"};
    return descriptor_target(tail(t, 2), keyword, value, true);
  }
  if (field == "subject") {
    if (t.size() == 1) return {"IDX-010", "a descriptor object", Severity::error};
    return descriptor_target(tail(t, 1), keyword, value, false);
  }
  return {};
}

/// What each member of the config's `config` object must be (CFG-012).
std::string_view container_config_expectation(const Tokens& rel) {
  const auto& field = rel.front();
  const bool item = rel.size() > 1;
  if (field == "User" || field == "WorkingDir" || field == "StopSignal") return "a string or null";
  if (field == "Env" || field == "Entrypoint" || field == "Cmd")
    return item ? "a string" : "an array of strings, or null";
  if (field == "ExposedPorts" || field == "Volumes")
    return item ? "an empty object" : "an object whose values are empty objects, or null";
  if (field == "ArgsEscaped") return "a boolean or null";
  if (field == "Memory" || field == "MemorySwap" || field == "CpuShares")
    return "an integer or null";
  if (field == "Healthcheck") return "an object or null";
  return "";
}

// CFG-*: an image configuration.
Target config_target(const Tokens& t, const rapidjson::Value* value) {
  const auto& field = t.front();
  if (field == "architecture") return {"CFG-001", "a string"};
  if (field == "os") return {"CFG-002", "a string"};
  if (field == "created") return {"CFG-010", "an RFC 3339 date-time string, or null"};
  if (field == "rootfs") {
    if (t.size() == 1) return {"CFG-003", "an object"};
    if (t[1] == "type") return {"CFG-004", "the string \"layers\""};
    if (t[1] == "diff_ids") return {"CFG-005", t.size() == 2 ? "an array of strings" : "a string"};
    return {};
  }
  if (field == "history") {
    if (t.size() == 1) return {"CFG-012", "an array of objects, or null"};
    if (t.size() == 2) return {"CFG-012", "an object"};
    if (t[2] == "created") return {"CFG-011", "an RFC 3339 date-time string, or null"};
    if (t[2] == "empty_layer") return {"CFG-012", "a boolean or null"};
    return {"CFG-012", "a string or null"};
  }
  if (field == "config") {
    if (t.size() == 1) return {"CFG-012", "an object or null"};
    if (t[1] == "Labels") {
      if (t.size() == 2) return {"ANN-001", "an object whose values are strings, or null"};
      return annotations_target(tail(t, 2), value);
    }
    return {"CFG-012", container_config_expectation(tail(t, 1))};
  }
  if (field == "os.features")
    return {"CFG-012", t.size() == 1 ? "an array of strings, or null" : "a string"};
  return {"CFG-012", "a string or null"};  // author, variant, os.version
}

// LYT-002, LYT-003: the oci-layout file. A version string other than 1.0.0
// may be a future version: a warning, as the layout family reports it.
Target layout_target(const Tokens& t, const std::string& keyword) {
  if (t.front() != "imageLayoutVersion") return {};
  if (keyword == "enum") return {"LYT-003", "\"1.0.0\"", Severity::warning};
  return {"LYT-002", "a version string (\"1.0.0\")"};
}

/// The catalogue rule for one schema error. `t` is the pointer of the
/// value concerned, as tokens, and never empty.
Target target_for(DocKind kind, const Tokens& t, const std::string& keyword,
                  const rapidjson::Value* value) {
  switch (kind) {
    case DocKind::manifest:
      return manifest_target(t, keyword, value);
    case DocKind::index:
      return index_target(t, keyword, value);
    case DocKind::config:
      return config_target(t, value);
    case DocKind::layout_header:
      return layout_target(t, keyword);
    case DocKind::descriptor:
      return descriptor_target(t, keyword, value, false);
    case DocKind::empty:
      break;
  }
  return {};
}

std::optional<json::Schema> schema_for(DocKind kind) {
  switch (kind) {
    case DocKind::manifest:
      return json::Schema::manifest;
    case DocKind::index:
      return json::Schema::index;
    case DocKind::config:
      return json::Schema::config;
    case DocKind::layout_header:
      return json::Schema::oci_layout;
    case DocKind::descriptor:
      return json::Schema::descriptor;
    case DocKind::empty:
      break;  // `{}`: checked against its constant by the artifact rules
  }
  return std::nullopt;
}

bool plain_name(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

/// A readable path: "layers[0].size", "config.Labels[\"a b\"]".
std::string label_of(const Tokens& tokens) {
  constexpr std::size_t kShown = 64;
  std::string out;
  for (const auto& token : tokens) {
    if (is_index_token(token) && !out.empty()) {
      out += fmt::format("[{}]", token);
    } else if (plain_name(token) && token.size() <= kShown) {
      if (!out.empty()) out += '.';
      out += token;
    } else {
      const std::string_view shown = std::string_view(token).substr(0, kShown);
      out += fmt::format("[\"{}{}\"]", shown, token.size() > kShown ? "…" : "");
    }
  }
  return out.empty() ? std::string("the document") : out;
}

std::string message_for(const SchemaError& err, const Tokens& tokens, const Target& target) {
  const auto label = label_of(tokens);
  if (err.keyword_hint == "required") {
    if (target.expected.empty()) return fmt::format("required member {} is missing", label);
    return fmt::format("{} is missing; it must be {}", label, target.expected);
  }
  if (target.expected.empty())
    return fmt::format("{} does not validate: {} (found {})", label, err.message, err.found);
  return fmt::format("{} must be {}, found {}", label, target.expected, err.found);
}

const rapidjson::Value* value_at(const rapidjson::Value& root, const Tokens& tokens) {
  const rapidjson::Value* v = &root;
  for (const auto& token : tokens) {
    if (v->IsObject()) {
      const auto it = v->FindMember(
          rapidjson::StringRef(token.data(), static_cast<rapidjson::SizeType>(token.size())));
      if (it == v->MemberEnd()) return nullptr;
      v = &it->value;
    } else if (v->IsArray() && is_index_token(token) && token.size() < 10 &&
               std::stoul(token) < v->Size()) {
      v = &(*v)[static_cast<rapidjson::SizeType>(std::stoul(token))];
    } else {
      return nullptr;
    }
  }
  return v;
}

/// Reports under `rule`, or under MT-002 when `rule` is not registered.
/// Every family registers before this one and the tests check that each ID
/// used here is registered; the fallback only keeps a registry that lacks a
/// family (as in some tests) from turning a schema error into an aborted run.
void report(FindingSink& sink, const DocumentView& doc, std::string_view rule,
            const std::string& pointer, std::string message,
            std::optional<Severity> severity = std::nullopt) {
  try {
    sink.report(rule, doc, pointer, message, severity);
    return;
  } catch (const std::logic_error&) {
    if (rule == "MT-002") return;
  }
  try {
    sink.report("MT-002", doc, pointer, std::move(message));
  } catch (const std::logic_error&) {
    // Not even MT-002 is registered: nothing to report under.
  }
}

// MT-002, LYT-002, LYT-004: a document that is not JSON at all.
void report_unparsable(const DocumentView& doc, FindingSink& sink) {
  if (doc.json == nullptr || !doc.json->error) return;
  const auto& error = *doc.json->error;
  // Invalid UTF-8 and bad surrogates are the JSON family's (JSON-001, JSON-004).
  if (error.kind == json::ParseErrorKind::encoding || error.kind == json::ParseErrorKind::surrogate)
    return;
  std::string_view rule = "MT-002";
  std::string_view what = engine::to_string(doc.kind);
  if (doc.kind == DocKind::layout_header) {
    rule = "LYT-002";
  } else if (doc.is_layout_index) {
    rule = "LYT-004";
    what = "image index";
  }
  const auto lc = doc.json->line_col(error.offset);
  report(sink, doc, rule, "",
         fmt::format("not a valid {} document: the JSON does not parse: {} at line {}, "
                     "column {} (byte offset {})",
                     what, error.message, lc.line, lc.column, error.offset));
}

void check_document_schema(const DocumentView& doc, FindingSink& sink) {
  const auto schema = schema_for(doc.kind);
  if (!schema) return;
  const auto* root = doc.root();
  if (root == nullptr) {
    report_unparsable(doc, sink);
    return;
  }
  if (!root->IsObject()) return;  // JSON-007
  // Reported as found: a document can fail the schema a million times,
  // and the sink keeps a bounded number per rule.
  json::validate(*schema, *root, [&](json::SchemaError err) {
    auto tokens = err.path;
    if (err.keyword_hint == "required") tokens.push_back(err.missing_member);
    if (tokens.empty()) {
      // The root itself: not an object is JSON-007's; anything else means
      // the document could not be validated at all.
      if (err.keyword_hint != "type") report(sink, doc, "MT-002", "", err.message);
      return;
    }
    const auto* value = value_at(*root, tokens);
    const auto target = target_for(doc.kind, tokens, err.keyword_hint, value);
    std::string pointer = err.pointer;
    if (err.keyword_hint == "required") pointer = json::pointer_append(pointer, err.missing_member);
    report(sink, doc, target.rule, pointer, message_for(err, tokens, target), target.severity);
  });
}

}  // namespace

void register_schema_rules(engine::Registry& registry) {
  registry.on_document(check_document_schema);
}

}  // namespace ocv::rules
