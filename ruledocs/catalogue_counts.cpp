#include "ruledocs/catalogue_counts.hpp"

#include <cctype>

#include <fmt/format.h>

namespace ocv::ruledocs {
namespace {

/// The cells of a table row, split at the `|` that are not escaped.
std::vector<std::string_view> cells_of(std::string_view row) {
  std::vector<std::string_view> out;
  std::size_t start = row.find('|');
  if (start == std::string_view::npos) return out;
  for (std::size_t i = start + 1; i < row.size(); ++i) {
    if (row[i] != '|' || row[i - 1] == '\\') continue;
    auto text = row.substr(start + 1, i - start - 1);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    out.push_back(text);
    start = i;
  }
  return out;
}

/// The first word of `text`, without a leading "(" and upper-cased.
std::string first_word(std::string_view text) {
  while (!text.empty() && (text.front() == '(' || text.front() == ' ')) text.remove_prefix(1);
  std::string word;
  for (const char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) == 0) break;
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return word;
}

}  // namespace

std::string level_class(std::string_view level) {
  const auto word = first_word(level);
  if (word == "MUST") return "MUST";
  if (word == "SHOULD" || word == "RECOMMENDED") return "SHOULD";
  if (word == "MAY") return "MAY";
  if (word == "HARDENING") return "HARDENING";
  return "info";
}

std::string severity_class(std::string_view severity) {
  const auto word = first_word(severity);
  if (word == "ERROR") return "error";
  if (word == "WARNING") return "warning";
  if (word == "NOTE") return "note";
  return "none";
}

void CatalogueCounts::add(std::string_view family, std::string_view row) {
  const auto cells = cells_of(row);
  if (cells.size() < 7) return;
  auto it = families_.find(family);
  if (it == families_.end()) {
    order_.emplace_back(family);
    it = families_.emplace(std::string(family), FamilyCounts{}).first;
  }
  auto& counts = it->second;
  ++counts.rows;
  ++counts.level[level_class(cells[1])];
  ++counts.severity[severity_class(cells[6])];
}

std::string CatalogueCounts::rows() const {
  static constexpr std::string_view kLevels[] = {"MUST", "SHOULD", "MAY", "info", "HARDENING"};
  static constexpr std::string_view kSeverities[] = {"error", "warning", "note", "none"};
  FamilyCounts total;
  std::string out;
  const auto line = [](std::string_view name, const FamilyCounts& c) {
    const auto count = [](const std::map<std::string, int>& m, std::string_view key) {
      const auto it = m.find(std::string(key));
      return it == m.end() ? 0 : it->second;
    };
    std::string text = fmt::format("| {} | {} |", name, c.rows);
    for (const auto level : kLevels) text += fmt::format(" {} |", count(c.level, level));
    for (const auto severity : kSeverities)
      text += fmt::format(" {} |", count(c.severity, severity));
    return text + "\n";
  };
  for (const auto& family : order_) {
    const auto& counts = families_.find(family)->second;
    out += line(family, counts);
    total.rows += counts.rows;
    for (const auto& [key, n] : counts.level) total.level[key] += n;
    for (const auto& [key, n] : counts.severity) total.severity[key] += n;
  }
  return out + line("**total**", total);
}

}  // namespace ocv::ruledocs
