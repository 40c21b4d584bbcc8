#pragma once
// Helpers for rule tests: build a document view from JSON text and run the
// registered checks on it, without a layout on disk.
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "validator/json/strict_json.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/image_facts.hpp"
#include "validator/model/registry.hpp"

namespace ocv::test {

/// A document that owns its parse result, plus its descriptors.
struct OwnedDoc {
  std::unique_ptr<json::ParsedJson> json;
  engine::OwnedFacts facts;  // a manifest's or config's, as the graph reads them
  engine::DocumentView view;
  std::vector<engine::DescriptorView> descriptors;
};

/// Parses `text` and wraps it as a document of `kind`. The blob path is
/// "index.json" when `layout_index` is true.
std::unique_ptr<OwnedDoc> make_doc(std::string text, engine::DocKind kind,
                                   bool layout_index = false);

/// Runs every document and descriptor check of the full registry on `text`,
/// with the opt-in rules named in `opt_in`.
std::vector<engine::Finding> check_document(std::string text, engine::DocKind kind,
                                            bool layout_index = false,
                                            std::set<std::string, std::less<>> opt_in = {});

/// Runs every image check on a manifest and an optional config (and an
/// optional parent index entry, given as the text of an index).
std::vector<engine::Finding> check_image(const OwnedDoc& manifest, const OwnedDoc* config,
                                         const OwnedDoc* parent_index = nullptr,
                                         std::size_t parent_position = 0);

/// Runs every edge check on descriptor `descriptor_index` of `from`, which
/// points at `target` (a parsed document, or null) with blob facts `blob`.
std::vector<engine::Finding> check_edge(const OwnedDoc& from, std::size_t descriptor_index,
                                        const OwnedDoc* target, const engine::BlobFacts* blob,
                                        std::optional<std::string_view> content = std::nullopt);

std::set<std::string> rule_ids(const std::vector<engine::Finding>& findings);
bool fired(const std::vector<engine::Finding>& findings, std::string_view rule_id);
/// A readable dump of findings, for test failure messages.
std::string dump(const std::vector<engine::Finding>& findings);

}  // namespace ocv::test
