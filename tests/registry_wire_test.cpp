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
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "tests/support/cli_runner.hpp"
#include "tests/support/fault_proxy.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/registry_fixture.hpp"
#include "tests/support/registry_process.hpp"
#include "validator/digest/digest.hpp"
#include "validator/registry/open_registry.hpp"

using ocv::test::answer_status;
using ocv::test::artifact_for;
using ocv::test::denied_pull_message;
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
namespace fs = std::filesystem;
namespace utf = boost::unit_test;
using Request = ocv::test::FaultServer::Request;
using Response = ocv::test::FaultServer::Response;

namespace {

// Lists every entry of blobs/ (no --max-blob-files bound).
constexpr std::uint64_t kEveryEntry = ~std::uint64_t{0};

// Named rather than a temporary: gcc 12 at -O3 takes the temporary's
// strings for uninitialised once open_registry() is inlined.
const ocv::registry::RegistryOptions kDefaultRegistryOptions{};

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

/// Serves each body of `served` (tag -> body; the tag "index" as an OCI
/// index, any other as an OCI manifest) for GET /v2/app/manifests/<tag>.
/// `served` is read at each request, so tags may be added after.
FaultProxy::Fault serve_manifests(const std::map<std::string, std::string>& served) {
  return [&served](const Request& r) -> std::optional<Response> {
    for (const auto& [tag, body] : served)
      if (r.path == "/v2/app/manifests/" + tag) {
        Response out;
        out.headers = {{"Content-Type", tag == "index" ? kIndexType : kManifestType}};
        out.body = body;
        return out;
      }
    return std::nullopt;
  };
}

/// Digests of the general grammar but not of their algorithm's form, and
/// what DIG-002 or DIG-003 says of each (after "<label> digest \"<d>\": ").
const std::vector<std::pair<std::string, std::string>> kMalformedDigests = {
    {"sha256:nothex", "sha256 needs 64 lowercase hex characters, found 6 characters, not all hex"},
    {"sha256:" + std::string(63, 'a'),
     "sha256 needs 64 lowercase hex characters, found 63 "
     "characters"},
    {"sha256:" + std::string(64, 'A'),
     "sha256 needs 64 lowercase hex characters, found 64 "
     "characters, with upper-case hex"},
    {"sha512:" + std::string(64, 'a'),
     "sha512 needs 128 lowercase hex characters, found 64 "
     "characters"}};

/// The findings the digest rules report for kMalformedDigests[i] at
/// `pointer`, named `label`, in a document at `at`.
std::vector<std::string> malformed_digest_lines(std::size_t i, const std::string& at,
                                                const std::string& pointer,
                                                const std::string& label) {
  const auto& [d, why] = kMalformedDigests[i];
  const bool sha512 = d.starts_with("sha512:");
  std::vector<std::string> out{fmt::format("{} {} {}: {} digest \"{}\": {}",
                                           sha512 ? "DIG-003" : "DIG-002", at, pointer, label, d,
                                           why)};
  if (sha512)
    out.push_back(
        fmt::format("DIG-006 {} {}: {} digest uses sha512; implementations are expected "
                    "to use sha256, and other algorithms may not be supported by every "
                    "tool",
                    at, pointer, label));
  return out;
}

/// The requests the registry received that name `digest`.
std::size_t requests_naming(const Served& s, const std::string& digest) {
  const auto all = s.registry.server().requests();
  return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const Request& r) {
    return r.path.find(digest) != std::string::npos;
  }));
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

