// Loaders for the three activity-recognition datasets (../shared/datasets/{sp-sw-har, uci-hapt,
// wisdm}; each folder's README.md defines its layout, units and evaluation protocol) into one
// shape: recordings of IMU samples in SI units, and the scored windows of the dataset's protocol
// with their class labels and subjects, ready for feature extraction and leave-one-subject-out
// evaluation.
//
// Errors: a missing folder or file throws std::runtime_error naming it; a malformed row, an
// index that disagrees with a data file, or a label outside the dataset's classes throws
// io::ParseError ("FILE:LINE:COLUMN: expected ..., found ..."). Files are read in parallel
// (oneTBB), with results gathered in file order, so the dataset is the same for any thread count;
// a progress line is drawn on stderr when it is a terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack::train {

enum class HarDatasetKind { kSpSwHar, kUciHapt, kWisdm };

// One data file of a dataset.
struct HarRecording {
  std::string path;  // the file relative to the dataset folder, '/'-separated, as found
                     // (e.g. "s01/s01_01_sw.csv", "exp01_user01.csv", "s1600/s1600_A.csv.gz")
  std::size_t subject = 0;  // index into HarDataset::subjects
  // The file's rows in file order (never sorted or de-duplicated: sp-sw-har time stamps repeat):
  // t_us = round(t_s * 1e6); acc in m/s² (gravity included); gyr in rad/s (uci-hapt's mg and
  // mrad/s converted, 1 g = 9.80665 m/s²); has_gyr = true.
  std::vector<ImuSample> samples;
  // The label of each row of `samples` (same length): an index into HarDataset::row_label_names,
  // or kNoRowLabel for a row the dataset gives no label (uci-hapt's samples outside every
  // segment of labels.csv). Unlike the windows, this keeps every label of the file: sp-sw-har's
  // per-row label, uci-hapt's segments of all 12 activities (transitions included), wisdm's file
  // label on every row.
  std::vector<std::uint8_t> row_labels;
};

// HarRecording::row_labels of a row without a label.
inline constexpr std::uint8_t kNoRowLabel = 0xFF;

// One scored window of the dataset's evaluation protocol.
struct HarWindow {
  std::size_t recording = 0;  // index into HarDataset::recordings
  std::size_t first_row = 0;  // rows [first_row, end_row) of the recording lie in the window;
  std::size_t end_row = 0;    // (0-based; row 0 is the first data row after the header)
  // The window's time span. Time windows (wisdm): [5k s, 5k + 10 s), the end excluded. Row
  // windows (sp-sw-har, uci-hapt): the stamps of first_row and of the last row (end_row - 1).
  Micros t_start_us = 0;
  Micros t_end_us = 0;
  int label = 0;  // index into HarDataset::class_names
};

struct HarDataset {
  HarDatasetKind kind = HarDatasetKind::kSpSwHar;
  // "sp-sw-har (phone)", "sp-sw-har (watch)", "uci-hapt", "wisdm (18 activities)",
  // "wisdm (6 groups)".
  std::string name;
  std::vector<std::string> class_names;  // in the README's order
  // The names of HarRecording::row_labels: sp-sw-har the five classes; uci-hapt the 12 activities
  // of activities.csv (WALKING ... LAYING, STAND_TO_SIT ... LIE_TO_STAND; label = id - 1); wisdm
  // the 18 activities (also with `groups`).
  std::vector<std::string> row_label_names;
  std::vector<std::string> subjects;     // ids as in the index files, sorted (numbers by value)
  std::vector<HarRecording> recordings;  // sorted by path
  std::vector<HarWindow> windows;        // the valid scored windows only, by recording then time
};

enum class HarDevice { kPhone, kWatch };

// sp-sw-har: executions.csv lists the executions; `device` picks sXX/sXX_YY_sp.csv (phone) or
// sXX/sXX_YY_sw.csv (watch), each of the row count given there. Classes SEATED, STANDING_UP,
// WALKING, TURNING, SITTING_DOWN (the `label` of every row). Windows of 50 rows with a hop of 25
// from the first row, window k = rows 25k ... 25k+49 while 25k + 50 <= rows (the incomplete tail
// is dropped); label = the majority of the 50 row labels, a tie going to the tied label that
// occurs first in the window. `threads`: 0 = oneTBB's default.
HarDataset load_sp_sw_har(const std::string& dir, HarDevice device, std::size_t threads = 0);

// uci-hapt: recordings.csv lists the files (exp, user, n_samples), labels.csv the labelled
// segments (1-based inclusive sample numbers; segments may not overlap). Classes: the six base
// activities (ids 1-6: WALKING ... LAYING), label = id - 1. In every segment of activity 1-6 of
// L >= 128 samples, window k covers samples start + 64k ... start + 64k + 127 for
// k = 0 ... floor((L - 128) / 64). Transition segments (7-12) and unlabelled samples stay in the
// recordings but get no window.
HarDataset load_uci_hapt(const std::string& dir, std::size_t threads = 0);

// wisdm: files.csv lists the files (file, subject_id, label, n_samples); every row of a file must
// carry the file's label and t_s may not decrease. Window k covers 5k <= t_s < 5k + 10 for all
// k >= 0 with 5k + 10 <= the last row's t_s, and is kept only when no interval between its
// consecutive samples, nor from the window start to its first sample, nor from its last sample to
// the window end, exceeds 1.0 s (an empty window is invalid). `groups` false: the 18 activities
// (WALKING ... FOLDING_CLOTHES, README order), label = the file's; true: the six group6 classes
// STATIC, WALKING, JOGGING, STAIRS, HAND, SPORTS, label = the file's group.
HarDataset load_wisdm(const std::string& dir, bool groups, std::size_t threads = 0);

// wisdm: the group6 class (STATIC, WALKING, JOGGING, STAIRS, HAND, SPORTS; README, "Evaluation
// protocol") of one of the 18 activity labels; empty for any other text.
std::string_view wisdm_group_of(std::string_view activity);

// The subject index (into HarDataset::subjects) of each window, in window order: the folds of a
// leave-one-subject-out evaluation.
std::vector<std::size_t> window_subjects(const HarDataset& dataset);

// The label of each window, in window order.
std::vector<int> window_labels(const HarDataset& dataset);

}  // namespace fusetrack::train
