// ANN-*: annotations (annotations.md).
//
// An annotations map is the `annotations` member of a manifest, of an
// index and of every descriptor, and the `config.Labels` of an image config
// (config.md: "Labels ... follow the annotation rules", CFG-016, reported
// here with the ANN IDs). The same checks run on each of them.
//
// Not here: ANN-006 (unknown keys are never an error) is how these checks
// are written, not a finding; ANN-016 (`version` is free-form) has nothing
// to check; LYT-011 (ref.name outside index.json) is the layout family's.
#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/grammar.hpp"
#include "rules/json_access.hpp"
#include "validator/digest/digest.hpp"
#include "validator/model/document_checks.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorView;
using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::Severity;

constexpr std::string_view kOciPrefix = "org.opencontainers.";
constexpr std::string_view kImagePrefix = "org.opencontainers.image.";
constexpr std::string_view kCreated = "org.opencontainers.image.created";
constexpr std::string_view kBaseDigest = "org.opencontainers.image.base.digest";
constexpr std::string_view kBaseName = "org.opencontainers.image.base.name";
constexpr std::string_view kRefName = "org.opencontainers.image.ref.name";
constexpr std::string_view kLicenses = "org.opencontainers.image.licenses";

// K-OCIKEYS: the keys annotations.md defines, plus the implicit annotations
// of conversion.md.
constexpr std::array<std::string_view, 22> kOciImageKeys = {
    "created",     "authors",   "url",        "documentation", "source",  "version",
    "revision",    "vendor",    "licenses",   "ref.name",      "title",   "description",
    "base.digest", "base.name", "os",         "architecture",  "variant", "os.version",
    "os.features", "author",    "stopSignal", "exposedPorts",
};

// Keys only a pending image-spec proposal defines (PR #1171, "Support
// referrers responses in the Image Layout"), which regclient's OCI layouts
// (ocidir) already write on index.json descriptors: not a released key, but
// no stray use of the namespace either.
constexpr std::array<std::string_view, 2> kProposedKeys = {
    "org.opencontainers.image.referrer.subject",
    "org.opencontainers.image.referrer.convert",
};

// Keys of 1.1.0 release candidates that the release withdrew.
constexpr std::array<std::string_view, 3> kWithdrawnKeys = {
    "org.opencontainers.artifact.created",
    "org.opencontainers.artifact.description",
    "org.opencontainers.referrers.filtersApplied",
};

// annotations.md § Back-compatibility with Label Schema.
struct LabelSchemaKey {
  std::string_view label_schema;
  std::string_view oci;
};
constexpr std::array<LabelSchemaKey, 9> kLabelSchemaKeys = {{
    {"org.label-schema.build-date", "org.opencontainers.image.created"},
    {"org.label-schema.url", "org.opencontainers.image.url"},
    {"org.label-schema.vcs-url", "org.opencontainers.image.source"},
    {"org.label-schema.version", "org.opencontainers.image.version"},
    {"org.label-schema.vcs-ref", "org.opencontainers.image.revision"},
    {"org.label-schema.vendor", "org.opencontainers.image.vendor"},
    {"org.label-schema.name", "org.opencontainers.image.title"},
    {"org.label-schema.description", "org.opencontainers.image.description"},
    {"org.label-schema.usage", "org.opencontainers.image.documentation"},
}};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

/// A value quoted for a message, cut to a readable length.
std::string shown(std::string_view value) {
  constexpr std::size_t kMax = 100;
  if (value.size() <= kMax) return fmt::format("\"{}\"", value);
  return fmt::format("\"{}…\" ({} bytes)", value.substr(0, kMax), value.size());
}

// --- ANN-003: reverse domain notation -----------------------------------------

/// The catalogue's heuristic `^[a-z0-9-]+(\.[A-Za-z0-9_-]+)+\.`: a lower-case
/// top-level label, at least one more label, then a dot before the key's
/// own name ("com.example.myKey", "org.opencontainers.image.created",
/// "io.buildah.version").
bool is_reverse_domain(std::string_view key) {
  std::size_t i = 0;
  while (i < key.size() && (is_lower_alnum(key[i]) || key[i] == '-')) ++i;
  if (i == 0 || i == key.size() || key[i] != '.') return false;
  const std::size_t second = ++i;
  while (i < key.size() && (is_alnum(key[i]) || key[i] == '_' || key[i] == '-')) ++i;
  // The second label is read whole: a shorter one would be followed by a
  // label character, never by the dot the pattern needs.
  return i > second && i < key.size() && key[i] == '.';
}

