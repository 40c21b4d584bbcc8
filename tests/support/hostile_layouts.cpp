#include "tests/support/hostile_layouts.hpp"

#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "tests/support/layout_builder.hpp"
#include "validator/digest/digest.hpp"

namespace fs = std::filesystem;

namespace ocv::test::hostile {
namespace {

constexpr std::string_view kManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kConfigType = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view kGzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip";

void put_octal(char* at, std::size_t width, std::uint64_t value) {
  const auto text = fmt::format("{:0{}o}", value, width - 1);
  std::memcpy(at, text.data(), std::min(text.size(), width - 1));
}

}  // namespace

std::string tar_header(std::string_view path, char type, std::uint64_t size,
                       std::string_view link) {
  std::string h(512, '\0');
  path.copy(h.data(), std::min<std::size_t>(path.size(), 100));
  put_octal(h.data() + 100, 8, type == '5' ? 0755 : 0644);
  put_octal(h.data() + 108, 8, 0);
  put_octal(h.data() + 116, 8, 0);
  put_octal(h.data() + 124, 12, size);
  put_octal(h.data() + 136, 12, 1700000000);
  h[156] = type;
  // An empty view may hold a null pointer, which memcpy must not get.
  link.copy(h.data() + 157, std::min<std::size_t>(link.size(), 100));
  std::memcpy(h.data() + 257,
              "ustar\0"
              "00",
              8);
  return with_checksum(std::move(h));
}

std::string with_checksum(std::string header) {
  std::memset(header.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (const unsigned char c : header.substr(0, 512)) sum += c;
  put_octal(header.data() + 148, 7, sum);
  return header;
}

std::string padded(std::string_view data) {
  std::string out(data);
  out.append((512 - data.size() % 512) % 512, '\0');
  return out;
}

namespace {

std::string header(std::string_view path, char type, std::uint64_t size, std::string_view link) {
  return tar_header(path, type, size, link);
}

void write_file(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string sha256(std::string_view bytes) { return "sha256:" + digest::hash_hex("sha256", bytes); }

/// Writes `bytes` as a blob; returns its descriptor with `media_type`.
std::string blob(const fs::path& root, std::string_view media_type, std::string_view bytes,
                 std::string_view extra = "") {
  const auto d = sha256(bytes);
  write_file(root / "blobs/sha256" / d.substr(7), bytes);
  return fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}{}}})", media_type, d,
                     bytes.size(), extra);
}

void write_layout_files(const fs::path& root, std::string_view index) {
  write_file(root / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  write_file(root / "index.json", index);
}

std::string index_of(std::string_view entries, std::string_view extra = "") {
  return fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]{}}})",
      entries, extra);
}

/// A config listing `diff_ids` (one history entry each).
std::string config_of(const std::vector<std::string>& diff_ids) {
  std::string ids, history;
  for (const auto& id : diff_ids) {
    ids += fmt::format(R"({}"{}")", ids.empty() ? "" : ",", id);
    history += fmt::format(R"({}{{"created":"2024-01-01T00:00:00Z","created_by":"test"}})",
                           history.empty() ? "" : ",");
  }
  return fmt::format(
      R"({{"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":[{}]}},"history":[{}]}})",
      ids, history);
}

std::string platform_entry(std::string_view manifest_desc_without_brace, std::string_view ref) {
  return fmt::format(
      R"({},"platform":{{"architecture":"amd64","os":"linux"}},"annotations":{{"org.opencontainers.image.ref.name":"{}"}}}})",
      manifest_desc_without_brace, ref);
}

/// Writes the config and manifest of one image with the layer descriptors
/// `descs` (their diff_ids in order), and an index.json tagging it `ref`
/// (plus `extra` members in index.json).
void write_manifest_and_index(const fs::path& root, std::string_view descs,
                              const std::vector<std::string>& diff_ids, std::string_view ref,
                              std::string_view extra = "") {
  const auto config = blob(root, kConfigType, config_of(diff_ids));
  auto entry =
      blob(root, kManifestType,
           fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})",
                       kManifestType, config, descs));
  entry.pop_back();
  write_layout_files(root, index_of(platform_entry(entry, ref), extra));
}

