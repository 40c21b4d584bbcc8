#include "reports/reporter.hpp"

#include <array>
#include <sstream>

#include "reports/codequality_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/sarif_report.hpp"
#include "reports/text_report.hpp"

namespace ocv::reports {
namespace {

/// A format whose report depends on the input alone.
template <void (*Write)(const ReportInput&, std::ostream&)>
class InputOnly final : public Reporter {
 public:
  void write(const ReportInput& input, std::ostream& out) const override { Write(input, out); }
};

template <void (*Write)(const ReportInput&, std::ostream&)>
std::unique_ptr<Reporter> make_input_only(const ReporterOptions&) {
  return std::make_unique<InputOnly<Write>>();
}

class TextReporter final : public Reporter {
 public:
  explicit TextReporter(bool color) : color_(color) {}
  void write(const ReportInput& input, std::ostream& out) const override {
    write_text(input, color_, out);
  }

 private:
  bool color_;
};

std::unique_ptr<Reporter> make_text(const ReporterOptions& options) {
  return std::make_unique<TextReporter>(options.color);
}

constexpr std::array kFormats{
    ReportFormat{.name = "text", .title = "text", .file_option = false, .make = make_text},
    ReportFormat{
        .name = "json", .title = "JSON", .file_option = true, .make = make_input_only<write_json>},
    ReportFormat{.name = "sarif",
                 .title = "SARIF 2.1.0",
                 .file_option = true,
                 .make = make_input_only<write_sarif>},
    ReportFormat{.name = "junit",
                 .title = "JUnit XML",
                 .file_option = true,
                 .make = make_input_only<write_junit>},
    ReportFormat{.name = "codequality",
                 .title = "GitLab Code Quality",
                 .file_option = true,
                 .make = make_input_only<write_codequality>},
};

}  // namespace

std::span<const ReportFormat> report_formats() { return kFormats; }

const ReportFormat* find_format(std::string_view name) {
  for (const auto& format : kFormats)
    if (format.name == name) return &format;
  return nullptr;
}

std::string render(const ReportFormat& format, const ReportInput& input,
                   const ReporterOptions& options) {
  std::ostringstream out;
  format.make(options)->write(input, out);
  return std::move(out).str();
}

}  // namespace ocv::reports
