// End-to-end tests of the ocivalidate command line.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "rules/all_rules.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/layout_builder.hpp"

namespace fs = std::filesystem;
using ocv::test::LayoutBuilder;
using ocv::test::mentions;
using ocv::test::run_cli;
using ocv::test::TempDir;

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(bundled_sample_is_valid) {
  const auto r = run_cli({std::string(OCV_SOURCE_DIR) + "/corpus/sample"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(mentions(r.out, "VALID"), r.out);
  BOOST_TEST(mentions(r.out, "image 1.0"), r.out);
}

BOOST_AUTO_TEST_CASE(valid_generated_layout_exits_zero) {
  TempDir tmp;
  LayoutBuilder(tmp.path()).write_valid_layout();
  const auto r = run_cli({tmp.path().string()});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  // The summary counts no error (the findings' column widths play no part).
  BOOST_TEST(mentions(r.out, ": 0 errors, "), r.out);
  BOOST_TEST(!mentions(r.out, "INVALID"), r.out);
}

BOOST_AUTO_TEST_CASE(five_planted_faults_are_all_reported_in_one_run) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout(R"({"imageLayoutVersion":"2.0.0"})");  // LYT-003
  const auto tar = ocv::test::make_tar({{"etc/hello.txt", "hello\n"}});
  auto layer = ocv::test::gzip(tar);
  const auto layer_digest = ocv::test::sha256_digest(layer);
  layer[layer.size() / 2] ^= 0x20;  // corrupt content under the original name
  b.write_file("blobs/sha256/" + layer_digest.substr(7), layer);
  // Two diff_ids for one layer (CFG-007) and an invalid created date (CFG-010).
  const auto config = fmt::format(
      R"({{"created":"yesterday","architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}","{}"]}}}})",
      ocv::test::sha256_digest(tar), ocv::test::sha256_digest("x"));
  const auto config_desc = b.descriptor("application/vnd.oci.image.config.v1+json", config);
  // A duplicate member name in the manifest (JSON-002).
  const auto manifest = fmt::format(
      R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{}","size":{}}}],"schemaVersion":2}})",
      config_desc, layer_digest, layer.size());
  const auto manifest_digest = b.add_blob(manifest);
  // A wrongly spelled architecture in the index entry (PLAT-003).
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"platform":{{"architecture":"x86_64","os":"linux"}},"annotations":{{"org.opencontainers.image.ref.name":"faulty"}}}})",
      manifest_digest, manifest.size())});
  const auto r = run_cli({tmp.path().string()});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  for (const auto* rule :
       {"LYT-003", "DIG-007", "LYT-005", "CFG-007", "CFG-010", "JSON-002", "PLAT-003"})
    BOOST_TEST(mentions(r.out, rule), rule << " missing in:\n" << r.out);
}

BOOST_AUTO_TEST_CASE(missing_path_and_non_layouts_exit_two) {
  TempDir tmp;
  auto r = run_cli({(tmp.path() / "absent").string()});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "no such file"), r.err);
  r = run_cli({tmp.path().string()});  // an empty directory
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "not an OCI image layout"), r.err);
  std::ofstream(tmp.path() / "file") << "x";
  r = run_cli({(tmp.path() / "file").string()});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  // A file is read as an archive; this one is none.
  BOOST_TEST(mentions(r.err, "neither an image layout directory nor a tar archive"), r.err);
  r = run_cli({});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  r = run_cli({"--no-such-option", tmp.path().string()});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
}

BOOST_AUTO_TEST_CASE(fail_on_changes_the_exit_code) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  b.add_blob("unreferenced");  // LYT-008 is a note
  BOOST_TEST(run_cli({tmp.path().string()}).exit_code == 0);
  BOOST_TEST(run_cli({"--fail-on", "note", tmp.path().string()}).exit_code == 1);
}

