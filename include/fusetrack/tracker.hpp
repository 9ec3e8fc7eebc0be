// Tracker: the one streaming API. Feed it time-stamped IMU, magnetometer and PPG samples as they
// arrive; read back the latest outputs and drain the events. Owns one of each stage and passes
// values between them (docs/adding-a-stage.md): orientation first, then every later stage gets an
// ImuFrame (the sample, its interval, gravity and linear acceleration) per accepted IMU sample.
// The whole state saves into a caller's buffer and restores from it (save_state/restore_state).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <variant>

#include "fusetrack/activity/activity_classifier.hpp"
#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/compiler.hpp"
#include "fusetrack/core/full_scale.hpp"
#include "fusetrack/core/imu_frame.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_check.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/core/user_profile.hpp"
#include "fusetrack/energy/energy_estimator.hpp"
#include "fusetrack/events.hpp"
#include "fusetrack/falls/fall_detector.hpp"
#include "fusetrack/heart/heart_rate_estimator.hpp"
#include "fusetrack/models/pocket_phone.hpp"
#include "fusetrack/orientation/accelerometer_tilt.hpp"
#include "fusetrack/orientation/complementary_filter.hpp"
#include "fusetrack/orientation/orientation_ekf.hpp"
#include "fusetrack/steps/step_detector.hpp"
#include "fusetrack/wear/wear_detector.hpp"

namespace fusetrack {

// Which orientation filter the Tracker runs on a device with a gyroscope (without one it runs
// AccelerometerTilt whatever this says).
enum class OrientationFilterKind : std::uint8_t {
  kComplementary,  // cheapest: a few tens of ns per sample
  kEkf,            // most accurate: error-state Kalman filter with bias in the state
};

constexpr const char* name(OrientationFilterKind k) noexcept {
  return k == OrientationFilterKind::kEkf ? "ekf" : "complementary";
}

// Where the device is worn or carried. It chooses the default activity model
// (ActivitySettings::model nullptr) and says whether the fall model applies:
// - kWristLeft, kWristRight: a watch; the wrist daily model (its accelerometer-only twin on a
//   device without a gyroscope). Both wrists run the same models and nothing is mirrored.
// - kPocket: a phone in a trouser pocket; the pocket model (needs a gyroscope).
// - kHand, kWaist: no default model (the only waist model is trained on research-only data and
//   is never a default): set activity.model or turn the activity stage off.
// The fall model was trained on wrists only: the fall stage needs a wrist placement.
enum class Placement : std::uint8_t {
  kWristLeft = 0,
  kWristRight = 1,
  kPocket = 2,
  kHand = 3,
  kWaist = 4,
};

constexpr const char* name(Placement p) noexcept {
  switch (p) {
    case Placement::kWristLeft:
      return "wrist_left";
    case Placement::kWristRight:
      return "wrist_right";
    case Placement::kPocket:
      return "pocket";
    case Placement::kHand:
      return "hand";
    case Placement::kWaist:
      return "waist";
  }
  return "unknown";
}

constexpr bool on_wrist(Placement p) noexcept {
  return p == Placement::kWristLeft || p == Placement::kWristRight;
}

// The activity model a placement runs by default on a device with or without a gyroscope;
// nullptr where there is none (see Placement).
inline const ActivityModel* default_activity_model(Placement p, bool has_gyr) noexcept {
  if (on_wrist(p)) return has_gyr ? &models::kWristDaily : &models::kWristDailyAcc;
  if (p == Placement::kPocket && has_gyr) return &models::kPocketPhone;
  return nullptr;
}

// What TrackerSettings::check() found: kOk, or kInvalidSettings and the first field out of
// range or inconsistent with another: `field` the TrackerSettings member ("ekf", "user",
// "activity"), `subfield` the member inside it ("mass_kg", "model"; the nested group, such as
// "rest" or "smoother", when the bad value is one level further in; nullptr for a top-level
// field such as "silent_after_s"). Both nullptr when the status is kOk. Print as "%s.%s"
// (string literals: nothing to free, nothing allocated).
struct SettingsCheck {
  Status status = Status::kOk;
  const char* field = nullptr;
  const char* subfield = nullptr;
};

// What a Tracker type contains, chosen at compile time: BasicTracker<Parts> with Parts an OR of
// these bits (Tracker is BasicTracker<tracker_parts::kAll>). A part left out costs neither flash
// (its code is never instantiated) nor RAM (its member is an empty placeholder) nor saved-state
// bytes; settings that ask for it are refused (kInvalidSettings: TrackerSettings::check<Parts>()
// names the field). A firmware image for a watch without PPG, for example:
//   using WatchTracker = fusetrack::BasicTracker<tracker_parts::kEkf | tracker_parts::kSteps |
//                                                tracker_parts::kActivity>;
namespace tracker_parts {
inline constexpr std::uint32_t kEkf = 1u << 0;            // OrientationFilterKind::kEkf
inline constexpr std::uint32_t kComplementary = 1u << 1;  // OrientationFilterKind::kComplementary
inline constexpr std::uint32_t kAccelerometerTilt = 1u << 2;  // imu_has_gyr = false
inline constexpr std::uint32_t kWear = 1u << 3;
inline constexpr std::uint32_t kActivity = 1u << 4;
inline constexpr std::uint32_t kSteps = 1u << 5;
inline constexpr std::uint32_t kHeart = 1u << 6;
inline constexpr std::uint32_t kFalls = 1u << 7;
inline constexpr std::uint32_t kEnergy = 1u << 8;
inline constexpr std::uint32_t kFilters = kEkf | kComplementary | kAccelerometerTilt;
inline constexpr std::uint32_t kAll = (1u << 9) - 1u;
// Whether `parts` contains `part`.
constexpr bool has(std::uint32_t parts, std::uint32_t part) noexcept {
  return (parts & part) != 0u;
}
}  // namespace tracker_parts

struct TrackerSettings {
  Placement placement = Placement::kWristLeft;  // where the device is worn (see Placement)
  UserProfile user{};         // the wearer: energy's equations and the step length (user.height_m)
  StreamCheckSettings imu{};  // accelerometer + gyroscope FIFO; always on
  // false: an accelerometer-only device. Every ImuSample must then carry has_gyr = false (and
  // with true, has_gyr = true): a sample of the other shape is rejected with kOutOfRange.
  bool imu_has_gyr = true;
  bool mag_enabled = true;
  StreamCheckSettings mag{25.0f, 1.8f, 5.0f};
  bool ppg_enabled = true;
  StreamCheckSettings ppg{25.0f, 1.8f, 5.0f};
  std::uint8_t ppg_channels = 1;  // channels every PPG sample must carry; [1, kMaxPpgChannels]
  // The sensors' measuring ranges: a component beyond full scale is rejected (kOutOfRange), one
  // at full scale is accepted and counted as clipped (core/full_scale.hpp).
  FullScaleSettings full_scale{};
  // A stream that has sent nothing for this long while another stream went on is reported
  // silent (one event), and resumed when it sends again, s; (0, 86400]. When firmware pushes
  // each stream in batches, set it above the longest batch span.
  float silent_after_s = 2.0f;
  OrientationFilterKind orientation_filter = OrientationFilterKind::kEkf;
  bool orientation_uses_mag = true;  // 9D when the magnetometer is enabled too, else 6D
  ComplementaryFilterSettings complementary{};
  OrientationEkfSettings ekf{};
  AccelerometerTiltSettings accelerometer_tilt{};  // used when !imu_has_gyr
  WearDetectorSettings wear{};                     // wear / motion state; wear.enabled
  ActivitySettings activity{};                     // activity recognition; activity.enabled
  steps::StepSettings steps{};                     // steps, cadence, bouts; steps.enabled
  // Heart rate from the PPG and the accelerometer; runs when heart.enabled and ppg_enabled.
  heart::HeartSettings heart{};
  falls::FallSettings falls{};  // fall alarms and their follow-up; falls.enabled (off by default)
  // METs and kcal from the activity, the steps' speed and the heart rate with the user profile;
  // energy.enabled. Its inputs come from the other stages: without activity the class is
  // unknown, without steps nothing moves, without heart rate the motion equations alone.
  energy::EnergySettings energy{};

