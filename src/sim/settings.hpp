// Settings of the recording simulator: the scenario (a list of activity segments), where the
// device is (wrist, hand, pocket), the sensor streams (rate, clock error, jitter, noise) and the
// body model. Every field has its unit and default; the defaults describe a watch on the left
// wrist of an adult. See docs/simulator.md for the models.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "io/truth.hpp"

namespace fusetrack::sim {

// What the wearer does during a segment, and its name (io/truth.hpp: the truth file stores it).
using io::Activity;
using io::activity_has_steps;
using io::activity_name;
using io::parse_activity;
// How the PPG front end fails during a stretch (io/truth.hpp: the truth file stores it).
using io::parse_ppg_fault;
using io::ppg_fault_name;
using io::PpgFault;
// Falls and fall-like daily motions (io/truth.hpp: the truth file stores them).
using io::motion_kind_is_fall;
using io::motion_kind_name;
using io::MotionKind;
using io::parse_motion_kind;

// Where the device is worn or carried (docs/simulator.md, "Placements"). The step times are the
// same heel strikes for every placement; the placement only changes how the device moves.
enum class Placement : std::uint8_t {
  kWrist = 0,   // a watch on the left wrist (the default)
  kHand = 1,    // a phone held in the left hand in front of the chest, screen towards the face
  kPocket = 2,  // a phone in the left front trouser pocket, fixed on the thigh
};
// "wrist", "hand" or "pocket".
const char* placement_name(Placement p) noexcept;
// The placement named `name` (placement_name's names). Throws std::invalid_argument otherwise.
Placement parse_placement(std::string_view name);

// One stretch of the scenario. Segments follow each other without gaps; between two segments
// every quantity changes smoothly (see SimSettings::transition_s).
struct Segment {
  Activity activity = Activity::kRest;
  double duration_s = 60.0;  // s, > 0
  // Steps per minute, walk ~90-130, run ~150-190; ignored (the truth says 0) for an activity
  // without steps.
  double cadence_spm = 0.0;
  double step_length_m = 0.0;    // m per step; walking speed = cadence / 60 * step_length
  double heart_rate_bpm = 65.0;  // beats/min the heart rate settles to during this segment

