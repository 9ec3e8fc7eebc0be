// Smoother: the activity label over consecutive window decisions of the classifier (a class and
// its confidence per window), held steady so one odd window does not make it flicker.
//
// Mechanism: hysteresis with a pending candidate and a count, all integer.
//  - The first decision (at or above min_confidence_q8) is taken at once.
//  - A decision that agrees with the label keeps it and clears any pending candidate, so
//    A A B A keeps A and the B is forgotten.
//  - A decision for another class makes it the candidate (or counts one more for it when it
//    already is); once it has confirm_windows such decisions in a row (counting accepted
//    decisions only: see the next point), it becomes the label.
//    A third class in between starts its own count, so A B C B C never leaves A.
//  - A decision below min_confidence_q8, or for a class outside [0, K), is no evidence at all: it
//    neither counts for a candidate nor clears one, nor changes the label's confidence.
// With confirm_windows >= 2 (the default is 2) one outlier window can never flip the label; 1
// turns the smoothing off (every accepted decision switches).
//
// Why not an integer HMM forward filter with a sticky transition prior: its input would be a
// distribution over the K classes, and the classifier hands over one decision, its top class and
// that class's confidence; the filter would have to invent the other K - 1 likelihoods. Its
// switching time also moves with the confidences, so "switches after confirm_windows" would hold
// only roughly, and K log-probabilities would have to live in the saved state. The hysteresis
// switches after exactly confirm_windows windows, so the latency of an activity change is
// confirm_windows window hops, stated in the settings and checked by the tests, in 8 bytes of
// state.
//
// The confidence reported is that of the label: the mean of the windows that agreed with it
// (those that confirmed it, then every agreeing one), rounded to nearest, over a running window:
// once kMeanWindows are in, each new agreeing window replaces one mean's worth, so the figure
// follows the classifier over about the last kMeanWindows agreeing windows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"

namespace fusetrack {
namespace classify {

struct SmootherSettings {
  std::uint8_t confirm_windows = 2;  // windows of agreement needed to switch; [1, 16]
  // Decisions below this confidence (Q8: 255 = 1.0) never switch, nor count; [0, 255].
  std::uint8_t min_confidence_q8 = 0;

  // kInvalidSettings when confirm_windows is outside [1, 16] (every min_confidence_q8 is valid).
  Status validate() const noexcept {
    if (confirm_windows < 1 || confirm_windows > 16) return Status::kInvalidSettings;
    return Status::kOk;
  }

  // Every field, in order, into `h` (the saved state records the settings that made it).
  void hash_into(SettingsHash& h) const noexcept {
    h.add(confirm_windows);
    h.add(min_confidence_q8);
  }
};

// The label value that means "no label yet" (label(), SmootherResult::previous).
inline constexpr std::uint8_t kNoLabel = 0xFF;

// What one update made of its window.
struct SmootherResult {
  std::uint8_t label;          // the smoothed label after this window (kNoLabel: none yet)
  std::uint8_t confidence_q8;  // the label's confidence, Q8 (255 = 1.0); 0 with no label
  bool changed;                // label != previous: the first label, or a confirmed switch
  std::uint8_t previous;       // the label before this window (kNoLabel: none)
};

// The smoother's memory: plain data, no padding (8 bytes), the single source of truth.
struct SmootherState {
  std::uint8_t label = kNoLabel;      // current label, or kNoLabel
  std::uint8_t candidate = kNoLabel;  // class waiting to be confirmed, or kNoLabel
  std::uint8_t candidate_count = 0;   // its consecutive accepted windows, [0, confirm_windows)
  std::uint8_t label_count = 0;       // windows in the label's mean, [1, kMeanWindows] with a label
  std::uint16_t label_sum_q8 = 0;     // their confidences' sum (running, see the header comment)
  std::uint16_t candidate_sum_q8 = 0;  // the candidate windows' confidences' sum
};
static_assert(sizeof(SmootherState) == 8, "SmootherState is saved as is: no padding");

template <std::size_t K>
class Smoother {
  static_assert(K >= 1 && K <= 32, "Smoother: K (the number of classes) must be in [1, 32]");

 public:
  static constexpr std::size_t kClasses = K;
  static constexpr std::uint8_t kNoLabel = classify::kNoLabel;
  // The running mean of the label's confidence covers about this many agreeing windows (equal
  // to the most confirm_windows can ask for, so the windows that confirm a label all count).
  static constexpr std::uint8_t kMeanWindows = 16;

  // The caller validates the settings; an out-of-range confirm_windows is clamped into [1, 16].
  explicit Smoother(const SmootherSettings& s = {}) noexcept : settings_(s) {
    static_assert(std::is_trivially_copyable<Smoother>::value,
                  "Smoother is kept in a stage's saved state: it must stay plain data");
    if (settings_.confirm_windows < 1) settings_.confirm_windows = 1;
    if (settings_.confirm_windows > 16) settings_.confirm_windows = 16;
  }

