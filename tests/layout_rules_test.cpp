// LYT-* rules, on layouts written to disk.
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/engine/validate.hpp"

namespace fs = std::filesystem;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::fired_at;
using ocv::test::LayoutBuilder;
using ocv::test::TempDir;

namespace {

std::vector<ocv::engine::Finding> validate(const fs::path& root) {
  return ocv::engine::validate_layout(root, ocv::rules::default_registry()).findings;
}

/// A valid layout, then `mutate` applied, then validated.
template <typename F>
std::vector<ocv::engine::Finding> with(F mutate) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  mutate(b, img);
  return validate(tmp.path());
}

const auto kNothing = [](LayoutBuilder&, const ocv::test::BuiltImage&) {};

/// A layout whose one image has a layer of `media_type` (with `extra`
/// members) that is not in the layout, and `manifest_extra` members in its
/// manifest.
std::vector<ocv::engine::Finding> missing_layer(std::string_view media_type,
                                                std::string_view extra = "",
                                                std::string_view manifest_extra = "") {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  const auto config = b.add_image().config;
  const auto manifest = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{},"layers":[{{"mediaType":"{}","digest":"sha256:{}","size":10{}}}]{}}})",
      b.descriptor("application/vnd.oci.image.config.v1+json", config), media_type,
      std::string(64, 'd'), extra, manifest_extra);
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},)"
      R"("platform":{{"architecture":"amd64","os":"linux"}}}})",
      b.add_blob(manifest), manifest.size())});
  return validate(tmp.path());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layout_rules)

