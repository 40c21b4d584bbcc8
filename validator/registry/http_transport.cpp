#include "validator/registry/http_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "validator/registry/trusted_certificates.hpp"

namespace ocv::registry {
namespace {

// Bytes of a body held for a reader that has not taken them yet; past it
// the transfer pauses (and TCP or HTTP/2 flow control holds the server).
constexpr std::size_t kMaxBuffered = 1u << 20;
// libcurl's receive buffer: its largest size gives the fewest callbacks.
constexpr long kCurlBuffer = 512 * 1024;
constexpr std::size_t kMaxHeaders = 256;
constexpr std::size_t kMaxIdle = 16;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("libcurl cannot be initialised");
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

TransportError::Kind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportError::Kind::resolve;
    case CURLE_COULDNT_CONNECT:
      return TransportError::Kind::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::Kind::timeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return TransportError::Kind::certificate;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TransportError::Kind::tls;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportError::Kind::interrupted;
    default:
      return TransportError::Kind::other;
  }
}

/// A path libcurl was built to read the system's CAs from (CURLINFO_CAINFO
/// or CURLINFO_CAPATH); "" when it has none.
std::string curl_ca_path(CURLINFO what) {
  CURL* easy = curl_easy_init();
  char* path = nullptr;
  std::string out;
  if (easy != nullptr && curl_easy_getinfo(easy, what, &path) == CURLE_OK && path != nullptr)
    out = path;
  if (easy != nullptr) curl_easy_cleanup(easy);
  return out;
}

/// The system's CA bundle as libcurl would read it.
std::string system_ca_bundle() {
  const auto path = curl_ca_path(CURLINFO_CAINFO);
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// Whether `dir` is a CA directory as OpenSSL reads one: certificates
/// under links named by subject hash ("5ad8a5d6.0"), as Debian's
/// update-ca-certificates keeps /etc/ssl/certs.
bool hashed_ca_directory(const std::string& dir) {
  if (dir.empty()) return false;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.size() == 10 && name.ends_with(".0") &&
        std::all_of(name.begin(), name.begin() + 8,
                    [](unsigned char c) { return std::isxdigit(c) != 0; }))
      return true;
  }
  return false;
}

}  // namespace

/// Idle handles, each with the connections its last transfers left open,
/// and what every transfer shares: DNS answers, TLS sessions and the CAs.
struct Transport::Pool {
  struct Handle {
    CURLM* multi = nullptr;
    CURL* easy = nullptr;
  };