/// A small valid gzip layer with one file, written as a blob.
GzipTarFile::Done small_layer(const fs::path& root, std::string_view content = "hello\n") {
  const auto path = root / "layer.tmp";
  GzipTarFile tar(path);
  tar.member("etc/hello.txt", '0', content);
  auto done = tar.finish();
  fs::create_directories(root / "blobs/sha256");
  fs::rename(path, root / "blobs/sha256" / done.digest.substr(7));
  return done;
}

/// Appends `item` to a comma-separated list.
void append(std::string& list, std::string_view item) {
  if (!list.empty()) list += ',';
  list += item;
}

std::string layer_desc(const GzipTarFile::Done& l) {
  return fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}}})", kGzipLayer, l.digest,
                     l.size);
}

}  // namespace

struct GzipTarFile::State {
  std::ofstream out;
  z_stream zs{};
  std::unique_ptr<digest::Hasher> compressed = digest::make_hasher("sha256");
  std::unique_ptr<digest::Hasher> plain = digest::make_hasher("sha256");
  std::uint64_t size = 0;
  std::vector<char> buffer = std::vector<char>(1u << 16);

  void deflate_chunk(std::string_view in, int flush) {
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
      zs.avail_out = static_cast<uInt>(buffer.size());
      if (::deflate(&zs, flush) == Z_STREAM_ERROR) throw std::runtime_error("deflate failed");
      const auto n = buffer.size() - zs.avail_out;
      out.write(buffer.data(), static_cast<std::streamsize>(n));
      compressed->update(buffer.data(), n);
      size += n;
    } while (zs.avail_out == 0 || (flush == Z_FINISH && zs.avail_in > 0));
  }
};

