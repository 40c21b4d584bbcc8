// The member index of an image archive against members that no producer
// writes on purpose: devices, sparse files, names too long to show or too
// many to keep, data that runs past the end of the file (read in place)
// or of the stream (read once, compressed), and an archive on standard
// input that is empty or not a tar stream. Each is a problem with a clear
// message or a stop with one; nothing is followed, nothing is written.
#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <tuple>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "apps/conformance/archive_pack.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/tar_writer.hpp"
#include "validator/archive/archive_source.hpp"
#include "validator/archive/docker_archive.hpp"
#include "validator/archive/input.hpp"
#include "validator/archive/member_index.hpp"
#include "validator/digest/digest.hpp"

namespace fs = std::filesystem;
using Kind = ocv::source::MemberProblem::Kind;
using ocv::conformance::TarMember;
using ocv::source::FileType;
using ocv::test::TempDir;

namespace {

// Lists every entry of blobs/ (no --max-blob-files bound).
constexpr std::uint64_t kEveryEntry = ~std::uint64_t{0};

TarMember member(std::string path, char type = '0', std::string data = "") {
  TarMember m;
  m.path = std::move(path);
  m.type = type;
  m.data = std::move(data);
  return m;
}

fs::path write(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// The index of the tar file at `path`.
std::shared_ptr<const ocv::archive::MemberIndex> index_of(
    const std::shared_ptr<ocv::archive::OpenFile>& file,
    const ocv::archive::IndexLimits& limits = {}) {
  return std::make_shared<const ocv::archive::MemberIndex>(file->fd(), "x.tar", limits);
}

const ocv::source::MemberProblem* problem(const ocv::archive::MemberIndex& index, Kind kind) {
  for (const auto& p : index.problems())
    if (p.kind == kind) return &p;
  return nullptr;
}

/// A one-image oci-archive of a fresh layout, as bytes (uncompressed).
std::string image_archive(const fs::path& dir,
                          std::vector<ocv::conformance::ArchiveEdit> edits = {},
                          const std::string& shape = "oci-archive") {
  ocv::test::LayoutBuilder(dir / "layout").write_valid_layout();
  ocv::conformance::ArchiveSpec spec;
  spec.shape = shape;
  spec.edits = std::move(edits);
  const auto out = dir / "image.tar";
  ocv::conformance::pack_archive(dir / "layout", spec, out);
  return read_all(out);
}

/// Standard input of this process read from `path` while it lives.
class StdinFrom {
 public:
  explicit StdinFrom(const fs::path& path) : saved_(::dup(STDIN_FILENO)) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    BOOST_REQUIRE(fd >= 0 && saved_ >= 0);
    ::dup2(fd, STDIN_FILENO);
    ::close(fd);
  }
  ~StdinFrom() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }
  StdinFrom(const StdinFrom&) = delete;
  StdinFrom& operator=(const StdinFrom&) = delete;

 private:
  int saved_;
};