BOOST_AUTO_TEST_CASE(valid_layout_is_silent) {
  const auto f = with(kNothing);
  for (const auto* rule :
       {"LYT-001", "LYT-002", "LYT-003", "LYT-004", "LYT-005", "LYT-006", "LYT-007", "LYT-008",
        "LYT-009", "LYT-010", "LYT-011", "LYT-014", "LYT-015", "LYT-016"})
    BOOST_TEST(!fired(f, rule), rule << "\n" << dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_001_blobs_directory) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  fs::remove_all(tmp.path() / "blobs");
  auto f = validate(tmp.path());
  BOOST_TEST(fired(f, "LYT-001"), dump(f));
  // Blobs are referenced and missing: git is not why.
  BOOST_TEST(ocv::test::message_of(f, "LYT-001").find("git") == std::string::npos, dump(f));
  // Nothing referenced (a layout with no image yet, as kept in git): the
  // message says git keeps no empty directories.
  b.write_index({});
  f = validate(tmp.path());
  BOOST_TEST(ocv::test::message_of(f, "LYT-001").find("git does not keep empty directories") !=
                 std::string::npos,
             dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_002_oci_layout_file) {
  auto f = with([](LayoutBuilder& b, const auto&) { fs::remove(b.root() / "oci-layout"); });
  BOOST_TEST(fired(f, "LYT-002"), dump(f));
  f = with([](LayoutBuilder& b, const auto&) { b.write_oci_layout("{}"); });
  BOOST_TEST(fired(f, "LYT-002"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_003_layout_version) {
  const auto f = with([](LayoutBuilder& b, const auto&) {
    b.write_oci_layout(R"({"imageLayoutVersion":"1.1.0"})");
  });
  BOOST_TEST(fired(f, "LYT-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_004_index_json) {
  auto f = with([](LayoutBuilder& b, const auto&) { fs::remove(b.root() / "index.json"); });
  BOOST_TEST(fired(f, "LYT-004"), dump(f));
  f = with([](LayoutBuilder& b, const auto&) { b.write_file("index.json", "{not json"); });
  BOOST_TEST(fired(f, "LYT-004"), dump(f));
}

// The three entries of the layout root, each of the wrong file type, are
// named with the type found (image-layout.md: blobs is a directory,
// oci-layout and index.json are files).
BOOST_AUTO_TEST_CASE(lyt_001_002_004_name_the_type_found) {
  auto f = with([](LayoutBuilder& b, const auto&) {
    fs::remove_all(b.root() / "blobs");
    b.write_file("blobs", "not a directory");
  });
  BOOST_TEST(
      ocv::test::message_of(f, "LYT-001") == "blobs must be a directory, found a regular file",
      dump(f));
  f = with([](LayoutBuilder& b, const auto&) {
    fs::remove(b.root() / "oci-layout");
    fs::create_directory(b.root() / "oci-layout");
  });
  BOOST_TEST(
      ocv::test::message_of(f, "LYT-002") == "oci-layout must be a regular file, found a directory",
      dump(f));
  f = with([](LayoutBuilder& b, const auto&) {
    fs::remove(b.root() / "index.json");
    fs::create_directory(b.root() / "index.json");
  });
  BOOST_TEST(
      ocv::test::message_of(f, "LYT-004") == "index.json must be a regular file, found a directory",
      dump(f));
  f = with([](LayoutBuilder& b, const auto&) { fs::remove(b.root() / "index.json"); });
  BOOST_TEST(ocv::test::message_of(f, "LYT-004") == "the layout has no index.json file", dump(f));
  f = with([](LayoutBuilder& b, const auto&) { fs::remove(b.root() / "oci-layout"); });
  BOOST_TEST(ocv::test::message_of(f, "LYT-002") == "the layout has no oci-layout file", dump(f));
}

// A later 1.x.y may be a compatible minor version: a warning; another
// major version, or no version number at all, is an error.
BOOST_AUTO_TEST_CASE(lyt_003_a_later_minor_version_is_a_warning) {
  const auto version = [](const char* v) {
    return with([&](LayoutBuilder& b, const auto&) {
      b.write_oci_layout(fmt::format(R"({{"imageLayoutVersion":"{}"}})", v));
    });
  };
  for (const char* minor : {"1.1.0", "1.0.1", "1.10.20"}) {
    const auto f = version(minor);
    BOOST_TEST(ocv::test::fired_with(f, "LYT-003", ocv::engine::Severity::warning,
                                     "(a later 1.x version may be compatible)"),
               minor << "\n"
                     << dump(f));
  }
  for (const char* other : {"2.0.0", "1", "1.01.0", "latest", "1.0.0-rc1"}) {
    const auto f = version(other);
    BOOST_TEST(ocv::test::fired_with(f, "LYT-003", ocv::engine::Severity::error,
                                     fmt::format("imageLayoutVersion is \"{}\"; the only version "
                                                 "defined is \"1.0.0\"",
                                                 other)),
               other << "\n"
                     << dump(f));
    BOOST_TEST(ocv::test::message_of(f, "LYT-003").find("later 1.x") == std::string::npos, other);
  }
  BOOST_TEST(!fired(version("1.0.0"), "LYT-003"));
}

BOOST_AUTO_TEST_CASE(lyt_006_blob_names) {
  auto f = with([](LayoutBuilder& b, const auto&) { b.write_file("blobs/sha256/ABC", "x"); });
  BOOST_TEST(fired(f, "LYT-006"), dump(f));
  f = with([](LayoutBuilder& b, const auto&) { b.write_file("blobs/SHA_256/abc", "x"); });
  BOOST_TEST(fired(f, "LYT-006"), dump(f));
  // Characters outside the encoded grammar ([a-zA-Z0-9=_-]), under an
  // algorithm with no encoded form of its own and under sha256.
  for (const auto* name : {"blobs/example/abc+def", "blobs/example/abc.def", "blobs/sha256/a:b"}) {
    f = with([&](LayoutBuilder& b, const auto&) { b.write_file(name, "x"); });
    BOOST_TEST(ocv::test::fired_with(f, "LYT-006", ocv::engine::Severity::error,
                                     "is not a valid encoded digest"),
               name << "\n"
                    << dump(f));
  }
  // Every character the grammar allows, under an unregistered algorithm.
  f = with([](LayoutBuilder& b, const auto&) { b.write_file("blobs/example/aZ09=_-", "x"); });
  BOOST_TEST(!fired(f, "LYT-006"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_007_blob_tree_oddities) {
  auto f = with([](LayoutBuilder& b, const auto&) { b.write_file("blobs/README", "x"); });
  BOOST_TEST(fired(f, "LYT-007"), dump(f));
  f = with([](LayoutBuilder& b, const auto&) {
    fs::create_directories(b.root() / "blobs/sha256/nested");
  });
  BOOST_TEST(fired(f, "LYT-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_008_unreferenced_blobs) {
  auto f = with([](LayoutBuilder& b, const auto&) { b.add_blob("left over"); });
  BOOST_TEST(fired(f, "LYT-008"), dump(f));
  // A manifest nested deeper than the parser reads is not walked: the blobs
  // it names look unreferenced, so nothing is listed (LIMIT-002 says why).
  f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    b.add_blob("left over");
    const auto deep = fmt::format(R"({{"com.example.deep":{}{},{})", std::string(64, '['),
                                  std::string(64, ']'), img.manifest.substr(1));
    b.write_index({fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}})",
        b.add_blob(deep), deep.size())});
  });
  BOOST_TEST(fired(f, "LIMIT-002"), dump(f));
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
  // index.json itself too deep: no image is walked, no blob listed, and
  // no LYT-004: the JSON was not read, not found broken.
  f = with([](LayoutBuilder& b, const auto&) {
    b.write_file("index.json", fmt::format(R"({{"schemaVersion":2,"manifests":[],"x":{}{}}})",
                                           std::string(64, '['), std::string(64, ']')));
  });
  BOOST_TEST(fired(f, "LIMIT-002"), dump(f));
  BOOST_TEST(!fired(f, "LYT-004"), dump(f));
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
  // A manifest that is not JSON may name any blob: nothing is listed.
  f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    b.add_blob("left over");
    b.write_file("blobs/sha256/" + img.manifest_digest.substr(7),
                 std::string(img.manifest.size(), '~'));
  });
  BOOST_TEST(fired(f, "MT-002"), dump(f));
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
  // Below a manifest whose descriptor has the wrong size, the config and
  // layer are still reached: only the left-over blob is listed.
  f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    b.add_blob("left over");
    b.write_index({fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}})",
        img.manifest_digest, img.manifest.size() - 1)});
  });
  BOOST_TEST(fired(f, "DESC-006"), dump(f));
  std::size_t listed = 0;
  for (const auto& x : f) listed += x.rule_id == "LYT-008" ? 1 : 0;
  BOOST_TEST(listed == 1u, dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_016_referenced_blob_that_cannot_be_read) {
  // Fires: a referenced FIFO, at the descriptor, with its chain.
  auto f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    const auto p = b.root() / "blobs/sha256" / img.config_digest.substr(7);
    fs::remove(p);
    BOOST_REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
  });
  BOOST_TEST_REQUIRE(fired(f, "LYT-016"), dump(f));
  for (const auto& x : f) {
    if (x.rule_id != "LYT-016") continue;
    BOOST_TEST((x.severity == ocv::engine::Severity::error));
    BOOST_TEST(x.location.pointer == "/config/digest");
    BOOST_TEST(x.chain.back() == "config");
    BOOST_TEST(x.message.find("a FIFO") != std::string::npos, x.message);
  }
  // Silent: an unreferenced FIFO (LYT-007 only), a missing blob (LYT-009),
  // a link that stays inside the layout (followed and verified).
  f = with([](LayoutBuilder& b, const auto&) {
    BOOST_REQUIRE(::mkfifo((b.root() / "blobs/sha256/stray").c_str(), 0600) == 0);
  });
  BOOST_TEST(!fired(f, "LYT-016"), dump(f));
  f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    fs::remove(b.root() / "blobs/sha256" / img.layer_digest.substr(7));
  });
  BOOST_TEST(fired(f, "LYT-009"), dump(f));
  BOOST_TEST(!fired(f, "LYT-016"), dump(f));
  f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    const auto p = b.root() / "blobs/sha256" / img.layer_digest.substr(7);
    fs::rename(p, b.root() / "blobs/sha256/elsewhere");
    fs::create_symlink("elsewhere", p);
  });
  BOOST_TEST(!fired(f, "LYT-016"), dump(f));
  BOOST_TEST(fired(f, "LYT-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_009_missing_blobs) {
  using ocv::engine::Severity;
  using ocv::test::severity_of;
  const auto gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
  const auto nondistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  const auto urls = R"(,"urls":["https://example.com/layer"])";
  // Missing: a warning, also when urls say where a distributable layer is.
  auto f = missing_layer(gzip);
  BOOST_TEST(fired_at(f, "LYT-009", "/layers/0/digest"), dump(f));
  BOOST_TEST((severity_of(f, "LYT-009") == Severity::warning), dump(f));
  f = missing_layer(gzip, urls);
  BOOST_TEST((severity_of(f, "LYT-009") == Severity::warning), dump(f));
  f = missing_layer(nondistributable);
  BOOST_TEST((severity_of(f, "LYT-009") == Severity::warning), dump(f));
  // A non-distributable layer with urls is fetched from them: a note.
  f = missing_layer(nondistributable, urls);
  BOOST_TEST((severity_of(f, "LYT-009") == Severity::note), dump(f));
  BOOST_TEST(ocv::test::message_of(f, "LYT-009").find("fetched from them") != std::string::npos,
             dump(f));
  // A missing subject is a weak reference (REF-001), not a missing blob.
  f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    const auto manifest = img.manifest.substr(0, img.manifest.size() - 1) +
                          fmt::format(R"(,"subject":{{"mediaType":"application/vnd.oci.image.)"
                                      R"(manifest.v1+json","digest":"sha256:{}","size":7}}}})",
                                      std::string(64, 'e'));
    b.write_index({fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}})",
        b.add_blob(manifest), manifest.size())});
  });
  BOOST_TEST(fired(f, "REF-001"), dump(f));
  BOOST_TEST(!fired(f, "LYT-009"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_010_extra_root_files) {
  const auto f = with([](LayoutBuilder& b, const auto&) { b.write_file("manifest.json", "[]"); });
  BOOST_TEST(fired(f, "LYT-010"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_011_ref_name_outside_index_json) {
  const auto f = ocv::test::check_document(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
          "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},
          "layers":[],"annotations":{"org.opencontainers.image.ref.name":"v1"}})",
      ocv::engine::DocKind::manifest);
  BOOST_TEST(fired(f, "LYT-011"), dump(f));
  const auto silent = ocv::test::check_document(
      R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"annotations":{"org.opencontainers.image.ref.name":"v1"}}]})",
      ocv::engine::DocKind::index, true);
  BOOST_TEST(!fired(silent, "LYT-011"), dump(silent));
  // On the entry of a nested index: "of an index".
  const auto nested = ocv::test::check_document(
      R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"annotations":{"org.opencontainers.image.ref.name":"v1"}}]})",
      ocv::engine::DocKind::index);
  BOOST_TEST(ocv::test::message_of(nested, "LYT-011").find("of an index;") != std::string::npos,
             dump(nested));
}

