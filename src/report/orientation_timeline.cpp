#include "report/orientation_timeline.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace fusetrack::report {

namespace {

constexpr double kDegPerRadD = 180.0 / 3.14159265358979323846;

// Columns of the flag lanes: about one per 3 px of the plot, fine enough to see a 1-second event
// on a 3-minute trial, and few enough rectangles that even flags whose share changes in every
// column keep a BROAD trial's file below 300 KB.
constexpr std::size_t kFlagColumns = 400;

std::string deg_text(double v) { return svg_number("%.2f°", v); }

TimelineLine make_line(std::string label, const char* color, double width_px, bool dashed = false) {
  TimelineLine l;
  l.label = std::move(label);
  l.color = color;
  l.width_px = width_px;
  l.dashed = dashed;
  return l;
}

void check_length(std::size_t n, std::size_t expected, const char* series, const char* times) {
  if (n != 0 && n != expected) {
    throw std::invalid_argument("orientation timeline: " + std::string(series) + " has " +
                                std::to_string(n) + " entries, " + times + " " +
                                std::to_string(expected));
  }
}

void check(const OrientationTimelineData& d) {
  if (d.t_us.empty()) throw std::invalid_argument("orientation timeline: no estimates (t_us)");
  const std::size_t n = d.t_us.size();
  check_length(d.q_es.size(), n, "q_es", "t_us");
  check_length(d.gyr_bias_rad_s.size(), n, "gyr_bias_rad_s", "t_us");
  check_length(d.flags.size(), n, "flags", "t_us");
  const std::size_t n_ref = d.ref_t_us.size();
  check_length(d.ref_q_es.size(), n_ref, "ref_q_es", "ref_t_us");
  check_length(d.ref_gyr_bias_rad_s.size(), n_ref, "ref_gyr_bias_rad_s", "ref_t_us");
  const std::size_t n_err = d.error_t_us.size();
  check_length(d.total_error_deg.size(), n_err, "total_error_deg", "error_t_us");
  check_length(d.heading_error_deg.size(), n_err, "heading_error_deg", "error_t_us");
  check_length(d.inclination_error_deg.size(), n_err, "inclination_error_deg", "error_t_us");
  check_length(d.reference_missing.size(), n_err, "reference_missing", "error_t_us");
  check_length(d.mag_norm_ut.size(), d.mag_t_us.size(), "mag_norm_ut", "mag_t_us");
}

// Seconds on the picture's axis: from the whole second at or before the first estimate.
class Clock {
 public:
  explicit Clock(Micros first_us) : t0_us_(first_us >= 0 ? first_us / 1000000 * 1000000 : 0) {}
  double seconds(Micros t_us) const { return static_cast<double>(t_us - t0_us_) * 1e-6; }
  std::vector<double> seconds(const std::vector<Micros>& t_us) const {
    std::vector<double> s(t_us.size());
    for (std::size_t k = 0; k < t_us.size(); ++k) s[k] = seconds(t_us[k]);
    return s;
  }
  std::string axis_label() const {
    return t0_us_ == 0 ? std::string("time (s)")
                       : "time (s) after t_us = " + std::to_string(t0_us_);
  }

