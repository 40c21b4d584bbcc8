#include "validator/registry/client.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include <botan/base64.h>
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <fmt/format.h>

#include "validator/registry/token_response.hpp"
#include "validator/registry/www_authenticate.hpp"

namespace ocv::registry {
namespace {

constexpr std::size_t kMaxErrorBody = 64 * 1024;
constexpr std::size_t kMaxTokenBody = 1u << 20;
constexpr int kMaxRedirects = 5;
// A token is renewed this long before it expires.
constexpr auto kTokenMargin = std::chrono::seconds(5);

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool retried_status(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::string status_text(long status) {
  switch (status) {
    case 400:
      return "400 Bad Request";
    case 401:
      return "401 Unauthorized";
    case 403:
      return "403 Forbidden";
    case 404:
      return "404 Not Found";
    case 405:
      return "405 Method Not Allowed";
    case 429:
      return "429 Too Many Requests";
    case 500:
      return "500 Internal Server Error";
    case 502:
      return "502 Bad Gateway";
    case 503:
      return "503 Service Unavailable";
    case 504:
      return "504 Gateway Timeout";
    default:
      return fmt::format("HTTP status {}", status);
  }
}

/// Text from the server, made safe to quote: printable ASCII, bounded.
std::string quotable(std::string_view text, std::size_t max = 200) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    out += u >= 0x20 && u < 0x7f ? c : '?';
  }
  return out;
}

std::string host_of(const std::string& url) {
  const auto origin = origin_of(url);  // scheme://host:port
  const auto start = origin.find("://");
  if (start == std::string::npos) return origin;
  auto host = origin.substr(start + 3, origin.rfind(':') - start - 3);
  if (host.starts_with('[')) host = host.substr(1, host.size() - 2);
  return host;
}

}  // namespace

struct RegistryClient::Auth {
  std::mutex mutex;
  enum class Scheme { none, basic, bearer } scheme = Scheme::none;
  std::string realm;
  std::string service;
  std::string scope;
  std::string token;  // secret
  std::chrono::steady_clock::time_point expires{};
  std::string origin;  // the registry's origin: credentials go there only
  std::atomic<std::uint64_t> requests{0};
};

RegistryClient::RegistryClient(ImageReference ref, ClientOptions options)
    : ref_(std::move(ref)),
      options_(std::move(options)),
      transport_(options_.transport),
      auth_(std::make_unique<Auth>()) {
  auth_->scope = fmt::format("repository:{}:pull", ref_.repository);
}

RegistryClient::~RegistryClient() = default;

std::string RegistryClient::credentials_origin() const {
  return options_.credentials ? options_.credentials->origin : std::string();
}

std::uint64_t RegistryClient::requests() const { return auth_->requests.load(); }

std::string RegistryClient::describe(const HttpResponse& response, std::string_view body) {
  std::string out = status_text(response.status);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  const auto errors = doc.FindMember("errors");
  if (errors == doc.MemberEnd() || !errors->value.IsArray()) return out;
  std::string codes;
  std::size_t listed = 0;
  for (const auto& e : errors->value.GetArray()) {
    if (!e.IsObject() || listed == 2) continue;
    const auto code = e.FindMember("code");
    const auto message = e.FindMember("message");
    std::string part;
    if (code != e.MemberEnd() && code->value.IsString())
      part = quotable({code->value.GetString(), code->value.GetStringLength()}, 60);
    if (message != e.MemberEnd() && message->value.IsString())
      part += (part.empty() ? "" : ": ") +
              quotable({message->value.GetString(), message->value.GetStringLength()});
    if (part.empty()) continue;
    codes += (codes.empty() ? "" : "; ") + part;
    ++listed;
  }
  return codes.empty() ? out : fmt::format("{} ({})", out, codes);
}

bool RegistryClient::allows_http(const std::string& host) const {
  return options_.plain_http || options_.http_fallback || is_loopback_host(host);
}

void RegistryClient::ping() {
  const auto endpoint = ref_.endpoint();
  base_ = fmt::format("{}://{}", options_.plain_http ? "http" : "https", endpoint);
  auth_->origin = origin_of(base_);
  HttpRequest request;
  request.url = base_ + "/v2/";
  TransportError error;
  ++auth_->requests;
  auto answer = transport_.fetch(request, kMaxErrorBody, error);
  if (!answer && !options_.plain_http && options_.http_fallback &&
      error.kind == TransportError::Kind::tls) {
    // The server does not speak TLS: as Docker and skopeo do for a
    // registry on this machine (or with --tls-verify=false), try http.
    base_ = "http://" + endpoint;
    auth_->origin = origin_of(base_);
    request.url = base_ + "/v2/";
    ++auth_->requests;
    answer = transport_.fetch(request, kMaxErrorBody, error);
  }
  if (!answer) fail_transport(request.url, error);
  const auto& r = answer->response;
  if (r.status == 200) return;
  if (r.status == 401) {
    // Learn the challenge now, so that the first real request carries
    // credentials (or an anonymous token) instead of failing once.
    if (!authenticate(r, false)) fail_status(request.url, r, answer->body);
    return;
  }
  if (r.status == 404)
    throw RegistryError(fmt::format(
        "{} is not a container registry: GET /v2/ answered 404 (check the host and port of "
        "docker://{})",
        endpoint, ref_.str()));
  if (retried_status(r.status)) {
    // The real requests retry; a registry that is briefly busy still works.
    return;
  }
  fail_status(request.url, r, answer->body);
}

