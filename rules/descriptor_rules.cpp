// DESC-*: the fields of a descriptor (descriptor.md § Properties). The
// checks run on every descriptor of every document: index manifests[],
// manifest config and layers[], subject, and stand-alone descriptors.
//
// DESC-009 (descriptor annotations follow the annotation rules) is enforced
// by the ANN-* rules, which run on every annotations map: it is registered
// so that it can be looked up, but findings are reported under the ANN-*
// rule that fails.
// DESC-016 (propose new fields to the spec first) is a process rule with
// nothing to check in an image.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/families.hpp"
#include "rules/grammar.hpp"
#include "rules/json_access.hpp"
#include "validator/digest/digest.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorRole;
using engine::DescriptorView;
using engine::DocKind;
using engine::EdgeView;
using engine::FindingSink;
using engine::Severity;

// descriptor.md § Embedded Content: `data` is meant for small content.
constexpr std::size_t kLargeDataBytes = 4096;

/// The value as written in the document (numbers keep their spelling, so
/// `1.0` and `1e3` are shown as such), shortened for messages.
std::string raw_text(const DescriptorView& d, const std::string& pointer) {
  const auto* parsed = d.parent->json;
  if (parsed != nullptr) {
    if (const auto span = parsed->value_span(pointer);
        span && span->end <= parsed->bytes.size() && span->begin < span->end) {
      const auto text =
          std::string_view(parsed->bytes).substr(span->begin, span->end - span->begin);
      if (text.size() <= 40) return std::string(text);
      return std::string(text.substr(0, 37)) + "...";
    }
  }
  return "?";
}

/// A manifest's config and layers have their own media type form rules
/// (MAN-007, MAN-013), reported instead of DESC-002.
bool manifest_config_or_layer(const DescriptorView& d) {
  return d.parent->kind == engine::DocKind::manifest &&
         (d.role == engine::DescriptorRole::config || d.role == engine::DescriptorRole::layer);
}

// DESC-001, DESC-002: mediaType is present, a string, and an RFC 6838 name.
void check_media_type(const DescriptorView& d, FindingSink& sink) {
  const auto pointer = d.member_pointer("mediaType");
  const auto* v = member(*d.value, "mediaType");
  if (v == nullptr) {
    sink.report("DESC-001", *d.parent, pointer, fmt::format("{} has no mediaType", d.label()));
  } else if (!v->IsString()) {
    sink.report("DESC-001", *d.parent, pointer,
                fmt::format("{} mediaType must be a string, found {}", d.label(), type_name(*v)));
  } else if (!grammar::is_media_type(as_view(*v)) && !manifest_config_or_layer(d)) {
    sink.report("DESC-002", *d.parent, pointer,
                fmt::format("{} mediaType {} is not an RFC 6838 type/subtype (letters, digits and "
                            "!#$&^_.+- only, at most 127 characters each side, no parameters)",
                            d.label(), quoted_brief(as_view(*v))));
  }
}

// DESC-003: digest is present and a string; its grammar is DIG-001.
void check_digest_presence(const DescriptorView& d, FindingSink& sink) {
  const auto pointer = d.member_pointer("digest");
  const auto* v = member(*d.value, "digest");
  if (v == nullptr)
    sink.report("DESC-003", *d.parent, pointer, fmt::format("{} has no digest", d.label()));
  else if (!v->IsString())
    sink.report("DESC-003", *d.parent, pointer,
                fmt::format("{} digest must be a string, found {}", d.label(), type_name(*v)));
}

// DESC-004, DESC-005: size is a JSON integer within int64, and not negative.
void check_size(const DescriptorView& d, FindingSink& sink) {
  const auto pointer = d.member_pointer("size");
  const auto* v = member(*d.value, "size");
  if (v == nullptr) {
    sink.report("DESC-004", *d.parent, pointer, fmt::format("{} has no size", d.label()));
    return;
  }
  if (!v->IsNumber()) {
    sink.report("DESC-004", *d.parent, pointer,
                fmt::format("{} size must be an integer, found {}", d.label(), type_name(*v)));
    return;
  }
  // RapidJSON keeps 1.0 and 1e3 as doubles and 2^63 as uint64, so
  // IsInt64() is exactly "written as an integer that fits in int64".
  if (!v->IsInt64()) {
    sink.report("DESC-004", *d.parent, pointer,
                fmt::format("{} size must be an integer within int64 (no fraction or exponent), "
                            "found {}",
                            d.label(), raw_text(d, pointer)));
    return;
  }
  if (v->GetInt64() < 0)
    sink.report("DESC-005", *d.parent, pointer,
                fmt::format("{} size must not be negative, found {}", d.label(), v->GetInt64()));
}

