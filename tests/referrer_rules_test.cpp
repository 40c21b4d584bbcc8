// REF-* rules: what is attached to an image (OCI 1.1 referrers, the
// referrers fallback tag, containerd's subject annotation, cosign's tags and
// `cosign save`, notation signatures, BuildKit attestations) and whether
// each link holds. The producers do not run here: each shape is the
// conformance corpus's base of the same name, built from the producer's
// documented layout (apps/conformance/case_builder.cpp cites each), and
// every rule is shown firing on one planted break and silent on the base.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include "rules/all_rules.hpp"
#include "rules/referrer_payloads.hpp"

#include "apps/conformance/archive_pack.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/corpus_case.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/archive/input.hpp"
#include "validator/engine/validate.hpp"
#include "validator/json/schema_validator.hpp"
#include "validator/model/attachment_kind.hpp"
#include "validator/model/check_context.hpp"

namespace fs = std::filesystem;
using ocv::engine::Finding;
using ocv::engine::Severity;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::has_error;
using ocv::test::TempDir;

namespace {

const std::string kOther = "sha256:" + std::string(64, 'e');

/// The corpus base `base` with `edits`, validated with `enable` turned on.
ocv::engine::ValidateResult run(std::string_view base, std::string_view edits = "[]",
                                std::set<std::string, std::less<>> enable = {}) {
  ocv::engine::ValidateOptions options;
  options.opt_in = std::move(enable);
  return ocv::test::validate_corpus_image(base, edits, options);
}

std::vector<Finding> findings(std::string_view base, std::string_view edits = "[]") {
  return run(base, edits).findings;
}

std::size_t count(const std::vector<Finding>& f, std::string_view rule) {
  return static_cast<std::size_t>(
      std::count_if(f.begin(), f.end(), [&](const Finding& x) { return x.rule_id == rule; }));
}

bool any_ref(const std::vector<Finding>& f) {
  return std::any_of(f.begin(), f.end(), [](const Finding& x) {
    return x.rule_id.starts_with("REF-") && x.severity != Severity::note;
  });
}

/// `rule` fired with `severity`.
bool fired_as(const std::vector<Finding>& f, std::string_view rule, Severity severity) {
  return ocv::test::fired_with(f, rule, severity);
}

std::string set(std::string_view doc, std::string_view pointer, std::string_view value) {
  return fmt::format(R"([{{"doc":"{}","set":"{}","value":{}}}])", doc, pointer, value);
}

std::string drop(std::string_view doc, std::string_view pointer) {
  return fmt::format(R"([{{"doc":"{}","remove":"{}"}}])", doc, pointer);
}

std::string json_string(std::string_view s) { return fmt::format("\"{}\"", s); }

bool fired_with_at(const std::vector<Finding>& f, std::string_view rule, std::string_view text,
                   std::string_view pointer) {
  return ocv::test::note_answer(rule, std::any_of(f.begin(), f.end(), [&](const Finding& x) {
                                  return x.rule_id == rule &&
                                         x.message.find(text) != std::string::npos &&
                                         x.location.pointer == pointer;
                                }));
}

std::string replace(std::string_view doc, std::string_view from, std::string_view with) {
  rapidjson::Document d(rapidjson::kArrayType);
  rapidjson::Value edit(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  edit.AddMember("doc", rapidjson::Value(doc.data(), static_cast<unsigned>(doc.size()), a), a);
  edit.AddMember("replace", rapidjson::Value(from.data(), static_cast<unsigned>(from.size()), a),
                 a);
  edit.AddMember("with", rapidjson::Value(with.data(), static_cast<unsigned>(with.size()), a), a);
  d.PushBack(edit, a);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  d.Accept(w);
  return out.GetString();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(referrer_rules)

// Every documented shape validates without errors and with every link
// holding; the pre-OCI-1.1 shapes of cosign and BuildKit draw ART-002 once
// per manifest and no MAN-014, and their configs' placeholder platform
// values are notes.
BOOST_AUTO_TEST_CASE(documented_shapes_are_valid_and_linked) {
  for (const char* base : {"artifact", "referrers", "buildkit", "cosign", "notation"}) {
    const auto r = run(base);
    BOOST_TEST(!has_error(r.findings), base << ":\n" << dump(r.findings));
    BOOST_TEST(!any_ref(r.findings), base << ":\n" << dump(r.findings));
    BOOST_TEST(!fired(r.findings, "MAN-014"), base << ":\n" << dump(r.findings));
    for (const auto& f : r.findings)
      if (f.rule_id == "PLAT-003" || f.rule_id == "PLAT-004")
        BOOST_TEST((f.severity == Severity::note), base << ":\n" << dump(r.findings));
    BOOST_TEST(!r.summary.attachments.empty(), base);
    for (const auto& a : r.summary.attachments) {
      BOOST_TEST(a.problems.empty(), base << " " << a.kind);
      for (const auto& link : a.links) BOOST_TEST(link.present, base << " " << link.via);
    }
  }
}

BOOST_AUTO_TEST_CASE(what_is_attached_is_summarised_per_kind) {
  const auto cosign = run("cosign");
  BOOST_TEST_REQUIRE(cosign.summary.attachments.size() == 2u);
  BOOST_TEST(cosign.summary.attachments[0].kind == "cosign signature");
  BOOST_TEST(cosign.summary.attachments[0].links[0].via == "cosign tag");
  BOOST_TEST(cosign.summary.attachments[0].image == "1.0");
  BOOST_TEST(cosign.summary.attachments[0].payloads[0].starts_with("signs sha256:"));
  BOOST_TEST(cosign.summary.attachments[1].kind == "cosign attestation");
  BOOST_TEST(cosign.summary.attachments[1].payloads[0] ==
             "predicate https://slsa.dev/provenance/v0.2");
  // ART-002 once per pre-OCI-1.1 manifest, naming its producer's shape.
  BOOST_TEST(count(cosign.findings, "ART-002") == 2u, dump(cosign.findings));
  BOOST_TEST(ocv::test::fired_with(cosign.findings, "ART-002", Severity::warning,
                                   "cosign signature has the shape its producer documents"));

  const auto buildkit = run("buildkit");
  BOOST_TEST_REQUIRE(buildkit.summary.attachments.size() == 1u);
  const auto& a = buildkit.summary.attachments[0];
  BOOST_TEST(a.kind == "BuildKit attestation");
  BOOST_TEST(a.links[0].via == "BuildKit reference");
  BOOST_TEST(a.payloads.size() == 2u);

  const auto notation = run("notation");
  BOOST_TEST_REQUIRE(notation.summary.attachments.size() == 1u);
  BOOST_TEST(notation.summary.attachments[0].kind == "notation signature");
  BOOST_TEST(notation.summary.attachments[0].artifact_type ==
             "application/vnd.cncf.notary.signature");

  // A broken link shows as a problem of the attachment it belongs to.
  const auto broken =
      run("cosign", set("payload", "/critical/image/docker-manifest-digest", json_string(kOther)));
  BOOST_TEST(broken.summary.attachments[0].problems == std::vector<std::string>{"REF-020"});
  BOOST_TEST(broken.summary.attachments[1].problems.empty());
}

BOOST_AUTO_TEST_CASE(an_attachment_shows_its_problems_when_its_findings_are_not_listed) {
  // Both cosign attachments `cosign save`d beside no image: REF-001 on each.
  const std::string edits = R"([{"doc":"index","set":"/manifests/1/annotations",)"
                            R"("value":{"kind":"dev.cosignproject.cosign/sigs"}},)"
                            R"({"doc":"index","set":"/manifests/2/annotations",)"
                            R"("value":{"kind":"dev.cosignproject.cosign/atts"}}])";
  for (const std::size_t limit : {std::size_t{1000}, std::size_t{1}}) {
    ocv::engine::ValidateOptions options;
    options.max_findings_per_rule = limit;  // 1: one REF-001 listed, one more counts the other
    const auto r = ocv::test::validate_corpus_image("cosign", edits, options);
    BOOST_TEST(count(r.findings, "REF-001") == 2u, dump(r.findings));
    BOOST_TEST_REQUIRE(r.summary.attachments.size() == 2u);
    for (const auto& a : r.summary.attachments)
      BOOST_TEST(a.problems == std::vector<std::string>{"REF-001"}, a.kind << " limit " << limit);
  }
}

// Payloads are held like documents, within --max-documents: the BuildKit
// base's two statements (provenance, SBOM) are read after its documents.
BOOST_AUTO_TEST_CASE(payloads_past_the_document_limit_are_not_read) {
  const auto all = run("buildkit");
  BOOST_TEST(!fired(all.findings, "LIMIT-008"), dump(all.findings));
  const auto documents = all.summary.documents - 2;  // oci-layout and index.json are not counted
  ocv::engine::ValidateOptions options;
  options.graph.max_documents = documents + 2;
  const auto both = ocv::test::validate_corpus_image("buildkit", "[]", options);
  BOOST_TEST(!fired(both.findings, "LIMIT-008"), dump(both.findings));
  options.graph.max_documents = documents + 1;
  const auto one = ocv::test::validate_corpus_image("buildkit", "[]", options);
  BOOST_TEST(count(one.findings, "LIMIT-008") == 1u, dump(one.findings));
  BOOST_TEST(ocv::test::message_of(one.findings, "LIMIT-008").find("payload") != std::string::npos,
             dump(one.findings));
  BOOST_TEST(has_error(one.findings));
}

BOOST_AUTO_TEST_CASE(ref_001_subject_absent) {
  const auto f = findings("artifact", set("artifact", "/subject/digest", json_string(kOther)));
  BOOST_TEST(fired_as(f, "REF-001", Severity::warning), dump(f));
  BOOST_TEST(!has_error(f), dump(f));
  BOOST_TEST(!fired(findings("artifact"), "REF-001"));
  // A `cosign save` signature beside no image entry.
  const auto saved = findings("cosign", R"([{"doc":"index","set":"/manifests/1/annotations",)"
                                        R"("value":{"kind":"dev.cosignproject.cosign/sigs"}}])");
  BOOST_TEST(ocv::test::fired_with(saved, "REF-001", Severity::warning, "beside no image"),
             dump(saved));
}

BOOST_AUTO_TEST_CASE(ref_002_is_reported_as_the_descriptor_rules) {
  // The subject descriptor's size disagrees with the subject: DESC-006.
  const auto f = findings("artifact", set("artifact", "/subject/size", "3"));
  BOOST_TEST(fired_as(f, "DESC-006", Severity::error), dump(f));
  BOOST_TEST(ocv::rules::default_registry().reported_as("REF-002").has_value());
  BOOST_TEST(!fired(findings("artifact"), "DESC-006"));
}

BOOST_AUTO_TEST_CASE(ref_003_links_disagree) {
  const auto f =
      findings("artifact", set("index", "/manifests/1/annotations",
                               R"({"io.containerd.manifest.subject":"${artifact.digest}"})"));
  BOOST_TEST(fired_as(f, "REF-003", Severity::error), dump(f));
  const auto agree =
      findings("artifact", set("index", "/manifests/1/annotations",
                               R"({"io.containerd.manifest.subject":"${manifest.digest}"})"));
  BOOST_TEST(!fired(agree, "REF-003"), dump(agree));
  BOOST_TEST(!any_ref(agree), dump(agree));
}

// A referrer linked only by containerd's subject annotation, without a
// subject of its own, listed in a fallback index: the index names a
// manifest whose subject is absent.
BOOST_AUTO_TEST_CASE(ref_004_a_listed_referrer_without_a_subject) {
  const auto f =
      findings("referrers", R"([{"doc":"artifact","remove":"/subject"},)"
                            R"({"doc":"index","set":"/manifests/1/annotations",)"
                            R"("value":{"io.containerd.manifest.subject":"${manifest.digest}"}}])");
  BOOST_TEST(ocv::test::fired_with(f, "REF-004", Severity::error, ", whose subject is absent"),
             dump(f));
  BOOST_TEST(fired_with_at(f, "REF-004", "whose subject is absent", "/manifests/0/digest"),
             dump(f));
}

BOOST_AUTO_TEST_CASE(ref_004_fallback_index_of_another_digest) {
  const auto f = findings("referrers",
                          set("index", "/manifests/2/annotations/org.opencontainers.image.ref.name",
                              json_string("sha256-" + std::string(64, 'c'))));
  BOOST_TEST(fired_as(f, "REF-004", Severity::error), dump(f));
  BOOST_TEST(!fired(findings("referrers"), "REF-004"));
}

BOOST_AUTO_TEST_CASE(ref_005_fallback_index_stale) {
  const auto f =
      findings("referrers", set("referrers-index", "/manifests/0/digest", json_string(kOther)));
  BOOST_TEST(fired_as(f, "REF-005", Severity::warning), dump(f));
  BOOST_TEST(count(f, "REF-005") == 2u, dump(f));  // lists one absent, misses one present
  BOOST_TEST(!fired(findings("referrers"), "REF-005"));
}

BOOST_AUTO_TEST_CASE(ref_010_reference_names_no_sibling) {
  const auto f = findings(
      "buildkit", set("nested-index", "/manifests/1/annotations/vnd.docker.reference.digest",
                      json_string(kOther)));
  BOOST_TEST(fired_as(f, "REF-010", Severity::error), dump(f));
  const auto none = findings(
      "buildkit", drop("nested-index", "/manifests/1/annotations/vnd.docker.reference.digest"));
  BOOST_TEST(ocv::test::fired_with(none, "REF-010", Severity::error, "without"), dump(none));
  BOOST_TEST(!fired(findings("buildkit"), "REF-010"));
}

BOOST_AUTO_TEST_CASE(ref_011_attestation_platform) {
  const auto f = findings("buildkit", set("nested-index", "/manifests/1/platform",
                                          R"({"architecture":"amd64","os":"linux"})"));
  BOOST_TEST(fired_as(f, "REF-011", Severity::warning), dump(f));
  BOOST_TEST(!fired(findings("buildkit"), "REF-011"));
}

BOOST_AUTO_TEST_CASE(ref_012_predicate_annotation) {
  const auto f =
      findings("buildkit", set("attestation", "/layers/1/annotations/in-toto.io~1predicate-type",
                               json_string("https://slsa.dev/provenance/v0.2")));
  BOOST_TEST(fired_as(f, "REF-012", Severity::error), dump(f));
  // The annotation "may be set": without it nothing is reported.
  const auto none = findings("buildkit", drop("attestation", "/layers/1/annotations"));
  BOOST_TEST(!fired(none, "REF-012"), dump(none));
  BOOST_TEST(!fired(findings("buildkit"), "REF-012"));
  BOOST_TEST(!fired(findings("cosign"), "REF-012"));
}

BOOST_AUTO_TEST_CASE(ref_013_statement_about_another_image) {
  const auto other = std::string(64, 'e');
  // BuildKit's document says "should": a warning.
  const auto buildkit =
      findings("buildkit", set("provenance", "/subject/0/digest/sha256", json_string(other)));
  BOOST_TEST(fired_as(buildkit, "REF-013", Severity::warning), dump(buildkit));
  // cosign verify-attestation rejects it: an error.
  const auto cosign =
      findings("cosign", set("statement", "/subject/0/digest/sha256", json_string(other)));
  BOOST_TEST(fired_as(cosign, "REF-013", Severity::error), dump(cosign));
  BOOST_TEST(!fired(findings("buildkit"), "REF-013"));
  BOOST_TEST(!fired(findings("cosign"), "REF-013"));
}

BOOST_AUTO_TEST_CASE(ref_014_statement_shape) {
  const auto f = findings("buildkit", drop("sbom", "/subject"));
  BOOST_TEST(fired_as(f, "REF-014", Severity::error), dump(f));
  const auto type =
      findings("buildkit", set("sbom", "/_type", json_string("https://example.com/x")));
  BOOST_TEST(fired_as(type, "REF-014", Severity::error), dump(type));
  const auto v1 =
      findings("buildkit", set("sbom", "/_type", json_string("https://in-toto.io/Statement/v1")));
  BOOST_TEST(!fired(v1, "REF-014"), dump(v1));
  BOOST_TEST(!fired(findings("buildkit"), "REF-014"));
}

BOOST_AUTO_TEST_CASE(ref_020_payload_signs_another_image) {
  const auto f = findings(
      "cosign", set("payload", "/critical/image/docker-manifest-digest", json_string(kOther)));
  BOOST_TEST(fired_as(f, "REF-020", Severity::error), dump(f));
  BOOST_TEST(!fired(findings("cosign"), "REF-020"));
}

BOOST_AUTO_TEST_CASE(ref_021_signature_annotation) {
  const auto f = findings("cosign", drop("signature", "/layers/0/annotations"));
  BOOST_TEST(fired_as(f, "REF-021", Severity::error), dump(f));
  const auto bad = findings(
      "cosign", set("signature", "/layers/0/annotations/dev.cosignproject.cosign~1signature",
                    json_string("not base64!")));
  BOOST_TEST(fired_as(bad, "REF-021", Severity::error), dump(bad));
  BOOST_TEST(!fired(findings("cosign"), "REF-021"));
}

BOOST_AUTO_TEST_CASE(ref_022_dsse_envelope) {
  const auto f = findings("cosign", drop("envelope", "/signatures"));
  BOOST_TEST(fired_as(f, "REF-022", Severity::error), dump(f));
  const auto type = findings("cosign", set("envelope", "/payloadType", json_string("text/plain")));
  BOOST_TEST(fired_as(type, "REF-022", Severity::error), dump(type));
  BOOST_TEST(!fired(findings("cosign"), "REF-022"));
}

BOOST_AUTO_TEST_CASE(ref_030_notation_envelope) {
  const auto f = findings(
      "notation", set("signature", "/layers/0/mediaType", json_string("application/octet-stream")));
  BOOST_TEST(fired_as(f, "REF-030", Severity::error), dump(f));
  BOOST_TEST(!fired(findings("notation"), "REF-030"));
}

BOOST_AUTO_TEST_CASE(ref_031_notation_subject_and_thumbprints) {
  const auto f = findings(
      "notation", drop("signature", "/annotations/io.cncf.notary.x509chain.thumbprint#S256"));
  BOOST_TEST(fired_as(f, "REF-031", Severity::error), dump(f));
  BOOST_TEST(!fired(findings("notation"), "REF-031"));
}

BOOST_AUTO_TEST_CASE(ref_050_is_opt_in) {
  BOOST_TEST(!fired(findings("buildkit"), "REF-050"));
  const auto on = run("buildkit", "[]", {"REF-050"}).findings;
  BOOST_TEST(fired_as(on, "REF-050", Severity::warning), dump(on));
  BOOST_TEST(!fired(run("cosign", "[]", {"REF-050"}).findings, "REF-050"));
}

// Discovery works on the content graph, so archives (read in place, and
// read once as a stream) find the same attachments and the same breaks.
BOOST_AUTO_TEST_CASE(archives_are_searched_like_directories) {
  for (const char* compression : {"none", "gzip"}) {
    TempDir tmp;
    const auto layout = ocv::test::write_corpus_image(
        tmp.path(), "cosign",
        set("payload", "/critical/image/docker-manifest-digest", json_string(kOther)));
    ocv::conformance::ArchiveSpec spec;
    spec.shape = "oci-archive";
    spec.compression = compression;
    const auto out = tmp.path() / "image.tar";
    ocv::conformance::pack_archive(layout, spec, out);
    const auto opened = ocv::archive::open_input(ocv::archive::parse_input(out.string()));
    ocv::engine::ValidateOptions options;
    options.passed = opened.passed.get();
    const auto r = ocv::engine::validate(*opened.source, out.string(),
                                         ocv::rules::default_registry(), options);
    BOOST_TEST(r.summary.attachments.size() == 2u, compression);
    BOOST_TEST(fired_as(r.findings, "REF-020", Severity::error), compression << "\n"
                                                                             << dump(r.findings));
  }
}

// The text report lists per image what is attached and whether each link
// holds; the JSON report carries the same, valid against its schema.
BOOST_AUTO_TEST_CASE(reports_show_what_is_attached) {
  TempDir tmp;
  ocv::test::write_corpus_image(
      tmp.path(), "cosign",
      set("payload", "/critical/image/docker-manifest-digest", json_string(kOther)));
  const auto text = ocv::test::run_cli_in(tmp.path().string(), {"layout"});
  BOOST_TEST(text.exit_code == 1, text.err);
  BOOST_TEST(
      text.out.find("image 1.0: 1 cosign attestation, 1 cosign signature") != std::string::npos,
      text.out);
  BOOST_TEST(text.out.find("by cosign tag; signs sha256:eeee") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("broken: REF-020") != std::string::npos, text.out);
  BOOST_TEST(
      text.out.find("predicate https://slsa.dev/provenance/v0.2: links hold") != std::string::npos,
      text.out);

  const auto json = ocv::test::run_cli_in(tmp.path().string(), {"--format", "json", "layout"});
  rapidjson::Document doc;
  doc.Parse(json.out.c_str());
  BOOST_TEST_REQUIRE(!doc.HasParseError(), json.out);
  const auto schema =
      ocv::test::read_file(std::string(OCV_SOURCE_DIR) + "/schemas/report-v1.schema.json");
  const auto failures = ocv::json::validate_with_schema_text(schema, doc);
  BOOST_TEST(failures.empty(), json.out);
  BOOST_TEST_REQUIRE(doc["attachments"].Size() == 2u, json.out);
  const auto& signature = doc["attachments"][0];
  BOOST_TEST(signature["kind"].GetString() == std::string("cosign signature"));
  BOOST_TEST(signature["image"].GetString() == std::string("1.0"));
  BOOST_TEST(signature["links"][0]["via"].GetString() == std::string("cosign tag"));
  BOOST_TEST(signature["links"][0]["present"].GetBool());
  BOOST_TEST(!signature["holds"].GetBool());
  BOOST_TEST(signature["problems"][0].GetString() == std::string("REF-020"));
  BOOST_TEST(doc["attachments"][1]["holds"].GetBool());

  // A layout with nothing attached has no attachment section.
  TempDir plain;
  ocv::test::LayoutBuilder(plain.path() / "layout").write_valid_layout();
  const auto none = ocv::test::run_cli_in(plain.path().string(), {"layout"});
  BOOST_TEST(none.out.find("attachments") == std::string::npos, none.out);
}

// The conventions attachment_kind() reads, each on its own: cosign's tag
// scheme (specs/SIGNATURE_SPEC.md: sha256-<hex>.sig/.att/.sbom), `cosign
// save`'s kind annotation, BuildKit's reference type, notation's artifact
// type, and the layer types of a manifest no entry explains.
BOOST_AUTO_TEST_CASE(attachments_are_told_by_tag_annotation_and_content) {
  using namespace ocv::engine;
  const std::string hex(64, 'a');
  const auto tag = parse_attachment_tag("registry.example/app:sha256-" + hex + ".att");
  BOOST_TEST_REQUIRE(tag.has_value());
  BOOST_TEST(tag->digest == "sha256:" + hex);
  BOOST_TEST(tag->kind == kCosignAttestation);
  BOOST_TEST(parse_attachment_tag("sha256-" + hex + ".sig")->kind == kCosignSignature);
  BOOST_TEST(parse_attachment_tag("sha256-" + hex + ".sbom")->kind == kCosignSbom);
  BOOST_TEST(parse_attachment_tag("sha256-" + hex)->kind.empty());  // the referrers fallback tag
  for (const auto& other : {"sha256-" + hex + ".txt", "sha256-" + hex.substr(1),
                            "sha256-" + std::string(64, 'A'), "sha512-" + hex, std::string("1.0")})
    BOOST_TEST(!parse_attachment_tag(other).has_value(), other);

  const auto kind_of = [](const std::string& entry_json, const std::string& manifest_json) {
    rapidjson::Document entry;
    entry.Parse(entry_json.c_str());
    rapidjson::Document manifest;
    manifest.Parse(manifest_json.c_str());
    DescriptorView view;
    view.value = &entry;
    return std::string(attachment_kind(entry_json.empty() ? nullptr : &view, manifest));
  };
  const auto layers = [](std::initializer_list<std::string_view> types,
                         std::string_view config = "application/vnd.oci.image.config.v1+json") {
    std::string out = fmt::format(R"({{"config":{{"mediaType":"{}"}},"layers":[)", config);
    for (const auto t : types) out += fmt::format(R"({{"mediaType":"{}"}},)", t);
    if (types.size() != 0) out.pop_back();
    return out + "]}";
  };
  const auto plain = layers({"application/vnd.oci.image.layer.v1.tar+gzip"});
  // By the entry that leads to the manifest.
  BOOST_TEST(kind_of(R"({"annotations":{"vnd.docker.reference.type":"attestation-manifest"}})",
                     plain) == kBuildKitAttestation);
  BOOST_TEST(kind_of(R"({"annotations":{"kind":"dev.cosignproject.cosign/sigs"}})", plain) ==
             kCosignSignature);
  BOOST_TEST(kind_of(R"({"annotations":{"kind":"dev.cosignproject.cosign/atts"}})", plain) ==
             kCosignAttestation);
  BOOST_TEST(kind_of(fmt::format(R"({{"annotations":{{"org.opencontainers.image.ref.name":)"
                                 R"("sha256-{}.sbom"}}}})",
                                 hex),
                     plain) == kCosignSbom);
  BOOST_TEST(kind_of(R"({"annotations":{"kind":"dev.cosignproject.cosign/image"}})", plain) == "");
  // By the manifest itself.
  BOOST_TEST(kind_of("", R"(["not an object"])") == "");
  BOOST_TEST(kind_of("", plain) == "");
  BOOST_TEST(kind_of("", layers({})) == "");
  BOOST_TEST(kind_of("", R"({"artifactType":"application/vnd.cncf.notary.signature"})") ==
             kNotationSignature);
  BOOST_TEST(kind_of("", layers({"application/vnd.oci.image.layer.v1.tar"},
                                "application/vnd.cncf.notary.signature")) == kNotationSignature);
  BOOST_TEST(kind_of("", layers({"application/vnd.dev.cosign.simplesigning.v1+json"})) ==
             kCosignSignature);
  BOOST_TEST(kind_of("", layers({"application/vnd.dsse.envelope.v1+json"})) == kCosignAttestation);
  BOOST_TEST(kind_of("", layers({"application/vnd.in-toto+json", "application/vnd.in-toto+json"},
                                "application/vnd.docker.attestation.config.v1+json")) ==
             kBuildKitAttestation);
  BOOST_TEST(kind_of("", layers({"application/vnd.in-toto+json"})) == kInTotoAttestation);
  BOOST_TEST(kind_of("", layers({"application/vnd.in-toto+json",
                                 "application/vnd.oci.image.layer.v1.tar"})) == "");
}

// The payload checks' other branches, each on the corpus shape of the
// producer that writes it: BuildKit's attestation index and in-toto
// statements (moby/buildkit docs/attestations/attestation-storage.md,
// in-toto/attestation spec/v1/statement.md), cosign's simple-signing payload
// and DSSE envelope (sigstore/cosign specs/SIGNATURE_SPEC.md,
// specs/ATTESTATION_SPEC.md), notation's signature manifest
// (notaryproject/specifications specs/signature-specification.md).
BOOST_AUTO_TEST_CASE(ref_011_names_a_missing_or_half_unknown_platform) {
  const auto none = findings("buildkit", drop("nested-index", "/manifests/1/platform"));
  BOOST_TEST(fired_with_at(none, "REF-011", "has no platform; BuildKit writes unknown/unknown",
                           "/manifests/1"),
             dump(none));
  // Both fields must be "unknown": an arm64 attestation entry is selectable.
  const auto half = findings(
      "buildkit", set("nested-index", "/manifests/1/platform/architecture", json_string("arm64")));
  BOOST_TEST(
      fired_with_at(half, "REF-011", R"(has platform "unknown"/"arm64")", "/manifests/1/platform"),
      dump(half));
}

BOOST_AUTO_TEST_CASE(ref_014_names_each_broken_part_of_a_statement) {
  const auto not_json = findings("buildkit", replace("sbom", R"("subject":)", R"("subject")"));
  BOOST_TEST(fired_with_at(not_json, "REF-014", "the in-toto statement is not JSON", ""),
             dump(not_json));
  const auto array = findings("buildkit", set("sbom", "", "[1]"));
  BOOST_TEST(fired_with_at(array, "REF-014", "must be a JSON object, found an array", ""),
             dump(array));
  const auto empty = findings("buildkit", set("sbom", "/subject", "[]"));
  BOOST_TEST(
      fired_with_at(empty, "REF-014", "/subject: the statement's subject must be a non-empty array",
                    "/subject"),
      dump(empty));
  // Without a subject nothing says what the statement is about: no REF-013.
  BOOST_TEST(!fired(empty, "REF-013"), dump(empty));
  for (const char* digest : {"{}", "[]", R"({"sha256":1})"}) {
    const auto f = findings("buildkit", set("sbom", "/subject/0/digest", digest));
    BOOST_TEST(fired_with_at(f, "REF-014", "/subject/0: a statement subject needs a digest map",
                             "/subject/0/digest"),
               digest << "\n"
                      << dump(f));
  }
  // A subject without a string digest names no image: REF-013 says so.
  const auto numeric = findings("buildkit", set("sbom", "/subject/0/digest", R"({"sha256":1})"));
  BOOST_TEST(ocv::test::fired_with(numeric, "REF-013", Severity::warning, "is about no digest"),
             dump(numeric));
  const auto no_type = findings("buildkit", drop("sbom", "/predicateType"));
  BOOST_TEST(fired_with_at(no_type, "REF-014", "/predicateType: the statement has no predicateType",
                           "/predicateType"),
             dump(no_type));
}

// In a DSSE envelope the statement is the base64 payload: findings point
// at /payload and name the statement's own pointer in the message.
BOOST_AUTO_TEST_CASE(ref_014_in_an_envelope_points_at_the_payload) {
  const auto no_type = findings("cosign", drop("statement", "/predicateType"));
  BOOST_TEST(
      fired_with_at(no_type, "REF-014",
                    "/payload (statement /predicateType): the statement has no predicateType",
                    "/payload"),
      dump(no_type));
  const auto no_subject = findings("cosign", drop("statement", "/subject"));
  BOOST_TEST(fired_with_at(no_subject, "REF-014", "/payload (statement /subject)", "/payload"),
             dump(no_subject));
  BOOST_TEST(!fired(no_subject, "REF-013"), dump(no_subject));
  const auto type = findings(
      "cosign", set("statement", "/_type", json_string("https://in-toto.io/Statement/v2")));
  BOOST_TEST(
      fired_with_at(type, "REF-014", R"(_type is "https://in-toto.io/Statement/v2")", "/payload"),
      dump(type));
}

BOOST_AUTO_TEST_CASE(ref_012_reads_cosigns_predicate_type_annotation) {
  const auto f = findings("cosign", set("attestation", "/layers/0/annotations/predicateType",
                                        json_string("https://spdx.dev/Document")));
  BOOST_TEST(fired_with_at(f, "REF-012",
                           R"(predicateType annotation is "https://spdx.dev/Document", but the )"
                           R"(statement's predicateType is "https://slsa.dev/provenance/v0.2")",
                           "/layers/0/annotations/predicateType"),
             dump(f));
}

BOOST_AUTO_TEST_CASE(ref_022_names_each_broken_part_of_an_envelope) {
  const auto not_json = findings("cosign", replace("envelope", R"("payload":)", R"("payload")"));
  BOOST_TEST(fired_with_at(not_json, "REF-022", "the DSSE envelope is not JSON", ""),
             dump(not_json));
  const auto array = findings("cosign", set("envelope", "", "[]"));
  BOOST_TEST(fired_with_at(array, "REF-022", "the DSSE envelope must be a JSON object", ""),
             dump(array));
  const auto no_payload = findings("cosign", drop("envelope", "/payload"));
  BOOST_TEST(fired_with_at(no_payload, "REF-022", "the envelope has no payload", "/payload"),
             dump(no_payload));
  const auto not_base64 = findings("cosign", set("envelope", "/payload", json_string("%%%")));
  BOOST_TEST(
      fired_with_at(not_base64, "REF-022", "the envelope's payload is not base64: ", "/payload"),
      dump(not_base64));
  // A payload that cannot be read says nothing of the statement.
  BOOST_TEST(!fired(not_base64, "REF-013"), dump(not_base64));
  BOOST_TEST(!fired(not_base64, "REF-014"), dump(not_base64));
  const auto no_signatures = findings("cosign", set("envelope", "/signatures", "[]"));
  BOOST_TEST(fired_with_at(no_signatures, "REF-022", "the envelope has no signatures array",
                           "/signatures"),
             dump(no_signatures));
}

BOOST_AUTO_TEST_CASE(ref_020_and_ref_021_name_what_a_signature_lacks) {
  const auto array = findings("cosign", set("payload", "", "[]"));
  BOOST_TEST(fired_with_at(array, "REF-020", "the simple-signing payload is not a JSON object", ""),
             dump(array));
  const auto no_image = findings("cosign", drop("payload", "/critical/image"));
  BOOST_TEST(fired_with_at(no_image, "REF-020", "has no critical.image.docker-manifest-digest",
                           "/critical/image"),
             dump(no_image));
  const auto empty = findings(
      "cosign", set("signature", "/layers/0/annotations/dev.cosignproject.cosign~1signature",
                    json_string("")));
  BOOST_TEST(fired_with_at(empty, "REF-021", "is not base64 (it is empty)",
                           "/layers/0/annotations/dev.cosignproject.cosign~1signature"),
             dump(empty));
}

// A statement nested deeper than the parser's limit is a limit finding
// (LIMIT-002), not a broken statement (REF-014).
BOOST_AUTO_TEST_CASE(a_statement_nested_too_deep_is_limit_002) {
  const auto f = findings(
      "buildkit",
      replace("sbom", R"("predicate":)", R"("predicate":${repeat:100:[}1${repeat:100:]},"x":)"));
  BOOST_TEST(fired_with_at(f, "LIMIT-002", "the in-toto statement is not JSON: ", ""), dump(f));
  BOOST_TEST(!fired(f, "REF-014"), dump(f));
}

// A second envelope layer (its size is left wrong: DESC-006 reports that).
BOOST_AUTO_TEST_CASE(ref_030_counts_layers_and_accepts_cose) {
  const auto two =
      findings("notation",
               set("signature", "/layers/1",
                   R"({"mediaType":"application/cose","digest":"${envelope.digest}","size":1})"));
  BOOST_TEST(fired_with_at(two, "REF-030",
                           "exactly one layer, the signature envelope; this one has 2", "/layers"),
             dump(two));
  // application/cose is notation's other envelope type: no finding of its own.
  BOOST_TEST(!fired_with_at(two, "REF-030", "", "/layers/1/mediaType"), dump(two));
}

BOOST_AUTO_TEST_CASE(an_unread_payload_is_named_under_limit_002) {
  // The SBOM statement made larger than the document limit: the payload is
  // not parsed, and LIMIT-002 says which attachment's payload was skipped.
  ocv::engine::ValidateOptions options;
  options.graph.max_document_bytes = 8192;
  const auto r = ocv::test::validate_corpus_image(
      "buildkit", set("sbom", "/predicate/padding", json_string("${repeat:9000:x}")), options);
  BOOST_TEST(ocv::test::fired_with(r.findings, "LIMIT-002", Severity::error,
                                   "the payload of BuildKit attestation sha256:"),
             dump(r.findings));
  BOOST_TEST(ocv::test::fired_with(r.findings, "LIMIT-002", Severity::error,
                                   "was not read: it is larger than the 8192-byte document limit"),
             dump(r.findings));
  BOOST_TEST(!fired(r.findings, "REF-014"), dump(r.findings));
  // The summary says which payload was skipped, and why.
  const auto& attachments = r.summary.attachments;
  BOOST_TEST(std::any_of(attachments.begin(), attachments.end(), [](const auto& a) {
    return std::find(a.payloads.begin(), a.payloads.end(),
                     "payload not read: it is larger than the 8192-byte document limit") !=
           a.payloads.end();
  }));
}

// What the attachment summary says of a payload it cannot describe: one
// that is no JSON object, and an envelope whose statement cannot be read.
BOOST_AUTO_TEST_CASE(the_summary_says_what_a_broken_payload_is) {
  const auto payloads_of = [](const ocv::engine::ValidateResult& r, std::string_view kind) {
    for (const auto& a : r.summary.attachments)
      if (a.kind == kind) return a.payloads;
    return std::vector<std::string>{};
  };
  const auto array = run("cosign", set("payload", "", "[]"));
  BOOST_TEST(payloads_of(array, ocv::engine::kCosignSignature) ==
             std::vector<std::string>{"unreadable payload"});
  const auto envelope = run("cosign", set("envelope", "/payload", json_string("%%%")));
  BOOST_TEST(payloads_of(envelope, ocv::engine::kCosignAttestation) ==
             std::vector<std::string>{"payload application/vnd.dsse.envelope.v1+json"});
  const auto fine = run("cosign");
  BOOST_TEST(payloads_of(fine, ocv::engine::kCosignAttestation) ==
             std::vector<std::string>{"predicate https://slsa.dev/provenance/v0.2"});
  // A simple-signing payload signs a digest only where critical.image holds
  // docker-manifest-digest as a string; otherwise it is named by its type.
  for (const auto& [pointer, value] : std::vector<std::pair<std::string, std::string>>{
           {"/critical", "[]"},
           {"/critical/image", R"("sha256:aa")"},
           {"/critical/image", "{}"},
           {"/critical/image/docker-manifest-digest", "5"},
           {"/critical/image/docker-manifest-digest", R"("")"}}) {
    const auto r = run("cosign", set("payload", pointer, value));
    BOOST_TEST(
        payloads_of(r, ocv::engine::kCosignSignature) ==
            std::vector<std::string>{"payload application/vnd.dev.cosign.simplesigning.v1+json"},
        pointer << " = " << value);
  }
}

// An in-toto statement inside a cosign DSSE envelope (sigstore/cosign
// specs/ATTESTATION_SPEC.md) broken as a bare one is: each finding points
// at the envelope's /payload and names the statement's own part.
BOOST_AUTO_TEST_CASE(ref_014_in_an_envelope_names_each_broken_part) {
  const auto not_json = findings("cosign", replace("statement", R"("subject":)", R"("subject")"));
  BOOST_TEST(fired_with_at(not_json, "REF-014", "the in-toto statement is not JSON: ", "/payload"),
             dump(not_json));
  BOOST_TEST(!fired(not_json, "REF-013"), dump(not_json));
  const std::vector<std::pair<std::string, std::string>> broken = {
      {set("statement", "", "[1]"), "the in-toto statement must be a JSON object, found an array"},
      {set("statement", "/subject", "{}"),
       "/payload (statement /subject): the statement's subject must be a non-empty array"},
      {set("statement", "/subject/0/digest", "[]"),
       "/payload (statement /subject/0): a statement subject needs a digest map of algorithm to "
       "hex value"},
  };
  for (const auto& [edit, text] : broken) {
    const auto f = findings("cosign", edit);
    BOOST_TEST(fired_with_at(f, "REF-014", text, "/payload"), edit << "\n" << dump(f));
  }
  const auto digest = findings("cosign", set("statement", "/subject/0/digest", "[]"));
  // cosign verify-attestation finds no subject digest to match: an error.
  BOOST_TEST(fired_with_at(digest, "REF-013", "is about no digest, but the attestation is attached",
                           "/payload"),
             dump(digest));
  BOOST_TEST(fired_as(digest, "REF-013", Severity::error), dump(digest));
}

// A bare statement's subject that is no array, and a subject entry whose
// digest is no map: REF-014 at the subject, REF-013 finds no digest.
BOOST_AUTO_TEST_CASE(ref_014_a_subject_that_is_no_array) {
  const auto object = findings("buildkit", set("sbom", "/subject", R"({"name":"x"})"));
  BOOST_TEST(
      fired_with_at(object, "REF-014",
                    "/subject: the statement's subject must be a non-empty array", "/subject"),
      dump(object));
  BOOST_TEST(!fired(object, "REF-013"), dump(object));
  const auto list = findings("buildkit", set("sbom", "/subject/0/digest", "[]"));
  BOOST_TEST(fired_with_at(list, "REF-013", "is about no digest", "/subject"), dump(list));
  BOOST_TEST(fired_as(list, "REF-013", Severity::warning), dump(list));
}

// A simple-signing payload without "critical" names no signed image
// (SIGNATURE_SPEC.md: critical.image.docker-manifest-digest is required).
BOOST_AUTO_TEST_CASE(ref_020_a_payload_without_critical) {
  const auto f = findings("cosign", drop("payload", "/critical"));
  BOOST_TEST(count(f, "REF-020") == 1u, dump(f));
  BOOST_TEST(
      fired_with_at(f, "REF-020",
                    "the simple-signing payload has no critical.image.docker-manifest-digest",
                    "/critical/image"),
      dump(f));
}

// notation always writes a subject (signature-specification.md), but a
// signature manifest can still be linked without one, by containerd's
// subject annotation on its index entry: REF-031 says nothing names what
// it signs.
BOOST_AUTO_TEST_CASE(ref_031_a_notation_signature_without_a_subject) {
  const auto f =
      findings("notation", R"([{"doc":"signature","remove":"/subject"},)"
                           R"({"doc":"index","set":"/manifests/1/annotations",)"
                           R"("value":{"io.containerd.manifest.subject":"${manifest.digest}"}}])");
  BOOST_TEST(!fired(f, "REF-030"), dump(f));
  BOOST_TEST(count(f, "REF-031") == 1u, dump(f));
  const auto text = "a notation signature has no subject: nothing says which artifact it signs";
  BOOST_TEST(fired_with_at(f, "REF-031", text, ""), dump(f));
}

// Layers that are no array are the schema's to report: REF-030 counts
// nothing and names no envelope type.
BOOST_AUTO_TEST_CASE(ref_030_is_silent_on_layers_that_are_no_array) {
  const auto f = findings("notation", set("signature", "/layers", "{}"));
  BOOST_TEST(!fired(f, "REF-030"), dump(f));
  BOOST_TEST(!fired(f, "REF-031"), dump(f));
  BOOST_TEST(fired_with_at(f, "MAN-009", "layers must be an array of descriptors, found an object",
                           "/layers"),
             dump(f));
}

// Findings name attachments by a short digest: the algorithm and twelve
// hex digits, or the first 24 characters of a value without an algorithm.
BOOST_AUTO_TEST_CASE(brief_digests_keep_the_algorithm_and_twelve_digits) {
  BOOST_TEST(ocv::rules::brief_digest("sha256:" + std::string(64, 'a')) ==
             "sha256:" + std::string(12, 'a'));
  BOOST_TEST(ocv::rules::brief_digest("md5:abc") == "md5:abc");
  BOOST_TEST(ocv::rules::brief_digest(std::string(30, 'f')) == std::string(24, 'f'));
  BOOST_TEST(ocv::rules::brief_digest("short") == "short");
}

BOOST_AUTO_TEST_SUITE_END()