// A token server nothing answers at, named with http:// or https://: the
// run ends with where it is.
BOOST_AUTO_TEST_CASE(a_token_server_that_cannot_be_reached_ends_the_run) {
  for (const std::string scheme : {"http", "https"}) {
    ocv::test::FaultServer server([&](const Request&) {
      Response out;
      out.status = 401;
      out.headers = {
          {"WWW-Authenticate", fmt::format(R"(Bearer realm="{}://127.0.0.1:1/token")", scheme)}};
      return out;
    });
    const auto run = validate(server.host() + "/app:1.0");
    BOOST_TEST(!run.validated);
    BOOST_TEST(run.error.starts_with(fmt::format("docker://{}/app:1.0: cannot connect to "
                                                 "{}://127.0.0.1:1 (",
                                                 server.host(), scheme)),
               run.error);
    BOOST_TEST(run.error.ends_with("): is the registry running there, and is the port right?"),
               run.error);
  }
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
  s.registry.set_fault(answer_status(s.blob_path(layer), 403, "GET"));
  const auto run = validate(s.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == denied_pull_message(
                              s.registry.host(),
                              fmt::format("http://{}{}", s.registry.host(), s.blob_path(layer))),
             run.error);
}

// Access answers to the referrers lookups end the run as for any
// request: a registry that denies the list would deny the pull too.
BOOST_AUTO_TEST_CASE(referrers_lookups_denied_end_the_run) {
  Served s;
  const auto subject = digest_of(s.image.manifest);
  for (const auto& path :
       {"/v2/app/referrers/" + subject, "/v2/app/manifests/sha256-" + subject.substr(7)}) {
    s.registry.set_fault(answer_status(path, 403));
    const auto run = validate(s.ref());
    BOOST_TEST(!run.validated, path);
    BOOST_TEST(run.error == fmt::format("docker://{}/app:1.0: {}", s.registry.host(),
                                        denied_pull_message(
                                            s.registry.host(),
                                            fmt::format("http://{}{}", s.registry.host(), path))),
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
  const auto no_list = answer_status("/v2/app/referrers/" + s.image.manifest_digest, 404);
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (auto out = serve(r)) return out;
    return no_list(r);
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
  BOOST_TEST(run.notes.empty(), fmt::format("{}", fmt::join(run.notes, "; ")));
}

// What the source says of itself and of the files it makes up.
BOOST_AUTO_TEST_CASE(the_registry_source_makes_up_the_layout_s_own_files) {
  Served s;
  std::vector<std::string> notes;
  ocv::registry::RegistryArgs args;
  const auto source =
      ocv::registry::open_registry("docker://" + s.ref(), args, kDefaultRegistryOptions, notes);
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
  BOOST_TEST((source->scan_blobs(kEveryEntry).blobs_dir == FileType::directory));
  BOOST_TEST(source->scan_blobs(kEveryEntry).blobs.empty());
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

// Indexes nested deeper than --max-index-depth (8 below the one named)
// are not fetched: the walk stops where the graph stops.
BOOST_AUTO_TEST_CASE(indexes_nested_past_the_depth_bound_are_not_fetched) {
  Served s;
  std::vector<std::string> indexes{
      index_of(fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}}})", kManifestType,
                           s.image.manifest_digest, s.image.manifest.size()))};
  for (int i = 1; i <= 10; ++i)
    indexes.push_back(
        index_of(fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}}})", kIndexType,
                             digest_of(indexes.back()), indexes.back().size())));
  std::map<std::string, std::string> by_path;
  for (const auto& index : indexes) by_path["/v2/app/manifests/" + digest_of(index)] = index;
  by_path["/v2/app/manifests/deep"] = indexes.back();
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    const auto it = by_path.find(r.path);
    if (it == by_path.end()) return std::nullopt;
    Response out;
    out.headers = {{"Content-Type", kIndexType}};
    out.body = it->second;
    return out;
  });
  const auto run = validate(s.ref("deep"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  // indexes[10] is named; [9] to [2] are 1 to 8 below it; [1] is not asked for.
  for (int i = 2; i <= 9; ++i)
    BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(indexes[i])) == 1u,
               i);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(indexes[1])) == 0u);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + s.image.manifest_digest) ==
             0u);
  BOOST_TEST(lines_of(run.findings) ==
                 std::vector<std::string>{fmt::format(
                     "LIMIT-003 {}/app@{} : index nested 9 levels deep; entries below 8 levels "
                     "are not followed, so no blob is reported as unreferenced (LYT-008)",
                     s.registry.host(), digest_of(indexes[2]))},
             dump(run.findings));
}

