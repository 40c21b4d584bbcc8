// The content graph and the validation run over whole layouts on disk.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/engine/validate.hpp"
#include "validator/graph/content_graph.hpp"
#include "validator/json/parse_cost.hpp"
#include "validator/source/layout_dir.hpp"

namespace fs = std::filesystem;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::LayoutBuilder;
using ocv::test::message_of;
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

/// `object` (a JSON object text) with a first member that nests arrays so
/// that the document is `levels` deep, the root object included.
std::string nested(const std::string& object, std::size_t levels) {
  return fmt::format(R"({{"com.example.deep":{}{},{})", std::string(levels - 1, '['),
                     std::string(levels - 1, ']'), object.substr(1));
}

using Ids = std::set<std::string>;

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
  BOOST_TEST(r.summary.images.size() == 1u);  // two tags, one image
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

namespace {

/// Findings on a layout whose index.json leads through `levels` nested
/// indexes to one image.
std::vector<ocv::engine::Finding> nested_indexes(int levels) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  const auto img = b.add_image();
  std::string entry = fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}})",
      img.manifest_digest, img.manifest.size());
  for (int i = 0; i < levels; ++i) {
    const auto idx = fmt::format(
        R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}})",
        entry);
    const auto d = b.add_blob(idx);
    entry = fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{}","size":{}}})", d,
        idx.size());
  }
  b.write_index({entry});
  return validate(tmp.path());
}

}  // namespace

BOOST_AUTO_TEST_CASE(index_depth_at_the_limit_is_followed) {
  const auto f = nested_indexes(8);  // the default limit
  BOOST_TEST(!fired(f, "LIMIT-003"), dump(f));
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
}

BOOST_AUTO_TEST_CASE(index_depth_is_limited) {
  const auto f = nested_indexes(12);
  BOOST_TEST(fired(f, "LIMIT-003"), dump(f));
  // The indexes below the limit, the manifest, config and layer are not
  // reached, yet an index names them: they are not called unreferenced.
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
  BOOST_TEST(message_of(f, "LIMIT-003").find("LYT-008") != std::string::npos, dump(f));
}

namespace {

/// Two images (a manifest and a config each), in a directory kept for
/// several runs.
struct TwoImages {
  TempDir tmp;
  TwoImages() {
    LayoutBuilder b(tmp.path());
    b.write_oci_layout();
    const auto a = b.add_image("amd64");
    const auto c = b.add_image("arm64", "linux", "other\n");
    b.write_index({manifest_entry(a.manifest_digest, a.manifest.size(), "a"),
                   manifest_entry(c.manifest_digest, c.manifest.size(), "c")});
  }
  /// The memory the walk holds with at most `documents` documents read.
  std::size_t held(std::size_t documents) const {
    const ocv::source::LayoutDir layout(tmp.path());
    ocv::graph::GraphOptions options;
    options.max_documents = documents;
    ocv::graph::DocumentBudget budget(documents, std::size_t{1} << 40);
    const ocv::graph::ContentGraph g(layout, options, budget);
    return budget.bytes();
  }
  std::vector<ocv::engine::Finding> findings(std::size_t max_documents,
                                             std::size_t max_document_memory) const {
    ocv::engine::ValidateOptions options;
    options.graph.max_documents = max_documents;
    options.graph.max_document_memory = max_document_memory;
    return ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options)
        .findings;
  }
};

/// The two images, validated with at most `max_documents` documents held.
std::vector<ocv::engine::Finding> two_images_with_document_limit(std::size_t max_documents) {
  return TwoImages().findings(max_documents, ocv::graph::kDefaultMaxDocumentMemory);
}

}  // namespace

BOOST_AUTO_TEST_CASE(documents_up_to_the_limit_are_read) {
  const auto f = two_images_with_document_limit(4);  // two manifests, two configs
  BOOST_TEST(!fired(f, "LIMIT-008"), dump(f));
  BOOST_TEST(errors(f) == 0u, dump(f));
}

BOOST_AUTO_TEST_CASE(documents_past_the_limit_are_not_read) {
  // The walk reads index.json's entries first: the first manifest is held,
  // the second manifest and the first config are not.
  const auto f = two_images_with_document_limit(1);
  BOOST_TEST(fired(f, "LIMIT-008"), dump(f));
  const auto message = message_of(f, "LIMIT-008");
  BOOST_TEST(message.find("more JSON documents than the 1 ") != std::string::npos, message);
  BOOST_TEST(message.find("this manifest and 1 more were not read") != std::string::npos, message);
  // The second image's layer and config are not reached, but its manifest
  // names them: they are not called unreferenced, and the message says so.
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
  BOOST_TEST(message.find("LYT-008") != std::string::npos, message);
  BOOST_TEST(errors(f) == 1u, dump(f));
}