/// Keys a producer's documented format fixes outside reverse domain
/// notation, which its consumers look up by exactly that name: renaming them
/// would break the tools, so ANN-003 only notes them.
std::optional<std::string_view> producer_key(std::string_view key) {
  struct Known {
    std::string_view key, producer;
  };
  static constexpr Known kKnown[] = {
      {"in-toto.io/predicate-type", "BuildKit (docs/attestations/attestation-storage.md)"},
      {"predicateType", "cosign attest (specs/ATTESTATION_SPEC.md)"},
      {"kind", "cosign save (pkg/oci/layout)"},
  };
  for (const auto& k : kKnown)
    if (k.key == key) return k.producer;
  return std::nullopt;
}

// --- ANN-009: SPDX license expressions ----------------------------------------

/// A recursive-descent reader of SPDX license expressions (SPDX 2.3 Annex D):
/// license ids, `+`, `LicenseRef-`, `DocumentRef-…:LicenseRef-…`, AND, OR,
/// WITH and parentheses. License ids are not looked up in the SPDX list.
class SpdxParser {
 public:
  explicit SpdxParser(std::string_view text) { tokenize(text); }

  bool valid() {
    if (tokens_.empty()) return false;
    return or_expression(0) && pos_ == tokens_.size();
  }

 private:
  // Nesting beyond this is not a license expression anyone writes; it also
  // bounds the recursion on hostile input.
  static constexpr int kMaxDepth = 32;

  void tokenize(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back(text.substr(i, 1));
        ++i;
      } else {
        const auto start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
               text[i] != '\r' && text[i] != '(' && text[i] != ')')
          ++i;
        tokens_.push_back(text.substr(start, i - start));
      }
    }
  }

  static bool is_operator(std::string_view t, std::string_view upper) {
    if (t == upper) return true;
    // SPDX allows the operators in all lower case too.
    if (t.size() != upper.size()) return false;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (t[i] != static_cast<char>(upper[i] - 'A' + 'a')) return false;
    return true;
  }

  static bool is_keyword(std::string_view t) {
    return is_operator(t, "AND") || is_operator(t, "OR") || is_operator(t, "WITH");
  }

  static bool is_idstring(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
      if (!is_alnum(c) && c != '.' && c != '-') return false;
    return true;
  }

  static bool is_license_ref(std::string_view t) {
    constexpr std::string_view kLicenseRef = "LicenseRef-";
    constexpr std::string_view kDocumentRef = "DocumentRef-";
    if (const auto colon = t.find(':'); colon != std::string_view::npos) {
      const auto doc = t.substr(0, colon);
      const auto lic = t.substr(colon + 1);
      return starts_with(doc, kDocumentRef) && is_idstring(doc.substr(kDocumentRef.size())) &&
             starts_with(lic, kLicenseRef) && is_idstring(lic.substr(kLicenseRef.size()));
    }
    if (starts_with(t, kLicenseRef)) return is_idstring(t.substr(kLicenseRef.size()));
    if (!t.empty() && t.back() == '+') t.remove_suffix(1);  // "or later"
    return is_idstring(t);
  }

  std::optional<std::string_view> peek() const {
    if (pos_ < tokens_.size()) return tokens_[pos_];
    return std::nullopt;
  }

  bool or_expression(int depth) {
    if (!and_expression(depth)) return false;
    while (peek() && is_operator(*peek(), "OR")) {
      ++pos_;
      if (!and_expression(depth)) return false;
    }
    return true;
  }

  bool and_expression(int depth) {
    if (!with_expression(depth)) return false;
    while (peek() && is_operator(*peek(), "AND")) {
      ++pos_;
      if (!with_expression(depth)) return false;
    }
    return true;
  }

  bool with_expression(int depth) {
    if (!primary(depth)) return false;
    if (peek() && is_operator(*peek(), "WITH")) {
      ++pos_;
      const auto exception = peek();
      if (!exception || is_keyword(*exception) || !is_idstring(*exception)) return false;
      ++pos_;
    }
    return true;
  }

  bool primary(int depth) {
    const auto t = peek();
    if (!t) return false;
    if (*t == "(") {
      if (depth >= kMaxDepth) return false;
      ++pos_;
      if (!or_expression(depth + 1)) return false;
      if (peek() != std::optional<std::string_view>(")")) return false;
      ++pos_;
      return true;
    }
    if (*t == ")" || is_keyword(*t) || !is_license_ref(*t)) return false;
    ++pos_;
    return true;
  }

  std::vector<std::string_view> tokens_;
  std::size_t pos_ = 0;
};

