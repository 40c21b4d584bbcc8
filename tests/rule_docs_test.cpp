// The rule pages (ruledocs/): what a page says comes from the rule's
// definition and its corpus cases; `ocivalidate explain` prints it; the
// generator writes docs/rules/ and finds a directory out of date.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "apps/conformance/case_model.hpp"
#include "reports/text_escape.hpp"
#include "ruledocs/case_examples.hpp"
#include "ruledocs/catalogue.hpp"
#include "ruledocs/catalogue_counts.hpp"
#include "ruledocs/nearest_rule.hpp"
#include "ruledocs/rule_docs.hpp"
#include "ruledocs/rule_page.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/layout_builder.hpp"

namespace fs = std::filesystem;
using ocv::reports::markdown_escaped;
using ocv::ruledocs::corpus_examples;
using ocv::ruledocs::edit_distance;
using ocv::ruledocs::nearest_rule_id;
using ocv::test::run_cli;

namespace {

const ocv::engine::Registry& registry() { return ocv::rules::default_registry(); }

std::string page_of(std::string_view id) {
  const auto* rule = registry().find(id);
  BOOST_REQUIRE_MESSAGE(rule != nullptr, id);
  return ocv::ruledocs::rule_page(*rule, registry(), corpus_examples());
}

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rule_docs)

BOOST_AUTO_TEST_CASE(edit_distance_counts_single_character_edits) {
  BOOST_TEST(edit_distance("DIG-007", "DIG-007") == 0u);
  BOOST_TEST(edit_distance("dig-007", "DIG-007") == 0u);  // case is ignored
  BOOST_TEST(edit_distance("DIG-07", "DIG-007") == 1u);
  BOOST_TEST(edit_distance("DIG-008", "DIG-007") == 1u);
  BOOST_TEST(edit_distance("", "ABC") == 3u);
  BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
}

BOOST_AUTO_TEST_CASE(nearest_rule_id_corrects_typos) {
  BOOST_TEST(nearest_rule_id("DIG-07", registry()) == "DIG-007");
  BOOST_TEST(nearest_rule_id("DESC-0006", registry()) == "DESC-006");
  BOOST_TEST(nearest_rule_id("lyt-005x", registry()) == "LYT-005");
  BOOST_TEST(nearest_rule_id("LTY-005", registry()) == "LAY-005");  // one edit, not two
  BOOST_TEST(nearest_rule_id("x", ocv::engine::Registry{}).empty());
}

BOOST_AUTO_TEST_CASE(page_carries_the_definition) {
  const auto* rule = registry().find("DIG-007");
  BOOST_REQUIRE(rule != nullptr);
  const auto page = page_of("DIG-007");
  BOOST_TEST(page.starts_with(fmt::format("# DIG-007: {}\n", markdown_escaped(rule->title))), page);
  BOOST_TEST(has(page, "| Spec level | MUST |"), page);
  BOOST_TEST(has(page, "| Default severity | error |"), page);
  BOOST_TEST(has(page, fmt::format("({})", rule->spec_url())), page);
  BOOST_TEST(has(page, "## What to do\n\n" + markdown_escaped(rule->help) + "\n"), page);
  BOOST_TEST(has(page, "| Family | Digests (DIG-*) |"), page);
  BOOST_TEST(has(page, "| Checked | by a check of its own |"), page);
  // Suppression, in the policy file's own format.
  BOOST_TEST(has(page, R"({ "version": 1, "disable": ["DIG-007"] })"), page);
  BOOST_TEST(has(page, R"("suppress": [{ "rule": "DIG-007", "digest": "sha256:<hex>")"), page);
  BOOST_TEST(!has(page, R"("enable")"), page);  // on by default
}

