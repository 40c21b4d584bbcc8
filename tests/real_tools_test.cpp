// The real-producer matrix: images made at test time by every producer that
// runs here (umoci, buildah, podman, skopeo from Debian) and, where the
// producer cannot run here, built by the test from the producer's documented
// shape (an OCI 1.1 artifact, a 1.0-era oras artifact, a cosign signature
// tag). Each must validate with zero errors; each also gets one planted
// fault, which must fail the run under the rule that names it.
//
// A producer that is not installed, or cannot build here, is skipped
// visibly: its precondition fails ("skipped because precondition failed"),
// which CTest reports as a skipped test (tests/CMakeLists.txt).
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/real_tools.hpp"
#include "validator/engine/validate.hpp"

namespace fs = std::filesystem;
namespace utf = boost::unit_test;
using ocv::engine::Finding;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::has_error;
using ocv::test::sh;
using ocv::test::TempDir;

namespace {

std::vector<Finding> validate(const fs::path& root) {
  return ocv::engine::validate_layout(root, ocv::rules::default_registry()).findings;
}

/// The producer's image has no error (warnings and notes are the spec's
/// SHOULDs and MAYs; see each rule's help).
void expect_no_error(const std::vector<Finding>& f, std::string_view producer) {
  BOOST_TEST(!has_error(f), producer << " image has errors:\n" << dump(f));
  BOOST_TEST_MESSAGE(producer << " image:\n" << dump(f));  // --log_level=message shows it
}

/// The planted fault fails the run, and `rule` names it.
void expect_caught(const std::vector<Finding>& f, std::string_view rule) {
  BOOST_TEST(has_error(f), "the planted fault passed:\n" << dump(f));
  BOOST_TEST(fired(f, rule), rule << " did not fire:\n" << dump(f));
}

rapidjson::Document json_file(const fs::path& p) {
  rapidjson::Document d;
  d.Parse(ocv::test::read_file(p).c_str());
  BOOST_REQUIRE_MESSAGE(d.IsObject(), p << " is not a JSON object");
  return d;
}

fs::path blob(const fs::path& layout, std::string_view digest) {
  const auto colon = digest.find(':');
  return layout / "blobs" / std::string(digest.substr(0, colon)) /
         std::string(digest.substr(colon + 1));
}

/// The manifest blob of index.json's entry `entry`.
fs::path manifest_blob(const fs::path& layout, rapidjson::SizeType entry = 0) {
  const auto index = json_file(layout / "index.json");
  return blob(layout, index["manifests"][entry]["digest"].GetString());
}

/// The blob of layers[`n`] of the manifest index.json's entry `entry` names.
fs::path layer_blob(const fs::path& layout, rapidjson::SizeType n, rapidjson::SizeType entry = 0) {
  const auto manifest = json_file(manifest_blob(layout, entry));
  return blob(layout, manifest["layers"][n]["digest"].GetString());
}

std::string read(const fs::path& p) { return ocv::test::read_file(p); }

void write(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

/// Xors one byte at `offset` (negative: from the end).
void flip(const fs::path& p, long long offset) {
  auto bytes = read(p);
  const auto n = static_cast<long long>(bytes.size());
  bytes[static_cast<std::size_t>(offset < 0 ? n + offset : offset)] ^= 0x55;
  write(p, bytes);
}

/// umoci: tag 1 with three files in one layer, tag 2 adding a layer that
/// deletes a file (whiteout), replaces a directory and hardlinks into the
/// lower layer.
fs::path umoci_image(const fs::path& dir) {
  BOOST_REQUIRE(sh(fmt::format(
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
      "umoci repack --image umoci:2 bundle && rm -rf bundle",
      dir.string())));
  return dir / "umoci";
}

/// skopeo copy of the umoci image's tag 2 with `options`, to `dir`/`name`.
fs::path skopeo_copy(const fs::path& dir, const std::string& options, const std::string& name) {
  BOOST_REQUIRE(
      sh(fmt::format("cd {} && skopeo copy {} oci:umoci:2 oci:{}:2", dir.string(), options, name)));
  return dir / name;
}

/// Writes `bytes` as a blob of `layout` and returns its descriptor members.
std::string add(ocv::test::LayoutBuilder& b, std::string_view media_type, const std::string& bytes,
                std::string_view extra = "") {
  return b.descriptor(media_type, bytes, extra);
}

/// Appends an entry naming `manifest` (JSON text, written as a blob) to
/// index.json, tagged `ref`.
void tag(ocv::test::LayoutBuilder& b, const std::string& manifest, const std::string& ref,
         std::string_view platform = "") {
  auto index = json_file(b.root() / "index.json");
  const auto digest = b.add_blob(manifest);
  std::string entries;
  for (const auto& e : index["manifests"].GetArray()) {
    entries += fmt::format(
        R"({{"mediaType":"{}","digest":"{}","size":{}{}}},)", e["mediaType"].GetString(),
        e["digest"].GetString(), e["size"].GetInt64(),
        e.HasMember("annotations")
            ? fmt::format(R"(,"annotations":{{"org.opencontainers.image.ref.name":"{}"}})",
                          e["annotations"]["org.opencontainers.image.ref.name"].GetString())
            : "");
  }
  entries += fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}{},)"
      R"("annotations":{{"org.opencontainers.image.ref.name":"{}"}}}})",
      digest, manifest.size(), platform.empty() ? "" : fmt::format(R"(,"platform":{})", platform),
      ref);
  b.write_file(
      "index.json",
      fmt::format(
          R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}})",
          entries));
}

