// LAY-* rules and CFG-008, on layouts whose layers are real tar streams.
#include <archive.h>
#include <archive_entry.h>

#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "rules/layer_paths.hpp"
#include "tests/support/corpus_case.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/tar_writer.hpp"
#include "validator/digest/digest.hpp"
#include "validator/engine/validate.hpp"
#include "validator/model/member_path.hpp"

using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::dir;
using ocv::test::dump;
using ocv::test::file;
using ocv::test::fired;
using ocv::test::fired_at;
using ocv::test::fired_with;
using ocv::test::first;
using ocv::test::gz;
using ocv::test::hardlink_to;
using ocv::test::has_error;
using ocv::test::Layer;
using ocv::test::LayoutBuilder;
using ocv::test::plain;
using ocv::test::symlink_to;
using ocv::test::tar_of;
using ocv::test::TempDir;
using ocv::test::validate_image;
using ocv::test::zst;
using Member = ocv::test::TarMember;

namespace {

constexpr std::string_view kTar = ocv::test::kLayerTar;
constexpr std::string_view kGzip = ocv::test::kLayerGzip;
constexpr std::string_view kZstd = ocv::test::kLayerZstd;

std::vector<Finding> validate_one(const Layer& layer) { return validate_image({layer}); }

/// The rules of this file, for "silent on a valid layer" checks.
const std::vector<std::string_view> kRules = {"LAY-001", "LAY-002", "LAY-003", "LAY-004",
                                              "LAY-005", "LAY-006", "LAY-007", "LAY-008",
                                              "LAY-010", "LAY-013", "LAY-014", "CFG-008"};

void silent(const std::vector<Finding>& f, std::vector<std::string_view> rules = kRules) {
  for (const auto rule : rules) BOOST_TEST(!fired(f, rule), rule << "\n" << dump(f));
}

const std::vector<Member> kUsual = {dir("etc/"), file("etc/hello.txt", "hello\n"),
                                    symlink_to("etc/link", "hello.txt"),
                                    hardlink_to("etc/hard", "etc/hello.txt")};

}  // namespace

BOOST_AUTO_TEST_SUITE(layer_rules)

BOOST_AUTO_TEST_CASE(valid_layouts_are_silent) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  silent(ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry()).findings);
  const auto tar = tar_of(kUsual);
  silent(validate_one(gz(tar)));
  silent(validate_one(plain(tar)));
  silent(validate_one(zst(tar)));
  auto docker = gz(tar);
  docker.media_type = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  silent(validate_one(docker));
}

BOOST_AUTO_TEST_CASE(lay_001_missing_end_of_archive_blocks) {
  const auto tar = tar_of({dir("a/"), file("a/.wh..wh..opq")}, false);
  for (const auto& layer : {gz(tar), plain(tar)}) {
    const auto f = validate_one(layer);
    BOOST_TEST(fired_with(f, "LAY-001", Severity::error,
                          fmt::format("the tar stream ends at byte {} right after the last entry, "
                                      "without the two zero blocks",
                                      tar.size())),
               dump(f));
  }
  // What umoci 0.4.7 writes: not even the padding of the last data block.
  const auto cut = tar_of({dir("a/"), file("a/.wh..wh..opq"), file("a/conf", "none;\n")}, false);
  const auto unpadded = cut.substr(0, cut.size() - 512 + 6);
  for (const auto& layer : {gz(unpadded), plain(unpadded)}) {
    const auto f = validate_one(layer);
    BOOST_TEST(fired_with(f, "LAY-001", Severity::error,
                          fmt::format("the tar stream ends at byte {} right after the data of the "
                                      "last entry (a/conf), without padding it",
                                      unpadded.size())),
               dump(f));
  }
  // One zero block is not enough either.
  const auto f = validate_one(gz(tar + std::string(512, '\0')));
  BOOST_TEST(fired_with(f, "LAY-001", Severity::error, "512 bytes after the last entry"), dump(f));
}

