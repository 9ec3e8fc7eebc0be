#include "sim/simulator.hpp"

#include <algorithm>
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
    Eigen::Vector3d acc =
        st.specific_force_s_m_s2() + imu.acc_bias_m_s2 + normal3(rng, imu.acc_noise_m_s2);
    if (imu.acc_full_scale_g > 0.0) {
      // A saturating sensor: each axis at most its full scale.
      const double fs = imu.acc_full_scale_g * kGravity;
      for (int i = 0; i < 3; ++i) acc[i] = std::clamp(acc[i], -fs, fs);
    }
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

// The PPG fault stretches of `c` in time order, on the time-stamp clock, and for each ambient
// one its light's three sines (docs/simulator.md, "PPG faults").
struct FaultStretch {
  io::PpgFaultTruth truth;
  double hz[3] = {0.0, 0.0, 0.0};
  double phase_rad[3] = {0.0, 0.0, 0.0};
};

std::vector<FaultStretch> fault_stretches(const PpgSimSettings& c, std::uint64_t seed) {
  std::vector<FaultStretch> out;
  for (std::size_t i = 0; i < c.faults.size(); ++i) {
    const PpgFaultStretch& f = c.faults[i];
    FaultStretch s;
    s.truth = io::PpgFaultTruth{to_us(f.start_s), to_us(f.end_s), f.kind};
    if (f.kind == PpgFault::kAmbient) {
      // One generator per stretch, as for the gestures: a stretch's light does not depend on the
      // others, and no other stream's numbers change.
      Rng rng(seed + 0x9E3779B97F4A7C15ull * (i + 1), RngStream::kPpgFaults);
      for (int k = 0; k < 3; ++k) {
        s.hz[k] = rng.uniform(c.ambient_fault_min_hz, c.ambient_fault_max_hz);
        s.phase_rad[k] = rng.uniform(0.0, kTwoPi);
      }
    }
    out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(), [](const FaultStretch& a, const FaultStretch& b) {
    return a.truth.start_us < b.truth.start_us;
  });
  return out;
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
  const std::vector<FaultStretch> faults = fault_stretches(c, s.seed);
  std::size_t next_fault = 0;  // the first stretch that has not ended before the sample
  PpgSample held;              // flat: the stretch's first sample
  const FaultStretch* held_for = nullptr;
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

    // The noise is drawn for every sample, fault or not, so a stretch leaves every other sample
    // as it is without faults.
    const double n1 = rng.normal();
    const double n2 = rng.normal();
    const double na = rng.normal();
    double v[2] = {clean + motion + c.noise * n1,
                   c.channel2_gain * (clean + c.channel2_motion_factor * motion) +
                       c.channel2_noise_factor * c.noise * n2};
    const double slow = 0.7 * std::sin(kTwoPi * t / 71.0 + ambient_phase1) +
                        0.3 * std::sin(kTwoPi * t / 23.0 + ambient_phase2);
    const double ambient_light = c.ambient_level + c.ambient_variation * slow;
    double ambient = ambient_light + c.ambient_noise * na;

    while (next_fault < faults.size() && faults[next_fault].truth.end_us <= t_us) ++next_fault;
    const FaultStretch* fault =
        next_fault < faults.size() && faults[next_fault].truth.start_us <= t_us
            ? &faults[next_fault]
            : nullptr;
    const double gain[2] = {1.0, c.channel2_gain};
    const double noise[2] = {c.noise * n1, c.channel2_noise_factor * c.noise * n2};
    if (fault != nullptr) {
      switch (fault->truth.kind) {
        case PpgFault::kNoContact:
          // Off the skin: LED light leaking to the photodiode, and the room's light.
          for (int ch = 0; ch < 2; ++ch) {
            v[ch] =
                gain[ch] * c.no_contact_leak * c.dc + (c.ambient ? ambient_light : 0.0) + noise[ch];
          }
          break;
        case PpgFault::kClipped:
          // The channel's baseline moves above the full scale (the offset follows the slow
          // baseline, so the share at the rail does not depend on the drift's phase): the light
          // between the pulse's dips is clipped.
          for (int ch = 0; ch < 2; ++ch) {
            v[ch] += c.full_scale + gain[ch] * (c.clip_excess * c.pulse_amplitude - baseline);
          }
          break;
        case PpgFault::kAmbient: {
          double m = 0.0;
          for (int k = 0; k < 3; ++k) {
            m += std::sin(kTwoPi * fault->hz[k] * t + fault->phase_rad[k]);
          }
          const double added = c.ambient_fault_amplitude * (1.0 + m / 3.0);
          ambient += added;
          for (double& x : v) x += c.ambient_fault_leak * added;
          break;
        }
        case PpgFault::kFlat:
          break;  // below: the stretch's first sample, held
      }
    }

    PpgSample sample;
    sample.t_us = t_us;
    sample.channel_count = c.channels;
    // The converter's range: with the defaults only a clipped stretch reaches it.
    sample.ppg[0] = static_cast<float>(std::clamp(v[0], 0.0, c.full_scale));
    if (c.channels >= 2) sample.ppg[1] = static_cast<float>(std::clamp(v[1], 0.0, c.full_scale));
    if (c.ambient) {
      sample.has_ambient = true;
      sample.ambient = static_cast<float>(std::clamp(ambient, 0.0, c.full_scale));
    }
    if (fault != nullptr && fault->truth.kind == PpgFault::kFlat) {
      if (held_for != fault) {
        held = sample;
        held_for = fault;
      }
      held.t_us = t_us;
      sample = held;
    }
    out.ppg.push_back(sample);
  }
}

