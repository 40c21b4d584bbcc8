#pragma once
// The CA certificates a run trusts, parsed once and handed to every TLS
// connection. OpenSSL 3 takes tens of milliseconds to parse a system
// bundle of ~150 certificates; libcurl would do it again for each new
// connection (its own CA cache is per multi handle, and never covers CAs
// given in memory), which on a small image costs more than the transfers.
// Adding already-parsed certificates to a connection's store only takes
// references to them.
#include <cstddef>
#include <string_view>
#include <vector>

// OpenSSL's types, declared as its headers do, so that this header does
// not pull OpenSSL into everything that includes the transport.
struct x509_st;
struct ssl_ctx_st;

namespace ocv::registry {

class TrustedCertificates {
 public:
  /// Every certificate of the PEM text (CERTIFICATE and TRUSTED
  /// CERTIFICATE blocks; anything else between them is skipped).
  explicit TrustedCertificates(std::string_view pem);
  ~TrustedCertificates();
  TrustedCertificates(const TrustedCertificates&) = delete;
  TrustedCertificates& operator=(const TrustedCertificates&) = delete;

  std::size_t size() const { return certificates_.size(); }

  /// Adds them to the certificate store of `ctx` (which takes references
  /// of its own). False when OpenSSL could not.
  bool add_to(ssl_ctx_st* ctx) const;

 private:
  std::vector<x509_st*> certificates_;  // one reference each, ours
};

}  // namespace ocv::registry