  // The first field out of range or inconsistent (see SettingsCheck), checked in declaration
  // order: a stream's or a running stage's settings out of range, an impossible channel count,
  // an unknown placement or filter, a running activity stage without a model for the placement
  // (or with one that needs a missing gyroscope), the fall stage away from a wrist. A stage that
  // is off is not checked. With Parts (a BasicTracker's, tracker_parts), a part it leaves out
  // that these settings ask for too: a stage enabled as {"steps", "enabled"} (and so on), a
  // filter as {"orientation_filter"}, an accelerometer-only device without AccelerometerTilt as
  // {"imu_has_gyr"}; and the checks of the parts left out are not compiled in.
  template <std::uint32_t Parts = tracker_parts::kAll>
  SettingsCheck check() const noexcept {
    namespace tp = tracker_parts;
    const auto bad = [](const char* field, const char* subfield = nullptr) {
      return SettingsCheck{Status::kInvalidSettings, field, subfield};
    };
    if (static_cast<std::uint8_t>(placement) > static_cast<std::uint8_t>(Placement::kWaist)) {
      return bad("placement");
    }
    if (const char* f = user.first_invalid_field()) return bad("user", f);
    if (const char* f = imu.first_invalid_field()) return bad("imu", f);
    if (mag_enabled) {
      if (const char* f = mag.first_invalid_field()) return bad("mag", f);
    }
    if (ppg_enabled) {
      if (const char* f = ppg.first_invalid_field()) return bad("ppg", f);
    }
    if (ppg_channels < 1 || ppg_channels > kMaxPpgChannels) return bad("ppg_channels");
    if (const char* f = full_scale.first_invalid_field()) return bad("full_scale", f);
    if (!(silent_after_s > 0.0f && silent_after_s <= 86400.0f)) return bad("silent_after_s");
    if (!imu_has_gyr) {
      if constexpr (!tp::has(Parts, tp::kAccelerometerTilt)) return bad("imu_has_gyr");
      if (const char* f = accelerometer_tilt.first_invalid_field()) {
        return bad("accelerometer_tilt", f);
      }
    } else if (orientation_filter == OrientationFilterKind::kComplementary) {
      if constexpr (!tp::has(Parts, tp::kComplementary)) return bad("orientation_filter");
      if (const char* f = complementary.first_invalid_field()) return bad("complementary", f);
    } else if (orientation_filter == OrientationFilterKind::kEkf) {
      if constexpr (!tp::has(Parts, tp::kEkf)) return bad("orientation_filter");
      if (const char* f = ekf.first_invalid_field()) return bad("ekf", f);
    } else {
      return bad("orientation_filter");
    }
    if (wear.enabled) {
      if constexpr (!tp::has(Parts, tp::kWear)) return bad("wear", "enabled");
      if (const char* f = wear.first_invalid_field()) return bad("wear", f);
    }
    if (activity.enabled) {
      if constexpr (!tp::has(Parts, tp::kActivity)) {
        return bad("activity", "enabled");
      } else {
        if (activity.model == nullptr &&
            default_activity_model(placement, imu_has_gyr) == nullptr) {
          return bad("activity", "model");
        }
        if (const char* f = activity_settings().first_invalid_field(imu_has_gyr)) {
          return bad("activity", f);
        }
      }
    }
    if (steps.enabled) {
      if constexpr (!tp::has(Parts, tp::kSteps)) return bad("steps", "enabled");
      if (const char* f = step_settings().first_invalid_field()) return bad("steps", f);
    }
    if (heart.enabled) {
      if constexpr (!tp::has(Parts, tp::kHeart)) return bad("heart", "enabled");
      if (const char* f = heart.first_invalid_field()) return bad("heart", f);
    }
    if (falls.enabled) {
      if constexpr (!tp::has(Parts, tp::kFalls)) return bad("falls", "enabled");
      if (!on_wrist(placement)) return bad("falls", "enabled");
      if (const char* f = falls.first_invalid_field()) return bad("falls", f);
    }
    if (energy.enabled) {
      if constexpr (!tp::has(Parts, tp::kEnergy)) return bad("energy", "enabled");
      if (const char* f = energy.first_invalid_field()) return bad("energy", f);
    }
    return SettingsCheck{};
  }
  // check()'s status alone.
  template <std::uint32_t Parts = tracker_parts::kAll>
  Status validate() const noexcept {
    return check<Parts>().status;
  }

  // What the stages run with, derived once from the fields above: the activity stage with the
  // placement's default model when activity.model is nullptr; the step stage with the height
  // of the user profile (user.height_m replaces steps.user_height_m, which a Tracker does not
  // read).
  ActivitySettings activity_settings() const noexcept {
    ActivitySettings a = activity;
    if (a.model == nullptr) a.model = default_activity_model(placement, imu_has_gyr);
    return a;
  }
  steps::StepSettings step_settings() const noexcept {
    steps::StepSettings st = steps;
    st.user_height_m = user.height_m;
    return st;
  }

  // Every field, in order, into `h`: a saved state is accepted only by a Tracker whose settings
  // hash the same.
  void hash_into(SettingsHash& h) const noexcept {
    h.add(static_cast<std::uint8_t>(placement));
    user.hash_into(h);
    imu.hash_into(h);
    h.add(imu_has_gyr);
    h.add(mag_enabled);
    mag.hash_into(h);
    h.add(ppg_enabled);
    ppg.hash_into(h);
    h.add(ppg_channels);
    full_scale.hash_into(h);
    h.add(silent_after_s);
    h.add(static_cast<std::uint8_t>(orientation_filter));
    h.add(orientation_uses_mag);
    complementary.hash_into(h);
    ekf.hash_into(h);
    accelerometer_tilt.hash_into(h);
    wear.hash_into(h);
    activity.hash_into(h);
    steps.hash_into(h);
    heart.hash_into(h);
    falls.hash_into(h);
    energy.hash_into(h);
  }
};

// What the Tracker knows about one stream.
struct StreamOutput {
  std::uint64_t accepted = 0;
  // duplicates + backwards + not_finite + beyond_full_scale + wrong_shape
  std::uint64_t rejected = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t backwards = 0;
  std::uint64_t not_finite = 0;
  std::uint64_t beyond_full_scale = 0;  // a component beyond full scale × (1 + clip_band)
  std::uint64_t wrong_shape = 0;        // has_gyr or the PPG channel count not as set
  std::uint64_t clipped = 0;  // accepted with a component at full scale (counted in accepted)
  std::uint64_t gaps = 0;
  std::uint64_t missing = 0;  // estimated samples lost inside gaps
  std::uint64_t jumps = 0;    // time jumps beyond max_jump_s (accepted; stages started over)
  float rate_hz = 0.0f;       // recent measured rate
  float mean_rate_hz = 0.0f;  // over the whole stream, gaps excluded
  float jitter_s = 0.0f;      // RMS interval deviation
  float drift = 0.0f;         // recent rate / nominal - 1
  Micros last_t_us = 0;
  bool silent = false;  // no sample for longer than silent_after_s while another stream went on
};

// Orientation and what follows from it, after the latest IMU sample.
struct OrientationOutput {
  Quat q_es = Quat::Identity();           // sensor -> earth (ENU)
  Vec3 gravity_s_m_s2 = Vec3::Zero();     // gravity's specific force in the sensor frame
  Vec3 linear_acc_e_m_s2 = Vec3::Zero();  // specific force minus gravity, earth frame
  Vec3 gyr_bias_rad_s = Vec3::Zero();     // estimated gyroscope bias (zero when acc_only)
  OrientationFlags flags{};               // initialized, at_rest, mag_disturbed, acc_only, ...
  bool uses_mag = false;                  // 9D (heading from the magnetometer) or 6D
  // Heading means something: a magnetometer set it (9D), or a gyroscope carries an arbitrary but
  // consistent one (6D). False on an accelerometer-only device.
  bool heading_available = false;
  std::uint32_t restarts = 0;  // times the filter started over (gaps, time jumps, guard)
};

// The wear / motion stage. available = false (the stage is off): every other field is
// meaningless and left at its default.
struct WearOutput {
  bool available = false;
  WearState state = WearState::kUnknown;
  float motion_rms_m_s2 = 0.0f;  // the motion measure (RMS deviation of the specific force)
  bool ppg_contact = true;       // false when the PPG judged no skin contact
};

// The activity stage. available = false (the stage is off): every other field is meaningless.
// has_label is false until the first window has been classified (after one window length).
struct ActivityOutput {
  bool available = false;
  bool has_label = false;
  std::uint8_t label = 0;        // the smoothed activity: index into the model's class_names
  const char* name = "unknown";  // its name ("unknown" without a label)
  float confidence = 0.0f;       // of the smoothed activity, [0, 1]
  std::uint8_t raw_label = 0;    // the last window's own decision, before smoothing
  float raw_confidence = 0.0f;   // [0, 1]
  std::uint32_t decisions = 0;   // windows classified
  std::uint32_t changes = 0;     // changes of the smoothed activity
  const ActivityModel* model = nullptr;  // the running model (classes, names, window)
};

// The step stage. available = false (the stage is off): every other field is meaningless.
struct StepsOutput {
  bool available = false;
  bool walking = false;             // inside a confirmed walking bout
  std::uint64_t steps = 0;          // total since start (64-bit: never wraps)
  float cadence_spm = 0.0f;         // steps/min over the bout's recent steps; 0 outside a bout
  float cadence_confidence = 0.0f;  // [0, 1]: regularity of those steps; 0 outside a bout
  std::uint64_t distance_mm = 0;    // total, mm, from the step length model (or a given speed)
  std::uint32_t bouts = 0;          // walking bouts since start
  std::uint32_t bout_steps = 0;     // steps of the current bout (0 outside one)
  Micros bout_start_us = 0;         // the current bout's first step (when walking)
  Micros last_step_us = 0;          // the latest step's estimated foot landing (0: none yet)
  // m, for host code (a device reads distance_mm: no double arithmetic is linked unless called).
  double distance_m() const noexcept { return static_cast<double>(distance_mm) * 1e-3; }
};

// The heart-rate stage. available = false (the stage is off, or the PPG is): every other field is
// meaningless. The fields are those of the newest estimate (one every HeartSettings::hop_s).
struct HeartOutput {
  bool available = false;
  bool valid = false;       // the newest estimate is valid (its reason is kValid)
  float bpm = 0.0f;         // beats/min; when not valid, the last valid rate (0 before any)
  float confidence = 0.0f;  // [0, 1]; 0 when not valid
  heart::HeartReason reason = heart::HeartReason::kWarmingUp;
  std::uint32_t estimates = 0;  // since start
  Micros window_end_us = 0;     // the newest estimate's window end (0: none yet)
  float motion_hz = 0.0f;       // strongest accelerometer frequency in the band, Hz (0: none)
};

// The fall stage. available = false (the stage is off): every other field is meaningless. The
// last_* fields are those of the newest alarm (zero before any).
struct FallsOutput {
  bool available = false;
  std::uint32_t alarms = 0;                                    // fall alarms since start
  std::uint32_t candidates = 0;                                // impacts judged (alarm or not)
  falls::FallFollowUp follow_up = falls::FallFollowUp::kNone;  // of the newest alarm
  Micros last_alarm_us = 0;                                    // its impact
  float last_impact_g = 0.0f;                                  // its largest |a|, g
  float last_confidence = 0.0f;                                // [0, 1]
  bool last_clipped = false;  // the impact clipped the accelerometer
};

// The energy stage. available = false (the stage is off): every other field is meaningless.
// met and kcal_per_min are those of the newest energy step (one per EnergySettings period).
struct EnergyOutput {
  bool available = false;
  float met = 0.0f;           // metabolic equivalents of the newest step (1 MET: at rest)
  float kcal_per_min = 0.0f;  // gross energy expenditure rate, kcal/min
  // Totals as the stage keeps them, exact integers (no double on the device): µkcal, 1e-6 kcal.
  std::uint64_t total_ukcal = 0;   // since start
  std::uint64_t active_ukcal = 0;  // the part above resting (1 MET)
  bool from_heart_rate = false;    // the newest step used the heart-rate equation
  // kcal, for host code (a device reads the integers: no double arithmetic is linked unless
  // called).
  double kcal_total() const noexcept { return static_cast<double>(total_ukcal) * 1e-6; }
  double active_kcal_total() const noexcept { return static_cast<double>(active_ukcal) * 1e-6; }
};

// The guard: stages whose state became non-finite and were re-initialised (each with a
// kStageReinitialized event, reason kNotFinite). Always zero unless something is wrong.
struct GuardOutput {
  std::uint32_t orientation_resets = 0;
  std::uint32_t wear_resets = 0;
  std::uint32_t heart_resets = 0;
};

struct EventsOutput {
  std::uint32_t pending = 0;  // in the queue, not yet drained
  std::uint32_t dropped = 0;  // lost because the queue was full (oldest first), since start
  std::uint64_t total = 0;    // raised since start, dropped ones included
};

struct TrackerOutput {
  StreamOutput imu;
  StreamOutput mag;
  StreamOutput ppg;
  OrientationOutput orientation;
  WearOutput wear;
  ActivityOutput activity;
  StepsOutput steps;
  HeartOutput heart;
  FallsOutput falls;
  EnergyOutput energy;
  GuardOutput guard;
  EventsOutput events;
};

// The Tracker's own plain data, beside its stages' states: what the event monitor remembers.
struct TrackerMonitorState {
  std::uint64_t shape_rejects[kStreamCount] = {};  // rejected for a wrong shape, per stream
  std::uint64_t beyond_full_scale[kStreamCount] = {};
  std::uint64_t clipped[kStreamCount] = {};
  GuardOutput guard;
  std::uint32_t reserved = 0;  // explicit padding (part of the saved state): always zero
  std::uint64_t events_total = 0;
  Micros mag_disturbed_since_us = 0;
  Micros silence_check_us = INT64_MIN;     // no stream can fall silent before this time stamp
  std::uint32_t orientation_restarts = 0;  // the filter's count when last looked at
  bool silent[kStreamCount] = {};
  bool mag_disturbed = false;
};
static_assert(sizeof(TrackerMonitorState) == 120, "TrackerMonitorState: no implicit padding");

// The member a part left out of a BasicTracker has instead of its stage: empty, and constructed
// from whatever the stage would have been (N keeps the placeholders of a variant distinct).
template <int N>
struct NotBuilt {
  NotBuilt() = default;
  template <typename... Args>
  explicit NotBuilt(const Args&...) noexcept {}
};

template <std::uint32_t Parts = tracker_parts::kAll>
class BasicTracker {
  static_assert((Parts & ~tracker_parts::kAll) == 0u, "BasicTracker: unknown part bits");
  static_assert((Parts & tracker_parts::kFilters) != 0u, "BasicTracker: no orientation filter");

