#include "sim/settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

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

Segment Segment::wave(double duration_s) {
  return Segment{Activity::kWave, duration_s, 0.0, 0.0, 85.0};
}
Segment Segment::type(double duration_s) {
  return Segment{Activity::kType, duration_s, 0.0, 0.0, 70.0};
}
Segment Segment::talk(double duration_s) {
  return Segment{Activity::kTalk, duration_s, 0.0, 0.0, 75.0};
}
Segment Segment::car(double duration_s) {
  return Segment{Activity::kCar, duration_s, 0.0, 0.0, 72.0};
}

Segment Segment::typical(Activity activity, double duration_s) {
  switch (activity) {
    case Activity::kRest:
      break;
    case Activity::kWalk:
      return walk(duration_s);
    case Activity::kRun:
      return run(duration_s);
    case Activity::kWave:
      return wave(duration_s);
    case Activity::kType:
      return type(duration_s);
    case Activity::kTalk:
      return talk(duration_s);
    case Activity::kCar:
      return car(duration_s);
  }
  return rest(duration_s);
}

const char* placement_name(Placement p) noexcept {
  switch (p) {
    case Placement::kWrist:
      return "wrist";
    case Placement::kHand:
      return "hand";
    case Placement::kPocket:
      return "pocket";
  }
  return "unknown";
}

Placement parse_placement(std::string_view name) {
  for (const Placement p : {Placement::kWrist, Placement::kHand, Placement::kPocket}) {
    if (name == placement_name(p)) return p;
  }
  throw std::invalid_argument("unknown placement '" + std::string(name) +
                              "' (expected wrist, hand or pocket)");
}

const HandGaitSettings& HandPlacementSettings::gait(Activity a) const {
  if (a == Activity::kWalk) return walk;
  if (a == Activity::kRun) return run;
  return rest;
}

const ThighGaitSettings& PocketPlacementSettings::gait(Activity a) const {
  switch (a) {
    case Activity::kRest:
      break;
    case Activity::kWalk:
      return walk;
    case Activity::kRun:
      return run;
    case Activity::kWave:
      return wave;
    case Activity::kType:
      return type;
    case Activity::kTalk:
      return talk;
    case Activity::kCar:
      return car;
  }
  return rest;
}

StreamClockSettings with_rate(StreamClockSettings clock, double rate_hz) {
  if (!std::isfinite(rate_hz) || !(rate_hz > 0.0)) {
    throw std::invalid_argument("a stream's rate must be a finite number > 0");
  }
  if (rate_hz > clock.rate_hz) clock.jitter_us *= clock.rate_hz / rate_hz;
  clock.rate_hz = rate_hz;
  return clock;
}

std::vector<Segment> default_scenario() {
  return {Segment::rest(40.0), Segment::walk(90.0), Segment::run(60.0), Segment::rest(40.0)};
}

namespace {

constexpr double kMaxLie_s = 3600.0;  // longest a fallen wearer lies still, s

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
      g.shoulder_swing_deg,  g.elbow_flexion_deg, g.elbow_swing_deg,   g.pronation_deg,
      g.pronation_swing_deg, g.torso_yaw_deg,     g.bounce_m,          g.sway_m,
      g.impact_m_s2,         g.rest_sway_deg,     g.shoulder_raise_deg};
  for (double v : values) require(std::isfinite(v), name + ": every value must be finite");
  require(std::fabs(g.shoulder_raise_deg) <= 180.0, name + ".shoulder_raise_deg must be in ±180");
  require(g.shoulder_swing_deg >= 0.0 && g.shoulder_swing_deg <= 60.0,
          name + ".shoulder_swing_deg must be in [0, 60]");
  require(g.bounce_m >= 0.0 && g.bounce_m <= 0.2, name + ".bounce_m must be in [0, 0.2]");
  require(g.impact_m_s2 >= 0.0 && g.impact_m_s2 <= 100.0,
          name + ".impact_m_s2 must be in [0, 100]");
}

// [lo, hi] with 0 <= lo <= hi, finite.
bool range_ok(double lo, double hi) {
  return finite_non_negative(lo) && std::isfinite(hi) && lo <= hi;
}

