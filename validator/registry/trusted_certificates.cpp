#include "validator/registry/trusted_certificates.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <climits>

namespace ocv::registry {

TrustedCertificates::TrustedCertificates(std::string_view pem) {
  if (pem.empty() || pem.size() > INT_MAX) return;
  BIO* in = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (in == nullptr) return;
  // PEM_read_bio_X509_AUX reads both block types a CA bundle may hold; it
  // skips text between blocks and fails once no block is left.
  while (X509* cert = PEM_read_bio_X509_AUX(in, nullptr, nullptr, nullptr)) {
    certificates_.push_back(cert);
  }
  BIO_free(in);
  // The end of the text leaves an error on this thread's queue; libcurl
  // reads that queue to explain a later TLS failure.
  ERR_clear_error();
}

TrustedCertificates::~TrustedCertificates() {
  for (auto* cert : certificates_) X509_free(cert);
}

bool TrustedCertificates::add_to(ssl_ctx_st* ctx) const {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  if (store == nullptr) return false;
  bool ok = true;
  for (auto* cert : certificates_) {
    // add_cert takes a reference of its own; a certificate already there
    // (a bundle that repeats one) is not an error.
    if (X509_STORE_add_cert(store, cert) != 1) ok = false;
  }
  ERR_clear_error();
  return ok;
}

}  // namespace ocv::registry
