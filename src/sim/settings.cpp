#include "sim/settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace fusetrack::sim {

Segment Segment::rest(double duration_s) {
  return Segment{Activity::kRest, duration_s, 0.0, 0.0, 65.0};
}
Segment Segment::walk(double duration_s) {
  return Segment{Activity::kWalk, duration_s, 110.0, 0.70, 100.0};
}
Segment Segment::run(double duration_s) {
  return Segment{Activity::kRun, duration_s, 165.0, 1.10, 150.0};
}

std::vector<Segment> default_scenario() {
  return {Segment::rest(40.0), Segment::walk(90.0), Segment::run(60.0), Segment::rest(40.0)};
}

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("simulator settings: " + what);
}

bool finite_positive(double v) { return std::isfinite(v) && v > 0.0; }
bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }

void validate_clock(const StreamClockSettings& c, const std::string& name) {
  require(finite_positive(c.rate_hz) && c.rate_hz <= 10000.0,
          name + ".rate_hz must be in (0, 10000]");
  require(std::isfinite(c.clock_error) && std::fabs(c.clock_error) < 0.1,
          name + ".clock_error must be within +-0.1");
  const double period_us = 1e6 / (c.rate_hz * (1.0 + c.clock_error));
  require(finite_non_negative(c.jitter_us) && c.jitter_us < period_us / 4.0,
          name + ".jitter_us must be in [0, period / 4)");
}

void validate_gait(const GaitSettings& g, const std::string& name) {
  const double values[] = {
      g.shoulder_swing_deg,  g.elbow_flexion_deg, g.elbow_swing_deg, g.pronation_deg,
      g.pronation_swing_deg, g.torso_yaw_deg,     g.bounce_m,        g.sway_m,
      g.impact_m_s2,         g.rest_sway_deg};
  for (double v : values) require(std::isfinite(v), name + ": every value must be finite");
  require(g.shoulder_swing_deg >= 0.0 && g.shoulder_swing_deg <= 60.0,
          name + ".shoulder_swing_deg must be in [0, 60]");
  require(g.bounce_m >= 0.0 && g.bounce_m <= 0.2, name + ".bounce_m must be in [0, 0.2]");
  require(g.impact_m_s2 >= 0.0 && g.impact_m_s2 <= 100.0,
          name + ".impact_m_s2 must be in [0, 100]");
}

}  // namespace

std::string scenario_text(const std::vector<Segment>& segments) {
  std::string text;
  for (const Segment& seg : segments) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.9g", seg.duration_s);
    if (!text.empty()) text += ',';
    text += std::string(activity_name(seg.activity)) + ':' + duration;
  }
  return text;
}

std::vector<Segment> parse_scenario(const std::string& text) {
  const std::string expected =
      "ACTIVITY:SECONDS[,ACTIVITY:SECONDS...] with ACTIVITY rest, walk or run";
  if (text.empty()) throw std::invalid_argument("expected " + expected + ", found nothing");
  std::vector<Segment> segments;
  double total_s = 0.0;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    const std::string item = text.substr(begin, end - begin);
    const std::string where = "item " + std::to_string(segments.size() + 1) + " '" + item + "'";
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument("expected " + expected + ", found " + where);
    }
    const std::string name = item.substr(0, colon);
    if (name != "rest" && name != "walk" && name != "run") {
      throw std::invalid_argument("unknown activity '" + name + "' in " + where +
                                  " (expected rest, walk or run)");
    }
    const Activity activity = parse_activity(name);
    const std::string number = item.substr(colon + 1);
    // strtod takes leading blanks and "nan"/"inf"; only plain decimal numbers are durations.
    const bool plain =
        !number.empty() && number.find_first_not_of("0123456789.eE+-") == std::string::npos;
    char* stop = nullptr;
    const double duration_s = plain ? std::strtod(number.c_str(), &stop) : 0.0;
    if (!plain || stop != number.c_str() + number.size() || !finite_positive(duration_s)) {
      throw std::invalid_argument("expected a duration in seconds > 0 in " + where + ", found '" +
                                  number + "'");
    }
    total_s += duration_s;
    if (total_s > kMaxScenarioDuration_s) {
      throw std::invalid_argument("the scenario lasts more than 86400 s (one day) from " + where);
    }
    switch (activity) {
      case Activity::kRest:
        segments.push_back(Segment::rest(duration_s));
        break;
      case Activity::kWalk:
        segments.push_back(Segment::walk(duration_s));
        break;
      case Activity::kRun:
        segments.push_back(Segment::run(duration_s));
        break;
    }
    begin = end + 1;
  }
  return segments;
}