 public:
  // Which parts this type contains (see tracker_parts).
  static constexpr std::uint32_t kParts = Parts;
  static constexpr bool kHasEkf = tracker_parts::has(Parts, tracker_parts::kEkf);
  static constexpr bool kHasComplementary =
      tracker_parts::has(Parts, tracker_parts::kComplementary);
  static constexpr bool kHasAccelerometerTilt =
      tracker_parts::has(Parts, tracker_parts::kAccelerometerTilt);
  static constexpr bool kHasWear = tracker_parts::has(Parts, tracker_parts::kWear);
  static constexpr bool kHasActivity = tracker_parts::has(Parts, tracker_parts::kActivity);
  static constexpr bool kHasSteps = tracker_parts::has(Parts, tracker_parts::kSteps);
  static constexpr bool kHasHeart = tracker_parts::has(Parts, tracker_parts::kHeart);
  static constexpr bool kHasFalls = tracker_parts::has(Parts, tracker_parts::kFalls);
  static constexpr bool kHasEnergy = tracker_parts::has(Parts, tracker_parts::kEnergy);

  using Queue = EventQueue<kEventCapacity>;
  static_assert(sizeof(Queue) == kEventCapacity * sizeof(Event) + 2 * sizeof(std::size_t) + 8,
                "Tracker::Queue: no implicit padding");
  // Saved-state format: bump on any change of layout or meaning of the saved bytes.
  static constexpr std::uint16_t kStateFormatVersion = 7;

  // The settings a default-constructed tracker runs: TrackerSettings{} with the stages this type
  // leaves out turned off and its first orientation filter (for Tracker: TrackerSettings{}).
  static TrackerSettings default_settings() noexcept {
    TrackerSettings s;
    s.wear.enabled = s.wear.enabled && kHasWear;
    s.activity.enabled = s.activity.enabled && kHasActivity;
    s.steps.enabled = s.steps.enabled && kHasSteps;
    s.heart.enabled = s.heart.enabled && kHasHeart;
    s.falls.enabled = s.falls.enabled && kHasFalls;
    s.energy.enabled = s.energy.enabled && kHasEnergy;
    if (!kHasEkf) s.orientation_filter = OrientationFilterKind::kComplementary;
    if (!kHasEkf && !kHasComplementary) s.imu_has_gyr = false;
    return s;
  }

  // Construct with settings; check status() before use: when the settings are invalid (or ask
  // for a part this type leaves out: settings.check<kParts>() says which field) it is
  // kInvalidSettings and every push returns that status.
  explicit BasicTracker(const TrackerSettings& settings = default_settings()) noexcept
      : settings_(settings),
        status_(settings.validate<Parts>()),
        imu_check_(ok(status_) ? settings.imu : StreamCheckSettings{}),
        mag_check_(ok(status_) && settings.mag_enabled ? settings.mag : StreamCheckSettings{}),
        ppg_check_(ok(status_) && settings.ppg_enabled ? settings.ppg : StreamCheckSettings{}),
        orientation_(make_orientation(settings)),
        wear_(settings.wear),
        activity_(ok(status_) && settings.activity.enabled ? settings.activity_settings()
                                                           : ActivitySettings{},
                  settings.imu_has_gyr),
        steps_(ok(status_) && settings.steps.enabled ? settings.step_settings()
                                                     : steps::StepSettings{}),
        heart_(ok(status_) && settings.heart.enabled ? settings.heart : heart::HeartSettings{}),
        heart_on_(kHasHeart && settings.heart.enabled && settings.ppg_enabled),
        falls_(ok(status_) && settings.falls.enabled ? settings.falls : falls::FallSettings{}),
        energy_(ok(status_) && settings.energy.enabled ? settings.energy : energy::EnergySettings{},
                ok(status_) ? settings.user : UserProfile{}),
        acc_range_(settings.full_scale.acc_m_s2, settings.full_scale.clip_band),
        gyr_range_(settings.full_scale.gyr_rad_s, settings.full_scale.clip_band),
        mag_range_(settings.full_scale.mag_ut, settings.full_scale.clip_band) {
    SettingsHash h;
    settings.hash_into(h);
    settings_hash_ = h.value();
    // Only from a validated setting: a NaN or huge float has no defined integer value.
    if (ok(status_)) {
      silent_after_us_ = seconds_to_us(settings.silent_after_s);
      // The energy class of each of the activity model's classes, mapped once by name.
      if constexpr (kHasActivity && kHasEnergy) {
        const ActivityModel& m = activity_.model();
        for (std::size_t c = 0; c < m.classes && c < classify::kMaxMlpClasses; ++c) {
          energy_class_[c] = energy::energy_activity(m.class_names[c]);
        }
      }
    }
  }

  Status status() const noexcept { return status_; }
  const TrackerSettings& settings() const noexcept { return settings_; }