void validate_hand(const HandPlacementSettings& h) {
  for (const HandGaitSettings* g : {&h.rest, &h.walk, &h.run}) {
    const double values[] = {g->shoulder_swing_deg, g->elbow_flexion_deg, g->elbow_swing_deg,
                             g->roll_swing_deg, g->impact_m_s2};
    for (double v : values) require(std::isfinite(v), "hand: every value must be finite");
    require(g->shoulder_swing_deg >= 0.0 && g->shoulder_swing_deg <= 60.0,
            "hand shoulder_swing_deg must be in [0, 60]");
    require(g->impact_m_s2 >= 0.0 && g->impact_m_s2 <= 100.0,
            "hand impact_m_s2 must be in [0, 100]");
  }
  require(std::isfinite(h.arm_inward_deg) && std::isfinite(h.screen_tilt_deg),
          "hand angles must be finite");
  require(finite_positive(h.elbow_to_device_m) && h.elbow_to_device_m <= 1.0,
          "hand.elbow_to_device_m must be in (0, 1]");
}

void validate_pocket(const PocketPlacementSettings& p) {
  for (const Activity a : io::kAllActivities) {
    const ThighGaitSettings& g = p.gait(a);
    const std::string name = std::string("pocket.") + activity_name(a);
    require(std::isfinite(g.hip_flexion_deg) && std::fabs(g.hip_flexion_deg) <= 120.0,
            name + ".hip_flexion_deg must be in ±120");
    require(finite_non_negative(g.thigh_swing_deg) && g.thigh_swing_deg <= 60.0,
            name + ".thigh_swing_deg must be in [0, 60]");
    require(finite_non_negative(g.impact_m_s2) && g.impact_m_s2 <= 100.0,
            name + ".impact_m_s2 must be in [0, 100]");
  }
  require(finite_non_negative(p.hip_offset_m) && finite_non_negative(p.hip_drop_m) &&
              finite_non_negative(p.along_thigh_m) && finite_non_negative(p.in_front_m) &&
              p.hip_offset_m <= 1.0 && p.hip_drop_m <= 1.5 && p.along_thigh_m <= 1.0 &&
              p.in_front_m <= 0.5,
          "pocket lengths must be in [0, 1] m (hip_drop_m [0, 1.5], in_front_m [0, 0.5])");
}

