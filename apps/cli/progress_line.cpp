#include "apps/cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>
#include <utility>

namespace ocv::cli {

namespace {
constexpr auto kQuietFor = std::chrono::seconds(1);
}  // namespace

ProgressLine::ProgressLine(std::FILE* out, Now now)
    : out_(out), now_(std::move(now)), started_(now_()) {}

bool ProgressLine::wanted() { return ::isatty(STDERR_FILENO) == 1; }

std::function<void(std::uint64_t, std::uint64_t)> ProgressLine::callback() {
  return [this](std::uint64_t done, std::uint64_t total) { draw(done, total); };
}

void ProgressLine::draw(std::uint64_t done, std::uint64_t total) {
  if (total == 0 || now_() - started_ < kQuietFor) return;
  const double percent = 100.0 * static_cast<double>(done) / static_cast<double>(total);
  std::fprintf(out_, "\rocivalidate: %3.0f%% of %.1f MB read", percent,
               static_cast<double>(total) / 1e6);
  std::fflush(out_);
  drawn_ = true;
}

ProgressLine::~ProgressLine() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", out_);  // erase the line: the report follows on stdout
  std::fflush(out_);
}

}  // namespace ocv::cli
