#include "apps/conformance/case_builder.hpp"

#include <sys/stat.h>

#include <botan/base64.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "validator/digest/digest.hpp"

namespace ocv::conformance {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndexType = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view kManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kConfigType = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view kEmptyType = "application/vnd.oci.empty.v1+json";
constexpr std::string_view kArtifactType = "application/vnd.example.sbom.v1+json";
constexpr std::string_view kCreated = "2024-01-01T00:00:00Z";
// Attachments (see the bases that write them).
constexpr std::string_view kInToto = "application/vnd.in-toto+json";
constexpr std::string_view kSlsaProvenance = "https://slsa.dev/provenance/v0.2";
constexpr std::string_view kSpdx = "https://spdx.dev/Document";
constexpr std::string_view kSimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";
constexpr std::string_view kCosignSignature = "dev.cosignproject.cosign/signature";
constexpr std::string_view kDsseEnvelope = "application/vnd.dsse.envelope.v1+json";
constexpr std::string_view kNotarySignature = "application/vnd.cncf.notary.signature";
// An ECDSA signature's shape (base64 of DER); nothing verifies it.
constexpr std::string_view kExampleSignature =
    "MEUCIQDXmXWj59naoPFlLnCADIPLKgLG3LyFtKrbjpnkYiGNGgIhAJ/eNx5zr/"
    "l1MJKSFpFMjPKKr4fjh5RHEtT2DhMamZuT";

std::vector<LayerSpec> default_layers() {
  LayerSpec l;
  l.entries = {{"etc/", '5', "", "", 0, {}},
               {"etc/hello.txt", '0', "hello\n", "", 0, {}},
               {"usr/", '5', "", "", 0, {}},
               {"usr/bin/", '5', "", "", 0, {}},
               {"usr/bin/tool", '0', "#!/bin/sh\necho tool\n", "", 0755, {}}};
  return {l};
}

std::string layer_media_type(const LayerSpec& l) {
  if (l.media_type) return *l.media_type;
  if (l.compression == "zstd") return "application/vnd.oci.image.layer.v1.tar+zstd";
  if (l.compression == "none") return "application/vnd.oci.image.layer.v1.tar";
  return "application/vnd.oci.image.layer.v1.tar+gzip";
}

struct BlobInfo {
  std::string digest;
  std::uint64_t size = 0;
  std::string path;
  std::string media_type;
  std::string base64;
  /// Layers only: the sha512 digest of the uncompressed stream, for cases
  /// whose diff_ids use sha512 (the builder's own diff_ids are sha256).
  std::string diff_id_sha512;
};

class Builder {
 public:
  Builder(const Case& c, fs::path dir) : c_(c), dir_(std::move(dir)) {}

