#pragma once
// The progress line on stderr: only on a terminal, only once the work has
// taken more than a second, and erased when it is done, so that short runs,
// pipes and CI logs never see it.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>

namespace ocv::cli {

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  /// The time now: the steady clock's, or a test's.
  using Now = std::function<Clock::time_point()>;

  /// A line drawn on `out`, quiet until `now` is a second past the time
  /// the line was made.
  explicit ProgressLine(
      std::FILE* out = stderr, Now now = [] { return Clock::now(); });

  /// Whether stderr is a terminal (and NO_COLOR-style opt-outs aside, a
  /// progress line can be drawn).
  static bool wanted();

  /// The callback for ValidateOptions::progress.
  std::function<void(std::uint64_t, std::uint64_t)> callback();

  /// Erases the line if it was drawn.
  ~ProgressLine();

 private:
  void draw(std::uint64_t done, std::uint64_t total);

  std::FILE* out_;
  Now now_;
  Clock::time_point started_;
  bool drawn_ = false;
};

}  // namespace ocv::cli
