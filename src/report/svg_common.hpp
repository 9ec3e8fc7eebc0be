// Small pieces shared by the hand-written SVG charts (timeline_svg, bar_chart_svg): XML escaping,
// number formatting, 1-2-5 axis ticks, text width estimates and writing the file.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace fusetrack::report {

// An axis end (or step) left for the chart to choose from its data.
inline constexpr double kAutoRange = std::numeric_limits<double>::quiet_NaN();

// Text size of the charts, px, and the rough width of one character of it (DejaVu Sans averages
// a little under 0.6 em), used to fit labels.
inline constexpr double kSvgFontSize = 12.0;
inline constexpr double kSvgCharWidth = 0.6 * kSvgFontSize;

// The font list every chart uses.
inline constexpr const char* kSvgFontFamily = "DejaVu Sans, Arial, Helvetica, sans-serif";

// `text` with &, <, >, " and ' replaced by XML entities (for text and attribute values).
std::string xml_escape(std::string_view text);

// `v` formatted with printf's `format` (one double conversion).
std::string svg_number(const char* format, double v);

// A pixel coordinate with one decimal: plenty, and it keeps the file small.
std::string svg_px(double v);

// Characters of `text`, counting a UTF-8 sequence as one (for width estimates).
std::size_t display_length(std::string_view text);

// A 1-2-5 step giving at most about `target` intervals over `range` (1 when the range is empty
// or not finite).
double nice_step(double range, int target);

// A tick label: as many decimals as `step` needs, and never "-0".
std::string tick_label(double v, double step);

// The multiples of `step` in [lo, hi] (ends included, up to rounding), at most 1001 of them.
std::vector<double> ticks(double lo, double hi, double step);

// A whole SVG document of `width_px` x `height_px` on a white background, in the charts' font,
// holding `body` (the chart's elements, one a line).
std::string svg_document(double width_px, double height_px, std::string_view body);

// Writes `doc` to `path`; throws std::runtime_error naming the path when that fails.
void write_svg_file(const std::string& path, std::string_view doc);

}  // namespace fusetrack::report
