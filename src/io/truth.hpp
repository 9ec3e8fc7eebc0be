// The truth a recording is scored against: orientation and gyroscope bias at IMU time stamps,
// step times, heart rate, activity segments, the stretches where the PPG front end failed and the
// falls and fall-like motions. The
// simulator makes it (src/sim/), the truth file stores it (io/truth_csv.hpp, docs/simulator.md
// "Truth file"), the evaluations score against it (src/eval/).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "fusetrack/core/types.hpp"

namespace fusetrack::io {

// What the wearer does during a segment. Only walking and running have steps; the others are
// the still and gesture activities a step counter must not count (docs/simulator.md).
enum class Activity : std::uint8_t {
  kRest = 0,  // still (standing or seated, the forearm resting)
  kWalk = 1,
  kRun = 2,
  kWave = 3,  // standing, waving the forearm side to side (1.5-2.5 Hz)
  kType = 4,  // seated at a keyboard: small 5-10 Hz jitter and keystrokes in bursts
  kTalk = 5,  // hand-talking: irregular forearm gestures (0.5-3 Hz)
  kCar = 6,   // seated in a driving car: engine vibration, road bumps, turns, braking
};

// Every activity, in enum order.
inline constexpr Activity kAllActivities[] = {Activity::kRest, Activity::kWalk, Activity::kRun,
                                              Activity::kWave, Activity::kType, Activity::kTalk,
                                              Activity::kCar};

// "rest", "walk", "run", "wave", "type", "talk" or "car".
const char* activity_name(Activity a) noexcept;
// The activity named `name` (activity_name's names). Throws std::invalid_argument otherwise.
Activity parse_activity(std::string_view name);
// Whether the activity has steps (walk, run): the truth has step rows and a cadence only there.
bool activity_has_steps(Activity a) noexcept;

// How the PPG front end fails during a stretch (docs/simulator.md, "PPG faults"): what a heart-rate
// estimator must recognise and refuse to read a rate from.
enum class PpgFault : std::uint8_t {
  kNoContact = 0,  // the watch lifted off the skin: LED leakage and ambient light only, no pulse
  kClipped = 1,    // the front end saturates: most samples sit at its full scale
  kAmbient = 2,    // strong, fast-varying ambient light, not fully cancelled in the channels
  kFlat = 3,       // the front end is stuck: every channel holds one value
};

// Every fault kind, in enum order.
inline constexpr PpgFault kAllPpgFaults[] = {PpgFault::kNoContact, PpgFault::kClipped,
                                             PpgFault::kAmbient, PpgFault::kFlat};

// "no_contact", "clipped", "ambient" or "flat" ("unknown" for a value outside the enum).
const char* ppg_fault_name(PpgFault f) noexcept;
// The fault kind named `name` (ppg_fault_name's names). Throws std::invalid_argument otherwise.
PpgFault parse_ppg_fault(std::string_view name);

// A fall, or a daily motion that looks like one, laid over the scenario (docs/simulator.md, "Falls
// and fall-like motions"): what a fall detector must alarm on, and what it must not.
enum class MotionKind : std::uint8_t {
  kFallForward = 0,   // trip: stumble, drop of ~0.9 m, impact, tumble forward, lying still
  kFallBackward = 1,  // slip: the same, tumbling backwards
  kFallLateral = 2,   // a fall to the side
  kClap = 3,          // a burst of hand claps in front of the chest (sharp impacts, no tumble)
  kHop = 4,           // hops on the spot (take-off, a short airborne dip, landing impacts)
  kSitHard = 5,       // dropping onto a chair (short dip, small impact, seated posture)
  kArmDrop = 6,       // the raised forearm dropped onto a table (rotation, impact, still)
};

// Every motion kind, in enum order.
inline constexpr MotionKind kAllMotionKinds[] = {
    MotionKind::kFallForward, MotionKind::kFallBackward, MotionKind::kFallLateral,
    MotionKind::kClap,        MotionKind::kHop,          MotionKind::kSitHard,
    MotionKind::kArmDrop};

// "fall_forward", "fall_backward", "fall_lateral", "clap", "hop", "sit_hard" or "arm_drop"
// ("unknown" for a value outside the enum).
const char* motion_kind_name(MotionKind k) noexcept;
// The kind named `name` (motion_kind_name's names). Throws std::invalid_argument otherwise.
MotionKind parse_motion_kind(std::string_view name);
// Whether the kind is a fall (fall_forward, fall_backward, fall_lateral).
bool motion_kind_is_fall(MotionKind k) noexcept;

// Truth at one IMU sample (same time stamp).
struct PoseTruth {
  Micros t_us = 0;
  Eigen::Quaterniond q_es = Eigen::Quaterniond::Identity();   // orientation, v_E = q_es * v_S
  Eigen::Vector3d gyro_bias_rad_s = Eigen::Vector3d::Zero();  // bias inside that gyro sample
  Eigen::Vector3d omega_s_rad_s = Eigen::Vector3d::Zero();    // true angular velocity, S (no bias)
  Eigen::Vector3d lin_acc_e_m_s2 = Eigen::Vector3d::Zero();   // true linear acceleration, E (ENU)
  Activity activity = Activity::kRest;                        // the segment's activity
};

// Heart rate at one instant (the simulator reports it once per second, at whole seconds).
struct HeartRateTruth {
  Micros t_us = 0;
  double heart_rate_bpm = 0.0;  // instantaneous, beats/min
};

// One scenario segment, on the time-stamp clock.
struct SegmentTruth {
  Micros start_us = 0;
  Micros end_us = 0;  // exclusive
  Activity activity = Activity::kRest;
  double cadence_spm = 0.0;     // steps/min (0 for an activity without steps)
  double heart_rate_bpm = 0.0;  // the target the heart rate settles to
};

// One stretch of a PPG fault, on the time-stamp clock: every PPG sample with start_us <= t_us <
// end_us has it, and no other.
struct PpgFaultTruth {
  Micros start_us = 0;
  Micros end_us = 0;  // exclusive
  PpgFault kind = PpgFault::kNoContact;
};

// One fall or fall-like motion, on the time-stamp clock.
struct MotionEventTruth {
  MotionKind kind = MotionKind::kFallForward;
  Micros start_us = 0;   // the motion begins (a fall's stumble)
  Micros impact_us = 0;  // the true specific force's largest |a| (the impact; a burst's strongest)
  Micros end_us = 0;     // back on the underlying scenario (got up, hands down)
  double peak_g = 0.0;   // that largest |a| of the true specific force, g (before noise, clipping)
  bool is_fall = false;  // the kind is a fall: a detector should alarm
};

// Everything a recording's streams were made from.
struct Truth {
  std::vector<PoseTruth> pose;             // one per IMU sample (or every Nth), same order
  std::vector<Micros> steps_us;            // heel-strike times, ascending
  std::vector<HeartRateTruth> heart_rate;  // at 0 s, 1 s, 2 s, ... < duration
  std::vector<SegmentTruth> segments;
  std::vector<PpgFaultTruth> ppg_faults;  // ascending, not overlapping (empty: none)
  std::vector<MotionEventTruth> events;   // ascending by start, not overlapping (empty: none)
};

}  // namespace fusetrack::io
