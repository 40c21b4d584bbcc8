#pragma once
// Human-readable report: findings grouped by image, then a one-line summary.
#include <iosfwd>
#include <string>
#include <vector>

#include "validator/engine/policy.hpp"
#include "validator/engine/validate.hpp"

namespace ocv::reports {

struct TextOptions {
  bool color = false;       // ANSI colours (only on a terminal, never with NO_COLOR)
  std::string layout_name;  // the path as the user typed it
  bool archive = false;     // files are members of layout_name: "httpd.tar:blobs/..."
  engine::Policy policy;
  std::size_t suppressed = 0;  // findings dropped by suppressions, for the summary line
};

/// Writes the report to `out` as it goes.
void render_text(const engine::ValidateResult& result, const TextOptions& options,
                 std::ostream& out);
std::string render_text(const engine::ValidateResult& result, const TextOptions& options);

}  // namespace ocv::reports