void SimSettings::validate() const {
  require(!segments.empty(), "segments must not be empty");
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    const std::string name = "segments[" + std::to_string(i) + "]";
    require(finite_positive(s.duration_s), name + ".duration_s must be > 0");
    require(
        finite_positive(s.heart_rate_bpm) && s.heart_rate_bpm >= 30.0 && s.heart_rate_bpm <= 220.0,
        name + ".heart_rate_bpm must be in [30, 220]");
    if (s.activity == Activity::kRest) {
      require(std::isfinite(s.cadence_spm) && std::isfinite(s.step_length_m),
              name + ": cadence and step length must be finite");
    } else {
      require(std::isfinite(s.cadence_spm) && s.cadence_spm >= 40.0 && s.cadence_spm <= 240.0,
              name + ".cadence_spm must be in [40, 240] when moving");
      require(finite_non_negative(s.step_length_m) && s.step_length_m <= 2.5,
              name + ".step_length_m must be in [0, 2.5]");
    }
  }
  require(finite_positive(transition_s), "transition_s must be > 0");
  require(finite_positive(heart_rate_transition_s), "heart_rate_transition_s must be > 0");
  require(finite_non_negative(heart_rate_variability_bpm) && heart_rate_variability_bpm <= 10.0,
          "heart_rate_variability_bpm must be in [0, 10]");
  require(finite_positive(respiration_hz) && respiration_hz < 1.0,
          "respiration_hz must be in (0, 1)");
  require(finite_non_negative(step_phase_variability_rad) && step_phase_variability_rad <= 0.5,
          "step_phase_variability_rad must be in [0, 0.5]");
  require(finite_positive(impact_width_s) && impact_width_s <= 0.1,
          "impact_width_s must be in (0, 0.1]");
  require(finite_non_negative(shoulder_offset_m) && finite_positive(upper_arm_m) &&
              finite_positive(forearm_m),
          "arm lengths must be > 0");
  require(std::isfinite(arm_inward_deg) && mount_misalignment_deg.allFinite() &&
              std::isfinite(heading_turn_deg),
          "arm and mount angles must be finite");
  validate_gait(rest, "rest");
  validate_gait(walk, "walk");
  validate_gait(run, "run");

  validate_clock(imu.clock, "imu.clock");
  require(imu.gyro_bias_rad_s.allFinite() && imu.acc_bias_m_s2.allFinite(),
          "imu biases must be finite");
  require(finite_non_negative(imu.gyro_bias_walk_rad_s_per_sqrt_s) &&
              finite_non_negative(imu.gyro_noise_rad_s) && finite_non_negative(imu.acc_noise_m_s2),
          "imu noise levels must be >= 0");
  if (mag.enabled) {
    validate_clock(mag.clock, "mag.clock");
    require(finite_positive(mag.field_ut), "mag.field_ut must be > 0");
    require(std::isfinite(mag.dip_deg) && std::fabs(mag.dip_deg) <= 90.0,
            "mag.dip_deg must be in [-90, 90]");
    require(std::isfinite(mag.declination_deg), "mag.declination_deg must be finite");
    require(finite_non_negative(mag.noise_ut) && mag.hard_iron_ut.allFinite(),
            "mag noise must be >= 0 and hard iron finite");
  }
  if (ppg.enabled) {
    validate_clock(ppg.clock, "ppg.clock");
    require(ppg.channels == 1 || ppg.channels == 2, "ppg.channels must be 1 or 2");
    const double values[] = {ppg.dc,
                             ppg.pulse_amplitude,
                             ppg.dicrotic_ratio,
                             ppg.respiration_amplitude,
                             ppg.drift_amplitude,
                             ppg.motion_gain_per_m_s2,
                             ppg.noise,
                             ppg.channel2_gain,
                             ppg.channel2_motion_factor,
                             ppg.channel2_noise_factor,
                             ppg.ambient_level,
                             ppg.ambient_variation,
                             ppg.ambient_noise};
    for (double v : values) require(finite_non_negative(v), "ppg values must be finite and >= 0");
    require(finite_positive(ppg.drift_period_s), "ppg.drift_period_s must be > 0");
  }
}

double SimSettings::duration_s() const {
  double total = 0.0;
  for (const Segment& s : segments) total += s.duration_s;
  return total;
}

const GaitSettings& SimSettings::gait(Activity a) const {
  switch (a) {
    case Activity::kWalk:
      return walk;
    case Activity::kRun:
      return run;
    case Activity::kRest:
      break;
  }
  return rest;
}

SimSettings without_noise(SimSettings s) {
  s.imu.clock.jitter_us = 0.0;
  s.imu.gyro_noise_rad_s = 0.0;
  s.imu.gyro_bias_walk_rad_s_per_sqrt_s = 0.0;
  s.imu.acc_noise_m_s2 = 0.0;
  s.mag.clock.jitter_us = 0.0;
  s.mag.noise_ut = 0.0;
  s.ppg.clock.jitter_us = 0.0;
  s.ppg.noise = 0.0;
  s.ppg.ambient_noise = 0.0;
  return s;
}

}  // namespace fusetrack::sim
