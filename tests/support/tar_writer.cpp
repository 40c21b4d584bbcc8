#include "tests/support/tar_writer.hpp"

#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/layout_builder.hpp"

namespace ocv::test {
namespace {

void put_octal(std::string& block, std::size_t at, std::size_t width, std::uint64_t value) {
  const auto text = fmt::format("{:0{}o}", value, width - 1);
  std::memcpy(block.data() + at, text.data(), width - 1);
}

/// A ustar header block for `m`; names and links longer than 100 bytes are
/// cut, which no test relies on.
std::string header(const TarMember& m) {
  std::string h(512, '\0');
  std::memcpy(h.data(), m.path.data(), std::min<std::size_t>(m.path.size(), 100));
  put_octal(h, 100, 8, m.type == '5' ? 0755 : 0644);
  put_octal(h, 108, 8, 0);
  put_octal(h, 116, 8, 0);
  put_octal(h, 124, 12, m.data.size());
  put_octal(h, 136, 12, 1700000000);
  h[156] = m.type;
  std::memcpy(h.data() + 157, m.link.data(), std::min<std::size_t>(m.link.size(), 100));
  std::memcpy(h.data() + 257,
              "ustar\0"
              "00",
              8);
  std::memset(h.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (const unsigned char c : h) sum += c;
  put_octal(h, 148, 7, sum);
  return h;
}

}  // namespace

TarMember file(std::string path, std::string data) {
  return {std::move(path), '0', std::move(data), ""};
}
TarMember dir(std::string path) { return {std::move(path), '5', "", ""}; }
TarMember symlink_to(std::string path, std::string target) {
  return {std::move(path), '2', "", std::move(target)};
}
TarMember hardlink_to(std::string path, std::string target) {
  return {std::move(path), '1', "", std::move(target)};
}

std::string tar_of(const std::vector<TarMember>& members, bool end_blocks) {
  std::string out;
  for (const auto& m : members) {
    out += header(m);
    out += m.data;
    out.append((512 - m.data.size() % 512) % 512, '\0');
  }
  if (end_blocks) out.append(1024, '\0');
  return out;
}

std::string zstd(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3));
  return out;
}

Layer gz(const std::string& tar) {
  return {gzip(tar), std::string(kLayerGzip), sha256_digest(tar)};
}
Layer plain(const std::string& tar) { return {tar, std::string(kLayerTar), sha256_digest(tar)}; }
Layer zst(const std::string& tar) {
  return {zstd(tar), std::string(kLayerZstd), sha256_digest(tar)};
}

std::vector<engine::Finding> validate_image(const std::vector<Layer>& layers,
                                            const engine::ValidateOptions& options) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  std::string descriptors, diff_ids, history;
  for (const auto& l : layers) {
    const std::string_view sep = descriptors.empty() ? "" : ",";
    descriptors += sep;
    descriptors += b.descriptor(l.media_type, l.bytes);
    diff_ids += fmt::format(R"({}"{}")", sep, l.diff_id);
    history += fmt::format(R"({}{{"created":"2024-01-01T00:00:00Z","created_by":"test"}})", sep);
  }
  const auto config = fmt::format(
      R"({{"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{{}},"rootfs":{{"type":"layers","diff_ids":[{}]}},"history":[{}]}})",
      diff_ids, history);
  const auto manifest = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[{}]}})",
      b.descriptor("application/vnd.oci.image.config.v1+json", config), descriptors);
  const auto digest = b.add_blob(manifest);
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"1.0"}}}})",
      digest, manifest.size())});
  return engine::validate_layout(tmp.path(), rules::default_registry(), options).findings;
}

}  // namespace ocv::test
