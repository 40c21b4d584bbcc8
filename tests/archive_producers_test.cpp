// Archives written by the real tools installed here: skopeo (oci-archive,
// docker-archive), buildah push (oci-archive, docker-archive), podman save
// (both formats), and tar of a umoci layout (with and without "./", and
// gzip-compressed). Each validates without errors, and faults planted in
// each are found. A tool that cannot run here (no storage driver) is
// skipped with a message saying so.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/archive/input.hpp"
#include "validator/engine/validate.hpp"

namespace fs = std::filesystem;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::TempDir;

namespace {

bool sh(const std::string& command) {
  return std::system(("{ set -e; " + command + "; } >/dev/null 2>&1").c_str()) == 0;
}

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

/// The archives every producer that runs here writes, by name.
std::vector<std::pair<std::string, fs::path>> produce(const fs::path& dir) {
  umoci_layout(dir);
  std::vector<std::pair<std::string, fs::path>> out;
  const auto d = dir.string();
  BOOST_REQUIRE(
      sh(fmt::format("cd {} && skopeo copy oci:umoci:2 oci-archive:skopeo.oci.tar:2 && "
                     "skopeo copy oci:umoci:2 docker-archive:skopeo.docker.tar:"
                     "example/umoci:2",
                     d)));
  out.emplace_back("skopeo oci-archive", dir / "skopeo.oci.tar");
  out.emplace_back("skopeo docker-archive", dir / "skopeo.docker.tar");
  BOOST_REQUIRE(
      sh(fmt::format("cd {0} && tar -C umoci -cf umoci-dot.tar . && "
                     "tar -C umoci -cf umoci-plain.tar oci-layout index.json blobs && "
                     "gzip -c umoci-dot.tar > umoci-dot.tar.gz",
                     d)));
  out.emplace_back("tar of a umoci layout (./)", dir / "umoci-dot.tar");
  out.emplace_back("tar of a umoci layout", dir / "umoci-plain.tar");
  out.emplace_back("gzip tar of a umoci layout", dir / "umoci-dot.tar.gz");
  const auto store = fmt::format("--storage-driver vfs --root {0}/storage --runroot {0}/run", d);
  if (sh(fmt::format("cd {0} && buildah {1} pull -q oci:umoci:2 && "
                     "buildah {1} tag $(buildah {1} images -q | head -1) example/umoci:2 && "
                     "buildah {1} push -q example/umoci:2 oci-archive:buildah.oci.tar:2 && "
                     "buildah {1} push -q example/umoci:2 docker-archive:buildah.docker.tar:"
                     "example/umoci:2",
                     d, store))) {
    out.emplace_back("buildah push oci-archive", dir / "buildah.oci.tar");
    out.emplace_back("buildah push docker-archive", dir / "buildah.docker.tar");
  } else {
    BOOST_TEST_MESSAGE("SKIPPED: buildah cannot run here (no usable storage driver)");
  }
  if (sh(fmt::format("cd {0} && podman {1} pull -q oci:umoci:2 && "
                     "podman {1} tag $(podman {1} images -q | head -1) example/podman:2 && "
                     "podman {1} save -q --format oci-archive -o podman.oci.tar "
                     "example/podman:2 && "
                     "podman {1} save -q --format docker-archive -o podman.docker.tar "
                     "example/podman:2",
                     d, store))) {
    out.emplace_back("podman save oci-archive", dir / "podman.oci.tar");
    out.emplace_back("podman save docker-archive", dir / "podman.docker.tar");
  } else {
    BOOST_TEST_MESSAGE("SKIPPED: podman cannot run here (not installed, or no usable storage)");
  }
  return out;
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

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_producers)

BOOST_AUTO_TEST_CASE(archives_of_real_producers_validate) {
  TempDir tmp;
  for (const auto& [who, file] : produce(tmp.path())) {
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

BOOST_AUTO_TEST_CASE(faults_planted_in_real_archives_are_found) {
  TempDir tmp;
  for (const auto& [who, file] : produce(tmp.path())) {
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

BOOST_AUTO_TEST_SUITE_END()