// A manifest whose config is not an object, or whose layers are not an
// array, names no blob the walk asks about.
BOOST_AUTO_TEST_CASE(a_manifest_without_a_config_object_or_layers_array_names_no_blob) {
  Served s;
  const auto odd =
      fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":"{}","layers":{{}}}})",
                  kManifestType, s.image.config_digest);
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/odd") return std::nullopt;
    Response out;
    out.headers = {{"Content-Type", kManifestType}};
    out.body = odd;
    return out;
  });
  const auto run = validate(s.ref("odd"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(s.registry.server().count("HEAD", "/v2/app/blobs/") == 0u);
  const auto at = fmt::format("{}/app@{}", s.registry.host(), digest_of(odd));
  BOOST_TEST(lines_of(run.findings) ==
                 (std::vector<std::string>{
                     fmt::format("MAN-006 {} /config: config must be a descriptor object, found a "
                                 "string",
                                 at),
                     fmt::format("MAN-009 {} /layers: layers must be an array of descriptors, "
                                 "found an object",
                                 at)}),
             dump(run.findings));
}

// An access answer for a manifest an index names ends the run, as for the
// one the user named.
BOOST_AUTO_TEST_CASE(a_manifest_an_index_names_denied_ends_the_run) {
  Served s;
  const auto index =
      index_of(fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}}})", kManifestType,
                           s.image.manifest_digest, s.image.manifest.size()));
  const auto serve = serve_index("multi", index);
  const auto child = "/v2/app/manifests/" + s.image.manifest_digest;
  const auto deny = answer_status(child, 403);
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (auto out = serve(r)) return out;
    return deny(r);
  });
  const auto run = validate(s.ref("multi"));
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("docker://{}/app:multi: {}", s.registry.host(),
                                      denied_pull_message(
                                          s.registry.host(),
                                          fmt::format("http://{}{}", s.registry.host(), child))),
             run.error);
}

// A challenge the client cannot answer: Bearer without a realm, or Basic
// with credentials that have no password.
BOOST_AUTO_TEST_CASE(challenges_that_cannot_be_answered_end_the_run) {
  std::mutex mutex;
  std::string challenge;
  ocv::test::FaultServer server([&](const Request&) {
    const std::lock_guard lock(mutex);
    Response out;
    out.status = 401;
    out.headers = {{"WWW-Authenticate", challenge}};
    return out;
  });
  const auto host = server.host();
  const auto set = [&](std::string to) {
    const std::lock_guard lock(mutex);
    challenge = std::move(to);
  };
  set(R"(Bearer service="s",scope="repository:app:pull")");
  auto run = validate(host + "/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error ==
                 fmt::format("docker://{0}/app:1.0: {0} requires authentication (401 Unauthorized "
                             "for http://{0}/v2/): log in with skopeo login, podman login or "
                             "docker login, or give --creds USER:PASSWORD",
                             host),
             run.error);
  set(R"(Basic realm="r")");
  ocv::registry::RegistryArgs args;
  args.creds = "user:";
  run = validate(host + "/app:1.0", args);
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("docker://{0}/app:1.0: {0} refused the credentials from "
                                      "--creds (401 Unauthorized for http://{0}/v2/): check the "
                                      "username and password",
                                      host),
             run.error);
  BOOST_TEST(server.count("GET", "/v2/app/") == 0u);
}

// --plain-http speaks http:// from the first request; --tls-verify=false
// reads Debian's registry over TLS without its CA.
BOOST_AUTO_TEST_CASE(plain_http_and_tls_without_verification) {
  Served s;
  ocv::registry::RegistryArgs plain;
  plain.plain_http = true;
  const auto run = validate(s.ref(), plain);
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(run.findings.empty(), dump(run.findings));
  ocv::registry::RegistryArgs unverified;
  unverified.tls_verify = false;
  unverified.creds = upstream().creds();
  const auto tls = validate(upstream().host() + "/app:1.0", unverified);
  BOOST_TEST_REQUIRE(tls.validated, tls.error);
  BOOST_TEST(tls.findings.empty(), dump(tls.findings));
  // Verified, without the CA: the certificate is not trusted.
  ocv::registry::RegistryArgs verified;
  verified.creds = upstream().creds();
  const auto refused = validate(upstream().host() + "/app:1.0", verified);
  BOOST_TEST(!refused.validated);
  BOOST_TEST(
      refused.error.find("the TLS certificate of 127.0.0.1 is not trusted (") != std::string::npos,
      refused.error);
}

