// PLAT-*: platform values (image-index.md `platform`, § Platform Variants;
// config.md `architecture`, `os`, `variant`, `os.version`, `os.features`).
//
// The same value rules (PLAT-003..008) run on two shapes: the `platform`
// object of a descriptor (index `manifests[]` mostly) and the top-level
// fields of an image config. Presence and type of the config's own
// `architecture` and `os` are CFG-001/CFG-002 (config_rules.cpp); PLAT-001
// and PLAT-002 cover the `platform` object only, so that a config missing
// `os` gets one finding, not two.
#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/json_access.hpp"
#include "rules/platform_values.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorRole;
using engine::DescriptorView;
using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::Severity;
using engine::Site;

/// Where a set of platform fields sits: a descriptor's `platform` object
/// (`/manifests/0/platform/os`) or the top level of a config (`/os`).
struct PlatformFields {
  const rapidjson::Value& object;
  const Site& site;
  std::string base;    // pointer of the object holding the fields
  bool in_descriptor;  // a `platform` object rather than a config
  /// The config of a signature or attestation (DocumentView::attachment):
  /// it describes no binaries, and its producer leaves os and architecture
  /// empty (cosign, go-containerregistry's empty.Image) or "unknown"
  /// (BuildKit).
  std::string_view attachment;

  std::string pointer(std::string_view name) const { return json::pointer_append(base, name); }
  std::string label(std::string_view name) const {
    return in_descriptor ? fmt::format("platform.{}", name) : std::string(name);
  }
};

/// BuildKit writes `unknown`/`unknown` into the platform of attestation
/// manifests: a deliberate placeholder that matches no runtime platform.
bool is_attestation_placeholder(const PlatformFields& p) {
  return p.in_descriptor && string_or_empty(p.object, "os") == "unknown" &&
         string_or_empty(p.object, "architecture") == "unknown";
}

/// The value an attachment's producer writes into its config.
bool is_attachment_placeholder(const PlatformFields& p, std::string_view value) {
  return !p.attachment.empty() && (value.empty() || value == "unknown");
}

std::string attachment_note(const PlatformFields& p, std::string_view name,
                            std::string_view value) {
  return fmt::format(
      "{} {} is not a Go value, but this is the config of a {}: it describes no "
      "binaries, and its producer writes {} there",
      name, quoted(value), p.attachment, quoted(value));
}

// PLAT-003: architecture is a GOARCH value.
void check_architecture(const PlatformFields& p, FindingSink& sink) {
  const auto* v = member(p.object, "architecture");
  if (v == nullptr || !v->IsString()) return;  // PLAT-001 / CFG-001
  const std::string_view arch(v->GetString(), v->GetStringLength());
  if (platform::is_known_architecture(arch)) return;
  if (is_attachment_placeholder(p, arch)) {
    sink.report("PLAT-003", p.site, p.pointer("architecture"),
                attachment_note(p, "architecture", arch), Severity::note);
    return;
  }
  if (is_attestation_placeholder(p)) {
    sink.report("PLAT-003", p.site, p.pointer("architecture"),
                "architecture \"unknown\" is not a GOARCH value; it is the placeholder BuildKit "
                "writes for attestation manifests, which no runtime selects",
                Severity::note);
    return;
  }
  const auto fix = platform::suggest_architecture(arch);
  sink.report("PLAT-003", p.site, p.pointer("architecture"),
              fix ? fmt::format("{} {} is not a Go GOARCH value; use \"{}\"",
                                p.label("architecture"), quoted(arch), *fix)
                  : fmt::format("{} {} is not a Go GOARCH value (amd64, arm64, arm, 386, "
                                "ppc64le, s390x, riscv64, ...)",
                                p.label("architecture"), quoted(arch)));
}

