// Nothing hides behind a cap or a parser quirk: members past a full member
// index are still checked one by one (LIMIT-006 says what was not compared),
// malformed or oversized pax headers and libarchive's warnings are findings
// that name the member, and a zstd window over the limit is a limit
// (LIMIT-007), not a broken layer.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/hostile_layouts.hpp"
#include "tests/support/tar_writer.hpp"
#include "validator/engine/validate.hpp"

using ocv::engine::Finding;
using ocv::test::dump;
using ocv::test::file;
using ocv::test::fired;
using ocv::test::gz;
using ocv::test::validate_image;
namespace hostile = ocv::test::hostile;

namespace {

bool names_member(const std::vector<Finding>& f, std::string_view rule, std::string_view member) {
  for (const auto& x : f)
    if (x.rule_id == rule && x.location.member.find(member) != std::string::npos) return true;
  return false;
}

/// Many ordinary members, then the hostile ones.
std::string crowd_then(const std::vector<ocv::test::TarMember>& tail, std::size_t crowd = 2000) {
  std::vector<ocv::test::TarMember> members;
  for (std::size_t i = 0; i < crowd; ++i) members.push_back(file(fmt::format("d/{}", i)));
  members.insert(members.end(), tail.begin(), tail.end());
  return ocv::test::tar_of(members);
}

/// A pax header whose body is given as is, then a member named `path`.
std::string pax_then(std::string_view body, std::string_view path) {
  return hostile::tar_header("PaxHeaders/x", 'x', body.size()) + hostile::padded(body) +
         hostile::tar_header(path, '0', 0) + std::string(1024, '\0');
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layer_rules)

BOOST_AUTO_TEST_CASE(members_past_a_full_index_are_still_checked_one_by_one) {
  ocv::engine::ValidateOptions options;
  options.max_layer_index_bytes = 64u << 10;  // a few hundred members
  const auto tar = crowd_then({file("../../etc/cron.d/evil", "* * * * * root sh\n"),
                               file("/etc/passwd", "root::0:0::/:/bin/sh\n"),
                               file("d/.wh.", ""),
                               {"d/odd", 'Z', "", ""}});
  const auto f = validate_image({gz(tar)}, options);
  BOOST_TEST(fired(f, "LIMIT-006"), dump(f));
  BOOST_TEST(names_member(f, "LAY-013", "../../etc/cron.d/evil"), dump(f));
  BOOST_TEST(names_member(f, "LAY-013", "/etc/passwd"), dump(f));
  BOOST_TEST(names_member(f, "WHT-002", "d/.wh."), dump(f));
  BOOST_TEST(names_member(f, "LAY-004", "d/odd"), dump(f));
  BOOST_TEST((ocv::test::severity_of(f, "LIMIT-006") == ocv::engine::Severity::error));
}

BOOST_AUTO_TEST_CASE(a_layer_within_its_index_gives_no_limit_finding) {
  const auto f = validate_image({gz(crowd_then({file("etc/ok", "x")}))});
  BOOST_TEST(!fired(f, "LIMIT-006"), dump(f));
}

BOOST_AUTO_TEST_CASE(a_pax_record_with_a_wrong_length_is_an_error_naming_the_member) {
  // The record says 40 bytes but holds more: Go's archive/tar rejects the
  // header, libarchive ignores it and keeps the ustar name.
  const std::string record = "40 path=../../etc/cron.d/evil-and-then-some\n";
  const auto f = validate_image({gz(pax_then(record, "harmless"))});
  BOOST_TEST(names_member(f, "LAY-001", "harmless"), dump(f));
  const auto* finding = ocv::test::first(f, "LAY-001");
  BOOST_TEST(finding->message.find("malformed") != std::string::npos, finding->message);
}

BOOST_AUTO_TEST_CASE(well_formed_pax_records_give_no_header_finding) {
  const auto f = validate_image({gz(pax_then(
      hostile::pax_record("path", "etc/long-name") + hostile::pax_record("mtime", "1700000000.5"),
      "etc/short"))});
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));
}

