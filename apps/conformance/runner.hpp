#pragma once
// Runs the conformance corpus: materialises every case in a scratch
// directory and grades a validator on it. ocivalidate itself is graded
// in-process on the exact set of rule IDs; any other tool is run as a
// command and graded on its verdict alone (exit 0 = it accepted the image).
#include <string>
#include <vector>

#include "apps/conformance/case_model.hpp"

namespace ocv::conformance {

/// A validator under test. An empty command means ocivalidate itself.
struct Tool {
  std::string label;    // column title: "ocivalidate", "oci-image-tool", ...
  std::string command;  // shell command; "{}" is replaced by the case's layout path
};

struct CaseResult {
  const Case* c = nullptr;
  bool accepted = false;           // the tool said "valid" (exit 0)
  int exit_code = 0;               // what the tool exited with (124 = timed out)
  std::vector<std::string> rules;  // rule IDs reported (ocivalidate only), sorted
  bool correct = false;  // verdict right (and, for ocivalidate, exactly the expected rules)
  std::string detail;    // why it is not correct
  double seconds = 0;
};

struct ToolResults {
  Tool tool;
  std::vector<CaseResult> cases;
  std::size_t correct() const;
};

struct RunOptions {
  std::string filter;             // only cases whose name contains this ("" = all)
  unsigned timeout_seconds = 60;  // per case, for commands
  std::string keep_dir;           // when set, the materialised cases stay here
};

/// Grades `tool` on `cases`.
ToolResults run_tool(const Tool& tool, const std::vector<Case>& cases, const RunOptions& options);

/// JUnit XML: one testsuite per tool, one testcase per case.
std::string conformance_junit(const std::vector<ToolResults>& results);

/// A Markdown matrix: one row per case, one column per tool, and a total.
std::string conformance_markdown(const std::vector<ToolResults>& results);

}  // namespace ocv::conformance
