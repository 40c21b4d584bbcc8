#include "tests/support/harness.hpp"

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/findings.hpp"
#include "validator/model/document_checks.hpp"

namespace ocv::test {

std::unique_ptr<OwnedDoc> make_doc(std::string text, engine::DocKind kind, bool layout_index) {
  auto doc = std::make_unique<OwnedDoc>();
  doc->json = json::parse_strict(std::move(text));
  doc->view.blob = layout_index ? "index.json" : "blobs/sha256/test";
  doc->view.json = doc->json.get();
  doc->view.kind = kind;
  doc->view.is_layout_index = layout_index;
  engine::attach_facts(doc->view, doc->facts);
  doc->descriptors = engine::descriptors_of(doc->view);
  return doc;
}

std::vector<engine::Finding> check_document(std::string text, engine::DocKind kind,
                                            bool layout_index,
                                            std::set<std::string, std::less<>> opt_in) {
  auto doc = make_doc(std::move(text), kind, layout_index);
  engine::FindingSink sink(rules::default_registry(), std::move(opt_in));
  engine::run_document_checks(rules::default_registry(), doc->view, doc->descriptors, sink);
  return sink.take();
}

std::vector<engine::Finding> check_image(const OwnedDoc& manifest, const OwnedDoc* config,
                                         const OwnedDoc* parent_index,
                                         std::size_t parent_position) {
  engine::ImageView image;
  image.manifest = &manifest.view;
  image.config = config != nullptr ? &config->view : nullptr;
  image.manifest_facts = manifest.view.manifest_facts;
  image.config_facts = config != nullptr ? config->view.config_facts : nullptr;
  if (parent_index != nullptr && parent_position < parent_index->descriptors.size())
    image.parent = &parent_index->descriptors[parent_position];
  std::vector<const engine::DescriptorView*> layers;
  for (const auto& d : manifest.descriptors)
    if (d.role == engine::DescriptorRole::layer) layers.push_back(&d);
  image.layers = layers;
  engine::FindingSink sink(rules::default_registry());
  for (const auto& check : rules::default_registry().image_checks()) check(image, sink);
  return sink.take();
}

std::vector<engine::Finding> check_edge(const OwnedDoc& from, std::size_t descriptor_index,
                                        const OwnedDoc* target, const engine::BlobFacts* blob,
                                        std::optional<std::string_view> content) {
  engine::EdgeView edge;
  edge.descriptor = &from.descriptors.at(descriptor_index);
  edge.target = target != nullptr ? &target->view : nullptr;
  edge.blob = blob;
  edge.content = content;
  if (!edge.content && target != nullptr) edge.content = target->json->bytes;
  engine::FindingSink sink(rules::default_registry());
  for (const auto& check : rules::default_registry().edge_checks()) check(edge, sink);
  return sink.take();
}

std::set<std::string> rule_ids(const std::vector<engine::Finding>& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) out.insert(f.rule_id);
  return out;
}

bool fired(const std::vector<engine::Finding>& findings, std::string_view rule_id) {
  for (const auto& f : findings)
    if (f.rule_id == rule_id) return note_answer(rule_id, true);
  return note_answer(rule_id, false);
}

std::string dump(const std::vector<engine::Finding>& findings) {
  std::string out;
  for (const auto& f : findings)
    out += fmt::format("{} {} {}#{}: {}\n", f.rule_id, engine::to_string(f.severity),
                       f.location.blob, f.location.pointer, f.message);
  return out;
}

}  // namespace ocv::test
