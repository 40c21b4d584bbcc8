#include "apps/conformance/archive_pack.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "validator/digest/digest.hpp"
#include "validator/layer/decoder.hpp"

namespace ocv::conformance {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kRepository = "ocivalidate/case";
constexpr std::string_view kRefName = "org.opencontainers.image.ref.name";
constexpr std::string_view kImageName = "io.containerd.image.name";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", p.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string hex_of(std::string_view digest) {
  return std::string(digest.substr(digest.find(':') + 1));
}

std::string sha256(std::string_view bytes) { return "sha256:" + digest::hash_hex("sha256", bytes); }

std::string serialize(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

rapidjson::Document parse(const std::string& text, std::string_view what) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError()) throw std::runtime_error(fmt::format("{} is not JSON", what));
  return d;
}

std::string str_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return {};
  const auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

/// The uncompressed stream of a layer blob (gzip, zstd or plain, by magic).
std::string uncompressed(const std::string& blob) {
  using engine::mt::Compression;
  Compression c = Compression::none;
  if (blob.size() >= 2 && static_cast<unsigned char>(blob[0]) == 0x1f &&
      static_cast<unsigned char>(blob[1]) == 0x8b)
    c = Compression::gzip;
  if (blob.size() >= 4 && blob.compare(0, 4, "\x28\xb5\x2f\xfd") == 0) c = Compression::zstd;
  if (c == Compression::none) return blob;
  auto d = layer::make_decoder(c);
  d->set_input(reinterpret_cast<const std::uint8_t*>(blob.data()), blob.size());
  std::string out;
  std::string chunk(1 << 16, '\0');
  bool ended = false;
  for (;;) {
    const auto n = d->decode(reinterpret_cast<std::uint8_t*>(chunk.data()), chunk.size());
    if (n > 0) {
      out.append(chunk.data(), n);
      continue;
    }
    if (!d->error().empty() || ended || !d->needs_input()) break;
    d->end_of_input();
    ended = true;
  }
  return out;
}

/// One image of the layout: a manifest with its tags.
struct Image {
  std::string manifest_digest;
  std::string manifest;
  std::string config_digest;
  std::vector<std::string> layer_digests;
  std::vector<std::string> tags;
};

class Layout {
 public:
  explicit Layout(const fs::path& root) : root_(root) {
    if (fs::exists(root / "oci-layout")) oci_layout = read_file(root / "oci-layout");
    index = read_file(root / "index.json");
    for (const auto& alg : fs::directory_iterator(root / "blobs"))
      for (const auto& blob : fs::directory_iterator(alg.path()))
        if (blob.is_regular_file())
          blobs[fmt::format("{}:{}", alg.path().filename().string(),
                            blob.path().filename().string())] = read_file(blob.path());
    const auto doc = parse(index, "index.json");
    if (!doc.IsObject() || !doc.HasMember("manifests") || !doc["manifests"].IsArray()) return;
    for (const auto& entry : doc["manifests"].GetArray()) add_entry(entry);
  }

  const std::string& blob(const std::string& digest) const {
    const auto it = blobs.find(digest);
    if (it == blobs.end()) throw std::runtime_error(fmt::format("no blob {}", digest));
    return it->second;
  }

  std::string oci_layout;
  std::string index;
  std::map<std::string, std::string> blobs;  // digest -> bytes
  std::vector<Image> images;