/// The message open_input stops with, or "" when it opens the input.
std::string open_error(const std::string& input) {
  try {
    ocv::archive::open_input(ocv::archive::parse_input(input));
  } catch (const ocv::source::SourceError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_members)

BOOST_AUTO_TEST_CASE(devices_and_sparse_members_are_problems_named_by_kind) {
  TempDir tmp;
  TarMember sparse = member("sparse.bin", '0', "xy");
  sparse.pax = {
      {"GNU.sparse.size", "4096"}, {"GNU.sparse.numblocks", "2"}, {"GNU.sparse.map", "0,1,4095,1"}};
  const auto path = write(tmp.path() / "x.tar",
                          ocv::conformance::tar_of({member("disk", '4'), sparse, member("plain")}));
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  const auto index = index_of(file);
  const auto* device = problem(*index, Kind::special);
  BOOST_TEST_REQUIRE(device != nullptr);
  BOOST_TEST(device->member == "disk");
  BOOST_TEST(device->detail == "a block device in an image archive");
  const auto* holes = problem(*index, Kind::sparse);
  BOOST_TEST_REQUIRE(holes != nullptr);
  BOOST_TEST(holes->member == "sparse.bin");
  // Only those two: a sparse member's size counts its holes, so it is no
  // truncation that its stored data is shorter.
  std::string all;
  for (const auto& p : index->problems()) all += p.member + ": " + p.detail + "\n";
  BOOST_TEST(index->problems().size() == 2u, all);
  // A sparse member's data is not where a reader would look: not readable.
  const ocv::archive::ArchiveSource source(file, index, "");
  BOOST_TEST((source.member_type("sparse.bin", true).first == FileType::other));
  std::string why;
  BOOST_TEST(!source.open_member("sparse.bin", why));
  BOOST_TEST(why == "special file");
  BOOST_TEST((source.member_type("disk", true).first == FileType::block_device));
  BOOST_TEST((source.read_member("plain", 10).status == ocv::source::ReadResult::Status::ok));
}

BOOST_AUTO_TEST_CASE(a_very_long_member_name_is_shown_shortened_with_its_length) {
  TempDir tmp;
  const std::string name = "../" + std::string(300, 'n');
  const auto path = write(tmp.path() / "x.tar", ocv::conformance::tar_of({member(name)}));
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  const auto index = index_of(file);
  BOOST_TEST_REQUIRE(index->problems().size() == 1u);
  const auto& p = index->problems()[0];
  BOOST_TEST((p.kind == Kind::unsafe_name));
  BOOST_TEST(p.member == name.substr(0, 200) + "… (303 bytes)");
}

BOOST_AUTO_TEST_CASE(problems_beyond_the_limit_are_counted_not_kept) {
  TempDir tmp;
  std::vector<TarMember> members;
  for (int i = 0; i < 5; ++i) members.push_back(member(fmt::format("/abs{}", i)));
  const auto path = write(tmp.path() / "x.tar", ocv::conformance::tar_of(members));
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  ocv::archive::IndexLimits limits;
  limits.max_problems = 2;
  const auto index = index_of(file, limits);
  BOOST_TEST_REQUIRE(index->problems().size() == 2u);
  BOOST_TEST(index->problems()[1].member == "/abs1");
  BOOST_TEST(index->problems_dropped() == 3u);
}

BOOST_AUTO_TEST_CASE(names_longer_than_the_limit_in_all_stop_with_a_message) {
  TempDir tmp;
  std::vector<TarMember> members;
  for (int i = 0; i < 3; ++i)
    members.push_back(member(fmt::format("{}{}", i, std::string(59, 'n'))));
  const auto path = write(tmp.path() / "x.tar", ocv::conformance::tar_of(members));
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  ocv::archive::IndexLimits limits;
  limits.max_name_bytes = 150;  // the third name passes it
  try {
    index_of(file, limits);
    BOOST_FAIL("the name limit was not applied");
  } catch (const ocv::source::SourceError& e) {
    BOOST_TEST(std::string(e.what()) ==
                   "x.tar: member names longer than 150 bytes in all; not read any further",
               e.what());
  }
  limits.max_name_bytes = 180;  // all three fit
  BOOST_TEST(index_of(file, limits)->members().size() == 3u);
}

BOOST_AUTO_TEST_CASE(data_that_runs_past_the_end_of_the_file_is_truncated_and_not_read) {
  TempDir tmp;
  auto bytes = ocv::conformance::tar_of(
      {member("small", '0', "abc"), member("big", '0', ocv::test::incompressible(20000))});
  bytes.resize(512 * 3 + 5000);  // small's header and data, big's header, 5000 bytes of big
  const auto path = write(tmp.path() / "x.tar", bytes);
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  const auto index = index_of(file);
  const auto* cut = problem(*index, Kind::truncated);
  BOOST_TEST_REQUIRE(cut != nullptr);
  BOOST_TEST(cut->member == "big");
  BOOST_TEST(cut->detail.find("20000 bytes of data claimed at offset 1536, but the archive holds "
                              "6536") != std::string::npos,
             cut->detail);
  // The member before it reads whole; the cut one says where the archive ends.
  const ocv::archive::ArchiveSource source(file, index, "");
  BOOST_TEST(source.read_member("small", 10).bytes == "abc");
  const auto r = source.read_member("big", 30000);
  BOOST_TEST((r.status == ocv::source::ReadResult::Status::io_error));
  BOOST_TEST(r.error == "the archive ends 15000 bytes before the member does", r.error);
  BOOST_TEST(r.bytes.size() == 5000u);
}

BOOST_AUTO_TEST_CASE(a_compressed_stream_cut_inside_a_member_is_truncated_there) {
  TempDir tmp;
  ocv::conformance::ArchiveEdit extra;
  extra.op = ocv::conformance::ArchiveEdit::Op::add_member;
  extra.added = member("extra.bin", '0', ocv::test::incompressible(300000));
  auto gz = ocv::conformance::gzip(image_archive(tmp.path(), {extra}));
  gz.resize(gz.size() - 100000);  // inside extra.bin, which cannot be compressed
  const auto path = write(tmp.path() / "cut.tar.gz", gz);
  const auto opened = ocv::archive::open_input(ocv::archive::parse_input(path.string()));
  const auto* facts = opened.source->archive_facts();
  BOOST_TEST_REQUIRE(facts != nullptr);
  const auto cut = std::find_if(facts->problems.begin(), facts->problems.end(),
                                [](const auto& p) { return p.kind == Kind::truncated; });
  BOOST_TEST_REQUIRE((cut != facts->problems.end()));
  BOOST_TEST(cut->member == "extra.bin");
  BOOST_TEST(cut->detail.find("the data could not be read") == 0u, cut->detail);
}

BOOST_AUTO_TEST_CASE(a_spool_directory_that_cannot_be_used_is_named) {
  TempDir tmp;
  const auto path =
      write(tmp.path() / "image.tar.gz", ocv::conformance::gzip(image_archive(tmp.path())));
  const char* before = std::getenv("TMPDIR");
  const std::optional<std::string> saved =
      before ? std::optional<std::string>(before) : std::nullopt;
  const auto missing = (tmp.path() / "no-such-dir").string();
  ::setenv("TMPDIR", missing.c_str(), 1);
  const auto error = open_error(path.string());
  if (saved)
    ::setenv("TMPDIR", saved->c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  BOOST_TEST(error.find("cannot create a spool file in " + missing) == 0u, error);
  // With a usable directory the same archive opens.
  BOOST_TEST(open_error(path.string()).empty());
}

BOOST_AUTO_TEST_CASE(standard_input_must_be_a_tar_stream) {
  TempDir tmp;
  {
    StdinFrom in(write(tmp.path() / "empty", ""));
    BOOST_TEST(open_error("-") == "standard input is empty (expected a tar stream)");
  }
  {
    StdinFrom in(write(tmp.path() / "bz2", "BZh91AY&SY" + std::string(600, 'x')));
    BOOST_TEST(open_error("-") == "standard input is not a tar stream (plain, gzip or zstd)");
  }
  {
    StdinFrom in(write(tmp.path() / "image.tar", image_archive(tmp.path())));
    BOOST_TEST(open_error("-").empty());
  }
}

BOOST_AUTO_TEST_CASE(an_archive_transport_naming_a_directory_says_to_use_oci) {
  TempDir tmp;
  const auto dir = tmp.path().string();
  for (const std::string transport : {"oci-archive", "docker-archive"})
    BOOST_TEST(open_error(transport + ":" + dir) ==
                   fmt::format("{0}: a directory, but {1}: names an archive file; use oci:{0}", dir,
                               transport),
               transport);
}

// A `docker save` archive before Docker 25 has no layout: the source makes
// up index.json, oci-layout and a manifest per image, and serves the
// archive's config and layer members under their digests. What it does not
// hold is missing, whichever way it is asked for.
BOOST_AUTO_TEST_CASE(a_legacy_docker_archive_serves_what_it_made_up_and_nothing_else) {
  TempDir tmp;
  const auto path =
      write(tmp.path() / "docker.tar", image_archive(tmp.path(), {}, "docker-archive"));
  const auto opened = ocv::archive::open_input(ocv::archive::parse_input(path.string()));
  BOOST_TEST(opened.kind == "docker-archive");
  const auto& source = *opened.source;
  const auto root = source.list_root();
  BOOST_TEST_REQUIRE(root.size() == 3u);
  BOOST_TEST(root[0].first == "blobs");
  BOOST_TEST(root[1].first == "index.json");
  BOOST_TEST(root[2].first == "oci-layout");
  // Every blob the scan lists has the type and size the source reports for it.
  const auto scan = source.scan_blobs(kEveryEntry);
  BOOST_TEST_REQUIRE(scan.blobs.size() >= 3u);  // a manifest, the config, a layer
  for (const auto& blob : scan.blobs) {
    const auto entry = source.blob_entry(blob.algorithm, blob.encoded);
    BOOST_TEST((entry.type == FileType::regular), blob.path);
    BOOST_TEST(entry.size == blob.size, blob.path);
    BOOST_TEST(entry.readable, blob.path);
  }
  const std::string nothing(64, '0');
  BOOST_TEST((source.blob_entry("sha256", nothing).type == FileType::missing));
  BOOST_TEST((source.read_blob("sha256", nothing, 100).status ==
              ocv::source::ReadResult::Status::missing));
  BOOST_TEST((source.read_root_file("manifest.json", 100).status ==
              ocv::source::ReadResult::Status::missing));
  std::string why;
  BOOST_TEST(!source.open_blob("sha256", nothing, why));
  BOOST_TEST(why == "missing");
}

// Links in an archive are followed inside it only (as a directory follows
// them beneath its root); what cannot be followed is named, and a name
// written twice is a problem unless both are directories.
BOOST_AUTO_TEST_CASE(links_are_followed_inside_the_archive_only) {
  TempDir tmp;
  const auto link = [](std::string path, char type, std::string target) {
    auto m = member(std::move(path), type);
    m.link = std::move(target);
    return m;
  };
  const std::string content = "blob bytes";
  const auto path =
      write(tmp.path() / "links.tar", ocv::conformance::tar_of({
                                          member("blobs/", '5'),
                                          member("blobs/", '5'),
                                          member("blobs/sha256/", '5'),
                                          member("blobs/sha256/aaa", '0', content),
                                          link("blobs/sha256/soft", '2', "aaa"),
                                          link("blobs/sha256/hard", '1', "blobs/sha256/aaa"),
                                          link("blobs/sha256/out", '2', "../../../etc/passwd"),
                                          link("blobs/sha256/abs", '1', "/etc/passwd"),
                                          link("blobs/sha256/to-dir", '2', ".."),
                                          link("blobs/sha256/loop-a", '2', "loop-b"),
                                          link("blobs/sha256/loop-b", '2', "loop-a"),
                                          member("blobs/sha256/fifo", '6'),
                                          member("blobs/sha256/twice", '0', "first"),
                                          member("blobs/sha256/twice", '0', "second"),
                                      }));
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  const auto index = index_of(file);
  std::map<std::string, std::string> problems;  // member -> detail
  for (const auto& p : index->problems()) problems[p.member] += p.detail;
  BOOST_TEST(problems.count("blobs/") == 0u);  // a directory written twice is no problem
  BOOST_TEST(problems["blobs/sha256/out"] ==
             "symbolic link to ../../../etc/passwd, which leaves the archive");
  BOOST_TEST(problems["blobs/sha256/abs"] == "hard link to /etc/passwd, outside the archive");
  BOOST_TEST(problems["blobs/sha256/twice"].find("the name appears more than once") !=
             std::string::npos);
  BOOST_TEST(problems["blobs/sha256/fifo"] == "a FIFO in an image archive");
  BOOST_TEST(problems.count("blobs/sha256/soft") == 0u);
  BOOST_TEST(problems.count("blobs/sha256/hard") == 0u);

  const ocv::archive::ArchiveSource source(file, index, "");
  for (const char* name : {"aaa", "soft", "hard"}) {
    const auto entry = source.blob_entry("sha256", name);
    BOOST_TEST(entry.readable, name);
    BOOST_TEST(entry.size == content.size(), name);
    BOOST_TEST(source.read_blob("sha256", name, 100).bytes == content, name);
  }
  BOOST_TEST((source.blob_entry("sha256", "soft").type == FileType::symlink));
  const std::map<std::string, std::string> unreadable = {
      {"out", "a symbolic link that leads outside the archive or to nothing in it"},
      {"loop-a", "a symbolic link that leads outside the archive or to nothing in it"},
      {"to-dir", "a symbolic link to a directory"},
      {"abs", "a special file"},
      {"fifo", "a FIFO"},
  };
  for (const auto& [name, why] : unreadable) {
    const auto entry = source.blob_entry("sha256", name);
    BOOST_TEST(!entry.readable, name);
    BOOST_TEST(entry.unreadable == why, name);
    BOOST_TEST(
        (source.read_blob("sha256", name, 100).status != ocv::source::ReadResult::Status::ok),
        name);
  }
  // The last copy of a name written twice is the one read.
  BOOST_TEST(source.read_blob("sha256", "twice", 100).bytes == "second");
  BOOST_TEST((source.blob_entry("..", "aaa").type == FileType::missing));
  BOOST_TEST((source.blob_entry("sha256", "absent").type == FileType::missing));
}

// docker load reads manifest.json entry by entry; what an entry does not
// say (a config, tags, layers that are strings and stay inside the
// archive) is left out of the layout made up from it, and rules report it.
// The made-up manifests name layers by the config's diff_ids when they are
// sha256 digests, else by a name of their own, and give each the
// compression its first bytes show.
BOOST_AUTO_TEST_CASE(a_legacy_manifest_json_is_read_entry_by_entry) {
  TempDir tmp;
  const std::string gzip_layer("\x1f\x8b\x08\x00 gzip layer bytes", 20);
  const std::string zstd_layer("\x28\xb5\x2f\xfd zstd layer bytes", 21);
  const std::string diff_id = "sha256:" + std::string(64, 'd');
  const std::string config = fmt::format(
      R"({{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}", 5]}}}})",
      diff_id);
  const std::string manifest = R"(["not an object",)"
                               R"({"Config":"cfg.json","RepoTags":["app:1", 5, "app:2"],)"
                               R"("Layers":["gz.tar", 7, "zst.tar", "../escape.tar", "out.tar"]},)"
                               R"({"Config":3,"Layers":"gz.tar"}])";
  auto out_link = member("out.tar", '2');
  out_link.link = "/etc/passwd";
  const auto path =
      write(tmp.path() / "legacy.tar",
            ocv::conformance::tar_of(
                {member("manifest.json", '0', manifest), member("cfg.json", '0', config),
                 member("gz.tar", '0', gzip_layer), member("zst.tar", '0', zstd_layer), out_link}));
  const auto opened = ocv::archive::open_input(ocv::archive::parse_input(path.string()));
  BOOST_TEST(opened.kind == "docker-archive");
  const auto* facts = opened.source->archive_facts();
  BOOST_TEST_REQUIRE(facts != nullptr);
  BOOST_TEST_REQUIRE(facts->docker_images.size() == 3u);
  const auto& none = facts->docker_images[0];
  BOOST_TEST(!none.config.has_value());
  BOOST_TEST(none.layers.empty());
  const auto& image = facts->docker_images[1];
  BOOST_TEST_REQUIRE(image.config.has_value());
  BOOST_TEST(image.config->pointer == "/1/Config");
  BOOST_TEST(image.config_digest.value_or("") == ocv::test::sha256_digest(config));
  BOOST_TEST((image.repo_tags == std::vector<std::string>{"app:1", "app:2"}));
  BOOST_TEST_REQUIRE(image.layers.size() == 4u);  // 7 is not a path
  BOOST_TEST(image.layers[1].pointer == "/1/Layers/2");
  BOOST_TEST(!image.layers[0].leaves_archive);
  BOOST_TEST(image.layers[2].leaves_archive);  // ../escape.tar
  BOOST_TEST(image.layers[3].leaves_archive);  // a link to /etc/passwd
  BOOST_TEST(!facts->docker_images[2].config.has_value());
  BOOST_TEST(facts->docker_images[2].layers.empty());

  // The made-up index: one entry per tag, one without a name per untagged image.
  const auto index_read = opened.source->read_root_file("index.json", 1u << 20);
  rapidjson::Document index;
  index.Parse(index_read.bytes.c_str());
  BOOST_TEST_REQUIRE(index.IsObject(), index_read.bytes);
  const auto& entries = index["manifests"];
  BOOST_TEST_REQUIRE(entries.Size() == 4u);
  BOOST_TEST(!entries[0].HasMember("annotations"));
  BOOST_TEST(entries[1]["annotations"]["org.opencontainers.image.ref.name"].GetString() ==
             std::string("app:1"));
  BOOST_TEST(entries[2]["annotations"]["org.opencontainers.image.ref.name"].GetString() ==
             std::string("app:2"));
  BOOST_TEST(std::string(entries[1]["digest"].GetString()) == entries[2]["digest"].GetString());
  const std::string digest = entries[1]["digest"].GetString();
  const auto made_up = opened.source->read_blob("sha256", digest.substr(7), 1u << 20);
  rapidjson::Document m;
  m.Parse(made_up.bytes.c_str());
  BOOST_TEST_REQUIRE(m.IsObject(), made_up.bytes);
  BOOST_TEST(m["config"]["digest"].GetString() == ocv::test::sha256_digest(config));
  const auto& layers = m["layers"];
  BOOST_TEST_REQUIRE(layers.Size() == 4u);
  BOOST_TEST(layers[0]["digest"].GetString() == diff_id);
  BOOST_TEST(layers[0]["mediaType"].GetString() ==
             std::string("application/vnd.oci.image.layer.v1.tar+gzip"));
  BOOST_TEST(layers[0]["size"].GetUint64() == gzip_layer.size());
  // The second diff_id is no digest: the layer gets a name of its own.
  BOOST_TEST(layers[1]["digest"].GetString() != diff_id);
  BOOST_TEST(layers[1]["mediaType"].GetString() ==
             std::string("application/vnd.oci.image.layer.v1.tar+zstd"));
  for (rapidjson::SizeType i : {2u, 3u}) {
    BOOST_TEST(layers[i]["mediaType"].GetString() ==
               std::string("application/vnd.oci.image.layer.v1.tar"));
    BOOST_TEST(layers[i]["size"].GetUint64() == 0u);
  }
  // The layers it could read are blobs of the made-up layout.
  BOOST_TEST(opened.source->read_blob("sha256", diff_id.substr(7), 100).bytes == gzip_layer);
}