  explicit Pool(std::string extra_ca) : extra_ca_pem(std::move(extra_ca)) {
    share = curl_share_init();
    if (share == nullptr) throw std::runtime_error("libcurl cannot share its caches");
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(
        share, CURLSHOPT_LOCKFUNC, +[](CURL*, curl_lock_data data, curl_lock_access, void* self) {
          static_cast<Pool*>(self)->locks[static_cast<std::size_t>(data) % kLocks].lock();
        });
    curl_share_setopt(
        share, CURLSHOPT_UNLOCKFUNC, +[](CURL*, curl_lock_data data, void* self) {
          static_cast<Pool*>(self)->locks[static_cast<std::size_t>(data) % kLocks].unlock();
        });
  }
  ~Pool() {
    for (auto& h : idle) destroy(h);
    curl_share_cleanup(share);
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Handle acquire() {
    {
      const std::lock_guard lock(mutex);
      if (!idle.empty()) {
        auto h = idle.back();
        idle.pop_back();
        return h;
      }
    }
    Handle h;
    h.multi = curl_multi_init();
    h.easy = curl_easy_init();
    if (h.multi == nullptr || h.easy == nullptr) {
      destroy(h);
      throw std::runtime_error("libcurl cannot create a transfer");
    }
    return h;
  }
  void release(Handle h) {
    curl_easy_reset(h.easy);
    const std::lock_guard lock(mutex);
    if (idle.size() < kMaxIdle) {
      idle.push_back(h);
      return;
    }
    destroy(h);
  }
  static void destroy(Handle& h) {
    if (h.easy != nullptr) curl_easy_cleanup(h.easy);
    if (h.multi != nullptr) curl_multi_cleanup(h.multi);
    h = {};
  }

  /// The system's CAs and the extra ones as PEM text.
  const std::string& ca_bundle() {
    std::call_once(bundle_once, [this] { bundle = system_ca_bundle() + "\n" + extra_ca_pem; });
    return bundle;
  }

  /// The CAs parsed, once, by the first connection that verifies a server
  /// (a run over plain HTTP or without verification never pays). With
  /// libcurl's hashed CA directory at hand, OpenSSL reads the one system
  /// CA a chain needs from there, so only the extra CAs are parsed;
  /// without one, the system's whole bundle is too.
  const TrustedCertificates& trusted() {
    std::call_once(trusted_once, [this] {
      trusted_cas = std::make_unique<TrustedCertificates>(
          hashed_ca_directory(curl_ca_path(CURLINFO_CAPATH)) ? extra_ca_pem : ca_bundle());
    });
    return *trusted_cas;
  }

  /// CURLOPT_SSL_CTX_FUNCTION: a new connection's OpenSSL context gets the
  /// parsed CAs (libcurl was told to load none itself).
  static CURLcode add_trusted(CURL* /*easy*/, void* ssl_ctx, void* self) noexcept {
    try {
      return static_cast<Pool*>(self)->trusted().add_to(static_cast<ssl_ctx_st*>(ssl_ctx))
                 ? CURLE_OK
                 : CURLE_SSL_CACERT_BADFILE;
    } catch (...) {
      return CURLE_OUT_OF_MEMORY;
    }
  }

  static constexpr std::size_t kLocks = 8;
  CURLSH* share = nullptr;
  std::array<std::mutex, kLocks> locks;
  std::mutex mutex;
  std::vector<Handle> idle;
  std::string extra_ca_pem;
  std::once_flag bundle_once;
  std::string bundle;
  std::once_flag trusted_once;
  std::unique_ptr<TrustedCertificates> trusted_cas;
};

namespace {

/// One transfer on a handle of its own multi: driven by the thread that
/// reads it, so a slow reader slows only its own download.
class CurlStream final : public HttpStream {
 public:
  CurlStream(Transport::Pool& pool, const TransportOptions& options)
      : pool_(pool), options_(options), handle_(pool.acquire()) {}
  ~CurlStream() override {
    if (added_) curl_multi_remove_handle(handle_.multi, handle_.easy);
    if (headers_ != nullptr) curl_slist_free_all(headers_);
    if (finished_ && result_ == CURLE_OK) {
      pool_.release(handle_);
    } else {
      // Interrupted mid-answer: the connection cannot be reused.
      Transport::Pool::destroy(handle_);
    }
  }
  CurlStream(const CurlStream&) = delete;
  CurlStream& operator=(const CurlStream&) = delete;

  /// Starts the request and waits for the headers; false with error() set.
  bool start(const HttpRequest& request) {
    CURL* e = handle_.easy;
    error_buffer_[0] = '\0';
    curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, kCurlBuffer);
    curl_easy_setopt(e, CURLOPT_SHARE, pool_.share);
    curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer_.data());
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, options_.tls.verify ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, options_.tls.verify ? 2L : 0L);
    if (options_.tls.verify) trust_cas(e);
    if (!options_.tls.client_cert_file.empty()) {
      curl_easy_setopt(e, CURLOPT_SSLCERT, options_.tls.client_cert_file.c_str());
      curl_easy_setopt(e, CURLOPT_SSLKEY, options_.tls.client_key_file.c_str());
    }
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &CurlStream::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &CurlStream::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    for (const auto& h : request.headers) headers_ = curl_slist_append(headers_, h.c_str());
    // libcurl adds "Expect: 100-continue" to some POSTs; token servers
    // answer without it.
    headers_ = curl_slist_append(headers_, "Expect:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_);
    if (request.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (request.method == "POST") {
      curl_easy_setopt(e, CURLOPT_POST, 1L);
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
    }
    const std::string range = fmt::format("{}-", request.range_from);
    if (request.range_from > 0) curl_easy_setopt(e, CURLOPT_RANGE, range.c_str());
    if (curl_multi_add_handle(handle_.multi, e) != CURLM_OK) {
      error_ = {TransportError::Kind::other, "libcurl cannot start the request"};
      return false;
    }
    added_ = true;
    const auto waiting_since = std::chrono::steady_clock::now();
    for (;;) {
      if (!perform()) return false;
      if (headers_done_ || finished_) break;
      if (!progressed_ && !wait(waiting_since)) return false;
    }
    if (finished_ && result_ != CURLE_OK && !headers_done_) {
      set_error_from_result();
      return false;
    }
    return true;
  }

  const HttpResponse& response() const override { return response_; }
  const TransportError& error() const override { return error_; }
  std::uint64_t received() const override { return received_; }

  long read(void* buffer, std::size_t size) override {
    if (size == 0) return 0;
    if (const auto n = take(buffer, size); n > 0) return static_cast<long>(n);
    if (finished_) return end_of_body();
    direct_ = static_cast<char*>(buffer);
    direct_room_ = size;
    direct_got_ = 0;
    const auto waiting_since = std::chrono::steady_clock::now();
    bool ok = true;
    for (;;) {
      if (!perform()) {
        ok = false;
        break;
      }
      if (direct_got_ == direct_room_ || finished_) break;
      if (progressed_) continue;  // more may be waiting in the socket already
      if (direct_got_ > 0 || pending() > 0) break;
      if (!wait(waiting_since)) {
        ok = false;
        break;
      }
    }
    direct_ = nullptr;
    if (direct_got_ > 0) return static_cast<long>(direct_got_);
    if (!ok) return -1;
    if (const auto n = take(buffer, size); n > 0) return static_cast<long>(n);
    return end_of_body();
  }

 private:
  std::size_t pending() const { return buffer_.size() - buffer_pos_; }

  /// The system's CAs and the extra ones, parsed once per run, instead of
  /// libcurl reading its CA file again for every connection.
  void trust_cas(CURL* e) {
    if (curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, &Transport::Pool::add_trusted) == CURLE_OK &&
        curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, &pool_) == CURLE_OK) {
      // libcurl's CA directory stays: OpenSSL looks an issuer up there
      // when the parsed CAs do not have it.
      curl_easy_setopt(e, CURLOPT_CAINFO, nullptr);
      return;
    }
    // A libcurl with another TLS library: the CAs as a blob it parses.
    if (options_.tls.extra_ca_pem.empty()) return;
    const auto& bundle = pool_.ca_bundle();
    curl_blob blob{const_cast<char*>(bundle.data()), bundle.size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
  }

