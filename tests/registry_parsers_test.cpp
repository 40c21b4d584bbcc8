// The registry client's parsers: image references as skopeo's docker
// transport spells them, WWW-Authenticate challenges, auth files and
// credential helpers, token answers, Retry-After, --platform,
// certificate directories and the CA bundle read once for every TLS
// connection.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "tests/support/layout_builder.hpp"
#include "validator/graph/platform_filter.hpp"
#include "validator/registry/auth_file.hpp"
#include "validator/registry/cert_dir.hpp"
#include "validator/registry/client.hpp"
#include "validator/registry/credential_helper.hpp"
#include "validator/registry/credentials.hpp"
#include "validator/registry/http_transport.hpp"
#include "validator/registry/open_registry.hpp"
#include "validator/registry/reference.hpp"
#include "validator/registry/token_response.hpp"
#include "validator/registry/trusted_certificates.hpp"
#include "validator/registry/www_authenticate.hpp"

namespace fs = std::filesystem;
using namespace ocv::registry;
using ocv::test::TempDir;

namespace {

ImageReference parsed(const std::string& text) {
  std::string why;
  auto r = parse_reference(text, why);
  BOOST_TEST_REQUIRE(r.has_value(), text << ": " << why);
  return *r;
}

std::string refused(const std::string& text) {
  std::string why;
  const auto r = parse_reference(text, why);
  BOOST_TEST(!r.has_value(), text << " was accepted");
  return why;
}

/// An environment for credential lookups, without the process's own.
struct Env {
  std::map<std::string, std::string> vars;
  Getenv getenv() const {
    return [this](const char* name) -> const char* {
      const auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_parsers)

BOOST_AUTO_TEST_CASE(references_as_skopeo_spells_them) {
  const auto a = parsed("localhost:5000/app:1.0");
  BOOST_TEST(a.registry == "localhost:5000");
  BOOST_TEST(a.repository == "app");
  BOOST_TEST(a.tag == "1.0");
  BOOST_TEST(a.endpoint() == "localhost:5000");
  BOOST_TEST(a.host() == "localhost");
  const auto digest = std::string("sha256:") + std::string(64, 'a');
  const auto b = parsed("registry.example:443/team/app@" + digest);
  BOOST_TEST(b.repository == "team/app");
  BOOST_TEST(b.digest == digest);
  BOOST_TEST(b.tag.empty());
  BOOST_TEST(b.manifest_ref() == digest);
  // Docker Hub: no host, or docker.io, library/ for one component.
  const auto hub = parsed("httpd:2.4");
  BOOST_TEST(hub.registry == "docker.io");
  BOOST_TEST(hub.repository == "library/httpd");
  BOOST_TEST(hub.endpoint() == "registry-1.docker.io");
  BOOST_TEST(parsed("docker.io/bitnami/redis").tag == "latest");
  BOOST_TEST(parsed("index.docker.io/library/httpd:2").registry == "docker.io");
  BOOST_TEST(parsed("[::1]:5000/app:1").host() == "::1");
  BOOST_TEST(parsed("127.0.0.1:5000/a/b/c:v1").str() == "127.0.0.1:5000/a/b/c:v1");
}

BOOST_AUTO_TEST_CASE(references_that_are_not_refused_with_a_reason) {
  BOOST_TEST(refused("").find("no image reference") != std::string::npos);
  BOOST_TEST(refused("localhost:5000/App:1").find("repository name component") !=
             std::string::npos);
  BOOST_TEST(refused("localhost:5000/app:1@sha256:" + std::string(64, 'a')).find("not both") !=
             std::string::npos);
  BOOST_TEST(refused("localhost:5000/app:" + std::string(129, 'x')).find("not a tag") !=
             std::string::npos);
  BOOST_TEST(refused("localhost:5000/app@sha256:xyz").find("not a digest") != std::string::npos);
  BOOST_TEST(refused("localhost:5000/").find("no repository") != std::string::npos);
  BOOST_TEST(refused("///x").find("three") != std::string::npos);
  BOOST_TEST(refused("localhost:5000/" + std::string(260, 'a')).find("255") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(loopback_hosts) {
  for (const auto* h : {"localhost", "127.0.0.1", "127.1.2.3", "::1", "x.localhost"})
    BOOST_TEST(is_loopback_host(h), h);
  for (const auto* h : {"127.0.0.1.example", "10.0.0.1", "localhost.example", "1270.0.0.1"})
    BOOST_TEST(!is_loopback_host(h), h);
}

BOOST_AUTO_TEST_CASE(bearer_and_basic_challenges) {
  const auto c = parse_www_authenticate(
      R"(Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull")");
  BOOST_TEST_REQUIRE(c.size() == 1u);
  BOOST_TEST(c[0].scheme == "bearer");
  BOOST_TEST(c[0].param("realm").value() == "https://auth.example/token");
  BOOST_TEST(c[0].param("service").value() == "registry.example");
  BOOST_TEST(c[0].param("scope").value() == "repository:a/b:pull");
  // Several challenges in one header, mixed case, spaces, escapes, a
  // token68 scheme.
  const auto many = parse_www_authenticate(
      R"(Negotiate abc123==, BASIC realm="say \"hi\"" , Bearer Realm=https://t.example/x , error="invalid_token")");
  BOOST_TEST_REQUIRE(many.size() == 3u);
  BOOST_TEST(many[0].scheme == "negotiate");
  BOOST_TEST(many[0].token68 == "abc123==");
  BOOST_TEST(many[1].scheme == "basic");
  BOOST_TEST(many[1].param("realm").value() == R"(say "hi")");
  BOOST_TEST(many[2].param("realm").value() == "https://t.example/x");
  BOOST_TEST(many[2].param("error").value() == "invalid_token");
}

BOOST_AUTO_TEST_CASE(broken_challenges_end_the_list_without_harm) {
  BOOST_TEST(parse_www_authenticate("").empty());
  BOOST_TEST(parse_www_authenticate(",,, ").empty());
  const auto open_quote = parse_www_authenticate(R"(Bearer realm="https://unterminated)");
  BOOST_TEST_REQUIRE(open_quote.size() == 1u);
  BOOST_TEST(open_quote[0].param("realm").value() == "https://unterminated");
  // A repeated parameter keeps its first value; the number of challenges
  // and parameters is bounded.
  BOOST_TEST(parse_www_authenticate("Bearer realm=a, realm=b")[0].param("realm").value() == "a");
  std::string huge;
  for (int i = 0; i < 100; ++i) huge += fmt::format("S{} p{}=v, ", i, i);
  BOOST_TEST(parse_www_authenticate(huge).size() <= kMaxChallenges);
  std::string params = "Bearer ";
  for (int i = 0; i < 100; ++i) params += fmt::format("p{}=v,", i);
  BOOST_TEST(parse_www_authenticate(params)[0].params.size() <= kMaxParams);
}

BOOST_AUTO_TEST_CASE(auth_files_of_podman_and_docker) {
  const auto file = parse_auth_file(R"({
    "auths": {
      "localhost:5000": {"auth": "dXNlcjpwYXNzOndpdGg6Y29sb25z"},
      "quay.io/team": {"auth": "dGVhbTp0ZWFtcGFzcw=="},
      "quay.io/team/app": {"auth": "YXBwOmFwcHBhc3M="},
      "https://index.docker.io/v1/": {"auth": "aHViOmh1YnBhc3M="},
      "ghcr.io": {"identitytoken": "refresh-me"}
    },
    "credHelpers": {"gcr.io": "gcloud"},
    "credsStore": "pass"
  })");
  const auto local = find_entry(file, "localhost:5000", "app");
  BOOST_TEST_REQUIRE(local.has_value());
  BOOST_TEST(local->username == "user");
  BOOST_TEST(local->password == "pass:with:colons");
  // The most specific key wins.
  BOOST_TEST(find_entry(file, "quay.io", "team/app")->username == "app");
  BOOST_TEST(find_entry(file, "quay.io", "team/other")->username == "team");
  BOOST_TEST(!find_entry(file, "quay.io", "elsewhere").has_value());
  // Docker Hub's legacy key.
  BOOST_TEST(find_entry(file, "docker.io", "library/httpd")->username == "hub");
  BOOST_TEST(find_entry(file, "ghcr.io", "x")->identity_token == "refresh-me");
  BOOST_TEST(helper_for(file, "gcr.io") == "gcloud");
  BOOST_TEST(helper_for(file, "registry.example") == "pass");
}

BOOST_AUTO_TEST_CASE(malformed_auth_files_are_refused_without_quoting_them) {
  const std::string secret = "c2VjcmV0LXdpdGhvdXQtY29sb24=";  // "secret-without-colon"
  for (const std::string& text :
       {std::string("not json"), std::string("[]"), std::string(R"({"auths": []})"),
        R"({"auths": {"h": {"auth": ")" + secret + R"("}}})",
        std::string(R"({"auths": {"h": {"auth": "***"}}})"),
        std::string(R"({"credHelpers": {"h": 1}})")}) {
    try {
      parse_auth_file(text);
      BOOST_ERROR("accepted: " << text);
    } catch (const AuthFileError& e) {
      const std::string what = e.what();
      BOOST_TEST(what.find(secret) == std::string::npos);
      BOOST_TEST(what.find("secret-without-colon") == std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(credentials_come_from_the_first_file_that_knows_the_registry) {
  TempDir dir;
  Env env;
  env.vars["HOME"] = (dir.path() / "home").string();
  env.vars["XDG_RUNTIME_DIR"] = (dir.path() / "run").string();
  const auto reference = parsed("localhost:5000/app:1");
  std::vector<std::string> notes;
  BOOST_TEST(!find_credentials(reference, {}, notes, env.getenv()).has_value());
  // Docker's file alone.
  write(dir.path() / "home/.docker/config.json",
        R"({"auths": {"localhost:5000": {"auth": "ZG9ja2VyOmQtcGFzcw=="}}})");
  auto c = find_credentials(reference, {}, notes, env.getenv());
  BOOST_TEST_REQUIRE(c.has_value());
  BOOST_TEST(c->username == "docker");
  BOOST_TEST(c->origin == (dir.path() / "home/.docker/config.json").string());
  // podman login's file comes first.
  write(dir.path() / "run/containers/auth.json",
        R"({"auths": {"localhost:5000": {"auth": "cG9kbWFuOnAtcGFzcw=="}}})");
  BOOST_TEST(find_credentials(reference, {}, notes, env.getenv())->username == "podman");
  // $REGISTRY_AUTH_FILE replaces them all; --authfile replaces that.
  write(dir.path() / "other.json",
        R"({"auths": {"localhost:5000": {"auth": "ZW52OmUtcGFzcw=="}}})");
  env.vars["REGISTRY_AUTH_FILE"] = (dir.path() / "other.json").string();
  BOOST_TEST(find_credentials(reference, {}, notes, env.getenv())->username == "env");
  write(dir.path() / "flag.json", R"({"auths": {"localhost:5000": {"auth": "ZmxhZzpmLXBhc3M="}}})");
  CredentialOptions options;
  options.auth_file = (dir.path() / "flag.json").string();
  BOOST_TEST(find_credentials(reference, options, notes, env.getenv())->username == "flag");
  // --creds wins over everything.
  options.creds = "cli:c-pass";
  const auto cli = find_credentials(reference, options, notes, env.getenv());
  BOOST_TEST(cli->username == "cli");
  BOOST_TEST(cli->password == "c-pass");
  BOOST_TEST(cli->origin == "--creds");
}

BOOST_AUTO_TEST_CASE(unusable_credentials_named_explicitly_stop_the_run) {
  TempDir dir;
  Env env;
  env.vars["HOME"] = dir.path().string();
  const auto reference = parsed("localhost:5000/app:1");
  std::vector<std::string> notes;
  CredentialOptions options;
  options.creds = "no-colon";
  BOOST_CHECK_THROW(find_credentials(reference, options, notes, env.getenv()), CredentialError);
  options.creds.clear();
  options.auth_file = (dir.path() / "missing.json").string();
  BOOST_CHECK_THROW(find_credentials(reference, options, notes, env.getenv()), CredentialError);
  write(dir.path() / "bad.json", "{");
  options.auth_file = (dir.path() / "bad.json").string();
  BOOST_CHECK_THROW(find_credentials(reference, options, notes, env.getenv()), CredentialError);
  // A broken default file is skipped with a note.
  write(dir.path() / ".docker/config.json", "{");
  BOOST_TEST(!find_credentials(reference, {}, notes, env.getenv()).has_value());
  BOOST_TEST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].find("skipped the auth file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(credential_helpers_are_asked_with_the_docker_protocol) {
  TempDir dir;
  const auto bin = dir.path() / "bin";
  fs::create_directories(bin);
  // A helper that answers for one server and logs what it was asked.
  write(bin / "docker-credential-ocvtest",
        fmt::format("#!/bin/sh\n"
                    "read server\n"
                    "echo \"$1 $server\" >> {0}/asked\n"
                    "if [ \"$server\" = localhost:5000 ]; then\n"
                    "  echo '{{\"ServerURL\":\"localhost:5000\",\"Username\":\"helped\","
                    "\"Secret\":\"h-pass\"}}'\n"
                    "elif [ \"$server\" = tokens.example ]; then\n"
                    "  echo '{{\"Username\":\"<token>\",\"Secret\":\"id-token\"}}'\n"
                    "else\n"
                    "  echo 'credentials not found in native keychain'; exit 1\n"
                    "fi\n",
                    dir.path().string()));
  write(bin / "docker-credential-slow", "#!/bin/sh\nsleep 30\n");
  write(bin / "docker-credential-garbage", "#!/bin/sh\necho 'not json at all'\n");
  write(bin / "docker-credential-failing", "#!/bin/sh\necho 'keychain locked'\nexit 3\n");
  write(bin / "docker-credential-killed", "#!/bin/sh\nkill -9 $$\n");
  for (const auto* h : {"ocvtest", "slow", "garbage", "failing", "killed"})
    fs::permissions(bin / fmt::format("docker-credential-{}", h), fs::perms::owner_all);
  const std::string old_path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  ::setenv("PATH", (bin.string() + ":" + old_path).c_str(), 1);
  const auto found = run_credential_helper("ocvtest", "localhost:5000");
  BOOST_TEST(static_cast<int>(found.status) == static_cast<int>(HelperResult::Status::found));
  BOOST_TEST(found.entry.username == "helped");
  BOOST_TEST(found.entry.password == "h-pass");
  BOOST_TEST(run_credential_helper("ocvtest", "tokens.example").entry.identity_token == "id-token");
  BOOST_TEST(static_cast<int>(run_credential_helper("ocvtest", "other.example").status) ==
             static_cast<int>(HelperResult::Status::not_found));
  const auto slow = run_credential_helper("slow", "x", std::chrono::milliseconds(300));
  BOOST_TEST(slow.why.find("did not answer") != std::string::npos);
  const auto garbage = run_credential_helper("garbage", "x");
  BOOST_TEST(garbage.why.find("not its JSON answer") != std::string::npos);
  BOOST_TEST(garbage.why.find("not json at all") == std::string::npos);
  BOOST_TEST(run_credential_helper("absent-helper", "x").why.find("not installed") !=
             std::string::npos);
  BOOST_TEST(run_credential_helper("../evil", "x").why.find("not a credential helper name") !=
             std::string::npos);
  // Through a config file: credHelpers per registry, credsStore for the rest.
  Env env;
  env.vars["HOME"] = dir.path().string();
  write(dir.path() / ".docker/config.json",
        R"({"auths": {"localhost:5000": {}}, "credHelpers": {"localhost:5000": "ocvtest"}})");
  std::vector<std::string> notes;
  const auto c = find_credentials(parsed("localhost:5000/app:1"), {}, notes, env.getenv());
  BOOST_TEST_REQUIRE(c.has_value());
  BOOST_TEST(c->password == "h-pass");
  BOOST_TEST(c->origin.find("docker-credential-ocvtest") != std::string::npos);
  BOOST_TEST(notes.empty());
  // A helper that fails says how; one that does not know the registry is
  // the answer (no credentials) without a note; either way no other file
  // is asked.
  const auto failing = run_credential_helper("failing", "x");
  BOOST_TEST(static_cast<int>(failing.status) == static_cast<int>(HelperResult::Status::failed));
  BOOST_TEST(failing.why == "docker-credential-failing get failed (exit code 3)", failing.why);
  BOOST_TEST(run_credential_helper("killed", "x").why ==
             "docker-credential-killed get was ended by signal 9");
  // containers/auth.json is read before Docker's config.json.
  const auto config = (dir.path() / ".config/containers/auth.json").string();
  write(config, R"({"credHelpers": {"localhost:5000": "failing", "other.example": "ocvtest"}})");
  write(dir.path() / ".docker/config.json",
        R"({"auths": {"other.example": {"auth": "b3RoZXI6cGFzcw=="}}})");
  BOOST_TEST(!find_credentials(parsed("localhost:5000/app:1"), {}, notes, env.getenv()));
  BOOST_TEST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0] == fmt::format("no credentials from failing (named in {}): "
                                     "docker-credential-failing get failed (exit code 3)",
                                     config));
  notes.clear();
  BOOST_TEST(!find_credentials(parsed("other.example/app:1"), {}, notes, env.getenv()));
  BOOST_TEST(notes.empty());
  ::setenv("PATH", old_path.c_str(), 1);
  std::ifstream asked(dir.path() / "asked");
  std::string first;
  std::getline(asked, first);
  BOOST_TEST(first == "get localhost:5000");
}

BOOST_AUTO_TEST_CASE(token_answers_and_retry_after) {
  std::string why;
  const auto t = parse_token_response(R"({"token":"abc","expires_in":300})", why);
  BOOST_TEST_REQUIRE(t.has_value());
  BOOST_TEST(t->token == "abc");
  BOOST_TEST(t->expires_in.count() == 300);
  BOOST_TEST(parse_token_response(R"({"access_token":"x"})", why)->expires_in.count() == 60);
  for (const auto* bad : {"{}", "[]", "x", R"({"token":""})", R"({"token":"a b"})",
                          "{\"token\":\"a\\r\\nX-Injected: 1\"}"}) {
    BOOST_TEST(!parse_token_response(bad, why).has_value(), bad);
    BOOST_TEST(why.find("a b") == std::string::npos);
  }
  BOOST_TEST(parse_retry_after("3")->count() == 3);
  BOOST_TEST(parse_retry_after(" 0 ")->count() == 0);
  BOOST_TEST(!parse_retry_after("-1").has_value());
  BOOST_TEST(!parse_retry_after("soon").has_value());
  BOOST_TEST((parse_retry_after("99999999999999999999999") == std::chrono::seconds::max()));
  const auto now =
      std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  BOOST_TEST(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now)->count() == 30);
  BOOST_TEST(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now)->count() == 0);
}

BOOST_AUTO_TEST_CASE(platforms_select_index_entries) {
  std::string why;
  const auto f = ocv::graph::parse_platform("linux/arm64/v8", why);
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST(f->str() == "linux/arm64/v8");
  for (const auto* bad : {"linux", "linux/", "/amd64", "a/b/c/d", "linux/arm/"})
    BOOST_TEST(!ocv::graph::parse_platform(bad, why).has_value(), bad);
  rapidjson::Document d;
  d.Parse(R"({"platform":{"os":"linux","architecture":"arm64"}})");
  BOOST_TEST(ocv::graph::platform_selected(d, *f));  // arm64 is v8 unless said otherwise
  BOOST_TEST(ocv::graph::platform_selected(d, *ocv::graph::parse_platform("linux/arm64", why)));
  BOOST_TEST(!ocv::graph::platform_selected(d, *ocv::graph::parse_platform("linux/amd64", why)));
  d.Parse(R"({"digest":"sha256:x"})");
  BOOST_TEST(ocv::graph::platform_selected(d, *f));  // no platform: followed
}

BOOST_AUTO_TEST_CASE(certificate_directories) {
  TempDir dir;
  TlsSettings tls;
  write(dir.path() / "ca.crt", "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n");
  write(dir.path() / "client.cert", "cert");
  write(dir.path() / "client.key", "key");
  read_cert_dir(dir.path().string(), tls);
  BOOST_TEST(tls.extra_ca_pem.find("BEGIN CERTIFICATE") != std::string::npos);
  BOOST_TEST(tls.client_cert_file == (dir.path() / "client.cert").string());
  BOOST_TEST(tls.client_key_file == (dir.path() / "client.key").string());
  fs::remove(dir.path() / "client.key");
  BOOST_CHECK_THROW(read_cert_dir(dir.path().string(), tls), CertDirError);
  BOOST_CHECK_THROW(read_cert_dir((dir.path() / "none").string(), tls), CertDirError);
  fs::create_directories(dir.path() / "d/registry.example:5000");
  const auto root = (dir.path() / "d").string();
  BOOST_TEST(default_cert_dir("registry.example:5000", {root}).value() ==
             root + "/registry.example:5000");
  BOOST_TEST(!default_cert_dir("other:5000", {root}).has_value());
}

BOOST_AUTO_TEST_CASE(ca_bundles_are_parsed_once_and_shared_by_reference) {
  // Two self-signed EC certificates made with `openssl req -x509` for
  // this test, with text around them as a CA bundle may have.
  const std::string first = R"(-----BEGIN CERTIFICATE-----
MIIBlzCCAT2gAwIBAgIUfWEir8NeTukKdbl5iNeKbis4fzEwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVb2NpdmFsaWRhdGUgdGVzdCBDQSBhMCAXDTI2MTIwNTE0NTQ0
NFoYDzIxMjYxMTExMTQ1NDQ0WjAgMR4wHAYDVQQDDBVvY2l2YWxpZGF0ZSB0ZXN0
IENBIGEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATGApoxkR3B+xED2csZ6nCW
Xjj7vbLzytmSCSZKOk0UaRJ3HfD3VLdc0SKnNX74g0JUFGDEPUQ+h7N5tJLt5b+F
o1MwUTAdBgNVHQ4EFgQUG1ULnvd48K3YbK/Di6rqkVXC4DowHwYDVR0jBBgwFoAU
G1ULnvd48K3YbK/Di6rqkVXC4DowDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
AgNIADBFAiA0opTIrdRWv/Hes4swqgMEjo56UBIGUBik0uoIzUIuRwIhAKx4YBpD
bQQNyZG9+CvGPEhjCc+8cw8vDjGYxsP7itVn
-----END CERTIFICATE-----)";
  const std::string second = R"(-----BEGIN CERTIFICATE-----
MIIBmDCCAT2gAwIBAgIUEX33+WvWFJc8B5SwEgT3JHqWNqgwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVb2NpdmFsaWRhdGUgdGVzdCBDQSBiMCAXDTI2MTIwNTE0NTQ0
NFoYDzIxMjYxMTExMTQ1NDQ0WjAgMR4wHAYDVQQDDBVvY2l2YWxpZGF0ZSB0ZXN0
IENBIGIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQS1E7rFSovYpT5L2+AGjwE
VYyM0D1a+bXMW3ufXqhGg/6o9eUC1piwY0Lp1rUKDbnvFY5yiPJIxOPGdyQm1I8e
o1MwUTAdBgNVHQ4EFgQU41dE3CSTcrwpT+auUYrsoIpyZoswHwYDVR0jBBgwFoAU
41dE3CSTcrwpT+auUYrsoIpyZoswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
AgNJADBGAiEAowy9WRIc4l7mvQE6QRuY3viNNJjrgOWHPXII5zvC4tECIQCvRHAu
xdAucDd6AOFf9oX9WkNT8nGHW4/DiC5wb47IAQ==
-----END CERTIFICATE-----)";
  const TrustedCertificates two("# a comment\n" + first + "\n\ntext between\n" + second +
                                "\ntrailing text\n");
  BOOST_TEST(two.size() == 2u);
  BOOST_TEST(TrustedCertificates("").size() == 0u);
  // A block that is not a certificate ends the reading, never the run.
  BOOST_TEST(
      TrustedCertificates("-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n").size() ==
      0u);
  // Each connection's context gets them in its own store (a repeated one
  // once), and the certificates outlive the bundle object.
  SSL_CTX* a = SSL_CTX_new(TLS_client_method());
  SSL_CTX* b = SSL_CTX_new(TLS_client_method());
  BOOST_TEST_REQUIRE((a != nullptr && b != nullptr));
  {
    const TrustedCertificates three(first + "\n" + second + "\n" + first + "\n");
    BOOST_TEST(three.size() == 3u);
    BOOST_TEST(three.add_to(a));
    BOOST_TEST(three.add_to(b));
    BOOST_TEST(three.add_to(b));
  }
  for (auto* ctx : {a, b})
    BOOST_TEST(sk_X509_OBJECT_num(X509_STORE_get0_objects(SSL_CTX_get_cert_store(ctx))) == 2);
  SSL_CTX_free(a);
  SSL_CTX_free(b);
}

BOOST_AUTO_TEST_CASE(urls_and_origins) {
  BOOST_TEST(resolve_url("https://r.example/v2/a/blobs/x", "/other/place").value() ==
             "https://r.example/other/place");
  BOOST_TEST(resolve_url("https://r.example/v2/a", "https://s3.example/b?sig=1").value() ==
             "https://s3.example/b?sig=1");
  BOOST_TEST(!resolve_url("https://r.example/v2/a", "file:///etc/passwd").has_value());
  BOOST_TEST(origin_of("https://R.example/v2/") == "https://r.example:443");
  BOOST_TEST(origin_of("http://127.0.0.1:5000/x") == "http://127.0.0.1:5000");
  BOOST_TEST(origin_of("https://r.example:443/a") == origin_of("https://r.example/b"));
}

// distribution-spec § Error codes: an error body is {"errors": [{"code",
// "message", "detail"}]}. What a server sends is quoted: the first two
// errors that say something, printable ASCII only, each bounded.
BOOST_AUTO_TEST_CASE(error_answers_are_described_with_the_registry_s_codes_quoted_safely) {
  HttpResponse r;
  r.status = 404;
  BOOST_TEST(RegistryClient::describe(r, "") == "404 Not Found");
  BOOST_TEST(RegistryClient::describe(r, R"({"errors":[{"code":"MANIFEST_UNKNOWN",)"
                                         R"("message":"manifest unknown"}]})") ==
             "404 Not Found (MANIFEST_UNKNOWN: manifest unknown)");
  // Not an error body: the status alone.
  BOOST_TEST(RegistryClient::describe(r, "<html>not found</html>") == "404 Not Found");
  BOOST_TEST(RegistryClient::describe(r, R"(["errors"])") == "404 Not Found");
  BOOST_TEST(RegistryClient::describe(r, R"({"errors":"MANIFEST_UNKNOWN"})") == "404 Not Found");
  BOOST_TEST(RegistryClient::describe(r, R"({"errors":[1, {}, {"code":7}]})") == "404 Not Found");
  // A code or a message alone; entries that say nothing do not count
  // towards the two quoted.
  r.status = 401;
  BOOST_TEST(RegistryClient::describe(r, R"({"errors":[{"message":"log in first"}, {},)"
                                         R"({"code":"UNAUTHORIZED"},{"code":"DENIED"}]})") ==
             "401 Unauthorized (log in first; UNAUTHORIZED)");
  // Control characters and non-ASCII become '?'; long texts are cut.
  r.status = 500;
  const auto long_message = std::string(300, 'm');
  const auto described = RegistryClient::describe(
      r,
      fmt::format(R"({{"errors":[{{"code":"E\u001b[31m\u00e9","message":"{}"}}]}})", long_message));
  BOOST_TEST(described ==
             fmt::format("500 Internal Server Error (E?[31m??: {}...)", std::string(200, 'm')));
  for (const auto& [status, text] : std::map<long, std::string>{{400, "400 Bad Request"},
                                                                {403, "403 Forbidden"},
                                                                {405, "405 Method Not Allowed"},
                                                                {429, "429 Too Many Requests"},
                                                                {502, "502 Bad Gateway"},
                                                                {503, "503 Service Unavailable"},
                                                                {504, "504 Gateway Timeout"},
                                                                {418, "HTTP status 418"}}) {
    r.status = status;
    BOOST_TEST(RegistryClient::describe(r, "{}") == text);
  }
}

BOOST_AUTO_TEST_CASE(headers_are_looked_up_by_lower_case_name_and_lengths_read_strictly) {
  HttpResponse r;
  BOOST_TEST(!r.header("content-length").has_value());
  BOOST_TEST(!r.content_length().has_value());
  r.headers = {{"link", "<a>"}, {"content-length", "12"}, {"link", "<b>"}};
  BOOST_TEST(r.header("link").value() == "<a>");
  BOOST_TEST(r.all("link").size() == 2u);
  BOOST_TEST(r.all("link").at(1) == "<b>");
  BOOST_TEST(r.all("warning").empty());
  BOOST_TEST(r.content_length().value() == 12u);
  for (const char* bad : {"", "12 ", "-1", "0x10", "99999999999999999999999"}) {
    r.headers = {{"content-length", bad}};
    BOOST_TEST(!r.content_length().has_value(), bad);
  }
}

// Each malformed part of an auth file has its own message, which names the
// part and never quotes a value.
BOOST_AUTO_TEST_CASE(each_malformed_part_of_an_auth_file_is_named) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"auths": 1})", R"("auths" is not an object)"},
      {R"({"auths": {"h.example": "x"}})", "the auths entry for h.example is not an object"},
      {R"({"auths": {"h.example": {"username": 5}}})",
       R"("username" of the auths entry for h.example is not a string)"},
      {R"({"auths": {"h.example": {"auth": "dTpw", "identitytoken": []}}})",
       R"("identitytoken" of the auths entry for h.example is not a string)"},
      {R"({"auths": {"h.example": {"auth": "!!"}}})",
       R"("auth" of the auths entry for h.example is not base64)"},
      {R"({"credHelpers": []})", R"("credHelpers" is not an object)"},
      {R"({"credHelpers": {"h.example": null}})", R"(a "credHelpers" entry is not a string)"},
      {R"({"credsStore": true})", R"("credsStore" of the file is not a string)"},
      {"7", "not a JSON object"},
      {"{\"auths\": {\"h\xff\": {}}}", "not JSON (Invalid encoding in string. at byte 13)"},
  };
  for (const auto& [text, message] : cases) {
    try {
      parse_auth_file(text);
      BOOST_ERROR("accepted: " << text);
    } catch (const AuthFileError& e) {
      BOOST_TEST(std::string(e.what()) == message, text << ": " << e.what());
    }
  }
}

BOOST_AUTO_TEST_CASE(auth_entries_written_in_parts_and_null_members) {
  const auto file = parse_auth_file(R"({
    "auths": {
      "parts.example": {"auth": null, "username": "u", "password": "p"},
      "both.example": {"auth": "YTpi", "username": "ignored", "password": "ignored"},
      "https://registry-1.docker.io/v2/": {"auth": "aHViOmh1YnBhc3M="}
    },
    "credsStore": null
  })");
  const auto parts = find_entry(file, "parts.example", "app");
  BOOST_TEST_REQUIRE(parts.has_value());
  BOOST_TEST(parts->username == "u");
  BOOST_TEST(parts->password == "p");
  // "auth" wins over the separate members.
  BOOST_TEST(find_entry(file, "both.example", "app")->username == "a");
  BOOST_TEST(find_entry(file, "both.example", "app")->password == "b");
  BOOST_TEST(find_entry(file, "docker.io", "library/x")->username == "hub");
  BOOST_TEST(file.creds_store.empty());
  BOOST_TEST(helper_for(file, "parts.example").empty());
}

