#include "rules/schema_routing.hpp"

namespace ocv::rules::schema_routing {
namespace {

using engine::DocKind;
using engine::Severity;

Tokens tail(const Tokens& tokens, std::size_t from) {
  return from >= tokens.size() ? Tokens{}
                               : Tokens(tokens.begin() + static_cast<long>(from), tokens.end());
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
    // A number that is not an integer within int64 (1.0, 1e3, 2^63): the
    // schema sees only the parsed value ("the number 1000.0"); DESC-004's
    // check, run on every descriptor, quotes the number as written.
    if (rel.size() == 1 && value != nullptr && value->IsNumber()) return Target::left_to_rule();
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

}  // namespace

bool is_index_token(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token)
    if (c < '0' || c > '9') return false;
  return true;
}

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

}  // namespace ocv::rules::schema_routing
