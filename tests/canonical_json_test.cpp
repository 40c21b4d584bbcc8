// RFC 8785 canonical serialization, checked against the RFC's own examples.
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstring>
#include <string>

#include "validator/json/canonical_json.hpp"

namespace {

double from_bits(std::uint64_t bits) {
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::string canonical(const std::string& text) {
  const auto doc = ocv::json::parse_strict(text);
  BOOST_REQUIRE(doc->ok());
  return ocv::json::canonical_form(*doc);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(canonical_json)

// RFC 8785 Appendix B: IEEE 754 bit patterns and their ECMAScript form.
BOOST_AUTO_TEST_CASE(numbers_follow_ecmascript) {
  const std::pair<std::uint64_t, const char*> samples[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, expected] : samples)
    BOOST_TEST(ocv::json::ecmascript_number(from_bits(bits)) == expected, std::hex << bits);
}

// RFC 8785 §3.2.3: members sorted by UTF-16 code units, not by bytes (the
// emoji's surrogates sort before U+FB33, its UTF-8 bytes after).
BOOST_AUTO_TEST_CASE(members_sort_by_utf16_code_units) {
  const std::string input =
      R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",)"
      R"("1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control",)"
      R"("\u00f6":"Latin Small Letter O With Diaeresis","</script>":"Browser Challenge"})";
  const std::string expected =
      "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\","
      "\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
      "\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\","
      "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
  BOOST_TEST(canonical(input) == expected);
}

// RFC 8785 §3.2.4: whitespace dropped, numbers re-formatted, strings with
// only the prescribed escapes (lower-case \u00XX for other controls).
BOOST_AUTO_TEST_CASE(rfc_example_document) {
  const std::string input = R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})";
  const std::string expected =
      "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
      "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
  BOOST_TEST(canonical(input) == expected);
}

BOOST_AUTO_TEST_CASE(integers_and_nesting) {
  BOOST_TEST(canonical(R"({"b":[1,-0,{"z":2,"a":[]}],"a":{}})") ==
             R"({"a":{},"b":[1,0,{"a":[],"z":2}]})");
  BOOST_TEST(canonical("[9007199254740992,-9007199254740992,1.0,100e-2]") ==
             "[9007199254740992,-9007199254740992,1,1]");
}

// RFC 8785 § 3.2.2.2: the short escapes for the seven characters that have
// one, \u00xx (lower-case hex) for the other control characters, and every
// other character as itself.
BOOST_AUTO_TEST_CASE(strings_use_the_short_escapes_where_json_has_one) {
  BOOST_TEST(canonical(R"(["\u0008\u000c\n\r\t\"\\\u0001\u001f/é"])") ==
             R"(["\b\f\n\r\t\"\\\u0001\u001f/é"])");
}

BOOST_AUTO_TEST_CASE(first_difference_locates_the_byte) {
  BOOST_TEST(!ocv::json::first_difference(R"({"a":1})", R"({"a":1})").has_value());
  BOOST_TEST(ocv::json::first_difference("{\"a\":1}\n", R"({"a":1})").value_or(0) == 7u);
  BOOST_TEST(ocv::json::first_difference(R"({ "a":1})", R"({"a":1})").value_or(0) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
