// False steps: how many steps the shipped StepDetector counts while the wearer is not walking, on
// the labelled HAR datasets (sp-sw-har, uci-hapt, wisdm; each folder's README.md gives the
// labels). Each recording is streamed whole through a fresh detector (default settings), in file
// order with its own stamps, so the detector sees the transitions as on a device; each counted
// step is attributed by its time (StepEvent::t_us, the estimated foot landing) to the label in
// force then, and the steps per minute of non-walking time are reported overall, per label and
// per subject.
//
// Definitions (rows i = 0 ... n-1 of a recording, stamps t_i):
//   label in force at t  = the label of row i for t in [t_i, t_i+1) (row 0's before t_0, the
//                          last row's after t_n-1); for stamps that repeat (sp-sw-har) the last
//                          of the rows with t_i <= t
//   time of a label      = the sum of the intervals t_i+1 - t_i of the rows i in force with it,
//                          intervals above 1 s (gaps in the recording) left out
//   steps per minute     = steps / (time in minutes); NaN (JSON null) without time
// Rows without a label (uci-hapt outside every segment) and labels that are neither walking nor
// non-walking (wisdm's sports) are not scored: neither their time nor their steps count.
//
// Recordings run in parallel (oneTBB) with results gathered and summed in recording order, in
// integers (µs, steps), so the report is identical for any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fusetrack/core/types.hpp"
#include "fusetrack/steps/step_detector.hpp"
#include "report/json.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::eval {

// What a label means to a step counter.
enum class LabelRole : std::uint8_t {
  kNotScored = 0,   // neither: not counted (wisdm's ball sports)
  kWalking = 1,     // steps expected (walking, turning, stairs, jogging)
  kNonWalking = 2,  // any step counted here is a false step
};

// The role of each of dataset.row_label_names:
//   sp-sw-har: SEATED, STANDING_UP, SITTING_DOWN non-walking; WALKING, TURNING walking.
//   uci-hapt:  SITTING, STANDING, LAYING and the six postural transitions non-walking; WALKING,
//              WALKING_UPSTAIRS, WALKING_DOWNSTAIRS walking.
//   wisdm:     the STATIC and HAND groups of the README non-walking; WALKING, JOGGING, STAIRS
//              walking; SPORTS not scored.
std::vector<LabelRole> label_roles(const train::HarDataset& dataset);

// Time and steps of one label of one recording.
struct LabelCount {
  Micros time_us = 0;
  std::uint64_t steps = 0;
};

// Streams r.samples (accelerometer only, in file order) through StepDetector(settings) and
// returns, for each label 0 ... n_labels-1 of r.row_labels, its time and the steps in force
// with it (definitions above). Rows labelled kNoRowLabel count nowhere. Throws
// std::invalid_argument when r.row_labels does not have one label per sample or a label is
// neither < n_labels nor kNoRowLabel.
std::vector<LabelCount> count_steps_by_label(const train::HarRecording& r, std::size_t n_labels,
                                             const steps::StepSettings& settings = {});

// Time and steps pooled over some labels (and recordings).
struct StepRate {
  std::string name;  // the label or subject
  Micros time_us = 0;
  std::uint64_t steps = 0;
  double minutes() const { return static_cast<double>(time_us) / 60e6; }
  // steps / minutes(); NaN without time.
  double steps_per_minute() const;
};

struct FalseStepsReport {
  StepRate non_walking;                // every non-walking label, every recording
  StepRate walking;                    // the walking labels, for comparison
  std::vector<StepRate> per_activity;  // each non-walking label, row_label_names order
  std::vector<StepRate> subjects;      // non-walking time per subject, dataset.subjects order
  // Index into `subjects` of the highest steps per minute (the first on a tie; subjects without
  // non-walking time are not candidates); subjects.size() when there is none.
  std::size_t worst_subject = 0;
  std::vector<std::string> walking_labels;  // the labels counted as walking, for the text
  std::size_t recordings = 0;
  std::size_t samples = 0;
};

struct FalseStepsOptions {
  steps::StepSettings settings;  // the detector's; default: the shipped settings
  std::size_t threads = 0;       // 0: oneTBB's default (all cores)
  bool show_progress = true;     // a progress line on stderr when it is a terminal
};

// Runs count_steps_by_label over every recording of `dataset` with label_roles(dataset).
FalseStepsReport evaluate_false_steps(const train::HarDataset& dataset,
                                      const FalseStepsOptions& options = {});

// The report as JSON: steps_per_minute, non_walking_minutes, non_walking_steps, per_activity
// [{activity, minutes, steps, steps_per_minute}], subjects [{subject, minutes, steps,
// steps_per_minute}], max_subject_steps_per_minute, worst_subject, walking {labels, minutes,
// steps, steps_per_minute}, recordings, samples. The caller adds what it knows (dataset, device).
report::Json to_json(const FalseStepsReport& r);

// The report as text: the overall figure, the worst subject, the walking figure, then the tables
// per activity and per subject. Names are printed as io::printable makes them.
std::string format_false_steps(const FalseStepsReport& r);

}  // namespace fusetrack::eval
