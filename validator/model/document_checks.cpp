#include "validator/model/document_checks.hpp"

namespace ocv::engine {

void for_each_descriptor(const DocumentView& doc,
                         const std::function<void(const DescriptorView&)>& each) {
  const auto* root = doc.root();
  if (root == nullptr || !root->IsObject()) return;
  const auto visit = [&](const rapidjson::Value& value, DescriptorRole role, std::size_t position) {
    if (value.IsObject()) each(DescriptorView{&doc, &value, role, position});
  };
  const auto array_of = [&](const char* name, DescriptorRole role) {
    const auto it = root->FindMember(name);
    if (it == root->MemberEnd() || !it->value.IsArray()) return;
    std::size_t i = 0;
    for (const auto& item : it->value.GetArray()) visit(item, role, i++);
  };
  if (doc.kind == DocKind::descriptor) {
    visit(*root, DescriptorRole::standalone, 0);
  } else if (doc.kind == DocKind::index) {
    array_of("manifests", DescriptorRole::index_entry);
  } else if (doc.kind == DocKind::manifest) {
    if (const auto it = root->FindMember("config"); it != root->MemberEnd())
      visit(it->value, DescriptorRole::config, 0);
    array_of("layers", DescriptorRole::layer);
  }
  if (doc.kind == DocKind::index || doc.kind == DocKind::manifest) {
    if (const auto it = root->FindMember("subject"); it != root->MemberEnd())
      visit(it->value, DescriptorRole::subject, 0);
  }
}

std::vector<DescriptorView> descriptors_of(const DocumentView& doc) {
  std::vector<DescriptorView> out;
  // Sized once: an index of a million entries grows no copy of itself.
  std::size_t n = 0;
  for_each_descriptor(doc, [&](const DescriptorView&) { ++n; });
  out.reserve(n);
  for_each_descriptor(doc, [&](const DescriptorView& d) { out.push_back(d); });
  return out;
}

void run_document_checks(const Registry& registry, const DocumentView& doc,
                         const std::vector<DescriptorView>& descriptors, FindingSink& sink) {
  for (const auto& check : registry.document_checks()) check(doc, sink);
  for (const auto& d : descriptors)
    for (const auto& check : registry.descriptor_checks()) check(d, sink);
}

}  // namespace ocv::engine