// |specific force| of the true motion at t, m/s² (what an ideal accelerometer's magnitude reads).
double specific_force_norm(const WristTrajectory& traj, double t_s) {
  return (traj.state(t_s).lin_acc_e_m_s2 + Eigen::Vector3d(0.0, 0.0, kGravity)).norm();
}

// The event's truth: the largest |specific force| in its search window, found on a 1 ms grid and
// refined to 10 µs around the best grid point.
io::MotionEventTruth event_truth(const WristTrajectory& traj,
                                 const WristTrajectory::MotionEventSpan& e) {
  double best_t = e.impact_s;
  double best = specific_force_norm(traj, best_t);
  auto search = [&](double from, double to, double step) {
    const auto n = static_cast<long>(std::ceil((to - from) / step));
    for (long k = 0; k <= n; ++k) {
      const double t = std::min(to, from + static_cast<double>(k) * step);
      const double v = specific_force_norm(traj, t);
      if (v > best) {
        best = v;
        best_t = t;
      }
    }
  };
  search(std::max(0.0, e.search_from_s), std::min(traj.duration_s(), e.search_to_s), 1e-3);
  search(best_t - 1e-3, best_t + 1e-3, 1e-5);
  io::MotionEventTruth t;
  t.kind = e.kind;
  t.start_us = to_us(e.start_s);
  t.impact_us = to_us(best_t);
  t.end_us = to_us(e.end_s);
  t.peak_g = best / kGravity;
  t.is_fall = motion_kind_is_fall(e.kind);
  return t;
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
    out.truth.segments.push_back(SegmentTruth{
        to_us(traj.segment_start_s(i)), to_us(traj.segment_end_s(i)), seg.activity,
        activity_has_steps(seg.activity) ? seg.cadence_spm : 0.0, traj.segment_heart_rate_bpm(i)});
  }
  for (const FaultStretch& f : fault_stretches(settings.ppg, settings.seed)) {
    out.truth.ppg_faults.push_back(f.truth);
  }
  for (const WristTrajectory::MotionEventSpan& e : traj.motion_events()) {
    out.truth.events.push_back(event_truth(traj, e));
  }
  return out;
}

}  // namespace fusetrack::sim
