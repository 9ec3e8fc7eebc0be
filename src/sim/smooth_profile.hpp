// A scalar function of time that holds one value per scenario segment and changes between
// neighbouring segments along a quintic "smootherstep" S(u) = 6u⁵ - 15u⁴ + 10u³ (value, slope
// and curvature continuous), with closed-form slope and time integral. The simulator builds every
// blended quantity (cadence, speed, arm-swing amplitude, heart rate, ...) from it.
#pragma once

#include <vector>

namespace fusetrack::sim {

// The smootherstep S(u) = 6u⁵ - 15u⁴ + 10u³ for u in [0, 1]; 0 below, 1 above.
double smootherstep(double u);

class SmoothProfile {
 public:
  // One smooth change: the value rises by `delta` along S over [start_s, start_s + width_s].
  struct Step {
    double start_s;  // where the transition begins
    double width_s;  // > 0
    double delta;    // change of value across it
  };

  SmoothProfile() = default;
  // values[i] holds on segment i; ends_s[i] is the end time of segment i, s (ascending, one per
  // value). Transition i runs over [ends_s[i] + delay_s - w/2, ends_s[i] + delay_s + w/2] with
  // w = min(width_s, length of segment i, length of segment i + 1). Transitions may overlap
  // (the function is a sum of steps, so it stays smooth).
  SmoothProfile(const std::vector<double>& values, const std::vector<double>& ends_s,
                double width_s, double delay_s);
  // `first` before any step, plus the sum of `steps` (any order, may overlap; a width <= 0 is
  // dropped): a schedule of smooth changes, e.g. a car's speed or heading.
  SmoothProfile(double first, std::vector<Step> steps);

  double value(double t_s) const;     // p(t)
  double slope(double t_s) const;     // dp/dt, per s
  double integral(double t_s) const;  // ∫_0^t p(τ) dτ, unit x s (p(τ) = first value for τ < 0)

 private:
  double first_ = 0.0;
  std::vector<Step> steps_;
};

}  // namespace fusetrack::sim
