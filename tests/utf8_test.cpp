// The one UTF-8 decoder (validator/encoding/utf8.hpp) that the JSON checks,
// the canonical form and the report formats share.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "validator/encoding/utf8.hpp"

namespace enc = ocv::encoding;

namespace {

std::size_t length_of(std::string_view s, enc::Surrogates mode = enc::Surrogates::reject) {
  return enc::decode_utf8(s, 0, mode).length;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(strict_json)
BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(decodes_each_length_to_its_code_point) {
  const auto at = [](std::string_view s) { return enc::decode_utf8(s, 0); };
  BOOST_TEST(at("A").length == 1u);
  BOOST_TEST(static_cast<unsigned>(at("A").code_point) == 0x41u);
  BOOST_TEST(at("\xC3\xA9").length == 2u);
  BOOST_TEST(static_cast<unsigned>(at("\xC3\xA9").code_point) == 0xE9u);
  BOOST_TEST(at("\xE2\x82\xAC").length == 3u);
  BOOST_TEST(static_cast<unsigned>(at("\xE2\x82\xAC").code_point) == 0x20ACu);
  BOOST_TEST(at("\xF0\x9F\x98\x80").length == 4u);
  BOOST_TEST(static_cast<unsigned>(at("\xF0\x9F\x98\x80").code_point) == 0x1F600u);
  // Decoding starts where asked, not at the front.
  const std::string_view two = "a\xC3\xA9";
  BOOST_TEST(enc::decode_utf8(two, 1).length == 2u);
}

BOOST_AUTO_TEST_CASE(rejects_what_rfc_3629_forbids) {
  BOOST_TEST(length_of("\x80") == 0u);              // stray continuation byte
  BOOST_TEST(length_of("\xC0\xAF") == 0u);          // overlong "/"
  BOOST_TEST(length_of("\xE0\x80\xAF") == 0u);      // overlong, three bytes
  BOOST_TEST(length_of("\xF0\x80\x80\xAF") == 0u);  // overlong, four bytes
  BOOST_TEST(length_of("\xF4\x90\x80\x80") == 0u);  // above U+10FFFF
  BOOST_TEST(length_of("\xF5\x80\x80\x80") == 0u);  // no such lead byte
  BOOST_TEST(length_of("\xE2\x82") == 0u);          // truncated
  BOOST_TEST(length_of("\xE2\x41\xAC") == 0u);      // continuation missing
}

BOOST_AUTO_TEST_CASE(surrogates_only_when_asked_for) {
  const std::string_view low = "\xED\xB0\x80";  // U+DC00 as RapidJSON writes "\uDC00"
  BOOST_TEST(length_of(low) == 0u);
  const auto accepted = enc::decode_utf8(low, 0, enc::Surrogates::accept);
  BOOST_TEST(accepted.length == 3u);
  BOOST_TEST(static_cast<unsigned>(accepted.code_point) == 0xDC00u);
  BOOST_TEST(length_of("\xED\x9F\xBF") == 3u);  // U+D7FF, just below, is a character
}

BOOST_AUTO_TEST_CASE(prefix_length_never_splits_a_character) {
  const std::string_view s = "ab\xE2\x82\xAC";
  BOOST_TEST(enc::utf8_prefix_length(s, 10) == s.size());
  BOOST_TEST(enc::utf8_prefix_length(s, 5) == 5u);
  BOOST_TEST(enc::utf8_prefix_length(s, 4) == 2u);
  BOOST_TEST(enc::utf8_prefix_length(s, 3) == 2u);
  BOOST_TEST(enc::utf8_prefix_length(s, 2) == 2u);
  BOOST_TEST(enc::utf8_prefix_length(s, 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
