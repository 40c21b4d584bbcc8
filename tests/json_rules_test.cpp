// JSON-*: serialization rules, run through the full registry on one document.
#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"

using ocv::engine::DocKind;
using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::check_document;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::first;

namespace {

constexpr std::string_view kDigest =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

/// A valid image manifest; `extra` is spliced in after the layers.
std::string manifest(std::string_view extra = "") {
  return std::string(R"({
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.manifest.v1+json",
  "config": {
    "mediaType": "application/vnd.oci.image.config.v1+json",
    "digest": ")") +
         std::string(kDigest) + R"(",
    "size": 2
  },
  "layers": [
    {
      "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
      "digest": ")" +
         std::string(kDigest) + R"(",
      "size": 2
    }
  ])" + std::string(extra) +
         "\n}\n";
}

/// A valid image config; `extra` is spliced in after rootfs.
std::string config(std::string_view extra = "") {
  return std::string(R"({
  "created": "2015-10-31T22:22:56.015925234Z",
  "architecture": "amd64",
  "os": "linux",
  "config": {"Env": ["PATH=/usr/bin"], "Labels": {"a": "b"}},
  "rootfs": {"type": "layers", "diff_ids": [")") +
         std::string(kDigest) + R"("]},
  "history": [{"created": "2015-10-31T22:22:54Z", "created_by": "sh"}])" +
         std::string(extra) + "\n}\n";
}

std::size_t count(const std::vector<Finding>& findings, std::string_view id) {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [&](const Finding& f) { return f.rule_id == id; }));
}

std::string severity(Severity s) { return std::string(ocv::engine::to_string(s)); }

bool any_json_rule(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.rule_id.starts_with("JSON-"); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_rules)

BOOST_AUTO_TEST_CASE(valid_documents_are_silent) {
  for (const auto& [text, kind] : std::vector<std::pair<std::string, DocKind>>{
           {manifest(), DocKind::manifest},
           {config(), DocKind::config},
           {R"({"imageLayoutVersion": "1.0.0"})", DocKind::layout_header},
           {"{}", DocKind::empty},
           {R"({"schemaVersion": 2, "manifests": []})", DocKind::index}}) {
    const auto f = check_document(text, kind);
    BOOST_TEST(!any_json_rule(f), dump(f));
  }
}

