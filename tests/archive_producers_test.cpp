// Archives written by the real tools installed here: skopeo (oci-archive,
// docker-archive), buildah push (oci-archive, docker-archive), podman save
// (both formats), and tar of a umoci layout (with and without "./", and
// gzip-compressed). Each validates without errors, and faults planted in
// each are found. A producer that is missing or cannot run here (no usable
// storage) is skipped visibly: its precondition fails, which CTest reports
// as a skipped test (tests/CMakeLists.txt).
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/real_tools.hpp"
#include "validator/archive/input.hpp"
#include "validator/engine/validate.hpp"

namespace fs = std::filesystem;
namespace utf = boost::unit_test;
using boost::test_tools::assertion_result;
using ocv::test::builds_with_vfs;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::sh;
using ocv::test::TempDir;
using ocv::test::tool_on_path;
using ocv::test::vfs_storage;

namespace {

struct Run {
  std::vector<ocv::engine::Finding> findings;
  ocv::engine::Summary summary;
};

Run validate(const fs::path& file) {
  ocv::archive::InputSpec spec;
  spec.path = file.string();
  const auto opened = ocv::archive::open_input(spec);
  ocv::engine::ValidateOptions options;
  options.passed = opened.passed.get();
  auto r =
      ocv::engine::validate(*opened.source, spec.path, ocv::rules::default_registry(), options);
  return {std::move(r.findings), std::move(r.summary)};
}

std::size_t errors(const std::vector<ocv::engine::Finding>& f) {
  return static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [](const auto& x) {
    return x.severity == ocv::engine::Severity::error;
  }));
}

/// A umoci layout tagged "2" with two layers (a file, then a whiteout), in
/// `dir`/umoci.
void umoci_layout(const fs::path& dir) {
  BOOST_REQUIRE(sh(fmt::format(
      "cd {0} && umoci init --layout umoci && umoci new --image umoci:2 && "
      "umoci unpack --image umoci:2 bundle && mkdir -p bundle/rootfs/etc && "
      "echo NAME=test > bundle/rootfs/etc/os-release && echo a > bundle/rootfs/etc/a && "
      "umoci repack --image umoci:2 bundle && rm -rf bundle && "
      "umoci config --image umoci:2 --os linux --architecture amd64 && "
      "umoci unpack --image umoci:2 bundle && rm bundle/rootfs/etc/a && "
      "umoci repack --image umoci:2 bundle && rm -rf bundle",
      dir.string())));
}

using Archives = std::vector<std::pair<std::string, fs::path>>;

/// skopeo copy of the umoci layout into both archive forms.
Archives skopeo_archives(const fs::path& dir) {
  umoci_layout(dir);
  BOOST_REQUIRE(
      sh(fmt::format("cd {} && skopeo copy oci:umoci:2 oci-archive:skopeo.oci.tar:2 && "
                     "skopeo copy oci:umoci:2 docker-archive:skopeo.docker.tar:"
                     "example/umoci:2",
                     dir.string())));
  return {{"skopeo oci-archive", dir / "skopeo.oci.tar"},
          {"skopeo docker-archive", dir / "skopeo.docker.tar"}};
}

/// GNU tar of the umoci layout, with and without "./", and gzip-compressed.
Archives tar_archives(const fs::path& dir) {
  umoci_layout(dir);
  BOOST_REQUIRE(
      sh(fmt::format("cd {0} && tar -C umoci -cf umoci-dot.tar . && "
                     "tar -C umoci -cf umoci-plain.tar oci-layout index.json blobs && "
                     "gzip -c umoci-dot.tar > umoci-dot.tar.gz",
                     dir.string())));
  return {{"tar of a umoci layout (./)", dir / "umoci-dot.tar"},
          {"tar of a umoci layout", dir / "umoci-plain.tar"},
          {"gzip tar of a umoci layout", dir / "umoci-dot.tar.gz"}};
}

