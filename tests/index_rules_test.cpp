// IDX-* rules, on index documents (and images for IDX-014).
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"

using ocv::engine::DocKind;
using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::check_document;
using ocv::test::dump;
using ocv::test::family_error;
using ocv::test::fired;
using ocv::test::fired_at;
using ocv::test::message_of;
using ocv::test::read_file;
using ocv::test::severity_of;
using ocv::test::valid_vectors;
using ocv::test::vector_dir;

namespace {

constexpr const char* kDigestA =
    "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f";
constexpr const char* kDigestB =
    "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

/// A manifests[] entry of type `type` with an optional platform (JSON text).
std::string entry(const std::string& platform = "", const char* digest = kDigestA,
                  const std::string& type = "application/vnd.oci.image.manifest.v1+json") {
  return R"({"mediaType": ")" + type + R"(", "size": 7143, "digest": ")" + digest + "\"" +
         (platform.empty() ? "" : ", \"platform\": " + platform) + "}";
}

std::string index(
    const std::string& entries, const std::string& extra = "",
    const std::string& media_type = R"("mediaType": "application/vnd.oci.image.index.v1+json",)") {
  return "{\"schemaVersion\": 2, " + media_type + "\"manifests\": [" + entries + "]" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

constexpr const char* kLinuxAmd64 = R"({"architecture": "amd64", "os": "linux"})";
constexpr const char* kLinuxArm64 = R"({"architecture": "arm64", "os": "linux"})";

std::vector<Finding> check(const std::string& text, bool layout_index = false) {
  return check_document(text, DocKind::index, layout_index);
}

constexpr const char* kManifest = R"({"schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
             "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},
  "layers": []})";

/// Runs the image checks for a manifest reached from `entry_text` (one
/// entry of an index) with a config of `config_text`.
std::vector<Finding> image_findings(const std::string& entry_text, const std::string& config_text) {
  const auto idx = ocv::test::make_doc(index(entry_text), DocKind::index);
  const auto m = ocv::test::make_doc(kManifest, DocKind::manifest);
  const auto c = ocv::test::make_doc(config_text, DocKind::config);
  return ocv::test::check_image(*m, c.get(), idx.get(), 0);
}

std::string config(const std::string& platform_fields) {
  return R"({"rootfs": {"type": "layers", "diff_ids": []}, )" + platform_fields + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index_rules)

BOOST_AUTO_TEST_CASE(valid_index_is_silent) {
  for (bool layout : {false, true}) {
    const auto f = check(index(entry(kLinuxAmd64) + "," + entry(kLinuxArm64, kDigestB),
                               R"("annotations": {"com.example.key1": "value1"})"),
                         layout);
    for (const auto* id : {"IDX-001", "IDX-002", "IDX-003", "IDX-004", "IDX-005", "IDX-006",
                           "IDX-007", "IDX-010", "IDX-012", "IDX-013"})
      BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
  }
  // An empty index is fine: manifests MAY be empty.
  BOOST_TEST(!fired(check(index("")), "IDX-005"));
}

BOOST_AUTO_TEST_CASE(idx_001_schema_version) {
  for (const char* bad : {"2.0", "\"2\"", "1"}) {
    auto text = index(entry());
    text.replace(text.find("2,"), 1, bad);
    const auto f = check(text);
    BOOST_TEST(fired_at(f, "IDX-001", "/schemaVersion"), bad << "\n" << dump(f));
  }
  const auto f = check(R"({"manifests": []})");
  BOOST_TEST(fired_at(f, "IDX-001", "/schemaVersion"), dump(f));
}

BOOST_AUTO_TEST_CASE(idx_002_media_type_missing_is_a_warning) {
  const auto f = check(index(entry(), "", ""), true);
  BOOST_TEST(fired_at(f, "IDX-002", "/mediaType"), dump(f));
  BOOST_TEST((severity_of(f, "IDX-002") == Severity::warning));
}