  // A segment with the typical values of its activity (rest 65 bpm; walk 110 spm, 0.70 m,
  // 100 bpm; run 165 spm, 1.10 m, 150 bpm; wave 85 bpm; type 70 bpm; talk 75 bpm; car 72 bpm).
  static Segment rest(double duration_s);
  static Segment walk(double duration_s);
  static Segment run(double duration_s);
  static Segment wave(double duration_s);
  static Segment type(double duration_s);
  static Segment talk(double duration_s);
  static Segment car(double duration_s);
  static Segment typical(Activity activity, double duration_s);
};

// The default scenario (about 4 minutes): rest 40 s, walk 90 s, run 60 s, rest 40 s.
std::vector<Segment> default_scenario();

// Longest scenario parse_scenario accepts, s (one day; the simulator keeps every sample in memory,
// about 90 MB per simulated hour with the default streams, so a day needs about 2 GB).
inline constexpr double kMaxScenarioDuration_s = 86400.0;

// Cadences a walk or run segment may have, steps/min (SimSettings::validate, parse_scenario).
inline constexpr double kMinCadence_spm = 40.0;
inline constexpr double kMaxCadence_spm = 240.0;

// The scenario as text, "rest:40,walk:90@96,run:60,rest:40": ACTIVITY:SECONDS per segment, in
// order, durations as "%.9g" (the recording's and the truth file's `scenario` metadata); a walk
// or run whose cadence differs from its activity's typical one adds "@" and the cadence in
// steps/min ("%.9g").
std::string scenario_text(const std::vector<Segment>& segments);

// The segments `text` names, in scenario_text's form (spaces not allowed), each with the typical
// values of its activity (Segment::typical) and, after "@", its own cadence (walk and run only,
// in [kMinCadence_spm, kMaxCadence_spm]; the step length stays the typical one, so the speed
// follows the cadence). Throws std::invalid_argument with a one-line message saying what was
// expected and what was found: an unknown activity, a duration that is not a finite number > 0,
// a cadence out of range or on an activity without steps, an empty list or item, or a total above
// kMaxScenarioDuration_s.
std::vector<Segment> parse_scenario(const std::string& text);

// One point of a heart-rate curve set apart from the activities (SimSettings::heart_rate_curve).
struct HeartRatePoint {
  double t_s = 0.0;   // s since the start of the scenario, >= 0
  double bpm = 65.0;  // beats/min at t_s, in [30, 220]
};

// The curve as text, "0:80,120:130": TIME_S:BPM per point, in order, numbers as "%.9g" (the
// recording's and the truth file's `heart_rate` metadata).
std::string heart_rate_curve_text(const std::vector<HeartRatePoint>& curve);

// The points `text` names, in heart_rate_curve_text's form (spaces not allowed): times plain
// numbers >= 0 in strictly increasing order, rates plain numbers in [30, 220] beats/min. Throws
// std::invalid_argument with a one-line message naming the item, what was expected and what was
// found (an empty list or item, no colon, a bad number, a time not after the one before).
std::vector<HeartRatePoint> parse_heart_rate_curve(const std::string& text);

// One stretch of a PPG fault: every PPG sample time-stamped in [start_s, end_s) has it
// (docs/simulator.md, "PPG faults"). The truth file holds each stretch as a ppg_fault row.
struct PpgFaultStretch {
  PpgFault kind = PpgFault::kNoContact;
  double start_s = 0.0;  // s, >= 0
  double end_s = 0.0;    // s, > start_s and at most the scenario's duration
};

// The stretches as text, "no_contact:60..90,clipped:120..140": KIND:START_S..END_S per stretch,
// in order, times as "%.9g" (the recording's and the truth file's `ppg_faults` metadata).
std::string ppg_faults_text(const std::vector<PpgFaultStretch>& faults);

// The stretches `text` names, in ppg_faults_text's form (spaces not allowed): KIND one of
// no_contact, clipped, ambient or flat; START and END plain numbers, 0 <= START < END. Throws
// std::invalid_argument with a one-line message naming the item, what was expected and what was
// found. Whether the stretches overlap or fit the scenario is SimSettings::validate's to check.
std::vector<PpgFaultStretch> parse_ppg_faults(const std::string& text);

// Checks stretches for a scenario of `duration_s` (SimSettings::validate calls it): each of a
// known kind, 0 <= start_s < end_s <= duration_s, no two overlapping. Throws std::invalid_argument
// naming the first bad stretch ("ppg.faults[1] (clipped 50..40 s): end_s must be > start_s").
void validate_ppg_faults(const std::vector<PpgFaultStretch>& faults, double duration_s);

// A fall or fall-like daily motion laid over the scenario from t_s on (docs/simulator.md, "Falls
// and fall-like motions"): the underlying motion fades out, the event's own motion (drop, impact,
// tumble, claps, hops, ...) takes over, and at its end the underlying motion fades back in. Its
// sizes and timings are drawn from the seed per event, within the ranges the document gives.
struct MotionEvent {
  MotionKind kind = MotionKind::kFallForward;
  double t_s = 0.0;  // s, the start (a fall's stumble), >= 0
  // s, a fall only: the wearer lies still this long after the impact before getting up,
  // in [0, 3600].
  double lie_s = 30.0;
};

// Longest time an event of `e`'s kind can take from its t_s to the end of its blend back to the
// underlying motion, s (a fall: 1.5 + lie_s + 3.5; clap 8; hop 8; sit_hard 14; arm_drop 19). The
// drawn timings stay inside it; SimSettings::validate keeps these extents inside the scenario
// and apart.
double motion_event_max_duration_s(const MotionEvent& e);

// The events as text, "fall_forward@20,clap@80": KIND@START_S per event, in order, times as
// "%.9g" (the recording's and the truth file's `events` metadata; a fall's lie_s other than 30 s
// is added as "+LIE_S": "fall_lateral@20+60").
std::string motion_events_text(const std::vector<MotionEvent>& events);

// The events `text` names, in motion_events_text's form (spaces not allowed): KIND one of
// fall_forward, fall_backward, fall_lateral, clap, hop, sit_hard or arm_drop, START a plain
// number >= 0, and for a fall optionally "+" and the lying time in [0, 3600] s. Throws
// std::invalid_argument with a one-line message naming the item, what was expected and what was
// found. Whether the events fit the scenario and stay apart is validate_motion_events' to check.
std::vector<MotionEvent> parse_motion_events(const std::string& text);

// Checks events for a scenario of `duration_s` (SimSettings::validate calls it): a known kind,
// 0 <= t_s, t_s + motion_event_max_duration_s <= duration_s, lie_s in [0, 3600], no two
// extents overlapping. Throws std::invalid_argument naming the first bad event
// ("events[1] (clap@50 s): ...").
void validate_motion_events(const std::vector<MotionEvent>& events, double duration_s);

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

// `clock` at another nominal rate: the jitter shrinks in proportion when the rate rises (a
// constant share of the period, so it stays below a quarter period), and stays as it is when the
// rate falls. Throws std::invalid_argument for a rate that is not finite and > 0.
StreamClockSettings with_rate(StreamClockSettings clock, double rate_hz);

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
  // Accelerometer full scale, g (9.80665 m/s²): each axis is clamped to ±acc_full_scale_g after
  // bias and noise, as a saturating sensor reads (e.g. 8 for a ±8 g range). 0 (the default): no
  // clipping. 0 or in [1, 64].
  double acc_full_scale_g = 0.0;
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
// Every channel (the ambient one too) is clamped to [0, full_scale], as the front end's converter
// does; with the defaults only a `clipped` fault reaches the full scale.
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