// A link's target is resolved from the link's own directory, and must stay
// inside the archive (as tar -x with --no-absolute-names / docker load).
BOOST_AUTO_TEST_CASE(link_targets_resolve_from_the_link_s_directory) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"a/b/link", "c", "a/b/c"},  {"link", "x/../y", "y"},   {"./a/./link", "./c", "a/c"},
      {"a/b/link", "../c", "a/c"}, {"a/link", "../../x", ""}, {"a/link", "/etc/passwd", ""},
      {"a/link", "", ""},
  };
  for (const auto& [link, target, resolved] : cases)
    BOOST_TEST(ocv::archive::resolve_link_target(link, target) == resolved,
               link << " -> " << target);
}

// A header that cannot be read ends the index where it is: the first one
// means the file is no tar archive at all; a later one is a problem of the
// archive, and the members before it are kept.
BOOST_AUTO_TEST_CASE(an_unreadable_header_ends_the_index_there) {
  TempDir tmp;
  const std::string garbage(1024, 'g');
  const auto first = write(tmp.path() / "garbage.tar", garbage);
  try {
    const ocv::archive::OpenFile file(first.string());
    const ocv::archive::MemberIndex index(file.fd(), "garbage.tar");
    BOOST_ERROR("garbage was read as a tar archive");
  } catch (const ocv::source::SourceError& e) {
    BOOST_TEST(std::string(e.what()).starts_with("garbage.tar: not a tar archive ("), e.what());
  }
  auto tar = ocv::conformance::tar_of({member("a", '0', "x"), member("b", '0', "y")});
  tar.replace(1024, 512, std::string(512, 'g'));  // the second member's header
  const auto later = write(tmp.path() / "later.tar", tar);
  const auto file = std::make_shared<ocv::archive::OpenFile>(later.string());
  const auto index = index_of(file);
  BOOST_TEST(index->find("a") != nullptr);
  BOOST_TEST(index->find("b") == nullptr);
  const auto* broken = problem(*index, Kind::unreadable);
  BOOST_TEST_REQUIRE(broken != nullptr);
  BOOST_TEST(broken->member.empty());
  BOOST_TEST(broken->detail.starts_with("after 1 members: "), broken->detail);
}