// A manifest's bytes go to the graph once; read again, it is fetched
// again from the manifests endpoint, and streamed from there when opened;
// an answer that is not the manifest is an error of the read.
BOOST_AUTO_TEST_CASE(a_manifest_read_again_is_fetched_again) {
  Served s;
  std::vector<std::string> notes;
  const auto source = ocv::registry::open_registry(
      "docker://" + s.ref(), ocv::registry::RegistryArgs{}, kDefaultRegistryOptions, notes);
  using Status = ocv::source::ReadResult::Status;
  const auto path = "/v2/app/manifests/" + s.image.manifest_digest;
  const auto encoded = s.image.manifest_digest.substr(7);
  const auto first = source->read_blob("sha256", encoded, 1u << 20);
  BOOST_TEST((first.status == Status::ok));
  BOOST_TEST(first.bytes == s.image.manifest);
  BOOST_TEST(s.registry.server().count("GET", path) == 0u);
  const auto again = source->read_blob("sha256", encoded, 1u << 20);
  BOOST_TEST((again.status == Status::ok));
  BOOST_TEST(again.bytes == s.image.manifest);
  BOOST_TEST(s.registry.server().count("GET", path) == 1u);
  std::string why;
  auto stream = source->open_blob("sha256", encoded, why);
  BOOST_TEST_REQUIRE(stream != nullptr, why);
  std::string streamed(s.image.manifest.size() + 10, '\0');
  const auto n = stream->read(streamed.data(), streamed.size());
  BOOST_TEST(n == static_cast<long>(s.image.manifest.size()));
  BOOST_TEST(streamed.substr(0, s.image.manifest.size()) == s.image.manifest);
  BOOST_TEST(stream->read(streamed.data(), streamed.size()) == 0);
  BOOST_TEST(s.registry.server().count("GET", path) == 2u);
  s.registry.set_fault(answer_status(path, 410));
  const auto gone = source->read_blob("sha256", encoded, 1u << 20);
  BOOST_TEST((gone.status == Status::io_error));
  BOOST_TEST(gone.error == s.registry.host() + " answered HTTP status 410");
}

// How a manifest is listed in the made-up index.json when nothing says
// its type: by its own mediaType, else the Content-Type it came with
// (parameters and blanks dropped), else its shape (manifests: an index),
// else as an image manifest. A body that is not JSON is judged as served.
BOOST_AUTO_TEST_CASE(a_manifest_is_listed_by_what_says_its_type) {
  Served s;
  std::map<std::string, std::pair<std::string, std::string>> served;  // tag -> type, body
  std::mutex mutex;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    const std::lock_guard lock(mutex);
    const auto it = served.find(r.path.substr(r.path.rfind('/') + 1));
    if (it == served.end()) return std::nullopt;
    Response out;
    out.headers = {{"Content-Type", it->second.first}};
    out.body = it->second.second;
    return out;
  });
  const std::string shaped_index = R"({"schemaVersion":2,"manifests":[]})";
  {
    const std::lock_guard lock(mutex);
    served["not-json"] = {"text/plain", "not json"};
    served["shaped"] = {"application/json", shaped_index};
    served["typed"] = {std::string(kIndexType) + " ; charset=utf-8", shaped_index};
  }
  const auto at = [&](const std::string& body) {
    return fmt::format("{}/app@{}", s.registry.host(), digest_of(body));
  };
  // Neither its own type nor the one served says: an image manifest.
  const auto not_json = validate(s.ref("not-json"));
  BOOST_TEST_REQUIRE(not_json.validated, not_json.error);
  BOOST_TEST(lines_of(not_json.findings) ==
                 std::vector<std::string>{fmt::format(
                     "MT-002 {} : not a valid manifest document: the JSON does not parse: invalid "
                     "value at line 1, column 2 (byte offset 1)",
                     at("not json"))},
             dump(not_json.findings));
  // Served as JSON, holding manifests: an index, as when served as one.
  const auto index_finding = std::vector<std::string>{
      fmt::format("IDX-002 {} /mediaType: the index has no mediaType; expected \"{}\"",
                  at(shaped_index), kIndexType)};
  for (const auto* tag : {"shaped", "typed"}) {
    const auto run = validate(s.ref(tag));
    BOOST_TEST_REQUIRE(run.validated, run.error);
    BOOST_TEST(lines_of(run.findings) == index_finding, tag << dump(run.findings));
  }
}