BOOST_AUTO_TEST_CASE(page_shows_the_rules_corpus_case_as_written) {
  const auto cases = ocv::conformance::embedded_cases();
  const auto first =
      std::find_if(cases.begin(), cases.end(), [](const auto& c) { return c.rule == "DIG-007"; });
  BOOST_REQUIRE(first != cases.end());
  const auto page = page_of("DIG-007");
  BOOST_TEST(has(page, fmt::format("`{}` ({}): {}", first->name, first->origin,
                                   markdown_escaped(first->about))),
             page);
  // The example is the case itself: the JSON block parses back to it.
  const auto& example = corpus_examples().by_rule.at("DIG-007").front();
  BOOST_TEST(has(page, "```json\n" + example.json + "\n```"), page);
  rapidjson::Document shown;
  shown.Parse(example.json.c_str());
  BOOST_REQUIRE(!shown.HasParseError());
  BOOST_TEST(std::string(shown["name"].GetString()) == first->name);
  const auto reparsed =
      ocv::conformance::parse_cases(fmt::format(R"({{"cases": [{}]}})", example.json), "page");
  BOOST_REQUIRE(reparsed.size() == 1u);
  BOOST_TEST(reparsed[0].expect == first->expect);
  BOOST_TEST(reparsed[0].edits.size() == first->edits.size());
  BOOST_TEST(reparsed[0].after.size() == first->after.size());
  // What it reports and what undoing the change gives.
  BOOST_TEST(has(page, "ocivalidate reports DIG-007"), page);
  BOOST_TEST(
      has(page, fmt::format("the `{0}` base image is valid (case `valid/{0}`)", first->base)),
      page);
  BOOST_TEST(has(page, "exits 1 (invalid)"), page);
}

BOOST_AUTO_TEST_CASE(valid_bases_are_the_corpus_valid_cases) {
  const auto& bases = corpus_examples().valid_bases;
  BOOST_TEST(bases.contains("image"));
  BOOST_TEST(bases.contains("multi-platform"));
  BOOST_TEST(bases.contains("artifact"));
  BOOST_TEST(!bases.contains("sha512-digests"));  // valid/sha512-digests is not a base
}

BOOST_AUTO_TEST_CASE(opt_in_rule_page_says_how_to_enable_it) {
  const auto page = page_of("JSON-005");
  BOOST_TEST(has(page, "| Default severity | note, off unless enabled |"), page);
  BOOST_TEST(has(page, R"({ "version": 1, "enable": ["JSON-005"] })"), page);
  BOOST_TEST(has(page, "`--enable JSON-005`"), page);
}

BOOST_AUTO_TEST_CASE(rule_without_a_check_says_where_it_is_reported) {
  const auto page = page_of("DIG-009");
  BOOST_TEST(has(page, "| Checked | no check of its own: what it asks is reported as DIG-005 |"),
             page);
}

BOOST_AUTO_TEST_CASE(page_says_which_parts_of_a_run_a_scoped_rule_is_about) {
  BOOST_TEST(has(page_of("LAY-009"),
                 "| Scope | each image with at least one layer read, whose os is windows |"));
  BOOST_TEST(has(page_of("IDX-001"),
                 "| Scope | the layout as a whole, and each image reached through a nested "
                 "index |"));
  BOOST_TEST(has(page_of("LYT-008"), "| Scope | the layout as a whole, not each image |"));
  BOOST_TEST(!has(page_of("DESC-006"), "| Scope |"));
}

BOOST_AUTO_TEST_CASE(page_says_which_inputs_a_rule_applies_to) {
  for (const auto& rule : registry().rules()) {
    const auto page = page_of(rule.id);
    if ((rule.needs & ocv::engine::kNeedsRegistry) != 0)
      BOOST_TEST(has(page, "| Applies to | images read from a registry"), rule.id);
    else if (rule.needs == 0)
      BOOST_TEST(has(page, "| Applies to | every input |"), rule.id);
    else
      BOOST_TEST(has(page, "not registries"), rule.id);
  }
}

BOOST_AUTO_TEST_CASE(rule_without_a_case_says_so) {
  for (const auto& rule : registry().rules()) {
    const bool has_case = corpus_examples().by_rule.contains(rule.id);
    BOOST_TEST(
        has(page_of(rule.id), "The conformance corpus has no case about this rule.") == !has_case,
        rule.id);
  }
}

BOOST_AUTO_TEST_CASE(index_lists_every_rule_under_its_family) {
  const auto index = ocv::ruledocs::rules_index(registry());
  std::size_t previous = 0;
  for (const auto& rule : registry().rules()) {
    const auto heading = index.find(fmt::format("({}-*)\n\n| Rule |", rule.family()));
    const auto row = index.find(fmt::format("| [{0}]({0}.md) | {1} |", rule.id, rule.level));
    BOOST_TEST_REQUIRE(row != std::string::npos, rule.id);
    BOOST_TEST(heading < row, rule.id);
    BOOST_TEST(row > previous, rule.id);  // registry order
    previous = row;
  }
  const auto files = ocv::ruledocs::rule_doc_files(registry(), corpus_examples());
  BOOST_TEST(files.size() == registry().rules().size() + 1);
  BOOST_TEST(files.at("README.md") == index);
}

