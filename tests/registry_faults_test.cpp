// A registry that misbehaves in ways Debian's docker-registry will not on
// request: the real registry (tests/support/registry_process.hpp) serves
// every image, pushed with skopeo, through a fault-injecting front on a
// loopback address (tests/support/fault_proxy.hpp) that changes only the
// answers a test names: wrong headers, bodies cut short, 429 and 5xx
// answers, a stall, a redirect to another host, a manifest over the 4 MiB
// the registry refuses to store, and what distribution 2.8 lacks (the
// Bearer token flow, the referrers API). Content faults become findings,
// the others end the run (exit code 2) with a message that says what to
// do; nothing ever hangs, and no credential or token reaches any output.
// What the real registry does by itself (basic auth, TLS, BLOB_UNKNOWN,
// platforms, the referrers fallback tag) is tested against it alone, in
// registry_real_test.cpp.
#include <strings.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <botan/base64.h>
#include <fmt/format.h>
#include <rapidjson/document.h>

#include "rules/all_rules.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/fault_proxy.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/registry_fixture.hpp"
#include "tests/support/registry_process.hpp"
#include "validator/digest/digest.hpp"
#include "validator/engine/validate.hpp"
#include "validator/registry/open_registry.hpp"

namespace fs = std::filesystem;
using ocv::test::dump;
using ocv::test::FaultProxy;
using ocv::test::fired;
using ocv::test::LayoutBuilder;
using ocv::test::RegistryProcess;
namespace utf = boost::unit_test;
using ocv::test::TempDir;
using Request = ocv::test::FaultServer::Request;
using Response = ocv::test::FaultServer::Response;
using ocv::test::artifact_for;
using ocv::test::digest_of;
using ocv::test::fired_at_with;
using ocv::test::first_answers;
using ocv::test::index_of;
using ocv::test::is_blob_get;
using ocv::test::kIndexType;
using ocv::test::kManifestType;
using ocv::test::list_an_artifact;
using ocv::test::listed;
using ocv::test::push_manifest;
using ocv::test::Served;
using ocv::test::set_header;
using ocv::test::upstream;
using ocv::test::validate;

namespace {

constexpr const char* kUser = "fault-user";
constexpr const char* kPassword = "fault-Pa55-word-7c1d";

/// `manifest` without its mediaType member.
std::string without_media_type(std::string manifest) {
  const std::string member = fmt::format(R"("mediaType":"{}",)", kManifestType);
  BOOST_REQUIRE(manifest.find(member) != std::string::npos);
  manifest.erase(manifest.find(member), member.size());
  return manifest;
}

std::string secrets_in(const std::string& text, const std::vector<std::string>& secrets) {
  std::string found;
  for (const auto& s : secrets)
    if (!s.empty() && text.find(s) != std::string::npos) found += s + " ";
  return found;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_faults, *utf::precondition(RegistryProcess::available))

BOOST_AUTO_TEST_CASE(a_wrong_docker_content_digest_is_reg_002) {
  Served s;
  const auto layer = s.image.layer_digest;
  const std::string wrong = "sha256:" + std::string(64, 'e');
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, layer)) return std::nullopt;
    auto out = s.registry.forward(r);
    set_header(out, "Docker-Content-Digest", wrong);
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(fired(run.findings, "REG-002"), dump(run.findings));
  BOOST_TEST(ocv::test::message_of(run.findings, "REG-002").find(wrong) != std::string::npos);
  // The content itself is fine: nothing else is wrong.
  BOOST_TEST(ocv::test::rule_ids(run.findings) == std::set<std::string>{"REG-002"},
             dump(run.findings));
  // Each blob was fetched once through the front.
  for (const auto* digest : {&s.image.config_digest, &s.image.layer_digest})
    BOOST_TEST(s.registry.server().count("GET", s.blob_path(*digest)) == 1u, *digest);
}

BOOST_AUTO_TEST_CASE(a_manifest_header_digest_of_other_content_is_reg_002) {
  Served s;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/1.0") return std::nullopt;
    auto out = s.registry.forward(r);
    set_header(out, "Docker-Content-Digest", "sha256:" + std::string(64, 'a'));
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(fired(run.findings, "REG-002"), dump(run.findings));
  // Served as the registry serves it: silent.
  Served right;
  const auto silent = validate(right.ref());
  BOOST_TEST_REQUIRE(silent.validated, silent.error);
  BOOST_TEST(!fired(silent.findings, "REG-002"), dump(silent.findings));
}

BOOST_AUTO_TEST_CASE(a_blob_always_cut_short_is_reg_003_after_resumed_retries) {
  Served s;
  const auto layer = s.image.layer_digest;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, layer)) return std::nullopt;
    auto out = s.real(r.path);  // Range is ignored
    out.cut_after = out.body.size() / 2;
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(fired(run.findings, "REG-003"), dump(run.findings));
  BOOST_TEST(ocv::test::message_of(run.findings, "REG-003").find("ended the blob") !=
             std::string::npos);
  // The first request and three retries, each from where the last ended.
  BOOST_TEST(s.registry.server().count("GET", s.blob_path(layer)) == 4u);
}

BOOST_AUTO_TEST_CASE(a_blob_cut_short_once_is_resumed_with_a_range_request) {
  Served s;
  const auto layer = s.image.layer_digest;
  std::atomic<int> calls{0};
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, layer) || calls++ > 0) return std::nullopt;
    auto out = s.real(r.path);
    out.cut_after = out.body.size() / 3;
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  // The real registry answered the Range request (206) for the rest.
  const auto requests = s.registry.server().requests();
  const auto resumed = std::find_if(requests.begin(), requests.end(), [&](const Request& r) {
    return is_blob_get(r, layer) && r.header("range").starts_with("bytes=");
  });
  BOOST_TEST((resumed != requests.end()), "no Range request after the cut");
}

// A blob cut short is asked for again from where it ended; an answer that
// does not continue it (another range, an error status, the whole blob cut
// again before that point) leaves the blob unread, and the finding says
// why.
BOOST_AUTO_TEST_CASE(a_resumed_blob_answered_with_something_else_is_not_read) {
  Served s;
  const auto layer = s.image.layer_digest;
  const auto whole = s.real(s.blob_path(layer));
  BOOST_TEST_REQUIRE(whole.body.size() > 30u);
  const auto cut_at = whole.body.size() * 2 / 3;
  struct Resume {
    Response answer;
    std::string says;
  };
  Response other_range = whole;
  other_range.status = 206;
  set_header(other_range, "Content-Range",
             fmt::format("bytes 0-{}/{}", whole.body.size() - 1, whole.body.size()));
  Response refused;
  refused.status = 416;
  Response cut_again = whole;  // Range ignored, and cut before the point reached
  cut_again.cut_after = whole.body.size() / 3;
  const auto another_range =
      fmt::format("answered a Range request for {} from byte {} with another range", layer, cut_at);
  // Content-Range (RFC 9110 §14.4) that cannot be read is no range either.
  const auto with_range = [&](const std::string& value) {
    Response r = other_range;
    set_header(r, "Content-Range", value);
    return r;
  };
  const auto end = whole.body.size() - 1;
  const std::vector<Resume> resumes = {
      {other_range, another_range},
      {with_range(fmt::format("octets {}-{}/{}", cut_at, end, end + 1)), another_range},
      {with_range(fmt::format("bytes x{}-{}/{}", cut_at, end, end + 1)), another_range},
      {with_range(fmt::format("bytes {}-{}", cut_at, end)), another_range},
      {with_range(""), another_range},
      {refused, fmt::format("answered HTTP status 416 for GET {}", s.blob_path(layer))},
      {cut_again, fmt::format("the answer for {} ended again before byte {}", layer, cut_at)},
  };
  for (const auto& resume : resumes) {
    s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
      if (!is_blob_get(r, layer)) return std::nullopt;
      if (!r.header("range").empty()) return resume.answer;
      auto first = whole;
      first.cut_after = cut_at;
      return first;
    });
    const auto run = validate(s.ref());
    BOOST_TEST_REQUIRE(run.validated, run.error);
    const auto said = std::any_of(run.findings.begin(), run.findings.end(), [&](const auto& f) {
      return f.message.find(resume.says) != std::string::npos;
    });
    BOOST_TEST(said, resume.says << "\n" << dump(run.findings));
  }
}

BOOST_AUTO_TEST_CASE(too_many_requests_then_success_waits_as_asked) {
  Served s;
  Response slow_down;
  slow_down.status = 429;
  slow_down.headers = {{"Retry-After", "1"}};
  slow_down.body = R"({"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]})";
  s.registry.set_fault(first_answers("/v2/app/manifests/1.0", slow_down));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/1.0") == 2u);
  BOOST_TEST(run.seconds >= 1.0, "Retry-After: 1 was not honoured");
}

BOOST_AUTO_TEST_CASE(server_errors_are_retried_a_bounded_number_of_times) {
  Served s;
  std::atomic<int> failures{0};
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, s.image.config_digest) || failures++ >= 2) return std::nullopt;
    Response out;
    out.status = 503;
    return out;
  });
  const auto flaky = validate(s.ref());
  BOOST_TEST_REQUIRE(flaky.validated, flaky.error);
  BOOST_TEST(!ocv::test::has_error(flaky.findings), dump(flaky.findings));

  Served down;
  down.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!r.path.starts_with("/v2/app/")) return std::nullopt;
    Response out;
    out.status = 503;
    return out;
  });
  const auto run = validate(down.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.find("503 Service Unavailable to 4 tries") != std::string::npos, run.error);
  BOOST_TEST(down.registry.server().count("GET", "/v2/app/manifests/1.0") == 4u);
}