constexpr std::string_view kManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kEmptyType = "application/vnd.oci.empty.v1+json";

/// An OCI 1.1 artifact, as manifest.md § Guidelines for Artifact Usage
/// (image-spec v1.1.0) shows it and oras 1.x pushes it: artifactType, the
/// empty config (application/vnd.oci.empty.v1+json, "{}"), the payload as
/// a layer with its own media type, and a subject naming the image.
std::string oci11_artifact(ocv::test::LayoutBuilder& b, const fs::path& subject_manifest,
                           bool with_artifact_type = true) {
  const auto subject = read(subject_manifest);
  return fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}",{}"config":{},"layers":[{}],)"
      R"("subject":{{"mediaType":"{}","digest":"{}","size":{}}},)"
      R"("annotations":{{"org.opencontainers.image.created":"2024-05-01T00:00:00Z"}}}})",
      kManifestType,
      with_artifact_type ? R"("artifactType":"application/vnd.example.sbom.v1",)" : "",
      add(b, kEmptyType, "{}", R"("data":"e30=")"),
      add(b, "application/spdx+json", R"({"spdxVersion":"SPDX-2.3","name":"example"})",
          R"("annotations":{"org.opencontainers.image.title":"sbom.spdx.json"})"),
      kManifestType, ocv::test::sha256_digest(subject), subject.size());
}

/// A 1.0-era artifact, as oras before 1.0 pushed one: no artifactType, the
/// config typed application/vnd.unknown.config.v1+json (oras-go's
/// MediaTypeUnknownConfig) holding "{}", and each file pushed as is, typed
/// with oras-go v1's DefaultBlobMediaType, the image layer type
/// application/vnd.oci.image.layer.v1.tar (oras-go pkg/content/consts.go),
/// named by an org.opencontainers.image.title annotation.
std::string oras_v0_artifact(ocv::test::LayoutBuilder& b, std::string_view config_type) {
  return fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})",
                     kManifestType, add(b, config_type, "{}"),
                     add(b, "application/vnd.oci.image.layer.v1.tar", "hello from a plain file\n",
                         R"("annotations":{"org.opencontainers.image.title":"hello.txt"})"));
}

