#include "eval/orientation_eval.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <stdexcept>

#include "eval/parallel_in_order.hpp"
#include "replay/orientation_trace.hpp"
#include "replay/replay.hpp"
#include "report/progress.hpp"

namespace fusetrack::eval {

namespace {

constexpr double kPiD = 3.14159265358979323846;
constexpr double kDegPerRadD = 180.0 / kPiD;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Samples between two progress updates: often enough for a smooth bar, rare enough that the
// atomic add costs nothing next to the Tracker.
constexpr std::size_t kProgressChunk = 4096;

bool all_finite(const Quatd& q) {
  return std::isfinite(q.w()) && std::isfinite(q.x()) && std::isfinite(q.y()) &&
         std::isfinite(q.z());
}

TrialScore invalid_score(std::string reason, std::size_t n_scored) {
  TrialScore s;
  s.valid = false;
  s.invalid_reason = std::move(reason);
  s.n_scored = n_scored;
  s.heading_offset_deg = kNaN;
  s.total_rmse_deg = kNaN;
  s.heading_rmse_deg = kNaN;
  s.inclination_rmse_deg = kNaN;
  return s;
}

TrialResult run_trial(const io::BroadTrial& trial, const OrientationEvalOptions& options,
                      report::Progress* progress) {
  const std::size_t n = trial.size();
  if (trial.gyr_rad_s.size() != n || trial.acc_m_s2.size() != n || trial.mag_ut.size() != n ||
      trial.ref.size() != n || trial.movement.size() != n) {
    throw std::invalid_argument("trial " + trial.info.name +
                                ": sample vectors differ in length (expected " + std::to_string(n) +
                                " entries each)");
  }
  TrialResult r;
  r.info = trial.info;
  r.n_samples = n;
  Tracker tracker(trial_tracker_settings(trial.info, options));
  replay::OrientationTrace trace;
  trace.reserve(n);
  std::size_t since_progress = 0;
  (void)replay::replay(tracker, trial_records(trial),
                       [&](const io::Record& rec, Status st, Tracker& t) {
                         trace.observe(rec, st, t);
                         const std::size_t k = trace.samples().size() - 1;
                         if (st != Status::kOk) {
                           if (r.n_updates_not_ok == 0) {
                             r.first_not_ok = st;
                             r.first_not_ok_sample = k;
                           }
                           ++r.n_updates_not_ok;
                         }
                         if (progress != nullptr && rec.kind() == io::StreamKind::kImu &&
                             ++since_progress == kProgressChunk) {
                           progress->advance(since_progress);
                           since_progress = 0;
                         }
                       });
  if (progress != nullptr && since_progress > 0) progress->advance(since_progress);

  const std::vector<replay::OrientationSample>& samples = trace.samples();
  std::vector<Quatd> est(n);
  for (std::size_t k = 0; k < n; ++k) est[k] = samples[k].q_es.cast<double>();
  r.score = score_trial(est, trial.ref, trial.movement, !options.use_mag,
                        options.keep_traces ? &r.trace.errors : nullptr);
  if (options.keep_traces) {
    r.trace.t_us = trial.t_us;
    r.trace.movement = trial.movement;
    r.trace.flags.resize(n);
    r.trace.mag_norm_ut.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      r.trace.flags[k] = samples[k].flags;
      r.trace.mag_norm_ut[k] = trial.mag_ut[k].norm();
    }
  }
  return r;
}

OrientationEvalResult finish(std::vector<TrialResult> trials, bool use_mag) {
  OrientationEvalResult out;
  out.use_mag = use_mag;
  out.trials = std::move(trials);
  std::vector<TrialScore> scores;
  scores.reserve(out.trials.size());
  for (const TrialResult& t : out.trials) scores.push_back(t.score);
  out.mean = mean_score(scores);
  return out;
}

}  // namespace

