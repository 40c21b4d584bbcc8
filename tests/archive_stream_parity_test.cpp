// A stream (standard input, a compressed archive) is judged as the same
// archive given as a file: members that may be documents are read as
// documents whatever their first bytes look like, and the diff_ids a config
// gives in another algorithm than sha256 are checked also for layers that
// went past before that config did.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "apps/conformance/archive_pack.hpp"
#include "tests/support/archive_run.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/tar_writer.hpp"
#include "validator/digest/digest.hpp"

namespace fs = std::filesystem;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::TempDir;

namespace {

struct Run {
  std::vector<ocv::engine::Finding> findings;
  std::vector<std::string> notes;
};

Run validate(const std::string& input) {
  auto r = ocv::test::validate_input(input);
  return {std::move(r.findings), std::move(r.summary.run_notes)};
}

/// What was found where: rule, member and message, in a comparable form.
std::set<std::tuple<std::string, std::string, std::string>> judged(const Run& r) {
  std::set<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& f : r.findings) out.emplace(f.rule_id, f.location.blob, f.message);
  return out;
}

void sh(const std::string& command) {
  BOOST_REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
}

std::string hex_of(std::string_view digest) {
  return std::string(digest.substr(digest.find(':') + 1));
}

/// One image; `config` is written as given. Returns the layout directory.
struct Image {
  std::string layer_digest;
  std::string config_digest;
  std::string manifest_digest;
};

Image write_image(ocv::test::LayoutBuilder& b, std::string_view layer_media_type,
                  const std::string& layer, std::string_view config_media_type,
                  const std::string& config) {
  Image img;
  const auto layer_desc = b.descriptor(layer_media_type, layer);
  const auto config_desc = b.descriptor(config_media_type, config);
  img.layer_digest = ocv::test::sha256_digest(layer);
  img.config_digest = ocv::test::sha256_digest(config);
  const auto manifest = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[{}]}})",
      config_desc, layer_desc);
  img.manifest_digest = b.add_blob(manifest);
  b.write_oci_layout();
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},)"
      R"("platform":{{"architecture":"amd64","os":"linux"}},)"
      R"("annotations":{{"org.opencontainers.image.ref.name":"1.0"}}}})",
      img.manifest_digest, manifest.size())});
  return img;
}

std::string config_with_diff_id(std::string_view diff_id) {
  return fmt::format(
      R"({{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}})",
      diff_id);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_stream_parity)

BOOST_AUTO_TEST_CASE(a_document_that_looks_like_a_layer_is_read_as_one_from_a_stream) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path() / "layout");
  // A config of 2 MiB that is a gzip stream: the file path reads it as the
  // config it claims to be (and finds it is no JSON); so must the stream.
  const auto layer = ocv::test::gzip(ocv::test::make_tar({{"etc/hello", "hello\n"}}));
  const auto config = ocv::test::gzip(ocv::test::incompressible(2u << 20));
  BOOST_REQUIRE(config.size() > (2u << 20));
  const auto img = write_image(b, "application/vnd.oci.image.layer.v1.tar+gzip", layer,
                               "application/vnd.oci.image.config.v1+json", config);
  const auto dir = b.root().string();
  sh(fmt::format("tar -C {} -cf {}/x.tar oci-layout index.json blobs", dir, tmp.path().string()));
  sh(fmt::format("gzip -k {}/x.tar", tmp.path().string()));
  const auto file = validate((tmp.path() / "x.tar").string());
  const auto config_member = "blobs/sha256/" + hex_of(img.config_digest);
  BOOST_REQUIRE_MESSAGE(std::any_of(file.findings.begin(), file.findings.end(),
                                    [&](const auto& f) {
                                      return f.location.blob == config_member &&
                                             f.severity == ocv::engine::Severity::error;
                                    }),
                        dump(file.findings));
  const auto stream = validate((tmp.path() / "x.tar.gz").string());
  BOOST_TEST((judged(stream) == judged(file)), "file:\n"
                                                   << dump(file.findings) << "stream:\n"
                                                   << dump(stream.findings));
}