void validate_motions(const SimSettings& s) {
  const WaveMotionSettings& w = s.wave_motion;
  require(range_ok(w.min_hz, w.max_hz) && w.min_hz > 0.0 && w.max_hz <= 10.0,
          "wave_motion: 0 < min_hz <= max_hz <= 10");
  require(finite_non_negative(w.swing_deg) && w.swing_deg <= 90.0 &&
              finite_non_negative(w.centre_deg) && w.centre_deg <= 45.0 &&
              finite_non_negative(w.elbow_swing_deg) && w.elbow_swing_deg <= 45.0 &&
              finite_non_negative(w.roll_swing_deg) && w.roll_swing_deg <= 90.0 &&
              finite_non_negative(w.amplitude_variation) && w.amplitude_variation < 1.0,
          "wave_motion: angles in [0, 90] (centre, elbow [0, 45]), amplitude_variation in [0, 1)");

  const TypeMotionSettings& k = s.type_motion;
  require(range_ok(k.min_hz, k.max_hz) && k.min_hz > 0.0 && k.max_hz <= 50.0,
          "type_motion: 0 < min_hz <= max_hz <= 50");
  require(finite_non_negative(k.jitter_m_s2) && k.jitter_m_s2 <= 10.0 &&
              finite_non_negative(k.jitter_roll_deg) && k.jitter_roll_deg <= 10.0,
          "type_motion: jitter_m_s2 and jitter_roll_deg in [0, 10]");
  require(finite_positive(k.keys_per_s) && k.keys_per_s <= 15.0,
          "type_motion.keys_per_s must be in (0, 15]");
  require(range_ok(k.key_min_m_s2, k.key_max_m_s2) && k.key_max_m_s2 <= 50.0,
          "type_motion: 0 <= key_min_m_s2 <= key_max_m_s2 <= 50");
  require(finite_positive(k.key_width_s) && k.key_width_s <= 0.1,
          "type_motion.key_width_s must be in (0, 0.1]");
  require(range_ok(k.burst_min_s, k.burst_max_s) && k.burst_min_s > 0.0 &&
              range_ok(k.pause_min_s, k.pause_max_s) && k.pause_min_s >= 0.5,
          "type_motion: 0 < burst_min_s <= burst_max_s, 0.5 <= pause_min_s <= pause_max_s");

  const TalkMotionSettings& t = s.talk_motion;
  require(range_ok(t.min_hz, t.max_hz) && t.min_hz > 0.0 && t.max_hz <= 10.0,
          "talk_motion: 0 < min_hz <= max_hz <= 10");
  require(finite_non_negative(t.elbow_deg) && finite_non_negative(t.lateral_deg) &&
              finite_non_negative(t.roll_deg) && finite_non_negative(t.shoulder_deg) &&
              std::max({t.elbow_deg, t.lateral_deg, t.roll_deg, t.shoulder_deg}) <= 60.0,
          "talk_motion: angles in [0, 60]");
  require(finite_positive(t.strokes_per_s) && t.strokes_per_s <= 10.0 &&
              range_ok(t.stroke_min_s, t.stroke_max_s) && t.stroke_min_s > 0.0 &&
              t.stroke_max_s <= 5.0 && range_ok(t.stroke_min_height, 1.0) &&
              finite_non_negative(t.base_level) && t.base_level <= 1.0,
          "talk_motion: strokes_per_s in (0, 10], 0 < stroke_min_s <= stroke_max_s <= 5, "
          "stroke_min_height and base_level in [0, 1]");

  const CarMotionSettings& c = s.car_motion;
  require(finite_positive(c.engine_idle_hz) && finite_non_negative(c.engine_hz_per_m_s) &&
              c.engine_idle_hz + c.engine_hz_per_m_s * c.max_speed_m_s <= 200.0,
          "car_motion: engine frequency must be > 0 and at most 200 Hz");
  require(c.engine_m_s2.allFinite() && c.engine_m_s2.minCoeff() >= 0.0 &&
              c.engine_m_s2.maxCoeff() <= 10.0,
          "car_motion.engine_m_s2 must be in [0, 10]");
  require(range_ok(c.min_speed_m_s, c.max_speed_m_s) && c.min_speed_m_s >= 3.0 &&
              c.max_speed_m_s <= 60.0,
          "car_motion: 3 <= min_speed_m_s <= max_speed_m_s <= 60");
  require(finite_positive(c.max_longitudinal_m_s2) && c.max_longitudinal_m_s2 <= 10.0,
          "car_motion.max_longitudinal_m_s2 must be in (0, 10]");
  require(range_ok(c.min_lateral_m_s2, c.max_lateral_m_s2) && c.min_lateral_m_s2 > 0.0 &&
              c.max_lateral_m_s2 <= 10.0,
          "car_motion: 0 < min_lateral_m_s2 <= max_lateral_m_s2 <= 10");
  require(
      range_ok(c.min_turn_deg, c.max_turn_deg) && c.min_turn_deg > 0.0 && c.max_turn_deg <= 180.0,
      "car_motion: 0 < min_turn_deg <= max_turn_deg <= 180");
  require(std::isfinite(c.max_turn_speed_m_s) && c.max_turn_speed_m_s >= 2.0 &&
              c.max_turn_speed_m_s <= 60.0,
          "car_motion.max_turn_speed_m_s must be in [2, 60]");
  require(finite_non_negative(c.bumps_per_s) && c.bumps_per_s <= 10.0 &&
              range_ok(c.bump_min_m_s2, c.bump_max_m_s2) && c.bump_max_m_s2 <= 50.0 &&
              finite_positive(c.bump_width_s) && c.bump_width_s <= 0.2 &&
              finite_non_negative(c.wheelbase_m) && c.wheelbase_m <= 10.0,
          "car_motion: bumps_per_s in [0, 10], 0 <= bump_min_m_s2 <= bump_max_m_s2 <= 50, "
          "bump_width_s in (0, 0.2], wheelbase_m in [0, 10]");
  require(std::isfinite(c.pitch_deg_per_m_s2) && std::fabs(c.pitch_deg_per_m_s2) <= 5.0 &&
              std::isfinite(c.roll_deg_per_m_s2) && std::fabs(c.roll_deg_per_m_s2) <= 5.0,
          "car_motion: pitch and roll per m/s² in ±5°");
}