  // Pushes one IMU FIFO entry. Rejected (state unchanged but for the counters and a
  // kSampleRejected event) with kNotFinite, kDuplicateTime, kTimeBackwards, or kOutOfRange when
  // has_gyr differs from settings().imu_has_gyr or a component is beyond full scale. A component
  // at full scale is accepted and counted as clipped; a time jump is accepted (kTimeJump event)
  // and the stages start over.
  Status push_imu(const ImuSample& s) noexcept {
    if (!ok(status_)) return status_;
    Admitted a;
    const bool shape_ok = s.has_gyr == settings_.imu_has_gyr;
    const bool finite = all_finite(s);
    // Both sensors' peaks as fractions of their full scales (one clip band serves both); a NaN
    // has no range and a wrong shape is reported first, so those are classified in range here.
    float acc_peak = 0.0f, gyr_peak = 0.0f;
    if (shape_ok && finite) {
      acc_peak = acc_range_.peak(s.acc_m_s2);
      if (s.has_gyr) gyr_peak = gyr_range_.peak(s.gyr_rad_s);
    }
    const RangeClass range = acc_range_.classify(acc_peak > gyr_peak ? acc_peak : gyr_peak);
    const Status st = admit(StreamId::kImu, imu_check_, finite, range, s.t_us, shape_ok, a);
    if (!ok(st)) return st;
    // Time and values were validated above, so the sample is accepted. A filter can still
    // decline to use a degenerate vector (zero specific force in free fall); it says so in
    // its flags (acc_rejected), not by rejecting a sample the stream has counted.
    // One dispatch to the running filter serves its update, the guard, the restart check and the
    // frame the later stages get.
    with_filter([this, &s, &a, acc_peak, gyr_peak](auto& filter) {
      if (a.jumped) filter.imu_time_jumped();
      (void)filter.update(s);
      guard_orientation(filter, s.t_us);
      const std::uint32_t restarts = filter.state().restarts;
      if (restarts != monitor_.orientation_restarts) {
        note_orientation_restart(s.t_us, a, restarts);
      }
      if (settings_.wear.enabled || settings_.activity.enabled || settings_.steps.enabled ||
          settings_.falls.enabled || settings_.energy.enabled) {
        run_imu_stages(s, a,
                       make_imu_frame(s, a.dt_s(), filter, acc_range_.clipped_or_beyond(acc_peak),
                                      gyr_range_.clipped_or_beyond(gyr_peak)));
      }
    });
    // The heart stage takes the raw specific force on its own clock (no frame needed); a time
    // jump of the IMU only restarts its accelerometer grid (the resampler does that itself).
    if constexpr (kHasHeart)
      if (heart_on_) heart_.push_acc(s.t_us, s.acc_m_s2);
    return Status::kOk;
  }

  // Pushes one magnetometer reading; kStreamDisabled when the settings turned it off.
  Status push_mag(const MagSample& s) noexcept {
    if (!ok(status_)) return status_;
    if (!settings_.mag_enabled) return Status::kStreamDisabled;
    Admitted a;
    const bool finite = all_finite(s);
    const RangeClass range = finite ? mag_range_.classify(s.mag_ut) : RangeClass::kInRange;
    const Status st = admit(StreamId::kMag, mag_check_, finite, range, s.t_us, true, a);
    if (!ok(st) || !uses_mag()) return st;
    // As for the IMU: a field without horizontal part is flagged (mag_disturbed), not rejected.
    with_filter([this, &s, &a](auto& filter) {
      if (a.jumped) filter.mag_time_jumped();
      (void)filter.update_mag(s.t_us, s.mag_ut);
      guard_orientation(filter, s.t_us);
      note_mag_disturbance(s.t_us, filter.flags().mag_disturbed);
    });
    return Status::kOk;
  }

  // Pushes one PPG reading; kOutOfRange when its channel count differs from the settings'.
  Status push_ppg(const PpgSample& s) noexcept {
    if (!ok(status_)) return status_;
    if (!settings_.ppg_enabled) return Status::kStreamDisabled;
    Admitted a;
    const bool shape_ok = s.channel_count == settings_.ppg_channels;
    const Status st =
        admit(StreamId::kPpg, ppg_check_, all_finite(s), RangeClass::kInRange, s.t_us, shape_ok, a);
    if (!ok(st)) return st;
    if constexpr (kHasHeart)
      if (heart_on_) run_heart(s, a);
    if constexpr (kHasWear)
      if (settings_.wear.enabled) {
        const WearState before = wear_.wear_state();
        if constexpr (kHasHeart)
          if (heart_on_) wear_.set_heart_no_contact(heart_.no_contact());
        wear_.update_ppg(s, a.dt_s());
        guard_wear(s.t_us);
        note_wear_change(s.t_us, before);
      }
    return Status::kOk;
  }

  // Batch forms (e.g. one FIFO read): every sample is offered in order, a rejected one does not
  // stop the rest. Returns kOk when all were accepted, else the first rejection's status;
  // `accepted` (optional) receives how many were accepted.
  Status push_imu(const ImuSample* samples, std::size_t n,
                  std::size_t* accepted = nullptr) noexcept {
    return push_batch(samples, n, accepted, [this](const ImuSample& s) { return push_imu(s); });
  }
  Status push_mag(const MagSample* samples, std::size_t n,
                  std::size_t* accepted = nullptr) noexcept {
    return push_batch(samples, n, accepted, [this](const MagSample& s) { return push_mag(s); });
  }
  Status push_ppg(const PpgSample* samples, std::size_t n,
                  std::size_t* accepted = nullptr) noexcept {
    return push_batch(samples, n, accepted, [this](const PpgSample& s) { return push_ppg(s); });
  }

  // The oldest pending event into `out`; false (out untouched) when there is none.
  bool pop_event(Event& out) noexcept { return events_.pop(out); }
  // Moves up to `max` pending events into out[0..), oldest first; returns how many.
  std::size_t drain_events(Event* out, std::size_t max) noexcept { return events_.drain(out, max); }
  const Queue& events() const noexcept { return events_; }

  // The latest outputs.
  TrackerOutput output() const noexcept {
    TrackerOutput o;
    o.imu = stream_output(imu_check_, StreamId::kImu);
    o.mag = stream_output(mag_check_, StreamId::kMag);
    o.ppg = stream_output(ppg_check_, StreamId::kPpg);
    OrientationOutput& ori = o.orientation;
    with_filter([&ori](const auto& filter) {
      ori.q_es = filter.orientation();
      ori.gyr_bias_rad_s = filter.gyr_bias_rad_s();
      ori.flags = filter.flags();
      ori.gravity_s_m_s2 = filter.gravity_s_m_s2();
      ori.linear_acc_e_m_s2 = filter.linear_acc_e_m_s2();
      ori.restarts = filter.state().restarts;
    });
    ori.uses_mag = uses_mag();
    ori.heading_available =
        ori.flags.initialized && !ori.flags.acc_only && (!ori.uses_mag || ori.flags.heading_set);
    if constexpr (kHasWear)
      if (settings_.wear.enabled) {
        o.wear.available = true;
        o.wear.state = wear_.wear_state();
        o.wear.motion_rms_m_s2 = wear_.motion_rms_m_s2();
        o.wear.ppg_contact = wear_.ppg_contact();
      }
    if constexpr (kHasActivity)
      if (settings_.activity.enabled) {
        ActivityOutput& act = o.activity;
        act.available = true;
        act.has_label = activity_.has_label();
        act.label = activity_.label();
        act.name = activity_.label_name();
        act.confidence = static_cast<float>(activity_.confidence_q8()) / 255.0f;
        act.raw_label = activity_.raw_class();
        act.raw_confidence = static_cast<float>(activity_.raw_confidence_q8()) / 255.0f;
        act.decisions = activity_.counters().decisions;
        act.changes = activity_.counters().changes;
        act.model = &activity_.model();
      }
    if constexpr (kHasSteps)
      if (settings_.steps.enabled) {
        StepsOutput& st = o.steps;
        const steps::StepState& ss = steps_.state();
        st.available = true;
        st.walking = steps_.walking();
        st.steps = steps_.steps();
        st.cadence_spm = steps_.cadence_spm();
        st.cadence_confidence = steps_.cadence_confidence();
        st.distance_mm = ss.distance_mm;
        st.bouts = steps_.bouts();
        st.bout_steps = st.walking ? ss.bout_steps : 0;
        st.bout_start_us = st.walking ? ss.bout_start_us : 0;
        st.last_step_us = ss.steps > 0 ? ss.last_step_us : 0;
      }
    if constexpr (kHasHeart)
      if (heart_on_) {
        HeartOutput& h = o.heart;
        const heart::HeartEstimate& e = heart_.estimate();
        h.available = true;
        h.valid = e.valid;
        h.bpm = e.bpm;
        h.confidence = e.confidence;
        h.reason = e.reason;
        h.estimates = e.index;
        h.window_end_us = e.window_end_us;
        h.motion_hz = e.motion_hz;
      }
    if constexpr (kHasFalls)
      if (settings_.falls.enabled) {
        FallsOutput& fo = o.falls;
        fo.available = true;
        fo.alarms = falls_.alarms();
        fo.candidates = falls_.candidates();
        fo.follow_up = falls_.follow_up();
        fo.last_alarm_us = falls_.alarm_us();
        fo.last_impact_g = falls_.alarm_impact_g();
        fo.last_confidence = falls_.alarm_confidence();
        fo.last_clipped = falls_.alarm_clipped();
      }
    if constexpr (kHasEnergy)
      if (settings_.energy.enabled) {
        EnergyOutput& en = o.energy;
        en.available = true;
        en.met = energy_.met();
        en.kcal_per_min = energy_.kcal_per_min();
        en.total_ukcal = energy_.state().total_ukcal;
        en.active_ukcal = energy_.state().active_ukcal;
        en.from_heart_rate = energy_.from_heart_rate();
      }
    o.guard = monitor_.guard;
    o.events.pending = static_cast<std::uint32_t>(events_.size());
    o.events.dropped = events_.dropped();
    o.events.total = monitor_.events_total;
    return o;
  }

  // ---- saved state
  // The exact size save_state() writes, B: a constant, so firmware can size a static buffer
  // (`std::uint8_t buf[Tracker::state_size()]`).
  static constexpr std::size_t state_size() noexcept { return kStateSize; }

