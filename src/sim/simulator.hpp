// The wrist-recording simulator: sampled IMU, magnetometer and PPG streams, each on its own clock,
// with the exact truth they were generated from (orientation and gyro bias per IMU sample, step
// times, heart rate, activity segments, PPG faults, falls and fall-like motions). Models and
// formats: docs/simulator.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/types.hpp"
#include "io/truth.hpp"
#include "sim/settings.hpp"

namespace fusetrack::sim {

// The truth the streams are made from (io/truth.hpp: the truth file reads and writes it).
using io::HeartRateTruth;
using io::PoseTruth;
using io::SegmentTruth;
using SimTruth = io::Truth;

// The simulated streams (each ordered by time, strictly increasing) and their truth.
struct SimResult {
  std::vector<ImuSample> imu;
  std::vector<MagSample> mag;  // empty when settings.mag.enabled is false
  std::vector<PpgSample> ppg;  // empty when settings.ppg.enabled is false
  SimTruth truth;
};

// Simulates the scenario of `settings`. Deterministic: the same settings give the same result,
// bit for bit (on one platform and standard library). Throws std::invalid_argument when the
// settings do not validate.
SimResult simulate(const SimSettings& settings);

// Calls visit(sample) for every sample of `r` in time-stamp order, the IMU first, then the
// magnetometer, then the PPG at equal stamps (as a device's FIFOs would be drained); `visit`
// takes const ImuSample&, const MagSample& and const PpgSample& (an overloaded lambda).
template <typename Visitor>
void visit_in_time_order(const SimResult& r, Visitor&& visit) {
  constexpr Micros kEnd = INT64_MAX;
  std::size_t i = 0, m = 0, p = 0;
  while (i < r.imu.size() || m < r.mag.size() || p < r.ppg.size()) {
    const Micros ti = i < r.imu.size() ? r.imu[i].t_us : kEnd;
    const Micros tm = m < r.mag.size() ? r.mag[m].t_us : kEnd;
    const Micros tp = p < r.ppg.size() ? r.ppg[p].t_us : kEnd;
    if (ti <= tm && ti <= tp) {
      visit(r.imu[i++]);
    } else if (tm <= tp) {
      visit(r.mag[m++]);
    } else {
      visit(r.ppg[p++]);
    }
  }
}

// The Earth's magnetic field in E (ENU), µT: (B cos I sin D, B cos I cos D, -B sin I) for
// magnitude B, dip I and declination D.
Eigen::Vector3d earth_field_ut(const MagSimSettings& mag);

}  // namespace fusetrack::sim
