#include "rules/all_rules.hpp"

#include "rules/families.hpp"

namespace ocv::rules {

void register_all_rules(engine::Registry& registry) {
  // Metadata and checks of every family. The schema pass registers no
  // rules of its own: it reports the IDs of the families above, so it
  // comes after them.
  register_json_rules(registry);
  register_descriptor_rules(registry);
  register_digest_rules(registry);
  register_manifest_rules(registry);
  register_index_rules(registry);
  register_platform_rules(registry);
  register_config_rules(registry);
  register_annotation_rules(registry);
  register_media_type_rules(registry);
  register_artifact_rules(registry);
  register_referrer_rules(registry);
  register_layout_rules(registry);
  register_layer_rules(registry);
  register_whiteout_rules(registry);
  register_archive_rules(registry);
  register_registry_rules(registry);
  register_limit_rules(registry);
  register_schema_rules(registry);
}

const engine::Registry& default_registry() {
  static const engine::Registry registry = [] {
    engine::Registry r;
    register_all_rules(r);
    return r;
  }();
  return registry;
}

}  // namespace ocv::rules
