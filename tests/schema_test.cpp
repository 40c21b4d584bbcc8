// The project's JSON Schemas (schemas/*.schema.json), the valijson wrapper
// (validator/json/schema_validator) and the schema pass that maps schema
// errors to catalogue rules (rules/schema_rules.cpp).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "rules/all_rules.hpp"
#include "rules/families.hpp"
#include "rules/schema_routing.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "validator/json/embedded_schemas.hpp"
#include "validator/json/schema_validator.hpp"
#include "validator/json/strict_json.hpp"

using ocv::engine::DocKind;
using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::json::Schema;
using ocv::json::SchemaError;
using ocv::test::dump;
using ocv::test::fired;

namespace {

constexpr const char* kDigest =
    "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

const std::string kManifest = fmt::format(R"({{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
              "digest": "{0}"}},
  "layers": [{{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654,
               "digest": "{0}", "urls": ["https://example.com/layer"],
               "annotations": {{"com.example.key": "value"}}}}],
  "subject": {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682,
               "digest": "{0}"}},
  "annotations": {{"com.example.key1": "value1"}}
}})",
                                          kDigest);

const std::string kIndex = fmt::format(R"({{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "artifactType": "application/vnd.example+type",
  "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143,
                  "digest": "{0}", "data": "e30=", "artifactType": "application/x.a",
                  "platform": {{"architecture": "ppc64le", "os": "linux", "os.version": "1",
                                "os.features": ["a"], "variant": "v8"}}}}],
  "annotations": {{"com.example.key1": "value1"}}
}})",
                                       kDigest);

const std::string kConfig = fmt::format(R"({{
  "created": "2015-10-31T22:22:56.015925234Z",
  "author": "Alyssa P. Hacker <alyspdev@example.com>",
  "architecture": "amd64",
  "os": "linux",
  "os.version": "10.0.14393.1066",
  "os.features": ["win32k"],
  "variant": "v8",
  "config": {{
    "User": "alice", "ExposedPorts": {{"8080/tcp": {{}}}}, "Env": ["PATH=/usr/bin"],
    "Entrypoint": ["/bin/my-app-binary"], "Cmd": ["--foreground"],
    "Volumes": {{"/var/job-result-data": {{}}}}, "WorkingDir": "/home/alice",
    "Labels": {{"com.example.project.git.url": "https://example.com/project.git"}},
    "StopSignal": "SIGKILL", "ArgsEscaped": true, "Memory": 2048, "MemorySwap": 4096,
    "CpuShares": 8, "Healthcheck": {{"Test": ["CMD", "true"]}}
  }},
  "rootfs": {{"diff_ids": ["{0}"], "type": "layers"}},
  "history": [{{"created": "2015-10-31T22:22:54.690851953Z", "created_by": "/bin/sh",
                "author": "a", "comment": "c", "empty_layer": true}}]
}})",
                                        kDigest);

const std::string kDescriptor = fmt::format(
    R"({{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7682,
         "digest": "{}", "urls": ["https://example.com/x"], "data": "e30=",
         "artifactType": "application/x.y", "annotations": {{"com.example.k": "v"}}}})",
    kDigest);

const std::string kLayout = R"({"imageLayoutVersion": "1.0.0"})";

std::vector<SchemaError> validate_text(Schema schema, const std::string& text) {
  const auto parsed = ocv::json::parse_strict(text);
  BOOST_REQUIRE_MESSAGE(parsed->ok(), "test document does not parse: " << text.substr(0, 200));
  return ocv::json::validate(schema, parsed->dom);
}

std::string show(const std::vector<SchemaError>& errors) {
  std::string out;
  for (const auto& e : errors)
    out += fmt::format("[{}] {} {} {} :: {}\n", e.pointer, e.keyword_hint, e.missing_member,
                       e.found, e.message);
  return out;
}

bool has_error(const std::vector<SchemaError>& errors, std::string_view pointer,
               std::string_view keyword, std::string_view missing = "") {
  return std::any_of(errors.begin(), errors.end(), [&](const SchemaError& e) {
    return e.pointer == pointer && e.keyword_hint == keyword && e.missing_member == missing;
  });
}

/// `text` with the value at `pointer` replaced by the JSON `replacement`
/// (an empty replacement removes the member).
std::string with(const std::string& text, const char* pointer, const std::string& replacement) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  rapidjson::Document value;
  rapidjson::Pointer p(pointer);
  if (replacement.empty()) {
    p.Erase(doc);
  } else {
    value.Parse(replacement.c_str());
    BOOST_REQUIRE(!value.HasParseError());
    p.Set(doc, rapidjson::Value(value, doc.GetAllocator()));
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return buffer.GetString();
}

bool reported(const std::vector<Finding>& findings, std::string_view rule,
              std::string_view pointer) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.rule_id == rule && f.location.pointer == pointer;
  });
}

/// One place where a schema can fail, as the schema pass sees it.
struct Route {
  DocKind kind;
  ocv::rules::schema_routing::Tokens tokens;
  std::string keyword;
};

/// The schemas' JSON, read from schemas/ by file name.
const rapidjson::Document& schema_file(const std::string& name) {
  static std::map<std::string, rapidjson::Document> files;
  auto& doc = files[name];
  if (!doc.IsObject()) {
    doc.Parse(ocv::test::read_file(std::string(OCV_SOURCE_DIR) + "/schemas/" + name).c_str());
    BOOST_REQUIRE_MESSAGE(doc.IsObject(), "cannot read schemas/" << name);
  }
  return doc;
}