// DESC-007, DESC-008: urls is an array of RFC 3986 URIs, preferably http(s).
void check_urls(const DescriptorView& d, FindingSink& sink) {
  const auto* urls = member(*d.value, "urls");
  if (urls == nullptr) return;
  const auto pointer = d.member_pointer("urls");
  if (!urls->IsArray()) {
    sink.report(
        "DESC-007", *d.parent, pointer,
        fmt::format("{} urls must be an array of strings, found {}", d.label(), type_name(*urls)));
    return;
  }
  std::size_t i = 0;
  for (const auto& item : urls->GetArray()) {
    const auto item_pointer = json::pointer_append(pointer, i++);
    if (!item.IsString()) {
      sink.report(
          "DESC-007", *d.parent, item_pointer,
          fmt::format("{} urls entries must be strings, found {}", d.label(), type_name(item)));
      continue;
    }
    const auto url = as_view(item);
    if (grammar::is_absolute_uri(url)) {
      const auto scheme = grammar::uri_scheme(url);
      std::string lower(scheme);
      for (auto& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (lower != "http" && lower != "https")
        sink.report("DESC-008", *d.parent, item_pointer,
                    fmt::format("{} url {} uses the \"{}\" scheme; clients are only expected to "
                                "fetch http and https",
                                d.label(), quoted_brief(url), scheme));
    } else if (grammar::is_uri_reference(url)) {
      // The prose asks only for RFC 3986 conformance, which a relative
      // reference meets; the official schema wants an absolute URI.
      sink.report("DESC-007", *d.parent, item_pointer,
                  fmt::format("{} url {} is a relative reference; it cannot be fetched without a "
                              "base, use an absolute URI",
                              d.label(), quoted_brief(url)),
                  Severity::warning);
    } else {
      sink.report("DESC-007", *d.parent, item_pointer,
                  fmt::format("{} url {} is not an RFC 3986 URI (illegal character, bad "
                              "percent-encoding, or malformed host)",
                              d.label(), quoted_brief(url)));
    }
  }
}

/// The decoded `data` member, when present and valid base64.
std::optional<std::string> decoded_data(const DescriptorView& d) {
  const auto* v = member(*d.value, "data");
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return grammar::decode_base64(as_view(*v));
}

// DESC-010, DESC-011 (length and hash), DESC-012: embedded data.
void check_data(const DescriptorView& d, FindingSink& sink) {
  const auto* v = member(*d.value, "data");
  if (v == nullptr) return;
  const auto pointer = d.member_pointer("data");
  if (!v->IsString()) {
    sink.report("DESC-010", *d.parent, pointer,
                fmt::format("{} data must be a base64 string, found {}", d.label(), type_name(*v)));
    return;
  }
  const auto bytes = grammar::decode_base64(as_view(*v));
  if (!bytes) {
    sink.report("DESC-010", *d.parent, pointer,
                fmt::format("{} data is not standard base64 (RFC 4648 §4: alphabet A-Za-z0-9+/, "
                            "'=' padding to a multiple of 4, no line breaks)",
                            d.label()));
    return;
  }
  std::vector<std::string> problems;
  if (const auto size = d.size();
      size && *size >= 0 &&
      static_cast<std::uint64_t>(*size) != static_cast<std::uint64_t>(bytes->size()))
    problems.push_back(fmt::format("decodes to {} bytes but size is {}", bytes->size(), *size));
  if (const auto digest = digest::parse(d.digest());
      digest && digest::can_verify(digest->algorithm)) {
    const auto actual = digest::hash_hex(digest->algorithm, *bytes);
    if (actual != digest->encoded)
      problems.push_back(fmt::format("hashes to {}:{} but digest is {}", digest->algorithm, actual,
                                     digest->str()));
  }
  if (!problems.empty())
    sink.report("DESC-011", *d.parent, pointer,
                fmt::format("{} data {}", d.label(), fmt::join(problems, " and ")));
  if (bytes->size() > kLargeDataBytes)
    sink.report("DESC-012", *d.parent, pointer,
                fmt::format("{} embeds {} bytes of data; embedding is meant for small content "
                            "(at most {} bytes here), and large manifests may be refused",
                            d.label(), bytes->size(), kLargeDataBytes));
}

// DESC-013: artifactType is an RFC 6838 name.
void check_artifact_type(const DescriptorView& d, FindingSink& sink) {
  const auto* v = member(*d.value, "artifactType");
  if (v == nullptr) return;
  const auto pointer = d.member_pointer("artifactType");
  if (!v->IsString())
    sink.report(
        "DESC-013", *d.parent, pointer,
        fmt::format("{} artifactType must be a string, found {}", d.label(), type_name(*v)));
  else if (!grammar::is_media_type(as_view(*v)))
    sink.report("DESC-013", *d.parent, pointer,
                fmt::format("{} artifactType {} is not an RFC 6838 type/subtype", d.label(),
                            quoted_brief(as_view(*v))));
}

void check_descriptor(const DescriptorView& d, FindingSink& sink) {
  check_media_type(d, sink);
  check_digest_presence(d, sink);
  check_size(d, sink);
  check_urls(d, sink);
  check_data(d, sink);
  check_artifact_type(d, sink);
}

// DESC-006: size equals the blob's length (checked before any hashing; a
// missing blob is LYT-009's to report).
void check_blob_size(const EdgeView& edge, FindingSink& sink) {
  const auto& d = *edge.descriptor;
  if (edge.blob == nullptr || !edge.blob->readable) return;  // LYT-009, LYT-016
  const auto size = d.size();
  if (!size || *size < 0) return;  // DESC-004 / DESC-005
  if (static_cast<std::uint64_t>(*size) == edge.blob->size) return;
  sink.report("DESC-006", *d.parent, d.member_pointer("size"),
              fmt::format("{} size {} != blob size {} ({})", d.label(), *size, edge.blob->size,
                          edge.blob->path));
}

// DESC-011: embedded data equals the blob's bytes when both are at hand.
void check_data_matches_blob(const EdgeView& edge, FindingSink& sink) {
  if (!edge.content) return;
  const auto& d = *edge.descriptor;
  const auto bytes = decoded_data(d);
  if (!bytes || *bytes == *edge.content) return;
  sink.report("DESC-011", *d.parent, d.member_pointer("data"),
              fmt::format("{} data ({} bytes) differs from the content of {} ({} bytes)", d.label(),
                          bytes->size(), edge.blob != nullptr ? edge.blob->path : "the blob",
                          edge.content->size()));
}

/// The artifact type a manifest declares: its artifactType, or else its
/// config.mediaType (descriptor.md § Properties `artifactType`).
std::optional<std::string_view> manifest_artifact_type(const rapidjson::Value& root,
                                                       bool& from_config) {
  from_config = false;
  if (const auto* a = member(root, "artifactType"); a != nullptr && a->IsString())
    return as_view(*a);
  const auto* config = member(root, "config");
  if (config == nullptr) return std::nullopt;
  if (const auto* mt = member(*config, "mediaType"); mt != nullptr && mt->IsString()) {
    from_config = true;
    return as_view(*mt);
  }
  return std::nullopt;
}

// DESC-014: a descriptor's artifactType agrees with the manifest it names.
void check_artifact_type_matches(const EdgeView& edge, FindingSink& sink) {
  const auto& d = *edge.descriptor;
  if (edge.target == nullptr || edge.target->kind != DocKind::manifest) return;
  const auto declared = d.string_member("artifactType");
  const auto* root = edge.target->root();
  if (!declared || root == nullptr || !root->IsObject()) return;
  bool from_config = false;
  const auto actual = manifest_artifact_type(*root, from_config);
  if (!actual || *actual == *declared) return;
  sink.report("DESC-014", *d.parent, d.member_pointer("artifactType"),
              fmt::format("{} artifactType is {} but the manifest it names ({}) has {} {}",
                          d.label(), quoted_brief(*declared), edge.target->blob,
                          from_config ? "no artifactType and config.mediaType" : "artifactType",
                          quoted_brief(*actual)));
}

// DESC-015: an index entry for a platform-specific image carries platform.
// "Platform-specific" is read as "its config is an image config": artifacts
// and other manifests have no platform to state.
void check_platform_present(const EdgeView& edge, FindingSink& sink) {
  const auto& d = *edge.descriptor;
  if (d.role != DescriptorRole::index_entry || d.value->HasMember("platform")) return;
  if (edge.target == nullptr || edge.target->kind != DocKind::manifest) return;
  const auto* root = edge.target->root();
  if (root == nullptr) return;
  const auto* config = member(*root, "config");
  if (config == nullptr) return;
  const auto* mt = member(*config, "mediaType");
  if (mt == nullptr || !mt->IsString() || !engine::mt::is_image_config(as_view(*mt))) return;
  // index.json entries written by tools often lack platform: a note there.
  sink.report("DESC-015", *d.parent, d.pointer(),
              fmt::format("{} points to an image manifest ({}) but has no platform; clients "
                          "cannot select it by platform",
                          d.label(), edge.target->blob),
              d.parent->is_layout_index ? std::optional(Severity::note) : std::nullopt);
}

}  // namespace

