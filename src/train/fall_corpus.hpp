// Recordings of ordinary life as training trials for the fall models (nobody falls in them: every
// impact the detector judges there is a "not a fall" example), and the one rule that splits each
// such dataset's subjects between the default model's training and `eval false-falls`'s held-back
// scoring.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "train/fall_training.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::train {

// Whether subject `index` (its position in the dataset's sorted subject list, HarDataset::subjects
// or the oxford-steps subjects in index order) may be learnt from: the even positions. The odd
// ones are held back: `eval false-falls` reports them apart, so the figure a product would see is
// measured on people the model never met.
inline bool fall_training_subject(std::size_t index) { return index % 2 == 0; }

// The recordings of `dataset` whose subject is (training = true) or is not (false) a training
// subject, as ADL trials: name = the recording's path, subject = "<tag>:<subject id>",
// activity_code = tag, the accelerometer full scale given (a component within 1 % of it counts
// as clipped). Samples are copied.
std::vector<FallTrial> ordinary_life_trials(const HarDataset& dataset, const std::string& tag,
                                            float acc_full_scale_m_s2, bool training);

}  // namespace fusetrack::train
