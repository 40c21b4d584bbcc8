// ARC-*: `docker save` archives (Docker's image spec v1.2, "Combined Image
// JSON + Filesystem Changeset Format"; moby image/tarexport), and LYT-013,
// the members of any archive that carries an image layout.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "rules/docker_reference.hpp"
#include "rules/families.hpp"
#include "validator/digest/digest.hpp"
#include "validator/json/strict_json.hpp"
#include "validator/model/document_checks.hpp"
#include "validator/model/image_facts.hpp"

namespace ocv::rules {
namespace {

using engine::ArchiveView;
using engine::DocumentView;
using engine::FindingSink;
using engine::ImageView;
using engine::Severity;
using engine::Site;
using source::ArchiveFacts;
using source::FileType;
using source::MemberProblem;

bool is_docker_archive(const ArchiveFacts& facts) {
  return facts.kind.starts_with("docker-archive");
}

std::string image_name(const source::DockerImage& image) {
  return image.repo_tags.empty() ? fmt::format("manifest.json{}", image.pointer)
                                 : image.repo_tags.front();
}

std::string_view problem_title(MemberProblem::Kind kind) {
  switch (kind) {
    case MemberProblem::Kind::unsafe_name:
      return "member name leaves the archive";
    case MemberProblem::Kind::duplicate:
      return "duplicate member";
    case MemberProblem::Kind::bad_link:
      return "link leaves the archive";
    case MemberProblem::Kind::special:
      return "special file";
    case MemberProblem::Kind::sparse:
      return "sparse member";
    case MemberProblem::Kind::truncated:
      return "truncated archive";
    case MemberProblem::Kind::unreadable:
      return "unreadable header";
  }
  return "member";
}

// LYT-013: the archive's members are plain files and directories named
// inside it, each once, and the layout sits at the archive root.
void check_members(const ArchiveView& archive, FindingSink& sink) {
  const auto& facts = *archive.facts;
  for (const auto& p : facts.problems)
    sink.report_member("LYT-013", archive, p.member,
                       fmt::format("{}: {}", problem_title(p.kind), p.detail));
  if (facts.problems_dropped > 0)
    sink.report("LYT-013", archive, "",
                fmt::format("{} more member problems not listed", facts.problems_dropped));
  if (!facts.root.empty())
    sink.report("LYT-013", archive, "",
                fmt::format("the layout sits in the directory {} of the archive, not at its root; "
                            "skopeo and podman read an oci-archive's layout at the root",
                            facts.root),
                Severity::warning);
}

// ARC-001: manifest.json is there and is a list of {Config, RepoTags, Layers}.
void check_manifest_form(const ArchiveView& archive, FindingSink& sink) {
  const auto& facts = *archive.facts;
  const Site site = archive.manifest_site("");
  if (!facts.docker_manifest) {
    sink.report("ARC-001", site, "", "the docker-archive has no manifest.json");
    return;
  }
  const auto& parsed = *facts.docker_manifest;
  if (!parsed.ok()) {
    sink.report("ARC-001", site, "",
                fmt::format("manifest.json is not JSON: {}", parsed.error->message));
    return;
  }
  const auto& doc = parsed.dom;
  if (doc.IsNull()) {
    sink.report("ARC-001", site, "", "manifest.json is null: the archive describes no image");
    return;
  }
  if (!doc.IsArray()) {
    sink.report("ARC-001", site, "", "manifest.json must be a JSON array of image entries");
    return;
  }
  if (doc.Empty()) sink.report("ARC-001", site, "", "manifest.json lists no image");
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    const auto pointer = json::pointer_append("", i);
    const auto& entry = doc[i];
    if (!entry.IsObject()) {
      sink.report("ARC-001", site, pointer, "an entry of manifest.json must be an object");
      continue;
    }
    const auto config = entry.FindMember("Config");
    if (config == entry.MemberEnd() || !config->value.IsString())
      sink.report("ARC-001", site, pointer, "Config must be a string naming the config file");
    const auto layers = entry.FindMember("Layers");
    bool layers_ok = layers != entry.MemberEnd() && layers->value.IsArray();
    if (layers_ok)
      for (const auto& l : layers->value.GetArray()) layers_ok = layers_ok && l.IsString();
    if (!layers_ok)
      sink.report("ARC-001", site, json::pointer_append(pointer, "Layers"),
                  "Layers must be an array of strings naming the layer files");
    const auto tags = entry.FindMember("RepoTags");
    if (tags != entry.MemberEnd() && !tags->value.IsNull()) {
      bool ok = tags->value.IsArray();
      if (ok)
        for (const auto& t : tags->value.GetArray()) ok = ok && t.IsString();
      if (!ok)
        sink.report("ARC-001", site, json::pointer_append(pointer, "RepoTags"),
                    "RepoTags must be null or an array of strings");
    }
  }
}

// ARC-002: each path manifest.json names is a regular file inside the archive.
void check_named_paths(const ArchiveView& archive, FindingSink& sink) {
  for (const auto& image : archive.facts->docker_images) {
    if (!archive.selected(image)) continue;
    const Site site = archive.manifest_site(image_name(image));
    std::vector<const source::NamedPath*> paths;
    if (image.config) paths.push_back(&*image.config);
    for (const auto& l : image.layers) paths.push_back(&l);
    for (const auto* p : paths) {
      if (p->leaves_archive)
        sink.report("ARC-002", site, p->pointer,
                    fmt::format("{} leads outside the archive; a loader that follows it reads (or "
                                "writes) a file of the host",
                                p->written));
      else if (p->type == FileType::missing)
        sink.report("ARC-002", site, p->pointer,
                    fmt::format("{} is not in the archive", p->written));
      else if (p->type != FileType::regular)
        sink.report("ARC-002", site, p->pointer,
                    fmt::format("{} is a {} in the archive, not a regular file", p->written,
                                source::to_string(p->type)));
    }
  }
}

// ARC-003: the config file is named by its digest (<hex>.json, or
// blobs/sha256/<hex>): Docker takes the image ID from it.
void check_config_name(const ArchiveView& archive, FindingSink& sink) {
  for (const auto& image : archive.facts->docker_images) {
    if (!archive.selected(image) || !image.config || !image.config_digest) continue;
    std::string_view name = image.config->written;
    name = name.substr(name.rfind('/') == std::string_view::npos ? 0 : name.rfind('/') + 1);
    if (name.ends_with(".json")) name.remove_suffix(5);
    const std::string_view hex = std::string_view(*image.config_digest).substr(7);
    if (name != hex)
      sink.report("ARC-003", archive.manifest_site(image_name(image)), image.config->pointer,
                  fmt::format("the config file {} is not named by its digest: its content hashes "
                              "to {}",
                              image.config->written, *image.config_digest));
  }
}

// ARC-004: every RepoTags entry is a reference with a tag, as docker load
// parses it.
void check_repo_tags(const ArchiveView& archive, FindingSink& sink) {
  const auto& parsed = archive.facts->docker_manifest;
  if (!parsed || !parsed->ok() || !parsed->dom.IsArray()) return;
  for (rapidjson::SizeType i = 0; i < parsed->dom.Size(); ++i) {
    const auto& entry = parsed->dom[i];
    if (!entry.IsObject()) continue;
    const auto tags = entry.FindMember("RepoTags");
    if (tags == entry.MemberEnd() || !tags->value.IsArray()) continue;
    const auto pointer = json::pointer_append(json::pointer_append("", i), "RepoTags");
    for (rapidjson::SizeType k = 0; k < tags->value.Size(); ++k) {
      const auto& t = tags->value[k];
      if (!t.IsString()) continue;
      const std::string_view tag(t.GetString(), t.GetStringLength());
      if (const auto why = docker_reference::tagged_reference_error(tag))
        sink.report(
            "ARC-004", archive.manifest_site(std::string(tag)), json::pointer_append(pointer, k),
            fmt::format("RepoTags entry \"{}\" is not a tagged image reference: {}", tag, *why));
    }
  }
}

/// The config's rootfs.diff_ids, "" for an entry that is not a string;
/// none when the document is no image config or lists none.
std::vector<std::string_view> diff_ids_of(const DocumentView& config) {
  std::vector<std::string_view> out;
  if (config.config_facts == nullptr || !config.config_facts->diff_ids) return out;
  for (const auto& id : *config.config_facts->diff_ids) out.push_back(id.value_or(""));
  return out;
}

// ARC-005: the layer files manifest.json names are, in order, the layers
// whose uncompressed digests the config lists as diff_ids. (In a legacy
// archive the layers are checked as the image's own, under CFG-008.)
void check_diff_ids(const ArchiveView& archive, FindingSink& sink) {
  if (archive.facts->synthesized_layout) return;
  for (const auto& image : archive.facts->docker_images) {
    if (!archive.selected(image) || !image.config || image.config->blob.empty()) continue;
    const auto* config = archive.document(image.config->blob);
    if (config == nullptr) continue;
    const auto ids = diff_ids_of(*config);
    const Site site = archive.manifest_site(image_name(image));
    if (ids.size() != image.layers.size())
      sink.report("ARC-005", site, json::pointer_append(image.pointer, "Layers"),
                  fmt::format("manifest.json names {} layers, the config {} lists {} diff_ids",
                              image.layers.size(), image.config->written, ids.size()));
    for (std::size_t i = 0; i < std::min(ids.size(), image.layers.size()); ++i) {
      const auto& layer = image.layers[i];
      const auto* facts = layer.blob.empty() ? nullptr : archive.layer_facts(layer.blob);
      if (facts == nullptr || !facts->diff_id) continue;
      if (*facts->diff_id != ids[i])
        sink.report("ARC-005", site, layer.pointer,
                    fmt::format("{} uncompresses to {}, but the config's rootfs.diff_ids[{}] is {}",
                                layer.written, *facts->diff_id, i, ids[i]));
    }
  }
}

// ARC-006: the legacy `repositories` file names the same tags as
// manifest.json.
void check_repositories(const ArchiveView& archive, FindingSink& sink) {
  const auto& repos = archive.facts->repositories;
  if (!repos) return;
  Site site;
  site.blob = "repositories";
  site.chain = {"repositories"};
  site.json = repos.get();
  if (!repos->ok() || !repos->dom.IsObject()) {
    sink.report("ARC-006", site, "",
                "repositories must be a JSON object of {repository: {tag: layer id}}");
    return;
  }
  std::set<std::string> in_manifest;
  std::set<std::string> layered;  // tags of images with layers: repositories maps them
  for (const auto& image : archive.facts->docker_images)
    for (const auto& tag : image.repo_tags) {
      in_manifest.insert(tag);
      if (!image.layers.empty()) layered.insert(tag);
    }
  std::set<std::string> in_repos;
  for (const auto& repo : repos->dom.GetObject()) {
    const std::string name(repo.name.GetString(), repo.name.GetStringLength());
    if (!repo.value.IsObject()) {
      sink.report("ARC-006", site, json::pointer_append("", name),
                  "each repository must map tags to layer IDs");
      continue;
    }
    for (const auto& tag : repo.value.GetObject()) {
      const auto ref = fmt::format(
          "{}:{}", name, std::string_view(tag.name.GetString(), tag.name.GetStringLength()));
      in_repos.insert(ref);
      if (!in_manifest.contains(ref))
        sink.report("ARC-006", site,
                    json::pointer_append(
                        json::pointer_append("", name),
                        std::string_view(tag.name.GetString(), tag.name.GetStringLength())),
                    fmt::format("repositories tags {}, which no RepoTags entry of manifest.json "
                                "names",
                                ref));
    }
  }
  // repositories maps a tag to its top layer: an image without layers has
  // none to name (containers/image then writes {}).
  for (const auto& ref : layered)
    if (!in_repos.contains(ref))
      sink.report("ARC-006", site, "",
                  fmt::format("manifest.json tags {}, which repositories does not list", ref));
}

/// The names an index.json entry gives its image.
std::vector<std::string_view> entry_names(const engine::DescriptorView& d) {
  std::vector<std::string_view> out;
  if (const auto ref = d.ref_name()) out.push_back(*ref);
  if (const auto a = d.value->FindMember("annotations");
      a != d.value->MemberEnd() && a->value.IsObject()) {
    const auto name = a->value.FindMember("io.containerd.image.name");
    if (name != a->value.MemberEnd() && name->value.IsString())
      out.emplace_back(name->value.GetString(), name->value.GetStringLength());
  }
  return out;
}

/// Whether `name` (an index.json annotation) names RepoTag `tag`:
/// "docker.io/library/httpd:2.4" and "2.4" both name "httpd:2.4".
bool names_repo_tag(std::string_view name, std::string_view tag) {
  if (name == tag) return true;
  if (name.size() > tag.size() && name.ends_with(tag) && name[name.size() - tag.size() - 1] == '/')
    return true;
  const auto colon = tag.rfind(':');
  return colon != std::string_view::npos && name == tag.substr(colon + 1) &&
         name.find(':') == std::string_view::npos && name.find('/') == std::string_view::npos;
}

// ARC-007: in an archive with both, index.json and manifest.json describe
// the same images (moby#51389: index.json lost entries; moby#47210:
// "manifests": null).
void check_same_images(const ArchiveView& archive, FindingSink& sink) {
  const auto& facts = *archive.facts;
  if (facts.synthesized_layout || !facts.docker_manifest || archive.index == nullptr) return;
  const auto index_entries = engine::descriptors_of(*archive.index);
  // Every tag, selected or not: an index.json entry of a tag the run did
  // not select still has its RepoTags entry.
  std::set<std::string> tags;
  for (const auto& image : facts.docker_images)
    tags.insert(image.repo_tags.begin(), image.repo_tags.end());
  for (const auto& image : facts.docker_images) {
    if (!archive.selected(image)) continue;
    const Site site = archive.manifest_site(image_name(image));
    if (image.config && !image.config->blob.empty()) {
      const bool found =
          std::any_of(archive.images.begin(), archive.images.end(), [&](const ImageView* view) {
            return view->config != nullptr && view->config->blob == image.config->blob;
          });
      if (!found)
        sink.report("ARC-007", site, image.config->pointer,
                    fmt::format("the image whose config is {} is in manifest.json but not in "
                                "index.json: loaders that read one or the other load different "
                                "images",
                                image.config->written));
    }
    for (const auto& tag : image.repo_tags) {
      const bool found =
          std::any_of(index_entries.begin(), index_entries.end(), [&](const auto& d) {
            if (d.role != engine::DescriptorRole::index_entry) return false;
            const auto names = entry_names(d);
            return std::any_of(names.begin(), names.end(),
                               [&](std::string_view n) { return names_repo_tag(n, tag); });
          });
      if (!found)
        sink.report(
            "ARC-007", site, json::pointer_append(image.pointer, "RepoTags"),
            fmt::format("manifest.json tags {}, but no index.json entry names that tag", tag));
    }
  }
  for (const auto& d : index_entries) {
    if (d.role != engine::DescriptorRole::index_entry) continue;
    const auto names = entry_names(d);
    if (names.empty()) continue;
    const bool found = std::any_of(tags.begin(), tags.end(), [&](const std::string& tag) {
      return std::any_of(names.begin(), names.end(),
                         [&](std::string_view n) { return names_repo_tag(n, tag); });
    });
    if (!found)
      sink.report("ARC-007", *archive.index, d.pointer(),
                  fmt::format("index.json names the image {}, which no RepoTags entry of "
                              "manifest.json tags",
                              names.front()));
  }
}

}  // namespace

