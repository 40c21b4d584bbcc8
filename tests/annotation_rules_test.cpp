// ANN-* rules: every annotations map (manifest, index, descriptors, config
// Labels), each rule firing and staying silent.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"

using ocv::engine::DocKind;
using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::dump;
using ocv::test::fired;

namespace {

constexpr const char* kDigest =
    "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

/// A valid manifest whose top-level annotations are `annotations` (a JSON
/// object text) and whose first layer carries `layer_annotations`.
std::string manifest(const std::string& annotations,
                     const std::string& layer_annotations = R"({"com.example.a": "b"})") {
  return fmt::format(R"({{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
              "digest": "{0}"}},
  "layers": [{{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654,
               "digest": "{0}", "annotations": {2}}}],
  "annotations": {1}
}})",
                     kDigest, annotations, layer_annotations);
}

std::string index_with(const std::string& entry_annotations) {
  return fmt::format(R"({{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143,
                  "digest": "{0}", "annotations": {1},
                  "platform": {{"architecture": "amd64", "os": "linux"}}}}]
}})",
                     kDigest, entry_annotations);
}

std::string config_with_labels(const std::string& labels) {
  return fmt::format(R"({{
  "architecture": "amd64", "os": "linux",
  "config": {{"Labels": {1}}},
  "rootfs": {{"type": "layers", "diff_ids": ["{0}"]}}
}})",
                     kDigest, labels);
}

/// Findings of `rule` only.
std::vector<Finding> of(const std::vector<Finding>& findings, std::string_view rule) {
  std::vector<Finding> out;
  for (const auto& f : findings)
    if (f.rule_id == rule) out.push_back(f);
  return out;
}

bool at(const std::vector<Finding>& findings, std::string_view rule, std::string_view pointer) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.rule_id == rule && f.location.pointer == pointer;
  });
}

std::optional<Severity> severity_at(const std::vector<Finding>& findings, std::string_view rule,
                                    std::string_view pointer) {
  for (const auto& f : findings)
    if (f.rule_id == rule && f.location.pointer == pointer) return f.severity;
  return std::nullopt;
}

std::vector<Finding> check_manifest_annotations(const std::string& annotations) {
  return ocv::test::check_document(manifest(annotations), DocKind::manifest);
}

/// Findings for one pre-defined key set to `value` in the manifest's annotations.
std::vector<Finding> with_key(const std::string& key, const std::string& value) {
  return check_manifest_annotations(fmt::format(R"({{"{}": "{}"}})", key, value));
}

const char* const kAnnRules[] = {"ANN-001", "ANN-002", "ANN-003", "ANN-004", "ANN-005",
                                 "ANN-007", "ANN-008", "ANN-009", "ANN-010", "ANN-011",
                                 "ANN-012", "ANN-013", "ANN-014", "ANN-015"};

}  // namespace

BOOST_AUTO_TEST_SUITE(annotation_rules)

BOOST_AUTO_TEST_CASE(well_formed_annotations_are_silent) {
  const auto f = check_manifest_annotations(fmt::format(
      R"({{"org.opencontainers.image.created": "2024-01-31T12:00:00Z",
          "org.opencontainers.image.authors": "Alyssa <a@example.com>",
          "org.opencontainers.image.url": "https://example.com/project",
          "org.opencontainers.image.documentation": "https://example.com/docs",
          "org.opencontainers.image.source": "https://github.com/example/project",
          "org.opencontainers.image.version": "1.2.3",
          "org.opencontainers.image.revision": "abc123",
          "org.opencontainers.image.vendor": "Example",
          "org.opencontainers.image.licenses": "(MIT OR Apache-2.0) AND BSD-3-Clause",
          "org.opencontainers.image.title": "t", "org.opencontainers.image.description": "",
          "org.opencontainers.image.base.digest": "{0}",
          "org.opencontainers.image.base.name": "docker.io/library/alpine:3.19",
          "org.opencontainers.image.ref.name": "v1.2.3",
          "org.label-schema.build-date": "2024-01-31",
          "com.docker.official-images.bashbrew.arch": "amd64",
          "io.buildah.version": "1.30.0", "com.example.key": ""}})",
      kDigest));
  for (const auto* rule : kAnnRules) BOOST_TEST(!fired(f, rule), rule << "\n" << dump(f));
  // Labels and index entries too.
  const auto g = ocv::test::check_document(
      config_with_labels(
          R"({"com.example.project": "x", "org.opencontainers.image.version": "1"})"),
      DocKind::config);
  for (const auto* rule : kAnnRules) BOOST_TEST(!fired(g, rule), rule << "\n" << dump(g));
  const auto h = ocv::test::check_document(
      index_with(R"({"org.opencontainers.image.ref.name": "stable"})"), DocKind::index, true);
  for (const auto* rule : kAnnRules) BOOST_TEST(!fired(h, rule), rule << "\n" << dump(h));
}