// A referrers-list entry without a manifest media type is listed by the
// referrer's own; annotations that are not an object are not copied.
// Without --referrers, no list is asked for at all.
BOOST_AUTO_TEST_CASE(referrers_entries_without_a_type_and_runs_without_referrers) {
  Served s;
  const auto artifact = artifact_for(s.image.manifest);
  push_manifest(artifact);
  const auto subject = digest_of(s.image.manifest);
  s.registry.set_referrers(
      "app", subject,
      index_of(fmt::format(R"({{"digest":"{}","size":{},"artifactType":"{}","annotations":"x"}})",
                           digest_of(artifact), artifact.size(),
                           "application/vnd.example.sbom.v1")));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(lines_of(run.findings) ==
                 std::vector<std::string>{fmt::format(
                     "REG-005 {}/app referrers of {} /manifests/0/annotations: the list does not "
                     "carry the annotation org.opencontainers.image.created of {}",
                     s.registry.host(), subject, digest_of(artifact))},
             dump(run.findings));
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(artifact)) == 1u);
  ocv::registry::RegistryArgs args;
  args.referrers = false;
  const auto before = s.registry.server().count("GET", "/v2/app/referrers/");
  const auto without = validate(s.ref(), args);
  BOOST_TEST_REQUIRE(without.validated, without.error);
  BOOST_TEST(without.findings.empty(), dump(without.findings));
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/referrers/") == before);
}

// An index that names a manifest twice, by a digest that is no digest,
// with a platform, or a manifest's digest again as another kind of
// content: each manifest is fetched once, the blob named as a manifest is
// not asked about again, and the walk goes on.
BOOST_AUTO_TEST_CASE(index_entries_named_twice_or_without_a_digest_are_fetched_once) {
  Served s;
  const auto entry = fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{},)"
                                 R"("platform":{{"architecture":"amd64","os":"linux"}}}})",
                                 kManifestType, s.image.manifest_digest, s.image.manifest.size());
  const auto index = index_of(fmt::format(
      R"({0},{0},{{"mediaType":"{1}","digest":"nope","size":1}},)"
      R"({{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{2}","size":{3}}},)"
      R"({{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"nope","size":1}})",
      entry, kManifestType, s.image.manifest_digest, s.image.manifest.size()));
  s.registry.set_fault(serve_index("twice", index));
  const auto run = validate(s.ref("twice"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + s.image.manifest_digest) ==
             1u);
  BOOST_TEST(s.registry.server().count("HEAD", s.blob_path(s.image.manifest_digest)) == 0u);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/nope") == 0u);
  BOOST_TEST(s.registry.server().count("HEAD", "/v2/app/blobs/nope") == 0u);
  const auto at = fmt::format("{}/app@{}", s.registry.host(), digest_of(index));
  const auto no_digest = [&](int i) {
    return fmt::format(
        "DIG-001 {} /manifests/{}/digest: manifests[{}].digest must be a digest "
        "string (algorithm:encoded), found a string \"nope\"",
        at, i, i);
  };
  const auto layer_type = [&](int i) {
    return fmt::format(
        "IDX-007 {} /manifests/{}/mediaType: manifests[{}] references "
        "\"application/vnd.oci.image.layer.v1.tar\"; portable indexes reference "
        "only image manifests ({}) and image indexes ({})",
        at, i, i, kManifestType, kIndexType);
  };
  BOOST_TEST(lines_of(run.findings) == (std::vector<std::string>{no_digest(2), layer_type(3),
                                                                 no_digest(4), layer_type(4)}),
             dump(run.findings));
}

// An error body that comes with a retried answer to a blob's GET is read
// (for the message) and the blob fetched again.
BOOST_AUTO_TEST_CASE(a_blob_answered_busy_with_an_error_body_is_fetched_again) {
  Served s;
  const auto layer = s.image.layer_digest;
  Response busy;
  busy.status = 503;
  busy.headers = {{"Content-Type", "application/json"}};
  busy.body = R"({"errors":[{"code":"UNAVAILABLE","message":"try later"}]})";
  std::atomic<int> gets{0};
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!ocv::test::is_blob_get(r, layer) || gets++ > 0) return std::nullopt;
    return busy;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(run.findings.empty(), dump(run.findings));
  BOOST_TEST(s.registry.server().count("GET", s.blob_path(layer)) == 2u);
}

// A redirect to a Location that is no http(s) URL is not followed.
BOOST_AUTO_TEST_CASE(a_redirect_to_another_scheme_ends_the_run) {
  Served s;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/1.0") return std::nullopt;
    Response out;
    out.status = 302;
    out.headers = {{"Location", "ftp://127.0.0.1/manifest"}};
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("docker://{0}/app:1.0: {0} answered 302 for "
                                      "http://{0}/v2/app/manifests/1.0 without a usable Location",
                                      s.registry.host()),
             run.error);
}

