#include "report/step_trace_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "report/svg_common.hpp"

namespace fusetrack::report {
namespace {

// Layout, px (y offsets of a row are from the top of its signal panel).
constexpr double kMargin = 14.0;
constexpr double kLeft = 86.0;  // room for the lane names and the y tick labels
constexpr double kRight = 18.0;
constexpr double kTitleBaseline = 24.0;
constexpr double kSubtitleBaseline = 43.0;
constexpr double kLegendBaseline = 63.0;
constexpr double kFirstRowTop = 84.0;
constexpr double kLaneHalf = 6.0;       // a mark is 12 px tall
constexpr double kTrueLane = 14.0;      // below the signal panel: the true steps' lane centre
constexpr double kDetectedLane = 32.0;  // the detections' lane centre
constexpr double kAxis = 44.0;          // the time axis
constexpr double kRowGap = 28.0;        // below the axis: its labels, then the next row
constexpr double kMinColumnPx = 1.5;    // envelope columns at least this wide

// Colours: Okabe & Ito's colour-blind safe palette where colour carries meaning.
constexpr const char* kSignalFill = "#a6bddb";
constexpr const char* kSignalStroke = "#6a8cb8";
constexpr const char* kTrueMatched = "#4d4d4d";
constexpr const char* kMissed = "#d55e00";
constexpr const char* kDetectedMatched = "#0072b2";
constexpr const char* kFalse = "#cc79a7";
constexpr const char* kPair = "#9a9a9a";

std::string px(double v) { return svg_px(v); }

// "%.3f", or "-" when not finite.
std::string fixed(const char* format, double v) {
  return std::isfinite(v) ? svg_number(format, v) : "-";
}

// The value at fraction q of `v` (sorted copy; NaN when empty).
double quantile(std::vector<float> v, double q) {
  if (v.empty()) return std::nan("");
  const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return static_cast<double>(v[k]);
}

// One vertical mark per time in a single path ("M x y v h" each): one element per kind keeps the
// file small.
void marks_path(std::string& b, const std::vector<double>& xs, double y_top, double height,
                const char* color, double width) {
  if (xs.empty()) return;
  std::string d;
  for (const double x : xs) d += "M" + px(x) + " " + px(y_top) + "v" + px(height);
  b += "<path d=\"" + d + "\" stroke=\"" + color + "\" stroke-width=\"" + px(width) +
       "\" fill=\"none\"/>\n";
}

}  // namespace

std::string step_trace_svg_file_name(const std::string& trace_name) {
  std::string out;
  for (const char c : trace_name) {
    if (c == '/' || c == '\\') {
      out += "__";
    } else {
      out += c;
    }
  }
  return out + ".svg";
}

std::string step_trace_svg(const eval::StepTraceResult& t, const StepTraceSvgOptions& options) {
  const eval::StepScore& s = t.trace.score;
  const eval::StepTraceDetail& d = t.detail;
  const double width = options.width_px;
  const double plot_w = width - kLeft - kRight;
  const double panel_h = options.signal_height_px;

  // Rows: row_s each, grown (in whole multiples) so the trace needs at most max_rows.
  const Micros first_us = d.first_us;
  const Micros last_us = std::max(d.last_us, d.first_us);
  auto row_us = static_cast<Micros>(std::llround(options.row_s * 1e6));
  if (row_us <= 0) row_us = 30'000'000;
  const std::size_t max_rows = std::max<std::size_t>(options.max_rows, 1);
  const Micros span_us = last_us - first_us + 1;
  const auto rows_needed = [&](Micros r) {
    const Micros start = first_us - (((first_us % r) + r) % r);
    return static_cast<std::size_t>((last_us - start) / r + 1);
  };
  if (rows_needed(row_us) > max_rows) {
    const Micros base = row_us;
    row_us = base * ((span_us / static_cast<Micros>(max_rows)) / base + 1);
    while (rows_needed(row_us) > max_rows) row_us += base;
  }
  const Micros rows_start = first_us - (((first_us % row_us) + row_us) % row_us);
  const std::size_t n_rows = t.n_samples == 0 ? 0 : rows_needed(row_us);
  const double row_s = static_cast<double>(row_us) * 1e-6;
  const double px_per_us = plot_w / static_cast<double>(row_us);
  const double row_h = panel_h + kAxis + kRowGap;

  // The signal's range: robust to a few spikes (a phone picked up), at least ±1 m/s²; values
  // beyond it are drawn at its edge.
  std::vector<float> lows, highs;
  for (std::size_t i = 0; i < d.signal.lo.size(); ++i) {
    if (std::isfinite(d.signal.lo[i])) lows.push_back(d.signal.lo[i]);
    if (std::isfinite(d.signal.hi[i])) highs.push_back(d.signal.hi[i]);
  }
  double y_lo = std::min(-1.0, lows.empty() ? -1.0 : quantile(lows, 0.002));
  double y_hi = std::max(1.0, highs.empty() ? 1.0 : quantile(highs, 0.998));
  const double y_step = nice_step(y_hi - y_lo, 4);
  y_lo = std::floor(y_lo / y_step - 1e-9) * y_step;
  y_hi = std::ceil(y_hi / y_step + 1e-9) * y_step;
  const auto y_of = [&](double v, double top) {
    const double c = std::clamp(v, y_lo, y_hi);
    return top + panel_h * (y_hi - c) / (y_hi - y_lo);
  };

  // Header.
  const std::string position = t.trace.position.empty() ? "-" : t.trace.position;
  const std::string heading =
      t.trace.name + " (" + position + ") \u2014 true " + std::to_string(s.true_steps) +
      ", counted " + std::to_string(s.counted_steps) + ", APE " + fixed("%.2f", s.abs_pct_error) +
      " %" +
      (s.has_step_times ? ", precision " + fixed("%.3f", s.precision) + ", recall " +
                              fixed("%.3f", s.recall) + ", F1 " + fixed("%.3f", s.f1)
                        : std::string(" (the truth gives a total only)"));
  const std::string subtitle =
      "signal: |a| \u2212 9.80665 m/s\u00b2 of the input, lowest and highest per " +
      svg_number("%g", static_cast<double>(d.signal.bin_us) * 1e-3) +
      " ms; matching tolerance \u00b10.25 s; median offset of matched detections " +
      fixed("%+.3f", s.median_offset_s) + " s; median report delay " +
      fixed("%.3f", s.median_delay_s) + " s";
  std::string b;
  b += "<text x=\"" + px(kMargin) + "\" y=\"" + px(kTitleBaseline) +
       "\" font-size=\"15\" font-weight=\"bold\">" + xml_escape(heading) + "</text>\n";
  b += "<text x=\"" + px(kMargin) + "\" y=\"" + px(kSubtitleBaseline) + "\" fill=\"#444444\">" +
       xml_escape(subtitle) + "</text>\n";

  // Legend: a sample mark and its meaning.
  {
    struct Item {
      const char* color;
      double width;
      const char* label;
    };
    const Item items[] = {
        {kSignalStroke, 6.0, "signal"},        {kTrueMatched, 1.6, "true step, matched"},
        {kMissed, 2.4, "true step, missed"},   {kDetectedMatched, 1.6, "detected step, matched"},
        {kFalse, 2.4, "detected step, false"}, {kPair, 1.0, "matched pair"}};
    double x = kLeft;
    for (const Item& it : items) {
      b += "<path d=\"M" + px(x) + " " + px(kLegendBaseline - 10.0) + "v12\" stroke=\"" + it.color +
           "\" stroke-width=\"" + px(it.width) + "\"/>\n";
      b += "<text x=\"" + px(x + 8.0) + "\" y=\"" + px(kLegendBaseline) + "\">" + it.label +
           "</text>\n";
      x += 8.0 + static_cast<double>(display_length(it.label)) * kSvgCharWidth + 22.0;
    }
  }

  // Which steps are matched.
  const auto is_matched_true = [&](std::size_t j) {
    return j < d.matching.detection_of_true.size() && d.matching.detection_of_true[j] >= 0;
  };
  const auto is_matched_detection = [&](std::size_t k) {
    return k < d.matching.true_of_detection.size() && d.matching.true_of_detection[k] >= 0;
  };

  // Envelope columns: bins merged so a column is at least kMinColumnPx wide.
  const Micros bin_us = std::max<Micros>(d.signal.bin_us, 1);
  const std::size_t merge = std::max<std::size_t>(
      1, static_cast<std::size_t>(
             std::ceil(kMinColumnPx / (px_per_us * static_cast<double>(bin_us)))));
  const Micros column_us = bin_us * static_cast<Micros>(merge);

  const double time_step = nice_step(row_s, 6);
  for (std::size_t row = 0; row < n_rows; ++row) {
    const Micros r0 = rows_start + static_cast<Micros>(row) * row_us;
    const Micros r1 = r0 + row_us;
    const double top = kFirstRowTop + static_cast<double>(row) * row_h;
    const auto x_of = [&](Micros t_us) {
      return kLeft + static_cast<double>(t_us - r0) * px_per_us;
    };
    const auto in_row = [&](Micros t_us) { return t_us >= r0 && t_us < r1; };

    // Panel, grid and y ticks (the unit above the first row's).
    if (row == 0) {
      b += "<text x=\"" + px(kLeft - 5.0) + "\" y=\"" + px(top - 11.0) +
           "\" text-anchor=\"end\" font-size=\"10\" fill=\"#555555\">m/s\u00b2</text>\n";
    }
    b += "<rect x=\"" + px(kLeft) + "\" y=\"" + px(top) + "\" width=\"" + px(plot_w) +
         "\" height=\"" + px(panel_h) + "\" fill=\"#fbfbfb\" stroke=\"none\"/>\n";
    for (const double v : ticks(y_lo, y_hi, y_step)) {
      const std::string y = px(y_of(v, top));
      const bool zero = std::fabs(v) < y_step * 1e-6;
      b += "<path d=\"M" + px(kLeft) + " " + y + "h" + px(plot_w) + "\" stroke=\"" +
           (zero ? "#b0b0b0" : "#e6e6e6") + "\"/>\n";
      b += "<text x=\"" + px(kLeft - 5.0) + "\" y=\"" + px(y_of(v, top) + 4.0) +
           "\" text-anchor=\"end\" font-size=\"10\" fill=\"#555555\">" + tick_label(v, y_step) +
           "</text>\n";
    }
    // Vertical grid at the time ticks.
    const std::vector<double> time_ticks =
        ticks(static_cast<double>(r0) * 1e-6, static_cast<double>(r1) * 1e-6, time_step);
    {
      std::string grid;
      for (const double v : time_ticks) {
        const double x = x_of(static_cast<Micros>(std::llround(v * 1e6)));
        grid += "M" + px(x) + " " + px(top) + "v" + px(panel_h);
      }
      if (!grid.empty()) b += "<path d=\"" + grid + "\" stroke=\"#eeeeee\"/>\n";
    }

    // Missed steps and false detections also as faint lines across the signal, to show what the
    // signal looked like there.
    std::vector<double> true_ok, true_missed, det_ok, det_false;
    std::string pairs;
    for (std::size_t j = 0; j < d.true_us.size(); ++j) {
      if (!in_row(d.true_us[j])) continue;
      (is_matched_true(j) ? true_ok : true_missed).push_back(x_of(d.true_us[j]));
    }
    for (std::size_t k = 0; k < d.detected.t_us.size(); ++k) {
      const Micros tk = d.detected.t_us[k];
      if (!in_row(tk)) continue;
      if (is_matched_detection(k)) {
        det_ok.push_back(x_of(tk));
        const auto j = static_cast<std::size_t>(d.matching.true_of_detection[k]);
        pairs += "M" + px(x_of(d.true_us[j])) + " " + px(top + panel_h + kTrueLane + kLaneHalf) +
                 "L" + px(x_of(tk)) + " " + px(top + panel_h + kDetectedLane - kLaneHalf);
      } else {
        det_false.push_back(x_of(tk));
      }
    }
    b += "<g opacity=\"0.35\">\n";
    marks_path(b, true_missed, top, panel_h, kMissed, 1.5);
    marks_path(b, det_false, top, panel_h, kFalse, 1.5);
    b += "</g>\n";

    // The signal: one polygon per run of columns with samples (highs left to right, then lows
    // back).
    const std::size_t n_bins = d.signal.lo.size();
    std::vector<double> xs, his, los;
    const auto flush = [&] {
      if (xs.empty()) return;
      if (xs.size() == 1) {
        xs = {xs[0] - 0.5, xs[0] + 0.5};
        his = {his[0], his[0]};
        los = {los[0], los[0]};
      }
      std::string pts;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        pts += (i == 0 ? "M" : " ") + px(xs[i]) + " " + px(y_of(his[i], top));
      }
      for (std::size_t i = xs.size(); i-- > 0;)
        pts += " " + px(xs[i]) + " " + px(y_of(los[i], top));
      b += "<path d=\"" + pts + "Z\" fill=\"" + kSignalFill + "\" stroke=\"" + kSignalStroke +
           "\" stroke-width=\"0.7\" stroke-linejoin=\"round\"/>\n";
      xs.clear();
      his.clear();
      los.clear();
    };
    for (Micros c0 = r0; c0 < r1; c0 += column_us) {
      double lo = INFINITY, hi = -INFINITY;
      const Micros b0 = std::max<Micros>(c0, d.signal.start_us);
      for (Micros tb = b0; tb < c0 + column_us && tb < r1; tb += bin_us) {
        const Micros offset = tb - d.signal.start_us;
        if (offset < 0) continue;
        const auto i = static_cast<std::size_t>(offset / bin_us);
        if (i >= n_bins) break;
        if (std::isfinite(d.signal.lo[i])) lo = std::min(lo, static_cast<double>(d.signal.lo[i]));
        if (std::isfinite(d.signal.hi[i])) hi = std::max(hi, static_cast<double>(d.signal.hi[i]));
      }
      if (!(lo <= hi)) {
        flush();
        continue;
      }
      xs.push_back(x_of(c0) + 0.5 * static_cast<double>(column_us) * px_per_us);
      his.push_back(hi);
      los.push_back(lo);
    }
    flush();
    b += "<rect x=\"" + px(kLeft) + "\" y=\"" + px(top) + "\" width=\"" + px(plot_w) +
         "\" height=\"" + px(panel_h) + "\" fill=\"none\" stroke=\"#555555\"/>\n";

    // The two rows of marks and the pairs between them.
    const double true_top = top + panel_h + kTrueLane - kLaneHalf;
    const double det_top = top + panel_h + kDetectedLane - kLaneHalf;
    b += "<text x=\"" + px(kLeft - 8.0) + "\" y=\"" + px(top + panel_h + kTrueLane + 4.0) +
         "\" text-anchor=\"end\" font-size=\"11\">true</text>\n";
    b += "<text x=\"" + px(kLeft - 8.0) + "\" y=\"" + px(top + panel_h + kDetectedLane + 4.0) +
         "\" text-anchor=\"end\" font-size=\"11\">detected</text>\n";
    if (!pairs.empty()) {
      b += "<path d=\"" + pairs + "\" stroke=\"" + kPair + "\" stroke-width=\"1\"/>\n";
    }
    marks_path(b, true_ok, true_top, 2.0 * kLaneHalf, kTrueMatched, 1.6);
    marks_path(b, true_missed, true_top, 2.0 * kLaneHalf, kMissed, 2.4);
    marks_path(b, det_ok, det_top, 2.0 * kLaneHalf, kDetectedMatched, 1.6);
    marks_path(b, det_false, det_top, 2.0 * kLaneHalf, kFalse, 2.4);

    // Time axis.
    const double axis_y = top + panel_h + kAxis;
    std::string tick_marks = "M" + px(kLeft) + " " + px(axis_y) + "h" + px(plot_w);
    for (const double v : time_ticks) {
      const double x = x_of(static_cast<Micros>(std::llround(v * 1e6)));
      tick_marks += "M" + px(x) + " " + px(axis_y) + "v4";
      b += "<text x=\"" + px(x) + "\" y=\"" + px(axis_y + 16.0) +
           "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333333\">" +
           tick_label(v, time_step) + "</text>\n";
    }
    b += "<path d=\"" + tick_marks + "\" stroke=\"#555555\"/>\n";
    if (row + 1 == n_rows) {
      b += "<text x=\"" + px(kLeft + plot_w) + "\" y=\"" + px(axis_y + 30.0) +
           "\" text-anchor=\"end\" fill=\"#444444\">time (s)</text>\n";
    }
  }

  const double height =
      n_rows == 0 ? kFirstRowTop : kFirstRowTop + static_cast<double>(n_rows) * row_h + 20.0;
  return svg_document(width, height, b);
}

void write_step_trace_svg(const std::string& path, const eval::StepTraceResult& t,
                          const StepTraceSvgOptions& options) {
  write_svg_file(path, step_trace_svg(t, options));
}

}  // namespace fusetrack::report
