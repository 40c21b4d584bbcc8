#include "reports/junit_xml.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "reports/report_input.hpp"
#include "validator/encoding/utf8.hpp"

namespace ocv::reports::junit {
namespace {

// U+FFFD REPLACEMENT CHARACTER, written as a reference: xunit-viewer's
// encoding sniffer takes a literal U+FFFD for a failed UTF-8 decode, guesses
// cp1252 and aborts.
constexpr std::string_view kReplacement = "&#xFFFD;";
// Stands in for names the Ant XSD requires to be non-blank.
constexpr std::string_view kUnnamed = "unnamed";

// ---------------------------------------------------------------------------
// XML text

/// The Char production of XML 1.0: anything else makes the document malformed.
bool xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

enum class Context { attribute, text };

/// Escapes markup characters and replaces what XML 1.0 cannot carry (invalid
/// UTF-8, control characters) with U+FFFD, so that messages quoting broken
/// blobs cannot break the report. Valid non-ASCII characters are copied as
/// they are. In attributes, tabs and newlines become
/// character references: a parser would otherwise normalise them to spaces.
std::string escape(std::string_view in, Context where) {
  const bool attribute = where == Context::attribute;
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    const auto [length, cp] = encoding::decode_utf8(in, 0);
    if (length == 0) {
      out += kReplacement;
      in.remove_prefix(1);
      continue;
    }
    const auto sequence = in.substr(0, length);
    in.remove_prefix(length);
    if (!xml_char(cp) || cp == 0xFFFD) {
      out += kReplacement;
      continue;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':  // also keeps "]]>" out of text
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':  // a literal CR would be read back as LF
        out += "&#13;";
        break;
      default:
        out += sequence;
    }
  }
  return out;
}

std::string attr(std::string_view name, std::string_view value) {
  return fmt::format(" {}=\"{}\"", name, escape(value, Context::attribute));
}

/// Whether `s` collapses to nothing as an xs:token (XML whitespace only).
bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string_view named(std::string_view s) { return blank(s) ? kUnnamed : s; }

// ---------------------------------------------------------------------------
// Run facts

/// Seconds with at most three decimals: junit-10.xsd rejects more, and its
/// pattern has no sign, so negative values (-0.0 included) become zero.
std::string seconds_text(double seconds) {
  if (!std::isfinite(seconds) || !(seconds > 0)) return "0.000";
  return fmt::format("{:.3f}", seconds);
}

bool is_local_timestamp(std::string_view t) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (t.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool ok =
        kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(t[i])) != 0 : t[i] == kShape[i];
    if (!ok) return false;
  }
  return true;
}

std::size_t count_outcome(const TestSuite& suite, Outcome outcome) {
  return static_cast<std::size_t>(
      std::count_if(suite.cases.begin(), suite.cases.end(),
                    [&](const TestCase& c) { return c.outcome == outcome; }));
}

}  // namespace

// ---------------------------------------------------------------------------
// Writing

DocumentWriter::DocumentWriter(std::ostream& out, const RunInfo& run) : out_(out), run_(run) {
  // Normalised here, so that a default RunInfo still gives a valid document.
  run_.timestamp = timestamp_from_utc(run.timestamp);
  if (blank(run_.hostname)) run_.hostname = "localhost";
  out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
}

/// Attribute order and the element sequence follow the strict Ant XSD:
/// properties first, system-out and system-err last, all of them present.
void DocumentWriter::begin_suite(const SuiteStart& suite) {
  out_ << fmt::format(
      "  <testsuite{}{}{}{}{}{}{}{}{}{}>\n", attr("name", named(suite.name)),
      attr("package", run_.package), attr("id", std::to_string(next_id_++)),
      attr("timestamp", run_.timestamp), attr("hostname", run_.hostname),
      attr("tests", std::to_string(suite.tests)), attr("failures", std::to_string(suite.failures)),
      attr("errors", std::to_string(suite.errors)), attr("skipped", std::to_string(suite.skipped)),
      attr("time", seconds_text(suite.seconds)));
  out_ << "    <properties>\n";
  for (const auto& [name, value] : suite.properties)
    out_ << fmt::format("      <property{}{}/>\n", attr("name", named(name)), attr("value", value));
  // The Ant XSD requires <properties> and dtkit junit-4.xsd at least one
  // property in it, so a suite without any names the package.
  if (suite.properties.empty())
    out_ << fmt::format("      <property name=\"package\"{}/>\n", attr("value", run_.package));
  out_ << "    </properties>\n";
}

