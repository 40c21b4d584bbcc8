#include "validator/model/attachment_kind.hpp"

#include "validator/model/check_context.hpp"

namespace ocv::engine {
namespace {

std::optional<std::string_view> string_at(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return std::nullopt;
  const auto it =
      object.FindMember(rapidjson::Value(key.data(), static_cast<rapidjson::SizeType>(key.size())));
  if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string_view(it->value.GetString(), it->value.GetStringLength());
}

bool is_lower_hex(std::string_view s) {
  for (const char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

/// The kind a manifest's layers give it: cosign writes its payloads with
/// types of its own, BuildKit and Docker in-toto statements.
std::string_view kind_by_layers(const rapidjson::Value& manifest) {
  const auto layers = manifest.FindMember("layers");
  if (layers == manifest.MemberEnd() || !layers->value.IsArray() || layers->value.Empty())
    return {};
  bool all_in_toto = true;
  for (const auto& layer : layers->value.GetArray()) {
    const auto type = string_at(layer, "mediaType").value_or("");
    if (type == attach::kCosignSimpleSigning) return kCosignSignature;
    if (type == attach::kDsseEnvelope) return kCosignAttestation;
    all_in_toto = all_in_toto && type == attach::kInToto;
  }
  if (!all_in_toto) return {};
  const auto config = manifest.FindMember("config");
  const bool buildkit_config =
      config != manifest.MemberEnd() &&
      string_at(config->value, "mediaType") == attach::kBuildKitAttestationConfig;
  return buildkit_config ? kBuildKitAttestation : kInTotoAttestation;
}

}  // namespace

std::optional<std::string_view> annotation(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return std::nullopt;
  const auto annotations = object.FindMember("annotations");
  if (annotations == object.MemberEnd()) return std::nullopt;
  return string_at(annotations->value, key);
}

std::optional<AttachmentTag> parse_attachment_tag(std::string_view ref) {
  // A full image name ("registry/repo:sha256-…") or the tag alone.
  if (const auto colon = ref.rfind(':'); colon != std::string_view::npos)
    ref.remove_prefix(colon + 1);
  constexpr std::string_view kPrefix = "sha256-";
  constexpr std::size_t kHex = 64;
  if (!ref.starts_with(kPrefix) || ref.size() < kPrefix.size() + kHex) return std::nullopt;
  const auto hex = ref.substr(kPrefix.size(), kHex);
  if (!is_lower_hex(hex)) return std::nullopt;
  const auto suffix = ref.substr(kPrefix.size() + kHex);
  AttachmentTag tag{"sha256:" + std::string(hex), {}};
  if (suffix.empty()) return tag;
  if (suffix == ".sig")
    tag.kind = kCosignSignature;
  else if (suffix == ".att")
    tag.kind = kCosignAttestation;
  else if (suffix == ".sbom")
    tag.kind = kCosignSbom;
  else
    return std::nullopt;
  return tag;
}

std::string_view attachment_kind(const DescriptorView* entry, const rapidjson::Value& manifest) {
  if (entry != nullptr) {
    if (annotation(*entry->value, attach::kReferenceType) == attach::kAttestationManifest)
      return kBuildKitAttestation;
    const auto cosign_kind = annotation(*entry->value, attach::kCosignKindAnnotation);
    if (cosign_kind == attach::kCosignKindSigs) return kCosignSignature;
    if (cosign_kind == attach::kCosignKindAtts) return kCosignAttestation;
    if (const auto ref = entry->ref_name())
      if (const auto tag = parse_attachment_tag(*ref); tag && !tag->kind.empty()) return tag->kind;
  }
  if (!manifest.IsObject()) return {};
  if (string_at(manifest, "artifactType") == attach::kNotarySignature) return kNotationSignature;
  const auto config = manifest.FindMember("config");
  if (config != manifest.MemberEnd() &&
      string_at(config->value, "mediaType") == attach::kNotarySignature)
    return kNotationSignature;
  return kind_by_layers(manifest);
}

}  // namespace ocv::engine
