#include "eval/orientation_eval_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "eval/parallel_in_order.hpp"

namespace fusetrack::eval {

namespace {

constexpr double kDegPerRadD = 180.0 / 3.14159265358979323846;

using report::orientation_color::kHeadingError;
using report::orientation_color::kInclinationError;
using report::orientation_color::kTotalError;

std::string deg_text(double v) { return report::svg_number("%.2f°", v); }

std::string mode_text(bool use_mag) {
  return use_mag ? "9D (gyr + acc + mag)" : "6D (gyr + acc; heading offset removed per trial)";
}

// The median of `v` (which it reorders); NaN when empty.
double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace

report::BarChart orientation_summary_chart(const OrientationEvalResult& r,
                                           const EvalPictureLabels& labels) {
  report::BarChart c;
  c.title = labels.dataset + " orientation RMSE per trial: " + labels.filter + ", " +
            mode_text(r.use_mag);
  if (r.valid()) {
    c.subtitle = "mean of " + std::to_string(r.mean.n_trials) + " trials: total " +
                 deg_text(r.mean.total_rmse_deg) + ", heading " +
                 deg_text(r.mean.heading_rmse_deg) + ", inclination " +
                 deg_text(r.mean.inclination_rmse_deg);
  } else {
    c.subtitle = "the run is not valid (a trial has no valid score): no mean";
  }
  c.x_label = "RMSE (°), over each trial's scored samples";
  c.value_format = "%.2f°";
  report::BarSeries total;
  total.label = "total";
  total.color = kTotalError;
  total.thickness_px = 13.0;
  total.show_values = true;
  report::BarSeries heading;
  heading.label = "heading";
  heading.color = kHeadingError;
  heading.thickness_px = 5.0;
  report::BarSeries inclination;
  inclination.label = "inclination";
  inclination.color = kInclinationError;
  inclination.thickness_px = 5.0;
  for (const TrialResult& t : r.trials) {
    c.categories.push_back(t.score.valid ? t.info.name : t.info.name + " (not valid)");
    total.values.push_back(t.score.total_rmse_deg);
    heading.values.push_back(t.score.heading_rmse_deg);
    inclination.values.push_back(t.score.inclination_rmse_deg);
  }
  c.series = {std::move(total), std::move(heading), std::move(inclination)};
  if (r.valid()) {
    c.markers.push_back(report::BarMarker{
        r.mean.total_rmse_deg, "mean total " + deg_text(r.mean.total_rmse_deg), kTotalError, true});
    c.markers.push_back(report::BarMarker{r.mean.heading_rmse_deg,
                                          "mean heading " + deg_text(r.mean.heading_rmse_deg),
                                          kHeadingError, true});
    c.markers.push_back(report::BarMarker{
        r.mean.inclination_rmse_deg, "mean inclination " + deg_text(r.mean.inclination_rmse_deg),
        kInclinationError, true});
  }
  return c;
}

report::OrientationScoreText score_text(const TrialScore& score) {
  return report::OrientationScoreText{score.valid,
                                      score.invalid_reason,
                                      score.total_rmse_deg,
                                      score.heading_rmse_deg,
                                      score.inclination_rmse_deg,
                                      score.n_scored};
}

report::OrientationTimelineData orientation_trial_timeline_data(const TrialResult& trial,
                                                                bool use_mag,
                                                                const EvalPictureLabels& labels) {
  const TrialTrace& tr = trial.trace;
  const std::size_t n = tr.t_us.size();
  if (n == 0 || tr.errors.size() != n || tr.movement.size() != n || tr.flags.size() != n ||
      tr.mag_norm_ut.size() != n) {
    throw std::invalid_argument("trial " + trial.info.name +
                                ": no complete trace to draw (run with keep_traces)");
  }
  const TrialScore& s = trial.score;
  report::OrientationTimelineData d;
  d.title = labels.dataset + " trial " + trial.info.name + ": " + labels.filter + ", " +
            mode_text(use_mag);
  d.t_us = tr.t_us;
  d.flags = tr.flags;
  d.uses_mag = use_mag;
  if (!use_mag && s.valid) d.heading_offset_deg = s.heading_offset_deg;

  d.error_t_us = tr.t_us;
  d.total_error_deg.resize(n);
  d.heading_error_deg.resize(n);
  d.inclination_error_deg.resize(n);
  d.reference_missing.assign(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    d.total_error_deg[k] = tr.errors[k].total_rad * kDegPerRadD;
    d.heading_error_deg[k] = tr.errors[k].heading_rad * kDegPerRadD;
    d.inclination_error_deg[k] = tr.errors[k].inclination_rad * kDegPerRadD;
    // Only a valid score tells a missing reference from a rest phase.
    d.reference_missing[k] =
        s.valid && tr.movement[k] != 0 && !std::isfinite(tr.errors[k].total_rad) ? 1 : 0;
  }
  d.score = score_text(s);
  d.scored_lane = "scored (movement)";

  // The field norm, and its median over the initial rest as the level to compare it with.
  d.mag_t_us = tr.t_us;
  d.mag_norm_ut.resize(n);
  std::vector<double> initial_rest;
  bool moved = false;
  for (std::size_t k = 0; k < n; ++k) {
    d.mag_norm_ut[k] = static_cast<double>(tr.mag_norm_ut[k]);
    moved = moved || tr.movement[k] != 0;
    if (!moved && std::isfinite(d.mag_norm_ut[k])) initial_rest.push_back(d.mag_norm_ut[k]);
  }
  d.mag_level_ut = median(std::move(initial_rest));
  d.mag_level_label = "initial rest";
  d.mag_level_note = "median over the initial rest";
  return d;
}

report::Timeline orientation_trial_timeline(const TrialResult& trial, bool use_mag,
                                            const EvalPictureLabels& labels) {
  return report::orientation_timeline(orientation_trial_timeline_data(trial, use_mag, labels));
}

std::string trial_picture_name(const TrialResult& trial) { return trial.info.name + ".svg"; }

void make_picture_folder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("--svg " + dir + ": cannot create the folder: " + ec.message());
  if (!std::filesystem::is_directory(dir, ec)) {
    throw std::runtime_error("--svg " + dir + ": cannot create the folder: not a folder");
  }
}

std::vector<std::string> write_orientation_pictures(const std::string& dir,
                                                    const OrientationEvalResult& r,
                                                    const EvalPictureLabels& labels,
                                                    std::size_t threads) {
  for (const TrialResult& t : r.trials) {
    if (t.info.name == "summary") {
      throw std::invalid_argument("trial 'summary': its picture would replace summary.svg");
    }
  }
  const std::filesystem::path folder(dir);
  std::vector<std::string> paths;
  paths.push_back((folder / "summary.svg").string());
  report::write_bar_chart_svg(paths.front(), orientation_summary_chart(r, labels));
  std::vector<std::string> trial_paths =
      parallel_in_order<std::string>(r.trials.size(), threads, [&](std::size_t i) {
        const TrialResult& t = r.trials[i];
        const std::string path = (folder / trial_picture_name(t)).string();
        report::write_orientation_timeline(path,
                                           orientation_trial_timeline_data(t, r.use_mag, labels));
        return path;
      });
  for (std::string& p : trial_paths) paths.push_back(std::move(p));
  return paths;
}

}  // namespace fusetrack::eval
