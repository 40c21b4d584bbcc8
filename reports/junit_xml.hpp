#pragma once
// JUnit XML writer shared by every feature that reports in that format: the
// validation report (junit_report) and the conformance-suite runner. Callers
// build a plain model of suites and testcases; the writer owns what makes the
// document acceptable to CI dashboards: escaping, XSD attribute and element
// order, declared counts that match the testcases, time and timestamp shapes.
// A report too large to hold goes through DocumentWriter piece by piece.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocv::reports::junit {

enum class Outcome { passed, failure, error, skipped };

// Every member has a default initializer, so that callers may leave members
// out of designated initializers without -Wmissing-field-initializers.

struct TestCase {
  std::string classname{};
  std::string name{};
  Outcome outcome = Outcome::passed;
  /// The message and type attributes of <failure>/<error>; unused otherwise
  /// (junit-4.xsd allows no attribute on <skipped>).
  std::string message{};
  std::string type{};
  /// The text of <failure>/<error>, or why the test was skipped.
  std::string body{};
  double seconds = 0;
};

struct TestSuite {
  /// A blank name is written as "unnamed": the Ant XSD requires a non-blank one.
  std::string name{};
  /// Written in this order; a blank property name is written as "unnamed".
  /// Without any, the suite gets one naming RunInfo::package: dtkit
  /// junit-4.xsd wants at least one property.
  std::vector<std::pair<std::string, std::string>> properties{};
  std::vector<TestCase> cases{};
  std::string system_out{};
  std::string system_err{};
  double seconds = 0;
};

/// Facts of the run, shared by every suite of the document.
struct RunInfo {
  std::string package = "ocivalidate";
  /// "YYYY-MM-DDTHH:MM:SS"; only that prefix is written (the Ant XSD allows
  /// no zone), and the current UTC time when the value does not start with it.
  std::string timestamp{};
  /// A blank host name is written as "localhost" (see host_name).
  std::string hostname{};
};

/// What <testsuite> declares before its testcases: the counts must match
/// the testcases that follow.
struct SuiteStart {
  std::string name{};  // blank: "unnamed"
  std::vector<std::pair<std::string, std::string>> properties{};
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;
  double seconds = 0;
};

/// Writes a document to a stream as it goes: suites, testcases and the text
/// of a testcase or of <system-out> in pieces, so that nothing but the piece
/// at hand is held. The calls follow the document's order:
///   begin_suite, { begin_case, text..., end_case }, begin_system_out,
///   text..., end_suite(system_err), ... finish.
/// Text is escaped as render() escapes it, whatever the pieces.
class DocumentWriter {
 public:
  /// Writes the XML declaration and <testsuites>.
  DocumentWriter(std::ostream& out, const RunInfo& run);
  DocumentWriter(const DocumentWriter&) = delete;
  DocumentWriter& operator=(const DocumentWriter&) = delete;

  /// A whole suite held in memory.
  void suite(const TestSuite& suite);

  void begin_suite(const SuiteStart& suite);
  /// <testcase> of `c`, opening its <failure>, <error> or <skipped> element
  /// (whose text follows through text()); `c.body` is not written.
  void begin_case(const TestCase& c);
  void end_case();
  void begin_system_out();
  /// </system-out>, then <system-err> holding `system_err`, </testsuite>.
  void end_suite(std::string_view system_err = {});
  /// </testsuites>.
  void finish();

  /// Text of the element open now, escaped.
  void text(std::string_view piece);

 private:
  void flush_text(bool all);

  std::ostream& out_;
  RunInfo run_;
  std::size_t next_id_ = 0;
  Outcome open_case_ = Outcome::passed;
  // Text is escaped and written once this much of it is pending.
  static constexpr std::size_t kTextBlockBytes = 64 * 1024;
  std::string pending_;  // text not yet escaped and written
  std::size_t flush_at_ = kTextBlockBytes;
};

/// The whole document: XML declaration, then <testsuites> with one
/// <testsuite> per element of `suites`, ids counting from 0. Valid against
/// the Jenkins xUnit junit-10, dtkit junit-4 and strict Ant JUnit XSDs
/// whatever the suites hold: text that XML cannot carry (invalid UTF-8, control
/// characters) becomes U+FFFD, times are clamped to non-negative values with
/// at most three decimals.
std::string render(const std::vector<TestSuite>& suites, const RunInfo& run);

/// The JUnit timestamp of a run started at `started_utc`
/// ("2026-12-02T16:10:42Z" gives "2026-12-02T16:10:42"); the current UTC
/// time when `started_utc` does not start with that shape.
std::string timestamp_from_utc(std::string_view started_utc);

/// This machine's host name, "localhost" when it cannot be determined.
std::string host_name();

}  // namespace ocv::reports::junit
