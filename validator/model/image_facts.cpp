#include "validator/model/image_facts.hpp"

#include <algorithm>

#include "validator/model/check_context.hpp"
#include "validator/model/manifest_kind.hpp"

namespace ocv::engine {
namespace {

const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(
      rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string_view> string_at(const rapidjson::Value& object, std::string_view name) {
  const auto* v = member(object, name);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return std::string_view(v->GetString(), v->GetStringLength());
}

std::optional<DescriptorFacts> descriptor_at(const rapidjson::Value& object,
                                             std::string_view name) {
  const auto* v = member(object, name);
  if (v == nullptr || !v->IsObject()) return std::nullopt;
  return DescriptorFacts{string_at(*v, "mediaType"), string_at(*v, "digest")};
}

std::optional<std::vector<std::optional<std::string_view>>> diff_ids_of(
    const rapidjson::Value& root) {
  const auto* rootfs = member(root, "rootfs");
  const auto* ids = rootfs != nullptr ? member(*rootfs, "diff_ids") : nullptr;
  if (ids == nullptr || !ids->IsArray()) return std::nullopt;
  std::vector<std::optional<std::string_view>> out;
  out.reserve(ids->Size());
  for (const auto& id : ids->GetArray())
    out.push_back(id.IsString() ? std::optional<std::string_view>(
                                      std::string_view(id.GetString(), id.GetStringLength()))
                                : std::nullopt);
  return out;
}

std::optional<std::size_t> history_layers_of(const rapidjson::Value& root) {
  const auto* history = member(root, "history");
  if (history == nullptr || !history->IsArray() || history->Empty()) return std::nullopt;
  std::size_t layers = 0;
  for (const auto& item : history->GetArray()) {
    if (!item.IsObject()) continue;
    const auto* empty = member(item, "empty_layer");
    if (empty == nullptr || !empty->IsBool() || !empty->GetBool()) ++layers;
  }
  return layers;
}

}  // namespace

ManifestFacts read_manifest_facts(const rapidjson::Value* root) {
  ManifestFacts f;
  if (root == nullptr || !root->IsObject()) return f;
  f.kind = is_artifact_manifest(*root) ? ImageKind::artifact : ImageKind::image;
  f.media_type = string_at(*root, "mediaType");
  f.artifact_type = string_at(*root, "artifactType");
  f.config = descriptor_at(*root, "config");
  f.subject = descriptor_at(*root, "subject");
  if (const auto* layers = member(*root, "layers"); layers != nullptr && layers->IsArray())
    f.layer_count = layers->Size();
  return f;
}

ConfigFacts read_config_facts(const rapidjson::Value* root) {
  ConfigFacts f;
  if (root == nullptr || !root->IsObject()) return f;
  f.object = true;
  f.os = string_at(*root, "os").value_or("");
  f.architecture = string_at(*root, "architecture").value_or("");
  f.variant = string_at(*root, "variant").value_or("");
  f.os_version = string_at(*root, "os.version").value_or("");
  if (const auto* features = member(*root, "os.features");
      features != nullptr && features->IsArray())
    for (const auto& item : features->GetArray())
      if (item.IsString()) f.os_features.emplace_back(item.GetString(), item.GetStringLength());
  std::sort(f.os_features.begin(), f.os_features.end());
  f.diff_ids = diff_ids_of(*root);
  f.history_layers = history_layers_of(*root);
  return f;
}

void attach_facts(DocumentView& view, OwnedFacts& owned) {
  if (view.kind == DocKind::manifest) {
    owned.manifest = std::make_unique<const ManifestFacts>(read_manifest_facts(view.root()));
    view.manifest_facts = owned.manifest.get();
  } else if (view.kind == DocKind::config) {
    owned.config = std::make_unique<const ConfigFacts>(read_config_facts(view.root()));
    view.config_facts = owned.config.get();
  }
}

}  // namespace ocv::engine
