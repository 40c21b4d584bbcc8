// The command line against hostile names and arguments: size options that
// do not fit, control characters from the image, layouts named like a
// subcommand, report files that are links to the layout or cannot be
// written, and a system that refuses threads.
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "tests/support/cli_runner.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/limited_run.hpp"

namespace fs = std::filesystem;
using ocv::test::LayoutBuilder;
using ocv::test::mentions;
using ocv::test::run_cli;
using ocv::test::run_cli_in;
using ocv::test::TempDir;

namespace {

// Built with AddressSanitizer (scripts/sanitize.sh), the binary reserves
// terabytes of shadow address space: a test that limits the address space
// cannot run it.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OCV_ADDRESS_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define OCV_ADDRESS_SANITIZER 1
#endif

boost::test_tools::assertion_result address_space_can_be_limited(boost::unit_test::test_unit_id) {
#ifdef OCV_ADDRESS_SANITIZER
  boost::test_tools::assertion_result r(false);
  r.message() << "AddressSanitizer needs more address space than the test's limit";
  return r;
#else
  return true;
#endif
}

/// Whether the report names `rule`, logged as evidence of the rule seen
/// firing or staying silent (scripts/coverage.sh).
bool reports(const std::string& out, std::string_view rule) {
  return ocv::test::note_answer(rule, mentions(out, rule));
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(size_options_take_suffixes_and_refuse_what_does_not_fit) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  b.add_blob(std::string(2048, 'x'));  // unreferenced: hashed by the blob pool
  auto r = run_cli({"--max-blob-size", "1K", tmp.path().string()});
  BOOST_TEST(reports(r.out, "LIMIT-004"), r.out << r.err);
  r = run_cli({"--max-blob-size", "2k", tmp.path().string()});
  BOOST_TEST(!reports(r.out, "LIMIT-004"), r.out << r.err);
  r = run_cli({"--max-blob-size", "2KiB", "--max-layer-size", "1G", tmp.path().string()});
  BOOST_TEST(!reports(r.out, "LIMIT-004"), r.out << r.err);
  // 2^64-1 once wrapped the cap to 0 and gave every blob a false finding.
  for (const auto* bad : {"18446744073709551615", "0", "12X", "-1", "2048P", "G"}) {
    r = run_cli({"--max-blob-size", bad, tmp.path().string()});
    BOOST_TEST(r.exit_code == 2, bad << ": " << r.out << r.err);
    BOOST_TEST(mentions(r.err, "--max-blob-size"), r.err);
    BOOST_TEST(r.out.empty(), r.out);
  }
  r = run_cli({"--max-layer-size", "99999999999999999999", tmp.path().string()});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  // Each refusal says why: no number, an unknown unit, zero, past 2^60
  // bytes (1 EiB) by the digits or by the unit.
  for (const auto& [bad, why] : std::vector<std::pair<std::string, std::string>>{
           {"G", "G is not a size (a number of bytes, optionally with K, M, G or T)"},
           {"12X", "12X: unknown unit (use K, M, G or T, powers of 1024)"},
           {"1KX", "1KX: unknown unit (use K, M, G or T, powers of 1024)"},
           {"0K", "0K: the size must be at least 1 byte"},
           {"1048577T",
            "1048577T is larger than the largest accepted size (1152921504606846976 "
            "bytes)"},
           {"1152921504606846977",
            "1152921504606846977 is larger than the largest accepted size"}}) {
    r = run_cli({"--max-blob-size", bad, tmp.path().string()});
    BOOST_TEST(r.exit_code == 2, bad);
    BOOST_TEST(mentions(r.err, why), bad << ": " << r.err);
  }
  // The largest size accepted, in any spelling of its unit.
  for (const char* ok : {"1048576T", "1152921504606846976", "3mb", "3MiB"}) {
    r = run_cli({"--max-blob-size", ok, tmp.path().string()});
    BOOST_TEST(r.exit_code == 0, ok << ": " << r.out << r.err);
  }
  // "B" is bytes: the limit the finding names.
  r = run_cli({"--max-blob-size", "5B", tmp.path().string()});
  BOOST_TEST(mentions(r.out, "content not verified: larger than the 5-byte limit"), r.out << r.err);
  // --help shows the defaults in the largest unit that divides them.
  r = run_cli({"--help"});
  BOOST_TEST(mentions(r.out, "64 GiB"), r.out);
  BOOST_TEST(mentions(r.out, "32 MiB"), r.out);
}

BOOST_AUTO_TEST_CASE(control_characters_from_the_image_are_escaped_in_the_text_report) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto image = b.add_image();
  b.write_oci_layout();
  // A tag that clears the screen and forges a summary line on a new line.
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},)"
      R"("annotations":{{"org.opencontainers.image.ref.name":"x\u001b[2J\n{}: 0 errors — VALID\u0000\u009b"}}}})",
      image.manifest_digest, image.manifest.size(), tmp.path().string())});
  const auto r = run_cli({tmp.path().string()});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);  // ANN-013 (a warning): not a valid ref name
  BOOST_TEST(mentions(r.out, "ANN-013"), r.out);
  BOOST_TEST(!mentions(r.out, "\x1b"), r.out);
  BOOST_TEST(!mentions(r.out, std::string(1, '\0')), r.out);
  BOOST_TEST(!mentions(r.out, "\xc2\x9b"), r.out);
  BOOST_TEST(mentions(r.out, "x\\x1b[2J\\n"), r.out);
  // The only line that ends in a verdict is the real summary.
  std::size_t verdict_lines = 0;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (line.ends_with("VALID")) ++verdict_lines;
  BOOST_TEST(verdict_lines == 1u, r.out);
}