// The ref name on a manifest's own descriptors ("of a manifest") and on
// the subject of index.json ("of index.json"): image-layout.md allows it
// only on index.json's manifests entries.
BOOST_AUTO_TEST_CASE(lyt_011_names_the_document_the_descriptor_is_in) {
  constexpr const char* kDescriptor =
      R"({"mediaType":"application/vnd.oci.image.config.v1+json",)"
      R"("digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",)"
      R"("size":2,"annotations":{"org.opencontainers.image.ref.name":"v1"}})";
  const auto pointer_of = [](const std::vector<ocv::engine::Finding>& f) {
    const auto it =
        std::find_if(f.begin(), f.end(), [](const auto& x) { return x.rule_id == "LYT-011"; });
    return it == f.end() ? std::string("<none>") : it->location.pointer;
  };
  const auto manifest = ocv::test::check_document(
      fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                  R"("config":{},"layers":[]}})",
                  kDescriptor),
      ocv::engine::DocKind::manifest);
  BOOST_TEST(ocv::test::fired_with(manifest, "LYT-011", ocv::engine::Severity::warning,
                                   "of a manifest; it is only valid on the descriptors in "
                                   "index.json"),
             dump(manifest));
  BOOST_TEST(pointer_of(manifest) == "/config/annotations/org.opencontainers.image.ref.name");
  const auto subject = ocv::test::check_document(
      fmt::format(R"({{"schemaVersion":2,"manifests":[],"subject":{}}})", kDescriptor),
      ocv::engine::DocKind::index, true);
  BOOST_TEST(ocv::test::fired_with(subject, "LYT-011", ocv::engine::Severity::warning,
                                   "of index.json; it is only valid"),
             dump(subject));
  BOOST_TEST(pointer_of(subject) == "/subject/annotations/org.opencontainers.image.ref.name");
}

