// Safe, read-only access to a layout directory.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "tests/support/layout_builder.hpp"
#include "validator/source/layout_dir.hpp"

namespace fs = std::filesystem;
using ocv::source::FileType;
using ocv::source::LayoutDir;
using ocv::source::ReadResult;
using ocv::test::TempDir;

namespace {

// Lists every entry of blobs/ (no --max-blob-files bound).
constexpr std::uint64_t kEveryEntry = ~std::uint64_t{0};

/// Device nodes need CAP_MKNOD (root outside a restricted container).
boost::test_tools::assertion_result devices_can_be_made(boost::unit_test::test_unit_id) {
  TempDir tmp;
  const auto probe = tmp.path() / "probe";
  if (::mknod(probe.c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0) return true;
  boost::test_tools::assertion_result r(false);
  r.message() << "device nodes cannot be made here (mknod needs CAP_MKNOD)";
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layout_source)

BOOST_AUTO_TEST_CASE(reads_are_capped) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto d = b.add_blob(std::string(1000, 'x'));
  const LayoutDir layout(tmp.path());
  const auto r = layout.read_blob("sha256", d.substr(7), 10);
  BOOST_TEST((r.status == ReadResult::Status::ok));
  BOOST_TEST(r.bytes.size() == 10u);
  BOOST_TEST(r.truncated);
  BOOST_TEST(r.file_size == 1000u);
}

BOOST_AUTO_TEST_CASE(links_are_never_followed_out_of_the_layout) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  fs::create_symlink("/etc", tmp.path() / "blobs" / "etcalg");
  fs::create_symlink("/etc/hostname", tmp.path() / "blobs" / "sha256" / "link");
  fs::create_symlink("../../../../../../../../etc/hostname",
                     tmp.path() / "blobs" / "sha256" / "climb");
  const LayoutDir layout(tmp.path());
  const auto through_dir = layout.read_blob("etcalg", "hostname", 100);
  BOOST_TEST((through_dir.status == ReadResult::Status::not_regular));
  BOOST_TEST(through_dir.error.find("through blobs/etcalg") != std::string::npos,
             through_dir.error);
  BOOST_TEST(through_dir.error.find("outside the layout") != std::string::npos, through_dir.error);
  for (const char* name : {"link", "climb"}) {
    const auto r = layout.read_blob("sha256", name, 100);
    BOOST_TEST((r.status == ReadResult::Status::not_regular));
    BOOST_TEST((r.type == FileType::symlink));
    BOOST_TEST(r.bytes.empty());
    BOOST_TEST(r.error.find("outside the layout") != std::string::npos, r.error);
    std::string why;
    BOOST_TEST(!layout.open_blob("sha256", name, why));
    BOOST_TEST(
        !ocv::source::stream_blob(layout, "sha256", name, 100, [](const char*, std::size_t) {}).ok);
  }
  const auto scan = layout.scan_blobs(kEveryEntry);
  BOOST_TEST(scan.oddities.size() == 3u);
  for (const auto& facts : scan.blobs) {
    BOOST_TEST(!facts.readable, facts.path);
    BOOST_TEST(!facts.unreadable.empty(), facts.path);
  }
}

