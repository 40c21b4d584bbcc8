#include "validator/graph/platform_filter.hpp"

#include <fmt/format.h>

namespace ocv::graph {
namespace {

std::string member(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

}  // namespace

std::string PlatformFilter::str() const {
  return variant.empty() ? fmt::format("{}/{}", os, architecture)
                         : fmt::format("{}/{}/{}", os, architecture, variant);
}

std::optional<PlatformFilter> parse_platform(std::string_view text, std::string& why) {
  PlatformFilter f;
  std::string parts[3];
  std::size_t n = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto slash = std::min(text.find('/', start), text.size());
    if (n == 3) {
      n = 4;
      break;
    }
    parts[n++] = std::string(text.substr(start, slash - start));
    start = slash + 1;
  }
  if (n < 2 || n > 3 || parts[0].empty() || parts[1].empty() || (n == 3 && parts[2].empty())) {
    why = fmt::format(
        "\"{}\" is not a platform: write OS/ARCH or OS/ARCH/VARIANT "
        "(linux/amd64, linux/arm64/v8)",
        text);
    return std::nullopt;
  }
  f.os = parts[0];
  f.architecture = parts[1];
  if (n == 3) f.variant = parts[2];
  return f;
}

bool platform_selected(const rapidjson::Value& descriptor, const PlatformFilter& filter) {
  const auto p = descriptor.FindMember("platform");
  if (p == descriptor.MemberEnd() || !p->value.IsObject()) return true;
  if (member(p->value, "os") != filter.os) return false;
  if (member(p->value, "architecture") != filter.architecture) return false;
  if (filter.variant.empty()) return true;
  const auto variant = member(p->value, "variant");
  // arm64's variant is v8 unless said otherwise (image-index.md § Platform
  // Variants), so an entry without one is the v8 image.
  return variant == filter.variant ||
         (variant.empty() && filter.architecture == "arm64" && filter.variant == "v8");
}

std::string platform_of(const rapidjson::Value& descriptor) {
  const auto p = descriptor.FindMember("platform");
  if (p == descriptor.MemberEnd() || !p->value.IsObject()) return {};
  std::string out = member(p->value, "os") + "/" + member(p->value, "architecture");
  if (auto v = member(p->value, "variant"); !v.empty()) out += "/" + v;
  return out;
}

}  // namespace ocv::graph
