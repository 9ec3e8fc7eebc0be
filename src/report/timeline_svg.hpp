// A small hand-written SVG timeline: several panels stacked on one shared time axis (seconds),
// each with its own y axis, label and unit, lines (polylines, solid or dashed) and shaded bands.
// A panel may instead be a lane chart (one named row per lane, bands only), e.g. for activity
// segments and on/off flags; the left margin grows to fit the longest lane name. Lines are
// decimated (min/max per bucket, so peaks survive) to at most about `max_points_per_line` points,
// which keeps a long recording's picture small.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "report/svg_common.hpp"

namespace fusetrack::report {

// One line of a panel: y(t) drawn as a polyline. A non-finite y breaks the line (use it where an
// angle wraps from +180° to -180°). t_s ascending; t_s and y of equal length.
struct TimelineLine {
  std::string label;              // legend text
  std::string color = "#1f77b4";  // any SVG colour
  bool dashed = false;
  double width_px = 1.5;
  std::vector<double> t_s;
  std::vector<double> y;
};

// A shaded stretch of time [start_s, end_s]. In a lane panel it fills its lane's row, otherwise
// the panel's full height behind the lines. Always drawn at least one pixel wide.
struct TimelineBand {
  double start_s = 0.0;
  double end_s = 0.0;
  std::string color = "#cccccc";
  std::string label;     // written inside the band when it is wide enough; may be empty
  std::size_t lane = 0;  // the row, in a lane panel
  double opacity = 1.0;  // fill opacity in [0, 1]
};

struct TimelinePanel {
  std::string title;    // above the panel, left
  std::string y_label;  // with the unit, e.g. "angle (deg)"; unused in a lane panel
  std::vector<TimelineLine> lines;
  std::vector<TimelineBand> bands;
  std::vector<std::string> lanes;  // non-empty: a lane chart, one row per name (top to bottom)
  double y_min = kAutoRange;       // fixed y range; NaN: from the data, widened to whole ticks
  double y_max = kAutoRange;
  double y_tick_step = kAutoRange;  // distance between y ticks; NaN: a 1-2-5 step from the range
};

struct Timeline {
  std::string title;  // on top of the picture
  std::string x_label = "time (s)";
  double t_min_s = kAutoRange;  // time range; NaN: from the lines and bands
  double t_max_s = kAutoRange;
  std::vector<TimelinePanel> panels;
};

struct TimelineSvgOptions {
  int width_px = 1200;                     // the whole picture
  int panel_height_px = 150;               // plot area of a panel with a y axis
  int lane_height_px = 24;                 // one row of a lane panel
  std::size_t max_points_per_line = 2000;  // decimation budget per line (at least 4)
};

// The SVG document (UTF-8, starting with "<svg"). Throws std::invalid_argument when a line's t_s
// and y differ in length or a band names a lane the panel does not have.
std::string timeline_svg(const Timeline& timeline, const TimelineSvgOptions& options = {});

// Writes timeline_svg(...) to `path`; throws std::runtime_error naming the path when that fails.
void write_timeline_svg(const std::string& path, const Timeline& timeline,
                        const TimelineSvgOptions& options = {});

// The indices of `y` a line keeps with at most about `max_points` points: every finite run is cut
// into buckets and each bucket keeps its minimum and maximum (in time order), so spikes survive.
// A non-finite value is kept (as a break) when it separates two runs. All indices when y.size()
// <= max_points.
std::vector<std::size_t> decimate_min_max(const std::vector<double>& y, std::size_t max_points);

// One band per run of consecutive samples whose flag is set: from the run's first time stamp to
// the next sample's (the last sample's for a run at the end).
std::vector<TimelineBand> bands_where(const std::vector<double>& t_s,
                                      const std::vector<std::uint8_t>& flags, std::size_t lane,
                                      const std::string& color, const std::string& label = {});

// Bands for a flag that may flicker faster than a pixel: [t_min_s, t_max_s] is cut into `columns`
// equal columns, and each column holding samples with the flag set gets a band whose opacity
// tells the fraction of its samples that have it: 1 when all do, else 0.2, 0.4, 0.6 or 0.8 (the
// fraction rounded up to a quarter, so a rare flag stays visible). Neighbouring columns of the
// same shade are one band. Samples outside the range are ignored. Throws std::invalid_argument
// when t_s and flags differ in length.
std::vector<TimelineBand> duty_bands(const std::vector<double>& t_s,
                                     const std::vector<std::uint8_t>& flags, std::size_t lane,
                                     const std::string& color, double t_min_s, double t_max_s,
                                     std::size_t columns);

}  // namespace fusetrack::report