 private:
  void add_entry(const rapidjson::Value& entry) {
    std::string digest = str_member(entry, "digest");
    std::string tag;
    if (entry.HasMember("annotations") && entry["annotations"].IsObject())
      tag = str_member(entry["annotations"], kRefName.data());
    auto doc = parse(blob(digest), digest);
    if (doc.IsObject() && doc.HasMember("manifests") && doc["manifests"].IsArray() &&
        !doc["manifests"].Empty()) {
      // A nested index: `docker save` keeps one platform, the first here.
      digest = str_member(doc["manifests"][0], "digest");
      doc = parse(blob(digest), digest);
    }
    for (auto& image : images)
      if (image.manifest_digest == digest) {
        if (!tag.empty()) image.tags.push_back(tag);
        return;
      }
    Image image;
    image.manifest_digest = digest;
    image.manifest = blob(digest);
    image.config_digest = doc.HasMember("config") ? str_member(doc["config"], "digest") : "";
    if (doc.HasMember("layers") && doc["layers"].IsArray())
      for (const auto& l : doc["layers"].GetArray())
        image.layer_digests.push_back(str_member(l, "digest"));
    if (!tag.empty()) image.tags.push_back(tag);
    images.push_back(std::move(image));
  }

  fs::path root_;
};

TarMember file_member(std::string path, std::string data) {
  TarMember m;
  m.path = std::move(path);
  m.data = std::move(data);
  return m;
}

TarMember dir_member(std::string path) {
  TarMember m;
  m.path = std::move(path);
  m.type = '5';
  return m;
}

/// Member names of the first image, for edits: "${config}", "${layer/0}", ...
using Names = std::map<std::string, std::string>;

std::vector<TarMember> oci_archive(const Layout& layout, const std::string& prefix, Names& names) {
  std::vector<TarMember> out;
  if (!prefix.empty()) out.push_back(dir_member(prefix));
  out.push_back(dir_member(prefix + "blobs/"));
  std::string last_alg;
  for (const auto& [digest, bytes] : layout.blobs) {
    const auto alg = digest.substr(0, digest.find(':'));
    if (alg != last_alg) out.push_back(dir_member(fmt::format("{}blobs/{}/", prefix, alg)));
    last_alg = alg;
    out.push_back(file_member(prefix + digest::blob_path_of(digest), bytes));
  }
  if (!layout.oci_layout.empty())
    out.push_back(file_member(prefix + "oci-layout", layout.oci_layout));
  out.push_back(file_member(prefix + "index.json", layout.index));
  if (!layout.images.empty()) {
    const auto& first = layout.images.front();
    names["config"] = prefix + digest::blob_path_of(first.config_digest);
    for (std::size_t i = 0; i < first.layer_digests.size(); ++i)
      names[fmt::format("layer/{}", i)] = prefix + digest::blob_path_of(first.layer_digests[i]);
  }
  return out;
}

std::string repo_tag(const std::string& tag) { return fmt::format("{}:{}", kRepository, tag); }

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key(Writer& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}
void string(Writer& w, std::string_view v) {
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}

/// manifest.json: one entry per image.
std::string manifest_json(const std::vector<Image>& images, const std::vector<std::string>& configs,
                          const std::vector<std::vector<std::string>>& layers) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartArray();
  for (std::size_t i = 0; i < images.size(); ++i) {
    w.StartObject();
    key(w, "Config");
    string(w, configs[i]);
    key(w, "RepoTags");
    w.StartArray();
    for (const auto& t : images[i].tags) string(w, repo_tag(t));
    w.EndArray();
    key(w, "Layers");
    w.StartArray();
    for (const auto& l : layers[i]) string(w, l);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

/// repositories: {"ocivalidate/case": {tag: top layer id}}.
std::string repositories(const std::vector<Image>& images, const std::vector<std::string>& tops) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, kRepository);
  w.StartObject();
  for (std::size_t i = 0; i < images.size(); ++i)
    for (const auto& t : images[i].tags) {
      key(w, t);
      string(w, tops[i]);
    }
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

