#pragma once
// Human-readable report: findings grouped by image, then a one-line summary.
#include <iosfwd>

#include "reports/report_input.hpp"

namespace ocv::reports {

/// Writes the report to `out` as it goes; nothing without a result (the
/// reason goes to stderr). `color`: ANSI colours (only on a terminal, never
/// with NO_COLOR).
void write_text(const ReportInput& input, bool color, std::ostream& out);

}  // namespace ocv::reports