BOOST_AUTO_TEST_CASE(lay_001_a_stream_cut_inside_an_entry_is_a_truncated_tar) {
  // Before the end of the last entry's data: libarchive's truncation error,
  // reported as such (no stream ends inside an entry unnoticed).
  const auto tar = tar_of({file("a", std::string(2000, 'a'))}, false);
  const auto f = validate_one(gz(tar.substr(0, 512 + 1000)));
  BOOST_TEST(fired_with(f, "LAY-001", Severity::error, "is not a valid tar archive"), dump(f));
}

BOOST_AUTO_TEST_CASE(lay_001_a_pax_size_overrides_the_header_size) {
  // Go's archive/tar writes a file too large for the header's size field
  // with a pax "size" record and 0 in the field (here at a small scale);
  // every reader takes the pax size, and so does the tar framing.
  auto tar = tar_of({Member{"PaxHeaders/big", 'x', "13 size=1024\n", ""}, file("big")}, false);
  tar += std::string(1024, 'y') + std::string(1024, '\0');
  auto f = validate_one(plain(tar));
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));
  // The other way round: a pax size of 0 over a header that says 1024; the
  // 1024 zero bytes that follow are then the end of the archive.
  tar = tar_of(
      {Member{"PaxHeaders/small", 'x', "10 size=0\n", ""}, file("small", std::string(1024, '\0'))},
      false);
  f = validate_one(plain(tar));
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));
  // A global ('g') pax header's size is no entry's.
  tar = tar_of({Member{"PaxHeaders/global", 'g', "10 size=0\n", ""}, file("c", "data")});
  f = validate_one(plain(tar));
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(lay_001_corrupt_tar) {
  auto tar = tar_of({file("a", "x"), file("b", "y")});
  tar[512 + 512 + 10] ^= 0x55;  // inside the second header: checksum mismatch
  const auto f = validate_one(gz(tar));
  const auto* finding = first(f, "LAY-001");
  BOOST_TEST_REQUIRE(finding != nullptr, dump(f));
  BOOST_TEST(finding->message.find("is not a valid tar archive") != std::string::npos, dump(f));
  BOOST_TEST(finding->message.find("after member a") != std::string::npos, dump(f));
}

BOOST_AUTO_TEST_CASE(lay_001_gzip_crc_mismatch_and_truncation) {
  const auto tar = tar_of(kUsual);
  auto layer = gz(tar);
  layer.bytes[layer.bytes.size() - 6] ^= 0x01;  // inside the CRC-32 trailer
  auto f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-001", Severity::error, "gzip CRC mismatch"), dump(f));
  BOOST_TEST(!fired(f, "LAY-002"), dump(f));
  layer = gz(tar);
  layer.bytes.resize(layer.bytes.size() - 3);
  f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-001", Severity::error, "truncated"), dump(f));
  layer = zst(tar);
  layer.bytes.resize(layer.bytes.size() - 3);
  f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-001", Severity::error, "truncated zstd"), dump(f));
}

BOOST_AUTO_TEST_CASE(lay_001_empty_blob) {
  const auto f = validate_one({"", std::string(kTar), ocv::test::sha256_digest("")});
  BOOST_TEST(fired_with(f, "LAY-001", Severity::error, "is empty"), dump(f));
}

BOOST_AUTO_TEST_CASE(lay_001_silent_past_the_layer_size_cap) {
  std::string text;
  for (int i = 0; text.size() < (2u << 20); ++i) text += fmt::format("line {}\n", i);
  ocv::engine::ValidateOptions options;
  options.max_layer_bytes = 100000;
  const auto layer = gz(tar_of({file("big.txt", text), file("after")}));
  const auto f = validate_image({layer}, options);
  BOOST_TEST(fired(f, "LIMIT-005"), dump(f));
  silent(f, {"LAY-001", "LAY-014", "CFG-008"});
  // With the cap above the layer's size the whole layer is read.
  options.max_layer_bytes = 4u << 20;
  silent(validate_image({layer}, options), {"LIMIT-005", "LAY-001", "LAY-014", "CFG-008"});
}

