// DIG-* rules: digest grammar on descriptors, and blob content against the
// digest that names it.
#include <boost/test/unit_test.hpp>

#include <string>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/harness.hpp"

using ocv::engine::BlobFacts;
using ocv::engine::BlobView;
using ocv::engine::DocKind;
using ocv::engine::FileType;
using ocv::engine::Finding;
using ocv::engine::FindingSink;
using ocv::test::check_document;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::make_doc;

namespace {

const std::string kHex64(64, 'a');
const std::string kHex128(128, 'b');

std::vector<Finding> check_digest(const std::string& digest) {
  return check_document(
      fmt::format(R"({{"mediaType":"application/octet-stream","digest":"{}","size":1}})", digest),
      DocKind::descriptor);
}

const Finding* find(const std::vector<Finding>& f, std::string_view id) {
  for (const auto& x : f)
    if (x.rule_id == id) return &x;
  return nullptr;
}

/// Runs the registered blob checks on one blob referenced by `referrers`
/// descriptors of `doc`.
std::vector<Finding> check_blob(const BlobFacts& facts, const ocv::test::OwnedDoc* doc) {
  BlobView view;
  view.facts = &facts;
  view.blob = facts.path;
  if (doc != nullptr)
    for (const auto& d : doc->descriptors) view.referrers.push_back(&d);
  FindingSink sink(ocv::rules::default_registry());
  for (const auto& check : ocv::rules::default_registry().blob_checks()) check(view, sink);
  return sink.take();
}

const char* const kGrammarRules[] = {"DIG-001", "DIG-002", "DIG-003",
                                     "DIG-004", "DIG-005", "DIG-006"};

}  // namespace

BOOST_AUTO_TEST_SUITE(digest_rules)

BOOST_AUTO_TEST_CASE(sha256_digest_is_silent) {
  const auto f = check_digest("sha256:" + kHex64);
  for (const auto* id : kGrammarRules) BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
}

BOOST_AUTO_TEST_CASE(dig_001_grammar) {
  for (const std::string& bad : std::vector<std::string>{
           "sha256", "sha256:", ":" + kHex64, "SHA256:" + kHex64, "sha256:" + kHex64 + "/",
           "sha256::" + kHex64, "sha256+:" + kHex64, "sha 256:abc", "sha256:ab+c", ""}) {
    const auto f = check_digest(bad);
    BOOST_TEST(fired(f, "DIG-001"), bad << "\n" << dump(f));
    BOOST_TEST(!fired(f, "DIG-002"), bad << "\n" << dump(f));
  }
  // The longest algorithm names the grammar allows (vector manifest/007).
  const auto f = check_digest("sha256+b64u.x_y-z:abc=_-XYZ");
  BOOST_TEST(!fired(f, "DIG-001"), dump(f));
  BOOST_TEST(find(check_digest("sha256"), "DIG-001")->location.pointer == "/digest");
}

BOOST_AUTO_TEST_CASE(dig_002_sha256_form) {
  for (const std::string& bad : std::vector<std::string>{
           "sha256:" + kHex64.substr(1), "sha256:" + kHex64 + "a", "sha256:" + std::string(64, 'A'),
           "sha256:" + std::string(64, 'g')}) {
    const auto f = check_digest(bad);
    BOOST_TEST(fired(f, "DIG-002"), bad << "\n" << dump(f));
  }
  const auto upper = check_digest("sha256:" + std::string(64, 'A'));
  BOOST_TEST(find(upper, "DIG-002")->message.find("upper-case") != std::string::npos, dump(upper));
  // In a nested descriptor too (the official validator checks only stand-alone ones).
  const auto m = check_document(
      fmt::format(
          R"({{"schemaVersion":2,"config":{{"mediaType":"application/vnd.oci.image.config.v1+json",)"
          R"("digest":"sha256:{}","size":2}},"layers":[]}})",
          std::string(64, 'F')),
      DocKind::manifest);
  BOOST_TEST(fired(m, "DIG-002"), dump(m));
  BOOST_TEST(find(m, "DIG-002")->location.pointer == "/config/digest");
}

BOOST_AUTO_TEST_CASE(dig_003_sha512_form) {
  auto f = check_digest("sha512:" + kHex64);
  BOOST_TEST(fired(f, "DIG-003"), dump(f));
  BOOST_TEST(!fired(f, "DIG-002"), dump(f));
  f = check_digest("sha512:" + kHex128);
  BOOST_TEST(!fired(f, "DIG-003"), dump(f));
}