BOOST_AUTO_TEST_CASE(documents_that_fit_the_memory_limit_exactly_are_read) {
  const TwoImages layout;
  const auto all = layout.held(4);  // index.json, two manifests, two configs
  BOOST_TEST(all > layout.held(3));
  const auto f = layout.findings(4, all);
  BOOST_TEST(!fired(f, "LIMIT-008"), dump(f));
  BOOST_TEST(errors(f) == 0u, dump(f));
}

BOOST_AUTO_TEST_CASE(documents_past_the_memory_limit_are_not_read) {
  // One byte less: the last document the walk reads (the second image's
  // config) does not fit, and the message says how much the others take.
  const TwoImages layout;
  const auto all = layout.held(4);
  const auto f = layout.findings(4, all - 1);
  BOOST_TEST(fired(f, "LIMIT-008"), dump(f));
  BOOST_TEST(message_of(f, "LIMIT-008") ==
                 fmt::format("the JSON documents held take {} of the {} bytes the validator "
                             "allows (--max-document-memory), with no room for the next: this "
                             "config was not read, so none of its rules ran",
                             layout.held(3), all - 1),
             dump(f));
  BOOST_TEST(errors(f) == 1u, dump(f));
}

BOOST_AUTO_TEST_CASE(documents_past_a_small_memory_limit_are_not_read_nor_what_they_name) {
  // Room for index.json alone: the first manifest is not read, nor
  // anything after it; what the manifests name is not called unreferenced.
  const TwoImages layout;
  const auto f = layout.findings(4, layout.held(0));
  BOOST_TEST(
      message_of(f, "LIMIT-008")
              .find(fmt::format("take {} of the {} bytes the validator allows "
                                "(--max-document-memory), with no room for the next: this manifest "
                                "and 1 more were not read, so none of their rules ran; the blobs "
                                "named there were not reached, so no blob is reported as "
                                "unreferenced (LYT-008)",
                                layout.held(0), layout.held(0))) != std::string::npos,
      dump(f));
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
  BOOST_TEST(errors(f) == 1u, dump(f));
}

BOOST_AUTO_TEST_CASE(a_blob_compared_with_embedded_data_is_held_once_within_the_memory_limit) {
  // Two layer descriptors embed the same blob as data ("hello\n"): it is
  // read once to compare, and its bytes are held within the budget, last
  // of what the walk reads. Without room for them the comparison is not
  // made, and LIMIT-008 says so once, not once per descriptor.
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  const auto config = b.descriptor("application/vnd.oci.image.config.v1+json",
                                   R"({"architecture":"amd64","os":"linux",)"
                                   R"("rootfs":{"type":"layers","diff_ids":[]}})");
  const auto layer =
      b.descriptor("application/vnd.oci.image.layer.v1.tar", "hello\n", R"("data":"aGVsbG8K")");
  const auto manifest =
      fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                  R"("config":{},"layers":[{},{}]}})",
                  config, layer, layer);
  b.write_index({b.descriptor("application/vnd.oci.image.manifest.v1+json", manifest)});
  const auto held = [&](std::size_t max_bytes) {
    const ocv::source::LayoutDir source(tmp.path());
    ocv::graph::DocumentBudget budget(100, max_bytes);
    const ocv::graph::ContentGraph g(source, {}, budget);
    return budget.bytes();
  };
  const auto all = held(std::size_t{1} << 40);
  const auto documents = held(all - 1);                // index.json, the manifest and the config
  BOOST_TEST(all - documents == sizeof(std::string));  // six bytes: held in the string itself
  ocv::engine::ValidateOptions options;
  options.graph.max_document_memory = all;
  auto f =
      ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options).findings;
  BOOST_TEST(!fired(f, "LIMIT-008"), dump(f));
  options.graph.max_document_memory = all - 1;
  f = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options).findings;
  BOOST_TEST(std::count_if(f.begin(), f.end(),
                           [](const auto& x) { return x.rule_id == "LIMIT-008"; }) == 1,
             dump(f));
  BOOST_TEST(message_of(f, "LIMIT-008") ==
                 fmt::format("the JSON documents held take {} of the {} bytes the validator "
                             "allows (--max-document-memory), with no room for the next: this "
                             "blob (to compare with the data layers[0] embeds) was not read, so "
                             "none of its rules ran",
                             documents, all - 1),
             dump(f));
}

