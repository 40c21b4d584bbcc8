// What a manifest and a config say, read once when the graph parses them
// (validator/model/image_facts.hpp): each fact as the document writes it,
// and nothing where the document says nothing or says it with another type.
#include <boost/test/unit_test.hpp>

#include "tests/support/harness.hpp"
#include "validator/model/image_facts.hpp"

using ocv::engine::DocKind;
using ocv::engine::ImageKind;
using ocv::test::make_doc;

BOOST_AUTO_TEST_SUITE(image_facts)

BOOST_AUTO_TEST_CASE(manifest_facts_are_what_the_manifest_says) {
  const auto doc = make_doc(R"({"schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "artifactType": "application/vnd.example+type",
    "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:aa", "size": 2},
    "layers": [{"mediaType": "text/plain", "digest": "sha256:bb", "size": 1}, 7],
    "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:cc"}})",
                            DocKind::manifest);
  const auto* f = doc->view.manifest_facts;
  BOOST_TEST_REQUIRE(f != nullptr);
  BOOST_TEST(doc->view.config_facts == nullptr);
  BOOST_TEST((f->kind == ImageKind::artifact));
  BOOST_TEST(f->media_type.value_or("") == "application/vnd.oci.image.manifest.v1+json");
  BOOST_TEST(f->artifact_type.value_or("") == "application/vnd.example+type");
  BOOST_TEST_REQUIRE(f->config.has_value());
  BOOST_TEST(f->config->media_type.value_or("") == "application/vnd.oci.empty.v1+json");
  BOOST_TEST(f->config->digest.value_or("") == "sha256:aa");
  BOOST_TEST(f->layer_count.value_or(0) == 2u);  // entries of any type
  BOOST_TEST_REQUIRE(f->subject.has_value());
  BOOST_TEST(f->subject->digest.value_or("") == "sha256:cc");
}

BOOST_AUTO_TEST_CASE(manifest_kind_follows_artifact_type_and_config_type) {
  const auto kind = [](const char* text) {
    return make_doc(text, DocKind::manifest)->view.manifest_facts->kind;
  };
  const char* image = R"({"config": {"mediaType": "application/vnd.oci.image.config.v1+json"}})";
  BOOST_TEST((kind(image) == ImageKind::image));
  BOOST_TEST((kind(R"({"config": {"mediaType": "application/vnd.example.config"}})") ==
              ImageKind::artifact));
  // An empty artifactType is unset (Go reads "" as absent).
  BOOST_TEST((kind(R"({"artifactType": "", "config": {}})") == ImageKind::image));
  // Not an object, or not JSON: nothing is said, so it is read as an image.
  BOOST_TEST((kind("[1, 2]") == ImageKind::image));
  BOOST_TEST((kind("{not json") == ImageKind::image));
  const auto odd = make_doc(R"({"mediaType": 5, "config": "x", "layers": {}, "subject": []})",
                            DocKind::manifest);
  const auto& f = *odd->view.manifest_facts;
  BOOST_TEST(!f.media_type.has_value());
  BOOST_TEST(!f.config.has_value());
  BOOST_TEST(!f.layer_count.has_value());
  BOOST_TEST(!f.subject.has_value());
}

BOOST_AUTO_TEST_CASE(config_facts_are_what_the_config_says) {
  const auto doc = make_doc(R"({"architecture": "arm64", "os": "windows", "variant": "v8",
    "os.version": "10.0.17763.1", "os.features": ["win32k", 3, "a"],
    "rootfs": {"type": "layers", "diff_ids": ["sha256:aa", 5, "sha512:bb"]},
    "history": [{"created_by": "a"}, {"empty_layer": true}, {"empty_layer": false}, "x"]})",
                            DocKind::config);
  const auto* f = doc->view.config_facts;
  BOOST_TEST_REQUIRE(f != nullptr);
  BOOST_TEST(doc->view.manifest_facts == nullptr);
  BOOST_TEST(f->object);
  BOOST_TEST(f->os == "windows");
  BOOST_TEST(f->architecture == "arm64");
  BOOST_TEST(f->variant == "v8");
  BOOST_TEST(f->os_version == "10.0.17763.1");
  BOOST_TEST_REQUIRE(f->os_features.size() == 2u);  // the strings, sorted
  BOOST_TEST(f->os_features[0] == "a");
  BOOST_TEST(f->os_features[1] == "win32k");
  BOOST_TEST_REQUIRE(f->diff_ids.has_value());
  BOOST_TEST_REQUIRE(f->diff_ids->size() == 3u);  // by position: the number stays a gap
  BOOST_TEST((*f->diff_ids)[0].value_or("") == "sha256:aa");
  BOOST_TEST(!(*f->diff_ids)[1].has_value());
  BOOST_TEST((*f->diff_ids)[2].value_or("") == "sha512:bb");
  BOOST_TEST(f->history_layers.value_or(0) == 2u);  // objects not marked empty_layer
}

BOOST_AUTO_TEST_CASE(config_facts_are_empty_where_the_config_says_nothing) {
  const auto none =
      make_doc(R"({"os": 1, "rootfs": {"diff_ids": "x"}, "history": []})", DocKind::config);
  const auto& f = *none->view.config_facts;
  BOOST_TEST(f.object);
  BOOST_TEST(f.os.empty());
  BOOST_TEST(!f.diff_ids.has_value());
  BOOST_TEST(!f.history_layers.has_value());  // an empty history says nothing
  BOOST_TEST(!make_doc(R"({"rootfs": []})", DocKind::config)->view.config_facts->diff_ids);
  BOOST_TEST(!make_doc("[]", DocKind::config)->view.config_facts->object);
  // Other kinds of documents have no facts.
  const auto index = make_doc(R"({"manifests": []})", DocKind::index);
  BOOST_TEST(index->view.manifest_facts == nullptr);
  BOOST_TEST(index->view.config_facts == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
