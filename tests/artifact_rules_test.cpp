// ART-* rules: the empty descriptor, artifact manifests and subject.
#include <boost/test/unit_test.hpp>

#include <string>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/blob_facts.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "validator/digest/digest.hpp"
#include "validator/model/manifest_kind.hpp"

using ocv::engine::BlobFacts;
using ocv::engine::DocKind;
using ocv::engine::FileType;
using ocv::engine::Finding;
using ocv::test::check_document;
using ocv::test::check_edge;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::fired_at;
using ocv::test::first;
using ocv::test::make_doc;
using ocv::test::sha256_blob;

namespace {

const std::string kHex(64, 'a');
const std::string kEmptyHex = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
constexpr const char* kEmpty = "application/vnd.oci.empty.v1+json";
constexpr const char* kOciConfig = "application/vnd.oci.image.config.v1+json";
constexpr const char* kOciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";

std::string empty_descriptor(const std::string& digest_hex = kEmptyHex, int size = 2,
                             const std::string& extra = "") {
  return fmt::format(R"({{"mediaType":"{}","digest":"sha256:{}","size":{}{}}})", kEmpty, digest_hex,
                     size, extra);
}

/// A manifest with the given config type, layers array and extra members.
std::string manifest(std::string_view config_type, const std::string& layers,
                     const std::string& extra = "") {
  return fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{{"mediaType":"{}","digest":"sha256:{}","size":7}},"layers":[{}]{}}})",
      config_type, kHex, layers, extra);
}

std::string layer(std::string_view type, int size = 9) {
  return fmt::format(R"({{"mediaType":"{}","digest":"sha256:{}","size":{}}})", type, kHex, size);
}

BlobFacts blob(FileType type, std::uint64_t size) { return sha256_blob(kEmptyHex, type, size); }

const char* const kAllRules[] = {"ART-001", "ART-002", "ART-004", "ART-005", "ART-006"};

}  // namespace

BOOST_AUTO_TEST_SUITE(artifact_rules)

BOOST_AUTO_TEST_CASE(image_and_proper_artifact_are_silent) {
  const auto image = check_document(manifest(kOciConfig, layer(kOciLayer)), DocKind::manifest);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(image, id), id << "\n" << dump(image));
  const auto artifact = check_document(
      fmt::format(
          R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
          R"("artifactType":"application/vnd.example.sbom+json","config":{0},"layers":[{0}]}})",
          empty_descriptor(kEmptyHex, 2, R"(,"data":"e30=")")),
      DocKind::manifest);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(artifact, id), id << "\n" << dump(artifact));
}

BOOST_AUTO_TEST_CASE(art_001_empty_descriptor_constants) {
  auto f = check_document(empty_descriptor(kEmptyHex, 3), DocKind::descriptor);
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  BOOST_TEST(first(f, "ART-001")->location.pointer == "/size");
  BOOST_TEST(ocv::engine::to_string(first(f, "ART-001")->severity) == "warning");
  f = check_document(empty_descriptor(kHex), DocKind::descriptor);
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  BOOST_TEST(first(f, "ART-001")->location.pointer == "/digest");
  f = check_document(empty_descriptor(kEmptyHex, 2, R"(,"data":"e31=")"), DocKind::descriptor);
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  BOOST_TEST(first(f, "ART-001")->location.pointer == "/data");
  // A size below the constant is as wrong as one above it.
  f = check_document(empty_descriptor(kEmptyHex, 0), DocKind::descriptor);
  BOOST_TEST(fired_at(f, "ART-001", "/size"), dump(f));
  f = check_document(empty_descriptor(), DocKind::descriptor);
  BOOST_TEST(!fired(f, "ART-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(art_001_empty_descriptor_under_sha512) {
  // The sha512 digest of {}: the same two bytes, addressed with sha512.
  const auto hasher = ocv::digest::make_hasher("sha512");
  BOOST_REQUIRE(hasher);
  hasher->update("{}", 2);
  const auto sha512_hex = hasher->finish_hex();
  const auto descriptor = [](const std::string& digest, int size = 2) {
    return fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{},"data":"e30="}})", kEmpty,
                       digest, size);
  };
  auto f = check_document(descriptor("sha512:" + sha512_hex), DocKind::descriptor);
  BOOST_TEST(!fired(f, "ART-001"), dump(f));
  // Another sha512 digest, or the sha256 hex under the sha512 name, is not {}.
  f = check_document(descriptor("sha512:" + std::string(128, 'a')), DocKind::descriptor);
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  BOOST_TEST(first(f, "ART-001")->location.pointer == "/digest");
  BOOST_TEST(first(f, "ART-001")->message.find("sha512:" + sha512_hex) != std::string::npos,
             dump(f));
  f = check_document(descriptor("sha512:" + kEmptyHex), DocKind::descriptor);
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  // The size still has to be that of {}.
  f = check_document(descriptor("sha512:" + sha512_hex, 3), DocKind::descriptor);
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  BOOST_TEST(first(f, "ART-001")->location.pointer == "/size");
  // An algorithm whose digest of {} is not known gets the sha256 constant as advice.
  f = check_document(descriptor("sha384:" + std::string(96, 'a')), DocKind::descriptor);
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  BOOST_TEST(first(f, "ART-001")->message.find("sha256:" + kEmptyHex) != std::string::npos,
             dump(f));
}

