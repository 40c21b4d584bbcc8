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
#include "rules/schema_routing.hpp"
#include "validator/json/schema_validator.hpp"

namespace ocv::rules {
namespace {

using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::Severity;
using json::SchemaError;
using schema_routing::is_index_token;
using schema_routing::Target;
using schema_routing::target_for;
using schema_routing::Tokens;

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
    if (!target.reported()) return;
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
