// Hostile inputs against the validator's own resources. Each case writes a
// layout at test time (tests/support/hostile_layouts) that once took the
// validator minutes or gigabytes, runs the binary under an address-space
// and a CPU-time limit (as `prlimit --as --cpu` would), and checks that it
// finished, within 256 MiB of peak RSS, with the expected verdict.
//
// The CPU limit is only a guard against a hang: about twenty times what the
// linear cost takes on a small 2-core machine, so that it never fails by
// chance but a return to quadratic behaviour (minutes) fails loudly. CPU
// time rather than wall time: other work on the machine does not count.
// Nothing asserts how fast a case ran; scripts/bench.sh measures that.
//
// OCV_RESOURCE_BINARY=/path/to/ocivalidate measures another build with the
// same generators; every case logs its figures (--log_level=message).
// OCV_RESOURCE_KEEP=DIR writes each case's layout to DIR/<case> and keeps
// it, to be run by hand (without limits, under a profiler).
// tests/CMakeLists.txt lists the cases CTest runs.
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "tests/support/hostile_layouts.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/limited_run.hpp"

namespace fs = std::filesystem;
namespace hostile = ocv::test::hostile;
using ocv::test::LimitedRun;
using ocv::test::TempDir;

namespace {

/// Where a case writes its layout: a temporary directory, or
/// $OCV_RESOURCE_KEEP/<case>, kept.
class CaseDir {
 public:
  CaseDir() {
    const char* keep = std::getenv("OCV_RESOURCE_KEEP");
    if (keep == nullptr || *keep == '\0') {
      temp_.emplace();
      path_ = temp_->path();
      return;
    }
    path_ = fs::path(keep) / boost::unit_test::framework::current_test_case().p_name.get();
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  const fs::path& path() const { return path_; }

 private:
  std::optional<TempDir> temp_;
  fs::path path_;
};

constexpr std::uint64_t kMaxPeakRss = 256ull << 20;

struct Expect {
  unsigned cpu_seconds = 60;           // CPU-time limit: a hang guard
  int exit_code = -1;                  // -1: 0 or 1 (a verdict, not a failure to run)
  std::vector<std::string> rules;      // text the report holds (rule IDs, member names)
  std::uint64_t max_report_bytes = 0;  // 0 = not checked

