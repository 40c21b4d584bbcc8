#include "validator/archive/docker_archive.hpp"

#include <array>
#include <tuple>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "validator/digest/digest.hpp"
#include "validator/model/member_path.hpp"

namespace ocv::archive {
namespace {

using source::FileType;
using source::ReadResult;

constexpr std::size_t kMaxDocument = 16u << 20;  // as the content graph's document limit
constexpr std::string_view kRefName = "org.opencontainers.image.ref.name";

std::string str(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

/// Where a path named by manifest.json leads inside the archive.
source::NamedPath resolve_path(const ArchiveSource& archive, std::string written,
                               std::string pointer) {
  source::NamedPath p;
  p.pointer = std::move(pointer);
  p.leaves_archive = member_path::leaves_root(written);
  p.written = std::move(written);
  if (p.leaves_archive) return p;
  const auto name = member_path::normalize(p.written);
  const auto [direct, ignored] = archive.member_type(name, false);
  const auto [type, size] = archive.member_type(name, true);
  p.type = type;
  p.size = size;
  // A link that cannot be followed inside the archive leaves it or breaks.
  if (direct == FileType::symlink && type == FileType::symlink) p.leaves_archive = true;
  if (name.starts_with("blobs/") && std::count(name.begin(), name.end(), '/') == 2) p.blob = name;
  return p;
}

/// The compression a layer file's first bytes show, as a layer media type.
std::string_view layer_type_of(const ArchiveSource& archive, std::string_view path) {
  std::string why;
  auto reader = archive.open_member(path, why);
  std::array<unsigned char, 4> head{};
  if (reader && reader->read(head.data(), head.size()) == static_cast<long>(head.size())) {
    if (head[0] == 0x1f && head[1] == 0x8b) return "application/vnd.oci.image.layer.v1.tar+gzip";
    if (head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
      return "application/vnd.oci.image.layer.v1.tar+zstd";
  }
  return "application/vnd.oci.image.layer.v1.tar";
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_descriptor(Writer& w, std::string_view media_type, std::string_view digest,
                      std::uint64_t size) {
  w.StartObject();
  w.Key("mediaType");
  w.String(media_type.data(), static_cast<rapidjson::SizeType>(media_type.size()));
  w.Key("digest");
  w.String(digest.data(), static_cast<rapidjson::SizeType>(digest.size()));
  w.Key("size");
  w.Uint64(size);
}

bool is_sha256_digest(std::string_view d) {
  const auto parsed = digest::parse(d);
  return parsed && parsed->algorithm == "sha256" && !digest::algorithm_form_error(*parsed);
}

/// rootfs.diff_ids of a config document, when readable.
std::vector<std::string> diff_ids_of(const std::string& config) {
  std::vector<std::string> out;
  const auto parsed = json::parse_strict(config);
  if (!parsed->ok() || !parsed->dom.IsObject()) return out;
  const auto* rootfs = member(parsed->dom, "rootfs");
  if (rootfs == nullptr || !rootfs->IsObject()) return out;
  const auto* ids = member(*rootfs, "diff_ids");
  if (ids == nullptr || !ids->IsArray()) return out;
  for (const auto& id : ids->GetArray()) out.push_back(id.IsString() ? str(id) : std::string());
  return out;
}

}  // namespace

void read_docker_manifest(const ArchiveSource& archive, source::ArchiveFacts& facts) {
  if (auto repos = archive.read_member("repositories", kMaxDocument);
      repos.status == ReadResult::Status::ok && !repos.truncated)
    facts.repositories = json::parse_strict(std::move(repos.bytes));
  auto read = archive.read_member("manifest.json", kMaxDocument);
  if (read.status != ReadResult::Status::ok || read.truncated) return;
  auto parsed = json::parse_strict(std::move(read.bytes));
  facts.docker_manifest = std::shared_ptr<const json::ParsedJson>(std::move(parsed));
  const auto& doc = facts.docker_manifest->dom;
  if (!facts.docker_manifest->ok() || !doc.IsArray()) return;
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    const auto& entry = doc[i];
    source::DockerImage image;
    image.pointer = json::pointer_append("", i);
    if (!entry.IsObject()) {
      facts.docker_images.push_back(std::move(image));
      continue;
    }
    if (const auto* config = member(entry, "Config"); config != nullptr && config->IsString()) {
      image.config =
          resolve_path(archive, str(*config), json::pointer_append(image.pointer, "Config"));
      if (image.config->type == FileType::regular && !image.config->leaves_archive &&
          image.config->size <= kMaxDocument) {
        const auto bytes =
            archive.read_member(member_path::normalize(image.config->written), kMaxDocument);
        if (bytes.status == ReadResult::Status::ok && !bytes.truncated)
          image.config_digest = "sha256:" + digest::hash_hex("sha256", bytes.bytes);
      }
    }
    if (const auto* tags = member(entry, "RepoTags"); tags != nullptr && tags->IsArray())
      for (const auto& tag : tags->GetArray())
        if (tag.IsString()) image.repo_tags.push_back(str(tag));
    if (const auto* layers = member(entry, "Layers"); layers != nullptr && layers->IsArray()) {
      const auto layers_pointer = json::pointer_append(image.pointer, "Layers");
      for (rapidjson::SizeType k = 0; k < layers->Size(); ++k)
        if ((*layers)[k].IsString())
          image.layers.push_back(
              resolve_path(archive, str((*layers)[k]), json::pointer_append(layers_pointer, k)));
    }
    facts.docker_images.push_back(std::move(image));
  }
}

LegacyDockerSource::LegacyDockerSource(std::unique_ptr<ArchiveSource> archive,
                                       source::ArchiveFacts facts)
    : archive_(std::move(archive)), facts_(std::move(facts)) {
  facts_.synthesized_layout = true;
  synthesize();
}

void LegacyDockerSource::synthesize() {
  made_up_["oci-layout"] = R"({"imageLayoutVersion":"1.0.0"})";
  const auto add_blob = [&](const std::string& digest, const std::string& member) {
    const auto path = digest::blob_path("sha256", digest.substr(7));
    if (!members_.contains(path) && !made_up_.contains(path)) members_[path] = member;
    return members_.at(path) == member ? path : std::string();
  };
  // A name for a file whose content gives none: its path's digest, never
  // compared with the content.
  const auto name_for = [](std::string_view what, const std::string& path) {
    return "sha256:" + digest::hash_hex("sha256", fmt::format("{}:{}", what, path));
  };

  rapidjson::StringBuffer index_buf;
  Writer index(index_buf);
  index.StartObject();
  index.Key("schemaVersion");
  index.Int(2);
  index.Key("mediaType");
  index.String("application/vnd.oci.image.index.v1+json");
  index.Key("manifests");
  index.StartArray();
  for (auto& image : facts_.docker_images) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("schemaVersion");
    w.Int(2);
    w.Key("mediaType");
    w.String("application/vnd.oci.image.manifest.v1+json");
    std::vector<std::string> diff_ids;
    w.Key("config");
    if (image.config && image.config_digest) {
      const auto member = member_path::normalize(image.config->written);
      image.config->blob = add_blob(*image.config_digest, member);
      diff_ids = diff_ids_of(archive_->read_member(member, kMaxDocument).bytes);
      write_descriptor(w, "application/vnd.oci.image.config.v1+json", *image.config_digest,
                       image.config->size);
    } else {
      // Missing or unreadable (an archive rule says which): a descriptor of nothing.
      write_descriptor(w, "application/vnd.oci.image.config.v1+json",
                       name_for("config", image.pointer), 0);
    }
    w.EndObject();
    w.Key("layers");
    w.StartArray();
    for (std::size_t i = 0; i < image.layers.size(); ++i) {
      auto& layer = image.layers[i];
      const auto member = member_path::normalize(layer.written);
      std::string digest = i < diff_ids.size() && is_sha256_digest(diff_ids[i])
                               ? diff_ids[i]
                               : name_for("layer", layer.written);
      const bool readable = layer.type == FileType::regular && !layer.leaves_archive;
      if (readable) {
        layer.blob = add_blob(digest, member);
        if (layer.blob.empty()) {  // the same diff_id names another file
          digest = name_for("layer", layer.written);
          layer.blob = add_blob(digest, member);
        }
        facts_.synthesized_names.push_back(layer.blob);
      }
      write_descriptor(w,
                       readable ? layer_type_of(*archive_, member)
                                : std::string_view("application/vnd.oci.image.layer.v1.tar"),
                       digest, readable ? layer.size : 0);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    std::string manifest(buf.GetString(), buf.GetSize());
    const auto manifest_digest = "sha256:" + digest::hash_hex("sha256", manifest);
    made_up_[digest::blob_path("sha256", manifest_digest.substr(7))] = manifest;
    // One entry per tag, so that each tag is an image of its own; an
    // untagged image gets one entry without a name.
    std::vector<std::string> names = image.repo_tags;
    if (names.empty()) names.emplace_back();
    for (const auto& name : names) {
      write_descriptor(index, "application/vnd.oci.image.manifest.v1+json", manifest_digest,
                       manifest.size());
      if (!name.empty()) {
        index.Key("annotations");
        index.StartObject();
        index.Key(kRefName.data(), static_cast<rapidjson::SizeType>(kRefName.size()));
        index.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        index.EndObject();
      }
      index.EndObject();
    }
  }
  index.EndArray();
  index.EndObject();
  made_up_["index.json"] = std::string(index_buf.GetString(), index_buf.GetSize());
}

std::vector<std::pair<std::string, FileType>> LegacyDockerSource::list_root() const {
  return {{"blobs", FileType::directory},
          {"index.json", FileType::regular},
          {"oci-layout", FileType::regular}};
}

source::BlobScan LegacyDockerSource::scan_blobs(std::uint64_t max_entries) const {
  source::BlobScan scan;
  scan.blobs_dir = FileType::directory;
  std::map<std::string, source::BlobEntry> entries;
  for (const auto& [path, bytes] : made_up_) {
    if (!path.starts_with("blobs/")) continue;
    source::BlobEntry& e = entries[path];
    e.path = path;
    e.algorithm = "sha256";
    e.encoded = path.substr(13);
    e.type = FileType::regular;
    e.size = bytes.size();
    e.readable = true;
  }
  for (const auto& [path, member] : members_) {
    // A legacy archive's layer files may be links (skopeo writes
    // <id>/layer.tar -> ../<diff_id>.tar): the content counts.
    const auto [type, size] = archive_->member_type(member, true);
    source::BlobEntry& e = entries[path];
    e.path = path;
    e.algorithm = "sha256";
    e.encoded = path.substr(13);
    e.type = type;
    e.size = size;
    source::settle_readability(e);
  }
  for (auto& [path, entry] : entries) scan.blobs.push_back(std::move(entry));
  source::keep_first_blobs(scan, max_entries);
  return scan;
}

source::BlobEntry LegacyDockerSource::blob_entry(std::string_view alg,
                                                 std::string_view encoded) const {
  source::BlobEntry entry;
  const auto path = digest::blob_path(alg, encoded);
  if (const auto it = made_up_.find(path); it != made_up_.end()) {
    entry.type = FileType::regular;
    entry.size = it->second.size();
  } else if (const auto member = members_.find(path); member != members_.end()) {
    std::tie(entry.type, entry.size) = archive_->member_type(member->second, true);
  }
  source::settle_readability(entry);
  return entry;
}

ReadResult LegacyDockerSource::read_made_up(const std::string& bytes, std::size_t cap) const {
  ReadResult r;
  r.status = ReadResult::Status::ok;
  r.type = FileType::regular;
  r.file_size = bytes.size();
  r.bytes = bytes.substr(0, cap);
  r.truncated = bytes.size() > cap;
  return r;
}

ReadResult LegacyDockerSource::read_root_file(std::string_view name, std::size_t cap) const {
  if (const auto it = made_up_.find(name); it != made_up_.end())
    return read_made_up(it->second, cap);
  return {};
}

ReadResult LegacyDockerSource::read_blob(std::string_view alg, std::string_view encoded,
                                         std::size_t cap) const {
  const auto path = digest::blob_path(alg, encoded);
  if (const auto it = made_up_.find(path); it != made_up_.end())
    return read_made_up(it->second, cap);
  if (const auto it = members_.find(path); it != members_.end())
    return archive_->read_member(it->second, cap);
  return {};
}

namespace {
/// Reads bytes held in memory.
class StringReader final : public source::BlobReader {
 public:
  explicit StringReader(std::string_view bytes) : bytes_(bytes) {}
  long read(void* buffer, std::size_t size) override {
    const auto n = std::min(size, bytes_.size());
    std::copy_n(bytes_.data(), n, static_cast<char*>(buffer));
    bytes_.remove_prefix(n);
    return static_cast<long>(n);
  }
  const std::string& error() const override { return error_; }

 private:
  std::string_view bytes_;
  std::string error_;
};
}  // namespace

std::unique_ptr<source::BlobReader> LegacyDockerSource::open_blob(std::string_view alg,
                                                                  std::string_view encoded,
                                                                  std::string& why) const {
  const auto path = digest::blob_path(alg, encoded);
  if (const auto it = made_up_.find(path); it != made_up_.end())
    return std::make_unique<StringReader>(it->second);
  if (const auto it = members_.find(path); it != members_.end())
    return archive_->open_member(it->second, why);
  why = "missing";
  return nullptr;
}

std::string LegacyDockerSource::blob_of_member(std::string_view member) const {
  // The file a layer path leads to, links followed inside the archive.
  for (const auto& [path, m] : members_)
    if (const Member* target = archive_->index().resolve(archive_->root() + m);
        target != nullptr && target->name == member)
      return path;
  return {};
}

std::string LegacyDockerSource::location_of(std::string_view path) const {
  if (made_up_.contains(path)) return {};
  if (const auto it = members_.find(path); it != members_.end())
    return archive_->root() + it->second;
  return archive_->location_of(path);
}

}  // namespace ocv::archive
