// Findings stay proportionate: long values are shortened with a digest,
// and one rule breaking a million times in one blob is kept a thousand
// times plus one finding that counts the rest.
#include <boost/test/unit_test.hpp>
#include <string>

#include <fmt/format.h>

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
  BOOST_TEST(f.size() == FindingSink::kMaxPerRuleAndBlob + 2);
  const auto& summary = f.back();
  BOOST_TEST(summary.message ==
                 "4000 more X-001 findings in index.json are not listed (the "
                 "first 1000 are)",
             summary.message);
  BOOST_TEST((summary.severity == Severity::error));  // the worst of those not listed
  BOOST_TEST(summary.location.blob == "index.json");
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

BOOST_AUTO_TEST_SUITE_END()
