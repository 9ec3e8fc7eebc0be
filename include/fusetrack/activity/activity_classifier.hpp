// ActivityClassifier: the activity stage. The front end (features/activity_window.hpp) turns
// each accepted IMU frame into rotation-invariant channels on the model's uniform grid; every
// hop the stage computes the feature vector of the last window, runs the integer classifier
// (classify/quantized_mlp.hpp) and the smoother (classify/smoother.hpp). Outputs: the raw
// decision of the last window, and the smoothed activity with its confidence; a change of the
// smoothed activity is what the Tracker reports as an event.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "fusetrack/activity/activity_model.hpp"
#include "fusetrack/classify/quantized_mlp.hpp"
#include "fusetrack/classify/smoother.hpp"
#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/imu_frame.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/features/activity_window.hpp"
#include "fusetrack/models/wrist_daily.hpp"
#include "fusetrack/models/wrist_daily_acc.hpp"

namespace fusetrack {

struct ActivitySettings {
  bool enabled = true;
  // The model to run; nullptr (the default): the wrist daily model for the device
  // (models/wrist_daily.hpp: still, walking, jogging, stairs, hand activity, sports), or on an
  // accelerometer-only device its accelerometer-only twin (models/wrist_daily_acc.hpp). A model
  // trained with a gyroscope (uses_gyr) cannot run on a device without one. Its window must fit
  // features::kActivityWindowCapacity.
  const ActivityModel* model = nullptr;

  // The model that runs on a device with (has_gyr) or without a gyroscope.
  const ActivityModel& model_for(bool has_gyr) const noexcept {
    if (model != nullptr) return *model;
    return has_gyr ? models::kWristDaily : models::kWristDailyAcc;
  }
  float hop_s = 0.0f;          // decision period, s; 0 = the model's hop_s; else [0.1, 600]
  float gravity_tau_s = 1.0f;  // low-pass of the accelerometer for gravity, s; (0, 60]
  float max_gap_s = 1.0f;      // a longer input interval empties the window, s; (0, 60]
  classify::SmootherSettings smoother{};

  features::ActivityWindowSettings window_settings(bool has_gyr = true) const noexcept {
    features::ActivityWindowSettings w;
    const ActivityModel& m = model_for(has_gyr);
    w.rate_hz = m.rate_hz;
    w.window_samples = m.window_samples;
    w.gravity_tau_s = gravity_tau_s;
    w.max_gap_s = max_gap_s;
    return w;
  }

  // The name of the first field out of range, or nullptr when all are valid: "model" when the
  // model cannot run (with has_gyr false, also for one that needs a gyroscope) or its window's
  // grid (rate_hz, window_samples) is out of range, "smoother" when a smoother setting is.
  const char* first_invalid_field(bool has_gyr = true) const noexcept {
    const ActivityModel& m = model_for(has_gyr);
    if (m.classes == 0 || m.classes > classify::kMaxMlpClasses ||
        m.mlp.inputs != features::kActivityFeatureCount || m.mlp.classes != m.classes ||
        !m.mlp.consistent() || m.class_names == nullptr || !(m.hop_s > 0.0f) ||
        (m.uses_gyr && !has_gyr)) {
      return "model";
    }
    // The window's grid is the model's; its gravity_tau_s and max_gap_s are these settings'.
    if (const char* f = window_settings(has_gyr).first_invalid_field()) {
      const bool grid = std::strcmp(f, "rate_hz") == 0 || std::strcmp(f, "window_samples") == 0;
      return grid ? "model" : f;
    }
    if (!(hop_s == 0.0f || (hop_s >= 0.1f && hop_s <= 600.0f))) return "hop_s";
    if (!ok(smoother.validate())) return "smoother";
    return nullptr;
  }
  // kInvalidSettings when first_invalid_field(has_gyr) names a field.
  Status validate(bool has_gyr = true) const noexcept {
    return first_invalid_field(has_gyr) == nullptr ? Status::kOk : Status::kInvalidSettings;
  }

  void hash_into(SettingsHash& h) const noexcept {
    h.add(enabled);
    h.add(model != nullptr ? model->id : 0u);  // nullptr: chosen by imu_has_gyr, hashed too
    h.add(hop_s);
    h.add(gravity_tau_s);
    h.add(max_gap_s);
    h.add(smoother.confirm_windows);
    h.add(smoother.min_confidence_q8);
  }
};

// What the stage counts and last decided, beside its window and smoother.
struct ActivityCounters {
  std::uint32_t decisions = 0;  // windows classified
  std::uint32_t changes = 0;    // changes of the smoothed activity (the first label is none)
  Micros last_decision_t_us = 0;
  std::uint8_t raw_class = 0;  // decision of the last window, before smoothing
  std::uint8_t raw_confidence_q8 = 0;
  std::uint8_t confidence_q8 = 0;  // of the smoothed activity (255 = 1.0)
  std::uint8_t reserved[5] = {};   // explicit padding (part of the saved state): always zero
};
static_assert(sizeof(ActivityCounters) == 24, "ActivityCounters: no implicit padding");

// The stage's saved state: plain data, assembled from the parts that hold it while running
// (the front end's window, the smoother, the counters); state() / set_state() convert.
struct ActivityState {
  features::ActivityWindowState window{};
  classify::SmootherState smoother{};
  ActivityCounters counters{};
};
static_assert(sizeof(ActivityState) == sizeof(features::ActivityWindowState) + 8 + 24,
              "ActivityState: no implicit padding");

class ActivityClassifier {
 public:
  // `has_gyr`: whether the device has a gyroscope (it chooses the default model).
  explicit ActivityClassifier(const ActivitySettings& s = ActivitySettings{},
                              bool has_gyr = true) noexcept
      : settings_(s),
        model_(&s.model_for(has_gyr)),
        valid_(ok(s.validate(has_gyr))),
        window_(valid_ ? s.window_settings(has_gyr) : features::ActivityWindowSettings{}),
        smoother_(s.smoother) {
    if (!valid_) return;
    const ActivityModel& m = *model_;
    const float hop = s.hop_s > 0.0f ? s.hop_s : m.hop_s;
    const long samples = std::lround(hop * m.rate_hz);
    hop_samples_ = samples < 1 ? 1u : static_cast<std::uint32_t>(samples);
  }

