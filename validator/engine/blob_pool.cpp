#include "validator/engine/blob_pool.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "validator/digest/digest.hpp"
#include "validator/layer/layer_scan.hpp"

namespace ocv::engine::pool {
namespace {

void run_job(const source::Source& layout, Job& job, const ValidateOptions& options,
             PoolTotals& totals, bool split) {
  auto& b = *job.blob;
  if (job.layer) {
    layer::ScanOptions scan;
    scan.max_uncompressed_bytes = options.max_layer_bytes;
    scan.max_index_bytes = options.max_layer_index_bytes;
    scan.zstd.max_window = options.max_zstd_window;
    scan.zstd.budget = &totals.windows;
    scan.split_threads = split;
    scan.diff_id_algorithms = job.diff_id_algorithms;
    scan.bytes_read = &totals.read;
    auto r = layer::scan_layer(layout, b, *job.layer, scan);
    totals.uncompressed += r.facts.uncompressed_bytes;
    if (!r.read_error.empty()) b.unhashed_reason = "unreadable: " + r.read_error;
    b.actual_encoded = std::move(r.compressed_encoded);
    *job.facts = std::move(r.facts);
    return;
  }
  auto hasher = digest::make_hasher(b.algorithm);
  const auto r = source::stream_blob(layout, b.algorithm, b.encoded, options.max_blob_bytes + 1,
                                     [&](const char* p, std::size_t n) {
                                       hasher->update(p, n);
                                       totals.read.fetch_add(n, std::memory_order_relaxed);
                                     });
  if (!r.ok) {
    b.unhashed_reason = "unreadable: " + r.error;
  } else if (r.bytes_read > options.max_blob_bytes) {
    b.unhashed_reason =
        fmt::format("grew beyond the {}-byte limit while being read", options.max_blob_bytes);
  } else {
    b.actual_encoded = hasher->finish_hex();
  }
}

/// Reports progress every 200 ms from a thread of its own while the pool
/// runs, and once more when it is destroyed (the pool is done).
class ProgressTicker {
 public:
  ProgressTicker(const std::function<void(std::uint64_t, std::uint64_t)>& report,
                 const std::atomic<std::uint64_t>& done, std::uint64_t total,
                 ThreadShortfall& shortfall)
      : report_(report), done_(done), total_(total) {
    if (!report_) return;
    try {
      thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stop_cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; }))
          report_(done_.load(std::memory_order_relaxed), total_);
      });
    } catch (const std::system_error& e) {
      shortfall.record_ticker(e);
    }
  }
  ~ProgressTicker() {
    if (!report_ || !thread_.joinable()) return;
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    stop_cv_.notify_all();
    thread_.join();
    report_(done_.load(), total_);
  }
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

 private:
  const std::function<void(std::uint64_t, std::uint64_t)>& report_;
  const std::atomic<std::uint64_t>& done_;
  std::uint64_t total_;
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

/// Calls `body(i)` for every i < n on up to `jobs` threads (this one among
/// them); on fewer when the system refuses more, down to this one alone.
void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& body,
                  ThreadShortfall& shortfall) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) body(i);
  };
  const auto threads_wanted = std::min<std::size_t>(std::max(1u, jobs), n);
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < threads_wanted; ++t) {
    try {
      threads.emplace_back(worker);
    } catch (const std::system_error& e) {
      shortfall.record(threads.size() + 1, threads_wanted, e);
      break;
    }
  }
  worker();
  for (auto& t : threads) t.join();
}

/// Runs the jobs largest first on `jobs` threads: every blob is read once.
void run_pool(const source::Source& layout, std::vector<Job>& work, unsigned jobs,
              const ValidateOptions& options, PoolTotals& totals, ThreadShortfall& shortfall) {
  std::sort(work.begin(), work.end(),
            [](const Job& a, const Job& b) { return a.blob->size > b.blob->size; });
  // A layer larger than all the work after it would leave the other
  // cores idle: it decodes on a second thread of its own.
  std::vector<std::uint64_t> after(work.size() + 1, 0);
  for (std::size_t i = work.size(); i-- > 0;) after[i] = after[i + 1] + work[i].blob->size;
  ProgressTicker ticker(options.progress, totals.read, after[0], shortfall);
  parallel_for(
      work.size(), jobs,
      [&](std::size_t i) {
        const bool split = jobs > 1 && work[i].layer && work[i].blob->size > after[i + 1];
        run_job(layout, work[i], options, totals, split);
      },
      shortfall);
}

}  // namespace ocv::engine::pool
