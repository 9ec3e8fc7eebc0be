// OrientationEkf: a multiplicative (error-state) extended Kalman filter for orientation q_ES and
// gyroscope bias, from gyroscope, accelerometer and (optionally) magnetometer.
//
// Error state x = (δθ_E, δb_S): the true orientation is exp(δθ_E) ⊗ q (a small rotation in the
// earth frame) and the true bias b + δb. After every update the error is folded into q and b and
// reset to zero (Markley, 2003, "Attitude error representations for Kalman filtering";
// Sola, 2017, "Quaternion kinematics for the error-state Kalman filter", Sec. 7).
// - predict, per gyroscope sample: q <- q ⊗ exp((ω - b) dt); F = [I, -R̄ dt; 0, I], R̄ the
//   rotation R(q) low-passed (bias_rotation_tau_s; see predict_covariance);
//   Q = diag(σ_ω² dt I, σ_b² dt I) with σ_ω, σ_b densities;
// - accelerometer: the specific force is rotated into the earth frame and low-passed there (as
//   in the ComplementaryFilter: linear accelerations average out, gravity does not); the
//   horizontal components of its direction measure the inclination error, H = [[0,-1,0],[1,0,0]].
//   Measurement noise adapts: it grows with the squared deviation of the instantaneous specific
//   force from 1 g, so impacts, vibration and fast motion are trusted less;
// - magnetometer: the heading of the horizontal field in the earth frame measures δθ_z; only the
//   heading and bias parts of the gain are applied (a suboptimal gain, so the covariance uses the
//   Joseph form), so the magnetometer can never tilt the inclination; samples whose strength or
//   dip disagree with the learned reference field are rejected, the rest weighted by agreement;
// - rest: while the RestDetector holds, every gyroscope sample measures the bias directly.
#pragma once

#include <cmath>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/quaternion.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/filter_outputs.hpp"
#include "fusetrack/orientation/magnetic_reference.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "fusetrack/orientation/rest_detector.hpp"
#include "fusetrack/orientation/sample_admission.hpp"

namespace fusetrack {

struct OrientationEkfSettings {
  float gyr_noise_density = 0.004f;  // gyroscope white noise, rad/s/√Hz; (0, 1]
  float bias_walk_density = 2e-5f;   // gyroscope bias random walk, rad/s/√s; [0, 1]
  float acc_lp_tau_s = 3.0f;         // low-pass of the earth-frame specific force, s; (0, 100]
  // Inclination measurement noise as a density, rad·√s: the variance of one sample is
  // density² / dt. Successive low-passed samples are strongly correlated, so their noise is
  // stated per second, not per sample; the correction time constant is then about
  // acc_noise_density / gyr_noise_density whatever the rate.
  float acc_noise_density = 0.006f;  // (0, 1]
  float acc_rejection_m_s2 = 1.0f;  // low-passed deviation from 1 g doubling the acc noise σ², m/s²
  float mag_noise_density = 0.07f;  // heading measurement noise density, rad·√s; (0, 1]
  float initial_bias_sigma_rad_s = 1.0f * kRadPerDeg;  // prior bias uncertainty; (0, 1]
  float max_bias_rad_s = 5.0f * kRadPerDeg;            // bias estimate clamp; (0, 1]
  float max_gap_s = 0.25f;  // a longer gyroscope interval is not integrated; (0, 10]
  // Low-pass of the rotation R(q_ES) that couples bias error into attitude error in the
  // covariance prediction, s; (0, 1000]. Longer than the stride (about 1 s): see
  // predict_covariance.
  float bias_rotation_tau_s = 10.0f;
  bool mag_rejection = true;  // reject magnetometer samples in a disturbed field
  RestDetectorSettings rest{};
  MagneticReferenceSettings mag_reference{};

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(gyr_noise_density);
    h.add(bias_walk_density);
    h.add(acc_lp_tau_s);
    h.add(acc_noise_density);
    h.add(acc_rejection_m_s2);
    h.add(mag_noise_density);
    h.add(initial_bias_sigma_rad_s);
    h.add(max_bias_rad_s);
    h.add(max_gap_s);
    h.add(bias_rotation_tau_s);
    h.add(mag_rejection);
    rest.hash_into(h);
    mag_reference.hash_into(h);
  }

