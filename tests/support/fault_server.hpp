#pragma once
// A small HTTP/1.1 server for the registry tests: what a real registry
// will not do on request (a wrong Docker-Content-Digest, a body cut short,
// 429 then success, a stall, a redirect to another host, a token server)
// is a handler's answer here. It listens on a loopback address only, on a
// port of its own, keeps connections alive as clients expect, and every
// wait it makes is bounded: a stall ends when the server stops, which its
// destructor does.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ocv::test {

class FaultServer {
 public:
  struct Request {
    std::string method;
    std::string path;                            // without the query
    std::string query;                           // after '?', "" when none
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::string header(const std::string& name) const;
  };
  struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// Send the headers (with the full Content-Length) and only this many
    /// bytes of the body, then close the connection.
    std::optional<std::size_t> cut_after;
    /// Wait this long after the headers (and the bytes sent) before going
    /// on; bounded by the server's life.
    std::chrono::milliseconds stall{0};
  };
  using Handler = std::function<Response(const Request&)>;

  /// Listens on `address` (127.0.0.1, 127.0.0.2, ...: loopback only).
  explicit FaultServer(Handler handler, std::string address = "127.0.0.1");
  ~FaultServer();
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  int port() const { return port_; }
  /// "127.0.0.1:PORT"
  std::string host() const;
  /// Every request so far.
  std::vector<Request> requests() const;
  /// Requests whose path starts with `prefix`.
  std::size_t count(const std::string& method, const std::string& prefix) const;

 private:
  void accept_loop();
  void serve(int fd);
  bool wait_while_running(std::chrono::milliseconds how_long) const;

  Handler handler_;
  std::string address_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<std::thread> connections_;
  std::vector<Request> requests_;
};

}  // namespace ocv::test
