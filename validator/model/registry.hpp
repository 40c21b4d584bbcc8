#pragma once
// The one place where every rule and every check is registered. Rule
// families register themselves (rules/all_rules.hpp); the engine only runs
// what is registered and never includes a rule.
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "validator/model/attachments.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/layer_stack.hpp"
#include "validator/model/limit_event.hpp"
#include "validator/model/rule_info.hpp"

namespace ocv::engine {

using LayoutCheck = std::function<void(const LayoutView&, FindingSink&)>;
using DocumentCheck = std::function<void(const DocumentView&, FindingSink&)>;
using DescriptorCheck = std::function<void(const DescriptorView&, FindingSink&)>;
using EdgeCheck = std::function<void(const EdgeView&, FindingSink&)>;
using ImageCheck = std::function<void(const ImageView&, FindingSink&)>;
/// A check of one layer against the layers below it in an image's stack:
/// every such check is fed by one walk up each image's layers.
using StackLayerCheck = std::function<void(const StackLayerView&, FindingSink&)>;
using BlobCheck = std::function<void(const BlobView&, FindingSink&)>;
using LayerCheck = std::function<void(const LayerView&, FindingSink&)>;
using ArchiveCheck = std::function<void(const ArchiveView&, FindingSink&)>;
using RegistryCheck = std::function<void(const RegistryView&, FindingSink&)>;
using AttachmentCheck = std::function<void(const AttachmentsView&, FindingSink&)>;
using LimitCheck = std::function<void(const LimitEvent&, FindingSink&)>;

class Registry {
 public:
  /// Adds rule metadata. Throws std::logic_error on a duplicate ID.
  void add_rule(const RuleInfo& rule);
  void add_rules(std::initializer_list<RuleInfo> rules);

  void on_layout(LayoutCheck check) { layout_checks_.push_back(std::move(check)); }
  void on_document(DocumentCheck check) { document_checks_.push_back(std::move(check)); }
  void on_descriptor(DescriptorCheck check) { descriptor_checks_.push_back(std::move(check)); }
  void on_edge(EdgeCheck check) { edge_checks_.push_back(std::move(check)); }
  void on_image(ImageCheck check) { image_checks_.push_back(std::move(check)); }
  void on_stack_layer(StackLayerCheck check) { stack_layer_checks_.push_back(std::move(check)); }
  void on_blob(BlobCheck check) { blob_checks_.push_back(std::move(check)); }
  void on_layer(LayerCheck check) { layer_checks_.push_back(std::move(check)); }
  void on_archive(ArchiveCheck check) { archive_checks_.push_back(std::move(check)); }
  void on_registry(RegistryCheck check) { registry_checks_.push_back(std::move(check)); }
  void on_attachments(AttachmentCheck check) { attachment_checks_.push_back(std::move(check)); }
  void on_limit(LimitCheck check) { limit_checks_.push_back(std::move(check)); }

  /// Marks a catalogue rule that has no check of its own: its requirement is
  /// reported under other IDs (`where`, e.g. "<FAMILY>-*"), or, with `where`
  /// empty, not checked at all. Reports and the conformance coverage use it.
  void reported_as(std::string_view id, std::string_view where);
  /// Where a rule without its own check is reported; nullopt for rules that
  /// have one.
  std::optional<std::string_view> reported_as(std::string_view id) const;

  const RuleInfo* find(std::string_view id) const;
  /// Every rule, sorted by family order of registration then ID.
  const std::vector<RuleInfo>& rules() const { return rules_; }

  const std::vector<LayoutCheck>& layout_checks() const { return layout_checks_; }
  const std::vector<DocumentCheck>& document_checks() const { return document_checks_; }
  const std::vector<DescriptorCheck>& descriptor_checks() const { return descriptor_checks_; }
  const std::vector<EdgeCheck>& edge_checks() const { return edge_checks_; }
  const std::vector<ImageCheck>& image_checks() const { return image_checks_; }
  const std::vector<StackLayerCheck>& stack_layer_checks() const { return stack_layer_checks_; }
  const std::vector<BlobCheck>& blob_checks() const { return blob_checks_; }
  const std::vector<LayerCheck>& layer_checks() const { return layer_checks_; }
  const std::vector<ArchiveCheck>& archive_checks() const { return archive_checks_; }
  const std::vector<RegistryCheck>& registry_checks() const { return registry_checks_; }
  const std::vector<AttachmentCheck>& attachment_checks() const { return attachment_checks_; }
  const std::vector<LimitCheck>& limit_checks() const { return limit_checks_; }

 private:
  std::vector<RuleInfo> rules_;
  std::map<std::string, std::string, std::less<>> reported_as_;
  std::vector<LayoutCheck> layout_checks_;
  std::vector<DocumentCheck> document_checks_;
  std::vector<DescriptorCheck> descriptor_checks_;
  std::vector<EdgeCheck> edge_checks_;
  std::vector<ImageCheck> image_checks_;
  std::vector<StackLayerCheck> stack_layer_checks_;
  std::vector<BlobCheck> blob_checks_;
  std::vector<LayerCheck> layer_checks_;
  std::vector<ArchiveCheck> archive_checks_;
  std::vector<RegistryCheck> registry_checks_;
  std::vector<AttachmentCheck> attachment_checks_;
  std::vector<LimitCheck> limit_checks_;
};

}  // namespace ocv::engine
