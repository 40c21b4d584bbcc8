#include "tests/support/fault_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace ocv::test {
namespace {

constexpr std::size_t kMaxHeader = 64 * 1024;
constexpr std::size_t kMaxBody = 1u << 20;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 206:
      return "Partial Content";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

std::string FaultServer::Request::header(const std::string& name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

FaultServer::FaultServer(Handler handler, std::string address)
    : handler_(std::move(handler)), address_(std::move(address)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  if (::inet_pton(AF_INET, address_.c_str(), &addr.sin_addr) != 1 ||
      (ntohl(addr.sin_addr.s_addr) >> 24) != 127)
    throw std::runtime_error("the fault server listens on loopback addresses only");
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error(
        fmt::format("cannot listen on {}: {}", address_, std::strerror(errno)));
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FaultServer::~FaultServer() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  ::close(listen_fd_);
  std::vector<std::thread> threads;
  {
    const std::lock_guard lock(mutex_);
    threads.swap(connections_);
  }
  for (auto& t : threads) t.join();
}

std::string FaultServer::host() const { return fmt::format("{}:{}", address_, port_); }

std::vector<FaultServer::Request> FaultServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t FaultServer::count(const std::string& method, const std::string& prefix) const {
  const std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      requests_.begin(), requests_.end(),
      [&](const auto& r) { return r.method == method && r.path.starts_with(prefix); }));
}

bool FaultServer::wait_while_running(std::chrono::milliseconds how_long) const {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (!stop_ && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return !stop_;
}

void FaultServer::accept_loop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    const std::lock_guard lock(mutex_);
    connections_.emplace_back([this, fd] {
      serve(fd);
      ::close(fd);
    });
  }
}

void FaultServer::serve(int fd) {
  std::string buffer;
  for (;;) {
    // A TLS handshake (a client trying https first): answer as an HTTP
    // server does, 400, so that the client falls back to http at once.
    if (!buffer.empty() && buffer[0] == '\x16') {
      send_all(fd, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    // Read one request head, waiting at most while the server runs.
    std::size_t end = std::string::npos;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (stop_ || buffer.size() > kMaxHeader) return;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char chunk[8192];
      const auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(n));
      if (buffer[0] == '\x16') {
        send_all(fd, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
    }
    Request request;
    const std::string head = buffer.substr(0, end);
    buffer.erase(0, end + 4);
    const auto line_end = head.find("\r\n");
    const std::string line = head.substr(0, line_end);
    const auto sp1 = line.find(' ');
    const auto sp2 = line.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return;
    request.method = line.substr(0, sp1);
    const auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const auto q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) request.query = target.substr(q + 1);
    for (std::size_t pos = line_end; pos != std::string::npos && pos < head.size();) {
      const auto start = pos + 2;
      const auto next = head.find("\r\n", start);
      const auto header =
          head.substr(start, next == std::string::npos ? std::string::npos : next - start);
      const auto colon = header.find(':');
      if (colon != std::string::npos) {
        auto value = header.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        request.headers[lower(header.substr(0, colon))] = value;
      }
      pos = next;
    }
    if (const auto length = request.header("content-length"); !length.empty()) {
      const auto want = std::min<std::size_t>(std::stoul(length), kMaxBody);
      while (buffer.size() < want) {
        if (stop_) return;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        char chunk[8192];
        const auto n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      request.body = buffer.substr(0, want);
      buffer.erase(0, want);
    }
    {
      const std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    const auto response = handler_(request);
    std::string out = fmt::format("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    bool has_length = false;
    for (const auto& [name, value] : response.headers) {
      out += fmt::format("{}: {}\r\n", name, value);
      has_length = has_length || lower(name) == "content-length";
    }
    if (!has_length) out += fmt::format("Content-Length: {}\r\n", response.body.size());
    out += "\r\n";
    if (!send_all(fd, out)) return;
    const bool head_only = request.method == "HEAD";
    std::string_view body = head_only ? std::string_view() : std::string_view(response.body);
    if (response.cut_after) body = body.substr(0, std::min(body.size(), *response.cut_after));
    if (!send_all(fd, body)) return;
    if (response.stall.count() > 0 && !wait_while_running(response.stall)) return;
    if (response.cut_after && !head_only) return;  // closing cuts the body short
  }
}

}  // namespace ocv::test
