# Writes OUT: a C++ source that holds every corpus/cases/*.json as a string,
# returned by ocv::conformance::embedded_case_files().
file(GLOB case_files "${CASE_DIR}/*.json")
list(SORT case_files)
set(body "// Generated from corpus/cases/*.json. Do not edit.\n#include \"apps/conformance/embedded_cases.hpp\"\n\nnamespace ocv::conformance {\n\nstd::vector<std::pair<std::string_view, std::string_view>> embedded_case_files() {\n  return {\n")
foreach(f IN LISTS case_files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" text)
  string(APPEND body "    {\"${name}\", R\"ocvcase(${text})ocvcase\"},\n")
endforeach()
string(APPEND body "  };\n}\n\n}  // namespace ocv::conformance\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
