#include "tests/support/tar_writer.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "apps/conformance/tar_stream.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/layout_builder.hpp"

namespace ocv::test {

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
  std::vector<conformance::TarMember> out;
  out.reserve(members.size());
  for (const auto& m : members) {
    conformance::TarMember c;
    c.path = m.path;
    c.type = m.type;
    c.data = m.data;
    c.link = m.link;
    out.push_back(std::move(c));
  }
  return conformance::tar_of(out, end_blocks);
}

std::string zstd(std::string_view bytes) { return conformance::zstd(bytes); }

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

std::string incompressible(std::size_t n) {
  std::string out(n, '\0');
  std::uint32_t x = 2463534242u;  // xorshift32
  for (auto& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return out;
}

}  // namespace ocv::test
