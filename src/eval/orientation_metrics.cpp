#include "eval/orientation_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace fusetrack::eval {

Quatd error_quaternion(const Quatd& est, const Quatd& ref) {
  const Quatd q_est(est.coeffs() / est.norm());
  const Quatd q_ref(ref.coeffs() / ref.norm());
  return q_est * q_ref.conjugate();
}

ErrorAngles error_angles(const Quatd& e) {
  const double abs_w = std::fabs(e.w());
  const double abs_z = std::fabs(e.z());
  ErrorAngles a;
  a.total_rad = 2.0 * std::acos(std::min(1.0, abs_w));
  a.heading_rad = 2.0 * std::atan2(abs_z, abs_w);
  a.inclination_rad = 2.0 * std::acos(std::min(1.0, std::sqrt(e.w() * e.w() + e.z() * e.z())));
  return a;
}

double signed_heading_rad(const Quatd& e) { return 2.0 * std::atan2(e.z(), e.w()); }

Quatd heading_correction(double psi_mean_rad) {
  return Quatd(std::cos(0.5 * psi_mean_rad), 0.0, 0.0, -std::sin(0.5 * psi_mean_rad));
}

}  // namespace fusetrack::eval