std::vector<TarMember> docker_legacy(const Layout& layout, Names& names) {
  std::vector<TarMember> out;
  std::vector<std::string> configs, tops;
  std::vector<std::vector<std::string>> layer_paths;
  std::map<std::string, bool> written;
  for (const auto& image : layout.images) {
    std::string parent;
    std::vector<std::string> paths;
    for (const auto& d : image.layer_digests) {
      const auto tar = uncompressed(layout.blob(d));
      const auto id = digest::hash_hex("sha256", fmt::format("{}|{}", parent, sha256(tar)));
      if (!written[id]) {
        out.push_back(dir_member(id + "/"));
        out.push_back(file_member(id + "/VERSION", "1.0"));
        out.push_back(file_member(id + "/json",
                                  parent.empty()
                                      ? fmt::format(R"({{"id":"{}"}})", id)
                                      : fmt::format(R"({{"id":"{}","parent":"{}"}})", id, parent)));
        out.push_back(file_member(id + "/layer.tar", tar));
        written[id] = true;
      }
      paths.push_back(id + "/layer.tar");
      parent = id;
    }
    const auto config_name = hex_of(image.config_digest) + ".json";
    if (!written[config_name])
      out.push_back(file_member(config_name, layout.blob(image.config_digest)));
    written[config_name] = true;
    configs.push_back(config_name);
    layer_paths.push_back(std::move(paths));
    tops.push_back(parent);
  }
  if (!configs.empty()) {
    names["config"] = configs.front();
    for (std::size_t i = 0; i < layer_paths.front().size(); ++i)
      names[fmt::format("layer/{}", i)] = layer_paths.front()[i];
  }
  out.push_back(file_member("manifest.json", manifest_json(layout.images, configs, layer_paths)));
  out.push_back(file_member("repositories", repositories(layout.images, tops)));
  return out;
}

/// Annotations of an index.json entry as Docker 25+ and containerd write them.
void entry_annotations(Writer& w, const std::string& tag) {
  key(w, "annotations");
  w.StartObject();
  key(w, kImageName);
  string(w, fmt::format("docker.io/{}", repo_tag(tag)));
  key(w, kRefName);
  string(w, tag);
  w.EndObject();
}

void descriptor(Writer& w, std::string_view media_type, const std::string& digest,
                std::size_t size) {
  key(w, "mediaType");
  string(w, media_type);
  key(w, "digest");
  string(w, digest);
  key(w, "size");
  w.Uint64(size);
}

std::vector<TarMember> sorted_with_dirs(std::map<std::string, std::string> files) {
  std::vector<TarMember> out;
  std::string last_dir;
  for (auto& [path, bytes] : files) {
    const auto slash = path.rfind('/');
    if (slash != std::string::npos) {
      const auto dir = path.substr(0, slash + 1);
      if (dir != last_dir) {
        if (!last_dir.starts_with("blobs/") && dir.starts_with("blobs/"))
          out.push_back(dir_member("blobs/"));
        out.push_back(dir_member(dir));
      }
      last_dir = dir;
    }
    out.push_back(file_member(path, std::move(bytes)));
  }
  return out;
}

