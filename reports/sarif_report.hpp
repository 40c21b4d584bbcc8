#pragma once
// SARIF 2.1.0 report: one run whose rules are the whole catalogue and whose
// results are the findings, shaped for GitHub code scanning (see
// tests/report-check/FINDINGS.md for what its ingestion requires).
#include <iosfwd>

#include "reports/report_input.hpp"

namespace ocv::reports {

/// Writes the SARIF 2.1.0 log of one run to `out` as it goes, for GitHub
/// code scanning and other SARIF consumers.
void write_sarif(const ReportInput& input, std::ostream& out);

}  // namespace ocv::reports
