#include "io/truth.hpp"

#include <stdexcept>
#include <string>

namespace fusetrack::io {

const char* activity_name(Activity a) noexcept {
  switch (a) {
    case Activity::kRest:
      return "rest";
    case Activity::kWalk:
      return "walk";
    case Activity::kRun:
      return "run";
    case Activity::kWave:
      return "wave";
    case Activity::kType:
      return "type";
    case Activity::kTalk:
      return "talk";
    case Activity::kCar:
      return "car";
  }
  return "unknown";
}

Activity parse_activity(std::string_view name) {
  for (const Activity a : kAllActivities) {
    if (name == activity_name(a)) return a;
  }
  throw std::invalid_argument("unknown activity '" + std::string(name) +
                              "' (expected rest, walk, run, wave, type, talk or car)");
}

bool activity_has_steps(Activity a) noexcept { return a == Activity::kWalk || a == Activity::kRun; }

}  // namespace fusetrack::io
