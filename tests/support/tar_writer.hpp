#pragma once
// Tar streams written header by header, and single-image layouts made of
// them. libarchive refuses to write most of the broken forms the layer and
// whiteout tests need ("..", empty linknames, odd typeflags, no
// end-of-archive blocks), and it cannot keep an exact member order.
#include <string>
#include <string_view>
#include <vector>

#include "validator/engine/validate.hpp"
#include "validator/model/check_context.hpp"

namespace ocv::test {

/// One tar member.
struct TarMember {
  std::string path;
  char type = '0';
  std::string data;
  std::string link;
};

TarMember file(std::string path, std::string data = "");
TarMember dir(std::string path);
TarMember symlink_to(std::string path, std::string target);
TarMember hardlink_to(std::string path, std::string target);

/// A tar stream of `members`, with the two end-of-archive zero blocks
/// unless `end_blocks` is false.
std::string tar_of(const std::vector<TarMember>& members, bool end_blocks = true);

/// Zstandard frame of `bytes`.
std::string zstd(std::string_view bytes);

/// `n` pseudo-random bytes, the same on every run, that no compressor
/// shrinks: a compressed stream cut at a given point is cut there in them.
std::string incompressible(std::size_t n);

inline constexpr std::string_view kLayerTar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view kLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view kLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

/// A layer blob as a manifest lists it.
struct Layer {
  std::string bytes;
  std::string media_type;
  std::string diff_id;  // what the config lists
};

/// `tar` as a gzip, uncompressed or zstd layer, with its true diff_id.
Layer gz(const std::string& tar);
Layer plain(const std::string& tar);
Layer zst(const std::string& tar);

/// Writes a layout holding one image made of `layers` (with an OCI config
/// listing their diff_ids and one history entry each) and validates it.
std::vector<engine::Finding> validate_image(const std::vector<Layer>& layers,
                                            const engine::ValidateOptions& options = {});

}  // namespace ocv::test
