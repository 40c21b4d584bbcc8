// WHT-*: whiteouts (layer.md § Whiteouts, § Opaque Whiteout).
//
// A whiteout is an empty regular file named ".wh.<name>" that deletes
// <name> from the lower layers; ".wh..wh..opq" hides every lower child of
// its directory. The checks of one layer on its own run once per layer blob;
// whether a whiteout deletes anything depends on the layers below it, which
// differ from image to image, so those checks run at each layer of the
// engine's one walk up each image's stack (validator/model/layer_stack.hpp).
//
// Not checked: WHT-011 (the whiteouts themselves are hidden once applied)
// is a property of a flattened filesystem, not of the image.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/layer_paths.hpp"

namespace ocv::rules {
namespace {

using engine::FindingSink;
using engine::LayerView;
using engine::Severity;
using layer_paths::LayerIndex;
using layer_paths::LayerStack;
using layer_paths::Marker;
using layer_paths::MemberReports;
using layer_paths::shown;

constexpr std::string_view kAufsPrefix = ".wh..wh.";

// WHT-001, WHT-002, WHT-003, WHT-004, WHT-009: what a single member named
// ".wh.*" (or below a directory named so) may be.
void check_marker_forms(const LayerIndex& index, MemberReports& out) {
  const auto& members = index.members();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    const auto& e = index.entry(i);
    if (m.escapes || m.path.find(layer_paths::kWhiteoutPrefix) == std::string_view::npos) continue;
    const auto base = layer_paths::basename(m.path);
    // WHT-003: a directory named ".wh.*" cannot exist, so nothing is below one.
    for (auto dir = layer_paths::dirname(m.path); !dir.empty(); dir = layer_paths::dirname(dir)) {
      if (!layer_paths::basename(dir).starts_with(layer_paths::kWhiteoutPrefix)) continue;
      out.add("WHT-003", e,
              fmt::format("member {} of layer {} lies below {}, a directory whose name starts "
                          "with .wh., which no filesystem of an image can hold",
                          e.path, out.digest(), dir));
      break;
    }
    if (m.marker == Marker::none) continue;
    // WHT-001
    if (e.type != '0' && e.type != '\0' && e.type != '7') {
      out.add("WHT-001", e,
              fmt::format("whiteout {} of layer {} is a {}; a whiteout is an empty regular file",
                          e.path, out.digest(), layer_paths::type_name(e.type)));
    } else if (e.size != 0) {
      out.add("WHT-001", e,
              fmt::format("whiteout {} of layer {} holds {} bytes; a whiteout is an empty file",
                          e.path, out.digest(), e.size));
    }
    switch (m.marker) {
      case Marker::malformed:
        if (base == layer_paths::kWhiteoutPrefix) {
          // WHT-002
          out.add("WHT-002", e,
                  fmt::format("whiteout {} of layer {} has no basename to delete", e.path,
                              out.digest()));
        } else {
          // WHT-003
          out.add(
              "WHT-003", e,
              fmt::format("whiteout {} of layer {} would delete \"{}\", which is not a name "
                          "of a file",
                          e.path, out.digest(), base.substr(layer_paths::kWhiteoutPrefix.size())));
        }
        break;
      case Marker::whiteout:
        // WHT-004
        if (base.starts_with(kAufsPrefix))
          out.add("WHT-004", e,
                  fmt::format("whiteout {} of layer {} would delete {}, a name starting with "
                              ".wh. that cannot exist; only .wh..wh..opq is defined (moby reads "
                              ".wh..wh.* as AUFS metadata)",
                              e.path, out.digest(), shown(m.target)));
        break;
      case Marker::opaque:
        // WHT-009
        out.add("WHT-009", e,
                fmt::format("layer {} empties {} with an opaque whiteout ({}); producers should "
                            "write an explicit whiteout for each deleted child",
                            out.digest(), shown(m.target), e.path));
        break;
      case Marker::none:
        break;
    }
  }
}

// WHT-005: a whiteout applies to the lower layers only, so a whiteout and
// what it names in the same layer leave the layer's own member in place.
// Extractors that apply members one after the other in order get that
// wrong when the whiteout comes after the member. The spec's own example
// recreates a directory with an opaque marker followed by the directory's
// new children, so an opaque marker is reported only when children come
// before it (the order such extractors get wrong); an explicit whiteout
// next to its own target is reported in either order, since a producer has
// no reason to write both.
void check_same_layer(const LayerIndex& index, MemberReports& out) {
  const auto& members = index.members();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    if (m.escapes || m.marker != Marker::whiteout) continue;
    const auto& e = index.entry(i);
    const auto same = index.first(m.target);
    if (same) {
      const bool before = *same < i;
      out.add(
          "WHT-005", e,
          fmt::format("whiteout {} of layer {} names {}, which the same layer writes {} (header "
                      "at byte {}); the whiteout only deletes lower layers' {}, {}",
                      e.path, out.digest(), shown(m.target), before ? "before it" : "after it",
                      index.entry(*same).offset, shown(m.target),
                      before ? "but an extractor that applies members in order deletes the "
                               "new one"
                             : "so the layer's own member stays"));
    } else if (index.has_below(m.target)) {
      out.add("WHT-005", e,
              fmt::format("whiteout {} of layer {} names {}, and the same layer writes members "
                          "below it; the whiteout only deletes the lower layers' {}, but an "
                          "extractor that applies members in order may delete the new ones",
                          e.path, out.digest(), shown(m.target), shown(m.target)));
    }
  }
  if (!index.has_opaque()) return;
  std::unordered_set<std::string_view> reported;
  const auto report = [&](std::string_view dir, std::size_t child) {
    const auto marker = index.opaque(dir);
    if (!marker || *marker <= child || !reported.insert(dir).second) return;
    const auto& e = index.entry(*marker);
    out.add("WHT-005", e,
            fmt::format("opaque whiteout {} of layer {} comes after {}, a member of the same "
                        "layer below {}; the marker only hides lower layers' children, but an "
                        "extractor that applies members in order deletes the new ones",
                        e.path, out.digest(), index.entry(child).path, shown(dir)));
  };
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    if (m.escapes || m.marker != Marker::none || m.path.empty()) continue;
    report("", i);
    for (auto slash = m.path.find('/'); slash != std::string_view::npos;
         slash = m.path.find('/', slash + 1))
      report(m.path.substr(0, slash), i);
  }
}

