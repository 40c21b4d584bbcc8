// How the registry source walks what a registry serves and how its
// client speaks to it, answer by answer: the shapes of indexes, manifests
// and referrers lists the walk follows or passes over, the token flow's
// query, Retry-After values it cannot read, access answers in the middle
// of a blob, and the headers libcurl hands over. Debian's docker-registry
// serves the content through a fault-injecting front
// (tests/support/registry_fixture.hpp), or a plain fault server stands in
// for a registry where no content is needed.
#include <strings.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/fault_proxy.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/registry_fixture.hpp"
#include "tests/support/registry_process.hpp"
#include "validator/digest/digest.hpp"
#include "validator/registry/open_registry.hpp"

using ocv::test::artifact_for;
using ocv::test::digest_of;
using ocv::test::dump;
using ocv::test::FaultProxy;
using ocv::test::index_of;
using ocv::test::kIndexType;
using ocv::test::kManifestType;
using ocv::test::listed;
using ocv::test::push_manifest;
using ocv::test::RegistryProcess;
using ocv::test::Served;
using ocv::test::upstream;
using ocv::test::validate;
namespace utf = boost::unit_test;
using Request = ocv::test::FaultServer::Request;
using Response = ocv::test::FaultServer::Response;

namespace {

/// "RULE pointer: message" of every finding, in order.
std::vector<std::string> lines_of(const std::vector<ocv::engine::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings)
    out.push_back(
        fmt::format("{} {} {}: {}", f.rule_id, f.location.blob, f.location.pointer, f.message));
  return out;
}

/// Serves `body` as an OCI index for GET /v2/app/manifests/<tag>.
FaultProxy::Fault serve_index(std::string tag, std::string body) {
  return
      [tag = std::move(tag), body = std::move(body)](const Request& r) -> std::optional<Response> {
        if (r.path != "/v2/app/manifests/" + tag) return std::nullopt;
        Response out;
        out.headers = {{"Content-Type", kIndexType}};
        out.body = body;
        return out;
      };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_wire, *utf::precondition(RegistryProcess::available))

// A referrers-list entry's annotations become the made-up index.json
// entry's, except those that are not strings and the ref.name the source
// sets itself (a second ref.name would be a duplicate key of index.json);
// an empty artifactType is not copied. The list is judged as served.
BOOST_AUTO_TEST_CASE(referrers_entry_annotations_are_copied_only_when_they_are_strings) {
  Served s;
  const auto artifact = artifact_for(s.image.manifest);
  push_manifest(artifact);
  const auto subject = digest_of(s.image.manifest);
  s.registry.set_referrers(
      "app", subject,
      index_of(
          listed(artifact, "application/vnd.example.sbom.v1",
                 R"({"org.opencontainers.image.created":"2024-05-01T00:00:00Z",)"
                 R"("org.opencontainers.image.ref.name":"listed-name","org.example.count":7})")));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(run.findings.empty(), dump(run.findings));
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(artifact)) == 1u);

  s.registry.set_referrers("app", subject, index_of(listed(artifact, "")));
  const auto untyped = validate(s.ref());
  BOOST_TEST_REQUIRE(untyped.validated, untyped.error);
  BOOST_TEST(lines_of(untyped.findings) ==
                 std::vector<std::string>{fmt::format(
                     "REG-005 {}/app referrers of {} /manifests/0/artifactType: the list gives {} "
                     "the artifactType ; the manifest says application/vnd.example.sbom.v1",
                     s.registry.host(), subject, digest_of(artifact))},
             dump(untyped.findings));
}