// The number `text` when it is a plain decimal number (strtod also takes leading blanks and
// "nan"/"inf"); NaN otherwise.
double plain_number(const std::string& text) {
  const bool plain =
      !text.empty() && text.find_first_not_of("0123456789.eE+-") == std::string::npos;
  if (!plain) return std::nan("");
  char* stop = nullptr;
  const double v = std::strtod(text.c_str(), &stop);
  return stop == text.c_str() + text.size() ? v : std::nan("");
}

// `v` as "%.9g", the form of every number in the scenario, curve and fault texts.
std::string number9(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// The comma-separated items of `text`, each with its place for messages ("item 2 'x'"). Throws
// for empty text or an empty item.
std::vector<std::pair<std::string, std::string>> items_of(const std::string& text,
                                                          const std::string& expected) {
  if (text.empty()) throw std::invalid_argument("expected " + expected + ", found nothing");
  std::vector<std::pair<std::string, std::string>> items;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    std::string item = text.substr(begin, end - begin);
    std::string where = "item " + std::to_string(items.size() + 1) + " '" + item + "'";
    if (item.empty()) throw std::invalid_argument("expected " + expected + ", found " + where);
    items.emplace_back(std::move(item), std::move(where));
    begin = end + 1;
  }
  return items;
}

}  // namespace

std::string scenario_text(const std::vector<Segment>& segments) {
  std::string text;
  for (const Segment& seg : segments) {
    if (!text.empty()) text += ',';
    text += std::string(activity_name(seg.activity)) + ':' + number9(seg.duration_s);
    if (activity_has_steps(seg.activity) &&
        seg.cadence_spm != Segment::typical(seg.activity, 1.0).cadence_spm) {
      text += '@' + number9(seg.cadence_spm);
    }
  }
  return text;
}

std::vector<Segment> parse_scenario(const std::string& text) {
  const std::string expected =
      "ACTIVITY:SECONDS[@STEPS_PER_MIN][,...] with ACTIVITY rest, walk, run, wave, type, talk or "
      "car";
  std::vector<Segment> segments;
  double total_s = 0.0;
  for (const auto& [item, where] : items_of(text, expected)) {
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument("expected " + expected + ", found " + where);
    }
    const std::string name = item.substr(0, colon);
    Activity activity = Activity::kRest;
    try {
      activity = parse_activity(name);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument("unknown activity '" + name + "' in " + where +
                                  " (expected rest, walk or run, or one without steps: wave, "
                                  "type, talk or car)");
    }
    const std::string rest = item.substr(colon + 1);
    const std::size_t at = rest.find('@');
    const std::string number = rest.substr(0, at);
    const double duration_s = plain_number(number);
    if (!finite_positive(duration_s)) {
      throw std::invalid_argument("expected a duration in seconds > 0 in " + where + ", found '" +
                                  number + "'");
    }
    total_s += duration_s;
    if (total_s > kMaxScenarioDuration_s) {
      throw std::invalid_argument("the scenario lasts more than 86400 s (one day) from " + where);
    }
    Segment seg = Segment::typical(activity, duration_s);
    if (at != std::string::npos) {
      if (!activity_has_steps(activity)) {
        throw std::invalid_argument("a cadence (@STEPS_PER_MIN) is for walk or run only, not " +
                                    name + ", in " + where);
      }
      const std::string cadence = rest.substr(at + 1);
      const double cadence_spm = plain_number(cadence);
      if (!(cadence_spm >= kMinCadence_spm && cadence_spm <= kMaxCadence_spm)) {
        throw std::invalid_argument("expected a cadence in steps/min in [40, 240] after '@' in " +
                                    where + ", found '" + cadence + "'");
      }
      seg.cadence_spm = cadence_spm;
    }
    segments.push_back(seg);
  }
  return segments;
}

std::string heart_rate_curve_text(const std::vector<HeartRatePoint>& curve) {
  std::string text;
  for (const HeartRatePoint& p : curve) {
    if (!text.empty()) text += ',';
    text += number9(p.t_s) + ':' + number9(p.bpm);
  }
  return text;
}