BOOST_AUTO_TEST_CASE(links_inside_the_layout_are_followed) {
  // debuerreotype writes blobs/sha256/<hex> as links to files in blobs/.
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  b.write_file("blobs/layer.tar.gz", "layer bytes");
  fs::create_symlink("../layer.tar.gz", tmp.path() / "blobs" / "sha256" / "abc");
  fs::create_directories(tmp.path() / "store");
  b.write_file("store/def", "in a linked directory");
  fs::create_symlink("../store", tmp.path() / "blobs" / "linked");
  const LayoutDir layout(tmp.path());
  const auto r = layout.read_blob("sha256", "abc", 100);
  BOOST_TEST((r.status == ReadResult::Status::ok));
  BOOST_TEST(r.bytes == "layer bytes");
  BOOST_TEST((r.type == FileType::symlink));
  const auto entry = layout.blob_entry("sha256", "abc");
  BOOST_TEST(entry.readable);
  BOOST_TEST(entry.size == 11u);
  std::string streamed;
  BOOST_TEST(
      ocv::source::stream_blob(layout, "sha256", "abc", 100, [&](const char* p, std::size_t n) {
        streamed.append(p, n);
      }).ok);
  BOOST_TEST(streamed == "layer bytes");
  BOOST_TEST(layout.read_blob("linked", "def", 100).bytes == "in a linked directory");
  // A blob simply absent from a linked directory is missing, not unreadable.
  const auto absent = layout.blob_entry("linked", "nothing");
  BOOST_TEST((absent.type == FileType::missing));
  BOOST_TEST(absent.unreadable.empty());
  // The scan finds the link readable and sized like its target.
  const auto scan = layout.scan_blobs(kEveryEntry);
  bool seen = false;
  for (const auto& facts : scan.blobs) {
    if (facts.encoded != "abc") continue;
    seen = true;
    BOOST_TEST(facts.readable);
    BOOST_TEST(facts.size == 11u);
  }
  BOOST_TEST(seen);
}

BOOST_AUTO_TEST_CASE(sources_that_say_less_get_the_plain_reading) {
  // What a source (an archive, say) leaves unsaid: a regular file is
  // readable, anything else there is not, and says what it is.
  ocv::source::BlobEntry regular;
  regular.type = FileType::regular;
  ocv::source::settle_readability(regular);
  BOOST_TEST(regular.readable);
  ocv::source::BlobEntry fifo;
  fifo.type = FileType::fifo;
  ocv::source::settle_readability(fifo);
  BOOST_TEST(!fifo.readable);
  BOOST_TEST(fifo.unreadable == "a FIFO");
  ocv::source::BlobEntry missing;
  ocv::source::settle_readability(missing);
  BOOST_TEST(!missing.readable);
  BOOST_TEST(missing.unreadable.empty());
}

BOOST_AUTO_TEST_CASE(links_that_lead_nowhere_are_unreadable) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto dir = tmp.path() / "blobs" / "sha256";
  fs::create_symlink("nothing-here", dir / "dangling");
  fs::create_symlink("loop", dir / "loop");
  fs::create_directories(dir / "subdir");
  fs::create_symlink("subdir", dir / "to-dir");
  BOOST_REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  fs::create_symlink("fifo", dir / "to-fifo");
  const LayoutDir layout(tmp.path());
  const std::pair<const char*, const char*> expected[] = {
      {"dangling", "leads to nothing"},   {"loop", "loop"},   {"subdir", "a directory"},
      {"to-dir", "leads to a directory"}, {"fifo", "a FIFO"}, {"to-fifo", "leads to a FIFO"},
  };
  for (const auto& [name, why] : expected) {
    const auto entry = layout.blob_entry("sha256", name);
    BOOST_TEST(!entry.readable, name);
    BOOST_TEST(entry.unreadable.find(why) != std::string::npos, name << ": " << entry.unreadable);
    BOOST_TEST((layout.read_blob("sha256", name, 10).status == ReadResult::Status::not_regular));
  }
}

BOOST_AUTO_TEST_CASE(fifos_are_refused_without_blocking) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto fifo = tmp.path() / "blobs" / "sha256" / "fifo";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const LayoutDir layout(tmp.path());
  const auto r = layout.read_blob("sha256", "fifo", 100);
  BOOST_TEST((r.type == FileType::fifo));
  BOOST_TEST((r.status == ReadResult::Status::not_regular));
  const auto s =
      ocv::source::stream_blob(layout, "sha256", "fifo", 100, [](const char*, std::size_t) {});
  BOOST_TEST(!s.ok);
}

