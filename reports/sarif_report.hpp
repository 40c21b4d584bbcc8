#pragma once
// SARIF 2.1.0 report: one run whose rules are the whole catalogue and whose
// results are the findings, shaped for GitHub code scanning (see
// tests/report-check/FINDINGS.md for what its ingestion requires).
#include <string>

#include "reports/report_input.hpp"

namespace ocv::reports {

/// SARIF 2.1.0 log for one run, for GitHub code scanning and other SARIF consumers.
std::string render_sarif(const ReportInput& input);

}  // namespace ocv::reports