BOOST_AUTO_TEST_CASE(jobs_bound_the_blob_streams_at_once_and_each_blob_is_fetched_once) {
  // An index of two images, a layer each. The front holds every layer GET
  // for 300 ms and counts how many are open at once: with -j2 both layers
  // stream together (a connection each), with -j1 one after the other;
  // either way each layer is asked for once.
  TempDir dir;
  LayoutBuilder b(dir.path());
  b.write_oci_layout();
  const auto amd = b.add_image("amd64", "linux", "amd64\n");
  const auto arm = b.add_image("arm64", "linux", "arm64\n");
  const auto entry = [](const ocv::test::BuiltImage& img, const char* arch) {
    return fmt::format(
        R"({{"mediaType":"{}","digest":"{}","size":{},"platform":{{"architecture":"{}","os":"linux"}}}})",
        kManifestType, img.manifest_digest, img.manifest.size(), arch);
  };
  const auto index = index_of(entry(amd, "amd64") + "," + entry(arm, "arm64"));
  b.write_index({fmt::format(
      R"({{"mediaType":"{}","digest":"{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"multi"}}}})",
      kIndexType, b.add_blob(index), index.size())});
  upstream().skopeo_push("oci:" + dir.path().string() + ":multi", "multi:1", "--all");
  FaultProxy front(upstream());
  const std::set<std::string> layers = {"/v2/multi/blobs/" + amd.layer_digest,
                                        "/v2/multi/blobs/" + arm.layer_digest};
  std::atomic<int> open{0};
  std::atomic<int> most{0};
  front.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.method != "GET" || !layers.contains(r.path)) return std::nullopt;
    const int now = ++open;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto answer = front.forward(r);
    --open;
    return answer;
  });
  std::size_t asked = 0;
  for (const unsigned jobs : {2u, 1u}) {
    most = 0;
    const auto run = validate(front.host() + "/multi:1", {}, std::nullopt, jobs);
    BOOST_TEST_REQUIRE(run.validated, run.error);
    BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
    BOOST_TEST(most.load() == static_cast<int>(jobs), "-j" << jobs);
    asked += 1;
    for (const auto& layer : layers) BOOST_TEST(front.server().count("GET", layer) == asked, layer);
  }
}

BOOST_AUTO_TEST_CASE(a_retry_after_too_long_ends_the_run_at_once) {
  Served s;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/1.0") return std::nullopt;
    Response out;
    out.status = 429;
    out.headers = {{"Retry-After", "3600"}};
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.find("asks to wait 3600 s") != std::string::npos, run.error);
  BOOST_TEST(run.seconds < 5.0);
}

BOOST_AUTO_TEST_CASE(a_stalled_blob_ends_the_run_after_the_timeout) {
  Served s;
  const auto layer = s.image.layer_digest;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, layer)) return std::nullopt;
    auto out = s.real(r.path);
    out.cut_after = 10;
    out.stall = std::chrono::seconds(60);  // ends when the front stops
    return out;
  });
  ocv::registry::RegistryArgs args;
  args.timeout = std::chrono::seconds(1);
  const auto run = validate(s.ref(), args);
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.find("no data for 1 s") != std::string::npos, run.error);
  BOOST_TEST(run.error.find("--timeout") != std::string::npos, run.error);
  // Four attempts of one second each, and the pauses between them.
  BOOST_TEST(run.seconds < 15.0);
}

BOOST_AUTO_TEST_CASE(a_stalled_manifest_ends_the_run_after_the_timeout) {
  Served s;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/1.0") return std::nullopt;
    auto out = s.registry.forward(r);
    out.stall = std::chrono::seconds(60);
    out.cut_after = 0;
    return out;
  });
  ocv::registry::RegistryArgs args;
  args.timeout = std::chrono::seconds(1);
  const auto run = validate(s.ref(), args);
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.find("no answer from 127.0.0.1 for 1 s") != std::string::npos, run.error);
  BOOST_TEST(run.seconds < 15.0);
}

// Answers that end the run: the message quotes the status and what the
// registry said of it (its error codes, made printable and bounded), and
// says what to do.
BOOST_AUTO_TEST_CASE(answers_that_end_the_run_quote_the_status_and_the_registry_s_reason) {
  Served s;
  const std::string manifest_path = "/v2/app/manifests/1.0";
  const auto answer_manifest_with = [&](int status, std::string body,
                                        std::vector<std::pair<std::string, std::string>> headers) {
    s.registry.set_fault([=](const Request& r) -> std::optional<Response> {
      if (r.path != manifest_path) return std::nullopt;
      Response out;
      out.status = status;
      out.headers = headers;
      out.body = body;
      return out;
    });
  };
  const auto errors = [](const std::string& list) {
    return fmt::format(R"({{"errors":[{}]}})", list);
  };
  const auto url = fmt::format("http://{}{}", s.registry.host(), manifest_path);
  struct Case {
    int status;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string says;
  };
  const std::vector<Case> cases = {
      {403,
       errors(R"({"code":"DENIED","message":"requested access to the resource is denied"})"),
       {},
       ocv::test::denied_pull_message(
           s.registry.host(), url, "anonymously",
           "403 Forbidden (DENIED: requested access to the resource is denied)")},
      // At most two of the registry's errors are quoted; entries without a
      // code or message are passed over.
      {400,
       errors(
           R"({"code":"A","message":"one"},{},"x",{"message":"two"},{"code":"C","message":"three"})"),
       {},
       "400 Bad Request (A: one; two) for " + manifest_path + ": the manifest cannot be read"},
      {405, "not JSON", {}, "405 Method Not Allowed for " + manifest_path},
      {418, errors(R"({"code":"TEAPOT"})"), {}, "HTTP status 418 (TEAPOT) for " + manifest_path},
      // Control characters become '?', and a long message is cut.
      {400,
       errors(fmt::format(R"({{"code":"X","message":"a\u001bb{}"}})", std::string(300, 'm'))),
       {},
       fmt::format("400 Bad Request (X: a?b{}...) for", std::string(197, 'm'))},
      {502, "", {}, "answered 502 Bad Gateway to 4 tries for"},
      {504, "", {}, "answered 504 Gateway Timeout to 4 tries for"},
      {302, "", {}, fmt::format("answered 302 for {} without a usable Location", url)},
      {307, "", {{"Location", manifest_path}}, fmt::format("more than 5 redirects for {}", url)},
  };
  for (const auto& c : cases) {
    answer_manifest_with(c.status, c.body, c.headers);
    const auto run = validate(s.ref());
    BOOST_TEST(!run.validated, c.status);
    BOOST_TEST(run.error.find(c.says) != std::string::npos, c.status << ": " << run.error);
  }
}

// GET /v2/ tells a registry from another server; a registry that is busy
// there is still tried, since every real request retries.
BOOST_AUTO_TEST_CASE(the_version_check_tells_a_registry_from_another_server) {
  Served s;
  Response busy;
  busy.status = 503;
  const auto asked = std::make_shared<std::atomic<int>>(0);
  s.registry.set_fault(first_answers("/v2/", busy, 1, asked));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  BOOST_TEST(asked->load() >= 1);

  Response not_found;
  not_found.status = 404;
  s.registry.set_fault(first_answers("/v2/", not_found, 1000));
  const auto other = validate(s.ref());
  BOOST_TEST(!other.validated);
  BOOST_TEST(other.error.find(fmt::format("{} is not a container registry: GET /v2/ answered 404",
                                          s.registry.host())) != std::string::npos,
             other.error);
}

// A token server that fails, or answers without a token, ends the run
// with its answer; it is retried like the registry when it is busy.
BOOST_AUTO_TEST_CASE(a_token_server_that_fails_ends_the_run_with_its_answer) {
  Served s;
  s.registry.require(FaultProxy::Auth::bearer);  // anonymous tokens
  std::atomic<int> token_requests{0};
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/token") return std::nullopt;
    ++token_requests;
    Response out;
    out.status = 400;
    out.body = R"({"errors":[{"code":"UNSUPPORTED","message":"no such scope"}]})";
    return out;
  });
  auto run = validate(s.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(
      run.error.find("the token server of " + s.registry.host() +
                     " answered 400 Bad Request (UNSUPPORTED: no such scope)") != std::string::npos,
      run.error);

  token_requests = 0;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/token") return std::nullopt;
    Response out;
    out.status = ++token_requests < 3 ? 503 : 200;
    out.body = R"({"expires_in":300})";
    return out;
  });
  run = validate(s.ref());
  BOOST_TEST(!run.validated);
  BOOST_TEST(token_requests.load() == 3);  // two busy answers retried
  BOOST_TEST(run.error.find("the token server's answer has no token (" + s.registry.host() + ")") !=
                 std::string::npos,
             run.error);
}

