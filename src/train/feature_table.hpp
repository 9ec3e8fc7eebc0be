// Feature tables: the activity feature vector of every scored window of a dataset, computed by
// the device core's own front end (features/activity_window.hpp) on frames from the Tracker's
// default orientation filter, exactly as the activity stage computes them on a device.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fusetrack/features/activity_window.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::train {

struct FeatureTable {
  Eigen::MatrixXf x;                 // windows x kActivityFeatureCount
  std::vector<int> label;            // class of each window
  std::vector<std::size_t> subject;  // subject index of each window
  std::vector<std::string> class_names;
  std::vector<std::string> subjects;
};

// How a dataset's recordings become frames and windows.
struct FrontEndOptions {
  features::ActivityWindowSettings window{};
  bool use_gyr = true;  // false: an accelerometer-only device (gyroscope dropped)
};

// Streams each recording through the orientation EKF (6D, default settings) and the activity
// front end, and takes the features of each scored window from the samples up to its end (the
// stage is reset at the start of each recording, as the protocols say). Samples whose time stamp
// does not advance are skipped, as the Tracker rejects them. Recordings run in parallel
// (`threads`, 0 = all cores); the table is the same for any thread count.
FeatureTable extract_features(const HarDataset& data, const FrontEndOptions& options,
                              std::size_t threads = 0);

}  // namespace fusetrack::train