BOOST_AUTO_TEST_CASE(idx_003_media_type_is_the_index_type) {
  auto f =
      check(index(entry(), "", R"("mediaType": "application/vnd.oci.image.manifest.v1+json",)"));
  BOOST_TEST(fired_at(f, "IDX-003", "/mediaType"), dump(f));
  f = check(index(entry(), "", R"("mediaType": ["x"],)"));
  BOOST_TEST(fired(f, "IDX-003"), dump(f));
  // Compared whole: a longer or shorter type is another type.
  for (const auto* near :
       {"application/vnd.oci.image.index.v1+jsonX", "application/vnd.oci.image.index.v1+json+zstd",
        "application/vnd.oci.image.index.v1"}) {
    f = check(index(entry(), "", fmt::format(R"("mediaType": "{}",)", near)));
    BOOST_TEST(fired_at(f, "IDX-003", "/mediaType"), near << "\n" << dump(f));
  }
  f = check(index(entry(), "",
                  R"("mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",)"));
  BOOST_TEST(!fired(f, "IDX-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(idx_004_artifact_type_form) {
  auto f = check(index(entry(), R"("artifactType": "application/vnd.example+type;v=1")"));
  BOOST_TEST(fired_at(f, "IDX-004", "/artifactType"), dump(f));
  f = check(index(entry(), R"("artifactType": "application/vnd.example+type")"));
  BOOST_TEST(!fired(f, "IDX-004"), dump(f));
}

BOOST_AUTO_TEST_CASE(idx_005_manifests_is_an_array) {
  auto f = check(R"({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json"})");
  BOOST_TEST(fired_at(f, "IDX-005", "/manifests"), dump(f));
  f = check(R"({"schemaVersion": 2, "manifests": {}})");
  BOOST_TEST(fired_at(f, "IDX-005", "/manifests"), dump(f));
}

BOOST_AUTO_TEST_CASE(idx_006_items_are_descriptors) {
  const auto f = check(index(entry() + ", 42, null"));
  BOOST_TEST(fired_at(f, "IDX-006", "/manifests/1"), dump(f));
  BOOST_TEST(fired_at(f, "IDX-006", "/manifests/2"), dump(f));
  BOOST_TEST(!fired_at(f, "IDX-006", "/manifests/0"), dump(f));
}

BOOST_AUTO_TEST_CASE(idx_007_non_manifest_entries) {
  const auto xml = entry("", kDigestB, "application/xml");
  auto f = check(index(entry() + "," + xml));
  BOOST_TEST(fired_at(f, "IDX-007", "/manifests/1/mediaType"), dump(f));
  BOOST_TEST((severity_of(f, "IDX-007") == Severity::warning));
  // image-layout.md shows application/xml in index.json: only a note there.
  f = check(index(entry() + "," + xml), true);
  BOOST_TEST((severity_of(f, "IDX-007") == Severity::note), dump(f));
  f = check(index(entry("", kDigestB, "application/vnd.oci.image.index.v1+json") + "," +
                  entry("", kDigestA, "application/vnd.docker.distribution.manifest.v2+json")));
  BOOST_TEST(!fired(f, "IDX-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(idx_010_subject_is_a_manifest_or_index) {
  auto f = check(index(entry(), R"("subject": {"mediaType": "application/vnd.oci.empty.v1+json",
      "size": 2, "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"})"));
  BOOST_TEST(fired_at(f, "IDX-010", "/subject/mediaType"), dump(f));
  f = check(index(entry(), "\"subject\": " + entry()));
  BOOST_TEST(!fired(f, "IDX-010"), dump(f));
  f = check(index(entry(), R"("subject": [])"));
  BOOST_TEST(fired_at(f, "IDX-010", "/subject"), dump(f));
  BOOST_TEST((severity_of(f, "IDX-010") == Severity::error));
}

BOOST_AUTO_TEST_CASE(idx_012_no_layers_or_config) {
  auto f = check(index(entry(), R"("layers": [], "config": {})"));
  BOOST_TEST(fired_at(f, "IDX-012", "/layers"), dump(f));
  BOOST_TEST(fired_at(f, "IDX-012", "/config"), dump(f));
  BOOST_TEST((severity_of(f, "IDX-012") == Severity::error));
}

BOOST_AUTO_TEST_CASE(idx_013_duplicate_platforms) {
  auto f = check(index(entry(kLinuxAmd64) + "," + entry(kLinuxAmd64, kDigestB)));
  BOOST_TEST(fired_at(f, "IDX-013", "/manifests/1/platform"), dump(f));
  BOOST_TEST((severity_of(f, "IDX-013") == Severity::note));
  // os.features order carries no meaning.
  f = check(index(
      entry(R"({"architecture": "amd64", "os": "windows", "os.features": ["a", "b"]})") + "," +
      entry(R"({"architecture": "amd64", "os": "windows", "os.features": ["b", "a"]})", kDigestB)));
  BOOST_TEST(fired(f, "IDX-013"), dump(f));
  // Distinguished by variant; or the same content listed twice; or the
  // unknown/unknown placeholder of attestation manifests.
  f = check(index(entry(R"({"architecture": "arm", "os": "linux", "variant": "v6"})") + "," +
                  entry(R"({"architecture": "arm", "os": "linux", "variant": "v7"})", kDigestB)));
  BOOST_TEST(!fired(f, "IDX-013"), dump(f));
  f = check(index(entry(kLinuxAmd64) + "," + entry(kLinuxAmd64)));
  BOOST_TEST(!fired(f, "IDX-013"), dump(f));
  const std::string unknown = R"({"architecture": "unknown", "os": "unknown"})";
  f = check(index(entry(unknown) + "," + entry(unknown, kDigestB)));
  BOOST_TEST(!fired(f, "IDX-013"), dump(f));
  // Tags of a layout: entries with different ref.name are different images,
  // chosen by tag first; with the same ref.name they still compete.
  const auto tagged = [](const char* digest, const char* ref) {
    auto e = entry(kLinuxAmd64, digest);
    e.insert(e.size() - 1,
             fmt::format(R"(, "annotations": {{"org.opencontainers.image.ref.name": "{}"}})", ref));
    return e;
  };
  f = check(index(tagged(kDigestA, "1.0") + "," + tagged(kDigestB, "2.0")), true);
  BOOST_TEST(!fired(f, "IDX-013"), dump(f));
  f = check(index(tagged(kDigestA, "1.0") + "," + tagged(kDigestB, "1.0")), true);
  BOOST_TEST(fired_at(f, "IDX-013", "/manifests/1/platform"), dump(f));
  BOOST_TEST(message_of(f, "IDX-013").find("ref.name \"1.0\"") != std::string::npos, dump(f));
}

// The platform is named with its os.version and os.features, and cut
// after 120 characters.
BOOST_AUTO_TEST_CASE(idx_013_names_the_whole_platform_and_cuts_it) {
  const std::string windows =
      R"({"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.1879",)"
      R"( "os.features": ["win32k"]})";
  auto f = check(index(entry(windows) + "," + entry(windows, kDigestB)));
  BOOST_TEST(message_of(f, "IDX-013") ==
                 "manifests[1] has the same platform (windows/amd64/v1 os.version 10.0.17763.1879 "
                 "os.features win32k) as manifests[0]; clients pick the first match, so "
                 "manifests[1] is never selected by platform",
             dump(f));
  const auto version = std::string(130, '9');
  const auto long_version =
      fmt::format(R"({{"architecture": "amd64", "os": "windows", "os.version": "{}"}})", version);
  f = check(index(entry(long_version) + "," + entry(long_version, kDigestB)));
  const auto shown = ("windows/amd64/v1 os.version " + version).substr(0, 120) + "...";
  BOOST_TEST(message_of(f, "IDX-013").find("the same platform (" + shown + ") as manifests[0]") !=
                 std::string::npos,
             dump(f));
}

BOOST_AUTO_TEST_CASE(idx_014_platform_agrees_with_config) {
  auto f = image_findings(entry(kLinuxArm64), config(R"("architecture": "amd64", "os": "linux")"));
  BOOST_TEST(fired_at(f, "IDX-014", "/manifests/0/platform/architecture"), dump(f));
  const auto message = message_of(f, "IDX-014");
  BOOST_TEST(message.find("\"arm64\"") != std::string::npos, message);
  BOOST_TEST(message.find("\"amd64\"") != std::string::npos, message);

  f = image_findings(entry(R"({"architecture": "arm", "os": "linux", "variant": "v6"})"),
                     config(R"("architecture": "arm", "os": "linux", "variant": "v7")"));
  BOOST_TEST(fired_at(f, "IDX-014", "/manifests/0/platform/variant"), dump(f));

  f = image_findings(
      entry(R"({"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.1"})"),
      config(R"("architecture": "amd64", "os": "windows", "os.version": "10.0.20348.1",
                "os.features": ["win32k"])"));
  BOOST_TEST(fired_at(f, "IDX-014", "/manifests/0/platform/os.version"), dump(f));
  BOOST_TEST(fired_at(f, "IDX-014", "/manifests/0/platform/os.features"), dump(f));
  BOOST_TEST(!fired_at(f, "IDX-014", "/manifests/0/platform/os"), dump(f));
  // A side that has no value says so in words.
  for (const auto& x : f) {
    if (x.location.pointer != "/manifests/0/platform/os.features") continue;
    BOOST_TEST(x.message ==
                   "manifests[0].platform has no os.features, but the image's config "
                   "(blobs/sha256/test) has \"win32k\"",
               x.message);
  }
  f = image_findings(
      entry(R"({"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.1"})"),
      config(R"("architecture": "amd64", "os": "windows")"));
  BOOST_TEST(message_of(f, "IDX-014").ends_with("has none"), dump(f));
  BOOST_TEST(message_of(f, "IDX-014").find("absent") == std::string::npos, dump(f));
}

BOOST_AUTO_TEST_CASE(idx_014_silent_when_platforms_agree) {
  auto f = image_findings(entry(kLinuxAmd64), config(R"("architecture": "amd64", "os": "linux")"));
  BOOST_TEST(!fired(f, "IDX-014"), dump(f));
  // An absent variant is the architecture's default one.
  f = image_findings(entry(kLinuxArm64),
                     config(R"("architecture": "arm64", "os": "linux", "variant": "v8")"));
  BOOST_TEST(!fired(f, "IDX-014"), dump(f));
  // No platform to compare, or no config.
  f = image_findings(entry(), config(R"("architecture": "amd64", "os": "linux")"));
  BOOST_TEST(!fired(f, "IDX-014"), dump(f));
  const auto idx = ocv::test::make_doc(index(entry(kLinuxArm64)), DocKind::index);
  const auto m = ocv::test::make_doc(kManifest, DocKind::manifest);
  f = ocv::test::check_image(*m, nullptr, idx.get(), 0);
  BOOST_TEST(!fired(f, "IDX-014"), dump(f));
}

BOOST_AUTO_TEST_CASE(index_rules_ignore_other_documents) {
  const auto f = check_document(index(entry(), R"("layers": [])"), DocKind::manifest);
  for (const auto* id : {"IDX-001", "IDX-002", "IDX-005", "IDX-012"})
    BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
  for (const char* text : {"[]", "1", "null", "{\"a\":"})
    BOOST_TEST(!fired(check(text), "IDX-001"), text);
}

BOOST_AUTO_TEST_CASE(official_valid_indexs_have_no_errors) {
  // Deliberate differences from the official verdicts are warnings (e.g.
  // manifest/006, empty layers: MAN-010), so valid vectors get no errors.
  BOOST_TEST_REQUIRE(std::filesystem::is_directory(vector_dir("index")));
  const auto files = valid_vectors("index");
  for (const auto& path : files) {
    const auto f = check_document(read_file(path), DocKind::index);
    BOOST_TEST(!family_error(f, {"IDX-", "PLAT-"}), path.filename().string() << "\n" << dump(f));
  }
  BOOST_TEST(files.size() == 9u);
}

BOOST_AUTO_TEST_CASE(official_invalid_indexs_are_caught) {
  for (const auto& [name, id] :
       {std::pair{"004-invalid.json", "PLAT-001"}, std::pair{"012-invalid.json", "IDX-010"}}) {
    const auto f = check_document(read_file(vector_dir("index") / name), DocKind::index);
    BOOST_TEST(fired(f, id), name << " " << id << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_SUITE_END()