std::string RegistryClient::authorization_for(const std::string& url) {
  if (origin_of(url) != auth_->origin) return {};
  std::unique_lock lock(auth_->mutex);
  switch (auth_->scheme) {
    case Auth::Scheme::none:
      return {};
    case Auth::Scheme::basic: {
      const auto& c = *options_.credentials;
      const std::string pair = c.username + ":" + c.password;
      return "Authorization: Basic " +
             Botan::base64_encode(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size());
    }
    case Auth::Scheme::bearer:
      if (auth_->token.empty() || std::chrono::steady_clock::now() + kTokenMargin >= auth_->expires)
        fetch_token(lock);
      return "Authorization: Bearer " + auth_->token;
  }
  return {};
}

void RegistryClient::fetch_token(std::unique_lock<std::mutex>& lock) {
  (void)lock;  // held: one token request at a time
  std::string url = auth_->realm;
  const bool url_ok =
      url.starts_with("https://") || (url.starts_with("http://") && allows_http(host_of(url)));
  if (!url_ok)
    throw RegistryError(fmt::format(
        "{} names the token server \"{}\", which is not an https:// URL; ocivalidate sends "
        "credentials only over TLS (plain http only to this machine or with --plain-http)",
        ref_.registry, quotable(auth_->realm)));
  url += url.find('?') == std::string::npos ? "?" : "&";
  if (!auth_->service.empty()) url += "service=" + url_encode(auth_->service) + "&";
  url += "scope=" + url_encode(auth_->scope);
  HttpRequest request;
  request.url = url;
  const auto* creds = options_.credentials ? &*options_.credentials : nullptr;
  if (creds != nullptr && !creds->identity_token.empty()) {
    // An OAuth2 refresh token (docker login to some registries) is traded
    // for an access token with a POST (distribution's docs/spec/auth/oauth.md).
    request.url = auth_->realm;
    request.method = "POST";
    request.headers.emplace_back("Content-Type: application/x-www-form-urlencoded");
    request.body = fmt::format(
        "grant_type=refresh_token&client_id=ocivalidate&service={}&scope={}"
        "&refresh_token={}",
        url_encode(auth_->service), url_encode(auth_->scope), url_encode(creds->identity_token));
  } else if (creds != nullptr) {
    const std::string pair = creds->username + ":" + creds->password;
    request.headers.push_back(
        "Authorization: Basic " +
        Botan::base64_encode(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size()));
  }
  TransportError error;
  std::optional<Transport::Whole> answer;
  for (int attempt = 1;; ++attempt) {
    ++auth_->requests;
    answer = transport_.fetch(request, kMaxTokenBody, error);
    if (answer && !retried_status(answer->response.status)) break;
    if (attempt >= options_.max_attempts) break;
    std::this_thread::sleep_for(
        pause_before_retry(attempt, answer ? &answer->response : nullptr, request.url));
  }
  if (!answer) fail_transport(auth_->realm, error);
  const auto& r = answer->response;
  if (r.status == 401 || r.status == 403)
    throw RegistryError(fmt::format(
        "the token server of {} refused {} ({}): check the username and password{}", ref_.registry,
        creds != nullptr ? fmt::format("the credentials from {}", creds->origin)
                         : std::string("an anonymous token"),
        describe(r, answer->body),
        creds != nullptr ? ""
                         : ", or log in (skopeo login, podman login, docker login) or give "
                           "--creds USER:PASSWORD"));
  if (r.status != 200)
    throw RegistryError(fmt::format("the token server of {} answered {}", ref_.registry,
                                    describe(r, answer->body)));
  std::string why;
  const auto token = parse_token_response(answer->body, why);
  if (!token) throw RegistryError(fmt::format("{} ({})", why, ref_.registry));
  auth_->token = token->token;
  auth_->expires = std::chrono::steady_clock::now() + token->expires_in;
}