 private:
  Micros t0_us_;
};

// Appends (t, y) to `line`, with a break first where y jumps by more than half a turn (an angle
// wrapping from +180° to -180°).
void append_angle(TimelineLine& line, double t_s, double y_deg) {
  if (!line.y.empty() && std::fabs(y_deg - line.y.back()) > 180.0) {
    line.t_s.push_back(t_s);
    line.y.push_back(std::nan(""));
  }
  line.t_s.push_back(t_s);
  line.y.push_back(y_deg);
}

void append(std::vector<TimelineBand>& to, std::vector<TimelineBand> bands) {
  for (TimelineBand& b : bands) to.push_back(std::move(b));
}

std::string estimated_vs(const OrientationTimelineData& d, const std::string& what,
                         const std::string& note, bool with_reference) {
  if (!with_reference) return what + ", estimated" + (note.empty() ? "" : " (" + note + ")");
  return what + ", estimated (solid" + (note.empty() ? "" : "; " + note) + ") vs " +
         d.reference_name + " (dashed)";
}

TimelinePanel angle_panel(const OrientationTimelineData& d, const Clock& clock) {
  const bool six_d = std::isfinite(d.heading_offset_deg);
  TimelinePanel p;
  const std::string note =
      !d.heading_available
          ? "roll and pitch only: no heading without a gyroscope"
          : (six_d ? "6D: heading offset " + svg_number("%.1f°", d.heading_offset_deg) + " removed"
                   : "");
  p.title = estimated_vs(d, "Orientation", note, !d.ref_q_es.empty());
  const int n_angles = d.heading_available ? 3 : 2;
  p.y_label = "angle (°)";
  p.y_min = -180.0;
  p.y_max = 180.0;
  p.y_tick_step = 90.0;
  const char* const names[3] = {"roll", "pitch", "yaw"};
  for (int a = 0; a < n_angles; ++a) {
    p.lines.push_back(make_line(names[a], orientation_color::kAxis[a], 1.6));
  }
  for (std::size_t k = 0; k < d.q_es.size(); ++k) {
    const Vec3 rpy = roll_pitch_yaw_deg(d.q_es[k]);
    for (int a = 0; a < n_angles; ++a) {
      append_angle(p.lines[static_cast<std::size_t>(a)], clock.seconds(d.t_us[k]),
                   static_cast<double>(rpy[a]));
    }
  }
  if (d.ref_q_es.empty()) return p;
  for (int a = 0; a < n_angles; ++a) {
    p.lines.push_back(make_line(std::string(names[a]) + " " + d.reference_name,
                                orientation_color::kAxis[a], 1.2, true));
  }
  for (std::size_t k = 0; k < d.ref_q_es.size(); ++k) {
    const Vec3 rpy = roll_pitch_yaw_deg(d.ref_q_es[k].cast<float>());
    for (int a = 0; a < n_angles; ++a) {
      append_angle(p.lines[static_cast<std::size_t>(n_angles + a)], clock.seconds(d.ref_t_us[k]),
                   static_cast<double>(rpy[a]));
    }
  }
  return p;
}

std::string error_title(const OrientationTimelineData& d) {
  const OrientationScoreText& s = d.score;
  std::string title = "Orientation error vs " + d.reference_name + ": ";
  if (!s.valid) return title + "score not valid: " + s.invalid_reason;
  if (!d.heading_available) {
    return title + "RMSE inclination " + deg_text(s.inclination_rmse_deg) + " over " +
           std::to_string(s.n_scored) + " samples (accelerometer only: no heading)";
  }
  title += "RMSE total " + deg_text(s.total_rmse_deg) + ", heading " +
           deg_text(s.heading_rmse_deg) + ", inclination " + deg_text(s.inclination_rmse_deg) +
           " over " + std::to_string(s.n_scored) + " samples";
  if (std::isfinite(d.heading_offset_deg)) {
    title += " (6D: heading offset " + deg_text(d.heading_offset_deg) + " removed)";
  }
  return title;
}

TimelinePanel error_panel(const OrientationTimelineData& d, const std::vector<double>& t_s) {
  TimelinePanel p;
  p.title = error_title(d);
  p.y_label = "error (°)";
  p.y_min = 0.0;
  // Total under the others, wide: where it equals the heading (or inclination) error it shows
  // as a grey edge around that line instead of hiding it.
  p.lines.push_back(make_line("total", orientation_color::kTotalError, 2.6));
  p.lines.push_back(make_line("heading", orientation_color::kHeadingError, 1.0));
  p.lines.push_back(make_line("inclination", orientation_color::kInclinationError, 1.0));
  p.lines[0].y = d.total_error_deg;
  p.lines[1].y = d.heading_error_deg;
  p.lines[2].y = d.inclination_error_deg;
  if (!d.heading_available) p.lines.erase(p.lines.begin(), p.lines.begin() + 2);
  for (TimelineLine& l : p.lines) l.t_s = t_s;
  std::vector<std::uint8_t> not_scored(t_s.size());
  for (std::size_t k = 0; k < t_s.size(); ++k) {
    not_scored[k] = std::isfinite(d.total_error_deg[k]) ? 0 : 1;
  }
  for (TimelineBand& b :
       bands_where(t_s, not_scored, 0, orientation_color::kNotScored, "not scored")) {
    b.opacity = 0.6;
    p.bands.push_back(std::move(b));
  }
  return p;
}

// The lane panel; no lanes when there is nothing to show in them.
TimelinePanel lane_panel(const OrientationTimelineData& d, const Clock& clock,
                         const std::vector<double>& error_t_s, double t_min_s, double t_max_s) {
  TimelinePanel p;
  std::string context;
  // A lane of labelled spans, each coloured by its label.
  const auto span_lane = [&](const std::string& lane, const std::vector<TimelineSpan>& spans,
                             const char* (*color)(const std::string&) noexcept) {
    p.lanes.push_back(lane);
    for (const TimelineSpan& span : spans) {
      TimelineBand b;
      b.start_s = clock.seconds(span.start_us);
      b.end_s = clock.seconds(span.end_us);
      b.label = span.label;
      b.color = color(span.label);
      b.lane = p.lanes.size() - 1;
      p.bands.push_back(std::move(b));
    }
  };
  if (!d.activities.empty()) {
    context = "Activity (" + d.reference_name + ")";
    span_lane("activity", d.activities, orientation_color::activity);
  }
  const auto duty_lane = [&](const std::string& lane, const std::vector<double>& t_s,
                             const std::vector<std::uint8_t>& on, const char* color) {
    p.lanes.push_back(lane);
    append(p.bands, duty_bands(t_s, on, p.lanes.size() - 1, color, t_min_s, t_max_s, kFlagColumns));
  };
  if (!d.scored_lane.empty() && !d.error_t_us.empty()) {
    context += context.empty() ? "Scored samples" : ", scored samples";
    std::vector<std::uint8_t> scored(error_t_s.size());
    for (std::size_t k = 0; k < scored.size(); ++k) {
      scored[k] = std::isfinite(d.total_error_deg[k]) ? 1 : 0;
    }
    duty_lane(d.scored_lane, error_t_s, scored, orientation_color::kScored);
  }
  bool any_missing = false;
  for (const std::uint8_t m : d.reference_missing) any_missing = any_missing || m != 0;
  if (any_missing) {
    duty_lane("reference missing", error_t_s, d.reference_missing,
              orientation_color::kReferenceMissing);
  }
  if (d.flags.empty()) {
    p.title = context;
    return p;
  }
  p.title = (context.empty() ? std::string("Tracker flags") : context + " and Tracker flags") +
            " (paler: set on part of the samples there)";
  struct FlagLane {
    std::string name;
    const char* color;
    bool OrientationFlags::*flag;
  };
  const FlagLane flag_lanes[] = {
      {"at_rest", orientation_color::kAtRest, &OrientationFlags::at_rest},
      {d.uses_mag ? "mag_disturbed" : "mag_disturbed (6D)", orientation_color::kMagDisturbed,
       &OrientationFlags::mag_disturbed},
      {"acc_rejected", orientation_color::kAccRejected, &OrientationFlags::acc_rejected}};
  const std::vector<double> t_s = clock.seconds(d.t_us);
  std::vector<std::uint8_t> on(t_s.size());
  for (const FlagLane& f : flag_lanes) {
    for (std::size_t k = 0; k < on.size(); ++k) on[k] = d.flags[k].*(f.flag) ? 1 : 0;
    duty_lane(f.name, t_s, on, f.color);
  }
  if (!d.wear.empty()) span_lane("wear", d.wear, orientation_color::wear);
  return p;
}

TimelinePanel bias_panel(const OrientationTimelineData& d, const Clock& clock) {
  TimelinePanel p;
  p.title = estimated_vs(d, "Gyroscope bias", "", !d.ref_gyr_bias_rad_s.empty());
  p.y_label = "bias (°/s)";
  const char* const names[3] = {"x", "y", "z"};
  const auto add = [&](const std::string& suffix, bool dashed, const std::vector<Micros>& t_us,
                       const auto& bias_rad_s) {
    for (int a = 0; a < 3; ++a) {
      TimelineLine l =
          make_line(names[a] + suffix, orientation_color::kAxis[a], dashed ? 1.2 : 1.6, dashed);
      for (std::size_t k = 0; k < t_us.size(); ++k) {
        l.t_s.push_back(clock.seconds(t_us[k]));
        l.y.push_back(static_cast<double>(bias_rad_s[k][a]) * kDegPerRadD);
      }
      p.lines.push_back(std::move(l));
    }
  };
  add("", false, d.t_us, d.gyr_bias_rad_s);
  if (!d.ref_gyr_bias_rad_s.empty())
    add(" " + d.reference_name, true, d.ref_t_us, d.ref_gyr_bias_rad_s);
  return p;
}

TimelinePanel mag_panel(const OrientationTimelineData& d, const Clock& clock, double t_min_s,
                        double t_max_s) {
  TimelinePanel p;
  p.title = "Magnetometer field norm";
  p.y_label = "|mag| (µT)";
  TimelineLine norm = make_line("|mag|", orientation_color::kMagNorm, 1.0);
  norm.t_s = clock.seconds(d.mag_t_us);
  norm.y = d.mag_norm_ut;
  p.lines.push_back(std::move(norm));
  if (std::isfinite(d.mag_level_ut)) {
    TimelineLine level = make_line(d.mag_level_label, orientation_color::kLevel, 1.2, true);
    level.t_s = {t_min_s, t_max_s};
    level.y = {d.mag_level_ut, d.mag_level_ut};
    p.lines.push_back(std::move(level));
    p.title += " (dashed: " + (d.mag_level_note.empty() ? d.mag_level_label : d.mag_level_note) +
               ", " + svg_number("%.1f µT)", d.mag_level_ut);
  }
  return p;
}

}  // namespace