  // Writes the whole state (streams, orientation, stages, monitor, pending events) into
  // buffer[0, state_size()): a header (marker, format version, settings hash, size), the
  // stages' states one after the other, and a CRC-32 of everything before it. kSizeMismatch
  // (nothing written) when size < state_size(); the Tracker's status when its settings were
  // invalid.
  Status save_state(std::uint8_t* buffer, std::size_t size) const noexcept {
    if (!ok(status_)) return status_;
    if (buffer == nullptr || size < kStateSize) return Status::kSizeMismatch;
    std::memset(buffer, 0, kStateSize);
    put_u32(buffer + 0, kStateMarker);
    put_u16(buffer + 4, kStateFormatVersion);
    put_u16(buffer + 6, 0);
    put_u32(buffer + 8, settings_hash_);
    put_u32(buffer + 12, static_cast<std::uint32_t>(kStateSize));
    put(buffer + kOffStreams + 0 * sizeof(StreamCheckState), imu_check_.state());
    put(buffer + kOffStreams + 1 * sizeof(StreamCheckState), mag_check_.state());
    put(buffer + kOffStreams + 2 * sizeof(StreamCheckState), ppg_check_.state());
    put(buffer + kOffMonitor, monitor_);
    with_filter([buffer](const auto& filter) { put(buffer + kOffFilter, filter.state()); });
    if constexpr (kHasWear) put(buffer + kOffWear, wear_.state());
    if constexpr (kHasActivity) put(buffer + kOffActivity, activity_.state());
    if constexpr (kHasSteps) put(buffer + kOffSteps, steps_.state());
    if constexpr (kHasHeart) put(buffer + kOffHeart, heart_.state());
    if constexpr (kHasFalls) put(buffer + kOffFalls, falls_.state());
    if constexpr (kHasEnergy) put(buffer + kOffEnergy, energy_.state());
    put(buffer + kOffEvents, events_);
    put_u32(buffer + kOffCrc, crc32(buffer, kOffCrc));
    return Status::kOk;
  }

  // Restores a state written by save_state(). Refused, with the Tracker left exactly as it was:
  // kSizeMismatch (size below state_size(), or a state of another size), kCorruptState (not a
  // saved state, or damaged: the checksum disagrees), kVersionMismatch (another format
  // version), kSettingsMismatch (made by a Tracker with other settings).
  Status restore_state(const std::uint8_t* buffer, std::size_t size) noexcept {
    if (!ok(status_)) return status_;
    if (buffer == nullptr || size < kHeaderSize) return Status::kSizeMismatch;
    if (get_u32(buffer + 0) != kStateMarker) return Status::kCorruptState;
    if (get_u16(buffer + 4) != kStateFormatVersion) return Status::kVersionMismatch;
    if (get_u32(buffer + 12) != kStateSize || size < kStateSize) return Status::kSizeMismatch;
    if (get_u32(buffer + kOffCrc) != crc32(buffer, kOffCrc)) return Status::kCorruptState;
    if (get_u32(buffer + 8) != settings_hash_) return Status::kSettingsMismatch;
    if (!Queue::consistent_bytes(buffer + kOffEvents)) return Status::kCorruptState;
    if (!bools_valid(buffer)) return Status::kCorruptState;
    StreamCheckState streams[kStreamCount];
    for (std::size_t i = 0; i < kStreamCount; ++i) {
      get(buffer + kOffStreams + i * sizeof(StreamCheckState), streams[i]);
      if (!StreamCheck::plausible(streams[i])) return Status::kCorruptState;
    }
    // Each stage's state is checked in a copy of its own (the buffer need not be aligned), one
    // at a time, so the stack holds the largest state rather than all of them; the copies are
    // made again below once every one is accepted.
    if constexpr (kHasWear) {
      WearDetectorState wear;
      get(buffer + kOffWear, wear);
      if (!WearDetector::finite(wear)) return Status::kCorruptState;
    }
    if constexpr (kHasActivity) {
      ActivityState activity;
      get(buffer + kOffActivity, activity);
      if (!activity_.plausible(activity)) return Status::kCorruptState;
    }
    if constexpr (kHasSteps) {
      steps::StepState step_state;
      get(buffer + kOffSteps, step_state);
      if (!steps_.plausible(step_state)) return Status::kCorruptState;
    }
    if constexpr (kHasHeart) {
      heart::HeartState heart_state;
      get(buffer + kOffHeart, heart_state);
      if (!heart_.consistent(heart_state) || !heart::HeartRateEstimator::finite(heart_state)) {
        return Status::kCorruptState;
      }
    }
    if constexpr (kHasFalls) {
      falls::FallState fall_state;
      get(buffer + kOffFalls, fall_state);
      if (!falls::FallDetector::plausible(fall_state)) return Status::kCorruptState;
    }
    if constexpr (kHasEnergy) {
      energy::EnergyState energy_state;
      get(buffer + kOffEnergy, energy_state);
      if (!energy_.plausible(energy_state)) return Status::kCorruptState;
    }
    // Everything checked: nothing below can fail. (An orientation state with a non-finite number
    // in it is caught by the guard at the next sample.)
    imu_check_.set_state(streams[0]);
    mag_check_.set_state(streams[1]);
    ppg_check_.set_state(streams[2]);
    get(buffer + kOffMonitor, monitor_);
    with_filter([buffer](auto& filter) { restore_part(filter, buffer + kOffFilter); });
    if constexpr (kHasWear) restore_part(wear_, buffer + kOffWear);
    if constexpr (kHasActivity) restore_part(activity_, buffer + kOffActivity);
    if constexpr (kHasSteps) restore_part(steps_, buffer + kOffSteps);
    if constexpr (kHasHeart) restore_part(heart_, buffer + kOffHeart);
    if constexpr (kHasFalls) restore_part(falls_, buffer + kOffFalls);
    if constexpr (kHasEnergy) restore_part(energy_, buffer + kOffEnergy);
    get(buffer + kOffEvents, events_);
    return Status::kOk;
  }

  // ---- the stages, for their full state and settings
  // The running orientation filter; nullptr for those not running.
  const ComplementaryFilter* complementary_filter() const noexcept {
    return running_filter<ComplementaryFilter, kHasComplementary>();
  }
  const OrientationEkf* orientation_ekf() const noexcept {
    return running_filter<OrientationEkf, kHasEkf>();
  }
  const AccelerometerTilt* accelerometer_tilt() const noexcept {
    return running_filter<AccelerometerTilt, kHasAccelerometerTilt>();
  }
  // The stages (a part this type leaves out has none: using its accessor does not compile).
  const WearDetector& wear_detector() const noexcept { return wear_; }
  const ActivityClassifier& activity_classifier() const noexcept { return activity_; }
  const steps::StepDetector& step_detector() const noexcept { return steps_; }
  const falls::FallDetector& fall_detector() const noexcept { return falls_; }
  const energy::EnergyEstimator& energy_estimator() const noexcept { return energy_; }
  // The heart-rate stage (its spectra of the newest estimate, for pictures).
  const heart::HeartRateEstimator& heart_estimator() const noexcept { return heart_; }
  // The walking speed from elsewhere (GPS, a treadmill), m/s, for the steps until `until_us`:
  // their length is then speed / step frequency instead of the height model.
  void set_walking_speed(float speed_m_s, Micros until_us) noexcept {
    steps_.set_speed(speed_m_s, until_us);
  }

  const StreamCheck& imu_check() const noexcept { return imu_check_; }
  const StreamCheck& mag_check() const noexcept { return mag_check_; }
  const StreamCheck& ppg_check() const noexcept { return ppg_check_; }

 private:
  // A part's member: the stage, or an empty placeholder where this type leaves it out.
  template <bool Has, typename Stage, int N>
  using Part = std::conditional_t<Has, Stage, NotBuilt<N>>;
  using OrientationFilter = std::variant<Part<kHasComplementary, ComplementaryFilter, 0>,
                                         Part<kHasEkf, OrientationEkf, 1>,
                                         Part<kHasAccelerometerTilt, AccelerometerTilt, 2>>;

  // What admission learnt about an accepted sample.
  struct Admitted {
    // Since the stream's previous accepted sample (0 for the first and after a time jump).
    Micros interval_us = 0;
    Micros jump_us = 0;   // the time jump, when jumped (signed, saturated)
    bool jumped = false;  // a time jump: the stages start over
    // The same in seconds (computed only where a stage needs it).
    float dt_s() const noexcept { return us_to_seconds(interval_us); }
  };

  // ---- the saved-state layout: fixed offsets, so the size is a compile-time constant.
  static constexpr Micros kNever = INT64_MAX;
  static constexpr std::uint32_t kStateMarker = 0x4B525446u;  // "FTRK" read little-endian
  static constexpr std::size_t kHeaderSize = 16;
  static constexpr std::size_t kOffStreams = kHeaderSize;
  static constexpr std::size_t kOffMonitor = kOffStreams + kStreamCount * sizeof(StreamCheckState);
  static constexpr std::size_t kOffFilter = kOffMonitor + sizeof(TrackerMonitorState);
  // A part left out has no bytes in the state.
  static constexpr std::size_t size_if(bool has, std::size_t size) noexcept {
    return has ? size : 0;
  }
  static constexpr std::size_t kOffWear =
      kOffFilter + std::max({size_if(kHasComplementary, sizeof(ComplementaryFilterState)),
                             size_if(kHasEkf, sizeof(OrientationEkfState)),
                             size_if(kHasAccelerometerTilt, sizeof(AccelerometerTiltState))});
  static constexpr std::size_t kOffActivity =
      kOffWear + size_if(kHasWear, sizeof(WearDetectorState));
  static constexpr std::size_t kOffSteps =
      kOffActivity + size_if(kHasActivity, sizeof(ActivityState));
  static constexpr std::size_t kOffHeart = kOffSteps + size_if(kHasSteps, sizeof(steps::StepState));
  static constexpr std::size_t kOffFalls =
      kOffHeart + size_if(kHasHeart, sizeof(heart::HeartState));
  static constexpr std::size_t kOffEnergy =
      kOffFalls + size_if(kHasFalls, sizeof(falls::FallState));
  static constexpr std::size_t kOffEvents =
      kOffEnergy + size_if(kHasEnergy, sizeof(energy::EnergyState));
  static constexpr std::size_t kOffCrc = kOffEvents + sizeof(Queue);
  static constexpr std::size_t kStateSize = kOffCrc + 4;