  // One window's decision: class `cls` in [0, K) with confidence `confidence_q8` (255 = 1.0).
  // A class outside [0, K) (a defect upstream) or a confidence below min_confidence_q8 is ignored:
  // the result repeats the current label, unchanged.
  SmootherResult update(std::uint8_t cls, std::uint8_t confidence_q8) noexcept {
    SmootherState& s = state_;
    const std::uint8_t before = s.label;
    if (cls < K && confidence_q8 >= settings_.min_confidence_q8) {
      if (s.label == kNoLabel) {
        take(cls, confidence_q8, 1);
      } else if (cls == s.label) {
        clear_candidate();
        add_to_mean(confidence_q8);
      } else {
        if (cls != s.candidate) {
          s.candidate = cls;
          s.candidate_count = 0;
          s.candidate_sum_q8 = 0;
        }
        ++s.candidate_count;
        s.candidate_sum_q8 = static_cast<std::uint16_t>(s.candidate_sum_q8 + confidence_q8);
        if (s.candidate_count >= settings_.confirm_windows) {
          take(cls, s.candidate_sum_q8, s.candidate_count);
        }
      }
    }
    return SmootherResult{s.label, confidence_q8_now(), s.label != before, before};
  }

  // The smoothed label, kNoLabel until the first accepted decision.
  std::uint8_t label() const noexcept { return state_.label; }
  bool has_label() const noexcept { return state_.label != kNoLabel; }
  // The label's confidence, Q8 (255 = 1.0); 0 with no label.
  std::uint8_t confidence_q8() const noexcept { return confidence_q8_now(); }

  // Forgets the label and any candidate (a time jump, a gap in the windows).
  void reset() noexcept { state_ = SmootherState{}; }

  const SmootherSettings& settings() const noexcept { return settings_; }
  const SmootherState& state() const noexcept { return state_; }

  // Restores a saved state. kCorruptState, and nothing changes, unless it is one this smoother
  // with these settings could have reached: labels in [0, K) or kNoLabel, a candidate other than
  // the label with a count below confirm_windows, sums no larger than 255 per counted window.
  Status set_state(const SmootherState& st) noexcept {
    if (!consistent(st)) return Status::kCorruptState;
    state_ = st;
    return Status::kOk;
  }

 private:
  bool consistent(const SmootherState& st) const noexcept {
    const bool no_candidate =
        st.candidate == kNoLabel && st.candidate_count == 0 && st.candidate_sum_q8 == 0;
    if (st.label == kNoLabel) {
      return no_candidate && st.label_count == 0 && st.label_sum_q8 == 0;
    }
    if (st.label >= K) return false;
    if (st.label_count < 1 || st.label_count > kMeanWindows) return false;
    if (st.label_sum_q8 > 255u * st.label_count) return false;
    if (no_candidate) return true;
    return st.candidate < K && st.candidate != st.label && st.candidate_count >= 1 &&
           st.candidate_count < settings_.confirm_windows &&
           st.candidate_sum_q8 <= 255u * st.candidate_count;
  }

  // cls becomes the label, its mean seeded with `count` windows summing to `sum_q8`.
  void take(std::uint8_t cls, std::uint16_t sum_q8, std::uint8_t count) noexcept {
    state_.label = cls;
    state_.label_sum_q8 = sum_q8;
    state_.label_count = count;
    clear_candidate();
  }

  void clear_candidate() noexcept {
    state_.candidate = kNoLabel;
    state_.candidate_count = 0;
    state_.candidate_sum_q8 = 0;
  }

  void add_to_mean(std::uint8_t confidence_q8) noexcept {
    SmootherState& s = state_;
    if (s.label_count < kMeanWindows) {
      ++s.label_count;
    } else {
      // Full: the new window replaces one mean's worth (rounded), so a steady confidence c
      // keeps the rounded mean at exactly c.
      s.label_sum_q8 =
          static_cast<std::uint16_t>(s.label_sum_q8 - mean_of(s.label_sum_q8, s.label_count));
    }
    s.label_sum_q8 = static_cast<std::uint16_t>(s.label_sum_q8 + confidence_q8);
  }

  // sum / count rounded to nearest (ties up); count >= 1. At most 255 when sum <= 255 count.
  static std::uint8_t mean_of(std::uint16_t sum, std::uint8_t count) noexcept {
    return static_cast<std::uint8_t>((sum + count / 2u) / count);
  }

  std::uint8_t confidence_q8_now() const noexcept {
    return state_.label_count == 0 ? 0 : mean_of(state_.label_sum_q8, state_.label_count);
  }

  SmootherSettings settings_;
  SmootherState state_;
};

}  // namespace classify
}  // namespace fusetrack