// A blob the HEAD said is there, whose GET then fails, is a finding that
// quotes the answer; a HEAD answered with neither 200 nor 404 ends the run.
BOOST_AUTO_TEST_CASE(a_blob_the_registry_will_not_serve_is_named_with_its_answer) {
  Served s;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, s.image.config_digest)) return std::nullopt;
    Response out;
    out.status = 410;
    out.body = R"({"errors":[{"code":"BLOB_GONE","message":"purged"}]})";
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  const auto said = std::any_of(run.findings.begin(), run.findings.end(), [&](const auto& f) {
    return f.message.find(s.registry.host() + " answered HTTP status 410 for GET " +
                          s.blob_path(s.image.config_digest)) != std::string::npos;
  });
  BOOST_TEST(said, dump(run.findings));
  BOOST_TEST(ocv::test::has_error(run.findings), dump(run.findings));

  s.registry.set_fault(ocv::test::answer_status(s.blob_path(s.image.layer_digest), 400, "HEAD"));
  const auto head = validate(s.ref());
  BOOST_TEST(!head.validated);
  BOOST_TEST(head.error.find("answered 400 Bad Request for HEAD " +
                             s.blob_path(s.image.layer_digest)) != std::string::npos,
             head.error);
}

BOOST_AUTO_TEST_CASE(a_redirect_to_another_host_is_followed_without_credentials) {
  Served s;
  s.registry.require(FaultProxy::Auth::bearer, kUser, kPassword);
  // Blob storage on another loopback address (another host for the
  // client), which records what it was sent and serves the real blob.
  ocv::test::FaultServer storage(
      [&](const Request& r) { return s.real(s.blob_path(r.path.substr(r.path.rfind('/') + 1))); },
      "127.0.0.2");
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, s.image.layer_digest) || r.header("authorization").empty())
      return std::nullopt;
    Response out;
    out.status = 307;
    out.headers = {{"Location", fmt::format("http://{}/storage/{}?signature=abc", storage.host(),
                                            s.image.layer_digest)}};
    return out;
  });
  ocv::registry::RegistryArgs args;
  args.creds = std::string(kUser) + ":" + kPassword;
  const auto run = validate(s.ref(), args);
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  const auto seen = storage.requests();
  BOOST_TEST_REQUIRE(seen.size() == 1u);
  BOOST_TEST(seen[0].query == "signature=abc");
  BOOST_TEST(seen[0].header("authorization").empty(), "credentials went to another host");
}

BOOST_AUTO_TEST_CASE(the_bearer_token_flow_with_credentials_and_anonymous) {
  Served s;
  s.registry.require(FaultProxy::Auth::bearer, kUser, kPassword);
  ocv::registry::RegistryArgs args;
  args.creds = std::string(kUser) + ":" + kPassword;
  const auto run = validate(s.ref(), args);
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  // One token for the whole run (it lives 300 s).
  BOOST_TEST(s.registry.tokens().size() == 1u);
  // The token server's request carried the scope of the repository.
  const auto requests = s.registry.server().requests();
  const auto token = std::find_if(requests.begin(), requests.end(),
                                  [](const Request& r) { return r.path == "/token"; });
  BOOST_TEST_REQUIRE((token != requests.end()));
  BOOST_TEST(token->query.find("scope=repository%3Aapp%3Apull") != std::string::npos, token->query);
  BOOST_TEST(token->query.find("service=fault-proxy") != std::string::npos, token->query);

  args.creds = std::string(kUser) + ":wrong";
  const auto refused = validate(s.ref(), args);
  BOOST_TEST(!refused.validated);
  BOOST_TEST(refused.error.find("token server") != std::string::npos, refused.error);
  BOOST_TEST(refused.error.find("--creds") != std::string::npos, refused.error);
  BOOST_TEST(refused.error.find("wrong") == std::string::npos, refused.error);

  Served open;
  open.registry.require(FaultProxy::Auth::bearer);  // anonymous tokens
  const auto anonymous = validate(open.ref());
  BOOST_TEST_REQUIRE(anonymous.validated, anonymous.error);
  BOOST_TEST(open.registry.tokens().size() == 1u);
}

BOOST_AUTO_TEST_CASE(tokens_are_renewed_when_they_expire_or_are_refused) {
  Served s;
  // Tokens that live one second: renewed before they expire.
  s.registry.require(FaultProxy::Auth::bearer, kUser, kPassword, std::chrono::seconds(1));
  ocv::registry::RegistryArgs args;
  args.creds = std::string(kUser) + ":" + kPassword;
  const auto run = validate(s.ref(), args);
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(s.registry.tokens().size() > 1u);

  // A token the registry stops accepting early (invalid_token): a new one.
  Served t;
  t.registry.require(FaultProxy::Auth::bearer, kUser, kPassword);
  std::atomic<int> refused{0};
  t.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, t.image.layer_digest) || refused++ > 0) return std::nullopt;
    Response out;
    out.status = 401;
    out.headers = {
        {"WWW-Authenticate", fmt::format(R"(Bearer realm="http://{}/token",service="fault-proxy",)"
                                         R"(scope="repository:app:pull",error="invalid_token")",
                                         t.registry.host())}};
    return out;
  });
  const auto again = validate(t.ref(), args);
  BOOST_TEST_REQUIRE(again.validated, again.error);
  BOOST_TEST(!ocv::test::has_error(again.findings), dump(again.findings));
  BOOST_TEST(t.registry.tokens().size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_manifest_served_as_another_type_is_reg_001) {
  // distribution refuses to store a manifest under a Content-Type that is
  // not its mediaType (the CVE-2021-41190 fix): the front serves the real
  // manifest of 1.0 as an index under the tag wrong-type.
  Served s;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/wrong-type") return std::nullopt;
    auto out = s.real("/v2/app/manifests/1.0");
    set_header(out, "Content-Type", kIndexType);
    return out;
  });
  const auto run = validate(s.ref("wrong-type"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(fired(run.findings, "REG-001"), dump(run.findings));
  BOOST_TEST(ocv::test::message_of(run.findings, "REG-001").find(kIndexType) != std::string::npos);
  // Served right: silent.
  const auto right = validate(s.ref());
  BOOST_TEST_REQUIRE(right.validated, right.error);
  BOOST_TEST(!fired(right.findings, "REG-001"), dump(right.findings));
  // From the command line, findings name the registry's content by
  // digest, and the SARIF artifact is the reference as typed.
  TempDir out;
  const auto sarif = (out.path() / "r.sarif").string();
  const auto bad = ocv::test::run_cli({"--sarif", sarif, "docker://" + s.ref("wrong-type")});
  BOOST_TEST(bad.exit_code == 1, bad.out << bad.err);
  BOOST_TEST(bad.out.find(fmt::format("at {}/app@{}", s.registry.host(),
                                      s.image.manifest_digest)) != std::string::npos,
             bad.out);
  const auto sarif_text = read_file(sarif);
  BOOST_TEST(sarif_text.find(fmt::format("\"docker://{}/app%3Awrong-type\"", s.registry.host())) !=
                 std::string::npos,
             sarif_text);
}

BOOST_AUTO_TEST_CASE(a_manifest_over_4_mib_is_limit_001) {
  // distribution 2.8 refuses to store a manifest over 4 MiB ("http:
  // request body too large"); registries that accept one exist, and the
  // front serves one: a valid manifest padded with a 5 MiB annotation.
  Served s;
  auto big = s.image.manifest;
  big.insert(big.size() - 1, fmt::format(R"(,"annotations":{{"org.example.padding":"{}"}})",
                                         std::string(5u << 20, 'x')));
  // It answers 400, or closes the connection before reading the whole body
  // (status 0) when the timing goes that way: either way nothing is stored.
  const auto refused = upstream().push_manifest("app", "big", big, kManifestType);
  BOOST_TEST((refused == 400 || refused == 0), refused);
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/big") return std::nullopt;
    Response out;
    out.headers = {{"Content-Type", kManifestType}, {"Docker-Content-Digest", digest_of(big)}};
    out.body = big;
    return out;
  });
  const auto run = validate(s.ref("big"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(fired(run.findings, "LIMIT-001"), dump(run.findings));
  const auto small = validate(s.ref());
  BOOST_TEST(!fired(small.findings, "LIMIT-001"), dump(small.findings));
}

BOOST_AUTO_TEST_CASE(referrers_from_the_api_are_validated_and_the_list_checked) {
  Served s;
  const auto artifact = list_an_artifact(s);
  const auto subject = digest_of(s.image.manifest);
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  const auto artifact_digest = digest_of(artifact);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + artifact_digest) == 1u);
  // Its blobs were fetched: it was validated like the image.
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/blobs/" + digest_of("{}")) == 1u);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/sha256-") == 0u);

  // A list that gives the artifact another artifactType, and drops its
  // annotations: REG-005.
  s.registry.set_referrers("app", subject,
                           index_of(listed(artifact, "application/vnd.example.other", "{}")));
  const auto wrong = validate(s.ref());
  BOOST_TEST_REQUIRE(wrong.validated, wrong.error);
  BOOST_TEST(fired(wrong.findings, "REG-005"), dump(wrong.findings));
  std::size_t reg005 = 0;
  for (const auto& f : wrong.findings) reg005 += f.rule_id == "REG-005" ? 1 : 0;
  BOOST_TEST(reg005 == 2u, dump(wrong.findings));
}

