// LIMIT-*: the validator's own limits. They are not spec rules: they say
// what could not be checked, or where a document goes beyond what common
// registries accept, instead of hanging or exhausting memory. A limit that
// left part of the image unchecked is an error: a run that could not check
// what the layout references must not call it valid. LIMIT-001 is a
// warning: it is about registries, and everything was checked.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/families.hpp"

namespace ocv::rules {

void register_limit_rules(engine::Registry& registry) {
  using engine::Severity;
  registry.add_rules({
      {.id = "LIMIT-001",
       .level = "HARDENING",
       .severity = Severity::warning,
       .title = "Manifests and indexes are at most 4 MiB",
       .spec = "manifest.md#image-manifest",
       .help = "Common registries refuse manifests larger than 4 MiB; move large data out of the "
               "document (e.g. into a blob referenced by a descriptor).",
       .catalogue = {.source = "(not in spec; distribution registries refuse manifests over 4 MiB)",
                     .requirement = "manifests and indexes are at most 4 MiB",
                     .applies_to = "M, I",
                     .check = "size"}},
      {.id = "LIMIT-002",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "Documents are small and shallow enough to be checked",
       .spec = "considerations.md#json",
       .help =
           "The document is larger than the validator's size limit (--max-document-size, 16 MiB), "
           "its JSON nests deeper than the depth limit (--max-json-depth, 64 levels), or it holds "
           "more values than the value limit (--max-json-values, 2,000,000), so it was not "
           "parsed: none of its rules ran (this is not a parse error; the JSON may be valid). "
           "Nothing it references was reached either; for "
           "index.json that is every image of the layout. Since the blobs it names are unknown, no "
           "blob is reported as unreferenced (LYT-008). Shrink or flatten the document.",
       .catalogue =
           {.source = "(not in spec)",
            .requirement =
                "documents are at most `--max-document-size` (16 MiB), nest at most 64 levels and "
                "hold at most 2,000,000 values (`--max-json-values`), or they are not parsed",
            .applies_to = "all JSON documents",
            .check = "size, parse depth, value count"}},
      {.id = "LIMIT-003",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "Nested indexes stay within the depth limit",
       .spec = "image-index.md#image-index-property-descriptions",
       .help = "Indexes nested deeper than --max-index-depth (8) below index.json are not "
               "followed, and the blobs they name are neither checked nor reported as unreferenced "
               "(LYT-008); flatten the index hierarchy.",
       .catalogue = {.source = "(not in spec)",
                     .requirement = "indexes nest at most 8 levels below `index.json`, or their "
                                    "entries are not followed",
                     .applies_to = "I",
                     .check = "graph walk"}},
      {.id = "LIMIT-004",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "Every blob could be hashed",
       .spec = "descriptor.md#verification",
       .help = "The blob was not hashed (too large for --max-blob-size, or unreadable), so its "
               "digest is unverified and, for a document, nothing in it was checked; raise "
               "--max-blob-size or fix the file's permissions.",
       .catalogue = {.source =
                         "descriptor.md § Verification (\"Retrieved content SHOULD be verified\")",
                     .requirement =
                         "every blob could be read and hashed (`--max-blob-size`, read errors)",
                     .applies_to = "LY",
                     .check = "hash"}},
      {.id = "LIMIT-005",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "A layer decompresses to at most the configured number of bytes",
       .spec = "layer.md",
       .help =
           "The layer expands beyond --max-layer-size (a decompression bomb, or a genuinely huge "
           "layer): its diff_id and the entries past the cap were not checked. Raise "
           "--max-layer-size if the layer is genuine.",
       .catalogue = {.source = "(not in spec)",
                     .requirement = "a layer decompresses to at most `--max-layer-size`",
                     .applies_to = "L",
                     .check = "decompress"}},
      {.id = "LIMIT-006",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "A layer's member index fits within the configured size",
       .spec = "layer.md#distributable-format",
       .help =
           "The layer has more members than the member index holds (--max-layer-index, default 32 "
           "MiB per layer). Every member was still checked on its own (path, type, link, whiteout "
           "name), but the members past the index were not compared with each other or with other "
           "layers: duplicates (LAY-003), hardlink targets (LAY-007, LAY-008), paths through "
           "symlinks (LAY-013) and whiteouts against what they delete (WHT-005 to WHT-010). Raise "
           "--max-layer-index if the layer is genuine.",
       .catalogue = {.source = "(not in spec)",
                     .requirement =
                         "a layer's member index fits `--max-layer-index` (32 MiB); past it every "
                         "member is still checked on its own (path, type, link, whiteout name), "
                         "only the checks across members and layers are incomplete",
                     .applies_to = "L",
                     .check = "tar"}},
      {.id = "LIMIT-007",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "A zstd layer's frames fit within the configured window",
       .spec = "layer.md#zstd-media-types",
       .help =
           "A zstd frame of the layer asks for a larger window than --max-zstd-window (default 128 "
           "MiB, zstd's own default limit; frames written with --long or --ultra may ask for "
           "more): it was not decoded, so its diff_id and its members were not checked. Raise "
           "--max-zstd-window if the layer is genuine.",
       .catalogue = {.source = "layer.md § `+zstd` Media Types (RFC 8878 § 3.1.1.1.2: decoders may "
                               "limit the window; zstd's own default limit is 128 MiB)",
                     .requirement =
                         "a zstd frame asks for a window of at most `--max-zstd-window` (128 MiB); "
                         "zstd layers decoded at once share 128 MiB of windows",
                     .applies_to = "L",
                     .check = "zstd frame header"}},
      {.id = "LIMIT-008",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "The layout's JSON documents fit within the configured number and memory",
       .spec = "image-layout.md#indexjson-file",
       .help =
           "The validator holds every JSON document it reads (manifests, configs, indexes, "
           "attestation and signature payloads) until the checks across documents have run; so "
           "that memory stays bounded, it reads at most --max-documents of them (default "
           "10,000), and no more than take --max-document-memory held (default 96 MiB: their "
           "bytes, parsed values and value positions, with index.json's; blobs read to compare "
           "with a descriptor's embedded data count too). The message says which limit was "
           "reached. The documents past it were not read: none of their rules ran, the "
           "images they start were not checked, and, as the blobs they name are unknown, no blob "
           "is reported as unreferenced (LYT-008). Validate the layout in parts (--tag, "
           "--platform) or raise the limit the message names.",
       .catalogue = {.source = "(not in spec)",
                     .requirement = "a run reads at most `--max-documents` (10,000) JSON "
                                    "documents and payloads from blobs, taking at most "
                                    "`--max-document-memory` (96 MiB) held, or the rest are not "
                                    "read",
                     .applies_to = "LY",
                     .check = "graph walk"}},
      {.id = "LIMIT-009",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "The blobs directory holds at most the configured number of entries",
       .spec = "image-layout.md#blobs",
       .help =
           "The validator lists at most --max-blob-files entries of blobs/ and of its algorithm "
           "directories (default 50,000, the first by name; each listed file costs about 600 "
           "bytes held for the whole run), so that a directory of millions of files cannot "
           "exhaust memory. The entries past it were counted, not examined: their names, types "
           "and digests were not checked and none is reported as unreferenced (LYT-008). A blob "
           "a descriptor names is still read by its path and checked in full. Remove the stray "
           "files, or raise --max-blob-files.",
       .catalogue = {.source = "(not in spec)",
                     .requirement = "blobs/ and its algorithm directories hold at most "
                                    "`--max-blob-files` (50,000) entries, or the rest are not "
                                    "examined",
                     .applies_to = "LY",
                     .check = "blob listing"}},
  });
  // LIMIT-009: entries of blobs/ the scan counted but did not list.
  registry.on_layout([](const engine::LayoutView& layout, engine::FindingSink& sink) {
    if (layout.unlisted_blobs == 0) return;
    engine::Site site = layout;
    site.blob = layout.first_unlisted_blob;
    site.json = nullptr;
    site.chain.clear();
    const auto more = layout.unlisted_blobs - 1;
    const auto what = more == 0
                          ? std::string(
                                "this one was not examined, so its name, type and digest were not "
                                "checked (LYT-005, LYT-006, LYT-007, LYT-014) and it is not "
                                "reported if unreferenced (LYT-008)")
                          : fmt::format(
                                "this one and {} more were not examined, so their names, types and "
                                "digests were not checked (LYT-005, LYT-006, LYT-007, LYT-014) and "
                                "none is reported as unreferenced (LYT-008)",
                                more);
    sink.report("LIMIT-009", site, "",
                fmt::format("blobs/ holds more than the {} entries the validator lists (the first "
                            "by name, --max-blob-files): {}; a blob a descriptor names is still "
                            "read by its path and checked",
                            layout.max_blob_files, what));
  });
  // LIMIT-001 to LIMIT-003, LIMIT-008: what the walk of the content graph did not do.
  registry.on_limit([](const engine::LimitEvent& event, engine::FindingSink& sink) {
    using Kind = engine::LimitEvent::Kind;
    using Unreached = engine::LimitEvent::Unreached;
    const std::string_view id = event.kind == Kind::document_too_large_for_registries ? "LIMIT-001"
                                : event.kind == Kind::index_too_deep                  ? "LIMIT-003"
                                : event.kind == Kind::too_many_documents              ? "LIMIT-008"
                                                                                      : "LIMIT-002";
    // The blobs the document names are unknown, so LYT-008 stays silent:
    // say so, or a clean LYT-008 would read as "nothing is unreferenced".
    std::string_view unreached;
    if (event.unreached == Unreached::every_image)
      unreached =
          "; none of the layout's images were checked, and no blob is reported as unreferenced "
          "(LYT-008)";
    else if (event.unreached == Unreached::referenced_blobs)
      unreached = event.kind == Kind::index_too_deep
                      ? ", so no blob is reported as unreferenced (LYT-008)"
                  : event.kind == Kind::too_many_documents
                      ? "; the blobs named there were not reached, so no blob is reported as "
                        "unreferenced (LYT-008)"
                      : "; the blobs it references were not reached, so no blob is reported as "
                        "unreferenced (LYT-008)";
    sink.report(id, event.site, "", fmt::format("{}{}", event.detail, unreached));
  });
  // LIMIT-005: the layer pass stopped at the uncompressed-bytes cap.
  registry.on_layer([](const engine::LayerView& layer, engine::FindingSink& sink) {
    if (!layer.facts->limit_hit) return;
    sink.report("LIMIT-005", layer, "",
                fmt::format("layer decompresses to more than the --max-layer-size cap; the layer "
                            "pass stopped after {} uncompressed bytes, so its diff_id and the tar "
                            "entries beyond that point were not checked",
                            layer.facts->uncompressed_bytes));
  });
  // LIMIT-007: a zstd frame asked for more window than allowed.
  registry.on_layer([](const engine::LayerView& layer, engine::FindingSink& sink) {
    if (layer.facts->window_over_limit == 0) return;
    sink.report("LIMIT-007", layer, "",
                fmt::format("a zstd frame of the layer asks for a {}-byte window, more than "
                            "--max-zstd-window allows; decoding stopped after {} uncompressed "
                            "bytes, so its diff_id and the members after that were not checked",
                            layer.facts->window_over_limit, layer.facts->uncompressed_bytes));
  });
  // LIMIT-006: members left out of the layer's member index (it filled
  // up, or their path is too long to extract); one finding says both.
  registry.on_layer([](const engine::LayerView& layer, engine::FindingSink& sink) {
    const auto& f = *layer.facts;
    if (f.unindexed_members == 0) return;
    std::vector<std::string> why;
    if (f.index_full)
      why.push_back(
          fmt::format("the member index is full ({} bytes, --max-layer-index) after {} "
                      "members",
                      f.index_bytes, f.entries.size()));
    if (f.long_paths > 0)
      why.push_back(
          fmt::format("{} members have paths longer than {} bytes (PATH_MAX: no "
                      "extractor can create them)",
                      f.long_paths, engine::LayerFacts::kMaxIndexedPath));
    sink.report(
        "LIMIT-006", layer, "",
        fmt::format("{}: {} members were each checked on their own, but not against each other "
                    "or the other layers (duplicates, hardlink targets, paths through symlinks, "
                    "whiteouts){}",
                    fmt::join(why, "; "), f.unindexed_members,
                    f.unindexed_dropped == 0
                        ? std::string()
                        : fmt::format("; {} of them needed a closer look and were too many to "
                                      "list",
                                      f.unindexed_dropped)));
  });
}

}  // namespace ocv::rules
