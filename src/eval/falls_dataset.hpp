// Loader for folders in the falls layout (../shared/datasets/falls/README.md, UMAFall's wrist
// node):
//   trials.csv          index, one row per trial (name, subject, age_group, activity_code,
//                       is_fall, duration_s, ...; other columns are allowed and ignored)
//   trials/NAME.csv     one trial: t_s, acc_*_m_s2, gyr_*_rad_s (mag_* ignored)
// Every time becomes t_us = round(t_s x 1e6); stamps may repeat (re-delivered packets) but not go
// back. The accelerometer saturates at ±8 g per axis (the README), so each trial carries that
// full scale and the detector sees samples at the limit as clipped. Format errors are
// io::ParseError ("FILE:LINE:COLUMN: expected ..., found ..."); a file that cannot be opened is a
// std::runtime_error naming it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "train/fall_training.hpp"

namespace fusetrack::eval {

// Per-axis limit of the folder's accelerometer, g (its README: "saturates at ±8 g").
inline constexpr float kFallsDatasetFullScale_g = 8.0f;

struct FallsDataset {
  std::filesystem::path dir;
  std::vector<train::FallTrial> trials;  // trials.csv order
  std::vector<std::string> subjects;     // in order of first appearance in trials.csv
  std::size_t samples() const;
};

// Reads trials.csv and every trial file it names (in parallel on `threads` oneTBB workers, 0 =
// all cores; the result does not depend on the number). A trial whose file has fewer than two
// rows, an is_fall other than 0 / 1, or an activity code whose letter disagrees with is_fall
// (F.. for falls, D.. for daily activities) is an error at its index line.
FallsDataset load_falls_dataset(const std::filesystem::path& dir, std::size_t threads = 0);

}  // namespace fusetrack::eval
