// Against a real registry: Debian's docker-registry (distribution 2.8.2)
// on 127.0.0.1, with TLS from a CA made here and htpasswd basic auth
// (tests/support/registry_process.hpp). Images pushed with skopeo copy —
// two tags sharing layers, an index of two platforms, zstd layers — and
// with raw HTTP for what skopeo will not push: an OCI 1.1 artifact with a
// subject and its sha256-<hex> fallback tag, and broken images (diff_ids
// that do not match, a corrupt gzip layer, a layer typed zstd that is
// gzip). Every image is read from the registry with each blob fetched
// exactly once (counted in the registry's access log) and nothing
// written to disk; faults are found; TLS and credentials are checked.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include <botan/base64.h>
#include <rapidjson/document.h>

#include <fmt/format.h>

#include "tests/support/cli_runner.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/real_tools.hpp"
#include "tests/support/registry_process.hpp"

namespace fs = std::filesystem;
namespace utf = boost::unit_test;
using ocv::test::RegistryProcess;
using ocv::test::TempDir;

namespace {

constexpr const char* kManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* kIndexType = "application/vnd.oci.image.index.v1+json";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// The registry and the images every test here reads, made once.
struct Fixture {
  TempDir dir;
  std::unique_ptr<RegistryProcess> registry;
  fs::path umoci;  // tags 1 and 2, sharing the first layer

  Fixture() {
    registry = std::make_unique<RegistryProcess>();
    umoci = dir.path() / "umoci";
    BOOST_REQUIRE(ocv::test::sh(fmt::format(
        "cd {0} && umoci init --layout umoci && umoci new --image umoci:1 && "
        "umoci unpack --image umoci:1 bundle && mkdir -p bundle/rootfs/etc bundle/rootfs/opt && "
        "echo NAME=test > bundle/rootfs/etc/os-release && "
        "head -c 300000 /dev/urandom > bundle/rootfs/opt/data && "
        "umoci repack --image umoci:1 bundle && rm -rf bundle && "
        "umoci config --image umoci:1 --os linux --architecture amd64 && "
        "umoci unpack --image umoci:1 bundle && echo two > bundle/rootfs/etc/two && "
        "rm bundle/rootfs/etc/os-release && umoci repack --image umoci:2 bundle && rm -rf bundle",
        dir.path().string())));
  }

