#include "tests/support/registry_fixture.hpp"

#include <strings.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "validator/engine/validate.hpp"

namespace ocv::test {

Run validate(const std::string& reference, registry::RegistryArgs args,
             std::optional<std::string> platform, unsigned jobs) {
  Run run;
  const auto started = std::chrono::steady_clock::now();
  if (args.timeout == std::chrono::seconds(30)) args.timeout = std::chrono::seconds(5);
  registry::RegistryOptions options;
  options.client.first_backoff = std::chrono::milliseconds(20);
  options.jobs = jobs;
  engine::ValidateOptions engine_options;
  engine_options.jobs = jobs;
  if (platform) {
    std::string why;
    options.platform = graph::parse_platform(*platform, why);
    engine_options.graph.platform = options.platform;
  }
  try {
    const auto source = registry::open_registry("docker://" + reference, args, options, run.notes);
    auto result = engine::validate(*source, reference, rules::default_registry(), engine_options);
    run.findings = std::move(result.findings);
    run.validated = true;
  } catch (const source::SourceError& e) {
    run.error = e.what();
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return run;
}

std::string digest_of(const std::string& bytes) { return sha256_digest(bytes); }

RegistryProcess& upstream() {
  static RegistryProcess registry;
  return registry;
}

Served::Served() : registry(upstream()) {
  LayoutBuilder b(dir.path());
  image = b.write_valid_layout("1.0");
  upstream().skopeo_push("oci:" + dir.path().string() + ":1.0", "app:1.0");
  // skopeo kept the manifest's bytes: the tests name it by its digest.
  BOOST_REQUIRE_EQUAL(
      upstream()
          .send("HEAD", "/v2/app/manifests/1.0", {std::string("Accept: ") + kManifestType})
          .header("Docker-Content-Digest"),
      image.manifest_digest);
}

std::string Served::ref(const std::string& tag) const {
  return fmt::format("{}/app:{}", registry.host(), tag);
}

FaultServer::Response Served::real(const std::string& path) const {
  Request r;
  r.method = "GET";
  r.path = path;
  r.headers["accept"] = std::string(kManifestType) + ", " + kIndexType;
  return registry.forward(r);
}

void push_manifest(const std::string& manifest, const std::string& tag) {
  BOOST_REQUIRE_EQUAL(upstream().push_manifest("app", tag.empty() ? digest_of(manifest) : tag,
                                               manifest, kManifestType),
                      201);
}

void set_header(FaultServer::Response& r, const std::string& name, const std::string& value) {
  for (auto& [n, v] : r.headers)
    if (strcasecmp(n.c_str(), name.c_str()) == 0) {
      v = value;
      return;
    }
  r.headers.emplace_back(name, value);
}

FaultProxy::Fault first_answers(std::string path, FaultServer::Response answer, int times,
                                std::shared_ptr<std::atomic<int>> seen) {
  if (!seen) seen = std::make_shared<std::atomic<int>>(0);
  return [=](const FaultServer::Request& r) -> std::optional<FaultServer::Response> {
    if (r.path != path || (*seen)++ >= times) return std::nullopt;
    return answer;
  };
}

FaultProxy::Fault answer_status(std::string path, int status, std::string method) {
  return [path = std::move(path), status, method = std::move(method)](
             const FaultServer::Request& r) -> std::optional<FaultServer::Response> {
    if (r.path != path || (!method.empty() && r.method != method)) return std::nullopt;
    FaultServer::Response out;
    out.status = status;
    return out;
  };
}

std::string denied_pull_message(const std::string& host, const std::string& url,
                                const std::string& as, const std::string& answer) {
  return fmt::format("{} denies pulling app {} ({} for {}): ask for pull access to the repository",
                     host, as, answer, url);
}

bool is_blob_get(const FaultServer::Request& r, const std::string& digest) {
  return r.method == "GET" && r.path == "/v2/app/blobs/" + digest;
}

std::string artifact_for(const std::string& subject, const std::string& artifact_type) {
  const std::string sbom = R"({"spdxVersion":"SPDX-2.3","name":"example"})";
  upstream().push_blob("app", "{}");
  upstream().push_blob("app", sbom);
  return fmt::format(
      R"({{"schemaVersion":2,"mediaType":"{}","artifactType":"{}",)"
      R"("config":{{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{}","size":2,"data":"e30="}},)"
      R"("layers":[{{"mediaType":"application/spdx+json","digest":"{}","size":{}}}],)"
      R"("subject":{{"mediaType":"{}","digest":"{}","size":{}}},)"
      R"("annotations":{{"org.opencontainers.image.created":"2024-05-01T00:00:00Z"}}}})",
      kManifestType, artifact_type, digest_of("{}"), digest_of(sbom), sbom.size(), kManifestType,
      digest_of(subject), subject.size());
}

std::string listed(const std::string& manifest, const std::string& artifact_type,
                   const std::string& annotations) {
  return fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{},"artifactType":"{}",)"
                     R"("annotations":{}}})",
                     kManifestType, digest_of(manifest), manifest.size(), artifact_type,
                     annotations);
}

std::string index_of(const std::string& entries) {
  return fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","manifests":[{}]}})", kIndexType,
                     entries);
}

std::string list_an_artifact(Served& s) {
  const auto artifact = artifact_for(s.image.manifest);
  push_manifest(artifact);
  s.registry.set_referrers("app", digest_of(s.image.manifest),
                           index_of(listed(artifact, "application/vnd.example.sbom.v1")));
  return artifact;
}

bool fired_at_with(const std::vector<engine::Finding>& f, std::string_view rule,
                   std::string_view pointer, std::string_view text) {
  return note_answer(rule, std::any_of(f.begin(), f.end(), [&](const auto& x) {
                       return x.rule_id == rule && x.location.pointer == pointer &&
                              x.message.find(text) != std::string::npos;
                     }));
}

}  // namespace ocv::test
