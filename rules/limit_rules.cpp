// LIMIT-*: the validator's own limits. They are not spec rules: they say
// what could not be checked, or where a document goes beyond what common
// registries accept, instead of hanging or exhausting memory.
#include <fmt/format.h>

#include "rules/families.hpp"

namespace ocv::rules {

void register_limit_rules(engine::Registry& registry) {
  using engine::Severity;
  registry.add_rules({
      {"LIMIT-001", "HARDENING", Severity::warning, "Manifests and indexes are at most 4 MiB",
       "manifest.md#image-manifest",
       "Common registries refuse manifests larger than 4 MiB; move large data out of the "
       "document (e.g. into a blob referenced by a descriptor)."},
      {"LIMIT-002", "HARDENING", Severity::warning,
       "Documents are small and shallow enough to be checked", "considerations.md#json",
       "The document is larger than the validator's 16 MiB size limit, or its JSON nests deeper "
       "than the 64-level depth limit, so it was not parsed: none of its rules ran (this is not "
       "a parse error; the JSON may be valid). Nothing it references was reached either; for "
       "index.json that is every image of the layout. Since the blobs it names are unknown, no "
       "blob is reported as unreferenced (LYT-008). Shrink or flatten the document."},
      {"LIMIT-003", "HARDENING", Severity::warning, "Nested indexes stay within the depth limit",
       "image-index.md#image-index-property-descriptions",
       "Indexes nested this deep are not followed, and the blobs they name are not reported as "
       "unreferenced (LYT-008); flatten the index hierarchy."},
      {"LIMIT-004", "HARDENING", Severity::warning, "Every blob could be hashed",
       "descriptor.md#verification",
       "The blob was not hashed (too large for the configured limit, or unreadable), so its "
       "digest is unverified; raise --max-blob-size or fix the file's permissions."},
      {"LIMIT-005", "HARDENING", Severity::error,
       "A layer decompresses to at most the configured number of bytes", "layer.md",
       "The layer expands beyond --max-layer-size (a decompression bomb, or a genuinely huge "
       "layer): its diff_id and the entries past the cap were not checked. Raise "
       "--max-layer-size if the layer is genuine."},
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
}

}  // namespace ocv::rules