  std::vector<std::string> cli(const std::string& ref) const {
    return {"--cert-dir", registry->cert_dir(), "--creds", registry->creds(),
            "docker://" + registry->host() + "/" + ref};
  }
};

/// Every blob GET in the access log since the mark, by digest.
std::map<std::string, int> blob_gets(const RegistryProcess& r) {
  std::map<std::string, int> out;
  for (const auto& line : r.access_log()) {
    const auto at = line.find("\"GET /v2/");
    if (at == std::string::npos) continue;
    const auto blobs = line.find("/blobs/sha256:", at);
    if (blobs == std::string::npos) continue;
    ++out[line.substr(blobs + 7, 7 + 64)];
  }
  return out;
}

bool every_blob_once(const RegistryProcess& r, std::string& detail) {
  const auto gets = blob_gets(r);
  detail.clear();
  for (const auto& [digest, n] : gets)
    if (n != 1) detail += fmt::format("{} fetched {} times; ", digest, n);
  return !gets.empty() && detail.empty();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_real, *utf::precondition(RegistryProcess::available))

BOOST_AUTO_TEST_CASE(images_pushed_by_skopeo_validate_with_each_blob_fetched_once) {
  Fixture f;
  auto& r = *f.registry;
  r.skopeo_push("oci:" + f.umoci.string() + ":1", "app:1");
  r.skopeo_push("oci:" + f.umoci.string() + ":2", "app:2");
  // zstd layers: recompressed into a layout first (a registry
  // destination keeps the layers as they are).
  BOOST_REQUIRE(ocv::test::sh(
      fmt::format("cd {} && skopeo copy -q --dest-compress-format zstd oci:umoci:2 oci:zstd:2",
                  f.dir.path().string())));
  r.skopeo_push("oci:" + (f.dir.path() / "zstd").string() + ":2", "zstd:2");
  for (const auto* tag : {"app:1", "app:2", "zstd:2"}) {
    r.mark_log();
    const auto run = ocv::test::run_cli(f.cli(tag));
    BOOST_TEST(run.exit_code == 0, tag << ": " << run.out << run.err);
    std::string detail;
    BOOST_TEST(every_blob_once(r, detail), tag << ": " << detail);
    // HTTP/2, negotiated over TLS.
    BOOST_TEST(r.count_requests("HTTP/2.0") == r.access_log().size(), tag);
  }
  // zstd layers went through the layer pass (a note says zstd is the less
  // portable choice).
  const auto zstd = ocv::test::run_cli(f.cli("zstd:2"));
  BOOST_TEST(zstd.out.find("MAN-012") != std::string::npos, zstd.out);
  // Nothing was written: the working directory holds what it held.
  TempDir cwd;
  const auto before = ocv::test::snapshot_tree(cwd.path());
  BOOST_TEST(ocv::test::run_cli_in(cwd.path().string(), f.cli("app:2")).exit_code == 0);
  BOOST_TEST((ocv::test::snapshot_tree(cwd.path()) == before));
}

BOOST_AUTO_TEST_CASE(an_index_of_two_platforms_and_platform_selection) {
  Fixture f;
  auto& r = *f.registry;
  ocv::test::LayoutBuilder b(f.dir.path() / "multi");
  b.write_oci_layout();
  const auto amd = b.add_image("amd64", "linux", "amd64\n");
  const auto arm = b.add_image("arm64", "linux", "arm64\n");
  const auto entry = [](const ocv::test::BuiltImage& img, const char* arch) {
    return fmt::format(
        R"({{"mediaType":"{}","digest":"{}","size":{},"platform":{{"architecture":"{}","os":"linux"}}}})",
        kManifestType, img.manifest_digest, img.manifest.size(), arch);
  };
  const auto index = fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","manifests":[{},{}]}})",
                                 kIndexType, entry(amd, "amd64"), entry(arm, "arm64"));
  const auto index_digest = b.add_blob(index);
  b.write_index({fmt::format(
      R"({{"mediaType":"{}","digest":"{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"multi"}}}})",
      kIndexType, index_digest, index.size())});
  r.skopeo_push("oci:" + (f.dir.path() / "multi").string() + ":multi", "multi:1", "--all");
  r.mark_log();
  const auto all = ocv::test::run_cli(f.cli("multi:1"));
  BOOST_TEST(all.exit_code == 0, all.out << all.err);
  BOOST_TEST(all.out.find("2 images") != std::string::npos, all.out);
  std::string detail;
  BOOST_TEST(every_blob_once(r, detail), detail);
  BOOST_TEST(blob_gets(r).contains(arm.layer_digest));
  r.mark_log();
  auto args = f.cli("multi:1");
  args.insert(args.begin(), {"--platform", "linux/amd64"});
  const auto one = ocv::test::run_cli(args);
  BOOST_TEST(one.exit_code == 0, one.out << one.err);
  BOOST_TEST(one.out.find("1 image") != std::string::npos, one.out);
  BOOST_TEST(!blob_gets(r).contains(arm.layer_digest));
  BOOST_TEST(r.count_requests("/manifests/" + arm.manifest_digest) == 0u);
  // A platform the index does not have: exit 2, naming those it has.
  args = f.cli("multi:1");
  args.insert(args.begin(), {"--platform", "linux/s390x"});
  const auto none = ocv::test::run_cli(args);
  BOOST_TEST(none.exit_code == 2, none.out << none.err);
  BOOST_TEST(none.err.find("linux/amd64, linux/arm64") != std::string::npos, none.err);
}

