// Findings stay proportionate: long values are shortened with a digest,
// one rule breaking a million times in one blob is kept a thousand times,
// and a rule lists its first findings (--max-findings-per-rule), plus
// findings of the rule that count the rest in the totals and the verdict.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include <fmt/format.h>

#include "validator/engine/policy.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/finding.hpp"
#include "validator/model/registry.hpp"

using ocv::engine::FindingSink;
using ocv::engine::Registry;
using ocv::engine::Severity;

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(long_values_are_shortened_with_their_length_and_digest) {
  const std::string small(100, 'a');
  BOOST_TEST(ocv::engine::shortened(small) == small);
  const std::string big(15'000'000, 'a');
  const auto s = ocv::engine::shortened(big);
  BOOST_TEST(s.size() < 400u);
  BOOST_TEST(s.find("15000000 bytes, sha256:") != std::string::npos, s);
  // Two long values with the same start stay distinguishable.
  BOOST_TEST(ocv::engine::shortened(big + "b") != s);
  // A cut never splits a UTF-8 sequence.
  const auto cut = ocv::engine::shortened(std::string(255, 'a') + "\xc3\xa9" + big, 256);
  BOOST_TEST(cut.substr(0, 256) == std::string(255, 'a') + "\xe2");  // "…" follows 255 'a's
}

BOOST_AUTO_TEST_CASE(a_rule_breaking_many_times_in_one_blob_is_listed_a_thousand_times) {
  Registry r;
  r.add_rule({"X-001", "MUST", Severity::warning, "t", "s", "h"});
  FindingSink sink(r);
  ocv::engine::Site site;
  site.blob = "index.json";
  for (int i = 0; i < 5000; ++i)
    sink.report("X-001", site, fmt::format("/manifests/{}", i), "m",
                i == 4000 ? std::optional(Severity::error) : std::nullopt);
  ocv::engine::Site other;
  other.blob = "blobs/sha256/aa";
  sink.report("X-001", other, "", "elsewhere");
  const auto f = sink.take();
  // The listed ones, the one elsewhere, and one summary per severity of
  // those not listed.
  BOOST_REQUIRE(f.size() == FindingSink::kMaxPerRuleAndBlob + 3);
  const auto& errors = f[f.size() - 2];
  BOOST_TEST(errors.message ==
                 "1 more X-001 findings (errors) in index.json are not listed (the first 1000 "
                 "are)",
             errors.message);
  BOOST_TEST((errors.severity == Severity::error));
  BOOST_TEST(errors.unlisted == 1u);
  const auto& warnings = f.back();
  BOOST_TEST(warnings.message ==
                 "3999 more X-001 findings (warnings) in index.json are not listed (the first "
                 "1000 are)",
             warnings.message);
  BOOST_TEST(warnings.location.blob == "index.json");
  const auto c = ocv::engine::count(f);
  BOOST_TEST(c.errors == 1u);
  BOOST_TEST(c.warnings == 5000u);  // 1000 listed, 3999 counted, 1 elsewhere
}

