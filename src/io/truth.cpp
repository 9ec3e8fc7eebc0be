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
  }
  return "unknown";
}

Activity parse_activity(std::string_view name) {
  if (name == "rest") return Activity::kRest;
  if (name == "walk") return Activity::kWalk;
  if (name == "run") return Activity::kRun;
  throw std::invalid_argument("unknown activity '" + std::string(name) +
                              "' (expected rest, walk or run)");
}

}  // namespace fusetrack::io