// distribution-spec v1.1 § Listing Referrers: the answer is an image index
// (Content-Type and mediaType application/vnd.oci.image.index.v1+json)
// whose manifests are descriptors of the referrers, each with the
// referrer's artifactType, size and annotations. Each way a list breaks
// that is named at its entry.
BOOST_AUTO_TEST_CASE(a_referrers_list_that_is_no_index_is_reg_005) {
  Served s;
  const auto serve = [&](std::string content_type, std::string body) {
    s.registry.set_fault([=](const Request& r) -> std::optional<Response> {
      if (!r.path.starts_with("/v2/app/referrers/")) return std::nullopt;
      Response out;
      out.headers = {{"Content-Type", content_type}};
      out.body = body;
      return out;
    });
    auto run = validate(s.ref());
    BOOST_TEST_REQUIRE(run.validated, run.error);
    return run.findings;
  };
  // One finding per rule and place: the Content-Type and the body apart.
  const auto typed = serve("application/json", index_of(""));
  BOOST_TEST(fired_at_with(typed, "REG-005", "",
                           "answered with Content-Type \"application/json\"; a referrers list is "
                           "an application/vnd.oci.image.index.v1+json"),
             dump(typed));
  const auto text = serve(kIndexType, "not json");
  BOOST_TEST(fired_at_with(text, "REG-005", "", "did not answer with a JSON object"), dump(text));
  const auto manifest =
      serve(kIndexType, fmt::format(R"({{"schemaVersion":2,"mediaType":"{}"}})", kManifestType));
  BOOST_TEST(fired_at_with(manifest, "REG-005", "/mediaType",
                           fmt::format("the referrers list declares {}", kManifestType)),
             dump(manifest));
  BOOST_TEST(fired_at_with(manifest, "REG-005", "", "has no manifests array (an empty list is [])"),
             dump(manifest));
  // An empty list, served right, is no finding.
  const auto empty = serve(kIndexType + std::string("; charset=utf-8"), index_of(""));
  BOOST_TEST(!fired(empty, "REG-005"), dump(empty));
}

BOOST_AUTO_TEST_CASE(a_referrers_list_entry_that_misdescribes_its_referrer_is_reg_005) {
  Served s;
  const auto subject = digest_of(s.image.manifest);
  const auto artifact = artifact_for(s.image.manifest);
  push_manifest(artifact);
  // An artifact about other content, listed among the subject's referrers.
  const auto stray = artifact_for(R"({"other":"subject"})");
  push_manifest(stray);
  const std::string absent = "sha256:" + std::string(64, 'e');
  const auto entries = std::vector<std::string>{
      "1",
      // No digest the grammar reads: the walk does not ask for it.
      fmt::format(R"({{"mediaType":"{}","digest":"no-digest","size":2}})", kManifestType),
      fmt::format(R"({{"mediaType":"{}","digest":"{}","size":2}})", kManifestType, absent),
      // The right referrer, with a size one too large and no annotations.
      fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{},"artifactType":"{}"}})",
                  kManifestType, digest_of(artifact), artifact.size() + 1,
                  "application/vnd.example.sbom.v1"),
      listed(stray, "application/vnd.example.sbom.v1")};
  std::string joined;
  for (const auto& e : entries) joined += (joined.empty() ? "" : ",") + e;
  s.registry.set_referrers("app", subject, index_of(joined));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  const auto& f = run.findings;
  BOOST_TEST(fired_at_with(f, "REG-005", "/manifests/0",
                           "an entry of the referrers list is not a descriptor"),
             dump(f));
  BOOST_TEST(fired_at_with(f, "REG-005", "/manifests/1/digest",
                           "the entry has no digest (or not one ocivalidate can read)"),
             dump(f));
  BOOST_TEST(fired_at_with(f, "REG-005", "/manifests/2/digest",
                           fmt::format("the list names {}, but the registry answered 404", absent)),
             dump(f));
  BOOST_TEST(fired_at_with(f, "REG-005", "/manifests/3/size",
                           fmt::format("the list gives {} the size {}; the manifest has {} bytes",
                                       digest_of(artifact), artifact.size() + 1, artifact.size())),
             dump(f));
  BOOST_TEST(
      fired_at_with(f, "REG-005", "/manifests/3/annotations",
                    "the list does not carry the annotation org.opencontainers.image.created"),
      dump(f));
  // Its artifactType is right: nothing at /manifests/3/artifactType.
  BOOST_TEST(!fired_at_with(f, "REG-005", "/manifests/3/artifactType", ""), dump(f));
  BOOST_TEST(
      fired_at_with(f, "REG-005", "/manifests/4/digest",
                    fmt::format("the list names {}, whose subject is {}, not {}", digest_of(stray),
                                digest_of(R"({"other":"subject"})"), subject)),
      dump(f));
}

// REG-001's other answers: no Content-Type at all, and a manifest without
// a mediaType of its own served as an index.
BOOST_AUTO_TEST_CASE(a_manifest_without_content_type_or_served_against_its_shape_is_reg_001) {
  Served s;
  const auto bare = without_media_type(s.image.manifest);
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path == "/v2/app/manifests/untyped") {
      Response out;
      out.body = s.image.manifest;
      return out;
    }
    if (r.path == "/v2/app/manifests/spaced") {
      Response out;
      out.headers = {{"Content-Type", std::string(kManifestType) + " \t; charset=utf-8"}};
      out.body = s.image.manifest;
      return out;
    }
    if (r.path == "/v2/app/manifests/bare-as-index") {
      Response out;
      out.headers = {{"Content-Type", kIndexType}};
      out.body = bare;
      return out;
    }
    return std::nullopt;
  });
  const auto untyped = validate(s.ref("untyped"));
  BOOST_TEST_REQUIRE(untyped.validated, untyped.error);
  BOOST_TEST(fired_at_with(untyped.findings, "REG-001", "/mediaType",
                           "came without a Content-Type; a client cannot tell a manifest from an "
                           "index before parsing it"),
             dump(untyped.findings));
  // Parameters and the space before them are no part of the type.
  const auto spaced = validate(s.ref("spaced"));
  BOOST_TEST_REQUIRE(spaced.validated, spaced.error);
  BOOST_TEST(!fired(spaced.findings, "REG-001"), dump(spaced.findings));
  const auto as_index = validate(s.ref("bare-as-index"));
  BOOST_TEST_REQUIRE(as_index.validated, as_index.error);
  BOOST_TEST(fired_at_with(as_index.findings, "REG-001", "",
                           fmt::format("was served as {} (an index), but the document, which "
                                       "declares no mediaType, holds config and layers (a "
                                       "manifest)",
                                       kIndexType)),
             dump(as_index.findings));
}

BOOST_AUTO_TEST_CASE(a_docker_content_digest_that_is_no_digest_is_reg_002) {
  Served s;
  const auto layer = s.image.layer_digest;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, layer)) return std::nullopt;
    auto out = s.registry.forward(r);
    set_header(out, "Docker-Content-Digest", "not-a-digest");
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(fired_at_with(run.findings, "REG-002", "",
                           "answered with Docker-Content-Digest \"not-a-digest\", which is not a "
                           "digest"),
             dump(run.findings));
}

// A manifest's Docker-Content-Digest of another algorithm than the one
// it is named by is checked against the body hashed with that algorithm.
BOOST_AUTO_TEST_CASE(a_docker_content_digest_of_another_algorithm_is_checked_by_it) {
  Served s;
  const std::string header = "sha512:" + std::string(128, 'a');
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.method != "GET" || r.path != "/v2/app/manifests/1.0") return std::nullopt;
    auto out = s.registry.forward(r);
    set_header(out, "Docker-Content-Digest", header);
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(fired_at_with(run.findings, "REG-002", "",
                           fmt::format("answered with Docker-Content-Digest {}, but the body "
                                       "hashes to sha512:",
                                       header)),
             dump(run.findings));
}

