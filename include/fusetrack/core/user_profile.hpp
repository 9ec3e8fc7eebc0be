// The wearer: what the energy equations (energy/energy_estimator.hpp) and the step length
// (steps/step_detector.hpp) need to know about the person. In a Tracker, TrackerSettings::user
// is the one place it is set.
#pragma once

#include <cstdint>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"

namespace fusetrack {

enum class Sex : std::uint8_t { kUnspecified = 0, kFemale = 1, kMale = 2 };

// The wearer, as the equations need them.
struct UserProfile {
  float age_years = 35.0f;       // age, years; [10, 100]
  Sex sex = Sex::kUnspecified;   // kUnspecified: the mean of the female and male equations
  float height_m = 1.70f;        // height, m; [1.0, 2.5] (the step stage's step length)
  float mass_kg = 70.0f;         // body mass, kg; [20, 300]
  float resting_hr_bpm = 60.0f;  // resting heart rate, beats/min; [30, 120]

  // The name of the first field out of its range (NaN included), or nullptr when all are valid.
  const char* first_invalid_field() const noexcept {
    if (!(age_years >= 10.0f && age_years <= 100.0f)) return "age_years";
    if (!(sex == Sex::kUnspecified || sex == Sex::kFemale || sex == Sex::kMale)) return "sex";
    if (!(height_m >= 1.0f && height_m <= 2.5f)) return "height_m";
    if (!(mass_kg >= 20.0f && mass_kg <= 300.0f)) return "mass_kg";
    if (!(resting_hr_bpm >= 30.0f && resting_hr_bpm <= 120.0f)) return "resting_hr_bpm";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
  // Every field, in order.
  void hash_into(SettingsHash& h) const noexcept {
    h.add(age_years);
    h.add(static_cast<std::uint8_t>(sex));
    h.add(height_m);
    h.add(mass_kg);
    h.add(resting_hr_bpm);
  }
};

}  // namespace fusetrack
