#include "reports/codequality_report.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "reports/fingerprint.hpp"
#include "reports/json_writer.hpp"

namespace ocv::reports {
namespace {

using engine::Finding;
using engine::Severity;

/// GitLab's scale is info, minor, major, critical, blocker. A spec MUST
/// (error) is "major": blocker and critical are left to what stops a run
/// outright (an input that cannot be validated at all).
std::string_view gitlab_severity(Severity s) {
  switch (s) {
    case Severity::error:
      return "major";
    case Severity::warning:
      return "minor";
    case Severity::note:
      return "info";
  }
  return "info";
}

/// "DESC-004 <message>", then where inside the file when the path alone
/// cannot say it: the JSON pointer, the member of an archive or of a layer.
std::string description(const ReportInput& input, const Finding& f) {
  std::string out = fmt::format("{} {}", f.rule_id, f.message);
  if (input.archive && !f.location.blob.empty())
    out += fmt::format(" (archive member {})", f.location.blob);
  if (!f.location.pointer.empty()) out += fmt::format(" (at {})", f.location.pointer);
  if (!f.location.member.empty()) out += fmt::format(" (tar member {})", f.location.member);
  return out;
}

/// The file GitLab links: the blob of a layout ("images/httpd/blobs/sha256/
/// <hex>"), the layout's index.json for findings about the layout as a
/// whole, the archive file itself for an archive.
std::string path_of(const ReportInput& input, const Finding& f) {
  const std::string_view blob =
      f.location.blob.empty() ? std::string_view("index.json") : f.location.blob;
  return input.artifact_of(blob);
}

void write_issue(JsonWriter& w, std::string_view check, std::string_view text,
                 std::string_view severity, std::string_view fingerprint, std::string_view path,
                 std::size_t line) {
  w.StartObject();
  write_member(w, "type", "issue");
  write_member(w, "check_name", check);
  write_member(w, "description", text);
  // Code Climate requires categories; GitLab ignores them. A finding is an
  // image that other tools may not read as the spec says.
  w.Key("categories");
  w.StartArray();
  write_string(w, "Compatibility");
  w.EndArray();
  write_member(w, "severity", severity);
  write_member(w, "fingerprint", fingerprint);
  w.Key("location");
  w.StartObject();
  write_member(w, "path", path);
  w.Key("lines");
  w.StartObject();
  w.Key("begin");
  w.Uint64(line);
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

void write_findings(JsonWriter& w, const ReportInput& input) {
  std::vector<const Finding*> sorted;
  sorted.reserve(input.result->findings.size());
  for (const auto& f : input.result->findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Finding* a, const Finding* b) { return engine::finding_less(*a, *b); });
  // GitLab shows only the first issue of a fingerprint. Two findings of one
  // rule at one place (two images sharing a blob, or two messages about one
  // value) are told apart by their order there, which sorting makes stable.
  std::map<std::string, std::size_t, std::less<>> seen;
  for (const auto* f : sorted) {
    auto fingerprint = finding_fingerprint(*f);
    const auto n = seen[fingerprint]++;
    if (n > 0) fingerprint = fingerprint_of(fmt::format("{}#{}", fingerprint, n));
    // Lines are those of a blob file; inside an archive there is no line of
    // the archive file to point at.
    const auto line = input.archive || f->location.line == 0 ? std::size_t{1} : f->location.line;
    write_issue(w, f->rule_id, description(input, *f), gitlab_severity(f->severity), fingerprint,
                path_of(input, *f), line);
  }
}

}  // namespace

void write_codequality(const ReportInput& input, std::ostream& out) {
  JsonOutput stream(out);
  JsonWriter w(stream);
  w.SetIndent(' ', 2);
  w.StartArray();
  if (input.result != nullptr) {
    write_findings(w, input);
  } else {
    // The merge request then shows why nothing was checked, not a clean run.
    const auto why = input.error.empty() ? std::string("the input was not validated") : input.error;
    write_issue(w, "cannot-validate", fmt::format("ocivalidate could not validate: {}", why),
                "blocker",
                fingerprint_of(std::string("cannot-validate") + '\0' + input.layout_path()),
                input.layout_path(), 1);
  }
  w.EndArray();
  stream.Put('\n');
}

}  // namespace ocv::reports
