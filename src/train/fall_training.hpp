// Fall models: feeding a trial to the fall detector exactly as the device does, fitting the
// detector's integer network and its alarm threshold on some trials (the training subjects of a
// fold), and the model header the core compiles in. `fusetrack eval falls --cv subjects` and
// `fusetrack train-falls` are thin layers over this file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/falls/fall_detector.hpp"
#include "train/mlp.hpp"

namespace fusetrack::train {

// The network the fall models use: 12 features, one hidden layer of 16.
inline MlpConfig default_fall_mlp() {
  MlpConfig c;
  c.hidden = {16};
  c.epochs = 100;
  c.batch = 32;
  c.balance_classes = true;
  c.seed = 20261202;
  return c;
}

// One labelled recording: a fall trial holds exactly one fall (time unknown), an ADL trial none.
struct FallTrial {
  std::string name;           // "S01_F01_R01"
  std::string subject;        // "S01"
  std::string activity_code;  // "D01" ... "F03" (or a simulated kind's name)
  std::string age_group;      // "adult_18_49" / "older_50plus" (empty when unknown)
  bool is_fall = false;
  double duration_s = 0.0;                            // last stamp - first stamp
  float acc_full_scale_m_s2 = 16.0f * kGravity_m_s2;  // a component at this is clipped
  std::vector<ImuSample> samples;                     // in stamp order
};

// What the detector did with one recording.
struct FallRun {
  std::vector<falls::FallCandidate> candidates;  // every judged impact, in time order
  std::vector<Micros> alarms;                    // the impacts that raised an alarm
};

// Streams `samples` (in order) through a fresh FallDetector(settings); a sample with a component
// within 1 % of `acc_full_scale_m_s2` is passed as clipped (FullScaleSettings' default band).
FallRun run_falls(const std::vector<ImuSample>& samples, const falls::FallSettings& settings,
                  float acc_full_scale_m_s2);
inline FallRun run_falls(const FallTrial& t, const falls::FallSettings& settings) {
  return run_falls(t.samples, settings, t.acc_full_scale_m_s2);
}

// A model fitted on some trials: the quantized network it owns and the FallModel over it.
// `model()` stays valid while the object lives (it is neither copied nor moved).
class FittedFallModel {
 public:
  FittedFallModel(QuantizedMlpData q, std::int32_t threshold, std::vector<std::string> subjects);
  FittedFallModel(const FittedFallModel&) = delete;
  FittedFallModel& operator=(const FittedFallModel&) = delete;
  const falls::FallModel& model() const { return model_; }
  const QuantizedMlpData& quantized() const { return q_; }
  const std::vector<std::string>& subjects() const { return subjects_; }  // trained on
  std::size_t candidates = 0;       // training rows (labelled impacts)
  std::size_t fall_candidates = 0;  // of which falls

 private:
  QuantizedMlpData q_;
  std::vector<std::string> subjects_;
  std::string trained_on_;
  falls::FallModel model_{};
};

struct FallFitOptions {
  MlpConfig mlp = default_fall_mlp();
};

// The candidates of some trials as a training table: x one row per candidate (the detector's
// features), label 1 for the strongest impact of a fall trial, 0 for every impact of a daily
// activity, -1 (not trained on) for a fall trial's other impacts; trial the index of its trial.
struct FallTrainingSet {
  std::vector<FallRun> runs;  // per trial
  Eigen::MatrixXf x;
  std::vector<int> label;
  std::vector<std::size_t> trial;
};
FallTrainingSet fall_training_set(const std::vector<const FallTrial*>& trials,
                                  const falls::FallSettings& settings);

// The alarm threshold for trials whose largest margins are given (falls without any candidate
// count as missed whatever the threshold): the middle of the widest range of thresholds with the
// largest sensitivity x specificity.
std::int32_t choose_threshold(const std::vector<std::int32_t>& fall_margins,
                              const std::vector<std::int32_t>& adl_margins,
                              std::size_t falls_without_candidate);

// Fits the network and its threshold on `training` (their candidates under `settings`, whose
// `model` is ignored), for the detector with `settings`.
std::unique_ptr<FittedFallModel> fit_fall_model(const std::vector<const FallTrial*>& training,
                                                const falls::FallSettings& settings,
                                                const FallFitOptions& options = {});

// The model header of `fitted` (include/fusetrack/models/<file>): constant data and a
// provenance comment (`provenance`: lines without the leading "// ", each ending in '\n').
struct FallModelHeader {
  std::string name;    // "falls-wrist"
  std::string symbol;  // "kFallsWrist"
  std::string file;    // "falls_wrist.hpp"
  bool research_only = false;
  std::string provenance;
};
std::string fall_model_header(const FallModelHeader& h, const FittedFallModel& fitted);

}  // namespace fusetrack::train