// WHT-010: "whiteout files appear before sibling directory entries".
void check_order(const LayerIndex& index, MemberReports& out) {
  if (!index.has_whiteouts()) return;
  std::unordered_map<std::string_view, std::size_t> first_dir;  // parent -> first directory in it
  const auto& members = index.members();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    if (m.escapes || m.path.empty()) continue;
    const auto parent = layer_paths::dirname(m.path);
    const auto& e = index.entry(i);
    if (m.marker == Marker::none) {
      if (e.type == '5') first_dir.emplace(parent, i);
      continue;
    }
    const auto dir = first_dir.find(parent);
    if (dir == first_dir.end()) continue;
    out.add("WHT-010", e,
            fmt::format("whiteout {} of layer {} comes after its sibling directory {} (header at "
                        "byte {}); producers should write whiteouts before sibling directories",
                        e.path, out.digest(), index.entry(dir->second).path,
                        index.entry(dir->second).offset));
  }
}

bool any_whiteout_name(const std::vector<engine::TarEntry>& entries) {
  return std::any_of(entries.begin(), entries.end(), [](const engine::TarEntry& e) {
    return e.normalized.find(layer_paths::kWhiteoutPrefix) != std::string::npos;
  });
}

void check_layer_whiteouts(const LayerView& layer, FindingSink& sink) {
  if (layer.facts == nullptr || layer.blob_facts == nullptr) return;
  MemberReports out(sink, layer, layer_paths::layer_digest(*layer.blob_facts));
  if (layer.index != nullptr && any_whiteout_name(layer.facts->entries)) {
    check_marker_forms(*layer.index, out);
    check_same_layer(*layer.index, out);
    check_order(*layer.index, out);
  }
  // Members past a full index: the form of each whiteout on its own.
  if (any_whiteout_name(layer.facts->unindexed)) {
    engine::LayerFacts tail;
    tail.entries = layer.facts->unindexed;
    check_marker_forms(LayerIndex(tail), out);
  }
  out.finish();
}