// JSON-001
BOOST_AUTO_TEST_CASE(byte_order_mark_fires_json_001) {
  const auto f = check_document("\xEF\xBB\xBF" + manifest(), DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-001"), dump(f));
  BOOST_TEST(severity(first(f, "JSON-001")->severity) == "error");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_fires_json_001) {
  const auto f = check_document(manifest(R"(,
  "annotations": {"org.opencontainers.image.title": "caf)"
                                         "\xE9\"}"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-001"), dump(f));
  const auto* finding = first(f, "JSON-001");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(finding->message.find("0xE9") != std::string::npos, finding->message);
  BOOST_TEST(finding->message.find("line 16") != std::string::npos, finding->message);
}

BOOST_AUTO_TEST_CASE(utf8_text_is_silent_for_json_001) {
  const auto f = check_document(manifest(R"(,
  "annotations": {"org.opencontainers.image.title": "caf)"
                                         "\xC3\xA9 \xE2\x82\xAC\"}"),
                                DocKind::manifest);
  BOOST_TEST(!fired(f, "JSON-001"), dump(f));
  BOOST_TEST(!fired(f, "JSON-004"), dump(f));
}

BOOST_AUTO_TEST_CASE(bom_and_invalid_utf8_are_both_reported) {
  const auto f = check_document("\xEF\xBB\xBF{\"imageLayoutVersion\": \"1.0.0\", \"x\": \"\xFF\"}",
                                DocKind::layout_header);
  BOOST_TEST_REQUIRE(count(f, "JSON-001") == 2u, dump(f));
  const auto* invalid = &*std::find_if(f.begin(), f.end(), [](const Finding& x) {
    return x.rule_id == "JSON-001" && x.location.pointer == "/x";
  });
  BOOST_TEST(invalid->message.find("0xFF") != std::string::npos, invalid->message);
  const auto name =
      check_document("{\"imageLayoutVersion\": \"1.0.0\", \"k\xFF\": 1}", DocKind::layout_header);
  BOOST_TEST_REQUIRE(fired(name, "JSON-001"), dump(name));
  BOOST_TEST(first(name, "JSON-001")->location.pointer == "/k\xFF");
  const auto top = check_document("\xEF\xBB\xBF\"\xFF\"", DocKind::layout_header);
  BOOST_TEST_REQUIRE(count(top, "JSON-001") == 1u, dump(top));
  BOOST_TEST(first(top, "JSON-001")->message.find("byte order mark") != std::string::npos);
  BOOST_TEST(first(top, "JSON-001")->message.find("0xFF") != std::string::npos);
}

// JSON-002
BOOST_AUTO_TEST_CASE(duplicate_names_fire_json_002) {
  const auto f = check_document(
      manifest(",\n  \"annotations\": {\"a\": \"1\"},\n  \"schemaVersion\": 2"), DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-002"), dump(f));
  const auto* finding = first(f, "JSON-002");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(severity(finding->severity) == "error");
  BOOST_TEST(finding->location.pointer == "/schemaVersion");
  BOOST_TEST(finding->message.find("\"schemaVersion\"") != std::string::npos, finding->message);
  BOOST_TEST(finding->message.find("line 2 and line 17") != std::string::npos, finding->message);
}

BOOST_AUTO_TEST_CASE(nested_duplicate_names_fire_json_002) {
  const auto f = check_document(manifest(",\n  \"annotations\": {\"k\": \"1\", \"k\": \"2\"}"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-002"), dump(f));
  BOOST_TEST(first(f, "JSON-002")->location.pointer == "/annotations/k");
}

BOOST_AUTO_TEST_CASE(same_names_in_sibling_objects_are_silent_for_json_002) {
  // config and layers[0] both have mediaType/digest/size: not duplicates.
  const auto f = check_document(manifest(), DocKind::manifest);
  BOOST_TEST(!fired(f, "JSON-002"), dump(f));
}

// JSON-003
BOOST_AUTO_TEST_CASE(wide_integer_fires_json_003) {
  const auto f = check_document(
      R"({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" +
          std::string(kDigest) + R"(", "size": 9223372036854775808}]})",
      DocKind::index);
  BOOST_TEST_REQUIRE(fired(f, "JSON-003"), dump(f));
  const auto* finding = first(f, "JSON-003");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(severity(finding->severity) == "warning");
  BOOST_TEST(finding->location.pointer == "/manifests/0/size");
  BOOST_TEST(finding->message.find("9223372036854775808") != std::string::npos, finding->message);
}

BOOST_AUTO_TEST_CASE(largest_exact_integer_is_silent_for_json_003) {
  const auto f = check_document(R"({"imageLayoutVersion": "1.0.0", "x-size": 9007199254740992})",
                                DocKind::layout_header);
  BOOST_TEST(!fired(f, "JSON-003"), dump(f));
  const auto g = check_document(R"({"imageLayoutVersion": "1.0.0", "x": 9007199254740993})",
                                DocKind::layout_header);
  BOOST_TEST_REQUIRE(fired(g, "JSON-003"), dump(g));
}

BOOST_AUTO_TEST_CASE(number_beyond_double_range_is_json_003) {
  // 1e400 is valid JSON (RFC 8259 leaves the range to implementations):
  // a portability warning, and the rest of the document is still checked.
  const auto f =
      check_document(R"({"imageLayoutVersion": "1.0.0", "x": 1e400})", DocKind::layout_header);
  BOOST_TEST_REQUIRE(fired(f, "JSON-003"), dump(f));
  BOOST_TEST(ocv::test::message_of(f, "JSON-003").find("range of an IEEE 754 double") !=
             std::string::npos);
  BOOST_TEST((ocv::test::severity_of(f, "JSON-003") == Severity::warning));
  const auto g =
      check_document(R"({"imageLayoutVersion": "1.0.0", "x": 1.5e3})", DocKind::layout_header);
  BOOST_TEST(!fired(g, "JSON-003"), dump(g));
}

// A member name from the document is shown escaped and cut in messages: a
// hostile name cannot break or flood a report.
BOOST_AUTO_TEST_CASE(json_002_shows_a_hostile_name_escaped_and_cut) {
  const auto f = check_document(
      R"({"a\"b\\c\u0001\u00e9": 1, "a\"b\\c\u0001\u00e9": 2, "x": {"y": 1, "y": 2}})",
      DocKind::empty);
  BOOST_TEST(dump(f).find(R"(member name "a\"b\\c\x01é" occurs more than once in the top-level )"
                          R"(object (line 1 and line 1))") != std::string::npos,
             dump(f));
  BOOST_TEST(
      dump(f).find(R"(member name "y" occurs more than once in object /x)") != std::string::npos,
      dump(f));
  const std::string long_name(100, 'n');
  const auto g =
      check_document(fmt::format(R"({{"{0}": 1, "{0}": 2}})", long_name), DocKind::empty);
  BOOST_TEST(
      ocv::test::message_of(g, "JSON-002")
              .find("member name \"" + std::string(60, 'n') + "...\" occurs") != std::string::npos,
      dump(g));
}

BOOST_AUTO_TEST_CASE(json_003_cuts_a_long_number) {
  const std::string digits(50, '7');
  const auto f = check_document(R"({"imageLayoutVersion": "1.0.0", "x": )" + digits + "}",
                                DocKind::layout_header);
  BOOST_TEST(ocv::test::message_of(f, "JSON-003").find("number " + digits.substr(0, 37) + "... ") !=
                 std::string::npos,
             dump(f));
}

// JSON-006 walks history entries, Labels and every descriptor's
// annotations, skipping what is not a map.
BOOST_AUTO_TEST_CASE(json_006_finds_date_times_at_any_depth) {
  const auto f = check_document(
      R"({"created": "2015-10-31T22:22:56Z", "architecture": "amd64", "os": "linux",
          "rootfs": {"type": "layers", "diff_ids": []},
          "history": [1, {"created": "2015-10-31T22:22:54z"}],
          "config": {"Labels": ["org.opencontainers.image.created"]}})",
      DocKind::config);
  BOOST_TEST(count(f, "JSON-006") == 1u, dump(f));
  BOOST_TEST(ocv::test::fired_at(f, "JSON-006", "/history/1/created"), dump(f));
  const auto m = check_document(
      R"({"schemaVersion": 2, "annotations": [],
          "layers": [{"x": [{"annotations": {"org.opencontainers.image.created":
                                            "2020-01-01T00:00:00z"}}]}]})",
      DocKind::manifest);
  BOOST_TEST(ocv::test::fired_at(m, "JSON-006",
                                 "/layers/0/x/0/annotations/org.opencontainers.image.created"),
             dump(m));
}