// A referrers list over the 4 MiB read is cut there: what is read is no
// JSON, and the list is REG-005.
BOOST_AUTO_TEST_CASE(a_referrers_list_over_4_mib_is_read_as_far_as_4_mib) {
  Served s;
  const auto subject = digest_of(s.image.manifest);
  s.registry.set_referrers("app", subject,
                           fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","manifests":[],)"
                                       R"("annotations":{{"org.example.padding":"{}"}}}})",
                                       kIndexType, std::string(5u << 20, 'x')));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(lines_of(run.findings) ==
                 std::vector<std::string>{fmt::format(
                     "REG-005 {0}/app referrers of {1} : GET /v2/app/referrers/{1} did not answer "
                     "with a JSON object: a referrers list is an image index",
                     s.registry.host(), subject)},
             dump(run.findings));
}

// The source's answers for content it was asked about by a name the
// registry cannot have (not a digest), and a blob read with a cap below
// its size.
BOOST_AUTO_TEST_CASE(blobs_read_past_a_cap_or_named_by_no_digest) {
  Served s;
  std::vector<std::string> notes;
  const auto source = ocv::registry::open_registry(
      "docker://" + s.ref(), ocv::registry::RegistryArgs{}, kDefaultRegistryOptions, notes);
  using Status = ocv::source::ReadResult::Status;
  const auto config = s.image.config_digest.substr(7);
  const auto cut = source->read_blob("sha256", config, 10);
  BOOST_TEST((cut.status == Status::ok));
  BOOST_TEST(cut.truncated);
  BOOST_TEST(cut.bytes == s.image.config.substr(0, 10));
  const auto before = s.registry.server().requests().size();
  BOOST_TEST((source->blob_entry("SHA256", config).type == ocv::source::FileType::missing));
  BOOST_TEST(s.registry.server().requests().size() == before);
  std::string why;
  BOOST_TEST(!source->open_blob("SHA256", config, why));
  BOOST_TEST(why == "missing");
  BOOST_TEST((source->read_blob("SHA256", config, 10).status == Status::missing));
}

// A registry name that does not resolve ends the run at once (.invalid
// never resolves: RFC 6761 §6.4), with the name to check.
BOOST_AUTO_TEST_CASE(a_registry_name_that_does_not_resolve_ends_the_run) {
  const auto run = validate("registry.invalid/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.starts_with("docker://registry.invalid/app:1.0: cannot resolve "
                                   "registry.invalid ("),
             run.error);
  BOOST_TEST(run.error.ends_with("): check the registry name in docker://registry.invalid/app:1.0"),
             run.error);
}

// Header values are read without the blanks around them.
BOOST_AUTO_TEST_CASE(header_values_are_read_without_surrounding_blanks) {
  Served s;
  const auto layer = s.image.layer_digest;
  const std::string wrong = "sha256:" + std::string(64, 'e');
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!ocv::test::is_blob_get(r, layer)) return std::nullopt;
    auto out = s.registry.forward(r);
    ocv::test::set_header(out, "Docker-Content-Digest", "\t " + wrong + " \t");
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(lines_of(run.findings) ==
                 std::vector<std::string>{fmt::format(
                     "REG-002 {}/app@{} : GET {} answered with Docker-Content-Digest {}, but the "
                     "body hashes to {}",
                     s.registry.host(), layer, s.blob_path(layer), wrong, layer)},
             dump(run.findings));
}

// A client certificate in --cert-dir (NAME.cert with NAME.key, as for
// Docker and podman) is offered in the TLS handshake; Debian's registry,
// which asks for none, serves the image all the same.
BOOST_AUTO_TEST_CASE(a_client_certificate_from_the_cert_dir_is_offered) {
  Served s;
  ocv::test::TempDir certs;
  fs::copy_file(fs::path(upstream().cert_dir()) / "ca.crt", certs.path() / "ca.crt");
  const auto made = std::system(
      fmt::format("cd {} && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                  "-nodes -keyout client.key -out client.cert -days 2 -subj /CN=client "
                  ">/dev/null 2>&1",
                  certs.path().string())
          .c_str());
  BOOST_TEST_REQUIRE(made == 0);
  ocv::registry::RegistryArgs args;
  args.cert_dir = certs.path().string();
  args.creds = upstream().creds();
  const auto run = validate(upstream().host() + "/app:1.0", args);
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(run.findings.empty(), dump(run.findings));
}