// The walk through an index: an entry that is not an object is passed
// over, one of another media type is a blob asked about with HEAD (the
// graph judges it), and indexes nested deeper than --max-index-depth (8)
// are not fetched.
BOOST_AUTO_TEST_CASE(index_entries_are_followed_by_their_media_type_and_depth) {
  Served s;
  const std::string extra = R"({"note":"not a manifest"})";
  upstream().push_blob("app", extra);
  const auto image_entry =
      fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}}})", kManifestType,
                  s.image.manifest_digest, s.image.manifest.size());
  const auto shapes = index_of(fmt::format(
      R"(1,{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},{})",
      digest_of(extra), extra.size(), image_entry));
  s.registry.set_fault(serve_index("shapes", shapes));
  const auto run = validate(s.ref("shapes"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(s.registry.server().count("HEAD", s.blob_path(digest_of(extra))) == 1u);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(extra)) == 0u);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + s.image.manifest_digest) ==
             1u);
  // The graph judged what the walk found: the entry that is no
  // descriptor, the config named as an index entry (and read as one).
  const auto index_at = fmt::format("{}/app@{}", s.registry.host(), digest_of(shapes));
  const auto extra_at = fmt::format("{}/app@{}", s.registry.host(), digest_of(extra));
  BOOST_TEST(
      lines_of(run.findings) ==
          (std::vector<std::string>{
              fmt::format("IDX-006 {} /manifests/0: manifests[0] must be a descriptor object, "
                          "found a number",
                          index_at),
              fmt::format("IDX-007 {} /manifests/1/mediaType: manifests[1] references "
                          "\"application/vnd.oci.image.config.v1+json\"; portable indexes "
                          "reference only image manifests ({}) and image indexes ({})",
                          index_at, kManifestType, kIndexType),
              fmt::format("DESC-015 {} /manifests/2: manifests[2] points to an image manifest "
                          "({}) but has no platform; clients cannot select it by platform",
                          index_at, ocv::digest::blob_path_of(s.image.manifest_digest)),
              fmt::format("CFG-001 {} /architecture: the config has no architecture; it is "
                          "required",
                          extra_at),
              fmt::format("CFG-002 {} /os: the config has no os; it is required", extra_at),
              fmt::format("CFG-003 {} /rootfs: the config has no rootfs; it is required",
                          extra_at)}),
      dump(run.findings));
}

// The token request: the realm's own query is kept ('&' joins the
// scope), a service is sent only when the challenge names one, and a
// challenge's scope without ':' (no resource type) leaves the
// repository's pull scope.
BOOST_AUTO_TEST_CASE(the_token_request_keeps_the_realm_s_query_and_the_repository_scope) {
  std::mutex mutex;
  std::string challenge;
  ocv::test::FaultServer server([&](const Request& r) {
    const std::lock_guard lock(mutex);
    Response out;
    if (r.path == "/token") {
      out.body = R"({"token":"t-1"})";
      return out;
    }
    if (r.header("authorization") != "Bearer t-1") {
      out.status = 401;
      out.headers = {{"WWW-Authenticate", challenge}};
      return out;
    }
    out.status = 404;
    return out;
  });
  const auto host = server.host();
  {
    const std::lock_guard lock(mutex);
    challenge = fmt::format(R"(Bearer realm="http://{}/token?client=x",scope="pull")", host);
  }
  const auto run = validate(host + "/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("docker://{0}/app:1.0: 404 Not Found for "
                                      "/v2/app/manifests/1.0: check the tag or digest (skopeo "
                                      "list-tags docker://{0}/app lists the tags)",
                                      host),
             run.error);
  std::vector<std::string> queries;
  for (const auto& r : server.requests())
    if (r.path == "/token") queries.push_back(r.query);
  BOOST_TEST(queries == std::vector<std::string>{"client=x&scope=repository%3Aapp%3Apull"});
}

// A token server nothing answers at: the run ends with where it is.
BOOST_AUTO_TEST_CASE(a_token_server_that_cannot_be_reached_ends_the_run) {
  ocv::test::FaultServer server([](const Request&) {
    Response out;
    out.status = 401;
    out.headers = {{"WWW-Authenticate", R"(Bearer realm="http://127.0.0.1:1/token")"}};
    return out;
  });
  const auto run = validate(server.host() + "/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.starts_with(fmt::format(
                 "docker://{}/app:1.0: cannot connect to http://127.0.0.1:1 (", server.host())),
             run.error);
  BOOST_TEST(run.error.ends_with("): is the registry running there, and is the port right?"),
             run.error);
}

