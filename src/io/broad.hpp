// Loader for folders in the BROAD layout (see ../shared/datasets/broad/README.md):
//   trials.csv          index, one row per trial
//   trials/<name>.csv   one row per IMU sample (t_s, gyr, acc, mag, reference quaternion, movement)
// Errors are thrown as std::runtime_error-derived exceptions naming file, line, column, what was
// expected and what was found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "fusetrack/core/types.hpp"

namespace fusetrack::io {

// One row of trials.csv: a trial's name and the labels the evaluation groups by.
struct BroadTrialInfo {
  std::string name;         // file stem in trials/
  std::string condition;    // "undisturbed" or "disturbed"
  std::string motion;       // "rotation", "translation", "combined"
  std::string speed;        // "slow", "fast", "medium"
  std::string breaks;       // "no_breaks" or "with_breaks"
  std::string disturbance;  // "none", "tapping", "vibration", "stationary_magnet", ...
  double sampling_rate_hz = 0.0;
  std::size_t n_samples = 0;               // rows in the trial file
  double duration_s = 0.0;                 // n_samples / rate
  std::size_t n_movement = 0;              // rows with movement = 1
  std::size_t n_movement_ref_missing = 0;  // of those, rows whose reference is nan
  std::string description;                 // original BROAD description (free text)
  std::size_t index_line = 0;              // line of this row in trials.csv (1 = header)
};

// The index of a BROAD-layout folder: its trials in file order.
struct BroadIndex {
  std::filesystem::path dir;  // the folder holding trials.csv
  std::vector<BroadTrialInfo> trials;
};

// One trial's samples; every vector has one entry per row of trials/<name>.csv.
struct BroadTrial {
  BroadTrialInfo info;
  std::vector<Micros> t_us;     // time stamp, µs (t_s * 1e6, rounded to the nearest µs)
  std::vector<Vec3> gyr_rad_s;  // angular rate, sensor frame S, rad/s
  std::vector<Vec3> acc_m_s2;   // specific force, sensor frame S, m/s²
  std::vector<Vec3> mag_ut;     // magnetic flux density, sensor frame S, µT
  std::vector<Eigen::Quaterniond>
      ref;                             // q_ES reference (w, x, y, z), not normalized; NaN = missing
  std::vector<std::uint8_t> movement;  // 1 = movement phase (scored), 0 = rest

  std::size_t size() const noexcept { return t_us.size(); }
};

// Reads `dir`/trials.csv. Columns are found by header name (order free; extra columns ignored);
// the description may be quoted and contain commas. Throws on a missing file, a missing column,
// an unparsable or out-of-range value, or a duplicate trial name.
BroadIndex load_broad_index(const std::filesystem::path& dir);

// Reads `dir`/trials/<info.name>.csv (or .csv.gz). Checks the row count and the movement and
// missing-reference counts against `info`, that t_s increases, and that movement is 0 or 1.
BroadTrial load_broad_trial(const std::filesystem::path& dir, const BroadTrialInfo& info);

// Reads the index and every trial, in index order.
std::vector<BroadTrial> load_broad(const std::filesystem::path& dir);

}  // namespace fusetrack::io
