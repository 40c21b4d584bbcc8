// MT-* rules: media types, and their agreement with the documents they name.
#include <boost/test/unit_test.hpp>

#include <string>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/blob_facts.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "validator/model/document_checks.hpp"

using ocv::engine::BlobFacts;
using ocv::engine::DocKind;
using ocv::engine::FileType;
using ocv::engine::Finding;
using ocv::test::check_document;
using ocv::test::check_edge;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::first;
using ocv::test::make_doc;
using ocv::test::sha256_blob;

namespace {

const std::string kHex(64, 'a');
constexpr const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* kOciIndex = "application/vnd.oci.image.index.v1+json";
constexpr const char* kOciConfig = "application/vnd.oci.image.config.v1+json";
constexpr const char* kOciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
constexpr const char* kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
constexpr const char* kDockerConfig = "application/vnd.docker.container.image.v1+json";
constexpr const char* kDockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";

std::string manifest(std::string_view own_type, std::string_view config_type,
                     std::string_view layer_type, const std::string& extra = "") {
  std::string own = own_type.empty() ? "" : fmt::format(R"("mediaType":"{}",)", own_type);
  return fmt::format(
      R"({{"schemaVersion":2,{}"config":{{"mediaType":"{}","digest":"sha256:{}","size":7}},)"
      R"("layers":[{{"mediaType":"{}","digest":"sha256:{}","size":9}}]{}}})",
      own, config_type, kHex, layer_type, kHex, extra);
}

std::string index(std::string_view entry_type, std::string_view own_type = kOciIndex) {
  return fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","manifests":[{{"mediaType":"{}",)"
      R"("digest":"sha256:{}","size":100,"platform":{{"os":"linux","architecture":"amd64"}}}}]}})",
      own_type, entry_type, kHex);
}

BlobFacts blob(std::uint64_t size = 100) { return sha256_blob(kHex, FileType::regular, size); }

/// Edge from index entry 0 (typed `entry_type`) to a document `target_text`.
std::vector<Finding> edge_to(std::string_view entry_type, const std::string& target_text,
                             DocKind target_kind) {
  const auto from = make_doc(index(entry_type), DocKind::index);
  const auto target = make_doc(target_text, target_kind);
  auto facts = blob();
  return check_edge(*from, 0, target.get(), &facts);
}

const char* const kAllRules[] = {"MT-002", "MT-003", "MT-004", "MT-005",
                                 "MT-006", "MT-007", "MT-008"};

}  // namespace

BOOST_AUTO_TEST_SUITE(media_type_rules)

BOOST_AUTO_TEST_CASE(oci_documents_are_silent) {
  const auto m = check_document(manifest(kOciManifest, kOciConfig, kOciLayer), DocKind::manifest);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(m, id), id << "\n" << dump(m));
  const auto i = check_document(index(kOciManifest), DocKind::index);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(i, id), id << "\n" << dump(i));
  const auto e =
      edge_to(kOciManifest, manifest(kOciManifest, kOciConfig, kOciLayer), DocKind::manifest);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(e, id), id << "\n" << dump(e));
}

