#include "ruledocs/nearest_rule.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <vector>

namespace ocv::ruledocs {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto upper = [](char c) { return std::toupper(static_cast<unsigned char>(c)); };
  // One row of the dynamic-programming table at a time.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const auto above = row[j];
      const std::size_t substitution = diagonal + (upper(a[i - 1]) == upper(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view nearest_rule_id(std::string_view wanted, const engine::Registry& registry) {
  std::string_view best;
  std::size_t best_distance = 0;
  for (const auto& rule : registry.rules()) {
    const auto d = edit_distance(wanted, rule.id);
    if (best.empty() || d < best_distance) {
      best = rule.id;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace ocv::ruledocs
