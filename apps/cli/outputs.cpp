#include "apps/cli/outputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <stdexcept>
#include <streambuf>

#include <fmt/format.h>

#include "reports/utf8.hpp"

namespace ocv::cli {

namespace fs = std::filesystem;

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

/// A stream buffer over a file descriptor that keeps why a write failed:
/// the message names the cause (a full disk), not only that it failed.
class FileOutput final : public std::streambuf {
 public:
  explicit FileOutput(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  FileOutput(const FileOutput&) = delete;
  FileOutput& operator=(const FileOutput&) = delete;
  ~FileOutput() override = default;
  const std::string& error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    for (const char* next = pbase(); next < pptr() && error_.empty();) {
      const auto n = ::write(fd_, next, static_cast<std::size_t>(pptr() - next));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) error_ = std::strerror(n < 0 ? errno : EIO);
      if (n > 0) next += n;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_.empty();
  }

  int fd_;
  std::array<char, 64 * 1024> buffer_{};
  std::string error_;
};

/// Writes the report of `reporter` to a temporary file next to `path` and
/// renames it into place. Returns "" or why it failed.
std::string write_replacing(const std::string& path, const reports::Reporter& reporter,
                            const reports::ReportInput& input) {
  const fs::path target(path);
  const auto dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string name = ".";
  name += target.filename().string();
  name += ".XXXXXX";
  std::string temp = (dir / name).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return std::strerror(errno);
  std::string error;
  {
    FileOutput file(fd);
    std::ostream out(&file);
    reporter.write(input, out);
    out.flush();
    error = file.error();
    if (error.empty() && !out) error = "the report could not be written";
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
  outputs.stdout_format->make({.color = outputs.color})->write(input, std::cout);
  std::cout.flush();
  bool ok = true;
  for (const auto& file : outputs.files) {
    const auto reporter = file.format->make({});
    const auto error = write_replacing(file.path, *reporter, input);
    if (!error.empty()) {
      std::cerr << fmt::format("ocivalidate: cannot write {} report to {}: {}\n", file.format->name,
                               reports::printable(file.path), error);
      ok = false;
    }
  }
  return ok;
}

}  // namespace ocv::cli
