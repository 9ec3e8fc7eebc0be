// False falls: how many alarms the shipped FallDetector raises on recordings in which nobody
// falls, per hour of recording, on the HAR datasets (sp-sw-har, uci-hapt, wisdm) and on
// oxford-steps (each folder's README.md gives its layout, labels and accelerometer). Each
// recording is streamed whole through a fresh detector (the default settings with enabled =
// true, so the default model), in file order with its own stamps, each sample flagged clipped as
// the device's full scale says (train::run_falls); every alarm is a false alarm.
//
// Definitions (rows i = 0 ... n-1 of a recording, stamps t_i):
//   counted alarm        = an alarm (its impact time) not less than 5 s after the previous
//                          counted alarm of the same recording (the falls dataset's rule for
//                          false alarms per hour: one event that alarms twice counts once)
//   label in force at t  = the label of row i for t in [t_i, t_i+1) (row 0's before t_0, the
//                          last row's after t_n-1); for stamps that repeat (sp-sw-har) the last
//                          of the rows with t_i <= t; an alarm belongs to the label in force at
//                          its impact time
//   time of a label      = the sum of the intervals t_i+1 - t_i of the rows i in force with it,
//                          intervals above 1 s (gaps in the recording) left out
//   hours of recording   = the same sum over all rows, labelled or not
//   alarms per hour      = counted alarms / hours; NaN (JSON null) without time
// Every label is scored (nobody falls in any of them). Rows without a label (uci-hapt outside
// every segment) count in the overall figure and in `unlabelled`, not in any activity.
// oxford-steps has no activity labels: every trace is one WALKING label (standing at its start
// and end included, as the dataset's protocol keeps it), and the figures are also given per
// position (how the phone was carried).
//
// Recordings run in parallel (oneTBB) with results gathered and summed in recording order, in
// integers (µs, alarms), so the report is identical for any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "eval/falls_eval.hpp"
#include "eval/oxford_steps.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/falls/fall_detector.hpp"
#include "report/json.hpp"
#include "train/fall_corpus.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::eval {

// The settings the evaluation runs: FallSettings{} with enabled = true (the shipped model).
falls::FallSettings shipped_fall_settings();

// The accelerometer full scale (m/s², per axis) of a HAR dataset's recordings, from its README:
// sp-sw-har ±8 g (both devices), uci-hapt ±2 g (the observed range of its waist phone; the
// largest value in the files is 2.01 g), wisdm ±2 g (the watch saturates there).
float har_acc_full_scale_m_s2(train::HarDatasetKind kind);

// The accelerometer full scale (m/s², per axis) of an oxford-steps trace by its accel_sensor,
// from where the values of the files pile up (the README gives no range): MPU6500 ±4 g
// (39.23 m/s²), BMI160 ±8 g, MPU6515 19.01 m/s² (the largest value, reached in 18 rows of its
// two traces); K2HH ±4 g (its traces stay below 13 m/s², so no sample is near it either way).
// Any other sensor: ±16 g, FullScaleSettings' default.
float oxford_acc_full_scale_m_s2(const std::string& accel_sensor);

// Time and counted alarms of one label of one recording.
struct LabelAlarms {
  Micros time_us = 0;
  std::uint64_t alarms = 0;
};

// What the detector did with one recording.
struct RecordingFalls {
  std::vector<LabelAlarms> per_label;  // labels 0 ... n_labels-1
  LabelAlarms unlabelled;              // rows labelled train::kNoRowLabel
  LabelAlarms total;                   // every row
  std::vector<Micros> alarm_us;        // the counted alarms' impact times, ascending
  std::uint64_t raw_alarms = 0;        // alarms before the 5 s rule
  std::uint64_t candidates = 0;        // impacts the detector judged
};