/// Every place the schema `node` (in file `file`) can fail for a value at
/// `tokens`: each validation keyword it holds, each required member, and
/// the same for the schemas it refers to and the ones of its members and
/// items (an array index stands for every item, "key" for every map key).
void routes_of(DocKind kind, const std::string& file, const rapidjson::Value& node,
               const ocv::rules::schema_routing::Tokens& tokens, std::vector<Route>& out,
               int depth = 0) {
  BOOST_REQUIRE_MESSAGE(depth < 16, "schema references loop at " << file);
  if (!node.IsObject()) return;
  for (const auto& m : node.GetObject()) {
    const std::string key = m.name.GetString();
    if (key == "$ref") {
      const std::string ref = m.value.GetString();
      const auto hash = ref.find('#');
      const auto target_file = hash == 0 ? file : ref.substr(0, hash);
      const auto* target =
          rapidjson::Pointer(ref.substr(hash + 1).c_str()).Get(schema_file(target_file));
      BOOST_REQUIRE_MESSAGE(target != nullptr, "dangling $ref " << ref << " in " << file);
      routes_of(kind, target_file, *target, tokens, out, depth + 1);
    } else if (key == "properties" || key == "patternProperties") {
      for (const auto& p : m.value.GetObject()) {
        auto t = tokens;
        t.emplace_back(key == "properties" ? p.name.GetString() : "key");
        routes_of(kind, file, p.value, t, out, depth + 1);
      }
    } else if (key == "items" || (key == "additionalProperties" && m.value.IsObject())) {
      auto t = tokens;
      t.emplace_back(key == "items" ? "0" : "key");
      routes_of(kind, file, m.value, t, out, depth + 1);
    } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
      for (const auto& sub : m.value.GetArray()) routes_of(kind, file, sub, tokens, out, depth + 1);
      if (!tokens.empty() && key != "allOf") out.push_back({kind, tokens, "other"});
    } else if (key == "required") {
      for (const auto& name : m.value.GetArray()) {
        auto t = tokens;
        t.emplace_back(name.GetString());
        out.push_back({kind, t, "required"});
      }
    } else if (!tokens.empty() &&
               (key == "type" || key == "pattern" || key == "enum" || key == "format" ||
                key == "minimum" || key == "maximum" || key == "minItems" || key == "maxItems" ||
                key == "minLength" || key == "maxLength" || key == "not")) {
      // The validator names only the keywords the embedded schemas use.
      const bool named = key != "not" && key != "minItems" && key != "maxItems" &&
                         key != "minLength" && key != "maxLength";
      out.push_back({kind, tokens, named ? key : "other"});
    }
  }
}

/// Every place the document schemas can fail.
const std::vector<Route>& schema_routes() {
  static const auto routes = [] {
    std::vector<Route> out;
    for (const auto& [kind, file] : {std::pair{DocKind::manifest, "manifest.schema.json"},
                                     std::pair{DocKind::index, "index.schema.json"},
                                     std::pair{DocKind::config, "config.schema.json"},
                                     std::pair{DocKind::descriptor, "descriptor.schema.json"},
                                     std::pair{DocKind::layout_header, "oci-layout.schema.json"}})
      routes_of(kind, file, schema_file(file), {}, out);
    return out;
  }();
  return routes;
}

/// The rule the schema pass reports for `route`, for a present value and,
/// since a null value may change it (ANN-005), for null.
std::set<std::string> rules_for(const Route& route) {
  const rapidjson::Value null_value;
  std::set<std::string> out;
  for (const rapidjson::Value* value : {static_cast<const rapidjson::Value*>(nullptr), &null_value})
    out.emplace(
        ocv::rules::schema_routing::target_for(route.kind, route.tokens, route.keyword, value)
            .rule);
  return out;
}

/// Every rule ID the schema pass reports, from the routing itself.
std::set<std::string> schema_rule_ids() {
  std::set<std::string> ids{"MT-002", "LYT-002", "LYT-004"};  // unparsable documents
  for (const auto& route : schema_routes()) ids.merge(rules_for(route));
  return ids;
}

/// A registry with only the schema pass, and placeholder metadata for the
/// IDs it reports: it tests the pass without the other families.
const ocv::engine::Registry& schema_only_registry() {
  static const ocv::engine::Registry* registry = [] {
    auto* r = new ocv::engine::Registry;
    static const auto ids = schema_rule_ids();  // the registry keeps views of the IDs
    for (const auto& id : ids)
      r->add_rule({id, "MUST", Severity::error, "placeholder", "spec.md", "help"});
    ocv::rules::register_schema_rules(*r);
    return r;
  }();
  return *registry;
}

std::vector<Finding> schema_pass(const std::string& text, DocKind kind) {
  const auto doc = ocv::test::make_doc(text, kind);
  ocv::engine::FindingSink sink(schema_only_registry());
  for (const auto& check : schema_only_registry().document_checks()) check(doc->view, sink);
  return sink.take();
}