void DocumentWriter::begin_case(const TestCase& c) {
  open_case_ = c.outcome;
  out_ << fmt::format("    <testcase{}{}{}", attr("classname", c.classname), attr("name", c.name),
                      attr("time", seconds_text(c.seconds)));
  switch (c.outcome) {
    case Outcome::passed:
      out_ << "/>\n";
      return;
    case Outcome::skipped:
      // Text, not a message attribute: junit-4.xsd allows no attribute here.
      out_ << ">\n      <skipped>";
      return;
    case Outcome::failure:
    case Outcome::error:
      // The Ant XSD requires the type attribute, even when empty.
      out_ << fmt::format(">\n      <{}{}{}>", c.outcome == Outcome::failure ? "failure" : "error",
                          attr("message", c.message), attr("type", c.type));
      return;
  }
}

void DocumentWriter::end_case() {
  flush_text(true);
  switch (open_case_) {
    case Outcome::passed:
      return;
    case Outcome::skipped:
      out_ << "</skipped>\n";
      break;
    case Outcome::failure:
      out_ << "</failure>\n";
      break;
    case Outcome::error:
      out_ << "</error>\n";
      break;
  }
  out_ << "    </testcase>\n";
  open_case_ = Outcome::passed;
}

void DocumentWriter::begin_system_out() { out_ << "    <system-out>"; }

void DocumentWriter::end_suite(std::string_view system_err) {
  flush_text(true);
  out_ << "</system-out>\n";
  if (system_err.empty())
    out_ << "    <system-err/>\n";
  else
    out_ << fmt::format("    <system-err>{}</system-err>\n", escape(system_err, Context::text));
  out_ << "  </testsuite>\n";
}

void DocumentWriter::finish() { out_ << "</testsuites>\n"; }

void DocumentWriter::text(std::string_view piece) {
  pending_ += piece;
  if (pending_.size() < flush_at_) return;
  flush_text(false);
  // Text without an ASCII byte stays pending: look again a block later,
  // not at every piece.
  flush_at_ = pending_.size() + kTextBlockBytes;
}

/// Escapes and writes the pending text; unless `all`, only up to its last
/// ASCII byte. An ASCII byte is a character of its own and never part of
/// another's sequence, so the text escapes exactly as it would whole.
void DocumentWriter::flush_text(bool all) {
  std::size_t end = pending_.size();
  if (!all) {
    while (end > 0 && static_cast<unsigned char>(pending_[end - 1]) >= 0x80) --end;
    if (end == 0) return;  // no boundary yet: wait for more
  }
  out_ << escape(std::string_view(pending_).substr(0, end), Context::text);
  pending_.erase(0, end);
  if (all) flush_at_ = kTextBlockBytes;
}

void DocumentWriter::suite(const TestSuite& suite) {
  begin_suite({.name = suite.name,
               .properties = suite.properties,
               .tests = suite.cases.size(),
               .failures = count_outcome(suite, Outcome::failure),
               .errors = count_outcome(suite, Outcome::error),
               .skipped = count_outcome(suite, Outcome::skipped),
               .seconds = suite.seconds});
  for (const auto& c : suite.cases) {
    begin_case(c);
    if (c.outcome != Outcome::passed) text(c.body);
    end_case();
  }
  begin_system_out();
  text(suite.system_out);
  end_suite(suite.system_err);
}

std::string render(const std::vector<TestSuite>& suites, const RunInfo& run) {
  std::ostringstream out;
  DocumentWriter writer(out, run);
  for (const auto& suite : suites) writer.suite(suite);
  writer.finish();
  return std::move(out).str();
}

/// "YYYY-MM-DDTHH:MM:SS": the Ant XSD allows neither a zone nor a fraction.
std::string timestamp_from_utc(std::string_view started_utc) {
  const auto head = started_utc.substr(0, 19);
  if (is_local_timestamp(head)) return std::string(head);
  return utc_now().substr(0, 19);
}

/// The Ant XSD wants a non-blank hostname and names "localhost" as the fallback.
std::string host_name() {
  std::array<char, 256> buffer{};
  if (gethostname(buffer.data(), buffer.size() - 1) != 0) return "localhost";
  const std::string name(buffer.data());
  if (blank(name)) return "localhost";
  return name;
}

}  // namespace ocv::reports::junit
