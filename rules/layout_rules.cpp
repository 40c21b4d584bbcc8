// LYT-*: the image layout directory (image-layout.md).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include <regex>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "validator/digest/digest.hpp"
#include "validator/model/document_checks.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::rules {
namespace {

using engine::BlobView;
using engine::DescriptorRole;
using engine::DescriptorView;
using engine::DocKind;
using engine::DocumentView;
using engine::FileType;
using engine::FindingSink;
using engine::LayoutView;
using engine::Severity;
using engine::Site;

constexpr std::string_view kRefName = "org.opencontainers.image.ref.name";

Site layout_file_site(const LayoutView& layout, const DocumentView* doc, const char* name) {
  if (doc != nullptr) return *doc;
  Site site = layout;
  site.blob = name;
  site.json = nullptr;
  site.chain = {name};
  return site;
}

// LYT-001, LYT-002, LYT-004: the three required entries of the layout root.
void check_required_entries(const LayoutView& layout, FindingSink& sink) {
  const auto type_of = [&](std::string_view name) {
    for (const auto& [n, t] : layout.root_entries)
      if (n == name) return t;
    return FileType::missing;
  };
  // A layout with nothing in blobs/ loses the directory when it is kept in
  // git, which stores no empty directories: say so when that is the likely
  // story (nothing referenced is missing).
  const bool nothing_referenced = layout.missing.empty() && layout.unreadable.empty();
  if (layout.blobs_dir != FileType::directory)
    sink.report("LYT-001", layout_file_site(layout, nullptr, "blobs"), "",
                layout.blobs_dir != FileType::missing
                    ? fmt::format("blobs must be a directory, found a {}",
                                  engine::to_string(layout.blobs_dir))
                : nothing_referenced
                    ? std::string("the layout has no blobs directory; if it was checked out of "
                                  "git, that is why: git does not keep empty directories, so "
                                  "an empty blobs/ is lost (create it after checkout, e.g. "
                                  "mkdir -p LAYOUT/blobs/sha256)")
                    : std::string("the layout has no blobs directory"));
  if (const auto t = type_of("oci-layout"); t != FileType::regular)
    sink.report(
        "LYT-002", layout_file_site(layout, nullptr, "oci-layout"), "",
        t == FileType::missing
            ? std::string("the layout has no oci-layout file")
            : fmt::format("oci-layout must be a regular file, found a {}", engine::to_string(t)));
  if (const auto t = type_of("index.json"); t != FileType::regular)
    sink.report(
        "LYT-004", layout_file_site(layout, nullptr, "index.json"), "",
        t == FileType::missing
            ? std::string("the layout has no index.json file")
            : fmt::format("index.json must be a regular file, found a {}", engine::to_string(t)));
}

// LYT-003: the only layout version defined is 1.0.0. Another 1.x.y may be
// a compatible future minor version (semantic versioning), so it is a
// warning; anything else (2.0.0, "1", "latest") is an error: a reader
// cannot know how to read it.
void check_layout_version(const DocumentView& doc, FindingSink& sink) {
  if (doc.kind != DocKind::layout_header || doc.root() == nullptr || !doc.root()->IsObject())
    return;
  const auto it = doc.root()->FindMember("imageLayoutVersion");
  if (it == doc.root()->MemberEnd() || !it->value.IsString()) return;  // schema: LYT-002
  const std::string_view v(it->value.GetString(), it->value.GetStringLength());
  if (v == "1.0.0") return;
  static const std::regex kSameMajor(R"(1\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*))");
  const bool future_minor = std::regex_match(v.begin(), v.end(), kSameMajor);
  sink.report("LYT-003", doc, "/imageLayoutVersion",
              fmt::format("imageLayoutVersion is \"{}\"; the only version defined is \"1.0.0\"{}",
                          v, future_minor ? " (a later 1.x version may be compatible)" : ""),
              future_minor ? std::optional(Severity::warning) : std::nullopt);
}

// LYT-005: every blob's content matches the digest its path names.
// LIMIT-004: blobs too large to hash are said to be unverified.
void check_blob_content(const BlobView& blob, FindingSink& sink) {
  const auto& f = *blob.facts;
  if (!f.readable) return;
  if (f.actual_encoded && *f.actual_encoded != f.encoded) {
    sink.report("LYT-005", blob, "",
                fmt::format("content does not match its name: path says {}:{}, content hashes to "
                            "{}:{}",
                            f.algorithm, f.encoded, f.algorithm, *f.actual_encoded));
  } else if (!f.actual_encoded && digest::can_verify(f.algorithm) && !f.unhashed_reason.empty()) {
    sink.report("LIMIT-004", blob, "", fmt::format("content not verified: {}", f.unhashed_reason));
  }
}

// LYT-006: <alg> and <encoded> follow the digest grammar and, for
// registered algorithms, the algorithm's encoded form.
void check_blob_names(const LayoutView& layout, FindingSink& sink) {
  std::set<std::string> reported_algs;
  for (const auto* b : layout.blobs) {
    Site site = layout;
    site.blob = b->path;
    site.json = nullptr;
    if (!digest::valid_algorithm_name(b->algorithm)) {
      if (reported_algs.insert(b->algorithm).second)
        sink.report("LYT-006", site, "",
                    fmt::format("directory blobs/{} is not a valid digest algorithm name "
                                "(lowercase letters and digits, separated by + . _ -)",
                                b->algorithm));
      continue;
    }
    if (!digest::valid_encoded_chars(b->encoded)) {
      sink.report("LYT-006", site, "",
                  fmt::format("file name \"{}\" is not a valid encoded digest (letters, digits, "
                              "= _ -)",
                              b->encoded));
      continue;
    }
    if (const auto err = digest::algorithm_form_error({b->algorithm, b->encoded}))
      sink.report("LYT-006", site, "",
                  fmt::format("file name is not a valid {} digest: {}", b->algorithm, *err));
  }
}

// LYT-007: blobs/ holds only <alg>/ directories holding only regular files.
// A link that resolves to a regular file beneath the layout root is read
// and verified (debuerreotype links blobs/sha256/<hex> to files it names
// in blobs/), but tools that refuse links (crane, since go-containerregistry
// rejects them) cannot use it: a warning either way. A link that cannot be
// read is LYT-016's error when a descriptor names it.
void check_blob_tree(const LayoutView& layout, FindingSink& sink) {
  // The facts of the odd entries only: a map of every blob took 11 MiB
  // for 200,000 stray files where usually none is odd.
  std::unordered_map<std::string_view, const engine::BlobFacts*> blob_at;
  for (const auto& oddity : layout.blob_tree_oddities) blob_at.emplace(oddity.first, nullptr);
  if (!blob_at.empty())
    for (const auto* b : layout.blobs)
      if (const auto it = blob_at.find(b->path); it != blob_at.end()) it->second = b;
  for (const auto& [path, type] : layout.blob_tree_oddities) {
    Site site = layout;
    site.blob = path;
    site.json = nullptr;
    const bool top = std::count(path.begin(), path.end(), '/') == 1;
    if (top) {
      sink.report("LYT-007", site, "",
                  fmt::format("blobs/ should hold only algorithm directories, found a {}{}",
                              engine::to_string(type),
                              type == FileType::symlink
                                  ? " (blob paths through it are followed only while they stay "
                                    "inside the layout)"
                                  : ""));
      continue;
    }
    const auto* b = blob_at.at(path);
    std::string found = fmt::format("a {}", engine::to_string(type));
    if (b != nullptr && b->readable)
      found +=
          " (followed: it resolves to a regular file inside the layout, which is verified; "
          "tools that refuse links cannot use it)";
    else if (b != nullptr && !b->unreadable.empty())
      found = b->unreadable;
    sink.report("LYT-007", site, "",
                fmt::format("a blob should be a regular file, found {}", found));
  }
}

// LYT-016: a blob a descriptor names can be read as a regular file, so that
// its size, digest and content can be verified (image-layout.md § Blobs:
// "The content of blobs/<alg>/<encoded> MUST match the digest"). A FIFO, a
// device, a directory or a link that cannot be followed inside the layout
// hides content that was never checked: the run fails, whatever the image.
void check_unreadable(const LayoutView& layout, FindingSink& sink) {
  for (const auto& u : layout.unreadable) {
    const auto& d = *u.descriptor;
    Site site = *d.parent;
    site.chain.push_back(d.label());
    sink.report("LYT-016", site, d.member_pointer("digest"),
                fmt::format("{} ({}) of {} names {}, which cannot be read as a regular file ({}): "
                            "its size, digest and content are not verified",
                            d.label(), d.media_type().empty() ? "no mediaType" : d.media_type(),
                            d.parent->blob, u.blob->path, u.blob->unreadable));
  }
}

// LYT-008: unreferenced blobs are allowed; they are listed as notes.
// When a document that may name blobs was not read (LIMIT-002, LIMIT-003
// say so), a blob the walk did not reach may still be referenced: listing
// it would be a guess, so nothing is listed.
void check_unreferenced(const LayoutView& layout, FindingSink& sink) {
  if (!layout.references_complete) return;
  for (const auto* b : layout.blobs) {
    if (b->referenced || !b->readable) continue;
    Site site = layout;
    site.blob = b->path;
    site.json = nullptr;
    site.chain.clear();
    sink.report("LYT-008", site, "",
                fmt::format("blob of {} bytes is not referenced from index.json", b->size));
  }
}

// LYT-009: referenced blobs may be missing, but then nothing below them
// can be checked.
void check_missing(const LayoutView& layout, FindingSink& sink) {
  for (const auto& m : layout.missing) {
    const auto& d = *m.descriptor;
    const bool has_urls = d.value->HasMember("urls");
    Severity severity = Severity::warning;
    std::string why;
    // A missing subject is REF-001's business (a weak reference by design).
    if (d.role == DescriptorRole::subject) continue;
    if (engine::mt::is_nondistributable(d.media_type()) && has_urls) {
      severity = Severity::note;
      why = "; a non-distributable layer with urls is fetched from them";
    }
    sink.report("LYT-009", *d.parent, d.member_pointer("digest"),
                fmt::format("{} {} names {}, which is not in the layout{}", d.label(),
                            d.media_type(), m.path, why),
                severity);
  }
}

// LYT-010: files in the layout root beyond the three the spec defines.
void check_root_extras(const LayoutView& layout, FindingSink& sink) {
  for (const auto& [name, type] : layout.root_entries) {
    if (name == "oci-layout" || name == "index.json" || name == "blobs") continue;
    Site site = layout;
    site.blob = name;
    site.json = nullptr;
    site.chain.clear();
    sink.report("LYT-010", site, "",
                fmt::format("{} \"{}\" is not part of the OCI layout and is ignored",
                            engine::to_string(type), name));
  }
}

// LYT-014: names that differ only in case collide on case-folding file systems.
void check_case_collisions(const LayoutView& layout, FindingSink& sink) {
  // Sorted by the folded name, equal names in layout order, so that each
  // is compared with the first of its kind: no folded copy of 100,000 names.
  const auto folded_less = [](const engine::BlobFacts* a, const engine::BlobFacts* b) {
    return std::lexicographical_compare(
        a->path.begin(), a->path.end(), b->path.begin(), b->path.end(),
        [](unsigned char x, unsigned char y) { return std::tolower(x) < std::tolower(y); });
  };
  auto blobs = layout.blobs;
  std::stable_sort(blobs.begin(), blobs.end(), folded_less);
  const engine::BlobFacts* first = nullptr;
  for (const auto* b : blobs) {
    if (first == nullptr || folded_less(first, b)) {
      first = b;
      continue;
    }
    Site site = layout;
    site.blob = b->path;
    site.json = nullptr;
    sink.report("LYT-014", site, "",
                fmt::format("{} and {} differ only in case and collide on macOS and Windows",
                            first->path, b->path));
  }
}

// LYT-015: two index.json entries with the same ref.name make the tag ambiguous.
void check_duplicate_refs(const DocumentView& doc, FindingSink& sink) {
  std::map<std::string, std::size_t, std::less<>> first;  // ref.name -> position of its first entry
  engine::for_each_descriptor(doc, [&](const DescriptorView& d) {
    if (d.role != DescriptorRole::index_entry) return;
    const auto ref = d.ref_name();
    if (!ref) return;
    const auto [it, inserted] = first.emplace(std::string(*ref), d.position);
    if (inserted) return;
    const DescriptorView earlier{d.parent, nullptr, d.role, it->second};
    sink.report("LYT-015", doc, d.pointer(),
                fmt::format("ref.name \"{}\" is used by both {} and {}; which one a tool picks is "
                            "undefined",
                            *ref, earlier.label(), d.label()));
  });
}

// LYT-011: ref.name is meaningful only on the descriptors of index.json.
void check_ref_name_placement(const DocumentView& doc, FindingSink& sink) {
  const auto* root = doc.root();
  if (root == nullptr || !root->IsObject()) return;
  const auto has_ref = [](const rapidjson::Value& obj, const char* member) {
    const auto a = obj.FindMember(member);
    return a != obj.MemberEnd() && a->value.IsObject() &&
           a->value.HasMember(rapidjson::StringRef(kRefName.data(), kRefName.size()));
  };
  const auto report = [&](std::string pointer, std::string_view where) {
    sink.report("LYT-011", doc, json::pointer_append(pointer, kRefName),
                fmt::format("{} is set on {}; it is only valid on the descriptors in index.json",
                            kRefName, where));
  };
  if (doc.kind == DocKind::index || doc.kind == DocKind::manifest) {
    if (has_ref(*root, "annotations"))
      report("/annotations", fmt::format("the {} itself", engine::to_string(doc.kind)));
  }
  if (doc.kind == DocKind::config) {
    const auto c = root->FindMember("config");
    if (c != root->MemberEnd() && c->value.IsObject() && has_ref(c->value, "Labels"))
      report("/config/Labels", "the config's Labels");
  }
}

void check_ref_name_on_descriptor(const DescriptorView& d, FindingSink& sink) {
  if (!d.ref_name()) return;
  if (d.parent->is_layout_index && d.role == DescriptorRole::index_entry) return;
  const auto where =
      d.parent->is_layout_index ? std::string("index.json")
      : d.parent->kind == DocKind::index
          ? std::string("an index")
          : fmt::format("a {}", engine::to_string(d.parent->kind));  // manifest, descriptor
  sink.report("LYT-011", *d.parent, json::pointer_append(d.member_pointer("annotations"), kRefName),
              fmt::format("{} is set on {} of {}; it is only valid on the descriptors in "
                          "index.json",
                          kRefName, d.label(), where));
}

}  // namespace