// distribution-spec v1.1 § Pulling blobs: a blob's Docker-Content-Digest
// "MUST be a digest matching that of the response body". One in another
// algorithm than the blob's own names the same content in another domain
// (the historical API text: "the client MAY choose to verify the digests
// in both domains"): it is hashed with that algorithm, for the config
// (read whole) and the layer (streamed), and reported only when the body
// does not hash to it; an algorithm this build does not compute is not
// judged.
BOOST_AUTO_TEST_CASE(a_blob_docker_content_digest_of_another_algorithm_is_checked_by_it) {
  Served s;
  std::map<std::string, std::string> headers;  // blob digest -> header to send
  std::mutex mutex;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.method != "GET" || !r.path.starts_with("/v2/app/blobs/")) return std::nullopt;
    const std::lock_guard lock(mutex);
    const auto it = headers.find(r.path.substr(14));
    if (it == headers.end()) return std::nullopt;
    auto out = s.registry.forward(r);
    set_header(out, "Docker-Content-Digest", it->second);
    return out;
  });
  const auto sha512_of = [&](const std::string& digest) {
    return "sha512:" + ocv::digest::hash_hex("sha512", s.real(s.blob_path(digest)).body);
  };
  const std::string wrong = "sha512:" + std::string(128, 'b');
  for (const auto* digest : {&s.image.config_digest, &s.image.layer_digest}) {
    {
      const std::lock_guard lock(mutex);
      headers = {{*digest, wrong}};
    }
    const auto run = validate(s.ref());
    BOOST_TEST_REQUIRE(run.validated, run.error);
    BOOST_TEST(ocv::test::rule_ids(run.findings) == std::set<std::string>{"REG-002"},
               dump(run.findings));
    const auto* f = ocv::test::first(run.findings, "REG-002");
    BOOST_TEST_REQUIRE(f != nullptr);
    BOOST_TEST(f->message == fmt::format("GET /v2/app/blobs/{} answered with Docker-Content-Digest "
                                         "{}, but the body hashes to {}",
                                         *digest, wrong, sha512_of(*digest)));
    BOOST_TEST(f->location.blob == fmt::format("{}/app@{}", s.registry.host(), *digest));
    BOOST_TEST(f->location.pointer == "");
    // The same content named in sha512, and in an algorithm this build
    // cannot compute: silent.
    for (const auto& header : {sha512_of(*digest), "blake3:" + std::string(64, 'c')}) {
      {
        const std::lock_guard lock(mutex);
        headers = {{*digest, header}};
      }
      const auto silent = validate(s.ref());
      BOOST_TEST_REQUIRE(silent.validated, silent.error);
      BOOST_TEST(silent.findings.empty(), header << dump(silent.findings));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_referrers_lookup_answered_with_server_errors_is_reg_006) {
  Served s;
  const auto artifact = list_an_artifact(s);
  const auto subject = digest_of(s.image.manifest);
  // The referrers API fails on every try: not the 404 that says there is
  // no API, so the fallback tag is asked, and the run goes on.
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!r.path.starts_with("/v2/app/referrers/")) return std::nullopt;
    Response out;
    out.status = 500;
    out.body = R"({"errors":[{"code":"UNKNOWN","message":"unknown error"}]})";
    return out;
  });
  const auto api = validate(s.ref());
  BOOST_TEST_REQUIRE(api.validated, api.error);
  BOOST_TEST(ocv::test::fired_with(api.findings, "REG-006", ocv::engine::Severity::warning,
                                   "500 Internal Server Error (UNKNOWN: unknown error) on every "
                                   "try (the referrers of " +
                                       subject +
                                       "); the referrers were looked for at the "
                                       "fallback tag instead"),
             dump(api.findings));
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/referrers/" + subject) == 4u);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/sha256-" + subject.substr(7)) ==
             1u);
  BOOST_TEST(!ocv::test::has_error(api.findings), dump(api.findings));

  // The fallback tag fails too (the API says there is none): "the client
  // SHOULD assume there are no referrers".
  Served tag;
  tag.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/sha256-" + subject.substr(7)) return std::nullopt;
    Response out;
    out.status = 503;
    return out;
  });
  const auto fallback = validate(tag.ref());
  BOOST_TEST_REQUIRE(fallback.validated, fallback.error);
  BOOST_TEST(ocv::test::fired_with(fallback.findings, "REG-006", ocv::engine::Severity::warning,
                                   "503 Service Unavailable on every try (the referrers of " +
                                       subject + "); no referrers were assumed"),
             dump(fallback.findings));
  BOOST_TEST(!ocv::test::has_error(fallback.findings), dump(fallback.findings));
  // Without faults, silent.
  Served calm;
  const auto quiet = validate(calm.ref());
  BOOST_TEST_REQUIRE(quiet.validated, quiet.error);
  BOOST_TEST(!fired(quiet.findings, "REG-006"), dump(quiet.findings));
}

// A registry without the referrers API that answers the fallback tag with
// neither the manifest nor 404: a note says there is no API, a warning
// quotes the answer, and the image is validated without referrers.
BOOST_AUTO_TEST_CASE(a_fallback_tag_answered_with_a_client_error_assumes_no_referrers) {
  Served s;
  const auto subject = digest_of(s.image.manifest);
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!r.path.starts_with("/v2/app/referrers/") &&
        r.path != "/v2/app/manifests/sha256-" + subject.substr(7))
      return std::nullopt;
    Response out;
    out.status = 400;
    out.body = R"({"errors":[{"code":"NAME_INVALID","message":"invalid repository name"}]})";
    return out;
  });
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(ocv::test::fired_with(run.findings, "REG-006", ocv::engine::Severity::warning,
                                   "400 Bad Request (NAME_INVALID: invalid repository name)"),
             dump(run.findings));
  BOOST_TEST(ocv::test::message_of(run.findings, "REG-006").find("no referrers were assumed") !=
                 std::string::npos,
             dump(run.findings));
  // A 400 is not retried: the message does not claim several tries.
  BOOST_TEST(
      ocv::test::message_of(run.findings, "REG-006").find("on every try") == std::string::npos,
      dump(run.findings));
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  const auto note = std::find_if(run.notes.begin(), run.notes.end(), [](const std::string& n) {
    return n.find("has no referrers API (400 Bad Request") != std::string::npos;
  });
  BOOST_TEST((note != run.notes.end()));
  // The API is asked once; after its answer only fallback tags are.
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/referrers/") == 1u);
}

// The made-up index.json names a manifest asked for by tag with its own
// mediaType, else the Content-Type it was served with (without
// parameters), else the type its shape says.
BOOST_AUTO_TEST_CASE(a_manifest_without_a_media_type_is_listed_by_how_it_was_served) {
  Served s;
  const auto bare = without_media_type(s.image.manifest);
  const auto index = index_of(fmt::format(R"({{"digest":"{}","size":{}}})",
                                          digest_of(s.image.manifest), s.image.manifest.size()));
  const std::map<std::string, std::pair<std::string, std::string>> served = {
      // tag -> Content-Type, body
      {"typed", {std::string(kManifestType) + "; charset=utf-8", bare}},
      {"shaped-index", {"application/octet-stream", index}},
      {"shaped-manifest", {"application/json", bare}},
  };
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    const auto tag = r.path.substr(r.path.rfind('/') + 1);
    if (!r.path.starts_with("/v2/app/manifests/") || !served.contains(tag)) return std::nullopt;
    Response out;
    out.headers = {{"Content-Type", served.at(tag).first}};
    out.body = served.at(tag).second;
    return out;
  });
  const auto listed_type = [&](const std::string& tag) {
    std::vector<std::string> notes;
    ocv::registry::RegistryOptions options;
    options.client.first_backoff = std::chrono::milliseconds(20);
    ocv::registry::RegistryArgs args;
    args.referrers = false;
    const auto source =
        ocv::registry::open_registry("docker://" + s.ref(tag), args, options, notes);
    const auto read = source->read_root_file("index.json", 1u << 20);
    rapidjson::Document doc;
    doc.Parse(read.bytes.c_str());
    BOOST_TEST_REQUIRE(doc.IsObject(), read.bytes);
    const auto& entry = doc["manifests"][0];
    BOOST_TEST(entry["digest"].GetString() == digest_of(served.at(tag).second));
    return std::string(entry["mediaType"].GetString());
  };
  BOOST_TEST(listed_type("typed") == kManifestType);
  BOOST_TEST(listed_type("shaped-index") == kIndexType);
  BOOST_TEST(listed_type("shaped-manifest") == kManifestType);
}

// What a token server named by a challenge must be: https (or plain http
// on this machine), and reachable over what it names. A server that names
// another scheme, or https where it speaks plain HTTP, ends the run before
// any credential is sent, with a message that says so.
BOOST_AUTO_TEST_CASE(token_servers_that_cannot_be_used_end_the_run_before_credentials_go_out) {
  std::mutex realm_mutex;  // written here, read by the server's threads
  std::string realm;
  const auto set_realm = [&](std::string to) {
    const std::lock_guard lock(realm_mutex);
    realm = std::move(to);
  };
  ocv::test::FaultServer registry([&](const Request& r) {
    Response out;
    out.status = 401;
    const std::lock_guard lock(realm_mutex);
    out.headers = {
        {"WWW-Authenticate",
         fmt::format(R"(Bearer realm="{}",service="s",scope="repository:app:pull")", realm)}};
    if (r.path == "/token") out.status = 500;  // never reached: see the counts below
    return out;
  });
  set_realm("ftp://127.0.0.1/token");
  auto run = validate(registry.host() + "/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.find(R"(names the token server "ftp://127.0.0.1/token", which is not an )"
                            R"(https:// URL)") != std::string::npos,
             run.error);
  set_realm(fmt::format("https://{}/token", registry.host()));
  run = validate(registry.host() + "/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.find("the TLS handshake with 127.0.0.1 failed") != std::string::npos,
             run.error);
  BOOST_TEST(run.error.find("--plain-http") != std::string::npos, run.error);
  BOOST_TEST(registry.count("GET", "/token") == 0u);
}

// docker login to some registries stores an OAuth2 refresh token
// ("identitytoken" in the auth file); it is traded for an access token with
// a POST to the token server (distribution docs/spec/auth/oauth.md), and
// never sent anywhere else.
BOOST_AUTO_TEST_CASE(an_identity_token_is_traded_for_an_access_token_with_a_post) {
  Served s;
  const std::string refresh = "refresh/token+7f2e";
  const std::string access = "access-token-91c3";
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    Response out;
    if (r.path == "/token") {
      if (r.method != "POST" ||
          r.body.find("refresh_token=refresh%2Ftoken%2B7f2e") == std::string::npos) {
        out.status = 401;
        return out;
      }
      out.body = fmt::format(R"({{"access_token":"{}","expires_in":300}})", access);
      return out;
    }
    if (r.header("authorization") == "Bearer " + access) return std::nullopt;
    out.status = 401;
    out.headers = {
        {"WWW-Authenticate", fmt::format(R"(Bearer realm="http://{}/token",service="fault-proxy")",
                                         s.registry.host())}};
    return out;
  });
  TempDir dir;
  const auto auth_file = dir.path() / "auth.json";
  std::ofstream(auth_file) << fmt::format(R"({{"auths":{{"{}":{{"identitytoken":"{}"}}}}}})",
                                          s.registry.host(), refresh);
  ocv::registry::RegistryArgs args;
  args.auth_file = auth_file.string();
  const auto run = validate(s.ref(), args);
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  const auto requests = s.registry.server().requests();
  const auto token = std::find_if(requests.begin(), requests.end(),
                                  [](const Request& r) { return r.path == "/token"; });
  BOOST_TEST_REQUIRE((token != requests.end()));
  BOOST_TEST(token->method == "POST");
  BOOST_TEST(token->header("content-type") == "application/x-www-form-urlencoded");
  BOOST_TEST(token->body.find("grant_type=refresh_token") != std::string::npos, token->body);
  BOOST_TEST(token->body.find("service=fault-proxy") != std::string::npos, token->body);
  for (const auto& r : requests) {
    if (r.path == "/token") continue;
    BOOST_TEST(r.body.find("refresh") == std::string::npos, r.path);
    BOOST_TEST(r.query.find("refresh") == std::string::npos, r.path);
  }
}