// A Retry-After that is neither seconds nor an HTTP date is no pause the
// registry asked for: the client waits its own growing pause and tries
// again.
BOOST_AUTO_TEST_CASE(an_unreadable_retry_after_is_retried_after_the_client_s_own_pause) {
  Served s;
  Response busy;
  busy.status = 429;
  busy.headers = {{"Retry-After", "soon"}};
  const auto seen = std::make_shared<std::atomic<int>>(0);
  s.registry.set_fault(ocv::test::first_answers("/v2/app/manifests/1.0", busy, 2, seen));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(run.findings.empty(), dump(run.findings));
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/1.0") == 3u);
}

// An access answer to a blob's GET (after its HEAD was answered) ends the
// run: the stream cannot be read, and the message says what to do.
BOOST_AUTO_TEST_CASE(a_blob_get_denied_ends_the_run_with_the_answer) {
  Served s;
  const auto layer = s.image.layer_digest;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!ocv::test::is_blob_get(r, layer)) return std::nullopt;
    Response out;
    out.status = 403;
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("{} denies pulling app anonymously (403 Forbidden for "
                                      "http://{}{}): ask for pull access to the repository",
                                      s.registry.host(), s.registry.host(), s.blob_path(layer)),
             run.error);
}

// Access answers to the referrers lookups end the run as for any
// request: a registry that denies the list would deny the pull too.
BOOST_AUTO_TEST_CASE(referrers_lookups_denied_end_the_run) {
  Served s;
  const auto subject = digest_of(s.image.manifest);
  for (const auto& path :
       {"/v2/app/referrers/" + subject, "/v2/app/manifests/sha256-" + subject.substr(7)}) {
    s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
      if (r.path != path) return std::nullopt;
      Response out;
      out.status = 403;
      return out;
    });
    const auto run = validate(s.ref());
    BOOST_TEST(!run.validated, path);
    BOOST_TEST(run.error == fmt::format("docker://{0}/app:1.0: {0} denies pulling app anonymously "
                                        "(403 Forbidden for http://{0}{1}): ask for pull access "
                                        "to the repository",
                                        s.registry.host(), path),
               run.error);
  }
}

