// Cells of the plain-text tables the evaluations print: a number in a printf format (a marker
// when it is not finite) and padding to a column width.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

namespace fusetrack::report {

// `v` with printf's `format`, or `missing` when it is not finite.
inline std::string number_text(const char* format, double v, const char* missing = "-") {
  if (!std::isfinite(v)) return missing;
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// `s` with spaces after (pad_right) or before (pad_left) it up to `width` characters (bytes).
inline std::string pad_right(std::string s, std::size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}
inline std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

}  // namespace fusetrack::report
