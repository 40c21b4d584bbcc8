#include "ruledocs/catalogue.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "ruledocs/catalogue_counts.hpp"

namespace ocv::ruledocs {
namespace {

constexpr std::string_view kTableHeader =
    "| ID | Level | Source | Requirement | Applies to | Check | Sev |";
constexpr std::string_view kCountsHeader =
    "| family | rows | MUST | SHOULD | MAY | info/reserved/derived | HARDENING | sev error | sev "
    "warning | sev note | sev none |";

/// A table cell: a `|` in the text would end the cell.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string row_of(const engine::RuleInfo& rule) {
  const auto& c = rule.catalogue;
  return fmt::format("| {} | {} | {} | {} | {} | {} | {} |", rule.id,
                     cell(c.level.empty() ? rule.level : c.level), cell(c.source),
                     cell(c.requirement), cell(c.applies_to), cell(c.check),
                     cell(c.severity.empty() ? engine::to_string(rule.severity) : c.severity));
}

/// The ID of a table row ("| DIG-007 | ..." -> "DIG-007").
std::string_view row_id(std::string_view line) {
  line.remove_prefix(2);
  return line.substr(0, line.find(' '));
}

/// IDs in catalogue order: by family, then by number ("LYT-9" before "LYT-10").
struct ById {
  bool operator()(std::string_view a, std::string_view b) const {
    const auto da = a.find('-');
    const auto db = b.find('-');
    if (a.substr(0, da) != b.substr(0, db)) return a.substr(0, da) < b.substr(0, db);
    const auto na = a.substr(da + 1);
    const auto nb = b.substr(db + 1);
    return na.size() != nb.size() ? na.size() < nb.size() : na < nb;
  }
};

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    out.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

/// The family a "## FAM: ..." heading opens, or "".
std::string_view heading_family(std::string_view line) {
  if (!line.starts_with("## ")) return "";
  line.remove_prefix(3);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return "";
  const auto family = line.substr(0, colon);
  const bool upper =
      std::all_of(family.begin(), family.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  return upper ? family : "";
}

}  // namespace

std::string catalogue(const engine::Registry& registry, std::string_view tmpl) {
  std::map<std::string_view, std::map<std::string_view, std::string, ById>> rows;  // by family
  for (const auto& rule : registry.rules()) rows[rule.family()].emplace(rule.id, row_of(rule));
  const auto lines = lines_of(tmpl);
  std::string out;
  std::string_view family;
  std::set<std::string_view> written;
  CatalogueCounts counts;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto line = lines[i];
    if (line.starts_with("## ")) family = heading_family(line);
    out.append(line);
    if (i + 1 < lines.size() || tmpl.ends_with('\n')) out += '\n';
    // The counts table: computed from the rows written above it, in place of
    // any rows the template has.
    if (line == kCountsHeader && i + 1 < lines.size()) {
      out.append(lines[++i]).append("\n");
      while (i + 1 < lines.size() && lines[i + 1].starts_with("| ")) ++i;
      out += counts.rows();
      continue;
    }
    // A family's table: its header and separator, then the rows.
    if (family.empty() || line != kTableHeader || i + 1 >= lines.size()) continue;
    out.append(lines[++i]).append("\n");
    auto table = rows[family];
    while (i + 1 < lines.size() && lines[i + 1].starts_with("| ")) {
      const auto id = row_id(lines[++i]);
      if (!table.emplace(id, std::string(lines[i])).second)
        throw std::runtime_error(fmt::format(
            "{} is a rule and also a row of the catalogue template: keep only the rule's", id));
    }
    for (const auto& [id, row] : table) {
      out.append(row).append("\n");
      counts.add(family, row);
    }
    written.insert(family);
  }
  for (const auto& [name, table] : rows)
    if (!written.contains(name))
      throw std::runtime_error(fmt::format(
          "the catalogue template has no table for the {}-* rules: add a \"## {}: ...\" section "
          "with the table header",
          name, name));
  return out;
}

}  // namespace ocv::ruledocs