std::vector<TarMember> docker_25(const Layout& layout, Names& names) {
  std::map<std::string, std::string> files;  // written in name order, as moby's archive.Tar does
  std::vector<std::string> configs, tops;
  std::vector<std::vector<std::string>> layer_paths;
  rapidjson::StringBuffer index_buf;
  Writer index(index_buf);
  index.StartObject();
  key(index, "schemaVersion");
  index.Int(2);
  key(index, "mediaType");
  string(index, "application/vnd.oci.image.index.v1+json");
  key(index, "manifests");
  index.StartArray();
  for (const auto& image : layout.images) {
    const auto& config = layout.blob(image.config_digest);
    files[digest::blob_path_of(image.config_digest)] = config;
    rapidjson::StringBuffer buf;
    Writer m(buf);
    m.StartObject();
    key(m, "schemaVersion");
    m.Int(2);
    key(m, "mediaType");
    string(m, "application/vnd.oci.image.manifest.v1+json");
    // The platform of the config, on the config descriptor and the index
    // entries (moby v25: Config.Platform, and the entries' Platform).
    const auto config_doc = parse(config, image.config_digest);
    const auto platform = [&](Writer& w) {
      key(w, "platform");
      w.StartObject();
      key(w, "architecture");
      string(w, str_member(config_doc, "architecture"));
      key(w, "os");
      string(w, str_member(config_doc, "os"));
      w.EndObject();
    };
    key(m, "config");
    m.StartObject();
    descriptor(m, "application/vnd.oci.image.config.v1+json", image.config_digest, config.size());
    platform(m);
    m.EndObject();
    key(m, "layers");
    m.StartArray();
    std::vector<std::string> paths;
    std::string parent;
    for (const auto& d : image.layer_digests) {
      const auto tar = uncompressed(layout.blob(d));
      const auto diff_id = sha256(tar);
      files[digest::blob_path_of(diff_id)] = tar;
      // The legacy v1 image JSON of each layer, kept as a blob that no
      // descriptor names (moby v25 saveLayer).
      const auto v1 = parent.empty()
                          ? fmt::format(R"({{"id":"{}"}})", hex_of(diff_id))
                          : fmt::format(R"({{"id":"{}","parent":"{}"}})", hex_of(diff_id), parent);
      files[digest::blob_path("sha256", digest::hash_hex("sha256", v1))] = v1;
      parent = hex_of(diff_id);
      m.StartObject();
      descriptor(m, "application/vnd.oci.image.layer.v1.tar", diff_id, tar.size());
      m.EndObject();
      paths.push_back(digest::blob_path_of(diff_id));
    }
    m.EndArray();
    m.EndObject();
    const std::string manifest(buf.GetString(), buf.GetSize());
    const auto manifest_digest = sha256(manifest);
    files[digest::blob_path_of(manifest_digest)] = manifest;
    for (const auto& tag : image.tags) {
      index.StartObject();
      descriptor(index, "application/vnd.oci.image.manifest.v1+json", manifest_digest,
                 manifest.size());
      entry_annotations(index, tag);
      platform(index);
      index.EndObject();
    }
    configs.push_back(digest::blob_path_of(image.config_digest));
    layer_paths.push_back(std::move(paths));
    tops.push_back(parent);
  }
  index.EndArray();
  index.EndObject();
  files["index.json"] = std::string(index_buf.GetString(), index_buf.GetSize());
  files["manifest.json"] = manifest_json(layout.images, configs, layer_paths);
  files["oci-layout"] = R"({"imageLayoutVersion":"1.0.0"})";
  if (!configs.empty()) {
    names["config"] = configs.front();
    for (std::size_t i = 0; i < layer_paths.front().size(); ++i)
      names[fmt::format("layer/{}", i)] = layer_paths.front()[i];
  }
  files["repositories"] = repositories(layout.images, tops);
  return sorted_with_dirs(std::move(files));
}

std::vector<TarMember> docker_containerd(const Layout& layout, Names& names) {
  std::map<std::string, std::string> files;
  for (const auto& [digest, bytes] : layout.blobs) files[digest::blob_path_of(digest)] = bytes;
  // index.json: the layout's own entries, named as containerd names them.
  auto doc = parse(layout.index, "index.json");
  if (doc.IsObject() && doc.HasMember("manifests") && doc["manifests"].IsArray())
    for (auto& entry : doc["manifests"].GetArray()) {
      if (!entry.IsObject() || !entry.HasMember("annotations") || !entry["annotations"].IsObject())
        continue;
      auto& a = entry["annotations"];
      const auto tag = str_member(a, kRefName.data());
      if (tag.empty()) continue;
      const auto name = fmt::format("docker.io/{}", repo_tag(tag));
      a.AddMember(rapidjson::Value(kImageName.data(), doc.GetAllocator()),
                  rapidjson::Value(name.c_str(), doc.GetAllocator()), doc.GetAllocator());
    }
  files["index.json"] = serialize(doc);
  std::vector<std::string> configs;
  std::vector<std::vector<std::string>> layer_paths;
  for (const auto& image : layout.images) {
    configs.push_back(digest::blob_path_of(image.config_digest));
    std::vector<std::string> paths;
    for (const auto& d : image.layer_digests) paths.push_back(digest::blob_path_of(d));
    layer_paths.push_back(std::move(paths));
  }
  files["manifest.json"] = manifest_json(layout.images, configs, layer_paths);
  if (!configs.empty()) {
    names["config"] = configs.front();
    for (std::size_t i = 0; i < layer_paths.front().size(); ++i)
      names[fmt::format("layer/{}", i)] = layer_paths.front()[i];
  }
  files["oci-layout"] =
      layout.oci_layout.empty() ? R"({"imageLayoutVersion":"1.0.0"})" : layout.oci_layout;
  return sorted_with_dirs(std::move(files));
}