// PLAT-004: os is a GOOS value (case-sensitive).
void check_os(const PlatformFields& p, FindingSink& sink) {
  const auto* v = member(p.object, "os");
  if (v == nullptr || !v->IsString()) return;  // PLAT-002 / CFG-002
  const std::string_view os(v->GetString(), v->GetStringLength());
  if (platform::is_known_os(os)) return;
  if (is_attachment_placeholder(p, os)) {
    sink.report("PLAT-004", p.site, p.pointer("os"), attachment_note(p, "os", os), Severity::note);
    return;
  }
  if (is_attestation_placeholder(p)) {
    sink.report("PLAT-004", p.site, p.pointer("os"),
                "os \"unknown\" is not a GOOS value; it is the placeholder BuildKit writes for "
                "attestation manifests, which no runtime selects",
                Severity::note);
    return;
  }
  const auto fix = platform::suggest_os(os);
  sink.report(
      "PLAT-004", p.site, p.pointer("os"),
      fix ? fmt::format("{} {} is not a Go GOOS value; use \"{}\"", p.label("os"), quoted(os), *fix)
          : fmt::format("{} {} is not a Go GOOS value (linux, windows, darwin, "
                        "freebsd, ...)",
                        p.label("os"), quoted(os)));
}

// PLAT-005 / PLAT-006: variant comes from the table for its architecture;
// for architectures without table rows it is implementation-defined.
void check_variant(const PlatformFields& p, FindingSink& sink) {
  const auto variant = string_or_empty(p.object, "variant");
  const auto* arch_value = member(p.object, "architecture");
  if (variant.empty() || arch_value == nullptr || !arch_value->IsString()) return;
  const std::string_view arch(arch_value->GetString(), arch_value->GetStringLength());
  switch (platform::classify_variant(arch, variant)) {
    case platform::VariantStatus::listed:
      return;
    case platform::VariantStatus::unlisted: {
      const auto fix = platform::suggest_variant(arch, variant);
      sink.report(
          "PLAT-005", p.site, p.pointer("variant"),
          fix ? fmt::format("{} {} is not in the variant table for {}; use \"{}\"",
                            p.label("variant"), quoted(variant), arch, *fix)
              : fmt::format("{} {} is not in the variant table for {} ({})", p.label("variant"),
                            quoted(variant), arch, platform::listed_variants(arch)));
      return;
    }
    case platform::VariantStatus::no_table:
      sink.report("PLAT-006", p.site, p.pointer("variant"),
                  fmt::format("{} {} for architecture {} is implementation-defined: the "
                              "spec's variant table has no rows for it",
                              p.label("variant"), quoted(variant), quoted(arch)));
      return;
  }
}

// PLAT-007: os.features values; only `win32k` is defined, for windows.
void check_os_features(const PlatformFields& p, FindingSink& sink) {
  const auto* v = member(p.object, "os.features");
  if (v == nullptr || !v->IsArray() || v->Empty()) return;  // types: schema / CFG-012
  const auto os = string_or_empty(p.object, "os");
  if (os != "windows") {
    sink.report("PLAT-007", p.site, p.pointer("os.features"),
                fmt::format("{} is set for os {}: its values are implementation-defined "
                            "outside windows and should be submitted to the spec",
                            p.label("os.features"), quoted(os)),
                Severity::note);
    return;
  }
  std::size_t i = 0;
  for (const auto& feature : v->GetArray()) {
    if (feature.IsString() && as_view(feature) != "win32k")
      sink.report("PLAT-007", p.site, json::pointer_append(p.pointer("os.features"), i),
                  fmt::format("{} value {} is not defined for windows (defined: win32k)",
                              p.label("os.features"), quoted(as_view(feature))));
    ++i;
  }
}

/// `^\d+\.\d+\.\d+(\.\d+)?$`, the form of Windows build numbers.
bool is_windows_version(std::string_view text) {
  std::size_t parts = 0;
  std::size_t digits = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.' && digits > 0) {
      ++parts;
      digits = 0;
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  ++parts;
  return parts == 3 || parts == 4;
}

