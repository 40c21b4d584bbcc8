#include "tests/support/registry_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <strings.h>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <curl/curl.h>
#include <fmt/format.h>

#include "tests/support/real_tools.hpp"

extern char** environ;

namespace ocv::test {
namespace fs = std::filesystem;
namespace {

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

/// One request with the test credentials and CA.
RegistryProcess::Raw request(const std::string& method, const std::string& url,
                             const std::string& ca, const std::string& userpwd,
                             const std::string& body, const std::vector<std::string>& headers) {
  CURL* c = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  if (method == "HEAD")
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(c, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  RegistryProcess::Raw out;
  std::string head;
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &collect);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
  if (method == "PUT" || method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  std::istringstream in(head);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    out.headers.emplace_back(line.substr(0, colon), value);
  }
  return out;
}

}  // namespace

std::string RegistryProcess::Raw::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  return {};
}

boost::test_tools::assertion_result RegistryProcess::available(boost::unit_test::test_unit_id) {
  for (const auto* tool : {"docker-registry", "openssl", "htpasswd", "skopeo"}) {
    auto r = tool_on_path(tool);
    if (!r) return r;
  }
  return true;
}

RegistryProcess::RegistryProcess() {
  const auto d = dir_.path();
  fs::create_directories(d / "certs");
  BOOST_REQUIRE(sh(fmt::format(
      "cd {0} && "
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key "
      "-out certs/ca.crt -days 2 -subj '/CN=ocivalidate test CA' && "
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key "
      "-out server.csr -subj /CN=127.0.0.1 && "
      "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ext && "
      "openssl x509 -req -in server.csr -CA certs/ca.crt -CAkey ca.key -CAcreateserial "
      "-out server.crt -days 2 -extfile ext && "
      "htpasswd -Bbn {1} {2} > htpasswd",
      d.string(), kUser, kPassword)));
  port_ = free_port();
  std::ofstream(d / "config.yml") << fmt::format(
      "version: 0.1\n"
      "log:\n  level: warn\n"
      "storage:\n  filesystem:\n    rootdirectory: {0}/storage\n  delete:\n    enabled: true\n"
      "http:\n  addr: 127.0.0.1:{1}\n  tls:\n    certificate: {0}/server.crt\n"
      "    key: {0}/server.key\n"
      "auth:\n  htpasswd:\n    realm: ocivalidate-test\n    path: {0}/htpasswd\n",
      d.string(), port_);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const auto log = (d / "access.log").string();
  const auto err = (d / "registry.err").string();
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string arg0 = "docker-registry", arg1 = "serve", arg2 = (d / "config.yml").string();
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, "docker-registry", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  BOOST_REQUIRE_MESSAGE(rc == 0, "docker-registry cannot start");
  pid_ = pid;
  const auto ca = (d / "certs" / "ca.crt").string();
  for (int i = 0; i < 200; ++i) {
    if (request("GET", fmt::format("https://{}/v2/", host()), ca, creds(), "", {}).status == 200)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  BOOST_FAIL("docker-registry did not answer on " + host());
}

RegistryProcess::~RegistryProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
}

std::string RegistryProcess::host() const { return fmt::format("127.0.0.1:{}", port_); }

std::vector<std::string> RegistryProcess::access_log() const {
  std::ifstream in(dir_.path() / "access.log");
  std::vector<std::string> lines;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line))
    if (n++ >= log_mark_) lines.push_back(line);
  return lines;
}

void RegistryProcess::mark_log() {
  std::ifstream in(dir_.path() / "access.log");
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) ++n;
  log_mark_ = n;
}

std::size_t RegistryProcess::count_requests(const std::string& needle) const {
  std::size_t n = 0;
  for (const auto& line : access_log()) {
    const auto start = line.find('"');
    const auto end = line.find('"', start + 1);
    if (start != std::string::npos &&
        line.substr(start, end - start).find(needle) != std::string::npos)
      ++n;
  }
  return n;
}

void RegistryProcess::skopeo_push(const std::string& source, const std::string& destination,
                                  const std::string& extra) const {
  BOOST_REQUIRE_MESSAGE(
      sh(fmt::format("skopeo copy -q --dest-cert-dir {} --dest-creds {} {} {} docker://{}/{}",
                     cert_dir(), creds(), extra, source, host(), destination)),
      "skopeo copy " << source << " to " << destination << " failed");
}

void RegistryProcess::push_blob(const std::string& repository, const std::string& bytes) const {
  const auto ca = (dir_.path() / "certs" / "ca.crt").string();
  const auto started =
      request("POST", fmt::format("https://{}/v2/{}/blobs/uploads/", host(), repository), ca,
              creds(), "", {"Content-Length: 0"});
  BOOST_REQUIRE_EQUAL(started.status, 202);
  auto location = started.header("location");
  if (location.starts_with("/")) location = fmt::format("https://{}{}", host(), location);
  location += location.find('?') == std::string::npos ? "?" : "&";
  location += "digest=" + sha256_digest(bytes);
  BOOST_REQUIRE_EQUAL(
      request("PUT", location, ca, creds(), bytes, {"Content-Type: application/octet-stream"})
          .status,
      201);
}

long RegistryProcess::push_manifest(const std::string& repository, const std::string& reference,
                                    const std::string& bytes,
                                    const std::string& content_type) const {
  const auto ca = (dir_.path() / "certs" / "ca.crt").string();
  return request("PUT", fmt::format("https://{}/v2/{}/manifests/{}", host(), repository, reference),
                 ca, creds(), bytes, {"Content-Type: " + content_type})
      .status;
}

RegistryProcess::Raw RegistryProcess::send(const std::string& method, const std::string& target,
                                           const std::vector<std::string>& headers) const {
  return request(method, fmt::format("https://{}{}", host(), target),
                 (dir_.path() / "certs" / "ca.crt").string(), creds(), "", headers);
}

}  // namespace ocv::test