/// Every value pointer inside `value`.
void pointers_of(const rapidjson::Value& value, const std::string& at,
                 std::vector<std::string>& out) {
  out.push_back(at);
  if (value.IsObject()) {
    for (const auto& m : value.GetObject())
      pointers_of(m.value, ocv::json::pointer_append(at, m.name.GetString()), out);
  } else if (value.IsArray()) {
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i)
      pointers_of(value[i], ocv::json::pointer_append(at, i), out);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(every_embedded_schema_compiles) {
  const auto names = ocv::json::embedded_schema_names();
  for (const auto* expected : {"defs.schema.json", "descriptor.schema.json", "manifest.schema.json",
                               "index.schema.json", "config.schema.json", "oci-layout.schema.json"})
    BOOST_TEST((std::find(names.begin(), names.end(), expected) != names.end()), expected);
  for (const auto name : names) {
    if (name == "defs.schema.json") continue;  // definitions only, used through $ref
    BOOST_TEST(ocv::json::compile_error(name).empty(),
               name << ": " << ocv::json::compile_error(name));
  }
  BOOST_TEST(!ocv::json::compile_error("no-such.schema.json").empty());
}

BOOST_AUTO_TEST_CASE(valid_documents_validate) {
  BOOST_TEST(validate_text(Schema::manifest, kManifest).empty(),
             show(validate_text(Schema::manifest, kManifest)));
  BOOST_TEST(validate_text(Schema::index, kIndex).empty(),
             show(validate_text(Schema::index, kIndex)));
  BOOST_TEST(validate_text(Schema::config, kConfig).empty(),
             show(validate_text(Schema::config, kConfig)));
  BOOST_TEST(validate_text(Schema::descriptor, kDescriptor).empty(),
             show(validate_text(Schema::descriptor, kDescriptor)));
  BOOST_TEST(validate_text(Schema::oci_layout, kLayout).empty(),
             show(validate_text(Schema::oci_layout, kLayout)));
  // Only the required fields.
  BOOST_TEST(validate_text(Schema::config, R"({"architecture": "arm64", "os": "linux",
      "rootfs": {"type": "layers", "diff_ids": []}})")
                 .empty());
  BOOST_TEST(validate_text(Schema::index, R"({"schemaVersion": 2, "manifests": []})").empty());
}

BOOST_AUTO_TEST_CASE(invalid_manifest_errors_point_at_the_value) {
  auto e = validate_text(Schema::manifest, with(kManifest, "/config", ""));
  BOOST_TEST(has_error(e, "", "required", "config"), show(e));
  e = validate_text(Schema::manifest, with(kManifest, "/layers/0/size", R"("32654")"));
  BOOST_TEST(has_error(e, "/layers/0/size", "type"), show(e));
  BOOST_TEST(e.size() == 1u, show(e));  // no "failed to validate item #0" wrappers
  BOOST_TEST(e.front().found == "a string \"32654\"");
  e = validate_text(Schema::manifest, with(kManifest, "/schemaVersion", "2.0"));
  BOOST_TEST(has_error(e, "/schemaVersion", "type"), show(e));
  BOOST_TEST(e.front().found == "the number 2.0");
  e = validate_text(Schema::manifest, with(kManifest, "/schemaVersion", "3"));
  BOOST_TEST(has_error(e, "/schemaVersion", "maximum"), show(e));
  e = validate_text(Schema::manifest, with(kManifest, "/config/mediaType", R"("invalid")"));
  BOOST_TEST(has_error(e, "/config/mediaType", "pattern"), show(e));
  e = validate_text(Schema::manifest, with(kManifest, "/subject", R"(".nope")"));
  BOOST_TEST(has_error(e, "/subject", "type"), show(e));
  e = validate_text(Schema::manifest, with(kManifest, "/layers/0/size", "-1"));
  BOOST_TEST(has_error(e, "/layers/0/size", "minimum"), show(e));
}

BOOST_AUTO_TEST_CASE(type_errors_hide_pattern_errors_at_the_same_value) {
  const auto e = validate_text(Schema::oci_layout, R"({"imageLayoutVersion": 1})");
  BOOST_TEST(has_error(e, "/imageLayoutVersion", "type"), show(e));
  BOOST_TEST(!has_error(e, "/imageLayoutVersion", "enum"), show(e));
  const auto e2 = validate_text(Schema::oci_layout, R"({"imageLayoutVersion": "2.0.0"})");
  BOOST_TEST(has_error(e2, "/imageLayoutVersion", "enum"), show(e2));
}

BOOST_AUTO_TEST_CASE(invalid_index_and_platform) {
  auto e = validate_text(Schema::index, with(kIndex, "/manifests/0/platform/architecture", ""));
  BOOST_TEST(has_error(e, "/manifests/0/platform", "required", "architecture"), show(e));
  e = validate_text(Schema::index, with(kIndex, "/manifests/0/digest", ""));
  BOOST_TEST(has_error(e, "/manifests/0", "required", "digest"), show(e));
  // Index entries are full descriptors: size minimum, data, artifactType.
  e = validate_text(Schema::index, with(kIndex, "/manifests/0/size", "-5"));
  BOOST_TEST(has_error(e, "/manifests/0/size", "minimum"), show(e));
  e = validate_text(Schema::index, with(kIndex, "/manifests/0/artifactType", R"("nope")"));
  BOOST_TEST(has_error(e, "/manifests/0/artifactType", "pattern"), show(e));
  e = validate_text(Schema::index, with(kIndex, "/manifests/0/data", "5"));
  BOOST_TEST(has_error(e, "/manifests/0/data", "type"), show(e));
  e = validate_text(Schema::index, with(kIndex, "/manifests", R"({})"));
  BOOST_TEST(has_error(e, "/manifests", "type"), show(e));
}

