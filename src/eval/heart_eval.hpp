// Heart-rate evaluation on an spc2015 folder (../shared/datasets/spc2015/README.md): a fresh
// heart::HeartRateEstimator per recording, fed exactly as the README's causal protocol says, and
// scored with eval/heart_metrics.hpp; recordings in parallel, results in input order (the same
// for any number of threads).
//
// The protocol as run here: sample k (0-based) has t_us = k x 8000. For every sample, in file
// order, the accelerometer first (g x 9.80665 = m/s²) through push_acc, then both PPG channels
// through push_ppg. The estimate of window i is read right after sample 250 i + 999 has been
// pushed, and must cover up to exactly (250 i + 1000) x 8000 µs (HeartEstimate::window_end_us): an
// estimator whose windows do not line up with the dataset's is an error, never a silent shift.
// Every window is scored with the estimate's bpm, valid or not; its validity, confidence and
// reason are kept beside it. A steps::StepDetector on the same accelerometer gives the cadence at
// each window's end (for the pictures; it does not enter any score).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "eval/heart_metrics.hpp"
#include "eval/spc2015.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/heart/heart_rate_estimator.hpp"
#include "fusetrack/steps/step_detector.hpp"

namespace fusetrack::report {
class Progress;
}

namespace fusetrack::eval {

// One window of a recording: the reference and what the estimator said for it.
struct HeartWindow {
  Micros window_end_us = 0;    // (250 i + 1000) x 8000
  double reference_bpm = 0.0;  // from the truth file
  float bpm = 0.0f;            // the estimate (scored whether valid or not)
  float confidence = 0.0f;     // [0, 1]
  bool valid = false;          // the estimator's own judgement
  heart::HeartReason reason = heart::HeartReason::kWarmingUp;
  float motion_hz = 0.0f;    // the accelerometer's strongest frequency in the band, Hz
  float cadence_spm = 0.0f;  // the step detector's cadence at the window's end (0: no walking)
  std::uint32_t estimate_index = 0;  // HeartEstimate::index of the estimate read
};

// The spectra behind every window's estimate (kept only with HeartEvalOptions::keep_spectra):
// bins first_bin .. last_bin (bin k at k x heart::kBinHz Hz), each normalized to its window's
// band maximum, [0, 1]; stored window by window.
struct HeartSpectrogram {
  std::size_t first_bin = 0;
  std::size_t last_bin = 0;
  std::size_t windows = 0;
  std::vector<float> clean;  // the PPG after motion suppression: windows x bins()
  std::vector<float> acc;    // the accelerometer: windows x bins()

  std::size_t bins() const noexcept { return windows == 0 ? 0 : last_bin - first_bin + 1; }
  float clean_at(std::size_t window, std::size_t k) const {
    return clean[window * bins() + (k - first_bin)];
  }
  float acc_at(std::size_t window, std::size_t k) const {
    return acc[window * bins() + (k - first_bin)];
  }
};

// One recording's outcome.
struct HeartRecordingResult {
  Spc2015RecordingInfo info;
  std::vector<HeartWindow> windows;  // window order, one per truth row
  HeartScore score;
  double valid_share = 0.0;  // share of windows the estimator marked valid, [0, 1] (NaN: none)
  std::size_t n_samples = 0;
  HeartSpectrogram spectra;  // empty unless asked for
};

struct HeartEvalOptions {
  heart::HeartSettings settings;      // the estimator's (default: its defaults)
  steps::StepSettings step_settings;  // the step detector's, for the cadence
  std::size_t threads = 0;            // worker threads; 0 = oneTBB's default (all cores)
  bool show_progress = false;         // progress line on stderr, drawn only when it is a terminal
  bool keep_spectra = false;          // fill HeartRecordingResult::spectra (for pictures)
};

struct HeartEvalResult {
  std::filesystem::path dir;
  std::vector<HeartRecordingResult> recordings;  // index order
  HeartSummary summary;
  std::size_t n_samples = 0;
};

// Runs the protocol above on one recording of `index`. `progress`, when given, advances by the
// samples read. Throws std::invalid_argument for settings that do not validate, ParseError as the
// loader does, and std::runtime_error naming the recording, the window and both times when an
// estimate does not cover the window it is read for.
HeartRecordingResult evaluate_heart_recording(const Spc2015Index& index,
                                              const Spc2015RecordingInfo& info,
                                              const HeartEvalOptions& options,
                                              report::Progress* progress = nullptr);

// Every recording of `index`, in parallel; the first error by index order is rethrown.
HeartEvalResult evaluate_heart_rate(const Spc2015Index& index, const HeartEvalOptions& options);

// Checks `dir` (check_spc2015_folder), loads its index and evaluates it.
HeartEvalResult evaluate_heart_rate(const std::filesystem::path& dir,
                                    const HeartEvalOptions& options);

}  // namespace fusetrack::eval
