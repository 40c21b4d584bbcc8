#pragma once
// Test images made from the conformance corpus: a built-in case by name,
// or a corpus base (a documented producer's shape: cosign, notation,
// BuildKit, ...) with edits, written as a layout and validated in-process.
// Rule tests reuse the corpus's images (a Windows layer with its vendor
// records, a chain of nested indexes) instead of building them again.
#include <filesystem>
#include <string_view>
#include <vector>

#include "validator/engine/validate.hpp"
#include "validator/model/check_context.hpp"

namespace ocv::test {

/// Writes the corpus base `base` changed by `edits` (a JSON array of case
/// edits, spelled as in corpus/cases/*.json) as a layout at `dir`/layout,
/// and returns that path.
std::filesystem::path write_corpus_image(const std::filesystem::path& dir, std::string_view base,
                                         std::string_view edits = "[]");

/// Validates that image with the default registry and `options`.
engine::ValidateResult validate_corpus_image(std::string_view base, std::string_view edits = "[]",
                                             const engine::ValidateOptions& options = {});

/// The findings of the default registry with the default options on the
/// built-in corpus case named `name` (throws std::invalid_argument when no
/// case has that name, or when the case needs limits, opt-in rules or an
/// archive).
std::vector<engine::Finding> corpus_case_findings(std::string_view name);

}  // namespace ocv::test