GzipTarFile::GzipTarFile(const fs::path& path) : state_(new State) {
  fs::create_directories(path.parent_path());
  state_->out.open(path, std::ios::binary);
  // Level 1: the layers are repetitive headers, and the test only needs
  // them small, not smallest.
  if (deflateInit2(&state_->zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
}

GzipTarFile::~GzipTarFile() {
  deflateEnd(&state_->zs);
  delete state_;
}

void GzipTarFile::raw(std::string_view bytes) {
  state_->plain->update(bytes.data(), bytes.size());
  state_->deflate_chunk(bytes, Z_NO_FLUSH);
}

void GzipTarFile::member(std::string_view path, char type, std::string_view data,
                         std::string_view link) {
  raw(header(path, type, data.size(), link));
  if (!data.empty()) raw(padded(data));
}

void GzipTarFile::pax_member(std::string_view body, std::string_view path, char type) {
  raw(header("PaxHeaders/member", 'x', body.size(), ""));
  // Streamed in pieces: a body can be megabytes.
  for (std::size_t at = 0; at < body.size(); at += 1u << 20) raw(body.substr(at, 1u << 20));
  raw(std::string((512 - body.size() % 512) % 512, '\0'));
  member(path, type);
}

GzipTarFile::Done GzipTarFile::finish() {
  const std::string end(1024, '\0');
  state_->plain->update(end.data(), end.size());
  state_->deflate_chunk(end, Z_FINISH);
  state_->out.close();
  return {"sha256:" + state_->compressed->finish_hex(), state_->size,
          "sha256:" + state_->plain->finish_hex()};
}

std::string pax_record(std::string_view key, std::string_view value) {
  const auto body = fmt::format(" {}={}\n", key, value);
  auto len = body.size() + 1;
  while (std::to_string(len).size() + body.size() != len) ++len;
  return std::to_string(len) + body;
}

void write_image(const fs::path& root,
                 const std::vector<std::pair<fs::path, GzipTarFile::Done>>& layers,
                 std::size_t repeat, std::string_view ref) {
  std::string descs;
  std::vector<std::string> diff_ids;
  for (const auto& [path, done] : layers) {
    fs::create_directories(root / "blobs/sha256");
    fs::rename(path, root / "blobs/sha256" / done.digest.substr(7));
  }
  for (std::size_t r = 0; r < repeat; ++r) {
    for (const auto& [path, done] : layers) {
      append(descs, layer_desc(done));
      diff_ids.push_back(done.diff_id);
    }
  }
  write_manifest_and_index(root, descs, diff_ids, ref);
}

void index_with_long_ref_name(const fs::path& root, std::size_t bytes) {
  write_image(root, {}, 1, std::string(bytes, 'a'));
}

void long_ref_name_and_missing_layers(const fs::path& root, std::size_t bytes, std::size_t layers) {
  std::string descs;
  std::vector<std::string> diff_ids;
  for (std::size_t i = 0; i < layers; ++i) {
    const auto d = sha256(fmt::format("missing layer {}", i));
    descs += fmt::format(R"({}{{"mediaType":"{}","digest":"{}","size":1000}})",
                         descs.empty() ? "" : ",", kGzipLayer, d);
    diff_ids.push_back(d);
  }
  write_manifest_and_index(root, descs, diff_ids, std::string(bytes, 'a'));
}

void index_of_empty_entries(const fs::path& root, std::size_t entries) {
  std::string list;
  list.reserve(entries * 3);
  for (std::size_t i = 0; i < entries; ++i) list += i == 0 ? "{}" : ",{}";
  write_layout_files(root, index_of(list));
}

namespace {

/// Writes the manifest of image `n`, which differs from the others only in
/// an annotation; returns its descriptor without the closing brace.
std::string numbered_manifest(const fs::path& root, std::string_view config,
                              const GzipTarFile::Done& layer, std::size_t n) {
  auto desc = blob(
      root, kManifestType,
      fmt::format(
          R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}],"annotations":{{"org.example.n":"{}"}}}})",
          kManifestType, config, layer_desc(layer), n));
  desc.pop_back();
  return desc;
}

}  // namespace

void many_distinct_manifests(const fs::path& root, std::size_t manifests) {
  const auto layer = small_layer(root);
  const auto config = blob(root, kConfigType, config_of({layer.diff_id}));
  std::string entries;
  for (std::size_t i = 0; i < manifests; ++i)
    append(entries,
           platform_entry(numbered_manifest(root, config, layer, i), fmt::format("tag{}", i)));
  write_layout_files(root, index_of(entries));
}

void index_with_number_array(const fs::path& root, std::size_t numbers, std::size_t depth) {
  const auto layer = small_layer(root);
  std::string array(depth, '[');
  array.reserve(numbers * 2 + depth * 2);
  for (std::size_t i = 0; i < numbers; ++i) array += i == 0 ? "1" : ",1";
  array.append(depth, ']');
  write_manifest_and_index(root, layer_desc(layer), {layer.diff_id}, "1.0",
                           fmt::format(R"(,"org.example.numbers":{})", array));
}

void index_with_object_members(const fs::path& root, std::size_t members) {
  const auto layer = small_layer(root);
  std::string object = "{";
  object.reserve(members * 12 + 2);
  for (std::size_t i = 0; i < members; ++i)
    fmt::format_to(std::back_inserter(object), "{}\"{:x}\":1", i == 0 ? "" : ",", i);
  object += '}';
  write_manifest_and_index(root, layer_desc(layer), {layer.diff_id}, "1.0",
                           fmt::format(R"(,"org.example.members":{})", object));
}

void stray_blob_files(const fs::path& root, std::size_t files) {
  fs::create_directories(root / "blobs/sha256");
  for (std::size_t i = 0; i < files; ++i)
    std::ofstream(root / "blobs/sha256" / digest::hash_hex("sha256", fmt::format("{}", i)));
}

