#include "eval/heart_eval.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "eval/parallel_in_order.hpp"
#include "report/progress.hpp"

namespace fusetrack::eval {

namespace {

// Samples between two progress updates.
constexpr std::size_t kProgressChunk = 4096;

// "%.3f s" of a time stamp in µs, for messages.
std::string seconds_text(Micros t_us) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(t_us) * 1e-6);
  return buf;
}

void check_settings(const HeartEvalOptions& options) {
  if (options.settings.validate() != Status::kOk) {
    throw std::invalid_argument(
        "the heart-rate estimator's settings do not validate (HeartSettings::validate)");
  }
  if (options.step_settings.validate() != Status::kOk) {
    throw std::invalid_argument(
        "the step detector's settings do not validate (StepSettings::validate)");
  }
}

}  // namespace

HeartRecordingResult evaluate_heart_recording(const Spc2015Index& index,
                                              const Spc2015RecordingInfo& info,
                                              const HeartEvalOptions& options,
                                              report::Progress* progress) {
  check_settings(options);
  HeartRecordingResult r;
  r.info = info;
  const std::vector<double> reference = load_spc2015_truth(index, info);
  const std::size_t n_windows = reference.size();
  r.windows.reserve(n_windows);

  // On the heap: the estimator holds its transform's tables and scratch.
  const auto estimator = std::make_unique<heart::HeartRateEstimator>(options.settings);
  const auto stepper = std::make_unique<steps::StepDetector>(options.step_settings);
  HeartSpectrogram& sp = r.spectra;
  const auto spectra = std::make_unique<heart::HeartSpectra>();
  if (options.keep_spectra) {
    estimator->set_spectra_sink(spectra.get());
    sp.first_bin = estimator->first_bin();
    sp.last_bin = estimator->last_bin();
    sp.clean.reserve(n_windows * (sp.last_bin - sp.first_bin + 1));
    sp.acc.reserve(n_windows * (sp.last_bin - sp.first_bin + 1));
  }

  std::size_t since_progress = 0;
  PpgSample ppg;
  ppg.channel_count = 2;
  ppg.has_ambient = false;
  r.n_samples = read_spc2015_signals(index, info, [&](const Spc2015Sample& s) {
    const Micros t_us = static_cast<Micros>(s.index) * kSpc2015SampleUs;
    const Vec3 acc_m_s2 = s.acc_g * kGravity_m_s2;
    estimator->push_acc(t_us, acc_m_s2);
    ppg.t_us = t_us;
    ppg.ppg[0] = s.ppg1;
    ppg.ppg[1] = s.ppg2;
    estimator->push_ppg(ppg);
    stepper->push(t_us, acc_m_s2, [](const steps::StepEvent&) {});

    // Window i ends after sample 250 i + 999: read its estimate now, before any later sample.
    const std::size_t pushed = s.index + 1;
    if (pushed >= kSpc2015WindowSamples &&
        (pushed - kSpc2015WindowSamples) % kSpc2015HopSamples == 0) {
      const std::size_t i = (pushed - kSpc2015WindowSamples) / kSpc2015HopSamples;
      if (i < n_windows) {
        const heart::HeartEstimate& e = estimator->estimate();
        const Micros expected_us = static_cast<Micros>(pushed) * kSpc2015SampleUs;
        if (e.window_end_us != expected_us) {
          throw std::runtime_error(
              info.name + ": window " + std::to_string(i) + ": the estimate read after sample " +
              std::to_string(s.index) + " (t = " + seconds_text(t_us) + ") covers the PPG up to " +
              seconds_text(e.window_end_us) + " (estimate " + std::to_string(e.index) +
              "), expected " + seconds_text(expected_us) +
              ", the window's end: the estimator's windows do not line up with the protocol's (8 "
              "s windows every 2 s)");
        }
        HeartWindow w;
        w.window_end_us = e.window_end_us;
        w.reference_bpm = reference[i];
        w.bpm = e.bpm;
        w.confidence = e.confidence;
        w.valid = e.valid;
        w.reason = e.reason;
        w.motion_hz = e.motion_hz;
        w.cadence_spm = stepper->cadence_spm();
        w.estimate_index = e.index;
        r.windows.push_back(w);
        if (options.keep_spectra) {
          for (std::size_t k = sp.first_bin; k <= sp.last_bin; ++k) {
            sp.clean.push_back(estimator->clean_spectrum(k));
            sp.acc.push_back(estimator->acc_spectrum(k));
          }
          ++sp.windows;
        }
      }
    }
    if (progress != nullptr && ++since_progress == kProgressChunk) {
      progress->advance(since_progress);
      since_progress = 0;
    }
  });
  if (progress != nullptr && since_progress > 0) progress->advance(since_progress);
  // The loader has checked n_samples against the index, and the index n_windows against
  // n_samples, so every window has been read; this guards that chain.
  if (r.windows.size() != n_windows) {
    throw std::runtime_error(info.name + ": " + std::to_string(r.windows.size()) +
                             " windows read for " + std::to_string(n_windows) + " truth rows");
  }

  std::vector<double> estimates;
  estimates.reserve(n_windows);
  std::size_t valid = 0;
  for (const HeartWindow& w : r.windows) {
    estimates.push_back(static_cast<double>(w.bpm));
    if (w.valid) ++valid;
  }
  r.score = score_heart_rate(estimates, reference);
  r.valid_share = n_windows == 0 ? std::numeric_limits<double>::quiet_NaN()
                                 : static_cast<double>(valid) / static_cast<double>(n_windows);
  return r;
}

HeartEvalResult evaluate_heart_rate(const Spc2015Index& index, const HeartEvalOptions& options) {
  check_settings(options);
  std::size_t total = 0;
  for (const Spc2015RecordingInfo& info : index.recordings) total += info.n_samples;
  report::Progress progress("eval heart-rate", total, options.show_progress ? stderr : nullptr);
  HeartEvalResult r;
  r.dir = index.dir;
  r.recordings = parallel_in_order<HeartRecordingResult>(
      index.recordings.size(), options.threads, [&](std::size_t i) {
        return evaluate_heart_recording(index, index.recordings[i], options, &progress);
      });
  progress.finish();
  std::vector<NamedHeartScore> scores;
  scores.reserve(r.recordings.size());
  for (const HeartRecordingResult& rec : r.recordings) {
    scores.push_back(NamedHeartScore{rec.info.name, rec.score});
    r.n_samples += rec.n_samples;
  }
  r.summary = summarize_heart_rate(scores);
  return r;
}

HeartEvalResult evaluate_heart_rate(const std::filesystem::path& dir,
                                    const HeartEvalOptions& options) {
  check_spc2015_folder(dir);
  return evaluate_heart_rate(load_spc2015_index(dir), options);
}

}  // namespace fusetrack::eval