void register_descriptor_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "DESC-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor has a mediaType string",
       .spec = "descriptor.md#properties",
       .help = "Set mediaType to the media type of the referenced content, e.g. "
               "application/vnd.oci.image.manifest.v1+json.",
       .catalogue = {.source = "descriptor.md § Properties `mediaType`",
                     .requirement = "`mediaType` is present and is a string",
                     .applies_to = "D*",
                     .check = "schema (required, type)"}},
      {.id = "DESC-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's mediaType follows RFC 6838",
       .spec = "descriptor.md#properties",
       .help =
           "Write the media type as type/subtype with RFC 6838 restricted-name characters and no "
           "parameters (no \"; charset=...\").",
       .catalogue = {.source = "descriptor.md § Properties `mediaType`",
                     .requirement = "`mediaType` follows RFC 6838, including the §4.2 naming rules",
                     .applies_to = "D*",
                     .check = "rx P-MT"}},
      {.id = "DESC-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor has a digest string",
       .spec = "descriptor.md#properties",
       .help = "Set digest to algorithm:encoded of the referenced content, e.g. sha256:<64 hex>.",
       .catalogue = {.source = "descriptor.md § Properties `digest`",
                     .requirement =
                         "`digest` is present, is a string, and follows § Digests (see DIG-*)",
                     .applies_to = "D*",
                     .check = "schema + rx P-DIG"}},
      {.id = "DESC-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's size is a JSON integer within int64",
       .spec = "descriptor.md#properties",
       .help = "Write size as a plain integer number of bytes: no quotes, fraction or exponent "
               "(1000, not 1e3 or 1000.0).",
       .catalogue =
           {.source = "descriptor.md § Properties `size` (*int64*)",
            .requirement =
                "`size` is present and is a JSON integer (no fraction, no exponent) within int64",
            .applies_to = "D*",
            .check =
                "doc: the parser must see an int64 (RapidJSON `IsInt64()`); reject `1.0`, `1e3`, "
                "values ≥ 2^63. The official schema's `maximum` 9223372036854776000 is a rounded "
                "float that lets 2^63 through, and valijson misreads it (see schema-notes.md)"}},
      {.id = "DESC-005",
       .level = "MUST NOT",
       .severity = Severity::error,
       .title = "A descriptor's size is not negative",
       .spec = "main:descriptor.md#properties",
       .help = "Set size to the byte length of the referenced content.",
       .catalogue = {.source = "descriptor.md § Properties `size`",
                     .requirement = "`size` is not negative",
                     .applies_to = "D*",
                     .check = "schema `minimum: 0` covers content-descriptor only; index "
                              "`manifests[].size` still uses the int64 def, so test in code",
                     .level = "MUST NOT (main)"}},
      {.id = "DESC-006",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's size equals the blob's length",
       .spec = "descriptor.md#properties",
       .help = "The blob or the descriptor is wrong: rewrite the descriptor from the blob, or "
               "restore the blob. Content whose size differs is not trusted and is not read.",
       .catalogue = {.source = "descriptor.md § Properties `size` (\"size, in bytes, of the raw "
                               "content\"; \"SHOULD NOT be trusted\" on mismatch)",
                     .requirement = "`size` equals the byte length of the referenced blob",
                     .applies_to = "D* with a blob in LY",
                     .check = "xdoc: stat the blob and compare before hashing (descriptor.md § "
                              "Verification says to check size first)",
                     .level = "MUST (def)"}},
      {.id = "DESC-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's urls are RFC 3986 URIs",
       .spec = "descriptor.md#properties",
       .help = "List absolute URIs (https://...) with percent-encoded special characters; relative "
               "references are reported as warnings.",
       .catalogue = {.source = "descriptor.md § Properties `urls`",
                     .requirement =
                         "`urls`, if present, is an array of strings, each an RFC 3986 URI",
                     .applies_to = "D*",
                     .check =
                         "schema (type) + doc: RFC 3986 absolute-URI parse. Official schema: "
                         "`format: uri`; valijson 1.0 does not assert it, so check in code. "
                         "Relative references: the prose says only \"conform to RFC 3986\" and the "
                         "schema rejects them (sev: warning for a relative reference)"}},
      {.id = "DESC-008",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "A descriptor's urls use http or https",
       .spec = "descriptor.md#properties",
       .help = "Use http:// or https:// URLs; clients are not expected to fetch other schemes.",
       .catalogue = {.source = "descriptor.md § Properties `urls`",
                     .requirement = "`urls` entries use the `http` or `https` scheme",
                     .applies_to = "D*",
                     .check = "rx `^https?://` (case-insensitive scheme)"}},
      {.id = "DESC-009",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's annotations follow the annotation rules",
       .spec = "descriptor.md#properties",
       .help = "Reported under the ANN-* rule that fails (map of strings, reserved keys, key "
               "formats).",
       .catalogue = {.source = "descriptor.md § Properties `annotations`",
                     .requirement = "descriptor `annotations` follow the annotation rules",
                     .applies_to = "D*",
                     .check = "see ANN-*"}},
      {.id = "DESC-010",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's data is standard base64",
       .spec = "descriptor.md#properties",
       .help =
           "Encode data with RFC 4648 §4 base64 (standard alphabet, '=' padding, no line breaks).",
       .catalogue =
           {.source = "descriptor.md § Properties `data`",
            .requirement = "`data`, if present, is a Base 64 string (RFC 4648 §4)",
            .applies_to = "D*",
            .check = "rx P-B64 + strict decode. The schema keyword `media.binaryEncoding` asserts "
                     "nothing in draft-04; the index item schema has no `data` property at all"}},
      {.id = "DESC-011",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's data decodes to the referenced content (size, digest and bytes)",
       .spec = "descriptor.md#properties",
       .help =
           "Re-encode data from the blob, or drop data: embedded content must be identical to the "
           "content the digest names.",
       .catalogue = {.source = "descriptor.md § Properties `data` (\"decoded data MUST be "
                               "identical to the referenced content\"; consumers SHOULD verify)",
                     .requirement = "decoded `data` has length == `size`, hashes to `digest`, and "
                                    "equals the blob bytes if the blob is present",
                     .applies_to = "D* with `data`",
                     .check = "doc (len + hash) + xdoc (byte-compare with the blob)"}},
      {.id = "DESC-012",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "Embedded data is small",
       .spec = "descriptor.md#embedded-content",
       .help =
           "Embed only small content (a few KiB); large embedded data bloats manifests and some "
           "registries refuse large manifests.",
       .catalogue = {.source = "descriptor.md § Embedded Content",
                     .requirement = "embedding is meant for small content; consider portability "
                                    "(some providers refuse large manifests)",
                     .applies_to = "D* with `data`",
                     .check = "doc: size threshold, configurable (e.g. > 4 KiB)",
                     .level = "SHOULD (informational)"}},
      {.id = "DESC-013",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A descriptor's artifactType follows RFC 6838",
       .spec = "descriptor.md#properties",
       .help =
           "Write artifactType as an RFC 6838 type/subtype, e.g. application/vnd.example.sbom.v1.",
       .catalogue =
           {.source = "descriptor.md § Properties `artifactType`",
            .requirement = "`artifactType`, if present, follows RFC 6838 §4.2",
            .applies_to = "D*",
            .check =
                "rx P-MT (also in index `manifests[]`, where the item schema does not check it)"}},
      {.id = "DESC-014",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "A descriptor's artifactType equals that of the manifest it names",
       .spec = "descriptor.md#properties",
       .help = "Copy the target manifest's artifactType (or its config.mediaType when it has none) "
               "into the descriptor.",
       .catalogue = {.source = "descriptor.md § Properties `artifactType` (\"the value of the "
                               "config descriptor mediaType when the descriptor references an "
                               "image manifest\") + manifest.md `artifactType`",
                     .requirement =
                         "a descriptor's `artifactType` equals the target manifest's "
                         "`artifactType`, or its `config.mediaType` when `artifactType` is absent",
                     .applies_to = "D* → M",
                     .check = "xdoc",
                     .level = "SHOULD (derived)"}},
      {.id = "DESC-015",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Index entries for image manifests carry platform",
       .spec = "descriptor.md#properties",
       .help =
           "Add platform (os, architecture, variant) to the index entry, taken from the image's "
           "config, so clients can select it.",
       .catalogue = {.source =
                         "descriptor.md § Properties (last paragraph); image-index.md `platform`",
                     .requirement = "descriptors pointing to an image manifest include `platform`",
                     .applies_to = "I.manifests[] with mediaType manifest",
                     .check = "doc. Noisy: `index.json` entries written by tools often lack it; "
                              "limit it to targets whose config is an OCI/Docker image config "
                              "(sev: warning, or note for `index.json`)"}},
  });
  registry.reported_as("DESC-009", "ANN-*");
  registry.on_descriptor(check_descriptor);
  registry.on_edge([](const EdgeView& edge, FindingSink& sink) {
    check_blob_size(edge, sink);
    check_data_matches_blob(edge, sink);
    check_artifact_type_matches(edge, sink);
    check_platform_present(edge, sink);
  });
}

}  // namespace ocv::rules