BOOST_AUTO_TEST_CASE(a_document_is_charged_with_the_records_the_walk_makes_of_it) {
  // The same manifest, its layer present or not: the graph then keeps the
  // missing layer's facts and a missing blob, which the manifest is
  // charged with when it is admitted.
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  const auto held = [&] {
    const ocv::source::LayoutDir layout(tmp.path());
    ocv::graph::DocumentBudget budget(100, std::size_t{1} << 40);
    const ocv::graph::ContentGraph g(layout, {}, budget);
    return budget.bytes();
  };
  const auto present = held();
  fs::remove(blob_path(tmp.path(), img.layer_digest));
  const auto missing = held();
  BOOST_TEST(missing >=
             present + sizeof(ocv::engine::BlobFacts) + sizeof(ocv::engine::MissingBlob));
}

BOOST_AUTO_TEST_CASE(a_document_whose_parse_cannot_fit_the_budget_is_not_parsed) {
  // A config of 100,000 numbers holds less after its parse than the parse
  // takes at its peak (json::parse_peak_bound): with room for what it
  // would hold but not for its parse, it is not parsed.
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  std::string numbers = "0";
  for (int i = 1; i < 100'000; ++i) numbers += ",0";
  const auto config_text = R"({"architecture":"amd64","os":"linux",)"
                           R"("rootfs":{"type":"layers","diff_ids":[]},"org.example.n":[)" +
                           numbers + "]}";
  const auto config = b.descriptor("application/vnd.oci.image.config.v1+json", config_text);
  const auto manifest =
      fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                  R"("config":{},"layers":[]}})",
                  config);
  b.write_index({b.descriptor("application/vnd.oci.image.manifest.v1+json", manifest)});
  const auto held = [&](std::size_t max_bytes) {
    const ocv::source::LayoutDir source(tmp.path());
    ocv::graph::DocumentBudget budget(100, max_bytes);
    const ocv::graph::ContentGraph g(source, {}, budget);
    return budget.bytes();
  };
  const auto all = held(std::size_t{1} << 40);
  const auto before = held(all - 1);  // index.json and the manifest
  const auto parse = ocv::json::parse_peak_bound(config_text, ocv::json::Limits{}.max_values);
  BOOST_TEST(parse == config_text.size() + 100'001 * ocv::json::kParseBytesPerElement +
                          6 * ocv::json::kParseBytesPerMember);
  BOOST_TEST(parse > all - before);  // the parse takes more than the config holds
  ocv::engine::ValidateOptions options;
  options.graph.max_document_memory = before + parse;
  auto f =
      ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options).findings;
  BOOST_TEST(!fired(f, "LIMIT-008"), dump(f));
  options.graph.max_document_memory = before + parse - 1;
  f = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options).findings;
  BOOST_TEST(message_of(f, "LIMIT-008") ==
                 fmt::format("the JSON documents held take {} of the {} bytes the validator "
                             "allows (--max-document-memory), with no room for the next: this "
                             "config was not read, so none of its rules ran",
                             before, before + parse - 1),
             dump(f));
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
  std::size_t unverified = 0;
  for (const auto& x : f) {
    odd += x.rule_id == "LYT-007" ? 1 : 0;
    unverified += x.rule_id == "LYT-016" ? 1 : 0;
  }
  BOOST_TEST(odd == 2u, dump(f));         // both reported, neither opened,
  BOOST_TEST(unverified == 2u, dump(f));  // and both fail the run
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

BOOST_AUTO_TEST_CASE(index_json_over_the_document_limit_is_only_a_limit) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  b.write_index(
      {manifest_entry(img.manifest_digest, img.manifest.size(), "1.0")},
      fmt::format(R"("annotations":{{"com.example.pad":"{}"}})", std::string(16u << 20, 'a')));
  const auto r = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry());
  // Not "the JSON does not parse" (LYT-004), and the blobs index.json names
  // are not listed as unreferenced (LYT-008): the file was simply not read.
  BOOST_TEST(ocv::test::rule_ids(r.findings) == Ids{"LIMIT-002"}, dump(r.findings));
  // An error: nothing the layout references was checked, so the run must
  // not call the layout valid.
  BOOST_TEST(errors(r.findings) == 1u, dump(r.findings));
  BOOST_TEST(message_of(r.findings, "LIMIT-002").find("none of the layout's images were checked") !=
                 std::string::npos,
             dump(r.findings));
  BOOST_TEST(r.summary.images.empty());
}

BOOST_AUTO_TEST_CASE(oci_layout_over_the_document_limit_is_only_a_limit) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  b.write_oci_layout(fmt::format(R"({{"imageLayoutVersion":"1.0.0","com.example.pad":"{}"}})",
                                 std::string(16u << 20, 'a')));
  const auto r = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry());
  BOOST_TEST(ocv::test::rule_ids(r.findings) == Ids{"LIMIT-002"}, dump(r.findings));  // no LYT-002
  BOOST_TEST(r.summary.images.size() == 1u);  // the walk from index.json goes on
}