  /// Copies buffered bytes out; resumes a paused transfer once drained.
  std::size_t take(void* out, std::size_t size) {
    const auto n = std::min(size, pending());
    if (n == 0) return 0;
    std::memcpy(out, buffer_.data() + buffer_pos_, n);
    buffer_pos_ += n;
    if (buffer_pos_ == buffer_.size()) {
      buffer_.clear();
      buffer_pos_ = 0;
    }
    return n;
  }

  long end_of_body() {
    if (result_ == CURLE_OK) return 0;
    set_error_from_result();
    return -1;
  }

  void set_error_from_result() {
    error_.kind = kind_of(result_);
    error_.message = error_buffer_[0] != '\0' ? std::string(error_buffer_.data())
                                              : std::string(curl_easy_strerror(result_));
  }

  /// Resumes a paused transfer whose bytes were taken, lets libcurl work,
  /// and collects the result; progressed_ says whether anything arrived.
  bool perform() {
    if (paused_ && pending() == 0) {
      paused_ = false;
      curl_easy_pause(handle_.easy, CURLPAUSE_CONT);  // may deliver held data at once
    }
    const auto before = received_ + header_bytes_;
    int running = 0;
    if (curl_multi_perform(handle_.multi, &running) != CURLM_OK) {
      error_ = {TransportError::Kind::other, "libcurl failed"};
      return false;
    }
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(handle_.multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      finished_ = true;
      result_ = msg->data.result;
      if (result_ == CURLE_OK) headers_done_ = true;
    }
    progressed_ = received_ + header_bytes_ != before;
    return true;
  }

