// Every MUST/SHOULD rule of the catalogue that has a severity is registered
// under its catalogue ID with the catalogue's default severity.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "rules/all_rules.hpp"

namespace {

struct Row {
  std::string id, level, severity;
};

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool escaped = false;
  for (char c : line.substr(1)) {
    if (c == '\\') {
      escaped = true;
      continue;
    }
    if (c == '|' && !escaped) {
      const auto b = cell.find_first_not_of(' ');
      const auto e = cell.find_last_not_of(' ');
      out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
      cell.clear();
    } else {
      cell += c;
    }
    escaped = false;
  }
  return out;
}

std::vector<Row> catalogue_rows() {
  std::ifstream in(std::string(OCV_TEST_DATA_DIR) + "/rules-catalogue.md");
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("| ")) continue;
    const auto c = cells(line);
    // Rule rows: | ID | Level | Source | Requirement | Applies to | Check | Sev |
    if (c.size() < 7 || c[0].find('-') == std::string::npos || c[0].starts_with("B-")) continue;
    if (c[0].find(' ') != std::string::npos) continue;
    rows.push_back({c[0], c[1], c[6]});
  }
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalogue)

BOOST_AUTO_TEST_CASE(must_and_should_rules_are_registered) {
  const auto rows = catalogue_rows();
  BOOST_REQUIRE(rows.size() > 150u);
  const auto& registry = ocv::rules::default_registry();
  std::string missing;
  for (const auto& r : rows) {
    const bool must_or_should = r.level.starts_with("MUST") || r.level.starts_with("SHOULD");
    const bool checkable = r.severity.starts_with("error") || r.severity.starts_with("warning") ||
                           r.severity.starts_with("note");
    // CONV-001 needs a flattened root filesystem: an optional deep check not offered.
    if (!must_or_should || !checkable || r.id == "CONV-001") continue;
    const auto* rule = registry.find(r.id);
    if (rule == nullptr) {
      missing += r.id + " ";
      continue;
    }
    const std::string sev(ocv::engine::to_string(rule->severity));
    BOOST_TEST(r.severity.starts_with(sev),
               r.id << ": catalogue " << r.severity << ", registered " << sev);
  }
  BOOST_TEST(missing.empty(), "rules of the catalogue not registered: " << missing);
}

BOOST_AUTO_TEST_CASE(registered_ids_come_from_the_catalogue_or_are_limits) {
  std::map<std::string, bool> known;
  for (const auto& r : catalogue_rows()) known[r.id] = true;
  for (const auto& rule : ocv::rules::default_registry().rules()) {
    const std::string id(rule.id);
    BOOST_TEST((known.count(id) == 1 || id.starts_with("LIMIT-")), id << " is not a catalogue ID");
  }
}

BOOST_AUTO_TEST_SUITE_END()
