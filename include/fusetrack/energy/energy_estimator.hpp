// EnergyEstimator: metabolic equivalents (METs) and energy expenditure (kcal) from what the other
// stages report (activity class, walking and speed from the step stage, heart rate), by published
// equations only. docs/energy.md has the equations, their sources and their limits.
//
// Equations (each function below carries its citation and the paper's units):
// - ACSM metabolic equations (ACSM's Guidelines for Exercise Testing and Prescription):
//   walking VO2 = 3.5 + 0.1 S + 1.8 S G, running VO2 = 3.5 + 0.2 S + 0.9 S G (S in m/min, G the
//   fractional grade, VO2 in mL O2/kg/min), MET = VO2 / 3.5. The grade is taken as 0: the device
//   has no measure of it (stairs have their own compendium value).
// - Keytel et al. 2005 (J Sports Sci 23(3):289-297), the model without VO2max: energy expenditure
//   in kJ/min from heart rate, body mass and age, one equation per sex (the mean of the two when
//   the sex is not given); kcal = kJ / 4.184.
// - Compendium of Physical Activities (Ainsworth et al. 2011, Med Sci Sports Exerc
//   43(8):1575-1581): MET values by activity code for what has no speed (lying, sitting, standing,
//   light hand activity, stairs, sports).
// - Tanaka et al. 2001 (J Am Coll Cardiol 37(1):153-156): HRmax = 208 - 0.7 age.
// - kcal/min = MET x 3.5 x mass_kg / 200 (1 MET = 3.5 mL O2/kg/min; about 5 kcal per litre O2).
//
// Combination (energy_step(), once per period_s):
// 1. Motion METs. Stairs: the compendium's stairs value. Otherwise, when the step stage reports
//    walking with a speed (moving), ACSM from the speed: the running equation when the activity
//    class is kRunning or the speed is at least kRunningAbove_m_s (2.2 m/s, 132 m/min: ACSM's
//    walking equation is meant for 50-100 m/min and the running one above 134 m/min; between,
//    ACSM says to use the equation of the gait actually used, which the class tells, and nobody
//    walks at 2.2 m/s, so a speed that high overrules a class that says walking). Sports while
//    moving: the larger of the sports value and ACSM's. Not moving: the compendium value of the
//    class; a class that says walking or running without steps gets the compendium's household
//    walking value (the two stages disagree: the smaller claim).
// 2. Heart rate. When use_heart_rate, the heart rate is valid and either the class is not
//    sedentary (lying, sitting, standing, light: the classes whose compendium value is at most
//    1.5 MET) or the wearer is moving, the Keytel estimate is blended in by the reserve fraction
//    r = (HR - resting) / (HRmax - resting): weight 0 at r <= hr_min_reserve, rising linearly to
//    1 at hr_min_reserve + kBlendWidthReserve. A blend rather than a switch, so one beat per
//    minute never makes the rate jump; Keytel fitted its equation on exercise at 57-90 % of
//    HRmax, which is where the weight is 1 for the default reserve, and below the threshold a
//    heart rate says more about posture, heat or stress than about work, so motion decides.
//    from_heart_rate() is true when the weight was above 0.
// 3. The result is never below 1 MET (rest) nor above kMaxMet, and never NaN: inputs that are
//    not finite count as absent (speed 0, heart rate invalid) and are clamped to physiological
//    ranges.
//
// Time: update() accumulates dt; once the accumulated time reaches period_s (to 1e-4 of it), one
// step credits all of it at the rate computed from the newest inputs (a sample-and-hold: the rate
// of the step is the rate of its period). An interval that is not finite, not positive or above
// kMaxInterval_s (a gap in the stream) adds nothing.
//
// Totals: integers of micro-kilocalories (uint64), so a day's sum loses nothing to float32
// rounding (each step rounds by at most 0.5 ukcal; 86 400 steps a day: < 0.05 kcal). Active
// energy is the part above 1 MET (not above a measured resting metabolic rate).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/core/user_profile.hpp"