BOOST_AUTO_TEST_CASE(character_devices_and_sockets_are_special) {
  TempDir tmp;
  const auto path =
      write(tmp.path() / "x.tar",
            ocv::conformance::tar_of({member("tty", '3'), member("plain", '0', "p")}));
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  const auto index = index_of(file);
  BOOST_TEST_REQUIRE(index->problems().size() == 1u);
  BOOST_TEST(index->problems()[0].member == "tty");
  BOOST_TEST(index->problems()[0].detail == "a character device in an image archive");
  BOOST_TEST((index->find("tty")->type == FileType::char_device));
}

// The layout's directory inside an archive: the root when a layout file
// is there, else the one directory every member is below.
BOOST_AUTO_TEST_CASE(the_layout_root_is_the_one_directory_that_holds_everything) {
  TempDir tmp;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"img/oci-layout", "img/index.json", "img/blobs/sha256/a"}, "img/"},
      {{"./img/index.json"}, "img/"},
      {{"img/", "img/index.json"}, "img/"},
      {{"oci-layout", "img/index.json"}, ""},
      {{"blobs/sha256/a"}, ""},
      {{"repositories", "x/layer.tar"}, ""},
      {{"a/index.json", "b/index.json"}, ""},
      {{"img", "img2/index.json"}, ""},
      {{}, ""},
  };
  int n = 0;
  for (const auto& [names, root] : cases) {
    std::vector<TarMember> members;
    for (const auto& name : names)
      members.push_back(member(name, name.ends_with('/') ? '5' : '0', "{}"));
    const auto path =
        write(tmp.path() / fmt::format("{}.tar", n++),
              members.empty() ? std::string(1024, '\0') : ocv::conformance::tar_of(members));
    const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
    BOOST_TEST(ocv::archive::layout_root(*index_of(file)) == root, fmt::format("{}", names.size()));
  }
}

