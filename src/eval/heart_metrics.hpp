// Scores of a heart-rate estimator against a reference heart rate per window, as the spc2015
// README's "Evaluation protocol" defines them (../shared/datasets/spc2015/README.md), and their
// summary over recordings. Pure functions of their arguments.
//
// Per recording, with W windows, estimates e_i and reference r_i (beats/min), AE_i = |e_i - r_i|:
//   MAE       = (1/W) sum AE_i                          (BPM)
//   within 5  = share of windows with AE_i <= 5.0 BPM   ([0, 1])
//   avRE      = (100/W) sum AE_i / r_i                  (%)
//   sdAE      = sqrt((1/W) sum (AE_i - MAE)^2)          (BPM; the population standard deviation)
// Every window counts, whatever the estimator said of its validity (the protocol excludes none).
// Summary: unweighted means over recordings, separately for rec01-rec12 (T1, treadmill) and for
// rec13 (T2, arm exercises), and over all of them; a group without recordings gives NaN.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fusetrack::eval {

// The protocol's tolerance of "within 5": AE <= 5.0 BPM counts.
inline constexpr double kWithinBpm = 5.0;

// One recording's figures (see the definitions above); NaN when it has no windows.
struct HeartScore {
  std::size_t windows = 0;    // W
  double mae_bpm = 0.0;       // MAE, BPM
  double within_5_bpm = 0.0;  // share of windows within 5 BPM, [0, 1]
  double avre_pct = 0.0;      // avRE, %
  double sdae_bpm = 0.0;      // sdAE, BPM
  double max_ae_bpm = 0.0;    // the largest AE_i, BPM
};

// Scores `estimate_bpm` against `reference_bpm` (one value per window, same order). Throws
// std::invalid_argument when their lengths differ, an estimate or a reference is not finite, or a
// reference is not positive (avRE divides by it); the message names the window.
HeartScore score_heart_rate(const std::vector<double>& estimate_bpm,
                            const std::vector<double>& reference_bpm);

// Which of the README's summary groups a recording belongs to, by its name: rec01 .. rec12 are
// kTreadmill (T1), rec13 is kArms (T2); any other name only counts in the mean over all.
enum class HeartGroup { kTreadmill, kArms, kOther };
HeartGroup spc2015_group(const std::string& recording) noexcept;

// One scored recording, as the summary reads it.
struct NamedHeartScore {
  std::string name;
  HeartScore score;
};

// Unweighted means over a group of recordings (NaN when the group is empty).
struct HeartMeans {
  std::size_t recordings = 0;
  double mae_bpm = 0.0;
  double within_5_bpm = 0.0;
  double avre_pct = 0.0;
  double sdae_bpm = 0.0;
};

struct HeartSummary {
  HeartMeans treadmill;  // rec01 .. rec12 (the literature's "1-12")
  HeartMeans arms;       // rec13 (the literature's "13"): its own figures when it is there
  HeartMeans all;        // every recording
};

// Means of `scores` (a recording without windows is left out of every mean but counted).
HeartMeans mean_heart_scores(const std::vector<const HeartScore*>& scores);

// The summary over `recordings` (any order).
HeartSummary summarize_heart_rate(const std::vector<NamedHeartScore>& recordings);

}  // namespace fusetrack::eval
