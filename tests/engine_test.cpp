// The rule registry, the finding sink and the exit-code policy.
#include <boost/test/unit_test.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/digest/digest.hpp"
#include "validator/engine/applicability.hpp"
#include "validator/engine/policy.hpp"
#include "validator/engine/validate.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/registry.hpp"

using ocv::engine::Finding;
using ocv::engine::FindingSink;
using ocv::engine::Registry;
using ocv::engine::Severity;

BOOST_AUTO_TEST_SUITE(engine)

// Where a rule applies is its definition's scope, whatever its family: a
// rule of an image family without a scope applies everywhere, and a rule of
// any family with a scope is held to it.
BOOST_AUTO_TEST_CASE(a_rules_scope_not_its_family_says_where_it_applies) {
  using namespace ocv::engine;
  ImageSummary image;
  image.layers = 2;
  image.os = "linux";
  const RuleInfo unscoped{.id = "LAY-999",
                          .level = "MUST",
                          .severity = Severity::error,
                          .title = "t",
                          .spec = "s",
                          .help = "h"};
  BOOST_TEST(applies(unscoped, nullptr));
  BOOST_TEST(applies(unscoped, &image));

  const RuleInfo layers{.id = "X-001",
                        .level = "MUST",
                        .severity = Severity::error,
                        .title = "t",
                        .spec = "s",
                        .help = "h",
                        .scope = kScopeImage | kScopeLayers | kScopeWindows};
  BOOST_TEST(not_applicable_reason(layers, nullptr) ==
             "checked per image, not for the layout as a whole");
  BOOST_TEST(not_applicable_reason(layers, &image) == "no layer could be read");
  image.layers_read = 1;
  BOOST_TEST(not_applicable_reason(layers, &image).starts_with("not a Windows image"));
  image.os = "windows";
  BOOST_TEST(applies(layers, &image));

  const RuleInfo whole{.id = "X-002",
                       .level = "MUST",
                       .severity = Severity::error,
                       .title = "t",
                       .spec = "s",
                       .help = "h",
                       .scope = kScopeLayout};
  BOOST_TEST(applies(whole, nullptr));
  BOOST_TEST(not_applicable_reason(whole, &image) == "checked for the layout as a whole");

  const RuleInfo config{.id = "X-003",
                        .level = "MUST",
                        .severity = Severity::error,
                        .title = "t",
                        .spec = "s",
                        .help = "h",
                        .scope = kScopeImage | kScopeImageConfig};
  BOOST_TEST(not_applicable_reason(config, &image) == "no image config was read");
  image.image_config = true;
  BOOST_TEST(applies(config, &image));
}

BOOST_AUTO_TEST_CASE(duplicate_rule_ids_are_refused) {
  Registry r;
  r.add_rule({"X-001", "MUST", Severity::error, "t", "s", "h"});
  BOOST_CHECK_THROW(r.add_rule({"X-001", "MUST", Severity::error, "t", "s", "h"}),
                    std::logic_error);
}

