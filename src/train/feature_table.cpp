#include "train/feature_table.hpp"

#include <algorithm>
#include <memory>

#include "eval/parallel_in_order.hpp"
#include "fusetrack/core/imu_frame.hpp"
#include "fusetrack/orientation/orientation_ekf.hpp"
#include "report/progress.hpp"

namespace fusetrack::train {

namespace {

struct RecordingFeatures {
  std::vector<std::size_t> windows;  // indices into HarDataset::windows
  std::vector<float> values;         // windows.size() x kActivityFeatureCount
};

RecordingFeatures recording_features(const HarDataset& data, std::size_t r,
                                     const std::vector<std::size_t>& windows,
                                     const FrontEndOptions& options) {
  constexpr std::size_t F = features::kActivityFeatureCount;
  RecordingFeatures out;
  out.windows = windows;
  out.values.assign(windows.size() * F, 0.0f);
  const HarRecording& rec = data.recordings[r];
  OrientationEkf filter{OrientationEkfSettings{}};
  // Large objects (FFT tables, scratch): on the heap of the host, one per recording.
  auto front = std::make_unique<features::ActivityWindow>(options.window);
  bool have_last = false;
  Micros last_t = 0;
  std::size_t next = 0;
  float x[F];
  for (std::size_t i = 0; i < rec.samples.size() && next < windows.size(); ++i) {
    ImuSample s = rec.samples[i];
    if (!options.use_gyr) {
      s.has_gyr = false;
      s.gyr_rad_s = Vec3::Zero();
    }
    if (!have_last || s.t_us > last_t) {
      const float dt = have_last ? seconds_between(last_t, s.t_us) : 0.0f;
      if (s.has_gyr) {
        (void)filter.update(s);
        front->push(make_imu_frame(s, dt, filter, false, false));
      } else {
        // Without a gyroscope the front end takes gravity from its own low-pass.
        ImuFrame f;
        f.t_us = s.t_us;
        f.dt_s = dt;
        f.acc_s_m_s2 = s.acc_m_s2;
        f.has_gyr = false;
        front->push(f);
      }
      have_last = true;
      last_t = s.t_us;
    }
    while (next < windows.size() && data.windows[windows[next]].end_row == i + 1) {
      if (front->features(x)) std::copy(x, x + F, out.values.begin() + next * F);
      ++next;
    }
  }
  return out;
}

}  // namespace

FeatureTable extract_features(const HarDataset& data, const FrontEndOptions& options,
                              std::size_t threads) {
  constexpr std::size_t F = features::kActivityFeatureCount;
  std::vector<std::vector<std::size_t>> by_recording(data.recordings.size());
  for (std::size_t w = 0; w < data.windows.size(); ++w) {
    by_recording[data.windows[w].recording].push_back(w);
  }
  for (auto& list : by_recording) {
    std::stable_sort(list.begin(), list.end(), [&data](std::size_t a, std::size_t b) {
      return data.windows[a].end_row < data.windows[b].end_row;
    });
  }
  report::Progress progress("features " + data.name, data.recordings.size());
  const std::vector<RecordingFeatures> parts = eval::parallel_in_order<RecordingFeatures>(
      data.recordings.size(), threads, [&](std::size_t r) {
        RecordingFeatures p = recording_features(data, r, by_recording[r], options);
        progress.advance();
        return p;
      });
  progress.finish();
  FeatureTable t;
  t.class_names = data.class_names;
  t.subjects = data.subjects;
  t.x.resize(static_cast<Eigen::Index>(data.windows.size()), static_cast<Eigen::Index>(F));
  t.label.resize(data.windows.size());
  t.subject.resize(data.windows.size());
  for (const RecordingFeatures& p : parts) {
    for (std::size_t k = 0; k < p.windows.size(); ++k) {
      const std::size_t w = p.windows[k];
      for (std::size_t f = 0; f < F; ++f) {
        t.x(static_cast<Eigen::Index>(w), static_cast<Eigen::Index>(f)) = p.values[k * F + f];
      }
      t.label[w] = data.windows[w].label;
      t.subject[w] = data.recordings[data.windows[w].recording].subject;
    }
  }
  return t;
}

}  // namespace fusetrack::train