namespace fusetrack::energy {

// The wearer (core/user_profile.hpp; in a Tracker, TrackerSettings::user).
using fusetrack::Sex;
using fusetrack::UserProfile;

// What the energy equations distinguish of an activity.
enum class EnergyActivity : std::uint8_t {
  kUnknown = 0,
  kLying,
  kSitting,
  kStanding,
  kLight,  // hand activity, eating, brushing
  kWalking,
  kRunning,
  kStairs,
  kSports,
};

constexpr const char* name(EnergyActivity a) noexcept {
  switch (a) {
    case EnergyActivity::kUnknown:
      return "unknown";
    case EnergyActivity::kLying:
      return "lying";
    case EnergyActivity::kSitting:
      return "sitting";
    case EnergyActivity::kStanding:
      return "standing";
    case EnergyActivity::kLight:
      return "light";
    case EnergyActivity::kWalking:
      return "walking";
    case EnergyActivity::kRunning:
      return "running";
    case EnergyActivity::kStairs:
      return "stairs";
    case EnergyActivity::kSports:
      return "sports";
  }
  return "unknown";
}

// The energy activity of an activity model's class name (exact, upper case); kUnknown for any
// other name and for nullptr.
// - STATIC -> kSitting: a still wrist spends most of a day seated, and the compendium gives
//   sitting quietly and standing quietly the same 1.3 MET, so the choice costs nothing.
// - TYPING, WRITING -> kSitting (compendium 09040 "writing, desk work, typing", 1.3 MET).
// - STANDING_UP, TURNING -> kStanding; SITTING_DOWN, SEATED -> kSitting (short transitions).
// - STAIRS, WALKING_UPSTAIRS, WALKING_DOWNSTAIRS -> kStairs (one value: the mean of up and down,
//   as the models' stair classes mix both).
inline EnergyActivity energy_activity(const char* class_name) noexcept {
  struct Entry {
    const char* name;
    EnergyActivity activity;
  };
  static constexpr Entry kTable[] = {
      {"STATIC", EnergyActivity::kSitting},
      {"WALKING", EnergyActivity::kWalking},
      {"JOGGING", EnergyActivity::kRunning},
      {"STAIRS", EnergyActivity::kStairs},
      {"HAND", EnergyActivity::kLight},
      {"SPORTS", EnergyActivity::kSports},
      {"SITTING", EnergyActivity::kSitting},
      {"STANDING", EnergyActivity::kStanding},
      {"TYPING", EnergyActivity::kSitting},
      {"BRUSHING_TEETH", EnergyActivity::kLight},
      {"EATING_SOUP", EnergyActivity::kLight},
      {"EATING_CHIPS", EnergyActivity::kLight},
      {"EATING_PASTA", EnergyActivity::kLight},
      {"DRINKING", EnergyActivity::kLight},
      {"EATING_SANDWICH", EnergyActivity::kLight},
      {"KICKING", EnergyActivity::kSports},
      {"PLAYING_CATCH", EnergyActivity::kSports},
      {"DRIBBLING", EnergyActivity::kSports},
      {"WRITING", EnergyActivity::kSitting},
      {"CLAPPING", EnergyActivity::kLight},
      {"FOLDING_CLOTHES", EnergyActivity::kLight},
      {"SEATED", EnergyActivity::kSitting},
      {"STANDING_UP", EnergyActivity::kStanding},
      {"TURNING", EnergyActivity::kStanding},
      {"SITTING_DOWN", EnergyActivity::kSitting},
      {"WALKING_UPSTAIRS", EnergyActivity::kStairs},
      {"WALKING_DOWNSTAIRS", EnergyActivity::kStairs},
      {"LAYING", EnergyActivity::kLying},
  };
  if (class_name == nullptr) return EnergyActivity::kUnknown;
  for (const Entry& e : kTable) {
    if (std::strcmp(e.name, class_name) == 0) return e.activity;
  }
  return EnergyActivity::kUnknown;
}

// ---- The published equations ----------------------------------------------------------------

// 1 MET: 3.5 mL O2 per kg of body mass per minute (ACSM's Guidelines).
inline constexpr float kVo2PerMet_ml_kg_min = 3.5f;
// kJ per kcal (thermochemical calorie), as Keytel et al. 2005 convert.
inline constexpr float kKjPerKcal = 4.184f;

// ACSM walking equation (ACSM's Guidelines for Exercise Testing and Prescription, metabolic
// calculations): VO2 = 3.5 + 0.1 S + 1.8 S G, S speed in m/min, G fractional grade, VO2 in
// mL/kg/min. Meant for 50-100 m/min.
constexpr float acsm_walking_vo2_ml_kg_min(float speed_m_min, float grade) noexcept {
  return 3.5f + 0.1f * speed_m_min + 1.8f * speed_m_min * grade;
}

// ACSM running equation (same source): VO2 = 3.5 + 0.2 S + 0.9 S G, S in m/min, G fractional
// grade, VO2 in mL/kg/min. Meant for speeds above 134 m/min (5 mph), or slower when truly jogging.
constexpr float acsm_running_vo2_ml_kg_min(float speed_m_min, float grade) noexcept {
  return 3.5f + 0.2f * speed_m_min + 0.9f * speed_m_min * grade;
}

// MET = VO2 / 3.5 (VO2 in mL/kg/min).
constexpr float met_from_vo2(float vo2_ml_kg_min) noexcept {
  return vo2_ml_kg_min / kVo2PerMet_ml_kg_min;
}

// Gross energy expenditure rate, kcal/min = MET x 3.5 x mass_kg / 200 (1 MET = 3.5 mL O2/kg/min,
// about 5 kcal per litre of O2: 3.5 x mass / 1000 L/min x 5 kcal/L).
constexpr float kcal_per_min_from_met(float met, float mass_kg) noexcept {
  return met * kVo2PerMet_ml_kg_min * mass_kg / 200.0f;
}
// The inverse: MET of a rate in kcal/min.
constexpr float met_from_kcal_per_min(float kcal_per_min, float mass_kg) noexcept {
  return kcal_per_min * 200.0f / (kVo2PerMet_ml_kg_min * mass_kg);
}

// Keytel et al. 2005, "Prediction of energy expenditure from heart rate monitoring during
// submaximal exercise", J Sports Sci 23(3):289-297, the model without VO2max. HR in beats/min,
// mass in kg, age in years; energy expenditure in kJ/min:
//   male:   EE = -55.0969 + 0.6309 HR + 0.1988 mass + 0.2017 age
//   female: EE = -20.4022 + 0.4472 HR - 0.1263 mass + 0.074 age
// (fitted on 115 regularly exercising adults, 18-45 years, 47-120 kg, at 57-90 % of HRmax).
// kUnspecified: the mean of the two.
constexpr float keytel_male_kj_per_min(float hr_bpm, float mass_kg, float age_years) noexcept {
  return -55.0969f + 0.6309f * hr_bpm + 0.1988f * mass_kg + 0.2017f * age_years;
}
constexpr float keytel_female_kj_per_min(float hr_bpm, float mass_kg, float age_years) noexcept {
  return -20.4022f + 0.4472f * hr_bpm - 0.1263f * mass_kg + 0.074f * age_years;
}
constexpr float keytel_kj_per_min(Sex sex, float hr_bpm, float mass_kg, float age_years) noexcept {
  return sex == Sex::kMale     ? keytel_male_kj_per_min(hr_bpm, mass_kg, age_years)
         : sex == Sex::kFemale ? keytel_female_kj_per_min(hr_bpm, mass_kg, age_years)
                               : 0.5f * (keytel_male_kj_per_min(hr_bpm, mass_kg, age_years) +
                                         keytel_female_kj_per_min(hr_bpm, mass_kg, age_years));
}
constexpr float keytel_kcal_per_min(Sex sex, float hr_bpm, float mass_kg,
                                    float age_years) noexcept {
  return keytel_kj_per_min(sex, hr_bpm, mass_kg, age_years) / kKjPerKcal;
}

// Tanaka, Monahan, Seals 2001, "Age-predicted maximal heart rate revisited", J Am Coll Cardiol
// 37(1):153-156: HRmax = 208 - 0.7 age (beats/min, age in years).
constexpr float tanaka_hr_max_bpm(float age_years) noexcept { return 208.0f - 0.7f * age_years; }

// Compendium of Physical Activities (Ainsworth et al. 2011, "2011 Compendium of Physical
// Activities: a second update of codes and MET values", Med Sci Sports Exerc 43(8):1575-1581),
// MET by code.
inline constexpr float kMetLying = 1.3f;       // 07011 lying quietly, doing nothing, awake
inline constexpr float kMetSitting = 1.3f;     // 07021 sitting quietly, general
inline constexpr float kMetStanding = 1.3f;    // 07040 standing quietly, standing in a line
inline constexpr float kMetLight = 1.5f;       // 13030 eating, sitting (most of the light classes;
                                               // 13040 grooming / brushing teeth is 2.0)
inline constexpr float kMetStairsUp = 4.0f;    // 17133 stair climbing, slow pace
inline constexpr float kMetStairsDown = 3.5f;  // 17070 descending stairs
inline constexpr float kMetStairs = 0.5f * (kMetStairsUp + kMetStairsDown);  // mixed: the mean
// Sports: the mean of the models' sports classes: 15610 soccer, casual (kicking) 7.0, 15235
// football or baseball, playing catch 2.5, 15072 basketball, non-game (dribbling) 6.0.
inline constexpr float kMetSports = (7.0f + 2.5f + 6.0f) / 3.0f;
inline constexpr float kMetWalkingNoSteps = 2.0f;  // 17150 walking, household
inline constexpr float kMetUnknown = 1.3f;         // sitting / standing quietly: the common value

// The compendium value of an activity (without speed).
constexpr float compendium_met(EnergyActivity a) noexcept {
  switch (a) {
    case EnergyActivity::kUnknown:
      return kMetUnknown;
    case EnergyActivity::kLying:
      return kMetLying;
    case EnergyActivity::kSitting:
      return kMetSitting;
    case EnergyActivity::kStanding:
      return kMetStanding;
    case EnergyActivity::kLight:
      return kMetLight;
    case EnergyActivity::kWalking:
    case EnergyActivity::kRunning:
      return kMetWalkingNoSteps;
    case EnergyActivity::kStairs:
      return kMetStairs;
    case EnergyActivity::kSports:
      return kMetSports;
  }
  return kMetUnknown;
}

// Classes whose compendium value is at most 1.5 MET: the heart rate is not used there.
constexpr bool sedentary(EnergyActivity a) noexcept {
  return a == EnergyActivity::kLying || a == EnergyActivity::kSitting ||
         a == EnergyActivity::kStanding || a == EnergyActivity::kLight;
}

// ---- The stage ---------------------------------------------------------------------------------

struct EnergySettings {
  bool enabled = true;         // the Tracker runs the stage only when true
  float period_s = 1.0f;       // one energy step per this much time, s; (0, 60]
  bool use_heart_rate = true;  // blend in Keytel's heart-rate estimate when it applies
  // Heart-rate reserve fraction (HR - resting) / (HRmax - resting) above which Keytel's estimate
  // is blended in; [0, 1].
  float hr_min_reserve = 0.3f;