BOOST_AUTO_TEST_CASE(lay_009_silent_on_well_formed_records_and_on_linux_images) {
  // The corpus fires LAY-009 on each malformed record; these are its near
  // misses: well-formed records, and malformed ones in a Linux image.
  for (const auto* name : {"valid/windows-records", "valid/windows-records-in-linux-image"}) {
    const auto f = ocv::test::corpus_case_findings(name);
    BOOST_TEST(!fired(f, "LAY-009"), name << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(lay_002_compression_matches_media_type) {
  const auto tar = tar_of(kUsual);
  auto layer = plain(tar);
  layer.media_type = kGzip;
  auto f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-002", Severity::error, "uncompressed tar"), dump(f));
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));  // the tar itself is fine
  layer = zst(tar);
  layer.media_type = kGzip;
  f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-002", Severity::error, "zstd"), dump(f));
  layer = gz(tar);
  layer.media_type = kTar;
  f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-002", Severity::error, "gzip"), dump(f));
  layer = gz(tar);
  layer.media_type = kZstd;
  f = validate_one(layer);
  BOOST_TEST(fired(f, "LAY-002"), dump(f));
  // Neither tar nor a known compression: LAY-002 says so, and LAY-001 does
  // not repeat it.
  const std::string junk(2048, 'j');
  for (const auto type : {kTar, kGzip}) {
    f = validate_one({junk, std::string(type), ocv::test::sha256_digest(junk)});
    BOOST_TEST(fired(f, "LAY-002"), dump(f));
    BOOST_TEST(!fired(f, "LAY-001"), dump(f));
  }
}

BOOST_AUTO_TEST_CASE(lay_001_002_plain_files_in_artifacts_are_warnings) {
  // A file pushed with an image layer type, as older oras versions did: a
  // warning where only artifacts list it, an error as soon as an image does.
  const auto run = [](bool image_too) {
    TempDir tmp;
    LayoutBuilder b(tmp.path());
    b.write_oci_layout();
    const std::string payload = R"({"signature":"not a tar"})";
    const auto file = b.descriptor(std::string(kTar), payload);
    const auto artifact = fmt::format(
        R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
        R"("artifactType":"application/vnd.example.signature","config":{},"layers":[{}]}})",
        b.descriptor("application/vnd.oci.empty.v1+json", "{}"), file);
    std::vector<std::string> entries{fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}})",
        b.add_blob(artifact), artifact.size())};
    if (image_too) {
      const auto config = fmt::format(
          R"({{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}})",
          ocv::test::sha256_digest(payload));
      const auto image = fmt::format(
          R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
          R"("config":{},"layers":[{}]}})",
          b.descriptor("application/vnd.oci.image.config.v1+json", config), file);
      entries.push_back(fmt::format(
          R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}})",
          b.add_blob(image), image.size()));
    }
    b.write_index(entries);
    return ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry()).findings;
  };
  auto f = run(false);
  BOOST_TEST(fired_with(f, "LAY-002", Severity::warning, "older oras versions"), dump(f));
  BOOST_TEST(!has_error(f), dump(f));
  f = run(true);
  BOOST_TEST(fired_with(f, "LAY-002", Severity::error, "uncompressed tar"), dump(f));
  BOOST_TEST(first(f, "LAY-002")->message.find("oras") == std::string::npos, dump(f));
}

BOOST_AUTO_TEST_CASE(lay_003_duplicate_paths) {
  auto f = validate_one(gz(tar_of({file("a", "1"), file("./a", "2")})));
  const auto* finding = first(f, "LAY-003");
  BOOST_TEST_REQUIRE(finding != nullptr, dump(f));
  BOOST_TEST(finding->location.member == "./a");
  BOOST_TEST(finding->message.find("appears 2 times") != std::string::npos, finding->message);
  f = validate_one(gz(tar_of({dir("d/"), file("d/x"), dir("d")})));
  BOOST_TEST(fired_with(f, "LAY-003", Severity::error, "directory d appears 2 times"), dump(f));
  silent(validate_one(gz(tar_of({dir("d/"), file("d/x"), file("d/y")}))), {"LAY-003"});
}

