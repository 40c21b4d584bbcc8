#pragma once
// A fault-injecting front for a real registry (RegistryProcess, Debian's
// docker-registry), for what that registry will not do on request: every
// request is forwarded to it unless a fault answers instead (a wrong
// Docker-Content-Digest, a body cut short, 429s, a stall, a redirect to
// another host), and a fault may take the registry's own answer and change
// it (forward()). The content always comes from the real registry; what
// distribution 2.8 lacks is added here: the Bearer token flow (a token
// server on the same port, tokens that expire) and the referrers API.
// Listens on a loopback address only.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/fault_server.hpp"
#include "tests/support/registry_process.hpp"

namespace ocv::test {

class FaultProxy {
 public:
  using Request = FaultServer::Request;
  using Response = FaultServer::Response;
  /// Replaces the answer to a request when it returns one.
  using Fault = std::function<std::optional<Response>(const Request&)>;

  enum class Auth { none, basic, bearer };

  explicit FaultProxy(const RegistryProcess& upstream, std::string address = "127.0.0.1");

  /// The real registry's answer to `request` (with its own credentials and
  /// CA; the request's Accept and Range are passed on).
  Response forward(const Request& request) const;

  /// Answers GET /v2/<repository>/referrers/<subject> with this index
  /// (turns the referrers API on; distribution 2.8 has none).
  void set_referrers(const std::string& repository, const std::string& subject,
                     const std::string& index_json);

  /// Requires credentials of clients: Basic, or Bearer tokens from /token
  /// that expire after `token_life` (the token server checks the same user
  /// and password with Basic auth; without `password` it gives anonymous
  /// tokens).
  void require(Auth auth, std::string user = "", std::string password = "",
               std::chrono::seconds token_life = std::chrono::seconds(300));
  void set_fault(Fault fault);

  const FaultServer& server() const { return *server_; }
  std::string host() const { return server_->host(); }
  /// The tokens the token server gave out.
  std::vector<std::string> tokens() const;

 private:
  Response handle(const Request& request);
  std::optional<Response> check_auth(const Request& request);

  const RegistryProcess& upstream_;
  mutable std::mutex mutex_;
  bool referrers_api_ = false;
  std::map<std::string, std::string> referrers_;  // "<repository>/<subject>" -> index
  Auth auth_ = Auth::none;
  std::string user_, password_;
  std::chrono::seconds token_life_{300};
  std::map<std::string, std::chrono::steady_clock::time_point> tokens_;
  std::vector<std::string> issued_;
  Fault fault_;
  std::unique_ptr<FaultServer> server_;
};

}  // namespace ocv::test