namespace {

/// `n` findings of `rule`, one per blob ("blobs/sha256/0", ...), the last
/// one an error.
void report_in_blobs(FindingSink& sink, const std::string& rule, int n) {
  for (int i = 0; i < n; ++i) {
    ocv::engine::Site site;
    site.blob = fmt::format("blobs/sha256/{}", i);
    sink.report(rule, site, "", fmt::format("finding {}", i),
                i == n - 1 ? std::optional(Severity::error) : std::nullopt);
  }
}

Registry two_rules() {
  Registry r;
  r.add_rule({"X-001", "SHOULD", Severity::warning, "t", "s", "h"});
  r.add_rule({"Y-001", "SHOULD", Severity::warning, "t", "s", "h"});
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_rule_lists_its_first_findings_and_one_more_counts_the_rest) {
  const auto r = two_rules();
  FindingSink sink(r, {}, {}, 3);
  report_in_blobs(sink, "X-001", 10);  // 7 past the limit, among them the one error
  report_in_blobs(sink, "Y-001", 3);   // within it: no summary
  // Not listed and reported again (a blob reached twice): counted once.
  ocv::engine::Site again;
  again.blob = "blobs/sha256/5";
  sink.report("X-001", again, "", "finding 5 again");
  const auto f = sink.take();
  BOOST_REQUIRE(f.size() == 3u + 3u + 2u);
  for (std::size_t i = 0; i < 6; ++i) BOOST_TEST(f[i].unlisted == 0u);
  const auto& errors = f[6];
  BOOST_TEST(errors.rule_id == "X-001");
  BOOST_TEST((errors.severity == Severity::error));
  BOOST_TEST(errors.unlisted == 1u);
  BOOST_TEST(errors.location.blob.empty());  // the layout as a whole
  BOOST_TEST(errors.message ==
                 "1 more X-001 findings (errors) are not listed: a run lists the first 3 of each "
                 "rule (--max-findings-per-rule)",
             errors.message);
  BOOST_TEST(f[7].unlisted == 6u);
  BOOST_TEST((f[7].severity == Severity::warning));
  // The totals count every finding, and the omitted error fails the run.
  const auto c = ocv::engine::count(f);
  BOOST_TEST(c.errors == 1u + 1u);  // Y-001's last one is listed
  BOOST_TEST(c.warnings == 9u + 2u);
  BOOST_TEST(ocv::engine::fails(f, ocv::engine::Policy{}));
}

BOOST_AUTO_TEST_CASE(a_rule_within_its_limit_has_no_summary) {
  const auto r = two_rules();
  FindingSink sink(r, {}, {}, 3);
  report_in_blobs(sink, "X-001", 3);
  // A repeat of a listed finding is no new one, even when the list is full.
  ocv::engine::Site site;
  site.blob = "blobs/sha256/0";
  sink.report("X-001", site, "", "finding 0 again");
  const auto f = sink.take();
  BOOST_TEST(f.size() == 3u);
  for (const auto& finding : f) BOOST_TEST(finding.unlisted == 0u);
}

BOOST_AUTO_TEST_CASE(what_the_policy_drops_takes_no_place_in_a_rules_list) {
  const auto r = two_rules();
  ocv::engine::Policy policy;
  policy.disabled.insert("Y-001");
  policy.suppressions.push_back({"X-001", "", "blobs/sha256/0", "known"});
  policy.severity["X-001"] = Severity::note;
  ocv::engine::PolicyFilter filter(policy, 2);
  FindingSink sink(
      r, {}, [&](ocv::engine::Finding& f) { return filter.admit(f); }, 2);
  report_in_blobs(sink, "X-001", 5);  // blob 0 suppressed, 1 and 2 listed, 3 and 4 counted
  report_in_blobs(sink, "Y-001", 4);
  const auto f = sink.take();
  BOOST_REQUIRE(f.size() == 3u);
  BOOST_TEST(f[0].location.blob == "blobs/sha256/1");
  BOOST_TEST(f[1].location.blob == "blobs/sha256/2");
  BOOST_TEST(f[2].unlisted == 2u);
  BOOST_TEST((f[2].severity == Severity::note));  // the override applies to those counted too
  const auto applied = filter.take();
  BOOST_TEST(applied.suppressed == 1u);
  BOOST_TEST(applied.suppressed_findings.size() == 1u);
  BOOST_TEST(applied.disabled == 4u);
  BOOST_TEST(!ocv::engine::fails(f, policy));
}

BOOST_AUTO_TEST_CASE(long_messages_and_member_names_are_shortened_in_findings) {
  Registry r;
  r.add_rule({"X-001", "MUST", Severity::warning, "t", "s", "h"});
  FindingSink sink(r);
  ocv::engine::Site site;
  sink.report_member("X-001", site, std::string(1u << 20, 'm'), std::string(1u << 20, 'x'));
  const auto f = sink.take();
  BOOST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].message.size() < 4200u);
  BOOST_TEST(f[0].location.member.size() < 400u);
}

// index.json findings go with the image their entry starts (its
// ref.name, else "manifests[i]"), whatever else the pointer says; other
// pointers, and entries that are not there, keep the site's image.
BOOST_AUTO_TEST_CASE(an_index_finding_goes_to_the_image_of_its_entry) {
  Registry r;
  r.add_rule({"X-001", "MUST", Severity::error, "t", "s", "h"});
  rapidjson::Document entries;
  entries.Parse(R"([{"annotations":{"org.opencontainers.image.ref.name":"1.0"}}, 5,
                    {"digest":"sha256:00"}])");
  ocv::engine::Site site;
  site.blob = "index.json";
  site.image = "(site)";
  site.entries = &entries;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/manifests/0/digest", "1.0"},
      {"/manifests/0", "1.0"},
      {"/manifests/1/size", ""},  // no descriptor: starts no image
      {"/manifests/2", "manifests[2]"},
      {"/manifests/3", "(site)"},
      {"/manifests/123456789012345678901234567890", "(site)"},
      {"/manifests/", "(site)"},
      {"/manifests/0x", "(site)"},
      {"/manifests/x", "(site)"},
      {"/mediaType", "(site)"},
  };
  FindingSink sink(r);
  for (const auto& [pointer, image] : expected) sink.report("X-001", site, pointer, "m");
  ocv::engine::Site bare = site;
  bare.entries = nullptr;
  bare.blob = "blobs/sha256/aa";
  sink.report("X-001", bare, "/manifests/0", "m");
  const auto f = sink.take();
  BOOST_REQUIRE(f.size() == expected.size() + 1);
  for (const auto& finding : f) {
    if (finding.location.blob != "index.json") {
      BOOST_TEST(finding.image == "(site)");
      continue;
    }
    const auto it = std::find_if(expected.begin(), expected.end(), [&](const auto& e) {
      return e.first == finding.location.pointer;
    });
    BOOST_REQUIRE(it != expected.end());
    BOOST_TEST(finding.image == it->second, it->first);
  }
}