  // The name of the first field out of its range (NaN included), or nullptr.
  const char* first_invalid_field() const noexcept {
    if (!(period_s > 0.0f && period_s <= 60.0f)) return "period_s";
    if (!(hr_min_reserve >= 0.0f && hr_min_reserve <= 1.0f)) return "hr_min_reserve";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
  // Every field, in order.
  void hash_into(SettingsHash& h) const noexcept {
    h.add(enabled);
    h.add(period_s);
    h.add(use_heart_rate);
    h.add(hr_min_reserve);
  }
};

// What the Tracker passes in from the other stages (plain values).
struct EnergyInputs {
  EnergyActivity activity = EnergyActivity::kUnknown;  // from the activity class name
  bool walking = false;                                // the step stage sees walking or running
  float cadence_spm = 0.0f;  // steps/min (informational: the speed carries it)
  float speed_m_s = 0.0f;    // cadence x step length / 60, m/s
  bool heart_valid = false;  // the heart stage has a rate it trusts
  float heart_bpm = 0.0f;    // beats/min
};

// One energy step's result.
struct EnergyStep {
  float met = 1.0f;
  float kcal_per_min = 0.0f;
  bool from_heart_rate = false;
};

inline constexpr float kMaxMet = 25.0f;              // above any sustained human rate
inline constexpr float kMaxSpeed_m_s = 10.0f;        // faster is a defect upstream
inline constexpr float kMinMovingSpeed_m_s = 0.05f;  // slower: not moving
inline constexpr float kRunningAbove_m_s = 2.2f;     // 132 m/min: ACSM's running range
inline constexpr float kMinHeart_bpm = 30.0f;        // a valid rate is clamped to [30, 230]
inline constexpr float kMaxHeart_bpm = 230.0f;
inline constexpr float kBlendWidthReserve = 0.1f;  // heart-rate reserve of the Keytel ramp

// The combination rule of the header comment, for one set of inputs (also what the host's
// truth-energy check evaluates, so both use one rule).
inline EnergyStep energy_step(const EnergySettings& s, const UserProfile& u,
                              const EnergyInputs& in) noexcept {
  float speed = in.speed_m_s;
  if (!(speed > 0.0f)) speed = 0.0f;  // NaN too
  speed = std::fmin(speed, kMaxSpeed_m_s);
  const bool moving = in.walking && speed >= kMinMovingSpeed_m_s;

  float met = compendium_met(in.activity);
  if (in.activity != EnergyActivity::kStairs && moving) {
    const float s_m_min = 60.0f * speed;
    const bool running = in.activity == EnergyActivity::kRunning || speed >= kRunningAbove_m_s;
    const float acsm = met_from_vo2(running ? acsm_running_vo2_ml_kg_min(s_m_min, 0.0f)
                                            : acsm_walking_vo2_ml_kg_min(s_m_min, 0.0f));
    met = in.activity == EnergyActivity::kSports ? std::fmax(met, acsm) : acsm;
  }

  EnergyStep out;
  const bool heart_ok = s.use_heart_rate && in.heart_valid && std::isfinite(in.heart_bpm) &&
                        !(sedentary(in.activity) && !moving);
  if (heart_ok) {
    const float hr = std::fmin(std::fmax(in.heart_bpm, kMinHeart_bpm), kMaxHeart_bpm);
    const float hr_max = tanaka_hr_max_bpm(u.age_years);
    const float span = std::fmax(hr_max - u.resting_hr_bpm, 1.0f);
    const float reserve = (hr - u.resting_hr_bpm) / span;
    const float w =
        std::fmin(std::fmax((reserve - s.hr_min_reserve) / kBlendWidthReserve, 0.0f), 1.0f);
    if (w > 0.0f) {
      const float keytel_met =
          met_from_kcal_per_min(keytel_kcal_per_min(u.sex, hr, u.mass_kg, u.age_years), u.mass_kg);
      met += w * (keytel_met - met);
      out.from_heart_rate = true;
    }
  }
  out.met = std::fmin(std::fmax(met, 1.0f), kMaxMet);
  out.kcal_per_min = kcal_per_min_from_met(out.met, u.mass_kg);
  return out;
}

// Plain data, trivially copyable: the stage's only memory.
struct EnergyState {
  std::uint64_t total_ukcal = 0;   // gross energy since start, micro-kcal
  std::uint64_t active_ukcal = 0;  // the part above 1 MET, micro-kcal
  Micros last_step_us = 0;         // time stamp of the newest step
  std::uint32_t steps = 0;         // energy steps taken (saturates)
  float pending_s = 0.0f;          // time accumulated since the newest step, s
  float met = 0.0f;                // the newest step's (0 before the first)
  float kcal_per_min = 0.0f;       // the newest step's, kcal/min
  bool from_heart_rate = false;    // the newest step blended in the heart-rate equation
  std::uint8_t pad[7] = {};        // explicit, so a copy (and a saved state) has no stray bytes
};
static_assert(sizeof(EnergyState) == 48, "EnergyState is saved as is: no implicit padding");

class EnergyEstimator {
 public:
  // The longest interval one update may credit; a longer one is a gap and adds nothing, s.
  static constexpr float kMaxInterval_s = 5.0f;