// The registry's answers to requests the walk did not make: a blob asked
// for later is looked up with HEAD; once the registry fails, nothing more
// is asked of it and every read says why.
BOOST_AUTO_TEST_CASE(blobs_looked_up_after_the_walk_are_asked_for_and_a_failure_is_kept) {
  Served s;
  std::vector<std::string> notes;
  ocv::registry::RegistryOptions options;
  options.client.first_backoff = std::chrono::milliseconds(20);
  ocv::registry::RegistryArgs args;
  args.timeout = std::chrono::seconds(5);
  const auto source = ocv::registry::open_registry("docker://" + s.ref(), args, options, notes);
  using ocv::source::FileType;
  using Status = ocv::source::ReadResult::Status;
  // Known from the walk: no request.
  const auto before = s.registry.server().requests().size();
  const auto config = source->blob_entry("sha256", s.image.config_digest.substr(7));
  BOOST_TEST((config.type == FileType::regular));
  BOOST_TEST(config.readable);
  BOOST_TEST(s.registry.server().requests().size() == before);
  // Not named by anything: asked for with HEAD, missing.
  const std::string absent(64, '4');
  BOOST_TEST((source->blob_entry("sha256", absent).type == FileType::missing));
  BOOST_TEST(s.registry.server().count("HEAD", s.blob_path("sha256:" + absent)) == 1u);
  BOOST_TEST((source->read_blob("sha256", absent, 10).status == Status::missing));
  // Names that are not path components are never asked for.
  BOOST_TEST((source->blob_entry("..", absent).type == FileType::missing));
  BOOST_TEST(s.registry.server().count("HEAD", "/v2/app/blobs/..") == 0u);
  // A registry that fails a HEAD: the source is failed from then on.
  s.registry.set_fault([](const Request& r) -> std::optional<Response> {
    if (r.method != "HEAD") return std::nullopt;
    Response out;
    out.status = 400;
    return out;
  });
  const std::string other(64, '5');
  BOOST_TEST((source->blob_entry("sha256", other).type == FileType::missing));
  BOOST_TEST(source->fatal_error().find("answered 400 Bad Request for HEAD") != std::string::npos,
             source->fatal_error());
  const auto layer = source->read_blob("sha256", s.image.layer_digest.substr(7), 10);
  BOOST_TEST((layer.status == Status::io_error));
  BOOST_TEST(layer.error == "the registry could not be read");
  std::string why;
  BOOST_TEST(!source->open_blob("sha256", s.image.layer_digest.substr(7), why));
  BOOST_TEST(why == "the registry could not be read");
  BOOST_TEST(!source->open_blob("sha256", other, why));
  BOOST_TEST(why == "missing");
  // Where findings about it are reported.
  BOOST_TEST(source->location_of("blobs/sha256/" + absent) ==
             s.registry.host() + "/app@sha256:" + absent);
  BOOST_TEST(source->location_of("referrers/sha256/" + absent) ==
             s.registry.host() + "/app referrers of sha256:" + absent);
  BOOST_TEST(source->location_of("index.json").empty());
}

// The manifests an index names: one the registry does not have is a
// finding that quotes its 404; one answered with a server error is read
// from the blobs endpoint (a warning says so); any other answer ends the run.
BOOST_AUTO_TEST_CASE(manifests_an_index_names_are_missing_read_as_blobs_or_end_the_run) {
  Served s;
  const std::string absent = "sha256:" + std::string(64, 'e');
  const auto index = index_of(fmt::format(
      R"({{"mediaType":"{}","digest":"{}","size":{}}},{{"mediaType":"{}","digest":"{}","size":100}})",
      kManifestType, s.image.manifest_digest, s.image.manifest.size(), kManifestType, absent));
  std::atomic<int> child_status{0};
  const auto child = "/v2/app/manifests/" + s.image.manifest_digest;
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    Response out;
    if (r.path == "/v2/app/manifests/multi") {
      out.headers = {{"Content-Type", kIndexType}};
      out.body = index;
      return out;
    }
    if (child_status == 0 || r.method != "GET" || r.path != child) return std::nullopt;
    out.status = child_status;
    return out;
  });
  auto run = validate(s.ref("multi"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(ocv::test::fired_with(run.findings, "REG-004", ocv::engine::Severity::error,
                                   "the registry answered 404 Not Found (MANIFEST_UNKNOWN"),
             dump(run.findings));
  BOOST_TEST(
      ocv::test::message_of(run.findings, "REG-004").find("GET /v2/app/manifests/" + absent) !=
          std::string::npos,
      dump(run.findings));
  BOOST_TEST(!fired(run.findings, "REG-006"), dump(run.findings));

  child_status = 501;
  run = validate(s.ref("multi"));
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(ocv::test::fired_with(run.findings, "REG-006", ocv::engine::Severity::warning,
                                   "GET " + child + " answered HTTP status 501"),
             dump(run.findings));
  BOOST_TEST(ocv::test::message_of(run.findings, "REG-006")
                     .find("its content was read from the blobs endpoint") != std::string::npos,
             dump(run.findings));
  // 501 is not a status the client retries: one answer, not "every try".
  BOOST_TEST(
      ocv::test::message_of(run.findings, "REG-006").find("on every try") == std::string::npos,
      dump(run.findings));
  // The blobs endpoint was asked for it.
  BOOST_TEST(s.registry.server().count("HEAD", s.blob_path(s.image.manifest_digest)) >= 1u);

  child_status = 410;
  run = validate(s.ref("multi"));
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error.find("answered HTTP status 410 for " + child) != std::string::npos,
             run.error);
}

BOOST_AUTO_TEST_CASE(the_artifact_type_filter_is_asked_for_and_applied) {
  Served s;
  const auto sbom = artifact_for(s.image.manifest);
  const auto sig = artifact_for(s.image.manifest, "application/vnd.example.sig.v1");
  push_manifest(sbom);
  push_manifest(sig);
  const auto subject = digest_of(s.image.manifest);
  // A registry that ignores the filter (no OCI-Filters-Applied): the
  // client filters.
  s.registry.set_referrers("app", subject,
                           index_of(listed(sbom, "application/vnd.example.sbom.v1") + "," +
                                    listed(sig, "application/vnd.example.sig.v1")));
  ocv::registry::RegistryArgs args;
  args.artifact_type = "application/vnd.example.sig.v1";
  const auto run = validate(s.ref(), args);
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(!ocv::test::has_error(run.findings), dump(run.findings));
  const auto requests = s.registry.server().requests();
  const auto asked = std::find_if(requests.begin(), requests.end(), [](const Request& r) {
    return r.path.starts_with("/v2/app/referrers/");
  });
  BOOST_TEST_REQUIRE((asked != requests.end()));
  BOOST_TEST(asked->query == "artifactType=application%2Fvnd.example.sig.v1");
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(sig)) == 1u);
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(sbom)) == 0u);
  // A registry that says it applied the filter but lists another type.
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!r.path.starts_with("/v2/app/referrers/")) return std::nullopt;
    Response out;
    out.headers = {{"Content-Type", kIndexType}, {"OCI-Filters-Applied", "artifactType"}};
    out.body = index_of(listed(sbom, "application/vnd.example.sbom.v1"));
    return out;
  });
  const auto lying = validate(s.ref(), args);
  BOOST_TEST_REQUIRE(lying.validated, lying.error);
  BOOST_TEST(fired(lying.findings, "REG-005"), dump(lying.findings));
}

BOOST_AUTO_TEST_CASE(no_credential_or_token_reaches_any_output) {
  Served s;
  s.registry.require(FaultProxy::Auth::bearer, kUser, kPassword);
  // A fault that makes a finding, so that reports have something to say.
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (!is_blob_get(r, s.image.layer_digest) || r.header("authorization").empty())
      return std::nullopt;
    auto out = s.real(r.path);
    out.headers = {{"Docker-Content-Digest", "sha256:" + std::string(64, 'e')}};
    return out;
  });
  TempDir out;
  const std::string pair = std::string(kUser) + ":" + kPassword;
  const auto basic =
      Botan::base64_encode(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size());
  const auto reports = [&](const std::string& name) {
    return std::vector<std::string>{"--sarif", (out.path() / (name + ".sarif")).string(),
                                    "--junit", (out.path() / (name + ".xml")).string(),
                                    "--json",  (out.path() / (name + ".json")).string()};
  };
  std::vector<ocv::test::CliRun> runs;
  // Credentials on the command line, right and wrong.
  auto args = reports("creds");
  args.insert(args.end(), {"--creds", pair, "docker://" + s.ref()});
  runs.push_back(ocv::test::run_cli(args));
  BOOST_TEST(runs.back().exit_code == 1, runs.back().err);
  args = reports("wrong");
  args.insert(args.end(),
              {"--creds", std::string(kUser) + ":" + kPassword + "-x", "docker://" + s.ref()});
  runs.push_back(ocv::test::run_cli(args));
  BOOST_TEST(runs.back().exit_code == 2, runs.back().err);
  // Credentials from an auth file.
  const auto auth_file = out.path() / "auth.json";
  std::ofstream(auth_file) << fmt::format(R"({{"auths":{{"{}":{{"auth":"{}"}}}}}})",
                                          s.registry.host(), basic);
  args = reports("file");
  args.insert(args.end(), {"--authfile", auth_file.string(), "-f", "json", "docker://" + s.ref()});
  runs.push_back(ocv::test::run_cli(args));
  BOOST_TEST(runs.back().exit_code == 1, runs.back().err);
  std::vector<std::string> secrets = {kPassword, basic};
  for (const auto& t : s.registry.tokens()) secrets.push_back(t);
  BOOST_TEST(s.registry.tokens().size() >= 2u);
  for (const auto& run : runs) {
    BOOST_TEST(secrets_in(run.out, secrets).empty(), "stdout: " << run.out);
    BOOST_TEST(secrets_in(run.err, secrets).empty(), "stderr: " << run.err);
  }
  for (const auto& e : fs::directory_iterator(out.path())) {
    if (e.path() == auth_file) continue;
    const auto text = read_file(e.path());
    BOOST_TEST(!text.empty(), e.path());
    BOOST_TEST(secrets_in(text, secrets).empty(), e.path() << ": " << text.substr(0, 300));
  }
}

