// Small spc2015-layout folders for the tests (recordings.csv, recordings/<rec>.csv,
// truth/<rec>_bpm.csv), with a synthetic pulse of a known rate, so the loader, the protocol's
// feed and the command can be checked without the dataset.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "../io/io_test_util.hpp"

namespace fusetrack::testing {

// The README's index header.
inline constexpr const char* kSpc2015IndexHeader =
    "recording,original_name,activity_type,activity,n_samples,duration_s,n_windows,has_ecg\n";
inline constexpr const char* kSpc2015SignalHeader =
    "t_s,ppg1_au,ppg2_au,acc_x_g,acc_y_g,acc_z_g,ecg_au\n";
inline constexpr const char* kSpc2015TruthHeader = "window,window_start_s,window_end_s,bpm\n";

// One synthetic recording: a pulse at `bpm` on both PPG channels (channel 2 weaker and shifted),
// and a wrist at rest (1 g on z) with a small sway at `sway_hz` (0: none).
struct SyntheticRecording {
  std::string name = "rec01";
  std::string activity_type = "T1";
  std::string activity = "treadmill walk/run";
  std::size_t n_samples = 7500;  // 60 s at 125 Hz: 27 windows
  double bpm = 90.0;
  double sway_hz = 0.0;
};

inline std::size_t synthetic_windows(std::size_t n_samples) {
  return n_samples < 1000 ? 0 : (n_samples - 1000) / 250 + 1;
}

// recordings.csv's row for `r` (activity quoted: it may hold a comma).
inline std::string spc2015_index_row(const SyntheticRecording& r) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s,DATA_%s,%s,\"%s\",%zu,%.3f,%zu,1\n", r.name.c_str(),
                r.name.c_str(), r.activity_type.c_str(), r.activity.c_str(), r.n_samples,
                static_cast<double>(r.n_samples) / 125.0, synthetic_windows(r.n_samples));
  return buf;
}

// The signal file's text, values as the dataset writes them (t_s with three decimals).
inline std::string spc2015_signal_text(const SyntheticRecording& r) {
  std::string text = kSpc2015SignalHeader;
  const double two_pi = 2.0 * 3.14159265358979323846;
  char buf[160];
  for (std::size_t k = 0; k < r.n_samples; ++k) {
    const double t = static_cast<double>(k) / 125.0;
    const double phase = two_pi * r.bpm / 60.0 * t;
    const double sway = r.sway_hz > 0.0 ? 0.05 * std::sin(two_pi * r.sway_hz * t) : 0.0;
    std::snprintf(buf, sizeof buf, "%.3f,%.1f,%.1f,%.4f,%.4f,%.4f,0\n", t, 100.0 * std::sin(phase),
                  60.0 * std::sin(phase - 0.4), sway, 0.0, 1.0 + sway);
    text += buf;
  }
  return text;
}

// The truth file's text: every window at `bpm`.
inline std::string spc2015_truth_text(const SyntheticRecording& r) {
  std::string text = kSpc2015TruthHeader;
  char buf[96];
  for (std::size_t i = 0; i < synthetic_windows(r.n_samples); ++i) {
    std::snprintf(buf, sizeof buf, "%zu,%zu,%zu,%.3f\n", i, 2 * i, 2 * i + 8, r.bpm);
    text += buf;
  }
  return text;
}

// Writes an spc2015 folder of `recordings` into `dir` (created when missing).
inline void write_spc2015_folder(const std::string& dir,
                                 const std::vector<SyntheticRecording>& recordings) {
  std::filesystem::create_directories(std::filesystem::path(dir) / "recordings");
  std::filesystem::create_directories(std::filesystem::path(dir) / "truth");
  std::string index = kSpc2015IndexHeader;
  for (const SyntheticRecording& r : recordings) {
    index += spc2015_index_row(r);
    io::testing::write_text(dir + "/recordings/" + r.name + ".csv", spc2015_signal_text(r));
    io::testing::write_text(dir + "/truth/" + r.name + "_bpm.csv", spc2015_truth_text(r));
  }
  io::testing::write_text(dir + "/recordings.csv", index);
}

}  // namespace fusetrack::testing
