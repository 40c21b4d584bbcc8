#pragma once
// What a manifest is for: a container image or an artifact (manifest.md §
// Guidelines for Artifact Usage). One definition, used by the engine (the
// reports' image list), the manifest and artifact rules (which layer media
// types each may list) and the layer rules (how bad a layer that is no tar
// is).
#include <rapidjson/document.h>

namespace ocv::engine {

/// An artifact: `artifactType` is a non-empty string (Go, and so most
/// tools, read "" and null as unset, as the manifest rules do), or `config.mediaType`
/// is a non-empty string other than the OCI or Docker image config type
/// (the empty type included). Anything else, a manifest whose config type
/// is missing among them, is read as a container image.
bool is_artifact_manifest(const rapidjson::Value& manifest_root);

}  // namespace ocv::engine