  // Converter full scale, counts (a.u.): no channel reads above it (16 bits by default), > 0.
  double full_scale = 65535.0;
  // Stretches where the front end fails, in any order, not overlapping (default none: the
  // recording is then exactly the one without this feature). Each kind's model:
  std::vector<PpgFaultStretch> faults;
  // no_contact: the watch is off the skin, so no light goes through tissue: each channel reads
  // this share of its dc (LED light leaking to the photodiode), plus the ambient channel's light
  // (noise-free) when the ambient channel is emitted, plus its usual noise. No pulse, respiration,
  // drift or motion artefact.
  double no_contact_leak = 0.03;
  // clipped: the channel's baseline (dc with its respiration and drift) moves to the full scale
  // plus this many of its pulse depths (an offset of the front end gone wrong), so the light
  // between the pulse's dips sits at the rail: with 0.5 about 80 % of the samples at rest, 50-70 %
  // walking and half running (the motion artefact reaches below the rail), in [0, 10].
  double clip_excess = 0.5;
  // ambient: light that moves (shadows, flicker) adds ambient_fault_amplitude x (1 + m(t)) to the
  // ambient channel, m the mean of three sines at frequencies drawn in [min_hz, max_hz] with
  // random phases (so m is in [-1, 1]); the PPG channels keep ambient_fault_leak of it (the front
  // end's subtraction does not cancel it fully).
  double ambient_fault_amplitude = 1500.0;  // a.u. (5 pulse depths), >= 0
  double ambient_fault_min_hz = 0.5;        // Hz, 0 < min_hz <= max_hz <= 12.5
  double ambient_fault_max_hz = 3.0;        // Hz
  double ambient_fault_leak = 0.3;          // share in [0, 1]
  // flat: every channel (and the ambient one) holds the value of the stretch's first sample.
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
  double shoulder_raise_deg = 0.0;   // mean upper-arm angle forward of vertical (arm raised)
};

// The phone held in the hand (Placement::kHand): the arm model of GaitSettings with the forearm
// held forward and nearly still relative to the trunk; the phone turns with the forearm. The trunk
// (bounce, sway, torso yaw) moves as SimSettings::walk etc. say.
struct HandGaitSettings {
  double shoulder_swing_deg = 0.0;  // upper-arm pendulum at stride frequency
  double elbow_flexion_deg = 0.0;   // mean elbow angle (90: forearm horizontal)
  double elbow_swing_deg = 0.0;     // elbow oscillation at stride frequency
  double roll_swing_deg = 0.0;      // forearm roll oscillation at stride frequency
  double impact_m_s2 = 0.0;         // peak vertical acceleration of each heel strike at the hand
};

struct HandPlacementSettings {
  // Per activity with steps, and rest. The activities without steps hold the phone as at rest
  // and add their gestures (waving, typing jitter, hand-talking) to the forearm.
  HandGaitSettings rest{0.0, 100.0, 0.0, 0.0, 0.0};
  HandGaitSettings walk{3.0, 100.0, 2.0, 2.0, 3.0};
  HandGaitSettings run{6.0, 105.0, 4.0, 4.0, 8.0};
  double arm_inward_deg = 30.0;     // °, forearm plane turned towards the midline (phone in front)
  double elbow_to_device_m = 0.32;  // m, elbow to the phone in the hand
  // °, screen from horizontal at walk's mean arm pose: facing up and back, towards the face.
  double screen_tilt_deg = 40.0;
  const HandGaitSettings& gait(Activity a) const;
};

