#pragma once
// What a manifest and its config say, read once from their parsed JSON
// when the graph parses them, so that the engine (reports' image list,
// which diff_id algorithms the layer pass computes) and the image rules
// read typed values instead of walking the document again. The strings
// are views into the parsed document, which outlives every view of it.
//
// A member that is absent or of another JSON type is empty here: the
// document rules report the document's shape; these facts only answer what
// the document says where it says it.
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace ocv::engine {

struct DocumentView;

/// What a manifest is for (is_artifact_manifest).
enum class ImageKind { image, artifact };

/// A descriptor object inside a manifest (its config or subject).
struct DescriptorFacts {
  std::optional<std::string_view> media_type;  // mediaType, when a string
  std::optional<std::string_view> digest;      // digest, when a string
};

/// What an image manifest says.
struct ManifestFacts {
  ImageKind kind = ImageKind::image;
  std::optional<std::string_view> media_type;     // mediaType, when a string
  std::optional<std::string_view> artifact_type;  // artifactType, when a string
  std::optional<DescriptorFacts> config;          // when `config` is an object
  std::optional<DescriptorFacts> subject;         // when `subject` is an object
  /// How many entries `layers` has (of any type), when it is an array.
  std::optional<std::size_t> layer_count;
};

/// What an image config says.
struct ConfigFacts {
  bool object = false;  // the document is a JSON object (else everything below is empty)
  // "" when absent or not a string (Go reads an absent field as "").
  std::string_view os;
  std::string_view architecture;
  std::string_view variant;
  std::string_view os_version;                // "os.version"
  std::vector<std::string_view> os_features;  // the strings of "os.features", sorted
  /// rootfs.diff_ids, when rootfs is an object and diff_ids an array: each
  /// entry by position, nullopt where it is not a string.
  std::optional<std::vector<std::optional<std::string_view>>> diff_ids;
  /// How many history entries are objects not marked empty_layer, when
  /// `history` is a non-empty array (an empty one says nothing of the
  /// layers).
  std::optional<std::size_t> history_layers;
};

/// The facts of a manifest root value (any JSON value).
ManifestFacts read_manifest_facts(const rapidjson::Value* root);
/// The facts of a config root value (any JSON value).
ConfigFacts read_config_facts(const rapidjson::Value* root);

/// The facts of one document, owned beside its parsed JSON.
struct OwnedFacts {
  std::unique_ptr<const ManifestFacts> manifest;
  std::unique_ptr<const ConfigFacts> config;
};

/// Reads the facts of `view` when it is a manifest or a config (nothing for
/// other kinds) into `owned`, and points the view at them.
void attach_facts(DocumentView& view, OwnedFacts& owned);

}  // namespace ocv::engine