BOOST_AUTO_TEST_CASE(config_allows_null_for_optional_fields) {
  for (const auto* p : {"/created",
                        "/author",
                        "/os.version",
                        "/os.features",
                        "/variant",
                        "/config",
                        "/config/User",
                        "/config/ExposedPorts",
                        "/config/Env",
                        "/config/Entrypoint",
                        "/config/Cmd",
                        "/config/Volumes",
                        "/config/WorkingDir",
                        "/config/Labels",
                        "/config/StopSignal",
                        "/config/ArgsEscaped",
                        "/config/Memory",
                        "/config/Healthcheck",
                        "/history",
                        "/history/0/created",
                        "/history/0/empty_layer",
                        "/history/0/comment"}) {
    const auto e = validate_text(Schema::config, with(kConfig, p, "null"));
    BOOST_TEST(e.empty(), p << ": " << show(e));
  }
  // Required fields may not be null.
  for (const auto* p : {"/architecture", "/os", "/rootfs", "/rootfs/type", "/rootfs/diff_ids"}) {
    const auto e = validate_text(Schema::config, with(kConfig, p, "null"));
    BOOST_TEST(has_error(e, p, "type"), p << ": " << show(e));
  }
}

BOOST_AUTO_TEST_CASE(config_field_errors) {
  auto e = validate_text(Schema::config, with(kConfig, "/created", R"("yesterday")"));
  BOOST_TEST(has_error(e, "/created", "format"), show(e));
  BOOST_TEST(e.size() == 1u, show(e));
  // A non-string created is a type error only: the format is never tried
  // on it (valijson would throw converting an array to a string).
  e = validate_text(Schema::config, with(kConfig, "/created", R"([1, 2])"));
  BOOST_TEST(has_error(e, "/created", "type"), show(e));
  BOOST_TEST(e.size() == 1u, show(e));
  e = validate_text(Schema::config, with(kConfig, "/history/0/created", R"({"a": 1})"));
  BOOST_TEST(has_error(e, "/history/0/created", "type"), show(e));
  e = validate_text(Schema::config, with(kConfig, "/rootfs/type", R"("tarball")"));
  BOOST_TEST(has_error(e, "/rootfs/type", "enum"), show(e));
  e = validate_text(Schema::config, with(kConfig, "/config/Volumes", R"(["/data"])"));
  BOOST_TEST(has_error(e, "/config/Volumes", "type"), show(e));
  e = validate_text(Schema::config, with(kConfig, "/config/Labels/com.example.n", "1"));
  BOOST_TEST(has_error(e, "/config/Labels/com.example.n", "type"), show(e));
  e = validate_text(Schema::config, with(kConfig, "/config/Env/0", "7353"));
  BOOST_TEST(has_error(e, "/config/Env/0", "type"), show(e));
}

BOOST_AUTO_TEST_CASE(pointers_are_escaped) {
  const auto e = validate_text(Schema::manifest, with(kManifest, "/annotations/a~1b~0c", "1"));
  BOOST_TEST(has_error(e, "/annotations/a~1b~0c", "type"), show(e));
}

BOOST_AUTO_TEST_CASE(size_int64_bounds) {
  auto e = validate_text(Schema::descriptor, with(kDescriptor, "/size", "9223372036854775807"));
  BOOST_TEST(e.empty(), show(e));
  // 2^63 does not fit in int64: not an integer for the schema (valijson's
  // adapter would otherwise wrap it to a negative number).
  e = validate_text(Schema::descriptor, with(kDescriptor, "/size", "9223372036854775808"));
  BOOST_TEST(has_error(e, "/size", "type"), show(e));
  BOOST_TEST(e.front().found == "the number 9223372036854775808", show(e));
  e = validate_text(Schema::descriptor, with(kDescriptor, "/size", "1.0"));
  BOOST_TEST(has_error(e, "/size", "type"), show(e));
}

BOOST_AUTO_TEST_CASE(long_strings_do_not_crash) {
  const std::string long_digest = "sha256:" + std::string(100000, 'a');
  auto e =
      validate_text(Schema::descriptor, with(kDescriptor, "/digest", "\"" + long_digest + "\""));
  BOOST_TEST(e.empty(), show(e));  // long, but well-formed for an unregistered length
  e = validate_text(Schema::descriptor, with(kDescriptor, "/digest", "\"" + long_digest + "!\""));
  BOOST_TEST(has_error(e, "/digest", "pattern"), show(e));  // the bad tail is kept
  const std::string long_key = std::string(100000, 'k');
  e = validate_text(Schema::manifest, with(kManifest, ("/annotations/" + long_key).c_str(), "1"));
  BOOST_TEST(e.size() == 1u, show(e));
  BOOST_TEST(e.front().keyword_hint == "type");
  e = validate_text(Schema::manifest,
                    with(kManifest, "/mediaType", "\"" + std::string(100000, 'a') + "/b\""));
  BOOST_TEST(has_error(e, "/mediaType", "pattern"), show(e));
  // Through the whole registry too.
  const auto f = ocv::test::check_document(
      with(kManifest, "/layers/0/digest", "\"" + long_digest + "\""), DocKind::manifest);
  BOOST_TEST(!fired(f, "MT-002"), dump(f));
  const auto f2 = ocv::test::check_document(
      with(kManifest, ("/annotations/" + long_key).c_str(), R"("v")"), DocKind::manifest);
  BOOST_TEST(!fired(f2, "MT-002"), dump(f2));
}

BOOST_AUTO_TEST_CASE(sanitized_copy_truncates) {
  rapidjson::Document in;
  in.Parse(("{\"" + std::string(3000, 'n') + "\": \"" + std::string(3000, 'v') +
            "\", \"x\": " + "18446744073709551615}")
               .c_str());
  rapidjson::Document out;
  ocv::json::sanitized_copy(in, out);
  BOOST_REQUIRE(out.IsObject());
  const auto& m = *out.MemberBegin();
  BOOST_TEST(m.name.GetStringLength() == ocv::json::kMaxSchemaString);
  BOOST_TEST(m.value.GetStringLength() == ocv::json::kMaxSchemaString);
  BOOST_TEST(out["x"].IsDouble());
}

