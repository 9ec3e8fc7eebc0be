// A small hand-written SVG bar chart with horizontal bars: one row per category (top to bottom,
// e.g. the trials of an evaluation in index order), in each row one bar per series (a thick one
// and thinner ones under it), a shared value axis from zero with a grid, and markers (e.g. a
// mean) drawn as vertical lines across every row. The left margin grows to fit the longest
// category name, so long names are never cut.
#pragma once

#include <string>
#include <vector>

#include "report/svg_common.hpp"

namespace fusetrack::report {

// One bar per category.
struct BarSeries {
  std::string label;              // legend text
  std::string color = "#4d4d4d";  // any SVG colour
  double thickness_px = 12.0;     // the bar's height
  bool show_values = false;       // write each value (BarChart::value_format) after its bar
  std::vector<double> values;     // one per category, >= 0; non-finite: no bar ("n/a" is written
                                  // where values are shown)
};

// A vertical line across all rows at `value`, named in the legend.
struct BarMarker {
  double value = 0.0;
  std::string label;              // legend text, e.g. "mean total 2.07°"
  std::string color = "#000000";  // any SVG colour
  bool dashed = true;
};

struct BarChart {
  std::string title;     // on top of the picture
  std::string subtitle;  // a second, smaller line under the title; may be empty
  std::string x_label;   // the value axis, with the unit
  std::vector<std::string> categories;
  std::vector<BarSeries> series;
  std::vector<BarMarker> markers;
  double x_max = kAutoRange;          // end of the value axis; NaN: from the data, a whole tick
  std::string value_format = "%.2f";  // printf format of the values written after the bars
};

struct BarChartSvgOptions {
  int width_px = 1000;      // the picture; wider when the category names need it
  double row_pad_px = 7.0;  // above and below the bars of a row
  double bar_gap_px = 1.0;  // between the bars of one row
};

// The SVG document (UTF-8, starting with "<svg"). Throws std::invalid_argument when a series
// does not have one value per category.
std::string bar_chart_svg(const BarChart& chart, const BarChartSvgOptions& options = {});

// Writes bar_chart_svg(...) to `path`; throws std::runtime_error naming the path when that fails.
void write_bar_chart_svg(const std::string& path, const BarChart& chart,
                         const BarChartSvgOptions& options = {});

}  // namespace fusetrack::report