  void build() {
    fs::create_directories(dir_ / "blobs" / c_.algorithm);
    const auto layers = c_.layers ? *c_.layers : default_layers();
    std::vector<std::string> diff_ids;
    for (std::size_t i = 0; i < layers.size(); ++i)
      diff_ids.push_back(write_layer(layers[i], fmt::format("layer/{}", i)));

    rapidjson::Document index = object();
    put(index, "schemaVersion", 2);
    put(index, "mediaType", kIndexType);
    rapidjson::Value entries(rapidjson::kArrayType);
    if (c_.base == "multi-platform") {
      rapidjson::Document nested = object();
      put(nested, "schemaVersion", 2);
      put(nested, "mediaType", kIndexType);
      rapidjson::Value list(rapidjson::kArrayType);
      list.PushBack(
          platform_entry(nested, image(0, "amd64", "", layers.size(), diff_ids), "amd64", ""),
          nested.GetAllocator());
      list.PushBack(
          platform_entry(nested, image(1, "arm64", "v8", layers.size(), diff_ids), "arm64", "v8"),
          nested.GetAllocator());
      nested.AddMember("manifests", list, nested.GetAllocator());
      const auto info = write_doc("nested-index", nested, kIndexType);
      entries.PushBack(tagged(index, descriptor(index, info)), index.GetAllocator());
    } else if (c_.base == "buildkit") {
      const auto nested = buildkit_index(image(0, "amd64", "", layers.size(), diff_ids));
      entries.PushBack(tagged(index, descriptor(index, nested)), index.GetAllocator());
    } else {
      const auto manifest = image(0, "amd64", "", layers.size(), diff_ids);
      entries.PushBack(tagged(index, platform_entry(index, manifest, "amd64", "")),
                       index.GetAllocator());
      if (c_.base == "artifact" || c_.base == "referrers") {
        const auto referrer = artifact(manifest);
        entries.PushBack(descriptor(index, referrer), index.GetAllocator());
        if (c_.base == "referrers")
          entries.PushBack(
              tagged(index, descriptor(index, fallback_index(referrer)), tag_of(manifest)),
              index.GetAllocator());
      }
      if (c_.base == "cosign") {
        entries.PushBack(
            tagged(index, descriptor(index, cosign_signature(manifest)), tag_of(manifest) + ".sig"),
            index.GetAllocator());
        entries.PushBack(tagged(index, descriptor(index, cosign_attestation(manifest)),
                                tag_of(manifest) + ".att"),
                         index.GetAllocator());
      }
      if (c_.base == "notation") {
        auto entry = descriptor(index, notation_signature(manifest));
        put(entry, "artifactType", kNotarySignature, index.GetAllocator());
        entries.PushBack(entry, index.GetAllocator());
      }
    }
    index.AddMember("manifests", entries, index.GetAllocator());
    write_file("index.json", finish("index", index));

    rapidjson::Document layout = object();
    put(layout, "imageLayoutVersion", "1.0.0");
    write_file("oci-layout", finish("oci-layout", layout));
    // An edit of a document the case does not have would leave the case
    // testing something other than it says.
    for (const auto& e : c_.edits)
      if (!finished_.contains(e.doc))
        throw std::runtime_error(
            fmt::format("{}: an edit names the document \"{}\", which this case does not write",
                        c_.name, e.doc));

    for (const auto& a : c_.after) apply(a);
  }

 private:
  static rapidjson::Document object() {
    rapidjson::Document d;
    d.SetObject();
    return d;
  }

