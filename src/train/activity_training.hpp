// Activity models: which ones fusetrack ships (one spec each: dataset, grid, window, network),
// subject-wise cross-validation, the final fit, quantization and the model header the core
// compiles in. `fusetrack train` and `fusetrack eval activity` are thin layers over this file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "eval/classification_metrics.hpp"
#include "fusetrack/activity/activity_model.hpp"
#include "train/feature_table.hpp"
#include "train/har_dataset.hpp"
#include "train/mlp.hpp"

namespace fusetrack::train {

struct ActivityModelSpec {
  std::string id;       // "wrist-daily"
  std::string symbol;   // C++ name in fusetrack::models, "kWristDaily"
  std::string header;   // file under include/fusetrack/models/, "wrist_daily.hpp"
  std::string dataset;  // folder name under the datasets: "wisdm", "sp-sw-har", "uci-hapt"
  HarDevice device = HarDevice::kWatch;  // sp-sw-har only
  bool groups = false;                   // wisdm only: the six groups
  std::string placement;                 // "wrist", "pocket", "waist"
  std::string licence;                   // of the training data
  bool research_only = false;
  float rate_hz = 20.0f;
  std::uint16_t window_samples = 200;
  float hop_s = 5.0f;
  bool use_gyr = true;  // false: an accelerometer-only model (no gyroscope features)
  MlpConfig mlp{};
  std::string why;  // one line: what the model is for
};

// The shipped models, in a fixed order.
const std::vector<ActivityModelSpec>& activity_model_specs();
// The spec named `id`; throws std::invalid_argument listing the ids when there is none.
const ActivityModelSpec& activity_model_spec(const std::string& id);
// The compiled-in model of a spec (include/fusetrack/models/), or nullptr.
const ActivityModel* shipped_activity_model(const std::string& id);

// The dataset of `spec` from `dir` (that dataset's folder).
HarDataset load_for(const ActivityModelSpec& spec, const std::string& dir, std::size_t threads);
// The front end a spec's features come from.
FrontEndOptions front_end_for(const ActivityModelSpec& spec);

struct CvResult {
  std::vector<int> truth, quantized, floating;  // per window
  eval::ClassificationReport report;            // of the quantized (device) decisions
  eval::ClassificationReport float_report;      // of the float model
  double agreement = 0.0;                       // share of identical float / quantized decisions
  std::size_t folds = 0;
};

// Leave-one-subject-out over the subjects of `table`: each fold trains `config` on the other
// subjects (standardization included) and scores the held-out one. Folds run in parallel
// (`threads`); the result is the same for any thread count.
CvResult cross_validate(const FeatureTable& table, const MlpConfig& config, std::size_t threads);

// Scores a compiled-in model on every window of `table` (its decisions as the device makes them).
eval::ClassificationReport score_model(const ActivityModel& model, const FeatureTable& table);

struct TrainedModel {
  FloatMlp floating;
  QuantizedMlpData quantized;
  double agreement = 0.0;       // float vs quantized decisions on the training windows
  double float_accuracy = 0.0;  // on the training windows
  double quantized_accuracy = 0.0;
};

// Fits `spec`'s network on every window of `table` and quantizes it.
TrainedModel train_final(const ActivityModelSpec& spec, const FeatureTable& table);

// The model header: constant data and a provenance comment (dataset, licence, subjects, date,
// the cross-validated figures).
std::string model_header(const ActivityModelSpec& spec, TrainedModel& model,
                         const FeatureTable& table, const CvResult& cv, const std::string& date);

}  // namespace fusetrack::train
