#pragma once
// A report input as the command line fills it, over findings a test
// chooses: what the tests of every report format render.
#include <string>
#include <utility>
#include <vector>

#include "reports/report_input.hpp"
#include "rules/all_rules.hpp"
#include "validator/engine/policy.hpp"
#include "validator/engine/validate.hpp"

namespace ocv::test {

/// `findings` of a run over the relative layout `layout`, with the default
/// rules and policy. Not copyable: the input points into it.
struct ReportRun {
  engine::ValidateResult result;
  engine::Policy policy;
  reports::ReportInput input;

  explicit ReportRun(std::vector<engine::Finding> findings = {}, std::string layout = "httpd") {
    result.findings = std::move(findings);
    input.result = &result;
    input.registry = &rules::default_registry();
    input.policy = &policy;
    input.layout = std::move(layout);
    input.tool_version = "0.1.0";
    input.started_utc = "2026-12-02T16:10:42Z";
  }
  ReportRun(const ReportRun&) = delete;
  ReportRun& operator=(const ReportRun&) = delete;
};

}  // namespace ocv::test
