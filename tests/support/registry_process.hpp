#pragma once
// Debian's docker-registry (distribution 2.8.2) for the registry tests:
// started on 127.0.0.1 on a free port, with TLS from a CA and a server
// certificate made here with openssl, and htpasswd basic auth; its access
// log (Apache combined format, on its standard output) is kept so that
// tests can count requests. Stopped (and its files removed) on
// destruction. Images are pushed with skopeo, or with raw HTTP (push_*)
// for what skopeo will not push.
#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/layout_builder.hpp"

namespace ocv::test {

class RegistryProcess {
 public:
  static constexpr const char* kUser = "ocv-tester";
  static constexpr const char* kPassword = "pa55-Secret-9f3e";

  /// Starts the registry; BOOST_REQUIRE fails when it does not answer
  /// within 20 seconds.
  RegistryProcess();
  ~RegistryProcess();
  RegistryProcess(const RegistryProcess&) = delete;
  RegistryProcess& operator=(const RegistryProcess&) = delete;

  /// Whether docker-registry, openssl, htpasswd and skopeo are installed:
  /// the registry suites' precondition
  /// (`*utf::precondition(RegistryProcess::available)`), so that a missing
  /// tool skips them visibly.
  static boost::test_tools::assertion_result available(boost::unit_test::test_unit_id);

  /// "127.0.0.1:PORT"
  std::string host() const;
  /// A directory holding ca.crt (for --cert-dir and skopeo's --dest-cert-dir).
  std::string cert_dir() const { return (dir_.path() / "certs").string(); }
  std::string creds() const { return std::string(kUser) + ":" + kPassword; }
  /// The access log so far: one line per request.
  std::vector<std::string> access_log() const;
  /// Lines of the access log whose request line contains `needle`.
  std::size_t count_requests(const std::string& needle) const;
  /// Forgets the access log so far (the next count starts from here).
  void mark_log();

  /// skopeo copy SRC docker://HOST/DEST with the test credentials and CA;
  /// `extra` are more skopeo copy options.
  void skopeo_push(const std::string& source, const std::string& destination,
                   const std::string& extra = "") const;

  /// Uploads a blob with the distribution API (POST then PUT).
  void push_blob(const std::string& repository, const std::string& bytes) const;
  /// An answer of the registry, whole.
  struct Raw {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  // as sent
    std::string body;
    std::string header(const std::string& name) const;  // "" when absent
  };
  /// One request to `target` ("/v2/app/manifests/1?x=y") with the test
  /// credentials and CA.
  Raw send(const std::string& method, const std::string& target,
           const std::vector<std::string>& headers = {}) const;

  /// PUTs a manifest with the given Content-Type, under `reference` (a
  /// tag or its digest). Returns the HTTP status.
  long push_manifest(const std::string& repository, const std::string& reference,
                     const std::string& bytes, const std::string& content_type) const;

 private:
  TempDir dir_;
  int port_ = 0;
  int pid_ = -1;
  std::size_t log_mark_ = 0;
};

}  // namespace ocv::test
