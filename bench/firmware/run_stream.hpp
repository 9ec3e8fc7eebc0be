// The test stream through a Tracker, as the firmware and the host build both run it: samples
// merged by time (IMU before magnetometer before PPG at equal stamps), events drained after
// each push, and the outputs as integers (printed the same way on both). Also the orientation
// filter alone over the same stream (run_filter_only).
#pragma once

#include <cstdint>

#include "fusetrack/fusetrack.hpp"
#include "stream_data.hpp"

namespace fw {

struct StreamResult {
  std::uint32_t status = 0;   // pushes that were not kOk
  std::uint32_t events = 0;   // events drained
  std::int32_t q_e6[4] = {};  // final orientation w, x, y, z × 1e6
  std::uint32_t steps = 0;
  std::int32_t activity = -1;     // final smoothed class (-1: none)
  std::int32_t heart_bpm_e1 = 0;  // × 10
  std::uint32_t heart_estimates = 0;
  std::int32_t kcal_e3 = 0;  // × 1000
};

inline std::int32_t scaled(float v, float scale) {
  const float s = v * scale;
  return static_cast<std::int32_t>(s < 0.0f ? s - 0.5f : s + 0.5f);
}

template <typename Tracker>
void drain(Tracker& t, StreamResult& r) {
  fusetrack::Event e;
  while (t.pop_event(e)) ++r.events;
}

// The configurations the cost table reports, each the one before with more stages: the
// orientation (EKF 9D) with every stage off; + steps; + activity; + heart rate; everything (+ wear,
// falls, energy). Each has its settings (stream_settings) and the parts a firmware for it builds
// (kConfigParts: BasicTracker<kConfigParts[c]>); the host and the all-parts firmware run every
// configuration through the one Tracker with all parts, chosen by settings alone. The
// magnetometer and PPG are pushed in all of them.
inline constexpr int kConfigs = 5;
inline constexpr const char* kConfigNames[kConfigs] = {"orientation", "steps", "activity", "heart",
                                                       "everything"};
namespace parts = fusetrack::tracker_parts;
inline constexpr std::uint32_t kConfigParts[kConfigs] = {
    parts::kEkf, parts::kEkf | parts::kSteps, parts::kEkf | parts::kSteps | parts::kActivity,
    parts::kEkf | parts::kSteps | parts::kActivity | parts::kHeart,
    parts::kEkf | parts::kSteps | parts::kActivity | parts::kHeart | parts::kWear | parts::kFalls |
        parts::kEnergy};

inline fusetrack::TrackerSettings stream_settings(int config = kConfigs - 1) {
  fusetrack::TrackerSettings s;
  s.imu.nominal_rate_hz = stream::kImuRateHz;
  s.mag.nominal_rate_hz = stream::kMagRateHz;
  s.ppg.nominal_rate_hz = stream::kPpgRateHz;
  s.ppg_channels = 2;
  s.steps.enabled = config >= 1;
  s.activity.enabled = config >= 2;
  s.heart.enabled = config >= 3;
  s.wear.enabled = config >= 4;
  s.falls.enabled = config >= 4;
  s.energy.enabled = config >= 4;
  return s;
}

// Every sample of the stream in time order (IMU before magnetometer before PPG at equal
// stamps), converted to the core's types, to on_imu / on_mag / on_ppg.
template <typename OnImu, typename OnMag, typename OnPpg>
void replay(OnImu&& on_imu, OnMag&& on_mag, OnPpg&& on_ppg) {
  using namespace stream;
  constexpr std::uint32_t ni = sizeof kImu / sizeof kImu[0];
  constexpr std::uint32_t nm = sizeof kMag / sizeof kMag[0];
  constexpr std::uint32_t np = sizeof kPpg / sizeof kPpg[0];
  std::uint32_t i = 0, j = 0, k = 0;
  while (i < ni || j < nm || k < np) {
    int which = -1;
    std::int32_t best = 0;
    if (i < ni) which = 0, best = kImu[i].t_us;
    if (j < nm && (which < 0 || kMag[j].t_us < best)) which = 1, best = kMag[j].t_us;
    if (k < np && (which < 0 || kPpg[k].t_us < best)) which = 2;
    if (which == 0) {
      const Imu& s = kImu[i++];
      fusetrack::ImuSample x;
      x.t_us = s.t_us;
      x.acc_m_s2 =
          fusetrack::Vec3(s.acc_mm_s2[0] * 1e-3f, s.acc_mm_s2[1] * 1e-3f, s.acc_mm_s2[2] * 1e-3f);
      x.gyr_rad_s = fusetrack::Vec3(s.gyr_mrad_s[0] * 1e-3f, s.gyr_mrad_s[1] * 1e-3f,
                                    s.gyr_mrad_s[2] * 1e-3f);
      on_imu(x);
    } else if (which == 1) {
      const Mag& s = kMag[j++];
      fusetrack::MagSample x;
      x.t_us = s.t_us;
      x.mag_ut = fusetrack::Vec3(s.mag_cut[0] * 1e-2f, s.mag_cut[1] * 1e-2f, s.mag_cut[2] * 1e-2f);
      on_mag(x);
    } else {
      const Ppg& s = kPpg[k++];
      fusetrack::PpgSample x;
      x.t_us = s.t_us;
      x.channel_count = 2;
      x.ppg[0] = static_cast<float>(s.ppg[0]);
      x.ppg[1] = static_cast<float>(s.ppg[1]);
      on_ppg(x);
    }
  }
}

inline void quaternion_e6(const fusetrack::Quat& q, StreamResult& r) {
  r.q_e6[0] = scaled(q.w(), 1e6f);
  r.q_e6[1] = scaled(q.x(), 1e6f);
  r.q_e6[2] = scaled(q.y(), 1e6f);
  r.q_e6[3] = scaled(q.z(), 1e6f);
}

// The Tracker's outputs at the end. Not inlined: a firmware reads them in a call of its own,
// so the TrackerOutput is not on the stack under every push.
template <typename Tracker>
[[gnu::noinline]] void read_outputs(const Tracker& t, StreamResult& r) {
  const fusetrack::TrackerOutput o = t.output();
  quaternion_e6(o.orientation.q_es, r);
  r.steps = static_cast<std::uint32_t>(o.steps.steps);
  r.activity = o.activity.has_label ? o.activity.label : -1;
  r.heart_bpm_e1 = scaled(o.heart.bpm, 10.0f);
  r.heart_estimates = o.heart.estimates;
  r.kcal_e3 = static_cast<std::int32_t>((o.energy.total_ukcal + 500u) / 1000u);
}

// Not inlined: the cost table counts the host's instructions inside it (callgrind).
template <typename Tracker>
[[gnu::noinline]] StreamResult run_stream(Tracker& t) {
  StreamResult r;
  const auto count = [&](fusetrack::Status st) {
    if (!fusetrack::ok(st)) ++r.status;
    drain(t, r);
  };
  replay([&](const fusetrack::ImuSample& x) { count(t.push_imu(x)); },
         [&](const fusetrack::MagSample& x) { count(t.push_mag(x)); },
         [&](const fusetrack::PpgSample& x) { count(t.push_ppg(x)); });
  read_outputs(t, r);
  return r;
}

// The replay alone: every sample converted and handed to a callback that only keeps it in
// memory, no filter. What the stream itself costs per sample, inside every other figure.
inline constexpr const char* kReplayOnlyName = "replay_alone";
template <typename T>
inline void keep(const T& x) {
  asm volatile("" : : "g"(&x) : "memory");  // the sample is materialised, nothing is done
}
[[gnu::noinline]] inline StreamResult run_replay_only() {
  replay([](const fusetrack::ImuSample& x) { keep(x); },
         [](const fusetrack::MagSample& x) { keep(x); },
         [](const fusetrack::PpgSample& x) { keep(x); });
  return StreamResult{};
}

// The orientation filter alone, as a firmware without the Tracker would run it: the EKF, 9D
// (gyroscope, accelerometer, magnetometer), no stream checks, stages or events; the PPG unused.
inline constexpr const char* kFilterOnlyName = "ekf_9d_alone";
[[gnu::noinline]] inline StreamResult run_filter_only(fusetrack::OrientationEkf& f) {
  StreamResult r;
  const auto count = [&](fusetrack::Status st) {
    if (!fusetrack::ok(st)) ++r.status;
  };
  replay([&](const fusetrack::ImuSample& x) { count(f.update(x)); },
         [&](const fusetrack::MagSample& x) { count(f.update_mag(x.t_us, x.mag_ut)); },
         [](const fusetrack::PpgSample&) {});
  quaternion_e6(f.orientation(), r);
  return r;
}

}  // namespace fw