BOOST_AUTO_TEST_CASE(unknown_rule_ids_are_a_programming_error) {
  Registry r;
  FindingSink sink(r);
  ocv::engine::Site site;
  BOOST_CHECK_THROW(sink.report("NOPE-1", site, "", "m"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(same_rule_at_same_place_is_kept_once) {
  Registry r;
  r.add_rule({"X-001", "MUST", Severity::error, "t", "s", "h"});
  FindingSink sink(r);
  ocv::engine::Site site;
  site.blob = "index.json";
  sink.report("X-001", site, "/a", "first");
  sink.report("X-001", site, "/a", "second");
  sink.report("X-001", site, "/b", "other place");
  const auto f = sink.take();
  BOOST_REQUIRE(f.size() == 2u);
  BOOST_TEST(f[0].message == "first");
  BOOST_TEST((f[0].severity == Severity::error));
}

BOOST_AUTO_TEST_CASE(policy_follows_fail_level) {
  std::vector<Finding> f(1);
  f[0].severity = Severity::warning;
  const auto fail_on = [](Severity s) {
    ocv::engine::Policy p;
    p.fail_on = s;
    return p;
  };
  BOOST_TEST(!ocv::engine::fails(f, fail_on(Severity::error)));
  BOOST_TEST(ocv::engine::fails(f, fail_on(Severity::warning)));
  BOOST_TEST(ocv::engine::fails(f, fail_on(Severity::note)));
  BOOST_TEST(!ocv::engine::fails({}, fail_on(Severity::note)));
}

BOOST_AUTO_TEST_CASE(catalogue_rules_are_registered_with_metadata) {
  const auto& reg = ocv::rules::default_registry();
  std::set<std::string> ids;
  for (const auto& r : reg.rules()) {
    ids.insert(std::string(r.id));
    BOOST_TEST(!r.title.empty(), r.id);
    BOOST_TEST(!r.help.empty(), r.id);
    // docker save archives follow Docker's image spec (and moby's issues);
    // registry answers, the distribution-spec; what is attached to images,
    // each producer's documented format (distribution-spec, BuildKit,
    // cosign, notation, in-toto).
    const auto spec_home = r.family() == "ARC" ? "https://github.com/moby/"
                           : r.family() == "REG"
                               ? "https://github.com/opencontainers/distribution-spec/"
                           : r.family() == "REF" ? "https://github.com/"
                                                 : "https://github.com/opencontainers/image-spec/";
    BOOST_TEST(r.spec_url().starts_with(spec_home), r.id);
  }
  // Every MUST/SHOULD rule outside the layer families (a sample per family).
  for (const auto* id :
       {"DESC-001", "DESC-006", "DIG-002", "DIG-007", "MAN-003", "MAN-005", "IDX-003", "IDX-014",
        "PLAT-003", "CFG-007", "ANN-004", "MT-003", "ART-001", "JSON-002", "LYT-005"})
    BOOST_TEST(ids.count(id) == 1u, id);
}

BOOST_AUTO_TEST_CASE(progress_ends_with_every_byte_read) {
  ocv::test::TempDir tmp;
  ocv::test::LayoutBuilder(tmp.path()).write_valid_layout();
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  ocv::engine::ValidateOptions options;
  options.progress = [&](std::uint64_t done, std::uint64_t total) {
    calls.emplace_back(done, total);
  };
  ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options);
  BOOST_REQUIRE(!calls.empty());
  BOOST_TEST(calls.back().second > 0u);
  BOOST_TEST(calls.back().first == calls.back().second);  // every blob was read once
  for (const auto& [done, total] : calls) BOOST_TEST(done <= total);
}

// Images are checked in parallel; a finding that several images report at
// the same place (a shared layer) must come out the same whatever the
// threads did: the first image's, as in a one-thread run.
BOOST_AUTO_TEST_CASE(findings_do_not_depend_on_the_thread_count) {
  ocv::test::TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path());
  // A whiteout in the bottom layer (WHT-007), shared by six images.
  const auto tar = ocv::test::make_tar({{"etc/.wh.gone", ""}, {"etc/a", "a"}});
  const auto layer = ocv::test::gzip(tar);
  std::vector<std::string> entries;
  for (const std::string arch : {"amd64", "arm64", "ppc64le", "s390x", "riscv64", "386"}) {
    const auto config = fmt::format(
        R"({{"architecture":"{}","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}})",
        arch, ocv::test::sha256_digest(tar));
    const auto manifest = fmt::format(
        R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
        R"("config":{},"layers":[{}]}})",
        b.descriptor("application/vnd.oci.image.config.v1+json", config),
        b.descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer));
    entries.push_back(
        b.descriptor("application/vnd.oci.image.manifest.v1+json", manifest,
                     fmt::format(R"("platform":{{"architecture":"{}","os":"linux"}})", arch)));
  }
  b.write_oci_layout();
  b.write_index(entries);
  const auto run = [&](unsigned jobs) {
    ocv::engine::ValidateOptions options;
    options.jobs = jobs;
    const auto findings =
        ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry(), options).findings;
    std::vector<std::string> out;
    for (const auto& f : findings)
      out.push_back(fmt::format("{} {} {} {} {} {}", f.rule_id, f.location.blob, f.location.member,
                                f.image, fmt::join(f.chain, ">"), f.message));
    return out;
  };
  const auto sequential = run(1);
  // Reported once, for the first image that has the layer.
  BOOST_REQUIRE(sequential.size() == 1u);
  BOOST_TEST(sequential[0].starts_with("WHT-007 "), sequential[0]);
  BOOST_TEST(sequential[0].find(" manifests[0] ") != std::string::npos, sequential[0]);
  for (int i = 0; i < 10; ++i) BOOST_TEST(run(4) == sequential, fmt::format("run {}", i));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(digest)

BOOST_AUTO_TEST_CASE(parse_and_forms) {
  namespace d = ocv::digest;
  BOOST_TEST(d::parse("sha256:abc").has_value());
  BOOST_TEST(!d::parse("sha256").has_value());
  BOOST_TEST(!d::parse("SHA256:abc").has_value());
  BOOST_TEST(!d::parse("sha256+:abc").has_value());
  BOOST_TEST(
      d::parse("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8").has_value());
  BOOST_TEST(!d::algorithm_form_error({"sha256", std::string(64, 'a')}).has_value());
  BOOST_TEST(d::algorithm_form_error({"sha256", std::string(64, 'A')}).has_value());
  BOOST_TEST(d::algorithm_form_error({"sha512", std::string(64, 'a')}).has_value());
  BOOST_TEST(!d::algorithm_form_error({"foo", "ABC"}).has_value());
  BOOST_TEST(d::hash_hex("sha256", "{}") ==
             "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  BOOST_TEST(d::hash_hex("sha512", "").size() == 128u);
  BOOST_TEST(d::hash_hex("blake3", "").empty());
}

BOOST_AUTO_TEST_SUITE_END()
