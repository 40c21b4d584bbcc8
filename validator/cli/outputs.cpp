#include "validator/cli/outputs.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <fmt/format.h>

#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/sarif_report.hpp"
#include "reports/text_report.hpp"

namespace ocv::cli {

namespace fs = std::filesystem;

std::string render(const std::string& format, const reports::ReportInput& input, bool color) {
  if (format == "json") return reports::render_json(input);
  if (format == "sarif") return reports::render_sarif(input);
  if (format == "junit") return reports::render_junit(input);
  if (input.result == nullptr) return "";  // text: the error goes to stderr
  reports::TextOptions text;
  text.color = color;
  text.layout_name = input.layout;
  text.policy = *input.policy;
  text.suppressed = input.suppressed;
  return reports::render_text(*input.result, text);
}

void refuse_files_inside(const std::string& layout, const Outputs& outputs) {
  std::error_code ec;
  const auto root = fs::weakly_canonical(fs::absolute(layout, ec), ec);
  if (ec) return;
  for (const auto& file : outputs.files) {
    const auto target = fs::weakly_canonical(fs::absolute(file.path, ec), ec);
    if (ec) continue;
    const auto rel = target.lexically_relative(root);
    if (!rel.empty() && *rel.begin() != "..")
      throw std::runtime_error(
          fmt::format("refusing to write {} inside the layout being validated ({}); "
                      "ocivalidate never changes what it validates",
                      file.path, layout));
  }
}

bool emit(const Outputs& outputs, const reports::ReportInput& input) {
  std::cout << render(outputs.stdout_format, input, outputs.color);
  std::cout.flush();
  bool ok = true;
  for (const auto& file : outputs.files) {
    std::ofstream out(file.path, std::ios::binary | std::ios::trunc);
    out << render(file.format, input, false);
    out.close();
    if (!out) {
      std::cerr << fmt::format("ocivalidate: cannot write {} report to {}\n", file.format,
                               file.path);
      ok = false;
    }
  }
  return ok;
}

}  // namespace ocv::cli