// A path repeated more than five times lists the first five headers'
// offsets and says there are more; one absolute member is "one member".
BOOST_AUTO_TEST_CASE(lay_003_lists_five_offsets_and_lay_013_counts_one_absolute_member) {
  std::vector<Member> seven;
  for (int i = 0; i < 7; ++i) seven.push_back(file("a", "1"));
  auto f = validate_one(gz(tar_of(seven)));
  BOOST_TEST(fired_with(f, "LAY-003", Severity::error, "path a appears 7 times in layer sha256:"),
             dump(f));
  BOOST_TEST(fired_with(f, "LAY-003", Severity::error,
                        " (headers at bytes 0, 1024, 2048, 3072, 4096, ...); extractors keep "
                        "whichever comes last"),
             dump(f));
  f = validate_one(gz(tar_of({file("/etc/a"), file("b")})));
  BOOST_TEST(fired_with(f, "LAY-013", Severity::warning, "one member of layer"), dump(f));
  BOOST_TEST(fired_with(f, "LAY-013", Severity::warning, " has an absolute path (first: /etc/a)"),
             dump(f));
}

BOOST_AUTO_TEST_CASE(member_findings_are_capped_per_rule) {
  std::vector<Member> members;
  for (int i = 0; i < 150; ++i) {
    members.push_back(file(fmt::format("f{}", i)));
    members.push_back(file(fmt::format("./f{}", i)));
  }
  const auto f = validate_one(gz(tar_of(members)));
  const auto count =
      std::count_if(f.begin(), f.end(), [](const Finding& x) { return x.rule_id == "LAY-003"; });
  BOOST_TEST(count == 101);
  BOOST_TEST(fired_with(f, "LAY-003", Severity::error, "50 more members of layer"), dump(f));
}

BOOST_AUTO_TEST_CASE(lay_004_entry_types) {
  // Every standard type is accepted.
  const auto ok = tar_of({dir("dev/"), file("dev/f"), Member{"dev/c", '3', "", ""},
                          Member{"dev/b", '4', "", ""}, Member{"dev/p", '6', "", ""},
                          Member{"dev/contiguous", '7', "", ""}, symlink_to("dev/s", "f"),
                          hardlink_to("dev/h", "dev/f")});
  silent(validate_one(gz(ok)), {"LAY-004"});
  // A vendor typeflag (libarchive reads 'Q' as a regular file; the raw
  // typeflag is what the archive says).
  const auto f = validate_one(gz(tar_of({file("a"), Member{"odd", 'Q', "", ""}})));
  BOOST_TEST(fired_with(f, "LAY-004", Severity::warning, "typeflag 'Q'"), dump(f));
  // A hardlink header without a linkname is a hardlink all the same: LAY-006.
  const auto g = validate_one(gz(tar_of({file("a"), Member{"odd", '1', "", ""}})));
  BOOST_TEST(fired(g, "LAY-006"), dump(g));
  BOOST_TEST(!fired(g, "LAY-004"), dump(g));
}

BOOST_AUTO_TEST_CASE(lay_005_sparse_files) {
  std::vector<char> buffer(1 << 20);
  std::size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open_memory(a, buffer.data(), buffer.size(), &used);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "sparse.bin");
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, 1 << 20);
  archive_entry_sparse_add_entry(e, 0, 512);
  archive_entry_sparse_add_entry(e, 1 << 19, 512);
  archive_write_header(a, e);
  const std::string data(1024, 'x');
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  const auto f = validate_one(gz(std::string(buffer.data(), used)));
  BOOST_TEST(fired_with(f, "LAY-005", Severity::warning, "sparse.bin"), dump(f));
  silent(validate_one(gz(tar_of(kUsual))), {"LAY-005"});
}

BOOST_AUTO_TEST_CASE(lay_006_links_carry_a_linkname) {
  const auto f = validate_one(gz(tar_of({file("a"), symlink_to("s", "")})));
  const auto* finding = first(f, "LAY-006");
  BOOST_TEST_REQUIRE(finding != nullptr, dump(f));
  BOOST_TEST(finding->location.member == "s");
  BOOST_TEST(finding->message.find("symlink s") != std::string::npos, finding->message);
}

