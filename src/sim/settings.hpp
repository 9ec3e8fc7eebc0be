// Settings of the wrist-recording simulator: the scenario (a list of activity segments), the
// sensor streams (rate, clock error, jitter, noise) and the body model. Every field has its unit
// and default; the defaults describe a wrist device on the left wrist of an adult. See
// docs/simulator.md for the models.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "io/truth.hpp"

namespace fusetrack::sim {

// What the wearer does during a segment, and its name (io/truth.hpp: the truth file stores it).
using io::Activity;
using io::activity_name;
using io::parse_activity;

// One stretch of the scenario. Segments follow each other without gaps; between two segments
// every quantity changes smoothly (see SimSettings::transition_s).
struct Segment {
  Activity activity = Activity::kRest;
  double duration_s = 60.0;      // s, > 0
  double cadence_spm = 0.0;      // steps per minute; walk ~105-115, run ~160-170; 0 for rest
  double step_length_m = 0.0;    // m per step; walking speed = cadence / 60 * step_length
  double heart_rate_bpm = 65.0;  // beats/min the heart rate settles to during this segment

  // A segment with the typical values of its activity (rest 65 bpm; walk 110 spm, 0.70 m,
  // 100 bpm; run 165 spm, 1.10 m, 150 bpm).
  static Segment rest(double duration_s);
  static Segment walk(double duration_s);
  static Segment run(double duration_s);
};

// The default scenario (about 4 minutes): rest 40 s, walk 90 s, run 60 s, rest 40 s.
std::vector<Segment> default_scenario();

// Longest scenario parse_scenario accepts, s (one day; the simulator keeps every sample in memory,
// about 90 MB per simulated hour with the default streams, so a day needs about 2 GB).
inline constexpr double kMaxScenarioDuration_s = 86400.0;

// The scenario as text, "rest:40,walk:90,run:60,rest:40": ACTIVITY:SECONDS per segment, in order,
// durations as "%.9g" (the recording's and the truth file's `scenario` metadata).
std::string scenario_text(const std::vector<Segment>& segments);

// The segments `text` names, in scenario_text's form (spaces not allowed), each with the typical
// values of its activity (Segment::rest, walk, run). Throws std::invalid_argument with a one-line
// message saying what was expected and what was found: an unknown activity, a duration that is not
// a finite number > 0, an empty list or item, or a total above kMaxScenarioDuration_s.
std::vector<Segment> parse_scenario(const std::string& text);

// Time stamps of one sensor stream, which has its own clock. Sample k is taken at
//   t_k = offset + k / (rate_hz * (1 + clock_error)) + jitter_k,   jitter_k ~ U(-jitter_us,
//   +jitter_us)
// on the common time-stamp clock, rounded to whole µs; the offset (first sample) is drawn in
// [jitter_us, jitter_us + one period). The truth is evaluated at the rounded time stamp itself.
struct StreamClockSettings {
  double rate_hz = 104.0;    // Hz, nominal output data rate, > 0
  double clock_error = 0.0;  // relative rate error, e.g. 0.002: actual rate = 1.002 x nominal
  double jitter_us = 0.0;    // µs, half-width of the uniform time-stamp jitter, < period / 4
};

// Accelerometer + gyroscope (one FIFO: both read at the same instant).
struct ImuSimSettings {
  StreamClockSettings clock{104.0, 0.002, 30.0};
  // false: an accelerometer-only device; samples carry has_gyr = false and zero gyr_rad_s. The
  // gyroscope's noise is drawn all the same, so the accelerometer values and the truth (gyro
  // bias included) are those of the same seed with the gyroscope.
  bool gyroscope = true;
  // Gyroscope bias at t = 0, rad/s, sensor frame: (0.3, -0.2, 0.25) °/s.
  Eigen::Vector3d gyro_bias_rad_s{0.3 * 0.017453292519943295, -0.2 * 0.017453292519943295,
                                  0.25 * 0.017453292519943295};
  // Bias random walk, rad/s per √s (0: constant bias, the default, so tests are exact).
  double gyro_bias_walk_rad_s_per_sqrt_s = 0.0;
  double gyro_noise_rad_s = 1.0e-3;  // rad/s, standard deviation of white noise per sample
  double acc_noise_m_s2 = 0.012;     // m/s², standard deviation of white noise per sample
  // Accelerometer bias, m/s², sensor frame (default none).
  Eigen::Vector3d acc_bias_m_s2 = Eigen::Vector3d::Zero();
};

// Magnetometer and the Earth's field.
struct MagSimSettings {
  bool enabled = true;
  StreamClockSettings clock{25.0, -0.001, 50.0};
  double field_ut = 48.0;        // µT, magnitude of the Earth's field
  double dip_deg = 60.0;         // °, inclination below the horizon (northern hemisphere > 0)
  double declination_deg = 0.0;  // °, angle of magnetic north east of true north
  double noise_ut = 0.3;         // µT, standard deviation of white noise per sample and axis
  Eigen::Vector3d hard_iron_ut = Eigen::Vector3d::Zero();  // µT, constant offset, sensor frame
};

// Photoplethysmogram front end. Values are arbitrary positive units of detected light (the
// ambient light is already removed from the channels by the front end, and reported apart).
// More blood in the tissue absorbs more light, so each systolic pulse is a dip in the signal.
struct PpgSimSettings {
  bool enabled = true;
  StreamClockSettings clock{25.0, 0.0005, 20.0};
  std::uint8_t channels = 2;             // 1 or 2: channel 2 is a scaled, noisier copy of channel 1
  bool ambient = true;                   // emit the ambient-light channel
  double dc = 30000.0;                   // a.u., mean detected light on channel 1
  double pulse_amplitude = 300.0;        // a.u., depth of the systolic dip (about 1 % of dc)
  double dicrotic_ratio = 0.35;          // height of the dicrotic (second) wave / systolic wave
  double respiration_amplitude = 120.0;  // a.u., baseline wander at the respiration rate
  double drift_amplitude = 200.0;        // a.u., slow baseline drift (period drift_period_s)
  double drift_period_s = 97.0;          // s
  double motion_gain_per_m_s2 = 80.0;    // a.u. per m/s² of wrist linear acceleration along the
                                         // sensor z axis (pressure of the sensor on the skin)
  double noise = 15.0;                   // a.u., white noise per sample on channel 1
  double channel2_gain = 0.6;            // channel 2 = gain x channel 1's signal ...
  double channel2_motion_factor = 1.4;   // ... with this much more motion artefact ...
  double channel2_noise_factor = 2.0;    // ... and this much more noise
  double ambient_level = 1500.0;         // a.u., mean ambient light
  double ambient_variation = 400.0;      // a.u., slow ambient change (periods 71 s, 23 s)
  double ambient_noise = 5.0;            // a.u.
};

// Arm and body motion of one activity. Angles in degrees, lengths in metres, all amplitudes
// (half peak-to-peak). Between segments each value blends smoothly to the next activity's.
struct GaitSettings {
  double shoulder_swing_deg = 0.0;   // upper-arm pendulum about the shoulder, at stride frequency
  double elbow_flexion_deg = 0.0;    // mean elbow angle (0: forearm in line with the upper arm)
  double elbow_swing_deg = 0.0;      // elbow oscillation at stride frequency
  double pronation_deg = 0.0;        // mean forearm roll: watch face turned from lateral to up
  double pronation_swing_deg = 0.0;  // forearm roll oscillation at stride frequency
  double torso_yaw_deg = 0.0;        // torso rotation about vertical at stride frequency
  double bounce_m = 0.0;             // vertical oscillation of the trunk at step frequency
  double sway_m = 0.0;               // lateral oscillation of the trunk at stride frequency
  double impact_m_s2 = 0.0;          // peak vertical acceleration of each heel-strike transient
  double rest_sway_deg = 0.0;        // slow small forearm roll (postural sway, 0.2-0.4 Hz)
};

// Everything the simulator needs. Same settings (and seed): same output, bit for bit.
struct SimSettings {
  std::uint64_t seed = 1;  // seeds every random choice (noise, jitter, heading, variability)
  std::vector<Segment> segments = default_scenario();

