// The hand-written grammars of rules/grammar.hpp (rules.md "Named patterns").
#include <boost/test/unit_test.hpp>

#include <string>

#include "rules/grammar.hpp"

namespace g = ocv::rules::grammar;

BOOST_AUTO_TEST_SUITE(descriptor_rules)
BOOST_AUTO_TEST_SUITE(grammar)

BOOST_AUTO_TEST_CASE(media_type) {
  for (const char* ok :
       {"application/vnd.oci.image.manifest.v1+json", "a/b", "A0/z9",
        "application/vnd.docker.image.rootfs.diff.tar.gzip", "x/a!#$&^_.+-", "text/plain"})
    BOOST_TEST(g::is_media_type(ok), ok);
  for (const char* bad : {"", "application", "application/", "/json", "a/b/c", ".a/b", "a/-b",
                          "application/json; charset=utf-8", "application/json;charset=utf-8",
                          "application/vnd.x(1)", "application/x@y", "a /b", "a/b ", "é/b"})
    BOOST_TEST(!g::is_media_type(bad), bad);
  // 127 characters each side is the limit (vectors descriptor/007..009).
  const std::string max(127, 'a');
  BOOST_TEST(g::is_media_type(max + "/" + max));
  BOOST_TEST(!g::is_media_type(max + "a/" + max));
  BOOST_TEST(!g::is_media_type(max + "/" + max + "a"));
}

BOOST_AUTO_TEST_CASE(rfc3339) {
  for (const char* ok :
       {"2015-10-31T22:22:56Z", "2015-10-31T22:22:56.015925234Z", "2015-10-31t22:22:56z",
        "2015-10-31T22:22:56+01:00", "2015-10-31T22:22:56-23:59", "2016-12-31T23:59:60Z",
        "2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z"})
    BOOST_TEST(g::is_rfc3339(ok), ok);
  for (const char* bad : {"",
                          "2015-10-31",
                          "15-10-31T22:22:56Z",
                          "2015-10-31T22:22:56",
                          "2015-10-31 22:22:56Z",
                          "2015-13-01T00:00:00Z",
                          "2015-00-01T00:00:00Z",
                          "2015-02-29T00:00:00Z",
                          "1900-02-29T00:00:00Z",
                          "2015-04-31T00:00:00Z",
                          "2015-10-31T24:00:00Z",
                          "2015-10-31T22:60:00Z",
                          "2015-10-31T22:22:61Z",
                          "2015-10-31T22:22Z",
                          "2015-10-31T22:22:56.Z",
                          "2015-10-31T22:22:56|01:00",
                          "2015-10-31T22:22:56+0100",
                          "2015-10-31T22:22:56+24:00",
                          "2015-10-31T22:22:56Zjunk",
                          "2015-10-31T22:22:56+01:00x",
                          "abcd-10-31T22:22:56Z",
                          "2015/10-31T22:22:56Z",
                          "2015-10/31T22:22:56Z",
                          "2015-10-31X22:22:56Z",
                          "2015-10-31T22-22:56Z",
                          "2015-10-31T22:22-56Z",
                          "2015-10-31T22:22:56+01-00",
                          "2015-10-31T22:22:56+01:60",
                          "2015-10-31T22:22:56.123",
                          "2015-10-31T22:22:56 "})
    BOOST_TEST(!g::is_rfc3339(bad), bad);
}

BOOST_AUTO_TEST_CASE(ijson_date_time) {
  BOOST_TEST(g::is_ijson_date_time("2015-10-31T22:22:56Z"));
  BOOST_TEST(g::is_ijson_date_time("2015-10-31T22:22:56+01:00"));
  BOOST_TEST(!g::is_ijson_date_time("2015-10-31t22:22:56Z"));
  BOOST_TEST(!g::is_ijson_date_time("2015-10-31T22:22:56z"));
  BOOST_TEST(!g::is_ijson_date_time("not a date"));
}

BOOST_AUTO_TEST_CASE(absolute_uri) {
  for (const char* ok :
       {"https://example.com/a/b?c=d#e", "http://user:pw@example.com:8080/x", "http://[::1]/",
        "http://[2001:db8::7]:443/p", "http://[::ffff:192.0.2.1]/", "http://[v1.fe]/",
        "urn:isbn:0451450523", "file:///etc/passwd", "s3://bucket/key%20name", "mailto:a@b.c",
        "HTTPS://EXAMPLE.COM", "http://example.com:/", "x:"})
    BOOST_TEST(g::is_absolute_uri(ok), ok);
  for (const char* bad :
       {"", "value", "/relative/path", "//host/path", "1http://x", "http://exa mple.com/",
        "http://example.com/%zz", "http://example.com/%4", "http://[::1/", "http://[1::2::3]/",
        "http://[12345::]/", "http://host:port/", "http://a/b#c#d", "http://a/<b>",
        "http://\xc3\xa9.com/", "ht tp://x"})
    BOOST_TEST(!g::is_absolute_uri(bad), bad);
}

