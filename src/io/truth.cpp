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

const char* ppg_fault_name(PpgFault f) noexcept {
  switch (f) {
    case PpgFault::kNoContact:
      return "no_contact";
    case PpgFault::kClipped:
      return "clipped";
    case PpgFault::kAmbient:
      return "ambient";
    case PpgFault::kFlat:
      return "flat";
  }
  return "unknown";
}

PpgFault parse_ppg_fault(std::string_view name) {
  for (const PpgFault f : kAllPpgFaults) {
    if (name == ppg_fault_name(f)) return f;
  }
  throw std::invalid_argument("unknown PPG fault '" + std::string(name) +
                              "' (expected no_contact, clipped, ambient or flat)");
}

}  // namespace fusetrack::io
