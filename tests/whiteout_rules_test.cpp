// WHT-* rules, on layouts whose layers are real tar streams.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/tar_writer.hpp"
#include "validator/engine/validate.hpp"

using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::dir;
using ocv::test::dump;
using ocv::test::file;
using ocv::test::fired;
using ocv::test::fired_with;
using ocv::test::hardlink_to;
using ocv::test::has_error;
using ocv::test::LayoutBuilder;
using ocv::test::TempDir;
using Member = ocv::test::TarMember;

namespace {

/// Writes a layout holding one image whose gzip layers hold `layers`, and
/// validates it.
std::vector<Finding> validate_image(const std::vector<std::vector<Member>>& layers) {
  std::vector<ocv::test::Layer> blobs;
  for (const auto& members : layers) blobs.push_back(ocv::test::gz(ocv::test::tar_of(members)));
  return ocv::test::validate_image(blobs);
}

/// A base layer for the whiteouts of the layers above it.
const std::vector<Member> kBase = {dir("etc/"),      file("etc/a", "a"), file("etc/b", "b"),
                                   dir("etc/conf/"), file("etc/conf/x"), dir("var/"),
                                   file("var/log")};

const std::vector<std::string_view> kRules = {"WHT-001", "WHT-002", "WHT-003", "WHT-004",
                                              "WHT-005", "WHT-006", "WHT-007", "WHT-008",
                                              "WHT-009", "WHT-010"};

void silent(const std::vector<Finding>& f, std::vector<std::string_view> rules = kRules) {
  for (const auto rule : rules) BOOST_TEST(!fired(f, rule), rule << "\n" << dump(f));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(whiteout_rules)

BOOST_AUTO_TEST_CASE(valid_layouts_are_silent) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  silent(ocv::engine::validate_layout(tmp.path(), ocv::rules::default_registry()).findings);
  // Explicit whiteouts before their sibling directories, each deleting
  // something of the layer below.
  silent(validate_image({kBase,
                         {dir("etc/"), file("etc/.wh.a"), file("etc/.wh.conf"), dir("etc/new/"),
                          file("var/.wh.log")}}));
}

BOOST_AUTO_TEST_CASE(valid_image_with_plain_and_opaque_whiteouts_has_no_error) {
  const auto f = validate_image({kBase,
                                 {dir("etc/"), file("etc/.wh.a"), hardlink_to("etc/c", "etc/b"),
                                  dir("var/"), file("var/.wh..wh..opq"), file("var/new", "n")}});
  BOOST_TEST(!has_error(f), dump(f));
  BOOST_TEST(fired_with(f, "WHT-009", Severity::warning, "", "var/.wh..wh..opq"), dump(f));
  silent(f, {"WHT-001", "WHT-002", "WHT-003", "WHT-004", "WHT-005", "WHT-006", "WHT-007", "WHT-008",
             "WHT-010"});
}

BOOST_AUTO_TEST_CASE(wht_001_whiteouts_are_empty_regular_files) {
  auto f = validate_image({kBase, {dir("etc/.wh.a/")}});
  BOOST_TEST(fired_with(f, "WHT-001", Severity::error, "is a directory", "etc/.wh.a/"), dump(f));
  f = validate_image({kBase, {file("etc/.wh.a", "not empty")}});
  BOOST_TEST(fired_with(f, "WHT-001", Severity::error, "holds 9 bytes"), dump(f));
  f = validate_image({kBase, {hardlink_to("etc/.wh.a", "etc/b")}});
  BOOST_TEST(fired_with(f, "WHT-001", Severity::error, "is a hardlink"), dump(f));
  silent(validate_image({kBase, {file("etc/.wh.a")}}), {"WHT-001"});
}

BOOST_AUTO_TEST_CASE(wht_002_whiteout_without_a_name) {
  const auto f = validate_image({kBase, {file("etc/.wh.")}});
  BOOST_TEST(fired_with(f, "WHT-002", Severity::error, "no basename", "etc/.wh."), dump(f));
  silent(validate_image({kBase, {file("etc/.wh.a")}}), {"WHT-002"});
}

BOOST_AUTO_TEST_CASE(wht_003_nothing_is_named_wh) {
  auto f = validate_image({kBase, {file("etc/.wh..")}});
  BOOST_TEST(fired_with(f, "WHT-003", Severity::error, "would delete \".\""), dump(f));
  f = validate_image({kBase, {file(".wh...")}});
  BOOST_TEST(fired_with(f, "WHT-003", Severity::error, "would delete \"..\""), dump(f));
  f = validate_image({kBase, {file("etc/.wh.dir/file")}});
  BOOST_TEST(fired_with(f, "WHT-003", Severity::error, "lies below etc/.wh.dir"), dump(f));
  silent(validate_image({kBase, {file("etc/.wh.a"), file("etc/.wh..wh..opq")}}), {"WHT-003"});
}

BOOST_AUTO_TEST_CASE(wht_004_aufs_metadata_names) {
  const auto f = validate_image({kBase, {file(".wh..wh.plnk")}});
  BOOST_TEST(fired_with(f, "WHT-004", Severity::warning, "AUFS", ".wh..wh.plnk"), dump(f));
  BOOST_TEST(!fired(f, "WHT-006"), dump(f));  // WHT-004 already says it deletes nothing
  silent(validate_image({kBase, {file("etc/.wh..wh..opq")}}), {"WHT-004"});
}

BOOST_AUTO_TEST_CASE(wht_005_whiteout_and_target_in_one_layer) {
  // The whiteout after its target: order-dependent extractors delete it.
  auto f = validate_image({kBase, {file("etc/a", "new"), file("etc/.wh.a")}});
  BOOST_TEST(fired_with(f, "WHT-005", Severity::warning, "before it", "etc/.wh.a"), dump(f));
  f = validate_image({kBase, {file("etc/.wh.a"), file("etc/a", "new")}});
  BOOST_TEST(fired_with(f, "WHT-005", Severity::warning, "after it", "etc/.wh.a"), dump(f));
  // A deleted directory recreated through members below it.
  f = validate_image({kBase, {file("etc/.wh.conf"), file("etc/conf/y")}});
  BOOST_TEST(fired_with(f, "WHT-005", Severity::warning, "members below it"), dump(f));
  // An opaque marker after children of its directory.
  f = validate_image(
      {kBase, {dir("etc/"), dir("etc/conf/"), file("etc/conf/y"), file("etc/.wh..wh..opq")}});
  BOOST_TEST(
      fired_with(f, "WHT-005", Severity::warning, "comes after etc/conf/", "etc/.wh..wh..opq"),
      dump(f));
  // The spec's own form: the opaque marker first, then the new children.
  silent(
      validate_image(
          {kBase, {dir("etc/"), file("etc/.wh..wh..opq"), dir("etc/conf/"), file("etc/conf/y")}}),
      {"WHT-005"});
}

BOOST_AUTO_TEST_CASE(wht_006_whiteouts_that_delete_nothing) {
  auto f = validate_image({kBase, {file("etc/.wh.missing")}});
  BOOST_TEST(fired_with(f, "WHT-006", Severity::note, "no lower layer leaves etc/missing",
                        "etc/.wh.missing"),
             dump(f));
  // Deleted with its directory by a layer in between.
  f = validate_image({kBase, {file(".wh.etc")}, {file("etc/.wh.a")}});
  BOOST_TEST(fired_with(f, "WHT-006", Severity::note, "", "etc/.wh.a"), dump(f));
  // Hidden by an opaque marker in between.
  f = validate_image({kBase, {file("etc/.wh..wh..opq")}, {file("etc/.wh.b")}});
  BOOST_TEST(fired_with(f, "WHT-006", Severity::note, "", "etc/.wh.b"), dump(f));
  // Targets that exist, implied directories included, and a directory
  // recreated after its deletion.
  silent(validate_image({{file("usr/lib/x")}, {file("usr/.wh.lib")}}), {"WHT-006"});
  silent(validate_image({kBase, {file(".wh.etc"), file("etc/conf/z")}, {file("etc/conf/.wh.z")}}),
         {"WHT-006"});
}

BOOST_AUTO_TEST_CASE(wht_007_whiteouts_in_the_base_layer) {
  const auto f = validate_image({{dir("etc/"), file("etc/.wh.a"), file("etc/x")}});
  BOOST_TEST(fired_with(f, "WHT-007", Severity::note, "layers[0]", "etc/.wh.a"), dump(f));
  silent(validate_image({kBase, {file("etc/.wh.a")}}), {"WHT-007"});
}

BOOST_AUTO_TEST_CASE(wht_008_opaque_marker_without_its_directory) {
  auto f = validate_image({kBase, {file("nowhere/.wh..wh..opq")}});
  BOOST_TEST(fired_with(f, "WHT-008", Severity::note, "empties nowhere"), dump(f));
  f = validate_image({{file("nowhere/.wh..wh..opq")}});
  BOOST_TEST(fired_with(f, "WHT-008", Severity::note), dump(f));
  silent(validate_image({kBase, {file("etc/.wh..wh..opq")}}), {"WHT-008"});
  silent(validate_image({kBase, {dir("new/"), file("new/.wh..wh..opq")}}), {"WHT-008"});
}

BOOST_AUTO_TEST_CASE(wht_009_opaque_markers) {
  const auto f = validate_image({kBase, {file("etc/.wh..wh..opq")}});
  BOOST_TEST(fired_with(f, "WHT-009", Severity::warning, "empties etc", "etc/.wh..wh..opq"),
             dump(f));
  silent(validate_image({kBase, {file("etc/.wh.a"), file("etc/.wh.b"), file("etc/.wh.conf")}}),
         {"WHT-009"});
}

BOOST_AUTO_TEST_CASE(wht_010_whiteouts_before_sibling_directories) {
  const auto f = validate_image({kBase, {dir("etc/"), dir("etc/new/"), file("etc/.wh.a")}});
  BOOST_TEST(fired_with(f, "WHT-010", Severity::warning, "after its sibling directory etc/new/",
                        "etc/.wh.a"),
             dump(f));
  // A directory that is not a sibling (the parent itself, or a cousin) is fine.
  silent(validate_image(
             {kBase,
              {dir("etc/"), file("etc/.wh.a"), dir("etc/new/"), dir("var/"), file("var/.wh.log")}}),
         {"WHT-010"});
}

BOOST_AUTO_TEST_SUITE_END()