BOOST_AUTO_TEST_CASE(an_artifact_with_a_subject_is_found_at_the_fallback_tag) {
  Fixture f;
  auto& r = *f.registry;
  r.skopeo_push("oci:" + f.umoci.string() + ":1", "app:1");
  // The subject: the manifest skopeo pushed, as the registry serves it.
  const auto blobs = f.dir.path() / "umoci/blobs/sha256";
  rapidjson::Document index;
  const auto index_text = read_file(f.umoci / "index.json");
  index.Parse(index_text.c_str());
  std::string subject_digest, subject;
  for (const auto& m : index["manifests"].GetArray())
    if (std::string(m["annotations"]["org.opencontainers.image.ref.name"].GetString()) == "1") {
      subject_digest = m["digest"].GetString();
      subject = read_file(blobs / subject_digest.substr(7));
    }
  BOOST_TEST_REQUIRE(!subject.empty());
  const std::string sbom = R"({"spdxVersion":"SPDX-2.3","name":"example"})";
  r.push_blob("app", "{}");
  r.push_blob("app", sbom);
  const auto artifact = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","artifactType":"application/vnd.example.sbom.v1",)"
      R"("config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{}","size":2}},)"
      R"("layers":[{{"mediaType":"application/spdx+json","digest":"{}","size":{}}}],)"
      R"("subject":{{"mediaType":"{}","digest":"{}","size":{}}},)"
      R"("annotations":{{"org.opencontainers.image.created":"2024-05-01T00:00:00Z"}}}})",
      kManifestType, ocv::test::sha256_digest("{}"), ocv::test::sha256_digest(sbom), sbom.size(),
      kManifestType, subject_digest, subject.size());
  const auto artifact_digest = ocv::test::sha256_digest(artifact);
  BOOST_TEST_REQUIRE(r.push_manifest("app", artifact_digest, artifact, kManifestType) == 201);
  // distribution 2.8 has no referrers API: the client keeps the list at
  // the fallback tag (distribution-spec § Unavailable Referrers API).
  const auto list = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","manifests":[{{"mediaType":"{}","digest":"{}",)"
      R"("size":{},"artifactType":"application/vnd.example.sbom.v1",)"
      R"("annotations":{{"org.opencontainers.image.created":"2024-05-01T00:00:00Z"}}}}]}})",
      kIndexType, kManifestType, artifact_digest, artifact.size());
  BOOST_TEST_REQUIRE(
      r.push_manifest("app", "sha256-" + subject_digest.substr(7), list, kIndexType) == 201);
  r.mark_log();
  const auto run = ocv::test::run_cli(f.cli("app:1"));
  BOOST_TEST(run.exit_code == 0, run.out << run.err);
  BOOST_TEST(run.err.find("no referrers API") != std::string::npos, run.err);
  BOOST_TEST(run.out.find("2 images") != std::string::npos, run.out);
  BOOST_TEST(r.count_requests("GET /v2/app/manifests/" + artifact_digest) == 1u);
  BOOST_TEST(blob_gets(r).contains(ocv::test::sha256_digest(sbom)));
  // A fallback tag that also lists a manifest whose subject is another
  // image: REG-005.
  const auto stranger = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","artifactType":"application/vnd.example.sbom.v1",)"
      R"("config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{}","size":2}},)"
      R"("layers":[{{"mediaType":"application/spdx+json","digest":"{}","size":{}}}],)"
      R"("subject":{{"mediaType":"{}","digest":"{}","size":13}}}})",
      kManifestType, ocv::test::sha256_digest("{}"), ocv::test::sha256_digest(sbom), sbom.size(),
      kManifestType, ocv::test::sha256_digest("another image"));
  const auto stranger_digest = ocv::test::sha256_digest(stranger);
  BOOST_TEST_REQUIRE(r.push_manifest("app", stranger_digest, stranger, kManifestType) == 201);
  const auto mixed_list = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{0}","manifests":[{{"mediaType":"{1}","digest":"{2}",)"
      R"("size":{3},"artifactType":"application/vnd.example.sbom.v1",)"
      R"("annotations":{{"org.opencontainers.image.created":"2024-05-01T00:00:00Z"}}}},)"
      R"({{"mediaType":"{1}","digest":"{4}","size":{5},"artifactType":"application/vnd.example.sbom.v1"}}]}})",
      kIndexType, kManifestType, artifact_digest, artifact.size(), stranger_digest,
      stranger.size());
  BOOST_TEST_REQUIRE(
      r.push_manifest("app", "sha256-" + subject_digest.substr(7), mixed_list, kIndexType) == 201);
  auto json = f.cli("app:1");
  json.insert(json.begin(), {"-f", "json"});
  const auto mixed = ocv::test::run_cli(json);
  BOOST_TEST(mixed.exit_code == 1, mixed.out << mixed.err);
  BOOST_TEST(mixed.out.find("\"ruleId\": \"REG-005\"") != std::string::npos, mixed.out);
  BOOST_TEST(mixed.out.find("whose subject is") != std::string::npos, mixed.out);
  r.mark_log();
  auto no_referrers = f.cli("app:1");
  no_referrers.insert(no_referrers.begin(), "--no-referrers");
  const auto alone = ocv::test::run_cli(no_referrers);
  BOOST_TEST(alone.exit_code == 0);
  BOOST_TEST(r.count_requests("sha256-") == 0u);
}

