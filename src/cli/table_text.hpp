// Text helpers the evaluation commands' tables share.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "io/csv.hpp"
#include "report/text_cells.hpp"

namespace fusetrack::cli {

// Text from a dataset's files (names, conditions), safe to print on a terminal.
inline std::string shown(const std::string& text) { return io::printable(text); }

// `v` with printf's `format`, or "-" when it is not finite.
inline std::string num(const char* format, double v) { return report::number_text(format, v); }

}  // namespace fusetrack::cli