  // A state's bytes, copied as they are: every state is plain data of fixed-size members (Eigen
  // fixed-size types are plain float arrays), so its bytes are the whole of it.
  template <typename T>
  static void put(std::uint8_t* at, const T& v) noexcept {
    static_assert(std::is_standard_layout<T>::value, "saved states are plain data");
    std::memcpy(at, static_cast<const void*>(&v), sizeof(T));
  }
  template <typename T>
  static void get(const std::uint8_t* at, T& v) noexcept {
    static_assert(std::is_standard_layout<T>::value, "saved states are plain data");
    std::memcpy(static_cast<void*>(&v), at, sizeof(T));
  }
  // A stage's saved state (already checked) into the stage.
  template <typename Stage>
  static void restore_part(Stage& stage, const std::uint8_t* at) noexcept {
    std::remove_cv_t<std::remove_reference_t<decltype(stage.state())>> st;
    get(at, st);
    stage.set_state(st);
  }
  // Header fields little-endian whatever the machine, so a header reads the same everywhere
  // (the states themselves are in the machine's own layout: a state moves between builds of the
  // same code on the same architecture, and the version and settings hash guard that).
  static void put_u16(std::uint8_t* at, std::uint16_t v) noexcept {
    at[0] = static_cast<std::uint8_t>(v);
    at[1] = static_cast<std::uint8_t>(v >> 8);
  }
  static void put_u32(std::uint8_t* at, std::uint32_t v) noexcept {
    for (int i = 0; i < 4; ++i) at[i] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  static std::uint16_t get_u16(const std::uint8_t* at) noexcept {
    return static_cast<std::uint16_t>(at[0] | (at[1] << 8));
  }
  static std::uint32_t get_u32(const std::uint8_t* at) noexcept {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(at[i]) << (8 * i);
    return v;
  }

  // Reading a bool whose byte is neither 0 nor 1 is undefined behaviour. The checksum guards
  // against damage, not against a buffer edited and resealed (or forged), so restore_state also
  // checks every bool byte of the states it is about to read: these functions name them.
  static bool bool_byte(const std::uint8_t* at) noexcept { return *at <= 1u; }
  static bool clock_bools(const std::uint8_t* at) noexcept {
    return bool_byte(at + offsetof(StreamClock, started));
  }
  static bool flags_bools(const std::uint8_t* at) noexcept {
    static_assert(sizeof(OrientationFlags) == 7, "OrientationFlags: bools only, one byte each");
    for (std::size_t i = 0; i < sizeof(OrientationFlags); ++i) {
      if (!bool_byte(at + i)) return false;
    }
    return true;
  }
  static bool rest_bools(const std::uint8_t* at) noexcept {
    using R = RestDetectorState;
    return bool_byte(at + offsetof(R, gyr_seen)) && bool_byte(at + offsetof(R, acc_seen)) &&
           bool_byte(at + offsetof(R, acc_quiet)) && bool_byte(at + offsetof(R, at_rest));
  }
  static bool mag_reference_bools(const std::uint8_t* at) noexcept {
    using M = MagneticReferenceState;
    return bool_byte(at + offsetof(M, has_reference)) && bool_byte(at + offsetof(M, confirmed)) &&
           bool_byte(at + offsetof(M, disturbed));
  }
  // The filters with a gyroscope share these members (ComplementaryFilterState,
  // OrientationEkfState).
  template <typename S>
  static bool gyro_filter_bools(const std::uint8_t* at) noexcept {
    return clock_bools(at + offsetof(S, gyr_clock)) && clock_bools(at + offsetof(S, acc_clock)) &&
           clock_bools(at + offsetof(S, mag_clock)) && flags_bools(at + offsetof(S, flags)) &&
           rest_bools(at + offsetof(S, rest)) &&
           mag_reference_bools(at + offsetof(S, mag_reference));
  }
  bool bools_valid(const std::uint8_t* buffer) const noexcept {
    using T = TrackerMonitorState;
    const std::uint8_t* m = buffer + kOffMonitor;
    for (std::size_t i = 0; i < kStreamCount; ++i) {
      if (!bool_byte(m + offsetof(T, silent) + i)) return false;
    }
    if (!bool_byte(m + offsetof(T, mag_disturbed))) return false;
    if constexpr (kHasActivity) {
      const std::uint8_t* act = buffer + kOffActivity + offsetof(ActivityState, window);
      if (!bool_byte(act + offsetof(features::ActivityWindowState, gravity_lp_valid))) {
        return false;
      }
    }
    if constexpr (kHasWear) {
      using W = WearDetectorState;
      const std::uint8_t* w = buffer + kOffWear;
      if (!bool_byte(w + offsetof(W, imu_seen)) || !bool_byte(w + offsetof(W, ppg_seen)) ||
          !bool_byte(w + offsetof(W, heart_no_contact))) {
        return false;
      }
    }
    if constexpr (kHasHeart) {
      const std::uint8_t* h = buffer + kOffHeart + offsetof(heart::HeartState, estimate);
      if (!bool_byte(h + offsetof(heart::HeartEstimate, valid))) return false;
    }
    if constexpr (kHasFalls) {
      if (!falls::FallDetector::bools_valid(buffer + kOffFalls, bool_byte)) return false;
    }
    if constexpr (kHasEnergy) {
      if (!bool_byte(buffer + kOffEnergy + offsetof(energy::EnergyState, from_heart_rate))) {
        return false;
      }
    }
    const std::uint8_t* f = buffer + kOffFilter;
    bool filter_ok = true;
    with_filter([f, &filter_ok](const auto& filter) {
      using S = std::remove_cv_t<std::remove_reference_t<decltype(filter.state())>>;
      if constexpr (std::is_same<S, AccelerometerTiltState>::value) {
        filter_ok = clock_bools(f + offsetof(S, acc_clock)) &&
                    flags_bools(f + offsetof(S, flags)) && rest_bools(f + offsetof(S, rest));
      } else {
        filter_ok = gyro_filter_bools<S>(f);
      }
    });
    return filter_ok;
  }

  // The filter when it is the one running (nullptr when another runs or this type has none).
  template <typename Filter, bool Has>
  const Filter* running_filter() const noexcept {
    if constexpr (Has) {
      return std::get_if<Filter>(&orientation_);
    } else {
      return nullptr;
    }
  }
  // Calls fn with the running filter (std::get_if: no exception path, unlike std::visit).
  // Only the filters this type has are looked for (and fn instantiated for).
  template <typename Fn>
  void with_filter(Fn fn) noexcept {
    with_filter_of(orientation_, fn);
  }
  template <typename Fn>
  void with_filter(Fn fn) const noexcept {
    with_filter_of(orientation_, fn);
  }
  template <typename Variant, typename Fn>
  static void with_filter_of(Variant& v, Fn& fn) noexcept {
    if constexpr (kHasComplementary) {
      if (auto* c = std::get_if<ComplementaryFilter>(&v)) {
        fn(*c);
        return;
      }
    }
    if constexpr (kHasEkf) {
      if (auto* e = std::get_if<OrientationEkf>(&v)) {
        fn(*e);
        return;
      }
    }
    if constexpr (kHasAccelerometerTilt) {
      if (auto* a = std::get_if<AccelerometerTilt>(&v)) fn(*a);
    }
  }

  // The filter the settings call for; with settings this type refuses, one it has (never run:
  // every push returns the status).
  static OrientationFilter make_orientation(const TrackerSettings& s) noexcept {
    if constexpr (kHasAccelerometerTilt) {
      if (!s.imu_has_gyr || !(kHasEkf || kHasComplementary)) {
        return OrientationFilter(std::in_place_type<AccelerometerTilt>, s.accelerometer_tilt);
      }
    }
    if constexpr (kHasComplementary) {
      if (s.orientation_filter == OrientationFilterKind::kComplementary || !kHasEkf) {
        return OrientationFilter(std::in_place_type<ComplementaryFilter>, s.complementary);
      }
    }
    if constexpr (kHasEkf) {
      return OrientationFilter(std::in_place_type<OrientationEkf>, s.ekf);
    } else {
      return OrientationFilter();
    }
  }

  bool uses_mag() const noexcept {
    return settings_.mag_enabled && settings_.orientation_uses_mag && settings_.imu_has_gyr;
  }

  void raise(const Event& e) noexcept {
    events_.push(e);
    ++monitor_.events_total;
  }
  static Event event(EventKind kind, Micros t_us, StreamId stream) noexcept {
    Event e;
    e.kind = kind;
    e.t_us = t_us;
    e.stream = stream;
    return e;
  }

  // The admission of one sample to its stream: shape, values, full scale, time. On acceptance,
  // raises the stream's gap or time-jump, resumed and other streams' silent events, counts a
  // clipped sample and fills `a`; on rejection, a kSampleRejected event.
  FUSETRACK_ALWAYS_INLINE Status admit(StreamId id, StreamCheck& check, bool finite,
                                       RangeClass range, Micros t_us, bool shape_ok,
                                       Admitted& a) noexcept {
    const std::size_t i = static_cast<std::size_t>(id);
    Status st = Status::kOk;
    const StreamCheckState& cs = check.state();
    const Micros previous_us = cs.last_t_us;
    const std::uint64_t missing_before = cs.missing;
    if (!shape_ok) {
      ++monitor_.shape_rejects[i];
      st = Status::kOutOfRange;
    } else if (!finite) {
      check.reject_not_finite();
      st = Status::kNotFinite;
    } else if (range == RangeClass::kBeyond) {
      ++monitor_.beyond_full_scale[i];
      st = Status::kOutOfRange;
    } else {
      switch (check.check(t_us)) {
        case TimeClass::kDuplicate:
          st = Status::kDuplicateTime;
          break;
        case TimeClass::kBackwards:
          st = Status::kTimeBackwards;
          break;
        case TimeClass::kFirst:
          break;
        case TimeClass::kOk:
          a.interval_us = elapsed_us(previous_us, t_us);
          break;
        case TimeClass::kGap: {
          a.interval_us = elapsed_us(previous_us, t_us);
          Event e = event(EventKind::kStreamGap, t_us, id);
          e.duration_us = a.interval_us;
          e.count = static_cast<std::uint32_t>(
              std::min<std::uint64_t>(cs.missing - missing_before, UINT32_MAX));
          raise(e);
          break;
        }
        case TimeClass::kJump: {
          a.jumped = true;
          a.jump_us = elapsed_us(previous_us, t_us);
          Event e = event(EventKind::kTimeJump, t_us, id);
          e.duration_us = a.jump_us;
          raise(e);
          break;
        }
      }
    }
    if (!ok(st)) {
      Event e = event(EventKind::kSampleRejected, t_us, id);
      e.code = static_cast<std::uint8_t>(st);
      raise(e);
      return st;
    }
    if (range == RangeClass::kClipped) ++monitor_.clipped[i];
    note_stream_times(id, t_us, a);
    return Status::kOk;
  }

  // Stream `id` accepted a sample at t_us: it is no longer silent, and any other stream that
  // has sent nothing for longer than silent_after_s now is. The streams are looked at only once
  // the earliest time one of them could fall silent has passed (one comparison per sample).
  void note_stream_times(StreamId id, Micros t_us, const Admitted& a) noexcept {
    const std::size_t i = static_cast<std::size_t>(id);
    if (a.jumped) {
      // Time itself moved: silence is measured afresh from here for every stream.
      monitor_.silence_check_us = INT64_MIN;
    }
    if (monitor_.silent[i]) {
      monitor_.silent[i] = false;
      Event e = event(EventKind::kStreamResumed, t_us, id);
      e.duration_us = a.jumped ? a.jump_us : a.interval_us;
      raise(e);
    }
    if (t_us <= monitor_.silence_check_us) return;
    const StreamCheck* checks[kStreamCount] = {&imu_check_, &mag_check_, &ppg_check_};
    Micros next = kNever;
    for (std::size_t j = 0; j < kStreamCount; ++j) {
      const StreamCheckState& st = checks[j]->state();
      if (monitor_.silent[j] || st.accepted == 0) continue;
      const Micros deadline = later_us(st.last_t_us, silent_after_us_);
      if (j != i && t_us > deadline) {
        monitor_.silent[j] = true;
        Event e = event(EventKind::kStreamSilent, t_us, static_cast<StreamId>(j));
        e.duration_us = elapsed_us(st.last_t_us, t_us);
        raise(e);
      } else if (deadline < next) {
        next = deadline;
      }
    }
    monitor_.silence_check_us = next;
  }

  // The filter started over (its restart count moved): one event, with the reason.
  void note_orientation_restart(Micros t_us, const Admitted& a, std::uint32_t restarts) noexcept {
    monitor_.orientation_restarts = restarts;
    raise(reinitialized(StageId::kOrientation,
                        a.jumped ? ReinitReason::kTimeJump : ReinitReason::kGap, t_us,
                        a.jumped ? a.jump_us : a.interval_us));
  }

  static Event reinitialized(StageId stage, ReinitReason why, Micros t_us,
                             Micros duration_us) noexcept {
    Event e = event(EventKind::kStageReinitialized, t_us, StreamId::kNone);
    e.stage = stage;
    e.code = static_cast<std::uint8_t>(why);
    e.duration_us = duration_us;
    return e;
  }

  // The guard: no stage may output a non-finite value. The inputs are bounded (finite, within
  // full scale, intervals bridged or restarted), so this never fires unless a defect or a
  // damaged state put a NaN or infinity in; then the stage starts over (its restart count kept
  // and advanced), the reset is counted and raised. One comparison per sample.
  template <typename Filter>
  FUSETRACK_ALWAYS_INLINE void guard_orientation(Filter& filter, Micros t_us) noexcept {
    // A unit quaternion's components sum to within ±2 and the bias's (clamped to max_bias_rad_s,
    // at most 1 rad/s) to within ±3: a NaN or infinity anywhere, or a wildly unnormalised
    // quaternion, fails this one test.
    const Quat& q = filter.orientation();
    const Vec3 b = filter.gyr_bias_rad_s();
    const float sum = (q.w() + q.x()) + (q.y() + q.z()) + (b.x() + b.y() + b.z());
    if (!(std::fabs(sum) < 8.0f)) reset_orientation(filter, t_us);
  }
  template <typename Filter>
  FUSETRACK_COLD void reset_orientation(Filter& filter, Micros t_us) noexcept {
    const std::uint32_t restarts = filter.state().restarts + 1;
    filter.reset();
    auto st = filter.state();
    st.restarts = restarts;
    filter.set_state(st);
    monitor_.orientation_restarts = restarts;
    ++monitor_.guard.orientation_resets;
    raise(reinitialized(StageId::kOrientation, ReinitReason::kNotFinite, t_us, 0));
  }

  void guard_wear(Micros t_us) noexcept {
    if (!wear_.state_finite()) reset_wear(t_us);
  }
  FUSETRACK_COLD void reset_wear(Micros t_us) noexcept {
    wear_.reset();
    ++monitor_.guard.wear_resets;
    raise(reinitialized(StageId::kWear, ReinitReason::kNotFinite, t_us, 0));
  }

  void note_mag_disturbance(Micros t_us, bool disturbed) noexcept {
    if (disturbed == monitor_.mag_disturbed) return;
    monitor_.mag_disturbed = disturbed;
    if (disturbed) {
      monitor_.mag_disturbed_since_us = t_us;
      raise(event(EventKind::kMagDisturbanceBegin, t_us, StreamId::kMag));
    } else {
      Event e = event(EventKind::kMagDisturbanceEnd, t_us, StreamId::kMag);
      e.duration_us = elapsed_us(monitor_.mag_disturbed_since_us, t_us);
      raise(e);
    }
  }

  void note_wear_change(Micros t_us, WearState before) noexcept {
    const WearState now = wear_.wear_state();
    if (now == before) return;
    Event e = event(EventKind::kWearStateChanged, t_us, StreamId::kNone);
    e.code = static_cast<std::uint8_t>(now);
    e.previous = static_cast<std::uint8_t>(before);
    raise(e);
  }

  void note_activity_change(Micros t_us, bool had_label, std::uint8_t before) noexcept {
    if (!activity_.has_label() || (had_label && activity_.label() == before)) return;
    Event e = event(EventKind::kActivityChanged, t_us, StreamId::kNone);
    e.stage = StageId::kActivity;
    e.code = activity_.label();
    e.previous = had_label ? before : std::uint8_t{0xFF};
    e.value = static_cast<float>(activity_.confidence_q8()) / 255.0f;
    raise(e);
  }

  // The stages after orientation, for an accepted IMU sample: each gets the frame (the sample
  // and what the filter made of it). Not a template on the filter: one copy of the stages'
  // code serves all three filters.
  void run_imu_stages(const ImuSample& s, const Admitted& a, const ImuFrame& f) noexcept {
    if constexpr (kHasWear)
      if (settings_.wear.enabled) {
        const WearState before = wear_.wear_state();
        // Nothing the stage gathered (stillness, contact) bridges a jump of the clock.
        if (a.jumped) {
          wear_.reset();
          raise(reinitialized(StageId::kWear, ReinitReason::kTimeJump, s.t_us, a.jump_us));
        }
        // No guard here: from samples within full scale the motion part of the wear state is
        // bounded (the deviation is capped), so only the PPG update can overflow (guard_wear
        // there).
        wear_.update(f);
        note_wear_change(s.t_us, before);
      }
    if constexpr (kHasActivity)
      if (settings_.activity.enabled) {
        // A window cannot span a jump of the clock.
        if (a.jumped) {
          activity_.reset();
          raise(reinitialized(StageId::kActivity, ReinitReason::kTimeJump, s.t_us, a.jump_us));
        }
        const bool had_label = activity_.has_label();
        const std::uint8_t before = activity_.label();
        // No guard per sample: frames are finite and within full scale, so the window's channels
        // and the gravity low-pass are bounded, and every feature is made finite where it is
        // computed; restore_state refuses a saved window that is not finite.
        if (activity_.update(f)) note_activity_change(s.t_us, had_label, before);
      }
    if constexpr (kHasSteps)
      if (settings_.steps.enabled) {
        // Neither a rhythm nor a bout bridges a jump of the clock: the bout ends at its last step.
        if (a.jumped) {
          steps_.end_bout(s.t_us, [this](const steps::StepEvent& e) { note_step_event(e); });
          steps_.reset();
          raise(reinitialized(StageId::kSteps, ReinitReason::kTimeJump, s.t_us, a.jump_us));
        }
        // No guard per sample: the input is finite and within full scale and the low-pass is
        // stable, so every value stays bounded; restore_state refuses a non-finite saved state.
        const auto sink = [this](const steps::StepEvent& e) { note_step_event(e); };
        if (f.has_gyr) {
          steps_.push(s.t_us, f.acc_s_m_s2, f.gyr_rad_s, sink);
        } else {
          steps_.push(s.t_us, f.acc_s_m_s2, sink);
        }
      }
    if constexpr (kHasFalls)
      if (settings_.falls.enabled) {
        // No window bridges a jump of the clock (a gap longer than max_gap_s is handled inside).
        if (a.jumped) {
          falls_.reset();
          raise(reinitialized(StageId::kFalls, ReinitReason::kTimeJump, s.t_us, a.jump_us));
        }
        // No guard per sample: samples within full scale give bounded cell sums and features
        // (each is a bounded function of cells held as integers); restore_state refuses a saved
        // state that is not finite.
        const std::uint8_t u = falls_.update(f);
        if (u != falls::kFallNothing) note_falls(s.t_us, u);
      }
    if constexpr (kHasEnergy)
      if (settings_.energy.enabled) {
        // No guard: every input is clamped to a physiological range and a non-finite one counts
        // as absent, so the rate is finite; the totals are integers. A jump or gap (a zero or long
        // interval) credits nothing. The inputs are gathered only when a step is due.
        if (energy_.advance(a.dt_s())) energy_.step(s.t_us, energy_inputs(s.t_us));
      }
  }

  // What the other stages say now, for the energy stage.
  energy::EnergyInputs energy_inputs(Micros t_us) const noexcept {
    energy::EnergyInputs in;
    if constexpr (kHasActivity)
      if (settings_.activity.enabled && activity_.has_label()) {
        const std::uint8_t c = activity_.label();
        if (c < classify::kMaxMlpClasses) in.activity = energy_class_[c];
      }
    if constexpr (kHasSteps)
      if (settings_.steps.enabled && steps_.walking()) {
        const steps::StepState& ss = steps_.state();
        in.walking = true;
        in.cadence_spm = steps_.cadence_spm();
        const float step_hz = in.cadence_spm / 60.0f;
        // A speed given from elsewhere (set_walking_speed) while it holds, else the step length
        // model at this cadence.
        in.speed_m_s = ss.speed_m_s > 0.0f && t_us <= ss.speed_until_us
                           ? ss.speed_m_s
                           : step_hz * steps_.step_length_m(step_hz);
      }
    if constexpr (kHasHeart)
      if (heart_on_) {
        const heart::HeartEstimate& e = heart_.estimate();
        in.heart_valid = e.valid;
        in.heart_bpm = e.bpm;
      }
    return in;
  }

  void note_falls(Micros t_us, std::uint8_t u) noexcept {
    if ((u & falls::kFallAlarm) != 0) {
      const falls::FallCandidate& c = falls_.last_candidate();
      Event e = event(EventKind::kFall, c.impact_us, StreamId::kImu);
      e.stage = StageId::kFalls;
      e.value = c.impact_g;
      const float pct = c.confidence * 100.0f + 0.5f;
      e.code = static_cast<std::uint8_t>(pct >= 100.0f ? 100.0f : (pct <= 0.0f ? 0.0f : pct));
      e.previous = c.clipped ? 1 : 0;
      e.count = falls_.alarms();
      e.duration_us = elapsed_us(c.impact_us, t_us);
      raise(e);
    }
    if ((u & falls::kFallFollowUp) != 0) {
      Event e = event(EventKind::kFallFollowUp, t_us, StreamId::kImu);
      e.stage = StageId::kFalls;
      e.code = static_cast<std::uint8_t>(falls_.follow_up());
      e.count = falls_.alarms();
      e.duration_us = elapsed_us(falls_.alarm_us(), t_us);
      raise(e);
    }
  }

  // One accepted PPG sample into the heart stage; a completed hop raises kHeartRate.
  void run_heart(const PpgSample& s, const Admitted& a) noexcept {
    // No window bridges a jump of the clock (the track is forgotten too: minutes may have passed).
    if (a.jumped) {
      heart_.reset();
      raise(reinitialized(StageId::kHeart, ReinitReason::kTimeJump, s.t_us, a.jump_us));
    }
    if (!heart_.push_ppg(s)) return;
    // Guard after each estimate: the PPG values are finite but unbounded (a front end's counts),
    // so sums of squares can overflow float.
    if (!heart_.state_finite()) {
      reset_heart(s.t_us);
      return;
    }
    const heart::HeartEstimate& h = heart_.estimate();
    Event e = event(EventKind::kHeartRate, s.t_us, StreamId::kPpg);
    e.stage = StageId::kHeart;
    e.value = h.bpm;
    e.code = static_cast<std::uint8_t>(h.reason);
    e.count = h.index;
    e.duration_us = elapsed_us(h.window_end_us, s.t_us);
    raise(e);
  }
  FUSETRACK_COLD void reset_heart(Micros t_us) noexcept {
    heart_.reset();
    ++monitor_.guard.heart_resets;
    raise(reinitialized(StageId::kHeart, ReinitReason::kNotFinite, t_us, 0));
  }

  void note_step_event(const steps::StepEvent& se) noexcept {
    Event e;
    switch (se.kind) {
      case steps::StepEventKind::kStep:
        if (!settings_.steps.step_events) return;
        e = event(EventKind::kStep, se.t_us, StreamId::kNone);
        e.duration_us = elapsed_us(se.t_us, se.reported_us);
        e.value = steps_.cadence_spm();
        break;
      case steps::StepEventKind::kBoutStarted:
        e = event(EventKind::kWalkingStarted, se.t_us, StreamId::kNone);
        e.duration_us = elapsed_us(se.t_us, se.reported_us);
        e.count = settings_.steps.confirm_steps;
        raise_step(e);
        return;
      case steps::StepEventKind::kBoutEnded:
        e = event(EventKind::kWalkingEnded, se.t_us, StreamId::kNone);
        e.duration_us = elapsed_us(se.bout_start_us, se.t_us);
        e.count = se.bout_steps;
        raise_step(e);
        return;
      case steps::StepEventKind::kMilestone:
        e = event(EventKind::kStepMilestone, se.t_us, StreamId::kNone);
        break;
    }
    e.count = static_cast<std::uint32_t>(se.count);
    raise_step(e);
  }
  void raise_step(Event& e) noexcept {
    e.stage = StageId::kSteps;
    raise(e);
  }

  template <typename Sample, typename Push>
  static Status push_batch(const Sample* samples, std::size_t n, std::size_t* accepted,
                           Push push) noexcept {
    Status first = Status::kOk;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Status st = push(samples[i]);
      if (ok(st)) {
        ++count;
      } else if (ok(first)) {
        first = st;
      }
    }
    if (accepted != nullptr) *accepted = count;
    return first;
  }

