// Pictures of an orientation evaluation (`fusetrack eval orientation --svg DIR`): a bar chart of
// every trial's RMSE, and per trial the orientation timeline (report/orientation_timeline.hpp)
// of the per-sample error, the movement phase and the Tracker's flags, and the magnetometer's
// field norm.
#pragma once

#include <string>
#include <vector>

#include "eval/orientation_eval.hpp"
#include "report/bar_chart_svg.hpp"
#include "report/orientation_timeline.hpp"
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

// What an orientation timeline's error panel says about `score`.
report::OrientationScoreText score_text(const TrialScore& score);

// What the timeline of one trial draws (report/orientation_timeline.hpp), from its trace
// (OrientationEvalOptions::keep_traces):
//  - total, heading and inclination error per scored sample, degrees, as scored (6D: heading
//    offset removed); gaps and grey shade where not scored;
//  - lanes: scored samples (movement phase), reference missing (when any), and the Tracker's
//    flags at_rest, mag_disturbed, acc_rejected;
//  - magnetometer field norm |mag|, µT, with its median over the initial rest.
// Throws std::invalid_argument when the trial has no trace.
report::OrientationTimelineData orientation_trial_timeline_data(const TrialResult& trial,
                                                                bool use_mag,
                                                                const EvalPictureLabels& labels);

// report::orientation_timeline of the data above.
report::Timeline orientation_trial_timeline(const TrialResult& trial, bool use_mag,
                                            const EvalPictureLabels& labels);

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