BOOST_AUTO_TEST_CASE(broken_images_pushed_with_raw_http_are_caught) {
  Fixture f;
  auto& r = *f.registry;
  const auto tar = ocv::test::make_tar({{"etc/hello", "hello\n"}});
  const auto layer = ocv::test::gzip(tar);
  const auto config = [](const std::string& diff_id) {
    return fmt::format(
        R"({{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}})",
        diff_id);
  };
  const auto manifest = [](const std::string& cfg, const std::string& layer_bytes,
                           const char* layer_type) {
    return fmt::format(
        R"({{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},)"
        R"("layers":[{{"mediaType":"{}","digest":"{}","size":{}}}]}})",
        kManifestType, ocv::test::sha256_digest(cfg), cfg.size(), layer_type,
        ocv::test::sha256_digest(layer_bytes), layer_bytes.size());
  };
  struct Broken {
    std::string tag, cfg, layer, layer_type, rule;
  };
  auto corrupt = layer;
  corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 1);
  const std::vector<Broken> images = {
      {"diff-ids", config(ocv::test::sha256_digest("another tar")), layer,
       "application/vnd.oci.image.layer.v1.tar+gzip", "CFG-008"},
      {"corrupt-layer", config(ocv::test::sha256_digest(tar)), corrupt,
       "application/vnd.oci.image.layer.v1.tar+gzip", "LAY-001"},
      {"zstd-claimed", config(ocv::test::sha256_digest(tar)), layer,
       "application/vnd.oci.image.layer.v1.tar+zstd", "LAY-002"},
  };
  for (const auto& img : images) {
    r.push_blob("broken", img.cfg);
    r.push_blob("broken", img.layer);
    const auto m = manifest(img.cfg, img.layer, img.layer_type.c_str());
    BOOST_TEST_REQUIRE(r.push_manifest("broken", img.tag, m, kManifestType) == 201);
    auto args = f.cli("broken:" + img.tag);
    args.insert(args.begin(), {"-f", "json"});
    const auto run = ocv::test::run_cli(args);
    BOOST_TEST(run.exit_code == 1, img.tag << ": " << run.out << run.err);
    BOOST_TEST(run.out.find("\"ruleId\": \"" + img.rule + "\"") != std::string::npos,
               img.tag << ": " << run.out);
  }
  // distribution refuses a manifest whose Content-Type is not its
  // mediaType since the CVE-2021-41190 fix: REG-001 is tested against the
  // fault server (registry_faults), which will serve one.
  const auto m =
      manifest(images[0].cfg, images[0].layer, "application/vnd.oci.image.layer.v1.tar+gzip");
  BOOST_TEST(r.push_manifest("broken", "as-index", m, kIndexType) == 400);
}

