// The tar member path vocabulary shared by the layer pass, the archive
// reader and the layer checks (validator/model/member_path.hpp).
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include "validator/model/member_path.hpp"

namespace mp = ocv::member_path;

BOOST_AUTO_TEST_SUITE(layer_scan)
BOOST_AUTO_TEST_SUITE(member_path)

BOOST_AUTO_TEST_CASE(normalize_drops_what_names_the_same_file) {
  BOOST_TEST(mp::normalize("./usr//bin/./env/") == "usr/bin/env");
  BOOST_TEST(mp::normalize("/etc/passwd") == "etc/passwd");
  BOOST_TEST(mp::normalize("a/../b") == "a/../b");  // ".." is kept: resolve_dotdot decides
  BOOST_TEST(mp::normalize("./").empty());
  BOOST_TEST(mp::normalize("").empty());
  BOOST_TEST(mp::normalize("..a/b..") == "..a/b..");
}

BOOST_AUTO_TEST_CASE(has_dotdot_sees_whole_components_only) {
  for (const char* yes : {"..", "../x", "a/..", "a/../b", "a//../b"})
    BOOST_TEST(mp::has_dotdot(yes), yes);
  for (const char* no : {"", "a", "..a", "a..", "a/..b/c", "a/b../c", "..."})
    BOOST_TEST(!mp::has_dotdot(no), no);
}

BOOST_AUTO_TEST_CASE(resolve_dotdot_resolves_inside_the_root_only) {
  BOOST_TEST(mp::resolve_dotdot("a/b/../c").value_or("?") == "a/c");
  BOOST_TEST(mp::resolve_dotdot("a/..").value_or("?").empty());
  BOOST_TEST(mp::resolve_dotdot("").value_or("?").empty());
  BOOST_TEST(!mp::resolve_dotdot("..").has_value());
  BOOST_TEST(!mp::resolve_dotdot("a/../../etc/passwd").has_value());
}

BOOST_AUTO_TEST_CASE(leaves_root_when_absolute_or_climbing) {
  BOOST_TEST(mp::leaves_root("/etc/passwd"));
  BOOST_TEST(mp::leaves_root("../../etc/cron.d/evil"));
  BOOST_TEST(mp::leaves_root("a/../b"));  // as written: a reader may not resolve it lexically
  BOOST_TEST(!mp::leaves_root("./etc/passwd"));
  BOOST_TEST(!mp::leaves_root("a/..b"));
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
