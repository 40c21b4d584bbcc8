#include "apps/cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

namespace ocv::cli {

namespace {
constexpr auto kQuietFor = std::chrono::seconds(1);
}  // namespace

bool ProgressLine::wanted() { return ::isatty(STDERR_FILENO) == 1; }

std::function<void(std::uint64_t, std::uint64_t)> ProgressLine::callback() {
  return [this](std::uint64_t done, std::uint64_t total) { draw(done, total); };
}

void ProgressLine::draw(std::uint64_t done, std::uint64_t total) {
  if (total == 0 || std::chrono::steady_clock::now() - started_ < kQuietFor) return;
  const double percent = 100.0 * static_cast<double>(done) / static_cast<double>(total);
  std::fprintf(stderr, "\rocivalidate: %3.0f%% of %.1f MB read", percent,
               static_cast<double>(total) / 1e6);
  std::fflush(stderr);
  drawn_ = true;
}

ProgressLine::~ProgressLine() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);  // erase the line: the report follows on stdout
  std::fflush(stderr);
}

}  // namespace ocv::cli