BOOST_AUTO_TEST_CASE(lyt_014_case_collisions) {
  const auto f = with([](LayoutBuilder& b, const auto&) {
    b.write_file("blobs/foo/abc", "x");
    b.write_file("blobs/foo/ABC", "y");
  });
  BOOST_TEST(fired(f, "LYT-014"), dump(f));
}

BOOST_AUTO_TEST_CASE(lyt_015_duplicate_ref_names) {
  const auto f = with([](LayoutBuilder& b, const ocv::test::BuiltImage& img) {
    const auto entry = fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"same"}}}})",
        img.manifest_digest, img.manifest.size());
    b.write_index({entry, entry});
  });
  BOOST_TEST(fired(f, "LYT-015"), dump(f));
}

namespace {

/// A valid layout (a manifest, a config and a layer in blobs/sha256/) with
/// a stray file that sorts after them, validated listing at most
/// `max_blob_files` entries of blobs/ (blobs/sha256 itself is one).
std::vector<ocv::engine::Finding> stray_file_with_max_blob_files(std::uint64_t max_blob_files,
                                                                 bool break_the_layer = false) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto img = b.write_valid_layout();
  b.write_file("blobs/sha256/" + std::string(64, 'f'), "stray");
  if (break_the_layer) b.write_file("blobs/sha256/" + img.layer_digest.substr(7), "not the layer");
  ocv::engine::ValidateOptions options;
  options.graph.max_blob_files = max_blob_files;
  return ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options).findings;
}