BOOST_AUTO_TEST_CASE(lay_007_hardlink_to_directory) {
  auto f = validate_one(gz(tar_of({dir("d/"), hardlink_to("h", "d")})));
  BOOST_TEST(fired_with(f, "LAY-007", Severity::error, "a directory in the same layer"), dump(f));
  // The directory implied by a member below it.
  f = validate_one(gz(tar_of({file("d/x"), hardlink_to("h", "d")})));
  BOOST_TEST(fired(f, "LAY-007"), dump(f));
  // A directory of a lower layer.
  f = validate_image(
      {gz(tar_of({dir("usr/"), file("usr/x")})), gz(tar_of({hardlink_to("h", "usr")}))});
  BOOST_TEST(fired_with(f, "LAY-007", Severity::error, "a directory from layers[0]"), dump(f));
  BOOST_TEST(first(f, "LAY-007")->location.member == "h");
  silent(validate_one(gz(tar_of(kUsual))), {"LAY-007"});
}

BOOST_AUTO_TEST_CASE(lay_008_hardlink_targets) {
  // Only in a lower layer: a note.
  auto f = validate_image(
      {gz(tar_of({file("bin/sh", "x")})), gz(tar_of({hardlink_to("bin/ash", "bin/sh")}))});
  BOOST_TEST(fired_with(f, "LAY-008", Severity::note, "only in a lower layer (layers[0])"),
             dump(f));
  BOOST_TEST(!has_error(f), dump(f));
  // Nowhere: a warning.
  f = validate_image(
      {gz(tar_of({file("bin/sh", "x")})), gz(tar_of({hardlink_to("bin/ash", "bin/bash")}))});
  BOOST_TEST(fired_with(f, "LAY-008", Severity::warning, "neither this layer nor a lower one"),
             dump(f));
  // Later in the same layer: a warning.
  f = validate_one(gz(tar_of({hardlink_to("b", "a"), file("a", "x")})));
  BOOST_TEST(fired_with(f, "LAY-008", Severity::warning, "comes only later"), dump(f));
  // Deleted by a whiteout in between: nowhere.
  f = validate_image({gz(tar_of({file("a", "x")})), gz(tar_of({file(".wh.a")})),
                      gz(tar_of({hardlink_to("b", "a")}))});
  BOOST_TEST(fired_with(f, "LAY-008", Severity::warning), dump(f));
  // Earlier in the same layer: silent.
  silent(validate_one(gz(tar_of(kUsual))), {"LAY-008"});
}

BOOST_AUTO_TEST_CASE(lay_010_nondistributable_layers) {
  auto layer = gz(tar_of(kUsual));
  layer.media_type = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  auto f = validate_one(layer);
  const auto* finding = first(f, "LAY-010");
  BOOST_TEST_REQUIRE(finding != nullptr, dump(f));
  BOOST_TEST(finding->location.pointer == "/layers/0/mediaType");
  BOOST_TEST(finding->message.find("application/vnd.oci.image.layer.v1.tar+gzip") !=
             std::string::npos);
  layer.media_type = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-010", Severity::warning), dump(f));
}

BOOST_AUTO_TEST_CASE(lay_013_paths_stay_inside_the_root) {
  auto f = validate_one(gz(tar_of({file("/etc/a"), file("/etc/b")})));
  BOOST_TEST(fired_with(f, "LAY-013", Severity::warning, "2 members of layer"), dump(f));
  f = validate_one(gz(tar_of({file("../evil")})));
  BOOST_TEST(fired_with(f, "LAY-013", Severity::error, "climbs out of the root"), dump(f));
  f = validate_one(gz(tar_of({dir("a/"), file("a/../../evil")})));
  BOOST_TEST(fired_with(f, "LAY-013", Severity::error, "climbs out of the root"), dump(f));
  f = validate_one(gz(tar_of({file("a"), hardlink_to("h", "../../etc/shadow")})));
  BOOST_TEST(fired_with(f, "LAY-013", Severity::error, "targets ../../etc/shadow"), dump(f));
  // ".." that stays inside is fine.
  silent(validate_one(gz(tar_of({dir("a/"), file("a/../b")}))), {"LAY-013"});
}

