#pragma once
// The catalogue's closing "Counts" table: rows per family by the class of
// the requirement's level and by default severity, computed from the rows
// the catalogue holds so that it cannot fall behind them.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ocv::ruledocs {

/// Counts of one family's rows.
struct FamilyCounts {
  int rows = 0;
  std::map<std::string, int> level;     // "MUST", "SHOULD", "MAY", "info", "HARDENING"
  std::map<std::string, int> severity;  // "error", "warning", "note", "none"
};

class CatalogueCounts {
 public:
  /// Counts one table row ("| ID | Level | Source | ... | Sev |").
  void add(std::string_view family, std::string_view row);
  /// The table's rows, families in the order they were first counted, then
  /// the total.
  [[nodiscard]] std::string rows() const;

 private:
  std::vector<std::string> order_;
  std::map<std::string, FamilyCounts, std::less<>> families_;
};

/// The class of a Level cell: its first keyword ("MUST / MAY" and
/// "MUST NOT" count as MUST, "SHOULD (security)" and "RECOMMENDED" as
/// SHOULD); anything that is not a keyword (informational, reserved,
/// derived, convention) is "info".
std::string level_class(std::string_view level);

/// The class of a Sev cell: its first word when that is a severity,
/// "none" for "—".
std::string severity_class(std::string_view severity);

}  // namespace ocv::ruledocs
