// A small multilayer perceptron on standardized features: trained in float with Eigen
// (mini-batch Adam, softmax cross-entropy with class weights), then quantized to the device's
// integer runtime (classify/quantized_mlp.hpp). Deterministic: a fixed seed gives the same
// model bit for bit (one thread per model; the random numbers are our own, not a library's
// distribution, so they do not depend on the standard library's version).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fusetrack/classify/quantized_mlp.hpp"

namespace fusetrack::train {

struct MlpConfig {
  std::vector<int> hidden{32};  // widths of the hidden layers; empty = softmax regression
  int epochs = 60;
  int batch = 64;
  float learning_rate = 3e-3f;  // Adam's step at the start; cosine decay to 5 % of it
  float weight_decay = 1e-4f;   // L2 on the weights (not the biases)
  // Weight each class by 1 / its share of the training windows. Off: measured on every shipped
  // model, plain (unweighted) cross-entropy gave higher held-out accuracy and macro-F1.
  bool balance_classes = false;
  std::uint64_t seed = 20261201;
  std::string describe() const;  // "MLP 49-32-6" style, for tables
};

// The float model: input standardization and dense layers.
struct FloatMlp {
  Eigen::VectorXf mean, sd;             // per feature; z = clamp((x - mean) / sd, ±kClip)
  std::vector<Eigen::MatrixXf> weight;  // [layer]: outputs x inputs
  std::vector<Eigen::VectorXf> bias;
  int classes = 0;
};

// Standardized inputs are clipped to ±kInputClip s.d. in training as in the quantized input
// (4096 int16 steps per s.d., so about ±8 s.d.).
inline constexpr float kInputClip = 32767.0f / 4096.0f;
inline constexpr float kInputStepsPerSd = 4096.0f;

// Trains on the rows `rows` of x (labels in [0, classes)).
FloatMlp train_mlp(const Eigen::MatrixXf& x, const std::vector<int>& label,
                   const std::vector<std::size_t>& rows, int classes, const MlpConfig& config);

// Float decisions (argmax of the logits) for rows `rows`.
std::vector<int> predict_float(const FloatMlp& m, const Eigen::MatrixXf& x,
                               const std::vector<std::size_t>& rows);

// The quantized model as owned arrays; view() gives the runtime's struct over them (valid while
// this object lives and is not moved).
struct QuantizedMlpData {
  std::vector<float> input_offset, input_scale;
  std::vector<std::vector<std::int8_t>> weights;
  std::vector<std::vector<std::int32_t>> bias, multiplier;
  std::vector<std::vector<std::int8_t>> shift;
  std::vector<classify::DenseLayer> layers;
  classify::QuantizedMlp mlp{};
  const classify::QuantizedMlp& view();
};

// Quantizes `m`; hidden activation scales from the largest activation over rows `calibration`.
QuantizedMlpData quantize_mlp(const FloatMlp& m, const Eigen::MatrixXf& x,
                              const std::vector<std::size_t>& calibration);

// Decisions of the integer runtime for rows `rows`.
std::vector<classify::MlpDecision> predict_quantized(QuantizedMlpData& q, const Eigen::MatrixXf& x,
                                                     const std::vector<std::size_t>& rows);

}  // namespace fusetrack::train
