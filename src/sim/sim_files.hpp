// `fusetrack simulate`'s work without the printing: simulator settings from option values (each
// checked, with a message naming the option), the simulation, and the recording and truth files
// written with their metadata. Shared by the command and the Python package (fusetrack.simulate).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "io/recording.hpp"
#include "sim/settings.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::sim {

// The command's options (docs/simulator.md); `out` is the files' prefix.
struct SimFileOptions {
  std::string out;
  std::uint64_t seed = 1;
  std::string scenario;  // empty: the default scenario
  double duration_scale = 1.0;
  std::size_t pose_every = 1;
  bool gz = false;
  bool no_gyro = false;
  bool no_mag = false;
  bool no_ppg = false;
  std::string placement = "wrist";
  double imu_rate_hz = 0.0;       // 0: the default rate (104 Hz)
  std::string heart_rate;         // empty: the segments' heart rates
  std::string ppg_faults;         // empty: none
  double ppg_full_scale = 0.0;    // 0: the default (65535)
  std::string events;             // empty: none
  double acc_full_scale_g = 0.0;  // 0: no clipping
};
// The options' ranges (the command's parser checks them too).
inline constexpr double kMaxDurationScale = 100.0;
inline constexpr std::uint64_t kMaxPoseEvery = 1000000;
inline constexpr double kMinImuRate_hz = 12.5;
inline constexpr double kMaxImuRate_hz = 1000.0;
inline constexpr double kMaxPpgFullScale = 1e9;

// A number as "%.9g": no blanks, so it can be a metadata value.
std::string number_text(double v);

// What write_simulation made.
struct SimFiles {
  std::string recording;  // OUT.csv or OUT.csv.gz
  std::string truth;      // OUT_truth.csv or OUT_truth.csv.gz
  SimSettings settings;   // as simulated (durations scaled)
  SimResult result;
  io::Metadata metadata;  // the recording's metadata (simulation_metadata + duration_scale)
};

// Simulates `options` and writes the two files. Throws std::invalid_argument naming the option
// ("--scenario ...: ...") for a value out of range, and as the writers do (std::runtime_error
// naming a path that cannot be written).
SimFiles write_simulation(const SimFileOptions& options);

}  // namespace fusetrack::sim
