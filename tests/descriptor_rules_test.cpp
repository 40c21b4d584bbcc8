// DESC-* rules: descriptor fields, on stand-alone descriptors, index entries
// and manifest descriptors, and against the blobs they name.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include <string>

#include <fmt/format.h>

#include "tests/support/blob_facts.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"

using ocv::engine::BlobFacts;
using ocv::engine::DocKind;
using ocv::engine::FileType;
using ocv::engine::Finding;
using ocv::test::check_document;
using ocv::test::check_edge;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::fired_at;
using ocv::test::first;
using ocv::test::make_doc;
using ocv::test::message_of;
using ocv::test::sha256_blob;

namespace {

const std::string kHexA(64, 'a');
const std::string kHexB(64, 'b');
const std::string kEmptyDigest =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
const std::string kHelloDigest =
    "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

/// A stand-alone descriptor with `members` (JSON members, comma-separated).
std::vector<Finding> check_descriptor(const std::string& members) {
  return check_document("{" + members + "}", DocKind::descriptor);
}

/// A valid layer descriptor's members, with `extra` appended.
std::string layer_members(const std::string& extra = "") {
  return R"("mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)" + kHexA +
         R"(","size":1234)" + extra;
}

std::string manifest(const std::string& config_type, const std::string& extra = "") {
  return fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{{"mediaType":"{}","digest":"sha256:{}","size":7}},)"
      R"("layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",)"
      R"("digest":"sha256:{}","size":1234}}]{}}})",
      config_type, kHexA, kHexB, extra);
}

std::string index_with_entry(const std::string& entry_extra) {
  return fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",)"
                     R"("manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                     R"("digest":"sha256:{}","size":100{}}}]}})",
                     kHexA, entry_extra);
}

BlobFacts regular_blob(std::uint64_t size) { return sha256_blob(kHexA, FileType::regular, size); }

const char* const kAllRules[] = {"DESC-001", "DESC-002", "DESC-003", "DESC-004", "DESC-005",
                                 "DESC-006", "DESC-007", "DESC-008", "DESC-010", "DESC-011",
                                 "DESC-012", "DESC-013", "DESC-014", "DESC-015"};

}  // namespace

BOOST_AUTO_TEST_SUITE(descriptor_rules)

BOOST_AUTO_TEST_CASE(valid_descriptors_are_silent) {
  const auto f = check_descriptor(layer_members(
      R"(,"urls":["https://example.com/layer"],"artifactType":"application/vnd.example+json")"));
  for (const auto* id : kAllRules) BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
  const auto m =
      check_document(manifest("application/vnd.oci.image.config.v1+json"), DocKind::manifest);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(m, id), id << "\n" << dump(m));
  const auto i = check_document(index_with_entry(""), DocKind::index);
  for (const auto* id : kAllRules) BOOST_TEST(!fired(i, id), id << "\n" << dump(i));
}

BOOST_AUTO_TEST_CASE(desc_001_media_type_present) {
  auto f = check_descriptor(R"("digest":"sha256:)" + kHexA + R"(","size":1)");
  BOOST_TEST(fired(f, "DESC-001"), dump(f));
  f = check_descriptor(R"("mediaType":5,"digest":"sha256:)" + kHexA + R"(","size":1)");
  BOOST_TEST(fired(f, "DESC-001"), dump(f));
  BOOST_TEST(first(f, "DESC-001")->location.pointer == "/mediaType");
}

BOOST_AUTO_TEST_CASE(desc_002_media_type_form) {
  for (const char* bad : {"application", "", "application/json; charset=utf-8", "a/b/c"}) {
    const auto f = check_descriptor(
        fmt::format(R"("mediaType":"{}","digest":"sha256:{}","size":1)", bad, kHexA));
    BOOST_TEST(fired(f, "DESC-002"), bad << "\n" << dump(f));
  }
  // In an index entry, where the official item schema is weaker.
  const auto f = check_document(
      fmt::format(R"({{"schemaVersion":2,"manifests":[{{"mediaType":"bad","digest":"sha256:{}",)"
                  R"("size":1}}]}})",
                  kHexA),
      DocKind::index);
  BOOST_TEST(fired(f, "DESC-002"), dump(f));
  BOOST_TEST(first(f, "DESC-002")->location.pointer == "/manifests/0/mediaType");
}

BOOST_AUTO_TEST_CASE(desc_003_digest_present) {
  auto f = check_descriptor(R"("mediaType":"application/octet-stream","size":1)");
  BOOST_TEST(fired(f, "DESC-003"), dump(f));
  f = check_descriptor(R"("mediaType":"application/octet-stream","digest":null,"size":1)");
  BOOST_TEST(fired(f, "DESC-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_004_size_is_int64) {
  const auto with_size = [](const std::string& size) {
    return check_descriptor(R"("mediaType":"application/octet-stream","digest":"sha256:)" + kHexA +
                            R"(")" + (size.empty() ? "" : ",\"size\":" + size));
  };
  for (const char* bad :
       {"", "\"1\"", "1.0", "1e3", "9223372036854775808", "18446744073709551615", "true", "null"}) {
    const auto f = with_size(bad);
    BOOST_TEST(fired(f, "DESC-004"), bad << "\n" << dump(f));
  }
  for (const char* ok : {"0", "1", "9223372036854775807"}) {
    const auto g = with_size(ok);
    BOOST_TEST(!fired(g, "DESC-004"), ok << "\n" << dump(g));
  }
}

