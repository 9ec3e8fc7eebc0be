// Progress: a one-line progress display for long host jobs. Drawn only when the stream is a
// terminal (so logs and pipes stay clean); with Lines::kWhenNotTerminal, a stream that is not one
// gets plain lines instead ("LABEL: 12/200 done", at most one a second, and the last); safe to
// call from several threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace fusetrack::report {

class Progress {
 public:
  enum class Lines { kNever, kWhenNotTerminal };

  // `total` units of work labelled `label`; draws on `out` (stderr by default) when it is a tty,
  // else prints plain lines when `lines` says so.
  Progress(std::string label, std::size_t total, std::FILE* out = stderr,
           Lines lines = Lines::kNever);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Marks `n` more units done (thread-safe); redraws at most ten times a second.
  void advance(std::size_t n = 1);
  // Clears the line (called by the destructor too).
  void finish();

  bool enabled() const { return enabled_; }

 private:
  void draw(std::size_t done);

  std::string label_;
  std::size_t total_;
  std::FILE* out_;
  bool enabled_;
  bool lines_ = false;  // plain lines instead of the redrawn bar
  bool finished_ = false;
  std::atomic<std::size_t> done_{0};
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace fusetrack::report