  StreamOutput stream_output(const StreamCheck& c, StreamId id) const noexcept {
    const std::size_t i = static_cast<std::size_t>(id);
    const StreamCheckState& s = c.state();
    StreamOutput o;
    o.accepted = s.accepted;
    o.duplicates = s.duplicates;
    o.backwards = s.backwards;
    o.not_finite = s.not_finite;
    o.beyond_full_scale = monitor_.beyond_full_scale[i];
    o.wrong_shape = monitor_.shape_rejects[i];
    o.clipped = monitor_.clipped[i];
    o.rejected = s.duplicates + s.backwards + s.not_finite + o.beyond_full_scale + o.wrong_shape;
    o.gaps = s.gaps;
    o.missing = s.missing;
    o.jumps = s.jumps;
    o.rate_hz = s.accepted > 1 ? c.rate_hz() : 0.0f;
    o.mean_rate_hz = c.mean_rate_hz();
    o.jitter_s = c.jitter_s();
    o.drift = s.accepted > 1 ? c.drift() : 0.0f;
    o.last_t_us = s.last_t_us;
    o.silent = monitor_.silent[i];
    return o;
  }

  TrackerSettings settings_;
  Status status_;
  std::uint32_t settings_hash_ = 0;
  Micros silent_after_us_ = 0;
  StreamCheck imu_check_;
  StreamCheck mag_check_;
  StreamCheck ppg_check_;
  // Only the filter the settings call for exists.
  OrientationFilter orientation_;
  Part<kHasWear, WearDetector, 3> wear_;
  Part<kHasActivity, ActivityClassifier, 4> activity_;
  Part<kHasSteps, steps::StepDetector, 5> steps_;
  Part<kHasHeart, heart::HeartRateEstimator, 6> heart_;
  bool heart_on_ = false;
  Part<kHasFalls, falls::FallDetector, 7> falls_;
  Part<kHasEnergy, energy::EnergyEstimator, 8> energy_;
  // The energy class of each activity class (index: the model's class), from its name.
  energy::EnergyActivity energy_class_[classify::kMaxMlpClasses] = {};
  FullScale acc_range_;
  FullScale gyr_range_;
  FullScale mag_range_;
  TrackerMonitorState monitor_;
  Queue events_;
};

// The Tracker with every part: what host code and the bindings use.
using Tracker = BasicTracker<>;

}  // namespace fusetrack