BOOST_AUTO_TEST_CASE(ann_001_values_are_strings) {
  auto f = check_manifest_annotations(R"({"com.example.n": 1})");
  BOOST_TEST(at(f, "ANN-001", "/annotations/com.example.n"), dump(f));
  f = check_manifest_annotations(R"(["com.example.n"])");
  BOOST_TEST(at(f, "ANN-001", "/annotations"), dump(f));
  // In a descriptor, an index entry, and config.Labels.
  f = ocv::test::check_document(manifest("{}", R"({"com.example.b": true})"), DocKind::manifest);
  BOOST_TEST(at(f, "ANN-001", "/layers/0/annotations/com.example.b"), dump(f));
  f = ocv::test::check_document(index_with(R"({"com.example.o": {}})"), DocKind::index);
  BOOST_TEST(at(f, "ANN-001", "/manifests/0/annotations/com.example.o"), dump(f));
  f = ocv::test::check_document(config_with_labels(R"({"com.example.n": 2})"), DocKind::config);
  BOOST_TEST(at(f, "ANN-001", "/config/Labels/com.example.n"), dump(f));
  // Silent: an empty value is a string.
  f = check_manifest_annotations(R"({"com.example.n": ""})");
  BOOST_TEST(!fired(f, "ANN-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(ann_002_duplicate_keys) {
  auto f = check_manifest_annotations(R"({"com.example.k": "a", "com.example.k": "b"})");
  BOOST_TEST(at(f, "ANN-002", "/annotations/com.example.k"), dump(f));
  BOOST_TEST(of(f, "ANN-002").size() == 1u, dump(f));
  f = ocv::test::check_document(
      manifest("{}", R"({"com.example.k": "a", "com.example.j": "c", "com.example.k": "b"})"),
      DocKind::manifest);
  BOOST_TEST(at(f, "ANN-002", "/layers/0/annotations/com.example.k"), dump(f));
  // A duplicate outside an annotations map is JSON-002's only.
  f = ocv::test::check_document(R"({"schemaVersion": 2, "schemaVersion": 2, "manifests": []})",
                                DocKind::index);
  BOOST_TEST(!fired(f, "ANN-002"), dump(f));
  f = check_manifest_annotations(R"({"com.example.k": "a", "com.example.j": "a"})");
  BOOST_TEST(!fired(f, "ANN-002"), dump(f));
}

BOOST_AUTO_TEST_CASE(ann_003_reverse_domain_keys) {
  for (const auto* key : {"maintainer", "version", "example.com/key", "kubernetes.io/arch",
                          "com.example", "Com.example.key", ".com.example.key", "com", "com..key",
                          "com.ex ample.key", "co_m.example.key"}) {
    const auto f = check_manifest_annotations(fmt::format(R"({{"{}": "v"}})", key));
    BOOST_TEST(fired(f, "ANN-003"), key << "\n" << dump(f));
  }
  for (const auto* key :
       {"com.example.key", "com.example.sub.Key_2", "org.opencontainers.image.title",
        "com.docker.official-images.bashbrew.arch", "io.buildah.version", "io.k8s.display-name",
        "com.example.key/with/slashes", "a-1.B_2-c.key"}) {
    const auto f = check_manifest_annotations(fmt::format(R"({{"{}": "v"}})", key));
    BOOST_TEST(!fired(f, "ANN-003"), key << "\n" << dump(f));
  }
  const auto f =
      ocv::test::check_document(config_with_labels(R"({"maintainer": "me"})"), DocKind::config);
  BOOST_TEST(at(f, "ANN-003", "/config/Labels/maintainer"), dump(f));
}

BOOST_AUTO_TEST_CASE(ann_004_reserved_namespace) {
  auto f = with_key("org.opencontainers.image.color", "blue");
  BOOST_TEST(at(f, "ANN-004", "/annotations/org.opencontainers.image.color"), dump(f));
  BOOST_TEST((severity_at(f, "ANN-004", "/annotations/org.opencontainers.image.color") ==
              Severity::error));
  // Another OCI spec's key may exist: a warning.
  f = with_key("org.opencontainers.runtime.thing", "x");
  BOOST_TEST((severity_at(f, "ANN-004", "/annotations/org.opencontainers.runtime.thing") ==
              Severity::warning),
             dump(f));
  // Keys a pending proposal defines (image-spec PR #1171) and regclient
  // writes: a warning.
  f = with_key("org.opencontainers.image.referrer.subject", kDigest);
  BOOST_TEST((severity_at(f, "ANN-004", "/annotations/org.opencontainers.image.referrer.subject") ==
              Severity::warning),
             dump(f));
  // Withdrawn release-candidate keys: a warning.
  f = with_key("org.opencontainers.artifact.created", "2024-01-31T12:00:00Z");
  BOOST_TEST((severity_at(f, "ANN-004", "/annotations/org.opencontainers.artifact.created") ==
              Severity::warning),
             dump(f));
  // The implicit keys of conversion.md are defined keys.
  for (const auto* key :
       {"org.opencontainers.image.os", "org.opencontainers.image.exposedPorts",
        "org.opencontainers.image.stopSignal", "org.opencontainers.image.author"}) {
    f = with_key(key, "x");
    BOOST_TEST(!fired(f, "ANN-004"), key << "\n" << dump(f));
  }
  // Labels follow the same rule (CFG-016).
  f = ocv::test::check_document(config_with_labels(R"({"org.opencontainers.image.foo": "x"})"),
                                DocKind::config);
  BOOST_TEST(at(f, "ANN-004", "/config/Labels/org.opencontainers.image.foo"), dump(f));
}

BOOST_AUTO_TEST_CASE(ann_005_null_annotations) {
  auto f = check_manifest_annotations("null");
  BOOST_TEST(at(f, "ANN-005", "/annotations"), dump(f));
  BOOST_TEST(!fired(f, "ANN-001"), dump(f));
  f = ocv::test::check_document(manifest("{}", "null"), DocKind::manifest);
  BOOST_TEST(at(f, "ANN-005", "/layers/0/annotations"), dump(f));
  f = check_manifest_annotations("{}");
  BOOST_TEST(!fired(f, "ANN-005"), dump(f));
  // config.Labels may be null (config.md: optional fields may be null).
  f = ocv::test::check_document(config_with_labels("null"), DocKind::config);
  BOOST_TEST(!fired(f, "ANN-005"), dump(f));
  BOOST_TEST(!fired(f, "ANN-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(ann_007_created_is_rfc3339) {
  for (const auto* bad : {"yesterday", "2024-01-31", "2024-13-01T00:00:00Z", "2024-01-31 12:00:00Z",
                          "15-10-31T22:22:56Z"}) {
    const auto f = with_key("org.opencontainers.image.created", bad);
    BOOST_TEST(at(f, "ANN-007", "/annotations/org.opencontainers.image.created"), bad << "\n"
                                                                                      << dump(f));
  }
  for (const auto* good : {"2024-01-31T12:00:00Z", "2024-01-31T12:00:00.123+02:00"}) {
    const auto f = with_key("org.opencontainers.image.created", good);
    BOOST_TEST(!fired(f, "ANN-007"), good << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(ann_008_urls_are_absolute) {
  for (const auto* key : {"org.opencontainers.image.url", "org.opencontainers.image.documentation",
                          "org.opencontainers.image.source"}) {
    auto f = with_key(key, "example.com/project");
    BOOST_TEST(fired(f, "ANN-008"), key << "\n" << dump(f));
    f = with_key(key, "https://example.com/project");
    BOOST_TEST(!fired(f, "ANN-008"), key << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(ann_009_licenses_are_spdx_expressions) {
  for (const auto* bad :
       {"", "MIT OR", "AND MIT", "(MIT", "MIT)", "MIT Apache-2.0", "GPL-2.0 WITH", "MIT/Apache-2.0",
        "LicenseRef-", "DocumentRef-x:MIT", "MIT, Apache-2.0", "MIT oR Apache-2.0"}) {
    const auto f = with_key("org.opencontainers.image.licenses", bad);
    BOOST_TEST(fired(f, "ANN-009"), "\"" << bad << "\"\n" << dump(f));
  }
  for (const auto* good :
       {"MIT", "Apache-2.0", "GPL-2.0+", "GPL-2.0-or-later WITH Classpath-exception-2.0",
        "(MIT OR Apache-2.0) AND BSD-3-Clause", "LicenseRef-my-license",
        "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "mit or apache-2.0", "((MIT))",
        "LGPL-2.1-only OR BSD-3-Clause AND MIT"}) {
    const auto f = with_key("org.opencontainers.image.licenses", good);
    BOOST_TEST(!fired(f, "ANN-009"), "\"" << good << "\"\n" << dump(f));
  }
  // Deep nesting is refused without exhausting the stack.
  const auto f = with_key("org.opencontainers.image.licenses",
                          std::string(100000, '(') + "MIT" + std::string(100000, ')'));
  BOOST_TEST(fired(f, "ANN-009"));
}

BOOST_AUTO_TEST_CASE(ann_010_base_digest) {
  auto f = with_key("org.opencontainers.image.base.digest", "sha256:abc");
  BOOST_TEST(at(f, "ANN-010", "/annotations/org.opencontainers.image.base.digest"), dump(f));
  f = with_key("org.opencontainers.image.base.digest", "not a digest");
  BOOST_TEST(fired(f, "ANN-010"), dump(f));
  f = with_key("org.opencontainers.image.base.digest",
               "sha256:5B0BCABD1ED22E9FB1310CF6C2DEC7CDEF19F0AD69EFA1F392E94A4333501270");
  BOOST_TEST(fired(f, "ANN-010"), dump(f));
  f = with_key("org.opencontainers.image.base.digest", kDigest);
  BOOST_TEST(!fired(f, "ANN-010"), dump(f));
  f = with_key("org.opencontainers.image.base.digest", "sha384:abc");  // unregistered: grammar only
  BOOST_TEST(!fired(f, "ANN-010"), dump(f));
  // A malformed digest is an error; an empty value (buildah, FROM scratch)
  // reads as "no base" and is only a note.
  f = with_key("org.opencontainers.image.base.digest", "sha256:abc");
  BOOST_TEST((ocv::test::first(f, "ANN-010")->severity == ocv::engine::Severity::error));
  f = with_key("org.opencontainers.image.base.digest", "");
  BOOST_TEST_REQUIRE(fired(f, "ANN-010"), dump(f));
  BOOST_TEST((ocv::test::first(f, "ANN-010")->severity == ocv::engine::Severity::note));
  BOOST_TEST(ocv::test::message_of(f, "ANN-010").find("empty") != std::string::npos, dump(f));
}

BOOST_AUTO_TEST_CASE(ann_010_011_012_buildah_from_scratch) {
  // What buildah 1.28 writes for an image without a base: notes, no error,
  // and no ANN-012 (an empty base.name names no base needing a digest).
  const auto f = check_manifest_annotations(
      R"({"org.opencontainers.image.base.digest": "",
          "org.opencontainers.image.base.name": ""})");
  BOOST_TEST_REQUIRE(fired(f, "ANN-010"), dump(f));
  BOOST_TEST_REQUIRE(fired(f, "ANN-011"), dump(f));
  BOOST_TEST(!fired(f, "ANN-012"), dump(f));
  for (const auto& x : f) BOOST_TEST((x.severity == ocv::engine::Severity::note), dump(f));
  const auto name_only =
      check_manifest_annotations(R"({"org.opencontainers.image.base.name": ""})");
  BOOST_TEST(!fired(name_only, "ANN-012"), dump(name_only));
}

BOOST_AUTO_TEST_CASE(ann_011_base_name_is_fully_qualified) {
  for (const auto* bad :
       {"alpine", "alpine:3.19", "library/alpine:3.19", "docker.io/Library/alpine",
        "docker.io/alpine:", "-bad.io/alpine", "docker.io/alpine@sha256:x!",
        // Separators only between letters and digits, "_" at most twice.
        "docker.io/-app", "docker.io/app-", "docker.io/a_-b", "docker.io/a___b", "docker.io/a..b",
        "docker.io/a./b", "docker.io/_a"}) {
    const auto f = check_manifest_annotations(fmt::format(
        R"({{"org.opencontainers.image.base.name": "{}",
            "org.opencontainers.image.base.digest": "{}"}})",
        bad, kDigest));
    BOOST_TEST(fired(f, "ANN-011"), bad << "\n" << dump(f));
  }
  for (const auto* good :
       {"docker.io/library/alpine:3.19", "localhost/app", "localhost:5000/a/b:tag",
        "ghcr.io/org/app", "x.io/a", "[::1]:5000/app:v1",
        // Each separator of path-component: "-" (also repeated), ".", "_", "__".
        "docker.io/library/my-app:1", "docker.io/a---b", "quay.io/team.name/app_v2",
        "gcr.io/a__b/c"}) {
    const auto f = check_manifest_annotations(fmt::format(
        R"({{"org.opencontainers.image.base.name": "{}",
            "org.opencontainers.image.base.digest": "{}"}})",
        good, kDigest));
    BOOST_TEST(!fired(f, "ANN-011"), good << "\n" << dump(f));
  }
  const auto f = check_manifest_annotations(fmt::format(
      R"({{"org.opencontainers.image.base.name": "registry.example.com:443/team/app@{0}",
          "org.opencontainers.image.base.digest": "{0}"}})",
      kDigest));
  BOOST_TEST(!fired(f, "ANN-011"), dump(f));
}

