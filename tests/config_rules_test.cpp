// CFG-* rules, on image config documents (and images for CFG-007, the
// manifest's config descriptor for CFG-021).
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"

using ocv::engine::DocKind;
using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::check_document;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::fired_at;
using ocv::test::read_file;
using ocv::test::severity_of;

namespace {

constexpr const char* kDiffA =
    "sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1";
constexpr const char* kDiffB =
    "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

/// A valid config whose `config` object holds `exec` and whose top level
/// also holds `extra` (both JSON member lists, may be empty).
std::string config(const std::string& exec = "", const std::string& extra = "") {
  return std::string(R"({"created": "2015-10-31T22:22:56.015925234Z", "architecture": "amd64",
    "os": "linux", "config": {"User": "alice", "Env": ["PATH=/usr/bin"])") +
         (exec.empty() ? "" : ", " + exec) + R"(}, "rootfs": {"type": "layers", "diff_ids": [")" +
         kDiffA + R"(", ")" + kDiffB + R"("]}, "history": [
      {"created": "2015-10-31T22:22:54.690851953Z", "created_by": "ADD file in /"},
      {"created": "2015-10-31T22:22:55.613815829Z", "created_by": "CMD", "empty_layer": true},
      {"created": "2015-10-31T22:22:56.329850019Z", "created_by": "RUN apk add curl"}])" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

/// A config of only the required fields plus `members`.
std::string minimal(const std::string& members) {
  return R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []})" +
         (members.empty() ? "" : ", " + members) + "}";
}

std::vector<Finding> check(const std::string& text) {
  return check_document(text, DocKind::config);
}

bool any_family_error(const std::vector<Finding>& findings) {
  for (const auto& f : findings)
    if (f.rule_id.starts_with("CFG-") && f.severity == Severity::error) return true;
  return false;
}

constexpr const char* kAllRules[] = {"CFG-001", "CFG-002", "CFG-003", "CFG-004", "CFG-005",
                                     "CFG-006", "CFG-009", "CFG-010", "CFG-011", "CFG-012",
                                     "CFG-013", "CFG-014", "CFG-015", "CFG-017", "CFG-018",
                                     "CFG-019", "CFG-020"};

std::string manifest_with_layers(
    int n, const char* config_type = "application/vnd.oci.image.config.v1+json") {
  std::string layers;
  for (int i = 0; i < n; ++i)
    layers += std::string(i ? "," : "") +
              R"({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 1,
                  "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0"})";
  return std::string(
             R"({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": ")") +
         config_type + R"(", "size": 7023,
               "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},
    "layers": [)" +
         layers + "]}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_rules)

BOOST_AUTO_TEST_CASE(valid_config_is_silent) {
  const auto f = check(config(R"("ExposedPorts": {"8080/tcp": {}, "53/udp": {}, "9000": {}},
      "Volumes": {"/data": {}}, "StopSignal": "SIGRTMIN+3", "WorkingDir": "/home/alice",
      "Labels": {"com.example.key": "value"}, "Entrypoint": ["/bin/sh"], "Cmd": null)",
                              R"("author": "Alyssa", "variant": "v2")"));
  for (const auto* id : kAllRules) BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
}

BOOST_AUTO_TEST_CASE(official_valid_configs_have_no_cfg_errors) {
  // config/008 is valid for the official validator although its history
  // has one entry for two layers: CFG-009 is a warning, not an error.
  const auto dir = std::filesystem::path(OCV_TEST_DATA_DIR) / "image-spec-vectors" / "config";
  BOOST_TEST_REQUIRE(std::filesystem::is_directory(dir), dir);
  int seen = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    if (name.find("-valid") == std::string::npos) continue;
    ++seen;
    const auto f = check(read_file(e.path()));
    BOOST_TEST(!any_family_error(f), name << "\n" << dump(f));
  }
  BOOST_TEST(seen == 5);
}