  // The name of the first field out of its range (NaN included), or nullptr when all are valid;
  // "rest" or "mag_reference" when a field of that nested group is.
  const char* first_invalid_field() const noexcept {
    if (!(gyr_noise_density > 0.0f && gyr_noise_density <= 1.0f)) return "gyr_noise_density";
    if (!(bias_walk_density >= 0.0f && bias_walk_density <= 1.0f)) return "bias_walk_density";
    if (!(acc_lp_tau_s > 0.0f && acc_lp_tau_s <= 100.0f)) return "acc_lp_tau_s";
    if (!(acc_noise_density > 0.0f && acc_noise_density <= 1.0f)) return "acc_noise_density";
    if (!(acc_rejection_m_s2 > 0.0f && acc_rejection_m_s2 <= 100.0f)) return "acc_rejection_m_s2";
    if (!(mag_noise_density > 0.0f && mag_noise_density <= 1.0f)) return "mag_noise_density";
    if (!(initial_bias_sigma_rad_s > 0.0f && initial_bias_sigma_rad_s <= 1.0f)) {
      return "initial_bias_sigma_rad_s";
    }
    if (!(max_bias_rad_s > 0.0f && max_bias_rad_s <= 1.0f)) return "max_bias_rad_s";
    if (!(max_gap_s > 0.0f && max_gap_s <= 10.0f)) return "max_gap_s";
    if (!(bias_rotation_tau_s > 0.0f && bias_rotation_tau_s <= 1000.0f)) {
      return "bias_rotation_tau_s";
    }
    if (!ok(rest.validate())) return "rest";
    if (!ok(mag_reference.validate())) return "mag_reference";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
};

using Mat6 = Eigen::Matrix<float, 6, 6>;
using Vec6 = Eigen::Matrix<float, 6, 1>;

// The magnetometer's covariance update in Joseph form for the heading-only gain K = k₂ e₂ (e₂
// the heading's error axis): P + S K Kᵀ - K h - hᵀ Kᵀ with h = H P = phᵀ, ph = P e₂ before the
// update, S = ph₂ + r. Only row and column 2 change (every other term is an exact zero), so only
// they are computed (about 560 fewer instructions per magnetometer sample on a Cortex-M4F than
// the full form), each entry with the operations and order of the full form as Eigen evaluates
// it (P, + (S k) k, - k h, - h k, in turn): the same floats (tested against it). Always inlined:
// as a call, the EKF alone took 25 more instructions per sample on the Cortex-M4F.
[[gnu::always_inline]] inline void heading_joseph_update(Mat6& p, const Vec6& ph, float sv,
                                                         float k2) noexcept {
#pragma GCC unroll 6
  for (int j = 0; j < 6; ++j) {
    if (j == 2) continue;
    p(2, j) -= k2 * ph[j];
    p(j, 2) -= ph[j] * k2;
  }
  p(2, 2) = ((p(2, 2) + (sv * k2) * k2) - k2 * ph[2]) - ph[2] * k2;
}

struct OrientationEkfState {
  Quat q_es = Quat::Identity();    // orientation, sensor -> earth (ENU)
  Vec3 bias_rad_s = Vec3::Zero();  // gyroscope bias estimate
  std::uint8_t reserved0[4] = {};  // explicit padding (part of the saved state): always zero
  Mat6 p = Mat6::Zero();           // error covariance of (δθ_E rad, δb_S rad/s)
  Vec3 acc_lp_e = Vec3::Zero();    // low-passed specific force, earth frame, m/s²
  Mat3 r_lp = Mat3::Identity();    // R(q_ES) low-passed (bias_rotation_tau_s), covariance model
  float acc_fast_s = 0.0f;         // time left in the low-pass fast phase, s
  float turn_rate2 = 0.0f;  // latest bias-corrected turn rate squared, (rad/s)², field check
  std::uint32_t acc_fast_n = 0;
  std::uint8_t reserved1[4] = {};  // explicit padding, here and below (saved state): always zero
  StreamClock gyr_clock;
  StreamClock acc_clock;
  StreamClock mag_clock;
  Vec3 acc_s_m_s2 = Vec3::Zero();  // the latest accepted accelerometer sample, sensor frame
  std::uint32_t restarts = 0;      // fast re-convergences after a gyroscope gap > max_gap_s
  OrientationFlags flags;
  std::uint8_t reserved2 = 0;
  RestDetectorState rest;                // the rest detector's state (the only copy)
  MagneticReferenceState mag_reference;  // the reference field's state (the only copy)
  std::uint8_t reserved3[12] = {};       // to the 16-byte alignment of q_es and p
};
static_assert(sizeof(OrientationEkfState) == 384, "OrientationEkfState: no implicit padding");

class OrientationEkf {
 public:
  explicit OrientationEkf(const OrientationEkfSettings& s = {}) noexcept
      : settings_(s), status_(s.validate()), rest_(s.rest), mag_ref_(s.mag_reference) {
    gyr_var_density_ = s.gyr_noise_density * s.gyr_noise_density;
    bias_var_density_ = s.bias_walk_density * s.bias_walk_density;
    acc_var_density_ = s.acc_noise_density * s.acc_noise_density;
    inv_rejection2_ = 1.0f / (s.acc_rejection_m_s2 * s.acc_rejection_m_s2);
    mag_var_density_ = s.mag_noise_density * s.mag_noise_density;
    reset();
  }