TarMember& find_member(std::vector<TarMember>& members, const std::string& name) {
  for (auto& m : members)
    if (m.path == name) return m;
  throw std::runtime_error(fmt::format("the archive has no member {}", name));
}

void apply(std::vector<TarMember>& members, std::string& bytes, const ArchiveEdit& e,
           bool before_write) {
  using Op = ArchiveEdit::Op;
  if (e.op == Op::truncate) {
    if (before_write) return;
    const auto size = e.size < 0 ? static_cast<long long>(bytes.size()) + e.size : e.size;
    bytes.resize(static_cast<std::size_t>(
        std::clamp<long long>(size, 0, static_cast<long long>(bytes.size()))));
    return;
  }
  if (!before_write) return;
  switch (e.op) {
    case Op::set_json:
    case Op::remove_json: {
      auto& m = find_member(members, e.member);
      auto doc = parse(m.data, e.member);
      if (e.op == Op::remove_json) {
        if (!rapidjson::Pointer(e.pointer.c_str()).Erase(doc))
          throw std::runtime_error(fmt::format("{}: nothing at {}", e.member, e.pointer));
      } else {
        rapidjson::Document value(&doc.GetAllocator());
        value.Parse(e.value_json.c_str(), e.value_json.size());
        if (value.HasParseError())
          throw std::runtime_error(
              fmt::format("{}: the value for {} is not JSON", e.member, e.pointer));
        rapidjson::Pointer(e.pointer.c_str()).Set(doc, value);
      }
      m.data = serialize(doc);
      break;
    }
    case Op::add_member:
      members.push_back(e.added);
      break;
    case Op::remove_member:
      members.erase(std::remove_if(members.begin(), members.end(),
                                   [&](const TarMember& m) { return m.path == e.member; }),
                    members.end());
      break;
    case Op::truncate:
      break;
  }
}

}  // namespace

void pack_archive(const fs::path& layout_dir, const ArchiveSpec& spec, const fs::path& out) {
  const Layout layout(layout_dir);
  std::vector<TarMember> members;
  Names names;
  if (spec.shape == "oci-archive")
    members = oci_archive(layout, spec.prefix, names);
  else if (spec.shape == "docker-archive")
    members = docker_legacy(layout, names);
  else if (spec.shape == "docker-25")
    members = docker_25(layout, names);
  else if (spec.shape == "docker-containerd")
    members = docker_containerd(layout, names);
  else
    throw std::runtime_error(fmt::format("unknown archive shape {}", spec.shape));
  const auto substitute = [&](std::string text) {
    for (const auto& [name, value] : names)
      for (auto at = text.find("${" + name + "}"); at != std::string::npos;
           at = text.find("${" + name + "}", at + value.size()))
        text.replace(at, name.size() + 3, value);
    return text;
  };
  std::string bytes;
  for (auto e : spec.edits) {
    e.member = substitute(e.member);
    e.value_json = substitute(e.value_json);
    e.added.path = substitute(e.added.path);
    e.added.link = substitute(e.added.link);
    apply(members, bytes, e, true);
  }
  bytes = tar_of(members);
  for (const auto& e : spec.edits) apply(members, bytes, e, false);
  if (spec.compression == "gzip")
    bytes = gzip(bytes);
  else if (spec.compression == "zstd")
    bytes = zstd(bytes);
  else if (spec.compression != "none")
    throw std::runtime_error(fmt::format("unknown compression {}", spec.compression));
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", out.string()));
}

}  // namespace ocv::conformance
