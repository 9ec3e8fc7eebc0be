// Test helpers: synthetic BROAD trials with exact truth, and tiny BROAD-layout folders written to
// a temporary directory (removed again by the destructor).
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "io/broad.hpp"

namespace fusetrack::testing {

inline constexpr Micros kBroadPeriodUs = 3500;  // BROAD's 285.714 Hz

// A trial rotating at the constant body rate `gyr_rad_s` from sample 0; the reference is
// q_ref,k = q0 ⊗ exp(ω t_k), so a filter that integrates the gyroscope from identity has the
// constant earth-frame error q0* on every sample. `gyr_noise_rad_s` (seeded) is added to the
// measured rate only. The first `rest` samples have movement = 0.
inline io::BroadTrial rotating_trial(const std::string& name, const Eigen::Quaterniond& q0,
                                     const Eigen::Vector3d& gyr_rad_s, std::size_t n,
                                     std::size_t rest = 0, double gyr_noise_rad_s = 0.0,
                                     unsigned seed = 1) {
  io::BroadTrial t;
  t.info.name = name;
  t.info.condition = "undisturbed";
  t.info.motion = "rotation";
  t.info.speed = "slow";
  t.info.breaks = "no_breaks";
  t.info.disturbance = "none";
  t.info.sampling_rate_hz = 1e6 / static_cast<double>(kBroadPeriodUs);
  t.info.n_samples = n;
  t.info.duration_s = static_cast<double>(n) * 1e-6 * static_cast<double>(kBroadPeriodUs);
  t.info.description = "synthetic, constant rate, \"quoted\", with commas";
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, gyr_noise_rad_s > 0.0 ? gyr_noise_rad_s : 1.0);
  const double rate = gyr_rad_s.norm();
  for (std::size_t k = 0; k < n; ++k) {
    const Micros t_us = static_cast<Micros>(k) * kBroadPeriodUs;
    const double t_s = static_cast<double>(t_us) * 1e-6;
    Eigen::Quaterniond turn = Eigen::Quaterniond::Identity();
    if (rate > 0.0) turn = Eigen::AngleAxisd(rate * t_s, gyr_rad_s / rate);
    const Eigen::Quaterniond ref = q0 * turn;
    Eigen::Vector3d gyr = gyr_rad_s;
    if (gyr_noise_rad_s > 0.0) gyr += Eigen::Vector3d(noise(rng), noise(rng), noise(rng));
    // Gravity and a field of ≈ (0.2, 15.7, -40.8) µT in ENU, seen from the sensor.
    const Eigen::Vector3d acc = ref.conjugate() * Eigen::Vector3d(0.0, 0.0, 9.81);
    const Eigen::Vector3d mag = ref.conjugate() * Eigen::Vector3d(0.2, 15.7, -40.8);
    t.t_us.push_back(t_us);
    t.gyr_rad_s.push_back(gyr.cast<float>());
    t.acc_m_s2.push_back(acc.cast<float>());
    t.mag_ut.push_back(mag.cast<float>());
    t.ref.push_back(ref);
    t.movement.push_back(k < rest ? 0 : 1);
    if (k >= rest) ++t.info.n_movement;
  }
  return t;
}

// Quotes a CSV field when it holds a comma or a quote (RFC 4180).
inline std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

inline std::string number(double v, int digits) {
  if (std::isnan(v)) return "nan";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

inline const char* kBroadIndexHeader =
    "name,condition,motion,speed,breaks,disturbance,sampling_rate_hz,n_samples,duration_s,"
    "n_movement,n_movement_ref_missing,description\n";

// One row of trials.csv for `i`.
inline std::string index_row(const io::BroadTrialInfo& i) {
  return csv_field(i.name) + "," + i.condition + "," + i.motion + "," + i.speed + "," + i.breaks +
         "," + i.disturbance + "," + number(i.sampling_rate_hz, 11) + "," +
         std::to_string(i.n_samples) + "," + number(i.duration_s, 10) + "," +
         std::to_string(i.n_movement) + "," + std::to_string(i.n_movement_ref_missing) + "," +
         csv_field(i.description) + "\n";
}

inline const char* kBroadTrialHeader =
    "t_s,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,mag_x_uT,mag_y_uT,"
    "mag_z_uT,ref_qw,ref_qx,ref_qy,ref_qz,movement\n";

// The text of trials/<name>.csv for `t`; floats with 9 and doubles with 17 significant digits, so
// that reading it back is exact.
inline std::string trial_text(const io::BroadTrial& t) {
  std::string s = kBroadTrialHeader;
  for (std::size_t k = 0; k < t.size(); ++k) {
    s += number(static_cast<double>(t.t_us[k]) * 1e-6, 17);
    for (const Vec3* v : {&t.gyr_rad_s[k], &t.acc_m_s2[k], &t.mag_ut[k]}) {
      for (int c = 0; c < 3; ++c) s += "," + number(static_cast<double>((*v)[c]), 9);
    }
    const Eigen::Quaterniond& q = t.ref[k];
    for (const double c : {q.w(), q.x(), q.y(), q.z()}) s += "," + number(c, 17);
    s += "," + std::to_string(t.movement[k]) + "\n";
  }
  return s;
}

// A temporary folder, removed with everything in it when the object goes.
class TempFolder {
 public:
  explicit TempFolder(const std::string& tag) {
    static std::atomic<int> counter{0};
    dir_ =
        std::filesystem::temp_directory_path() /
        ("fusetrack_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "trials");
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& dir() const { return dir_; }

  // Writes `text` to dir()/relative.
  void write(const std::string& relative, const std::string& text) const {
    std::ofstream out(dir_ / relative, std::ios::binary);
    out << text;
  }

  // Writes trials.csv for `trials` and each trial's file.
  void write_broad(const std::vector<io::BroadTrial>& trials) const {
    std::string index = kBroadIndexHeader;
    for (const io::BroadTrial& t : trials) {
      index += index_row(t.info);
      write("trials/" + t.info.name + ".csv", trial_text(t));
    }
    write("trials.csv", index);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace fusetrack::testing
