#include "sim/simulator.hpp"

#include <cmath>

#include "sim/random.hpp"
#include "sim/wrist_trajectory.hpp"

namespace fusetrack::sim {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2.0 * kPi;
constexpr double kRadPerDeg = kPi / 180.0;

Micros to_us(double t_s) { return static_cast<Micros>(std::llround(t_s * 1e6)); }
double to_s(Micros t_us) { return static_cast<double>(t_us) * 1e-6; }

Vec3 to_float(const Eigen::Vector3d& v) { return v.cast<float>(); }

Eigen::Vector3d normal3(Rng& rng, double sigma) {
  const double x = rng.normal();
  const double y = rng.normal();
  const double z = rng.normal();
  return sigma * Eigen::Vector3d(x, y, z);
}

// Time stamps of one stream over [0, duration_s): see StreamClockSettings.
std::vector<Micros> stream_time_stamps(const StreamClockSettings& c, double duration_s,
                                       std::uint64_t seed, RngStream stream) {
  Rng rng(seed, stream);
  const double period_us = 1e6 / (c.rate_hz * (1.0 + c.clock_error));
  const double offset_us = c.jitter_us + rng.uniform(0.0, period_us);
  const double end_us = duration_s * 1e6;
  std::vector<Micros> t;
  t.reserve(static_cast<std::size_t>(end_us / period_us) + 2);
  for (std::size_t k = 0;; ++k) {
    const double nominal_us = offset_us + static_cast<double>(k) * period_us;
    if (nominal_us >= end_us) break;
    const double jitter = c.jitter_us > 0.0 ? rng.uniform(-c.jitter_us, c.jitter_us) : 0.0;
    const auto t_us = static_cast<Micros>(std::llround(nominal_us + jitter));
    if (static_cast<double>(t_us) >= end_us) break;
    t.push_back(t_us);
  }
  return t;
}

// One beat of the pulse wave as a function of the cardiac phase u in [0, 1): a systolic wave
// and a smaller, wider dicrotic (reflected) wave, each a Gaussian in phase. Sum-of-Gaussians
// waveform models follow McSharry et al., "A dynamical model for generating synthetic
// electrocardiogram signals", IEEE Trans. Biomed. Eng. 50(3), 2003, as used for PPG by e.g.
// Martin-Martinez et al., IEEE Trans. Biomed. Eng. 60(9), 2013. Neighbouring beats are added
// so the wave is smooth across beat boundaries. Peak about 1.
double pulse_wave(double u, double dicrotic_ratio) {
  constexpr double kSystolicPhase = 0.20, kSystolicWidth = 0.07;
  constexpr double kDicroticPhase = 0.50, kDicroticWidth = 0.09;
  double w = 0.0;
  for (int n = -1; n <= 1; ++n) {
    const double a = (u + n - kSystolicPhase) / kSystolicWidth;
    const double b = (u + n - kDicroticPhase) / kDicroticWidth;
    w += std::exp(-0.5 * a * a) + dicrotic_ratio * std::exp(-0.5 * b * b);
  }
  return w;
}

void simulate_imu(const SimSettings& s, const WristTrajectory& traj, SimResult& out) {
  const ImuSimSettings& imu = s.imu;
  const std::vector<Micros> times =
      stream_time_stamps(imu.clock, traj.duration_s(), s.seed, RngStream::kImuClock);
  Rng rng(s.seed, RngStream::kImuNoise);
  out.imu.reserve(times.size());
  out.truth.pose.reserve(times.size());
  Eigen::Vector3d bias = imu.gyro_bias_rad_s;
  Micros prev_us = times.empty() ? 0 : times.front();
  for (const Micros t_us : times) {
    if (imu.gyro_bias_walk_rad_s_per_sqrt_s > 0.0) {
      // Random walk: bias changes by N(0, σ_w² dt) per axis between samples.
      const double dt = to_s(t_us - prev_us);
      bias += normal3(rng, imu.gyro_bias_walk_rad_s_per_sqrt_s * std::sqrt(dt));
    }
    prev_us = t_us;
    const double t = to_s(t_us);
    const WristState st = traj.state(t);
    const Eigen::Vector3d gyr = st.omega_s_rad_s + bias + normal3(rng, imu.gyro_noise_rad_s);
    const Eigen::Vector3d acc =
        st.specific_force_s_m_s2() + imu.acc_bias_m_s2 + normal3(rng, imu.acc_noise_m_s2);
    ImuSample sample;
    sample.t_us = t_us;
    sample.acc_m_s2 = to_float(acc);
    sample.has_gyr = imu.gyroscope;
    if (sample.has_gyr) sample.gyr_rad_s = to_float(gyr);  // else zero (its noise is drawn)
    out.imu.push_back(sample);

    PoseTruth p;
    p.t_us = t_us;
    p.q_es = st.q_es;
    p.gyro_bias_rad_s = bias;
    p.omega_s_rad_s = st.omega_s_rad_s;
    p.lin_acc_e_m_s2 = st.lin_acc_e_m_s2;
    p.activity = traj.activity(t);
    out.truth.pose.push_back(p);
  }
}

void simulate_mag(const SimSettings& s, const WristTrajectory& traj, SimResult& out) {
  if (!s.mag.enabled) return;
  const std::vector<Micros> times =
      stream_time_stamps(s.mag.clock, traj.duration_s(), s.seed, RngStream::kMagClock);
  Rng rng(s.seed, RngStream::kMagNoise);
  const Eigen::Vector3d field_e = earth_field_ut(s.mag);
  out.mag.reserve(times.size());
  for (const Micros t_us : times) {
    const Eigen::Quaterniond q = traj.orientation(to_s(t_us));
    const Eigen::Vector3d m =
        q.conjugate() * field_e + s.mag.hard_iron_ut + normal3(rng, s.mag.noise_ut);
    MagSample sample;
    sample.t_us = t_us;
    sample.mag_ut = to_float(m);
    out.mag.push_back(sample);
  }
}

void simulate_ppg(const SimSettings& s, const WristTrajectory& traj, SimResult& out) {
  const PpgSimSettings& c = s.ppg;
  if (!c.enabled) return;
  const std::vector<Micros> times =
      stream_time_stamps(c.clock, traj.duration_s(), s.seed, RngStream::kPpgClock);
  Rng rng(s.seed, RngStream::kPpgNoise);
  const double drift_phase = rng.uniform(0.0, kTwoPi);
  const double ambient_phase1 = rng.uniform(0.0, kTwoPi);
  const double ambient_phase2 = rng.uniform(0.0, kTwoPi);
  out.ppg.reserve(times.size());
  for (const Micros t_us : times) {
    const double t = to_s(t_us);
    const double u = traj.beat_phase_cycles(t);
    const double pulse = pulse_wave(u - std::floor(u), c.dicrotic_ratio);
    const double baseline =
        c.dc + c.respiration_amplitude * traj.respiration(t) +
        c.drift_amplitude * std::sin(kTwoPi * t / c.drift_period_s + drift_phase);
    // Motion artefact: the sensor presses on the skin with the wrist's linear acceleration along
    // the watch face's normal (sensor z).
    const WristState st = traj.state(t);
    const double a_z = (st.q_es.conjugate() * st.lin_acc_e_m_s2).z();
    const double motion = c.motion_gain_per_m_s2 * a_z;
    const double clean = baseline - c.pulse_amplitude * pulse;

    PpgSample sample;
    sample.t_us = t_us;
    sample.channel_count = c.channels;
    const double n1 = rng.normal();
    const double n2 = rng.normal();
    const double na = rng.normal();
    sample.ppg[0] = static_cast<float>(clean + motion + c.noise * n1);
    if (c.channels >= 2) {
      sample.ppg[1] =
          static_cast<float>(c.channel2_gain * (clean + c.channel2_motion_factor * motion) +
                             c.channel2_noise_factor * c.noise * n2);
    }
    if (c.ambient) {
      sample.has_ambient = true;
      const double slow = 0.7 * std::sin(kTwoPi * t / 71.0 + ambient_phase1) +
                          0.3 * std::sin(kTwoPi * t / 23.0 + ambient_phase2);
      sample.ambient =
          static_cast<float>(c.ambient_level + c.ambient_variation * slow + c.ambient_noise * na);
    }
    out.ppg.push_back(sample);
  }
}

}  // namespace

