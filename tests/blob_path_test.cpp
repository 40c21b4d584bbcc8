// The one spelling of blobs/<alg>/<encoded> (validator/digest/digest.hpp).
#include <boost/test/unit_test.hpp>

#include <string>

#include "validator/digest/digest.hpp"

namespace d = ocv::digest;

BOOST_AUTO_TEST_SUITE(digest)
BOOST_AUTO_TEST_SUITE(blob_path)

BOOST_AUTO_TEST_CASE(spells_the_layout_path_of_a_digest) {
  BOOST_TEST(d::blob_path("sha256", "abc") == "blobs/sha256/abc");
  BOOST_TEST(d::blob_path_of("sha512:def") == "blobs/sha512/def");
  BOOST_TEST(d::blob_path_of("nocolon") == "blobs/nocolon");
  BOOST_TEST((d::Digest{"sha256", "0f"}.path()) == "blobs/sha256/0f");
}

BOOST_AUTO_TEST_CASE(reads_the_digest_back_from_a_path) {
  BOOST_TEST(d::digest_of_blob_path("blobs/sha256/abc").value_or("?") == "sha256:abc");
  BOOST_TEST(d::digest_of_blob_path(d::blob_path_of("sha512:def")).value_or("?") == "sha512:def");
  BOOST_TEST(d::digest_of_blob_path("blobs/sha256").value_or("?") == "sha256:");
  BOOST_TEST(!d::digest_of_blob_path("index.json").has_value());
  BOOST_TEST(!d::digest_of_blob_path("referrers/sha256/abc").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