// PLAT-008: os.version is implementation-defined; on windows it is a build
// number like 10.0.14393.1066.
void check_os_version(const PlatformFields& p, FindingSink& sink) {
  const auto version = string_or_empty(p.object, "os.version");
  if (version.empty() || string_or_empty(p.object, "os") != "windows") return;
  if (!is_windows_version(version))
    sink.report("PLAT-008", p.site, p.pointer("os.version"),
                fmt::format("{} {} does not look like a Windows build number such as "
                            "10.0.14393.1066",
                            p.label("os.version"), quoted(version)));
}

void check_values(const PlatformFields& p, FindingSink& sink) {
  check_architecture(p, sink);
  check_os(p, sink);
  check_variant(p, sink);
  check_os_features(p, sink);
  check_os_version(p, sink);
}

// PLAT-001, PLAT-002: a platform object holds architecture and os strings.
void check_required(const PlatformFields& p, FindingSink& sink) {
  for (const auto& [name, id] :
       {std::pair{"architecture", "PLAT-001"}, std::pair{"os", "PLAT-002"}}) {
    const auto* v = member(p.object, name);
    if (v == nullptr)
      sink.report(id, p.site, p.pointer(name), fmt::format("platform.{} is missing", name));
    else if (!v->IsString())
      sink.report(id, p.site, p.pointer(name),
                  fmt::format("platform.{} must be a string, found {}", name, type_name(*v)));
  }
}

void check_descriptor_platform(const DescriptorView& d, FindingSink& sink) {
  const auto* platform = member(*d.value, "platform");
  if (platform == nullptr) return;
  const auto pointer = d.member_pointer("platform");
  if (!platform->IsObject()) {
    // In an index entry this makes the entry no descriptor (IDX-006, as the
    // schema pass reports it); elsewhere there is no architecture to read.
    sink.report(d.role == DescriptorRole::index_entry ? "IDX-006" : "PLAT-001", *d.parent, pointer,
                fmt::format("{}.platform must be an object holding architecture and os, found {}",
                            d.label(), type_name(*platform)));
    return;
  }
  const PlatformFields p{*platform, *d.parent, pointer, true, {}};
  check_required(p, sink);
  check_values(p, sink);
  // PLAT-009: `features` is reserved for future versions of the spec.
  if (member(*platform, "features") != nullptr)
    sink.report("PLAT-009", *d.parent, p.pointer("features"),
                "platform.features is reserved for future versions of the spec and must not be "
                "used yet");
}

void check_config_platform(const DocumentView& doc, FindingSink& sink) {
  if (doc.kind != DocKind::config || doc.root() == nullptr || !doc.root()->IsObject()) return;
  check_values(PlatformFields{*doc.root(), doc, "", false, doc.attachment}, sink);
}

}  // namespace

