#include "apps/cli/rule_docs_url.hpp"

#include <cctype>
#include <filesystem>
#include <system_error>

#include <CLI/CLI.hpp>

#include "reports/text_escape.hpp"

namespace ocv::cli {
namespace {

namespace fs = std::filesystem;

std::string with_slash(std::string url) {
  if (!url.ends_with('/')) url += '/';
  return url;
}

/// RFC 3986 § 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":".
bool has_scheme(const std::string& url) {
  const auto colon = url.find(':');
  if (colon == 0 || colon == std::string::npos ||
      std::isalpha(static_cast<unsigned char>(url[0])) == 0)
    return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (std::isalnum(c) == 0 && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::string file_uri(const std::string& path) { return "file://" + reports::percent_encoded(path); }

std::string rule_docs_url(const std::string& option) {
  if (!option.empty()) {
    if (!has_scheme(option) || option.find_first_of(" \t\r\n") != std::string::npos)
      throw CLI::ValidationError("--rule-docs-url",
                                 "must be an absolute URI, such as https://example.com/rules/");
    return with_slash(option);
  }
  if (const std::string configured = OCV_RULE_DOCS_URL; !configured.empty())
    return with_slash(configured);
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = (exe.parent_path() / OCV_RULE_DOCS_FROM_BIN).lexically_normal();
    if (fs::is_directory(beside, ec)) return with_slash(file_uri(beside.string()));
  }
  return with_slash(file_uri(OCV_RULE_DOCS_DIR));
}

}  // namespace ocv::cli