BOOST_AUTO_TEST_CASE(explain_prints_the_page) {
  const auto r = run_cli({"explain", "DIG-007"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == page_of("DIG-007"));
  BOOST_TEST(r.out == read_file(fs::path(OCV_SOURCE_DIR) / "docs/rules/DIG-007.md"));
  BOOST_TEST(run_cli({"explain", "dig-007"}).out == r.out);  // case-insensitive
}

BOOST_AUTO_TEST_CASE(explain_of_an_unknown_rule_suggests_the_nearest) {
  auto r = run_cli({"explain", "DIG-07"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.out.empty(), r.out);
  BOOST_TEST(has(r.err, "unknown rule \"DIG-07\"; did you mean DIG-007?"), r.err);
  r = run_cli({"explain"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(has(r.err, "rule is required"), r.err);
  r = run_cli({"--sarif", "x.sarif", "explain", "DIG-007"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(has(r.err, "\"explain\" is a subcommand here"), r.err);
}

BOOST_AUTO_TEST_CASE(page_escapes_markup_of_the_definition) {
  // DESC-003's help mentions "sha256:<64 hex>", which would vanish as an HTML tag.
  BOOST_TEST(has(page_of("DESC-003"), "sha256:\\<64 hex\\>"), page_of("DESC-003"));
}

BOOST_AUTO_TEST_CASE(sarif_help_is_the_page_and_help_uri_links_it) {
  const auto sample = std::string(OCV_SOURCE_DIR) + "/corpus/sample";
  auto r = run_cli({"--no-config", "--format", "sarif", sample});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  BOOST_REQUIRE(!doc.HasParseError());
  const auto& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  BOOST_TEST(rules.Size() == registry().rules().size());
  for (const auto& rule : rules.GetArray()) {
    const std::string id = rule["id"].GetString();
    const std::string uri = rule["helpUri"].GetString();
    // Not installed: the pages of the configured install prefix.
    BOOST_TEST(uri.starts_with("file:///"), uri);
    BOOST_TEST(uri.ends_with("/share/doc/ocivalidate/rules/" + id + ".md"), uri);
    const auto page = page_of(id);
    BOOST_TEST(rule["help"]["markdown"].GetString() == page, id);
    BOOST_TEST(rule["help"]["text"].GetString() == page, id);
  }

  r = run_cli({"--no-config", "--format", "sarif", "--rule-docs-url",
               "https://example.com/ocivalidate/blob/v1/docs/rules", sample});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(
      has(r.out, R"("helpUri": "https://example.com/ocivalidate/blob/v1/docs/rules/DIG-007.md")"),
      r.out.substr(0, 2000));
  // helpUri is an absolute URI (SARIF 2.1.0 § 3.49.12): a relative path is refused.
  r = run_cli({"--no-config", "--format", "sarif", "--rule-docs-url", "docs/rules", sample});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(has(r.err, "--rule-docs-url: must be an absolute URI"), r.err);
  // RFC 3986 § 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), and
  // no white space anywhere (a SARIF viewer would cut the link there).
  for (const char* bad : {":rules", "1http://x/", "ht_tp://x/", "https://exa mple/",
                          "https://x/rules\t", "https://x/\n"}) {
    r = run_cli({"--no-config", "--format", "sarif", "--rule-docs-url", bad, sample});
    BOOST_TEST(r.exit_code == 2, bad);
    BOOST_TEST(has(r.err, "--rule-docs-url: must be an absolute URI"), bad << ": " << r.err);
  }
  r = run_cli(
      {"--no-config", "--format", "sarif", "--rule-docs-url", "git+ssh.x-1://host/rules/", sample});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(has(r.out, R"("helpUri": "git+ssh.x-1://host/rules/DIG-007.md")"),
             r.out.substr(0, 2000));
}

BOOST_AUTO_TEST_CASE(generator_writes_and_checks_a_directory) {
  ocv::test::TempDir tmp;
  const auto dir = (tmp.path() / "rules").string();
  auto r = ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check", dir});
  BOOST_TEST(r.exit_code == 1);  // nothing there yet
  BOOST_TEST(has(r.err, "README.md: missing"), r.err);

  r = ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"write", dir});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(read_file(fs::path(dir) / "DIG-007.md") == page_of("DIG-007"));
  BOOST_TEST(ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check", dir}).exit_code == 0);

  // A page edited by hand, and a page of a rule that is gone.
  std::ofstream(fs::path(dir) / "DIG-007.md", std::ios::app) << "edited\n";
  std::ofstream(fs::path(dir) / "ZZZ-001.md") << "# ZZZ-001\n";
  r = ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check", dir});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(has(r.err, "DIG-007.md: differs"), r.err);
  BOOST_TEST(has(r.err, "ZZZ-001.md: names no rule"), r.err);
  BOOST_TEST(has(r.err, "cmake --build build --target rule-docs"), r.err);
  BOOST_TEST(!has(r.err, "DIG-006.md"), r.err);

  // Writing again repairs both.
  BOOST_TEST(ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"write", dir}).exit_code == 0);
  BOOST_TEST(!fs::exists(fs::path(dir) / "ZZZ-001.md"));
  BOOST_TEST(ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check", dir}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(catalogue_rows_come_from_the_definitions_in_id_order) {
  ocv::engine::Registry r;
  r.add_rules({
      {.id = "ZZQ-010",
       .level = "MUST",
       .severity = ocv::engine::Severity::error,
       .title = "t",
       .spec = "x.md#y",
       .help = "h",
       .catalogue = {.source = "x.md § Y (\"a | b\")",
                     .requirement = "r",
                     .applies_to = "M",
                     .check = "doc"}},
      {.id = "ZZQ-002",
       .level = "SHOULD",
       .severity = ocv::engine::Severity::warning,
       .title = "t",
       .spec = "x.md#y",
       .help = "h",
       .catalogue = {.source = "s",
                     .requirement = "r",
                     .applies_to = "C",
                     .check = "doc",
                     .level = "SHOULD (def)",
                     .severity = "warning (note when empty)"}},
  });
  const std::string tmpl =
      "# Catalogue\n\n## ZZQ: a family\n\n"
      "| ID | Level | Source | Requirement | Applies to | Check | Sev |\n"
      "|---|---|---|---|---|---|---|\n"
      "| ZZQ-003 | MAY | t | not checked | M | none | — |\n"
      "\n## The end\n";
  BOOST_TEST(ocv::ruledocs::catalogue(r, tmpl) ==
             "# Catalogue\n\n## ZZQ: a family\n\n"
             "| ID | Level | Source | Requirement | Applies to | Check | Sev |\n"
             "|---|---|---|---|---|---|---|\n"
             "| ZZQ-002 | SHOULD (def) | s | r | C | doc | warning (note when empty) |\n"
             "| ZZQ-003 | MAY | t | not checked | M | none | — |\n"
             "| ZZQ-010 | MUST | x.md § Y (\"a \\| b\") | r | M | doc | error |\n"
             "\n## The end\n");

  // A family without a table, and a rule that the template lists as well.
  BOOST_CHECK_THROW(ocv::ruledocs::catalogue(r, "# Catalogue\n"), std::runtime_error);
  BOOST_CHECK_THROW(
      ocv::ruledocs::catalogue(
          r,
          "## ZZQ: a family\n\n| ID | Level | Source | Requirement | Applies to | Check | Sev |\n"
          "|---|---|---|---|---|---|---|\n| ZZQ-010 | MUST | s | r | M | doc | error |\n"),
      std::runtime_error);
}

BOOST_AUTO_TEST_CASE(catalogue_counts_are_computed_from_the_rows) {
  ocv::engine::Registry r;
  r.add_rules({
      {.id = "ZZQ-001",
       .level = "MUST NOT",
       .severity = ocv::engine::Severity::error,
       .title = "t",
       .spec = "x.md#y",
       .help = "h",
       .catalogue = {.source = "s", .requirement = "r", .applies_to = "M", .check = "doc"}},
      {.id = "ZZR-001",
       .level = "HARDENING",
       .severity = ocv::engine::Severity::warning,
       .title = "t",
       .spec = "x.md#y",
       .help = "h",
       .catalogue = {.source = "s | t", .requirement = "r", .applies_to = "L", .check = "tar"}},
  });
  const std::string header =
      "| family | rows | MUST | SHOULD | MAY | info/reserved/derived | HARDENING | sev error | sev "
      "warning | sev note | sev none |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
  const std::string table_head =
      "| ID | Level | Source | Requirement | Applies to | Check | Sev "
      "|\n|---|---|---|---|---|---|---|\n";
  // The template's own rows count too; its stale counts rows are replaced.
  const std::string tmpl =
      "## ZZQ: one\n\n" + table_head +
      "| ZZQ-002 | SHOULD (def) | s | r | M | doc | warning (note when empty) |\n"
      "| ZZQ-003 | RESERVED | s | r | M | none | — |\n"
      "\n## ZZR: two\n\n" +
      table_head +
      "| ZZR-002 | MAY | s | r | C | doc | note |\n"
      "\n## Counts\n\n" +
      header + "| ZZQ | 99 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 |\n";
  const auto text = ocv::ruledocs::catalogue(r, tmpl);
  const auto counts = text.substr(text.find("## Counts"));
  BOOST_TEST(counts == "## Counts\n\n" + header +
                           "| ZZQ | 3 | 1 | 1 | 0 | 1 | 0 | 1 | 1 | 0 | 1 |\n"
                           "| ZZR | 2 | 0 | 0 | 1 | 0 | 1 | 0 | 1 | 1 | 0 |\n"
                           "| **total** | 5 | 1 | 1 | 1 | 1 | 1 | 1 | 2 | 1 | 1 |\n");
}

BOOST_AUTO_TEST_CASE(level_and_severity_classes_follow_the_first_keyword) {
  using ocv::ruledocs::level_class;
  using ocv::ruledocs::severity_class;
  BOOST_TEST(level_class("MUST / MAY") == "MUST");
  BOOST_TEST(level_class("MUST NOT (main)") == "MUST");
  BOOST_TEST(level_class("SHOULD (security)") == "SHOULD");
  BOOST_TEST(level_class("RECOMMENDED (RFC 7493 §4.3)") == "SHOULD");
  BOOST_TEST(level_class("should (lowercase, Implementor's Note)") == "SHOULD");
  BOOST_TEST(level_class("MAY / SHOULD NOT") == "MAY");
  BOOST_TEST(level_class("HARDENING") == "HARDENING");
  BOOST_TEST(level_class("(derived) / HARDENING") == "info");
  BOOST_TEST(level_class("informational") == "info");
  BOOST_TEST(severity_class("error (warning for artifact-only layers)") == "error");
  BOOST_TEST(severity_class("note/warning") == "note");
  BOOST_TEST(severity_class("warning") == "warning");
  BOOST_TEST(severity_class("—") == "none");
}

BOOST_AUTO_TEST_CASE(generator_writes_and_checks_the_catalogue) {
  ocv::test::TempDir tmp;
  const auto tmpl = std::string(OCV_SOURCE_DIR) + "/ruledocs/rules-catalogue.in.md";
  const auto file = (tmp.path() / "catalogue.md").string();
  auto r = ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check-catalogue", tmpl, file});
  BOOST_TEST(r.exit_code == 1);  // nothing there yet
  BOOST_TEST(has(r.err, "cmake --build build --target rule-docs"), r.err);
  r = ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"write-catalogue", tmpl, file});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto text = read_file(file);
  // Every rule has its row, written from its definition.
  for (const auto& rule : registry().rules())
    BOOST_TEST(has(text, fmt::format("\n| {} | ", rule.id)), rule.id);
  BOOST_TEST(has(text, "| CFG-007 | MUST (derived) | manifest.md `layers` + config.md"));
  BOOST_TEST(
      ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check-catalogue", tmpl, file}).exit_code == 0);
  std::ofstream(file, std::ios::app) << "edited\n";
  BOOST_TEST(
      ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check-catalogue", tmpl, file}).exit_code == 1);
  r = ocv::test::run_program(OCV_RULE_DOCS_BINARY, {"check-catalogue", tmpl + ".none", file});
  BOOST_TEST(r.exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