BOOST_AUTO_TEST_CASE(registry_keys_are_normalized_as_docker_login_writes_them) {
  for (const auto& [key, normal] : std::map<std::string, std::string>{
           {"https://index.docker.io/v1/", "docker.io"},
           {"http://index.docker.io/v1/", "docker.io"},
           {"index.docker.io", "docker.io"},
           {"registry-1.docker.io/library/httpd", "docker.io/library/httpd"},
           {"https://localhost:5000/v2/", "localhost:5000"},
           {"quay.io/team//", "quay.io/team"},
           {"quay.io", "quay.io"},
           {"docker.io/library", "docker.io/library"}})
    BOOST_TEST(normalize_registry_key(key) == normal, key);
}

BOOST_AUTO_TEST_CASE(auth_files_are_looked_for_where_podman_and_docker_keep_them) {
  const auto paths = [](std::map<std::string, std::string> vars, std::string flag = "") {
    Env env;
    env.vars = std::move(vars);
    CredentialOptions options;
    options.auth_file = std::move(flag);
    return auth_file_paths(options, env.getenv());
  };
  using V = std::vector<std::string>;
  BOOST_TEST(paths({}) == V{});
  BOOST_TEST(paths({{"HOME", "/h"}}) ==
             (V{"/h/.config/containers/auth.json", "/h/.docker/config.json"}));
  BOOST_TEST(paths({{"HOME", "/h"}, {"XDG_RUNTIME_DIR", "/run/u"}}) ==
             (V{"/run/u/containers/auth.json", "/h/.config/containers/auth.json",
                "/h/.docker/config.json"}));
  // Empty variables count as unset.
  BOOST_TEST(paths({{"HOME", "/h"},
                    {"XDG_RUNTIME_DIR", ""},
                    {"REGISTRY_AUTH_FILE", ""},
                    {"XDG_CONFIG_HOME", ""},
                    {"DOCKER_CONFIG", ""}}) ==
             (V{"/h/.config/containers/auth.json", "/h/.docker/config.json"}));
  BOOST_TEST(paths({{"XDG_CONFIG_HOME", "/c"}, {"DOCKER_CONFIG", "/d"}}) ==
             (V{"/c/containers/auth.json", "/d/config.json"}));
  BOOST_TEST(paths({{"HOME", "/h"}, {"REGISTRY_AUTH_FILE", "/e.json"}}) == V{"/e.json"});
  BOOST_TEST(paths({{"REGISTRY_AUTH_FILE", "/e.json"}}, "/f.json") == V{"/f.json"});
}

