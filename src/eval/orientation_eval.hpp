// Orientation evaluation on BROAD-layout folders: the scoring protocol of
// ../shared/datasets/broad/README.md ("Evaluation protocol") and a runner that replays every
// trial through a fresh Tracker in its shipped configuration (src/replay/), in parallel, with
// results in input order.
//
// Metric: D. Laidig, M. Caruso, A. Cereatti, T. Seel, "BROAD—A Benchmark for Robust Inertial
// Orientation Estimation", Data 6(7):72, 2021 (total / heading / inclination RMSE), with the
// dataset README's fixed 6D heading-offset estimator (circular mean).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "eval/orientation_metrics.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "fusetrack/tracker.hpp"
#include "io/broad.hpp"
#include "io/recording.hpp"

namespace fusetrack::eval {

// One trial's score. RMSE values are NaN when the score is not valid.
struct TrialScore {
  bool valid = false;
  std::string invalid_reason;       // empty when valid; names the first offending sample
  std::size_t n_scored = 0;         // |K|: samples with movement = 1 and a finite reference
  double heading_offset_deg = 0.0;  // ψ̄ removed (6D); 0 when no offset is removed (9D)
  double total_rmse_deg = 0.0;
  double heading_rmse_deg = 0.0;
  double inclination_rmse_deg = 0.0;
};

// Scores one trial exactly as the BROAD README's protocol, steps 1-6:
// K = {k : movement[k] != 0 and all four ref components finite}; q_ref and q_est normalized;
// e = q_est ⊗ q_ref*; with `remove_heading_offset` (6D) the circular mean ψ̄ of 2·atan2(e_z, e_w)
// over K is removed, e ← (cos(ψ̄/2), 0, 0, -sin(ψ̄/2)) ⊗ e; per-sample total 2·acos(min(1, |e_w|)),
// heading 2·atan2(|e_z|, |e_w|), inclination 2·acos(min(1, sqrt(e_w² + e_z²))); RMSE over K in
// degrees. `est` and `ref` are q_ES (sensor to ENU earth), either sign.
// Invalid (valid = false, reason set) when an estimate on K is non-finite or zero, or K is empty.
// With `per_sample` (for pictures; nullptr costs nothing), it is set to one entry per sample: the
// very error angles the RMSE sums (radians, after the 6D offset's removal) for k in K, NaN for
// k not in K, and NaN everywhere when the score is not valid.
// Throws std::invalid_argument when the three vectors differ in length, or a finite reference
// on K has zero norm.
TrialScore score_trial(const std::vector<Quatd>& est, const std::vector<Quatd>& ref,
                       const std::vector<std::uint8_t>& movement, bool remove_heading_offset,
                       std::vector<ErrorAngles>* per_sample = nullptr);

// Unweighted mean of per-trial RMSE values (README step 7). Not valid when any trial is not
// valid or there are no trials (values are then NaN).
struct MeanScore {
  bool valid = false;
  std::size_t n_trials = 0;
  double total_rmse_deg = 0.0;
  double heading_rmse_deg = 0.0;
  double inclination_rmse_deg = 0.0;
};

// The mean of `scores` (README step 7), summed in input order.
MeanScore mean_score(const std::vector<TrialScore>& scores);

// Which Tracker the runner builds, and how it runs.
struct OrientationEvalOptions {
  OrientationFilterKind filter = OrientationFilterKind::kEkf;  // with its default settings
  bool use_mag = true;         // true: 9D (mag used, no offset removed); false: 6D (offset removed)
  std::size_t threads = 0;     // worker threads; 0 = oneTBB's default (all cores)
  bool show_progress = false;  // progress bar on stderr, drawn only when stderr is a terminal
  bool keep_traces = false;    // fill TrialResult::trace (per-sample errors and flags, for plots)
};

// What one trial looked like sample by sample, recorded only when asked for (keep_traces): entry
// k of every vector belongs to sample k.
struct TrialTrace {
  std::vector<Micros> t_us;             // the sample's time stamp
  std::vector<std::uint8_t> movement;   // the trial's movement flag (1 = movement phase)
  std::vector<ErrorAngles> errors;      // as scored (score_trial's per_sample): radians, NaN
                                        // where not scored or the score is not valid
  std::vector<OrientationFlags> flags;  // the Tracker's orientation flags after sample k
  std::vector<float> mag_norm_ut;       // |mag| of sample k, µT
  bool empty() const noexcept { return t_us.empty(); }
};

// One trial's outcome.
struct TrialResult {
  io::BroadTrialInfo info;
  std::size_t n_samples = 0;
  std::size_t n_updates_not_ok = 0;     // Tracker pushes (IMU or magnetometer) that returned a
                                        // Status != kOk: samples the Tracker rejected
  Status first_not_ok = Status::kOk;    // the first such Status
  std::size_t first_not_ok_sample = 0;  // and its sample index
  TrialScore score;
  TrialTrace trace;  // empty unless asked for (OrientationEvalOptions::keep_traces)
};

// Every trial's outcome, in input order, and the means.
struct OrientationEvalResult {
  bool use_mag = true;
  std::vector<TrialResult> trials;
  MeanScore mean;
  // Valid when every trial's score is valid.
  bool valid() const noexcept { return mean.valid; }
};

// The Tracker settings of a trial, as replay::tracker_settings makes them for a recording with an
// IMU and a magnetometer stream: both nominal rates the trial's sampling rate (the default when
// it is not positive), no PPG, the filter and 6D/9D of `options`, every other field its default.
TrackerSettings trial_tracker_settings(const io::BroadTrialInfo& info,
                                       const OrientationEvalOptions& options);

// The trial as a recording's records: for every sample k in order, its IMU sample (gyroscope and
// accelerometer) and then its magnetometer sample, both at t_us[k] (read at the same instant).
std::vector<io::Record> trial_records(const io::BroadTrial& trial);

// Runs one trial: a fresh Tracker (trial_tracker_settings) replays trial_records(trial); the
// estimate of sample k is tracker.output().orientation after its IMU and magnetometer samples
// (replay::OrientationTrace), then the estimates are scored. With options.keep_traces the
// result's trace is filled; the score is the same either way.
TrialResult evaluate_trial(const io::BroadTrial& trial, const OrientationEvalOptions& options);

// Runs every trial (in parallel with oneTBB) and gathers results in input order: the output is
// identical for any thread count. Rethrows the first (by trial order) exception of any trial.
OrientationEvalResult evaluate_orientation(const std::vector<io::BroadTrial>& trials,
                                           const OrientationEvalOptions& options);

// As above for the trials of `index`, each loaded inside its own task (loading runs in parallel
// too, and only the trials in flight are held in memory).
OrientationEvalResult evaluate_orientation(const io::BroadIndex& index,
                                           const OrientationEvalOptions& options);

// Mean of the trials that share a label (e.g. condition), groups in order of first appearance.
struct GroupMean {
  std::string label;
  MeanScore mean;
};

// Groups `trials` by `label_of(trial)` and averages each group (README step 7).
std::vector<GroupMean> group_means(
    const std::vector<TrialResult>& trials,
    const std::function<std::string(const io::BroadTrialInfo&)>& label_of);

}  // namespace fusetrack::eval
