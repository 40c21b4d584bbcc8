#pragma once
// HTTP for the registry client, over libcurl: HTTP/1.1, and HTTP/2 where
// TLS negotiates it; connections kept and reused between requests; TLS
// verified against the system's CAs (plus any the user adds); no redirect
// followed here (the client decides where credentials may go). A response
// body is read as it arrives, holding at most about a megabyte however
// large it is, and a wait of --timeout for any byte ends the request.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocv::registry {

struct TlsSettings {
  bool verify = true;            // the server's certificate and name
  std::string extra_ca_pem;      // CAs trusted besides the system's
  std::string client_cert_file;  // PEM, for registries that ask for one
  std::string client_key_file;
};

struct TransportOptions {
  /// Connecting, and waiting for any byte of an answer.
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  TlsSettings tls;
  std::string user_agent = "ocivalidate";
};

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD or POST
  std::string url;
  /// "Name: value" lines. They may carry credentials: nothing here ever
  /// prints them.
  std::vector<std::string> headers;
  std::string body;              // for POST
  std::uint64_t range_from = 0;  // > 0: ask for the bytes from this offset on
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string http_version;                                  // "1.1", "2"

  /// The first header of that (lower-case) name.
  std::optional<std::string_view> header(std::string_view name) const;
  /// Every header of that name, in order.
  std::vector<std::string_view> all(std::string_view name) const;
  std::optional<std::uint64_t> content_length() const;
};

/// Why a request got no (complete) answer.
struct TransportError {
  enum class Kind {
    resolve,      // the host name is unknown
    connect,      // refused, unreachable, or no connection within the timeout
    tls,          // the TLS handshake failed
    certificate,  // the server's certificate is not trusted
    timeout,      // no byte for the whole timeout
    interrupted,  // the connection ended before the answer did
    other,
  };
  Kind kind = Kind::other;
  std::string message;
};

/// An answer whose body is read as it arrives.
class HttpStream {
 public:
  virtual ~HttpStream() = default;
  virtual const HttpResponse& response() const = 0;
  /// Up to `size` bytes of the body; 0 at its end; -1 when it cannot be
  /// read to the end (error()).
  virtual long read(void* buffer, std::size_t size) = 0;
  virtual const TransportError& error() const = 0;
  /// Body bytes received so far.
  virtual std::uint64_t received() const = 0;
};

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Sends the request and waits for the answer's status and headers.
  /// Null (and `error` set) when none came. Safe from several threads.
  std::unique_ptr<HttpStream> open(const HttpRequest& request, TransportError& error);

  struct Whole {
    HttpResponse response;
    std::string body;
    bool over_cap = false;  // the body is longer than asked for: the rest was not read
  };
  /// The answer with its body, of which at most `max_body` bytes are kept.
  std::optional<Whole> fetch(const HttpRequest& request, std::size_t max_body,
                             TransportError& error);

  const TransportOptions& options() const { return options_; }

  struct Pool;

 private:
  TransportOptions options_;
  std::unique_ptr<Pool> pool_;
};

/// `location` (absolute or relative, as a Location header may give it)
/// resolved against `base`; nullopt when it is not an http(s) URL.
std::optional<std::string> resolve_url(const std::string& base, const std::string& location);

/// `text` percent-encoded for a query string (RFC 3986 unreserved
/// characters kept).
std::string url_encode(std::string_view text);

/// "https://host:443": scheme, host and port (the default one filled in),
/// the unit a credential belongs to.
std::string origin_of(const std::string& url);

}  // namespace ocv::registry