void empty_blob_files(const fs::path& root, std::size_t files) {
  write_image(root, {{root / "l.tmp", [&] {
                        GzipTarFile t(root / "l.tmp");
                        t.member("etc/hello.txt", '0', "hello\n");
                        return t.finish();
                      }()}});
  stray_blob_files(root, files);
}

namespace {

/// The index.json entries of attested_images (blobs written).
std::string attested_entries(const fs::path& root, std::size_t images) {
  const auto layer = small_layer(root);
  const auto config = blob(root, kConfigType, config_of({layer.diff_id}));
  std::string entries;
  for (std::size_t i = 0; i < images; ++i) {
    const auto image = numbered_manifest(root, config, layer, i);
    const auto image_digest = image.substr(image.find("sha256:"), 71);
    append(entries, platform_entry(image, fmt::format("tag{}", i)));
    const auto statement = fmt::format(
        R"({{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2","subject":[{{"name":"pkg:docker/example@tag{}","digest":{{"sha256":"{}"}}}}],"predicate":{{}}}})",
        i, image_digest.substr(7));
    const auto statement_desc =
        blob(root, "application/vnd.in-toto+json", statement,
             R"(,"annotations":{"in-toto.io/predicate-type":"https://slsa.dev/provenance/v0.2"})");
    const auto attestation_config = blob(
        root, kConfigType,
        fmt::format(
            R"({{"architecture":"unknown","os":"unknown","config":{{}},"rootfs":{{"type":"layers","diff_ids":["{}"]}}}})",
            sha256(statement)));
    auto attestation =
        blob(root, kManifestType,
             fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})",
                         kManifestType, attestation_config, statement_desc));
    attestation.pop_back();
    append(
        entries,
        fmt::format(
            R"({},"platform":{{"architecture":"unknown","os":"unknown"}},"annotations":{{"vnd.docker.reference.digest":"{}","vnd.docker.reference.type":"attestation-manifest"}}}})",
            attestation, image_digest));
  }
  return entries;
}

/// The index.json entries of images_with_large_configs (blobs written),
/// tagged from `first_tag` on.
std::string large_config_entries(const fs::path& root, std::size_t images, std::size_t numbers,
                                 std::size_t text_bytes, std::size_t first_tag = 0) {
  const auto layer = small_layer(root);
  std::string extra = fmt::format(R"(,"org.example.text":"{}","org.example.numbers":[)",
                                  std::string(text_bytes, 'a'));
  extra.reserve(extra.size() + numbers * 2 + 2);
  for (std::size_t i = 0; i < numbers; ++i) extra += i == 0 ? "0" : ",0";
  extra += "]}";
  std::string entries;
  for (std::size_t i = first_tag; i < first_tag + images; ++i) {
    auto config_text = config_of({layer.diff_id});
    config_text.pop_back();  // its closing brace: the members below go in
    config_text += fmt::format(R"(,"org.example.image":{})", i);
    config_text += extra;
    const auto config = blob(root, kConfigType, config_text);
    auto manifest =
        blob(root, kManifestType,
             fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})",
                         kManifestType, config, layer_desc(layer)));
    manifest.pop_back();
    append(entries, platform_entry(manifest, fmt::format("tag{}", i)));
  }
  return entries;
}

}  // namespace

void attested_images(const fs::path& root, std::size_t images) {
  write_layout_files(root, index_of(attested_entries(root, images)));
}

void one_manifest_named_by_many_entries(const fs::path& root, std::size_t entries,
                                        std::size_t layers) {
  const auto layer = small_layer(root);
  const auto config =
      blob(root, kConfigType, config_of(std::vector<std::string>(layers, layer.diff_id)));
  std::string layer_list;
  for (std::size_t i = 0; i < layers; ++i) append(layer_list, layer_desc(layer));
  auto manifest =
      blob(root, kManifestType,
           fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})",
                       kManifestType, config, layer_list));
  manifest.pop_back();
  std::string index_entries;
  for (std::size_t i = 0; i < entries; ++i)
    append(index_entries, platform_entry(manifest, fmt::format("tag{}", i)));
  write_layout_files(root, index_of(index_entries));
}

