#pragma once
// The conformance corpus (corpus/cases/*.json), compiled into the binary so
// that `ocivalidate conformance` needs no files at run time.
#include <string_view>
#include <utility>
#include <vector>

namespace ocv::conformance {

/// (file name, text) of every case file, sorted by name.
std::vector<std::pair<std::string_view, std::string_view>> embedded_case_files();

}  // namespace ocv::conformance
