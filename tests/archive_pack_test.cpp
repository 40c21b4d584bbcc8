// The archive packer of the conformance cases (apps/conformance/
// archive_pack.hpp): edits it applies to the members and to the bytes, and
// the message for each edit or spec it cannot apply.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "apps/conformance/archive_pack.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/archive/archive_source.hpp"
#include "validator/archive/member_index.hpp"

namespace fs = std::filesystem;
using ocv::conformance::ArchiveEdit;
using ocv::conformance::ArchiveSpec;
using ocv::test::TempDir;

namespace {

ArchiveEdit json_edit(ArchiveEdit::Op op, std::string member, std::string pointer,
                      std::string value = "") {
  ArchiveEdit e;
  e.op = op;
  e.member = std::move(member);
  e.pointer = std::move(pointer);
  e.value_json = std::move(value);
  return e;
}

ArchiveEdit truncation(long long size) {
  ArchiveEdit e;
  e.op = ArchiveEdit::Op::truncate;
  e.size = size;
  return e;
}

/// The message packing stops with, or "" when it packs.
std::string pack_error(const fs::path& layout, const ArchiveSpec& spec, const fs::path& out) {
  try {
    ocv::conformance::pack_archive(layout, spec, out);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_pack)

BOOST_AUTO_TEST_CASE(specs_and_edits_that_cannot_be_applied_are_named) {
  TempDir tmp;
  ocv::test::LayoutBuilder(tmp.path() / "layout").write_valid_layout();
  const auto layout = tmp.path() / "layout";
  const auto out = tmp.path() / "out.tar";
  using Op = ArchiveEdit::Op;
  struct Case {
    ArchiveSpec spec;
    fs::path out;
    std::string error;
  };
  const auto spec = [](std::string shape, std::string compression,
                       std::vector<ArchiveEdit> edits = {}) {
    ArchiveSpec s;
    s.shape = std::move(shape);
    s.compression = std::move(compression);
    s.edits = std::move(edits);
    return s;
  };
  const std::vector<Case> cases = {
      {spec("zip", "none"), out, "unknown archive shape zip"},
      {spec("oci-archive", "bz2"), out, "unknown compression bz2"},
      {spec("oci-archive", "none", {json_edit(Op::set_json, "nope.json", "/a", "1")}), out,
       "the archive has no member nope.json"},
      {spec("oci-archive", "none", {json_edit(Op::remove_json, "index.json", "/nothing")}), out,
       "index.json: nothing at /nothing"},
      {spec("oci-archive", "none", {json_edit(Op::set_json, "index.json", "/x", "{")}), out,
       "index.json: the value for /x is not JSON"},
      {spec("oci-archive", "none"), tmp.path() / "no-such-dir" / "out.tar",
       "cannot write " + (tmp.path() / "no-such-dir" / "out.tar").string()},
  };
  for (const auto& c : cases) BOOST_TEST(pack_error(layout, c.spec, c.out) == c.error, c.error);
  BOOST_TEST(pack_error(tmp.path() / "absent", spec("oci-archive", "none"), out) ==
             "cannot read " + (tmp.path() / "absent" / "index.json").string());
}

BOOST_AUTO_TEST_CASE(truncation_counts_from_the_start_or_the_end_and_stays_in_the_archive) {
  TempDir tmp;
  ocv::test::LayoutBuilder(tmp.path() / "layout").write_valid_layout();
  ArchiveSpec whole;
  ocv::conformance::pack_archive(tmp.path() / "layout", whole, tmp.path() / "whole.tar");
  const auto full = fs::file_size(tmp.path() / "whole.tar");
  BOOST_TEST_REQUIRE(full > 2048u);
  const std::vector<std::pair<long long, std::uintmax_t>> cases = {
      {1000, 1000}, {-512, full - 512}, {0, 0}, {-1'000'000'000, 0}, {1'000'000'000, full}};
  for (const auto& [size, expected] : cases) {
    ArchiveSpec cut;
    cut.edits = {truncation(size)};
    ocv::conformance::pack_archive(tmp.path() / "layout", cut, tmp.path() / "cut.tar");
    BOOST_TEST(fs::file_size(tmp.path() / "cut.tar") == expected, size);
  }
}

BOOST_AUTO_TEST_CASE(json_edits_and_member_edits_change_what_the_archive_holds) {
  TempDir tmp;
  ocv::test::LayoutBuilder(tmp.path() / "layout").write_valid_layout();
  using Op = ArchiveEdit::Op;
  ArchiveSpec spec;
  ArchiveEdit remove;
  remove.op = Op::remove_member;
  remove.member = "oci-layout";
  ArchiveEdit add;
  add.op = Op::add_member;
  add.added.path = "extra.txt";
  add.added.data = "added";
  spec.edits = {json_edit(Op::set_json, "index.json", "/annotations", R"({"k":"v"})"),
                json_edit(Op::remove_json, "index.json", "/schemaVersion"), remove, add};
  const auto out = tmp.path() / "edited.tar";
  ocv::conformance::pack_archive(tmp.path() / "layout", spec, out);
  const auto file = std::make_shared<ocv::archive::OpenFile>(out.string());
  const auto index = std::make_shared<const ocv::archive::MemberIndex>(file->fd(), "edited.tar");
  BOOST_TEST(index->find("oci-layout") == nullptr);
  const ocv::archive::ArchiveSource source(file, index, "");
  BOOST_TEST(source.read_member("extra.txt", 100).bytes == "added");
  const auto text = source.read_member("index.json", 1 << 20).bytes;
  BOOST_TEST(text.find(R"("annotations":{"k":"v"})") != std::string::npos, text);
  BOOST_TEST(text.find("schemaVersion") == std::string::npos, text);
}

// docker save writes one image per manifest: an index.json entry that is a
// nested index stands for its first manifest, entries naming one manifest
// add their tags to one manifest.json entry, and an untagged entry is an
// image with empty RepoTags. containerd's shape names each tagged entry with
// io.containerd.image.name and writes the oci-layout a layout lacks.
BOOST_AUTO_TEST_CASE(docker_shapes_merge_entries_of_one_manifest) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path() / "layout");
  const auto a = b.add_image("amd64", "linux", "a\n");
  const auto other = b.add_image("arm64", "linux", "b\n");
  const auto manifest_entry = [](const ocv::test::BuiltImage& i, std::string_view extra) {
    return fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}{}}})",
        i.manifest_digest, i.manifest.size(), extra);
  };
  const auto tag = [](std::string_view t) {
    return fmt::format(R"(,"annotations":{{"org.opencontainers.image.ref.name":"{}"}})", t);
  };
  const auto nested = b.descriptor(
      "application/vnd.oci.image.index.v1+json",
      fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",)"
                  R"("manifests":[{},{}]}})",
                  manifest_entry(a, ""), manifest_entry(other, "")),
      tag("1.0").substr(1));
  b.write_index({nested, manifest_entry(a, tag("latest")), manifest_entry(other, "")});
  ArchiveSpec spec;
  spec.shape = "docker-containerd";
  const auto out = tmp.path() / "containerd.tar";
  ocv::conformance::pack_archive(b.root(), spec, out);
  const auto file = std::make_shared<ocv::archive::OpenFile>(out.string());
  const auto index = std::make_shared<const ocv::archive::MemberIndex>(file->fd(), "out.tar");
  const ocv::archive::ArchiveSource source(file, index, "");
  BOOST_TEST(source.read_member("oci-layout", 100).bytes == R"({"imageLayoutVersion":"1.0.0"})");
  rapidjson::Document list;
  const auto text = source.read_member("manifest.json", 1 << 20).bytes;
  list.Parse(text.c_str());
  BOOST_TEST_REQUIRE(list.IsArray(), text);
  BOOST_TEST_REQUIRE(list.Size() == 2u, text);
  BOOST_TEST_REQUIRE(list[0]["RepoTags"].IsArray(), text);
  BOOST_TEST(list[0]["RepoTags"].Size() == 2u, text);
  BOOST_TEST(std::string(list[0]["RepoTags"][0].GetString()) == "ocivalidate/case:1.0", text);
  BOOST_TEST(std::string(list[0]["RepoTags"][1].GetString()) == "ocivalidate/case:latest", text);
  BOOST_TEST_REQUIRE(list[1]["RepoTags"].IsArray(), text);
  BOOST_TEST(list[1]["RepoTags"].Empty(), text);
  const auto names = source.read_member("index.json", 1 << 20).bytes;
  BOOST_TEST(names.find(R"("io.containerd.image.name":"docker.io/ocivalidate/case:1.0")") !=
                 std::string::npos,
             names);
  BOOST_TEST(names.find(R"("io.containerd.image.name":"docker.io/ocivalidate/case:latest")") !=
                 std::string::npos,
             names);
}

BOOST_AUTO_TEST_SUITE_END()
