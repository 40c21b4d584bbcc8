#pragma once
// JSON Schema validation of OCI documents against the project's own schemas
// (schemas/*.schema.json, embedded at build time), with valijson.
//
// valijson is used behind this interface only, because it needs care:
// - each schema is compiled once, on first use, and shared by all threads;
// - the document is validated as a sanitized copy: strings and member
//   names longer than kMaxSchemaString bytes are truncated (libstdc++'s
//   std::regex, valijson's only engine, recurses per character and
//   overflows the stack on strings of ~50,000 characters), and integers
//   beyond int64 become doubles (valijson's RapidJSON adapter would wrap
//   them into negative int64 values);
// - its error contexts ("<root>", "[layers]", "[0]") become JSON pointers,
//   and its wrapper errors ("Failed to validate item #0") are dropped so
//   that each problem is reported once, at the value that has it.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace ocv::json {

/// The schemas the validator knows, one per kind of OCI JSON document.
enum class Schema {
  descriptor,  // descriptor.schema.json (application/vnd.oci.descriptor.v1+json)
  manifest,    // manifest.schema.json
  index,       // index.schema.json (also index.json of a layout)
  config,      // config.schema.json
  oci_layout,  // oci-layout.schema.json (the layout's oci-layout file)
};

/// File name of the embedded schema, e.g. "manifest.schema.json".
std::string_view schema_file(Schema schema);

/// Longest string or member name, in bytes, that reaches the schema
/// validator; longer ones are cut to this length (see the file comment).
inline constexpr std::size_t kMaxSchemaString = 1024;

/// One way in which a document does not validate.
struct SchemaError {
  /// RFC 6901 pointer of the failing value ("" = the document root). For a
  /// missing member, the pointer of the object that lacks it.
  std::string pointer;
  /// The same location as decoded reference tokens ({"layers", "0", "size"}).
  std::vector<std::string> path;
  /// The schema keyword that failed: "required", "type", "pattern", "enum",
  /// "format", "minimum", "maximum" (the keywords the embedded schemas use),
  /// or "other".
  std::string keyword_hint;
  /// valijson's description of the failure.
  std::string message;
  /// For "required": the name of the missing member.
  std::string missing_member;
  /// A short description of the failing value: "a string \"abc\"",
  /// "the number 2.5", "null", "an object"... (empty for "required").
  std::string found;
};

/// Validates `document` against `schema`, passing each error to `each` as
/// it is found (ordered by pointer within each part validated at once: a
/// large array is validated a few thousand values at a time, so that memory
/// does not grow with the number of errors). Never throws on any document;
/// throws std::logic_error only when an embedded schema does not compile (a
/// build defect the tests catch).
void validate(Schema schema, const rapidjson::Value& document,
              const std::function<void(SchemaError)>& each);
/// The same, all errors at once, ordered by pointer.
std::vector<SchemaError> validate(Schema schema, const rapidjson::Value& document);

/// Validates `document` against a schema given as JSON text (draft-04 or
/// draft-07, local `$ref`s only), for formats other than OCI documents such
/// as the project's report schema or the SARIF schema in tests. Returns one
/// line per failure ("<pointer>: <message>"); a schema that does not compile
/// is reported as a single failure.
std::vector<std::string> validate_with_schema_text(std::string_view schema_text,
                                                   const rapidjson::Value& document);

/// Compiles the embedded schema file `name` on its own. Returns the empty
/// string on success, or why it failed. For tests of the schemas.
std::string compile_error(std::string_view name);

/// A copy of `value` with every string and member name longer than
/// kMaxSchemaString bytes truncated, integers beyond int64 turned into
/// doubles, and nesting deeper than the schemas look replaced by null.
/// Exposed for tests.
void sanitized_copy(const rapidjson::Value& value, rapidjson::Document& out);

}  // namespace ocv::json