BOOST_AUTO_TEST_CASE(official_invalid_configs_are_caught) {
  // The vectors whose reason is a CFG rule (the rest are not JSON).
  const auto dir = std::filesystem::path(OCV_TEST_DATA_DIR) / "image-spec-vectors" / "config";
  for (const auto& [name, id] :
       {std::pair{"001-invalid.json", "CFG-002"}, std::pair{"002-invalid.json", "CFG-012"},
        std::pair{"003-invalid.json", "CFG-012"}, std::pair{"004-invalid.json", "CFG-012"},
        std::pair{"005-invalid.json", "CFG-012"}, std::pair{"006-invalid.json", "CFG-012"},
        std::pair{"010-invalid.json", "CFG-013"}}) {
    const auto f = check(read_file(dir / name));
    BOOST_TEST(fired(f, id), name << " " << id << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(cfg_001_002_architecture_and_os) {
  auto f = check(R"({"rootfs": {"type": "layers", "diff_ids": []}})");
  BOOST_TEST(fired_at(f, "CFG-001", "/architecture"), dump(f));
  BOOST_TEST(fired_at(f, "CFG-002", "/os"), dump(f));
  BOOST_TEST(!fired(f, "PLAT-001"), "one finding per missing field\n" << dump(f));
  f = check(R"({"architecture": null, "os": 123, "rootfs": {"type": "layers", "diff_ids": []}})");
  BOOST_TEST(fired_at(f, "CFG-001", "/architecture"), "required fields cannot be null\n"
                                                          << dump(f));
  BOOST_TEST(fired_at(f, "CFG-002", "/os"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_003_rootfs_is_an_object) {
  auto f = check(R"({"architecture": "amd64", "os": "linux"})");
  BOOST_TEST(fired_at(f, "CFG-003", "/rootfs"), dump(f));
  f = check(R"({"architecture": "amd64", "os": "linux", "rootfs": []})");
  BOOST_TEST(fired_at(f, "CFG-003", "/rootfs"), dump(f));
  BOOST_TEST(!fired(f, "CFG-004"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_004_rootfs_type_is_layers) {
  for (const char* rootfs : {R"({"diff_ids": []})", R"({"type": "Layers", "diff_ids": []})",
                             R"({"type": 1, "diff_ids": []})"}) {
    const auto f =
        check(std::string(R"({"architecture": "amd64", "os": "linux", "rootfs": )") + rootfs + "}");
    BOOST_TEST(fired_at(f, "CFG-004", "/rootfs/type"), rootfs << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(cfg_005_diff_ids_is_an_array_of_strings) {
  auto f = check(R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers"}})");
  BOOST_TEST(fired_at(f, "CFG-005", "/rootfs/diff_ids"), dump(f));
  f = check(R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers",
      "diff_ids": null}})");
  BOOST_TEST(fired_at(f, "CFG-005", "/rootfs/diff_ids"), dump(f));
  f = check(R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers",
      "diff_ids": [7]}})");
  BOOST_TEST(fired_at(f, "CFG-005", "/rootfs/diff_ids/0"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_006_diff_ids_are_digests) {
  const auto with = [](const std::string& id) {
    return check(R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers",
        "diff_ids": [")" +
                 std::string(kDiffA) + R"(", ")" + id + R"("]}})");
  };
  for (const char* bad :
       {"c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1",         // no algorithm
        "sha256:C6F988F4874BB0ADD23A778F753C65EFE992244E148A1D2EC2A8B664FB66BBD1",  // upper
        "sha256:c6f988f4",
        "sha512:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1", "SHA256:abc"}) {
    const auto f = with(bad);
    BOOST_TEST(fired_at(f, "CFG-006", "/rootfs/diff_ids/1"), bad << "\n" << dump(f));
    BOOST_TEST(!fired_at(f, "CFG-006", "/rootfs/diff_ids/0"), dump(f));
  }
  // An unregistered algorithm that fits the grammar passes.
  BOOST_TEST(!fired(with("sha384:abcdef"), "CFG-006"));
}

BOOST_AUTO_TEST_CASE(cfg_007_one_diff_id_per_layer) {
  const auto cfg = ocv::test::make_doc(config(), DocKind::config);  // two diff_ids
  const auto three = ocv::test::make_doc(manifest_with_layers(3), DocKind::manifest);
  auto f = ocv::test::check_image(*three, cfg.get());
  BOOST_TEST(fired_at(f, "CFG-007", "/rootfs/diff_ids"), dump(f));
  BOOST_TEST((severity_of(f, "CFG-007") == Severity::error));
  const auto two = ocv::test::make_doc(manifest_with_layers(2), DocKind::manifest);
  f = ocv::test::check_image(*two, cfg.get());
  BOOST_TEST(!fired(f, "CFG-007"), dump(f));
  const auto docker = ocv::test::make_doc(
      manifest_with_layers(1, "application/vnd.docker.container.image.v1+json"), DocKind::manifest);
  f = ocv::test::check_image(*docker, cfg.get());
  BOOST_TEST(fired(f, "CFG-007"), "Docker configs are image configs too\n" << dump(f));
  f = ocv::test::check_image(*three, nullptr);
  BOOST_TEST(!fired(f, "CFG-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_009_history_matches_layers) {
  // Two diff_ids, but one history entry for a layer.
  auto f = check(std::string(R"({"architecture": "amd64", "os": "linux",
      "rootfs": {"type": "layers", "diff_ids": [")") +
                 kDiffA + R"(", ")" + kDiffB + R"("]},
      "history": [{"created_by": "ADD"}, {"created_by": "CMD", "empty_layer": true}]})");
  BOOST_TEST(fired_at(f, "CFG-009", "/history"), dump(f));
  BOOST_TEST((severity_of(f, "CFG-009") == Severity::warning));
  // The same count with the empty_layer entries left out is silent.
  f = check(config());
  BOOST_TEST(!fired(f, "CFG-009"), dump(f));
  // No history, or an empty one, says nothing.
  f = check(minimal(R"("history": [])"));
  BOOST_TEST(!fired(f, "CFG-009"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_010_011_dates) {
  for (const char* bad :
       {"\"2015-10-31\"", "\"15-10-31T22:22:56Z\"", "\"2015-02-31T22:22:56Z\"", "1446330176"}) {
    auto f = check(minimal(std::string("\"created\": ") + bad));
    BOOST_TEST(fired_at(f, "CFG-010", "/created"), bad << "\n" << dump(f));
    f = check(minimal(std::string(R"("history": [{"created": )") + bad + "}]"));
    BOOST_TEST(fired_at(f, "CFG-011", "/history/0/created"), bad << "\n" << dump(f));
  }
  auto f =
      check(minimal(R"("created": null, "history": [{"created": "2015-10-31T22:22:56+01:00"}])"));
  BOOST_TEST(!fired(f, "CFG-010"), dump(f));
  BOOST_TEST(!fired(f, "CFG-011"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_012_field_types) {
  const std::pair<const char*, const char*> cases[] = {
      {R"("author": 1)", "/author"},
      {R"("variant": 7)", "/variant"},
      {R"("os.features": "win32k")", "/os.features"},
      {R"("os.features": [1])", "/os.features/0"},
      {R"("config": [])", "/config"},
      {R"("history": "none")", "/history"},
      {R"("history": [1])", "/history/0"},
      {R"("history": [{"empty_layer": "true"}])", "/history/0/empty_layer"},
      {R"("history": [{"created_by": ["sh"]}])", "/history/0/created_by"},
      {R"("config": {"User": 0})", "/config/User"},
      {R"("config": {"Env": "A=b"})", "/config/Env"},
      {R"("config": {"Cmd": ["a", null]})", "/config/Cmd/1"},
      {R"("config": {"Volumes": ["/data"]})", "/config/Volumes"},
      {R"("config": {"ExposedPorts": {"80/tcp": true}})", "/config/ExposedPorts/80~1tcp"},
      {R"("config": {"ArgsEscaped": "yes"})", "/config/ArgsEscaped"},
      {R"("config": {"Memory": 1.5})", "/config/Memory"},
      {R"("config": {"Healthcheck": "curl"})", "/config/Healthcheck"},
  };
  for (const auto& [members, pointer] : cases) {
    const auto f = check(minimal(members));
    BOOST_TEST(fired_at(f, "CFG-012", pointer), members << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(cfg_012_null_means_absent) {
  const auto f = check(minimal(R"("author": null, "variant": null, "os.version": null,
      "os.features": null, "created": null, "history": null,
      "config": {"User": null, "Env": null, "Entrypoint": null, "Cmd": null, "Volumes": null,
                 "ExposedPorts": null, "WorkingDir": null, "Labels": null, "StopSignal": null,
                 "ArgsEscaped": null, "Memory": null, "Healthcheck": null})"));
  BOOST_TEST(!any_family_error(f), dump(f));
  BOOST_TEST(!any_family_error(check(minimal(R"("config": null)"))));
}

BOOST_AUTO_TEST_CASE(cfg_013_env_entries) {
  for (const char* bad : {"FOO", "=bar", ""}) {
    const auto f = check(minimal(std::string(R"("config": {"Env": ["A=1", ")") + bad + "\"]}"));
    BOOST_TEST(fired_at(f, "CFG-013", "/config/Env/1"), bad << "\n" << dump(f));
    BOOST_TEST((severity_of(f, "CFG-013") == Severity::error));
  }
  // A value with a line break is valid, but the official validator rejects it.
  auto f = check(minimal(R"("config": {"Env": ["MOTD=hello\nworld"]})"));
  BOOST_TEST(fired_at(f, "CFG-013", "/config/Env/0"), dump(f));
  BOOST_TEST((severity_of(f, "CFG-013") == Severity::note));
  f = check(minimal(R"("config": {"Env": ["A=", "B==c", "PATH=/bin:/usr/bin"]})"));
  BOOST_TEST(!fired(f, "CFG-013"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_014_exposed_port_keys) {
  for (const char* bad : {"http", "0/tcp", "65536", "80/TCP", "80-90/tcp", "/tcp", "80/"}) {
    const auto f =
        check(minimal(std::string(R"("config": {"ExposedPorts": {")") + bad + "\": {}}}"));
    BOOST_TEST(fired(f, "CFG-014"), bad << "\n" << dump(f));
    BOOST_TEST((severity_of(f, "CFG-014") == Severity::warning));
  }
  auto f = check(minimal(R"("config": {"ExposedPorts": {"9000/sctp": {}}})"));
  BOOST_TEST((severity_of(f, "CFG-014") == Severity::note), dump(f));
  f = check(minimal(R"("config": {"ExposedPorts": {"1": {}, "65535/udp": {}, "443/tcp": {}}})"));
  BOOST_TEST(!fired(f, "CFG-014"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_015_map_values_are_empty_objects) {
  auto f = check(minimal(
      R"("config": {"Volumes": {"/data": {"rw": true}}, "ExposedPorts": {"80": {"a": 1}}})"));
  BOOST_TEST(fired_at(f, "CFG-015", "/config/Volumes/~1data"), dump(f));
  BOOST_TEST(fired_at(f, "CFG-015", "/config/ExposedPorts/80"), dump(f));
  BOOST_TEST(!fired(f, "CFG-012"), dump(f));
  // A null value is not an object: the official schema rejects it.
  f = check(minimal(R"("config": {"ExposedPorts": {"80": null}})"));
  BOOST_TEST(fired_at(f, "CFG-012", "/config/ExposedPorts/80"), dump(f));
  BOOST_TEST(!fired(f, "CFG-015"), dump(f));
  f = check(minimal(R"("config": {"Volumes": {"/data": {}}})"));
  BOOST_TEST(!fired(f, "CFG-015"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_017_stop_signal) {
  for (const char* bad : {"9", "sigterm", "SIG", "SIGRTMIN+", "TERM"}) {
    const auto f = check(minimal(std::string(R"("config": {"StopSignal": ")") + bad + "\"}"));
    BOOST_TEST(fired_at(f, "CFG-017", "/config/StopSignal"), bad << "\n" << dump(f));
  }
  for (const char* ok : {"SIGTERM", "SIGRTMIN+3", "SIGRTMAX-1", ""}) {
    const auto f = check(minimal(std::string(R"("config": {"StopSignal": ")") + ok + "\"}"));
    BOOST_TEST(!fired(f, "CFG-017"), ok << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(cfg_018_args_escaped_outside_windows) {
  auto f = check(minimal(R"("config": {"ArgsEscaped": true})"));
  BOOST_TEST(fired_at(f, "CFG-018", "/config/ArgsEscaped"), dump(f));
  f = check(R"({"architecture": "amd64", "os": "windows", "rootfs": {"type": "layers",
      "diff_ids": []}, "config": {"ArgsEscaped": true}})");
  BOOST_TEST(!fired(f, "CFG-018"), dump(f));
  f = check(minimal(R"("config": {"ArgsEscaped": false})"));
  BOOST_TEST(!fired(f, "CFG-018"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_019_user_form) {
  for (const char* bad : {":1000", "1000:", "a:b:c"}) {
    const auto f = check(minimal(std::string(R"("config": {"User": ")") + bad + "\"}"));
    BOOST_TEST(fired_at(f, "CFG-019", "/config/User"), bad << "\n" << dump(f));
  }
  for (const char* ok : {"alice", "1000", "1000:1000", "alice:staff", ""}) {
    const auto f = check(minimal(std::string(R"("config": {"User": ")") + ok + "\"}"));
    BOOST_TEST(!fired(f, "CFG-019"), ok << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_CASE(cfg_020_reserved_fields) {
  auto f = check(minimal(R"("config": {"Memory": 1024, "Healthcheck": {"Test": ["NONE"]}})"));
  BOOST_TEST(fired_at(f, "CFG-020", "/config/Memory"), dump(f));
  BOOST_TEST(fired_at(f, "CFG-020", "/config/Healthcheck"), dump(f));
  BOOST_TEST(!fired(f, "CFG-012"), dump(f));
  // Docker configs use these fields natively.
  auto doc = ocv::test::make_doc(minimal(R"("config": {"Memory": 1024})"), DocKind::config);
  doc->view.claimed_media_type = "application/vnd.docker.container.image.v1+json";
  ocv::engine::FindingSink sink(ocv::rules::default_registry());
  for (const auto& c : ocv::rules::default_registry().document_checks()) c(doc->view, sink);
  f = sink.take();
  BOOST_TEST(!fired(f, "CFG-020"), dump(f));
}

BOOST_AUTO_TEST_CASE(cfg_021_config_digest_algorithm) {
  auto text = manifest_with_layers(1);
  const std::string sha256 =
      "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
  auto f = check_document(text, DocKind::manifest);
  BOOST_TEST(!fired(f, "CFG-021"), dump(f));
  text.replace(text.find(sha256), sha256.size(), "sha512:" + std::string(128, 'a'));
  f = check_document(text, DocKind::manifest);
  BOOST_TEST(fired_at(f, "CFG-021", "/config/digest"), dump(f));
  BOOST_TEST((severity_of(f, "CFG-021") == Severity::note));
}

BOOST_AUTO_TEST_CASE(config_rules_ignore_other_documents) {
  const auto f = check_document(R"({"schemaVersion": 2})", DocKind::manifest);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
  for (const char* text : {"[]", "1", "null", "{\"a\":", ""})
    BOOST_TEST(!fired(check(text), "CFG-001"), text);
}

BOOST_AUTO_TEST_SUITE_END()
