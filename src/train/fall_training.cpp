#include "train/fall_training.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include <cstdio>

#include "fusetrack/core/full_scale.hpp"
#include "train/model_text.hpp"

namespace fusetrack::train {

FallRun run_falls(const std::vector<ImuSample>& samples, const falls::FallSettings& settings,
                  float acc_full_scale_m_s2) {
  const FullScaleSettings fs_defaults{};
  const FullScale fs(acc_full_scale_m_s2, fs_defaults.clip_band);
  falls::FallDetector d(settings);
  FallRun run;
  for (const ImuSample& s : samples) {
    const bool clipped = fs.clipped_or_beyond(fs.peak(s.acc_m_s2));
    const std::uint8_t u = d.update(s.t_us, s.acc_m_s2, clipped);
    if ((u & falls::kFallCandidate) != 0) run.candidates.push_back(d.last_candidate());
    if ((u & falls::kFallAlarm) != 0) run.alarms.push_back(d.last_candidate().impact_us);
  }
  return run;
}

FittedFallModel::FittedFallModel(QuantizedMlpData q, std::int32_t threshold,
                                 std::vector<std::string> subjects)
    : q_(std::move(q)), subjects_(std::move(subjects)) {
  for (const std::string& id : subjects_) trained_on_ += (trained_on_.empty() ? "" : " ") + id;
  model_.name = "fitted";
  model_.mlp = &q_.view();
  model_.threshold_logit = threshold;
  model_.research_only = true;  // unknown data: the header generator says what it is
  model_.id = model_data_id(q_);
  model_.trained_on = trained_on_.c_str();
}

namespace {

// The margin (logit[1] - logit[0]) the runtime gives a candidate.
std::int32_t margin_of(const classify::QuantizedMlp& mlp, const float* features) {
  classify::MlpValue x_q[falls::kFallFeatureCount];
  classify::quantize_input(mlp, features, x_q);
  std::int32_t logits[2] = {0, 0};
  classify::infer_logits(mlp, x_q, logits);
  return logits[1] - logits[0];
}

}  // namespace

FallTrainingSet fall_training_set(const std::vector<const FallTrial*>& trials,
                                  const falls::FallSettings& settings) {
  FallTrainingSet set;
  set.runs.resize(trials.size());
  for (std::size_t t = 0; t < trials.size(); ++t) {
    falls::FallSettings s = settings;
    s.model = nullptr;  // the features do not depend on the model
    set.runs[t] = run_falls(*trials[t], s);
  }
  std::size_t rows = 0;
  for (const FallRun& r : set.runs) rows += r.candidates.size();
  set.x.resize(static_cast<Eigen::Index>(rows), falls::kFallFeatureCount);
  set.label.assign(rows, -1);
  set.trial.assign(rows, 0);
  std::size_t row = 0;
  for (std::size_t t = 0; t < trials.size(); ++t) {
    const std::vector<falls::FallCandidate>& c = set.runs[t].candidates;
    // A fall trial holds one fall, at an unknown time: its strongest impact is taken as the
    // fall; its other impacts (the body settling, getting up) are left out of training.
    std::size_t strongest = 0;
    for (std::size_t k = 1; k < c.size(); ++k) {
      if (c[k].impact_g > c[strongest].impact_g) strongest = k;
    }
    for (std::size_t k = 0; k < c.size(); ++k, ++row) {
      for (std::size_t f = 0; f < falls::kFallFeatureCount; ++f) {
        set.x(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(f)) = c[k].features[f];
      }
      set.trial[row] = t;
      if (!trials[t]->is_fall) {
        set.label[row] = 0;
      } else if (k == strongest) {
        set.label[row] = 1;
      }
    }
  }
  return set;
}

std::int32_t choose_threshold(const std::vector<std::int32_t>& fall_margins,
                              const std::vector<std::int32_t>& adl_margins,
                              std::size_t falls_without_candidate) {
  // Candidate thresholds: every margin seen (an alarm when margin >= threshold).
  std::vector<std::int32_t> cuts(fall_margins);
  cuts.insert(cuts.end(), adl_margins.begin(), adl_margins.end());
  for (std::int32_t& c : cuts) c += 1;  // just above each margin, too
  cuts.insert(cuts.end(), fall_margins.begin(), fall_margins.end());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  const double n_fall = static_cast<double>(fall_margins.size() + falls_without_candidate);
  const double n_adl = static_cast<double>(adl_margins.size());
  double best_score = -1.0;
  std::int32_t best_lo = 0, best_hi = 0;
  for (std::int32_t cut : cuts) {
    const double tp = static_cast<double>(std::count_if(fall_margins.begin(), fall_margins.end(),
                                                        [&](std::int32_t m) { return m >= cut; }));
    const double fp = static_cast<double>(std::count_if(adl_margins.begin(), adl_margins.end(),
                                                        [&](std::int32_t m) { return m >= cut; }));
    const double se = n_fall > 0 ? tp / n_fall : 1.0;
    const double sp = n_adl > 0 ? 1.0 - fp / n_adl : 1.0;
    const double score = se * sp;
    if (score > best_score + 1e-12) {
      best_score = score;
      best_lo = best_hi = cut;
    } else if (score > best_score - 1e-12) {
      best_hi = cut;
    }
  }
  // The middle of the best plateau: as far from both kinds of error as the training data allow.
  return best_lo + (best_hi - best_lo) / 2;
}

std::unique_ptr<FittedFallModel> fit_fall_model(const std::vector<const FallTrial*>& training,
                                                const falls::FallSettings& settings,
                                                const FallFitOptions& options) {
  FallTrainingSet set = fall_training_set(training, settings);
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < set.label.size(); ++r) {
    if (set.label[r] >= 0) rows.push_back(r);
  }
  if (rows.empty())
    throw std::invalid_argument("fit_fall_model: no candidate in the training trials");
  FloatMlp floating = train_mlp(set.x, set.label, rows, 2, options.mlp);
  QuantizedMlpData q = quantize_mlp(floating, set.x, rows);
  std::vector<std::string> subjects;
  for (const FallTrial* t : training) {
    if (std::find(subjects.begin(), subjects.end(), t->subject) == subjects.end()) {
      subjects.push_back(t->subject);
    }
  }
  // The threshold on the trials' largest margins, as the per-trial decision uses them.
  const classify::QuantizedMlp& mlp = q.view();
  std::vector<std::int32_t> fall_margins, adl_margins;
  std::size_t falls_without = 0;
  for (std::size_t t = 0; t < training.size(); ++t) {
    const std::vector<falls::FallCandidate>& c = set.runs[t].candidates;
    if (c.empty()) {
      if (training[t]->is_fall)
        ++falls_without;
      else
        adl_margins.push_back(std::numeric_limits<std::int32_t>::min() / 2);
      continue;
    }
    std::int32_t best = std::numeric_limits<std::int32_t>::min();
    for (const falls::FallCandidate& k : c) best = std::max(best, margin_of(mlp, k.features));
    (training[t]->is_fall ? fall_margins : adl_margins).push_back(best);
  }
  const std::int32_t threshold = choose_threshold(fall_margins, adl_margins, falls_without);
  auto fitted = std::make_unique<FittedFallModel>(std::move(q), threshold, std::move(subjects));
  fitted->candidates = rows.size();
  fitted->fall_candidates = static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [&](std::size_t r) { return set.label[r] == 1; }));
  return fitted;
}

