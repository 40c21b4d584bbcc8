#pragma once
// Writes small OCI image layouts for tests: blobs named by their digest,
// descriptors, manifests, configs, gzip tar layers, index.json.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocv::test {

/// A temporary directory removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// An uncompressed tar archive of the given (path, content) regular files
/// plus their parent directories, made with libarchive.
std::string make_tar(const std::vector<std::pair<std::string, std::string>>& files);
/// RFC 1952 gzip of `bytes` (zlib).
std::string gzip(std::string_view bytes);
/// "sha256:<hex>" of `bytes`.
std::string sha256_digest(std::string_view bytes);

struct BuiltImage {
  std::string manifest;  // manifest JSON text
  std::string manifest_digest;
  std::string config;  // config JSON text
  std::string config_digest;
  std::string layer_digest;
  std::string diff_id;
};

class LayoutBuilder {
 public:
  /// Creates `root` (and parents) if needed.
  explicit LayoutBuilder(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }

  /// Writes blobs/<alg>/<hex> for `bytes` and returns the digest.
  std::string add_blob(std::string_view bytes, std::string_view algorithm = "sha256");
  /// A descriptor JSON object text for `bytes` (also written as a blob).
  std::string descriptor(std::string_view media_type, std::string_view bytes,
                         std::string_view extra_members = "");
  void write_file(const std::string& relative, std::string_view bytes);
  void write_oci_layout(std::string_view text = R"({"imageLayoutVersion":"1.0.0"})");
  /// Writes index.json with the given manifests[] entries (JSON object texts).
  void write_index(const std::vector<std::string>& entries, std::string_view extra_members = "");

  /// A complete valid single-layer image (gzip layer, OCI config), written
  /// as blobs; index.json is not written.
  BuiltImage add_image(std::string_view architecture = "amd64", std::string_view os = "linux",
                       std::string_view file_content = "hello\n");
  /// A valid layout holding one image tagged `tag`.
  BuiltImage write_valid_layout(std::string_view tag = "1.0");

 private:
  std::filesystem::path root_;
};

/// Every regular file under `root` with its bytes, for before/after
/// comparisons (the validator must not change anything).
std::vector<std::pair<std::string, std::string>> snapshot_tree(const std::filesystem::path& root);

}  // namespace ocv::test