// The registry host of a base name, production by production
// (distribution/reference regexp.go: domainNameComponent, ipv6address,
// optionalPort), and the SPDX operators and references of ANN-009 (SPDX
// 2.3 annex D: "WITH" takes an exception id, the operators may be lower
// case, white space is any of space, tab and line break).
BOOST_AUTO_TEST_CASE(ann_011_registry_host_and_ann_009_operators) {
  const auto base_name = [](const char* name) {
    return check_manifest_annotations(fmt::format(
        R"({{"org.opencontainers.image.base.name": "{}",
            "org.opencontainers.image.base.digest": "{}"}})",
        name, kDigest));
  };
  for (const auto* bad : {"[]/app", "[::1/app", "[::1%eth0]/app", "[::1]x/app", "[::1]:/app",
                          "[::1]:5a/app", "docker.io:/app", "docker.io:50a/app", "docker..io/app",
                          "docker.io./app", "dock_er.io/app", "docker-.io/app"}) {
    const auto f = base_name(bad);
    BOOST_TEST(fired(f, "ANN-011"), bad << "\n" << dump(f));
  }
  for (const auto* good : {"[::1]/app", "[fe80::1]:443/app", "127.0.0.1:5000/app", "Reg.IO/app"}) {
    const auto f = base_name(good);
    BOOST_TEST(!fired(f, "ANN-011"), good << "\n" << dump(f));
  }
  for (const auto* bad :
       {"MIT WITH AND", "MIT WITH Foo!", "MIT WITH", "()", "MIT ANDX BSD-3-Clause",
        "DocumentRef-:LicenseRef-x", "DocumentRef-x:LicenseRef-", "DocumentRef-x:Apache-2.0",
        "LicenseRef-a!b", "MIT AND", "(MIT))"}) {
    const auto f = with_key("org.opencontainers.image.licenses", bad);
    BOOST_TEST(fired(f, "ANN-009"), "\"" << bad << "\"\n" << dump(f));
  }
  for (const auto* good : {"MIT with Classpath-exception-2.0", R"(MIT\tAND\nBSD-3-Clause\r)",
                           "(MIT)AND(BSD-3-Clause)", "mit and apache-2.0"}) {
    const auto f = with_key("org.opencontainers.image.licenses", good);
    BOOST_TEST(!fired(f, "ANN-009"), "\"" << good << "\"\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(ann_011_reference_digest_form) {
  const std::string hex64 = "5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";
  const auto base_name = [](const std::string& name) {
    return check_manifest_annotations(fmt::format(
        R"({{"org.opencontainers.image.base.name": "{}",
            "org.opencontainers.image.base.digest": "{}"}})",
        name, kDigest));
  };
  // Registered algorithms have an exact form; the reference grammar wants at
  // least 32 hex characters for any other.
  const std::string alpine = "docker.io/library/alpine";
  const std::vector<std::string> bad_names = {
      alpine + "@sha256:abc",
      alpine + "@sha256:" + hex64.substr(1),
      alpine + ":3.19@sha256:" + hex64 + "0",
      alpine + "@sha256:5B0BCABD1ED22E9FB1310CF6C2DEC7CDEF19F0AD69EFA1F392E94A4333501270",
      alpine + "@sha512:" + hex64,
      alpine + "@sha384:abc",
      alpine + "@sha384:" + std::string(32, 'g'),
  };
  for (const auto& bad : bad_names) {
    const auto f = base_name(bad);
    const bool reported = at(f, "ANN-011", "/annotations/org.opencontainers.image.base.name");
    BOOST_TEST(reported, bad << "\n" << dump(f));
  }
  const std::vector<std::string> good_names = {
      alpine + "@sha256:" + hex64,
      alpine + ":3.19@sha256:" + hex64,
      alpine + "@sha512:" + hex64 + hex64,
      alpine + "@sha384:" + hex64.substr(0, 32),
  };
  for (const auto& good : good_names) {
    const auto f = base_name(good);
    BOOST_TEST(!fired(f, "ANN-011"), good << "\n" << dump(f));
  }
  const auto f = base_name(alpine + "@sha256:abc");
  const auto message = ocv::test::message_of(f, "ANN-011");
  BOOST_TEST(message.find("sha256 needs 64 lowercase hex characters") != std::string::npos,
             dump(f));
}

