#include "reports/fingerprint.hpp"

#include <cstddef>

#include "validator/digest/digest.hpp"

namespace ocv::reports {
namespace {

// 128 bits of SHA-256 are plenty to tell findings apart.
constexpr std::size_t kFingerprintHexChars = 32;

}  // namespace

std::string fingerprint_of(const std::string& key) {
  return digest::hash_hex("sha256", key).substr(0, kFingerprintHexChars);
}

std::string finding_fingerprint(const engine::Finding& f) {
  std::string key = f.rule_id;
  for (const auto* part : {&f.location.blob, &f.location.pointer, &f.location.member}) {
    key.push_back('\0');
    key += *part;
  }
  return fingerprint_of(key);
}

}  // namespace ocv::reports