BOOST_AUTO_TEST_CASE(every_registry_rule_fires_somewhere_and_stays_silent_on_a_valid_image) {
  // The corpus holds layouts and archives, not registries: each REG rule's
  // firing case is a test: REG-001 a_manifest_served_as_another_type,
  // REG-002 a_wrong_docker_content_digest, REG-003 a_blob_always_cut_short,
  // REG-005 referrers_from_the_api (here), REG-006
  // a_referrers_lookup_answered_with_server_errors (here), REG-004
  // registry_real/a_deleted_blob_is_reg_004, REG-005 with the fallback
  // tag and REG-006 for a subject that names a plain blob (registry_real).
  // A rule added to the family must be added here.
  const std::set<std::string> covered = {"REG-001", "REG-002", "REG-003",
                                         "REG-004", "REG-005", "REG-006"};
  std::set<std::string> registered;
  for (const auto& rule : ocv::rules::default_registry().rules())
    if ((rule.needs & ocv::engine::kNeedsRegistry) != 0) registered.insert(std::string(rule.id));
  BOOST_TEST(registered == covered);
  Served s;
  list_an_artifact(s);
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  for (const auto& id : covered)
    BOOST_TEST(!fired(run.findings, id), id << ": " << dump(run.findings));
}

// Answers about access, and connections that fail, end the run with a
// message that says what to do; credentials are named by where they came
// from, never quoted. A plain server stands in for the registry: none of
// these needs content.
BOOST_AUTO_TEST_CASE(access_answers_and_broken_connections_end_the_run_with_what_to_do) {
  std::mutex mutex;
  std::function<Response(const Request&)> answer;
  ocv::test::FaultServer server([&](const Request& r) {
    const std::lock_guard lock(mutex);
    return answer(r);
  });
  const auto host = server.host();
  const auto manifest_url = fmt::format("http://{}/v2/app/manifests/1.0", host);
  const auto bearer = fmt::format(R"(Bearer realm="http://{}/token",service="s")", host);
  const auto with_status = [](int status,
                              std::vector<std::pair<std::string, std::string>> headers = {}) {
    Response out;
    out.status = status;
    out.headers = std::move(headers);
    return out;
  };
  struct Case {
    std::string name;
    std::function<Response(const Request&)> answer;
    std::string creds;
    std::string says;
  };
  const auto on_manifest = [&](Response r) {
    return [=](const Request& q) { return q.path == "/v2/" ? with_status(200) : r; };
  };
  const std::vector<Case> cases = {
      {"401 without a challenge", on_manifest(with_status(401)), "",
       fmt::format("{} requires authentication (401 Unauthorized for {}): log in with skopeo "
                   "login, podman login or docker login, or give --creds USER:PASSWORD",
                   host, manifest_url)},
      {"401 to Basic credentials",
       on_manifest(with_status(401, {{"WWW-Authenticate", R"(Basic realm="r")"}})), "u:wrong-pw",
       fmt::format("{} refused the credentials from --creds (401 Unauthorized for {}): check the "
                   "username and password",
                   host, manifest_url)},
      {"401 Basic without credentials",
       on_manifest(with_status(401, {{"WWW-Authenticate", R"(Basic realm="r")"}})), "",
       fmt::format("{} requires authentication (401 Unauthorized for {})", host, manifest_url)},
      {"403 with credentials", on_manifest(with_status(403)), "u:pw",
       ocv::test::denied_pull_message(host, manifest_url, "with the credentials from --creds")},
      {"the version check answered 400", [&](const Request&) { return with_status(400); }, "",
       fmt::format("{} answered 400 Bad Request for http://{}/v2/", host, host)},
      {"the version check answered 401 with nothing to answer it",
       [&](const Request&) { return with_status(401); }, "",
       fmt::format("{} requires authentication (401 Unauthorized for http://{}/v2/)", host, host)},
      {"a token refused to an anonymous client",
       [&](const Request& q) {
         return q.path == "/token" ? with_status(401)
                                   : with_status(401, {{"WWW-Authenticate", bearer}});
       },
       "",
       fmt::format("the token server of {} refused an anonymous token (401 Unauthorized): check "
                   "the username and password, or log in (skopeo login, podman login, docker "
                   "login) or give --creds USER:PASSWORD",
                   host)},
      {"a token refused to credentials",
       [&](const Request& q) {
         return q.path == "/token" ? with_status(403)
                                   : with_status(401, {{"WWW-Authenticate", bearer}});
       },
       "u:pw",
       fmt::format("the token server of {} refused the credentials from --creds (403 Forbidden): "
                   "check the username and password",
                   host)},
      {"a fresh token refused again",
       [&](const Request& q) {
         if (q.path == "/token") {
           Response t = with_status(200);
           t.body = R"({"token":"t1"})";
           return t;
         }
         return q.path == "/v2/" ? with_status(200)
                                 : with_status(401, {{"WWW-Authenticate", bearer}});
       },
       "", fmt::format("{} requires authentication (401 Unauthorized for {})", host, manifest_url)},
      {"a manifest cut short on every try",
       [&](const Request& q) {
         if (q.path == "/v2/") return with_status(200);
         Response cut = with_status(200, {{"Content-Type", kManifestType}});
         cut.body = std::string(100, ' ');
         cut.cut_after = 10;
         return cut;
       },
       "", "the connection to 127.0.0.1 broke off 4 times ("},
  };
  for (const auto& c : cases) {
    {
      const std::lock_guard lock(mutex);
      answer = c.answer;
    }
    ocv::registry::RegistryArgs args;
    args.creds = c.creds;
    const auto run = validate(host + "/app:1.0", args);
    BOOST_TEST(!run.validated, c.name);
    BOOST_TEST(run.error.find(c.says) != std::string::npos, c.name << ": " << run.error);
    BOOST_TEST(run.error.find("wrong-pw") == std::string::npos, c.name);
  }
  // Nothing listens on port 1 of this machine.
  const auto refused = validate("127.0.0.1:1/app:1.0");
  BOOST_TEST(!refused.validated);
  BOOST_TEST(refused.error.find("cannot connect to https://127.0.0.1:1 (") != std::string::npos,
             refused.error);
  BOOST_TEST(refused.error.find("is the registry running there, and is the port right?") !=
                 std::string::npos,
             refused.error);
}

// What the walk of an image cannot go on with ends the run with the
// reason: a digest it cannot read, an answer that is neither content nor
// a finding, more manifests than it follows. A plain server serves an
// index whose entries it answers as each case says.
BOOST_AUTO_TEST_CASE(manifests_the_walk_cannot_use_end_the_run_with_the_reason) {
  std::mutex mutex;
  std::string index;
  int child_status = 404;
  ocv::test::FaultServer server([&](const Request& r) {
    const std::lock_guard lock(mutex);
    Response out;
    if (r.path == "/v2/") return out;
    if (r.path == "/v2/app/manifests/1.0") {
      out.headers = {{"Content-Type", kIndexType}};
      out.body = index;
      return out;
    }
    out.status = child_status;
    return out;
  });
  const auto host = server.host();
  const auto serve = [&](std::size_t children, int status) {
    std::string entries;
    for (std::size_t i = 0; i < children; ++i)
      entries += fmt::format(R"({}{{"mediaType":"{}","digest":"{}","size":100}})",
                             i == 0 ? "" : ",", kManifestType, digest_of(std::to_string(i)));
    const std::lock_guard lock(mutex);
    index = index_of(entries);
    child_status = status;
  };
  serve(1, 400);
  auto run = validate(host + "/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("docker://{0}/app:1.0: {0} answered 400 Bad Request for "
                                      "/v2/app/manifests/{1}",
                                      host, digest_of("0")),
             run.error);
  // An index is followed as far as 4096 manifests.
  serve(4100, 404);
  run = validate(host + "/app:1.0");
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("docker://{}/app:1.0 names more than 4096 manifests; "
                                      "ocivalidate stops there",
                                      host),
             run.error);
  BOOST_TEST(server.count("GET", "/v2/app/manifests/sha256:") < 4100u);
  // A digest the registry could answer but ocivalidate cannot check.
  const auto upper = "SHA256:" + std::string(64, 'a');
  run = validate(host + "/app@" + upper);
  BOOST_TEST(!run.validated);
  BOOST_TEST(run.error == fmt::format("docker://{}/app@{}: {} is not a digest ocivalidate can read "
                                      "(ALGORITHM:HEX, lower case)",
                                      host, upper, upper),
             run.error);
  BOOST_TEST(server.count("GET", "/v2/app/manifests/" + upper) == 0u);
}