// Why a blob cannot be opened, as the layer and digest checks quote it.
BOOST_AUTO_TEST_CASE(a_blob_that_cannot_be_opened_says_why) {
  TempDir tmp;
  auto soft = member("blobs/sha256/soft", '2');
  soft.link = "nowhere";
  auto to_dir = member("blobs/sha256/to-dir", '2');
  to_dir.link = "../sha256";
  const auto path = write(
      tmp.path() / "x.tar",
      ocv::conformance::tar_of(
          {member("blobs/sha256/", '5'), member("blobs/sha256/ok", '0', "content"),
           member("blobs/sha256/fifo", '6'), soft, to_dir, member("blobs/sha256/dir/", '5')}));
  const auto file = std::make_shared<ocv::archive::OpenFile>(path.string());
  const ocv::archive::ArchiveSource source(file, index_of(file), "");
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"sha256", "ok", ""},
      {"..", "ok", "invalid blob name"},
      {"sha256", "a/b", "invalid blob name"},
      {"sha256", "absent", "missing"},
      {"sha256", "fifo", "a FIFO"},
      {"sha256", "dir", "a directory"},
      {"sha256", "soft", "a symbolic link that leads outside the archive or to nothing in it"},
      {"sha256", "to-dir", "a symbolic link to a directory"},
  };
  for (const auto& [alg, encoded, why] : cases) {
    std::string said;
    const auto reader = source.open_blob(alg, encoded, said);
    BOOST_TEST((reader != nullptr) == why.empty(), encoded);
    BOOST_TEST(said == why, encoded);
  }
  std::string why;
  BOOST_TEST(!source.open_member("blobs/sha256/fifo", why));
  BOOST_TEST(why == "FIFO");
  // Root files: only plain names, and a link is reported as one.
  BOOST_TEST(
      (source.read_root_file("../x", 10).status == ocv::source::ReadResult::Status::missing));
  BOOST_TEST((source.read_member("blobs/sha256/dir", 10).status ==
              ocv::source::ReadResult::Status::not_regular));
}