std::vector<HeartRatePoint> parse_heart_rate_curve(const std::string& text) {
  const std::string expected = "TIME_S:BPM[,...] (e.g. 0:80,120:130)";
  std::vector<HeartRatePoint> curve;
  for (const auto& [item, where] : items_of(text, expected)) {
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument("expected " + expected + ", found " + where);
    }
    const std::string t_text = item.substr(0, colon);
    const std::string bpm_text = item.substr(colon + 1);
    const double t_s = plain_number(t_text);
    if (!finite_non_negative(t_s)) {
      throw std::invalid_argument("expected a time in seconds >= 0 in " + where + ", found '" +
                                  t_text + "'");
    }
    if (!curve.empty() && !(t_s > curve.back().t_s)) {
      throw std::invalid_argument("expected a time after " + number9(curve.back().t_s) +
                                  " s (the points in time order) in " + where);
    }
    const double bpm = plain_number(bpm_text);
    if (!(bpm >= 30.0 && bpm <= 220.0)) {
      throw std::invalid_argument("expected a heart rate in beats/min in [30, 220] in " + where +
                                  ", found '" + bpm_text + "'");
    }
    curve.push_back(HeartRatePoint{t_s, bpm});
  }
  return curve;
}

std::string ppg_faults_text(const std::vector<PpgFaultStretch>& faults) {
  std::string text;
  for (const PpgFaultStretch& f : faults) {
    if (!text.empty()) text += ',';
    text +=
        std::string(ppg_fault_name(f.kind)) + ':' + number9(f.start_s) + ".." + number9(f.end_s);
  }
  return text;
}

std::vector<PpgFaultStretch> parse_ppg_faults(const std::string& text) {
  const std::string expected =
      "KIND:START_S..END_S[,...] with KIND no_contact, clipped, ambient or flat (e.g. "
      "no_contact:60..90)";
  std::vector<PpgFaultStretch> faults;
  for (const auto& [item, where] : items_of(text, expected)) {
    const std::size_t colon = item.find(':');
    const std::size_t dots = item.find("..", colon == std::string::npos ? 0 : colon);
    if (colon == std::string::npos || dots == std::string::npos) {
      throw std::invalid_argument("expected " + expected + ", found " + where);
    }
    PpgFaultStretch f;
    const std::string name = item.substr(0, colon);
    try {
      f.kind = parse_ppg_fault(name);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument("unknown PPG fault '" + name + "' in " + where +
                                  " (expected no_contact, clipped, ambient or flat)");
    }
    const std::string start_text = item.substr(colon + 1, dots - colon - 1);
    const std::string end_text = item.substr(dots + 2);
    f.start_s = plain_number(start_text);
    f.end_s = plain_number(end_text);
    if (!finite_non_negative(f.start_s) || !std::isfinite(f.end_s)) {
      throw std::invalid_argument("expected START_S..END_S, two numbers >= 0, in " + where +
                                  ", found '" + start_text + ".." + end_text + "'");
    }
    if (!(f.end_s > f.start_s)) {
      throw std::invalid_argument("the end must come after the start in " + where);
    }
    faults.push_back(f);
  }
  return faults;
}

void validate_ppg_faults(const std::vector<PpgFaultStretch>& faults, double duration_s) {
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const PpgFaultStretch& f = faults[i];
    const std::string name = "ppg.faults[" + std::to_string(i) + "] (" + ppg_fault_name(f.kind) +
                             ' ' + number9(f.start_s) + ".." + number9(f.end_s) + " s)";
    require(std::find(std::begin(io::kAllPpgFaults), std::end(io::kAllPpgFaults), f.kind) !=
                std::end(io::kAllPpgFaults),
            name + ": the kind must be no_contact, clipped, ambient or flat");
    require(finite_non_negative(f.start_s), name + ": start_s must be >= 0");
    require(std::isfinite(f.end_s) && f.end_s > f.start_s, name + ": end_s must be > start_s");
    require(f.end_s <= duration_s, name + ": end_s must be at most the scenario's duration, " +
                                       number9(duration_s) + " s");
    for (std::size_t j = 0; j < i; ++j) {
      const PpgFaultStretch& g = faults[j];
      require(f.end_s <= g.start_s || g.end_s <= f.start_s,
              name + " overlaps ppg.faults[" + std::to_string(j) + "] (" + ppg_fault_name(g.kind) +
                  ' ' + number9(g.start_s) + ".." + number9(g.end_s) + " s)");
    }
  }
}

