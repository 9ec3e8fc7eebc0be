// PLACEHOLDER fall model (a hand-set linear rule) until the trained one is generated.
#pragma once

#include <cstdint>

#include "fusetrack/falls/fall_model.hpp"

namespace fusetrack::models {

namespace falls_wrist_data {
inline constexpr float kInputOffset[] = {3.0f, 0, 0, 0, 0.1f, 0, 0, 0, 0, 0, 1.0f, 0, 0};
inline constexpr float kInputScale[] = {100.0f, 0, 0, 0, 100.0f, 0, 0, 0, 0, 0, 100.0f, 0, 0};
inline constexpr std::int8_t kWeights0[] = {0, 0, 0, 0, 0,    0, 0, 0, 0, 0, 0,   0, 0,
                                            10, 0, 0, 0, -100, 0, 0, 0, 0, 0, -50, 0, 0};
inline constexpr std::int32_t kBias0[] = {0, 0};
inline constexpr std::int32_t kMultiplier0[] = {1073741824, 1073741824};
inline constexpr std::int8_t kShift0[] = {0, 0};
inline constexpr classify::DenseLayer kLayers[] = {
    {13, 2, kWeights0, kBias0, kMultiplier0, kShift0, false}};
inline constexpr classify::QuantizedMlp kMlp{13, kInputOffset, kInputScale, kLayers, 1, 2};
}  // namespace falls_wrist_data

inline constexpr falls::FallModel kFallsWrist{"falls-wrist-placeholder", &falls_wrist_data::kMlp,
                                              0, false, 0u, ""};

}  // namespace fusetrack::models