// The manifests fetched are held until the graph reads them, as documents
// within --max-document-memory: past it the run stops, and says so.
BOOST_AUTO_TEST_CASE(manifests_adding_up_past_the_document_memory_end_the_run) {
  std::map<std::string, std::string> manifests;  // path -> body
  std::string entries;
  std::size_t body_size = 0;  // each body's, all alike
  for (int i = 0; i < 10; ++i) {
    const auto body = fmt::format(
        R"({{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":2}},"layers":[],"annotations":{{"n":"{}{}"}}}})",
        kManifestType, digest_of("{}"), i, std::string(1000, 'x'));
    manifests["/v2/app/manifests/" + digest_of(body)] = body;
    body_size = body.size();
    entries += fmt::format(R"({}{{"mediaType":"{}","digest":"{}","size":{}}})", i == 0 ? "" : ",",
                           kManifestType, digest_of(body), body.size());
  }
  const auto index = index_of(entries);
  ocv::test::FaultServer server([&](const Request& r) {
    Response out;
    if (r.path == "/v2/") return out;
    if (r.path == "/v2/app/manifests/1.0") {
      out.headers = {{"Content-Type", kIndexType}};
      out.body = index;
      return out;
    }
    if (const auto it = manifests.find(r.path); it != manifests.end()) {
      out.headers = {{"Content-Type", kManifestType}};
      out.body = it->second;
      return out;
    }
    out.status = 404;
    return out;
  });
  ocv::registry::RegistryOptions options;
  options.client.first_backoff = std::chrono::milliseconds(20);
  // Room for the index and four and a half manifests: the fifth is one too many.
  options.max_manifest_bytes = index.size() + body_size * 9 / 2;
  std::vector<std::string> notes;
  std::string error;
  try {
    ocv::registry::open_registry("docker://" + server.host() + "/app:1.0", {}, options, notes);
  } catch (const ocv::source::SourceError& e) {
    error = e.what();
  }
  BOOST_TEST(error == fmt::format("docker://{}/app:1.0: the manifests add up to more than {} "
                                  "bytes, the memory the documents may take "
                                  "(--max-document-memory); ocivalidate stops there",
                                  server.host(), options.max_manifest_bytes),
             error);
  BOOST_TEST(server.count("GET", "/v2/app/manifests/sha256:") == 5u);
}

// A referrers list is followed entry by entry: what is not an object or
// names no readable digest, and the subject itself, are not fetched; a
// list that is not an index at all names nothing. (The list's own faults
// are the registry rules' business.)
BOOST_AUTO_TEST_CASE(only_the_usable_entries_of_a_referrers_list_are_followed) {
  Served s;
  const auto artifact = artifact_for(s.image.manifest);
  push_manifest(artifact);
  const auto subject = digest_of(s.image.manifest);
  const auto artifact_digest = digest_of(artifact);
  const auto manifests = [&](const std::string& digest) {
    return s.registry.server().count("GET", "/v2/app/manifests/" + digest);
  };
  s.registry.set_referrers(
      "app", subject,
      index_of(fmt::format(R"(1, "x", {{"digest": 7}}, {{"digest": "not-a-digest"}}, )"
                           R"({{"mediaType":"{}","digest":"{}","size":{}}}, {})",
                           kManifestType, subject, s.image.manifest.size(),
                           listed(artifact, "application/vnd.example.sbom.v1"))));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  BOOST_TEST(manifests(artifact_digest) == 1u);
  // The image was read by its tag; listed as its own referrer, it is not
  // read again.
  BOOST_TEST(manifests(subject) == 0u);
  BOOST_TEST(manifests("1.0") == 1u);
  BOOST_TEST(manifests("not-a-digest") == 0u);
  for (const auto* list : {"[]", R"({"manifests": {}})", "not json"}) {
    s.registry.set_referrers("app", subject, list);
    const auto before = manifests(artifact_digest);
    const auto other = validate(s.ref());
    BOOST_TEST_REQUIRE(other.validated, other.error);
    BOOST_TEST(manifests(artifact_digest) == before, list);
  }
}

// A referrers-list entry whose digest has the general grammar but not its
// algorithm's form (sha256: 64 lowercase hex characters) names no
// manifest: the list is at fault (REG-005, at the entry's digest), the
// registry is not asked for it (distribution answers 400 DIGEST_INVALID),
// and the rest of the list is followed.
BOOST_AUTO_TEST_CASE(a_referrers_list_entry_with_a_malformed_digest_is_reg_005_and_not_fetched) {
  Served s;
  const auto artifact = artifact_for(s.image.manifest);
  push_manifest(artifact);
  const auto subject = digest_of(s.image.manifest);
  const std::string not_hex = "sha256:nothex";
  const std::string short_hex = "sha256:" + std::string(63, 'a');
  const std::string upper_hex = "sha256:" + std::string(64, 'A');
  std::string entries;
  for (const auto& d : {not_hex, short_hex, upper_hex})
    entries += fmt::format(R"({{"mediaType":"{}","digest":"{}","size":2}},)", kManifestType, d);
  s.registry.set_referrers("app", subject,
                           index_of(entries + listed(artifact, "application/vnd.example.sbom.v1")));
  const auto run = validate(s.ref());
  BOOST_TEST_REQUIRE(run.validated, run.error);
  std::vector<std::string> reg005;
  for (const auto& f : run.findings)
    if (f.rule_id == "REG-005")
      reg005.push_back(fmt::format("{} {} {}", f.location.blob, f.location.pointer, f.message));
  const auto at = fmt::format("{}/app referrers of {}", s.registry.host(), subject);
  const std::vector<std::string> expected{
      fmt::format("{} /manifests/0/digest the list names {}, which is not a sha256 digest (sha256 "
                  "needs 64 lowercase hex characters, found 6 characters, not all hex); it was "
                  "not fetched",
                  at, not_hex),
      fmt::format("{} /manifests/1/digest the list names {}, which is not a sha256 digest (sha256 "
                  "needs 64 lowercase hex characters, found 63 characters); it was not fetched",
                  at, short_hex),
      fmt::format("{} /manifests/2/digest the list names {}, which is not a sha256 digest (sha256 "
                  "needs 64 lowercase hex characters, found 64 characters, with upper-case hex); "
                  "it was not fetched",
                  at, upper_hex)};
  BOOST_TEST(reg005 == expected, dump(run.findings));
  for (const auto& d : {not_hex, short_hex, upper_hex})
    BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + d) == 0u, d);
  // The valid entry after them was followed, and is fine.
  BOOST_TEST(s.registry.server().count("GET", "/v2/app/manifests/" + digest_of(artifact)) == 1u);
  BOOST_TEST(ocv::test::rule_ids(run.findings) == std::set<std::string>{"REG-005"},
             dump(run.findings));
}

// Every redirect status of RFC 9110 §15.4 is followed for a manifest,
// a relative Location from the URL asked; a 401 from the host a redirect
// leads to is that host's answer, not a reason to send it credentials.
BOOST_AUTO_TEST_CASE(every_redirect_status_is_followed_and_a_401_elsewhere_ends_the_run) {
  Served s;
  const auto by_digest = "/v2/app/manifests/" + s.image.manifest_digest;
  for (const int status : {301, 302, 303, 307, 308}) {
    const auto before = s.registry.server().count("GET", by_digest);
    s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
      if (r.path != "/v2/app/manifests/1.0") return std::nullopt;
      Response out;
      out.status = status;
      // (RFC 3986 §4.2: a relative path whose first segment holds a
      // colon starts with "./", or it would read as a scheme.)
      out.headers = {{"Location", "./" + s.image.manifest_digest}};
      return out;
    });
    const auto run = validate(s.ref());
    BOOST_TEST_REQUIRE(run.validated, status << ": " << run.error);
    BOOST_TEST(!ocv::test::has_error(run.findings), status << dump(run.findings));
    BOOST_TEST(s.registry.server().count("GET", by_digest) == before + 1, status);
  }
  ocv::test::FaultServer elsewhere(
      [](const Request&) {
        Response out;
        out.status = 401;
        out.headers = {{"WWW-Authenticate", R"(Basic realm="elsewhere")"}};
        return out;
      },
      "127.0.0.2");
  s.registry.set_fault([&](const Request& r) -> std::optional<Response> {
    if (r.path != "/v2/app/manifests/1.0") return std::nullopt;
    Response out;
    out.status = 307;
    out.headers = {{"Location", fmt::format("http://{}/m", elsewhere.host())}};
    return out;
  });
  ocv::registry::RegistryArgs args;
  args.creds = std::string(kUser) + ":" + kPassword;
  const auto run = validate(s.ref(), args);
  BOOST_TEST(!run.validated);
  BOOST_TEST(
      run.error.find(fmt::format("refused the credentials from --creds (401 Unauthorized for "
                                 "http://{}/m)",
                                 elsewhere.host())) != std::string::npos,
      run.error);
  for (const auto& r : elsewhere.requests()) BOOST_TEST(r.header("authorization").empty(), r.path);
}

BOOST_AUTO_TEST_SUITE_END()