// JSON-004
BOOST_AUTO_TEST_CASE(raw_encoded_surrogate_is_json_001_only) {
  // ED A0 80 encodes U+D800 in UTF-8 form: invalid UTF-8 (RFC 3629), one
  // finding; the \u escape form stays JSON-004.
  const auto f =
      check_document(manifest(",\n  \"annotations\": {\"org.example.note\": \"a\xED\xA0\x80\"}"),
                     DocKind::manifest);
  BOOST_TEST(fired(f, "JSON-001"), dump(f));
  BOOST_TEST(!fired(f, "JSON-004"), dump(f));
  const auto g = check_document(manifest(R"(,
  "annotations": {"org.example.note": "a\uD800"})"),
                                DocKind::manifest);
  BOOST_TEST(fired(g, "JSON-004"), dump(g));
}

BOOST_AUTO_TEST_CASE(noncharacter_fires_json_004) {
  const auto f = check_document(manifest(R"(,
  "annotations": {"org.example.note": "a\uFDD0b"})"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-004"), dump(f));
  const auto* finding = first(f, "JSON-004");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(finding->location.pointer == "/annotations/org.example.note");
  BOOST_TEST(finding->message.find("U+FDD0") != std::string::npos, finding->message);
}

BOOST_AUTO_TEST_CASE(raw_noncharacter_in_a_name_fires_json_004) {
  const auto f = check_document(
      manifest(",\n  \"annotations\": {\"org.example.\xEF\xBF\xBF\": \"x\"}"), DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-004"), dump(f));
  BOOST_TEST(first(f, "JSON-004")->message.find("member name") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lone_low_surrogate_fires_json_004) {
  const auto f = check_document(manifest(R"(,
  "annotations": {"org.example.note": "\uDC00"})"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-004"), dump(f));
  BOOST_TEST(first(f, "JSON-004")->message.find("U+DC00") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lone_high_surrogate_fires_json_004) {
  // RapidJSON cannot parse this at all; JSON-004 still names the cause.
  const auto f = check_document(manifest(R"(,
  "annotations": {"org.example.note": "\uD800"})"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-004"), dump(f));
  BOOST_TEST(first(f, "JSON-004")->message.find("line 16") != std::string::npos,
             first(f, "JSON-004")->message);
}

BOOST_AUTO_TEST_CASE(bad_name_and_bad_value_share_one_json_004_finding) {
  const auto f = check_document(manifest(R"(,
  "annotations": {"org.example.\uFDD1": "\uDFFF"})"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(count(f, "JSON-004") == 1u, dump(f));
  const auto& message = first(f, "JSON-004")->message;
  BOOST_TEST(message.find("member name contains the noncharacter U+FDD1") != std::string::npos,
             message);
  BOOST_TEST(message.find("string contains the lone surrogate U+DFFF") != std::string::npos,
             message);
}

BOOST_AUTO_TEST_CASE(surrogate_pairs_are_silent_for_json_004) {
  const auto f = check_document(manifest(R"(,
  "annotations": {"org.example.note": "\uD83D\uDE00 \uFFFD"})"),
                                DocKind::manifest);
  BOOST_TEST(!fired(f, "JSON-004"), dump(f));
}

// JSON-005: the bytes must be the RFC 8785 form. The rule is opt-in.
std::vector<ocv::engine::Finding> check_canonical(std::string text) {
  return check_document(std::move(text), DocKind::config, false, {"JSON-005"});
}

BOOST_AUTO_TEST_CASE(non_canonical_document_fires_json_005_when_enabled) {
  const auto f = check_canonical(R"({"b": 1, "a": 2})");
  BOOST_TEST(fired(f, "JSON-005"), dump(f));
  BOOST_TEST(dump(f).find(R"(from byte 2 (line 1, column 3) it has "b\": 1, \"a\": 2}" where )"
                          R"(the canonical form has "a\":2,\"b\":1}")") != std::string::npos,
             dump(f));
  // A trailing newline is enough: a canonical document has no whitespace.
  BOOST_TEST(fired(check_canonical("{\"a\":2,\"b\":1}\n"), "JSON-005"));
  // Located at the innermost value holding the first difference.
  const auto number = check_canonical(R"({"a":{"b":[1,2.50]}})");
  BOOST_TEST(dump(number).find("#/a/b/1") != std::string::npos, dump(number));
  // Off by default.
  BOOST_TEST(!fired(check_document(R"({"b": 1, "a": 2})", DocKind::config), "JSON-005"));
}

BOOST_AUTO_TEST_CASE(canonical_document_is_silent_for_json_005) {
  const auto f = check_canonical(R"({"a":[1.5,"\u001f€"],"b":{"x":null,"y":true}})");
  BOOST_TEST(!fired(f, "JSON-005"), dump(f));
}

// Duplicates have no canonical form: JSON-002 alone.
BOOST_AUTO_TEST_CASE(json_005_skips_documents_with_duplicates) {
  const auto f = check_canonical(R"({"a":1,"a":2})");
  BOOST_TEST(fired(f, "JSON-002"), dump(f));
  BOOST_TEST(!fired(f, "JSON-005"), dump(f));
}

BOOST_AUTO_TEST_CASE(json_005_names_the_end_of_the_document) {
  const auto f = check_canonical("{\"a\":2,\"b\":1}\n");
  BOOST_TEST(
      dump(f).find(R"(it has "\x0A" where the canonical form has the end of the document)") !=
          std::string::npos,
      dump(f));
}

// JSON-006
BOOST_AUTO_TEST_CASE(lower_case_date_time_fires_json_006) {
  const auto f = check_document(
      R"({"created": "2015-10-31t22:22:56z", "architecture": "amd64", "os": "linux",
          "rootfs": {"type": "layers", "diff_ids": []},
          "history": [{"created": "2015-10-31T22:22:54z"}],
          "config": {"Labels": {"org.opencontainers.image.created": "2020-01-01t00:00:00Z"}}})",
      DocKind::config);
  BOOST_TEST_REQUIRE(count(f, "JSON-006") == 3u, dump(f));
  BOOST_TEST(severity(first(f, "JSON-006")->severity) == "note");
  const auto m = check_document(manifest(R"(,
  "annotations": {"org.opencontainers.image.created": "2020-01-01t00:00:00Z"})"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(m, "JSON-006"), dump(m));
  BOOST_TEST(first(m, "JSON-006")->location.pointer ==
             "/annotations/org.opencontainers.image.created");
}