BOOST_AUTO_TEST_CASE(rules_lists_the_catalogue) {
  const auto r = run_cli({"rules"});
  BOOST_TEST(r.exit_code == 0, r.err);
  // One line per registered rule, in the registry's order, then the count.
  const auto& rules = ocv::rules::default_registry().rules();
  std::istringstream lines(r.out);
  std::string line;
  for (const auto& rule : rules) {
    BOOST_REQUIRE(std::getline(lines, line));
    BOOST_TEST(line.substr(0, line.find(' ')) == rule.id, line);
    BOOST_TEST(mentions(line, fmt::format(" {} ", ocv::engine::to_string(rule.severity))), line);
    BOOST_TEST(mentions(line, fmt::format(" {} ", rule.level)), line);
    BOOST_TEST(
        line.ends_with(fmt::format("{}{}", rule.title, rule.opt_in ? " (off unless enabled)" : "")),
        line);
  }
  BOOST_REQUIRE(std::getline(lines, line));
  BOOST_TEST(line == fmt::format("{} rules", rules.size()));
  BOOST_TEST(!std::getline(lines, line), line);
}

BOOST_AUTO_TEST_CASE(version_and_help) {
  auto r = run_cli({"--version"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(mentions(r.out, "ocivalidate "), r.out);
  r = run_cli({"--help"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(mentions(r.out, "Exit codes"), r.out);
}

BOOST_AUTO_TEST_CASE(no_color_when_not_a_terminal_or_no_color_set) {
  TempDir tmp;
  LayoutBuilder(tmp.path()).write_valid_layout();
  auto r = run_cli({tmp.path().string()});
  BOOST_TEST(!mentions(r.out, "\x1b["), r.out);
  r = run_cli({"--color", "always", tmp.path().string()});
  BOOST_TEST(mentions(r.out, "\x1b["), r.out);
  r = run_cli({tmp.path().string()}, {"NO_COLOR=1"});
  BOOST_TEST(!mentions(r.out, "\x1b["), r.out);
}

BOOST_AUTO_TEST_CASE(hostile_index_does_not_crash) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_oci_layout();
  b.write_file("index.json", std::string(200000, '[') + std::string(200000, ']'));
  auto r = run_cli({tmp.path().string()});
  // Deeper than the parser reads: not checked (a LIMIT-002 error: nothing the
  // layout references was checked, so it is not called valid), not a crash.
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(mentions(r.out, "LIMIT-002"), r.out);
  b.write_file(
      "index.json",
      fmt::format(
          R"({{"schemaVersion":2,"manifests":[{{"mediaType":"a/b","digest":"sha256:{}","size":1}}]}})",
          std::string(100000, 'a')));
  r = run_cli({tmp.path().string()});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
}

BOOST_AUTO_TEST_CASE(limits_beyond_what_can_be_read_are_refused_with_the_bound) {
  TempDir tmp;
  LayoutBuilder(tmp.path()).write_valid_layout();
  const auto layout = tmp.path().string();
  // Documents are read whole (1 GiB at most); zstd windows go up to 2 GiB.
  auto r = run_cli({"--max-document-size", "1025MiB", layout});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "--max-document-size: documents are read whole: at most 1 GiB"),
             r.err);
  BOOST_TEST(r.out.empty(), r.out);
  r = run_cli({"--max-zstd-window", "2049MiB", layout});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "--max-zstd-window: zstd windows go up to 2 GiB"), r.err);
  // The bounds themselves are accepted.
  r = run_cli({"--max-document-size", "1GiB", "--max-zstd-window", "2GiB", layout});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
}

BOOST_AUTO_TEST_CASE(max_documents_bounds_the_documents_a_run_reads) {
  TempDir tmp;
  LayoutBuilder(tmp.path()).write_valid_layout();  // a manifest and its config
  const auto layout = tmp.path().string();
  auto r = run_cli({"--max-documents", "2", layout});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(!mentions(r.out, "LIMIT-008"), r.out);
  r = run_cli({"--max-documents", "1", layout});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(mentions(r.out, "LIMIT-008"), r.out);
  BOOST_TEST(mentions(r.out, "this config was not read, so none of its rules ran"), r.out);
  r = run_cli({"--max-documents", "0", layout});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "--max-documents"), r.err);
}

