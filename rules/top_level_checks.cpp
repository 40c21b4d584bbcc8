#include "rules/top_level_checks.hpp"

#include <fmt/format.h>

#include "rules/grammar.hpp"
#include "rules/json_access.hpp"

namespace ocv::rules {

void check_schema_version(std::string_view rule, const engine::DocumentView& doc,
                          const rapidjson::Value& root, engine::FindingSink& sink) {
  const auto* v = member(root, "schemaVersion");
  if (v == nullptr)
    sink.report(rule, doc, "/schemaVersion", "schemaVersion is missing; it must be 2");
  else if (!v->IsNumber())
    sink.report(rule, doc, "/schemaVersion",
                fmt::format("schemaVersion must be the integer 2, found {}", type_name(*v)));
  else if (!v->IsInt64())
    sink.report(rule, doc, "/schemaVersion",
                "schemaVersion must be the integer 2, found a number with a fraction or "
                "exponent, or out of range");
  else if (v->GetInt64() != 2)
    sink.report(rule, doc, "/schemaVersion",
                fmt::format("schemaVersion must be 2, found {}", v->GetInt64()));
}

void check_own_media_type(const OwnMediaType& own, const engine::DocumentView& doc,
                          const rapidjson::Value& root, engine::FindingSink& sink) {
  const auto* v = member(root, "mediaType");
  if (v == nullptr) {
    sink.report(own.missing_rule, doc, "/mediaType",
                fmt::format("{} has no mediaType; expected \"{}\"", own.document, own.expected));
    return;
  }
  if (!v->IsString()) {
    sink.report(
        own.wrong_rule, doc, "/mediaType",
        fmt::format("mediaType must be the string \"{}\", found {}", own.expected, type_name(*v)));
    return;
  }
  const auto found = as_view(*v);
  if (found == own.expected || found == own.docker) return;
  sink.report(own.wrong_rule, doc, "/mediaType",
              fmt::format("mediaType must be \"{}\", found {}", own.expected, quoted(found)));
}

void check_artifact_type_form(std::string_view rule, const engine::DocumentView& doc,
                              const rapidjson::Value& root, engine::FindingSink& sink) {
  const auto* v = member(root, "artifactType");
  if (v == nullptr) return;
  if (!v->IsString())
    sink.report(rule, doc, "/artifactType",
                fmt::format("artifactType must be a media type string, found {}", type_name(*v)));
  else if (!grammar::is_media_type(as_view(*v)))
    sink.report(rule, doc, "/artifactType",
                fmt::format("artifactType {} is not an RFC 6838 media type (type/subtype)",
                            quoted(as_view(*v))));
}

void check_subject_is_object(std::string_view rule, const engine::DocumentView& doc,
                             const rapidjson::Value& root, engine::FindingSink& sink) {
  const auto* v = member(root, "subject");
  if (v != nullptr && !v->IsObject())
    sink.report(
        rule, doc, "/subject",
        fmt::format("subject must be a descriptor of a manifest or index, found {}", type_name(*v)),
        engine::Severity::error);
}

}  // namespace ocv::rules
