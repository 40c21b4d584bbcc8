#include "validator/registry/cert_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

namespace ocv::registry {

namespace fs = std::filesystem;

void read_cert_dir(const std::string& dir, TlsSettings& tls) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw CertDirError(fmt::format("--cert-dir {}: not a directory", dir));
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) throw CertDirError(fmt::format("--cert-dir {}: {}", dir, ec.message()));
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (f.extension() == ".crt") {
      std::ifstream in(f, std::ios::binary);
      std::string pem((std::istreambuf_iterator<char>(in)), {});
      if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
        throw CertDirError(fmt::format("{}: not a PEM certificate", f.string()));
      tls.extra_ca_pem += pem + "\n";
    } else if (f.extension() == ".cert") {
      auto key = f;
      key.replace_extension(".key");
      if (!fs::is_regular_file(key, ec))
        throw CertDirError(fmt::format("{}: a client certificate without its key ({})", f.string(),
                                       key.filename().string()));
      tls.client_cert_file = f.string();
      tls.client_key_file = key.string();
    }
  }
}

std::optional<std::string> default_cert_dir(std::string_view registry,
                                            std::initializer_list<std::string_view> roots) {
  for (const auto root : roots) {
    const auto dir = fmt::format("{}/{}", root, registry);
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return dir;
  }
  return std::nullopt;
}

}  // namespace ocv::registry