/// A cosign signature, built from cosign's specs/SIGNATURE_SPEC.md: the
/// tag is the signed manifest's digest with ":" replaced by "-" and ".sig"
/// appended; the manifest has the OCI image config type and one layer
/// typed application/vnd.dev.cosign.simplesigning.v1+json holding the
/// Simple Signing payload (critical.image.docker-manifest-digest,
/// critical.type "cosign container image signature"), with the base64
/// signature in the dev.cosignproject.cosign/signature annotation. The
/// config is what go-containerregistry's empty.Image plus one appended
/// layer serialises to (cosign pkg/oci/empty): empty os and architecture,
/// zero-time created, one history entry, the payload's digest as diff_id.
std::pair<std::string, std::string> cosign_signature(ocv::test::LayoutBuilder& b,
                                                     const fs::path& signed_manifest,
                                                     std::string& payload_digest) {
  const auto signed_digest = ocv::test::sha256_digest(read(signed_manifest));
  const auto payload = fmt::format(
      R"({{"critical":{{"identity":{{"docker-reference":"registry.example.com/app"}},)"
      R"("image":{{"docker-manifest-digest":"{}"}},"type":"cosign container image signature"}},)"
      R"("optional":null}})",
      signed_digest);
  payload_digest = ocv::test::sha256_digest(payload);
  const auto config = fmt::format(
      R"({{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{{"created":)"
      R"("0001-01-01T00:00:00Z"}}],"os":"","rootfs":{{"type":"layers","diff_ids":["{}"]}},)"
      R"("config":{{}}}})",
      payload_digest);
  const auto manifest = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})", kManifestType,
      add(b, "application/vnd.oci.image.config.v1+json", config),
      add(b, "application/vnd.dev.cosign.simplesigning.v1+json", payload,
          R"("annotations":{"dev.cosignproject.cosign/signature":)"
          R"("MEUCIQDXmXWj59naoPFlLnCADIPLKgLG3LyFtKrbjpnkYiGNGgIhAJ/eNx5zr/l1MJKSFpFMjPKKr4fjh5RHEtT2DhMamZuT"})"));
  auto tag_name = signed_digest;
  tag_name[tag_name.find(':')] = '-';
  return {manifest, tag_name + ".sig"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(real_tools)

BOOST_AUTO_TEST_CASE(umoci, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("umoci");
                     })) {
  TempDir tmp;
  const auto layout = umoci_image(tmp.path());
  expect_no_error(validate(layout), "umoci");
  // Fault: one byte in the middle of tag 2's upper layer.
  const auto layer = layer_blob(layout, 1, 1);
  flip(layer, static_cast<long long>(fs::file_size(layer) / 2));
  const auto before = ocv::test::snapshot_tree(layout);
  const auto f = validate(layout);
  expect_caught(f, "DIG-007");
  BOOST_TEST((ocv::test::snapshot_tree(layout) == before));  // nothing written
}

BOOST_AUTO_TEST_CASE(umoci_insert_layers_lack_the_tar_end_of_archive,
                     *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("umoci");
                     })) {
  // A known defect of umoci 0.4.7: `umoci insert` writes a layer whose tar
  // stream stops without the end-of-archive blocks. It is reported
  // precisely, and the rest of the image still checked.
  TempDir tmp;
  fs::create_directories(tmp.path() / "src/etc");
  write(tmp.path() / "src/etc/hello", "hello\n");
  BOOST_REQUIRE(
      sh(fmt::format("cd {} && umoci init --layout l && umoci new --image l:1 && "
                     "umoci insert --image l:1 src / && umoci config --image l:1 --os linux "
                     "--architecture amd64",
                     tmp.path().string())));
  const auto f = validate(tmp.path() / "l");
  BOOST_TEST(fired(f, "LAY-001"), dump(f));
  BOOST_TEST(!fired(f, "CFG-008"), dump(f));  // the diff_id still matches the bytes written
}

BOOST_AUTO_TEST_CASE(buildah_from_scratch_with_annotations,
                     *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::builds_with_vfs("buildah");
                     })) {
  TempDir tmp;
  const auto d = tmp.path().string();
  fs::create_directories(tmp.path() / "src/etc");
  write(tmp.path() / "src/etc/hello", "hello\n");
  const auto b = "buildah " + ocv::test::vfs_storage(d);
  BOOST_REQUIRE(sh(fmt::format(
      "cd {0} && c=$({1} from scratch) && {1} copy $c src/ / && "
      "{1} config --os linux --arch amd64 --cmd /bin/true "
      "--annotation org.opencontainers.image.source=https://example.com/app "
      "--annotation com.example.build=42 --label org.opencontainers.image.title=app $c && "
      "{1} commit -q $c app && {1} push -q app oci:{0}/out:1",
      d, b)));
  const auto layout = tmp.path() / "out";
  const auto f = validate(layout);
  expect_no_error(f, "buildah (FROM scratch)");
  // buildah writes base.digest and base.name as "" for an image without a
  // base: allowed empty values, noted.
  BOOST_TEST(fired(f, "ANN-010"), dump(f));
  // Fault: the layer loses its last 10 bytes.
  const auto layer = layer_blob(layout, 0);
  fs::resize_file(layer, fs::file_size(layer) - 10);
  expect_caught(validate(layout), "DESC-006");
}

