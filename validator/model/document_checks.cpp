#include "validator/model/document_checks.hpp"

namespace ocv::engine {
namespace {

void add_if_object(std::vector<DescriptorView>& out, const DocumentView& doc,
                   const rapidjson::Value& value, std::string pointer, DescriptorRole role,
                   std::size_t position) {
  if (!value.IsObject()) return;
  out.push_back(DescriptorView{&doc, &value, std::move(pointer), role, position});
}

}  // namespace

std::vector<DescriptorView> descriptors_of(const DocumentView& doc) {
  std::vector<DescriptorView> out;
  const auto* root = doc.root();
  if (root == nullptr || !root->IsObject()) return out;
  const auto array_of = [&](const char* name, DescriptorRole role) {
    const auto it = root->FindMember(name);
    if (it == root->MemberEnd() || !it->value.IsArray()) return;
    std::size_t i = 0;
    for (const auto& item : it->value.GetArray()) {
      add_if_object(out, doc, item, json::pointer_append(json::pointer_append("", name), i), role,
                    i);
      ++i;
    }
  };
  if (doc.kind == DocKind::descriptor) {
    add_if_object(out, doc, *root, "", DescriptorRole::standalone, 0);
  } else if (doc.kind == DocKind::index) {
    array_of("manifests", DescriptorRole::index_entry);
  } else if (doc.kind == DocKind::manifest) {
    if (const auto it = root->FindMember("config"); it != root->MemberEnd())
      add_if_object(out, doc, it->value, "/config", DescriptorRole::config, 0);
    array_of("layers", DescriptorRole::layer);
  }
  if (doc.kind == DocKind::index || doc.kind == DocKind::manifest) {
    if (const auto it = root->FindMember("subject"); it != root->MemberEnd())
      add_if_object(out, doc, it->value, "/subject", DescriptorRole::subject, 0);
  }
  return out;
}

void run_document_checks(const Registry& registry, const DocumentView& doc,
                         const std::vector<DescriptorView>& descriptors, FindingSink& sink) {
  for (const auto& check : registry.document_checks()) check(doc, sink);
  for (const auto& d : descriptors)
    for (const auto& check : registry.descriptor_checks()) check(d, sink);
}

}  // namespace ocv::engine