// Every value of every valid document, replaced by every JSON type: the
// validator must finish (valijson aborts on some type mismatches unless
// it is used with care) and the schema pass must map every error.
BOOST_AUTO_TEST_CASE(every_field_with_every_type) {
  const std::vector<std::string> replacements = {
      "null",  "true",   "0",  "-1",      "1.5", "9223372036854775808",
      R"("")", R"("x")", "[]", "[1, {}]", "{}",  R"({"a": [1]})"};
  const std::vector<std::pair<std::string, std::pair<Schema, DocKind>>> docs = {
      {kManifest, {Schema::manifest, DocKind::manifest}},
      {kIndex, {Schema::index, DocKind::index}},
      {kConfig, {Schema::config, DocKind::config}},
      {kDescriptor, {Schema::descriptor, DocKind::descriptor}},
      {kLayout, {Schema::oci_layout, DocKind::layout_header}}};
  std::size_t runs = 0;
  for (const auto& [text, kinds] : docs) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    std::vector<std::string> pointers;
    pointers_of(doc, "", pointers);
    for (const auto& p : pointers) {
      for (const auto& r : replacements) {
        const auto mutated = p.empty() ? r : with(text, p.c_str(), r);
        const auto parsed = ocv::json::parse_strict(mutated);
        BOOST_REQUIRE(parsed->ok());
        const auto errors = ocv::json::validate(kinds.first, parsed->dom);
        for (const auto& e : errors)
          BOOST_TEST(e.message.find("stopped") == std::string::npos,
                     p << " = " << r << ": " << e.message);
        const auto f = schema_pass(mutated, kinds.second);
        for (const auto& finding : f) BOOST_TEST(!finding.message.empty());
        ++runs;
      }
    }
  }
  BOOST_TEST(runs > 500u);
}

// --- The schema pass: errors mapped to catalogue rules ------------------------

BOOST_AUTO_TEST_CASE(every_reported_rule_is_registered) {
  // The routes come from the schema files, the rules from the routing: a
  // schema member or a rule ID the routing mistypes shows up here.
  BOOST_TEST(schema_routes().size() > 150u);
  const auto ids = schema_rule_ids();
  for (const auto& id : ids) BOOST_TEST(ocv::rules::default_registry().find(id) != nullptr, id);
  // Each family the schemas describe has its own rules among them.
  for (const auto* expected : {"ANN-001", "ANN-005", "CFG-012", "DESC-004", "DIG-001", "IDX-006",
                               "LYT-003", "MAN-009", "MAN-015", "PLAT-005", "PLAT-008"})
    BOOST_TEST(ids.count(expected) == 1u, expected);
}

BOOST_AUTO_TEST_CASE(routes_without_a_more_precise_rule_are_mt_002) {
  // Every place the schemas can fail has a rule more precise than MT-002;
  // a member the routing does not know (a schema grown without it) falls
  // back to MT-002.
  std::vector<std::string> fallbacks;
  for (const auto& route : schema_routes())
    if (rules_for(route).count("MT-002") != 0u)
      fallbacks.push_back(fmt::format("{} {}", fmt::join(route.tokens, "/"), route.keyword));
  BOOST_TEST(fallbacks.empty(), fmt::format("{}", fmt::join(fallbacks, ", ")));
  namespace routing = ocv::rules::schema_routing;
  BOOST_TEST(routing::target_for(DocKind::index, {"manifests", "0", "platform", "unknown"}, "type",
                                 nullptr)
                 .rule == "MT-002");
  BOOST_TEST(routing::target_for(DocKind::config, {"rootfs", "unknown"}, "type", nullptr).rule ==
             "MT-002");
  BOOST_TEST(routing::target_for(DocKind::layout_header, {"unknown"}, "type", nullptr).rule ==
             "MT-002");
  BOOST_TEST(routing::target_for(DocKind::manifest, {"unknown"}, "type", nullptr).rule == "MT-002");
  BOOST_TEST(routing::target_for(DocKind::empty, {"unknown"}, "type", nullptr).rule == "MT-002");
}

BOOST_AUTO_TEST_CASE(a_rule_the_registry_lacks_is_reported_as_mt_002) {
  // A registry without the descriptor family: a size that is a string is
  // DESC-004's, reported as MT-002 instead of aborting the run.
  ocv::engine::Registry r;
  r.add_rule({"MT-002", "MUST", Severity::error, "placeholder", "spec.md", "help"});
  ocv::rules::register_schema_rules(r);
  const auto doc =
      ocv::test::make_doc(with(kManifest, "/layers/0/size", R"("32654")"), DocKind::manifest);
  ocv::engine::FindingSink sink(r);
  for (const auto& check : r.document_checks()) check(doc->view, sink);
  auto f = sink.take();
  BOOST_TEST(reported(f, "MT-002", "/layers/0/size"), dump(f));
  BOOST_TEST(f.front().message.find("layers[0].size must be an integer") != std::string::npos,
             dump(f));
  // Without MT-002 either, nothing can be reported, and nothing throws.
  ocv::engine::Registry bare;
  ocv::rules::register_schema_rules(bare);
  ocv::engine::FindingSink bare_sink(bare);
  for (const auto& check : bare.document_checks())
    BOOST_CHECK_NO_THROW(check(doc->view, bare_sink));
  BOOST_TEST(bare_sink.take().empty());
}