BOOST_AUTO_TEST_CASE(lay_013_paths_through_symlinks) {
  // A symlink earlier in the same layer.
  auto f = validate_one(gz(tar_of({symlink_to("etc", "/host/etc"), file("etc/passwd", "root")})));
  BOOST_TEST(fired_with(f, "LAY-013", Severity::error,
                        "written through etc, a symlink to /host/etc created earlier"),
             dump(f));
  // A symlink of a lower layer.
  f = validate_image({gz(tar_of({symlink_to("lib", "../../..")})), gz(tar_of({file("lib/x")}))});
  BOOST_TEST(fired_with(f, "LAY-013", Severity::error, "from layers[0]"), dump(f));
  // Deeper below a lower symlink.
  f = validate_image(
      {gz(tar_of({dir("a/"), symlink_to("a/b", "/")})), gz(tar_of({file("a/b/c/d")}))});
  BOOST_TEST(fired_with(f, "LAY-013", Severity::error, "written through a/b"), dump(f));
  // Silent when the symlink is deleted first, replaced by a directory, or
  // hidden by an opaque marker, and when it comes after the member.
  silent(validate_image({gz(tar_of({symlink_to("lib", "/x")})),
                         gz(tar_of({file(".wh.lib"), dir("lib/"), file("lib/x")}))}),
         {"LAY-013"});
  silent(validate_image({gz(tar_of({dir("a/"), symlink_to("a/lib", "/x")})),
                         gz(tar_of({file("a/.wh..wh..opq"), file("a/lib/x")}))}),
         {"LAY-013"});
  silent(validate_one(gz(tar_of({dir("lib/"), file("lib/x"), file("lib/y")}))), {"LAY-013"});
  silent(validate_image(
             {gz(tar_of({symlink_to("lib", "/x")})), gz(tar_of({dir("lib"), file("lib/x")}))}),
         {"LAY-013"});
  // A symlink that stays inside the root (usr-merge) only redirects.
  silent(validate_image({gz(tar_of({dir("usr/"), dir("usr/lib/"), symlink_to("lib", "usr/lib"),
                                    symlink_to("usr/lib64", "../lib")})),
                         gz(tar_of({file("lib/libc.so"), file("usr/lib64/x")}))}),
         {"LAY-013"});
  // Deleted in a middle layer.
  silent(validate_image({gz(tar_of({symlink_to("lib", "/x")})), gz(tar_of({file(".wh.lib")})),
                         gz(tar_of({file("lib/x")}))}),
         {"LAY-013"});
}

BOOST_AUTO_TEST_CASE(lay_014_trailing_data) {
  const auto tar = tar_of(kUsual);
  auto layer = gz(tar);
  layer.bytes += "trailing garbage";
  auto f = validate_one(layer);
  BOOST_TEST(fired_with(f, "LAY-014", Severity::warning, "16 bytes follow the last complete gzip"),
             dump(f));
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));
  f = validate_one(gz(tar + "junk"));
  BOOST_TEST(fired_with(f, "LAY-014", Severity::note, "4 non-zero bytes"), dump(f));
  // Zeros after the end-of-archive blocks (record padding) are fine.
  silent(validate_one(gz(tar + std::string(8192, '\0'))), {"LAY-014"});
}

BOOST_AUTO_TEST_CASE(cfg_008_diff_ids_match_the_layers) {
  const auto tar = tar_of(kUsual);
  auto layers = std::vector<Layer>{gz(tar_of({file("base")})), gz(tar), zst(tar), plain(tar)};
  silent(validate_image(layers), {"CFG-008"});
  layers[2].diff_id = ocv::test::sha256_digest("something else");
  const auto f = validate_image(layers);
  const auto* finding = first(f, "CFG-008");
  BOOST_TEST_REQUIRE(finding != nullptr, dump(f));
  BOOST_TEST(finding->location.pointer == "/rootfs/diff_ids/2");
  BOOST_TEST(finding->message.find(fmt::format(
                 "layers[2] diff_id: config rootfs.diff_ids[2]={}, sha256(uncompressed "
                 "layers[2])={}",
                 layers[2].diff_id, ocv::test::sha256_digest(tar))) != std::string::npos,
             finding->message);
  BOOST_TEST(std::count_if(f.begin(), f.end(),
                           [](const Finding& x) { return x.rule_id == "CFG-008"; }) == 1);
  // The whole diff_id is compared: one differing in its last hex digit
  // does not match either.
  auto& last = layers[2].diff_id;
  last = ocv::test::sha256_digest(tar);
  last.back() = last.back() == '0' ? '1' : '0';
  BOOST_TEST(fired_at(validate_image(layers), "CFG-008", "/rootfs/diff_ids/2"));
}

