// The content graph and the validation run over whole layouts on disk.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/engine/validate.hpp"
#include "validator/source/layout_dir.hpp"

namespace fs = std::filesystem;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::LayoutBuilder;
using ocv::test::TempDir;

namespace {

std::vector<ocv::engine::Finding> validate(const fs::path& root) {
  return ocv::engine::validate_layout(root, ocv::rules::default_registry()).findings;
}

std::size_t errors(const std::vector<ocv::engine::Finding>& f) {
  return static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [](const auto& x) {
    return x.severity == ocv::engine::Severity::error;
  }));
}

std::string manifest_entry(const std::string& digest, std::size_t size, std::string_view tag,
                           std::string_view extra = "") {
  return fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"{}"}}{}}})",
      digest, size, tag, extra);
}

void flip_last_byte(const fs::path& file) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(-1, std::ios::end);
  char c = 0;
  f.get(c);
  f.seekp(-1, std::ios::end);
  f.put(static_cast<char>(c ^ 0x01));
}

fs::path blob_path(const fs::path& root, const std::string& digest) {
  return root / "blobs" / "sha256" / digest.substr(7);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graph)

BOOST_AUTO_TEST_CASE(valid_layout_has_no_errors) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  const auto f = validate(tmp.path());
  BOOST_TEST(errors(f) == 0u, dump(f));
}

BOOST_AUTO_TEST_CASE(every_blob_is_hashed_once_and_documents_are_not_reread) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout("a");
  // A second tag on the same manifest: shared blobs are still read once.
  b.write_index({manifest_entry(img.manifest_digest, img.manifest.size(), "a"),
                 manifest_entry(img.manifest_digest, img.manifest.size(), "b")});
  const auto r = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry());
  BOOST_TEST(errors(r.findings) == 0u, dump(r.findings));
  // Manifest and config are hashed from the bytes the walk parsed; only the
  // layer is streamed by the hash pass.
  BOOST_TEST(r.summary.bytes_hashed == fs::file_size(blob_path(tmp.path(), img.layer_digest)));
  BOOST_TEST(r.summary.images.size() == 2u);
}

BOOST_AUTO_TEST_CASE(corrupt_blob_is_reported_against_descriptor_and_layout) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  flip_last_byte(blob_path(tmp.path(), img.layer_digest));
  const auto f = validate(tmp.path());
  BOOST_TEST(fired(f, "LYT-005"), dump(f));
  BOOST_TEST(fired(f, "DIG-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(missing_blob_is_reported_and_walk_continues) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  fs::remove(blob_path(tmp.path(), img.layer_digest));
  const auto f = validate(tmp.path());
  BOOST_TEST(fired(f, "LYT-009"), dump(f));
  BOOST_TEST(!fired(f, "LYT-005"), dump(f));
}

BOOST_AUTO_TEST_CASE(unreferenced_blob_is_a_note_and_still_hashed) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  const auto stray = b.add_blob("stray");
  auto f = validate(tmp.path());
  BOOST_TEST(fired(f, "LYT-008"), dump(f));
  BOOST_TEST(!fired(f, "LYT-005"), dump(f));
  flip_last_byte(blob_path(tmp.path(), stray));
  f = validate(tmp.path());
  BOOST_TEST(fired(f, "LYT-005"), dump(f));
}

BOOST_AUTO_TEST_CASE(nested_index_is_followed) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  const auto img = b.add_image();
  const auto inner = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"platform":{{"architecture":"amd64","os":"linux"}}}}]}})",
      img.manifest_digest, img.manifest.size());
  const auto inner_digest = b.add_blob(inner);
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"multi"}}}})",
      inner_digest, inner.size())});
  const auto r = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry());
  BOOST_TEST(errors(r.findings) == 0u, dump(r.findings));
  BOOST_TEST(!fired(r.findings, "LYT-008"), dump(r.findings));  // the nested blobs were reached
  BOOST_REQUIRE(r.summary.images.size() == 1u);
  BOOST_TEST(r.summary.images[0].name == "multi linux/amd64");
}

BOOST_AUTO_TEST_CASE(index_depth_is_limited) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  const auto img = b.add_image();
  std::string entry = fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}})",
      img.manifest_digest, img.manifest.size());
  for (int i = 0; i < 12; ++i) {
    const auto idx = fmt::format(
        R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}})",
        entry);
    const auto d = b.add_blob(idx);
    entry = fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{}","size":{}}})", d,
        idx.size());
  }
  b.write_index({entry});
  const auto f = validate(tmp.path());
  BOOST_TEST(fired(f, "LIMIT-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(fifo_and_symlink_blobs_are_not_opened) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  // The config becomes a FIFO and the layer a link out of the layout: both
  // must be reported without blocking or reading /etc/passwd.
  const auto config = blob_path(tmp.path(), img.config_digest);
  fs::remove(config);
  BOOST_REQUIRE(::mkfifo(config.c_str(), 0600) == 0);
  const auto layer = blob_path(tmp.path(), img.layer_digest);
  fs::remove(layer);
  fs::create_symlink("/etc/passwd", layer);
  const auto f = validate(tmp.path());
  std::size_t odd = 0;
  for (const auto& x : f) odd += x.rule_id == "LYT-007" ? 1 : 0;
  BOOST_TEST(odd == 2u, dump(f));  // both reported, neither opened
}

BOOST_AUTO_TEST_CASE(validation_writes_nothing) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  flip_last_byte(blob_path(tmp.path(), img.layer_digest));
  b.add_blob("unreferenced");
  const auto before = ocv::test::snapshot_tree(tmp.path());
  validate(tmp.path());
  BOOST_TEST((ocv::test::snapshot_tree(tmp.path()) == before));
}

BOOST_AUTO_TEST_CASE(not_a_layout_cannot_be_validated) {
  TempDir tmp;
  BOOST_CHECK_THROW(validate(tmp.path()), ocv::source::SourceError);
  BOOST_CHECK_THROW(validate(tmp.path() / "absent"), ocv::source::SourceError);
}

BOOST_AUTO_TEST_CASE(oversized_document_is_reported_not_parsed) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  // A manifest padded beyond the registries' 4 MiB limit with a big annotation.
  const std::string big = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[],"annotations":{{"com.example.pad":"{}"}}}})",
      img.config_digest, img.config.size(), std::string(5u << 20, 'x'));
  const auto d = b.add_blob(big);
  b.write_index({manifest_entry(d, big.size(), "big")});
  const auto f = validate(tmp.path());
  BOOST_TEST(fired(f, "LIMIT-001"), dump(f));
}

BOOST_AUTO_TEST_SUITE_END()