BOOST_AUTO_TEST_CASE(credentials_that_cannot_log_in_are_passed_over) {
  TempDir dir;
  Env env;
  env.vars["HOME"] = dir.path().string();
  std::vector<std::string> notes;
  const auto reference = parsed("localhost:5000/app:1");
  CredentialOptions options;
  options.creds = ":no-user";
  BOOST_CHECK_THROW(find_credentials(reference, options, notes, env.getenv()), CredentialError);
  // A user without a password is no login: the next file is asked.
  write(dir.path() / ".config/containers/auth.json",
        R"({"auths": {"localhost:5000": {"username": "only-a-user"}}})");
  write(dir.path() / ".docker/config.json",
        R"({"auths": {"localhost:5000": {"identitytoken": "refresh"}}})");
  const auto c = find_credentials(reference, {}, notes, env.getenv());
  BOOST_TEST_REQUIRE(c.has_value());
  BOOST_TEST(c->identity_token == "refresh");
  BOOST_TEST(c->origin == (dir.path() / ".docker/config.json").string());
  BOOST_TEST(notes.empty());
  // A file larger than 4 MiB is skipped with a note.
  write(dir.path() / ".config/containers/auth.json", std::string((4u << 20) + 1, ' '));
  BOOST_TEST(find_credentials(reference, {}, notes, env.getenv())->identity_token == "refresh");
  BOOST_TEST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0] == fmt::format("skipped the auth file {}: larger than 4 MiB",
                                     (dir.path() / ".config/containers/auth.json").string()));
}