  // `user`: the wearer (mass, age, sex, resting heart rate enter the equations).
  explicit EnergyEstimator(const EnergySettings& s = {}, const UserProfile& user = {}) noexcept
      : settings_(s), user_(user), period_due_s_(s.period_s * (1.0f - 1e-4f)) {}

  // One update, dt_s after the previous one: advance(dt_s), then step(t_us, in) when a step is
  // due. A caller whose inputs cost something to gather (the Tracker, per IMU sample) calls the
  // two itself and gathers them only when advance() says so.
  void update(Micros t_us, float dt_s, const EnergyInputs& in) noexcept {
    if (advance(dt_s)) step(t_us, in);
  }

  // Adds dt_s of time; true when a step is due (the period is reached). A NaN, zero, negative
  // or gap interval (above kMaxInterval_s) adds nothing and is never due.
  bool advance(float dt_s) noexcept {
    if (!(dt_s > 0.0f && dt_s <= kMaxInterval_s)) return false;
    state_.pending_s += dt_s;
    // Within a ten-thousandth of the period counts as reached: intervals such as 0.01f sum to a
    // hair under a whole second in float32, and a step one sample late every period would make
    // the step rate drift from the period (the time itself is credited in full either way).
    return state_.pending_s >= period_due_s_;
  }