BOOST_AUTO_TEST_CASE(a_subject_or_referrer_naming_a_plain_blob_is_reg_006_not_the_end) {
  // distribution 2.8 answers 500 (UNKNOWN) to GET /v2/<name>/manifests/<digest>
  // when the digest is a blob that is not a manifest. A subject, or a
  // referrer at the fallback tag, that names the image's config: the run
  // goes on (REG-006, a warning), and the config is read from the blobs
  // endpoint and judged as the manifest its descriptor says it is.
  Fixture f;
  auto& r = *f.registry;
  ocv::test::LayoutBuilder b(f.dir.path() / "plain");
  const auto img = b.write_valid_layout("1");
  r.skopeo_push("oci:" + (f.dir.path() / "plain").string() + ":1", "plain:1");
  BOOST_TEST_REQUIRE(r.send("GET", "/v2/plain/manifests/" + img.config_digest,
                            {std::string("Accept: ") + kManifestType})
                         .status == 500);
  r.push_blob("plain", "{}");
  const auto artifact = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","artifactType":"application/vnd.example.sbom.v1",)"
      R"("config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{}","size":2}},)"
      R"("layers":[{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{}","size":2}}],)"
      R"("subject":{{"mediaType":"{}","digest":"{}","size":{}}}}})",
      kManifestType, ocv::test::sha256_digest("{}"), ocv::test::sha256_digest("{}"), kManifestType,
      img.config_digest, img.config.size());
  BOOST_TEST_REQUIRE(r.push_manifest("plain", "art", artifact, kManifestType) == 201);
  r.mark_log();
  auto args = f.cli("plain:art");
  args.insert(args.begin(), {"-f", "json"});
  const auto subject = ocv::test::run_cli(args);
  BOOST_TEST(subject.exit_code == 1, subject.out << subject.err);
  BOOST_TEST(subject.out.find("\"ruleId\": \"REG-006\"") != std::string::npos, subject.out);
  BOOST_TEST(subject.out.find("500 Internal Server Error (UNKNOWN: unknown error) on every try; "
                              "its content was read from the blobs endpoint") != std::string::npos,
             subject.out);
  // The config, judged as a manifest: it has no layers.
  BOOST_TEST(subject.out.find("/layers") != std::string::npos, subject.out);
  BOOST_TEST(r.count_requests("GET /v2/plain/blobs/" + img.config_digest) == 1u);

  // A fallback tag that lists the config as a referrer of the image.
  const auto list = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","manifests":[{{"mediaType":"{}","digest":"{}",)"
      R"("size":{},"artifactType":"application/vnd.example.sbom.v1"}}]}})",
      kIndexType, kManifestType, img.config_digest, img.config.size());
  BOOST_TEST_REQUIRE(
      r.push_manifest("plain", "sha256-" + img.manifest_digest.substr(7), list, kIndexType) == 201);
  auto image_args = f.cli("plain:1");
  image_args.insert(image_args.begin(), {"-f", "json"});
  const auto referrer = ocv::test::run_cli(image_args);
  BOOST_TEST(referrer.exit_code == 1, referrer.out << referrer.err);
  BOOST_TEST(referrer.out.find("\"ruleId\": \"REG-006\"") != std::string::npos, referrer.out);
  BOOST_TEST(referrer.out.find("\"ruleId\": \"REG-005\"") != std::string::npos, referrer.out);
}

BOOST_AUTO_TEST_CASE(a_deleted_blob_is_reg_004) {
  // The registry answers BLOB_UNKNOWN for a layer deleted after the push
  // (DELETE /v2/<name>/blobs/<digest>; the manifest stays).
  Fixture f;
  auto& r = *f.registry;
  ocv::test::LayoutBuilder b(f.dir.path() / "one");
  const auto img = b.write_valid_layout("1");
  r.skopeo_push("oci:" + (f.dir.path() / "one").string() + ":1", "gone:1");
  const auto ok = ocv::test::run_cli(f.cli("gone:1"));
  BOOST_TEST(ok.exit_code == 0, ok.out << ok.err);
  BOOST_TEST(!ocv::test::note_answer("REG-004", ok.out.find("REG-004") != std::string::npos),
             ok.out);
  BOOST_TEST_REQUIRE(r.send("DELETE", "/v2/gone/blobs/" + img.layer_digest).status == 202);
  auto args = f.cli("gone:1");
  args.insert(args.begin(), {"-f", "json"});
  const auto run = ocv::test::run_cli(args);
  BOOST_TEST(run.exit_code == 1, run.out << run.err);
  BOOST_TEST(ocv::test::note_answer("REG-004",
                                    run.out.find("\"ruleId\": \"REG-004\"") != std::string::npos),
             run.out);
  // HEAD answers carry no body, so no error code: the status says it.
  BOOST_TEST(
      run.out.find("404 Not Found to HEAD /v2/gone/blobs/" + img.layer_digest) != std::string::npos,
      run.out);
  // The layout's rule for the same fact does not apply to a registry.
  BOOST_TEST(run.out.find("\"ruleId\": \"LYT-009\"") == std::string::npos, run.out);
}

BOOST_AUTO_TEST_CASE(references_the_registry_cannot_serve_end_the_run_with_advice) {
  Fixture f;
  const auto missing = ocv::test::run_cli(f.cli("app:nope"));
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(missing.err.find("MANIFEST_UNKNOWN") != std::string::npos, missing.err);
  BOOST_TEST(missing.err.find("skopeo list-tags") != std::string::npos, missing.err);
  const auto refused = ocv::test::run_cli(f.cli("App:1"));
  BOOST_TEST(refused.exit_code == 2);
  BOOST_TEST(refused.err.find("repository name component") != std::string::npos, refused.err);
  // Nothing listens on port 1 (connection refused).
  const auto closed = ocv::test::run_cli({"docker://127.0.0.1:1/app:1"});
  BOOST_TEST(closed.exit_code == 2);
  BOOST_TEST(closed.err.find("127.0.0.1:1") != std::string::npos, closed.err);
}