std::string fall_model_header(const FallModelHeader& h, const FittedFallModel& fitted) {
  const QuantizedMlpData& q = fitted.quantized();
  const falls::FallModel& m = fitted.model();
  const std::string ns = h.file.substr(0, h.file.size() - 4) + "_data";
  std::string shape = std::to_string(m.mlp->inputs);
  for (const classify::DenseLayer& L : q.layers) shape += "-" + std::to_string(L.outputs);
  std::string t;
  t += "// fusetrack fall model \"" + h.name + "\".\n";
  t += "// Generated by `fusetrack train-falls`; do not edit (regenerate instead).\n//\n";
  std::size_t at = 0;
  while (at < h.provenance.size()) {
    const std::size_t nl = h.provenance.find('\n', at);
    const std::string line = h.provenance.substr(at, nl == std::string::npos ? nl : nl - at);
    t += line.empty() ? "//\n" : "// " + line + "\n";
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  if (h.research_only) {
    t += "// RESEARCH ONLY: the training data forbids commercial use. Never ship this model in a\n"
         "// product, and never make it a default.\n";
  }
  t +=
      "// Network: MLP " + shape + " on the FallDetector's features (falls/fall_model.hpp), int8\n";
  t += "// weights, int16 activations, " + std::to_string(m.mlp->data_bytes()) +
       " bytes of constant data; " + std::to_string(fitted.candidates) + " training impacts (" +
       std::to_string(fitted.fall_candidates) +
       " falls); alarm at a logit margin >= " + std::to_string(m.threshold_logit) + " (1/16).\n";
  t += "#pragma once\n\n#include <cstdint>\n\n#include \"fusetrack/falls/fall_model.hpp\"\n\n";
  t += "namespace fusetrack::models {\n\nnamespace " + ns + " {\n\n";
  t += mlp_arrays_text(q);
  t += "inline constexpr classify::QuantizedMlp kMlp{" + std::to_string(m.mlp->inputs) +
       ", kInputOffset, kInputScale, kLayers, " + std::to_string(q.layers.size()) + ", 2};\n";
  t += "\n}  // namespace " + ns + "\n\n";
  char idbuf[16];
  std::snprintf(idbuf, sizeof idbuf, "0x%08Xu", m.id);
  t += "inline constexpr falls::FallModel " + h.symbol + "{\n    \"" + h.name + "\", &" + ns +
       "::kMlp, " + std::to_string(m.threshold_logit) + ", " +
       (h.research_only ? "true" : "false") + ", " + idbuf + ",\n    \"" + m.trained_on +
       "\"};\n\n";
  t += "}  // namespace fusetrack::models\n";
  return t;
}

}  // namespace fusetrack::train
