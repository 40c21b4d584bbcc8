// How reports name the files of what was validated (ReportInput): a
// layout inside the working directory by its relative path, one outside by
// its absolute path, an archive's members after the archive's name, and a
// registry's blobs by reference and digest.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "reports/report_input.hpp"
#include "tests/support/layout_builder.hpp"

namespace fs = std::filesystem;

namespace {

/// Runs the test body in `dir` and goes back to the directory it came from.
class InDirectory {
 public:
  explicit InDirectory(const fs::path& dir) : before_(fs::current_path()) { fs::current_path(dir); }
  InDirectory(const InDirectory&) = delete;
  InDirectory& operator=(const InDirectory&) = delete;
  ~InDirectory() { fs::current_path(before_); }

 private:
  fs::path before_;
};

ocv::reports::ReportInput input_of(std::string layout, bool archive = false,
                                   std::string remote = "") {
  ocv::reports::ReportInput in;
  in.layout = std::move(layout);
  in.archive = archive;
  in.remote = std::move(remote);
  return in;
}

const std::string kHex(64, 'a');

}  // namespace

BOOST_AUTO_TEST_SUITE(text_report)
BOOST_AUTO_TEST_SUITE(report_input)

BOOST_AUTO_TEST_CASE(a_layout_inside_the_working_directory_is_named_relative_to_it) {
  ocv::test::TempDir tmp;
  fs::create_directories(tmp.path() / "images" / "httpd");
  const InDirectory here(tmp.path());
  for (const auto& typed :
       {std::string("images/httpd"), std::string("images/httpd/"), std::string("./images/httpd"),
        std::string("images/../images/httpd"), (tmp.path() / "images/httpd").string()}) {
    const auto in = input_of(typed);
    BOOST_TEST(in.layout_path() == "images/httpd", typed);
    BOOST_TEST(in.path_of("index.json") == "images/httpd/index.json", typed);
    BOOST_TEST(in.artifact_of("index.json") == "images/httpd/index.json", typed);
  }
  // The working directory itself: blobs by their own paths.
  for (const char* typed : {".", "./", "images/.."}) {
    const auto in = input_of(typed);
    BOOST_TEST(in.layout_path() == ".", typed);
    BOOST_TEST(in.path_of("blobs/sha256/" + kHex) == "blobs/sha256/" + kHex, typed);
  }
}

BOOST_AUTO_TEST_CASE(a_layout_outside_the_working_directory_is_named_by_its_absolute_path) {
  ocv::test::TempDir tmp;
  fs::create_directories(tmp.path() / "work");
  fs::create_directories(tmp.path() / "layout");
  const InDirectory here(tmp.path() / "work");
  const auto absolute = (tmp.path() / "layout").lexically_normal().generic_string();
  for (const auto& typed : {std::string("../layout"), std::string("../layout//"), absolute + "/"}) {
    const auto in = input_of(typed);
    BOOST_TEST(in.layout_path() == absolute, typed);
    BOOST_TEST(in.path_of("oci-layout") == absolute + "/oci-layout", typed);
  }
  // The root directory keeps its one slash.
  const auto root = input_of("/");
  BOOST_TEST(root.layout_path() == "/");
  BOOST_TEST(root.path_of("index.json") == "/index.json");
}

BOOST_AUTO_TEST_CASE(the_path_follows_a_changed_layout) {
  ocv::test::TempDir tmp;
  fs::create_directories(tmp.path() / "a");
  fs::create_directories(tmp.path() / "b");
  const InDirectory here(tmp.path());
  auto in = input_of("a");
  BOOST_TEST(in.path_of("index.json") == "a/index.json");
  in.layout = (tmp.path() / "b").string();
  BOOST_TEST(in.path_of("index.json") == "b/index.json");
}

BOOST_AUTO_TEST_CASE(an_archive_names_its_members_after_its_own_name) {
  ocv::test::TempDir tmp;
  const InDirectory here(tmp.path());
  const auto in = input_of("httpd.tar", true);
  BOOST_TEST(in.inside_input());
  BOOST_TEST(in.path_of("blobs/sha256/" + kHex) == "httpd.tar:blobs/sha256/" + kHex);
  BOOST_TEST(in.path_of("") == "httpd.tar");
  BOOST_TEST(in.artifact_of("blobs/sha256/" + kHex) == "httpd.tar");
  // Standard input is an archive read as a stream.
  const auto stdin_input = input_of("-", true);
  BOOST_TEST(stdin_input.layout_path() == "stdin");
  BOOST_TEST(stdin_input.path_of("index.json") == "stdin:index.json");
  BOOST_TEST(!input_of("httpd").inside_input());
}

BOOST_AUTO_TEST_CASE(a_registry_image_names_blobs_by_reference_and_digest) {
  const auto in = input_of("docker://localhost:5000/app:1.0", false, "localhost:5000/app");
  BOOST_TEST(in.inside_input());
  BOOST_TEST(in.layout_path() == "docker://localhost:5000/app:1.0");
  BOOST_TEST(in.path_of("blobs/sha256/" + kHex) == "localhost:5000/app@sha256:" + kHex);
  // The layout files the registry source makes up are the reference itself.
  for (const char* made_up : {"", "index.json", "oci-layout"})
    BOOST_TEST(in.path_of(made_up) == "docker://localhost:5000/app:1.0", made_up);
  // A blob already named by its location stays as it is.
  const auto located = "localhost:5000/app@sha256:" + kHex;
  BOOST_TEST(in.path_of(located) == located);
  BOOST_TEST(in.artifact_of("blobs/sha256/" + kHex) == "docker://localhost:5000/app:1.0");
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
