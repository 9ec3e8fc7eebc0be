// Scores of a step counter against true step times, as the oxford-steps README's "Evaluation
// protocol" defines them (../shared/datasets/oxford-steps/README.md), and their summary over
// traces (mean, worst, per position, the paper's accuracy over its traces).
//
// Per trace, with N true steps t_j, C reported steps d_k (the detector's estimated landings):
//   APE        = |C - N| / N x 100 %                 (NaN when N = 0)
//   accuracy   = 1 - |C - N| / N                     (Salvi et al. 2018's figure, here in %)
//   matching   one to one within the tolerance (0.25 s): every pair |d_k - t_j| <= tolerance,
//              sorted by |d_k - t_j| ascending, ties by the earlier true step, then the earlier
//              detection; a pair is accepted when neither member is matched yet. M = matched.
//              Times are compared as exact integer µs.
//   precision  = M / C (0 when C = 0); recall = M / N (NaN when N = 0); F1 = 2 M / (C + N)
//              (NaN when C + N = 0)
//   offset     = the median of d_k - t_j over matched pairs, s (NaN without a match)
//   delay      = the median of reported_us - t_us over the detector's steps, s: how long after
//              the estimated landing the detector reported it (NaN without steps)
// A truth that gives only a total (no step times) scores the count only: APE and accuracy;
// precision, recall, F1 and the offset are NaN and left out of every mean.
// A median of an even count is the mean of the middle two.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "fusetrack/core/types.hpp"

namespace fusetrack::eval {

// The README's matching tolerance, µs (0.25 s).
inline constexpr Micros kStepToleranceUs = 250000;

// The one-to-one matching of detections to true steps.
struct StepMatching {
  // For detection k (input order): the index of its true step, or -1 (a false detection).
  std::vector<long> true_of_detection;
  // For true step j (input order): the index of its detection, or -1 (a missed step).
  std::vector<long> detection_of_true;
  std::size_t matched = 0;  // M
};

// Matches `detected_us` to `true_us` (each in any order; indices refer to the input order) as the
// protocol above. Throws std::invalid_argument for a negative tolerance.
StepMatching match_steps(const std::vector<Micros>& detected_us, const std::vector<Micros>& true_us,
                         Micros tolerance_us = kStepToleranceUs);

// One trace's figures (see the definitions above).
struct StepScore {
  bool has_step_times = true;     // false: the truth gave a total only
  std::size_t true_steps = 0;     // N
  std::size_t counted_steps = 0;  // C
  std::size_t matched = 0;        // M (0 without step times)
  double abs_pct_error = 0.0;     // %
  double accuracy_pct = 0.0;      // %
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  double median_offset_s = 0.0;
  double median_delay_s = 0.0;
};

// The detector's steps of one trace: estimated landing and report stamp, µs, one entry per kStep
// event in emission order.
struct DetectedSteps {
  std::vector<Micros> t_us;
  std::vector<Micros> reported_us;
};

// Scores `detected` against the true step times `true_us`. `matching`, when given, receives the
// matching. Throws std::invalid_argument when detected's two vectors differ in length.
StepScore score_steps(const DetectedSteps& detected, const std::vector<Micros>& true_us,
                      StepMatching* matching = nullptr);

// Scores `detected` against a truth that gives only a total of `true_steps`.
StepScore score_step_count(const DetectedSteps& detected, std::size_t true_steps);

// The count figures of C against N: APE and accuracy in %, NaN when N = 0.
double abs_pct_error(std::size_t counted, std::size_t true_steps);

// The median of `v` (NaN when empty); `v` is reordered.
double median(std::vector<double>& v);

// One scored trace, as the summary reads it.
struct StepTraceScore {
  std::string name;
  std::string position;       // the carrying position (oxford-steps) or the subfolder, "-"
  bool in_paper_set = false;  // oxford-steps: in the 36 traces of Salvi et al. 2018's figure
  StepScore score;
  std::vector<double> delays_s;  // reported - estimated time of every step (for the pooled median)
};

// Means over a group of traces; a figure without any trace to average is NaN.
struct StepMeans {
  std::size_t n_traces = 0;
  std::size_t n_with_times = 0;  // traces with step times (precision, recall and F1 average these)
  double abs_pct_error = 0.0;
  double accuracy_pct = 0.0;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

// The worst trace of one figure: its value and name (empty name and NaN when there is none).
struct StepWorst {
  double value = 0.0;
  std::string trace;
};

struct StepSummary {
  StepMeans all;
  StepWorst max_abs_pct_error;  // largest APE
  StepWorst min_precision;      // smallest precision (traces with step times)
  StepWorst min_recall;         // smallest recall (traces with step times)
  // Mean per position, positions in ascending byte order.
  std::vector<std::pair<std::string, StepMeans>> per_position;
  StepMeans paper_set;          // the in_paper_set traces (n_traces 0 when none is)
  double median_delay_s = 0.0;  // over every step of every trace, pooled (NaN without steps)
  std::size_t counted_steps = 0;
  std::size_t true_steps = 0;
};

// Mean of `traces` (in order; a NaN figure of a trace is left out of that figure's mean).
StepMeans mean_scores(const std::vector<const StepTraceScore*>& traces);

// The summary over `traces`. Ties for the worst go to the first trace in order.
StepSummary summarize_steps(const std::vector<StepTraceScore>& traces);

}  // namespace fusetrack::eval