// The made-up manifest of a legacy archive names a layer by the config's
// diff_id only when the config is an object whose rootfs.diff_ids is an
// array holding a sha256 digest at the layer's place, and only for the
// first file that diff_id names; the media type comes from the first four
// bytes, and a file too short to show them is a plain tar.
BOOST_AUTO_TEST_CASE(a_legacy_layer_is_named_by_its_diff_id_only_where_the_config_gives_one) {
  TempDir tmp;
  const auto d = [](char c) { return "sha256:" + std::string(64, c); };
  const auto own_name = [](const std::string& file) {
    return "sha256:" + ocv::digest::hash_hex("sha256", "layer:" + file);
  };
  const std::string manifest =
      R"([{"Config":"cfg.json","Layers":["a.tar","b.tar","a.tar","c.tar","d.tar","e.tar"]}])";
  /// The made-up manifest's layers (digest, media type) for `config`.
  const auto layers_with = [&](const std::string& config) {
    const auto path =
        write(tmp.path() / "legacy.tar",
              ocv::conformance::tar_of({member("manifest.json", '0', manifest),
                                        member("cfg.json", '0', config), member("a.tar", '0', "ab"),
                                        member("b.tar", '0', std::string("\x1f\x00\x00\x00", 4)),
                                        member("c.tar", '0', std::string("\x28\xb5\x2f\x00", 4)),
                                        member("d.tar", '0', std::string("\x28\x00\x00\x00", 4)),
                                        member("e.tar", '0', std::string("\x28\xb5\x00\x00", 4))}));
    const auto opened = ocv::archive::open_input(ocv::archive::parse_input(path.string()));
    rapidjson::Document index;
    index.Parse(opened.source->read_root_file("index.json", 1u << 20).bytes.c_str());
    const std::string digest = index["manifests"][0]["digest"].GetString();
    rapidjson::Document m;
    m.Parse(opened.source->read_blob("sha256", digest.substr(7), 1u << 20).bytes.c_str());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& l : m["layers"].GetArray())
      out.emplace_back(l["digest"].GetString(), l["mediaType"].GetString());
    return out;
  };
  const std::string plain = "application/vnd.oci.image.layer.v1.tar";
  const auto names = [&](const std::vector<std::string>& digests) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& digest : digests) out.emplace_back(digest, plain);
    return out;
  };
  const std::vector<std::string> own = {own_name("a.tar"), own_name("b.tar"), own_name("a.tar"),
                                        own_name("c.tar"), own_name("d.tar"), own_name("e.tar")};
  for (const auto* config :
       {"{", "[]", "{}", R"({"rootfs":1})", R"({"rootfs":{}})", R"({"rootfs":{"diff_ids":"x"}})"})
    BOOST_TEST((layers_with(config) == names(own)), config);
  // b.tar's diff_id is a.tar's: it keeps a name of its own. a.tar again is
  // the same blob. Digests of another algorithm, or not in digest form, name
  // nothing.
  const auto config =
      fmt::format(R"({{"rootfs":{{"diff_ids":["{}","{}","{}","{}","{}"]}}}})", d('a'), d('a'),
                  d('a'), "sha512:" + std::string(128, 'c'), "sha256:" + std::string(64, 'D'));
  BOOST_TEST((layers_with(config) == names({d('a'), own_name("b.tar"), d('a'), own_name("c.tar"),
                                            own_name("d.tar"), own_name("e.tar")})));
}

