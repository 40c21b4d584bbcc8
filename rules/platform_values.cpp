#include "rules/platform_values.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace ocv::rules::platform {
namespace {

// go/build/syslist.go knownOS (go1.19), plus wasip1 (Go 1.21), which WASI
// images use in their platform objects.
constexpr std::array<std::string_view, 18> kGoos = {
    "aix",   "android", "darwin", "dragonfly", "freebsd", "hurd",    "illumos", "ios",     "js",
    "linux", "nacl",    "netbsd", "openbsd",   "plan9",   "solaris", "wasip1",  "windows", "zos"};

// go/build/syslist.go knownArch (go1.19).
constexpr std::array<std::string_view, 24> kGoarch = {
    "386",     "amd64",  "amd64p32", "arm",      "armbe",     "arm64",       "arm64be", "loong64",
    "mips",    "mipsle", "mips64",   "mips64le", "mips64p32", "mips64p32le", "ppc",     "ppc64",
    "ppc64le", "riscv",  "riscv64",  "s390",     "s390x",     "sparc",       "sparc64", "wasm"};

// Spellings seen in the wild (uname -m, Debian and RPM architecture names,
// marketing names) and the GOARCH they mean.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kArchAliases = {{
    {"x86_64", "amd64"},
    {"x86-64", "amd64"},
    {"x64", "amd64"},
    {"aarch64", "arm64"},
    {"arm64v8", "arm64"},
    {"armv8l", "arm"},
    {"armhf", "arm"},
    {"armel", "arm"},
    {"armv7", "arm"},
    {"armv7l", "arm"},
    {"armv6", "arm"},
    {"armv6l", "arm"},
    {"i386", "386"},
    {"i486", "386"},
    {"i586", "386"},
    {"i686", "386"},
    {"x86", "386"},
    {"ppc64el", "ppc64le"},
    {"powerpc64le", "ppc64le"},
    {"loongarch64", "loong64"},
    {"mips64el", "mips64le"},
    {"mipsel", "mipsle"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kOsAliases = {{
    {"macos", "darwin"},
    {"osx", "darwin"},
    {"macosx", "darwin"},
    {"win", "windows"},
    {"win32", "windows"},
    {"win64", "windows"},
    {"sunos", "solaris"},
    {"wasi", "wasip1"},
}};

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
  for (auto item : list)
    if (item == value) return true;
  return false;
}

template <std::size_t N>
std::optional<std::string_view> alias_of(
    const std::array<std::pair<std::string_view, std::string_view>, N>& aliases,
    std::string_view value) {
  const auto folded = lower(value);
  for (const auto& [alias, real] : aliases)
    if (alias == folded) return real;
  return std::nullopt;
}

/// The whole of `text` is a decimal number without sign or leading zeros
/// (a single "0" is allowed); its value.
std::optional<unsigned> decimal(std::string_view text) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

/// "v8", "v8.1", "v9.5": the arm64 rows (v8, v8.1 ... v8.x, v9, v9.x).
bool is_arm64_variant(std::string_view v) {
  if (!v.starts_with('v')) return false;
  v.remove_prefix(1);
  const auto dot = v.find('.');
  const auto major = decimal(v.substr(0, dot));
  if (!major || (*major != 8 && *major != 9)) return false;
  return dot == std::string_view::npos || decimal(v.substr(dot + 1)).has_value();
}

/// "power8", "power9", "power10", ...: the ppc64le rows.
bool is_ppc64le_variant(std::string_view v) {
  if (!v.starts_with("power")) return false;
  const auto n = decimal(v.substr(5));
  return n && *n >= 8;
}

/// "rva20u64", "rva22u64", "rva23u64", ...: the riscv64 rows.
bool is_riscv64_variant(std::string_view v) {
  if (!v.starts_with("rva") || !v.ends_with("u64") || v.size() != 8) return false;
  return decimal(v.substr(3, 2)).has_value();
}

/// "v1" ... "v4" (and later levels): the amd64 rows.
bool is_amd64_variant(std::string_view v) {
  if (!v.starts_with('v')) return false;
  const auto n = decimal(v.substr(1));
  return n && *n >= 1;
}

}  // namespace

bool is_known_os(std::string_view os) { return contains(kGoos, os); }

bool is_known_architecture(std::string_view architecture) {
  return contains(kGoarch, architecture);
}

std::optional<std::string_view> suggest_os(std::string_view os) {
  const auto folded = lower(os);
  for (auto known : kGoos)
    if (known == folded) return known;
  return alias_of(kOsAliases, os);
}

std::optional<std::string_view> suggest_architecture(std::string_view architecture) {
  const auto folded = lower(architecture);
  for (auto known : kGoarch)
    if (known == folded) return known;
  return alias_of(kArchAliases, architecture);
}

VariantStatus classify_variant(std::string_view architecture, std::string_view variant) {
  if (architecture == "arm")
    return variant == "v6" || variant == "v7" || variant == "v8" ? VariantStatus::listed
                                                                 : VariantStatus::unlisted;
  if (architecture == "arm64")
    return is_arm64_variant(variant) ? VariantStatus::listed : VariantStatus::unlisted;
  if (architecture == "ppc64le")
    return is_ppc64le_variant(variant) ? VariantStatus::listed : VariantStatus::unlisted;
  if (architecture == "riscv64")
    return is_riscv64_variant(variant) ? VariantStatus::listed : VariantStatus::unlisted;
  if (architecture == "amd64")
    return is_amd64_variant(variant) ? VariantStatus::listed : VariantStatus::unlisted;
  return VariantStatus::no_table;
}

std::string_view listed_variants(std::string_view architecture) {
  if (architecture == "arm") return "v6, v7, v8";
  if (architecture == "arm64") return "v8, v8.1 ... v8.x, v9, v9.1 ... v9.x";
  if (architecture == "ppc64le") return "power8, power9, power10 ...";
  if (architecture == "riscv64") return "rva20u64, rva22u64, rva23u64 ...";
  if (architecture == "amd64") return "v1, v2, v3, v4 ...";
  return "";
}

std::optional<std::string> suggest_variant(std::string_view architecture,
                                           std::string_view variant) {
  auto v = lower(variant);
  // Drop the prefixes people write in front of the level: "armv7l", "x86-64-v2".
  for (std::string_view prefix : {"x86-64-", "x86_64-", "arm"})
    if (v.starts_with(prefix)) v.erase(0, prefix.size());
  if (v.ends_with('l') && v.size() > 1 && std::isdigit(static_cast<unsigned char>(v[v.size() - 2])))
    v.pop_back();  // "v7l" from "armv7l"
  if (!v.empty() && std::isdigit(static_cast<unsigned char>(v.front())) &&
      (architecture == "arm" || architecture == "arm64" || architecture == "amd64"))
    v = std::string("v").append(v);
  if (v != variant && classify_variant(architecture, v) == VariantStatus::listed) return v;
  return std::nullopt;
}

std::string_view default_variant(std::string_view architecture) {
  if (architecture == "arm64") return "v8";
  if (architecture == "arm") return "v7";
  if (architecture == "amd64") return "v1";
  return "";
}

}  // namespace ocv::rules::platform