  // Credits the time accumulated since the previous step at the rate `in` gives (the step
  // advance() said was due; called without one, it credits whatever time is pending).
  void step(Micros t_us, const EnergyInputs& in) noexcept {
    EnergyState& s = state_;
    const EnergyStep e = energy_step(settings_, user_, in);
    const float minutes = s.pending_s / 60.0f;
    const float rest_kcal_per_min = kcal_per_min_from_met(1.0f, user_.mass_kg);
    s.total_ukcal += to_ukcal(e.kcal_per_min * minutes);
    s.active_ukcal += to_ukcal((e.kcal_per_min - rest_kcal_per_min) * minutes);
    s.pending_s = 0.0f;
    s.last_step_us = t_us;
    if (s.steps != UINT32_MAX) ++s.steps;
    s.met = e.met;
    s.kcal_per_min = e.kcal_per_min;
    s.from_heart_rate = e.from_heart_rate;
  }

  float met() const noexcept { return state_.met; }
  float kcal_per_min() const noexcept { return state_.kcal_per_min; }
  double kcal_total() const noexcept { return static_cast<double>(state_.total_ukcal) * 1e-6; }
  double active_kcal_total() const noexcept {
    return static_cast<double>(state_.active_ukcal) * 1e-6;
  }
  bool from_heart_rate() const noexcept { return state_.from_heart_rate; }