// RFC 3986 § 3.2.2 host literals and § 3.2.1 userinfo, one production
// at a time: IPv6address with and without "::" and with an IPv4 tail
// (dec-octet: 0-255 without leading zeros), IPvFuture, and a port of digits.
BOOST_AUTO_TEST_CASE(absolute_uri_host_literals) {
  for (const char* ok :
       {"http://[::]/", "http://[1:2:3:4:5:6:7:8]/", "http://[1::]/", "http://[1:2:3:4:5:6:7::]/",
        "http://[::1.2.3.4]/", "http://[1:2:3:4:5:6:1.2.3.4]/", "http://[::ffff:0.0.0.0]/",
        "http://[::255.255.255.255]/", "http://[V1F.a:b!]/", "http://[::1]:/",
        "http://user:pw@[::1]:80/", "http://@host/"})
    BOOST_TEST(g::is_absolute_uri(ok), ok);
  for (const char* bad : {"http://[:1]/",
                          "http://[1:]/",
                          "http://[1:2:3:4:5:6:7]/",
                          "http://[1:2:3:4:5:6:7:8:9]/",
                          "http://[1::2:3:4:5:6:7:8]/",
                          "http://[1:g::]/",
                          "http://[::1.2.3]/",
                          "http://[::1.2.3.4.5]/",
                          "http://[::256.1.1.1]/",
                          "http://[::01.1.1.1]/",
                          "http://[::1234.1.1.1]/",
                          "http://[::1.2.3.4:5]/",
                          "http://[::1.2..4]/",
                          "http://[v.x]/",
                          "http://[vfff]/",
                          "http://[v12.]/",
                          "http://[x1.a]/",
                          "http://[v1.a%]/",
                          "http://[::1]x/",
                          "http://[::1]:8a/",
                          "http://us er@host/",
                          "http://a@b@c/"})
    BOOST_TEST(!g::is_absolute_uri(bad), bad);
}

BOOST_AUTO_TEST_CASE(uri_reference) {
  for (const char* ok : {"https://example.com/", "value", "/relative/path", "//host/path", "",
                         "?q=1", "#frag", "a/b:c", "./x:y"})
    BOOST_TEST(g::is_uri_reference(ok), ok);
  for (const char* bad : {"a:b c", "1a:b", "a b", "%zz", "/x#a#b"})
    BOOST_TEST(!g::is_uri_reference(bad), bad);
  BOOST_TEST(g::uri_scheme("HTTPS://x") == "HTTPS");
  BOOST_TEST(g::uri_scheme("ftp:x") == "ftp");
  BOOST_TEST(g::uri_scheme("/a:b").empty());
  BOOST_TEST(g::uri_scheme("no-colon").empty());
}

BOOST_AUTO_TEST_CASE(base64) {
  BOOST_TEST(g::decode_base64("").value() == "");
  BOOST_TEST(g::decode_base64("e30=").value() == "{}");
  BOOST_TEST(g::decode_base64("aGVsbG8=").value() == "hello");
  BOOST_TEST(g::decode_base64("aGVsbA==").value() == "hell");
  BOOST_TEST(g::decode_base64("aGVs").value() == "hel");
  BOOST_TEST(g::decode_base64("+/+/").value() == "\xfb\xff\xbf");
  for (const char* bad : {"e30", "e3=", "e30==", "====", "a===", "e=0=", "=e30",
                          "aGVs\nbG8=", "aGVs bG8=", "aGVs-_8=", "e30=e30=", "aG=sbG8="})
    BOOST_TEST(!g::decode_base64(bad).has_value(), bad);
  // What messages say about each way of not being base64.
  BOOST_TEST(ocv::encoding::base64_error("e30=") == "");
  BOOST_TEST(ocv::encoding::base64_error("e30") == "it is 3 characters long, not a multiple of 4");
  BOOST_TEST(ocv::encoding::base64_error("aGVs-_8=") ==
             "it has '-' at offset 4, outside the base64 alphabet");
  BOOST_TEST(ocv::encoding::base64_error("e=0=") == "it has '=' padding before the end");
}

BOOST_AUTO_TEST_CASE(ref_name) {
  for (const char* ok : {"v1.0", "latest", "1.0.0-rc.1", "a--b", "example.com/repo:tag", "a/b/c",
                         "a@sha256:abc", "a+b", "A_b"})
    BOOST_TEST(g::is_ref_name(ok), ok);
  for (const char* bad :
       {"", "-a", "a-", "a---b", "a..b", "a/", "/a", "a//b", "a b", "a-.b", "tag!", "a/-b"})
    BOOST_TEST(!g::is_ref_name(bad), bad);
}

BOOST_AUTO_TEST_CASE(long_inputs_do_not_crash) {
  // Hostile documents carry very long strings; every grammar is iterative.
  const std::string long_text(1'000'000, 'a');
  BOOST_TEST(!g::is_media_type(long_text));
  BOOST_TEST(!g::is_rfc3339(long_text));
  BOOST_TEST(g::is_uri_reference(long_text));
  BOOST_TEST(g::is_ref_name(long_text));
  BOOST_TEST(!g::decode_base64(long_text + "a").has_value());
  BOOST_TEST(g::decode_base64(long_text).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
