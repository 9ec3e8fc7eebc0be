// Text helpers the evaluation commands' tables share.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "io/csv.hpp"

namespace fusetrack::cli {

// Text from a dataset's files (names, conditions), safe to print on a terminal.
inline std::string shown(const std::string& text) { return io::printable(text); }

// `v` with printf's `format`, or "-" when it is not finite.
inline std::string num(const char* format, double v) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace fusetrack::cli
