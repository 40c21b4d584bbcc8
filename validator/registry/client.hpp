#pragma once
// The distribution API as a client speaks it: GET /v2/ first, to learn the
// scheme and how the registry authenticates; then requests under
// /v2/<name>/ with credentials where they belong. Basic auth, or the
// Bearer token flow (the WWW-Authenticate challenge names a token server;
// an anonymous token when there are no credentials; scope
// repository:<name>:pull; a new token when it expires or is refused).
// 429 and 5xx answers are retried a bounded number of times, after the
// Retry-After the registry asks for or with growing pauses; redirects are
// followed, and credentials never go to another origin. Every failure that
// stops the run says what to do, and never quotes a secret.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "validator/registry/credentials.hpp"
#include "validator/registry/http_transport.hpp"
#include "validator/registry/reference.hpp"

namespace ocv::registry {

/// The registry cannot be read: the run stops (exit code 2) with this
/// message, which says what to do.
class RegistryError : public std::runtime_error {
 public:
  explicit RegistryError(const std::string& what, long status = 0, std::string answer = "")
      : std::runtime_error(what), status_(status), answer_(std::move(answer)) {}
  /// The HTTP status of the answer that ended the request (0 when no
  /// answer did: the network, TLS, a redirect).
  long status() const { return status_; }
  /// That answer described ("500 Internal Server Error (UNKNOWN: ...)").
  const std::string& answer() const { return answer_; }

 private:
  long status_;
  std::string answer_;
};

struct ClientOptions {
  TransportOptions transport;
  std::optional<Credentials> credentials;
  /// --plain-http: speak http:// only.
  bool plain_http = false;
  /// Try http:// when the TLS handshake fails: for a registry on this
  /// machine, or with --tls-verify=false, as Docker and skopeo do.
  bool http_fallback = false;
  /// Answers tried per request (the first and the retries).
  int max_attempts = 4;
  /// The longest Retry-After honoured; a registry that asks for more ends
  /// the run.
  std::chrono::seconds max_retry_after{60};
  /// The first pause between retries without Retry-After; it doubles.
  std::chrono::milliseconds first_backoff{500};
};

/// A final answer (after authentication, retries and redirects).
struct Answer {
  HttpResponse response;
  std::string body;  // at most what was asked for
  bool over_cap = false;
  std::string url;  // the URL that gave it
};

class RegistryClient {
 public:
  RegistryClient(ImageReference ref, ClientOptions options);
  ~RegistryClient();
  RegistryClient(const RegistryClient&) = delete;
  RegistryClient& operator=(const RegistryClient&) = delete;

  /// GET /v2/. Throws RegistryError when the registry cannot be reached,
  /// is not a registry, or refuses the credentials.
  void ping();

  /// GET (or HEAD) of `path` below the registry ("/v2/app/manifests/1.0").
  /// Any status but 401, 403 and the retried 429, 500, 502, 503 and 504 is
  /// returned; those are handled (authentication, retries) or end the run
  /// (RegistryError), as does a network failure that retries did not mend.
  Answer get(std::string_view path, const std::vector<std::string>& headers, std::size_t max_body,
             bool head = false);

  /// A streaming GET of `path` from byte `from` on (a Range request when
  /// from > 0). The answer's status may be anything get() returns.
  std::unique_ptr<HttpStream> open(std::string_view path, std::uint64_t from,
                                   const std::vector<std::string>& headers, std::string& final_url);

  /// Failure of a stream returned by open(): retried by the caller while
  /// this says so, after a pause. False once the attempts are used up.
  bool may_retry(int attempt, const TransportError& error);

  const ClientOptions& options() const { return options_; }
  /// "https://localhost:5000" once ping() found the scheme.
  const std::string& base() const { return base_; }
  const ImageReference& reference() const { return ref_; }
  /// Where the credentials came from ("" when anonymous), for messages.
  std::string credentials_origin() const;
  /// Requests sent, in all (for the summary and the tests).
  std::uint64_t requests() const;

  /// "404 Not Found (MANIFEST_UNKNOWN: manifest unknown)": a status with
  /// the registry's error codes, from an answer's body.
  static std::string describe(const HttpResponse& response, std::string_view body);

 private:
  struct Auth;

  Answer send(const std::string& url, const std::vector<std::string>& headers, std::size_t max_body,
              bool head);
  /// Whether to send again after answer `r` (a 401 answered with
  /// credentials, a retried status after its pause, a redirect to the new
  /// `url`); throws RegistryError for an answer that ends the run.
  bool again(std::string& url, const HttpResponse& r, std::string_view body, int& attempt,
             int& redirects, bool& auth_retried);
  /// The Authorization header for a request to `url` ("" for none).
  std::string authorization_for(const std::string& url);
  /// Handles a 401: learns the challenge, gets a token or uses Basic
  /// credentials. False when a retry cannot help (then the caller throws).
  bool authenticate(const HttpResponse& response, bool already_retried);
  void fetch_token(std::unique_lock<std::mutex>& lock);
  [[noreturn]] void fail_transport(const std::string& url, const TransportError& error);
  [[noreturn]] void fail_status(const std::string& url, const HttpResponse& response,
                                std::string_view body);
  std::chrono::milliseconds pause_before_retry(int attempt, const HttpResponse* response,
                                               const std::string& url);
  bool allows_http(const std::string& host) const;

  ImageReference ref_;
  ClientOptions options_;
  Transport transport_;
  std::string base_;
  std::unique_ptr<Auth> auth_;
};

}  // namespace ocv::registry