  // Width of the smooth blend between two segments' kinematics, s (limited to the segments'
  // lengths). The blend is centred on the boundary.
  double transition_s = 1.5;
  // Width of the heart-rate change between segments, s; it starts at the boundary (heart rate
  // follows exercise with a delay of tens of seconds).
  double heart_rate_transition_s = 30.0;
  // Respiratory sinus arrhythmia: heart-rate modulation at the respiration rate, beats/min.
  double heart_rate_variability_bpm = 1.5;
  double respiration_hz = 0.25;  // Hz, breathing rate (PPG baseline wander, RSA)

  // Step-time variability: the step phase is modulated by two slow sines (0.09 and 0.23 Hz) of
  // this amplitude, rad. 0.15 rad gives stride-to-stride cadence changes of about 2 %.
  double step_phase_variability_rad = 0.15;
  double impact_width_s = 0.012;  // s, standard deviation of each heel-strike transient

  // Body geometry (left arm).
  double shoulder_offset_m = 0.18;  // m, shoulder to the left of the trunk's vertical axis
  double upper_arm_m = 0.30;        // m, shoulder to elbow
  double forearm_m = 0.26;          // m, elbow to the device
  double arm_inward_deg = 8.0;      // °, forearm swing plane turned towards the body midline
  // Device mounting: small rotation of the sensor axes against the forearm axes, rotation
  // vector in degrees (x along the forearm towards the hand, z out of the watch face).
  Eigen::Vector3d mount_misalignment_deg{2.0, -3.0, 4.0};

  // Walking direction: heading(s) = initial + a1 sin(2π s / 150 m + φ1) + a2 sin(2π s / 400 m + φ2)
  // as a function of the distance s walked, so the heading only changes while moving.
  // The initial heading and the phases are drawn from the seed.
  double heading_turn_deg = 40.0;  // a1 = heading_turn_deg, a2 = 1.5 x heading_turn_deg

  // Per activity, in GaitSettings' field order: shoulder swing °, elbow flexion °, elbow swing °,
  // pronation °, pronation swing °, torso yaw °, bounce m, sway m, impact m/s², rest sway °.
  // At rest the forearm lies forward (elbow 75°) with the watch face turned up.
  GaitSettings rest{0.0, 75.0, 0.0, 65.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05};
  GaitSettings walk{14.0, 20.0, 8.0, 15.0, 5.0, 3.0, 0.025, 0.015, 4.0, 0.0};
  GaitSettings run{22.0, 80.0, 12.0, 30.0, 8.0, 5.0, 0.045, 0.010, 12.0, 0.0};

  ImuSimSettings imu;
  MagSimSettings mag;
  PpgSimSettings ppg;

  // Throws std::invalid_argument naming the first field out of range.
  void validate() const;
  // Total duration of the scenario, s.
  double duration_s() const;
  // Kinematics of `a`.
  const GaitSettings& gait(Activity a) const;
};

// The settings with every noise source off (gyro, accelerometer, magnetometer, PPG noise and
// time-stamp jitter; bias walk off): deterministic signals for exact tests. Biases stay.
SimSettings without_noise(SimSettings s);

}  // namespace fusetrack::sim