BOOST_AUTO_TEST_CASE(dig_004_blake3_form) {
  auto f = check_digest("blake3:" + kHex128);
  BOOST_TEST(fired(f, "DIG-004"), dump(f));
  f = check_digest("blake3:" + kHex64);
  BOOST_TEST(!fired(f, "DIG-004"), dump(f));
  BOOST_TEST(!fired(f, "DIG-005"), dump(f));  // registered (on the spec's main branch)
}

BOOST_AUTO_TEST_CASE(dig_005_unregistered_algorithm) {
  // sha384 is not registered by OCI: no length check, just a note.
  auto f = check_digest("sha384:abc");
  BOOST_TEST(fired(f, "DIG-005"), dump(f));
  BOOST_TEST(ocv::engine::to_string(find(f, "DIG-005")->severity) == "note");
  BOOST_TEST(find(f, "DIG-005")->message.find("registration") != std::string::npos);
  for (const auto* id : {"DIG-001", "DIG-002", "DIG-003", "DIG-004"})
    BOOST_TEST(!fired(f, id), id << "\n" << dump(f));
  f = check_digest("sha512:" + kHex128);
  BOOST_TEST(!fired(f, "DIG-005"), dump(f));
}

BOOST_AUTO_TEST_CASE(dig_006_non_sha256) {
  auto f = check_digest("sha512:" + kHex128);
  BOOST_TEST(fired(f, "DIG-006"), dump(f));
  BOOST_TEST(ocv::engine::to_string(find(f, "DIG-006")->severity) == "warning");
  f = check_digest("foo:abc");
  BOOST_TEST(fired(f, "DIG-006"), dump(f));
  f = check_digest("sha256:" + kHex64);
  BOOST_TEST(!fired(f, "DIG-006"), dump(f));
}

BOOST_AUTO_TEST_CASE(dig_007_content_matches_digest) {
  const auto doc = make_doc(
      fmt::format(R"({{"schemaVersion":2,"manifests":[{{"mediaType":"application/octet-stream",)"
                  R"("digest":"sha256:{0}","size":3}},{{"mediaType":"application/octet-stream",)"
                  R"("digest":"sha256:{0}","size":3}}]}})",
                  kHex64),
      DocKind::index);
  BlobFacts facts;
  facts.path = "blobs/sha256/" + kHex64;
  facts.algorithm = "sha256";
  facts.encoded = kHex64;
  facts.type = FileType::regular;
  facts.readable = true;
  facts.size = 3;
  facts.actual_encoded = std::string(64, 'c');
  auto f = check_blob(facts, doc.get());
  BOOST_TEST(fired(f, "DIG-007"), dump(f));
  const auto* finding = find(f, "DIG-007");
  BOOST_TEST(finding->location.blob == facts.path);
  // The digest that names the blob is the expected one, the hash of its
  // content the actual one; and both referrers are counted.
  BOOST_TEST(finding->message.find("expected sha256:" + kHex64 +
                                   " (referenced by manifests[0] of ") != std::string::npos,
             finding->message);
  BOOST_TEST(finding->message.find(" and 1 more), content hashes to sha256:" +
                                   std::string(64, 'c')) != std::string::npos,
             finding->message);
  // Once per blob, however many descriptors reference it.
  std::size_t count = 0;
  for (const auto& x : f) count += x.rule_id == "DIG-007" ? 1 : 0;
  BOOST_TEST(count == 1u);

  // The whole digest is compared: content whose hash differs only in its
  // last hex digit does not match either.
  facts.actual_encoded = kHex64.substr(0, 63) + (kHex64.back() == '0' ? "1" : "0");
  BOOST_TEST(fired(check_blob(facts, doc.get()), "DIG-007"));

  // Matching content, unhashed content and unreferenced blobs are silent.
  facts.actual_encoded = kHex64;
  BOOST_TEST(!fired(check_blob(facts, doc.get()), "DIG-007"));
  facts.actual_encoded.reset();
  BOOST_TEST(!fired(check_blob(facts, doc.get()), "DIG-007"));
  facts.actual_encoded = std::string(64, 'c');
  BOOST_TEST(!fired(check_blob(facts, nullptr), "DIG-007"));
  // Content that cannot be read is LYT-016's, whatever a stale hash says.
  facts.type = FileType::fifo;
  facts.readable = false;
  BOOST_TEST(!fired(check_blob(facts, doc.get()), "DIG-007"));
}

BOOST_AUTO_TEST_SUITE_END()
