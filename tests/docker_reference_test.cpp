// The reference grammar ARC-004 checks RepoTags entries with
// (rules/docker_reference.hpp), against the productions of
// distribution/reference's regexp.go (github.com/distribution/reference):
// domainNameComponent, ipv6address, optionalPort, separator, tag.
#include <boost/test/unit_test.hpp>

#include <string>

#include <fmt/format.h>

#include "rules/docker_reference.hpp"

namespace {

using ocv::rules::docker_reference::tagged_reference_error;

/// The reason `text` is refused, or "" when it is accepted.
std::string why(const std::string& text) { return tagged_reference_error(text).value_or(""); }

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_rules)
BOOST_AUTO_TEST_SUITE(docker_reference)

BOOST_AUTO_TEST_CASE(names_docker_load_accepts) {
  for (const char* ok :
       {"busybox:latest", "docker.io/library/busybox:1.36", "localhost/foo:1",
        "localhost:5000/foo/bar:v1", "127.0.0.1:5000/team/app:2",
        // A first component with upper case is a host (splitDockerDomain).
        "Example.COM/foo:tag", "Registry/foo:tag", "a-b.c-d.example/x:t",
        // separator := [._] | __ | -+
        "foo.bar:t", "foo_bar:t", "foo__bar:t", "foo-bar:t", "foo---bar:t", "a0/b1.c2_d3__e4-f5:t",
        // host := ... | \[[a-fA-F0-9:]+\], then an optional port.
        "[::1]/foo:t", "[2001:DB8::1]:5000/foo:t",
        // tag := [\w][\w.-]{0,127}
        "foo:_x", "foo:V1.2-rc_3", "localhost:t"})
    BOOST_TEST(why(ok) == "", ok);
  BOOST_TEST(why("foo:" + std::string(128, 'a')) == "");
  BOOST_TEST(why(std::string(255, 'a') + ":t") == "");
}

BOOST_AUTO_TEST_CASE(a_reference_without_a_tag_or_with_a_digest_is_refused) {
  BOOST_TEST(why("busybox@sha256:" + std::string(64, 'a')) ==
             "a digest reference, where docker load needs NAME:TAG");
  BOOST_TEST(why("busybox:1@sha256:" + std::string(64, 'a')) ==
             "a digest reference, where docker load needs NAME:TAG");
  BOOST_TEST(why("busybox") == "no tag (NAME:TAG)");
  // The port's colon is no tag separator.
  BOOST_TEST(why("localhost:5000/foo") == "no tag (NAME:TAG)");
  BOOST_TEST(why(":t") == "an empty repository name");
  BOOST_TEST(why(std::string(256, 'a') + ":t") ==
             "the repository name is longer than 255 characters");
}

BOOST_AUTO_TEST_CASE(a_tag_outside_the_tag_grammar_is_refused) {
  const std::string tag_rule =
      "the tag must be 1 to 128 of [A-Za-z0-9_.-], not starting with . or -";
  for (const char* bad : {"foo:", "foo:.x", "foo:-x", "foo:a+b", "foo:é"})
    BOOST_TEST(why(bad) == tag_rule, bad);
  BOOST_TEST(why("foo:" + std::string(129, 'a')) == tag_rule);
}

BOOST_AUTO_TEST_CASE(a_path_component_outside_the_grammar_is_named) {
  const auto component = [](const char* part) {
    return fmt::format(
        "\"{}\" is not a valid path component (lowercase letters, digits and separators)", part);
  };
  // A single component is never a host, even with upper case.
  BOOST_TEST(why("Foo:t") == component("Foo"));
  BOOST_TEST(why("foo/Bar:t") == component("Bar"));
  BOOST_TEST(why("-foo:t") == component("-foo"));
  BOOST_TEST(why("foo-:t") == component("foo-"));
  BOOST_TEST(why("foo..bar:t") == component("foo..bar"));
  BOOST_TEST(why("foo___bar:t") == component("foo___bar"));
  BOOST_TEST(why("foo_-bar:t") == component("foo_-bar"));
  BOOST_TEST(why("foo.-bar:t") == component("foo.-bar"));
  BOOST_TEST(why("foo+bar:t") == component("foo+bar"));
  BOOST_TEST(why("foo//bar:t") == component(""));
  BOOST_TEST(why("foo/:t") == component(""));
  // Without ".", ":" or upper case, and not "localhost", the first component
  // is a path component: "_" is allowed there, not in a host.
  BOOST_TEST(why("my_registry/foo:t") == "");
}

BOOST_AUTO_TEST_CASE(a_registry_host_outside_the_grammar_is_named) {
  const auto host = [](const char* part) {
    return fmt::format(
        "\"{}\" is not a valid registry host (lowercase letters, digits and separators)", part);
  };
  BOOST_TEST(why("exa_mple.com/foo:t") == host("exa_mple.com"));
  BOOST_TEST(why("-example.com/foo:t") == host("-example.com"));
  BOOST_TEST(why("example-.com/foo:t") == host("example-.com"));
  BOOST_TEST(why("example..com/foo:t") == host("example..com"));
  BOOST_TEST(why("example.com./foo:t") == host("example.com."));
  BOOST_TEST(why("example.com:/foo:t") == host("example.com:"));
  BOOST_TEST(why("example.com:50a/foo:t") == host("example.com:50a"));
  BOOST_TEST(why(":5000/foo:t") == host(":5000"));
  BOOST_TEST(why("[]:5000/foo:t") == host("[]:5000"));
  // Without ".", ":" or upper case "[]" is no host but a (broken) path component.
  BOOST_TEST(why("[]/foo:t").find("\"[]\" is not a valid path component") == 0u);
  BOOST_TEST(why("[::1/foo:t") == host("[::1"));
  BOOST_TEST(why("[fe80::1%eth0]/foo:t") == host("[fe80::1%eth0]"));
  BOOST_TEST(why("[::g]:5000/foo:t") == host("[::g]:5000"));
  BOOST_TEST(why("[::1]:/foo:t") == host("[::1]:"));
  BOOST_TEST(why("[::1]x/foo:t") == host("[::1]x"));
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