bool RegistryClient::authenticate(const HttpResponse& response, bool already_retried) {
  std::vector<Challenge> challenges;
  for (const auto header : response.all("www-authenticate")) {
    auto more = parse_www_authenticate(header);
    challenges.insert(challenges.end(), more.begin(), more.end());
  }
  const Challenge* bearer = nullptr;
  const Challenge* basic = nullptr;
  for (const auto& c : challenges) {
    if (c.scheme == "bearer" && bearer == nullptr) bearer = &c;
    if (c.scheme == "basic" && basic == nullptr) basic = &c;
  }
  std::unique_lock lock(auth_->mutex);
  if (bearer != nullptr && bearer->param("realm")) {
    const bool same = auth_->scheme == Auth::Scheme::bearer && !auth_->token.empty();
    // A token that was just fetched and still refused will not do better.
    if (same && already_retried && bearer->param("error").value_or("") != "invalid_token")
      return false;
    auth_->scheme = Auth::Scheme::bearer;
    auth_->realm = std::string(*bearer->param("realm"));
    auth_->service = std::string(bearer->param("service").value_or(""));
    if (const auto scope = bearer->param("scope"); scope && scope->find(':') != std::string::npos)
      auth_->scope = std::string(*scope);
    fetch_token(lock);
    return true;
  }
  if (basic != nullptr) {
    if (!options_.credentials || options_.credentials->password.empty()) return false;
    if (auth_->scheme == Auth::Scheme::basic && already_retried) return false;
    auth_->scheme = Auth::Scheme::basic;
    return true;
  }
  return false;
}

std::chrono::milliseconds RegistryClient::pause_before_retry(int attempt,
                                                             const HttpResponse* response,
                                                             const std::string& url) {
  if (response != nullptr) {
    if (const auto header = response->header("retry-after")) {
      if (const auto wait = parse_retry_after(*header)) {
        if (*wait > options_.max_retry_after)
          throw RegistryError(fmt::format(
              "{} asks to wait {} s before trying again ({} for {}), longer than the {} s "
              "ocivalidate waits; try again later",
              ref_.registry, wait->count(), status_text(response->status), url,
              options_.max_retry_after.count()));
        return std::chrono::duration_cast<std::chrono::milliseconds>(*wait);
      }
    }
  }
  return options_.first_backoff * (1 << std::min(attempt - 1, 6));
}

bool RegistryClient::may_retry(int attempt, const TransportError& error) {
  if (attempt >= options_.max_attempts) return false;
  switch (error.kind) {
    case TransportError::Kind::timeout:
    case TransportError::Kind::interrupted:
    case TransportError::Kind::connect:
    case TransportError::Kind::other:
      std::this_thread::sleep_for(pause_before_retry(attempt, nullptr, ""));
      return true;
    default:
      return false;
  }
}

Answer RegistryClient::get(std::string_view path, const std::vector<std::string>& headers,
                           std::size_t max_body, bool head) {
  return send(base_ + std::string(path), headers, max_body, head);
}

bool RegistryClient::again(std::string& url, const HttpResponse& r, std::string_view body,
                           int& attempt, int& redirects, bool& auth_retried) {
  if (r.status == 401 && origin_of(url) == auth_->origin) {
    if (!authenticate(r, auth_retried)) fail_status(url, r, body);
    auth_retried = true;
    return true;
  }
  if (r.status == 401 || r.status == 403) fail_status(url, r, body);
  if (retried_status(r.status)) {
    if (attempt >= options_.max_attempts) fail_status(url, r, body);
    std::this_thread::sleep_for(pause_before_retry(attempt++, &r, url));
    return true;
  }
  if (!is_redirect(r.status)) return false;
  const auto location = r.header("location");
  const auto next = location ? resolve_url(url, std::string(*location)) : std::nullopt;
  if (!next)
    throw RegistryError(fmt::format("{} answered {} for {} without a usable Location",
                                    ref_.registry, r.status, url));
  if (++redirects > kMaxRedirects)
    throw RegistryError(fmt::format("more than {} redirects for {}", kMaxRedirects, url));
  if (url.starts_with("https://") && next->starts_with("http://") && !allows_http(host_of(*next)))
    throw RegistryError(fmt::format(
        "{} redirects {} to plain http ({}); ocivalidate does not leave TLS for another host",
        ref_.registry, url, origin_of(*next)));
  url = *next;
  return true;
}

Answer RegistryClient::send(const std::string& start_url, const std::vector<std::string>& headers,
                            std::size_t max_body, bool head) {
  std::string url = start_url;
  int attempt = 1;
  int redirects = 0;
  bool auth_retried = false;
  for (;;) {
    HttpRequest request;
    request.method = head ? "HEAD" : "GET";
    request.url = url;
    request.headers = headers;
    // Credentials go to the registry's origin only, never to the host a
    // redirect leads to.
    if (auto a = authorization_for(url); !a.empty()) request.headers.push_back(std::move(a));
    TransportError error;
    ++auth_->requests;
    auto answer = transport_.fetch(request, std::max(max_body, kMaxErrorBody), error);
    if (!answer) {
      if (may_retry(attempt++, error)) continue;
      fail_transport(url, error);
    }
    if (again(url, answer->response, answer->body, attempt, redirects, auth_retried)) continue;
    if (answer->body.size() > max_body) {
      answer->body.resize(max_body);
      answer->over_cap = true;
    }
    return {answer->response, std::move(answer->body), answer->over_cap, url};
  }
}

