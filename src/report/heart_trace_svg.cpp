#include "report/heart_trace_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "report/svg_common.hpp"

namespace fusetrack::report {
namespace {

// Layout, px.
constexpr double kMargin = 14.0;
constexpr double kLeft = 70.0;  // room for the y tick labels and units
constexpr double kRight = 18.0;
constexpr double kTitleBaseline = 24.0;
constexpr double kSubtitleBaseline = 43.0;
constexpr double kLegendBaseline = 64.0;
constexpr double kFirstPanelTop = 84.0;
constexpr double kStripGap = 4.0;     // between the top panel and the reason strip
constexpr double kStripHeight = 9.0;  // the reason strip
constexpr double kAxisLabels = 16.0;  // below the last thing of a panel: its tick labels
constexpr double kCaptionGap = 34.0;  // above a spectrogram: room for its caption
constexpr double kBottom = 58.0;      // below the last panel: axis labels, the reason legend

// Grey levels of the spectrograms: level 0 (the lowest) is the background, not drawn.
constexpr int kLevels = 16;
constexpr double kContrast = 1.5;

// Okabe & Ito's colour-blind safe palette where colour carries meaning.
constexpr const char* kReference = "#000000";
constexpr const char* kEstimate = "#0072b2";
constexpr const char* kInvalid = "#8c8c8c";
constexpr const char* kCadence = "#009e73";
constexpr const char* kMotion = "#e69f00";
constexpr const char* kReferenceOnSpectrum = "#d55e00";

// The strip's colour for each reason, in HeartReason order.
constexpr std::array<const char*, heart::kHeartReasonCount> kReasonColors = {
    "#b9dfb9",  // valid
    "#d9d9d9",  // warming_up
    "#7f7f7f",  // flat
    "#cc79a7",  // clipped
    "#56b4e9",  // no_contact
    "#f0e442",  // ambient_light
    "#d55e00",  // no_pulse
    "#e69f00",  // motion
};

std::string px(double v) { return svg_px(v); }

// `format` of v, or "-" when not finite.
std::string fixed(const char* format, double v) {
  return std::isfinite(v) ? svg_number(format, v) : "-";
}

double seconds(Micros t_us) { return static_cast<double>(t_us) * 1e-6; }

// A text element.
std::string text(double x, double y, const std::string& content, const char* extra = "") {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"" + extra + ">" + xml_escape(content) +
         "</text>\n";
}

// A polyline through (x, y) points, broken where `keep` is false.
template <typename Keep, typename X, typename Y>
std::string broken_line(std::size_t n, const Keep& keep, const X& x_of, const Y& y_of) {
  std::string d;
  bool open = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep(i)) {
      open = false;
      continue;
    }
    d += (open ? "L" : "M") + px(x_of(i)) + " " + px(y_of(i));
    open = true;
  }
  return d;
}

// The vertical scale of a panel: value range [lo, hi] onto [top, top + height].
struct YScale {
  double lo, hi, top, height;
  double y(double v) const {
    const double c = std::clamp(v, lo, hi);
    return top + height * (hi - c) / (hi - lo);
  }
};

// Horizontal grid lines with tick labels at the left, and the unit above them.
void y_axis(std::string& b, const YScale& s, double step, double plot_w, const char* unit) {
  std::string grid;
  for (const double v : ticks(s.lo, s.hi, step)) {
    grid += "M" + px(kLeft) + " " + px(s.y(v)) + "h" + px(plot_w);
    b += text(kLeft - 5.0, s.y(v) + 4.0, tick_label(v, step),
              " text-anchor=\"end\" font-size=\"10\" fill=\"#555555\"");
  }
  if (!grid.empty()) b += "<path d=\"" + grid + "\" stroke=\"#e8e8e8\"/>\n";
  b += text(kLeft - 5.0, s.top - 6.0, unit,
            " text-anchor=\"end\" font-size=\"10\" fill=\"#555555\"");
}

// Tick labels of the time axis along y = `y` (their baseline), and vertical grid lines from
// `grid_top` to `grid_bottom`.
template <typename X>
void time_axis(std::string& b, const std::vector<double>& time_ticks, double step, const X& x_of,
               double y, double grid_top, double grid_bottom, bool grid_only) {
  std::string grid;
  for (const double v : time_ticks) {
    grid += "M" + px(x_of(v)) + " " + px(grid_top) + "V" + px(grid_bottom);
    if (!grid_only) {
      b += text(x_of(v), y, tick_label(v, step),
                " text-anchor=\"middle\" font-size=\"11\" fill=\"#333333\"");
    }
  }
  if (grid_bottom > grid_top) b += "<path d=\"" + grid + "\" stroke=\"#e8e8e8\"/>\n";
}

