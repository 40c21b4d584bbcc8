#include "reports/report_input.hpp"

#include <chrono>
#include <filesystem>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "validator/digest/digest.hpp"

namespace ocv::reports {

namespace fs = std::filesystem;

namespace {

std::string normalised_layout_path(const std::string& layout) {
  std::error_code ec;
  const auto absolute = fs::absolute(fs::path(layout), ec).lexically_normal();
  if (ec) return layout;
  const auto cwd = fs::current_path(ec);
  if (!ec) {
    const auto relative = absolute.lexically_relative(cwd);
    // Inside the working directory: a repository-relative path, which is
    // what code-scanning services resolve against the checkout.
    if (!relative.empty() && *relative.begin() != "..") {
      auto text = relative.generic_string();
      if (text == ".") return ".";
      while (!text.empty() && text.back() == '/') text.pop_back();
      return text;
    }
  }
  auto text = absolute.generic_string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

std::string ReportInput::layout_path() const {
  if (layout == "-") return "stdin";
  if (!remote.empty()) return layout;
  if (!cached_ || cached_for_ != layout) {
    cached_path_ = normalised_layout_path(layout);
    cached_for_ = layout;
    cached_ = true;
  }
  return cached_path_;
}

std::string ReportInput::path_of(std::string_view blob) const {
  if (!remote.empty()) {
    // Located already ("host/repo@sha256:<hex>"), or a layout path of the
    // summary ("blobs/sha256/<hex>"); the made-up layout files are the
    // reference itself.
    if (const auto digest = digest::digest_of_blob_path(blob))
      return fmt::format("{}@{}", remote, *digest);
    if (blob.empty() || blob == "index.json" || blob == "oci-layout") return layout;
    return std::string(blob);
  }
  const auto base = layout_path();
  if (archive) return blob.empty() ? base : fmt::format("{}:{}", base, blob);
  if (base == ".") return std::string(blob);
  return fmt::format("{}{}{}", base, base == "/" ? "" : "/", blob);
}

std::string ReportInput::artifact_of(std::string_view blob) const {
  return inside_input() ? layout_path() : path_of(blob);
}

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

}  // namespace ocv::reports