// Streams `samples` (in file order) through FallDetector(settings), a sample clipped when a
// component is at `acc_full_scale_m_s2` (train::run_falls), applies the 5 s rule and attributes
// the counted alarms and the time to row_labels (definitions above). Throws
// std::invalid_argument naming `path` when row_labels does not have one label per sample or a
// label is neither < n_labels nor train::kNoRowLabel.
RecordingFalls count_false_falls(const std::string& path, const std::vector<ImuSample>& samples,
                                 const std::vector<std::uint8_t>& row_labels, std::size_t n_labels,
                                 float acc_full_scale_m_s2,
                                 const falls::FallSettings& settings = shipped_fall_settings());

// Time and counted alarms pooled over some labels, recordings or subjects.
struct AlarmRate {
  std::string name;  // the label, subject or position
  Micros time_us = 0;
  std::uint64_t alarms = 0;
  double hours() const { return static_cast<double>(time_us) / 3600e6; }
  // alarms / hours(); NaN without time.
  double alarms_per_hour() const;
};

// A recording with at least one counted alarm.
struct RecordingWithAlarms {
  std::string recording;  // its path in the dataset folder
  std::string subject;
  std::vector<Micros> alarm_us;  // counted, ascending
};

struct FalseFallsReport {
  std::string dataset;                  // the folder's layout: sp-sw-har, uci-hapt, ...
  float acc_full_scale_m_s2 = 0.0f;     // HAR datasets: the one full scale; oxford-steps: 0
  AlarmRate overall;                    // every recording, every row
  std::vector<AlarmRate> per_activity;  // each label, the dataset's row_label_names order
  AlarmRate unlabelled;                 // rows without a label (uci-hapt)
  std::vector<AlarmRate> per_subject;   // the dataset's subjects order (sorted)
  // The subjects a shipped model may have learnt from (train::fall_training_subject of their
  // position in per_subject) and the others, held back: the figure to quote is held_out's.
  AlarmRate training_subjects;
  AlarmRate held_out_subjects;
  std::vector<AlarmRate> per_position;  // oxford-steps: each position, first seen order
  std::vector<RecordingWithAlarms> recordings_with_alarms;  // recording order
  std::uint64_t raw_alarms = 0;                             // before the 5 s rule
  std::uint64_t candidates = 0;
  std::size_t recordings = 0;
  std::size_t samples = 0;
};

struct FalseFallsOptions {
  falls::FallSettings settings = shipped_fall_settings();
  std::size_t threads = 0;    // 0: oneTBB's default (all cores)
  bool show_progress = true;  // a progress line on stderr when it is a terminal
};

// Runs count_false_falls over every recording of `dataset`, with
// har_acc_full_scale_m_s2(dataset.kind).
FalseFallsReport evaluate_false_falls(const train::HarDataset& dataset,
                                      const FalseFallsOptions& options = {});

// Runs count_false_falls over every trace of an oxford-steps index (each read whole inside its
// job; oxford_acc_full_scale_m_s2 of its sensor), one label WALKING, and the positions.
FalseFallsReport evaluate_false_falls(const OxfordStepsIndex& index,
                                      const FalseFallsOptions& options = {});

// The report as JSON: dataset, alarms, hours, false_alarms_per_hour, held_out {subjects, hours,
// alarms, alarms_per_hour}, training_subjects {...}, raw_alarms, candidates,
// acc_full_scale_m_s2 (null for oxford-steps), per_activity [{activity, hours, alarms,
// alarms_per_hour}], unlabelled {hours, alarms}, per_subject [{subject, ...}], per_position
// [{position, ...}] (oxford-steps only), recordings_with_alarms [{recording, subject, alarm_s}],
// recordings, samples. The caller adds what it knows (device, data folder).
report::Json to_json(const FalseFallsReport& r);

// The report as text: the overall figure, then tables per activity, per position (oxford-steps)
// and per subject, then the recordings with alarms (the first 20). Names are printed as
// io::printable makes them.
std::string format_false_falls(const FalseFallsReport& r);

}  // namespace fusetrack::eval
