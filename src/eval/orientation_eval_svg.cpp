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

constexpr double kPiD = 3.14159265358979323846;
constexpr double kDegPerRadD = 180.0 / kPiD;

// Colours shared by the summary and the timelines, so a metric looks the same in both.
constexpr const char* kTotalColor = "#737373";
constexpr const char* kHeadingColor = "#d62728";
constexpr const char* kInclinationColor = "#1f77b4";

// Columns of the flag lanes: about one per 3 px of the plot, fine enough to see a 1-second event
// on a 3-minute trial, and few enough rectangles that even flags whose share changes in every
// column keep the file below 300 KB.
constexpr std::size_t kFlagColumns = 400;

std::string deg_text(double v) { return report::svg_number("%.2f°", v); }

std::string mode_text(bool use_mag) {
  return use_mag ? "9D (gyr + acc + mag)" : "6D (gyr + acc; heading offset removed per trial)";
}

report::TimelineLine make_line(std::string label, const char* color, double width_px) {
  report::TimelineLine l;
  l.label = std::move(label);
  l.color = color;
  l.width_px = width_px;
  return l;
}

// The median of `v` (which it reorders); NaN when empty.
double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

void append(std::vector<report::TimelineBand>& to, std::vector<report::TimelineBand> bands) {
  for (report::TimelineBand& b : bands) to.push_back(std::move(b));
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
  total.color = kTotalColor;
  total.thickness_px = 13.0;
  total.show_values = true;
  report::BarSeries heading;
  heading.label = "heading";
  heading.color = kHeadingColor;
  heading.thickness_px = 5.0;
  report::BarSeries inclination;
  inclination.label = "inclination";
  inclination.color = kInclinationColor;
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
        r.mean.total_rmse_deg, "mean total " + deg_text(r.mean.total_rmse_deg), kTotalColor, true});
    c.markers.push_back(report::BarMarker{r.mean.heading_rmse_deg,
                                          "mean heading " + deg_text(r.mean.heading_rmse_deg),
                                          kHeadingColor, true});
    c.markers.push_back(report::BarMarker{
        r.mean.inclination_rmse_deg, "mean inclination " + deg_text(r.mean.inclination_rmse_deg),
        kInclinationColor, true});
  }
  return c;
}