// WHT-006, WHT-007, WHT-008: whiteouts against the layers below them.
void check_stack_whiteouts(const LayerIndex& index, std::size_t k, const LayerStack& stack,
                           bool lower_complete, MemberReports& out) {
  const auto& members = index.members();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    if (m.escapes || m.marker == Marker::none) continue;
    const auto& e = index.entry(i);
    // WHT-007
    if (k == 0)
      out.add("WHT-007", e,
              fmt::format("{} {} is in layers[0] ({}), which has no lower layer to delete from",
                          m.marker == Marker::opaque ? "opaque whiteout" : "whiteout", e.path,
                          out.digest()));
    // WHT-006
    if (m.marker == Marker::whiteout && k > 0 && lower_complete &&
        !layer_paths::basename(m.target).starts_with(layer_paths::kWhiteoutPrefix) &&
        !stack.find(m.target))
      out.add("WHT-006", e,
              fmt::format("whiteout {} of layers[{}] ({}) deletes nothing: no lower layer leaves "
                          "{}",
                          e.path, k, out.digest(), shown(m.target)));
    // WHT-008
    if (m.marker == Marker::opaque && !m.target.empty() && !index.first(m.target) &&
        !index.has_below(m.target) && (k == 0 || lower_complete) && !stack.find(m.target))
      out.add("WHT-008", e,
              fmt::format("opaque whiteout {} of layers[{}] ({}) empties {}, a directory that "
                          "neither this layer nor a lower one holds",
                          e.path, k, out.digest(), m.target));
  }
}

void check_image_whiteouts(const engine::StackLayerView& layer, FindingSink& sink) {
  if (!layer.index.has_whiteouts()) return;
  const auto site = layer_paths::layer_site(layer.image, layer.k);
  MemberReports out(sink, site, std::string(layer.image.layers[layer.k]->digest()));
  check_stack_whiteouts(layer.index, layer.k, layer.stack, layer.lower_complete, out);
  out.finish();
}

}  // namespace