// A directory may appear twice (tar -r, layered tools); any other name that
// appears again is a problem, a file after a directory of its name too.
BOOST_AUTO_TEST_CASE(only_a_directory_may_appear_twice) {
  TempDir tmp;
  auto file = std::make_shared<ocv::archive::OpenFile>(
      write(tmp.path() / "x.tar",
            ocv::conformance::tar_of({member("d/", '5'), member("d/", '5'), member("e/", '5'),
                                      member("e", '0', "x"), member("f", '0', "1"),
                                      member("f", '0', "2")}))
          .string());
  const auto index = index_of(file);
  std::vector<std::string> duplicates;
  for (const auto& p : index->problems()) {
    BOOST_TEST((p.kind == Kind::duplicate));
    duplicates.push_back(p.member);
  }
  BOOST_TEST((duplicates == std::vector<std::string>{"e", "f"}));
  BOOST_TEST((index->find("e")->type == FileType::regular));
}

// A compressed stream is taken for a tar stream until libarchive reads what
// it holds: on standard input, and in a file read as a stream.
BOOST_AUTO_TEST_CASE(a_stream_that_is_no_tar_after_all_is_named_as_such) {
  TempDir tmp;
  std::string text;
  for (int i = 0; i < 40; ++i) text += "this is a text file, not a tar archive\n";
  const auto gz = write(tmp.path() / "text.gz", ocv::test::gzip(text));
  {
    StdinFrom in(write(tmp.path() / "text.zst", ocv::test::zstd(text)));
    BOOST_TEST(open_error("-") ==
               "standard input: not a tar archive (Unrecognized archive format)");
  }
  BOOST_TEST(open_error(gz.string()) ==
             gz.string() + ": not a tar archive (Unrecognized archive format)");
}