report::Timeline orientation_trial_timeline(const TrialResult& trial, bool use_mag,
                                            const EvalPictureLabels& labels) {
  const TrialTrace& tr = trial.trace;
  const std::size_t n = tr.t_us.size();
  if (n == 0 || tr.errors.size() != n || tr.movement.size() != n || tr.flags.size() != n ||
      tr.mag_norm_ut.size() != n) {
    throw std::invalid_argument("trial " + trial.info.name +
                                ": no complete trace to draw (run with keep_traces)");
  }
  std::vector<double> t_s(n);
  std::vector<std::uint8_t> scored(n);
  for (std::size_t k = 0; k < n; ++k) {
    t_s[k] = static_cast<double>(tr.t_us[k]) * 1e-6;
    scored[k] = std::isfinite(tr.errors[k].total_rad) ? 1 : 0;
  }
  const double t0 = t_s.front();
  const double t1 = t_s.back() > t0 ? t_s.back() : t0 + 1.0;

  report::Timeline tl;
  tl.title = labels.dataset + " trial " + trial.info.name + ": " + labels.filter + ", " +
             mode_text(use_mag);
  tl.t_min_s = t0;
  tl.t_max_s = t1;

  // Panel 1: the error of every scored sample.
  report::TimelinePanel err;
  const TrialScore& s = trial.score;
  if (s.valid) {
    err.title = "Error per scored sample; RMSE total " + deg_text(s.total_rmse_deg) + ", heading " +
                deg_text(s.heading_rmse_deg) + ", inclination " + deg_text(s.inclination_rmse_deg) +
                " over " + std::to_string(s.n_scored) + " samples" +
                (use_mag ? std::string()
                         : " (heading offset " + deg_text(s.heading_offset_deg) + " removed)");
  } else {
    err.title = "Error: score not valid: " + s.invalid_reason;
  }
  err.y_label = "error (°)";
  err.y_min = 0.0;
  // Total under the others, wide: where it equals the heading (or inclination) error it shows
  // as a grey edge around that line instead of hiding it.
  err.lines.push_back(make_line("total", kTotalColor, 2.6));
  err.lines.push_back(make_line("heading", kHeadingColor, 1.0));
  err.lines.push_back(make_line("inclination", kInclinationColor, 1.0));
  for (report::TimelineLine& l : err.lines) {
    l.t_s = t_s;
    l.y.resize(n);
  }
  std::vector<std::uint8_t> not_scored(n);
  for (std::size_t k = 0; k < n; ++k) {
    err.lines[0].y[k] = tr.errors[k].total_rad * kDegPerRadD;
    err.lines[1].y[k] = tr.errors[k].heading_rad * kDegPerRadD;
    err.lines[2].y[k] = tr.errors[k].inclination_rad * kDegPerRadD;
    not_scored[k] = scored[k] != 0 ? 0 : 1;
  }
  for (report::TimelineBand& b : report::bands_where(t_s, not_scored, 0, "#d9d9d9", "not scored")) {
    b.opacity = 0.6;
    err.bands.push_back(std::move(b));
  }
  tl.panels.push_back(std::move(err));

  // Panel 2: when the trial is scored, and what the filter decided.
  report::TimelinePanel lanes;
  lanes.title = "Movement phase and filter flags (paler: set on part of the samples there)";
  std::vector<std::uint8_t> ref_missing(n, 0);
  bool any_missing = false;
  if (s.valid) {
    for (std::size_t k = 0; k < n; ++k) {
      ref_missing[k] = tr.movement[k] != 0 && scored[k] == 0 ? 1 : 0;
      any_missing = any_missing || ref_missing[k] != 0;
    }
  }
  lanes.lanes.push_back("scored (movement)");
  append(lanes.bands, report::duty_bands(t_s, scored, 0, "#41ab5d", t0, t1, kFlagColumns));
  if (any_missing) {
    lanes.lanes.push_back("reference missing");
    append(lanes.bands, report::duty_bands(t_s, ref_missing, lanes.lanes.size() - 1, "#cb181d", t0,
                                           t1, kFlagColumns));
  }
  struct FlagLane {
    const char* name;
    const char* color;
    bool OrientationFlags::*flag;
  };
  const FlagLane flag_lanes[] = {{"at_rest", "#3182bd", &OrientationFlags::at_rest},
                                 {use_mag ? "mag_disturbed" : "mag_disturbed (6D: no mag)",
                                  "#e6550d", &OrientationFlags::mag_disturbed},
                                 {"acc_rejected", "#756bb1", &OrientationFlags::acc_rejected}};
  std::vector<std::uint8_t> on(n);
  for (const FlagLane& f : flag_lanes) {
    for (std::size_t k = 0; k < n; ++k) on[k] = tr.flags[k].*(f.flag) ? 1 : 0;
    lanes.lanes.push_back(f.name);
    append(lanes.bands,
           report::duty_bands(t_s, on, lanes.lanes.size() - 1, f.color, t0, t1, kFlagColumns));
  }
  tl.panels.push_back(std::move(lanes));

  // Panel 3: the magnetometer's field norm, and its median over the initial rest as a reference.
  report::TimelinePanel mag;
  mag.title = "Magnetometer field norm";
  mag.y_label = "|mag| (µT)";
  report::TimelineLine norm = make_line("|mag|", "#2ca02c", 1.0);
  norm.t_s = t_s;
  norm.y.resize(n);
  std::vector<double> initial_rest;
  bool moved = false;
  for (std::size_t k = 0; k < n; ++k) {
    norm.y[k] = static_cast<double>(tr.mag_norm_ut[k]);
    moved = moved || tr.movement[k] != 0;
    if (!moved && std::isfinite(norm.y[k])) initial_rest.push_back(norm.y[k]);
  }
  mag.lines.push_back(std::move(norm));
  const double rest_median = median(std::move(initial_rest));
  if (std::isfinite(rest_median)) {
    report::TimelineLine ref = make_line("initial rest", "#000000", 1.2);
    ref.dashed = true;
    ref.t_s = {t0, t1};
    ref.y = {rest_median, rest_median};
    mag.lines.push_back(std::move(ref));
    mag.title +=
        " (dashed: median over the initial rest, " + report::svg_number("%.1f µT)", rest_median);
  }
  tl.panels.push_back(std::move(mag));
  return tl;
}

report::TimelineSvgOptions orientation_timeline_options() {
  report::TimelineSvgOptions o;
  o.width_px = 1400;
  o.panel_height_px = 170;
  o.lane_height_px = 22;
  o.max_points_per_line = 2000;  // min and max of each ~1.1 px: every peak, nothing wasted
  return o;
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
  const report::TimelineSvgOptions options = orientation_timeline_options();
  std::vector<std::string> trial_paths =
      parallel_in_order<std::string>(r.trials.size(), threads, [&](std::size_t i) {
        const TrialResult& t = r.trials[i];
        const std::string path = (folder / trial_picture_name(t)).string();
        report::write_timeline_svg(path, orientation_trial_timeline(t, r.use_mag, labels), options);
        return path;
      });
  for (std::string& p : trial_paths) paths.push_back(std::move(p));
  return paths;
}

}  // namespace fusetrack::eval
