#include "apps/cli/outputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include <fmt/format.h>

#include "reports/codequality_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/sarif_report.hpp"
#include "reports/text_report.hpp"
#include "reports/utf8.hpp"

namespace ocv::cli {

namespace fs = std::filesystem;

namespace {

reports::TextOptions text_options(const reports::ReportInput& input, bool color) {
  reports::TextOptions text;
  text.color = color;
  text.layout_name = input.layout;
  text.archive = input.archive;
  text.policy = *input.policy;
  text.suppressed = input.suppressed;
  return text;
}

}  // namespace

std::string render(const std::string& format, const reports::ReportInput& input, bool color) {
  if (format == "json") return reports::render_json(input);
  if (format == "sarif") return reports::render_sarif(input);
  if (format == "junit") return reports::render_junit(input);
  if (format == "codequality") return reports::render_codequality(input);
  if (input.result == nullptr) return "";  // text: the error goes to stderr
  return reports::render_text(*input.result, text_options(input, color));
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

void refuse_layout_files(const std::string& layout, const Outputs& outputs) {
  std::vector<std::pair<const ReportFile*, struct stat>> linked;
  for (const auto& file : outputs.files) {
    struct stat st {};
    // Only an existing file with more than one name can be a layout file
    // reached another way (links through symbolic links are refused as
    // "inside the layout" already).
    if (::stat(file.path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink > 1)
      linked.emplace_back(&file, st);
  }
  if (linked.empty()) return;
  std::error_code ec;
  for (fs::recursive_directory_iterator
           it(layout, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    for (const auto& [file, target] : linked) {
      if (st.st_dev != target.st_dev || st.st_ino != target.st_ino) continue;
      throw std::runtime_error(fmt::format(
          "refusing to write {}: it is the same file as {} of the layout being validated "
          "(a hard link); ocivalidate never changes what it validates",
          file->path, it->path().lexically_relative(layout).string()));
    }
  }
}

namespace {

/// Writes `bytes` to a temporary file next to `path` and renames it into
/// place. Returns "" or why it failed.
std::string write_replacing(const std::string& path, const std::string& bytes) {
  const fs::path target(path);
  const auto dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string name = ".";
  name += target.filename().string();
  name += ".XXXXXX";
  std::string temp = (dir / name).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return std::strerror(errno);
  std::string error;
  for (std::size_t done = 0; done < bytes.size() && error.empty();) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = std::strerror(n < 0 ? errno : EIO);
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  // mkstemp creates the file 0600; a report is as readable as any file the
  // user creates.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (error.empty() && ::fchmod(fd, 0666 & ~mask) != 0) error = std::strerror(errno);
  if (::close(fd) != 0 && error.empty()) error = std::strerror(errno);
  if (error.empty() && ::rename(temp.c_str(), path.c_str()) != 0) error = std::strerror(errno);
  if (!error.empty()) ::unlink(temp.c_str());
  return error;
}

}  // namespace

bool emit(const Outputs& outputs, const reports::ReportInput& input) {
  if (outputs.stdout_format == "text") {
    if (input.result != nullptr)  // without one, the error goes to stderr
      reports::render_text(*input.result, text_options(input, outputs.color), std::cout);
  } else {
    std::cout << render(outputs.stdout_format, input, outputs.color);
  }
  std::cout.flush();
  bool ok = true;
  for (const auto& file : outputs.files) {
    const auto error = write_replacing(file.path, render(file.format, input, false));
    if (!error.empty()) {
      std::cerr << fmt::format("ocivalidate: cannot write {} report to {}: {}\n", file.format,
                               reports::printable(file.path), error);
      ok = false;
    }
  }
  return ok;
}

}  // namespace ocv::cli
