#pragma once
// JUnit XML report: one testsuite for the layout as a whole and one per
// image, one testcase per catalogue rule in each. With more than 50 images
// the report stays proportionate: an image suite lists only the rules with
// findings in that image, and images without findings have no suite.
// Failures, skips and passes follow the engine's applicability and the
// policy; the reporter only renders them in the shape CI test dashboards
// read.
#include <iosfwd>

#include "reports/report_input.hpp"

namespace ocv::reports {

/// JUnit XML for CI dashboards (Jenkins, GitLab, GitHub test reporters).
/// Valid against the Jenkins xUnit junit-10, dtkit junit-4 and strict Ant
/// JUnit XSDs; identical for identical input except timestamp and times.
/// Written to `out` suite by suite, testcase by testcase.
void write_junit(const ReportInput& input, std::ostream& out);

}  // namespace ocv::reports
