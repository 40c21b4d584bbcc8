// PLAT-* rules, on index platform objects and on image configs, plus the
// GOOS/GOARCH/variant tables behind them.
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "rules/platform_values.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"

using ocv::engine::DocKind;
using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::check_document;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::fired_at;
using ocv::test::message_of;
using ocv::test::severity_of;
namespace platform = ocv::rules::platform;

namespace {

/// An index with one entry whose platform is `platform` (JSON text).
std::vector<Finding> check_platform(const std::string& platform, bool layout_index = false) {
  return check_document(
      R"({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143,
      "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f",
      "platform": )" +
          platform + "}]}",
      DocKind::index, layout_index);
}

/// A config with the given platform members.
std::vector<Finding> check_config(const std::string& members) {
  return check_document(R"({"rootfs": {"type": "layers", "diff_ids": []}, )" + members + "}",
                        DocKind::config);
}

constexpr const char* kAll[] = {"PLAT-001", "PLAT-002", "PLAT-003", "PLAT-004", "PLAT-005",
                                "PLAT-006", "PLAT-007", "PLAT-008", "PLAT-009"};

}  // namespace

BOOST_AUTO_TEST_SUITE(platform_rules)

BOOST_AUTO_TEST_CASE(valid_platforms_are_silent) {
  for (const char* p : {
           R"({"architecture": "amd64", "os": "linux"})",
           R"({"architecture": "arm", "os": "linux", "variant": "v7"})",
           R"({"architecture": "arm64", "os": "linux", "variant": "v8"})",
           R"({"architecture": "arm64", "os": "linux", "variant": "v9.5"})",
           R"({"architecture": "ppc64le", "os": "linux", "variant": "power10"})",
           R"({"architecture": "riscv64", "os": "linux", "variant": "rva22u64"})",
           R"({"architecture": "amd64", "os": "linux", "variant": "v3"})",
           R"({"architecture": "s390x", "os": "linux", "variant": ""})",
           R"({"architecture": "wasm", "os": "wasip1"})",
           R"({"architecture": "amd64", "os": "windows", "os.version": "10.0.14393.1066",
               "os.features": ["win32k"]})",
       }) {
    const auto f = check_platform(p);
    for (const auto* id : kAll) BOOST_TEST(!fired(f, id), id << " " << p << "\n" << dump(f));
  }
  const auto f = check_config(R"("architecture": "arm64", "os": "linux", "variant": "v8")");
  for (const auto* id : kAll) BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
}

