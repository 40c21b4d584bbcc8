// Fuzz target: a whole image layout whose only layer is the input (gzip,
// zstd or plain by the first byte's choice of media type, whatever the
// bytes are), validated by the engine with every rule: the layer pass,
// libarchive's tar reader, and the LAY-, WHT- and CFG-008 checks.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "validator/digest/digest.hpp"
#include "validator/engine/validate.hpp"

namespace {

namespace fs = std::filesystem;

std::string sha256(std::string_view bytes) {
  auto h = ocv::digest::make_hasher("sha256");
  h->update(bytes.data(), bytes.size());
  return h->finish_hex();
}

/// Writes `bytes` as a blob and returns its encoded digest.
std::string put_blob(const fs::path& root, std::string_view bytes) {
  const auto hex = sha256(bytes);
  std::ofstream(root / "blobs" / "sha256" / hex, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return hex;
}

const fs::path& layout_root() {
  static const fs::path root = [] {
    std::string dir = (fs::temp_directory_path() / "ocv-fuzz-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) std::abort();
    fs::create_directories(fs::path(dir) / "blobs" / "sha256");
    std::ofstream(fs::path(dir) / "oci-layout") << R"({"imageLayoutVersion":"1.0.0"})";
    std::atexit([] { fs::remove_all(layout_root()); });
    return fs::path(dir);
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kTypes[] = {"application/vnd.oci.image.layer.v1.tar+gzip",
                                           "application/vnd.oci.image.layer.v1.tar+zstd",
                                           "application/vnd.oci.image.layer.v1.tar"};
  const auto& root = layout_root();
  for (const auto& entry : fs::directory_iterator(root / "blobs" / "sha256")) fs::remove(entry);
  const std::string_view layer(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto layer_hex = put_blob(root, layer);
  const auto config = fmt::format(
      R"({{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["sha256:{}"]}}}})",
      layer_hex);
  const auto config_hex = put_blob(root, config);
  const auto manifest = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":{}}},)"
      R"("layers":[{{"mediaType":"{}","digest":"sha256:{}","size":{}}}]}})",
      config_hex, config.size(), kTypes[data[0] % 3], layer_hex, layer.size());
  const auto manifest_hex = put_blob(root, manifest);
  std::ofstream(root / "index.json") << fmt::format(
      R"({{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("digest":"sha256:{}","size":{}}}]}})",
      manifest_hex, manifest.size());
  ocv::engine::ValidateOptions options;
  options.jobs = (data[0] & 0x80) != 0 ? 2 : 1;  // 2: the split decoder thread
  options.max_layer_bytes = 16u << 20;           // bombs stop here, not at the time limit
  ocv::engine::validate_layout(root, ocv::rules::default_registry(), options);
  return 0;
}
