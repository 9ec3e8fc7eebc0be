// The day picture of `fusetrack run` and `fusetrack replay --out`: one self-contained SVG of a
// replay::DayTimeline (replay/day_timeline.hpp).
#pragma once

#include <string>

#include "replay/day_timeline.hpp"

namespace fusetrack::report {

// The SVG document of `day`.
std::string day_svg(const replay::DayTimeline& day);

// Writes day_svg(day) to `path`; throws std::runtime_error naming the path when it cannot.
void write_day_svg(const std::string& path, const replay::DayTimeline& day);

}  // namespace fusetrack::report