BOOST_AUTO_TEST_CASE(a_layout_named_like_a_subcommand_is_validated_as_a_path) {
  TempDir tmp;
  LayoutBuilder(tmp.path() / "rules").write_valid_layout();
  const auto cwd = tmp.path().string();
  auto r = run_cli_in(cwd, {"./rules"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(mentions(r.out, "./rules: "), r.out);
  r = run_cli_in(cwd, {"--", "rules"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(mentions(r.out, "rules: 0 errors"), r.out);
  // The subcommand with report options would have dropped them silently.
  r = run_cli_in(cwd, {"--sarif", "out.sarif", "rules"});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "./rules"), r.err);
  BOOST_TEST(!fs::exists(tmp.path() / "out.sarif"));
  // Plain "rules" still lists the rules.
  r = run_cli_in(cwd, {"rules"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(mentions(r.out, "LAY-013"), r.out);
}

BOOST_AUTO_TEST_CASE(a_report_file_that_is_a_hard_link_to_the_layout_is_refused) {
  TempDir tmp;
  const auto layout = tmp.path() / "image";
  LayoutBuilder(layout).write_valid_layout();
  const auto before = read_file(layout / "index.json");
  const auto link = tmp.path() / "report.xml";
  fs::create_hard_link(layout / "index.json", link);
  const auto r = run_cli({"--junit", link.string(), layout.string()});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(mentions(r.err, "same file as index.json"), r.err);
  BOOST_TEST(read_file(layout / "index.json") == before);
}

BOOST_AUTO_TEST_CASE(reports_replace_their_destination_and_never_write_through_it) {
  TempDir tmp;
  const auto layout = tmp.path() / "image";
  LayoutBuilder(layout).write_valid_layout();
  // A symbolic link at the destination is replaced, not written through.
  const auto elsewhere = tmp.path() / "elsewhere.txt";
  std::ofstream(elsewhere) << "keep me";
  const auto report = tmp.path() / "report.json";
  fs::create_symlink(elsewhere, report);
  const auto r = run_cli({"--json", report.string(), layout.string()});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(read_file(elsewhere) == "keep me");
  BOOST_TEST(!fs::is_symlink(report));
  BOOST_TEST(mentions(read_file(report), "\"reportVersion\""));
  // No temporary file is left beside it, and the report is not private.
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    (void)e;
    ++entries;
  }
  BOOST_TEST(entries == 3u);  // image, elsewhere.txt, report.json
  struct stat st {};
  BOOST_REQUIRE(::stat(report.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0044) != 0u);
}

BOOST_AUTO_TEST_CASE(a_report_destination_that_is_a_directory_fails_the_run_and_leaves_nothing) {
  TempDir tmp;
  const auto layout = tmp.path() / "image";
  LayoutBuilder(layout).write_valid_layout();
  const auto destination = tmp.path() / "reports";
  fs::create_directory(destination);
  const auto r = run_cli({"--json", destination.string(), layout.string()});
  // The layout is valid; the report could not be renamed over a directory.
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err == fmt::format("ocivalidate: cannot write json report to {}: Is a directory\n",
                                  destination.string()),
             r.err);
  BOOST_TEST(fs::is_empty(destination));
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(tmp.path())) left.push_back(e.path().filename());
  std::sort(left.begin(), left.end());
  BOOST_TEST(left == (std::vector<std::string>{"image", "reports"}), fmt::format("{}", left));
}

BOOST_AUTO_TEST_CASE(a_report_write_that_fails_names_the_cause_and_leaves_nothing) {
  TempDir tmp;
  const auto layout = tmp.path() / "image";
  LayoutBuilder(layout).write_valid_layout();
  const auto report = tmp.path() / "report.json";
  // Files may grow to 512 bytes: the text report on stdout fits, the JSON
  // report does not, as on a disk that is full.
  ocv::test::Limits limits;
  limits.file_size = 512;
  limits.wall_seconds = 120;
  const auto r = ocv::test::run_limited({"--json", report.string(), layout.string()}, limits);
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.out.find("VALID") != std::string::npos, r.out);
  // A build instrumented for coverage writes its counters at exit, after
  // the validator's message; they meet the same file-size limit and say so
  // (cut short, as stderr is a file under that limit too).
  const auto first_end = r.err.find('\n');
  BOOST_TEST(r.err.substr(0, first_end + 1) ==
                 fmt::format("ocivalidate: cannot write json report to {}: File too large\n",
                             report.string()),
             r.err);
  const auto rest = r.err.substr(first_end + 1);
  BOOST_TEST((rest.empty() || rest.starts_with("libgcov")), r.err);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(tmp.path())) left.push_back(e.path().filename());
  BOOST_TEST(left == (std::vector<std::string>{"image"}), fmt::format("{}", left));
}

BOOST_AUTO_TEST_CASE(no_threads_to_be_had_falls_back_to_one_and_says_so,
                     *boost::unit_test::precondition(address_space_can_be_limited)) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  b.write_valid_layout();
  for (const auto* extra : {"one", "two", "three"}) b.add_blob(extra);  // work for four threads
  // glibc gives each new thread a stack of RLIMIT_STACK bytes: with a stack
  // limit above the address-space limit no thread can be created (the
  // same EAGAIN a pid limit gives, which root does not get).
  ocv::test::Limits limits;
  limits.stack = 2ull << 30;
  limits.address_space = 1ull << 30;
  limits.wall_seconds = 120;
  const auto r = ocv::test::run_limited({"-j", "4", tmp.path().string()}, limits);
  BOOST_TEST(r.exit_code == 0, r.exit_code << ": " << r.out << r.err);
  BOOST_TEST(mentions(r.err, "could start only 1 of 4 threads"), r.err);
  BOOST_TEST(mentions(r.out, "VALID"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()
