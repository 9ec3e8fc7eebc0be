// Fall detection scored with the falls folder's protocol (../shared/datasets/falls/README.md,
// "Evaluation protocol"):
//   1. each trial streams through a fresh FallDetector, in stamp order, with its own stamps;
//   2. a trial is positive when at least one alarm occurs in it: TP / FN over the fall trials,
//      FP / TN over the daily-activity (ADL) trials; sensitivity, specificity, √(Se·Sp);
//   3. false alarms per hour of ADL: alarms of ADL trials, one less than 5 s after the previous
//      counted alarm of the same trial not counted again, over Σ duration_s of the ADL trials;
//   4. sensitivity per fall code, false-positive rate per ADL code, the older_50plus subjects
//      apart;
//   5. with cross-validation, leave-one-subject-out: the model and its threshold are fitted on
//      the other subjects' trials only (an injectable fitter, train::fit_fall_model by default),
//      the left-out subject is scored, and the counts are summed over the folds (pooled); the
//      unweighted mean of per-subject sensitivity and specificity is reported beside them
//      (subjects without falls count for specificity only);
//   6. without it the detector as configured (the shipped model by default) is scored once.
// Trials (fixed) or folds (cross-validation) run in parallel with oneTBB and are gathered in
// order, counts in integers, so the report is identical for any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eval/falls_dataset.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/falls/fall_detector.hpp"
#include "report/json.hpp"
#include "train/fall_training.hpp"

namespace fusetrack::eval {

// The protocol's repeat rule: an alarm less than this after the previous counted one of the same
// recording is not counted again, µs.
inline constexpr Micros kFallAlarmRepeatUs = 5'000'000;

// The alarms of `alarms_us` (impact times, any order) that count under the repeat rule,
// ascending: each at least repeat_us after the previous counted one.
std::vector<Micros> counted_alarm_times(std::vector<Micros> alarms_us,
                                        Micros repeat_us = kFallAlarmRepeatUs);
// counted_alarm_times(alarms_us, repeat_us).size().
std::size_t counted_alarms(const std::vector<Micros>& alarms_us,
                           Micros repeat_us = kFallAlarmRepeatUs);

// Trials and alarms pooled over some trials.
struct FallsCounts {
  std::size_t tp = 0, fn = 0, fp = 0, tn = 0;
  std::size_t adl_alarms = 0;            // counted alarms of ADL trials (repeat rule)
  double adl_duration_s = 0.0;           // Σ duration_s of the ADL trials
  double sensitivity() const;            // TP / (TP + FN); NaN without fall trials
  double specificity() const;            // TN / (TN + FP); NaN without ADL trials
  double geometric_mean() const;         // √(Se·Sp); NaN when either is
  double false_alarms_per_hour() const;  // adl_alarms per hour of ADL; NaN without ADL time
  std::size_t falls() const { return tp + fn; }
  std::size_t adls() const { return fp + tn; }
  void add(const FallsCounts& o);
};

// What happened in one trial.
struct FallsTrialResult {
  bool positive = false;         // at least one alarm
  std::size_t alarms = 0;        // counted under the repeat rule
  Micros first_alarm_us = -1;    // -1: none
  std::size_t candidates = 0;    // impacts the detector judged
  float best_confidence = 0.0f;  // highest confidence of a candidate, 0 without
  FallsCounts counts;            // this trial alone
};

struct FallsGroup {
  std::string name;  // activity code or subject
  FallsCounts counts;
};

// One leave-one-subject-out fold.
struct FallsFold {
  std::string subject;         // scored
  std::int32_t threshold = 0;  // the fitted model's alarm threshold (logit margin)
  std::size_t training_rows = 0;
  std::size_t training_falls = 0;
};

struct FallsReport {
  bool cross_validated = false;
  std::string model;  // the scored model's name (fixed) or "fitted per fold"
  FallsCounts pooled;
  std::vector<FallsGroup> per_activity;  // activity codes, sorted
  std::vector<FallsGroup> per_subject;   // dataset.subjects order
  FallsCounts older;                     // trials of age_group older_50plus
  std::size_t older_subjects = 0;
  double mean_subject_sensitivity = 0.0;  // unweighted over subjects with fall trials
  double mean_subject_specificity = 0.0;  // unweighted over subjects with ADL trials
  std::vector<FallsTrialResult> trials;   // dataset.trials order
  std::vector<FallsFold> folds;           // cross-validation only, dataset.subjects order
  std::size_t samples = 0;
};

// Fits a model on the training trials for a detector with these settings.
using FallFitter = std::function<std::unique_ptr<train::FittedFallModel>(
    const std::vector<const train::FallTrial*>& training, const falls::FallSettings& settings)>;

struct FallsEvalOptions {
  // The detector's settings; `enabled` is forced on. Fixed mode scores settings.model (nullptr:
  // the shipped one); cross-validation replaces it in each fold.
  falls::FallSettings settings;
  bool cross_validate = false;
  FallFitter fit;             // empty: train::fit_fall_model with its default options
  std::size_t threads = 0;    // 0: oneTBB's default (all cores)
  bool show_progress = true;  // a progress line on stderr when it is a terminal
};

// Scores `data` (definitions above). Throws std::invalid_argument when the settings do not
// validate or cross-validation is asked for with fewer than two subjects.
FallsReport evaluate_falls(const FallsDataset& data, const FallsEvalOptions& options = {});

// JSON: mode, model, sensitivity, specificity, geometric_mean, false_alarms_per_hour, counts {tp,
// fn, fp, tn, falls, adls, adl_alarms, adl_hours}, mean_subject_sensitivity,
// mean_subject_specificity, per_activity [{activity, fall, trials, positives, rate}], per_subject
// [{subject, falls, adls, sensitivity, specificity, false_alarms_per_hour}], older_50plus {...},
// folds [{subject, threshold, training_rows, training_falls}], trials, samples.
report::Json to_json(const FallsReport& r, const FallsDataset& data);

// The report as text: the pooled figures, the per-subject means, older subjects, then the tables
// per activity code and per subject, and the missed falls and false-positive trials by name.
std::string format_falls(const FallsReport& r, const FallsDataset& data);

// Two pictures in `dir` (created): falls_per_activity.svg (detected share per code: sensitivity
// for falls, false-positive rate for daily activities) and falls_per_subject.svg (sensitivity and
// specificity per subject). Returns the paths written.
std::vector<std::string> write_falls_svgs(const std::string& dir, const FallsReport& r);

}  // namespace fusetrack::eval