BOOST_AUTO_TEST_CASE(valid_documents_are_silent) {
  BOOST_TEST(schema_pass(kManifest, DocKind::manifest).empty(),
             dump(schema_pass(kManifest, DocKind::manifest)));
  BOOST_TEST(schema_pass(kIndex, DocKind::index).empty());
  BOOST_TEST(schema_pass(kConfig, DocKind::config).empty());
  BOOST_TEST(schema_pass(kDescriptor, DocKind::descriptor).empty());
  BOOST_TEST(schema_pass(kLayout, DocKind::layout_header).empty());
  BOOST_TEST(schema_pass("{}", DocKind::empty).empty());
}

BOOST_AUTO_TEST_CASE(manifest_errors_map_to_man_and_desc_rules) {
  struct Case {
    const char* pointer;
    const char* replacement;
    const char* rule;
    const char* at;
  };
  const Case cases[] = {
      {"/schemaVersion", "", "MAN-001", "/schemaVersion"},
      {"/schemaVersion", "2.0", "MAN-001", "/schemaVersion"},
      {"/mediaType", R"("nope")", "MAN-003", "/mediaType"},
      {"/artifactType", R"("nope")", "MAN-004", "/artifactType"},
      {"/config", "", "MAN-006", "/config"},
      {"/config", "[]", "MAN-006", "/config"},
      {"/layers", "", "MAN-009", "/layers"},
      {"/layers", "{}", "MAN-009", "/layers"},
      {"/layers/0", R"("x")", "MAN-009", "/layers/0"},
      {"/subject", R"(".nope")", "MAN-015", "/subject"},
      {"/config/mediaType", "", "DESC-001", "/config/mediaType"},
      {"/config/mediaType", "1", "DESC-001", "/config/mediaType"},
      {"/config/mediaType", R"("invalid")", "MAN-007", "/config/mediaType"},
      {"/layers/0/mediaType", R"("invalid")", "MAN-013", "/layers/0/mediaType"},
      {"/subject/mediaType", R"("invalid")", "DESC-002", "/subject/mediaType"},
      {"/layers/0/digest", R"("sha256")", "DIG-001", "/layers/0/digest"},
      {"/layers/0/digest", "1", "DESC-003", "/layers/0/digest"},
      {"/layers/0/size", R"("1")", "DESC-004", "/layers/0/size"},
      {"/layers/0/size", "-1", "DESC-005", "/layers/0/size"},
      {"/layers/0/urls", R"("https://x")", "DESC-007", "/layers/0/urls"},
      {"/layers/0/urls/0", "1", "DESC-007", "/layers/0/urls/0"},
      {"/layers/0/annotations", "[]", "ANN-001", "/layers/0/annotations"},
      {"/layers/0/annotations/com.example.key", "1", "ANN-001",
       "/layers/0/annotations/com.example.key"},
      {"/subject/data", "1", "DESC-010", "/subject/data"},
      {"/subject/artifactType", R"("x")", "DESC-013", "/subject/artifactType"},
      {"/annotations", "null", "ANN-005", "/annotations"},
  };
  for (const auto& c : cases) {
    const auto f = schema_pass(with(kManifest, c.pointer, c.replacement), DocKind::manifest);
    BOOST_TEST(reported(f, c.rule, c.at), c.pointer << " = " << c.replacement << "\n" << dump(f));
    for (const auto& finding : f) BOOST_TEST((finding.severity == Severity::error), dump(f));
  }
}

BOOST_AUTO_TEST_CASE(index_errors_map_to_idx_and_plat_rules) {
  struct Case {
    const char* pointer;
    const char* replacement;
    const char* rule;
    const char* at;
  };
  const Case cases[] = {
      {"/schemaVersion", "1", "IDX-001", "/schemaVersion"},
      {"/mediaType", "[]", "IDX-003", "/mediaType"},
      {"/artifactType", R"("x")", "IDX-004", "/artifactType"},
      {"/manifests", "", "IDX-005", "/manifests"},
      {"/manifests/0", "1", "IDX-006", "/manifests/0"},
      {"/manifests/0/platform", R"("linux")", "IDX-006", "/manifests/0/platform"},
      {"/manifests/0/platform/architecture", "", "PLAT-001", "/manifests/0/platform/architecture"},
      {"/manifests/0/platform/os", "1", "PLAT-002", "/manifests/0/platform/os"},
      {"/manifests/0/platform/os.version", "1", "PLAT-008", "/manifests/0/platform/os.version"},
      {"/manifests/0/platform/os.features", R"("a")", "PLAT-007",
       "/manifests/0/platform/os.features"},
      {"/manifests/0/platform/variant", "8", "PLAT-005", "/manifests/0/platform/variant"},
      {"/manifests/0/digest", "", "DESC-003", "/manifests/0/digest"},
      {"/manifests/0/size", "-3", "DESC-005", "/manifests/0/size"},
      {"/subject", "[]", "IDX-010", "/subject"},
      {"/annotations", "1", "ANN-001", "/annotations"},
  };
  for (const auto& c : cases) {
    const auto f = schema_pass(with(kIndex, c.pointer, c.replacement), DocKind::index);
    BOOST_TEST(reported(f, c.rule, c.at), c.pointer << " = " << c.replacement << "\n" << dump(f));
    for (const auto& finding : f) BOOST_TEST((finding.severity == Severity::error), dump(f));
  }
}

BOOST_AUTO_TEST_CASE(config_errors_map_to_cfg_rules) {
  struct Case {
    const char* pointer;
    const char* replacement;
    const char* rule;
  };
  const Case cases[] = {
      {"/architecture", "", "CFG-001"},
      {"/os", "123", "CFG-002"},
      {"/rootfs", "", "CFG-003"},
      {"/rootfs/type", R"("tarball")", "CFG-004"},
      {"/rootfs/diff_ids", "", "CFG-005"},
      {"/rootfs/diff_ids/0", "1", "CFG-005"},
      {"/created", R"("15-10-31")", "CFG-010"},
      {"/history/0/created", R"("noon")", "CFG-011"},
      {"/variant", "123", "CFG-012"},
      {"/config/User", "1234", "CFG-012"},
      {"/config/Env/0", "7353", "CFG-012"},
      {"/config/Volumes", R"(["/data"])", "CFG-012"},
      {"/history", R"("x")", "CFG-012"},
      {"/config/Labels", "[]", "ANN-001"},
      {"/config/Labels/com.example.project.git.url", "1", "ANN-001"},
  };
  for (const auto& c : cases) {
    const auto f = schema_pass(with(kConfig, c.pointer, c.replacement), DocKind::config);
    BOOST_TEST(reported(f, c.rule, c.pointer), c.pointer << " = " << c.replacement << "\n"
                                                         << dump(f));
  }
  // Messages name what was expected and what was found.
  const auto f = schema_pass(with(kConfig, "/os", "123"), DocKind::config);
  BOOST_REQUIRE(!f.empty());
  BOOST_TEST(f.front().message == "os must be a string, found the number 123");
}

// Messages name the value by a readable path: a member name that is not
// a plain word, or is longer than 64 bytes, is quoted in brackets (and cut).
BOOST_AUTO_TEST_CASE(messages_quote_member_names_that_are_not_plain_words) {
  const auto message = [](const std::string& pointer) {
    const auto f = schema_pass(with(kConfig, pointer.c_str(), "1"), DocKind::config);
    return f.empty() ? std::string("<none>") : f.front().message;
  };
  BOOST_TEST(message("/config/Labels/a b") ==
             R"(config.Labels["a b"] must be a string, found the number 1)");
  BOOST_TEST(message("/config/Labels/" + std::string(64, 'k')) ==
             "config.Labels." + std::string(64, 'k') + " must be a string, found the number 1");
  BOOST_TEST(message("/config/Labels/" + std::string(70, 'k')) ==
             R"(config.Labels[")" + std::string(64, 'k') +
                 R"(…"] must be a string, found the number 1)");
  BOOST_TEST(message("/config/Labels/" + std::string(65, 'k') + "~1") ==
             R"(config.Labels[")" + std::string(64, 'k') +
                 R"(…"] must be a string, found the number 1)");
  BOOST_TEST(message("/config/Labels/x=y") ==
             R"(config.Labels["x=y"] must be a string, found the number 1)");
}