// A resumed blob answered 206 with an unknown total ("bytes START-END/*",
// RFC 9110 §14.4) is read on from where it broke off.
BOOST_AUTO_TEST_CASE(a_resumed_blob_with_an_unknown_total_is_read_on) {
  Served s;
  const auto layer = s.image.layer_digest;
  const auto whole = s.real(s.blob_path(layer));
  const auto cut_at = whole.body.size() / 2;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!ocv::test::is_blob_get(r, layer)) return std::nullopt;
    auto out = whole;
    if (r.header("range").empty()) {
      out.cut_after = cut_at;
      return out;
    }
    out.status = 206;
    out.body = whole.body.substr(cut_at);
    ocv::test::set_header(out, "Content-Range",
                          fmt::format("bytes {}-{}/*", cut_at, whole.body.size() - 1));
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(run.findings.empty(), dump(run.findings));
  BOOST_TEST(s.registry.server().count("GET", s.blob_path(layer)) == 2u);
}

// A config, layer, index-entry or subject digest of the general grammar
// but not of its algorithm's form (sha256: 64 lowercase hex characters;
// sha512: 128) is not asked for: distribution answers 400 DIGEST_INVALID,
// which ended the run. The digest rules report it as for a layout
// (DIG-002, DIG-003), and no REG-004 claims the registry lacks what it
// was never asked for. distribution will not store such a manifest (it
// checks the blobs a manifest names), so the front serves them.
BOOST_AUTO_TEST_CASE(descriptors_with_malformed_digests_are_reported_and_not_fetched) {
  Served s;
  std::map<std::string, std::string> served;  // tag -> manifest or index
  const auto serve = [&](const std::string& tag, std::string body) {
    served[tag] = std::move(body);
    return s.ref(tag);
  };
  s.registry.set_fault(serve_manifests(served));
  const auto check = [&](const std::string& ref, const std::string& body,
                         const std::vector<std::string>& expected) {
    const auto run = validate(ref);
    BOOST_TEST_REQUIRE(run.validated, run.error);
    BOOST_TEST(lines_of(run.findings) == expected, body << "\n" << dump(run.findings));
    for (const auto& [d, why] : kMalformedDigests) BOOST_TEST(requests_naming(s, d) == 0u, d);
  };
  for (std::size_t i = 0; i < kMalformedDigests.size(); ++i) {
    const auto& d = kMalformedDigests[i].first;
    for (const auto& [role, replaced] :
         {std::pair<std::string, std::string>{"config", s.image.config_digest},
          {"layers/0", s.image.layer_digest}}) {
      auto manifest = s.image.manifest;
      manifest.replace(manifest.find(replaced), replaced.size(), d);
      const auto ref =
          serve(fmt::format("{}-{}", role == "config" ? "config" : "layer", i), manifest);
      const auto at = fmt::format("{}/app@{}", s.registry.host(), digest_of(manifest));
      auto expected = malformed_digest_lines(i, at, "/" + role + "/digest",
                                             role == "config" ? "config" : "layers[0]");
      if (role == "config" && d.starts_with("sha512:"))
        expected.insert(expected.begin(),
                        fmt::format("CFG-021 {} /config/digest: the config is addressed with "
                                    "\"sha512\", but the ImageID is the sha256 of the config, so "
                                    "tools will show an ID that differs from this digest",
                                    at));
      check(ref, manifest, expected);
    }
  }
  // Index entries of a manifest type, after one that is fine.
  std::string entries =
      fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{},)"
                  R"("platform":{{"architecture":"amd64","os":"linux"}}}})",
                  kManifestType, s.image.manifest_digest, s.image.manifest.size());
  for (const auto& [d, why] : kMalformedDigests)
    entries += fmt::format(R"(,{{"mediaType":"{}","digest":"{}","size":2}})", kManifestType, d);
  const auto index = index_of(entries);
  const auto index_at = fmt::format("{}/app@{}", s.registry.host(), digest_of(index));
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < kMalformedDigests.size(); ++i) {
    const auto at = fmt::format("/manifests/{}", i + 1);
    for (auto& line :
         malformed_digest_lines(i, index_at, at + "/digest", fmt::format("manifests[{}]", i + 1)))
      expected.push_back(std::move(line));
  }
  check(serve("index", index), index, expected);
  // A subject: missing as far as the run can tell (REF-001, a note).
  auto with_subject = s.image.manifest;
  const auto& subject = kMalformedDigests[1].first;
  with_subject.insert(with_subject.size() - 1,
                      fmt::format(R"(,"subject":{{"mediaType":"{}","digest":"{}","size":2}})",
                                  kManifestType, subject));
  const auto subject_at = fmt::format("{}/app@{}", s.registry.host(), digest_of(with_subject));
  expected = malformed_digest_lines(1, subject_at, "/subject/digest", "subject");
  expected.push_back(fmt::format(
      "REF-001 {} /subject/digest: artifact {} is attached by its subject to \"{}\", which is "
      "not in the layout; it may live elsewhere (a registry), but here the link cannot be "
      "checked",
      subject_at, digest_of(with_subject).substr(0, 19), subject));
  check(serve("subject", with_subject), with_subject, expected);
  // From the command line: an invalid image (exit 1), not a run that
  // could not be made (exit 2).
  const auto cli = ocv::test::run_cli({"docker://" + s.ref("index")});
  BOOST_TEST(cli.exit_code == 1, cli.out << cli.err);
  BOOST_TEST(requests_naming(s, kMalformedDigests[0].first) == 0u);
}

