#include "sim/smooth_profile.hpp"

#include <algorithm>

namespace fusetrack::sim {

namespace {

// Smootherstep and its derivative and integral on u in [0, 1].
double smootherstep_on_unit(double u) { return u * u * u * (u * (6.0 * u - 15.0) + 10.0); }
double smootherstep_slope(double u) { return 30.0 * u * u * (u - 1.0) * (u - 1.0); }
// ∫_0^u S = u⁶ - 3u⁵ + 2.5u⁴ (equals 1/2 at u = 1).
double smootherstep_integral(double u) { return u * u * u * u * (u * (u - 3.0) + 2.5); }

}  // namespace

double smootherstep(double u) {
  if (u <= 0.0) return 0.0;
  if (u >= 1.0) return 1.0;
  return smootherstep_on_unit(u);
}

SmoothProfile::SmoothProfile(const std::vector<double>& values, const std::vector<double>& ends_s,
                             double width_s, double delay_s) {
  if (values.empty()) return;
  first_ = values.front();
  double start = 0.0;
  for (std::size_t i = 0; i + 1 < values.size() && i < ends_s.size(); ++i) {
    const double len_this = ends_s[i] - start;
    const double len_next =
        (i + 1 < ends_s.size() ? ends_s[i + 1] : ends_s[i] + width_s) - ends_s[i];
    const double w = std::min({width_s, len_this, len_next});
    const double delta = values[i + 1] - values[i];
    if (delta != 0.0 && w > 0.0) steps_.push_back(Step{ends_s[i] + delay_s - 0.5 * w, w, delta});
    start = ends_s[i];
  }
}

SmoothProfile::SmoothProfile(double first, std::vector<Step> steps) : first_(first) {
  for (const Step& s : steps) {
    if (s.width_s > 0.0 && s.delta != 0.0) steps_.push_back(s);
  }
}

double SmoothProfile::value(double t_s) const {
  double v = first_;
  for (const Step& s : steps_) {
    const double u = (t_s - s.start_s) / s.width_s;
    if (u >= 1.0) {
      v += s.delta;
    } else if (u > 0.0) {
      v += s.delta * smootherstep_on_unit(u);
    }
  }
  return v;
}

double SmoothProfile::slope(double t_s) const {
  double d = 0.0;
  for (const Step& s : steps_) {
    const double u = (t_s - s.start_s) / s.width_s;
    if (u > 0.0 && u < 1.0) d += s.delta * smootherstep_slope(u) / s.width_s;
  }
  return d;
}

double SmoothProfile::integral(double t_s) const {
  double sum = first_ * t_s;
  for (const Step& s : steps_) {
    // ∫_0^t delta · S((τ - start) / width) dτ, with S = 0 before the start and 1 after the end.
    const double lo = std::max(0.0, s.start_s);
    if (t_s <= lo) continue;
    const double u_lo = std::clamp((lo - s.start_s) / s.width_s, 0.0, 1.0);
    const double u_hi = std::clamp((t_s - s.start_s) / s.width_s, 0.0, 1.0);
    double part = s.width_s * (smootherstep_integral(u_hi) - smootherstep_integral(u_lo));
    const double end = s.start_s + s.width_s;
    if (t_s > end) part += t_s - std::max(end, lo);
    sum += s.delta * part;
  }
  return sum;
}

}  // namespace fusetrack::sim
