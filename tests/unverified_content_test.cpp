// Content the validator could not check must never pass a gate: a
// referenced blob that is not a regular file (LYT-016), and what lies below
// a descriptor whose size is wrong (DESC-006), fail the run and say where
// in every report format.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "tests/support/cli_runner.hpp"
#include "tests/support/layout_builder.hpp"

namespace fs = std::filesystem;
using ocv::test::LayoutBuilder;
using ocv::test::TempDir;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// A Unix socket at `dir/name`, bound through /proc/self/fd so that the
/// long temporary path does not overflow sun_path.
void make_socket(const fs::path& dir, const std::string& name) {
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  BOOST_REQUIRE(dir_fd >= 0);
  const auto path = fmt::format("/proc/self/fd/{}/{}", dir_fd, name);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  BOOST_REQUIRE(path.size() < sizeof(addr.sun_path));
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  BOOST_REQUIRE(s >= 0);
  BOOST_REQUIRE(::bind(s, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  ::close(s);
  ::close(dir_fd);
}

/// What one run reported, in every format.
struct Reports {
  int exit_code = -1;
  std::string text;
  rapidjson::Document json;
  rapidjson::Document sarif;
  std::string junit;
};

Reports run_all_formats(const fs::path& layout, const fs::path& out_dir) {
  Reports r;
  const auto json = out_dir / "report.json";
  const auto sarif = out_dir / "report.sarif";
  const auto junit = out_dir / "report.xml";
  const auto run = ocv::test::run_cli({"--json", json.string(), "--sarif", sarif.string(),
                                       "--junit", junit.string(), layout.string()});
  r.exit_code = run.exit_code;
  r.text = run.out;
  r.json.Parse(read_text(json).c_str());
  r.sarif.Parse(read_text(sarif).c_str());
  r.junit = read_text(junit);
  BOOST_REQUIRE(!r.json.HasParseError());
  BOOST_REQUIRE(!r.sarif.HasParseError());
  return r;
}

/// The JSON report's findings of `rule`.
std::vector<const rapidjson::Value*> json_findings(const Reports& r, std::string_view rule) {
  std::vector<const rapidjson::Value*> out;
  for (const auto& f : r.json["findings"].GetArray())
    if (rule == f["ruleId"].GetString()) out.push_back(&f);
  return out;
}

/// The SARIF results of `rule`.
std::vector<const rapidjson::Value*> sarif_results(const Reports& r, std::string_view rule) {
  std::vector<const rapidjson::Value*> out;
  for (const auto& f : r.sarif["runs"][0]["results"].GetArray())
    if (rule == f["ruleId"].GetString()) out.push_back(&f);
  return out;
}

/// Whether the JUnit report has a <failure> in a test case of `rule`.
bool junit_fails(const Reports& r, std::string_view rule) {
  const auto name = fmt::format("name=\"{} ", rule);
  for (auto at = r.junit.find(name); at != std::string::npos; at = r.junit.find(name, at + 1)) {
    const auto tag_end = r.junit.find('>', at);
    if (tag_end == std::string::npos || r.junit[tag_end - 1] == '/') continue;  // <testcase/>
    const auto body = r.junit.substr(tag_end, r.junit.find("</testcase>", tag_end) - tag_end);
    if (body.find("<failure ") != std::string::npos) return true;
  }
  return false;
}

/// Every format reports `rule` as an error whose message names `descriptor`
/// (and, with `chain_to_descriptor`, whose chain ends at it).
void expect_error_everywhere(const Reports& r, std::string_view rule, std::string_view descriptor,
                             bool chain_to_descriptor = true) {
  BOOST_TEST(r.exit_code == 1, r.text);
  BOOST_TEST(r.text.find(fmt::format("error   {}", rule)) != std::string::npos, r.text);
  BOOST_TEST(r.text.find("INVALID") != std::string::npos, r.text);

  const auto json = json_findings(r, rule);
  BOOST_TEST_REQUIRE(json.size() == 1u, rule);
  const auto& f = *json.front();
  BOOST_TEST(std::string(f["severity"].GetString()) == "error");
  BOOST_TEST(std::string(f["message"].GetString()).find(descriptor) != std::string::npos,
             f["message"].GetString());
  const auto& chain = f["chain"].GetArray();
  BOOST_TEST_REQUIRE(!chain.Empty());
  if (chain_to_descriptor)
    BOOST_TEST(std::string(chain[chain.Size() - 1].GetString()) == descriptor);
  BOOST_TEST(std::string(r.json["verdict"].GetString()) == "invalid");

  const auto sarif = sarif_results(r, rule);
  BOOST_TEST_REQUIRE(sarif.size() == 1u, rule);
  BOOST_TEST(std::string((*sarif.front())["level"].GetString()) == "error");
  BOOST_TEST(std::string((*sarif.front())["message"]["text"].GetString()).find(descriptor) !=
             std::string::npos);

  BOOST_TEST(junit_fails(r, rule), r.junit);
}

/// A valid one-image layout with one of its blobs replaced by `plant`.
struct Planted {
  TempDir tmp;
  fs::path layout = tmp.path() / "layout";
  ocv::test::BuiltImage image;
  Planted() { image = LayoutBuilder(layout).write_valid_layout(); }
  fs::path blob(const std::string& digest) const {
    return layout / "blobs" / "sha256" / digest.substr(7);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(unverified_content)

BOOST_AUTO_TEST_CASE(a_referenced_blob_that_is_not_a_regular_file_fails_the_run) {
  struct Plant {
    const char* what;
    const char* descriptor;  // the descriptor naming the blob
    std::function<void(const Planted&)> apply;
  };
  const Plant plants[] = {
      {"FIFO layer", "layers[0]",
       [](const Planted& p) {
         const auto b = p.blob(p.image.layer_digest);
         fs::remove(b);
         BOOST_REQUIRE(::mkfifo(b.c_str(), 0644) == 0);
       }},
      {"socket layer", "layers[0]",
       [](const Planted& p) {
         const auto b = p.blob(p.image.layer_digest);
         fs::remove(b);
         make_socket(b.parent_path(), b.filename().string());
       }},
      {"dangling link as config", "config",
       [](const Planted& p) {
         const auto b = p.blob(p.image.config_digest);
         fs::remove(b);
         fs::create_symlink("gone", b);
       }},
      {"link out of the layout as layer", "layers[0]",
       [](const Planted& p) {
         const auto b = p.blob(p.image.layer_digest);
         fs::rename(b, p.tmp.path() / "outside");
         fs::create_symlink("../../../outside", b);
       }},
      {"link to /dev/zero as layer", "layers[0]",
       [](const Planted& p) {
         const auto b = p.blob(p.image.layer_digest);
         fs::remove(b);
         fs::create_symlink("/dev/zero", b);
       }},
      {"directory as manifest", "manifests[0]",
       [](const Planted& p) {
         const auto b = p.blob(p.image.manifest_digest);
         fs::remove(b);
         fs::create_directory(b);
       }},
      {"blobs/sha256 linked out of the layout", "manifests[0]",
       [](const Planted& p) {
         fs::rename(p.layout / "blobs" / "sha256", p.tmp.path() / "elsewhere");
         fs::create_symlink(p.tmp.path() / "elsewhere", p.layout / "blobs" / "sha256");
       }},
  };
  for (const auto& plant : plants) {
    BOOST_TEST_CONTEXT(plant.what) {
      Planted p;
      plant.apply(p);
      const auto before = ocv::test::snapshot_tree(p.layout);
      const auto r = run_all_formats(p.layout, p.tmp.path());
      expect_error_everywhere(r, "LYT-016", plant.descriptor);
      // Nothing below an unreadable manifest is called unreferenced.
      BOOST_TEST(json_findings(r, "LYT-008").empty(), r.text);
      BOOST_TEST((ocv::test::snapshot_tree(p.layout) == before));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_link_inside_the_layout_is_followed_and_verified) {
  Planted p;
  const auto b = p.blob(p.image.layer_digest);
  fs::rename(b, p.layout / "blobs" / "layer.tar.gz");
  fs::create_symlink("../layer.tar.gz", b);
  auto r = run_all_formats(p.layout, p.tmp.path());
  BOOST_TEST(r.exit_code == 0, r.text);
  BOOST_TEST(json_findings(r, "LYT-016").empty(), r.text);
  BOOST_TEST(!json_findings(r, "LYT-007").empty(), r.text);  // still a warning
  // A fault in the linked file is found like in any blob.
  std::fstream f(p.layout / "blobs" / "layer.tar.gz",
                 std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(-1, std::ios::end);
  f.put('\x7f');
  f.close();
  r = run_all_formats(p.layout, p.tmp.path());
  expect_error_everywhere(r, "DIG-007", "layers[0]");
}

BOOST_AUTO_TEST_CASE(below_a_size_mismatch_everything_is_still_checked) {
  // The index.json entry gives the manifest a wrong size, and the config
  // below it is broken: both are reported, and no blob of the image is
  // called unreferenced.
  TempDir tmp;
  const auto layout = tmp.path() / "layout";
  LayoutBuilder b(layout);
  b.write_oci_layout();
  const auto tar = ocv::test::make_tar({{"etc/hello", "hello\n"}});
  const auto layer =
      b.descriptor("application/vnd.oci.image.layer.v1.tar+gzip", ocv::test::gzip(tar));
  const auto config =
      b.descriptor("application/vnd.oci.image.config.v1+json",
                   fmt::format(R"({{"created":"yesterday","architecture":"amd64","os":"linux",)"
                               R"("rootfs":{{"type":"layers","diff_ids":["{}"]}}}})",
                               ocv::test::sha256_digest(tar)));
  const auto manifest =
      fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                  R"("config":{},"layers":[{}]}})",
                  config, layer);
  const auto digest = b.add_blob(manifest);
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},)"
      R"("platform":{{"architecture":"amd64","os":"linux"}}}})",
      digest, manifest.size() + 7)});
  const auto r = run_all_formats(layout, tmp.path());
  expect_error_everywhere(r, "DESC-006", "manifests[0]", false);
  BOOST_TEST(json_findings(r, "CFG-010").size() == 1u, r.text);
  BOOST_TEST(sarif_results(r, "CFG-010").size() == 1u);
  BOOST_TEST(junit_fails(r, "CFG-010"));
  BOOST_TEST(json_findings(r, "LYT-008").empty(), r.text);
}

BOOST_AUTO_TEST_SUITE_END()