void register_whiteout_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "WHT-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Whiteouts are empty regular files",
       .spec = "layer.md#whiteouts",
       .help =
           "Write each .wh.<name> member as a regular file of size 0; a .wh.* directory, link or "
           "non-empty file is not a whiteout any extractor agrees on.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md § Whiteouts (\"an empty file\"; \"the whiteout file is a regular "
                      "file in the archive\")",
            .requirement =
                "every entry whose basename starts with `.wh.` is a regular file of size 0",
            .applies_to = "L",
            .check = "tar: typeflag `0`/`\\0`, size 0 (a `.wh.*` directory, symlink or hardlink is "
                     "wrong)",
            .level = "MUST (def)"}},
      {.id = "WHT-002",
       .level = "SHOULD",
       .severity = Severity::error,
       .title = "A whiteout names something to delete",
       .spec = "main:layer.md#whiteouts",
       .help = "Remove the member named just .wh.: it deletes nothing and implementations should "
               "reject it.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § Whiteouts (\"A `.wh.` file, without a basename to "
                               "delete, is invalid and implementations SHOULD return an error\")",
                     .requirement = "the basename is not exactly `.wh.`",
                     .applies_to = "L",
                     .check = "tar",
                     .level = "SHOULD (main)",
                     .severity = "error (the text says \"is invalid\")"}},
      {.id = "WHT-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Nothing is named .wh.*: no whiteout of . or .., no directory named .wh.*",
       .spec = "layer.md#whiteouts",
       .help =
           "Remove whiteouts of . and .. and members below directories named .wh.*; names starting "
           "with .wh. are whiteout markers only.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md § Whiteouts (\"not possible to create a filesystem which has a "
                      "file or directory with a name beginning with `.wh.`\")",
            .requirement =
                "no real file or directory is named `.wh.*`; every such name is a whiteout marker",
            .applies_to = "L",
            .check = "implied by WHT-001; a whiteout named `.wh..` or `.wh...` (targets `.`/`..`) "
                     "→ error",
            .level = "MUST (def)"}},
      {.id = "WHT-004",
       .level = "derived",
       .severity = Severity::warning,
       .title = "The only .wh..wh.* name is .wh..wh..opq",
       .spec = "layer.md#opaque-whiteout",
       .help =
           "Remove .wh..wh.* members other than .wh..wh..opq (AUFS metadata such as .wh..wh.plnk); "
           "they would delete a name that cannot exist.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md (only `.wh..wh..opq` is defined)",
            .requirement =
                "`.wh..wh.<x>` with `<x>` != `.opq` would whiteout a path starting with `.wh.`, "
                "which cannot exist. moby treats `.wh..wh.` as AUFS metadata (`.wh..wh.plnk`, "
                "`.wh..wh.aufs`); the OCI spec does not reserve that prefix",
            .applies_to = "L",
            .check = "tar",
            .level = "(derived)"}},
      {.id = "WHT-005",
       .level = "HARDENING",
       .severity = Severity::warning,
       .title = "A whiteout and what it deletes are not in the same layer",
       .spec = "layer.md#whiteouts",
       .help =
           "Whiteouts apply only to lower layers. Drop the whiteout, or put it (and an opaque "
           "marker) before the members it must not delete, for extractors that apply members in "
           "order. Hardening, not a MUST: the spec does not forbid a layer holding both "
           "(\"Whiteout files MUST only apply to resources in lower/parent layers\" says what a "
           "whiteout does, not that the pair cannot occur); it flags extractors that depend on "
           "member order.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § Whiteouts (\"Whiteout files MUST only apply to "
                               "resources in lower/parent layers\"; same-layer files \"can only be "
                               "hidden by whiteout files in subsequent layers\")",
                     .requirement = "a whiteout does not delete an entry of its own layer",
                     .applies_to = "L",
                     .check = "tar: report `X` and `.wh.X` (or an opaque marker plus children) in "
                              "the same layer. This is **not** forbidden by the spec (the quoted "
                              "MUST says what a whiteout applies to, not that the pair cannot "
                              "occur), hence HARDENING, not MUST; it flags extractors that depend "
                              "on order. It is NOT \"must not both be present\""}},
      {.id = "WHT-006",
       .level = "informational",
       .severity = Severity::note,
       .title = "Every whiteout deletes something",
       .spec = "layer.md#whiteouts",
       .help = "The whiteout names nothing that the lower layers leave; it can be dropped.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § Whiteouts",
                     .requirement =
                         "a whiteout whose target exists in no lower layer deletes nothing",
                     .applies_to = "L + lower layers",
                     .check = "stack simulation"}},
      {.id = "WHT-007",
       .level = "informational",
       .severity = Severity::note,
       .title = "layers[0] has no whiteouts",
       .spec = "layer.md#whiteouts",
       .help = "The base layer has nothing below it to delete; drop its whiteouts.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § Whiteouts (applies to lower layers)",
                     .requirement = "whiteouts in `layers[0]` have nothing to delete",
                     .applies_to = "L[0]",
                     .check = "tar"}},
      {.id = "WHT-008",
       .level = "informational",
       .severity = Severity::note,
       .title = "An opaque whiteout's directory exists",
       .spec = "layer.md#opaque-whiteout",
       .help =
           "The opaque marker empties a directory that no layer creates; drop it or add the "
           "directory. Informational: layer.md § Opaque Whiteout defines what the marker does (a "
           "MUST on extractors), and a marker with nothing to empty breaks no such rule.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md § Opaque Whiteout (its MUST is on how extractors apply the marker)",
            .requirement = "`.wh..wh..opq` (regular, empty) hides all lower children of its "
                           "directory, applied before the rest of the layer whatever its position",
            .applies_to = "L",
            .check = "tar (WHT-001 covers the type); parent directory absent in this and all lower "
                     "layers → note"}},
      {.id = "WHT-009",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Layers use explicit whiteouts, not opaque markers",
       .spec = "layer.md#opaque-whiteout",
       .help = "Producers should write one .wh.<name> per deleted child; consumers must accept "
               "both, so the image still works.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § Opaque Whiteout (\"SHOULD generate layers using "
                               "explicit whiteout files, but MUST accept both\")",
                     .requirement = "producers prefer explicit whiteouts",
                     .applies_to = "L",
                     .check = "tar: opaque marker present (BuildKit emits them often)"}},
      {.id = "WHT-010",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Whiteouts come before sibling directories",
       .spec = "layer.md#whiteouts",
       .help =
           "Write the .wh.* members of a directory before its subdirectories, so that extractors "
           "that apply members in order delete before they create.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source =
                "layer.md § Whiteouts (\"whiteout files appear before sibling directory entries\")",
            .requirement =
                "within one parent, `.wh.*` entries come before sibling directory entries",
            .applies_to = "L",
            .check = "tar order"}},
  });
  registry.on_layer(check_layer_whiteouts);
  registry.on_stack_layer(check_image_whiteouts);
}

}  // namespace ocv::rules
