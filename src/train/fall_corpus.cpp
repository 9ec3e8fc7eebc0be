#include "train/fall_corpus.hpp"

namespace fusetrack::train {

std::vector<FallTrial> ordinary_life_trials(const HarDataset& dataset, const std::string& tag,
                                            float acc_full_scale_m_s2, bool training) {
  std::vector<FallTrial> out;
  for (const HarRecording& r : dataset.recordings) {
    if (fall_training_subject(r.subject) != training || r.samples.size() < 2) continue;
    FallTrial t;
    t.name = tag + ":" + r.path;
    t.subject = tag + ":" + dataset.subjects[r.subject];
    t.activity_code = tag;
    t.is_fall = false;
    t.duration_s = static_cast<double>(r.samples.back().t_us - r.samples.front().t_us) * 1e-6;
    t.acc_full_scale_m_s2 = acc_full_scale_m_s2;
    t.samples = r.samples;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace fusetrack::train