void register_platform_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "PLAT-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A platform object has an architecture string",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Add platform.architecture with the CPU architecture as a Go GOARCH value, e.g. "
               "\"amd64\" or \"arm64\".",
       .catalogue = {.source = "image-index.md `platform.architecture`; config.md `architecture`",
                     .requirement = "`architecture` is present and is a string",
                     .applies_to = "P, C",
                     .check = "schema"}},
      {.id = "PLAT-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A platform object has an os string",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Add platform.os with the operating system as a Go GOOS value, e.g. \"linux\".",
       .catalogue = {.source = "image-index.md `platform.os`; config.md `os`",
                     .requirement = "`os` is present and is a string",
                     .applies_to = "P, C",
                     .check = "schema"}},
      {.id = "PLAT-003",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "architecture is a Go GOARCH value",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Use the GOARCH spelling (amd64, arm64, arm, 386, ppc64le, s390x, riscv64, ...) rather "
           "than uname or distribution names such as x86_64 or aarch64: runtimes compare the value "
           "exactly.",
       .catalogue = {.source = "image-index.md / config.md `architecture` (GOARCH)",
                     .requirement = "`architecture` is a Go GOARCH value",
                     .applies_to = "P, C",
                     .check =
                         "set S-GOARCH (exact, case-sensitive). Suggest fixes for common aliases: "
                         "x86_64/x86-64→amd64, aarch64→arm64, armhf/armel→arm, i386/i686→386"}},
      {.id = "PLAT-004",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "os is a Go GOOS value",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Use the GOOS spelling in lower case (linux, windows, darwin, freebsd, ...): runtimes "
           "compare the value exactly.",
       .catalogue = {.source = "image-index.md / config.md `os` (GOOS)",
                     .requirement = "`os` is a Go GOOS value",
                     .applies_to = "P, C",
                     .check = "set S-GOOS (case-sensitive: `Linux` is flagged)"}},
      {.id = "PLAT-005",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "variant is a value from the variant table for its architecture",
       .spec = "image-index.md#platform-variants",
       .help =
           "Use a variant listed for the architecture (arm: v6 v7 v8; arm64: v8, v8.x, v9, v9.x; "
           "ppc64le: power8 ...; riscv64: rva20u64 ...; amd64: v1 ... v4), spelled like Go's "
           "GOARM/GOARM64/GOPPC64/GORISCV64/GOAMD64.",
       .catalogue = {.source = "image-index.md § Platform Variants; config.md `variant`",
                     .requirement = "`variant` is a value from the table for its architecture",
                     .applies_to = "P, C",
                     .check =
                         "per-arch allowlist S-VARIANT (open-ended \"…\" entries as patterns)"}},
      {.id = "PLAT-006",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "A variant for an architecture outside the variant table is implementation-defined",
       .spec = "image-index.md#platform-variants",
       .help =
           "Runtimes may not understand this variant; submit it to the spec for standardization or "
           "drop it if the architecture has no variants.",
       .catalogue =
           {.source = "image-index.md § Platform Variants",
            .requirement =
                "a variant outside the table is implementation-defined and SHOULD be submitted",
            .applies_to = "P, C",
            .check = "doc (variant with an architecture that is not in the table, e.g. `386`)"}},
      {.id = "PLAT-007",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "os.features values are defined ones (win32k on windows)",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "On windows, use only win32k in os.features. On other systems the values are "
               "implementation-defined; make sure the runtimes you target understand them.",
       .catalogue = {.source = "image-index.md / config.md `os.features`",
                     .requirement = "when `os` == `windows`, `os.features` values come from "
                                    "{`win32k`}; for other OSes values are implementation-defined",
                     .applies_to = "P, C",
                     .check = "schema (array of strings) + doc",
                     .severity = "warning (note if not windows)"}},
      {.id = "PLAT-008",
       .level = "MAY",
       .severity = Severity::note,
       .title = "os.version is a meaningful version for the os",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "On windows, set os.version to the build number of the base image, e.g. "
               "10.0.17763.1879; runtimes use it to pick a compatible image.",
       .catalogue =
           {.source = "image-index.md / config.md `os.version`",
            .requirement =
                "`os.version` is implementation-defined (e.g. `10.0.14393.1066` on windows)",
            .applies_to = "P, C",
            .check = "schema (string); windows: rx `^\\d+\\.\\d+\\.\\d+(\\.\\d+)?$`"}},
      {.id = "PLAT-009",
       .level = "RESERVED",
       .severity = Severity::warning,
       .title = "platform.features is not used",
       .spec = "image-index.md#image-index-property-descriptions",
       .help =
           "Remove platform.features: the property is reserved for future versions of the spec. "
           "Use os.features for OS requirements.",
       .catalogue = {.source = "image-index.md `platform.features`",
                     .requirement = "`features` is reserved for future versions",
                     .applies_to = "P",
                     .check = "doc: present → flag"}},
  });
  registry.on_descriptor(check_descriptor_platform);
  registry.on_document(check_config_platform);
}

}  // namespace ocv::rules