Eigen::Vector3d earth_field_ut(const MagSimSettings& mag) {
  const double dip = mag.dip_deg * kRadPerDeg;
  const double decl = mag.declination_deg * kRadPerDeg;
  const double horizontal = mag.field_ut * std::cos(dip);
  return Eigen::Vector3d(horizontal * std::sin(decl), horizontal * std::cos(decl),
                         -mag.field_ut * std::sin(dip));
}

SimResult simulate(const SimSettings& settings) {
  const WristTrajectory traj(settings);
  SimResult out;
  simulate_imu(settings, traj, out);
  simulate_mag(settings, traj, out);
  simulate_ppg(settings, traj, out);

  for (const double t : traj.step_times_s()) out.truth.steps_us.push_back(to_us(t));
  for (Micros k = 0; static_cast<double>(k) < traj.duration_s(); ++k) {
    const Micros t_us = k * kMicrosPerSecond;
    out.truth.heart_rate.push_back(HeartRateTruth{t_us, traj.heart_rate_bpm(to_s(t_us))});
  }
  for (std::size_t i = 0; i < traj.segments().size(); ++i) {
    const Segment& seg = traj.segments()[i];
    out.truth.segments.push_back(
        SegmentTruth{to_us(traj.segment_start_s(i)), to_us(traj.segment_end_s(i)), seg.activity,
                     activity_has_steps(seg.activity) ? seg.cadence_spm : 0.0, seg.heart_rate_bpm});
  }
  return out;
}

}  // namespace fusetrack::sim
