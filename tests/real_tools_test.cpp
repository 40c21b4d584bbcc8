// Images made by real tools (umoci, skopeo from Debian) at test time, as
// users meet them: they must validate without errors, and faults planted in
// them must be found.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/engine/validate.hpp"

namespace fs = std::filesystem;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::TempDir;

namespace {

void sh(const std::string& command) {
  const int rc = std::system(("{ set -e; " + command + "; } >/dev/null 2>&1").c_str());
  BOOST_REQUIRE_MESSAGE(rc == 0, "command failed: " << command);
}

std::vector<ocv::engine::Finding> validate(const fs::path& root) {
  return ocv::engine::validate_layout(root, ocv::rules::default_registry()).findings;
}

std::size_t errors(const std::vector<ocv::engine::Finding>& f) {
  return static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [](const auto& x) {
    return x.severity == ocv::engine::Severity::error;
  }));
}

/// An image made by umoci: two files in one layer (tag 1), then a second
/// tag whose layer deletes a file (plain whiteout), replaces a directory
/// and adds a hardlink into the lower layer.
fs::path umoci_image(const fs::path& dir) {
  const auto layout = dir / "umoci";
  sh(fmt::format(
      "cd {0} && umoci init --layout umoci && umoci new --image umoci:1 && "
      "umoci unpack --image umoci:1 bundle && mkdir -p bundle/rootfs/etc "
      "bundle/rootfs/usr/share/doc bundle/rootfs/opt/app && "
      "echo NAME=test > bundle/rootfs/etc/os-release && "
      "echo hello > bundle/rootfs/usr/share/doc/readme && echo a > bundle/rootfs/opt/app/a && "
      "umoci repack --image umoci:1 bundle && rm -rf bundle && "
      "umoci config --image umoci:1 --os linux --architecture amd64 && "
      "umoci unpack --image umoci:1 bundle && rm bundle/rootfs/etc/os-release && "
      "rm -rf bundle/rootfs/opt/app && mkdir bundle/rootfs/opt/app && echo b > "
      "bundle/rootfs/opt/app/b && "
      "ln bundle/rootfs/usr/share/doc/readme bundle/rootfs/usr/share/doc/link && "
      "umoci repack --image umoci:2 bundle",
      dir.string()));
  return layout;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(real_tools)

BOOST_AUTO_TEST_CASE(umoci_image_is_valid) {
  TempDir tmp;
  const auto layout = umoci_image(tmp.path());
  const auto f = validate(layout);
  BOOST_TEST(errors(f) == 0u, dump(f));
}

BOOST_AUTO_TEST_CASE(skopeo_conversions_are_valid) {
  TempDir tmp;
  umoci_image(tmp.path());
  sh(
      fmt::format("cd {} && skopeo copy oci:umoci:2 oci:zstd:2 --dest-compress-format zstd && "
                  "skopeo copy oci:umoci:2 oci:gzip:2 --dest-compress-format gzip",
                  tmp.path().string()));
  for (const char* name : {"zstd", "gzip"}) {
    const auto f = validate(tmp.path() / name);
    BOOST_TEST(errors(f) == 0u, name << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(skopeo_uncompressed_and_archive_round_trips_are_valid) {
  TempDir tmp;
  umoci_image(tmp.path());
  // Uncompressed layers (--dest-decompress acts on the dir: transport only,
  // hence the detour); an oci-archive unpacked with tar (it is a layout in
  // a tarball); a docker-archive converted back to an OCI layout, which
  // turns Docker's media types and compressed layers into OCI ones.
  sh(
      fmt::format("cd {} && skopeo copy --dest-decompress oci:umoci:2 dir:plain-dir && "
                  "skopeo copy --dest-oci-accept-uncompressed-layers dir:plain-dir oci:plain:2 && "
                  "skopeo copy oci:umoci:2 oci-archive:image.oci.tar:2 && mkdir unpacked && "
                  "tar -xf image.oci.tar -C unpacked && "
                  "skopeo copy oci:umoci:2 docker-archive:image.docker.tar:example/umoci:2 && "
                  "skopeo copy docker-archive:image.docker.tar oci:fromdocker:2",
                  tmp.path().string()));
  for (const char* name : {"plain", "unpacked", "fromdocker"}) {
    const auto f = validate(tmp.path() / name);
    BOOST_TEST(errors(f) == 0u, name << "\n" << dump(f));
  }
  // The uncompressed copy really has a plain tar layer (ustar magic at 257).
  bool tar_blob = false;
  for (const auto& e : fs::directory_iterator(tmp.path() / "plain/blobs/sha256")) {
    const auto bytes = ocv::test::read_file(e.path());
    tar_blob = tar_blob || (bytes.size() > 262 && bytes.compare(257, 5, "ustar") == 0);
  }
  BOOST_TEST(tar_blob);
}

BOOST_AUTO_TEST_CASE(buildah_image_from_scratch) {
  // buildah needs a working storage driver; vfs works unprivileged in most
  // containers. Where it does not, the test says so and checks nothing.
  TempDir tmp;
  fs::create_directories(tmp.path() / "src/etc");
  std::ofstream(tmp.path() / "src/etc/hello") << "hello\n";
  const auto root = tmp.path().string();
  const auto buildah =
      fmt::format("buildah --storage-driver vfs --root {0}/storage --runroot {0}/run", root);
  const auto rc = std::system(
      fmt::format("{{ set -e; cd {0} && c=$({1} from scratch) && {1} copy $c src/ / && "
                  "{1} config --os linux --arch amd64 --cmd /bin/true $c && "
                  "{1} commit -q $c img && {1} push -q img oci:{0}/out:1; }} >/dev/null 2>&1",
                  root, buildah)
          .c_str());
  if (rc != 0) {
    BOOST_TEST_MESSAGE("SKIPPED: buildah cannot build here (no buildah or no usable storage)");
    return;
  }
  const auto f = validate(tmp.path() / "out");
  // A known defect of buildah 1.28 (Debian 12): an image built from scratch
  // carries org.opencontainers.image.base.digest and base.name annotations
  // with empty values, which are not a digest (ANN-010, a MUST) and not a
  // reference (ANN-011). Nothing else is wrong with the image.
  BOOST_TEST(fired(f, "ANN-010"), dump(f));
  std::size_t other_errors = 0;
  for (const auto& x : f)
    if (x.severity == ocv::engine::Severity::error && x.rule_id != "ANN-010") ++other_errors;
  BOOST_TEST(other_errors == 0u, dump(f));
  std::system(
      fmt::format("{} rm -a >/dev/null 2>&1; {} rmi -a -f >/dev/null 2>&1", buildah, buildah)
          .c_str());
}

BOOST_AUTO_TEST_CASE(faults_planted_in_a_umoci_image_are_found) {
  TempDir tmp;
  const auto layout = umoci_image(tmp.path());
  // Corrupt one byte in the middle of the largest blob (a layer).
  fs::path largest;
  std::uintmax_t size = 0;
  for (const auto& e : fs::directory_iterator(layout / "blobs/sha256")) {
    if (e.file_size() > size) {
      size = e.file_size();
      largest = e.path();
    }
  }
  {
    std::fstream f(largest, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put('\x55');
  }
  // And an extra file at the root plus a stray file in blobs/.
  std::ofstream(layout / "manifest.json") << "[]";
  std::ofstream(layout / "blobs" / "stray") << "x";
  const auto before = ocv::test::snapshot_tree(layout);
  const auto f = validate(layout);
  BOOST_TEST(fired(f, "LYT-005"), dump(f));
  BOOST_TEST(fired(f, "LYT-010"), dump(f));
  BOOST_TEST(fired(f, "LYT-007"), dump(f));
  BOOST_TEST((ocv::test::snapshot_tree(layout) == before));
}

BOOST_AUTO_TEST_CASE(umoci_insert_layers_lack_the_tar_end_of_archive) {
  // A known defect of umoci 0.4.7: `umoci insert` writes a layer whose tar
  // stream stops without the end-of-archive blocks. It must be reported
  // precisely, and the rest of the image still checked.
  TempDir tmp;
  fs::create_directories(tmp.path() / "src/etc");
  std::ofstream(tmp.path() / "src/etc/hello") << "hello\n";
  sh(
      fmt::format("cd {} && umoci init --layout l && umoci new --image l:1 && "
                  "umoci insert --image l:1 src / && umoci config --image l:1 --os linux "
                  "--architecture amd64",
                  tmp.path().string()));
  const auto f = validate(tmp.path() / "l");
  BOOST_TEST(fired(f, "LAY-001"), dump(f));
  BOOST_TEST(!fired(f, "CFG-008"), dump(f));  // the diff_id still matches the bytes written
}

BOOST_AUTO_TEST_SUITE_END()
