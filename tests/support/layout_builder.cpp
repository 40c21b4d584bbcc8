#include "tests/support/layout_builder.hpp"

#include "apps/conformance/tar_stream.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"

namespace ocv::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          fmt::format("ocv-test-{:016x}", (std::uint64_t{rd()} << 32) | rd());
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

std::string make_tar(const std::vector<std::pair<std::string, std::string>>& files) {
  // Room for every member's headers and data (padded), and the end blocks.
  std::size_t room = 64u << 10;
  for (const auto& [path, content] : files) room += content.size() + path.size() + 4096;
  std::vector<char> buffer(room);
  std::size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open_memory(a, buffer.data(), buffer.size(), &used) != ARCHIVE_OK)
    throw std::runtime_error("archive_write_open_memory failed");
  std::set<std::string> dirs;
  for (const auto& [path, content] : files) {
    for (auto pos = path.find('/'); pos != std::string::npos; pos = path.find('/', pos + 1))
      dirs.insert(path.substr(0, pos));
  }
  const auto add = [&](const std::string& path, unsigned type, const std::string& content) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    archive_entry_set_mtime(e, 1700000000, 0);
    archive_write_header(a, e);
    if (!content.empty()) archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
  };
  for (const auto& d : dirs) add(d + "/", AE_IFDIR, "");
  for (const auto& [path, content] : files) add(path, AE_IFREG, content);
  archive_write_close(a);
  archive_write_free(a);
  return std::string(buffer.data(), used);
}

std::string gzip(std::string_view bytes) { return conformance::gzip(bytes); }

std::string sha256_digest(std::string_view bytes) {
  return "sha256:" + digest::hash_hex("sha256", bytes);
}

LayoutBuilder::LayoutBuilder(fs::path root) : root_(std::move(root)) {
  fs::create_directories(root_ / "blobs" / "sha256");
}

void LayoutBuilder::write_file(const std::string& relative, std::string_view bytes) {
  const auto path = root_ / relative;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string LayoutBuilder::add_blob(std::string_view bytes, std::string_view algorithm) {
  const auto hex = digest::hash_hex(algorithm, bytes);
  write_file(fmt::format("blobs/{}/{}", algorithm, hex), bytes);
  return fmt::format("{}:{}", algorithm, hex);
}

std::string LayoutBuilder::descriptor(std::string_view media_type, std::string_view bytes,
                                      std::string_view extra_members) {
  const auto d = add_blob(bytes);
  return fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}{}{}}})", media_type, d,
                     bytes.size(), extra_members.empty() ? "" : ",", extra_members);
}

void LayoutBuilder::write_oci_layout(std::string_view text) { write_file("oci-layout", text); }

void LayoutBuilder::write_index(const std::vector<std::string>& entries,
                                std::string_view extra_members) {
  std::string joined;
  for (const auto& e : entries) joined += (joined.empty() ? "" : ",") + e;
  write_file(
      "index.json",
      fmt::format(
          R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]{}{}}})",
          joined, extra_members.empty() ? "" : ",", extra_members));
}

BuiltImage LayoutBuilder::add_image(std::string_view architecture, std::string_view os,
                                    std::string_view file_content) {
  BuiltImage img;
  const auto tar = make_tar({{"etc/hello.txt", std::string(file_content)}});
  const auto layer = gzip(tar);
  img.diff_id = sha256_digest(tar);
  const auto layer_desc = descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer);
  img.layer_digest = sha256_digest(layer);
  img.config = fmt::format(
      R"({{"created":"2024-01-01T00:00:00Z","architecture":"{}","os":"{}","config":{{"Env":["PATH=/usr/bin"]}},"rootfs":{{"type":"layers","diff_ids":["{}"]}},"history":[{{"created":"2024-01-01T00:00:00Z","created_by":"test"}}]}})",
      architecture, os, img.diff_id);
  const auto config_desc = descriptor("application/vnd.oci.image.config.v1+json", img.config);
  img.config_digest = sha256_digest(img.config);
  img.manifest = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[{}]}})",
      config_desc, layer_desc);
  img.manifest_digest = add_blob(img.manifest);
  return img;
}

BuiltImage LayoutBuilder::write_valid_layout(std::string_view tag) {
  write_oci_layout();
  auto img = add_image();
  write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"platform":{{"architecture":"amd64","os":"linux"}},"annotations":{{"org.opencontainers.image.ref.name":"{}"}}}})",
      img.manifest_digest, img.manifest.size(), tag)});
  return img;
}

std::vector<std::pair<std::string, std::string>> snapshot_tree(const fs::path& root) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const auto rel = fs::relative(e.path(), root).string();
    if (e.is_symlink()) {
      out.emplace_back(rel, "-> " + fs::read_symlink(e.path()).string());
    } else if (e.is_regular_file()) {
      std::ifstream in(e.path(), std::ios::binary);
      out.emplace_back(rel, std::string(std::istreambuf_iterator<char>(in), {}));
    } else {
      out.emplace_back(rel, "<special>");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ocv::test