double motion_event_max_duration_s(const MotionEvent& e) {
  switch (e.kind) {
    case MotionKind::kFallForward:
    case MotionKind::kFallBackward:
    case MotionKind::kFallLateral:
      // Stumble and drop at most 1.5 s, getting up at most 3 s, 0.5 s for the impact's tail.
      return 1.5 + e.lie_s + 3.5;
    case MotionKind::kClap:
    case MotionKind::kHop:
      return 8.0;
    case MotionKind::kSitHard:
      return 14.0;
    case MotionKind::kArmDrop:
      return 19.0;
  }
  return 0.0;
}

std::string motion_events_text(const std::vector<MotionEvent>& events) {
  std::string text;
  for (const MotionEvent& e : events) {
    if (!text.empty()) text += ',';
    text += std::string(motion_kind_name(e.kind)) + '@' + number9(e.t_s);
    if (motion_kind_is_fall(e.kind) && e.lie_s != MotionEvent{}.lie_s)
      text += '+' + number9(e.lie_s);
  }
  return text;
}

std::vector<MotionEvent> parse_motion_events(const std::string& text) {
  const std::string expected =
      "KIND@START_S[+LIE_S][,...] with KIND fall_forward, fall_backward, fall_lateral, clap, hop, "
      "sit_hard or arm_drop (e.g. fall_forward@20,clap@80)";
  std::vector<MotionEvent> events;
  for (const auto& [item, where] : items_of(text, expected)) {
    const std::size_t at = item.find('@');
    if (at == std::string::npos) {
      throw std::invalid_argument("expected " + expected + ", found " + where);
    }
    MotionEvent e;
    const std::string name = item.substr(0, at);
    try {
      e.kind = parse_motion_kind(name);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument("unknown motion '" + name + "' in " + where +
                                  " (expected fall_forward, fall_backward, fall_lateral, clap, "
                                  "hop, sit_hard or arm_drop)");
    }
    const std::string rest = item.substr(at + 1);
    const std::size_t plus = rest.find('+', 1);  // a leading '+' is the start's sign
    const std::string start_text = rest.substr(0, plus);
    e.t_s = plain_number(start_text);
    if (!finite_non_negative(e.t_s)) {
      throw std::invalid_argument("expected a start time in seconds >= 0 after '@' in " + where +
                                  ", found '" + start_text + "'");
    }
    if (plus != std::string::npos) {
      if (!motion_kind_is_fall(e.kind)) {
        throw std::invalid_argument("a lying time (+LIE_S) is for falls only, not " + name +
                                    ", in " + where);
      }
      const std::string lie_text = rest.substr(plus + 1);
      e.lie_s = plain_number(lie_text);
      if (!(e.lie_s >= 0.0 && e.lie_s <= kMaxLie_s)) {
        throw std::invalid_argument("expected a lying time in seconds in [0, 3600] after '+' in " +
                                    where + ", found '" + lie_text + "'");
      }
    }
    events.push_back(e);
  }
  return events;
}