BOOST_AUTO_TEST_CASE(buildah_on_a_base_image, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::builds_with_vfs("buildah") &&
                              ocv::test::tool_on_path("umoci");
                     })) {
  TempDir tmp;
  const auto d = tmp.path().string();
  umoci_image(tmp.path());
  fs::create_directories(tmp.path() / "src");
  write(tmp.path() / "src/extra", "added on top\n");
  const auto b = "buildah " + ocv::test::vfs_storage(d);
  BOOST_REQUIRE(
      sh(fmt::format("cd {0} && c=$({1} from -q oci:{0}/umoci:2) && "
                     "{1} copy $c src/ /opt/ && {1} commit -q $c app && "
                     "{1} push -q app oci:{0}/out:1",
                     d, b)));
  const auto layout = tmp.path() / "out";
  expect_no_error(validate(layout), "buildah (on a base image)");
  // Fault: a base layer becomes a FIFO: its content can never be checked.
  const auto layer = layer_blob(layout, 0);
  fs::remove(layer);
  BOOST_REQUIRE(::mkfifo(layer.c_str(), 0644) == 0);
  expect_caught(validate(layout), "LYT-016");
}

BOOST_AUTO_TEST_CASE(podman_with_vfs_storage, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::builds_with_vfs("podman");
                     })) {
  TempDir tmp;
  const auto d = tmp.path().string();
  fs::create_directories(tmp.path() / "ctx/etc");
  write(tmp.path() / "ctx/etc/hello", "hello\n");
  write(tmp.path() / "ctx/Containerfile",
        "FROM scratch\nCOPY etc /etc\nLABEL org.opencontainers.image.title=podtest\n"
        "CMD [\"/bin/true\"]\n");
  const auto p = "podman " + ocv::test::vfs_storage(d);
  BOOST_REQUIRE(
      sh(fmt::format("cd {0} && {1} build -q --format oci -t localhost/podtest:1 ctx && "
                     "{1} push -q localhost/podtest:1 oci:{0}/out:1",
                     d, p)));
  const auto layout = tmp.path() / "out";
  expect_no_error(validate(layout), "podman");
  // Fault: index.json gives the manifest one byte too many; the manifest
  // is still read, and nothing below it is called unreferenced.
  auto index = read(layout / "index.json");
  const auto size = fs::file_size(manifest_blob(layout));
  const auto at = index.find(fmt::format("\"size\":{}", size));
  BOOST_REQUIRE(at != std::string::npos);
  index.replace(at, fmt::format("\"size\":{}", size).size(), fmt::format("\"size\":{}", size + 1));
  write(layout / "index.json", index);
  const auto f = validate(layout);
  expect_caught(f, "DESC-006");
  BOOST_TEST(!fired(f, "LYT-008"), dump(f));
}

BOOST_AUTO_TEST_CASE(skopeo_gzip, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("skopeo") && ocv::test::tool_on_path("umoci");
                     })) {
  TempDir tmp;
  umoci_image(tmp.path());
  const auto layout = skopeo_copy(tmp.path(), "--dest-compress-format gzip", "gzip");
  expect_no_error(validate(layout), "skopeo (gzip)");
  // Fault: a byte of the gzip trailer (the CRC-32) of the upper layer.
  flip(layer_blob(layout, 1), -8);
  expect_caught(validate(layout), "LAY-001");
}

BOOST_AUTO_TEST_CASE(skopeo_zstd, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("skopeo") && ocv::test::tool_on_path("umoci");
                     })) {
  TempDir tmp;
  umoci_image(tmp.path());
  const auto layout = skopeo_copy(tmp.path(), "--dest-compress-format zstd", "zstd");
  const auto f = validate(layout);
  expect_no_error(f, "skopeo (zstd)");
  BOOST_TEST(fired(f, "MAN-012"), dump(f));  // zstd is the less portable choice: a note
  // Fault: the upper layer's digest in the manifest is not its content's.
  // Rewriting one byte of the layer keeps its name: DIG-007.
  flip(layer_blob(layout, 1), -3);
  expect_caught(validate(layout), "DIG-007");
}

BOOST_AUTO_TEST_CASE(skopeo_zstd_chunked, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("skopeo") && ocv::test::tool_on_path("umoci");
                     })) {
  TempDir tmp;
  umoci_image(tmp.path());
  const auto layout = skopeo_copy(tmp.path(), "--dest-compress-format zstd:chunked", "chunked");
  // zstd:chunked keeps its table of contents in skippable frames, which
  // every zstd decoder passes over.
  const auto manifest = read(manifest_blob(layout));
  BOOST_TEST(manifest.find("io.containers.zstd-chunked.manifest-position") != std::string::npos,
             manifest);
  expect_no_error(validate(layout), "skopeo (zstd:chunked)");
  // Fault: the layer becomes a link that leads out of the layout.
  const auto layer = layer_blob(layout, 0);
  fs::rename(layer, tmp.path() / "outside");
  fs::create_symlink("../../../outside", layer);
  expect_caught(validate(layout), "LYT-016");
}

