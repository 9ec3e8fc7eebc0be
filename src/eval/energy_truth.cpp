#include "eval/energy_truth.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace fusetrack::eval {

energy::EnergyActivity energy_activity_of(io::Activity a) noexcept {
  switch (a) {
    case io::Activity::kRest:
    case io::Activity::kType:
    case io::Activity::kCar:
      return energy::EnergyActivity::kSitting;
    case io::Activity::kWalk:
      return energy::EnergyActivity::kWalking;
    case io::Activity::kRun:
      return energy::EnergyActivity::kRunning;
    case io::Activity::kWave:
    case io::Activity::kTalk:
      return energy::EnergyActivity::kLight;
  }
  return energy::EnergyActivity::kUnknown;
}

double truth_energy_kcal(const io::Truth& truth, const energy::EnergySettings& s,
                         const UserProfile& user, double step_length_m) {
  if (const char* field = s.first_invalid_field()) {
    throw std::invalid_argument(std::string("truth_energy_kcal: invalid energy setting ") + field);
  }
  if (const char* field = user.first_invalid_field()) {
    throw std::invalid_argument(std::string("truth_energy_kcal: invalid profile field ") + field);
  }
  if (!(step_length_m > 0.0 && step_length_m <= 3.0)) {
    throw std::invalid_argument("truth_energy_kcal: step length must be in (0, 3] m");
  }
  const auto& hr = truth.heart_rate;
  // The newest heart-rate sample at or before t (the first one when t precedes them all).
  auto heart_at = [&hr](Micros t) {
    auto it = std::upper_bound(hr.begin(), hr.end(), t,
                               [](Micros x, const io::HeartRateTruth& h) { return x < h.t_us; });
    if (it != hr.begin()) --it;
    return it->heart_rate_bpm;
  };
  double kcal = 0.0;
  for (const io::SegmentTruth& seg : truth.segments) {
    energy::EnergyInputs in;
    in.activity = energy_activity_of(seg.activity);
    in.walking = io::activity_has_steps(seg.activity) && seg.cadence_spm > 0.0;
    in.cadence_spm = in.walking ? static_cast<float>(seg.cadence_spm) : 0.0f;
    in.speed_m_s = in.walking ? static_cast<float>(seg.cadence_spm * step_length_m / 60.0) : 0.0f;
    in.heart_valid = !hr.empty();
    for (Micros t = seg.start_us; t < seg.end_us; t += kMicrosPerSecond) {
      const Micros end = std::min(seg.end_us, t + kMicrosPerSecond);
      if (in.heart_valid) in.heart_bpm = static_cast<float>(heart_at(t));
      const energy::EnergyStep e = energy::energy_step(s, user, in);
      const double minutes = static_cast<double>(end - t) / (60.0 * kMicrosPerSecond);
      kcal += static_cast<double>(e.kcal_per_min) * minutes;
    }
  }
  return kcal;
}

}  // namespace fusetrack::eval