BOOST_AUTO_TEST_CASE(art_001_empty_blob_bytes) {
  const auto doc = make_doc(
      manifest(kEmpty, layer(kOciLayer), R"(,"artifactType":"application/vnd.example+json")"),
      DocKind::manifest);
  // The config descriptor names kHex with size 7 in this fixture; only the
  // bytes matter here.
  auto facts = blob(FileType::regular, 2);
  auto f = check_edge(*doc, 0, nullptr, &facts, std::string_view("[]"));
  BOOST_TEST(fired(f, "ART-001"), dump(f));
  BOOST_TEST(first(f, "ART-001")->message.find("\"[]\"") != std::string::npos, dump(f));
  f = check_edge(*doc, 0, nullptr, &facts, std::string_view("{}"));
  BOOST_TEST(!fired(f, "ART-001"), dump(f));
  f = check_edge(*doc, 0, nullptr, &facts);
  BOOST_TEST(!fired(f, "ART-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(art_002_legacy_artifact) {
  auto f = check_document(
      manifest(kOciConfig, layer(kOciLayer) + "," +
                               layer("application/vnd.cncf.helm.chart.content.v1.tar+gzip")),
      DocKind::manifest);
  BOOST_TEST(fired(f, "ART-002"), dump(f));
  BOOST_TEST(first(f, "ART-002")->location.pointer == "/layers/1/mediaType");
  // Docker layers are changesets too.
  f = check_document(
      manifest(kOciConfig, layer("application/vnd.docker.image.rootfs.diff.tar.gzip")),
      DocKind::manifest);
  BOOST_TEST(!fired(f, "ART-002"), dump(f));
  // An artifact config with custom layers is the modern form.
  f = check_document(manifest("application/vnd.cncf.helm.config.v1+json",
                              layer("application/vnd.cncf.helm.chart.content.v1.tar+gzip")),
                     DocKind::manifest);
  BOOST_TEST(!fired(f, "ART-002"), dump(f));
}

BOOST_AUTO_TEST_CASE(art_004_artifact_layers) {
  const std::string artifact_type = R"(,"artifactType":"application/vnd.example+json")";
  auto f = check_document(manifest(kEmpty, "", artifact_type), DocKind::manifest);
  BOOST_TEST(fired(f, "ART-004"), dump(f));
  BOOST_TEST(first(f, "ART-004")->location.pointer == "/layers");
  f = check_document(manifest(kEmpty, layer("application/vnd.example.data", 0), artifact_type),
                     DocKind::manifest);
  BOOST_TEST(fired(f, "ART-004"), dump(f));
  BOOST_TEST(first(f, "ART-004")->location.pointer == "/layers/0/size");
  f = check_document(manifest(kEmpty, empty_descriptor(), artifact_type), DocKind::manifest);
  BOOST_TEST(!fired(f, "ART-004"), dump(f));
  // Images are not artifacts (empty layers there is MAN-010's).
  f = check_document(manifest(kOciConfig, ""), DocKind::manifest);
  BOOST_TEST(!fired(f, "ART-004"), dump(f));
}

BOOST_AUTO_TEST_CASE(art_005_artifact_type_fallback) {
  auto f = check_document(manifest("application/vnd.example.config+json", layer("text/plain")),
                          DocKind::manifest);
  BOOST_TEST(fired(f, "ART-005"), dump(f));
  BOOST_TEST(ocv::engine::to_string(first(f, "ART-005")->severity) == "note");
  BOOST_TEST(first(f, "ART-005")->location.pointer == "/config/mediaType");
  f = check_document(manifest("application/vnd.example.config+json", layer("text/plain"),
                              R"(,"artifactType":"application/vnd.example+json")"),
                     DocKind::manifest);
  BOOST_TEST(!fired(f, "ART-005"), dump(f));
  // Empty config without artifactType is MAN-005's error, not this note.
  f = check_document(manifest(kEmpty, layer("text/plain")), DocKind::manifest);
  BOOST_TEST(!fired(f, "ART-005"), dump(f));
}

BOOST_AUTO_TEST_CASE(art_006_is_reported_as_ref_001) {
  // A subject absent from the layout is one case of an attachment whose
  // subject is absent, whatever links it: REF-001 reports it, with the
  // discovery of what is attached (referrer_rules_test.cpp).
  const auto doc =
      make_doc(manifest(kEmpty, empty_descriptor(),
                        fmt::format(R"(,"artifactType":"application/vnd.example+json","subject":{{)"
                                    R"("mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                                    R"("digest":"sha256:{}","size":500}})",
                                    kHex)),
               DocKind::manifest);
  BOOST_REQUIRE(doc->descriptors.size() == 3u);
  auto missing = blob(FileType::missing, 0);
  const auto f = check_edge(*doc, 2, nullptr, &missing);
  BOOST_TEST(!fired(f, "ART-006"), dump(f));
  BOOST_TEST((ocv::rules::default_registry().reported_as("ART-006") ==
              std::optional<std::string_view>("REF-001")));
}

BOOST_AUTO_TEST_CASE(one_definition_of_an_artifact) {
  // engine::is_artifact_manifest, which MAN-008, ART-004, ART-005, the
  // layer rules and the reports all use.
  const auto is_artifact = [](const std::string& members) {
    rapidjson::Document d;
    d.Parse(("{" + members + "}").c_str());
    return ocv::engine::is_artifact_manifest(d);
  };
  const std::string image_config = fmt::format(R"("config":{{"mediaType":"{}"}})", kOciConfig);
  const std::string docker_config =
      R"("config":{"mediaType":"application/vnd.docker.container.image.v1+json"})";
  BOOST_TEST(!is_artifact(image_config));
  BOOST_TEST(!is_artifact(docker_config));
  BOOST_TEST(!is_artifact(R"("config":{})"));                          // untyped: read as an image
  BOOST_TEST(!is_artifact(R"("config":{"mediaType":""}})"));           // empty type: the same
  BOOST_TEST(!is_artifact(image_config + R"(,"artifactType":"")"));    // "" is unset
  BOOST_TEST(!is_artifact(image_config + R"(,"artifactType":null)"));  // so is null
  BOOST_TEST(is_artifact(image_config + R"(,"artifactType":"application/vnd.example")"));
  BOOST_TEST(is_artifact(fmt::format(R"("config":{{"mediaType":"{}"}})", kEmpty)));
  BOOST_TEST(is_artifact(R"("config":{"mediaType":"application/vnd.unknown.config.v1+json"})"));
}

BOOST_AUTO_TEST_SUITE_END()
