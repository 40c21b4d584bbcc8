#pragma once
// What the LAY-* and WHT-* checks share: tar member paths of layers, where
// findings about a layer are anchored, and the bounded lists of member
// findings.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "validator/model/check_context.hpp"
#include "validator/model/layer_index.hpp"
#include "validator/model/layer_stack.hpp"
#include "validator/model/severity.hpp"

namespace ocv::rules::layer_paths {

// The member index and the stack live with the model (validator/model/
// layer_index.hpp, layer_stack.hpp): built once per layer and walked once
// per image by the engine. Their names are used here as the checks use them.
using engine::basename;
using engine::classify;
using engine::complete;
using engine::dirname;
using engine::ends_after_last_data;
using engine::join;
using engine::kOpaqueMarker;
using engine::kWhiteoutPrefix;
using engine::LayerIndex;
using engine::LayerStack;
using engine::Marker;
using engine::Member;

/// A path for messages: the root shows as ".".
std::string_view shown(std::string_view path);

/// "sha256:<hex>" of a layer blob, for messages.
std::string layer_digest(const engine::BlobFacts& blob);
/// Where a finding about `image.layers[i]` is anchored: the layer blob,
/// reached through the image's manifest.
engine::Site layer_site(const engine::ImageView& image, std::size_t i);

/// Entry-level findings of one layer. A broken layer can have a finding per
/// member for hundreds of thousands of members, so each rule lists the first
/// kMaxListed members and finish() adds one finding with the count of the
/// rest.
class MemberReports {
 public:
  static constexpr std::size_t kMaxListed = 100;

  MemberReports(engine::FindingSink& sink, const engine::Site& site, std::string digest)
      : sink_(sink), site_(site), digest_(std::move(digest)) {}

  const std::string& digest() const { return digest_; }
  void add(std::string_view rule, const engine::TarEntry& entry, std::string message,
           std::optional<engine::Severity> severity = std::nullopt) {
    add(rule, entry.path, std::move(message), severity);
  }
  void add(std::string_view rule, const std::string& member, std::string message,
           std::optional<engine::Severity> severity = std::nullopt);
  /// Counts `n` more members that break `rule` without listing them.
  void add_unlisted(std::string_view rule, std::uint64_t n);
  void finish();

 private:
  struct Count {
    std::size_t listed = 0;
    std::uint64_t more = 0;
    // The most severe one not listed: the count is reported at it (a
    // rule's member findings not listed rarely differ in severity).
    std::optional<engine::Severity> severity;
  };
  engine::FindingSink& sink_;
  const engine::Site& site_;
  std::string digest_;
  std::map<std::string_view, Count> counts_;
};

/// "regular file", "directory", ... for a tar typeflag.
std::string_view type_name(char type);

}  // namespace ocv::rules::layer_paths
