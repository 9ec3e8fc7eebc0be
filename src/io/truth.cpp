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

const char* motion_kind_name(MotionKind k) noexcept {
  switch (k) {
    case MotionKind::kFallForward:
      return "fall_forward";
    case MotionKind::kFallBackward:
      return "fall_backward";
    case MotionKind::kFallLateral:
      return "fall_lateral";
    case MotionKind::kClap:
      return "clap";
    case MotionKind::kHop:
      return "hop";
    case MotionKind::kSitHard:
      return "sit_hard";
    case MotionKind::kArmDrop:
      return "arm_drop";
  }
  return "unknown";
}

MotionKind parse_motion_kind(std::string_view name) {
  for (const MotionKind k : kAllMotionKinds) {
    if (name == motion_kind_name(k)) return k;
  }
  throw std::invalid_argument("unknown motion '" + std::string(name) +
                              "' (expected fall_forward, fall_backward, fall_lateral, clap, hop, "
                              "sit_hard or arm_drop)");
}

bool motion_kind_is_fall(MotionKind k) noexcept {
  return k == MotionKind::kFallForward || k == MotionKind::kFallBackward ||
         k == MotionKind::kFallLateral;
}

}  // namespace fusetrack::io