// A digest of the right form for an algorithm the registry does not
// compute (blake3, registered on the image-spec's main branch; an
// unregistered name) is asked for, and distribution refuses it with 400
// DIGEST_INVALID. That is no failure of the run: the registry cannot
// serve the content, so the image cannot be pulled from it (REG-004,
// quoting the answer), besides what the digest rules say of the algorithm.
BOOST_AUTO_TEST_CASE(digests_of_an_algorithm_the_registry_refuses_are_reg_004) {
  Served s;
  std::map<std::string, std::string> served;  // tag -> manifest
  s.registry.set_fault(serve_manifests(served));
  const std::string blake3 = "blake3:" + std::string(64, 'a');
  auto manifest = s.image.manifest;
  manifest.replace(manifest.find(s.image.layer_digest), s.image.layer_digest.size(), blake3);
  served["layer"] = manifest;
  const auto at = fmt::format("{}/app@{}", s.registry.host(), digest_of(manifest));
  const auto run = validate(s.ref("layer"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  const auto lines = lines_of(run.findings);
  const auto reg004 = std::find_if(lines.begin(), lines.end(),
                                   [](const std::string& l) { return l.starts_with("REG-004"); });
  BOOST_TEST_REQUIRE((reg004 != lines.end()), dump(run.findings));
  BOOST_TEST(reg004->starts_with(fmt::format("REG-004 {} /layers/0/digest: layers[0] ", at)),
             *reg004);
  BOOST_TEST(reg004->find(fmt::format(" names {}: the registry answered 400 ", blake3)) !=
                 std::string::npos,
             *reg004);
  BOOST_TEST(reg004->ends_with(
                 fmt::format("to HEAD /v2/app/blobs/{}; the image cannot be pulled", blake3)),
             *reg004);
  BOOST_TEST(std::count_if(lines.begin(), lines.end(),
                           [](const std::string& l) { return l.starts_with("DIG-006"); }) == 1);
  BOOST_TEST(requests_naming(s, blake3) == 1u);
  // An index entry of an unregistered algorithm: GET refused the same way.
  const std::string other = "foo:bar";
  const auto index =
      index_of(fmt::format(R"({{"mediaType":"{}","digest":"{}","size":2}})", kManifestType, other));
  served["index"] = index;
  const auto index_at = fmt::format("{}/app@{}", s.registry.host(), digest_of(index));
  const auto run2 = validate(s.ref("index"));
  BOOST_TEST_REQUIRE(run2.validated, run2.error);
  const auto lines2 = lines_of(run2.findings);
  const auto reg004b = std::find_if(lines2.begin(), lines2.end(),
                                    [](const std::string& l) { return l.starts_with("REG-004"); });
  BOOST_TEST_REQUIRE((reg004b != lines2.end()), dump(run2.findings));
  BOOST_TEST(reg004b->starts_with(fmt::format(
                 "REG-004 {} /manifests/0/digest: manifests[0] {} names foo:bar: the registry "
                 "answered 400",
                 index_at, kManifestType)),
             *reg004b);
  BOOST_TEST(std::count_if(lines2.begin(), lines2.end(),
                           [](const std::string& l) { return l.starts_with("DIG-005"); }) == 1);
  const auto cli = ocv::test::run_cli({"docker://" + s.ref("index")});
  BOOST_TEST(cli.exit_code == 1, cli.out << cli.err);
}

BOOST_AUTO_TEST_SUITE_END()