  bool valid() const noexcept { return valid_; }
  const ActivityModel& model() const noexcept { return *model_; }

  // Takes one accepted IMU frame. True when a window was classified with it (the outputs were
  // updated; compare label() before and after for a change).
  bool update(const ImuFrame& f) noexcept {
    if (!valid_) return false;
    window_.push(f);
    if (!window_.full() || window_.since_mark() < hop_samples_) return false;
    decide(f.t_us);
    return true;
  }

  // For evaluation, which classifies at the protocol's window ends instead of every hop:
  // push() feeds a frame without deciding, classify_now() classifies the current window (raw,
  // not smoothed; the outputs do not change). False when the window is not full yet.
  void push(const ImuFrame& f) noexcept {
    if (valid_) window_.push(f);
  }
  bool classify_now(classify::MlpDecision& d) noexcept {
    float x[features::kActivityFeatureCount];
    if (!valid_ || !window_.features(x)) return false;
    classify::MlpValue x_q[features::kActivityFeatureCount];
    classify::quantize_input(model().mlp, x, x_q);
    d = classify::infer(model().mlp, x_q);
    return true;
  }

  // Forget the window and the smoothed activity (a time jump, the guard); the counts stay.
  void reset() noexcept {
    if (!valid_) return;
    window_.reset();
    smoother_.reset();
    counters_.raw_class = 0;
    counters_.raw_confidence_q8 = 0;
    counters_.confidence_q8 = 0;
  }

  // Outputs.
  bool has_label() const noexcept { return smoother_.has_label(); }
  std::uint8_t label() const noexcept { return has_label() ? smoother_.label() : 0; }
  std::uint8_t confidence_q8() const noexcept { return counters_.confidence_q8; }
  std::uint8_t raw_class() const noexcept { return counters_.raw_class; }
  std::uint8_t raw_confidence_q8() const noexcept { return counters_.raw_confidence_q8; }
  const ActivityCounters& counters() const noexcept { return counters_; }
  const char* label_name() const noexcept {
    return has_label() ? model().class_names[label()] : "unknown";
  }

  // The saved state, and restoring it (check plausible() first).
  ActivityState state() const noexcept {
    ActivityState s;
    s.window = window_.state();
    s.smoother = smoother_.state();
    s.counters = counters_;
    return s;
  }
  void set_state(const ActivityState& s) noexcept {
    window_.set_state(s.window);
    (void)smoother_.set_state(s.smoother);
    counters_ = s.counters;
  }
  // Whether `s` is a state this stage could have reached (finite, indices within the window and
  // the model's classes): what restore_state needs before set_state. Bool members are checked
  // as bytes by the caller first (a bool byte other than 0 or 1 cannot be read).
  bool plausible(const ActivityState& s) const noexcept {
    if (!valid_) return true;
    const features::ActivityWindowState& w = s.window;
    if (features::ActivityWindow::finite_probe(w) != 0.0f || !w.window.consistent() ||
        !w.resampler.consistent()) {
      return false;
    }
    classify::Smoother<classify::kMaxMlpClasses> probe(settings_.smoother);
    if (!ok(probe.set_state(s.smoother))) return false;
    const std::uint8_t k = model().classes;
    return (s.smoother.label == classify::kNoLabel || s.smoother.label < k) &&
           (s.smoother.candidate == classify::kNoLabel || s.smoother.candidate < k) &&
           s.counters.raw_class < k;
  }

 private:
  void decide(Micros t_us) noexcept {
    window_.mark();
    classify::MlpDecision d;
    if (!classify_now(d)) return;
    ActivityCounters& c = counters_;
    c.raw_class = d.cls;
    c.raw_confidence_q8 = d.confidence_q8;
    const bool had_label = smoother_.has_label();
    const classify::SmootherResult r = smoother_.update(d.cls, d.confidence_q8);
    c.confidence_q8 = r.confidence_q8;
    if (had_label && r.changed) ++c.changes;
    ++c.decisions;
    c.last_decision_t_us = t_us;
  }

  ActivitySettings settings_;
  const ActivityModel* model_;  // the one that runs (settings_.model, or the device's default)
  bool valid_ = false;
  std::uint32_t hop_samples_ = 1;
  // The state, in its parts (state() assembles them).
  features::ActivityWindow window_;
  classify::Smoother<classify::kMaxMlpClasses> smoother_;
  ActivityCounters counters_{};
};

}  // namespace fusetrack