BOOST_AUTO_TEST_CASE(plat_001_002_required_fields) {
  auto f = check_platform(R"({"os": "linux"})");
  BOOST_TEST(fired_at(f, "PLAT-001", "/manifests/0/platform/architecture"), dump(f));
  f = check_platform(R"({"architecture": "amd64", "os": 1})");
  BOOST_TEST(fired_at(f, "PLAT-002", "/manifests/0/platform/os"), dump(f));
  // A platform that is no object makes the index entry no descriptor.
  f = check_platform(R"("linux/amd64")");
  BOOST_TEST(fired_at(f, "IDX-006", "/manifests/0/platform"), dump(f));
  BOOST_TEST(!fired(f, "PLAT-001"), dump(f));
  // A config's own architecture and os are CFG-001/CFG-002, reported once.
  f = check_config(R"("os": "linux")");
  BOOST_TEST(!fired(f, "PLAT-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(plat_003_architecture_is_goarch) {
  auto f = check_platform(R"({"architecture": "x86_64", "os": "linux"})");
  BOOST_TEST(fired_at(f, "PLAT-003", "/manifests/0/platform/architecture"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-003") == Severity::warning));
  BOOST_TEST(message_of(f, "PLAT-003").find("\"amd64\"") != std::string::npos, dump(f));
  f = check_config(R"("architecture": "aarch64", "os": "linux")");
  BOOST_TEST(fired_at(f, "PLAT-003", "/architecture"), dump(f));
  BOOST_TEST(message_of(f, "PLAT-003").find("\"arm64\"") != std::string::npos, dump(f));
  f = check_config(R"("architecture": "pdp11", "os": "linux")");
  BOOST_TEST(fired(f, "PLAT-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(plat_003_004_attestation_placeholder_is_a_note) {
  const auto f = check_platform(R"({"architecture": "unknown", "os": "unknown"})");
  BOOST_TEST((severity_of(f, "PLAT-003") == Severity::note), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-004") == Severity::note), dump(f));
}

BOOST_AUTO_TEST_CASE(plat_004_os_is_goos) {
  auto f = check_platform(R"({"architecture": "amd64", "os": "Linux"})");
  BOOST_TEST(fired_at(f, "PLAT-004", "/manifests/0/platform/os"), dump(f));
  BOOST_TEST(message_of(f, "PLAT-004").find("\"linux\"") != std::string::npos, dump(f));
  f = check_config(R"("architecture": "arm64", "os": "macos")");
  BOOST_TEST(fired_at(f, "PLAT-004", "/os"), dump(f));
  BOOST_TEST(message_of(f, "PLAT-004").find("\"darwin\"") != std::string::npos, dump(f));
}

BOOST_AUTO_TEST_CASE(plat_005_variant_from_the_table) {
  for (const char* p : {R"({"architecture": "arm", "os": "linux", "variant": "v5"})",
                        R"({"architecture": "arm", "os": "linux", "variant": "armv7l"})",
                        R"({"architecture": "arm64", "os": "linux", "variant": "8"})",
                        R"({"architecture": "arm64", "os": "linux", "variant": "v7"})",
                        R"({"architecture": "amd64", "os": "linux", "variant": "x86-64-v2"})",
                        R"({"architecture": "ppc64le", "os": "linux", "variant": "power7"})"}) {
    const auto f = check_platform(p);
    BOOST_TEST(fired_at(f, "PLAT-005", "/manifests/0/platform/variant"), p << "\n" << dump(f));
    BOOST_TEST(!fired(f, "PLAT-006"), dump(f));
  }
  auto f = check_config(R"("architecture": "arm", "os": "linux", "variant": "armv7l")");
  BOOST_TEST(fired_at(f, "PLAT-005", "/variant"), dump(f));
  BOOST_TEST(message_of(f, "PLAT-005").find("use \"v7\"") != std::string::npos, dump(f));
  // Nothing close to suggest: the message lists the table's values.
  f = check_platform(R"({"architecture": "arm64", "os": "linux", "variant": "cortex-a72"})");
  BOOST_TEST((severity_of(f, "PLAT-005") == Severity::warning), dump(f));
  BOOST_TEST(
      message_of(f, "PLAT-005").find("(v8, v8.1 ... v8.x, v9, v9.1 ... v9.x)") != std::string::npos,
      dump(f));
  // A variant that is not a string breaks the index schema: an error.
  f = check_platform(R"({"architecture": "arm64", "os": "linux", "variant": 8})");
  BOOST_TEST(fired_at(f, "PLAT-005", "/manifests/0/platform/variant"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-005") == Severity::error), dump(f));
}

BOOST_AUTO_TEST_CASE(plat_006_variant_without_table_is_a_note) {
  const auto f = check_platform(R"({"architecture": "386", "os": "linux", "variant": "sse2"})");
  BOOST_TEST(fired_at(f, "PLAT-006", "/manifests/0/platform/variant"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-006") == Severity::note));
  BOOST_TEST(!fired(f, "PLAT-005"), dump(f));
}

BOOST_AUTO_TEST_CASE(plat_007_os_features) {
  auto f = check_platform(
      R"({"architecture": "amd64", "os": "windows", "os.features": ["win32k", "gpu"]})");
  BOOST_TEST(fired_at(f, "PLAT-007", "/manifests/0/platform/os.features/1"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-007") == Severity::warning));
  f = check_config(R"("architecture": "amd64", "os": "linux", "os.features": ["sse4"])");
  BOOST_TEST(fired_at(f, "PLAT-007", "/os.features"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-007") == Severity::note));
  f = check_config(R"("architecture": "amd64", "os": "linux", "os.features": [])");
  BOOST_TEST(!fired(f, "PLAT-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(plat_008_windows_os_version) {
  auto f = check_config(R"("architecture": "amd64", "os": "windows", "os.version": "ltsc2019")");
  BOOST_TEST(fired_at(f, "PLAT-008", "/os.version"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-008") == Severity::note));
  f = check_config(R"("architecture": "amd64", "os": "windows", "os.version": "10.0.17763")");
  BOOST_TEST(!fired(f, "PLAT-008"), dump(f));
  f = check_config(R"("architecture": "amd64", "os": "linux", "os.version": "5.15")");
  BOOST_TEST(!fired(f, "PLAT-008"), "implementation-defined outside windows\n" << dump(f));
  // A build number has three or four dot-separated numbers, none empty.
  for (const auto* good : {"10.0.17763", "10.0.14393.1066"}) {
    f = check_platform(
        fmt::format(R"({{"architecture": "amd64", "os": "windows", "os.version": "{}"}})", good));
    BOOST_TEST(!fired(f, "PLAT-008"), good << "\n" << dump(f));
  }
  for (const auto* bad : {"10.0", "10.0.14393.1066.1", "10.0.", ".10.0.1", "10..0.1", "10.0.1a"}) {
    f = check_platform(
        fmt::format(R"({{"architecture": "amd64", "os": "windows", "os.version": "{}"}})", bad));
    BOOST_TEST(fired_at(f, "PLAT-008", "/manifests/0/platform/os.version"), bad << "\n" << dump(f));
    BOOST_TEST((severity_of(f, "PLAT-008") == Severity::note), dump(f));
  }
  // An os.version that is not a string breaks the index schema: an error.
  f = check_platform(R"({"architecture": "amd64", "os": "windows", "os.version": 10})");
  BOOST_TEST(fired_at(f, "PLAT-008", "/manifests/0/platform/os.version"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-008") == Severity::error), dump(f));
}

BOOST_AUTO_TEST_CASE(plat_009_features_is_reserved) {
  auto f = check_platform(R"({"architecture": "amd64", "os": "linux", "features": ["sse4"]})");
  BOOST_TEST(fired_at(f, "PLAT-009", "/manifests/0/platform/features"), dump(f));
  BOOST_TEST((severity_of(f, "PLAT-009") == Severity::warning));
  f = check_config(R"("architecture": "amd64", "os": "linux", "features": ["sse4"])");
  BOOST_TEST(!fired(f, "PLAT-009"), "only platform objects reserve it\n" << dump(f));
}

BOOST_AUTO_TEST_CASE(platform_tables) {
  BOOST_TEST(platform::is_known_os("linux"));
  BOOST_TEST(!platform::is_known_os("Linux"));
  BOOST_TEST(platform::is_known_architecture("loong64"));
  BOOST_TEST(!platform::is_known_architecture("x86_64"));
  BOOST_TEST(platform::suggest_architecture("i686").value_or("") == "386");
  BOOST_TEST(platform::suggest_architecture("AMD64").value_or("") == "amd64");
  BOOST_TEST(!platform::suggest_architecture("vax").has_value());
  BOOST_TEST(platform::suggest_os("Windows").value_or("") == "windows");
  BOOST_TEST((platform::classify_variant("arm64", "v8.2") == platform::VariantStatus::listed));
  BOOST_TEST((platform::classify_variant("arm64", "v8.") == platform::VariantStatus::unlisted));
  BOOST_TEST((platform::classify_variant("arm64", "v10") == platform::VariantStatus::unlisted));
  BOOST_TEST(
      (platform::classify_variant("riscv64", "rva23u64") == platform::VariantStatus::listed));
  BOOST_TEST((platform::classify_variant("amd64", "v0") == platform::VariantStatus::unlisted));
  BOOST_TEST((platform::classify_variant("mips64", "v1") == platform::VariantStatus::no_table));
  BOOST_TEST(platform::suggest_variant("arm", "7").value_or("") == "v7");
  BOOST_TEST(platform::suggest_variant("amd64", "x86-64-v3").value_or("") == "v3");
  BOOST_TEST(!platform::suggest_variant("arm", "v5").has_value());
  BOOST_TEST(platform::default_variant("arm64") == "v8");
}

// The variant rows of the image-spec's platform table (image-index.md
// § platform variants), each family at its edges: decimal levels without
// sign or leading zeros, arm64 v8/v9 with an optional minor, ppc64le from
// power8, riscv64 rvaNNu64, amd64 from v1; and what people write instead.
BOOST_AUTO_TEST_CASE(variant_rows_at_their_edges) {
  using platform::VariantStatus;
  const auto listed = [](const char* arch, const char* variant) {
    return platform::classify_variant(arch, variant) == VariantStatus::listed;
  };
  for (const char* v : {"v6", "v7", "v8"}) BOOST_TEST(listed("arm", v), v);
  for (const char* v : {"v5", "v9", "7", ""}) BOOST_TEST(!listed("arm", v), v);
  for (const char* v : {"v8", "v9", "v8.0", "v9.5", "v8.10"}) BOOST_TEST(listed("arm64", v), v);
  for (const char* v : {"8", "v", "v7", "v08", "v8.01", "v8.x", "v8.1.2", "v-8", "v+8", "v1234567"})
    BOOST_TEST(!listed("arm64", v), v);
  for (const char* v : {"power8", "power9", "power10"}) BOOST_TEST(listed("ppc64le", v), v);
  for (const char* v : {"power7", "power", "power08", "POWER9", "pwr9"})
    BOOST_TEST(!listed("ppc64le", v), v);
  for (const char* v : {"rva20u64", "rva22u64"}) BOOST_TEST(listed("riscv64", v), v);
  for (const char* v : {"rva2u64", "rva220u64", "rvaxxu64", "rva20u32", "rvb20u64", "rva02u64"})
    BOOST_TEST(!listed("riscv64", v), v);
  for (const char* v : {"v1", "v4", "v12"}) BOOST_TEST(listed("amd64", v), v);
  for (const char* v : {"v0", "1", "v01", "x86-64-v2"}) BOOST_TEST(!listed("amd64", v), v);
  BOOST_TEST(platform::listed_variants("arm") == "v6, v7, v8");
  BOOST_TEST(platform::listed_variants("ppc64le") == "power8, power9, power10 ...");
  BOOST_TEST(platform::listed_variants("riscv64") == "rva20u64, rva22u64, rva23u64 ...");
  BOOST_TEST(platform::listed_variants("amd64") == "v1, v2, v3, v4 ...");
  BOOST_TEST(platform::listed_variants("arm64") == "v8, v8.1 ... v8.x, v9, v9.1 ... v9.x");
  BOOST_TEST(platform::listed_variants("s390x") == "");
  // What people write for a listed variant: uname's "armv7l", a bare
  // level, the x86-64 psABI level name, upper case.
  BOOST_TEST(platform::suggest_variant("arm", "armv7l").value_or("") == "v7");
  BOOST_TEST(platform::suggest_variant("arm64", "8").value_or("") == "v8");
  BOOST_TEST(platform::suggest_variant("amd64", "x86_64-v2").value_or("") == "v2");
  BOOST_TEST(platform::suggest_variant("ppc64le", "POWER9").value_or("") == "power9");
  // A digit alone is no level of ppc64le, and a listed variant needs no
  // suggestion.
  BOOST_TEST(!platform::suggest_variant("ppc64le", "9").has_value());
  BOOST_TEST(!platform::suggest_variant("arm", "v7").has_value());
  BOOST_TEST(!platform::suggest_variant("arm", "l").has_value());
  BOOST_TEST(platform::default_variant("arm") == "v7");
  BOOST_TEST(platform::default_variant("amd64") == "v1");
  BOOST_TEST(platform::default_variant("ppc64le") == "");
}

BOOST_AUTO_TEST_SUITE_END()