BOOST_AUTO_TEST_CASE(credential_helper_names_and_answers) {
  for (const auto* good : {"pass", "ecr-login", "gcloud", "osxkeychain", "a.b_c-1",
                           "x234567890123456789012345678901234567890123456789012345678901234"})
    BOOST_TEST(valid_helper_name(good), good);
  for (const auto* bad : {"", "a/b", "../x", "a b", "a;b", "$(x)",
                          "x2345678901234567890123456789012345678901234567890123456789012345"})
    BOOST_TEST(!valid_helper_name(bad), bad);
  const auto user = parse_helper_output(R"({"Username":"u","Secret":"s"})");
  BOOST_TEST_REQUIRE(user.has_value());
  BOOST_TEST(user->username == "u");
  BOOST_TEST(user->password == "s");
  BOOST_TEST(user->identity_token.empty());
  const auto token = parse_helper_output(R"({"Username":"<token>","Secret":"t"})");
  BOOST_TEST_REQUIRE(token.has_value());
  BOOST_TEST(token->identity_token == "t");
  BOOST_TEST(token->username.empty());
  // Without a user name, the secret is a password for no one in particular.
  BOOST_TEST(parse_helper_output(R"({"Secret":"s"})")->password == "s");
  for (const auto* bad :
       {R"({"Username":"u"})", R"({"Username":"u","Secret":""})", R"({"Username":1,"Secret":"s"})",
        R"({"Username":"u","Secret":2})", R"(["Username","Secret"])", "{", ""})
    BOOST_TEST(!parse_helper_output(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(reference_domains_and_repositories_at_their_edges) {
  // An upper-case first component can only be a host.
  BOOST_TEST(parsed("Registry/app:1").registry == "Registry");
  BOOST_TEST(parsed("localhost/app").registry == "localhost");
  BOOST_TEST(parsed("localhost/app").tag == "latest");
  BOOST_TEST(parsed("index.docker.io/x").repository == "library/x");
  BOOST_TEST(parsed("docker.io/team/x").repository == "team/x");
  BOOST_TEST(parsed("a.example/b__c/d-e/f.g:v").repository == "b__c/d-e/f.g");
  BOOST_TEST(refused("bad_host.example/app") ==
             R"("bad_host.example" is not a registry host[:port])");
  BOOST_TEST(refused("localhost:5000/app/") == "the repository name ends with '/'");
  BOOST_TEST(refused("localhost:5000/a//b") ==
             R"("" is not a repository name component (lower-case letters and digits, )"
             R"(separated by '.', '_', '__' or '-'))");
  BOOST_TEST(refused("localhost:5000/app:") ==
             R"("" is not a tag (letters, digits, '_', '.', '-'; at most 128))");
  BOOST_TEST(refused("localhost:5000/app@sha256:abc") ==
             R"("sha256:abc" is not a digest (ALGORITHM:HEX, such as sha256:...))");
  BOOST_TEST(refused("localhost:5000:1/app") ==
             R"("localhost:5000:1" is not a registry host[:port])");
  BOOST_TEST(parsed("r.example/app@sha256:" + std::string(64, 'f')).str() ==
             "r.example/app@sha256:" + std::string(64, 'f'));
}

BOOST_AUTO_TEST_CASE(token_query_values_are_percent_encoded_and_relative_locations_resolved) {
  // RFC 3986 §2.3: only unreserved characters stay as they are.
  for (const auto& [text, encoded] : std::map<std::string, std::string>{
           {"repository:team/app:pull", "repository%3Ateam%2Fapp%3Apull"},
           {"Registry Service", "Registry%20Service"},
           {"a-b_c.d~e", "a-b_c.d~e"},
           {"", ""},
           {"\xc3\xa9&=?+", "%C3%A9%26%3D%3F%2B"}})
    BOOST_TEST(url_encode(text) == encoded, text);
  BOOST_TEST(resolve_url("https://r.example/v2/a/blobs/x", "y?z=1").value() ==
             "https://r.example/v2/a/blobs/y?z=1");
  BOOST_TEST(resolve_url("https://r.example/v2/a", "//cdn.example/b").value() ==
             "https://cdn.example/b");
  BOOST_TEST(resolve_url("http://127.0.0.1:5000/v2/", "http://[::1]:5000/x").value() ==
             "http://[::1]:5000/x");
  for (const auto* refused : {"ftp://r.example/x", "data:text/plain,x", "javascript:alert(1)"})
    BOOST_TEST(!resolve_url("https://r.example/v2/a", refused).has_value(), refused);
  BOOST_TEST(!resolve_url("not a url", "/x").has_value());
  BOOST_TEST(origin_of("http://[::1]:5000/x") == "http://[::1]:5000");
  // What is not a URL is its own origin, equal to no registry's.
  BOOST_TEST(origin_of("not a url") == "not a url");
}

// credsStore names the helper for every registry the file has no entry
// for; a helper that does not know the registry is the answer, and no
// later file is asked (as docker and podman do).
BOOST_AUTO_TEST_CASE(the_credentials_store_answers_for_every_other_registry) {
  TempDir dir;
  const auto bin = dir.path() / "bin";
  write(bin / "docker-credential-ocvstore",
        "#!/bin/sh\nread server\n"
        "if [ \"$server\" = store.example ]; then\n"
        "  echo '{\"Username\":\"stored\",\"Secret\":\"s-pass\"}'\n"
        "else\n  echo 'credentials not found in native keychain'; exit 1\nfi\n");
  fs::permissions(bin / "docker-credential-ocvstore", fs::perms::owner_all);
  const std::string old_path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  ::setenv("PATH", (bin.string() + ":" + old_path).c_str(), 1);
  Env env;
  env.vars["HOME"] = dir.path().string();
  const auto config = (dir.path() / ".config/containers/auth.json").string();
  write(config, R"({"auths": {"listed.example": {"auth": "bGlzdGVkOmwtcGFzcw=="}},
                    "credsStore": "ocvstore"})");
  write(dir.path() / ".docker/config.json",
        R"({"auths": {"other.example": {"auth": "b3RoZXI6by1wYXNz"}}})");
  std::vector<std::string> notes;
  const auto stored = find_credentials(parsed("store.example/app:1"), {}, notes, env.getenv());
  BOOST_TEST_REQUIRE(stored.has_value());
  BOOST_TEST(stored->username == "stored");
  BOOST_TEST(stored->origin == fmt::format("docker-credential-ocvstore (named in {})", config));
  // An entry of the file comes before the store.
  BOOST_TEST(find_credentials(parsed("listed.example/app:1"), {}, notes, env.getenv())->username ==
             "listed");
  // The store does not know it: no credentials, though the next file has some.
  BOOST_TEST(!find_credentials(parsed("other.example/app:1"), {}, notes, env.getenv()));
  BOOST_TEST(notes.empty());
  ::setenv("PATH", old_path.c_str(), 1);
}

// Token answers at their edges: a "token" that is no string gives way to
// "access_token"; a DEL character is refused as a control character is;
// an expires_in that is not a positive integer leaves the 60 s default.
// Retry-After: blanks alone, a number with a tail, a date with a tail.
BOOST_AUTO_TEST_CASE(token_answers_and_retry_after_at_their_edges) {
  std::string why;
  const auto fallback = parse_token_response(R"({"token":5,"access_token":"t-2"})", why);
  BOOST_TEST_REQUIRE(fallback.has_value(), why);
  BOOST_TEST(fallback->token == "t-2");
  BOOST_TEST(!parse_token_response("{\"token\":\"a\\u007fb\"}", why).has_value());
  BOOST_TEST(why == "the token server's token has characters a header cannot carry");
  for (const auto* body :
       {R"({"token":"a","expires_in":-5})", R"({"token":"a","expires_in":"300"})",
        R"({"token":"a","expires_in":0})"})
    BOOST_TEST(parse_token_response(body, why)->expires_in.count() == 60, body);
  BOOST_TEST(
      parse_token_response(R"({"token":"a","expires_in":999999})", why)->expires_in.count() ==
      86400);
  BOOST_TEST(!parse_retry_after("   ").has_value());
  BOOST_TEST(!parse_retry_after("").has_value());
  BOOST_TEST(!parse_retry_after("3x").has_value());
  BOOST_TEST(!parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT tomorrow").has_value());
}

// Challenges at their edges: tabs for spaces, an escape at the very end
// of an open quoted string, a scheme with nothing after it, a token68 at
// the end of the header, and text after a challenge that is neither a
// parameter nor a comma, which ends the list.
BOOST_AUTO_TEST_CASE(challenges_at_their_edges) {
  const auto tabs = parse_www_authenticate("Bearer\trealm=\thttps://t.example/x\t,\tservice=s");
  BOOST_TEST_REQUIRE(tabs.size() == 1u);
  BOOST_TEST(tabs[0].param("realm").value() == "https://t.example/x");
  BOOST_TEST(tabs[0].param("service").value() == "s");
  const auto escape_at_end = parse_www_authenticate(R"(Basic realm="abc\)");
  BOOST_TEST_REQUIRE(escape_at_end.size() == 1u);
  BOOST_TEST(escape_at_end[0].param("realm").value() == R"(abc\)");
  const auto bare = parse_www_authenticate("Basic, Bearer realm=r");
  BOOST_TEST_REQUIRE(bare.size() == 2u);
  BOOST_TEST(bare[0].scheme == "basic");
  BOOST_TEST(bare[0].params.empty());
  BOOST_TEST(bare[1].param("realm").value() == "r");
  const auto token68 = parse_www_authenticate("Negotiate abc");
  BOOST_TEST_REQUIRE(token68.size() == 1u);
  BOOST_TEST(token68[0].token68 == "abc");
  const auto padded = parse_www_authenticate("Negotiate abc==");
  BOOST_TEST_REQUIRE(padded.size() == 1u);
  BOOST_TEST(padded[0].token68 == "abc==");
  const auto garbage = parse_www_authenticate(R"(Bearer realm="r" ;junk, Basic realm="b")");
  BOOST_TEST_REQUIRE(garbage.size() == 1u);
  BOOST_TEST(garbage[0].param("realm").value() == "r");
  const auto trailing = parse_www_authenticate(R"(Bearer realm="r", =x)");
  BOOST_TEST_REQUIRE(trailing.size() == 1u);
  BOOST_TEST(trailing[0].params.size() == 1u);
}

// Where the credentials are looked for when the environment names empty
// directories, or no HOME at all; a helper for Docker Hub is asked for
// the server name docker login stores.
BOOST_AUTO_TEST_CASE(auth_file_paths_follow_the_environment) {
  Env env;
  BOOST_TEST(auth_file_paths({}, env.getenv()).empty());
  env.vars["HOME"] = "/home/u";
  env.vars["XDG_CONFIG_HOME"] = "";
  env.vars["DOCKER_CONFIG"] = "";
  env.vars["XDG_RUNTIME_DIR"] = "";
  env.vars["REGISTRY_AUTH_FILE"] = "";
  BOOST_TEST(auth_file_paths({}, env.getenv()) ==
                 (std::vector<std::string>{"/home/u/.config/containers/auth.json",
                                           "/home/u/.docker/config.json"}),
             fmt::format("{}", fmt::join(auth_file_paths({}, env.getenv()), " ")));
  env.vars["XDG_CONFIG_HOME"] = "/cfg";
  env.vars["DOCKER_CONFIG"] = "/dock";
  BOOST_TEST(auth_file_paths({}, env.getenv()) ==
             (std::vector<std::string>{"/cfg/containers/auth.json", "/dock/config.json"}));
  CredentialOptions options;
  options.auth_file = "/given.json";
  BOOST_TEST(auth_file_paths(options, env.getenv()) == std::vector<std::string>{"/given.json"});
  env.vars["REGISTRY_AUTH_FILE"] = "/env.json";
  BOOST_TEST(auth_file_paths({}, env.getenv()) == std::vector<std::string>{"/env.json"});
}

// An auth file is bounded: past 10,000 entries of auths or credHelpers it
// is refused (a file is never a reason to use memory without bound).
BOOST_AUTO_TEST_CASE(auth_files_with_too_many_entries_are_refused) {
  for (const auto& [member, value, says] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"auths", "{}", "more than 10000 auths entries"},
           {"credHelpers", "\"h\"", "more than 10000 credHelpers entries"}}) {
    std::string entries;
    for (int i = 0; i <= 10000; ++i)
      entries += fmt::format(R"({}"r{}.example":{})", i == 0 ? "" : ",", i, value);
    try {
      parse_auth_file(fmt::format(R"({{"{}":{{{}}}}})", member, entries));
      BOOST_ERROR("accepted " << member);
    } catch (const AuthFileError& e) {
      BOOST_TEST(std::string(e.what()) == says);
    }
  }
}

// Unusable --creds and --cert-dir end the run before any request, with
// the reason.
BOOST_AUTO_TEST_CASE(unusable_credentials_or_certificates_stop_open_registry) {
  TempDir dir;
  const auto open = [](const RegistryArgs& args) {
    std::vector<std::string> notes;
    try {
      open_registry("docker://127.0.0.1:1/app:1", args, RegistryOptions{}, notes);
    } catch (const ocv::source::SourceError& e) {
      return std::string(e.what());
    }
    return std::string("opened");
  };
  RegistryArgs creds;
  creds.creds = "no-colon";
  BOOST_TEST(open(creds) == "--creds takes USERNAME:PASSWORD");
  write(dir.path() / "ca.crt", "not a certificate");
  RegistryArgs certs;
  certs.cert_dir = dir.path().string();
  BOOST_TEST(open(certs) == (dir.path() / "ca.crt").string() + ": not a PEM certificate");
}

// A loopback name is four decimal parts after 127.
BOOST_AUTO_TEST_CASE(loopback_hosts_are_numbers) {
  BOOST_TEST(!is_loopback_host("127.a.0.1"));
  BOOST_TEST(!is_loopback_host("127.0.1"));
  BOOST_TEST(parsed("index.docker.io/team/app").registry == "docker.io");
  BOOST_TEST(parsed("index.docker.io/team/app").endpoint() == "registry-1.docker.io");
}

// A helper for Docker Hub is asked for the server name docker login
// stores (its legacy index URL); a helper that is there but cannot be
// run says why.
BOOST_AUTO_TEST_CASE(docker_hub_s_helper_is_asked_for_its_legacy_server_name) {
  TempDir dir;
  const auto bin = dir.path() / "bin";
  write(bin / "docker-credential-ocvhub",
        "#!/bin/sh\nread server\n"
        "if [ \"$server\" = https://index.docker.io/v1/ ]; then\n"
        "  echo '{\"Username\":\"hub\",\"Secret\":\"hub-pass\"}'\n"
        "else\n  echo 'credentials not found in native keychain'; exit 1\nfi\n");
  fs::permissions(bin / "docker-credential-ocvhub", fs::perms::owner_all);
  write(bin / "docker-credential-ocvplain", "#!/bin/sh\necho '{}'\n");
  fs::permissions(bin / "docker-credential-ocvplain", fs::perms::owner_read);
  const std::string old_path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  ::setenv("PATH", (bin.string() + ":" + old_path).c_str(), 1);
  Env env;
  env.vars["HOME"] = dir.path().string();
  write(dir.path() / ".docker/config.json", R"({"credsStore": "ocvhub"})");
  std::vector<std::string> notes;
  const auto hub = find_credentials(parsed("httpd:2.4"), {}, notes, env.getenv());
  BOOST_TEST_REQUIRE(hub.has_value());
  BOOST_TEST(hub->username == "hub");
  BOOST_TEST(hub->password == "hub-pass");
  const auto plain = run_credential_helper("ocvplain", "x");
  BOOST_TEST(plain.why == "docker-credential-ocvplain cannot run: Permission denied", plain.why);
  ::setenv("PATH", old_path.c_str(), 1);
}

BOOST_AUTO_TEST_SUITE_END()
