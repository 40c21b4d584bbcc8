#pragma once
// Generators of hostile image layouts: each writes, at test time, a layout
// that once cost the validator superlinear time or unbounded memory, or hid
// something behind a cap or a parser quirk. They stay small on disk (large
// layers are gzip streams of repetitive tar headers) and are written
// streaming, so the test process itself stays small too.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ocv::test::hostile {

/// A tar stream written member by member straight into a gzip file.
class GzipTarFile {
 public:
  explicit GzipTarFile(const std::filesystem::path& path);
  ~GzipTarFile();
  GzipTarFile(const GzipTarFile&) = delete;
  GzipTarFile& operator=(const GzipTarFile&) = delete;

  /// A ustar member (path of at most 100 bytes), with its data.
  void member(std::string_view path, char type = '0', std::string_view data = {},
              std::string_view link = {});
  /// A pax extended header ('x') whose body is `body` exactly as given
  /// (records need not be well-formed), then a member named `path`.
  void pax_member(std::string_view body, std::string_view path, char type = '0');
  /// Raw bytes (already block-aligned).
  void raw(std::string_view bytes);
  /// Writes the end-of-archive blocks and closes the gzip stream; returns
  /// the layer's digest ("sha256:<hex>" of the gzip bytes), its size and
  /// its diff_id.
  struct Done {
    std::string digest;
    std::uint64_t size = 0;
    std::string diff_id;
  };
  Done finish();

 private:
  struct State;
  State* state_;
};

/// A pax record "<len> key=value\n" with a correct length.
std::string pax_record(std::string_view key, std::string_view value);
/// A ustar header block, and data padded to whole blocks: for tar streams
/// assembled by hand (malformed extended headers).
std::string tar_header(std::string_view path, char type, std::uint64_t size,
                       std::string_view link = {});
std::string padded(std::string_view data);
/// `header` (a 512-byte block changed by hand) with its checksum made right.
std::string with_checksum(std::string header);

/// A layout of one image whose layers are the given gzip layer blobs
/// (digest, size, diff_id), in that order, each listed `repeat` times;
/// `ref` tags it. The files are moved into blobs/ by digest.
void write_image(const std::filesystem::path& root,
                 const std::vector<std::pair<std::filesystem::path, GzipTarFile::Done>>& layers,
                 std::size_t repeat = 1, std::string_view ref = "1.0");

// The reproductions (see tests/resource_test.cpp for what each checks).
void index_with_long_ref_name(const std::filesystem::path& root, std::size_t bytes);
void long_ref_name_and_missing_layers(const std::filesystem::path& root, std::size_t bytes,
                                      std::size_t layers);
void index_of_empty_entries(const std::filesystem::path& root, std::size_t entries);
void many_distinct_manifests(const std::filesystem::path& root, std::size_t manifests);
void index_with_number_array(const std::filesystem::path& root, std::size_t numbers,
                             std::size_t depth);
/// index.json with one object of `members` members (names in hex).
void index_with_object_members(const std::filesystem::path& root, std::size_t members);
void empty_blob_files(const std::filesystem::path& root, std::size_t files);
/// `files` empty files in blobs/sha256 that no descriptor names.
void stray_blob_files(const std::filesystem::path& root, std::size_t files);
/// `images` images, each followed in index.json by its BuildKit attestation
/// manifest (the shape of moby/buildkit docs/attestations/attestation-storage.md:
/// an entry of platform unknown/unknown whose vnd.docker.reference.digest
/// names the image, holding an in-toto statement about it).
void attested_images(const std::filesystem::path& root, std::size_t images);
/// One image manifest listing one small layer `layers` times (and a config
/// with as many diff_ids), named by `entries` index.json entries, each with
/// its own tag: `entries` images of `layers` layers.
void one_manifest_named_by_many_entries(const std::filesystem::path& root, std::size_t entries,
                                        std::size_t layers);
/// `images` images, each with a config of `numbers` zeros in one array and
/// a string of `text_bytes` (its values and its bytes, within the limits of
/// one document), all distinct.
void images_with_large_configs(const std::filesystem::path& root, std::size_t images,
                               std::size_t numbers, std::size_t text_bytes);
/// attested_images, then `configs` images_with_large_configs of `numbers`
/// values after them in index.json, and `stray_files` empty blob files.
void attested_images_then_large_configs(const std::filesystem::path& root, std::size_t images,
                                        std::size_t configs, std::size_t numbers,
                                        std::size_t stray_files);
void one_layer_named_many_times(const std::filesystem::path& root, std::size_t members,
                                std::size_t times);
void deep_pax_path(const std::filesystem::path& root, std::size_t components);
void many_long_pax_paths(const std::filesystem::path& root, std::size_t members,
                         std::size_t path_bytes);
/// `members` tiny members, then `tail` (hostile member paths).
void many_members_then(const std::filesystem::path& root, std::size_t members,
                       const std::vector<std::string>& tail);
/// `layers` small zstd layers whose frames declare a window of 2^window_log
/// bytes.
void zstd_layers_with_large_windows(const std::filesystem::path& root, std::size_t layers,
                                    int window_log);

}  // namespace ocv::test::hostile
