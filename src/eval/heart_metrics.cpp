#include "eval/heart_metrics.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace fusetrack::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string window_text(std::size_t i) { return "window " + std::to_string(i); }

}  // namespace

HeartScore score_heart_rate(const std::vector<double>& estimate_bpm,
                            const std::vector<double>& reference_bpm) {
  if (estimate_bpm.size() != reference_bpm.size()) {
    throw std::invalid_argument("score_heart_rate: " + std::to_string(estimate_bpm.size()) +
                                " estimates for " + std::to_string(reference_bpm.size()) +
                                " reference windows");
  }
  HeartScore s;
  s.windows = estimate_bpm.size();
  if (s.windows == 0) {
    s.mae_bpm = s.within_5_bpm = s.avre_pct = s.sdae_bpm = s.max_ae_bpm = kNaN;
    return s;
  }
  std::vector<double> ae(s.windows);
  double sum = 0.0, relative = 0.0;
  std::size_t within = 0;
  for (std::size_t i = 0; i < s.windows; ++i) {
    const double e = estimate_bpm[i];
    const double r = reference_bpm[i];
    if (!std::isfinite(e)) {
      throw std::invalid_argument("score_heart_rate: " + window_text(i) +
                                  ": the estimate is not a finite number");
    }
    if (!std::isfinite(r) || !(r > 0.0)) {
      throw std::invalid_argument("score_heart_rate: " + window_text(i) +
                                  ": the reference is not a heart rate > 0 beats/min");
    }
    ae[i] = std::fabs(e - r);
    sum += ae[i];
    relative += ae[i] / r;
    if (ae[i] <= kWithinBpm) ++within;
    if (i == 0 || ae[i] > s.max_ae_bpm) s.max_ae_bpm = ae[i];
  }
  const double w = static_cast<double>(s.windows);
  s.mae_bpm = sum / w;
  s.within_5_bpm = static_cast<double>(within) / w;
  s.avre_pct = 100.0 * relative / w;
  // Two passes: the deviations from the mean, not E[x^2] - E[x]^2 (which cancels badly).
  double squares = 0.0;
  for (const double a : ae) squares += (a - s.mae_bpm) * (a - s.mae_bpm);
  s.sdae_bpm = std::sqrt(squares / w);
  return s;
}

HeartGroup spc2015_group(const std::string& recording) noexcept {
  if (recording.size() == 5 && recording.compare(0, 3, "rec") == 0 && recording[3] >= '0' &&
      recording[3] <= '9' && recording[4] >= '0' && recording[4] <= '9') {
    const int n = (recording[3] - '0') * 10 + (recording[4] - '0');
    if (n >= 1 && n <= 12) return HeartGroup::kTreadmill;
    if (n == 13) return HeartGroup::kArms;
  }
  return HeartGroup::kOther;
}

HeartMeans mean_heart_scores(const std::vector<const HeartScore*>& scores) {
  HeartMeans m;
  m.recordings = scores.size();
  double mae = 0.0, within = 0.0, avre = 0.0, sdae = 0.0;
  std::size_t n = 0;
  for (const HeartScore* s : scores) {
    if (s->windows == 0) continue;
    mae += s->mae_bpm;
    within += s->within_5_bpm;
    avre += s->avre_pct;
    sdae += s->sdae_bpm;
    ++n;
  }
  if (n == 0) {
    m.mae_bpm = m.within_5_bpm = m.avre_pct = m.sdae_bpm = kNaN;
    return m;
  }
  const double d = static_cast<double>(n);
  m.mae_bpm = mae / d;
  m.within_5_bpm = within / d;
  m.avre_pct = avre / d;
  m.sdae_bpm = sdae / d;
  return m;
}

HeartSummary summarize_heart_rate(const std::vector<NamedHeartScore>& recordings) {
  std::vector<const HeartScore*> treadmill, arms, all;
  for (const NamedHeartScore& r : recordings) {
    all.push_back(&r.score);
    switch (spc2015_group(r.name)) {
      case HeartGroup::kTreadmill:
        treadmill.push_back(&r.score);
        break;
      case HeartGroup::kArms:
        arms.push_back(&r.score);
        break;
      case HeartGroup::kOther:
        break;
    }
  }
  HeartSummary s;
  s.treadmill = mean_heart_scores(treadmill);
  s.arms = mean_heart_scores(arms);
  s.all = mean_heart_scores(all);
  return s;
}

}  // namespace fusetrack::eval