BOOST_AUTO_TEST_CASE(non_ascii_member_names_give_no_header_finding) {
  // Debian's ca-certificates has "NetLock_Arany_=Class_Gold=_Főtanúsítvány.pem";
  // tar writes such names in pax headers. Names that are not UTF-8 at all
  // are bytes too. A malformed record beside them is still an error.
  const std::string utf8 =
      "etc/ssl/certs/NetLock_Arany_=Class_Gold=_F\xc5\x91tan\xc3\xbas\xc3\xadtv\xc3\xa1ny.pem";
  const auto tar =
      hostile::tar_header("PaxHeaders/1", 'x', hostile::pax_record("path", utf8).size()) +
      hostile::padded(hostile::pax_record("path", utf8)) +
      hostile::tar_header("etc/ssl/certs/NetLock.pem", '0', 0) +
      hostile::tar_header("PaxHeaders/2", 'x', hostile::pax_record("linkpath", utf8).size()) +
      hostile::padded(hostile::pax_record("linkpath", utf8)) +
      hostile::tar_header("etc/ssl/certs/988a38cb.0", '2', 0, "NetLock.pem") +
      hostile::tar_header("PaxHeaders/3", 'x',
                          hostile::pax_record("path", "etc/gar\xe7on").size()) +
      hostile::padded(hostile::pax_record("path", "etc/gar\xe7on")) +
      hostile::tar_header("etc/garcon", '0', 0) + hostile::tar_header("etc/\xff\xfe", '0', 0);
  const auto silent = validate_image({gz(tar + std::string(1024, '\0'))});
  BOOST_TEST(!fired(silent, "LAY-001"), dump(silent));
  const auto f = validate_image(
      {gz(tar + pax_then("40 path=../../etc/cron.d/evil-and-then-some\n", "harmless"))});
  BOOST_TEST(std::count_if(f.begin(), f.end(),
                           [](const Finding& x) { return x.rule_id == "LAY-001"; }) == 1,
             dump(f));
  BOOST_TEST(names_member(f, "LAY-001", "harmless"), dump(f));
}

BOOST_AUTO_TEST_CASE(an_oversized_pax_path_is_an_error_naming_the_member) {
  std::string path = "../";
  path.append(1'000'000, 'a');
  const auto f = validate_image({gz(pax_then(hostile::pax_record("path", path), "harmless"))});
  BOOST_TEST((ocv::test::severity_of(f, "LAY-001") == ocv::engine::Severity::error), dump(f));
  BOOST_TEST(names_member(f, "LAY-001", "../aaaa"), dump(f));
}

BOOST_AUTO_TEST_CASE(an_extended_header_over_one_mib_is_an_error) {
  // libarchive gives up on the stream here ("Special header too large");
  // Go's archive/tar refuses it too.
  const auto f = validate_image(
      {gz(pax_then(hostile::pax_record("comment", std::string(1u << 20, 'c')), "etc/x"))});
  BOOST_TEST((ocv::test::severity_of(f, "LAY-001") == ocv::engine::Severity::error), dump(f));
}

BOOST_AUTO_TEST_CASE(a_zstd_window_over_the_limit_is_a_limit_not_a_broken_layer) {
  ocv::engine::ValidateOptions options;
  options.max_zstd_window = 1u << 20;
  // Level 19 on 4 MiB asks for a window larger than 1 MiB.
  std::string content;
  for (int i = 0; content.size() < (4u << 20); ++i) content += fmt::format("{:x}", i * 2654435761u);
  const auto tar = ocv::test::tar_of({file("big", content)});
  const auto f = validate_image({ocv::test::zst(tar)}, options);
  BOOST_TEST(fired(f, "LIMIT-007"), dump(f));
  BOOST_TEST(!fired(f, "LAY-001"), dump(f));
  BOOST_TEST(!fired(f, "CFG-008"), dump(f));
  const auto by_default = validate_image({ocv::test::zst(tar)});
  BOOST_TEST(!fired(by_default, "LIMIT-007"), dump(by_default));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(layer_rules)

BOOST_AUTO_TEST_CASE(a_layer_named_again_after_a_whiteout_is_applied_again) {
  // layers: L1 (etc/a), L2 (deletes etc/a), L1 again (creates it again),
  // L3 (deletes it again: it has something to delete, no WHT-006).
  const auto l1 = gz(ocv::test::tar_of({ocv::test::dir("etc/"), file("etc/a", "x")}));
  const auto l2 = gz(ocv::test::tar_of({ocv::test::dir("etc/"), file("etc/.wh.a")}));
  const auto l3 = gz(ocv::test::tar_of({ocv::test::dir("etc/"), file("etc/.wh.a"), file("etc/b")}));
  const auto f = validate_image({l1, l2, l1, l3});
  BOOST_TEST(!fired(f, "WHT-006"), dump(f));
  // Without the second L1, L3's whiteout deletes nothing.
  const auto without = validate_image({l1, l2, l3});
  BOOST_TEST(fired(without, "WHT-006"), dump(without));
}

BOOST_AUTO_TEST_CASE(a_path_longer_than_path_max_is_checked_alone_and_left_out_of_the_index) {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "a/";
  const auto f = validate_image({gz(ocv::test::tar_of({file(deep + "../../../.wh.", "")}))});
  BOOST_TEST(fired(f, "LIMIT-006"), dump(f));
  BOOST_TEST(ocv::test::message_of(f, "LIMIT-006").find("PATH_MAX") != std::string::npos, dump(f));
  BOOST_TEST(fired(f, "WHT-002"), dump(f));  // checked on its own all the same
}

BOOST_AUTO_TEST_SUITE_END()