namespace orientation_color {
const char* activity(const std::string& label) noexcept {
  if (label == "rest") return "#c6dbef";
  if (label == "walk") return "#fdd0a2";
  if (label == "run") return "#fc9272";
  return "#dddddd";
}
const char* wear(const std::string& label) noexcept {
  if (label == "still") return "#c7e9c0";
  if (label == "moving") return "#fdae6b";
  if (label == "off_wrist_suspected") return "#969696";
  return "#eeeeee";
}
}  // namespace orientation_color

Vec3 roll_pitch_yaw_deg(const Quat& q) {
  const float w = q.w(), x = q.x(), y = q.y(), z = q.z();
  const float roll = std::atan2(2.0f * (w * x + y * z), 1.0f - 2.0f * (x * x + y * y));
  const float pitch = std::asin(std::fmax(-1.0f, std::fmin(1.0f, 2.0f * (w * y - z * x))));
  const float yaw = std::atan2(2.0f * (w * z + x * y), 1.0f - 2.0f * (y * y + z * z));
  return Vec3(roll, pitch, yaw) * kDegPerRad;
}

Timeline orientation_timeline(const OrientationTimelineData& d) {
  check(d);
  const Clock clock(d.t_us.front());
  Timeline tl;
  tl.title = d.title;
  tl.x_label = clock.axis_label();
  tl.t_min_s = clock.seconds(d.t_us.front());
  tl.t_max_s = clock.seconds(d.t_us.back());
  if (!(tl.t_max_s > tl.t_min_s)) tl.t_max_s = tl.t_min_s + 1.0;
  const std::vector<double> error_t_s = clock.seconds(d.error_t_us);

  if (!d.q_es.empty()) tl.panels.push_back(angle_panel(d, clock));
  if (!d.error_t_us.empty()) tl.panels.push_back(error_panel(d, error_t_s));
  TimelinePanel lanes = lane_panel(d, clock, error_t_s, tl.t_min_s, tl.t_max_s);
  if (!lanes.lanes.empty()) tl.panels.push_back(std::move(lanes));
  if (!d.gyr_bias_rad_s.empty()) tl.panels.push_back(bias_panel(d, clock));
  if (!d.mag_t_us.empty()) tl.panels.push_back(mag_panel(d, clock, tl.t_min_s, tl.t_max_s));
  return tl;
}

TimelineSvgOptions orientation_timeline_options() {
  TimelineSvgOptions o;
  o.width_px = 1400;
  o.panel_height_px = 170;
  o.lane_height_px = 22;
  o.max_points_per_line = 2000;  // min and max of each ~1.1 px: every peak, nothing wasted
  return o;
}

void write_orientation_timeline(const std::string& path, const OrientationTimelineData& data) {
  write_timeline_svg(path, orientation_timeline(data), orientation_timeline_options());
}

}  // namespace fusetrack::report
