#pragma once
// --platform os/arch[/variant]: which entries of an index a run follows.
// An entry is followed when its platform has that os and architecture
// (and that variant, when one is given); an entry without a platform is
// followed (a nested index, an artifact), since nothing says it is for
// another platform.
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace ocv::graph {

struct PlatformFilter {
  std::string os;
  std::string architecture;
  std::string variant;  // "" = any
  std::string str() const;
};

/// Parses "os/arch[/variant]"; nullopt (with `why`) otherwise.
std::optional<PlatformFilter> parse_platform(std::string_view text, std::string& why);

/// Whether an index entry (a descriptor object) is followed.
bool platform_selected(const rapidjson::Value& descriptor, const PlatformFilter& filter);

/// "linux/arm64/v8" of an entry's platform ("" when it has none).
std::string platform_of(const rapidjson::Value& descriptor);

}  // namespace ocv::graph