BOOST_AUTO_TEST_CASE(tls_and_credentials) {
  Fixture f;
  auto& r = *f.registry;
  r.skopeo_push("oci:" + f.umoci.string() + ":1", "app:1");
  const auto ref = "docker://" + r.host() + "/app:1";
  // Without the CA: the certificate is not trusted, and the message says
  // what to do.
  const auto untrusted = ocv::test::run_cli({"--creds", r.creds(), ref});
  BOOST_TEST(untrusted.exit_code == 2);
  BOOST_TEST(untrusted.err.find("--cert-dir") != std::string::npos, untrusted.err);
  // --tls-verify=false reads it anyway.
  BOOST_TEST(ocv::test::run_cli({"--tls-verify=false", "--creds", r.creds(), ref}).exit_code == 0);
  // No credentials, wrong ones, and an auth file named by the environment.
  const auto anonymous = ocv::test::run_cli({"--cert-dir", r.cert_dir(), ref});
  BOOST_TEST(anonymous.exit_code == 2);
  BOOST_TEST(anonymous.err.find("requires authentication") != std::string::npos, anonymous.err);
  const auto wrong = ocv::test::run_cli(
      {"--cert-dir", r.cert_dir(), "--creds", std::string(RegistryProcess::kUser) + ":nope", ref});
  BOOST_TEST(wrong.exit_code == 2);
  BOOST_TEST(wrong.err.find("refused the credentials from --creds") != std::string::npos,
             wrong.err);
  const auto auth = f.dir.path() / "auth.json";
  const std::string pair = r.creds();
  const auto basic =
      Botan::base64_encode(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size());
  std::ofstream(auth) << fmt::format(R"({{"auths":{{"{}":{{"auth":"{}"}}}}}})", r.host(), basic);
  TempDir reports;
  const auto sarif = (reports.path() / "r.sarif").string();
  const auto junit = (reports.path() / "r.xml").string();
  const auto env = ocv::test::run_cli(
      {"--cert-dir", r.cert_dir(), "--sarif", sarif, "--junit", junit, "-f", "json", ref},
      {"REGISTRY_AUTH_FILE=" + auth.string()});
  BOOST_TEST(env.exit_code == 0, env.out << env.err);
  for (const auto& text : {env.out, env.err, read_file(sarif), read_file(junit), untrusted.err,
                           anonymous.err, wrong.err}) {
    BOOST_TEST(text.find(RegistryProcess::kPassword) == std::string::npos);
    BOOST_TEST(text.find(basic) == std::string::npos);
  }
  // A credential helper that a Docker config file names for the registry
  // (credHelpers), asked with the docker-credential protocol.
  const auto bin = f.dir.path() / "bin";
  fs::create_directories(bin);
  const auto helper = bin / "docker-credential-ocvtest";
  std::ofstream(helper) << fmt::format(
      "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\n[ \"$server\" = {} ] || exit 1\n"
      "echo '{{\"ServerURL\":\"{}\",\"Username\":\"{}\",\"Secret\":\"{}\"}}'\n",
      r.host(), r.host(), RegistryProcess::kUser, RegistryProcess::kPassword);
  fs::permissions(helper, fs::perms::owner_all);
  fs::create_directories(f.dir.path() / "docker");
  std::ofstream(f.dir.path() / "docker/config.json")
      << fmt::format(R"({{"credHelpers":{{"{}":"ocvtest"}}}})", r.host());
  const std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  ::setenv("PATH", (bin.string() + ":" + path).c_str(), 1);
  const auto helped = ocv::test::run_cli(
      {"--cert-dir", r.cert_dir(), ref},
      {"DOCKER_CONFIG=" + (f.dir.path() / "docker").string(), "HOME=" + f.dir.path().string()});
  ::setenv("PATH", path.c_str(), 1);
  BOOST_TEST(helped.exit_code == 0, helped.out << helped.err);
  for (const auto& text : {helped.out, helped.err})
    BOOST_TEST(text.find(RegistryProcess::kPassword) == std::string::npos);
  // Rules about a layout's own files do not apply to a registry, and the
  // JUnit report says why.
  BOOST_TEST(read_file(junit).find("cannot list its blobs") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