TrialScore score_trial(const std::vector<Quatd>& est, const std::vector<Quatd>& ref,
                       const std::vector<std::uint8_t>& movement, bool remove_heading_offset,
                       std::vector<ErrorAngles>* per_sample) {
  if (est.size() != ref.size() || est.size() != movement.size()) {
    throw std::invalid_argument("score_trial: expected equal lengths, found " +
                                std::to_string(est.size()) + " estimates, " +
                                std::to_string(ref.size()) + " references, " +
                                std::to_string(movement.size()) + " movement flags");
  }
  if (per_sample != nullptr) per_sample->assign(est.size(), ErrorAngles{kNaN, kNaN, kNaN});
  // Steps 1-3: the scored set K and the error quaternions e_k = q_est,k ⊗ q_ref,k* on it (and,
  // for per_sample, each one's sample index).
  std::vector<Quatd> err;
  err.reserve(est.size());
  std::vector<std::size_t> err_sample;
  if (per_sample != nullptr) err_sample.reserve(est.size());
  for (std::size_t k = 0; k < est.size(); ++k) {
    if (movement[k] == 0 || !all_finite(ref[k])) continue;
    if (!all_finite(est[k])) {
      return invalid_score("estimate not finite at sample " + std::to_string(k) +
                               " (movement phase, reference present)",
                           0);
    }
    const double est_norm = est[k].norm();
    if (!(est_norm > 0.0) || !std::isfinite(est_norm)) {
      return invalid_score("estimate has zero or non-finite norm at sample " + std::to_string(k),
                           0);
    }
    const double ref_norm = ref[k].norm();
    if (!(ref_norm > 0.0) || !std::isfinite(ref_norm)) {
      throw std::invalid_argument("score_trial: reference has zero or non-finite norm at sample " +
                                  std::to_string(k));
    }
    err.push_back(error_quaternion(est[k], ref[k]));
    if (per_sample != nullptr) err_sample.push_back(k);
  }
  if (err.empty()) {
    return invalid_score("no scored samples (none with movement = 1 and a finite reference)", 0);
  }

  TrialScore score;
  score.valid = true;
  score.n_scored = err.size();

  // Step 4 (6D only): remove the circular mean of the heading error. ψ_k would be wrapped to
  // (-π, π], but only its sine and cosine are used, which wrapping does not change.
  if (remove_heading_offset) {
    double sum_sin = 0.0;
    double sum_cos = 0.0;
    for (const Quatd& e : err) {
      const double psi = signed_heading_rad(e);
      sum_sin += std::sin(psi);
      sum_cos += std::cos(psi);
    }
    const double psi_mean = std::atan2(sum_sin, sum_cos);
    const Quatd correction = heading_correction(psi_mean);
    for (Quatd& e : err) e = correction * e;
    score.heading_offset_deg = psi_mean * kDegPerRadD;
  }

  // Steps 5-6: per-sample total, heading and inclination errors, RMSE over K.
  double sum_total2 = 0.0;
  double sum_heading2 = 0.0;
  double sum_inclination2 = 0.0;
  for (std::size_t i = 0; i < err.size(); ++i) {
    const ErrorAngles a = error_angles(err[i]);
    sum_total2 += a.total_rad * a.total_rad;
    sum_heading2 += a.heading_rad * a.heading_rad;
    sum_inclination2 += a.inclination_rad * a.inclination_rad;
    if (per_sample != nullptr) (*per_sample)[err_sample[i]] = a;
  }
  const double n = static_cast<double>(err.size());
  score.total_rmse_deg = std::sqrt(sum_total2 / n) * kDegPerRadD;
  score.heading_rmse_deg = std::sqrt(sum_heading2 / n) * kDegPerRadD;
  score.inclination_rmse_deg = std::sqrt(sum_inclination2 / n) * kDegPerRadD;
  return score;
}