BOOST_AUTO_TEST_CASE(skopeo_uncompressed, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("skopeo") && ocv::test::tool_on_path("umoci");
                     })) {
  // --dest-decompress acts on transports that keep blobs as they are, hence
  // the detour through dir:.
  TempDir tmp;
  umoci_image(tmp.path());
  BOOST_REQUIRE(
      sh(fmt::format("cd {} && skopeo copy --dest-decompress oci:umoci:2 dir:plain-dir && "
                     "skopeo copy --dest-oci-accept-uncompressed-layers dir:plain-dir oci:plain:2",
                     tmp.path().string())));
  const auto layout = tmp.path() / "plain";
  // The layer really is a plain tar (ustar magic at byte 257).
  const auto layer = layer_blob(layout, 0);
  BOOST_TEST(read(layer).compare(257, 5, "ustar") == 0);
  expect_no_error(validate(layout), "skopeo (uncompressed)");
  // Fault: one byte of the first file's data. The tar stays well formed,
  // but the layer is no longer what the config's diff_id (for an
  // uncompressed layer, its digest) says.
  const auto data = read(layer).find("NAME=test");  // etc/os-release
  BOOST_REQUIRE(data != std::string::npos);
  flip(layer, static_cast<long long>(data));
  const auto f = validate(layout);
  expect_caught(f, "CFG-008");
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(oci_1_1_artifact, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("umoci");
                     })) {
  TempDir tmp;
  const auto layout = umoci_image(tmp.path());
  const auto subject = manifest_blob(layout, 1);
  {
    ocv::test::LayoutBuilder b(layout);
    tag(b, oci11_artifact(b, subject), "sbom");
  }
  expect_no_error(validate(layout), "OCI 1.1 artifact");
  // Fault: the same artifact without artifactType, which the empty config
  // requires.
  {
    ocv::test::LayoutBuilder b(layout);
    tag(b, oci11_artifact(b, subject, false), "sbom-untyped");
  }
  expect_caught(validate(layout), "MAN-005");
}

BOOST_AUTO_TEST_CASE(oras_1_0_era_artifact) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  b.write_index({});
  tag(b, oras_v0_artifact(b, "application/vnd.unknown.config.v1+json"), "files");
  const auto f = validate(tmp.path());
  expect_no_error(f, "1.0-era oras artifact");
  // The plain file typed as a tar layer is a warning that names the habit.
  BOOST_TEST(ocv::test::fired_with(f, "LAY-002", ocv::engine::Severity::warning, "oras"), dump(f));
  // Fault: the same files under the OCI image config type make an image,
  // whose layer a runtime would unpack and cannot.
  tag(b, oras_v0_artifact(b, "application/vnd.oci.image.config.v1+json"), "files-as-image");
  expect_caught(validate(tmp.path()), "LAY-002");
}

BOOST_AUTO_TEST_CASE(cosign_signature_tag, *utf::precondition([](utf::test_unit_id) {
                       return ocv::test::tool_on_path("umoci");
                     })) {
  TempDir tmp;
  const auto layout = umoci_image(tmp.path());
  std::string payload;
  {
    ocv::test::LayoutBuilder b(layout);
    const auto [manifest, sig_tag] = cosign_signature(b, manifest_blob(layout, 1), payload);
    BOOST_TEST(sig_tag.starts_with("sha256-"));
    BOOST_TEST(sig_tag.ends_with(".sig"));
    tag(b, manifest, sig_tag);
  }
  const auto f = validate(layout);
  expect_no_error(f, "cosign signature tag");
  // The signature is no image to unpack: its pre-OCI-1.1 shape is one
  // warning (ART-002), its config's empty platform values are notes, and
  // its link to the signed image holds.
  BOOST_TEST(!fired(f, "MAN-014"), dump(f));
  BOOST_TEST(std::count_if(f.begin(), f.end(),
                           [](const Finding& x) { return x.rule_id == "ART-002"; }) == 1,
             dump(f));
  for (const auto& x : f) {
    if (x.rule_id == "PLAT-003" || x.rule_id == "PLAT-004")
      BOOST_TEST((x.severity == ocv::engine::Severity::note), dump(f));
    BOOST_TEST(!(x.rule_id.starts_with("REF-") && x.severity != ocv::engine::Severity::note),
               dump(f));
  }
  // Fault: the signed payload is changed after signing.
  flip(blob(layout, payload), 10);
  expect_caught(validate(layout), "DIG-007");
}

BOOST_AUTO_TEST_SUITE_END()
