// Per-sample orientation error angles of the BROAD protocol (../shared/datasets/broad/README.md,
// "Evaluation protocol", steps 3-5), shared by score_trial (which accumulates their RMSE) and by
// anything that shows the error sample by sample (the `fusetrack run --svg` timeline).
//
// Metric: D. Laidig, M. Caruso, A. Cereatti, T. Seel, "BROAD—A Benchmark for Robust Inertial
// Orientation Estimation", Data 6(7):72, 2021.
#pragma once

#include <Eigen/Geometry>

namespace fusetrack::eval {

// Scoring is done in double; estimates (float, from the device core) are widened first.
using Quatd = Eigen::Quaterniond;

// The three error angles of one sample, radians, each in [0, π].
struct ErrorAngles {
  double total_rad = 0.0;        // θ = 2·acos(min(1, |e_w|))
  double heading_rad = 0.0;      // η = 2·atan2(|e_z|, |e_w|)   (π when e_w = 0)
  double inclination_rad = 0.0;  // ι = 2·acos(min(1, sqrt(e_w² + e_z²)))
};

// Step 3: e = q_est ⊗ q_ref*, both normalized first (either sign). The caller makes sure both
// are finite with a non-zero norm (the result is NaN otherwise).
Quatd error_quaternion(const Quatd& est, const Quatd& ref);

// Step 5: the error angles of an error quaternion `e` (unit length, either sign).
ErrorAngles error_angles(const Quatd& e);

// Step 4's per-sample heading ψ = 2·atan2(e_z, e_w), radians (signed; its sine and cosine are
// what the circular mean uses, so it need not be wrapped).
double signed_heading_rad(const Quatd& e);

// Step 4's correction for a heading offset ψ̄ (radians): Rz(−ψ̄) = (cos(ψ̄/2), 0, 0, −sin(ψ̄/2)).
// Applied as e ← c ⊗ e, or equivalently q_est ← c ⊗ q_est.
Quatd heading_correction(double psi_mean_rad);

}  // namespace fusetrack::eval