void images_with_large_configs(const fs::path& root, std::size_t images, std::size_t numbers,
                               std::size_t text_bytes) {
  write_layout_files(root, index_of(large_config_entries(root, images, numbers, text_bytes)));
}

void attested_images_then_large_configs(const fs::path& root, std::size_t images,
                                        std::size_t configs, std::size_t numbers,
                                        std::size_t stray_files) {
  auto entries = attested_entries(root, images);
  append(entries, large_config_entries(root, configs, numbers, 0, images));
  write_layout_files(root, index_of(entries));
  stray_blob_files(root, stray_files);
}

void one_layer_named_many_times(const fs::path& root, std::size_t members, std::size_t times) {
  const auto path = root / "layer.tmp";
  GzipTarFile tar(path);
  for (std::size_t d = 0; d < members / 100 + 1; ++d) tar.member(fmt::format("d{}", d), '5');
  for (std::size_t i = 0; i < members; ++i) tar.member(fmt::format("d{}/f{}", i / 100, i), '0');
  write_image(root, {{path, tar.finish()}}, times);
}

void deep_pax_path(const fs::path& root, std::size_t components) {
  const auto path = root / "layer.tmp";
  GzipTarFile tar(path);
  std::string deep;
  deep.reserve(components * 2);
  for (std::size_t i = 0; i < components; ++i) deep += "a/";
  deep += "f";
  tar.pax_member(pax_record("path", deep), "placeholder");
  write_image(root, {{path, tar.finish()}});
}

void many_long_pax_paths(const fs::path& root, std::size_t members, std::size_t path_bytes) {
  const auto path = root / "layer.tmp";
  GzipTarFile tar(path);
  for (std::size_t i = 0; i < members; ++i) {
    auto long_path = fmt::format("dir{}/", i);
    long_path.append(path_bytes - long_path.size(), 'x');
    tar.pax_member(pax_record("path", long_path), "placeholder");
  }
  write_image(root, {{path, tar.finish()}});
}

void many_members_then(const fs::path& root, std::size_t members,
                       const std::vector<std::string>& tail) {
  const auto path = root / "layer.tmp";
  GzipTarFile tar(path);
  for (std::size_t d = 0; d < members / 1000 + 1; ++d) tar.member(fmt::format("d{}", d), '5');
  for (std::size_t i = 0; i < members; ++i) tar.member(fmt::format("d{}/{}", i / 1000, i), '0');
  for (const auto& p : tail) tar.member(p, '0');
  write_image(root, {{path, tar.finish()}});
}

void zstd_layers_with_large_windows(const fs::path& root, std::size_t layers, int window_log) {
  std::string descs;
  std::vector<std::string> diff_ids;
  for (std::size_t i = 0; i < layers; ++i) {
    // Enough zeros to fill the window: a decoder touches its whole window
    // only when the frame decodes to more than it.
    const std::uint64_t fill = (1ull << window_log) + (1u << 20);
    std::string tar = header(fmt::format("f{}", i), '0', fill, "");
    tar.append(fill + (512 - fill % 512) % 512 + 1024, '\0');
    // No content size in the frame header: the decoder must then size its
    // window from the declared window log alone.
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, window_log);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
    std::string out(ZSTD_compressBound(tar.size()) + 64, '\0');
    ZSTD_inBuffer in{tar.data(), tar.size(), 0};
    ZSTD_outBuffer o{out.data(), out.size(), 0};
    const auto rc = ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_end);
    ZSTD_freeCCtx(cctx);
    if (rc != 0) throw std::runtime_error("zstd compression failed");
    out.resize(o.pos);
    append(descs, blob(root, "application/vnd.oci.image.layer.v1.tar+zstd", out));
    diff_ids.push_back(sha256(tar));
  }
  write_manifest_and_index(root, descs, diff_ids, "1.0");
}

}  // namespace ocv::test::hostile
