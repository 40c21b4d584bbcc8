// Safe, read-only access to a layout directory.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "tests/support/layout_builder.hpp"
#include "validator/source/layout_dir.hpp"

namespace fs = std::filesystem;
using ocv::source::FileType;
using ocv::source::LayoutDir;
using ocv::source::ReadResult;
using ocv::test::TempDir;

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

BOOST_AUTO_TEST_CASE(links_are_never_followed) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  fs::create_symlink("/etc", tmp.path() / "blobs" / "etcalg");
  fs::create_symlink("/etc/hostname", tmp.path() / "blobs" / "sha256" / "link");
  const LayoutDir layout(tmp.path());
  BOOST_TEST((layout.read_blob("etcalg", "hostname", 100).status == ReadResult::Status::missing));
  const auto r = layout.read_blob("sha256", "link", 100);
  BOOST_TEST((r.status == ReadResult::Status::not_regular));
  BOOST_TEST((r.type == FileType::symlink));
  const auto scan = layout.scan_blobs();
  BOOST_TEST(scan.oddities.size() == 2u);
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

BOOST_AUTO_TEST_SUITE_END()
