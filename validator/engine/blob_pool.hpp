#pragma once
// The pool that reads every blob once: hashes the blobs the content graph
// did not read, runs the layer pass on the layers, on a few threads, with
// progress reports and a note when the system refuses threads.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "validator/engine/validate.hpp"
#include "validator/layer/decoder.hpp"
#include "validator/model/check_context.hpp"
#include "validator/model/media_types.hpp"
#include "validator/source/source.hpp"

namespace ocv::engine::pool {

/// One unit of work of the pool: hash a blob, or run the layer pass on it.
struct Job {
  BlobFacts* blob = nullptr;
  std::optional<mt::Compression> layer;         // set for layer blobs
  LayerFacts* facts = nullptr;                  // where the layer pass writes
  std::vector<std::string> diff_id_algorithms;  // besides sha256, for the layer pass
};

struct PoolTotals {
  explicit PoolTotals(std::uint64_t window_budget) : windows(window_budget) {}
  std::atomic<std::uint64_t> read{0};  // blob bytes read, counted as they are read (progress)
  std::atomic<std::uint64_t> uncompressed{0};
  layer::WindowBudget windows;  // zstd windows of the layers being decoded
};

/// Threads the system refused to start (EAGAIN under a pid limit): the run
/// goes on with fewer, and says so once.
class ThreadShortfall {
 public:
  void record(std::size_t started, std::size_t wanted, const std::system_error& e) {
    const std::lock_guard lock(mutex_);
    if (!note_.empty()) return;
    note_ = fmt::format(
        "warning: could start only {} of {} threads ({}); continuing with fewer (this is "
        "slower, not less thorough)",
        started, wanted, e.what());
  }
  void record_ticker(const std::system_error& e) {
    const std::lock_guard lock(mutex_);
    if (note_.empty())
      note_ = fmt::format("warning: no thread for the progress line ({}); continuing without it",
                          e.what());
  }
  void add_to(std::vector<std::string>& notes) const {
    const std::lock_guard lock(mutex_);
    if (!note_.empty()) notes.push_back(note_);
  }

 private:
  mutable std::mutex mutex_;
  std::string note_;
};

/// Calls `body(i)` for every i < n on up to `jobs` threads (this one among
/// them); on fewer when the system refuses more, down to this one alone.
void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& body,
                  ThreadShortfall& shortfall);

/// Runs the jobs largest first on `jobs` threads: every blob is read once.
void run_pool(const source::Source& layout, std::vector<Job>& work, unsigned jobs,
              const ValidateOptions& options, PoolTotals& totals, ThreadShortfall& shortfall);

}  // namespace ocv::engine::pool
