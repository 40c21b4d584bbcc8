#pragma once
// Where a run's report goes: one format on stdout, and any number of report
// files written in the same run (a CI job usually wants SARIF and JUnit).
#include <string>
#include <vector>

#include "reports/report_input.hpp"
#include "reports/reporter.hpp"

namespace ocv::cli {

struct ReportFile {
  const reports::ReportFormat* format;  // from reports::report_formats()
  std::string path;
};

struct Outputs {
  const reports::ReportFormat* stdout_format = reports::find_format("text");
  bool color = false;  // for text on a terminal
  std::vector<ReportFile> files;
};

/// Throws std::runtime_error when a report file would be written inside the
/// layout being validated: the validator never changes what it validates.
void refuse_files_inside(const std::string& layout, const Outputs& outputs);

/// Throws std::runtime_error when a report file already exists and is the
/// same file (device and inode) as a file of the layout: a hard link to
/// index.json elsewhere would otherwise take the report.
void refuse_layout_files(const std::string& layout, const Outputs& outputs);

/// Writes stdout and every report file, each as its reporter goes (a report
/// is never held whole). Each file is written to a temporary
/// file in its destination directory and renamed over the destination, so
/// that a crash never leaves half a report and a destination that is a link
/// to another file never writes through to that file. Returns false (after
/// printing why on stderr) when a file cannot be written.
bool emit(const Outputs& outputs, const reports::ReportInput& input);

}  // namespace ocv::cli
