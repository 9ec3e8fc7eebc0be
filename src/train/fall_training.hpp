// Fall models: feeding a trial to the fall detector exactly as the device does, fitting the
// detector's integer network and its alarm threshold on some trials (the training subjects of a
// fold), and the model header the core compiles in. `fusetrack eval falls --cv subjects` and
// `fusetrack train-falls` are thin layers over this file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/falls/fall_detector.hpp"

namespace fusetrack::train {

// One labelled recording: a fall trial holds exactly one fall (time unknown), an ADL trial none.
struct FallTrial {
  std::string name;           // "S01_F01_R01"
  std::string subject;        // "S01"
  std::string activity_code;  // "D01" ... "F03" (or a simulated kind's name)
  std::string age_group;      // "adult_18_49" / "older_50plus" (empty when unknown)
  bool is_fall = false;
  double duration_s = 0.0;  // last stamp - first stamp
  float acc_full_scale_m_s2 = 16.0f * kGravity_m_s2;  // a component at this is clipped
  std::vector<ImuSample> samples;                     // in stamp order
};

// What the detector did with one recording.
struct FallRun {
  std::vector<falls::FallCandidate> candidates;  // every judged impact, in time order
  std::vector<Micros> alarms;                    // the impacts that raised an alarm
};

// Streams `samples` (in order) through a fresh FallDetector(settings); a sample with a component
// within 1 % of `acc_full_scale_m_s2` is passed as clipped (FullScaleSettings' default band).
FallRun run_falls(const std::vector<ImuSample>& samples, const falls::FallSettings& settings,
                  float acc_full_scale_m_s2);
inline FallRun run_falls(const FallTrial& t, const falls::FallSettings& settings) {
  return run_falls(t.samples, settings, t.acc_full_scale_m_s2);
}

// A model fitted on some trials; `model` stays valid while the object lives (not movable).
class FittedFallModel {
 public:
  virtual ~FittedFallModel() = default;
  virtual const falls::FallModel& model() const = 0;
};

struct FallFitOptions {
  std::uint64_t seed = 20261202;
};

// Fits the network and its threshold on `training` (their candidates under `settings`, whose
// `model` is ignored), for the detector with `settings`.
std::unique_ptr<FittedFallModel> fit_fall_model(const std::vector<const FallTrial*>& training,
                                                const falls::FallSettings& settings,
                                                const FallFitOptions& options = {});

}  // namespace fusetrack::train