// A legacy docker-archive names its layer files by nothing but their
// diff_id: a large one passes on the stream all the same, hashed with
// sha256, and is judged as in the file.
BOOST_AUTO_TEST_CASE(a_legacy_docker_archive_layer_passes_on_a_stream_as_in_the_file) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path() / "layout");
  const auto tar = ocv::test::make_tar({{"big", std::string(17u << 20, 'x')}});
  const auto diff_id = ocv::test::sha256_digest(tar);
  write_image(b, "application/vnd.oci.image.layer.v1.tar", tar,
              "application/vnd.oci.image.config.v1+json", config_with_diff_id(diff_id));
  ocv::conformance::ArchiveSpec spec;
  spec.shape = "docker-archive";
  ocv::conformance::pack_archive(b.root(), spec, tmp.path() / "legacy.tar");
  sh(fmt::format("gzip -k {}", (tmp.path() / "legacy.tar").string()));
  const auto file = ocv::test::validate_input((tmp.path() / "legacy.tar").string());
  const auto stream = ocv::test::validate_input((tmp.path() / "legacy.tar.gz").string());
  BOOST_TEST(stream.summary.spooled_bytes < (1u << 20), stream.summary.spooled_bytes);
  BOOST_TEST(
      (judged({file.findings, {}}) == judged({stream.findings, {}})), "file:\n"
                                                                          << dump(file.findings)
                                                                          << "stream:\n"
                                                                          << dump(stream.findings));
  BOOST_TEST(stream.summary.run_notes.empty());
}

BOOST_AUTO_TEST_CASE(sha512_diff_ids_are_checked_for_layers_that_pass_on_a_stream) {
  // An uncompressed layer larger than any document (16 MiB): a stream
  // passes it through the layer pass as it goes by.
  const auto tar = ocv::test::make_tar({{"big", std::string(17u << 20, 'x')}});
  const auto right = "sha512:" + ocv::digest::hash_hex("sha512", tar);
  const auto wrong = "sha512:" + std::string(128, 'a');
  for (const auto& diff_id : {right, wrong}) {
    const bool fault = diff_id == wrong;
    TempDir tmp;
    ocv::test::LayoutBuilder b(tmp.path() / "layout");
    const auto img =
        write_image(b, "application/vnd.oci.image.layer.v1.tar", tar,
                    "application/vnd.oci.image.config.v1+json", config_with_diff_id(diff_id));
    const auto dir = b.root().string();
    const auto t = tmp.path().string();
    const auto layer = "blobs/sha256/" + hex_of(img.layer_digest);
    const auto config = "blobs/sha256/" + hex_of(img.config_digest);
    const auto manifest = "blobs/sha256/" + hex_of(img.manifest_digest);
    // The config after the layer (it can only be checked by reading the
    // stream again), and before it (the layer pass learns of sha512 first).
    sh(fmt::format("tar -C {} -cf {}/late.tar oci-layout index.json {} {} {}", dir, t, manifest,
                   layer, config));
    sh(fmt::format("tar -C {} -cf {}/early.tar oci-layout index.json {} {} {}", dir, t, config,
                   manifest, layer));
    sh(fmt::format("gzip -k {0}/late.tar {0}/early.tar", t));
    const auto file = validate(t + "/late.tar");
    BOOST_TEST(fired(file.findings, "CFG-008") == fault, dump(file.findings));
    for (const auto* name : {"late.tar.gz", "early.tar.gz"}) {
      const auto stream = validate(fmt::format("{}/{}", t, name));
      BOOST_TEST((judged(stream) == judged(file)), name << "\nfile:\n"
                                                        << dump(file.findings) << "stream:\n"
                                                        << dump(stream.findings));
      BOOST_TEST(stream.notes.empty(),
                 name << ": " << (stream.notes.empty() ? "" : stream.notes.front()));
    }
    // On standard input: read again when it is a file, learned first when
    // the config comes first, and named as not checked when neither can be.
    const auto cli = [&](const std::string& command) {
      const auto out = t + "/out.txt";
      const int rc = std::system(fmt::format("{} > {} 2>&1", command, out).c_str());
      std::ifstream in(out);
      return std::pair{WEXITSTATUS(rc), std::string(std::istreambuf_iterator<char>(in), {})};
    };
    const int expected_exit = fault ? 1 : 0;
    for (const auto& command : {fmt::format("{} - < {}/late.tar.gz", OCV_BINARY, t),
                                fmt::format("cat {}/early.tar.gz | {} -", t, OCV_BINARY),
                                fmt::format("cat {}/early.tar | {} -", t, OCV_BINARY)}) {
      const auto [rc, text] = cli(command);
      BOOST_TEST(rc == expected_exit, command << "\n" << text);
      BOOST_TEST((text.find("CFG-008") != std::string::npos) == fault, command << "\n" << text);
      BOOST_TEST(text.find("was not checked") == std::string::npos, command << "\n" << text);
    }
    const auto [rc, text] = cli(fmt::format("cat {}/late.tar.gz | {} -", t, OCV_BINARY));
    BOOST_TEST(rc == 0, text);
    BOOST_TEST(
        text.find("the sha512 diff_id of layer " + layer + " was not checked") != std::string::npos,
        text);
  }
}

BOOST_AUTO_TEST_SUITE_END()