// The grey level of a normalized spectrum value: a power above 1 keeps the floor of small
// values light, so the peaks that compete for the track stand out.
int level_of(float v) {
  const double g = std::pow(std::clamp(static_cast<double>(v), 0.0, 1.0), kContrast);
  return std::clamp(static_cast<int>(std::floor(g * kLevels)), 0, kLevels - 1);
}

// A spectrogram: one column per window (one hop wide, centred on the window's end), its bins in
// kLevels greys; equal neighbouring cells of a column merged, one path per grey.
template <typename X, typename Value>
void spectrogram(std::string& b, const eval::HeartSpectrogram& sp, const YScale& s, double column_s,
                 const std::vector<eval::HeartWindow>& windows, const X& x_of, const Value& value) {
  std::array<std::string, kLevels> paths;
  const double bin_bpm = static_cast<double>(heart::kBinHz) * 60.0;
  for (std::size_t w = 0; w < sp.windows && w < windows.size(); ++w) {
    const double t = seconds(windows[w].window_end_us);
    const double x0 = x_of(t - 0.5 * column_s);
    const double x1 = x_of(t + 0.5 * column_s);
    std::size_t k = sp.first_bin;
    while (k <= sp.last_bin) {
      const int level = level_of(value(w, k));
      std::size_t end = k + 1;
      while (end <= sp.last_bin && level_of(value(w, end)) == level) ++end;
      if (level > 0) {
        // Bin k covers k +- half a bin; rows top (high rate) to bottom.
        const double y_top = s.y((static_cast<double>(end - 1) + 0.5) * bin_bpm);
        const double y_bottom = s.y((static_cast<double>(k) - 0.5) * bin_bpm);
        paths[static_cast<std::size_t>(level)] +=
            "M" + px(x0) + " " + px(y_top) + "H" + px(x1) + "V" + px(y_bottom) + "H" + px(x0) + "Z";
      }
      k = end;
    }
  }
  for (int level = 1; level < kLevels; ++level) {
    const std::string& d = paths[static_cast<std::size_t>(level)];
    if (d.empty()) continue;
    // Evenly from near white to near black (level_of already keeps the low end light).
    const double f = static_cast<double>(level) / static_cast<double>(kLevels - 1);
    const int g = static_cast<int>(std::lround(245.0 - 235.0 * f));
    char color[8];
    std::snprintf(color, sizeof color, "#%02x%02x%02x", g, g, g);
    b += "<path d=\"" + d + "\" fill=\"" + color + "\" shape-rendering=\"crispEdges\"/>\n";
  }
}

// `t` cut to at most `chars` characters (UTF-8 sequences kept whole), ending in an ellipsis.
std::string fit_text(const std::string& t, std::size_t chars) {
  if (chars == 0) return "";
  std::size_t n = 0, i = 0;
  for (; i < t.size(); ++i) {
    if ((static_cast<unsigned char>(t[i]) & 0xC0u) == 0x80u) continue;
    if (n + 1 == chars) break;
    ++n;
  }
  return t.substr(0, i) + "\u2026";
}

}  // namespace

std::string heart_trace_svg_file_name(const std::string& recording) { return recording + ".svg"; }

