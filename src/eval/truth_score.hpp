// Scores what the Tracker reported after each IMU sample of a recording (a
// replay::OrientationTrace) against the simulator's truth (io/truth_csv.hpp, docs/simulator.md):
// the BROAD protocol's total, heading and inclination RMSE (score_trial) over the whole recording
// and per truth segment, the per-sample error angles, and the final gyro-bias error.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "eval/orientation_eval.hpp"
#include "eval/orientation_metrics.hpp"
#include "fusetrack/core/types.hpp"
#include "io/truth.hpp"
#include "replay/orientation_trace.hpp"

namespace fusetrack::eval {

struct TruthScoreOptions {
  // Samples less than this long after the first trace sample are not scored (initialisation), s.
  double skip_initial_s = 2.0;
  // 6D: remove one constant heading offset (the circular mean over the scored samples, BROAD
  // README step 4) before scoring; the same offset serves the whole recording and every segment.
  bool remove_heading_offset = false;
  // How many truth poses may have no trace sample at their time stamp: the IMU rows a reader
  // skipped (--skip-bad-rows; each skipped row can take at most one IMU sample with it). Such
  // poses are left out of every score and counted in TruthScore::unmatched_poses. One more is an
  // error: the truth does not belong to the recording.
  std::size_t max_unmatched_poses = 0;
};

// The score of one truth segment; its RMSE values are NaN when it holds no scored sample.
struct SegmentScore {
  io::SegmentTruth segment;
  TrialScore score;
};

struct TruthScore {
  TrialScore overall;                  // heading_offset_deg: ψ̄ removed (0 without removal)
  std::vector<SegmentScore> segments;  // in the truth's order
  Micros scored_from_us = 0;           // the first time stamp that is scored
  // For each truth pose k: the index of the trace sample at the same time stamp (kNoSample when
  // there is none), and the error angles of that sample (after the heading offset's removal;
  // scored or not; NaN without a sample).
  std::vector<std::size_t> trace_index;
  std::vector<ErrorAngles> errors;
  std::size_t unmatched_poses = 0;  // poses without a trace sample (at most max_unmatched_poses)
  // Gyroscope bias at the last trace sample that has a truth pose, rad/s.
  Eigen::Vector3d bias_estimate_rad_s = Eigen::Vector3d::Zero();
  Eigen::Vector3d bias_truth_rad_s = Eigen::Vector3d::Zero();
  double bias_error_rad_s = 0.0;  // |estimate - truth|
};

// TruthScore::trace_index of a pose that has no trace sample.
inline constexpr std::size_t kNoSample = static_cast<std::size_t>(-1);

// Scores `trace` (ordered by time, as fed) against `truth`, whose pose rows must each sit on the
// time stamp of a trace sample (one per IMU sample, or every Nth): poses and samples are paired
// by time stamp, never by position, so a sample missing from the trace costs only its own pose.
// Up to options.max_unmatched_poses poses may lack a sample. Throws io::ParseError naming
// `truth_path` and the line of the first pose row whose time stamp is not a trace sample's once
// more poses than that lack one (the file is read again to find the line);
// std::invalid_argument when the trace is empty or the truth has no pose rows or no pose matches,
// or a pose does not match and `truth_path` is empty.
TruthScore score_against_truth(const std::vector<replay::OrientationSample>& trace,
                               const io::Truth& truth, const std::string& truth_path,
                               const TruthScoreOptions& options);

}  // namespace fusetrack::eval