void register_archive_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "LYT-013",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "An archive's members stay inside it, appear once, and are files or directories",
       .spec = "image-layout.md#oci-image-layout-specification",
       .help =
           "Rebuild the archive from the layout directory (tar -C DIR -cf out.tar .): no absolute "
           "or '..' names, no duplicate names (extracting keeps the last copy, tools that read in "
           "place the first), no devices, FIFOs or sparse members, links only to members inside "
           "it, and oci-layout, index.json and blobs/ at its root.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md (layout MAY be carried in tar/zip)",
                     .requirement =
                         "when the layout comes as an archive: no absolute or `..` member paths, "
                         "no duplicate members, no links leaving the archive, no devices, FIFOs or "
                         "sparse members, the archive is complete; `oci-layout`, `index.json` and "
                         "`blobs/` sit at the archive root",
                     .applies_to = "LY archive",
                     .check = "tar header pass (member index): each problem names the member; a "
                              "layout below one directory of the archive is read, but reported "
                              "(sev: warning, skopeo and podman read an oci-archive at its root)"}},
      {.id = "ARC-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A docker-archive has a manifest.json listing {Config, RepoTags, Layers}",
       .spec = "https://github.com/moby/docker-image-spec/blob/main/spec.md#combined-image-json--"
               "filesystem-changeset-format",
       .help = "docker load and skopeo read the archive's images from manifest.json; a missing, "
               "null or malformed one means nothing can be loaded. Save the image again.",
       .catalogue = {.source = "docker-image-spec spec.md § Combined Image JSON + Filesystem "
                               "Changeset Format; moby load.go",
                     .requirement = "`manifest.json` exists and is a JSON array of `{Config: "
                                    "string, RepoTags: [string] or null, Layers: [string]}` (not "
                                    "`null`: go-containerregistry's `null_manifest.tar`)",
                     .applies_to = "LY docker-archive",
                     .check = "doc",
                     .level = "MUST (loader)"}},
      {.id = "ARC-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Every path manifest.json names is a regular file inside the archive",
       .spec = "https://github.com/moby/docker-image-spec/blob/main/spec.md#combined-image-json--"
               "filesystem-changeset-format",
       .help =
           "Config and Layers name members of the archive; a path that is missing, not a file, or "
           "that leads outside the archive (an absolute path, '..', or a link out of it) makes the "
           "image unloadable or lets a loader touch host files.",
       .catalogue =
           {.source = "docker-image-spec spec.md; moby load.go (`safePath`)",
            .requirement =
                "every path `Config` and `Layers` name is a regular file inside the archive (links "
                "followed inside it only), never absolute, `..` or a link out of it",
            .applies_to = "LY docker-archive",
            .check = "member index",
            .level = "MUST (loader)"}},
      {.id = "ARC-003",
       .level = "convention",
       .severity = Severity::warning,
       .title = "The config file is named by its digest",
       .spec = "https://github.com/moby/docker-image-spec/blob/main/spec.md#combined-image-json--"
               "filesystem-changeset-format",
       .help =
           "docker save names the config <sha256 hex>.json (blobs/sha256/<hex> since Docker 25): "
           "the image ID. A different name does not stop docker load, which hashes the content, "
           "but tools that trust the name see another image.",
       .catalogue =
           {.source = "docker-image-spec spec.md (config stored as `<image ID>.json`); moby "
                      "save.go (`blobs/sha256/<hex>` since v25)",
            .requirement = "the config file is named by the sha256 of its content (the image ID)",
            .applies_to = "LY docker-archive",
            .check =
                "hash (docker load hashes the content, so the name is not trusted: sev warning)"}},
      {.id = "ARC-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "RepoTags entries are tagged image references",
       .spec = "https://github.com/moby/docker-image-spec/blob/main/spec.md#combined-image-json--"
               "filesystem-changeset-format",
       .help =
           "docker load parses each RepoTags entry as NAME:TAG (distribution's reference grammar: "
           "lowercase path components, a tag of up to 128 characters) and refuses the archive "
           "otherwise.",
       .catalogue = {.source = "moby load.go (`reference.ParseNormalizedNamed`, must be "
                               "`NamedTagged`); distribution/reference grammar",
                     .requirement = "every `RepoTags` entry is `NAME:TAG` with lowercase path "
                                    "components and a tag `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`",
                     .applies_to = "LY docker-archive",
                     .check = "rx (hand-written)",
                     .level = "MUST (loader)"}},
      {.id = "ARC-005",
       .level = "MUST",
       .severity = Severity::error,
       .title = "manifest.json's Layers are the config's diff_ids, in order",
       .spec = "https://github.com/moby/docker-image-spec/blob/main/spec.md#combined-image-json--"
               "filesystem-changeset-format",
       .help =
           "docker load checks each layer file against rootfs.diff_ids of the config; a layer that "
           "uncompresses to another digest, or a different number of layers, fails the load.",
       .catalogue = {.source = "moby load.go (layer diff_id checked against `rootfs.diff_ids`)",
                     .requirement =
                         "`Layers[i]` uncompresses to the config's `rootfs.diff_ids[i]`, and both "
                         "lists have the same length (in an archive without an OCI layout the "
                         "layers are checked as the image's own layers, under CFG-008)",
                     .applies_to = "LY docker-archive + C + L",
                     .check = "hash of the uncompressed layer (the layer pass)",
                     .level = "MUST (loader)"}},
      {.id = "ARC-006",
       .level = "convention",
       .severity = Severity::warning,
       .title = "The repositories file names the same tags as manifest.json",
       .spec = "https://github.com/moby/docker-image-spec/blob/main/spec.md#combined-image-json--"
               "filesystem-changeset-format",
       .help =
           "repositories is the legacy tag list that docker load reads only when manifest.json is "
           "absent; when the two disagree, old and new loaders tag different images.",
       .catalogue = {.source =
                         "docker-image-spec spec.md (`repositories`); moby save.go (`reposLegacy`)",
                     .requirement = "`repositories` (`{repo: {tag: layer id}}`) tags the same "
                                    "images as `manifest.json` `RepoTags`",
                     .applies_to = "LY docker-archive",
                     .check =
                         "xdoc (only loaders without manifest.json support read it: sev warning)"}},
      {.id = "ARC-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "In an archive with both, index.json and manifest.json describe the same images",
       .spec = "https://github.com/moby/moby/issues/51389",
       .help =
           "Docker 25+ writes an OCI layout beside manifest.json; Docker's classic store loads "
           "manifest.json, containerd-based loaders index.json. When they name different images or "
           "tags (moby#51389: entries lost from index.json; moby#47210: \"manifests\": null), the "
           "archive loads differently depending on the loader.",
       .catalogue =
           {.source =
                "moby save.go v25+ (index.json and manifest.json written from the same images); "
                "moby#51389 (entries lost from index.json), moby#47210 (`\"manifests\": null`)",
            .requirement =
                "in an archive with both, every `manifest.json` image is an image of `index.json` "
                "(same config blob) and every tag is named on both sides (`RepoTags` ↔ "
                "`io.containerd.image.name` / `org.opencontainers.image.ref.name`)",
            .applies_to = "LY docker-archive with an OCI layout",
            .check = "xdoc",
            .level = "MUST (loader)"}},
  });
  registry.on_archive([](const ArchiveView& archive, FindingSink& sink) {
    if (archive.facts == nullptr) return;
    check_members(archive, sink);
    if (!is_docker_archive(*archive.facts)) return;
    check_manifest_form(archive, sink);
    check_named_paths(archive, sink);
    check_config_name(archive, sink);
    check_repo_tags(archive, sink);
    check_diff_ids(archive, sink);
    check_repositories(archive, sink);
    check_same_images(archive, sink);
  });
}

}  // namespace ocv::rules