std::string heart_trace_svg(const eval::HeartRecordingResult& r,
                            const HeartTraceSvgOptions& options) {
  const std::vector<eval::HeartWindow>& win = r.windows;
  const eval::HeartSpectrogram& sp = r.spectra;
  const double width = options.width_px;
  const double plot_w = width - kLeft - kRight;
  const std::size_t n = win.size();

  // Header.
  const std::string heading =
      r.info.name + " \u2014 MAE " + fixed("%.2f", r.score.mae_bpm) + " BPM, within 5 BPM " +
      fixed("%.1f", 100.0 * r.score.within_5_bpm) + " %, avRE " + fixed("%.2f", r.score.avre_pct) +
      " %, sdAE " + fixed("%.2f", r.score.sdae_bpm) + " BPM, valid " +
      fixed("%.1f", 100.0 * r.valid_share) + " % of " + std::to_string(n) + " windows";
  std::string about = r.info.original_name;
  if (!r.info.activity_type.empty()) about += ", " + r.info.activity_type;
  if (!r.info.activity.empty()) about += ": " + r.info.activity;
  // Cut to the picture's width: the activity text is the dataset's, of any length.
  std::string subtitle =
      about + ". Windows of 8 s every 2 s, each drawn at its end (where its estimate is read).";
  const auto room = static_cast<std::size_t>((width - 2.0 * kMargin) / kSvgCharWidth);
  if (display_length(subtitle) > room) subtitle = fit_text(subtitle, room);
  std::string b;
  b += text(kMargin, kTitleBaseline, heading, " font-size=\"15\" font-weight=\"bold\"");
  b += text(kMargin, kSubtitleBaseline, subtitle, " fill=\"#444444\"");

  // Legend of the top panel.
  {
    double x = kLeft;
    const auto item = [&](const std::string& mark, const char* label) {
      b += mark;
      b += text(x + 22.0, kLegendBaseline, label);
      x += 22.0 + static_cast<double>(display_length(label)) * kSvgCharWidth + 20.0;
    };
    const double y = kLegendBaseline - 4.0;
    item("<path d=\"M" + px(x) + " " + px(y) + "h16\" stroke=\"" + kReference +
             "\" stroke-width=\"1.6\"/>\n",
         "reference (ECG)");
    item("<circle cx=\"" + px(x + 8.0) + "\" cy=\"" + px(y) + "\" r=\"2.6\" fill=\"" + kEstimate +
             "\"/>\n",
         "estimate, valid");
    item("<circle cx=\"" + px(x + 8.0) + "\" cy=\"" + px(y) + "\" r=\"2.6\" fill=\"none\" " +
             "stroke=\"" + kInvalid + "\" stroke-width=\"1.1\"/>\n",
         "estimate, invalid");
    item("<path d=\"M" + px(x) + " " + px(y) + "h16\" stroke=\"" + kCadence +
             "\" stroke-width=\"1.6\"/>\n",
         "cadence (steps/min)");
    item("<path d=\"M" + px(x + 5.0) + " " + px(y - 3.0) + "l6 6m0 -6l-6 6\" stroke=\"" + kMotion +
             "\" stroke-width=\"1.3\"/>\n",
         "accelerometer's strongest frequency \u00d7 60");
  }

  // Time: from 0 to the recording's end (or the last window's end).
  double t_max = r.info.duration_s;
  if (n > 0) t_max = std::max(t_max, seconds(win.back().window_end_us) + 1.0);
  if (!(t_max > 0.0)) t_max = 1.0;
  const double time_step = nice_step(t_max, 12);
  const std::vector<double> time_ticks = ticks(0.0, t_max, time_step);
  const auto x_of = [&](double t_s) {
    return kLeft + plot_w * std::clamp(t_s, 0.0, t_max) / t_max;
  };
  const double hop_s = n >= 2 ? seconds(win[1].window_end_us - win[0].window_end_us) : 2.0;

  // ---- top panel: rates per minute ----
  double lo = INFINITY, hi = -INFINITY;
  const auto include = [&](double v) {
    if (!std::isfinite(v) || v <= 0.0) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  };
  for (const eval::HeartWindow& w : win) {
    include(w.reference_bpm);
    include(static_cast<double>(w.bpm));
    include(static_cast<double>(w.cadence_spm));
    include(60.0 * static_cast<double>(w.motion_hz));
  }
  if (!(lo <= hi)) {
    lo = 40.0;
    hi = 200.0;
  }
  const double rate_step = nice_step(hi - lo + 20.0, 6);
  lo = std::max(0.0, std::floor((lo - 5.0) / rate_step) * rate_step);
  hi = std::ceil((hi + 5.0) / rate_step) * rate_step;
  const YScale top{lo, hi, kFirstPanelTop, options.track_height_px};
  const double top_bottom = top.top + top.height;

  b += "<rect x=\"" + px(kLeft) + "\" y=\"" + px(top.top) + "\" width=\"" + px(plot_w) +
       "\" height=\"" + px(top.height) + "\" fill=\"#fcfcfc\"/>\n";
  y_axis(b, top, rate_step, plot_w, "per min");
  time_axis(b, time_ticks, time_step, x_of, 0.0, top.top, top_bottom, true);
  if (n > 0) {
    const auto t_at = [&](std::size_t i) { return x_of(seconds(win[i].window_end_us)); };
    // Cadence: only while the detector sees walking (0 = none).
    const std::string cadence = broken_line(
        n, [&](std::size_t i) { return win[i].cadence_spm > 0.0f; }, t_at,
        [&](std::size_t i) { return top.y(static_cast<double>(win[i].cadence_spm)); });
    if (!cadence.empty()) {
      b += "<path d=\"" + cadence + "\" fill=\"none\" stroke=\"" + kCadence +
           "\" stroke-width=\"1.4\" stroke-linejoin=\"round\"/>\n";
    }
    std::string motion;
    for (std::size_t i = 0; i < n; ++i) {
      if (!(win[i].motion_hz > 0.0f)) continue;
      const double x = t_at(i), y = top.y(60.0 * static_cast<double>(win[i].motion_hz));
      motion += "M" + px(x - 2.5) + " " + px(y - 2.5) + "l5 5m0 -5l-5 5";
    }
    if (!motion.empty()) {
      b += "<path d=\"" + motion + "\" stroke=\"" + kMotion + "\" stroke-width=\"1.1\"/>\n";
    }
    b += "<path d=\"" +
         broken_line(
             n, [](std::size_t) { return true; }, t_at,
             [&](std::size_t i) { return top.y(win[i].reference_bpm); }) +
         "\" fill=\"none\" stroke=\"" + kReference +
         "\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/>\n";
    std::string valid_dots, invalid_dots;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = t_at(i), y = top.y(static_cast<double>(win[i].bpm));
      // A circle as two arcs in one path, so all dots of a kind are one element.
      (win[i].valid ? valid_dots : invalid_dots) +=
          "M" + px(x - 2.6) + " " + px(y) + "a2.6 2.6 0 1 0 5.2 0a2.6 2.6 0 1 0 -5.2 0";
    }
    if (!invalid_dots.empty()) {
      b += "<path d=\"" + invalid_dots + "\" fill=\"#ffffff\" stroke=\"" + kInvalid +
           "\" stroke-width=\"1.1\"/>\n";
    }
    if (!valid_dots.empty()) b += "<path d=\"" + valid_dots + "\" fill=\"" + kEstimate + "\"/>\n";
  }
  b += "<rect x=\"" + px(kLeft) + "\" y=\"" + px(top.top) + "\" width=\"" + px(plot_w) +
       "\" height=\"" + px(top.height) + "\" fill=\"none\" stroke=\"#555555\"/>\n";

  // The reason strip: one cell per window, one path per reason.
  const double strip_top = top_bottom + kStripGap;
  std::array<std::size_t, heart::kHeartReasonCount> reason_counts{};
  {
    std::array<std::string, heart::kHeartReasonCount> cells;
    for (std::size_t i = 0; i < n; ++i) {
      const auto reason = static_cast<std::size_t>(win[i].reason);
      if (reason >= cells.size()) continue;
      ++reason_counts[reason];
      const double t = seconds(win[i].window_end_us);
      cells[reason] += "M" + px(x_of(t - 0.5 * hop_s)) + " " + px(strip_top) + "H" +
                       px(x_of(t + 0.5 * hop_s)) + "v" + px(kStripHeight) + "H" +
                       px(x_of(t - 0.5 * hop_s)) + "Z";
    }
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (!cells[k].empty()) {
        b += "<path d=\"" + cells[k] + "\" fill=\"" + kReasonColors[k] +
             "\" shape-rendering=\"crispEdges\"/>\n";
      }
    }
    b += text(kLeft - 5.0, strip_top + kStripHeight - 1.0, "reason",
              " text-anchor=\"end\" font-size=\"10\" fill=\"#555555\"");
  }
  const double top_axis_y = strip_top + kStripHeight + kAxisLabels;
  time_axis(b, time_ticks, time_step, x_of, top_axis_y, 0.0, 0.0, false);

  // ---- the spectrograms ----
  double y = top_axis_y;
  if (sp.windows > 0 && sp.bins() > 0) {
    const double bin_bpm = static_cast<double>(heart::kBinHz) * 60.0;
    const double spec_lo = (static_cast<double>(sp.first_bin) - 0.5) * bin_bpm;
    const double spec_hi = (static_cast<double>(sp.last_bin) + 0.5) * bin_bpm;
    const double spec_step = nice_step(spec_hi - spec_lo, 6);
    const auto panel = [&](double height, const std::string& caption, const auto& value,
                           bool estimates, bool cadence) {
      const YScale s{spec_lo, spec_hi, y + kCaptionGap, height};
      b += text(kLeft, s.top - 8.0, caption, " font-size=\"12\" fill=\"#222222\"");
      b += "<rect x=\"" + px(kLeft) + "\" y=\"" + px(s.top) + "\" width=\"" + px(plot_w) +
           "\" height=\"" + px(s.height) + "\" fill=\"#fafafa\"/>\n";
      spectrogram(b, sp, s, hop_s, win, x_of, value);
      // Grid above the cells, faint, so it reads on white and on dark.
      std::string grid;
      for (const double v : ticks(s.lo, s.hi, spec_step)) {
        grid += "M" + px(kLeft) + " " + px(s.y(v)) + "h" + px(plot_w);
        b += text(kLeft - 5.0, s.y(v) + 4.0, tick_label(v, spec_step),
                  " text-anchor=\"end\" font-size=\"10\" fill=\"#555555\"");
      }
      for (const double v : time_ticks) {
        grid += "M" + px(x_of(v)) + " " + px(s.top) + "v" + px(s.height);
      }
      b += "<path d=\"" + grid + "\" stroke=\"#9ab\" stroke-opacity=\"0.35\"/>\n";
      b += text(kLeft - 5.0, s.top - 6.0 + 0.0, "BPM",
                " text-anchor=\"end\" font-size=\"10\" fill=\"#555555\"");
      const auto t_at = [&](std::size_t i) { return x_of(seconds(win[i].window_end_us)); };
      if (cadence) {
        const std::string c = broken_line(
            n, [&](std::size_t i) { return win[i].cadence_spm > 0.0f; }, t_at,
            [&](std::size_t i) { return s.y(static_cast<double>(win[i].cadence_spm)); });
        if (!c.empty()) {
          b += "<path d=\"" + c + "\" fill=\"none\" stroke=\"" + kCadence +
               "\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n";
        }
      }
      b += "<path d=\"" +
           broken_line(
               n, [](std::size_t) { return true; }, t_at,
               [&](std::size_t i) { return s.y(win[i].reference_bpm); }) +
           "\" fill=\"none\" stroke=\"" + kReferenceOnSpectrum +
           "\" stroke-width=\"1.1\" stroke-linejoin=\"round\"/>\n";
      if (estimates) {
        std::string dots;
        for (std::size_t i = 0; i < n; ++i) {
          dots += "M" + px(t_at(i) - 1.6) + " " + px(s.y(static_cast<double>(win[i].bpm))) +
                  "a1.6 1.6 0 1 0 3.2 0a1.6 1.6 0 1 0 -3.2 0";
        }
        b += "<path d=\"" + dots + "\" fill=\"" + kEstimate + "\" fill-opacity=\"0.85\"/>\n";
      }
      b += "<rect x=\"" + px(kLeft) + "\" y=\"" + px(s.top) + "\" width=\"" + px(plot_w) +
           "\" height=\"" + px(s.height) + "\" fill=\"none\" stroke=\"#555555\"/>\n";
      y = s.top + s.height;
    };
    panel(
        options.spectrum_height_px,
        "cleaned PPG spectrum (after motion suppression; each window normalized, darker = "
        "stronger), reference in vermilion, estimates in blue",
        [&](std::size_t w, std::size_t k) { return sp.clean_at(w, k); }, true, false);
    panel(
        options.acc_height_px,
        "accelerometer spectrum (each window normalized), reference in vermilion, cadence "
        "dashed green",
        [&](std::size_t w, std::size_t k) { return sp.acc_at(w, k); }, false, true);
    y += kAxisLabels;
    time_axis(b, time_ticks, time_step, x_of, y, 0.0, 0.0, false);
  }
  b += text(kLeft + plot_w, y + 16.0, "time (s)", " text-anchor=\"end\" fill=\"#444444\"");

  // Reason legend: the reasons that occur, with their counts.
  {
    double x = kLeft;
    const double base = y + 36.0;
    b += text(x, base, "reason:", " fill=\"#444444\"");
    b += text(kLeft + plot_w, base, "every estimate is scored, valid or not",
              " text-anchor=\"end\" fill=\"#444444\"");
    x += 8.0 * kSvgCharWidth;
    for (std::size_t k = 0; k < reason_counts.size(); ++k) {
      if (reason_counts[k] == 0) continue;
      const std::string label = std::string(heart::name(static_cast<heart::HeartReason>(k))) + " " +
                                std::to_string(reason_counts[k]);
      b += "<rect x=\"" + px(x) + "\" y=\"" + px(base - 9.0) + "\" width=\"14\" height=\"10\" " +
           "fill=\"" + kReasonColors[k] + "\" stroke=\"#777777\" stroke-width=\"0.5\"/>\n";
      b += text(x + 19.0, base, label);
      x += 19.0 + static_cast<double>(display_length(label)) * kSvgCharWidth + 18.0;
    }
  }
  return svg_document(width, y + kBottom, b);
}

void write_heart_trace_svg(const std::string& path, const eval::HeartRecordingResult& r,
                           const HeartTraceSvgOptions& options) {
  write_svg_file(path, heart_trace_svg(r, options));
}

}  // namespace fusetrack::report