  Expect& cpu(unsigned seconds) {
    cpu_seconds = seconds;
    return *this;
  }
  Expect& exit(int code) {
    exit_code = code;
    return *this;
  }
  Expect& names(std::string text) {
    rules.push_back(std::move(text));
    return *this;
  }
  Expect& report_at_most(std::uint64_t bytes) {
    max_report_bytes = bytes;
    return *this;
  }
};

LimitedRun run_case(std::string_view name, const std::vector<std::string>& args,
                    const Expect& expect) {
  ocv::test::Limits limits;
  limits.address_space = 2ull << 30;  // headroom for thread arenas; RSS is checked below
  limits.cpu_seconds = expect.cpu_seconds;
  limits.wall_seconds = expect.cpu_seconds * 10;  // a busy machine is slow, not hung
  const auto r = ocv::test::run_limited(args, limits);
  BOOST_TEST_MESSAGE(
      fmt::format("{}: exit {}, wall {:.2f} s, cpu {:.2f} s, peak RSS {:.1f} MiB, "
                  "report {} bytes",
                  name, r.exit_code, r.wall_seconds, r.cpu_seconds,
                  static_cast<double>(r.peak_rss) / (1 << 20), r.out_bytes));
  if (std::getenv("OCV_RESOURCE_VERBOSE") != nullptr)
    BOOST_TEST_MESSAGE(r.out.substr(0, 3000) << r.err.substr(0, 1000));
  BOOST_TEST(!r.timed_out, name << ": killed after " << r.wall_seconds << " s");
  BOOST_TEST(r.exit_code != 128 + SIGXCPU, name << ": killed at its CPU limit of "
                                                << limits.cpu_seconds
                                                << " s, far beyond a linear cost");
  BOOST_TEST(r.peak_rss <= kMaxPeakRss, name << ": peak RSS " << (r.peak_rss >> 20) << " MiB");
  if (expect.exit_code >= 0)
    BOOST_TEST(r.exit_code == expect.exit_code, name << ": exit " << r.exit_code << "\n" << r.err);
  else
    BOOST_TEST((r.exit_code == 0 || r.exit_code == 1), name << ": exit " << r.exit_code << "\n"
                                                            << r.err);
  for (const auto& rule : expect.rules)
    BOOST_TEST(r.out.find(rule) != std::string::npos, name << ": no " << rule << " in\n"
                                                           << r.out.substr(0, 4000));
  if (expect.max_report_bytes != 0)
    BOOST_TEST(r.out_bytes <= expect.max_report_bytes,
               name << ": report of " << r.out_bytes << " bytes");
  return r;
}

std::vector<std::string> args_for(const fs::path& layout, std::vector<std::string> extra = {}) {
  extra.push_back(layout.string());
  return extra;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resources)

BOOST_AUTO_TEST_CASE(a_15_mb_ref_name) {
  CaseDir tmp;
  hostile::index_with_long_ref_name(tmp.path(), 15'000'000);
  run_case("15 MB ref.name", args_for(tmp.path()), Expect{});
  run_case("15 MB ref.name, JUnit", args_for(tmp.path(), {"--format", "junit"}),
           Expect{}.report_at_most(4u << 20));
}

BOOST_AUTO_TEST_CASE(a_1_mib_ref_name_on_400_missing_layers) {
  CaseDir tmp;
  hostile::long_ref_name_and_missing_layers(tmp.path(), 1u << 20, 400);
  run_case("1 MiB ref.name, 400 missing layers", args_for(tmp.path()),
           Expect{}.names("LYT-009").report_at_most(4u << 20));
}

BOOST_AUTO_TEST_CASE(a_million_empty_index_entries) {
  CaseDir tmp;
  hostile::index_of_empty_entries(tmp.path(), 1'000'000);
  run_case("1,000,000 {} in manifests", args_for(tmp.path()), Expect{}.exit(1));
}

BOOST_AUTO_TEST_CASE(twenty_thousand_distinct_manifests) {
  CaseDir tmp;
  hostile::many_distinct_manifests(tmp.path(), 20'000);
  // 20,001 documents, over the default --max-documents and
  // --max-document-memory: all of them read.
  const std::vector<std::string> all = {"--max-documents", "20001", "--max-document-memory", "1G"};
  run_case("20,000 distinct manifests", args_for(tmp.path(), all), Expect{}.cpu(180));
  run_case("20,000 distinct manifests, JUnit",
           args_for(tmp.path(), {"--max-documents", "20001", "--max-document-memory", "1G",
                                 "--format", "junit"}),
           Expect{}.cpu(180).report_at_most(64u << 20));
}

BOOST_AUTO_TEST_CASE(seven_million_numbers_in_one_array) {
  CaseDir tmp;
  hostile::index_with_number_array(tmp.path(), 7'500'000, 1);
  run_case("7.5 M numbers in one array", args_for(tmp.path()),
           Expect{}.exit(1).names("LIMIT-002").names("more than 2000000 JSON values"));
}

BOOST_AUTO_TEST_CASE(five_million_numbers_sixty_levels_deep) {
  CaseDir tmp;
  hostile::index_with_number_array(tmp.path(), 5'000'000, 60);
  run_case("5 M numbers 60 levels deep", args_for(tmp.path()),
           Expect{}.exit(1).names("LIMIT-002").names("more than 2000000 JSON values"));
}

BOOST_AUTO_TEST_CASE(two_million_numbers_just_under_the_value_limit) {
  CaseDir tmp;
  hostile::index_with_number_array(tmp.path(), 1'999'000, 1);
  run_case("1,999,000 numbers in one array", args_for(tmp.path()), Expect{});
}

BOOST_AUTO_TEST_CASE(one_and_a_half_million_members_in_one_object) {
  CaseDir tmp;
  hostile::index_with_object_members(tmp.path(), 1'500'000);
  run_case("1,500,000 members in one object", args_for(tmp.path()), Expect{});
}

BOOST_AUTO_TEST_CASE(a_hundred_thousand_empty_blob_files) {
  // Twice the default --max-blob-files, all of them listed.
  CaseDir tmp;
  hostile::empty_blob_files(tmp.path(), 100'000);
  run_case("100,000 empty blob files", args_for(tmp.path(), {"--max-blob-files", "200000"}),
           Expect{}.cpu(180).exit(1).names("LYT-005"));
}

BOOST_AUTO_TEST_CASE(a_hundred_thousand_empty_blob_files_in_every_report_format) {
  // Every finding in every format (all 200,000 listed: no limit per rule),
  // each report written as it goes. Held whole, the JSON report of this
  // layout took 650 MiB of peak RSS, JUnit 349 MiB and SARIF 273 MiB, where
  // text took 211 MiB.
  CaseDir tmp;
  hostile::empty_blob_files(tmp.path(), 100'000);
  const auto expect = Expect{}.cpu(180).exit(1).names("LYT-005");
  const auto args = [&](std::vector<std::string> report) {
    report.insert(report.begin(),
                  {"--max-findings-per-rule", "100000", "--max-blob-files", "200000"});
    return args_for(tmp.path(), std::move(report));
  };
  run_case("100,000 empty blob files, JSON", args({"--format", "json"}),
           Expect{expect}.report_at_most(200'000'000));
  // SARIF keeps GitHub's 25,000 results per run.
  run_case("100,000 empty blob files, SARIF", args({"--format", "sarif"}),
           Expect{expect}.report_at_most(64'000'000));
  run_case("100,000 empty blob files, JUnit", args({"--format", "junit"}),
           Expect{expect}.report_at_most(64'000'000));
  TempDir reports;
  const auto file = [&](std::string_view name) { return (reports.path() / name).string(); };
  run_case("100,000 empty blob files, text and JSON, SARIF, JUnit files",
           args({"--json", file("r.json"), "--sarif", file("r.sarif"), "--junit", file("r.xml")}),
           Expect{expect});
  for (const auto* name : {"r.json", "r.sarif", "r.xml"})
    BOOST_TEST(fs::file_size(reports.path() / name) > 10'000'000u, name);
}

BOOST_AUTO_TEST_CASE(two_hundred_thousand_empty_blob_files) {
  // 400,000 findings: each rule lists its first 1,000 and one more finding
  // counts the rest (--max-findings-per-rule). Every one held, they took
  // 401 MiB. Four times the default --max-blob-files, all of them listed.
  CaseDir tmp;
  hostile::empty_blob_files(tmp.path(), 200'000);
  run_case("200,000 empty blob files", args_for(tmp.path(), {"--max-blob-files", "300000"}),
           Expect{}.cpu(360).exit(1).names("LYT-005").names("199000 more LYT-005 findings"));
}

BOOST_AUTO_TEST_CASE(four_hundred_thousand_empty_blob_files_over_the_blob_file_limit) {
  // Listed whole, the scan of 400,000 files would take about 250 MiB; the
  // default --max-blob-files lists the first 50,000 entries by name (the
  // image's three blobs among them or not: they are read by their path)
  // and counts the rest, which fails the run with LIMIT-009.
  CaseDir tmp;
  hostile::empty_blob_files(tmp.path(), 400'000);
  run_case("400,000 empty blob files", args_for(tmp.path()),
           Expect{}
               .cpu(360)
               .exit(1)
               .names("LIMIT-009")
               .names("this one and 350003 more were not examined"));
}

BOOST_AUTO_TEST_CASE(ten_thousand_attested_images) {
  // Whether another entry names an attestation's image is looked up in one
  // count per index, not by scanning every entry for each attestation.
  CaseDir tmp;
  hostile::attested_images(tmp.path(), 10'000);
  // 30,001 documents and 10,000 payloads, over the default --max-documents
  // and --max-document-memory: all of them read.
  run_case("10,000 images with BuildKit attestations",
           args_for(tmp.path(), {"--max-documents", "40001", "--max-document-memory", "1G"}),
           Expect{}.cpu(240));
}

BOOST_AUTO_TEST_CASE(twenty_thousand_attested_images_over_the_document_limit) {
  // 60,001 documents: the walk holds the default --max-documents and reads
  // no more, which fails the run with LIMIT-008 instead of growing.
  CaseDir tmp;
  hostile::attested_images(tmp.path(), 20'000);
  run_case("20,000 images with BuildKit attestations", args_for(tmp.path()),
           Expect{}.cpu(240).exit(1).names("LIMIT-008"));
}

BOOST_AUTO_TEST_CASE(twenty_thousand_attested_images_over_the_document_memory) {
  // Without the count limit the memory limit alone bounds what the walk
  // holds: the documents and the graph's records of them (236 MiB of peak
  // RSS when only the documents were charged).
  CaseDir tmp;
  hostile::attested_images(tmp.path(), 20'000);
  run_case("20,000 images with BuildKit attestations, no count limit",
           args_for(tmp.path(), {"--max-documents", "1000000"}),
           Expect{}.cpu(240).exit(1).names("LIMIT-008").names("--max-document-memory"));
}

BOOST_AUTO_TEST_CASE(one_manifest_of_20000_layers_named_by_2000_entries) {
  // 2,000 images of one manifest: each image's lists of layers, layer facts
  // and member indexes were copied per image (one such manifest named by
  // 1,000 entries took 650 MiB); they are kept once per manifest.
  CaseDir tmp;
  hostile::one_manifest_named_by_many_entries(tmp.path(), 2'000, 20'000);
  run_case("one manifest of 20,000 layers named by 2,000 entries", args_for(tmp.path()),
           Expect{}.cpu(240));
}

BOOST_AUTO_TEST_CASE(configs_of_two_million_values_over_the_document_memory) {
  // Twelve configs of 1,999,000 numbers (4 MB each, within the limits of
  // one document), each 50 MiB parsed: held together they took 647 MiB. The walk holds what fits
  // the default --max-document-memory and reads no more, which fails the run with LIMIT-008.
  CaseDir tmp;
  hostile::images_with_large_configs(tmp.path(), 12, 1'999'000, 0);
  run_case("12 configs of 2 M values", args_for(tmp.path()),
           Expect{}.cpu(240).exit(1).names("LIMIT-008").names("--max-document-memory"));
}

BOOST_AUTO_TEST_CASE(every_memory_limit_reached_in_one_layout) {
  // What each limit leaves to the rest of the run, at once: 2,400 attested
  // images (about 9,600 small documents, whose records the budget charges
  // with them) take most of --max-document-memory, then three configs of
  // 1,100,000 values come: the first one's parse fits what is left and is
  // held, the others are refused before parsing; 50,000 stray files fill
  // the blob listing to --max-blob-files. Both limits are reached.
  CaseDir tmp;
  hostile::attested_images_then_large_configs(tmp.path(), 2'400, 3, 1'100'000, 50'000);
  run_case("attested images, 1.1 M-value configs and stray files", args_for(tmp.path()),
           Expect{}.cpu(240).exit(1).names("LIMIT-008").names("LIMIT-009"));
}

BOOST_AUTO_TEST_CASE(the_largest_index_json_beside_a_full_blob_listing) {
  // index.json is charged, never refused (nothing can be checked without
  // it): its largest form, 1,500,000 members within the size and value
  // limits, beside 50,000 stray files listed to --max-blob-files.
  CaseDir tmp;
  hostile::index_with_object_members(tmp.path(), 1'500'000);
  hostile::stray_blob_files(tmp.path(), 50'000);
  run_case("1,500,000 index.json members and 50,000 stray files", args_for(tmp.path()),
           Expect{}.cpu(240).exit(1).names("LYT-005"));
}

BOOST_AUTO_TEST_CASE(configs_near_the_document_size_limit_over_the_document_memory) {
  // Eight configs of 15.9 MiB (under the 16 MiB --max-document-size),
  // whose strings the DOM copies: about 32 MiB each held, 304 MiB of peak
  // RSS together. 128 MB on disk.
  CaseDir tmp;
  hostile::images_with_large_configs(tmp.path(), 8, 0, (16u << 20) - 100'000);
  run_case("8 configs of 15.9 MiB", args_for(tmp.path()),
           Expect{}.cpu(240).exit(1).names("LIMIT-008").names("--max-document-memory"));
}

BOOST_AUTO_TEST_CASE(one_layer_named_six_thousand_times) {
  CaseDir tmp;
  hostile::one_layer_named_many_times(tmp.path(), 50'000, 6'000);
  run_case("50,000-member layer named 6,000 times", args_for(tmp.path()), Expect{}.cpu(180));
}

BOOST_AUTO_TEST_CASE(a_pax_path_of_half_a_million_components) {
  CaseDir tmp;
  hostile::deep_pax_path(tmp.path(), 499'000);
  run_case("1 MB pax path of 499k components", args_for(tmp.path()), Expect{});
}

BOOST_AUTO_TEST_CASE(a_thousand_one_megabyte_pax_paths) {
  CaseDir tmp;
  hostile::many_long_pax_paths(tmp.path(), 1'000, 900'000);
  run_case("1,000 members with 900 kB pax paths", args_for(tmp.path()), Expect{}.cpu(180));
}

BOOST_AUTO_TEST_CASE(four_and_a_half_million_members) {
  CaseDir tmp;
  hostile::many_members_then(tmp.path(), 4'500'000, {"../../etc/cron.d/evil", "/etc/passwd"});
  run_case("4.5 M tiny members, then ../ and / paths", args_for(tmp.path()),
           Expect{}.cpu(360).exit(1).names("LAY-013").names("etc/cron.d/evil"));
}

BOOST_AUTO_TEST_CASE(sixteen_zstd_layers_with_128_mib_windows_on_16_threads) {
  CaseDir tmp;
  hostile::zstd_layers_with_large_windows(tmp.path(), 16, 27);
  run_case("16 zstd layers, 128 MiB windows, -j 16", args_for(tmp.path(), {"-j", "16"}), Expect{});
}

BOOST_AUTO_TEST_SUITE_END()
