#include "reports/security_severity.hpp"

#include <array>
#include <utility>

namespace ocv::reports {
namespace {

struct Score {
  std::string_view rule;  // an ID, or a family prefix ending in '-'
  std::string_view score;
};

// Why each score (CWE names the weakness):
constexpr std::array kScores{
    // A layer member that escapes the root when extracted writes anywhere on
    // the host that unpacks it (CWE-22): critical.
    Score{"LAY-013", "9.3"},
    // Content that is not what its digest names: whoever verifies nothing
    // runs other bytes than were referenced or signed (CWE-345).
    Score{"DIG-007", "7.5"},
    Score{"LYT-005", "7.5"},
    Score{"CFG-008", "7.5"},
    Score{"DESC-011", "7.5"},
    // Extractors disagree on what the filesystem holds: a scanner may see
    // other files than the runtime (two members at one path, a hardlink to
    // a directory, a whiteout of "." or "..", bytes hidden after the end).
    Score{"LAY-003", "5.5"},
    Score{"LAY-007", "5.5"},
    Score{"WHT-003", "5.5"},
    Score{"LAY-014", "4.3"},
    // A digest that cannot be checked, so content cannot be verified.
    Score{"DIG-001", "5.0"},
    Score{"DIG-002", "5.0"},
    Score{"DIG-003", "5.0"},
    Score{"DIG-004", "5.0"},
    Score{"DIG-005", "3.1"},
    // Resource bounds reached: a decompression bomb, nesting or sizes meant
    // to exhaust whoever reads the image (CWE-400).
    Score{"LIMIT-", "5.3"},
};

}  // namespace

std::string_view security_severity(std::string_view rule_id) {
  for (const auto& [rule, score] : kScores) {
    if (rule.ends_with('-') ? rule_id.starts_with(rule) : rule_id == rule) return score;
  }
  return "";
}

}  // namespace ocv::reports