bool is_spdx_expression(std::string_view text) { return SpdxParser(text).valid(); }

// --- ANN-011: a fully qualified distribution reference ------------------------

bool is_domain_component(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '-') return false;
  return true;
}

/// domain := host [":" port]; host := domain-component ("." domain-component)*
/// or a bracketed IPv6 address.
bool is_registry_host(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == '[') {
    const auto close = s.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    for (char c : s.substr(1, close - 1))
      if (!is_alnum(c) && c != ':' && c != '.') return false;
    s = s.substr(close + 1);
    if (s.empty()) return true;
    if (s.front() != ':') return false;
  } else {
    const auto colon = s.find(':');
    auto host = s.substr(0, colon);
    while (!host.empty()) {
      const auto dot = host.find('.');
      if (!is_domain_component(host.substr(0, dot))) return false;
      if (dot == std::string_view::npos) break;
      host = host.substr(dot + 1);
      if (host.empty()) return false;
    }
    if (colon == std::string_view::npos) return true;
    s = s.substr(colon);
  }
  const auto port = s.substr(1);
  if (port.empty()) return false;
  for (char c : port)
    if (c < '0' || c > '9') return false;
  return true;
}

/// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | "__" | "-"+
bool is_path_component(std::string_view s) {
  std::size_t i = 0;
  while (true) {
    const auto start = i;
    while (i < s.size() && is_lower_alnum(s[i])) ++i;
    if (i == start) return false;
    if (i == s.size()) return true;
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '_') {
      ++i;
      if (i < s.size() && s[i] == '_') ++i;
    } else if (s[i] == '-') {
      while (i < s.size() && s[i] == '-') ++i;
    } else {
      return false;
    }
  }
}