/// buildah push, or podman save, of the umoci image pulled into vfs
/// storage inside `dir`, in both archive forms.
Archives storage_archives(const fs::path& dir, const std::string& tool) {
  umoci_layout(dir);
  const auto t = fmt::format("{} {}", tool, vfs_storage(dir.string()));
  const auto save = tool == "buildah"
                        ? fmt::format(
                              "{0} push -q example/umoci:2 oci-archive:{1}.oci.tar:2 && "
                              "{0} push -q example/umoci:2 docker-archive:{1}.docker.tar:"
                              "example/umoci:2",
                              t, tool)
                        : fmt::format(
                              "{0} save -q --format oci-archive -o {1}.oci.tar example/umoci:2 && "
                              "{0} save -q --format docker-archive -o {1}.docker.tar "
                              "example/umoci:2",
                              t, tool);
  BOOST_REQUIRE(
      sh(fmt::format("cd {0} && {1} pull -q oci:umoci:2 && "
                     "{1} tag $({1} images -q | head -1) example/umoci:2 && {2}",
                     dir.string(), t, save)));
  const auto verb = tool == "buildah" ? "buildah push" : "podman save";
  return {{fmt::format("{} oci-archive", verb), dir / (tool + ".oci.tar")},
          {fmt::format("{} docker-archive", verb), dir / (tool + ".docker.tar")}};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

/// Runs `command` and returns what it printed, without the final newline.
std::string output_of(const std::string& command, const fs::path& scratch) {
  BOOST_REQUIRE(sh(fmt::format("{} > {}", command, scratch.string())));
  auto text = read_file(scratch);
  fs::remove(scratch);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

/// The name of the largest member (a layer) of an uncompressed tar.
std::string largest_member(const fs::path& tar) {
  return output_of(
      fmt::format("tar -tvf {} | sort -k3 -n | tail -1 | awk '{{print $NF}}'", tar.string()),
      tar.string() + ".list");
}

/// Where the data of `member` starts in the tar (GNU tar's block numbers).
std::size_t data_offset(const fs::path& tar, const std::string& member) {
  const auto block = output_of(
      fmt::format("tar -tR -f {} | grep -F ': {}' | head -1 | sed 's/block \\([0-9]*\\):.*/\\1/'",
                  tar.string(), member),
      tar.string() + ".block");
  return (std::stoul(block) + 1) * 512;
}

/// Renames the member whose header is at `header` by changing the first
/// character of its name, and writes the header checksum again: the member
/// is then missing under its old name. (Edited in place: GNU tar --delete
/// refuses archives whose length is not a multiple of its record size.)
void rename_member(std::string& tar, std::size_t header) {
  auto& c = tar[header];
  c = c == 'x' ? 'y' : 'x';
  std::uint64_t sum = 0;
  for (std::size_t k = 0; k < 512; ++k)
    sum += (k >= 148 && k < 156) ? ' ' : static_cast<unsigned char>(tar[header + k]);
  const auto field = fmt::format("{:06o}", sum);
  std::copy(field.begin(), field.end(), tar.begin() + static_cast<long>(header) + 148);
  tar[header + 154] = '\0';
  tar[header + 155] = ' ';
}

/// Each archive validates without errors, as the archive kind it is.
void expect_valid(const Archives& archives) {
  BOOST_REQUIRE(!archives.empty());
  for (const auto& [who, file] : archives) {
    const auto r = validate(file);
    BOOST_TEST(errors(r.findings) == 0u, who << "\n" << dump(r.findings));
    BOOST_TEST(r.summary.images.size() >= 1u, who);
    BOOST_TEST(r.summary.layers == 2u, who);
    for (const auto* rule :
         {"ARC-001", "ARC-002", "ARC-003", "ARC-004", "ARC-005", "ARC-006", "ARC-007", "LYT-013"})
      BOOST_TEST(!fired(r.findings, rule), who << ": " << rule << "\n" << dump(r.findings));
    const bool docker = who.find("docker") != std::string::npos;
    BOOST_TEST(r.summary.archive_kind == (docker ? "docker-archive" : "oci-archive"), who);
  }
}

/// Faults planted in each archive are found: a flipped layer byte, a
/// missing layer member and, in docker-archives, a manifest.json path out of
/// the archive and a changed diff_id.
void expect_faults_found(const Archives& archives) {
  for (const auto& [who, file] : archives) {
    if (file.extension() == ".gz") continue;  // planted below in the plain tar
    const bool docker = who.find("docker") != std::string::npos;
    const auto original = read_file(file);
    const auto layer = largest_member(file);

    // 1. A flipped byte inside the largest member (a layer).
    {
      auto bytes = original;
      const auto data = data_offset(file, layer) + 100;
      bytes[data] = static_cast<char>(bytes[data] ^ 1);
      write_file(file, bytes);
      const auto r = validate(file);
      BOOST_TEST(errors(r.findings) > 0u, who << ": flipped layer byte\n" << dump(r.findings));
      BOOST_TEST((docker ? fired(r.findings, "CFG-008")
                         : fired(r.findings, "LYT-005") || fired(r.findings, "DIG-007")),
                 who << "\n"
                     << dump(r.findings));
    }
    // 2. The layer member missing (renamed).
    {
      auto bytes = original;
      const auto header = data_offset(file, layer) - 512;
      BOOST_REQUIRE(bytes.compare(header, layer.size(), layer) == 0);
      rename_member(bytes, header);
      write_file(file, bytes);
      const auto r = validate(file);
      BOOST_TEST((docker ? fired(r.findings, "ARC-002") : fired(r.findings, "LYT-009")),
                 who << ": missing " << layer << "\n"
                     << dump(r.findings));
    }
    if (!docker) continue;
    // 3. manifest.json naming a path that leaves the archive (the start of
    // the first layer's name turned into "../../", same length, in place).
    {
      auto bytes = original;
      const auto at = bytes.find("\"Layers\":[\"");
      BOOST_REQUIRE(at != std::string::npos);
      bytes.replace(at + 11, 6, "../../");
      write_file(file, bytes);
      const auto r = validate(file);
      BOOST_TEST(fired(r.findings, "ARC-002"), who << ": path out\n" << dump(r.findings));
    }
    write_file(file, original);
    {
      auto bytes = original;
      const auto at = bytes.find("\"diff_ids\":[\"sha256:");
      BOOST_REQUIRE(at != std::string::npos);
      auto& c = bytes[at + 20];
      c = c == 'a' ? 'b' : 'a';
      write_file(file, bytes);
      const auto r = validate(file);
      BOOST_TEST(fired(r.findings, "CFG-008"), who << ": diff_id\n" << dump(r.findings));
      BOOST_TEST(fired(r.findings, "ARC-003"), who << ": config renamed by content\n"
                                                   << dump(r.findings));
    }
  }
}

/// Both preconditions hold, or the first that does not, with its reason.
assertion_result both(const assertion_result& a, const assertion_result& b) { return !a ? a : b; }

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_producers)

// One case per producer, so that one that is missing or cannot run here is
// reported as skipped (its precondition fails; tests/CMakeLists.txt).

BOOST_AUTO_TEST_CASE(skopeo, *utf::precondition([](utf::test_unit_id) {
                       return both(tool_on_path("umoci"), tool_on_path("skopeo"));
                     })) {
  TempDir tmp;
  const auto archives = skopeo_archives(tmp.path());
  expect_valid(archives);
  expect_faults_found(archives);
}

BOOST_AUTO_TEST_CASE(tar_of_a_umoci_layout, *utf::precondition([](utf::test_unit_id) {
                       return both(tool_on_path("umoci"), tool_on_path("gzip"));
                     })) {
  TempDir tmp;
  const auto archives = tar_archives(tmp.path());
  expect_valid(archives);
  expect_faults_found(archives);  // the gzip form is planted in its plain tar
}

BOOST_AUTO_TEST_CASE(buildah_push, *utf::precondition([](utf::test_unit_id) {
                       return both(tool_on_path("umoci"), builds_with_vfs("buildah"));
                     })) {
  TempDir tmp;
  const auto archives = storage_archives(tmp.path(), "buildah");
  expect_valid(archives);
  expect_faults_found(archives);
}

BOOST_AUTO_TEST_CASE(podman_save, *utf::precondition([](utf::test_unit_id) {
                       return both(tool_on_path("umoci"), builds_with_vfs("podman"));
                     })) {
  TempDir tmp;
  const auto archives = storage_archives(tmp.path(), "podman");
  expect_valid(archives);
  expect_faults_found(archives);
}

BOOST_AUTO_TEST_SUITE_END()