// A size that is a number but not an integer within int64 is reported
// once, quoting the number as written (the schema pass leaves it to
// DESC-004's check, which reads the text; the parsed value of 1e3 is
// 1000.0), wherever the descriptor sits.
BOOST_AUTO_TEST_CASE(desc_004_quotes_a_size_that_is_no_int64_as_written) {
  // 2^63 is also JSON-003's (beyond 2^53): only DESC-004 is counted.
  const auto desc_004_count = [](const std::vector<Finding>& f) {
    return static_cast<std::size_t>(std::count_if(
        f.begin(), f.end(), [](const Finding& x) { return x.rule_id == "DESC-004"; }));
  };
  for (const std::string written : {"1e3", "1.0", "9223372036854775808"}) {
    auto f = check_descriptor(R"("mediaType":"application/octet-stream","digest":"sha256:)" +
                              kHexA + R"(","size":)" + written);
    BOOST_TEST(desc_004_count(f) == 1u, written << "\n" << dump(f));
    BOOST_TEST(fired_at(f, "DESC-004", "/size"), written << "\n" << dump(f));
    BOOST_TEST(message_of(f, "DESC-004") ==
                   "descriptor size must be an integer within int64 (no fraction or exponent), "
                   "found " +
                       written,
               dump(f));
    auto m = manifest("application/vnd.oci.image.config.v1+json");
    m.replace(m.find(R"("size":7)"), 8, R"("size":)" + written);
    f = check_document(m, DocKind::manifest);
    BOOST_TEST(desc_004_count(f) == 1u, written << "\n" << dump(f));
    BOOST_TEST(fired_at(f, "DESC-004", "/config/size"), written << "\n" << dump(f));
    BOOST_TEST(message_of(f, "DESC-004") ==
                   "config size must be an integer within int64 (no fraction or exponent), "
                   "found " +
                       written,
               dump(f));
  }
  // A size that is no number at all: the schema's message, once.
  const auto f = check_descriptor(R"("mediaType":"application/octet-stream","digest":"sha256:)" +
                                  kHexA + R"(","size":"1")");
  BOOST_TEST(f.size() == 1u, dump(f));
  BOOST_TEST(fired_at(f, "DESC-004", "/size"), dump(f));
  BOOST_TEST(message_of(f, "DESC-004") == "size must be an integer, found a string \"1\"", dump(f));
}

BOOST_AUTO_TEST_CASE(desc_005_size_not_negative) {
  const auto bad = check_descriptor(R"("mediaType":"application/octet-stream","digest":"sha256:)" +
                                    kHexA + R"(","size":-1)");
  BOOST_TEST(fired(bad, "DESC-005"), dump(bad));
  // The index item schema lets negative sizes through: the code catches them.
  const auto idx = check_document(
      fmt::format(
          R"({{"schemaVersion":2,"manifests":[{{"mediaType":)"
          R"("application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":-5}}]}})",
          kHexA),
      DocKind::index);
  BOOST_TEST(fired(idx, "DESC-005"), dump(idx));
  const auto ok = check_descriptor(R"("mediaType":"application/octet-stream","digest":"sha256:)" +
                                   kHexA + R"(","size":0)");
  BOOST_TEST(!fired(ok, "DESC-005"), dump(ok));
}

