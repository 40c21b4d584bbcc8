#pragma once
// The platform values the spec points to: Go's GOOS and GOARCH lists
// (image-index.md `platform.os` / `platform.architecture`, config.md) and
// the variant table of image-index.md § Platform Variants. Used by the
// PLAT-* checks on index `platform` objects and on image configs.
#include <optional>
#include <string>
#include <string_view>

namespace ocv::rules::platform {

/// S-GOOS: a value of Go's known GOOS list (exact, case-sensitive).
bool is_known_os(std::string_view os);
/// S-GOARCH: a value of Go's known GOARCH list (exact, case-sensitive).
bool is_known_architecture(std::string_view architecture);

/// The GOOS value meant by a common misspelling ("Linux", "macos", "win"),
/// or nullopt when there is no obvious one.
std::optional<std::string_view> suggest_os(std::string_view os);
/// The GOARCH value meant by a common alias ("x86_64", "aarch64", "i686"),
/// or nullopt when there is no obvious one.
std::optional<std::string_view> suggest_architecture(std::string_view architecture);

/// Where a variant stands against the spec's table (S-VARIANT).
enum class VariantStatus {
  listed,    // in the table for its architecture (open-ended rows as patterns)
  unlisted,  // the architecture has table rows, but not this variant
  no_table,  // the architecture has no rows in the table at all
};
VariantStatus classify_variant(std::string_view architecture, std::string_view variant);

/// The table rows for an architecture, for messages ("v6, v7, v8"), or ""
/// when the architecture has none.
std::string_view listed_variants(std::string_view architecture);

/// The listed variant meant by a near miss ("7" or "armv7l" for arm ->
/// "v7"), or nullopt.
std::optional<std::string> suggest_variant(std::string_view architecture, std::string_view variant);

/// The architecture's default variant in the sense of containerd's platform
/// normalization ("v8" for arm64, "v1" for amd64): an absent variant and
/// this one name the same platform. "" when there is none.
std::string_view default_variant(std::string_view architecture);

}  // namespace ocv::rules::platform