// A device node among the blobs is named by its kind and never opened (a
// read of one could block, or read a disk).
BOOST_AUTO_TEST_CASE(devices_among_the_blobs_are_named_and_never_opened,
                     *boost::unit_test::precondition(devices_can_be_made)) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto dir = tmp.path() / "blobs" / "sha256";
  BOOST_REQUIRE(::mknod((dir / "chr").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0);
  BOOST_REQUIRE(::mknod((dir / "blk").c_str(), S_IFBLK | 0600, makedev(7, 0)) == 0);
  const LayoutDir layout(tmp.path());
  const auto scan = layout.scan_blobs(kEveryEntry);
  std::map<std::string, ocv::source::BlobEntry> seen;
  for (const auto& blob : scan.blobs) seen[blob.encoded] = blob;
  BOOST_TEST_REQUIRE(seen.count("chr") == 1u);
  BOOST_TEST_REQUIRE(seen.count("blk") == 1u);
  BOOST_TEST((seen["chr"].type == FileType::char_device));
  BOOST_TEST(!seen["chr"].readable);
  BOOST_TEST(seen["chr"].unreadable == "a character device");
  BOOST_TEST((seen["blk"].type == FileType::block_device));
  BOOST_TEST(seen["blk"].unreadable == "a block device");
  BOOST_TEST(std::count(scan.oddities.begin(), scan.oddities.end(),
                        std::pair<std::string, FileType>("blobs/sha256/blk",
                                                         FileType::block_device)) == 1);
  const auto r = layout.read_blob("sha256", "chr", 100);
  BOOST_TEST((r.status == ReadResult::Status::not_regular));
  BOOST_TEST((r.type == FileType::char_device));
}

BOOST_AUTO_TEST_CASE(path_components_are_checked) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const LayoutDir layout(tmp.path());
  BOOST_TEST((layout.read_blob("..", "oci-layout", 10).status == ReadResult::Status::missing));
  BOOST_TEST(
      (layout.read_blob("sha256", "../../oci-layout", 10).status == ReadResult::Status::missing));
}

BOOST_AUTO_TEST_CASE(missing_root_throws) {
  BOOST_CHECK_THROW(LayoutDir("/nonexistent/ocv"), ocv::source::SourceError);
  BOOST_CHECK_THROW(LayoutDir("/etc/hostname"), ocv::source::SourceError);
}

BOOST_AUTO_TEST_CASE(a_root_that_cannot_be_opened_says_why) {
  TempDir tmp;
  const auto message = [](const fs::path& root) {
    try {
      LayoutDir layout(root);
    } catch (const ocv::source::SourceError& e) {
      return std::string(e.what());
    }
    return std::string("opened");
  };
  BOOST_TEST(message(tmp.path() / "absent") ==
             (tmp.path() / "absent").string() + ": no such file or directory");
  std::ofstream(tmp.path() / "image.tar") << "not a directory";
  const auto archive = message(tmp.path() / "image.tar");
  BOOST_TEST(archive.find(": not a directory") != std::string::npos, archive);
  BOOST_TEST(archive.find("tar -xf " + (tmp.path() / "image.tar").string()) != std::string::npos,
             archive);
  fs::create_symlink("loop", tmp.path() / "loop");
  const auto loop = message(tmp.path() / "loop");
  BOOST_TEST(loop.find(": cannot open: ") != std::string::npos, loop);
}