BOOST_AUTO_TEST_CASE(desc_006_size_matches_blob) {
  const auto doc =
      make_doc(manifest("application/vnd.oci.image.config.v1+json"), DocKind::manifest);
  // descriptors: 0 = config (size 7), 1 = layers[0] (size 1234)
  auto blob = regular_blob(1200);
  auto f = check_edge(*doc, 1, nullptr, &blob);
  BOOST_TEST(fired(f, "DESC-006"), dump(f));
  const auto* finding = first(f, "DESC-006");
  BOOST_TEST(finding->location.pointer == "/layers/0/size");
  BOOST_TEST(finding->message.find("1234") != std::string::npos);
  BOOST_TEST(finding->message.find("1200") != std::string::npos);

  blob = regular_blob(1234);
  f = check_edge(*doc, 1, nullptr, &blob);
  BOOST_TEST(!fired(f, "DESC-006"), dump(f));
  // A missing blob is LYT-009's, an unreadable one LYT-016's, not a size mismatch.
  blob.type = FileType::fifo;
  blob.readable = false;
  blob.size = 0;
  f = check_edge(*doc, 1, nullptr, &blob);
  BOOST_TEST(!fired(f, "DESC-006"), dump(f));
  blob.type = FileType::missing;
  f = check_edge(*doc, 1, nullptr, &blob);
  BOOST_TEST(!fired(f, "DESC-006"), dump(f));
  f = check_edge(*doc, 1, nullptr, nullptr);
  BOOST_TEST(!fired(f, "DESC-006"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_007_urls_are_uris) {
  auto f = check_descriptor(layer_members(R"(,"urls":["http://exa mple.com/x"])"));
  BOOST_TEST(fired(f, "DESC-007"), dump(f));
  BOOST_TEST(ocv::engine::to_string(first(f, "DESC-007")->severity) == "error");
  BOOST_TEST(first(f, "DESC-007")->location.pointer == "/urls/0");
  f = check_descriptor(layer_members(R"(,"urls":"https://example.com/")"));
  BOOST_TEST(fired(f, "DESC-007"), dump(f));
  f = check_descriptor(layer_members(R"(,"urls":[5])"));
  BOOST_TEST(fired(f, "DESC-007"), dump(f));
  // A relative reference conforms to RFC 3986 but cannot be fetched: warning.
  f = check_descriptor(layer_members(R"(,"urls":["value"])"));
  BOOST_TEST(fired(f, "DESC-007"), dump(f));
  BOOST_TEST(ocv::engine::to_string(first(f, "DESC-007")->severity) == "warning");
  BOOST_TEST(!fired(f, "DESC-008"), dump(f));
  f = check_descriptor(layer_members(R"(,"urls":["https://example.com/a%20b","HTTP://X/"])"));
  BOOST_TEST(!fired(f, "DESC-007"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_008_urls_http) {
  auto f =
      check_descriptor(layer_members(R"(,"urls":["https://example.com/","ftp://example.com/x"])"));
  BOOST_TEST(fired(f, "DESC-008"), dump(f));
  BOOST_TEST(first(f, "DESC-008")->location.pointer == "/urls/1");
  BOOST_TEST(!fired(f, "DESC-007"), dump(f));
  f = check_descriptor(layer_members(R"(,"urls":["http://example.com/","HtTpS://example.com/"])"));
  BOOST_TEST(!fired(f, "DESC-008"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_010_data_base64) {
  const auto empty = [](const std::string& data) {
    return check_descriptor(R"("mediaType":"application/vnd.oci.empty.v1+json","digest":")" +
                            kEmptyDigest + R"(","size":2,"data":)" + data);
  };
  for (const char* bad : {R"("e30")", R"("e3=")", R"("e30=\n")", R"("e-0=")", "5", "null"}) {
    const auto f = empty(bad);
    BOOST_TEST(fired(f, "DESC-010"), bad << "\n" << dump(f));
  }
  const auto f = empty(R"("e30=")");
  BOOST_TEST(!fired(f, "DESC-010"), dump(f));
  BOOST_TEST(!fired(f, "DESC-011"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_011_data_matches_size_and_digest) {
  // "aGVsbG8=" is "hello" (5 bytes).
  auto f = check_descriptor(R"("mediaType":"text/plain","digest":")" + kHelloDigest +
                            R"(","size":6,"data":"aGVsbG8=")");
  BOOST_TEST(fired(f, "DESC-011"), dump(f));
  BOOST_TEST(first(f, "DESC-011")->message.find("5 bytes") != std::string::npos, dump(f));
  f = check_descriptor(R"("mediaType":"text/plain","digest":"sha256:)" + kHexA +
                       R"(","size":5,"data":"aGVsbG8=")");
  BOOST_TEST(fired(f, "DESC-011"), dump(f));
  BOOST_TEST(first(f, "DESC-011")->message.find(kHexA) != std::string::npos, dump(f));
  f = check_descriptor(R"("mediaType":"text/plain","digest":")" + kHelloDigest +
                       R"(","size":5,"data":"aGVsbG8=")");
  BOOST_TEST(!fired(f, "DESC-011"), dump(f));
  // An algorithm that cannot be computed: only the length is checked.
  f = check_descriptor(R"("mediaType":"text/plain","digest":"foo:abc","size":5,"data":"aGVsbG8=")");
  BOOST_TEST(!fired(f, "DESC-011"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_011_data_matches_blob_bytes) {
  const auto doc = make_doc(
      fmt::format(R"({{"schemaVersion":2,"config":{{"mediaType":"application/vnd.example+json",)"
                  R"("digest":"{}","size":5,"data":"aGVsbG8="}},"layers":[]}})",
                  kHelloDigest),
      DocKind::manifest);
  auto blob = regular_blob(5);
  auto f = check_edge(*doc, 0, nullptr, &blob, std::string_view("HELLO"));
  BOOST_TEST(fired(f, "DESC-011"), dump(f));
  BOOST_TEST(first(f, "DESC-011")->location.pointer == "/config/data");
  f = check_edge(*doc, 0, nullptr, &blob, std::string_view("hello"));
  BOOST_TEST(!fired(f, "DESC-011"), dump(f));
  f = check_edge(*doc, 0, nullptr, &blob);  // blob not read: nothing to compare
  BOOST_TEST(!fired(f, "DESC-011"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_012_large_data) {
  const std::string big(5464, 'A');  // 4098 bytes once decoded
  auto f = check_descriptor(R"("mediaType":"text/plain","digest":"sha256:)" + kHexA +
                            R"(","size":4098,"data":")" + big + R"(")");
  BOOST_TEST(fired(f, "DESC-012"), dump(f));
  BOOST_TEST(ocv::engine::to_string(first(f, "DESC-012")->severity) == "note");
  f = check_descriptor(R"("mediaType":"text/plain","digest":")" + kHelloDigest +
                       R"(","size":5,"data":"aGVsbG8=")");
  BOOST_TEST(!fired(f, "DESC-012"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_013_artifact_type_form) {
  auto f = check_descriptor(layer_members(R"(,"artifactType":"sbom")"));
  BOOST_TEST(fired(f, "DESC-013"), dump(f));
  f = check_descriptor(layer_members(R"(,"artifactType":7)"));
  BOOST_TEST(fired(f, "DESC-013"), dump(f));
  // Index entries too (their official item schema has no artifactType).
  f = check_document(index_with_entry(R"(,"artifactType":"x y/z")"), DocKind::index);
  BOOST_TEST(fired(f, "DESC-013"), dump(f));
  f = check_descriptor(layer_members(R"(,"artifactType":"application/vnd.example.sbom.v1+json")"));
  BOOST_TEST(!fired(f, "DESC-013"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_014_artifact_type_matches_target) {
  const auto index =
      make_doc(index_with_entry(R"(,"artifactType":"application/vnd.a+json")"), DocKind::index);
  auto blob = regular_blob(100);
  // The target's artifactType differs.
  auto target = make_doc(
      manifest("application/vnd.oci.empty.v1+json", R"(,"artifactType":"application/vnd.b+json")"),
      DocKind::manifest);
  auto f = check_edge(*index, 0, target.get(), &blob);
  BOOST_TEST(fired_at(f, "DESC-014", "/manifests/0/artifactType"), dump(f));
  BOOST_TEST(message_of(f, "DESC-014").find("artifactType is \"application/vnd.a+json\"") !=
                 std::string::npos,
             dump(f));
  BOOST_TEST(message_of(f, "DESC-014").find("has artifactType \"application/vnd.b+json\"") !=
                 std::string::npos,
             dump(f));
  // No artifactType on the target (or one that is not a string):
  // config.mediaType is the artifact type, and the message says so.
  for (const auto* extra : {"", R"(,"artifactType":7)"}) {
    target = make_doc(manifest("application/vnd.c+json", extra), DocKind::manifest);
    f = check_edge(*index, 0, target.get(), &blob);
    BOOST_TEST(
        message_of(f, "DESC-014")
                .find("has no artifactType and config.mediaType \"application/vnd.c+json\"") !=
            std::string::npos,
        dump(f));
  }
  // Nothing to compare: a target without config.mediaType, a target that is
  // an index, a descriptor without artifactType.
  target = make_doc(
      R"({"schemaVersion":2,"config":{"digest":"sha256:)" + kHexA + R"(","size":7},"layers":[]})",
      DocKind::manifest);
  f = check_edge(*index, 0, target.get(), &blob);
  BOOST_TEST(!fired(f, "DESC-014"), dump(f));
  target = make_doc(index_with_entry(""), DocKind::index);
  f = check_edge(*index, 0, target.get(), &blob);
  BOOST_TEST(!fired(f, "DESC-014"), dump(f));
  const auto plain = make_doc(index_with_entry(""), DocKind::index);
  target = make_doc(manifest("application/vnd.c+json"), DocKind::manifest);
  f = check_edge(*plain, 0, target.get(), &blob);
  BOOST_TEST(!fired(f, "DESC-014"), dump(f));
  target = make_doc(manifest("application/vnd.a+json"), DocKind::manifest);
  f = check_edge(*index, 0, target.get(), &blob);
  BOOST_TEST(!fired(f, "DESC-014"), dump(f));
  target = make_doc(
      manifest("application/vnd.oci.empty.v1+json", R"(,"artifactType":"application/vnd.a+json")"),
      DocKind::manifest);
  f = check_edge(*index, 0, target.get(), &blob);
  BOOST_TEST(!fired(f, "DESC-014"), dump(f));
}

BOOST_AUTO_TEST_CASE(desc_015_platform_on_image_entries) {
  auto blob = regular_blob(100);
  const auto image =
      make_doc(manifest("application/vnd.oci.image.config.v1+json"), DocKind::manifest);
  // A nested index: warning.
  auto index = make_doc(index_with_entry(""), DocKind::index);
  auto f = check_edge(*index, 0, image.get(), &blob);
  BOOST_TEST(fired(f, "DESC-015"), dump(f));
  BOOST_TEST(ocv::engine::to_string(first(f, "DESC-015")->severity) == "warning");
  // index.json: tools often omit platform there, so a note.
  index = make_doc(index_with_entry(""), DocKind::index, true);
  f = check_edge(*index, 0, image.get(), &blob);
  BOOST_TEST(fired(f, "DESC-015"), dump(f));
  BOOST_TEST(ocv::engine::to_string(first(f, "DESC-015")->severity) == "note");
  // With platform, or when the target is an artifact: silent.
  index = make_doc(index_with_entry(R"(,"platform":{"os":"linux","architecture":"amd64"})"),
                   DocKind::index);
  f = check_edge(*index, 0, image.get(), &blob);
  BOOST_TEST(!fired(f, "DESC-015"), dump(f));
  index = make_doc(index_with_entry(""), DocKind::index);
  const auto artifact =
      make_doc(manifest("application/vnd.example.config+json"), DocKind::manifest);
  f = check_edge(*index, 0, artifact.get(), &blob);
  BOOST_TEST(!fired(f, "DESC-015"), dump(f));
}

BOOST_AUTO_TEST_CASE(every_member_of_the_wrong_type_is_reported_where_it_is) {
  // Every member with every JSON type, on every descriptor position: each
  // value the spec does not allow is an error at its own pointer, under
  // its member's rule; the values it allows ("" data, [] urls, {}
  // annotations) are not reported.
  const auto rule_for = [](std::string_view member, std::string_view v) -> std::string {
    if (member == "mediaType") return v == "\"\"" ? "DESC-002" : "DESC-001";
    if (member == "digest") return v == "\"\"" ? "DIG-001" : "DESC-003";
    if (member == "size") return v == "-1" ? "DESC-005" : "DESC-004";
    if (member == "urls") return v == "[]" ? "" : "DESC-007";
    if (member == "data") return v == "\"\"" ? "" : "DESC-010";
    if (member == "artifactType") return "DESC-013";
    if (member == "platform") return "PLAT-001";
    return v == "null" ? "ANN-005" : v == "{}" ? "" : "ANN-001";  // annotations
  };
  const auto where = [](std::string_view member, std::string_view v) -> std::string {
    if (member == "urls" && v == "[null,{}]") return "/urls/0";
    if (member == "platform" && v == "{}") return "/platform/architecture";
    return fmt::format("/{}", member);
  };
  for (const std::string v : {"null", "true", "1.5", "-1", "\"\"", "[]", "{}", "[null,{}]"}) {
    const std::string members =
        fmt::format(R"("mediaType":{0},"digest":{0},"size":{0},"urls":{0},"data":{0},)"
                    R"("artifactType":{0},"platform":{0},"annotations":{0})",
                    v);
    std::vector<Finding> f;
    BOOST_REQUIRE_NO_THROW(f = check_descriptor(members));
    for (const auto* member : {"mediaType", "digest", "size", "urls", "data", "artifactType",
                               "platform", "annotations"}) {
      const auto rule = rule_for(member, v);
      const auto at = where(member, v);
      if (rule.empty()) {
        const bool any = std::any_of(f.begin(), f.end(), [&](const Finding& x) {
          return x.location.pointer.starts_with(at);
        });
        BOOST_TEST(!any, member << " = " << v << "\n" << dump(f));
        continue;
      }
      BOOST_TEST(ocv::test::fired_at(f, rule, at), member << " = " << v << "\n" << dump(f));
      const bool error = std::any_of(f.begin(), f.end(), [&](const Finding& x) {
        return x.rule_id == rule && x.location.pointer == at &&
               x.severity == ocv::engine::Severity::error;
      });
      BOOST_TEST(error, member << " = " << v << " is not an error\n" << dump(f));
    }
    // The same members in a manifest's config, layers and subject.
    BOOST_REQUIRE_NO_THROW(
        f = check_document(
            fmt::format(R"({{"config":{{{0}}},"layers":[{{{0}}}],"subject":{{{0}}}}})", members),
            DocKind::manifest));
    // (A config or layer mediaType that is a string but no media type is
    // the manifest's own rule, MAN-007 or MAN-013.)
    for (const std::string at : {"/config", "/layers/0", "/subject"}) {
      for (const std::string member : {"mediaType", "digest", "size"}) {
        auto rule = rule_for(member, v);
        if (rule == "DESC-002" && at != "/subject") rule = at == "/config" ? "MAN-007" : "MAN-013";
        BOOST_TEST(ocv::test::fired_at(f, rule, at + where(member, v)), at << " " << member << " = "
                                                                           << v << "\n"
                                                                           << dump(f));
      }
    }
  }
  // Not JSON, or not an object: the JSON and schema rules' business, and
  // no descriptor rule runs on it.
  for (const auto& [text, kind] :
       {std::pair{"not json", DocKind::manifest}, std::pair{"[1,2]", DocKind::index}}) {
    std::vector<Finding> f;
    BOOST_REQUIRE_NO_THROW(f = check_document(text, kind));
    BOOST_TEST(ocv::test::has_error(f), text << "\n" << dump(f));
    for (const auto* id : kAllRules)
      BOOST_TEST(!fired(f, id), text << " " << id << "\n" << dump(f));
  }
}

BOOST_AUTO_TEST_SUITE_END()
