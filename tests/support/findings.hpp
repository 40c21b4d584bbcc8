#pragma once
// Questions rule tests ask of a list of findings, and the files they read.
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "validator/model/check_context.hpp"

namespace ocv::test {

/// The first finding of rule `id`, or null.
const engine::Finding* first(const std::vector<engine::Finding>& findings, std::string_view id);

/// The severity of the first finding of rule `id`; nullopt when it did not fire.
std::optional<engine::Severity> severity_of(const std::vector<engine::Finding>& findings,
                                            std::string_view id);

/// The message of the first finding of rule `id`; "" when it did not fire.
std::string message_of(const std::vector<engine::Finding>& findings, std::string_view id);

/// True when rule `id` fired at JSON pointer `pointer`.
bool fired_at(const std::vector<engine::Finding>& findings, std::string_view id,
              std::string_view pointer);

/// True when `rule` fired with `severity`, a message containing `text` and,
/// unless `member` is empty, at tar member `member`.
bool fired_with(const std::vector<engine::Finding>& findings, std::string_view rule,
                engine::Severity severity, std::string_view text = "",
                std::string_view member = "");

/// True when any finding is an error.
bool has_error(const std::vector<engine::Finding>& findings);

/// True when a rule of one of `families` ("MAN-", "DESC-", ...) reported an
/// error.
bool family_error(const std::vector<engine::Finding>& findings,
                  std::initializer_list<std::string_view> families);

/// Returns `fired`, after logging the answer to "did `rule` fire?" when the
/// environment names a file in OCV_RULE_EVIDENCE (scripts/coverage.sh
/// lists the rules no test saw fire, or stay silent). fired(), fired_at()
/// and fired_with() log through it.
bool note_answer(std::string_view rule, bool fired);

/// The bytes of a file ("" when it cannot be read).
std::string read_file(const std::filesystem::path& path);

/// The directory of the image-spec test vectors of `kind` ("manifest", ...).
std::filesystem::path vector_dir(const char* kind);

/// The vectors of `kind` the image-spec marks valid ("NNN-valid.json"), in
/// name order.
std::vector<std::filesystem::path> valid_vectors(const char* kind);

}  // namespace ocv::test