void validate_motion_events(const std::vector<MotionEvent>& events, double duration_s) {
  auto label = [](const MotionEvent& e) {
    return std::string(motion_kind_name(e.kind)) + '@' + number9(e.t_s) + " s";
  };
  for (std::size_t i = 0; i < events.size(); ++i) {
    const MotionEvent& e = events[i];
    const std::string name = "events[" + std::to_string(i) + "] (" + label(e) + ")";
    require(std::find(std::begin(io::kAllMotionKinds), std::end(io::kAllMotionKinds), e.kind) !=
                std::end(io::kAllMotionKinds),
            name +
                ": the kind must be fall_forward, fall_backward, fall_lateral, clap, hop, "
                "sit_hard or arm_drop");
    require(finite_non_negative(e.t_s), name + ": t_s must be >= 0");
    require(std::isfinite(e.lie_s) && e.lie_s >= 0.0 && e.lie_s <= kMaxLie_s,
            name + ": lie_s must be in [0, 3600]");
    const double end = e.t_s + motion_event_max_duration_s(e);
    require(end <= duration_s, name + ": it may last until " + number9(end) +
                                   " s, after the scenario's end at " + number9(duration_s) + " s");
    for (std::size_t j = 0; j < i; ++j) {
      const MotionEvent& f = events[j];
      const double f_end = f.t_s + motion_event_max_duration_s(f);
      require(end <= f.t_s || f_end <= e.t_s, name + " overlaps events[" + std::to_string(j) +
                                                  "] (" + label(f) + ", until " + number9(f_end) +
                                                  " s)");
    }
  }
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
    if (!activity_has_steps(s.activity)) {
      require(std::isfinite(s.cadence_spm) && std::isfinite(s.step_length_m),
              name + ": cadence and step length must be finite");
    } else {
      require(std::isfinite(s.cadence_spm) && s.cadence_spm >= kMinCadence_spm &&
                  s.cadence_spm <= kMaxCadence_spm,
              name + ".cadence_spm must be in [40, 240] when moving");
      require(finite_non_negative(s.step_length_m) && s.step_length_m <= 2.5,
              name + ".step_length_m must be in [0, 2.5]");
    }
  }
  require(finite_positive(transition_s), "transition_s must be > 0");
  require(finite_positive(heart_rate_transition_s), "heart_rate_transition_s must be > 0");
  for (std::size_t i = 0; i < heart_rate_curve.size(); ++i) {
    const HeartRatePoint& p = heart_rate_curve[i];
    const std::string name = "heart_rate_curve[" + std::to_string(i) + "]";
    require(finite_non_negative(p.t_s), name + ".t_s must be >= 0");
    require(i == 0 || p.t_s > heart_rate_curve[i - 1].t_s,
            name + ".t_s must be after the point before it");
    require(std::isfinite(p.bpm) && p.bpm >= 30.0 && p.bpm <= 220.0,
            name + ".bpm must be in [30, 220]");
  }
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
  validate_gait(wave, "wave");
  validate_gait(type, "type");
  validate_gait(talk, "talk");
  validate_gait(car, "car");
  validate_motions(*this);
  require(placement == Placement::kWrist || placement == Placement::kHand ||
              placement == Placement::kPocket,
          "placement must be wrist, hand or pocket");
  validate_hand(hand);
  validate_pocket(pocket);

  validate_clock(imu.clock, "imu.clock");
  require(imu.gyro_bias_rad_s.allFinite() && imu.acc_bias_m_s2.allFinite(),
          "imu biases must be finite");
  require(finite_non_negative(imu.gyro_bias_walk_rad_s_per_sqrt_s) &&
              finite_non_negative(imu.gyro_noise_rad_s) && finite_non_negative(imu.acc_noise_m_s2),
          "imu noise levels must be >= 0");
  require(
      imu.acc_full_scale_g == 0.0 || (std::isfinite(imu.acc_full_scale_g) &&
                                      imu.acc_full_scale_g >= 1.0 && imu.acc_full_scale_g <= 64.0),
      "imu.acc_full_scale_g must be 0 (no clipping) or in [1, 64]");
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
    require(finite_positive(ppg.full_scale), "ppg.full_scale must be a number > 0");
    require(finite_non_negative(ppg.no_contact_leak) && ppg.no_contact_leak < 1.0,
            "ppg.no_contact_leak must be in [0, 1)");
    require(finite_non_negative(ppg.clip_excess) && ppg.clip_excess <= 10.0,
            "ppg.clip_excess must be in [0, 10]");
    require(finite_non_negative(ppg.ambient_fault_amplitude),
            "ppg.ambient_fault_amplitude must be >= 0");
    require(range_ok(ppg.ambient_fault_min_hz, ppg.ambient_fault_max_hz) &&
                ppg.ambient_fault_min_hz > 0.0 && ppg.ambient_fault_max_hz <= 12.5,
            "ppg: 0 < ambient_fault_min_hz <= ambient_fault_max_hz <= 12.5");
    require(finite_non_negative(ppg.ambient_fault_leak) && ppg.ambient_fault_leak <= 1.0,
            "ppg.ambient_fault_leak must be in [0, 1]");
  }
  if (!ppg.faults.empty()) {
    require(ppg.enabled, "ppg.faults: a PPG fault needs the PPG stream (ppg.enabled)");
    validate_ppg_faults(ppg.faults, duration_s());
  }
  validate_motion_events(events, duration_s());
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
    case Activity::kWave:
      return wave;
    case Activity::kType:
      return type;
    case Activity::kTalk:
      return talk;
    case Activity::kCar:
      return car;
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
