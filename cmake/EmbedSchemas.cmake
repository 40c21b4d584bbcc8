# Writes OUT: a C++ source that holds every schemas/*.schema.json as a string,
# looked up by file name through ocv::json::embedded_schema().
file(GLOB schema_files "${SCHEMA_DIR}/*.schema.json")
list(SORT schema_files)
set(body "// Generated from schemas/*.schema.json. Do not edit.\n#include \"validator/json/embedded_schemas.hpp\"\n\nnamespace ocv::json {\nnamespace {\nstruct Entry { std::string_view name; std::string_view text; };\nconstexpr Entry kSchemas[] = {\n")
foreach(f IN LISTS schema_files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" text)
  string(APPEND body "  {\"${name}\", R\"ocvschema(${text})ocvschema\"},\n")
endforeach()
string(APPEND body "  {\"\", \"\"},  // end marker: keeps the array non-empty\n};\n}  // namespace\n\nstd::optional<std::string_view> embedded_schema(std::string_view name) {\n  for (const auto& e : kSchemas) {\n    if (!e.name.empty() && e.name == name) return e.text;\n  }\n  return std::nullopt;\n}\n\nstd::vector<std::string_view> embedded_schema_names() {\n  std::vector<std::string_view> out;\n  for (const auto& e : kSchemas) {\n    if (!e.name.empty()) out.push_back(e.name);\n  }\n  return out;\n}\n\n}  // namespace ocv::json\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