BOOST_AUTO_TEST_CASE(cfg_008_compares_a_diff_id_with_its_own_algorithm) {
  const auto tar = tar_of(kUsual);
  const auto sha512 = [](std::string_view bytes) {
    return fmt::format("sha512:{}", ocv::digest::hash_hex("sha512", bytes));
  };
  const auto base = tar_of({file("base")});
  auto layers = std::vector<Layer>{gz(base), gz(tar), zst(tar), plain(tar)};
  layers[0].diff_id = sha512(base);
  for (std::size_t k = 1; k < layers.size(); ++k) layers[k].diff_id = sha512(tar);
  silent(validate_image(layers), {"CFG-008"});

  // A well-formed sha512 diff_id of other content, on a compressed and on
  // an uncompressed layer.
  layers[2].diff_id = sha512("something else");
  layers[3].diff_id = sha512("something else too");
  const auto f = validate_image(layers);
  BOOST_TEST(std::count_if(f.begin(), f.end(),
                           [](const Finding& x) { return x.rule_id == "CFG-008"; }) == 2,
             dump(f));
  BOOST_TEST(fired_with(f, "CFG-008", Severity::error,
                        fmt::format("layers[2] diff_id: config rootfs.diff_ids[2]={}, "
                                    "sha512(uncompressed layers[2])={}",
                                    layers[2].diff_id, sha512(tar))),
             dump(f));
  BOOST_TEST(fired_with(f, "CFG-008", Severity::error,
                        fmt::format("layers[3] diff_id: config rootfs.diff_ids[3]={}, "
                                    "sha512(layers[3])={}",
                                    layers[3].diff_id, sha512(tar))),
             dump(f));

  // A malformed sha512 diff_id is CFG-006's; an unregistered algorithm
  // cannot be computed, so it is not compared.
  layers[2].diff_id = "sha512:abc";
  layers[3].diff_id = "md5:0123456789abcdef0123456789abcdef";
  const auto g = validate_image(layers);
  BOOST_TEST(fired(g, "CFG-006"), dump(g));
  BOOST_TEST(!fired(g, "CFG-008"), dump(g));
}

BOOST_AUTO_TEST_CASE(cfg_008_one_blob_listed_with_two_algorithms) {
  // The same blob at two positions, its diff_ids in different algorithms:
  // the blob is scanned once, with both.
  const auto tar = tar_of(kUsual);
  const auto sha512 = fmt::format("sha512:{}", ocv::digest::hash_hex("sha512", tar));
  auto sha256_wrong = std::vector<Layer>{gz(tar), gz(tar)};
  sha256_wrong[0].diff_id = sha512;
  sha256_wrong[1].diff_id = ocv::test::sha256_digest("something else");
  auto f = validate_image(sha256_wrong);
  const auto* finding = first(f, "CFG-008");
  BOOST_TEST_REQUIRE(finding != nullptr, dump(f));
  BOOST_TEST(finding->location.pointer == "/rootfs/diff_ids/1");
  BOOST_TEST(std::count_if(f.begin(), f.end(),
                           [](const Finding& x) { return x.rule_id == "CFG-008"; }) == 1,
             dump(f));

  auto sha512_wrong = std::vector<Layer>{gz(tar), gz(tar)};
  sha512_wrong[1].diff_id = fmt::format("sha512:{}", ocv::digest::hash_hex("sha512", "other"));
  f = validate_image(sha512_wrong);
  finding = first(f, "CFG-008");
  BOOST_TEST_REQUIRE(finding != nullptr, dump(f));
  BOOST_TEST(finding->location.pointer == "/rootfs/diff_ids/1");
  BOOST_TEST(finding->message.find(fmt::format("sha512(uncompressed layers[1])={}", sha512)) !=
                 std::string::npos,
             finding->message);
  BOOST_TEST(std::count_if(f.begin(), f.end(),
                           [](const Finding& x) { return x.rule_id == "CFG-008"; }) == 1,
             dump(f));

  sha512_wrong[1].diff_id = sha512;
  silent(validate_image(sha512_wrong), {"CFG-008"});
}

