#pragma once
// Machine-readable report: one JSON document per run, described by
// schemas/report-v1.schema.json. The document carries "reportVersion"; a
// change that removes or renames a member bumps it.
#include <iosfwd>

#include "reports/report_input.hpp"

namespace ocv::reports {

inline constexpr int kJsonReportVersion = 1;

/// Writes the report to `out` as it goes.
void write_json(const ReportInput& input, std::ostream& out);

}  // namespace ocv::reports