BOOST_AUTO_TEST_CASE(manifest_over_the_document_limit_hides_no_blob) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  std::string big = img.manifest;
  big.insert(1, fmt::format(R"("com.example.pad":"{}",)", std::string(16u << 20, 'a')));
  const auto d = b.add_blob(big);
  b.write_index({manifest_entry(d, big.size(), "big")});
  const auto f = validate(tmp.path());
  // The config and layer it names, and the manifest index.json no longer
  // names, are not listed: which of them the big manifest names is unknown.
  BOOST_TEST(ocv::test::rule_ids(f) == Ids{"LIMIT-002"}, dump(f));
}

// A manifest over the JSON value limit is not parsed: LIMIT-002 at the
// manifest says how many values the limit allows.
BOOST_AUTO_TEST_CASE(manifest_over_the_value_limit_is_a_limit_naming_the_limit) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  std::string big = img.manifest;
  std::string pad;
  for (int i = 0; i < 40; ++i) pad += fmt::format(R"("com.example.{}":"x",)", i);
  big.insert(1, fmt::format(R"("annotations":{{{}"com.example.last":"x"}},)", pad));
  const auto d = b.add_blob(big);
  b.write_index({manifest_entry(d, big.size(), "big")});
  ocv::engine::ValidateOptions options;
  // index.json and the config hold fewer values, the manifest more.
  options.graph.json_limits.max_values = 30;
  const auto r = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options);
  BOOST_TEST(ocv::test::rule_ids(r.findings) == Ids{"LIMIT-002"}, dump(r.findings));
  const auto* f = ocv::test::first(r.findings, "LIMIT-002");
  BOOST_TEST_REQUIRE(f != nullptr);
  BOOST_TEST(f->message ==
                 "manifest document holds more than 30 JSON values, the limit, and was not "
                 "parsed; the blobs it references were not reached, so no blob is reported as "
                 "unreferenced (LYT-008)",
             dump(r.findings));
  BOOST_TEST(f->location.blob == "blobs/sha256/" + d.substr(7));
  BOOST_TEST(f->location.pointer == "");
}

BOOST_AUTO_TEST_CASE(manifest_nested_beyond_the_depth_cap_is_a_limit_not_a_parse_error) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  const auto deep = nested(img.manifest, 65);
  const auto d = b.add_blob(deep);
  b.write_index({manifest_entry(d, deep.size(), "deep")});
  auto r = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry());
  // Valid JSON the validator does not read that deep: LIMIT-002 (an error:
  // the image was not checked); no MT-002 parse error, no LYT-008 for the
  // blobs it names.
  BOOST_TEST(ocv::test::rule_ids(r.findings) == Ids{"LIMIT-002"}, dump(r.findings));
  BOOST_TEST(errors(r.findings) == 1u, dump(r.findings));
  BOOST_TEST(message_of(r.findings, "LIMIT-002").find("deeper than the 64-level limit") !=
                 std::string::npos,
             dump(r.findings));
  BOOST_TEST(r.summary.images.empty());
  // Not parsed, but its bytes are still verified against the digest.
  flip_last_byte(blob_path(tmp.path(), d));
  r = ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry());
  BOOST_TEST(ocv::test::rule_ids(r.findings) == (Ids{"DIG-007", "LIMIT-002", "LYT-005"}),
             dump(r.findings));
}

BOOST_AUTO_TEST_CASE(manifest_nested_to_the_depth_cap_is_checked) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  const auto deep = nested(img.manifest, 64);
  const auto d = b.add_blob(deep);
  b.write_index({manifest_entry(d, deep.size(), "deep")});
  const auto f = validate(tmp.path());
  BOOST_TEST(!fired(f, "LIMIT-002"), dump(f));
  BOOST_TEST(fired(f, "LYT-008"), dump(f));  // the first manifest is no longer named
}

BOOST_AUTO_TEST_CASE(layout_files_nested_beyond_the_depth_cap_are_a_limit_not_a_parse_error) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  b.write_index(
      {manifest_entry(img.manifest_digest, img.manifest.size(), "1.0")},
      fmt::format(R"("com.example.deep":{}{})", std::string(64, '['), std::string(64, ']')));
  auto f = validate(tmp.path());
  BOOST_TEST(ocv::test::rule_ids(f) == Ids{"LIMIT-002"}, dump(f));  // no LYT-004, no LYT-008
  BOOST_TEST(message_of(f, "LIMIT-002").find("none of the layout's images were checked") !=
                 std::string::npos,
             dump(f));

  b.write_valid_layout();
  b.write_oci_layout(nested(R"({"imageLayoutVersion":"1.0.0"})", 65));
  f = validate(tmp.path());
  BOOST_TEST(ocv::test::rule_ids(f) == Ids{"LIMIT-002"}, dump(f));  // no LYT-002
}

BOOST_AUTO_TEST_SUITE_END()
