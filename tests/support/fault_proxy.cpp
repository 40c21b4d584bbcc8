#include "tests/support/fault_proxy.hpp"

#include <strings.h>

#include <botan/base64.h>
#include <fmt/format.h>

namespace ocv::test {
namespace {

FaultServer::Response json_error(int status, const std::string& code, const std::string& message) {
  FaultServer::Response r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = fmt::format(R"({{"errors":[{{"code":"{}","message":"{}"}}]}})", code, message);
  return r;
}

std::string basic_of(const std::string& user, const std::string& password) {
  const std::string pair = user + ":" + password;
  return "Basic " +
         Botan::base64_encode(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size());
}

/// Headers of the registry's answer that describe the content, not the
/// connection (the fault server frames the body itself).
bool passed_on(const std::string& name, bool head) {
  for (const auto* own : {"content-length", "transfer-encoding", "connection", "keep-alive",
                          "www-authenticate", "date"})
    if (strcasecmp(name.c_str(), own) == 0) return head && strcasecmp(own, "content-length") == 0;
  return true;
}

}  // namespace

FaultProxy::FaultProxy(const RegistryProcess& upstream, std::string address)
    : upstream_(upstream),
      server_(std::make_unique<FaultServer>([this](const Request& r) { return handle(r); },
                                            std::move(address))) {}

FaultProxy::Response FaultProxy::forward(const Request& request) const {
  std::vector<std::string> headers;
  for (const auto* name : {"accept", "range"})
    if (const auto v = request.header(name); !v.empty())
      headers.push_back(fmt::format("{}: {}", name, v));
  const auto target = request.query.empty() ? request.path : request.path + "?" + request.query;
  const auto raw = upstream_.send(request.method, target, headers);
  Response out;
  out.status = static_cast<int>(raw.status);
  for (const auto& [name, value] : raw.headers)
    if (passed_on(name, request.method == "HEAD")) out.headers.emplace_back(name, value);
  out.body = raw.body;
  return out;
}

void FaultProxy::set_referrers(const std::string& repository, const std::string& subject,
                               const std::string& index_json) {
  const std::lock_guard lock(mutex_);
  referrers_[repository + "/" + subject] = index_json;
  referrers_api_ = true;
}

void FaultProxy::require(Auth auth, std::string user, std::string password,
                         std::chrono::seconds token_life) {
  const std::lock_guard lock(mutex_);
  auth_ = auth;
  user_ = std::move(user);
  password_ = std::move(password);
  token_life_ = token_life;
}

void FaultProxy::set_fault(Fault fault) {
  const std::lock_guard lock(mutex_);
  fault_ = std::move(fault);
}

std::vector<std::string> FaultProxy::tokens() const {
  const std::lock_guard lock(mutex_);
  return issued_;
}

std::optional<FaultServer::Response> FaultProxy::check_auth(const Request& request) {
  if (auth_ == Auth::none) return std::nullopt;
  if (auth_ == Auth::basic) {
    if (request.header("authorization") == basic_of(user_, password_)) return std::nullopt;
    auto r = json_error(401, "UNAUTHORIZED", "authentication required");
    r.headers.emplace_back("WWW-Authenticate", R"(Basic realm="fault-proxy")");
    return r;
  }
  const auto auth = request.header("authorization");
  if (auth.starts_with("Bearer ")) {
    const auto it = tokens_.find(auth.substr(7));
    if (it != tokens_.end() && std::chrono::steady_clock::now() < it->second) return std::nullopt;
  }
  auto r = json_error(401, "UNAUTHORIZED", "authentication required");
  const auto scope = request.path.starts_with("/v2/") && request.path.size() > 4
                         ? fmt::format(",scope=\"repository:{}:pull\"",
                                       request.path.substr(4, request.path.find('/', 4) - 4))
                         : std::string();
  r.headers.emplace_back("WWW-Authenticate",
                         fmt::format(R"(Bearer realm="http://{}/token",service="fault-proxy"{})",
                                     server_->host(), scope));
  return r;
}

FaultServer::Response FaultProxy::handle(const Request& request) {
  Fault fault;
  {
    const std::lock_guard lock(mutex_);
    fault = fault_;
  }
  if (fault)
    if (auto r = fault(request)) return *r;
  {
    const std::lock_guard lock(mutex_);
    if (request.path == "/token") {
      if (!password_.empty() && request.header("authorization") != basic_of(user_, password_))
        return json_error(401, "UNAUTHORIZED", "bad credentials");
      const auto token = fmt::format("tok{}x{}", issued_.size() + 1, server_->port());
      issued_.push_back(token);
      tokens_[token] = std::chrono::steady_clock::now() + token_life_;
      Response r;
      r.headers = {{"Content-Type", "application/json"}};
      r.body = fmt::format(R"({{"token":"{}","expires_in":{}}})", token, token_life_.count());
      return r;
    }
    if (auto denied = check_auth(request)) return *denied;
    // /v2/<name>/referrers/<digest>: distribution 2.8 answers 404.
    if (const auto at = request.path.rfind("/referrers/");
        referrers_api_ && at != std::string::npos && request.path.starts_with("/v2/")) {
      Response r;
      r.headers = {{"Content-Type", "application/vnd.oci.image.index.v1+json"}};
      const auto it =
          referrers_.find(request.path.substr(4, at - 4) + "/" + request.path.substr(at + 11));
      r.body =
          it != referrers_.end()
              ? it->second
              : R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]})";
      return r;
    }
  }
  return forward(request);
}

}  // namespace ocv::test
