#include "eval/step_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace fusetrack::eval {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Indices 0..n-1 of `t` in ascending time (stable: equal times keep their input order).
std::vector<std::size_t> time_order(const std::vector<Micros>& t) {
  std::vector<std::size_t> order(t.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
  return order;
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  double sum = 0.0;
  for (const double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

}  // namespace

StepMatching match_steps(const std::vector<Micros>& detected_us, const std::vector<Micros>& true_us,
                         Micros tolerance_us) {
  if (tolerance_us < 0) throw std::invalid_argument("match_steps: negative tolerance");
  StepMatching m;
  m.true_of_detection.assign(detected_us.size(), -1);
  m.detection_of_true.assign(true_us.size(), -1);

  // Every pair within the tolerance: for each detection, the true steps in [d - tol, d + tol].
  const std::vector<std::size_t> by_time = time_order(true_us);
  std::vector<Micros> sorted_true(true_us.size());
  for (std::size_t i = 0; i < by_time.size(); ++i) sorted_true[i] = true_us[by_time[i]];
  struct Pair {
    Micros distance_us;
    std::size_t true_index;
    std::size_t detection;
  };
  std::vector<Pair> pairs;
  for (std::size_t k = 0; k < detected_us.size(); ++k) {
    const Micros d = detected_us[k];
    auto it = std::lower_bound(sorted_true.begin(), sorted_true.end(), d - tolerance_us);
    for (; it != sorted_true.end() && *it <= d + tolerance_us; ++it) {
      const std::size_t j = by_time[static_cast<std::size_t>(it - sorted_true.begin())];
      pairs.push_back(Pair{std::llabs(d - true_us[j]), j, k});
    }
  }
  // Closest first; ties: the earlier true step, then the earlier detection (by time, then index).
  std::sort(pairs.begin(), pairs.end(), [&](const Pair& a, const Pair& b) {
    return std::make_tuple(a.distance_us, true_us[a.true_index], a.true_index,
                           detected_us[a.detection], a.detection) <
           std::make_tuple(b.distance_us, true_us[b.true_index], b.true_index,
                           detected_us[b.detection], b.detection);
  });
  for (const Pair& p : pairs) {
    if (m.true_of_detection[p.detection] >= 0 || m.detection_of_true[p.true_index] >= 0) continue;
    m.true_of_detection[p.detection] = static_cast<long>(p.true_index);
    m.detection_of_true[p.true_index] = static_cast<long>(p.detection);
    ++m.matched;
  }
  return m;
}

double abs_pct_error(std::size_t counted, std::size_t true_steps) {
  if (true_steps == 0) return kNaN;
  const double c = static_cast<double>(counted);
  const double n = static_cast<double>(true_steps);
  return std::fabs(c - n) / n * 100.0;
}

double median(std::vector<double>& v) {
  if (v.empty()) return kNaN;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lower + upper);
}

namespace {

StepScore count_score(const DetectedSteps& detected, std::size_t true_steps) {
  if (detected.t_us.size() != detected.reported_us.size()) {
    throw std::invalid_argument("score_steps: " + std::to_string(detected.t_us.size()) +
                                " step times but " + std::to_string(detected.reported_us.size()) +
                                " report times");
  }
  StepScore s;
  s.true_steps = true_steps;
  s.counted_steps = detected.t_us.size();
  s.abs_pct_error = abs_pct_error(s.counted_steps, true_steps);
  s.accuracy_pct = 100.0 - s.abs_pct_error;
  std::vector<double> delays(detected.t_us.size());
  for (std::size_t k = 0; k < delays.size(); ++k) {
    delays[k] = static_cast<double>(detected.reported_us[k] - detected.t_us[k]) / 1e6;
  }
  s.median_delay_s = median(delays);
  return s;
}

}  // namespace

StepScore score_steps(const DetectedSteps& detected, const std::vector<Micros>& true_us,
                      StepMatching* matching) {
  StepScore s = count_score(detected, true_us.size());
  StepMatching m = match_steps(detected.t_us, true_us);
  const double n = static_cast<double>(s.true_steps);
  const double c = static_cast<double>(s.counted_steps);
  const double hits = static_cast<double>(m.matched);
  s.matched = m.matched;
  s.precision = s.counted_steps == 0 ? 0.0 : hits / c;
  s.recall = s.true_steps == 0 ? kNaN : hits / n;
  s.f1 = s.counted_steps + s.true_steps == 0 ? kNaN : 2.0 * hits / (c + n);
  std::vector<double> offsets;
  offsets.reserve(m.matched);
  for (std::size_t k = 0; k < detected.t_us.size(); ++k) {
    const long j = m.true_of_detection[k];
    if (j >= 0) {
      offsets.push_back(
          static_cast<double>(detected.t_us[k] - true_us[static_cast<std::size_t>(j)]) / 1e6);
    }
  }
  s.median_offset_s = median(offsets);
  if (matching != nullptr) *matching = std::move(m);
  return s;
}

StepScore score_step_count(const DetectedSteps& detected, std::size_t true_steps) {
  StepScore s = count_score(detected, true_steps);
  s.has_step_times = false;
  s.precision = s.recall = s.f1 = s.median_offset_s = kNaN;
  return s;
}

StepMeans mean_scores(const std::vector<const StepTraceScore*>& traces) {
  std::vector<double> ape, acc, precision, recall, f1;
  StepMeans m;
  m.n_traces = traces.size();
  for (const StepTraceScore* t : traces) {
    const StepScore& s = t->score;
    if (std::isfinite(s.abs_pct_error)) {
      ape.push_back(s.abs_pct_error);
      acc.push_back(s.accuracy_pct);
    }
    if (!s.has_step_times) continue;
    ++m.n_with_times;
    if (std::isfinite(s.precision)) precision.push_back(s.precision);
    if (std::isfinite(s.recall)) recall.push_back(s.recall);
    if (std::isfinite(s.f1)) f1.push_back(s.f1);
  }
  m.abs_pct_error = mean_of(ape);
  m.accuracy_pct = mean_of(acc);
  m.precision = mean_of(precision);
  m.recall = mean_of(recall);
  m.f1 = mean_of(f1);
  return m;
}

StepSummary summarize_steps(const std::vector<StepTraceScore>& traces) {
  StepSummary s;
  std::vector<const StepTraceScore*> all, paper;
  std::map<std::string, std::vector<const StepTraceScore*>> by_position;
  s.max_abs_pct_error = StepWorst{kNaN, ""};
  s.min_precision = StepWorst{kNaN, ""};
  s.min_recall = StepWorst{kNaN, ""};
  // A worse value replaces the worst so far; the first trace wins a tie.
  const auto consider = [](StepWorst& w, double v, const std::string& name, bool larger_is_worse) {
    if (!std::isfinite(v)) return;
    if (w.trace.empty() || (larger_is_worse ? v > w.value : v < w.value)) w = StepWorst{v, name};
  };
  std::vector<double> delays;
  for (const StepTraceScore& t : traces) {
    all.push_back(&t);
    if (t.in_paper_set) paper.push_back(&t);
    by_position[t.position].push_back(&t);
    consider(s.max_abs_pct_error, t.score.abs_pct_error, t.name, true);
    if (t.score.has_step_times) {
      consider(s.min_precision, t.score.precision, t.name, false);
      consider(s.min_recall, t.score.recall, t.name, false);
    }
    delays.insert(delays.end(), t.delays_s.begin(), t.delays_s.end());
    s.counted_steps += t.score.counted_steps;
    s.true_steps += t.score.true_steps;
  }
  s.all = mean_scores(all);
  s.paper_set = mean_scores(paper);
  for (const auto& [position, group] : by_position) {
    s.per_position.emplace_back(position, mean_scores(group));
  }
  s.median_delay_s = median(delays);
  return s;
}

}  // namespace fusetrack::eval