  /// Waits for the socket, at most a second at a time. False (error set)
  /// once nothing has arrived for the whole timeout.
  bool wait(std::chrono::steady_clock::time_point waiting_since) {
    const auto waited = std::chrono::steady_clock::now() - waiting_since;
    if (waited >= options_.timeout) {
      error_ = {
          TransportError::Kind::timeout,
          fmt::format("no answer for {} s",
                      std::chrono::duration_cast<std::chrono::seconds>(options_.timeout).count())};
      return false;
    }
    const auto left_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(options_.timeout - waited);
    int fds = 0;
    curl_multi_poll(handle_.multi, nullptr, 0,
                    static_cast<int>(std::clamp<std::int64_t>(left_ms.count(), 1, 1000)), &fds);
    return true;
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self_ptr) {
    auto& self = *static_cast<CurlStream*>(self_ptr);
    const std::size_t n = size * count;
    self.header_bytes_ += n;
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
      // A new answer (after a 1xx): start over.
      self.response_.headers.clear();
      const auto space = line.find(' ');
      self.response_.http_version = std::string(line.substr(5, space - 5));
      long status = 0;
      if (space != std::string_view::npos) {
        const auto code = line.substr(space + 1, 3);
        std::from_chars(code.data(), code.data() + code.size(), status);
      }
      self.response_.status = status;
      return n;
    }
    if (trim(line).empty()) {
      if (self.response_.status >= 200) self.headers_done_ = true;
      return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || line.front() == ' ' || line.front() == '\t') return n;
    if (self.response_.headers.size() < kMaxHeaders)
      self.response_.headers.emplace_back(lower(trim(line.substr(0, colon))),
                                          std::string(trim(line.substr(colon + 1))));
    return n;
  }

  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self_ptr) {
    auto& self = *static_cast<CurlStream*>(self_ptr);
    const std::size_t n = size * count;
    self.headers_done_ = true;
    std::size_t copied = 0;
    if (self.direct_ != nullptr && self.direct_got_ < self.direct_room_) {
      copied = std::min(n, self.direct_room_ - self.direct_got_);
      std::memcpy(self.direct_ + self.direct_got_, data, copied);
      self.direct_got_ += copied;
    }
    const auto rest = n - copied;
    if (rest > 0 && copied == 0 && self.pending() + rest > kMaxBuffered) {
      // Nothing taken from this chunk: libcurl hands it over again on resume.
      self.paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    self.buffer_.append(data + copied, rest);
    self.received_ += n;
    return n;
  }

  Transport::Pool& pool_;
  const TransportOptions& options_;
  Transport::Pool::Handle handle_;
  curl_slist* headers_ = nullptr;
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
  bool added_ = false;
  bool headers_done_ = false;
  bool finished_ = false;
  bool paused_ = false;
  bool progressed_ = false;
  CURLcode result_ = CURLE_OK;
  HttpResponse response_;
  TransportError error_;
  std::string buffer_;
  std::size_t buffer_pos_ = 0;
  char* direct_ = nullptr;
  std::size_t direct_room_ = 0;
  std::size_t direct_got_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t header_bytes_ = 0;
};

}  // namespace

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::vector<std::string_view> HttpResponse::all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [key, value] : headers)
    if (key == name) out.emplace_back(value);
  return out;
}

std::optional<std::uint64_t> HttpResponse::content_length() const {
  const auto v = header("content-length");
  if (!v) return std::nullopt;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
  return n;
}

Transport::Transport(TransportOptions options) : options_(std::move(options)) {
  global_init();
  pool_ = std::make_unique<Pool>(options_.tls.extra_ca_pem);
}

Transport::~Transport() = default;

std::unique_ptr<HttpStream> Transport::open(const HttpRequest& request, TransportError& error) {
  auto stream = std::make_unique<CurlStream>(*pool_, options_);
  if (!stream->start(request)) {
    error = stream->error();
    return nullptr;
  }
  return stream;
}

std::optional<Transport::Whole> Transport::fetch(const HttpRequest& request, std::size_t max_body,
                                                 TransportError& error) {
  auto stream = open(request, error);
  if (!stream) return std::nullopt;
  Whole out;
  out.response = stream->response();
  std::array<char, 64 * 1024> chunk{};
  for (;;) {
    const long n = stream->read(chunk.data(), chunk.size());
    if (n < 0) {
      error = stream->error();
      return std::nullopt;
    }
    if (n == 0) break;
    const auto room = max_body - out.body.size();
    if (static_cast<std::size_t>(n) > room) {
      out.body.append(chunk.data(), room);
      out.over_cap = true;
      break;
    }
    out.body.append(chunk.data(), static_cast<std::size_t>(n));
  }
  return out;
}

std::optional<std::string> resolve_url(const std::string& base, const std::string& location) {
  CURLU* u = curl_url();
  if (u == nullptr) return std::nullopt;
  std::optional<std::string> out;
  if (curl_url_set(u, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK &&
      curl_url_set(u, CURLUPART_URL, location.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
    char* scheme = nullptr;
    char* full = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        (std::strcmp(scheme, "http") == 0 || std::strcmp(scheme, "https") == 0) &&
        curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK)
      out = full;
    curl_free(scheme);
    curl_free(full);
  }
  curl_url_cleanup(u);
  return out;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~')
      out += c;
    else
      out += fmt::format("%{:02X}", u);
  }
  return out;
}

std::string origin_of(const std::string& url) {
  CURLU* u = curl_url();
  if (u == nullptr) return url;
  std::string out = url;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* scheme = nullptr;
    char* host = nullptr;
    char* port = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
      out = fmt::format("{}://{}:{}", scheme, lower(host), port);
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
  }
  curl_url_cleanup(u);
  return out;
}

}  // namespace ocv::registry
