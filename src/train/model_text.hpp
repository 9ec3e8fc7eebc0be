// The text of a generated model header's constant data: the arrays of a quantized network and
// the CRC-32 that identifies them. Shared by every model generator (activity, falls), so every
// model header spells its numbers the same way.
#pragma once

#include <cstdint>
#include <string>

#include "train/mlp.hpp"

namespace fusetrack::train {

// A float literal that reads back as exactly `x` ("%.9g" round-trips every float).
std::string float_literal(float x);

// CRC-32 of the network's constant data (input offsets and scales, then per layer the weights,
// biases, multipliers and shifts): the model's id in a settings hash.
std::uint32_t model_data_id(const QuantizedMlpData& q);

// kInputOffset, kInputScale, kWeightsL / kBiasL / kMultiplierL / kShiftL per layer and kLayers,
// as C++ definitions (inside the model's own namespace).
std::string mlp_arrays_text(const QuantizedMlpData& q);

}  // namespace fusetrack::train