bool is_tag(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  if (!is_alnum(s.front()) && s.front() != '_') return false;
  for (char c : s)
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

/// Why the @digest part of a reference is not a digest, or nullopt when it is
/// one. The reference grammar (distribution/reference) wants at least 32 hex
/// characters, and parsing a reference validates a registered algorithm's
/// exact form, so sha256:abc names no manifest at all.
std::optional<std::string> reference_digest_problem(std::string_view text) {
  const auto d = digest::parse(text);
  if (!d) return "its @digest part is not a digest";
  if (const auto problem = digest::algorithm_form_error(*d))
    return fmt::format("its @digest part is not a valid digest: {}", *problem);
  const bool hex = std::all_of(d->encoded.begin(), d->encoded.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
  if (!hex || d->encoded.size() < 32)
    return "its @digest part is not at least 32 hex characters after the algorithm, as the "
           "reference grammar requires";
  return std::nullopt;
}

/// Why `text` is not a fully qualified reference (registry/repository
/// [:tag] [@digest]), or nullopt when it is one.
std::optional<std::string> base_name_problem(std::string_view text) {
  auto name = text;
  if (const auto at = name.find('@'); at != std::string_view::npos) {
    if (auto problem = reference_digest_problem(name.substr(at + 1))) return problem;
    name = name.substr(0, at);
  }
  const auto slash = name.find('/');
  if (slash == std::string_view::npos)
    return "it does not name a registry (expected registry/repository, e.g. "
           "docker.io/library/alpine:3.19)";
  if (const auto colon = name.rfind(':');
      colon != std::string_view::npos && colon > name.rfind('/')) {
    if (!is_tag(name.substr(colon + 1))) return "its tag is not a valid tag";
    name = name.substr(0, colon);
  }
  const auto host = name.substr(0, slash);
  const bool qualified = host == "localhost" || host.find_first_of(".:") != std::string_view::npos;
  if (!qualified || !is_registry_host(host))
    return fmt::format(
        "its first component \"{}\" is not a registry host (expected e.g. docker.io)", host);
  auto path = name.substr(slash + 1);
  while (true) {
    const auto next = path.find('/');
    if (!is_path_component(path.substr(0, next)))
      return "its repository path is not lower-case components separated by '/'";
    if (next == std::string_view::npos) break;
    path = path.substr(next + 1);
  }
  return std::nullopt;
}

// --- Checks on one map ----------------------------------------------------------

/// One annotations map and where it sits.
struct AnnotationMap {
  const DocumentView* doc = nullptr;
  std::string pointer;        // "/annotations", "/layers/0/annotations", "/config/Labels"
  std::string_view what;      // for messages: "annotations", "config.Labels"
  bool null_allowed = false;  // config.Labels may be null (config.md)
};

// ANN-004: org.opencontainers.* keys are reserved for the keys OCI defines.
void check_reserved_namespace(const AnnotationMap& map, std::string_view key,
                              const std::string& pointer, FindingSink& sink) {
  if (!starts_with(key, kOciPrefix)) return;
  for (const auto withdrawn : kWithdrawnKeys) {
    if (key == withdrawn) {
      sink.report("ANN-004", *map.doc, pointer,
                  fmt::format("{} was defined only by 1.1.0 release candidates and was withdrawn; "
                              "no released spec defines it",
                              key),
                  Severity::warning);
      return;
    }
  }
  for (const auto proposed : kProposedKeys) {
    if (key == proposed) {
      sink.report("ANN-004", *map.doc, pointer,
                  fmt::format("{} is defined only by a pending image-spec proposal (PR #1171, "
                              "referrers in the image layout), not by a released spec; regclient "
                              "writes it in OCI layouts",
                              key),
                  Severity::warning);
      return;
    }
  }
  if (starts_with(key, kImagePrefix)) {
    const auto name = key.substr(kImagePrefix.size());
    for (const auto known : kOciImageKeys)
      if (name == known) return;
    sink.report("ANN-004", *map.doc, pointer,
                fmt::format("{} is not an image-spec key; org.opencontainers.image.* is reserved "
                            "for the keys annotations.md defines (e.g. {})",
                            shown(key), kCreated));
    return;
  }
  sink.report("ANN-004", *map.doc, pointer,
              fmt::format("{} uses the reserved org.opencontainers namespace but is not a key of "
                          "the image-spec; only OCI specifications may define such keys",
                          shown(key)),
              Severity::warning);
}

// ANN-007, ANN-008, ANN-009, ANN-010, ANN-011, ANN-013: the formats of the
// pre-defined keys.
void check_predefined_value(const AnnotationMap& map, std::string_view key, std::string_view value,
                            const std::string& pointer, FindingSink& sink) {
  if (!starts_with(key, kImagePrefix)) return;
  const auto name = key.substr(kImagePrefix.size());
  const auto& doc = *map.doc;
  if (name == "created") {  // ANN-007
    if (!grammar::is_rfc3339(value))
      sink.report("ANN-007", doc, pointer,
                  fmt::format("{} must be an RFC 3339 date-time such as 2024-01-31T12:00:00Z, "
                              "found {}",
                              key, shown(value)));
  } else if (name == "url" || name == "documentation" || name == "source") {  // ANN-008
    if (!grammar::is_absolute_uri(value))
      sink.report("ANN-008", doc, pointer,
                  fmt::format("{} should be an absolute URL such as https://example.com/…, found "
                              "{}",
                              key, shown(value)));
  } else if (name == "licenses") {  // ANN-009
    if (!is_spdx_expression(value))
      sink.report("ANN-009", doc, pointer,
                  fmt::format("{} should be an SPDX license expression such as \"MIT OR "
                              "Apache-2.0\", found {}",
                              kLicenses, shown(value)));
  } else if ((name == "base.digest" || name == "base.name") && value.empty()) {
    // annotations.md § Rules: "While the value MUST be present, it MAY be
    // an empty string." An empty base.* reads as no base image at all;
    // buildah and podman write it empty for an image built FROM scratch.
    sink.report(name == "base.digest" ? "ANN-010" : "ANN-011", doc, pointer,
                fmt::format("{} is empty, which reads as no base image (buildah and podman write "
                            "this for images built FROM scratch); leave the key out instead",
                            key),
                Severity::note);
  } else if (name == "base.digest") {  // ANN-010
    const auto d = digest::parse(value);
    if (!d)
      sink.report("ANN-010", doc, pointer,
                  fmt::format("{} must be a digest (algorithm:encoded, e.g. sha256:<64 hex>), "
                              "found {}",
                              kBaseDigest, shown(value)));
    else if (const auto problem = digest::algorithm_form_error(*d))
      sink.report("ANN-010", doc, pointer,
                  fmt::format("{} {} is not a valid {} digest: {}", kBaseDigest, shown(value),
                              d->algorithm, *problem));
  } else if (name == "base.name") {  // ANN-011
    if (const auto problem = base_name_problem(value))
      sink.report("ANN-011", doc, pointer,
                  fmt::format("{} should be a fully qualified reference "
                              "(registry/repository[:tag]), found {}: {}",
                              kBaseName, shown(value), *problem));
  } else if (name == "ref.name") {  // ANN-013
    if (!grammar::is_ref_name(value))
      sink.report("ANN-013", doc, pointer,
                  fmt::format("{} should match the ref.name grammar (components of letters and "
                              "digits joined by - . _ : @ + or --, separated by /), found {}",
                              kRefName, shown(value)));
  }
}

// ANN-012, ANN-014: relations between keys of one map.
void check_key_relations(const AnnotationMap& map, const rapidjson::Value& object,
                         FindingSink& sink) {
  const auto has = [&](std::string_view key) {
    return object.FindMember(rapidjson::StringRef(key.data(), key.size())) != object.MemberEnd();
  };
  // An empty base.name says there is no base (ANN-011's note), so it asks
  // for no base.digest either.
  const auto base_name =
      object.FindMember(rapidjson::StringRef(kBaseName.data(), kBaseName.size()));
  const bool names_a_base =
      base_name != object.MemberEnd() &&
      !(base_name->value.IsString() && base_name->value.GetStringLength() == 0);
  if (names_a_base && !has(kBaseDigest))  // ANN-012
    sink.report("ANN-012", *map.doc, json::pointer_append(map.pointer, kBaseName),
                fmt::format("{} is set but {} is not; name the base image's manifest digest too",
                            kBaseName, kBaseDigest));
  for (const auto& k : kLabelSchemaKeys) {  // ANN-014
    if (has(k.label_schema) && !has(k.oci))
      sink.report(
          "ANN-014", *map.doc, json::pointer_append(map.pointer, k.label_schema),
          fmt::format("{} has the OCI equivalent {}, which is not set", k.label_schema, k.oci));
  }
}

void check_map(const AnnotationMap& map, const rapidjson::Value& value, FindingSink& sink) {
  if (value.IsNull()) {
    if (!map.null_allowed)  // ANN-005
      sink.report("ANN-005", *map.doc, map.pointer,
                  fmt::format("{} is null; with no annotations, leave the member out or use {{}}",
                              map.what));
    return;
  }
  if (!value.IsObject()) {  // ANN-001
    sink.report("ANN-001", *map.doc, map.pointer,
                fmt::format("{} must be an object of string keys to string values, found {}",
                            map.what, type_name(value)));
    return;
  }
  for (const auto& m : value.GetObject()) {
    const std::string_view key(m.name.GetString(), m.name.GetStringLength());
    const auto pointer = json::pointer_append(map.pointer, key);
    if (key.empty())  // ANN-015
      sink.report("ANN-015", *map.doc, pointer,
                  fmt::format("{} has an empty key; give every annotation a reverse-domain name",
                              map.what));
    else if (const auto producer = producer_key(key); producer && !is_reverse_domain(key))
      sink.report("ANN-003", *map.doc, pointer,
                  fmt::format("key {} is not in reverse domain notation, but {} defines it and "
                              "its consumers look it up by this exact name: keep it",
                              shown(key), *producer),
                  Severity::note);
    else if (!is_reverse_domain(key))  // ANN-003
      sink.report("ANN-003", *map.doc, pointer,
                  fmt::format("key {} is not in reverse domain notation (e.g. "
                              "com.example.my-key)",
                              shown(key)));
    check_reserved_namespace(map, key, pointer, sink);
    if (!m.value.IsString()) {  // ANN-001
      sink.report("ANN-001", *map.doc, pointer,
                  fmt::format("the value of {} must be a string, found {}", shown(key),
                              type_name(m.value)));
      continue;
    }
    check_predefined_value(map, key, {m.value.GetString(), m.value.GetStringLength()}, pointer,
                           sink);
  }
  check_key_relations(map, value, sink);
}

// ANN-002: duplicate keys. RapidJSON keeps the first value and Go the last,
// so two tools can read different annotations from the same bytes. The
// parser lists every duplicate of the document; they are matched against
// the document's annotation maps in one pass (not once per map, which a
// document with many descriptors and many duplicates would make quadratic).
void check_duplicates(const DocumentView& doc, FindingSink& sink) {
  if (doc.json == nullptr || doc.json->duplicates.empty()) return;
  std::map<std::string, std::string_view> maps;  // pointer -> what, for messages
  if (doc.kind == DocKind::manifest || doc.kind == DocKind::index)
    maps.emplace("/annotations", "annotations");
  if (doc.kind == DocKind::config) maps.emplace("/config/Labels", "config.Labels");
  // Only the descriptors' maps that hold a repeated key: an index of a
  // million entries has a million maps.
  std::set<std::string_view> repeated_in;
  for (const auto& dup : doc.json->duplicates) repeated_in.insert(dup.object_pointer);
  engine::for_each_descriptor(doc, [&](const DescriptorView& d) {
    auto pointer = d.member_pointer("annotations");
    if (repeated_in.contains(pointer)) maps.emplace(std::move(pointer), "annotations");
  });
  std::map<std::pair<std::string, std::string>, std::size_t> repeats;
  for (const auto& dup : doc.json->duplicates)
    if (maps.count(dup.object_pointer) != 0) ++repeats[{dup.object_pointer, dup.name}];
  for (const auto& [where, count] : repeats)
    sink.report("ANN-002", doc, json::pointer_append(where.first, where.second),
                fmt::format("{} key {} appears {} times; keys must be unique (parsers disagree "
                            "on which value wins)",
                            maps.at(where.first), shown(where.second), count + 1));
}

// The maps of the document itself: a manifest's or index's annotations, a
// config's config.Labels. Descriptors' maps are checked per descriptor.
void check_document_maps(const DocumentView& doc, FindingSink& sink) {
  check_duplicates(doc, sink);
  const auto* root = doc.root();
  if (root == nullptr || !root->IsObject()) return;
  if (doc.kind == DocKind::manifest || doc.kind == DocKind::index) {
    if (const auto* v = member(*root, "annotations"))
      check_map({&doc, "/annotations", "annotations", false}, *v, sink);
  } else if (doc.kind == DocKind::config) {
    const auto* config = member(*root, "config");
    if (const auto* labels = config != nullptr ? member(*config, "Labels") : nullptr)
      check_map({&doc, "/config/Labels", "config.Labels", true}, *labels, sink);
  }
}

void check_descriptor_map(const DescriptorView& d, FindingSink& sink) {
  if (d.parent == nullptr || d.value == nullptr) return;
  if (const auto* v = member(*d.value, "annotations"))
    check_map({d.parent, d.member_pointer("annotations"), "annotations", false}, *v, sink);
}

}  // namespace

void register_annotation_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "ANN-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Annotations map string keys to string values",
       .spec = "annotations.md#rules",
       .help = "Write annotations as a JSON object whose values are all strings (quote numbers and "
               "booleans).",
       .catalogue = {.source = "annotations.md § Rules",
                     .requirement = "annotations are a map whose keys and values are strings; the "
                                    "value is present and may be empty",
                     .applies_to = "A",
                     .check = "schema (`mapStringString` uses patternProperties `.{1,}`, so the "
                              "empty key `\"\"` escapes the type check: test in code)"}},
      {.id = "ANN-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Annotation keys are unique within a map",
       .spec = "annotations.md#rules",
       .help =
           "Remove the repeated key; RapidJSON-based tools read the first value and Go tools the "
           "last.",
       .catalogue = {.source = "annotations.md § Rules (\"Keys MUST be unique within this map\")",
                     .requirement = "no duplicate keys",
                     .applies_to = "A",
                     .check = "doc: a duplicate-name check at parse time (see JSON-002); schema "
                              "validators never see duplicates"}},
      {.id = "ANN-003",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Annotation keys use reverse domain notation",
       .spec = "annotations.md#rules",
       .help =
           "Prefix keys with a domain you control, reversed: com.example.my-key. Keys a producer's "
           "documented format fixes otherwise, which its consumers look up by that exact name "
           "(BuildKit's in-toto.io/predicate-type, cosign's predicateType and `cosign save`'s "
           "kind), are only noted: renaming them would break those tools.",
       .catalogue =
           {.source = "annotations.md § Rules",
            .requirement = "keys use reverse domain notation (`com.example.myKey`)",
            .applies_to = "A",
            .check =
                "rx heuristic `^[a-z0-9-]+(\\.[A-Za-z0-9_-]+)+\\.` (sev: note for keys a "
                "producer's documented format fixes and its consumers look up by name: BuildKit's "
                "`in-toto.io/predicate-type`, cosign's `predicateType`, `cosign save`'s `kind`)"}},
      {.id = "ANN-004",
       .level = "MUST NOT",
       .severity = Severity::error,
       .title = "org.opencontainers keys are only those the OCI specifications define",
       .spec = "annotations.md#rules",
       .help =
           "Use your own namespace for custom keys; under org.opencontainers.image. use only the "
           "pre-defined keys. Keys of withdrawn release candidates, keys of another namespace "
           "under org.opencontainers., and the referrer.subject and referrer.convert keys that "
           "only a pending proposal defines (image-spec PR #1171; regclient writes them) are "
           "warnings.",
       .catalogue = {.source = "annotations.md § Rules",
                     .requirement =
                         "keys under `org.opencontainers.` are used only for keys that OCI specs "
                         "define; `org.opencontainers.image.` only for image-spec keys",
                     .applies_to = "A",
                     .check =
                         "doc: an unknown `org.opencontainers.image.*` key (not in K-OCIKEYS) → "
                         "error; another unknown `org.opencontainers.*` key → warning (it may "
                         "belong to a spec not tracked here); the withdrawn rc keys "
                         "`org.opencontainers.artifact.created`/`.description` and "
                         "`org.opencontainers.referrers.filtersApplied` → warning; "
                         "`org.opencontainers.image.referrer.subject` and `.referrer.convert`, "
                         "defined only by the pending image-spec PR #1171 and written by regclient "
                         "in OCI layouts (`ocidir://`) → warning"}},
      {.id = "ANN-005",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Annotations are absent or a map, never null",
       .spec = "annotations.md#rules",
       .help = "Leave out the annotations member, or write {}, instead of null.",
       .catalogue =
           {.source = "annotations.md § Rules",
            .requirement =
                "with no annotations, the property is absent or an empty map (never `null`)",
            .applies_to = "A (config `Labels` excepted: CFG-012 allows null)",
            .check = "schema (type object)"}},
      {.id = "ANN-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "org.opencontainers.image.created is an RFC 3339 date-time",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help = "Write the date and time as RFC 3339, e.g. 2024-01-31T12:00:00Z.",
       .catalogue =
           {.source =
                "annotations.md `org.opencontainers.image.created` (\"conforming to RFC 3339\")",
            .requirement = "the value is an RFC 3339 date-time",
            .applies_to = "A",
            .check = "rx P-RFC3339",
            .level = "MUST (def)"}},
      {.id = "ANN-008",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "org.opencontainers.image.url, .documentation and .source are absolute URLs",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help = "Give a full URL with its scheme, e.g. https://github.com/example/project.",
       .catalogue = {.source = "annotations.md `url`, `documentation`, `source` (\"URL to …\")",
                     .requirement = "the value is an absolute URL",
                     .applies_to = "A",
                     .check = "doc: RFC 3986 parse",
                     .level = "SHOULD (def)"}},
      {.id = "ANN-009",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "org.opencontainers.image.licenses is an SPDX license expression",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help = "Use SPDX identifiers joined by AND, OR and WITH, e.g. \"Apache-2.0 OR MIT\".",
       .catalogue = {.source = "annotations.md `licenses` (\"as an SPDX License Expression\")",
                     .requirement = "the value parses as an SPDX expression",
                     .applies_to = "A",
                     .check = "doc: tokenizer (ids, `AND`/`OR`/`WITH`, parentheses, `LicenseRef-`)",
                     .level = "SHOULD (def)"}},
      {.id = "ANN-010",
       .level = "MUST",
       .severity = Severity::error,
       .title = "org.opencontainers.image.base.digest is a digest",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help =
           "Set it to the base image manifest's digest, e.g. sha256:<64 lowercase hex>. An empty "
           "value is only a note: annotations.md allows empty values (\"it MAY be an empty "
           "string\") and buildah writes base.digest and base.name empty for images built FROM "
           "scratch; leave the keys out when there is no base.",
       .catalogue = {.source =
                         "annotations.md `base.digest` (\"[Digest](descriptor.md#digests)\"); § "
                         "Rules (\"While the value MUST be present, it MAY be an empty string\")",
                     .requirement = "the value follows the digest grammar",
                     .applies_to = "A",
                     .check = "rx P-DIG + per-algorithm pattern. An empty value reads as \"no base "
                              "image\" (sev: note): buildah 1.28 writes `base.digest` and "
                              "`base.name` as `\"\"` for images built `FROM scratch`",
                     .level = "MUST (def)",
                     .severity = "error (note when empty)"}},
      {.id = "ANN-011",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "org.opencontainers.image.base.name is a fully qualified reference",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help =
           "Name the registry too, e.g. docker.io/library/alpine:3.19 rather than alpine:3.19. An "
           "empty value (buildah, FROM scratch) reads as no base image and is only a note.",
       .catalogue =
           {.source = "annotations.md `base.name`",
            .requirement =
                "the value is a fully qualified distribution reference that names its registry",
            .applies_to = "A",
            .check = "rx: distribution reference grammar, and the first component has a `.` or `:` "
                     "or is `localhost`. An empty value (buildah, `FROM scratch`) reads as \"no "
                     "base image\" (sev: note)",
            .severity = "warning (note when empty)"}},
      {.id = "ANN-012",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "org.opencontainers.image.base.name comes with base.digest",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help = "Also set org.opencontainers.image.base.digest to the digest of the base manifest.",
       .catalogue =
           {.source = "annotations.md `base.name` (last bullet; the spec text says "
                      "`image.ref.name`, apparently meaning `base.name`)",
            .requirement =
                "when `base.name` is set, `base.digest` is set too (the digest of that manifest)",
            .applies_to = "A",
            .check = "doc: an empty `base.name` names no base and asks for no `base.digest`"}},
      {.id = "ANN-013",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "org.opencontainers.image.ref.name follows the ref.name grammar",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help =
           "Use letters and digits joined by - . _ : @ + or --, with / between components, e.g. "
           "v1.2.3 or stable. A warning: annotations.md says the value's character set \"SHOULD "
           "conform\" and gives the grammar without a MUST; registry tags (distribution-spec: "
           "[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}) such as __nightly or 1.0..rc fall outside it, and "
           "a layout that mirrors a registry's tags may keep them.",
       .catalogue = {.source =
                         "annotations.md `ref.name` (\"Character set of the value SHOULD conform "
                         "to alphanum of `A-Za-z0-9` and separator set of `-._:@/+`\"; \"A valid "
                         "reference matches the following grammar\", a definition without a MUST)",
                     .requirement = "the ref.name value matches P-REF",
                     .applies_to = "A (mainly `index.json` descriptors)",
                     .check =
                         "rx P-REF. A warning, not an error: the grammar is a definition of "
                         "\"valid\" under a SHOULD, and registry tags (distribution-spec "
                         "`[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`) such as `__nightly` or `1.0..rc` "
                         "fall outside it (skopeo 1.9 itself refuses them for `oci:DIR:TAG`; a "
                         "layout that mirrors a registry's tags may keep them)"}},
      {.id = "ANN-014",
       .level = "MAY",
       .severity = Severity::note,
       .title = "Label Schema keys have their OCI equivalents",
       .spec = "annotations.md#back-compatibility-with-label-schema",
       .help =
           "Label Schema is superseded: set the org.opencontainers.image.* equivalent as well (or "
           "instead).",
       .catalogue = {.source = "annotations.md § Back-compatibility with Label Schema",
                     .requirement =
                         "`org.label-schema.*` keys may be mapped to their OCI equivalents",
                     .applies_to = "A",
                     .check =
                         "doc: a label-schema key without its OCI equivalent → suggest migration"}},
      {.id = "ANN-015",
       .level = "HARDENING",
       .severity = Severity::warning,
       .title = "No annotation has the empty key",
       .spec = "annotations.md#rules",
       .help = "Remove the \"\" key or give it a name; some tools drop or reject it.",
       .catalogue = {.source = "(not in spec)",
                     .requirement = "the empty key `\"\"` is not used",
                     .applies_to = "A",
                     .check = "doc"}},
  });
  registry.on_document(check_document_maps);
  registry.on_descriptor(check_descriptor_map);
}

}  // namespace ocv::rules
