#pragma once
// Where a run's report goes: one format on stdout, and any number of report
// files written in the same run (a CI job usually wants SARIF and JUnit).
#include <string>
#include <vector>

#include "reports/report_input.hpp"

namespace ocv::cli {

struct ReportFile {
  std::string format;  // "json", "sarif", "junit"
  std::string path;
};

struct Outputs {
  std::string stdout_format = "text";  // text, json, sarif, junit
  bool color = false;                  // for text on a terminal
  std::vector<ReportFile> files;
};

/// Renders `input` in `format` ("text" needs a result).
std::string render(const std::string& format, const reports::ReportInput& input, bool color);

/// Throws std::runtime_error when a report file would be written inside the
/// layout being validated: the validator never changes what it validates.
void refuse_files_inside(const std::string& layout, const Outputs& outputs);

/// Writes stdout and every report file. Returns false (after printing why on
/// stderr) when a file cannot be written.
bool emit(const Outputs& outputs, const reports::ReportInput& input);

}  // namespace ocv::cli