// blobs/ or blobs/<alg>/ that is no directory holds no blob: every lookup
// finds nothing there, and the scan says what is there instead.
BOOST_AUTO_TEST_CASE(blob_directories_that_are_files_hold_nothing) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto d = b.add_blob("content");
  fs::remove_all(tmp.path() / "blobs");
  b.write_file("blobs", "a file");
  {
    const LayoutDir layout(tmp.path());
    const auto scan = layout.scan_blobs(kEveryEntry);
    BOOST_TEST((scan.blobs_dir == FileType::regular));
    BOOST_TEST(scan.blobs.empty());
    BOOST_TEST((layout.blob_entry("sha256", d.substr(7)).type == FileType::missing));
    BOOST_TEST((layout.read_blob("sha256", d.substr(7), 10).status == ReadResult::Status::missing));
  }
  fs::remove(tmp.path() / "blobs");
  b.write_file("blobs/sha256", "a file where the algorithm's directory belongs");
  const LayoutDir layout(tmp.path());
  const auto scan = layout.scan_blobs(kEveryEntry);
  BOOST_TEST((scan.blobs_dir == FileType::directory));
  BOOST_TEST(scan.blobs.empty());
  BOOST_TEST_REQUIRE(scan.oddities.size() == 1u);
  BOOST_TEST(scan.oddities[0].first == "blobs/sha256");
  BOOST_TEST((scan.oddities[0].second == FileType::regular));
  const auto entry = layout.blob_entry("sha256", d.substr(7));
  BOOST_TEST((entry.type == FileType::missing));
  BOOST_TEST(entry.unreadable.empty());
}

// A linked blobs/ (or blobs/<alg>/) is followed beneath the root; a link
// there that cannot be followed is named as the way through.
BOOST_AUTO_TEST_CASE(linked_blob_directories_are_followed_beneath_the_root_only) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto d = b.add_blob("content");
  fs::rename(tmp.path() / "blobs", tmp.path() / "store");
  fs::create_symlink("store", tmp.path() / "blobs");
  fs::create_symlink("nowhere", tmp.path() / "store" / "sha512");
  const LayoutDir layout(tmp.path());
  const auto r = layout.read_blob("sha256", d.substr(7), 100);
  BOOST_TEST((r.status == ReadResult::Status::ok));
  BOOST_TEST(r.bytes == "content");
  BOOST_TEST((layout.blob_entry("sha256", "0123").type == FileType::missing));
  const auto broken = layout.blob_entry("sha512", "0123");
  BOOST_TEST(!broken.readable);
  BOOST_TEST(broken.unreadable == "a path through blobs, a symbolic link that leads to nothing",
             broken.unreadable);
  // The scan lists blobs/ only when it is a directory of its own.
  BOOST_TEST((layout.scan_blobs(kEveryEntry).blobs_dir == FileType::symlink));
}

BOOST_AUTO_TEST_CASE(root_files_are_read_only_when_regular) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  b.write_file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  BOOST_REQUIRE(::mkfifo((tmp.path() / "index.json").c_str(), 0600) == 0);
  fs::create_symlink("index.json", tmp.path() / "linked.json");
  const LayoutDir layout(tmp.path());
  const auto fifo = layout.read_root_file("index.json", 100);
  BOOST_TEST((fifo.status == ReadResult::Status::not_regular));
  BOOST_TEST((fifo.type == FileType::fifo));
  const auto link = layout.read_root_file("linked.json", 100);
  BOOST_TEST((link.status == ReadResult::Status::not_regular));
  BOOST_TEST((link.type == FileType::symlink));
  BOOST_TEST((layout.read_root_file("absent.json", 100).status == ReadResult::Status::missing));
  const auto layout_file = layout.read_root_file("oci-layout", 5);
  BOOST_TEST((layout_file.status == ReadResult::Status::ok));
  BOOST_TEST(layout_file.bytes.size() == 5u);
  BOOST_TEST(layout_file.truncated);
  BOOST_TEST((layout.read_root_file("../oci-layout", 100).type == FileType::missing));
}

// A blob path is blobs/<alg>/<encoded> with two plain components: nothing
// a document names can reach another file.
BOOST_AUTO_TEST_CASE(only_plain_components_name_a_blob) {
  using ocv::source::safe_component;
  BOOST_TEST(safe_component("sha256"));
  BOOST_TEST(safe_component("..."));
  for (const std::string& bad : {std::string(), std::string("."), std::string(".."),
                                 std::string("a/b"), std::string("a\0b", 3)})
    BOOST_TEST(!safe_component(bad), bad);
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const LayoutDir layout(tmp.path());
  BOOST_TEST((layout.blob_entry(".", "sha256").type == FileType::missing));
  BOOST_TEST((layout.blob_entry("sha256", std::string("x\0y", 3)).type == FileType::missing));
}