  template <typename T>
  static void put(rapidjson::Value& obj, std::string_view key, T value,
                  rapidjson::Document::AllocatorType& a) {
    rapidjson::Value k(key.data(), static_cast<rapidjson::SizeType>(key.size()), a);
    if constexpr (std::is_convertible_v<T, std::string_view>) {
      const std::string_view text(value);
      obj.AddMember(
          k, rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), a), a);
    } else {
      obj.AddMember(k, rapidjson::Value(value), a);
    }
  }
  template <typename T>
  static void put(rapidjson::Document& d, std::string_view key, T value) {
    put(d, key, value, d.GetAllocator());
  }

  rapidjson::Value descriptor(rapidjson::Document& d, const BlobInfo& b) const {
    rapidjson::Value v(rapidjson::kObjectType);
    put(v, "mediaType", b.media_type, d.GetAllocator());
    put(v, "digest", b.digest, d.GetAllocator());
    put(v, "size", b.size, d.GetAllocator());
    return v;
  }

  rapidjson::Value platform_entry(rapidjson::Document& d, const BlobInfo& manifest,
                                  std::string_view arch, std::string_view variant) const {
    auto v = descriptor(d, manifest);
    rapidjson::Value p(rapidjson::kObjectType);
    put(p, "architecture", arch, d.GetAllocator());
    put(p, "os", "linux", d.GetAllocator());
    if (!variant.empty()) put(p, "variant", variant, d.GetAllocator());
    v.AddMember("platform", p, d.GetAllocator());
    return v;
  }

  static rapidjson::Value tagged(rapidjson::Document& d, rapidjson::Value entry,
                                 std::string_view ref = "1.0") {
    rapidjson::Value annotations(rapidjson::kObjectType);
    put(annotations, "org.opencontainers.image.ref.name", ref, d.GetAllocator());
    entry.AddMember("annotations", annotations, d.GetAllocator());
    return entry;
  }

  /// Writes image `i` (config, manifest) over the shared layers.
  BlobInfo image(std::size_t i, std::string_view arch, std::string_view variant,
                 std::size_t layer_count, const std::vector<std::string>& diff_ids) {
    const auto suffix = i == 0 ? std::string() : fmt::format("/{}", i);
    rapidjson::Document config = object();
    auto& a = config.GetAllocator();
    put(config, "created", kCreated);
    put(config, "architecture", arch);
    put(config, "os", "linux");
    if (!variant.empty()) put(config, "variant", variant);
    rapidjson::Value cfg(rapidjson::kObjectType);
    rapidjson::Value env(rapidjson::kArrayType);
    env.PushBack(rapidjson::Value("PATH=/usr/bin", a), a);
    cfg.AddMember("Env", env, a);
    config.AddMember("config", cfg, a);
    rapidjson::Value rootfs(rapidjson::kObjectType);
    put(rootfs, "type", "layers", a);
    rapidjson::Value ids(rapidjson::kArrayType);
    rapidjson::Value history(rapidjson::kArrayType);
    for (const auto& id : diff_ids) {
      ids.PushBack(rapidjson::Value(id.c_str(), a), a);
      rapidjson::Value h(rapidjson::kObjectType);
      put(h, "created", kCreated, a);
      put(h, "created_by", "conformance corpus", a);
      history.PushBack(h, a);
    }
    rootfs.AddMember("diff_ids", ids, a);
    config.AddMember("rootfs", rootfs, a);
    config.AddMember("history", history, a);
    const auto config_info = write_doc("config" + suffix, config, kConfigType);

    rapidjson::Document manifest = object();
    put(manifest, "schemaVersion", 2);
    put(manifest, "mediaType", kManifestType);
    manifest.AddMember("config", descriptor(manifest, config_info), manifest.GetAllocator());
    rapidjson::Value layers(rapidjson::kArrayType);
    for (std::size_t k = 0; k < layer_count; ++k)
      layers.PushBack(descriptor(manifest, blobs_.at(fmt::format("layer/{}", k))),
                      manifest.GetAllocator());
    manifest.AddMember("layers", layers, manifest.GetAllocator());
    return write_doc("manifest" + suffix, manifest, kManifestType);
  }

  /// An artifact (empty config, one JSON layer) whose subject is `subject`.
  BlobInfo artifact(const BlobInfo& subject) {
    const auto empty = write_blob("empty", "{}", kEmptyType);
    const auto payload = write_blob("artifact-layer/0", R"({"sbom":"example"})", kArtifactType);
    rapidjson::Document m = object();
    auto& a = m.GetAllocator();
    put(m, "schemaVersion", 2);
    put(m, "mediaType", kManifestType);
    put(m, "artifactType", kArtifactType);
    auto config = descriptor(m, empty);
    put(config, "data", "e30=", a);
    m.AddMember("config", config, a);
    rapidjson::Value layers(rapidjson::kArrayType);
    layers.PushBack(descriptor(m, payload), a);
    m.AddMember("layers", layers, a);
    m.AddMember("subject", descriptor(m, subject), a);
    rapidjson::Value annotations(rapidjson::kObjectType);
    put(annotations, "org.opencontainers.image.created", kCreated, a);
    m.AddMember("annotations", annotations, a);
    auto info = write_doc("artifact", m, kManifestType);
    return info;
  }

  /// A descriptor of `b` as JSON text, with `extra` members appended.
  static std::string descriptor_text(const BlobInfo& b, std::string_view extra = "") {
    return fmt::format(R"({{"mediaType":"{}","digest":"{}","size":{}{}{}}})", b.media_type,
                       b.digest, b.size, extra.empty() ? "" : ",", extra);
  }

  /// Writes the JSON `text` as document `name` (the case's edits apply).
  BlobInfo write_json(const std::string& name, std::string_view text, std::string_view type) {
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError())
      throw std::logic_error(fmt::format("base document {} is not JSON", name));
    return write_doc(name, doc, type);
  }

  /// The referrers fallback tag (and cosign's tag stem) of a manifest:
  /// sha256-<hex> (distribution-spec § Referrers Tag Schema).
  static std::string tag_of(const BlobInfo& manifest) {
    auto tag = manifest.digest;
    tag[tag.find(':')] = '-';
    return tag;
  }

  std::string hex_of(const BlobInfo& b) const { return b.digest.substr(b.digest.find(':') + 1); }

  /// An in-toto Statement v0.1 about `subject`, as BuildKit writes them.
  std::string statement_text(const BlobInfo& subject, std::string_view predicate_type,
                             std::string_view predicate) const {
    return fmt::format(R"({{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"{}",)"
                       R"("subject":[{{"name":"pkg:docker/example/app@1.0?platform=linux%2Famd64",)"
                       R"("digest":{{"{}":"{}"}}}}],"predicate":{}}})",
                       predicate_type, c_.algorithm, hex_of(subject), predicate);
  }

  /// BuildKit's image index with an attestation manifest for `manifest`
  /// (moby/buildkit docs/attestations/attestation-storage.md, its example):
  /// provenance and SBOM statements as application/vnd.in-toto+json layers
  /// annotated with their predicate type, a config with unknown/unknown,
  /// and an entry with platform unknown/unknown naming the image.
  BlobInfo buildkit_index(const BlobInfo& manifest) {
    const auto provenance = write_json(
        "provenance",
        statement_text(
            manifest, kSlsaProvenance,
            R"({"builder":{"id":""},"buildType":"https://mobyproject.org/buildkit@v1"})"),
        kInToto);
    const auto sbom =
        write_json("sbom",
                   statement_text(manifest, kSpdx,
                                  R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT"})"),
                   kInToto);
    const auto config =
        write_json("attestation-config",
                   fmt::format(R"({{"architecture":"unknown","os":"unknown","config":{{}},)"
                               R"("rootfs":{{"type":"layers","diff_ids":["{}","{}"]}}}})",
                               provenance.digest, sbom.digest),
                   kConfigType);
    const auto predicate = [](std::string_view type) {
      return fmt::format(R"("annotations":{{"in-toto.io/predicate-type":"{}"}})", type);
    };
    const auto attestation = write_json(
        "attestation",
        fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{},{}]}})",
                    kManifestType, descriptor_text(config),
                    descriptor_text(provenance, predicate(kSlsaProvenance)),
                    descriptor_text(sbom, predicate(kSpdx))),
        kManifestType);
    return write_json(
        "nested-index",
        fmt::format(
            R"({{"schemaVersion":2,"mediaType":"{}","manifests":[{},{}]}})", kIndexType,
            descriptor_text(manifest, R"("platform":{"architecture":"amd64","os":"linux"})"),
            descriptor_text(attestation,
                            fmt::format(R"("annotations":{{"vnd.docker.reference.digest":"{}",)"
                                        R"("vnd.docker.reference.type":"attestation-manifest"}},)"
                                        R"("platform":{{"architecture":"unknown","os":"unknown"}})",
                                        manifest.digest))),
        kIndexType);
  }

  /// The config go-containerregistry's empty.Image plus one layer
  /// serialises to, as cosign writes it (cosign pkg/oci/empty).
  BlobInfo cosign_config(const std::string& name, const BlobInfo& layer) {
    return write_json(
        name,
        fmt::format(R"({{"architecture":"","created":"0001-01-01T00:00:00Z","history":[)"
                    R"({{"created":"0001-01-01T00:00:00Z"}}],"os":"","rootfs":{{"type":)"
                    R"("layers","diff_ids":["{}"]}},"config":{{}}}})",
                    layer.digest),
        kConfigType);
  }

  /// A cosign signature of `manifest` (sigstore/cosign specs/SIGNATURE_SPEC.md):
  /// the Simple Signing payload as the layer, its signature in the layer's
  /// dev.cosignproject.cosign/signature annotation; tagged sha256-<hex>.sig.
  BlobInfo cosign_signature(const BlobInfo& manifest) {
    const auto payload = write_json(
        "payload",
        fmt::format(
            R"({{"critical":{{"identity":{{"docker-reference":"registry.example.com/app"}},)"
            R"("image":{{"docker-manifest-digest":"{}"}},"type":"cosign container image )"
            R"(signature"}},"optional":null}})",
            manifest.digest),
        kSimpleSigning);
    const auto config = cosign_config("signature-config", payload);
    return write_json(
        "signature",
        fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})",
                    kManifestType, descriptor_text(config),
                    descriptor_text(payload, fmt::format(R"("annotations":{{"{}":"{}"}})",
                                                         kCosignSignature, kExampleSignature))),
        kManifestType);
  }

  /// A cosign attestation of `manifest` (specs/ATTESTATION_SPEC.md): a
  /// DSSE envelope of an in-toto statement as the layer, annotated with
  /// its predicateType; tagged sha256-<hex>.att. The statement is document
  /// "statement" (edited before it is encoded into the envelope).
  BlobInfo cosign_attestation(const BlobInfo& manifest) {
    rapidjson::Document statement;
    const auto text = statement_text(manifest, kSlsaProvenance, R"({"builder":{"id":""}})");
    statement.Parse(text.data(), text.size());
    const auto bytes = finish("statement", statement);
    const auto envelope = write_json(
        "envelope",
        fmt::format(
            R"({{"payloadType":"application/vnd.in-toto+json","payload":"{}",)"
            R"("signatures":[{{"keyid":"","sig":"{}"}}]}})",
            Botan::base64_encode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()),
            kExampleSignature),
        kDsseEnvelope);
    const auto config = cosign_config("attestation-config", envelope);
    return write_json(
        "attestation",
        fmt::format(
            R"({{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}})", kManifestType,
            descriptor_text(config),
            descriptor_text(envelope, fmt::format(R"("annotations":{{"predicateType":"{}"}})",
                                                  kSlsaProvenance))),
        kManifestType);
  }

  /// A notation signature of `manifest` as an OCI 1.1 referrer
  /// (notaryproject/specifications specs/signature-specification.md, with
  /// artifactType and the empty config as notation 1.x pushes it): one JWS
  /// envelope layer, subject, and the certificate thumbprints annotation.
  BlobInfo notation_signature(const BlobInfo& manifest) {
    const auto empty = write_blob("empty", "{}", kEmptyType);
    const auto envelope = write_blob(
        "envelope",
        R"({"payload":"eyJ0YXJnZXRBcnRpZmFjdCI6e319","protected":"eyJhbGciOiJQUzI1NiJ9",)"
        R"("header":{"x5c":["MIIB"]},"signature":"c2lnbmF0dXJl"})",
        "application/jose+json");
    return write_json(
        "signature",
        fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","artifactType":"{}","config":{},)"
                    R"("layers":[{}],"subject":{},"annotations":{{"{}":"[\"{}\"]",)"
                    R"("org.opencontainers.image.created":"{}"}}}})",
                    kManifestType, kNotarySignature, descriptor_text(empty),
                    descriptor_text(envelope), descriptor_text(manifest),
                    "io.cncf.notary.x509chain.thumbprint#S256", std::string(64, 'b'), kCreated),
        kManifestType);
  }

  /// The referrers fallback tag index of the subject of `referrer`
  /// (distribution-spec § Referrers Tag Schema): the referrer's descriptor
  /// with its artifactType.
  BlobInfo fallback_index(const BlobInfo& referrer) {
    return write_json(
        "referrers-index",
        fmt::format(
            R"({{"schemaVersion":2,"mediaType":"{}","manifests":[{}]}})", kIndexType,
            descriptor_text(referrer, fmt::format(R"("artifactType":"{}")", kArtifactType))),
        kIndexType);
  }

  std::string write_layer(const LayerSpec& l, const std::string& name) {
    std::string stream = l.raw ? *l.raw : tar_of(l.entries, l.end_blocks);
    stream += l.tar_suffix;
    std::string blob = l.compression == "gzip"   ? gzip(stream)
                       : l.compression == "zstd" ? zstd(stream)
                                                 : stream;
    blob += l.blob_suffix;
    write_blob(name, blob, layer_media_type(l));
    blobs_.at(name).diff_id_sha512 = fmt::format("sha512:{}", digest::hash_hex("sha512", stream));
    return "sha256:" + digest::hash_hex("sha256", stream);
  }

  BlobInfo write_blob(const std::string& name, std::string_view bytes, std::string_view type) {
    BlobInfo b;
    const auto hex = digest::hash_hex(c_.algorithm, bytes);
    b.digest = fmt::format("{}:{}", c_.algorithm, hex);
    b.size = bytes.size();
    b.path = digest::blob_path(c_.algorithm, hex);
    b.media_type = std::string(type);
    b.base64 =
        Botan::base64_encode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    write_file(b.path, bytes);
    blobs_[name] = b;
    return b;
  }

  BlobInfo write_doc(const std::string& name, rapidjson::Document& doc, std::string_view type) {
    return write_blob(name, finish(name, doc), type);
  }

  /// ${name.digest}, ${name.size}, ${name.base64}, ${name.path} of blobs
  /// written so far, ${layer/N.diff_id_sha512}, and ${repeat:N:TEXT}.
  std::string substitute(std::string text) const {
    // ${repeat:N:TEXT} first: large documents without large case files.
    static const std::regex kRepeat(R"(\$\{repeat:([0-9]+):([^}]*)\})");
    std::smatch rm;
    while (std::regex_search(text, rm, kRepeat)) {
      const auto n = std::stoull(rm[1].str());
      if (n > (64u << 20)) throw std::runtime_error(fmt::format("{}: repeat too large", c_.name));
      std::string repeated;
      repeated.reserve(n * rm[2].length());
      for (std::size_t i = 0; i < n; ++i) repeated += rm[2].str();
      text.replace(static_cast<std::size_t>(rm.position()), static_cast<std::size_t>(rm.length()),
                   repeated);
    }
    static const std::regex kVar(
        R"(\$\{([A-Za-z0-9/_-]+)\.(digest|size|base64|path|diff_id_sha512)\})");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), kVar);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      const auto& m = *it;
      out.append(text, last, static_cast<std::size_t>(m.position()) - last);
      const auto found = blobs_.find(m[1].str());
      if (found == blobs_.end())
        throw std::runtime_error(fmt::format("{}: unknown blob \"{}\"", c_.name, m[1].str()));
      const auto& b = found->second;
      const auto field = m[2].str();
      if (field == "diff_id_sha512" && b.diff_id_sha512.empty())
        throw std::runtime_error(
            fmt::format("{}: blob \"{}\" is not a layer: no diff_id", c_.name, m[1].str()));
      out += field == "digest"           ? b.digest
             : field == "diff_id_sha512" ? b.diff_id_sha512
             : field == "size"           ? std::to_string(b.size)
             : field == "base64"         ? b.base64
                                         : b.path;
      last = static_cast<std::size_t>(m.position() + m.length());
    }
    out.append(text, last);
    return out;
  }

  /// Applies the case's edits of `name` and serializes the document.
  std::string finish(const std::string& name, rapidjson::Document& doc) {
    finished_.insert(name);
    for (const auto& e : c_.edits) {
      if (e.doc != name || e.op == Edit::Op::replace_text) continue;
      const rapidjson::Pointer pointer(e.pointer.c_str(), e.pointer.size());
      if (!pointer.IsValid())
        throw std::runtime_error(fmt::format("{}: bad pointer \"{}\"", c_.name, e.pointer));
      if (e.op == Edit::Op::remove) {
        if (!pointer.Erase(doc))
          throw std::runtime_error(
              fmt::format("{}: nothing to remove at {} in {}", c_.name, e.pointer, name));
        continue;
      }
      rapidjson::Document value(&doc.GetAllocator());
      const auto text = substitute(e.value_json);
      value.Parse(text.c_str(), text.size());
      pointer.Set(doc, value);
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    doc.Accept(w);
    std::string text(buffer.GetString(), buffer.GetSize());
    for (const auto& e : c_.edits) {
      if (e.doc != name || e.op != Edit::Op::replace_text) continue;
      const auto at = text.find(e.from);
      if (at == std::string::npos)
        throw std::runtime_error(
            fmt::format("{}: \"{}\" not found in {}: {}", c_.name, e.from, name, text));
      text.replace(at, e.from.size(), substitute(e.to));
    }
    return text;
  }

  fs::path resolve(const std::string& target) const {
    if (const auto it = blobs_.find(target); it != blobs_.end()) return dir_ / it->second.path;
    const fs::path p(target);
    if (target.empty() || p.is_absolute() || target.find("..") != std::string::npos)
      throw std::runtime_error(fmt::format("{}: bad target \"{}\"", c_.name, target));
    return dir_ / p;
  }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  void write_file(const fs::path& relative, std::string_view bytes) const {
    const auto p = dir_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", p.string()));
  }

  void apply(const After& a) {
    if (a.op == After::Op::add_blob) {
      const auto hex = digest::hash_hex(c_.algorithm, a.bytes);
      write_file(digest::blob_path(c_.algorithm, hex), a.bytes);
      return;
    }
    const auto p = resolve(a.target);
    const auto relative = p.lexically_relative(dir_);
    switch (a.op) {
      case After::Op::flip: {
        auto bytes = read(p);
        const auto n = static_cast<long long>(bytes.size());
        const auto at = a.offset < 0 ? n + a.offset : a.offset;
        if (at < 0 || at >= n) throw std::runtime_error(fmt::format("{}: flip outside", c_.name));
        bytes[static_cast<std::size_t>(at)] ^= 0x01;
        write_file(relative, bytes);
        break;
      }
      case After::Op::truncate: {
        auto bytes = read(p);
        const auto n = static_cast<long long>(bytes.size());
        const auto keep = a.offset < 0 ? n + a.offset : a.offset;
        bytes.resize(static_cast<std::size_t>(std::clamp(keep, 0LL, n)));
        write_file(relative, bytes);
        break;
      }
      case After::Op::append:
        write_file(relative, read(p) + a.bytes);
        break;
      case After::Op::write:
        write_file(relative, a.bytes);
        break;
      case After::Op::remove:
        fs::remove_all(p);
        break;
      case After::Op::symlink:
        fs::remove_all(p);
        fs::create_directories(p.parent_path());
        fs::create_symlink(a.bytes, p);
        break;
      case After::Op::fifo:
        fs::remove_all(p);
        fs::create_directories(p.parent_path());
        if (::mkfifo(p.c_str(), 0644) != 0)
          throw std::runtime_error(fmt::format("cannot make a FIFO at {}", p.string()));
        break;
      case After::Op::mkdir:
        fs::remove_all(p);
        fs::create_directories(p);
        break;
      case After::Op::move: {
        const auto to = resolve(a.bytes);
        fs::create_directories(to.parent_path());
        fs::rename(p, to);
        break;
      }
      case After::Op::add_blob:
        break;
    }
  }

  const Case& c_;
  fs::path dir_;
  std::map<std::string, BlobInfo> blobs_;
  std::set<std::string> finished_;  // the documents finish() wrote
};

}  // namespace

void materialize(const Case& c, const std::filesystem::path& dir) { Builder(c, dir).build(); }

}  // namespace ocv::conformance
