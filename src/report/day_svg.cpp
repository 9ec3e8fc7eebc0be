#include "report/day_svg.hpp"

#include <fstream>
#include <stdexcept>

namespace fusetrack::report {

std::string day_svg(const replay::DayTimeline& day) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\"><text x=\"4\" "
         "y=\"20\">" +
         std::to_string(day.seconds.size()) + " s</text></svg>\n";
}

void write_day_svg(const std::string& path, const replay::DayTimeline& day) {
  std::ofstream out(path, std::ios::binary);
  out << day_svg(day);
  if (!out) throw std::runtime_error(path + ": cannot write the day picture");
}

}  // namespace fusetrack::report
