#pragma once
// One registration function per rule family; each lives in
// rules/<family>_rules.cpp together with the family's metadata and checks.
#include "validator/model/registry.hpp"

namespace ocv::rules {

void register_json_rules(engine::Registry& registry);  // JSON-*
void register_schema_rules(
    engine::Registry& registry);  // JSON Schema pass (reports other families' IDs)
void register_descriptor_rules(engine::Registry& registry);  // DESC-*
void register_digest_rules(engine::Registry& registry);      // DIG-*
void register_manifest_rules(engine::Registry& registry);    // MAN-*
void register_index_rules(engine::Registry& registry);       // IDX-*
void register_platform_rules(engine::Registry& registry);    // PLAT-*
void register_config_rules(engine::Registry& registry);      // CFG-*
void register_annotation_rules(engine::Registry& registry);  // ANN-*
void register_media_type_rules(engine::Registry& registry);  // MT-*
void register_artifact_rules(engine::Registry& registry);    // ART-*
void register_referrer_rules(engine::Registry& registry);    // REF-* (signatures, attestations)
void register_layout_rules(engine::Registry& registry);      // LYT-*
void register_layer_rules(engine::Registry& registry);       // LAY-* (and CFG-008, diff_ids)
void register_whiteout_rules(engine::Registry& registry);    // WHT-*
void register_archive_rules(engine::Registry& registry);     // ARC-*, LYT-013 (archives)
void register_registry_rules(engine::Registry& registry);    // REG-* (registries)
void register_limit_rules(engine::Registry& registry);       // LIMIT-* (the validator's own limits)

}  // namespace ocv::rules
