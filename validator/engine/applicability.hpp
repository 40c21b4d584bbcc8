#pragma once
// Whether a rule had anything to look at in one part of a run. Reports use
// it to tell "checked and passed" from "did not apply" (JUnit <skipped>).
// A rule that produced a finding always applied, whatever this says.
#include <string_view>

#include "validator/engine/validate.hpp"
#include "validator/model/rule_info.hpp"

namespace ocv::engine {

/// For the layout as a whole (`image` null): oci-layout, index.json and the
/// blob store. For one image: its manifest, config, layers and the index
/// entries that lead to it.
/// `input`: what the run's input offered (a registry has no layout files
/// of its own and cannot list its blobs).
bool applies(const RuleInfo& rule, const ImageSummary* image, const InputTraits& input = {});

/// Why a rule did not apply, for the report ("no layers were read").
std::string_view not_applicable_reason(const RuleInfo& rule, const ImageSummary* image,
                                       const InputTraits& input = {});

}  // namespace ocv::engine
