#pragma once
// The project's JSON Schemas (schemas/*.schema.json), compiled into the binary.
#include <optional>
#include <string_view>
#include <vector>

namespace ocv::json {

/// The text of the schema file `name` (e.g. "manifest.schema.json"), if embedded.
std::optional<std::string_view> embedded_schema(std::string_view name);

/// Every embedded schema file name, sorted.
std::vector<std::string_view> embedded_schema_names();

}  // namespace ocv::json