const auto kStray = "blobs/sha256/" + std::string(64, 'f');

bool fired_on(const std::vector<ocv::engine::Finding>& f, std::string_view id,
              std::string_view blob) {
  return std::any_of(f.begin(), f.end(),
                     [&](const auto& x) { return x.rule_id == id && x.location.blob == blob; });
}

}  // namespace

BOOST_AUTO_TEST_CASE(limit_009_silent_when_every_blob_file_is_listed) {
  // blobs/sha256, three image blobs and the stray file: five entries.
  const auto f = stray_file_with_max_blob_files(5);
  BOOST_TEST(!fired(f, "LIMIT-009"), dump(f));
  BOOST_TEST(fired_on(f, "LYT-005", kStray), dump(f));
}

BOOST_AUTO_TEST_CASE(limit_009_the_entries_past_the_bound_are_counted_not_examined) {
  const auto f = stray_file_with_max_blob_files(4);
  BOOST_TEST_REQUIRE(fired(f, "LIMIT-009"), dump(f));
  const auto* it = ocv::test::first(f, "LIMIT-009");
  BOOST_TEST(it->message ==
             "blobs/ holds more than the 4 entries the validator lists (the first by name, "
             "--max-blob-files): this one was not examined, so its name, type and digest were not "
             "checked (LYT-005, LYT-006, LYT-007, LYT-014) and it is not reported if unreferenced "
             "(LYT-008); a blob a descriptor names is still read by its path and checked");
  BOOST_TEST(it->location.blob == kStray);
  BOOST_TEST(it->location.pointer.empty());
  BOOST_TEST(it->chain.empty());
  BOOST_TEST((it->severity == ocv::engine::Severity::error));
  // The stray file is neither hashed nor called unreferenced.
  BOOST_TEST(!fired(f, "LYT-005"), dump(f));
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
  BOOST_TEST(
      std::count_if(f.begin(), f.end(),
                    [](const auto& x) { return x.severity == ocv::engine::Severity::error; }) == 1,
      dump(f));
}

BOOST_AUTO_TEST_CASE(limit_009_blobs_a_descriptor_names_are_read_by_their_path) {
  // Room for blobs/sha256 alone: no file is listed, yet the image's blobs
  // are found by their path and checked; the broken layer is reported.
  const auto f = stray_file_with_max_blob_files(1, true);
  BOOST_TEST(ocv::test::message_of(f, "LIMIT-009").find("this one and 3 more were not examined") !=
                 std::string::npos,
             dump(f));
  BOOST_TEST(!fired(f, "LYT-009"), dump(f));  // nothing is missing
  BOOST_TEST(fired(f, "LYT-005"), dump(f));
  BOOST_TEST(!fired_on(f, "LYT-005", kStray), dump(f));
}

BOOST_AUTO_TEST_SUITE_END()
