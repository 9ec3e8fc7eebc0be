#include "report/progress.hpp"

#include <unistd.h>

namespace fusetrack::report {

Progress::Progress(std::string label, std::size_t total, std::FILE* out, Lines lines)
    : label_(std::move(label)),
      total_(total),
      out_(out),
      enabled_(out != nullptr && isatty(fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  if (!enabled_ && out != nullptr && lines == Lines::kWhenNotTerminal) {
    enabled_ = true;
    lines_ = true;
  }
}

Progress::~Progress() { finish(); }

void Progress::advance(std::size_t n) {
  const std::size_t done = done_.fetch_add(n) + n;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  const auto every = lines_ ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(100);
  if (done < total_ && now - last_draw_ < every) return;
  last_draw_ = now;
  draw(done);
}

void Progress::draw(std::size_t done) {
  if (lines_) {
    std::fprintf(out_, "%s: %zu/%zu done\n", label_.c_str(), done, total_);
    std::fflush(out_);
    return;
  }
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction =
      total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(out_, "\r%s [%s] %zu/%zu  %.1f s", label_.c_str(), bar.c_str(), done, total_,
               elapsed_s);
  std::fflush(out_);
}

void Progress::finish() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (lines_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
}

}  // namespace fusetrack::report
