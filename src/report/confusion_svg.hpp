// A confusion matrix as a self-contained SVG picture: one row per true class, one column per
// predicted class, each cell coloured by its share of the row (white 0 % to dark blue 100 %, so
// a row reads as that class's recall spread, whatever its size) and labelled with its window
// count; class names on both axes (the column names slanted so that 18 names fit), each row's
// window total at its right, a colour key, and accuracy and macro-F1 in the title.
#pragma once

#include <string>

#include "eval/classification_metrics.hpp"

namespace fusetrack::report {

// The SVG document (UTF-8, starting with "<svg") for `report`, titled "`title` — accuracy A,
// macro-F1 F". A report without classes gives a picture with the title only.
std::string confusion_svg(const eval::ClassificationReport& report, const std::string& title);

// Writes confusion_svg(...) to `path`; throws std::runtime_error naming the path when that fails.
void write_confusion_svg(const std::string& path, const eval::ClassificationReport& report,
                         const std::string& title);

}  // namespace fusetrack::report