// The phone in the trouser pocket (Placement::kPocket): fixed on the left thigh, which swings as a
// pendulum about the hip at stride frequency; furthest forward just before the left heel strike.
struct ThighGaitSettings {
  double hip_flexion_deg = 0.0;  // mean thigh angle forward of vertical (0 standing, 90 seated)
  double thigh_swing_deg = 0.0;  // thigh pendulum amplitude at stride frequency
  double impact_m_s2 = 0.0;      // peak vertical acceleration of each heel strike at the thigh
};

struct PocketPlacementSettings {
  // Per activity: standing for rest, wave and talk; seated for type and car.
  ThighGaitSettings rest{0.0, 0.0, 0.0};
  ThighGaitSettings walk{8.0, 25.0, 9.0};
  ThighGaitSettings run{20.0, 40.0, 24.0};
  ThighGaitSettings wave{0.0, 0.0, 0.0};
  ThighGaitSettings type{90.0, 0.0, 0.0};
  ThighGaitSettings talk{0.0, 0.0, 0.0};
  ThighGaitSettings car{90.0, 0.0, 0.0};
  double hip_offset_m = 0.09;   // m, hip joint to the left of the trunk's vertical axis
  double hip_drop_m = 0.50;     // m, hip joint below the shoulders
  double along_thigh_m = 0.15;  // m, from the hip along the thigh to the phone
  double in_front_m = 0.07;     // m, phone in front of the thigh's axis
  const ThighGaitSettings& gait(Activity a) const;
};

// Waving (Activity::kWave, standing): the raised forearm swings side to side about the elbow,
// the elbow and the forearm's roll following; one frequency per segment drawn from the seed.
struct WaveMotionSettings {
  double min_hz = 1.6;               // Hz, the wave frequency is drawn in [min_hz, max_hz]
  double max_hz = 2.4;               // Hz
  double swing_deg = 20.0;           // side-to-side forearm swing amplitude
  double centre_deg = 10.0;          // swing centre drawn in +-centre_deg (waves are lopsided)
  double elbow_swing_deg = 6.0;      // elbow oscillation at the wave frequency
  double roll_swing_deg = 10.0;      // forearm roll oscillation at the wave frequency
  double amplitude_variation = 0.2;  // relative slow change of the amplitudes (0.1-0.3 Hz)
};

// Typing (Activity::kType, seated, forearm on the desk): bursts of keystrokes separated by
// pauses; during a burst a small jitter (sinusoids at min_hz-max_hz) and one vertical transient
// per keystroke.
struct TypeMotionSettings {
  double min_hz = 5.0;           // Hz, jitter frequencies drawn in [min_hz, max_hz]
  double max_hz = 10.0;          // Hz
  double jitter_m_s2 = 0.05;     // m/s², amplitude of each of 3 jitter sinusoids per axis
  double jitter_roll_deg = 0.2;  // °, amplitude of each of 3 forearm-roll sinusoids
  double keys_per_s = 5.0;       // mean keystroke rate inside a burst (gaps >= 60 ms)
  double key_min_m_s2 = 0.15;    // m/s², keystroke transient peak drawn in [min, max]
  double key_max_m_s2 = 0.5;     // m/s²
  double key_width_s = 0.008;    // s, standard deviation of a keystroke transient
  double burst_min_s = 1.5;      // s, burst length drawn in [min, max]
  double burst_max_s = 6.0;      // s
  double pause_min_s = 0.5;      // s, pause between bursts drawn in [min, max]
  double pause_max_s = 3.0;      // s
};

