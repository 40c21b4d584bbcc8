#pragma once
#include <optional>
#include <string_view>

namespace ocv::engine {

/// Severity follows the spec's words: MUST -> error, SHOULD -> warning,
/// MAY / informational -> note.
enum class Severity { note = 0, warning = 1, error = 2 };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view text);

}  // namespace ocv::engine