BOOST_AUTO_TEST_CASE(mt_002_leaves_the_empty_blob_to_json_007_and_art_001) {
  // Not an object: JSON-007's finding, as for every other kind.
  for (const char* other : {"[]", "\"{}\"", "null", "2"}) {
    const auto f = check_document(other, DocKind::empty);
    BOOST_TEST(fired(f, "JSON-007"), other << "\n" << dump(f));
    BOOST_TEST(!fired(f, "MT-002"), other << "\n" << dump(f));
  }
  // An object other than {}: ART-001's guidance, checked with the descriptor.
  for (const char* object : {"{}", R"({"a":1})"}) {
    const auto f = check_document(object, DocKind::empty);
    BOOST_TEST(!fired(f, "MT-002"), object << "\n" << dump(f));
    BOOST_TEST(!fired(f, "JSON-007"), object << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(mt_003_manifest_descriptor_names_a_manifest) {
  // An index behind a manifest descriptor (CVE-2021-41190).
  auto f = edge_to(kOciManifest, index(kOciManifest), DocKind::manifest);
  BOOST_TEST(fired(f, "MT-003"), dump(f));
  const auto* finding = first(f, "MT-003");
  BOOST_TEST(finding->location.pointer == "/manifests/0/mediaType");
  BOOST_TEST(finding->message.find("has manifests") != std::string::npos, dump(f));
  BOOST_TEST(!fired(f, "MT-004"), dump(f));
  // A manifest-shaped document that also has manifests.
  f = edge_to(kOciManifest, manifest(kOciManifest, kOciConfig, kOciLayer, R"(,"manifests":[])"),
              DocKind::manifest);
  BOOST_TEST(fired(f, "MT-003"), dump(f));
  // The right shape but its own mediaType says index.
  f = edge_to(kOciManifest, manifest(kOciIndex, kOciConfig, kOciLayer), DocKind::manifest);
  BOOST_TEST(fired(f, "MT-003"), dump(f));
  // No mediaType of its own is fine (it is MAN-002's warning, not a conflict).
  f = edge_to(kOciManifest, manifest("", kOciConfig, kOciLayer), DocKind::manifest);
  BOOST_TEST(!fired(f, "MT-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(mt_003_index_descriptor_names_an_index) {
  auto f = edge_to(kOciIndex, manifest(kOciManifest, kOciConfig, kOciLayer), DocKind::index);
  BOOST_TEST(fired(f, "MT-003"), dump(f));
  f = edge_to(kOciIndex, R"({"schemaVersion":2,"manifests":[],"layers":[]})", DocKind::index);
  BOOST_TEST(fired(f, "MT-003"), dump(f));
  f = edge_to(kOciIndex, index(kOciManifest), DocKind::index);
  BOOST_TEST(!fired(f, "MT-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(mt_004_own_media_type_differs) {
  // Same kind, different type: a Docker manifest behind an OCI descriptor.
  auto f = edge_to(kOciManifest, manifest(kDockerManifest, kDockerConfig, kDockerLayer),
                   DocKind::manifest);
  BOOST_TEST(fired(f, "MT-004"), dump(f));
  BOOST_TEST(!fired(f, "MT-003"), dump(f));
  BOOST_TEST(first(f, "MT-004")->message.find(kDockerManifest) != std::string::npos, dump(f));
  f = edge_to(kDockerManifest, manifest(kDockerManifest, kDockerConfig, kDockerLayer),
              DocKind::manifest);
  BOOST_TEST(!fired(f, "MT-004"), dump(f));
}

BOOST_AUTO_TEST_CASE(mt_005_docker_types_noted_once) {
  const auto f =
      check_document(manifest(kDockerManifest, kDockerConfig, kDockerLayer), DocKind::manifest);
  BOOST_TEST(fired(f, "MT-005"), dump(f));
  std::size_t count = 0;
  for (const auto& x : f) count += x.rule_id == "MT-005" ? 1 : 0;
  BOOST_TEST(count == 1u, dump(f));
  const auto* finding = first(f, "MT-005");
  BOOST_TEST(finding->location.pointer == "/mediaType");
  BOOST_TEST(finding->message.find(kDockerLayer) != std::string::npos, dump(f));
  BOOST_TEST(finding->message.find(kOciConfig) != std::string::npos, dump(f));
  // A Docker list entry in an OCI index.
  const auto i = check_document(index(kDockerManifest), DocKind::index);
  BOOST_TEST(fired(i, "MT-005"), dump(i));
  BOOST_TEST(first(i, "MT-005")->location.pointer == "/manifests/0/mediaType");
}

BOOST_AUTO_TEST_CASE(mt_005_names_the_oci_equivalent_of_each_docker_type) {
  const std::pair<const char*, const char*> cases[] = {
      {"application/vnd.docker.distribution.manifest.list.v2+json",
       "equivalent of application/vnd.oci.image.index.v1+json"},
      {kDockerManifest, "equivalent of application/vnd.oci.image.manifest.v1+json"},
      {"application/vnd.docker.distribution.manifest.v1+json",
       "Docker schema 1, no OCI equivalent"},
      {"application/vnd.docker.distribution.manifest.v1+prettyjws",
       "Docker schema 1, no OCI equivalent"},
      {"application/vnd.docker.plugin.v1+json", "no OCI equivalent"},
  };
  for (const auto& [type, says] : cases) {
    const auto f = check_document(index(type), DocKind::index);
    BOOST_TEST(ocv::test::fired_with(f, "MT-005", ocv::engine::Severity::note,
                                     fmt::format("{} ({})", type, says)),
               type << "\n"
                    << dump(f));
  }
  const auto f =
      check_document(manifest(kOciManifest, kOciConfig,
                              "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"),
                     DocKind::manifest);
  BOOST_TEST(ocv::test::fired_with(
                 f, "MT-005", ocv::engine::Severity::note,
                 "(equivalent of application/vnd.oci.image.layer.nondistributable.v1.tar+gzip "
                 "(deprecated))"),
             dump(f));
}

BOOST_AUTO_TEST_CASE(one_reading_of_a_type_conflict) {
  // media-types.md § Media Type Conflicts: a document is read as the type
  // its descriptor expects. An OCI-typed manifest declaring Docker's type is
  // an OCI manifest: the conflict is MT-004's (on the edge), and neither
  // MT-005 (Docker types used) nor MT-006 (mixed families) treats it as Docker.
  const auto run = [](std::string_view claimed, const std::string& text) {
    auto doc = make_doc(text, DocKind::manifest);
    doc->view.claimed_media_type = std::string(claimed);
    ocv::engine::FindingSink sink(ocv::rules::default_registry());
    ocv::engine::run_document_checks(ocv::rules::default_registry(), doc->view, doc->descriptors,
                                     sink);
    return sink.take();
  };
  auto f = run(kOciManifest, manifest(kDockerManifest, kOciConfig, kOciLayer));
  BOOST_TEST(!fired(f, "MT-005"), dump(f));
  BOOST_TEST(!fired(f, "MT-006"), dump(f));
  BOOST_TEST(!fired(f, "MAN-003"), dump(f));
  // Read as what it declares when its descriptor agrees: Docker throughout.
  f = run(kDockerManifest, manifest(kDockerManifest, kDockerConfig, kDockerLayer));
  BOOST_TEST(fired(f, "MT-005"), dump(f));
  BOOST_TEST(!fired(f, "MT-006"), dump(f));
  // A Docker-typed descriptor makes an OCI-declaring manifest a Docker one,
  // which then mixes in OCI layers.
  f = run(kDockerManifest, manifest(kOciManifest, kOciConfig, kOciLayer));
  BOOST_TEST(fired(f, "MT-006"), dump(f));
  // index.json declaring the Docker list type: read as the OCI index the
  // layout defines, the conflict a warning, not a Docker note.
  f = check_document(
      index(kOciManifest, "application/vnd.docker.distribution.manifest.list.v2+json"),
      DocKind::index, true);
  BOOST_TEST(ocv::test::fired_with(f, "MT-004", ocv::engine::Severity::warning, "read as one"),
             dump(f));
  BOOST_TEST(!fired(f, "MT-005"), dump(f));
  BOOST_TEST(!fired(f, "IDX-003"), dump(f));
  // An index blob declaring it is read as its descriptor says (no MT-004 here).
  f = check_document(
      index(kOciManifest, "application/vnd.docker.distribution.manifest.list.v2+json"),
      DocKind::index);
  BOOST_TEST(!fired(f, "MT-004"), dump(f));
}

BOOST_AUTO_TEST_CASE(mt_006_mixed_manifest) {
  auto f = check_document(manifest(kOciManifest, kOciConfig, kDockerLayer), DocKind::manifest);
  BOOST_TEST(fired(f, "MT-006"), dump(f));
  BOOST_TEST(first(f, "MT-006")->location.pointer == "/layers/0/mediaType");
  f = check_document(manifest(kDockerManifest, kOciConfig, kDockerLayer), DocKind::manifest);
  BOOST_TEST(fired(f, "MT-006"), dump(f));
  BOOST_TEST(first(f, "MT-006")->location.pointer == "/config/mediaType");
  // Unknown (artifact) types belong to neither family.
  f = check_document(manifest(kDockerManifest, kDockerConfig, "application/vnd.in-toto+json"),
                     DocKind::manifest);
  BOOST_TEST(!fired(f, "MT-006"), dump(f));
  f = check_document(manifest(kDockerManifest, kDockerConfig, kDockerLayer), DocKind::manifest);
  BOOST_TEST(!fired(f, "MT-006"), dump(f));
}

BOOST_AUTO_TEST_CASE(mt_007_withdrawn_types) {
  auto f = check_document(index("application/vnd.oci.artifact.manifest.v1+json"), DocKind::index);
  BOOST_TEST(fired(f, "MT-007"), dump(f));
  f = check_document(manifest(kOciManifest, "application/vnd.oci.scratch.v1+json", kOciLayer),
                     DocKind::manifest);
  BOOST_TEST(fired(f, "MT-007"), dump(f));
  BOOST_TEST(first(f, "MT-007")->location.pointer == "/config/mediaType");
  f = check_document(manifest(kOciManifest, "application/vnd.oci.empty.v1+json", kOciLayer,
                              R"(,"artifactType":"application/vnd.example+json")"),
                     DocKind::manifest);
  BOOST_TEST(!fired(f, "MT-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(mt_008_case_variants) {
  auto f = check_document(index("application/vnd.OCI.image.manifest.v1+json"), DocKind::index);
  BOOST_TEST(fired(f, "MT-008"), dump(f));
  BOOST_TEST(first(f, "MT-008")->message.find(kOciManifest) != std::string::npos, dump(f));
  f = check_document(
      manifest(kOciManifest, kOciConfig, "Application/Vnd.Oci.Image.Layer.V1.Tar+Gzip"),
      DocKind::manifest);
  BOOST_TEST(fired(f, "MT-008"), dump(f));
  f = check_document(index("application/vnd.example.manifest.v1+json"), DocKind::index);
  BOOST_TEST(!fired(f, "MT-008"), dump(f));
}

BOOST_AUTO_TEST_CASE(members_of_the_wrong_type_are_reported_not_read_as_types) {
  // mediaType, config, layers and manifests of every wrong JSON type: the
  // document's own rules report each at its pointer, and the media type
  // rules read none of them as a type.
  using ocv::engine::Severity;
  using ocv::test::fired_with;
  for (const std::string v : {"null", "1", "[]", "{}", "\"\""}) {
    const std::string text =
        fmt::format(R"({{"mediaType":{0},"config":{0},"layers":{0},"manifests":{0}}})", v);
    std::vector<Finding> m, i, to_manifest, to_index;
    BOOST_REQUIRE_NO_THROW(m = check_document(text, DocKind::manifest));
    BOOST_REQUIRE_NO_THROW(i = check_document(text, DocKind::index));
    BOOST_REQUIRE_NO_THROW(to_manifest = edge_to(kOciManifest, text, DocKind::manifest));
    BOOST_REQUIRE_NO_THROW(to_index = edge_to(kOciIndex, text, DocKind::index));
    BOOST_TEST(ocv::test::fired_at(m, "MAN-003", "/mediaType"), v << "\n" << dump(m));
    BOOST_TEST(ocv::test::fired_at(i, "IDX-003", "/mediaType"), v << "\n" << dump(i));
    if (v == "{}") {
      BOOST_TEST(ocv::test::fired_at(m, "DESC-001", "/config/mediaType"), dump(m));
    } else {
      BOOST_TEST(ocv::test::fired_at(m, "MAN-006", "/config"), v << "\n" << dump(m));
    }
    if (v == "[]") {
      BOOST_TEST(ocv::test::fired_at(m, "MAN-010", "/layers"), dump(m));
    } else {
      BOOST_TEST(ocv::test::fired_at(m, "MAN-009", "/layers"), v << "\n" << dump(m));
      BOOST_TEST(ocv::test::fired_at(i, "IDX-005", "/manifests"), v << "\n" << dump(i));
    }
    // Typed as a manifest or an index, the document is neither.
    BOOST_TEST(fired_with(to_manifest, "MT-003", Severity::error), v << "\n" << dump(to_manifest));
    BOOST_TEST(fired_with(to_index, "MT-003", Severity::error), v << "\n" << dump(to_index));
    for (const auto* id : {"MT-004", "MT-005", "MT-006", "MT-007", "MT-008"})
      for (const auto* f : {&m, &i, &to_manifest, &to_index})
        BOOST_TEST(!fired(*f, id), v << " " << id << "\n" << dump(*f));
  }
}

BOOST_AUTO_TEST_SUITE_END()