BOOST_AUTO_TEST_CASE(streams_stop_at_the_bound) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto d = b.add_blob(std::string(3u << 20, 'z'));
  const LayoutDir layout(tmp.path());
  std::uint64_t seen = 0;
  const auto bounded = ocv::source::stream_blob(layout, "sha256", d.substr(7), (1u << 20) + 5,
                                                [&](const char*, std::size_t n) { seen += n; });
  BOOST_TEST(bounded.ok);
  BOOST_TEST(bounded.bytes_read == (1u << 20) + 5);
  BOOST_TEST(seen == (1u << 20) + 5);
  const auto whole = ocv::source::stream_blob(layout, "sha256", d.substr(7), 10u << 20,
                                              [](const char*, std::size_t) {});
  BOOST_TEST(whole.bytes_read == 3u << 20);
  const auto absent =
      ocv::source::stream_blob(layout, "sha256", "0123", 10, [](const char*, std::size_t) {});
  BOOST_TEST(!absent.ok);
  BOOST_TEST(absent.error == "missing");
}

// A socket among the blobs (left by a tool that served the layout) is
// named by its kind and never connected to; so is one reached by a link.
BOOST_AUTO_TEST_CASE(sockets_among_the_blobs_are_named_and_never_opened) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto dir = tmp.path() / "blobs" / "sha256";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  BOOST_REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const auto path = (dir / "sock").string();
  BOOST_REQUIRE(path.size() < sizeof(address.sun_path));
  std::copy(path.begin(), path.end(), address.sun_path);
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  ::close(fd);
  fs::create_symlink("sock", dir / "to-sock");
  const LayoutDir layout(tmp.path());
  const auto scan = layout.scan_blobs(kEveryEntry);
  std::map<std::string, ocv::source::BlobEntry> seen;
  for (const auto& blob : scan.blobs) seen[blob.encoded] = blob;
  BOOST_TEST_REQUIRE(seen.count("sock") == 1u);
  BOOST_TEST((seen["sock"].type == FileType::socket));
  BOOST_TEST(!seen["sock"].readable);
  BOOST_TEST(seen["sock"].unreadable == "a socket");
  BOOST_TEST(std::count(scan.oddities.begin(), scan.oddities.end(),
                        std::pair<std::string, FileType>("blobs/sha256/sock", FileType::socket)) ==
             1);
  BOOST_TEST(seen["to-sock"].unreadable == "a symbolic link that leads to a socket");
  const auto r = layout.read_blob("sha256", "sock", 100);
  BOOST_TEST((r.status == ReadResult::Status::not_regular));
  BOOST_TEST((r.type == FileType::socket));
}

// Each way a link among the blobs fails to lead to a file beneath the
// root is named: a name too long to look up, a file used as a directory,
// and, through a linked blobs/<alg>/, a way out of the layout.
BOOST_AUTO_TEST_CASE(links_that_cannot_be_followed_say_why) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  const auto dir = tmp.path() / "blobs" / "sha256";
  fs::create_symlink(std::string(300, 'n'), dir / "long");
  b.write_file("blobs/sha256/plain", "a file");
  fs::create_symlink("plain/inside", dir / "through-file");
  fs::create_symlink("/tmp", tmp.path() / "blobs" / "sha512");
  const LayoutDir layout(tmp.path());
  const std::pair<std::string, std::string> expected[] = {
      {"long", "a symbolic link that cannot be followed: File name too long"},
      {"through-file", "a symbolic link that leads to nothing"},
  };
  for (const auto& [name, why] : expected) {
    const auto entry = layout.blob_entry("sha256", name);
    BOOST_TEST(!entry.readable, name);
    BOOST_TEST((entry.type == FileType::symlink), name);
    BOOST_TEST(entry.unreadable == why, name);
  }
  const auto out = layout.blob_entry("sha512", "x");
  BOOST_TEST(!out.readable);
  BOOST_TEST(out.unreadable ==
             "a path through blobs/sha512, a symbolic link that leads outside the layout "
             "(absolute links and links climbing out with \"..\" are not followed)");
  std::string why;
  BOOST_TEST(!layout.open_blob("sha512", "x", why));
  BOOST_TEST(why == out.unreadable);
  // A plain blob is looked at without being opened.
  const auto plain = layout.blob_entry("sha256", "plain");
  BOOST_TEST((plain.type == FileType::regular));
  BOOST_TEST(plain.readable);
  BOOST_TEST(plain.size == 6u);
}