void register_layout_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "LYT-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "The layout has a blobs directory",
       .spec = "image-layout.md#content",
       .help = "Create the blobs/ directory (it may be empty). Tools write blobs to "
               "blobs/<alg>/<encoded>.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Content (`blobs`)",
                     .requirement = "the `blobs` directory exists; it MAY be empty",
                     .applies_to = "LY",
                     .check = "fs",
                     .level = "MUST / MAY"}},
      {.id = "LYT-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "The layout has an oci-layout file: a JSON object with imageLayoutVersion",
       .spec = "image-layout.md#oci-layout-file",
       .help = "Write oci-layout as {\"imageLayoutVersion\": \"1.0.0\"}.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Content (`oci-layout`), § oci-layout file",
                     .requirement = "`oci-layout` exists, is a JSON object, and has "
                                    "`imageLayoutVersion` (string); other fields MAY appear",
                     .applies_to = "LY",
                     .check = "fs + schema",
                     .level = "MUST / MAY"}},
      {.id = "LYT-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "imageLayoutVersion is 1.0.0",
       .spec = "image-layout.md#oci-layout-file",
       .help =
           "1.0.0 is the only layout version defined; a different string is reported as a warning "
           "since it may be a future version.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "schema/image-layout-schema.json (`enum: [\"1.0.0\"]`); "
                               "image-layout.md § oci-layout file",
                     .requirement = "`imageLayoutVersion` == `1.0.0` (the only version defined)",
                     .applies_to = "LY",
                     .check = "schema. The prose requires only the field; a future version should "
                              "not be a hard error (sev: warning for an unknown version string)",
                     .level = "MUST (schema)"}},
      {.id = "LYT-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "The layout has an index.json file that is an image index",
       .spec = "image-layout.md#indexjson-file",
       .help = "Write index.json as an OCI image index listing the layout's manifests.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Content (`index.json`), § index.json file",
                     .requirement = "`index.json` exists and is an image index JSON object",
                     .applies_to = "LY",
                     .check = "fs + IDX-*"}},
      {.id = "LYT-005",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Every blob's content matches the digest in its path, referenced or not",
       .spec = "image-layout.md#blobs",
       .help = "The blob is corrupt or misnamed: rewrite it from a trusted source, or remove it if "
               "unreferenced.",
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Blobs",
                     .requirement = "the content of every `blobs/<alg>/<encoded>` matches the "
                                    "digest `<alg>:<encoded>`, referenced or not",
                     .applies_to = "LY",
                     .check = "hash every blob of a supported algorithm (DIG-007); unsupported "
                              "algorithm → DIG-005 note"}},
      {.id = "LYT-006",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Blob directory and file names follow the digest grammar",
       .spec = "image-layout.md#blobs",
       .help = "Name blobs blobs/<algorithm>/<encoded> exactly as the digest (sha256: 64 lowercase "
               "hex).",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Blobs",
                     .requirement = "the `<alg>` and `<encoded>` names follow the digest grammar "
                                    "(and the per-algorithm pattern)",
                     .applies_to = "LY",
                     .check =
                         "fs + rx: `<alg>` directory names match the algorithm part of P-DIG; file "
                         "names match the encoded part of P-DIG, P-SHA256 and the others"}},
      {.id = "LYT-007",
       .level = "HARDENING",
       .severity = Severity::warning,
       .title = "blobs/ holds only algorithm directories, which hold only regular files",
       .spec = "image-layout.md#blobs",
       .help =
           "Remove stray files, nested directories, links and device files from blobs/. A link is "
           "followed only while it stays inside the layout (and then verified); some tools refuse "
           "links altogether, so store blobs as regular files (hard links are fine).",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue =
           {.source = "image-layout.md § Blobs (\"a directory for each hash algorithm, the "
                      "children of which will contain the actual content\")",
            .requirement =
                "`blobs/` holds only `<alg>/` directories, and those hold only regular files",
            .applies_to = "LY",
            .check =
                "fs: stray files, subdirectories, symlinks (a symlink can point outside the "
                "layout), device files. A link that resolves to a regular file beneath the layout "
                "root is followed (openat2 `RESOLVE_BENEATH`) and verified like any blob "
                "(debuerreotype writes `blobs/sha256/<hex>` as links to files in `blobs/`), still "
                "a warning since some readers refuse links (go-containerregistry PR #2306); one "
                "that cannot be followed is LYT-016's error when referenced",
            .level = "(derived) / HARDENING"}},
      {.id = "LYT-008",
       .level = "MAY",
       .severity = Severity::note,
       .title = "Unreferenced blobs are listed",
       .spec = "image-layout.md#blobs",
       .help = "Blobs no descriptor reaches are allowed; remove them (e.g. with a garbage-collect "
               "step) to shrink the layout.",
       .needs = engine::kNeedsBlobListing,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Blobs",
                     .requirement = "unreferenced blobs are allowed",
                     .applies_to = "LY",
                     .check =
                         "graph walk: list them with counts and bytes. Only when every document "
                         "that may name blobs was read, parsed and followed: a blob below an "
                         "unreadable, unparsable or MT-003-mismatched index or manifest, or one "
                         "cut off by a LIMIT, may be referenced, so none is listed then"}},
      {.id = "LYT-009",
       .level = "MAY",
       .severity = Severity::warning,
       .title = "Referenced blobs are present in the layout",
       .spec = "image-layout.md#blobs",
       .help =
           "A missing manifest, config or layer means nothing below it could be checked; copy the "
           "image with all its blobs. The spec lets a layout rely on an external blob store "
           "(\"MAY be missing referenced blobs\"), so this is a warning; a gate that requires "
           "complete layouts makes it an error with \"severity\": {\"LYT-009\": \"error\"} in "
           ".ocivalidate.json, or fails on every warning with --fail-on warning.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Blobs (\"MAY be missing referenced blobs … "
                               "SHOULD be fulfilled by an external blob store\")",
                     .requirement = "referenced blobs may be absent",
                     .applies_to = "LY",
                     .check =
                         "graph walk: missing manifest, index or config → warning (no deeper check "
                         "is possible); missing layer → warning; missing non-distributable layer "
                         "with `urls`, or a missing `subject` → note. A gate that requires "
                         "complete layouts raises it with the policy file (`\"severity\": "
                         "{\"LYT-009\": \"error\"}`) or `--fail-on warning`",
                     .level = "MAY / SHOULD"}},
      {.id = "LYT-010",
       .level = "should",
       .severity = Severity::note,
       .title = "Files in the layout root other than oci-layout, index.json and blobs/ are ignored",
       .spec = "image-layout.md#content",
       .help = "Extra files (e.g. manifest.json from docker save) do no harm; they are listed for "
               "information.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "image-layout.md § Content",
                     .requirement = "unknown files in the layout root (e.g. `manifest.json` from "
                                    "`docker save`) do not cause an error",
                     .applies_to = "LY",
                     .check = "fs",
                     .level = "should (lowercase, Implementor's Note)"}},
      {.id = "LYT-011",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "org.opencontainers.image.ref.name is set only on descriptors in index.json",
       .spec = "annotations.md#pre-defined-annotation-keys",
       .help = "Move the ref.name annotation to the index.json entry that names the manifest.",
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "annotations.md `ref.name` + image-layout.md § index.json file",
                     .requirement = "`org.opencontainers.image.ref.name` is considered valid only "
                                    "on descriptors in `index.json`",
                     .applies_to = "A outside `index.json` `manifests[]`",
                     .check = "doc"}},
      {.id = "LYT-014",
       .level = "HARDENING",
       .severity = Severity::note,
       .title = "Blob names are unique ignoring case",
       .spec = "image-layout.md#blobs",
       .help = "Names that differ only in case collide on case-insensitive file systems (macOS, "
               "Windows).",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "(not in spec)",
                     .requirement =
                         "names are unique case-insensitively (encoded parts of unregistered "
                         "algorithms may contain upper case; macOS and Windows fold case)",
                     .applies_to = "LY",
                     .check = "fs"}},
      {.id = "LYT-015",
       .level = "HARDENING",
       .severity = Severity::warning,
       .title = "Each ref.name in index.json is unique",
       .spec = "image-layout.md#indexjson-file",
       .help = "Give every index.json entry its own ref.name; tools resolve duplicate tags "
               "differently.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue = {.source = "(not in spec)",
                     .requirement = "two `index.json` descriptors with the same `ref.name` make "
                                    "tag resolution ambiguous",
                     .applies_to = "LY",
                     .check = "doc"}},
      {.id = "LYT-016",
       .level = "MUST (derived)",
       .severity = Severity::error,
       .title = "A referenced blob is a regular file, or a link to one inside the layout",
       .spec = "image-layout.md#blobs",
       .help =
           "The content of blobs/<alg>/<encoded> must match its digest, which can only be verified "
           "for a file that can be read: replace a FIFO, device, directory or socket with the "
           "blob's bytes, and a link that leads outside the layout (or to nothing) with a copy or "
           "a hard link. Links that stay inside the layout are followed (openat2 RESOLVE_BENEATH) "
           "and their target verified.",
       .needs = engine::kNeedsLayout,
       .scope = engine::kScopeLayout,
       .catalogue =
           {.source = "image-layout.md § Blobs (\"The content of `blobs/<alg>/<encoded>` MUST "
                      "match the digest `<alg>:<encoded>`\") + descriptor.md § Verification",
            .requirement =
                "a blob a descriptor names is a regular file (or a link that resolves to one "
                "beneath the layout root), so that its size, digest and content can be verified",
            .applies_to = "LY + D* → blob",
            .check = "fs: a referenced FIFO, socket, device, directory, dangling or looping link, "
                     "a link (or linked `blobs/<alg>` directory) leading outside the layout → "
                     "error at the descriptor, with its chain; unlike a missing blob (LYT-009), "
                     "something is there that was never checked"}},
  });
  registry.on_layout([](const LayoutView& layout, FindingSink& sink) {
    check_required_entries(layout, sink);
    check_blob_names(layout, sink);
    check_blob_tree(layout, sink);
    check_unreferenced(layout, sink);
    check_missing(layout, sink);
    check_unreadable(layout, sink);
    check_root_extras(layout, sink);
    check_case_collisions(layout, sink);
  });
  registry.on_document([](const DocumentView& doc, FindingSink& sink) {
    check_layout_version(doc, sink);
    check_ref_name_placement(doc, sink);
    if (doc.is_layout_index) {
      // Read from the document itself, independent of the walk.
      check_duplicate_refs(doc, sink);
    }
  });
  registry.on_descriptor(check_ref_name_on_descriptor);
  registry.on_blob(check_blob_content);
}

}  // namespace ocv::rules
