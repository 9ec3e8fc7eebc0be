// Loader for folders in the spc2015 layout (../shared/datasets/spc2015/README.md), the IEEE
// Signal Processing Cup 2015 wrist PPG recordings:
//   recordings.csv            index, one row per recording
//   recordings/<rec>.csv      signals at 125 Hz: t_s, ppg1_au, ppg2_au, acc_x_g, acc_y_g, acc_z_g
//                             (and ecg_au, which is never read: an estimator may not use it)
//   truth/<rec>_bpm.csv       reference heart rate per window: window, window_start_s,
//                             window_end_s, bpm
// Window i covers the samples 250 i .. 250 i + 999 (8 s, 2 s shift); a recording of n samples has
// floor((n - 1000) / 250) + 1 windows. The signal file is streamed (never held whole). Format
// errors are io::ParseError ("FILE:LINE:COLUMN: expected ..., found ..."); a file that cannot be
// opened is a std::runtime_error naming it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fusetrack/core/types.hpp"

namespace fusetrack::eval {

// The dataset's sampling rate (Hz), its sample interval (µs) and its windows (samples).
inline constexpr double kSpc2015RateHz = 125.0;
inline constexpr Micros kSpc2015SampleUs = 8000;
inline constexpr std::size_t kSpc2015WindowSamples = 1000;  // 8 s
inline constexpr std::size_t kSpc2015HopSamples = 250;      // 2 s

// The README's number of windows of a recording of `n_samples`: floor((n - 1000) / 250) + 1, 0
// when it is shorter than one window.
std::size_t spc2015_window_count(std::size_t n_samples) noexcept;

// One row of recordings.csv.
struct Spc2015RecordingInfo {
  std::string name;           // `recording`: recNN, the file stem in recordings/ and truth/
  std::string original_name;  // the competition's name (DATA_01_TYPE01, ...)
  std::string activity_type;  // T1 (treadmill) or T2 (arm exercises)
  std::string activity;       // free text
  std::size_t n_samples = 0;  // rows in recordings/<name>.csv
  double duration_s = 0.0;    // n_samples / 125
  std::size_t n_windows = 0;  // rows in truth/<name>_bpm.csv (= spc2015_window_count(n_samples))
  bool has_ecg = false;
  std::size_t index_line = 0;  // line of this row in recordings.csv (1 = header)
};

// The index of an spc2015 folder: its recordings in file order.
struct Spc2015Index {
  std::filesystem::path dir;  // the folder holding recordings.csv
  std::vector<Spc2015RecordingInfo> recordings;
};

// Throws std::runtime_error naming `dir` ("--data DIR: no such folder ...") when it is not a
// folder, or when it holds no recordings.csv.
void check_spc2015_folder(const std::filesystem::path& dir);

// Reads `dir`/recordings.csv. Columns are found by header name (order free; extra columns
// ignored; text may be quoted). Throws ParseError on a missing column, a row with another number
// of fields than the header, a value that is not a number (counts: an integer >= 0; has_ecg: 0 or
// 1), a duration_s other than n_samples / 125, an n_windows other than the README's count, an
// empty or path-like recording name, or a name used twice.
Spc2015Index load_spc2015_index(const std::filesystem::path& dir);

// One row of a signal file: the PPG channels as given (arbitrary units) and the accelerometer in
// g, as in the file (gravity included).
struct Spc2015Sample {
  std::size_t index = 0;  // 0-based sample index; its time is index x 8 ms
  float ppg1 = 0.0f;
  float ppg2 = 0.0f;
  Vec3 acc_g = Vec3::Zero();
};

// Streams `index.dir`/recordings/<name>.csv, calling on_sample for every row in file order.
// Throws ParseError on a missing column, a row with another number of fields than the header, a
// bad number, a t_s other than its row's index / 125 (to the file's millisecond; no gaps), or a
// row count other than info.n_samples (reported after the last row). Returns the number of rows.
std::size_t read_spc2015_signals(const Spc2015Index& index, const Spc2015RecordingInfo& info,
                                 const std::function<void(const Spc2015Sample&)>& on_sample);

// The reference heart rate of every window of the recording (truth/<name>_bpm.csv), beats/min,
// window order. Throws ParseError on a missing column, a bad number, a window other than its row's
// index, window_start_s / window_end_s other than 2 i / 2 i + 8, a bpm that is not positive, or a
// row count other than info.n_windows (reported after the last row).
std::vector<double> load_spc2015_truth(const Spc2015Index& index, const Spc2015RecordingInfo& info);

}  // namespace fusetrack::eval
