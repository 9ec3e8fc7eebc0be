// Runs independent jobs 0..n-1 with oneTBB and gathers their results in index order, so what a
// caller prints or writes does not depend on the number of threads or on scheduling.
#pragma once

#include <cstddef>
#include <exception>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace fusetrack::eval {

// Runs run_one(i) for i in [0, n) on `threads` workers (0 = oneTBB's default) and returns the
// results in index order. Exceptions are caught per job and the first by index is rethrown, so
// which error is reported does not depend on scheduling either. `Result` must be
// default-constructible and move-assignable.
template <typename Result, typename RunOne>
std::vector<Result> parallel_in_order(std::size_t n, std::size_t threads, const RunOne& run_one) {
  std::vector<Result> results(n);
  std::vector<std::exception_ptr> errors(n);
  const auto body = [&] {
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
      try {
        results[i] = run_one(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  };
  if (threads > 0) {
    // An arena of `threads` slots, and permission for that many workers even beyond the number
    // of cores (oneTBB's default limit), for the duration of the run.
    const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, threads);
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute(body);
  } else {
    body();
  }
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return results;
}

}  // namespace fusetrack::eval
