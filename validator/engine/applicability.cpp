#include "validator/engine/applicability.hpp"

namespace ocv::engine {

std::string_view not_applicable_reason(const RuleInfo& rule, const ImageSummary* image,
                                       const InputTraits& input) {
  if ((rule.needs & kNeedsRegistry) != 0 && !input.registry)
    return "checked only for an image read from a registry";
  if ((rule.needs & kNeedsLayout) != 0 && !input.layout)
    return "the input is a registry: it has no oci-layout, index.json or blobs/ of its own";
  if ((rule.needs & kNeedsBlobListing) != 0 && !input.blob_listing)
    return "the input cannot list its blobs (a registry lists no repository's blobs), so blobs "
           "that nothing references cannot be found";
  const auto in = [&rule](Scope part) { return (rule.scope & part) != 0; };
  if (image == nullptr)
    return in(kScopeImage) ? "checked per image, not for the layout as a whole" : "";
  if (in(kScopeLayout)) return "checked for the layout as a whole";
  if (in(kScopeNestedIndex) && !image->nested_index)
    return "the image is not reached through a nested index (index.json is checked with the "
           "layout)";
  if (in(kScopeArtifact) && !image->artifact)
    return "the manifest is an image, not an artifact (no artifactType, image config)";
  if (in(kScopeImageConfig) && !image->image_config)
    return image->artifact ? "artifact: no image config to check" : "no image config was read";
  if (in(kScopeLayers) && image->layers_read == 0)
    return image->layers == 0 ? "the image has no layers" : "no layer could be read";
  if (in(kScopeWindows) && image->os != "windows")
    return "not a Windows image: only Windows runtimes read the MSWINDOWS.* records";
  return "";
}

bool applies(const RuleInfo& rule, const ImageSummary* image, const InputTraits& input) {
  return not_applicable_reason(rule, image, input).empty();
}

}  // namespace ocv::engine