// Hand-talking (Activity::kTalk): irregular forearm gestures. Each angle is a sum of 4 sinusoids
// at frequencies drawn in [min_hz, max_hz], scaled by an envelope of gesture strokes (Gaussian
// bumps at random times, a Poisson process, with random heights and widths) over a small base
// level.
struct TalkMotionSettings {
  double min_hz = 0.5;  // Hz
  double max_hz = 3.0;  // Hz
  // Amplitudes per unit envelope of a sinusoid at 1 Hz; a sinusoid at f has 1/f of it (quick
  // gestures are small ones), times a share drawn in [0.5, 1] / 2.
  double elbow_deg = 15.0;         // ° elbow flexion
  double lateral_deg = 12.0;       // ° sideways forearm swing
  double roll_deg = 25.0;          // ° forearm roll
  double shoulder_deg = 8.0;       // ° upper-arm swing
  double strokes_per_s = 0.8;      // mean gesture strokes per s
  double stroke_min_s = 0.3;       // s, a stroke's standard deviation drawn in [min, max]
  double stroke_max_s = 0.8;       // s
  double stroke_min_height = 0.3;  // a stroke's height drawn in [min_height, 1]
  double base_level = 0.15;        // envelope between strokes
};

// A car ride (Activity::kCar, seated): the car pulls away, cruises with speed changes, turns and
// stops at random, and stands still again before the segment ends; the wearer turns with the car.
struct CarMotionSettings {
  double engine_idle_hz = 22.0;    // Hz, engine vibration at standstill
  double engine_hz_per_m_s = 0.9;  // Hz per m/s of speed (38 Hz at 18 m/s)
  // m/s², engine vibration amplitude along the car's forward, left and up axes.
  Eigen::Vector3d engine_m_s2{0.05, 0.08, 0.18};
  double min_speed_m_s = 6.0;          // m/s, cruising speeds drawn in [min, max]
  double max_speed_m_s = 18.0;         // m/s
  double max_longitudinal_m_s2 = 2.5;  // m/s², peak of accelerating and braking (drawn 50-100 %)
  double min_lateral_m_s2 = 1.0;       // m/s², peak centripetal acceleration of a turn drawn in
  double max_lateral_m_s2 = 3.0;       //   [min, max]; the turn lasts as long as that needs
  double min_turn_deg = 20.0;          // °, heading change of a turn drawn in [min, max]
  double max_turn_deg = 90.0;          // °
  double max_turn_speed_m_s = 8.0;     // m/s, the car slows to 50-100 % of this to turn
  double bumps_per_s = 0.3;            // road bumps per s while driving (> 2 m/s)
  double bump_min_m_s2 = 1.0;          // m/s², vertical peak of a bump drawn in [min, max]
  double bump_max_m_s2 = 4.0;          // m/s²
  double bump_width_s = 0.03;          // s, standard deviation of a bump's transient
  double wheelbase_m = 2.7;            // m: the rear wheels hit each bump again (0.8x)
  double pitch_deg_per_m_s2 = 0.4;     // ° the car pitches per m/s² (nose down braking)
  double roll_deg_per_m_s2 = 0.5;      // ° the car rolls per m/s² (out of the turn)
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
  // The heart rate apart from the activities: empty (the default) for the segments' targets
  // blended as above; else the rate is linear between these points (ascending times; constant
  // before the first and after the last), and the segments' heart_rate_bpm are not used. The
  // respiratory modulation below is added either way (0 for the curve alone). With it a test can
  // ramp the heart rate through a walk's fixed cadence.
  std::vector<HeartRatePoint> heart_rate_curve;
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
  // Postures of the activities without steps (then shoulder raise °), the gestures on top of them
  // below. Wave: upper arm raised 70°, forearm up (150° from hanging), palm forward. Type: forearm
  // horizontal on the desk, face up. Talk: forearm forward, palm inward. Car: hand on the lap.
  GaitSettings wave{0.0, 80.0, 0.0, 90.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 70.0};
  GaitSettings type{0.0, 70.0, 0.0, 85.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 20.0};
  GaitSettings talk{0.0, 75.0, 0.0, 30.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 10.0};
  GaitSettings car{0.0, 65.0, 0.0, 45.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0};
  WaveMotionSettings wave_motion;
  TypeMotionSettings type_motion;
  TalkMotionSettings talk_motion;
  CarMotionSettings car_motion;

  // Where the device is; the wrist uses the fields above, hand and pocket their own below (the
  // trunk's bounce, sway and yaw are the same for all).
  Placement placement = Placement::kWrist;
  HandPlacementSettings hand;
  PocketPlacementSettings pocket;

  ImuSimSettings imu;
  MagSimSettings mag;
  PpgSimSettings ppg;

  // Falls and fall-like motions over the scenario (default none: the recording is then exactly
  // what it was before events existed). Any order; their extents (motion_event_max_duration_s)
  // inside the scenario and not overlapping.
  std::vector<MotionEvent> events;

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
