#pragma once
// Top-level fields that image manifests and image indexes define alike
// (schemaVersion, mediaType, artifactType, subject), checked once for both
// under each family's own rule IDs.
#include <string_view>

#include <rapidjson/document.h>

#include "validator/model/check_context.hpp"

namespace ocv::rules {

/// schemaVersion is the integer 2 (2.0 is not an integer).
void check_schema_version(std::string_view rule, const engine::DocumentView& doc,
                          const rapidjson::Value& root, engine::FindingSink& sink);

/// What a document's own mediaType must be.
struct OwnMediaType {
  std::string_view missing_rule;  // reported when mediaType is absent
  std::string_view wrong_rule;    // reported when it is another type
  std::string_view document;      // "the manifest", "index.json", ... for messages
  std::string_view expected;      // the OCI type
  std::string_view docker;        // the Docker equivalent, left to MT-005
};

/// The document names its own media type, and it is the expected one (or
/// its Docker equivalent, which is the compatibility rules' business).
void check_own_media_type(const OwnMediaType& own, const engine::DocumentView& doc,
                          const rapidjson::Value& root, engine::FindingSink& sink);

/// artifactType, when present, is an RFC 6838 media type string.
void check_artifact_type_form(std::string_view rule, const engine::DocumentView& doc,
                              const rapidjson::Value& root, engine::FindingSink& sink);

/// A subject that is not even a descriptor object: an error, whatever the
/// rule's default severity for a subject of the wrong type.
void check_subject_is_object(std::string_view rule, const engine::DocumentView& doc,
                             const rapidjson::Value& root, engine::FindingSink& sink);

}  // namespace ocv::rules
