// MAN-* rules, on manifest documents (and an image for MAN-018).
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
using ocv::test::read_file;
using ocv::test::severity_of;
using ocv::test::valid_vectors;
using ocv::test::vector_dir;

namespace {

constexpr const char* kConfigDesc =
    R"({"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
        "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"})";
constexpr const char* kGzipLayer =
    R"({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654,
        "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"})";
constexpr const char* kEmptyConfig =
    R"({"mediaType": "application/vnd.oci.empty.v1+json", "size": 2,
        "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"})";

/// A manifest from its parts; `extra` is inserted as further members.
std::string manifest(const std::string& config = kConfigDesc,
                     const std::string& layers = std::string("[") + kGzipLayer + "]",
                     const std::string& extra = "",
                     const std::string& media_type =
                         R"("mediaType": "application/vnd.oci.image.manifest.v1+json",)") {
  return "{\"schemaVersion\": 2, " + media_type + "\"config\": " + config +
         ", \"layers\": " + layers + (extra.empty() ? "" : ", " + extra) + "}";
}

std::vector<Finding> check(const std::string& text) {
  return check_document(text, DocKind::manifest);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_rules)

BOOST_AUTO_TEST_CASE(valid_image_manifest_is_silent) {
  const auto f = check(manifest());
  for (const auto* id :
       {"MAN-001", "MAN-002", "MAN-003", "MAN-004", "MAN-005", "MAN-006", "MAN-007", "MAN-008",
        "MAN-009", "MAN-010", "MAN-012", "MAN-013", "MAN-014", "MAN-015", "MAN-017"})
    BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
}