  Status status() const noexcept { return status_; }

  // Gyroscope sample (rad/s, sensor frame): the prediction step. Rejected with kNotFinite,
  // kDuplicateTime or kTimeBackwards, state unchanged.
  Status update_gyr(Micros t_us, const Vec3& gyr_rad_s) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.gyr_clock, t_us, gyr_rad_s, dt);
    if (!ok(st)) return st;
    return gyr_step(gyr_rad_s, dt);
  }

  // Accelerometer sample (m/s², sensor frame). The first one initialises the inclination.
  // Rejected like update_gyr; kOutOfRange for a zero vector.
  Status update_acc(Micros t_us, const Vec3& acc_m_s2) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.acc_clock, t_us, acc_m_s2, dt);
    if (!ok(st)) return st;
    return acc_step(acc_m_s2, dt);
  }

  // Magnetometer sample (µT, sensor frame). The first clean one sets the heading.
  Status update_mag(Micros t_us, const Vec3& mag_ut) noexcept {
    float dt = 0.0f;
    const Status st = admit(state_.mag_clock, t_us, mag_ut, dt);
    if (!ok(st)) return st;
    return mag_step(mag_ut, dt);
  }

  // The combined forms check every part (values first, then each stream's clock) before
  // changing anything, so a bad part of an entry leaves the whole state unchanged; then they run
  // the same steps as the single-stream updates without checking again.
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2) noexcept {
    if (!ok(status_)) return status_;
    EntryIntervals dt;
    const Status st =
        admit_entry(t_us, gyr_rad_s, acc_m_s2, state_.gyr_clock, state_.acc_clock, dt);
    if (!ok(st)) return st;
    (void)gyr_step(gyr_rad_s, dt.gyr_s);
    return acc_step(acc_m_s2, dt.acc_s);
  }
  // A 9D step; a zero specific force does not stop the magnetometer (the result is its step's).
  Status update(Micros t_us, const Vec3& gyr_rad_s, const Vec3& acc_m_s2,
                const Vec3& mag_ut) noexcept {
    if (!ok(status_)) return status_;
    EntryIntervals dt;
    const Status st = admit_entry(t_us, gyr_rad_s, acc_m_s2, mag_ut, state_.gyr_clock,
                                  state_.acc_clock, state_.mag_clock, dt);
    if (!ok(st)) return st;
    (void)gyr_step(gyr_rad_s, dt.gyr_s);
    (void)acc_step(acc_m_s2, dt.acc_s);
    return mag_step(mag_ut, dt.mag_s);
  }
  Status update(const ImuSample& s) noexcept { return update(s.t_us, s.gyr_rad_s, s.acc_m_s2); }

  const Quat& orientation() const noexcept { return state_.q_es; }
  const Vec3& gyr_bias_rad_s() const noexcept { return state_.bias_rad_s; }
  const OrientationFlags& flags() const noexcept { return state_.flags; }
  // 1 σ uncertainty of inclination (root of the two horizontal error variances) and heading, rad.
  float inclination_sigma_rad() const noexcept {
    return std::sqrt(state_.p(0, 0) + state_.p(1, 1));
  }
  float heading_sigma_rad() const noexcept { return std::sqrt(state_.p(2, 2)); }
  // The whole estimate as plain data (the rest detector's and the reference field's included);
  // a filter given it with set_state() continues bit for bit.
  const OrientationEkfState& state() const noexcept { return state_; }
  void set_state(const OrientationEkfState& s) noexcept { state_ = s; }
  // Gravity in the sensor frame and linear acceleration in the earth frame, m/s²; zero before
  // initialisation (filter_outputs.hpp).
  Vec3 gravity_s_m_s2() const noexcept { return gravity_of(state_); }
  Vec3 linear_acc_e_m_s2() const noexcept { return linear_acc_of(state_); }
  const OrientationEkfSettings& settings() const noexcept { return settings_; }

  void reset() noexcept {
    assign_default(state_);
    const float tilt0 = 5.0f * kRadPerDeg;
    const float b0 = settings_.initial_bias_sigma_rad_s;
    state_.p.diagonal() << tilt0 * tilt0, tilt0 * tilt0, kPi * kPi, b0 * b0, b0 * b0, b0 * b0;
  }

  // The Tracker saw this stream's time stamps jump (StreamCheck's TimeClass::kJump, a clock
  // reset or a wild time stamp): its clock starts afresh at the next sample, and after a jump of
  // the IMU's the estimate re-converges as after a long gap (counted in restarts).
  void imu_time_jumped() noexcept {
    state_.gyr_clock = StreamClock{};
    state_.acc_clock = StreamClock{};
    open_up_after_gap();
  }
  void mag_time_jumped() noexcept { state_.mag_clock = StreamClock{}; }

 private:
  Status admit(StreamClock& clock, Micros t_us, const Vec3& v, float& dt) noexcept {
    if (!ok(status_)) return status_;
    return admit_sample(clock, t_us, v, dt);
  }

  // Prediction (and the bias measurement at rest) for a gyroscope sample already admitted.
  Status gyr_step(const Vec3& gyr_rad_s, float dt) noexcept {
    OrientationEkfState& s = state_;
    if (dt > settings_.max_gap_s) {
      open_up_after_gap();
      return Status::kOk;
    }
    rest_.update_gyr(s.rest, gyr_rad_s, dt);
    s.turn_rate2 = (gyr_rad_s - s.bias_rad_s).squaredNorm();  // root taken only per mag sample
    s.flags.at_rest = s.rest.at_rest;
    if (!s.flags.initialized || dt <= 0.0f) return Status::kOk;
    s.q_es = rotate_right(s.q_es, (gyr_rad_s - s.bias_rad_s) * dt);
    predict_covariance(dt);
    if (s.flags.at_rest) {
      // Each raw sample measures the bias; per-sample noise variance = density² / dt.
      const float r = gyr_var_density_ / dt;
      Vec6 dx = Vec6::Zero();
      for (int i = 0; i < 3; ++i) {
        const int j = 3 + i;
        const float innov = gyr_rad_s[i] - s.bias_rad_s[i] - dx[j];
        const Vec6 pj = s.p.col(j);
        const float inv_s = 1.0f / (pj[j] + r);
        dx += pj * (innov * inv_s);
        s.p.noalias() -= (pj * inv_s) * pj.transpose();
      }
      inject(dx);
    }
    return Status::kOk;
  }

  // Inclination update for an accelerometer sample already admitted.
  Status acc_step(const Vec3& acc_m_s2, float dt) noexcept {
    OrientationEkfState& s = state_;
    s.acc_s_m_s2 = acc_m_s2;  // kept in free fall too: linear acceleration is then -g
    const float acc_norm = acc_m_s2.norm();
    if (!(acc_norm > 1e-3f)) {
      s.flags.acc_rejected = true;  // free fall: no direction to use
      return Status::kOutOfRange;
    }
    rest_.update_acc(s.rest, acc_m_s2, dt);
    if (!s.flags.initialized) {
      s.q_es = quat_from_gravity(acc_m_s2);
      s.acc_lp_e = Vec3(0.0f, 0.0f, acc_norm);
      s.r_lp = s.q_es.toRotationMatrix();
      s.flags.initialized = true;
      s.acc_fast_s = settings_.acc_lp_tau_s;
      s.acc_fast_n = 1;
      return Status::kOk;
    }
    float k_lp = dt / (settings_.acc_lp_tau_s + dt);
    if (s.acc_fast_s > 0.0f) {
      ++s.acc_fast_n;
      k_lp = std::fmax(k_lp, 1.0f / static_cast<float>(s.acc_fast_n));
      s.acc_fast_s -= std::fmin(dt, settings_.max_gap_s);  // a gap is not convergence time
      if (s.acc_fast_s <= 0.0f) s.flags.recovering = false;
    }
    s.acc_lp_e += k_lp * (rotate(s.q_es, acc_m_s2) - s.acc_lp_e);
    const float lp_norm = s.acc_lp_e.norm();
    if (!(lp_norm > 1e-3f)) return Status::kOk;
    // Back off while the low-passed specific force is not 1 g (sustained linear or centripetal
    // acceleration). The instantaneous norm is not used: short impacts and vibration average
    // out in the low-pass, and judging them sample by sample threw away good information.
    const float dev = lp_norm - kGravity_m_s2;
    const float inflate = 1.0f + dev * dev * inv_rejection2_;
    s.flags.acc_rejected = inflate > 2.0f;
    if (!(dt > 0.0f)) return Status::kOk;
    const float r = acc_var_density_ * inflate / dt;
    // Innovation: horizontal components of the unit low-passed specific force.
    // Innovation: the tilt of the low-passed specific force from up, as the horizontal vector
    // (v_x, v_y) scaled to the angle itself rather than its sine, so that a large error (after
    // a gap, at start) is removed in one step instead of leaving the covariance converged on a
    // partly corrected tilt.
    const float hx = s.acc_lp_e.x(), hy = s.acc_lp_e.y();
    const float h_norm = std::sqrt(hx * hx + hy * hy);
    const float scale =
        h_norm > 1e-9f ? std::atan2(h_norm, s.acc_lp_e.z()) / h_norm : 1.0f / lp_norm;
    const Vec2 y(hx * scale, hy * scale);
    // P Hᵀ with H = [[0,-1,0,0,0,0],[1,0,0,0,0,0]].
    Eigen::Matrix<float, 6, 2> pht;
    pht.col(0) = -s.p.col(1);
    pht.col(1) = s.p.col(0);
    const float s00 = s.p(1, 1) + r, s01 = -s.p(1, 0), s11 = s.p(0, 0) + r;
    const float inv_det = 1.0f / (s00 * s11 - s01 * s01);
    Eigen::Matrix<float, 2, 2> s_inv;
    s_inv << s11 * inv_det, -s01 * inv_det, -s01 * inv_det, s00 * inv_det;
    Eigen::Matrix<float, 6, 2> k = pht * s_inv;
    if (s.acc_fast_s > 0.0f) {
      // While the low-pass settles (after initialisation or a gap) its direction moves fast
      // and the tilt error may be far beyond the prior (initialised from one sample of a
      // swinging arm); the optimal gain put that transient into the bias, 5 °/s within 2 s
      // when started while walking. Tilt only, then, as the ComplementaryFilter learns no bias
      // in its fast phase; Joseph form for the restricted gain: P - K Hp - Hpᵀ Kᵀ + K S Kᵀ.
      k.bottomRows<3>().setZero();
      Eigen::Matrix<float, 2, 2> s_mat;
      s_mat << s00, s01, s01, s11;
      s.p.noalias() += k * s_mat * k.transpose() - k * pht.transpose() - pht * k.transpose();
    } else {
      s.p.noalias() -= k * pht.transpose();
    }
    inject(k * y);
    return Status::kOk;
  }

  // Heading update for a magnetometer sample already admitted.
  Status mag_step(const Vec3& mag_ut, float dt) noexcept {
    OrientationEkfState& s = state_;
    if (!s.flags.initialized) return Status::kOk;
    const Vec3 m_e = rotate(s.q_es, mag_ut);
    const float h2 = m_e.x() * m_e.x() + m_e.y() * m_e.y();
    if (!(h2 > 1e-6f)) {
      s.flags.mag_disturbed = true;  // no horizontal part: no heading to use
      return Status::kOutOfRange;
    }
    const float h = std::sqrt(h2);
    const float norm = std::sqrt(h2 + m_e.z() * m_e.z());
    const float dip = fast_atan2(-m_e.z(), h);
    const bool clean = mag_ref_.update(s.mag_reference, norm, dip, dt, std::sqrt(s.turn_rate2)) ||
                       !settings_.mag_rejection;
    s.flags.mag_disturbed = !clean;
    if (!clean) return Status::kOk;
    const float heading = heading_of(m_e);
    if (!s.flags.heading_set) {
      s.q_es = rotate_about_up(s.q_es, heading).normalized();
      rotate_lp_about_up(heading);
      s.flags.heading_set = true;
      const float sigma0 = 10.0f * kRadPerDeg;
      s.p.row(2).setZero();
      s.p.col(2).setZero();
      s.p(2, 2) = sigma0 * sigma0;
      return Status::kOk;
    }
    // Weight by agreement with the reference field: a sample at the edge of acceptance counts
    // as four times noisier (variance) than one that matches exactly.
    const MagneticReferenceState& ref = s.mag_reference;
    const float dn = (norm - ref.norm_ut) / (settings_.mag_reference.norm_threshold * ref.norm_ut);
    const float dd = (dip - ref.dip_rad) / settings_.mag_reference.dip_threshold_rad;
    if (!(dt > 0.0f)) return Status::kOk;
    const float r = mag_var_density_ * (1.0f + 3.0f * (dn * dn + dd * dd)) / dt;
    const Vec6 ph = s.p.col(2);  // P Hᵀ with H = e_z of δθ
    const float sv = ph[2] + r;
    Vec6 k = ph / sv;
    // Heading only: the magnetometer never moves the inclination, nor the bias (a bias learned
    // from a wrong field would tilt the estimate later, once the device turns).
    k[0] = 0.0f;
    k[1] = 0.0f;
    k.tail<3>().setZero();
    heading_joseph_update(s.p, ph, sv, k[2]);
    inject(k * heading);
    return Status::kOk;
  }

  // P <- F P Fᵀ + Q with F = [I, G; 0, I], G = -R̄ dt, written blockwise (A = Pθθ, B = Pθb,
  // C = Pbb): A' = A + G Bᵀ + B' Gᵀ, B' = B + G C, C' = C + Qb.
  // R̄ is R(q_ES) low-passed over bias_rotation_tau_s, not the instantaneous rotation: the
  // inclination measurement is a low-passed specific force, and at a swinging wrist it still
  // carries a residue of the arm's acceleration at the stride frequency, which the
  // instantaneous R swings with. Through Pθb that correlated residue was learned as bias
  // (-0.36 °/s after half an hour of running). With R̄ the bias sees the measurement through
  // the rotation averaged as the measurement itself is, as in VQF's motion bias estimation
  // (Laidig & Seel, 2023, "VQF: Highly accurate IMU orientation estimation with bias
  // estimation and magnetic disturbance rejection", whose measurement model for the motion bias
  // is R low-passed with the accelerometer's filter).
  void predict_covariance(float dt) noexcept {
    Mat6& p = state_.p;
    Mat3& r_lp = state_.r_lp;
    r_lp += (dt / (settings_.bias_rotation_tau_s + dt)) * (state_.q_es.toRotationMatrix() - r_lp);
    const Mat3 g = r_lp * (-dt);
    const Mat3 b_new = p.topRightCorner<3, 3>() + g * p.bottomRightCorner<3, 3>();
    Mat3 a =
        p.topLeftCorner<3, 3>() + g * p.topRightCorner<3, 3>().transpose() + b_new * g.transpose();
    a.diagonal().array() += gyr_var_density_ * dt;  // angle random walk: σ² dt per step
    p.topLeftCorner<3, 3>() = a;
    p.topRightCorner<3, 3>() = b_new;
    p.bottomLeftCorner<3, 3>() = b_new.transpose();
    p.bottomRightCorner<3, 3>().diagonal().array() += bias_var_density_ * dt;
    // Heading is unobservable without a magnetometer: keep its variance bounded.
    if (p(2, 2) > kPi * kPi) p(2, 2) = kPi * kPi;
  }

  // Folds the estimated error into q and b (the error state is then zero again) and keeps the
  // low-passed specific force expressed in the corrected earth frame.
  void inject(const Vec6& dx) noexcept {
    OrientationEkfState& s = state_;
    const Vec3 dtheta = dx.head<3>();
    const Quat dq = quat_from_rotation_vector(dtheta);
    s.q_es = (dq * s.q_es).normalized();
    s.acc_lp_e = rotate(dq, s.acc_lp_e);  // exact: a large correction must not stretch it
    const float m = settings_.max_bias_rad_s;
    s.bias_rad_s = (s.bias_rad_s + dx.tail<3>()).cwiseMax(-m).cwiseMin(m);
  }

  // Turns the low-passed specific force and rotation about the earth's up axis (the heading
  // turned by `angle_rad` at once).
  void rotate_lp_about_up(float angle_rad) noexcept {
    const float c = std::cos(angle_rad), sn = std::sin(angle_rad);
    const Vec3 v = state_.acc_lp_e;
    state_.acc_lp_e = Vec3(c * v.x() - sn * v.y(), sn * v.x() + c * v.y(), v.z());
    Mat3 rz;
    rz << c, -sn, 0.0f, sn, c, 0.0f, 0.0f, 0.0f, 1.0f;
    state_.r_lp = rz * state_.r_lp;
  }

  // After a long gap the orientation is unknown: widen the covariance and restart the
  // low-pass, so the next measurements converge quickly.
  void open_up_after_gap() noexcept {
    OrientationEkfState& s = state_;
    if (!s.flags.initialized) return;
    const float tilt = 20.0f * kRadPerDeg;
    s.p.topLeftCorner<3, 3>().setZero();
    s.p.topRightCorner<3, 3>().setZero();
    s.p.bottomLeftCorner<3, 3>().setZero();
    s.p(0, 0) = tilt * tilt;
    s.p(1, 1) = tilt * tilt;
    s.p(2, 2) = kPi * kPi;  // the device may have turned any way during the gap
    s.acc_fast_s = settings_.acc_lp_tau_s;
    s.acc_fast_n = 0;
    s.flags.recovering = true;
    ++s.restarts;
  }

  OrientationEkfSettings settings_;
  Status status_;
  RestDetector rest_;
  MagneticReference mag_ref_;
  OrientationEkfState state_;
  float gyr_var_density_ = 0.0f;
  float bias_var_density_ = 0.0f;
  float acc_var_density_ = 0.0f;
  float inv_rejection2_ = 0.0f;
  float mag_var_density_ = 0.0f;
};

}  // namespace fusetrack