BOOST_AUTO_TEST_CASE(layout_and_descriptor_errors) {
  auto f = schema_pass("{}", DocKind::layout_header);
  BOOST_TEST(reported(f, "LYT-002", "/imageLayoutVersion"), dump(f));
  f = schema_pass(R"({"imageLayoutVersion": 1})", DocKind::layout_header);
  BOOST_TEST(reported(f, "LYT-002", "/imageLayoutVersion"), dump(f));
  BOOST_TEST(!reported(f, "LYT-003", "/imageLayoutVersion"), dump(f));
  f = schema_pass(R"({"imageLayoutVersion": "1.1.0"})", DocKind::layout_header);
  BOOST_TEST(reported(f, "LYT-003", "/imageLayoutVersion"), dump(f));
  BOOST_REQUIRE(!f.empty());
  BOOST_TEST((f.front().severity == Severity::warning));  // maybe a future version

  f = schema_pass(with(kDescriptor, "/mediaType", ""), DocKind::descriptor);
  BOOST_TEST(reported(f, "DESC-001", "/mediaType"), dump(f));
  f = schema_pass(with(kDescriptor, "/size", R"("9")"), DocKind::descriptor);
  BOOST_TEST(reported(f, "DESC-004", "/size"), dump(f));
  // A number that is no int64 is left to DESC-004's own check, which
  // quotes it as written (tests/descriptor_rules_test.cpp).
  for (const char* number : {"9223372036854775808", "1e3", "1.0"}) {
    f = schema_pass(with(kDescriptor, "/size", number), DocKind::descriptor);
    BOOST_TEST(f.empty(), number << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(unknown_members_are_not_errors) {
  // B-01: no additionalProperties anywhere.
  auto f = schema_pass(with(kManifest, "/x-extra", R"({"any": [1]})"), DocKind::manifest);
  BOOST_TEST(f.empty(), dump(f));
  f = schema_pass(with(kConfig, "/config/Custom", "7"), DocKind::config);
  BOOST_TEST(f.empty(), dump(f));
  f = schema_pass(with(kIndex, "/manifests/0/platform/features", "1"), DocKind::index);
  BOOST_TEST(f.empty(), dump(f));  // reserved: PLAT-009 flags its presence, not its type
  // The CVE-2021-41190 ambiguity is the manifest/index rules' business.
  f = schema_pass(with(kManifest, "/manifests", "[]"), DocKind::manifest);
  BOOST_TEST(f.empty(), dump(f));
}

BOOST_AUTO_TEST_CASE(top_level_non_object_is_left_to_json_007) {
  for (const auto kind : {DocKind::manifest, DocKind::index, DocKind::config, DocKind::descriptor,
                          DocKind::layout_header}) {
    const auto f = schema_pass("[1, 2]", kind);
    BOOST_TEST(f.empty(), dump(f));
  }
}

BOOST_AUTO_TEST_CASE(unparsable_documents) {
  auto f = schema_pass("{\"schemaVersion\": 2,\n  \"config\": {", DocKind::manifest);
  BOOST_TEST(f.size() == 1u, dump(f));
  BOOST_TEST(reported(f, "MT-002", ""), dump(f));
  BOOST_TEST(f.front().message.find("line 2") != std::string::npos, dump(f));
  f = schema_pass(R"({"imageLayoutVersion": 1.0.0})", DocKind::layout_header);
  BOOST_TEST(reported(f, "LYT-002", ""), dump(f));
  {
    const auto doc = ocv::test::make_doc("not json", DocKind::index, true);
    ocv::engine::FindingSink sink(schema_only_registry());
    for (const auto& check : schema_only_registry().document_checks()) check(doc->view, sink);
    const auto g = sink.take();
    BOOST_TEST(reported(g, "LYT-004", ""), dump(g));
  }
  // Invalid UTF-8 is JSON-001's, not a schema finding.
  f = schema_pass("{\"imageLayoutVersion\": \"1.0.0\xff\"}", DocKind::layout_header);
  BOOST_TEST(!reported(f, "LYT-002", ""), dump(f));
  BOOST_TEST(!reported(f, "MT-002", ""), dump(f));
}

BOOST_AUTO_TEST_CASE(full_registry_maps_schema_errors) {
  const auto f =
      ocv::test::check_document(with(kManifest, "/layers/0/size", R"("32654")"), DocKind::manifest);
  BOOST_TEST(reported(f, "DESC-004", "/layers/0/size"), dump(f));
  BOOST_TEST(!fired(f, "MT-002"), dump(f));
}

// A large array is validated a page of a few thousand values at a time,
// so that memory does not grow with it; an error on a later page, and in
// a large array inside an item of a page (paged again), still names its
// own item.
BOOST_AUTO_TEST_CASE(large_arrays_are_validated_page_by_page_with_true_pointers) {
  const auto manifest = [](int bad_size_at, int urls_at, int bad_url_at) {
    std::string layers;
    for (int i = 0; i < 3000; ++i) {
      std::string urls;
      if (i == urls_at) {
        urls = R"(,"urls":[)";
        for (int u = 0; u < 5000; ++u) {
          if (u > 0) urls += ',';
          urls +=
              u == bad_url_at ? std::string("5") : fmt::format(R"("https://example.com/{}")", u);
        }
        urls += "]";
      }
      layers += fmt::format(
          R"({}{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":{},"digest":"{}"{}}})",
          i == 0 ? "" : ",", i == bad_size_at ? R"("12")" : "12", kDigest, urls);
    }
    return fmt::format(
        R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
        R"("config":{{"mediaType":"application/vnd.oci.image.config.v1+json","size":7,)"
        R"("digest":"{}"}},"layers":[{}]}})",
        kDigest, layers);
  };
  BOOST_TEST(validate_text(Schema::manifest, manifest(-1, 1500, -1)).empty());
  const auto errors = validate_text(Schema::manifest, manifest(2500, 1500, 4321));
  BOOST_TEST_REQUIRE(errors.size() == 2u, show(errors));
  BOOST_TEST(errors[0].pointer == "/layers/1500/urls/4321", show(errors));
  BOOST_TEST(errors[0].keyword_hint == "type");
  BOOST_TEST(errors[0].found == "the number 5");
  BOOST_TEST(errors[1].pointer == "/layers/2500/size", show(errors));
  BOOST_TEST(errors[1].keyword_hint == "type");
}

// Schemas given as text (the report and SARIF schemas in tests): the
// draft named by $schema decides how the keywords read; a schema that is
// not JSON or does not compile is one failure that says so.
BOOST_AUTO_TEST_CASE(schemas_given_as_text_are_read_in_their_own_draft) {
  rapidjson::Document doc;
  doc.Parse(R"({"a": 3})");
  const auto check = [&](const std::string& schema) {
    return ocv::json::validate_with_schema_text(schema, doc);
  };
  using Lines = std::vector<std::string>;
  BOOST_TEST(check("{") == Lines{"the schema is not valid JSON"});
  // draft-04: exclusiveMaximum is a boolean beside maximum.
  const std::string bound =
      R"("type": "object", "properties": {"a": {"type": "integer", "maximum": 3,
         "exclusiveMaximum": true}})";
  const auto draft4 =
      check(R"({"$schema": "http://json-schema.org/draft-04/schema#", )" + bound + "}");
  BOOST_TEST(draft4 == (Lines{"<root>[a]: Expected number less than 3.000000",
                              "<root>: Failed to validate against schema associated with property "
                              "name 'a'."}),
             fmt::format("{}", fmt::join(draft4, "\n")));
  // draft-07 (also when $schema is absent or not a string): it is a number.
  for (const auto* declared :
       {"", R"("$schema": 7, )", R"("$schema": "http://json-schema.org/draft-07/schema#", )"}) {
    const auto draft7 = check(std::string("{") + declared + bound + "}");
    BOOST_TEST_REQUIRE(draft7.size() == 1u, declared << fmt::format("{}", fmt::join(draft7, "\n")));
    BOOST_TEST(draft7[0].starts_with("schema validation stopped: "), draft7[0]);
  }
  BOOST_TEST(check(R"({"properties": {"a": {"maximum": 3}}})").empty());
  const auto array = check("[]");
  BOOST_TEST_REQUIRE(array.size() == 1u);
  BOOST_TEST(array[0].starts_with("schema validation stopped: "), array[0]);
}

BOOST_AUTO_TEST_SUITE_END()
