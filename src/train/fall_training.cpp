#include "train/fall_training.hpp"

#include "fusetrack/core/full_scale.hpp"

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

namespace {
// Placeholder until the fit is written: the shipped model.
class ShippedModel final : public FittedFallModel {
 public:
  const falls::FallModel& model() const override { return models::kFallsWrist; }
};
}  // namespace

std::unique_ptr<FittedFallModel> fit_fall_model(const std::vector<const FallTrial*>& training,
                                                const falls::FallSettings& settings,
                                                const FallFitOptions& options) {
  (void)training;
  (void)settings;
  (void)options;
  return std::make_unique<ShippedModel>();
}

}  // namespace fusetrack::train
