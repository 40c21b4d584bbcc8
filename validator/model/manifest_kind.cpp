#include "validator/model/manifest_kind.hpp"

#include <string_view>

#include "validator/model/media_types.hpp"

namespace ocv::engine {

bool is_artifact_manifest(const rapidjson::Value& root) {
  if (!root.IsObject()) return false;
  const auto artifact_type = root.FindMember("artifactType");
  if (artifact_type != root.MemberEnd() && artifact_type->value.IsString() &&
      artifact_type->value.GetStringLength() > 0)
    return true;
  const auto config = root.FindMember("config");
  if (config == root.MemberEnd() || !config->value.IsObject()) return false;
  const auto type = config->value.FindMember("mediaType");
  if (type == config->value.MemberEnd() || !type->value.IsString()) return false;
  const std::string_view config_type(type->value.GetString(), type->value.GetStringLength());
  return !config_type.empty() && !mt::is_image_config(config_type);
}

}  // namespace ocv::engine
