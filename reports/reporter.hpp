#pragma once
// One interface for every report format, and the table the command line
// chooses formats from (--format, and the file option each format has:
// --json FILE, --sarif FILE, ...). A reporter writes to a stream as it
// goes; it renders the verdict it is given (ReportInput::verdict) and
// decides nothing.
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "reports/report_input.hpp"

namespace ocv::reports {

class Reporter {
 public:
  virtual ~Reporter() = default;
  /// Writes the whole report to `out`. A run that could not validate
  /// (`input.result` null) still gets a report saying why, except in text,
  /// whose reader sees the error on stderr.
  virtual void write(const ReportInput& input, std::ostream& out) const = 0;
};

struct ReporterOptions {
  bool color = false;  // ANSI colours in text (the caller knows whether it is a terminal)
};

struct ReportFormat {
  std::string_view name;   // "sarif": --format sarif, and --sarif FILE
  std::string_view title;  // "SARIF 2.1.0", as in "also write a SARIF 2.1.0 report"
  bool file_option;        // has an option of its own that writes a file (text has none)
  std::unique_ptr<Reporter> (*make)(const ReporterOptions& options);
};

/// Every format, text first (the default on stdout).
std::span<const ReportFormat> report_formats();

/// The format named `name`, or null.
const ReportFormat* find_format(std::string_view name);

/// The report `format` writes for `input`, as one string (for tests and
/// small reports; the command line streams).
std::string render(const ReportFormat& format, const ReportInput& input,
                   const ReporterOptions& options = {});

}  // namespace ocv::reports