BOOST_AUTO_TEST_CASE(the_scan_lists_the_first_entries_by_name_and_counts_the_rest) {
  // Written out of name order: the scan keeps the first by name, whatever
  // order the directory hands them in. blobs/ itself is listed first.
  TempDir tmp;
  fs::create_directories(tmp.path() / "blobs" / "sha256");
  for (const char* name : {"c", "e", "a", "d", "b"})
    std::ofstream(tmp.path() / "blobs" / "sha256" / name);
  std::ofstream(tmp.path() / "blobs" / "zz");
  const LayoutDir layout(tmp.path());
  const auto paths = [](const ocv::source::BlobScan& scan) {
    std::vector<std::string> out;
    for (const auto& b : scan.blobs) out.push_back(b.path);
    return out;
  };
  auto scan = layout.scan_blobs(kEveryEntry);
  BOOST_TEST(scan.blobs.size() == 5u);
  BOOST_TEST(scan.unlisted == 0u);
  BOOST_TEST(scan.first_unlisted.empty());
  // sha256 and zz, then two of sha256's files.
  scan = layout.scan_blobs(4);
  BOOST_TEST(paths(scan) == (std::vector<std::string>{"blobs/sha256/a", "blobs/sha256/b"}),
             boost::test_tools::per_element());
  BOOST_TEST(scan.oddities.size() == 1u);
  BOOST_TEST(scan.oddities.front().first == "blobs/zz");
  BOOST_TEST(scan.unlisted == 3u);
  BOOST_TEST(scan.first_unlisted == "blobs/sha256/c");
  // Room for sha256 alone: zz and the five files are counted, not listed.
  scan = layout.scan_blobs(1);
  BOOST_TEST(scan.blobs.empty());
  BOOST_TEST(scan.oddities.empty());
  BOOST_TEST(scan.unlisted == 6u);
  BOOST_TEST(scan.first_unlisted == "blobs/sha256/a");
}

BOOST_AUTO_TEST_CASE(an_archive_listing_keeps_its_first_blobs_and_their_odd_entries) {
  // An archive's listing is built whole from its member index, then cut.
  ocv::source::BlobScan scan;
  for (const char* name : {"a", "b", "c"}) {
    auto& entry = scan.blobs.emplace_back();
    entry.path = std::string("blobs/sha256/") + name;
  }
  scan.oddities = {{"blobs/top", FileType::regular},
                   {"blobs/sha256/a", FileType::symlink},
                   {"blobs/sha256/c", FileType::directory}};
  ocv::source::keep_first_blobs(scan, 3);
  BOOST_TEST(scan.blobs.size() == 3u);
  BOOST_TEST(scan.unlisted == 0u);
  ocv::source::keep_first_blobs(scan, 1);
  BOOST_TEST(scan.blobs.size() == 1u);
  BOOST_TEST(scan.blobs.front().path == "blobs/sha256/a");
  BOOST_TEST(scan.unlisted == 2u);
  BOOST_TEST(scan.first_unlisted == "blobs/sha256/b");
  BOOST_TEST(scan.oddities.size() == 2u);  // blobs/top and the listed link stay
  BOOST_TEST(scan.oddities.back().first == "blobs/sha256/a");
}

BOOST_AUTO_TEST_SUITE_END()