BOOST_AUTO_TEST_CASE(max_blob_files_bounds_the_entries_of_blobs_listed) {
  TempDir tmp;
  LayoutBuilder(tmp.path()).write_valid_layout();  // blobs/sha256 and three blobs
  const auto layout = tmp.path().string();
  auto r = run_cli({"--max-blob-files", "4", layout});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(!mentions(r.out, "LIMIT-009"), r.out);
  r = run_cli({"--max-blob-files", "3", layout});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(mentions(r.out, "LIMIT-009"), r.out);
  BOOST_TEST(mentions(r.out, "blobs/ holds more than the 3 entries the validator lists"), r.out);
  r = run_cli({"--max-blob-files", "0", layout});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "--max-blob-files"), r.err);
}

BOOST_AUTO_TEST_CASE(max_document_memory_bounds_what_the_documents_read_take) {
  TempDir tmp;
  LayoutBuilder(tmp.path()).write_valid_layout();  // a manifest and its config
  const auto layout = tmp.path().string();
  auto r = run_cli({"--max-document-memory", "1M", layout});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(!mentions(r.out, "LIMIT-008"), r.out);
  r = run_cli({"--max-document-memory", "1K", layout});  // index.json takes more
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(mentions(r.out, "LIMIT-008"), r.out);
  BOOST_TEST(mentions(r.out,
                      "of the 1024 bytes the validator allows (--max-document-memory), "
                      "with no room for the next: this manifest was not read"),
             r.out);
  r = run_cli({"--max-document-memory", "0", layout});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "--max-document-memory"), r.err);
  r = run_cli({"--max-document-memory", "lots", layout});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "--max-document-memory"), r.err);
}

BOOST_AUTO_TEST_CASE(an_unsupported_transport_is_refused_and_the_report_says_why) {
  TempDir tmp;
  const auto report = (tmp.path() / "report.json").string();
  const auto r = run_cli({"--json", report, "containers-storage:alpine"});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err,
                      "cannot validate: containers-storage:alpine: the containers-storage "
                      "transport is not supported"),
             r.err);
  std::ifstream in(report);
  const std::string json((std::istreambuf_iterator<char>(in)), {});
  BOOST_TEST(mentions(json, "the containers-storage transport is not supported"), json);
}

BOOST_AUTO_TEST_CASE(a_report_that_cannot_be_written_fails_the_run) {
  TempDir tmp;
  LayoutBuilder(tmp.path() / "layout").write_valid_layout();
  const auto report = (tmp.path() / "no-such-dir" / "report.json").string();
  const auto r = run_cli({"--json", report, (tmp.path() / "layout").string()});
  // The layout is valid, but the report the run was asked for is missing.
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(
      mentions(r.err,
               fmt::format("cannot write json report to {}: No such file or directory", report)),
      r.err);
}

BOOST_AUTO_TEST_CASE(conformance_refuses_bad_cases_and_tools_without_a_command) {
  TempDir tmp;
  std::ofstream(tmp.path() / "broken.json") << R"({"cases":[{"name":)";
  auto r = run_cli({"conformance", "--cases", tmp.path().string()});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "bad conformance case: "), r.err);
  r = run_cli({"conformance", "--filter", "LAY-005/pax-sparse-file", "--tool", "[label]"});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "--tool [label]: no command"), r.err);
}