// What the sink refuses or drops: a rule the registry does not know (a
// programming error), an opt-in rule nobody enabled, a count of nothing.
BOOST_AUTO_TEST_CASE(the_sink_refuses_unknown_rules_and_drops_rules_that_are_off) {
  Registry r;
  r.add_rule({"X-001", "MUST", Severity::warning, "t", "s", "h"});
  ocv::engine::RuleInfo opt{"X-002", "SHOULD", Severity::warning, "t", "s", "h"};
  opt.opt_in = true;
  r.add_rule(opt);
  ocv::engine::Site site;
  site.blob = "blobs/sha256/aa";
  FindingSink sink(r);
  BOOST_CHECK_THROW(sink.report("X-999", site, "", "m"), std::logic_error);
  BOOST_TEST(!sink.wants("X-002"));
  BOOST_TEST(sink.wants("X-001"));
  sink.report("X-002", site, "", "off");
  sink.add_unlisted("X-002", site, 5);
  sink.add_unlisted("X-001", site, 0);
  // A member finding takes the rule's severity, or the one given.
  sink.report_member("X-001", site, "etc/passwd", "default");
  sink.report_member("X-001", site, "etc/shadow", "given", Severity::error);
  const auto f = sink.take();
  BOOST_REQUIRE(f.size() == 2u);
  BOOST_TEST(f[0].location.member == "etc/passwd");
  BOOST_TEST((f[0].severity == Severity::warning));
  BOOST_TEST((f[1].severity == Severity::error));
  FindingSink on(r, {"X-002"});
  BOOST_TEST(on.wants("X-002"));
  on.report("X-002", site, "", "on");
  BOOST_TEST(on.take().size() == 1u);
}

// Counts added from upstream (a bounded list) pass through the policy too:
// what it drops is not counted.
BOOST_AUTO_TEST_CASE(counts_from_upstream_are_filtered_by_the_policy) {
  Registry r;
  r.add_rule({"X-001", "MUST", Severity::warning, "t", "s", "h"});
  ocv::engine::Site site;
  site.blob = "blobs/sha256/aa";
  FindingSink dropping(
      r, {}, [](ocv::engine::Finding&) { return false; }, 0);
  dropping.add_unlisted("X-001", site, 7);
  BOOST_TEST(dropping.take().empty());
  FindingSink keeping(r);
  keeping.add_unlisted("X-001", site, 7, Severity::error);
  const auto f = keeping.take();
  BOOST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].unlisted == 7u);
  BOOST_TEST((f[0].severity == Severity::error));
  BOOST_TEST(f[0].message.starts_with("7 more X-001 findings in blobs/sha256/aa are not listed"),
             f[0].message);
}

// DescriptorView reads only what is there with the type it expects.
BOOST_AUTO_TEST_CASE(a_descriptor_view_reads_only_well_typed_members) {
  rapidjson::Document d;
  d.Parse(R"({"mediaType":1,"size":"12","annotations":{"org.opencontainers.image.ref.name":2}})");
  ocv::engine::DescriptorView view{nullptr, &d, ocv::engine::DescriptorRole::config, 0};
  BOOST_TEST(!view.string_member("mediaType").has_value());
  BOOST_TEST(!view.string_member("absent").has_value());
  BOOST_TEST(!view.size().has_value());
  BOOST_TEST(!view.ref_name().has_value());
  BOOST_TEST(view.pointer() == "/config");
  BOOST_TEST(view.label() == "config");
  const ocv::engine::DescriptorView layer{nullptr, &d, ocv::engine::DescriptorRole::layer, 3};
  BOOST_TEST(layer.member_pointer("digest") == "/layers/3/digest");
  BOOST_TEST(layer.label() == "layers[3]");
  rapidjson::Document no_map;
  no_map.Parse(R"({"annotations":[]})");
  const ocv::engine::DescriptorView subject{nullptr, &no_map, ocv::engine::DescriptorRole::subject,
                                            0};
  BOOST_TEST(!subject.ref_name().has_value());
  const ocv::engine::DescriptorView standalone{nullptr, &d, ocv::engine::DescriptorRole::standalone,
                                               0};
  BOOST_TEST(standalone.pointer() == "");
  BOOST_TEST(standalone.member_pointer("size") == "/size");
  // An archive without a parsed manifest.json still names it as the site.
  const ocv::engine::ArchiveView archive{};
  const auto site = archive.manifest_site("app:1.0");
  BOOST_TEST(site.blob == "manifest.json");
  BOOST_TEST(site.image == "app:1.0");
  BOOST_TEST(site.json == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
