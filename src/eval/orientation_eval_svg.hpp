// Pictures of an orientation evaluation (`fusetrack eval orientation --svg DIR`): a bar chart of
// every trial's RMSE, and per trial a timeline of the per-sample error, the movement phase and
// the filter's flags, and the magnetometer's field norm.
#pragma once

#include <string>
#include <vector>

#include "eval/orientation_eval.hpp"
#include "report/bar_chart_svg.hpp"
#include "report/timeline_svg.hpp"

namespace fusetrack::eval {

// Names the pictures' titles use.
struct EvalPictureLabels {
  std::string dataset = "BROAD";
  std::string filter;  // e.g. "ekf"
};

// Total RMSE per trial (thick bars, values written), heading and inclination RMSE (thin bars),
// trials top to bottom in input order, and the three means as dashed lines. A trial whose score
// is not valid has no bars ("n/a").
report::BarChart orientation_summary_chart(const OrientationEvalResult& r,
                                           const EvalPictureLabels& labels);

// The timeline of one trial, from its trace (OrientationEvalOptions::keep_traces):
//  1. total, heading and inclination error per scored sample, degrees, as scored (6D: heading
//     offset removed); gaps and grey shade where not scored;
//  2. lanes: movement phase (scored), reference missing (when any), and the filter's flags
//     at_rest, mag_disturbed, acc_rejected (paler where set on part of a pixel column's samples);
//  3. magnetometer field norm |mag|, µT, with its median over the initial rest.
// Throws std::invalid_argument when the trial has no trace.
report::Timeline orientation_trial_timeline(const TrialResult& trial, bool use_mag,
                                            const EvalPictureLabels& labels);

// The layout of the trial timelines: with it a BROAD trial (~55 000 samples) stays well below
// 300 KB.
report::TimelineSvgOptions orientation_timeline_options();

// The file name of a trial's timeline: "<trial name>.svg".
std::string trial_picture_name(const TrialResult& trial);

// Creates `dir` and its parents when missing. Throws std::runtime_error naming `dir` when that
// fails or `dir` is not a folder.
void make_picture_folder(const std::string& dir);

// Writes dir/summary.svg and dir/<trial name>.svg for every trial of `r`, whose traces must have
// been kept; the timelines are drawn in parallel on `threads` workers (0 = oneTBB's default).
// Returns the paths written: the summary, then the trials in input order. Throws
// std::runtime_error naming the first file (by trial order) that cannot be written, and
// std::invalid_argument when a trial has no trace or is named "summary".
std::vector<std::string> write_orientation_pictures(const std::string& dir,
                                                    const OrientationEvalResult& r,
                                                    const EvalPictureLabels& labels,
                                                    std::size_t threads = 0);

}  // namespace fusetrack::eval