std::unique_ptr<HttpStream> RegistryClient::open(std::string_view path, std::uint64_t from,
                                                 const std::vector<std::string>& headers,
                                                 std::string& final_url) {
  std::string url = base_ + std::string(path);
  int attempt = 1;
  int redirects = 0;
  bool auth_retried = false;
  for (;;) {
    HttpRequest request;
    request.url = url;
    request.range_from = from;
    request.headers = headers;
    if (auto a = authorization_for(url); !a.empty()) request.headers.push_back(std::move(a));
    TransportError error;
    ++auth_->requests;
    auto stream = transport_.open(request, error);
    if (!stream) {
      if (may_retry(attempt++, error)) continue;
      fail_transport(url, error);
    }
    const auto status = stream->response().status;
    if (status != 401 && status != 403 && !retried_status(status) && !is_redirect(status)) {
      final_url = url;
      return stream;
    }
    // A short error body, for the message.
    std::string body;
    char chunk[4096];
    while (body.size() < kMaxErrorBody) {
      const long n = stream->read(chunk, sizeof chunk);
      if (n <= 0) break;
      body.append(chunk, static_cast<std::size_t>(n));
    }
    // Only a 401, a 403, a retried status or a redirect is here: again()
    // sends again or throws for each of them.
    again(url, stream->response(), body, attempt, redirects, auth_retried);
  }
}

void RegistryClient::fail_transport(const std::string& url, const TransportError& error) {
  const auto host = host_of(url);
  const auto& detail = error.message;
  switch (error.kind) {
    case TransportError::Kind::resolve:
      throw RegistryError(
          fmt::format("cannot resolve {} ({}): check the registry name in docker://{}", host,
                      detail, ref_.str()));
    case TransportError::Kind::connect:
      throw RegistryError(fmt::format(
          "cannot connect to {} ({}): is the registry running there, and is the port right?",
          origin_of(url), detail));
    case TransportError::Kind::certificate:
      throw RegistryError(fmt::format(
          "the TLS certificate of {} is not trusted ({}): give the registry's CA with --cert-dir "
          "DIR (a directory holding its ca.crt), or, for a test registry only, "
          "--tls-verify=false",
          host, detail));
    case TransportError::Kind::tls:
      throw RegistryError(fmt::format(
          "the TLS handshake with {} failed ({}); if the registry serves plain HTTP, use "
          "--plain-http (only for a registry you trust)",
          host, detail));
    case TransportError::Kind::timeout:
      throw RegistryError(fmt::format(
          "no answer from {} for {} s ({}): the registry or the network is stalled; try again, "
          "or raise --timeout",
          host,
          std::chrono::duration_cast<std::chrono::seconds>(options_.transport.timeout).count(),
          url));
    case TransportError::Kind::interrupted:
      throw RegistryError(
          fmt::format("the connection to {} broke off {} times ({}): try again later", host,
                      options_.max_attempts, detail));
    case TransportError::Kind::other:
      break;
  }
  throw RegistryError(fmt::format("cannot read {} ({})", url, detail));
}

void RegistryClient::fail_status(const std::string& url, const HttpResponse& response,
                                 std::string_view body) {
  const auto what = describe(response, body);
  const auto origin = credentials_origin();
  if (response.status == 401) {
    if (origin.empty())
      throw RegistryError(fmt::format(
          "{} requires authentication ({} for {}): log in with skopeo login, podman login or "
          "docker login, or give --creds USER:PASSWORD",
          ref_.registry, what, url));
    throw RegistryError(fmt::format(
        "{} refused the credentials from {} ({} for {}): check the username and password",
        ref_.registry, origin, what, url));
  }
  if (response.status == 403)
    throw RegistryError(fmt::format(
        "{} denies pulling {} {} ({} for {}): ask for pull access to the repository", ref_.registry,
        ref_.repository,
        origin.empty() ? std::string("anonymously") : "with the credentials from " + origin, what,
        url));
  if (retried_status(response.status))
    throw RegistryError(fmt::format("{} answered {} to {} tries for {}: try again later",
                                    ref_.registry, what, options_.max_attempts, url),
                        response.status, what);
  throw RegistryError(fmt::format("{} answered {} for {}", ref_.registry, what, url),
                      response.status, what);
}

}  // namespace ocv::registry
