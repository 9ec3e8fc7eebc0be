// FallModel: a trained fall decision as constant data: an integer network (classify/) on the
// FallDetector's kFallFeatureCount features with two classes (0: not a fall, 1: a fall) and the
// alarm threshold on the difference of their logits. `fusetrack train-falls` writes one per
// header under include/fusetrack/models/; the fall stage runs any of them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fusetrack/classify/quantized_mlp.hpp"

namespace fusetrack::falls {

inline constexpr std::size_t kFallFeatureCount = 13;

// What each feature is (FallDetector::features, in this order); units in the names.
inline constexpr const char* kFallFeatureNames[kFallFeatureCount] = {
    "peak_g",          // largest |a| at the impact, g
    "clipped",         // 1 when a sample at the impact was at full scale
    "dip_min_g",       // smallest |a| in the second before the impact, g (free fall ~0)
    "fall_speed_m_s",  // the integral of (g - |a|)+ over that second, m/s (the speed gained)
    "post_sd_g",       // s.d. of the cell mean |a| 1-3 s after the impact, g (still ~0)
    "post_max_g",      // largest |a| 1-3 s after, g
    "post_mean_g",     // mean of the cell mean |a| 1-3 s after, g (lying still ~1)
    "post_dev_g",      // mean |a - its mean| (vector) 1-3 s after, g: any movement, turning too
    "tilt_cos",        // cosine of the angle between the mean force 2-0.2 s before and 1-3 s after
    "pre_sd_g",        // s.d. of the cell mean |a| 2-0.2 s before, g
    "peaks_after",     // cells at or above trigger_g 0.3-3 s after the impact (the motion goes on)
    "near_mean_g",     // mean of the cells' largest |a| within +-0.5 s of the impact, g
    "turn_cos",  // cosine of the angle between the mean force 0.75-0.25 s before and 0.5-1 s after
};

// A trained decision: an integer network on kFallFeatureCount features with two classes.
struct FallModel {
  const char* name = "";
  const classify::QuantizedMlp* mlp = nullptr;
  std::int32_t threshold_logit = 0;  // alarm when logit[1] - logit[0] >= this (1/16 units)
  bool research_only = false;        // trained on data whose licence forbids products
  std::uint32_t id = 0;              // CRC-32 of the model data (the settings hash uses it)
  const char* trained_on = "";
  bool consistent() const noexcept {
    return mlp != nullptr && mlp->consistent() && mlp->inputs == kFallFeatureCount &&
           mlp->classes == 2;
  }
};

}  // namespace fusetrack::falls
