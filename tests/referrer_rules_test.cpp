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
#include "rules/all_rules.hpp"

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

BOOST_AUTO_TEST_SUITE_END()