BOOST_AUTO_TEST_CASE(man_001_schema_version) {
  std::vector<Finding> f;
  for (const char* bad : {"2.0", "\"2\"", "3", "null"}) {
    auto text = manifest();
    text.replace(text.find("2,"), 1, bad);
    f = check(text);
    BOOST_TEST(fired_at(f, "MAN-001", "/schemaVersion"), bad << "\n" << dump(f));
  }
  f = check(R"({"mediaType": "application/vnd.oci.image.manifest.v1+json", "config": )" +
            std::string(kConfigDesc) + ", \"layers\": [" + kGzipLayer + "]}");
  BOOST_TEST(fired_at(f, "MAN-001", "/schemaVersion"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_002_media_type_missing_is_a_warning) {
  const auto f = check(manifest(kConfigDesc, std::string("[") + kGzipLayer + "]", "", ""));
  BOOST_TEST(fired(f, "MAN-002"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-002") == Severity::warning));
  BOOST_TEST(!fired(f, "MAN-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_003_media_type_is_the_manifest_type) {
  const std::string layers = std::string("[") + kGzipLayer + "]";
  auto f = check(manifest(kConfigDesc, layers, "",
                          R"("mediaType": "application/vnd.oci.image.index.v1+json",)"));
  BOOST_TEST(fired_at(f, "MAN-003", "/mediaType"), dump(f));
  f = check(manifest(kConfigDesc, layers, "", R"("mediaType": 7,)"));
  BOOST_TEST(fired(f, "MAN-003"), dump(f));
  // Compared whole: a longer or shorter type is another type.
  for (const auto* near : {"application/vnd.oci.image.manifest.v1+jsonX",
                           "application/vnd.oci.image.manifest.v1+json+gzip",
                           "application/vnd.oci.image.manifest.v1"}) {
    f = check(manifest(kConfigDesc, layers, "", fmt::format(R"("mediaType": "{}",)", near)));
    BOOST_TEST(fired_at(f, "MAN-003", "/mediaType"), near << "\n" << dump(f));
  }
  // A Docker v2 schema 2 manifest is the compatibility rules' business.
  f = check(manifest(kConfigDesc, layers, "",
                     R"("mediaType": "application/vnd.docker.distribution.manifest.v2+json",)"));
  BOOST_TEST(!fired(f, "MAN-003"), dump(f));
  BOOST_TEST(!fired(f, "MAN-002"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_004_artifact_type_form) {
  const std::string layers = std::string("[") + kGzipLayer + "]";
  auto f = check(manifest(kEmptyConfig, layers, R"("artifactType": "not a media type")"));
  BOOST_TEST(fired_at(f, "MAN-004", "/artifactType"), dump(f));
  f = check(manifest(kEmptyConfig, layers, R"("artifactType": 12)"));
  BOOST_TEST(fired(f, "MAN-004"), dump(f));
  f = check(manifest(kEmptyConfig, layers, R"("artifactType": "application/vnd.example+type")"));
  BOOST_TEST(!fired(f, "MAN-004"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_005_empty_config_needs_artifact_type) {
  const std::string layers = std::string("[") + kGzipLayer + "]";
  auto f = check(manifest(kEmptyConfig, layers));
  BOOST_TEST(fired(f, "MAN-005"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-005") == Severity::error));
  f = check(manifest(kEmptyConfig, layers, R"("artifactType": "")"));
  BOOST_TEST(fired(f, "MAN-005"), "an empty artifactType says nothing\n" << dump(f));
  f = check(manifest(kEmptyConfig, layers, R"("artifactType": "application/vnd.example+type")"));
  BOOST_TEST(!fired(f, "MAN-005"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_006_config_is_a_descriptor) {
  auto f = check(R"({"schemaVersion": 2, "layers": [)" + std::string(kGzipLayer) + "]}");
  BOOST_TEST(fired_at(f, "MAN-006", "/config"), dump(f));
  f = check(manifest("\"sha256:abc\""));
  BOOST_TEST(fired_at(f, "MAN-006", "/config"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_007_config_media_type_form) {
  auto f = check(manifest(R"({"mediaType": "application", "size": 2,
      "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"})"));
  BOOST_TEST(fired_at(f, "MAN-007", "/config/mediaType"), dump(f));
  f = check(manifest(R"({"mediaType": "application/vnd.example.config+json", "size": 2,
      "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"})"));
  BOOST_TEST(!fired(f, "MAN-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_008_image_uses_an_image_config_type) {
  const std::string octet = R"({"mediaType": "application/octet-stream", "size": 3210,
      "digest": "sha256:5359a4f250650c20227055957e353e8f8a74152f35fe36f00b6b1f9fc19c8861"})";
  const std::string layers = std::string("[") + kGzipLayer + "]";
  auto f = check(manifest(octet, layers));
  BOOST_TEST(fired_at(f, "MAN-008", "/config/mediaType"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-008") == Severity::warning));
  // An artifact says what it is; a manifest with non-layer blobs is no image.
  f = check(manifest(octet, layers, R"("artifactType": "application/vnd.example+type")"));
  BOOST_TEST(!fired(f, "MAN-008"), dump(f));
  // An empty artifactType says nothing (the one definition of an artifact
  // reads it as unset): still ambiguous.
  f = check(manifest(octet, layers, R"("artifactType": "")"));
  BOOST_TEST(fired_at(f, "MAN-008", "/config/mediaType"), dump(f));
  f = check(manifest(octet, R"([{"mediaType": "application/vnd.example.data", "size": 1,
      "digest": "sha256:5359a4f250650c20227055957e353e8f8a74152f35fe36f00b6b1f9fc19c8861"}])"));
  BOOST_TEST(!fired(f, "MAN-008"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_009_layers_is_an_array_of_descriptors) {
  auto f = check(R"({"schemaVersion": 2, "config": )" + std::string(kConfigDesc) + "}");
  BOOST_TEST(fired_at(f, "MAN-009", "/layers"), dump(f));
  f = check(manifest(kConfigDesc, "{}"));
  BOOST_TEST(fired_at(f, "MAN-009", "/layers"), dump(f));
  f = check(manifest(kConfigDesc, std::string("[") + kGzipLayer + ", \"x\"]"));
  BOOST_TEST(fired_at(f, "MAN-009", "/layers/1"), dump(f));
  BOOST_TEST(!fired_at(f, "MAN-009", "/layers/0"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_010_empty_layers_is_a_warning) {
  auto f = check(manifest(kConfigDesc, "[]"));
  BOOST_TEST(fired_at(f, "MAN-010", "/layers"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-010") == Severity::warning));
  BOOST_TEST(!fired(f, "MAN-009"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_012_zstd_layers_are_a_note) {
  const std::string zstd = R"([{"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd",
      "size": 1, "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"}])";
  auto f = check(manifest(kConfigDesc, zstd));
  BOOST_TEST(fired_at(f, "MAN-012", "/layers/0/mediaType"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-012") == Severity::note));
  // Only for the OCI image config: artifacts choose their own blobs.
  f = check(manifest(R"({"mediaType": "application/vnd.example.config+json", "size": 2,
      "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"})",
                     zstd));
  BOOST_TEST(!fired(f, "MAN-012"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_013_layer_media_type_form) {
  auto f = check(manifest(kConfigDesc, R"([{"mediaType": "layer/", "size": 1,
      "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"}])"));
  BOOST_TEST(fired_at(f, "MAN-013", "/layers/0/mediaType"), dump(f));
  BOOST_TEST(!fired(f, "MAN-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_014_image_layers_are_changesets) {
  const std::string data = R"([{"mediaType": "application/vnd.example.data", "size": 1,
      "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"}])";
  auto f = check(manifest(kConfigDesc, data));
  BOOST_TEST(fired_at(f, "MAN-014", "/layers/0/mediaType"), dump(f));
  BOOST_TEST(!fired(f, "MAN-012"), dump(f));
  f = check(manifest(R"({"mediaType": "application/vnd.example.config+json", "size": 2,
      "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"})",
                     data));
  BOOST_TEST(!fired(f, "MAN-014"), dump(f));
}

BOOST_AUTO_TEST_CASE(man_015_subject_is_a_manifest_or_index) {
  const std::string layers = std::string("[") + kGzipLayer + "]";
  auto f = check(manifest(kConfigDesc, layers, R"("subject": {
      "mediaType": "application/vnd.oci.image.layer.v1.tar", "size": 1,
      "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"})"));
  BOOST_TEST(fired_at(f, "MAN-015", "/subject/mediaType"), dump(f));
  for (const char* ok :
       {"application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json"}) {
    f = check(manifest(kConfigDesc, layers,
                       std::string(R"("subject": {"mediaType": ")") + ok +
                           R"(", "size": 1,
        "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"})"));
    BOOST_TEST(!fired(f, "MAN-015"), ok << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(man_015_subject_that_is_no_descriptor_is_an_error) {
  const auto f = check(
      manifest(kConfigDesc, std::string("[") + kGzipLayer + "]", R"("subject": "sha256:abc")"));
  BOOST_TEST(fired_at(f, "MAN-015", "/subject"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-015") == Severity::error));
}

BOOST_AUTO_TEST_CASE(man_017_no_manifests_member) {
  auto f = check(manifest(kConfigDesc, std::string("[") + kGzipLayer + "]", R"("manifests": [])"));
  BOOST_TEST(fired_at(f, "MAN-017", "/manifests"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-017") == Severity::error));
}

BOOST_AUTO_TEST_CASE(manifest_rules_ignore_other_documents) {
  // An index document is not a manifest, whatever it holds.
  const auto f = check_document(manifest(), DocKind::index);
  for (const auto* id : {"MAN-001", "MAN-002", "MAN-006", "MAN-009", "MAN-017"})
    BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
  for (const char* text : {"[]", "\"x\"", "null", "{", ""})
    BOOST_TEST(!fired(check(text), "MAN-001"), text);
}

BOOST_AUTO_TEST_CASE(man_018_config_without_diff_ids) {
  const auto m = ocv::test::make_doc(manifest(), DocKind::manifest);
  const auto empty = ocv::test::make_doc(
      R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}})",
      DocKind::config);
  auto f = ocv::test::check_image(*m, empty.get());
  BOOST_TEST(fired_at(f, "MAN-018", "/rootfs/diff_ids"), dump(f));
  BOOST_TEST((severity_of(f, "MAN-018") == Severity::note));
  const auto full = ocv::test::make_doc(
      R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [
          "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"]}})",
      DocKind::config);
  f = ocv::test::check_image(*m, full.get());
  BOOST_TEST(!fired(f, "MAN-018"), dump(f));
  f = ocv::test::check_image(*m, nullptr);
  BOOST_TEST(!fired(f, "MAN-018"), dump(f));
}

BOOST_AUTO_TEST_CASE(official_valid_manifests_have_no_errors) {
  // Deliberate differences from the official verdicts are warnings (e.g.
  // manifest/006, empty layers: MAN-010), so valid vectors get no errors.
  BOOST_TEST_REQUIRE(std::filesystem::is_directory(vector_dir("manifest")));
  const auto files = valid_vectors("manifest");
  for (const auto& path : files) {
    const auto f = check_document(read_file(path), DocKind::manifest);
    BOOST_TEST(!family_error(f, {"MAN-", "PLAT-"}), path.filename().string() << "\n" << dump(f));
  }
  BOOST_TEST(files.size() == 11u);
}

BOOST_AUTO_TEST_CASE(official_invalid_manifests_are_caught) {
  for (const auto& [name, id] :
       {std::pair{"001-invalid.json", "MAN-007"}, std::pair{"006-invalid.json", "MAN-010"},
        std::pair{"009-invalid.json", "MAN-015"}}) {
    const auto f = check_document(read_file(vector_dir("manifest") / name), DocKind::manifest);
    BOOST_TEST(fired(f, id), name << " " << id << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_SUITE_END()