BOOST_AUTO_TEST_CASE(conformance_names_a_tool_by_its_command_and_writes_the_matrix) {
  TempDir tmp;
  const auto markdown = (tmp.path() / "matrix.md").string();
  // A "validator" that accepts everything: judged right only on the valid cases.
  const auto r = run_cli({"conformance", "--filter", "LAY-005/pax-sparse-file", "--tool",
                          "/usr/bin/true {}", "--markdown", markdown});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(mentions(r.out, "ocivalidate: 1 of 1 cases judged correctly"), r.out);
  BOOST_TEST(mentions(r.out, "true: "), r.out);
  std::ifstream in(markdown);
  const std::string matrix((std::istreambuf_iterator<char>(in)), {});
  BOOST_TEST(mentions(matrix, "true"), matrix);
  BOOST_TEST(mentions(matrix, "LAY-005/pax-sparse-file"), matrix);
  // A [label] names the tool whatever its command; a path names it by its
  // last component.
  const auto labelled = run_cli({"conformance", "--filter", "LAY-005/pax-sparse-file", "--tool",
                                 "[my tool]   /usr/bin/false {}", "--tool", "/bin/true {}"});
  BOOST_TEST(mentions(labelled.out,
                      "my tool: 0 of 1 cases judged correctly\n"
                      "  ✗ LAY-005/pax-sparse-file: rejected a valid image (exit 1)"),
             labelled.out);
  BOOST_TEST(mentions(labelled.out, "\ntrue: 1 of 1 cases judged correctly"), labelled.out);
  // A report file that cannot be written fails the run.
  const auto nowhere = (tmp.path() / "no-such-dir" / "m.md").string();
  const auto failed =
      run_cli({"conformance", "--filter", "LAY-005/pax-sparse-file", "--markdown", nowhere});
  BOOST_TEST(failed.exit_code == 2, failed.out << failed.err);
  BOOST_TEST(mentions(failed.err, "cannot write " + nowhere), failed.err);
}

// A --platform that is no platform is refused with what to write instead,
// and the JSON limits given on the command line are the ones applied.
BOOST_AUTO_TEST_CASE(a_platform_that_is_no_platform_is_refused_and_json_limits_apply) {
  const std::string sample = OCV_SOURCE_DIR "/corpus/sample";
  auto r = run_cli({"--platform", "linux", sample});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err ==
                 "ocivalidate: --platform: \"linux\" is not a platform: write OS/ARCH or "
                 "OS/ARCH/VARIANT (linux/amd64, linux/arm64/v8)\nRun with --help for usage.\n",
             r.err);
  BOOST_TEST(r.out.empty(), r.out);
  r = run_cli({"--max-json-depth", "2", sample});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(mentions(r.out,
                      "  error   LIMIT-002 index.json nests JSON deeper than the 2-level limit "
                      "(line 1, column 33) and was not checked; none of the layout's images were "
                      "checked, and no blob is reported as unreferenced (LYT-008)\n"
                      "          at index.json\n"),
             r.out);
  r = run_cli({"--max-json-values", "5", sample});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(mentions(r.out,
                      "  error   LIMIT-002 index.json holds more than 5 JSON values, the limit, "
                      "and was not checked; none of the layout's images were checked, and no "
                      "blob is reported as unreferenced (LYT-008)\n"
                      "          at index.json\n"),
             r.out);
}

// A spec starting with '[' but never closing it has no label: its first
// word names it. --keep keeps each tool's cases under its label; each
// report that cannot be written is named, and the others are still written.
BOOST_AUTO_TEST_CASE(conformance_keeps_cases_per_tool_and_names_each_report_it_cannot_write) {
  TempDir tmp;
  const auto kept = tmp.path() / "kept";
  const auto nowhere = (tmp.path() / "no-such-dir" / "r").string();
  const auto markdown = (tmp.path() / "m.md").string();
  const auto junit = (tmp.path() / "j.xml").string();
  auto r = run_cli({"conformance", "--filter", "LAY-005/pax-sparse-file", "--tool",
                    "[unclosed /bin/true {}", "--keep", kept.string(), "--junit", nowhere + ".xml",
                    "--markdown", markdown});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err == "ocivalidate: cannot write " + nowhere + ".xml\n", r.err);
  BOOST_TEST(mentions(r.out,
                      "\n[unclosed: 0 of 1 cases judged correctly\n"
                      "  ✗ LAY-005/pax-sparse-file: rejected a valid image (exit 127)\n"),
             r.out);
  BOOST_TEST(fs::exists(kept / "000" / "index.json"));
  BOOST_TEST(fs::exists(kept / "[unclosed" / "000" / "index.json"));
  std::ifstream in(markdown);
  BOOST_TEST(mentions(std::string(std::istreambuf_iterator<char>(in), {}), "[unclosed"));
  r = run_cli({"conformance", "--filter", "LAY-005/pax-sparse-file", "--junit", junit, "--markdown",
               nowhere + ".md"});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err == "ocivalidate: cannot write " + nowhere + ".md\n", r.err);
  BOOST_TEST(fs::file_size(junit) > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
