#pragma once
// GitLab Code Quality report: the subset of the Code Climate issue format
// that GitLab reads (https://docs.gitlab.com/ci/testing/code_quality/,
// "Code Quality report format"), one issue per finding, for
// `artifacts:reports:codequality`.
#include <iosfwd>

#include "reports/report_input.hpp"

namespace ocv::reports {

/// A JSON array of issues: description, check_name (the rule ID),
/// fingerprint (unique within the report and stable across runs), severity
/// (error: major, warning: minor, note: info), location.path (the file as
/// seen from the working directory, which in CI is the repository) and
/// location.lines.begin. A run that could not validate is one blocker issue.
void write_codequality(const ReportInput& input, std::ostream& out);

}  // namespace ocv::reports