BOOST_AUTO_TEST_CASE(created_annotation_in_a_descriptor_fires_json_006) {
  const auto f = check_document(
      R"({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" +
          std::string(kDigest) +
          R"(", "size": 2, "annotations": {"org.opencontainers.image.created": "2020-01-01T00:00:00z"}}]})",
      DocKind::index);
  BOOST_TEST_REQUIRE(fired(f, "JSON-006"), dump(f));
  BOOST_TEST(first(f, "JSON-006")->location.pointer ==
             "/manifests/0/annotations/org.opencontainers.image.created");
}

BOOST_AUTO_TEST_CASE(upper_case_and_invalid_date_times_are_silent_for_json_006) {
  const auto f = check_document(config(), DocKind::config);
  BOOST_TEST(!fired(f, "JSON-006"), dump(f));
  // Not RFC 3339 at all: that is CFG-010's finding, not JSON-006's.
  const auto g = check_document(
      R"({"created": "yesterday", "architecture": "amd64", "os": "linux",
          "rootfs": {"type": "layers", "diff_ids": []}})",
      DocKind::config);
  BOOST_TEST(!fired(g, "JSON-006"), dump(g));
}

// JSON-007
BOOST_AUTO_TEST_CASE(non_object_top_level_fires_json_007) {
  for (const auto& [text, found] :
       std::vector<std::pair<std::string, std::string>>{{"[]", "an array"},
                                                        {"\"x\"", "a string"},
                                                        {"null", "null"},
                                                        {"2", "a number"},
                                                        {"true", "a boolean"},
                                                        {"false", "a boolean"}}) {
    const auto f = check_document(text, DocKind::manifest);
    BOOST_TEST_REQUIRE(fired(f, "JSON-007"), text << ": " << dump(f));
    BOOST_TEST(
        ocv::test::message_of(f, "JSON-007") ==
            "the top-level value of the manifest document must be a JSON object, found " + found,
        text);
  }
  const auto layout = check_document("[]", DocKind::layout_header);
  BOOST_TEST_REQUIRE(fired(layout, "JSON-007"), dump(layout));
  BOOST_TEST(first(layout, "JSON-007")->message.find("an array") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(object_top_level_is_silent_for_json_007) {
  const auto f = check_document("{}", DocKind::empty);
  BOOST_TEST(!fired(f, "JSON-007"), dump(f));
  // An unparsable document is reported by other rules.
  const auto g = check_document("[1,", DocKind::manifest);
  BOOST_TEST(!any_json_rule(g), dump(g));
}

// JSON-008
BOOST_AUTO_TEST_CASE(case_variant_field_fires_json_008_warning) {
  const auto f = check_document(
      R"({"schemaVersion": 2, "MediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "Digest": ")" +
          std::string(kDigest) + R"(", "size": 2}, "layers": []})",
      DocKind::manifest);
  BOOST_TEST_REQUIRE(count(f, "JSON-008") == 2u, dump(f));
  for (const auto& finding : f) {
    if (finding.rule_id != "JSON-008") continue;
    BOOST_TEST(severity(finding.severity) == "warning");
  }
  BOOST_TEST(first(f, "JSON-008")->location.pointer == "/MediaType");
}