// A registry whose referrers API answered once and then answers 404 for
// another manifest: that manifest's referrers are looked for at its
// fallback tag.
BOOST_AUTO_TEST_CASE(a_referrers_api_that_stops_answering_is_passed_for_the_fallback_tag) {
  Served s;
  const auto image_entry =
      fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}}})", kManifestType,
                  s.image.manifest_digest, s.image.manifest.size());
  const auto index = index_of(image_entry);
  const auto index_digest = digest_of(index);
  s.registry.set_referrers("app", index_digest, index_of(""));
  const auto serve = serve_index("multi", index);
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (auto out = serve(r)) return out;
    if (r.path != "/v2/app/referrers/" + s.image.manifest_digest) return std::nullopt;
    Response out;
    out.status = 404;
    return out;
  });
  const auto run = validate(s.ref("multi"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  // (An index entry without a platform is only a warning.)
  BOOST_TEST(
      lines_of(run.findings) ==
          std::vector<std::string>{fmt::format(
              "DESC-015 {}/app@{} /manifests/0: manifests[0] points to an image manifest "
              "({}) but has no platform; clients cannot select it by platform",
              s.registry.host(), index_digest, ocv::digest::blob_path_of(s.image.manifest_digest))},
      dump(run.findings));
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/referrers/" + index_digest) == 1u);
  BOOST_TEST(s.registry.server().count(
                 "GET", "/v2/app/manifests/sha256-" + s.image.manifest_digest.substr(7)) == 1u);
  BOOST_TEST(
      s.registry.server().count("GET", "/v2/app/manifests/sha256-" + index_digest.substr(7)) == 0u);
  BOOST_TEST(run.notes.empty(), run.notes.front());
}

// What the source says of itself and of the files it makes up.
BOOST_AUTO_TEST_CASE(the_registry_source_makes_up_the_layout_s_own_files) {
  Served s;
  std::vector<std::string> notes;
  ocv::registry::RegistryArgs args;
  const auto source = ocv::registry::open_registry("docker://" + s.ref(), args,
                                                   ocv::registry::RegistryOptions{}, notes);
  using ocv::source::FileType;
  using Status = ocv::source::ReadResult::Status;
  const auto layout = source->read_root_file("oci-layout", 1000);
  BOOST_TEST((layout.status == Status::ok));
  BOOST_TEST(layout.bytes == R"({"imageLayoutVersion":"1.0.0"})");
  BOOST_TEST(!layout.truncated);
  const auto cut = source->read_root_file("index.json", 10);
  BOOST_TEST((cut.status == Status::ok));
  BOOST_TEST(cut.truncated);
  BOOST_TEST(cut.bytes == R"({"schemaVe)");
  BOOST_TEST(cut.file_size > 10u);
  const auto other = source->read_root_file("blobs", 10);
  BOOST_TEST((other.status == Status::missing));
  BOOST_TEST(other.bytes.empty());
  BOOST_TEST(!source->lists_blobs());
  BOOST_TEST(!source->has_layout());
  BOOST_TEST(source->chain_root() == s.ref());
  BOOST_TEST((source->scan_blobs().blobs_dir == FileType::directory));
  BOOST_TEST(source->scan_blobs().blobs.empty());
  BOOST_TEST(source->location_of("referrers/odd") == s.registry.host() + "/app referrers of odd");
  BOOST_TEST(source->location_of("oci-layout").empty());
}

// libcurl hands every header line over; a folded continuation line (RFC
// 9112 §5.2 obs-fold) is passed over, and headers past the 256th are not
// kept: a Docker-Content-Digest there is not seen.
BOOST_AUTO_TEST_CASE(header_lines_that_are_no_header_and_headers_past_256_are_not_read) {
  Served s;
  const auto layer = s.image.layer_digest;
  const std::string wrong = "sha256:" + std::string(64, 'e');
  std::atomic<std::size_t> fillers{0};
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!ocv::test::is_blob_get(r, layer)) return std::nullopt;
    auto out = s.registry.forward(r);
    // A value with a line break and a space makes a folded line.
    std::erase_if(out.headers, [](const auto& h) {
      return strcasecmp(h.first.c_str(), "Docker-Content-Digest") == 0;
    });
    out.headers.emplace_back("X-Folded", "one\r\n two");
    for (std::size_t i = 0; i < fillers; ++i)
      out.headers.emplace_back(fmt::format("X-Filler-{}", i), "x");
    out.headers.emplace_back("Docker-Content-Digest", wrong);
    return out;
  });
  auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(lines_of(run.findings) ==
                 std::vector<std::string>{fmt::format(
                     "REG-002 {}/app@{} : GET {} answered with Docker-Content-Digest {}, but the "
                     "body hashes to {}",
                     s.registry.host(), layer, s.blob_path(layer), wrong, layer)},
             dump(run.findings));
  fillers = 300;
  run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(run.findings.empty(), dump(run.findings));
}

// A header line without a colon is no HTTP: libcurl refuses the answer,
// the client tries again, and the run ends with libcurl's reason.
BOOST_AUTO_TEST_CASE(a_header_line_without_a_colon_ends_the_run_after_the_retries) {
  Served s;
  const auto layer = s.image.layer_digest;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!ocv::test::is_blob_get(r, layer)) return std::nullopt;
    auto out = s.registry.forward(r);
    out.headers.emplace_back("X-Broken", "one\r\nno-colon-here");
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("cannot read http://{}{} (Header without colon)",
                                      s.registry.host(), s.blob_path(layer)),
             run.error);
  BOOST_TEST(s.registry.server().count("GET", s.blob_path(layer)) == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