  const EnergyState& state() const noexcept { return state_; }
  void set_state(const EnergyState& s) noexcept { state_ = s; }
  const EnergySettings& settings() const noexcept { return settings_; }
  const UserProfile& user() const noexcept { return user_; }

  // Whether a saved state could have come from this stage with these settings (check before
  // set_state): finite, within the ranges update() keeps.
  bool plausible(const EnergyState& s) const noexcept {
    if (!finite(s)) return false;
    if (!(s.pending_s >= 0.0f && s.pending_s < settings_.period_s + kMaxInterval_s)) return false;
    if (!(s.met == 0.0f || (s.met >= 1.0f && s.met <= kMaxMet))) return false;
    const float max_rate = kcal_per_min_from_met(kMaxMet, user_.mass_kg);
    if (!(s.kcal_per_min >= 0.0f && s.kcal_per_min <= max_rate)) return false;
    return s.active_ukcal <= s.total_ukcal;
  }
  static bool finite(const EnergyState& s) noexcept {
    const float probe = s.pending_s * 0.0f + s.met * 0.0f + s.kcal_per_min * 0.0f;
    return probe == 0.0f;
  }
  bool state_finite() const noexcept { return finite(state_); }
  // Starts over as if constructed (the Tracker's guard).
  void reset() noexcept { assign_default(state_); }

 private:
  // kcal -> micro-kcal, rounded; negative (an active part below rest cannot occur, as the rate
  // is at least 1 MET) and non-finite count as 0.
  static std::uint64_t to_ukcal(float kcal) noexcept {
    const float u = kcal * 1e6f;
    if (!(u > 0.0f)) return 0;
    return static_cast<std::uint64_t>(trunc_to_i64(std::fmin(u, 1e15f) + 0.5f));
  }

  EnergySettings settings_;
  UserProfile user_;
  EnergyState state_;
  float period_due_s_ = 0.0f;  // period_s less the tolerance of update()
};

}  // namespace fusetrack::energy