MeanScore mean_score(const std::vector<TrialScore>& scores) {
  MeanScore m;
  m.n_trials = scores.size();
  m.valid = !scores.empty();
  double total = 0.0;
  double heading = 0.0;
  double inclination = 0.0;
  for (const TrialScore& s : scores) {
    if (!s.valid) m.valid = false;
    total += s.total_rmse_deg;
    heading += s.heading_rmse_deg;
    inclination += s.inclination_rmse_deg;
  }
  if (!m.valid) {
    m.total_rmse_deg = kNaN;
    m.heading_rmse_deg = kNaN;
    m.inclination_rmse_deg = kNaN;
    return m;
  }
  const double n = static_cast<double>(scores.size());
  m.total_rmse_deg = total / n;
  m.heading_rmse_deg = heading / n;
  m.inclination_rmse_deg = inclination / n;
  return m;
}

TrackerSettings trial_tracker_settings(const io::BroadTrialInfo& info,
                                       const OrientationEvalOptions& options) {
  io::RecordingHeader header;
  header.has_imu = true;
  header.has_mag = true;
  replay::ReplayOptions replay_options;
  replay_options.filter = options.filter;
  replay_options.use_mag = options.use_mag;
  replay_options.falls = false;  // a lab trial of orientation: no fall stage
  const float rate_hz = static_cast<float>(info.sampling_rate_hz);
  replay_options.imu_rate_hz = rate_hz;
  replay_options.mag_rate_hz = rate_hz;
  return replay::tracker_settings(header, {}, replay_options);
}

std::vector<io::Record> trial_records(const io::BroadTrial& trial) {
  std::vector<io::Record> records;
  records.reserve(2 * trial.size());
  for (std::size_t k = 0; k < trial.size(); ++k) {
    ImuSample imu;
    imu.t_us = trial.t_us[k];
    imu.acc_m_s2 = trial.acc_m_s2[k];
    imu.gyr_rad_s = trial.gyr_rad_s[k];
    records.push_back(io::Record{imu});
    records.push_back(io::Record{MagSample{trial.t_us[k], trial.mag_ut[k]}});
  }
  return records;
}

TrialResult evaluate_trial(const io::BroadTrial& trial, const OrientationEvalOptions& options) {
  return run_trial(trial, options, nullptr);
}

OrientationEvalResult evaluate_orientation(const std::vector<io::BroadTrial>& trials,
                                           const OrientationEvalOptions& options) {
  std::size_t total_samples = 0;
  for (const io::BroadTrial& t : trials) total_samples += t.size();
  report::Progress progress("eval orientation", total_samples,
                            options.show_progress ? stderr : nullptr);
  auto results = parallel_in_order<TrialResult>(trials.size(), options.threads, [&](std::size_t i) {
    return run_trial(trials[i], options, &progress);
  });
  progress.finish();
  return finish(std::move(results), options.use_mag);
}

OrientationEvalResult evaluate_orientation(const io::BroadIndex& index,
                                           const OrientationEvalOptions& options) {
  std::size_t total_samples = 0;
  for (const io::BroadTrialInfo& t : index.trials) total_samples += t.n_samples;
  report::Progress progress("eval orientation", total_samples,
                            options.show_progress ? stderr : nullptr);
  auto results =
      parallel_in_order<TrialResult>(index.trials.size(), options.threads, [&](std::size_t i) {
        const io::BroadTrial trial = io::load_broad_trial(index.dir, index.trials[i]);
        return run_trial(trial, options, &progress);
      });
  progress.finish();
  return finish(std::move(results), options.use_mag);
}

std::vector<GroupMean> group_means(
    const std::vector<TrialResult>& trials,
    const std::function<std::string(const io::BroadTrialInfo&)>& label_of) {
  std::vector<std::string> labels;
  std::vector<std::vector<TrialScore>> members;
  for (const TrialResult& t : trials) {
    const std::string label = label_of(t.info);
    const auto it = std::find(labels.begin(), labels.end(), label);
    if (it == labels.end()) {
      labels.push_back(label);
      members.push_back({t.score});
    } else {
      members[static_cast<std::size_t>(it - labels.begin())].push_back(t.score);
    }
  }
  std::vector<GroupMean> out;
  out.reserve(labels.size());
  for (std::size_t g = 0; g < labels.size(); ++g)
    out.push_back({labels[g], mean_score(members[g])});
  return out;
}

}  // namespace fusetrack::eval