BOOST_AUTO_TEST_CASE(valid_image_with_whiteouts_and_lower_hardlink_has_no_error) {
  const auto f = validate_image(
      {gz(tar_of({dir("etc/"), file("etc/a", "a"), file("etc/b", "b"), dir("var/"),
                  dir("var/cache/"), file("var/cache/x", "x")})),
       gz(tar_of({dir("etc/"), file("etc/.wh.a"), hardlink_to("etc/c", "etc/b"), dir("var/"),
                  dir("var/cache/"), file("var/cache/.wh..wh..opq"), file("var/cache/y", "y")}))});
  BOOST_TEST(!has_error(f), dump(f));
  BOOST_TEST(fired_with(f, "LAY-008", Severity::note), dump(f));
}

BOOST_AUTO_TEST_CASE(stack_simulation) {
  namespace lp = ocv::rules::layer_paths;
  const auto facts = [](std::vector<std::pair<std::string, char>> members) {
    ocv::engine::LayerFacts f;
    for (auto& [path, type] : members) {
      ocv::engine::TarEntry e;
      e.path = path;
      e.normalized = ocv::member_path::normalize(path);
      e.type = type;
      f.entries.push_back(std::move(e));
    }
    return f;
  };
  const auto l0 = facts({{"a/b/c", '0'}, {"a/d", '2'}, {"x/y", '0'}, {"f", '0'}});
  const auto l1 = facts({{".wh.a", '0'}, {"a/new", '0'}, {"x/.wh..wh..opq", '0'}, {"f/", '5'}});
  const auto l2 = facts({{".wh..wh..opq", '0'}, {"z", '0'}});
  // The stack keeps views into the indexes: they outlive it.
  const lp::LayerIndex i0(l0), i1(l1), i2(l2);
  lp::LayerStack stack;
  stack.apply(0, i0);
  BOOST_TEST(stack.find("a/b/c").has_value());
  BOOST_TEST(stack.find("a/b")->type == '5');  // implied by a/b/c
  BOOST_TEST(stack.find("a/d")->type == '2');
  BOOST_TEST(!stack.find("a/e").has_value());
  stack.apply(1, i1);
  BOOST_TEST(!stack.find("a/b/c").has_value());  // the whole subtree of a went
  BOOST_TEST(!stack.find("a/b").has_value());
  BOOST_TEST(stack.find("a").has_value());  // recreated by a/new
  BOOST_TEST(stack.find("a/new")->layer == 1);
  BOOST_TEST(!stack.find("x/y").has_value());  // opaque
  BOOST_TEST(stack.find("x").has_value());
  BOOST_TEST(stack.find("f")->type == '5');  // file replaced by a directory
  stack.apply(2, i2);
  BOOST_TEST(!stack.find("a").has_value());  // opaque root hides everything below
  BOOST_TEST(stack.find("z").has_value());
  BOOST_TEST(stack.find("").has_value());
}

BOOST_AUTO_TEST_CASE(large_layers_are_checked_whole) {
  // 100k members per layer, whiteouts of half of them in the next layer,
  // hard links to the other half. How long it takes is measured by
  // scripts/bench.sh (the same image, generated by make-bench-image.py).
  std::vector<Member> lower, upper;
  for (int i = 0; i < 100000; ++i) {
    lower.push_back(file(fmt::format("d{}/s{}/f{}", i % 100, i % 1000, i)));
    if (i % 2 == 0)
      upper.push_back(file(fmt::format("d{}/s{}/.wh.f{}", i % 100, i % 1000, i)));
    else
      upper.push_back(hardlink_to(fmt::format("d{}/s{}/g{}", i % 100, i % 1000, i),
                                  fmt::format("d{}/s{}/f{}", i % 100, i % 1000, i)));
  }
  auto f = validate_image({plain(tar_of(lower)), plain(tar_of(upper))});
  BOOST_TEST(!has_error(f), dump(f));
  // The members after the first 200k are checked too: a hard link to a
  // directory of the lower layer, last in the upper one.
  upper.push_back(hardlink_to("d0/s0/late", "d0"));
  f = validate_image({plain(tar_of(lower)), plain(tar_of(upper))});
  BOOST_TEST(fired(f, "LAY-007"), dump(f));
}

BOOST_AUTO_TEST_SUITE_END()