BOOST_AUTO_TEST_CASE(ann_012_base_name_needs_base_digest) {
  auto f = with_key("org.opencontainers.image.base.name", "docker.io/library/alpine:3.19");
  BOOST_TEST(at(f, "ANN-012", "/annotations/org.opencontainers.image.base.name"), dump(f));
  f = check_manifest_annotations(fmt::format(
      R"({{"org.opencontainers.image.base.name": "docker.io/library/alpine:3.19",
          "org.opencontainers.image.base.digest": "{}"}})",
      kDigest));
  BOOST_TEST(!fired(f, "ANN-012"), dump(f));
  // base.digest alone is fine.
  f = with_key("org.opencontainers.image.base.digest", kDigest);
  BOOST_TEST(!fired(f, "ANN-012"), dump(f));
}

BOOST_AUTO_TEST_CASE(ann_013_ref_name_grammar) {
  for (const auto* bad : {"", "-v1", "v1-", "a//b", "tag with space", "v1..2", "ü"}) {
    const auto f = ocv::test::check_document(
        index_with(fmt::format(R"({{"org.opencontainers.image.ref.name": "{}"}})", bad)),
        DocKind::index, true);
    BOOST_TEST(at(f, "ANN-013", "/manifests/0/annotations/org.opencontainers.image.ref.name"),
               "\"" << bad << "\"\n"
                    << dump(f));
    // "Character set of the value SHOULD conform": a warning.
    if (fired(f, "ANN-013"))
      BOOST_TEST((ocv::test::first(f, "ANN-013")->severity == ocv::engine::Severity::warning));
  }
  for (const auto* good : {"v1.2.3", "stable", "1.0--rc1", "example.com/app:1.0", "a@b+c"}) {
    const auto f = ocv::test::check_document(
        index_with(fmt::format(R"({{"org.opencontainers.image.ref.name": "{}"}})", good)),
        DocKind::index, true);
    BOOST_TEST(!fired(f, "ANN-013"), good << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(ann_014_label_schema_keys) {
  auto f = ocv::test::check_document(
      config_with_labels(R"({"org.label-schema.vcs-url": "https://example.com/x.git"})"),
      DocKind::config);
  BOOST_TEST(at(f, "ANN-014", "/config/Labels/org.label-schema.vcs-url"), dump(f));
  BOOST_TEST(
      (severity_at(f, "ANN-014", "/config/Labels/org.label-schema.vcs-url") == Severity::note));
  f = ocv::test::check_document(
      config_with_labels(R"({"org.label-schema.vcs-url": "https://example.com/x.git",
                             "org.opencontainers.image.source": "https://example.com/x.git"})"),
      DocKind::config);
  BOOST_TEST(!fired(f, "ANN-014"), dump(f));
  // Label Schema keys without an OCI equivalent have nothing to migrate to.
  f = ocv::test::check_document(config_with_labels(R"({"org.label-schema.schema-version": "1.0"})"),
                                DocKind::config);
  BOOST_TEST(!fired(f, "ANN-014"), dump(f));
}

BOOST_AUTO_TEST_CASE(ann_015_empty_key) {
  auto f = check_manifest_annotations(R"({"": "v"})");
  BOOST_TEST(at(f, "ANN-015", "/annotations/"), dump(f));
  BOOST_TEST(!fired(f, "ANN-003"), dump(f));  // said once, as ANN-015
  f = check_manifest_annotations(R"({"com.example.k": "v"})");
  BOOST_TEST(!fired(f, "ANN-015"), dump(f));
}

BOOST_AUTO_TEST_CASE(every_descriptor_position_is_checked) {
  const auto doc = fmt::format(R"({{
  "schemaVersion": 2,
  "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "size": 2,
              "digest": "{0}", "annotations": {{"": "c"}}}},
  "layers": [],
  "subject": {{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 2,
               "digest": "{0}", "annotations": {{"": "s"}}}}
}})",
                               kDigest);
  const auto f = ocv::test::check_document(doc, DocKind::manifest);
  BOOST_TEST(at(f, "ANN-015", "/config/annotations/"), dump(f));
  BOOST_TEST(at(f, "ANN-015", "/subject/annotations/"), dump(f));
  const auto g = ocv::test::check_document(
      fmt::format(R"({{"mediaType": "text/plain", "size": 2, "digest": "{}",
                      "annotations": {{"org.opencontainers.image.created": "no"}}}})",
                  kDigest),
      DocKind::descriptor);
  BOOST_TEST(at(g, "ANN-007", "/annotations/org.opencontainers.image.created"), dump(g));
}

BOOST_AUTO_TEST_CASE(hostile_maps_do_not_crash) {
  const std::string long_key = "com.example." + std::string(100000, 'k');
  auto f = check_manifest_annotations(fmt::format(R"({{"{}": 1}})", long_key));
  BOOST_TEST(fired(f, "ANN-001"), dump(f));
  f = with_key("org.opencontainers.image.base.name", std::string(100000, 'a') + "/b");
  BOOST_TEST(fired(f, "ANN-011"));
  f = ocv::test::check_document(R"({"schemaVersion": 2, "manifests": [], "annotations": 5})",
                                DocKind::index);
  BOOST_TEST(at(f, "ANN-001", "/annotations"), dump(f));
}

BOOST_AUTO_TEST_SUITE_END()
