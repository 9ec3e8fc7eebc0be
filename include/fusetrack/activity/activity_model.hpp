// ActivityModel: what a trained activity classifier is, as constant data: its classes, the grid
// and window its features were computed on, and the quantized network. `fusetrack train`
// writes one per header under include/fusetrack/models/; the activity stage runs any of them.
#pragma once

#include <cstdint>

#include "fusetrack/classify/quantized_mlp.hpp"

namespace fusetrack {

struct ActivityModel {
  const char* name = "";                     // e.g. "wrist-daily"
  const char* placement = "";                // where the device was carried: "wrist", "pocket", ...
  const char* const* class_names = nullptr;  // [classes], upper case as in the dataset
  std::uint8_t classes = 0;
  float rate_hz = 20.0f;             // grid rate the features were computed on, Hz
  std::uint16_t window_samples = 0;  // grid samples per window
  float hop_s = 5.0f;                // decision period used in training and evaluation, s
  bool uses_gyr = true;              // trained with gyroscope features
  bool research_only = false;        // trained on data whose licence forbids products
  std::uint32_t id = 0;              // CRC-32 of the model data (the settings hash uses it)
  const char* trained_on = "";       // the training subjects' ids, space-separated
  classify::QuantizedMlp mlp{};
};

}  // namespace fusetrack