// libarchive reads past a pax record it cannot parse and warns: the member
// the header extends is kept, and the warning is a problem of that member.
BOOST_AUTO_TEST_CASE(a_malformed_pax_record_is_a_problem_of_the_member_it_extends) {
  TempDir tmp;
  auto file = std::make_shared<ocv::archive::OpenFile>(
      write(tmp.path() / "x.tar",
            ocv::conformance::tar_of({member("PaxHeader/oci-layout", 'x', "5 a=bcd\n"),
                                      member("oci-layout", '0', "{}"), member("index.json")}))
          .string());
  const auto index = index_of(file);
  BOOST_TEST_REQUIRE(index->problems().size() == 1u);
  const auto& p = index->problems()[0];
  BOOST_TEST((p.kind == Kind::unreadable));
  BOOST_TEST(p.member == "oci-layout");
  BOOST_TEST(p.detail == "Ignoring malformed pax extended attribute");
  BOOST_TEST(index->find("oci-layout") != nullptr);
  BOOST_TEST(index->find("index.json") != nullptr);
}

// Whether an archive holds a layout is told by any of its three names;
// when it holds none, the message names the directory it looked in.
BOOST_AUTO_TEST_CASE(an_archive_is_an_oci_layout_by_any_of_its_names) {
  TempDir tmp;
  const std::vector<std::pair<std::string, std::vector<TarMember>>> layouts = {
      {"index.json", {member("index.json", '0', "{}")}},
      {"blobs", {member("blobs/sha256/", '5')}},
  };
  for (const auto& [name, members] : layouts) {
    const auto path = write(tmp.path() / (name + ".tar"), ocv::conformance::tar_of(members));
    const auto opened = ocv::archive::open_input(ocv::archive::parse_input(path.string()));
    BOOST_TEST(opened.kind == "oci-archive", name);
    // Named as a docker-archive, an OCI layout without manifest.json is read
    // as the layout it is.
    const auto as_docker =
        ocv::archive::open_input(ocv::archive::parse_input("docker-archive:" + path.string()));
    BOOST_TEST(as_docker.kind == "docker-archive", name);
    BOOST_TEST(
        (as_docker.source->read_root_file(name == "blobs" ? "index.json" : name, 10).status ==
         (name == "blobs" ? ocv::source::ReadResult::Status::missing
                          : ocv::source::ReadResult::Status::ok)),
        name);
  }
  const auto other = write(tmp.path() / "other.tar",
                           ocv::conformance::tar_of({member("top/", '5'), member("top/a.txt")}));
  BOOST_TEST(open_error(other.string()) ==
             other.string() +
                 ": not an image archive (no oci-layout, index.json, blobs/ or manifest.json in "
                 "top/)");
}

BOOST_AUTO_TEST_SUITE_END()