BOOST_AUTO_TEST_CASE(case_variant_next_to_the_field_is_an_error) {
  const auto f = check_document(manifest(R"(,
  "Layers": [])"),
                                DocKind::manifest);
  BOOST_TEST_REQUIRE(fired(f, "JSON-008"), dump(f));
  const auto* finding = first(f, "JSON-008");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(severity(finding->severity) == "error");
  BOOST_TEST(finding->location.pointer == "/Layers");
}

BOOST_AUTO_TEST_CASE(case_variants_in_configs_and_platforms_fire_json_008) {
  const auto c = check_document(
      config(R"(, "config": {"env": ["A=1"]}, "RootFS": {"Type": "layers"})"), DocKind::config);
  BOOST_TEST(count(c, "JSON-008") >= 2u, dump(c));
  const auto i = check_document(
      R"({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" +
          std::string(kDigest) +
          R"(", "size": 2, "platform": {"architecture": "amd64", "OS": "linux"}}]})",
      DocKind::index);
  BOOST_TEST_REQUIRE(fired(i, "JSON-008"), dump(i));
  BOOST_TEST(first(i, "JSON-008")->location.pointer == "/manifests/0/platform/OS");
}

BOOST_AUTO_TEST_CASE(kelvin_sign_and_long_s_fold_like_go) {
  // "\u017Fize" is "size" to Go's case-insensitive match.
  const auto f = check_document(
      R"({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" +
          std::string(kDigest) + R"(", "size": 2, "\u017Fize": 3}]})",
      DocKind::index);
  BOOST_TEST_REQUIRE(fired(f, "JSON-008"), dump(f));
  BOOST_TEST(severity(first(f, "JSON-008")->severity) == "error");
}

BOOST_AUTO_TEST_CASE(free_form_maps_and_unknown_members_are_silent_for_json_008) {
  const auto f = check_document(manifest(R"(,
  "annotations": {"MediaType": "x", "Digest": "y"},
  "x-extension": {"MediaType": "z", "Layers": []})"),
                                DocKind::manifest);
  BOOST_TEST(!fired(f, "JSON-008"), dump(f));
  const auto c = check_document(
      R"({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []},
          "config": {"Labels": {"USER": "b"}, "ExposedPorts": {"80/TCP": {"Port": 1}},
                     "Volumes": {"/Data": {}}},
          "container_config": {"Env": [], "env": []}})",
      DocKind::config);
  BOOST_TEST(!fired(c, "JSON-008"), dump(c));
  // Exact spellings of the spec's own fields.
  const auto g = check_document(config(), DocKind::config);
  BOOST_TEST(!fired(g, "JSON-008"), dump(g));
}

BOOST_AUTO_TEST_SUITE_END()
