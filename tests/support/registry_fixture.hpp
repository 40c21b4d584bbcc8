#pragma once
// What the registry test suites share: Debian's docker-registry, started
// once for the test program, a valid image pushed to it with skopeo and
// read through a fault-injecting front (Served), an in-process run of the
// validator against a reference (validate), and the referrers documents
// the tests list.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/fault_proxy.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/registry_process.hpp"
#include "validator/model/finding.hpp"
#include "validator/registry/open_registry.hpp"

namespace ocv::test {

inline constexpr const char* kManifestType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kIndexType = "application/vnd.oci.image.index.v1+json";

/// A validation of a registry image.
struct Run {
  bool validated = false;
  std::string error;  // why it could not be validated
  std::vector<engine::Finding> findings;
  std::vector<std::string> notes;
  double seconds = 0;
};

/// Validates `reference` (after docker://) in-process, with short pauses
/// between retries (and a 5 s timeout unless `args` sets another).
Run validate(const std::string& reference, registry::RegistryArgs args = {},
             std::optional<std::string> platform = std::nullopt, unsigned jobs = 0);

/// "sha256:<hex>" of `bytes`.
std::string digest_of(const std::string& bytes);

/// The real registry behind every registry suite, started once (stopped
/// when the test program ends).
RegistryProcess& upstream();

/// A valid one-layer image pushed with skopeo as app:1.0, read through a
/// fault-injecting front.
struct Served {
  using Request = FaultServer::Request;
  using Response = FaultServer::Response;
  TempDir dir;
  BuiltImage image;
  FaultProxy registry;
  Served();
  /// "<front>/app:<tag>"
  std::string ref(const std::string& tag = "1.0") const;
  std::string blob_path(const std::string& digest) const { return "/v2/app/blobs/" + digest; }
  /// The registry's own answer to a GET of `path`, without Range.
  Response real(const std::string& path) const;
};

/// Pushes `manifest` to app by its digest, or under `tag` (the real
/// registry checks its blobs).
void push_manifest(const std::string& manifest, const std::string& tag = "");

/// Replaces a header of an answer (names in any case: HTTP/2 sends them
/// in lower case), or adds it.
void set_header(FaultServer::Response& r, const std::string& name, const std::string& value);

/// A fault that answers the first `times` requests for `path` with `answer`
/// (and counts them in `seen` when given).
FaultProxy::Fault first_answers(std::string path, FaultServer::Response answer, int times = 1,
                                std::shared_ptr<std::atomic<int>> seen = nullptr);

/// A fault that answers `status` alone (no headers, no body) to every
/// request for `path` (of `method` only, when given) and passes the others
/// on.
FaultProxy::Fault answer_status(std::string path, int status, std::string method = "");

/// What a run says of the registry at `host` that answered `answer` to a
/// request for `url` in the app repository, asked `as` ("anonymously",
/// "with the credentials from --creds").
std::string denied_pull_message(const std::string& host, const std::string& url,
                                const std::string& as = "anonymously",
                                const std::string& answer = "403 Forbidden");

bool is_blob_get(const FaultServer::Request& r, const std::string& digest);

/// An OCI 1.1 artifact (empty config, one SBOM layer) whose subject is
/// `subject`, with its blobs pushed to the registry's app repository.
std::string artifact_for(const std::string& subject,
                         const std::string& artifact_type = "application/vnd.example.sbom.v1");

/// The referrers-list descriptor of a manifest.
std::string listed(const std::string& manifest, const std::string& artifact_type,
                   const std::string& annotations =
                       R"({"org.opencontainers.image.created":"2024-05-01T00:00:00Z"})");

/// An OCI image index of these descriptors (JSON text, comma-separated).
std::string index_of(const std::string& entries);

/// Pushes an SBOM artifact of the served image and lists it in the
/// referrers API; returns the artifact.
std::string list_an_artifact(Served& s);

/// Whether `rule` fired at JSON pointer `pointer` with `text` in its message.
bool fired_at_with(const std::vector<engine::Finding>& f, std::string_view rule,
                   std::string_view pointer, std::string_view text);

}  // namespace ocv::test
