#pragma once
// A certificate directory as containers-certs.d(5) and Docker's certs.d
// lay it out: *.crt files are CAs to trust (besides the system's), and a
// *.cert file with the *.key of the same name is the client certificate.
// Without --cert-dir, /etc/containers/certs.d/HOST[:PORT] and
// /etc/docker/certs.d/HOST[:PORT] are read when present, as skopeo and
// Docker read them.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "validator/registry/http_transport.hpp"

namespace ocv::registry {

class CertDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Adds what `dir` holds to `tls`. Throws CertDirError when the directory
/// cannot be read or a .cert has no .key.
void read_cert_dir(const std::string& dir, TlsSettings& tls);

/// The directory read for `registry` (host[:port]) when none is given, or
/// nullopt; `roots` are where to look (the system's by default).
std::optional<std::string> default_cert_dir(std::string_view registry,
                                            std::initializer_list<std::string_view> roots = {
                                                "/etc/containers/certs.d", "/etc/docker/certs.d"});

}  // namespace ocv::registry
