#include "validator/digest/digest.hpp"

#include <botan/hash.h>
#include <botan/hex.h>

#include <fmt/format.h>

namespace ocv::digest {
namespace {

constexpr std::string_view kBlobsDir = "blobs/";

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_hex_lower(char c) { return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'); }

class BotanHasher final : public Hasher {
 public:
  explicit BotanHasher(std::unique_ptr<Botan::HashFunction> fn) : fn_(std::move(fn)) {}
  void update(const void* data, std::size_t size) override {
    fn_->update(static_cast<const std::uint8_t*>(data), size);
  }
  std::string finish_hex() override { return Botan::hex_encode(fn_->final(), false); }

 private:
  std::unique_ptr<Botan::HashFunction> fn_;
};

const char* botan_name(std::string_view algorithm) {
  if (algorithm == "sha256") return "SHA-256";
  if (algorithm == "sha512") return "SHA-512";
  return nullptr;
}

}  // namespace

std::string blob_path(std::string_view algorithm, std::string_view encoded) {
  return fmt::format("{}{}/{}", kBlobsDir, algorithm, encoded);
}

std::string blob_path_of(std::string_view digest) {
  const auto colon = digest.find(':');
  if (colon == std::string_view::npos) return fmt::format("{}{}", kBlobsDir, digest);
  return blob_path(digest.substr(0, colon), digest.substr(colon + 1));
}

std::optional<std::string> digest_of_blob_path(std::string_view path) {
  if (!path.starts_with(kBlobsDir)) return std::nullopt;
  const auto rest = path.substr(kBlobsDir.size());
  const auto slash = rest.find('/');
  return fmt::format("{}:{}", rest.substr(0, slash),
                     slash == std::string_view::npos ? "" : rest.substr(slash + 1));
}

bool valid_algorithm_name(std::string_view a) {
  // algorithm-component (algorithm-separator algorithm-component)*
  if (a.empty()) return false;
  bool need_component = true;
  for (char c : a) {
    if (is_lower_alnum(c)) {
      need_component = false;
    } else if (c == '+' || c == '.' || c == '_' || c == '-') {
      if (need_component) return false;
      need_component = true;
    } else {
      return false;
    }
  }
  return !need_component;
}

bool valid_encoded_chars(std::string_view e) {
  if (e.empty()) return false;
  for (char c : e) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '=' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<Digest> parse(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto alg = text.substr(0, colon);
  const auto enc = text.substr(colon + 1);
  if (!valid_algorithm_name(alg) || !valid_encoded_chars(enc)) return std::nullopt;
  return Digest{std::string(alg), std::string(enc)};
}

bool is_registered(std::string_view algorithm) {
  return registered_hex_length(algorithm).has_value();
}

std::optional<std::size_t> registered_hex_length(std::string_view algorithm) {
  if (algorithm == "sha256") return 64;
  if (algorithm == "sha512") return 128;
  if (algorithm == "blake3") return 64;  // registered on the spec's main branch
  return std::nullopt;
}

std::optional<std::string> algorithm_form_error(const Digest& d) {
  const auto length = registered_hex_length(d.algorithm);
  if (!length) return std::nullopt;
  bool hex = true;
  bool upper = false;
  for (char c : d.encoded) {
    if (c >= 'A' && c <= 'F') upper = true;
    if (!is_hex_lower(c)) hex = false;
  }
  if (hex && d.encoded.size() == *length) return std::nullopt;
  std::string found = fmt::format("{} characters", d.encoded.size());
  if (upper)
    found += ", with upper-case hex";
  else if (!hex)
    found += ", not all hex";
  return fmt::format("{} needs {} lowercase hex characters, found {}", d.algorithm, *length, found);
}

bool can_verify(std::string_view algorithm) { return botan_name(algorithm) != nullptr; }

std::unique_ptr<Hasher> make_hasher(std::string_view algorithm) {
  const char* name = botan_name(algorithm);
  if (!name) return nullptr;
  auto fn = Botan::HashFunction::create(name);
  if (!fn) return nullptr;
  return std::make_unique<BotanHasher>(std::move(fn));
}

std::string hash_hex(std::string_view algorithm, std::string_view bytes) {
  auto h = make_hasher(algorithm);
  if (!h) return {};
  h->update(bytes.data(), bytes.size());
  return h->finish_hex();
}

}  // namespace ocv::digest
