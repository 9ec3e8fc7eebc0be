#include "report/timeline_svg.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace fusetrack::report {
namespace {

// Layout, px. The left margin holds y tick labels, the rotated y label or lane names; the right
// margin the legend.
constexpr double kMarginLeft = 120.0;
constexpr double kMarginRight = 170.0;
constexpr double kTitleHeight = 34.0;       // the picture's title
constexpr double kPanelTitleHeight = 24.0;  // above each panel
constexpr double kPanelGap = 14.0;          // below each panel
constexpr double kAxisHeight = 46.0;        // tick labels and x label under the last panel
constexpr double kLegendRow = 16.0;

std::string fmt(const char* format, double v) { return svg_number(format, v); }
std::string px(double v) { return svg_px(v); }

struct Range {
  double lo = 0.0;
  double hi = 1.0;
};

// The time range of everything drawn, unless the timeline fixes it.
Range time_range(const Timeline& tl) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (const TimelinePanel& p : tl.panels) {
    for (const TimelineLine& l : p.lines) {
      for (const double t : l.t_s) {
        if (!std::isfinite(t)) continue;
        lo = std::min(lo, t);
        hi = std::max(hi, t);
      }
    }
    for (const TimelineBand& b : p.bands) {
      lo = std::min(lo, b.start_s);
      hi = std::max(hi, b.end_s);
    }
  }
  if (std::isfinite(tl.t_min_s)) lo = tl.t_min_s;
  if (std::isfinite(tl.t_max_s)) hi = tl.t_max_s;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return Range{0.0, 1.0};
  if (!(hi > lo)) return Range{lo - 0.5, lo + 0.5};
  return Range{lo, hi};
}

// The multiples of `step` inside `r` (ends included, up to rounding).
std::vector<double> ticks(const Range& r, double step) { return report::ticks(r.lo, r.hi, step); }

// The y range of a panel and its tick step: fixed ends are kept, automatic ends are widened to
// whole ticks.
struct YScale {
  Range range;
  double step = 1.0;
};

YScale y_scale(const TimelinePanel& p) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (const TimelineLine& l : p.lines) {
    for (const double y : l.y) {
      if (!std::isfinite(y)) continue;
      lo = std::min(lo, y);
      hi = std::max(hi, y);
    }
  }
  const bool fixed_lo = std::isfinite(p.y_min);
  const bool fixed_hi = std::isfinite(p.y_max);
  if (fixed_lo) lo = p.y_min;
  if (fixed_hi) hi = p.y_max;
  if (!std::isfinite(lo) && !std::isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  } else if (!std::isfinite(lo)) {
    lo = hi - 1.0;
  } else if (!std::isfinite(hi)) {
    hi = lo + 1.0;
  }
  if (!(hi > lo)) {
    const double half = std::max(1.0, std::fabs(lo) * 0.1);
    if (!fixed_lo) lo -= half;
    if (!fixed_hi || !(hi > lo)) hi = lo + 2.0 * half;
  }
  YScale s;
  s.step =
      p.y_tick_step > 0.0 && std::isfinite(p.y_tick_step) ? p.y_tick_step : nice_step(hi - lo, 5);
  if (!fixed_lo) lo = std::floor(lo / s.step + 1e-9) * s.step;
  if (!fixed_hi) hi = std::ceil(hi / s.step - 1e-9) * s.step;
  s.range = Range{lo, hi};
  return s;
}

// Band geometry after merging: neighbours in one lane with the same look closer than a pixel
// become one, so a flickering flag does not write thousands of rectangles.
std::vector<TimelineBand> merged_bands(std::vector<TimelineBand> bands, double seconds_per_px) {
  std::stable_sort(bands.begin(), bands.end(), [](const TimelineBand& a, const TimelineBand& b) {
    return a.lane != b.lane ? a.lane < b.lane : a.start_s < b.start_s;
  });
  std::vector<TimelineBand> out;
  for (TimelineBand& b : bands) {
    if (!out.empty()) {
      TimelineBand& last = out.back();
      if (last.lane == b.lane && last.color == b.color && last.label == b.label &&
          last.opacity == b.opacity && b.start_s - last.end_s < seconds_per_px) {
        last.end_s = std::max(last.end_s, b.end_s);
        continue;
      }
    }
    out.push_back(std::move(b));
  }
  return out;
}

class Writer {
 public:
  Writer(const Timeline& tl, const TimelineSvgOptions& opt) : tl_(tl), opt_(opt) {
    width_ = std::max(400.0, static_cast<double>(opt.width_px));
    // Wider than the default margin when a lane name needs it, so no name is cut at the edge.
    plot_left_ = kMarginLeft;
    for (const TimelinePanel& p : tl.panels) {
      for (const std::string& lane : p.lanes) {
        plot_left_ =
            std::max(plot_left_, static_cast<double>(display_length(lane)) * kSvgCharWidth + 20.0);
      }
    }
    plot_left_ = std::min(plot_left_, 0.5 * width_);
    plot_right_ = width_ - kMarginRight;
    t_ = time_range(tl);
    x_step_ = nice_step(t_.hi - t_.lo, 12);
  }

  std::string render() {
    double y = kTitleHeight;
    std::string body;
    for (std::size_t i = 0; i < tl_.panels.size(); ++i) {
      y += kPanelTitleHeight;
      const double h = panel_height(tl_.panels[i]);
      panel(body, tl_.panels[i], i, y, h, i + 1 == tl_.panels.size());
      y += h + kPanelGap;
    }
    const double height = y - kPanelGap + kAxisHeight;
    const std::string title = "<text x=\"" + px(plot_left_) +
                              "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" +
                              xml_escape(tl_.title) + "</text>\n";
    return svg_document(width_, height, title + body);
  }

 private:
  double panel_height(const TimelinePanel& p) const {
    if (p.lanes.empty()) return static_cast<double>(std::max(40, opt_.panel_height_px));
    return static_cast<double>(std::max(12, opt_.lane_height_px)) *
           static_cast<double>(p.lanes.size());
  }

  double x_of(double t) const {
    return plot_left_ + (t - t_.lo) / (t_.hi - t_.lo) * (plot_right_ - plot_left_);
  }

  void panel(std::string& out, const TimelinePanel& p, std::size_t index, double top, double h,
             bool last) const {
    const double bottom = top + h;
    const std::string clip = "panel" + std::to_string(index);
    out += "<g>\n";
    out += "<title>" + xml_escape(p.title) + "</title>\n";
    out += "<clipPath id=\"" + clip + "\"><rect x=\"" + px(plot_left_) + "\" y=\"" + px(top) +
           "\" width=\"" + px(plot_right_ - plot_left_) + "\" height=\"" + px(h) +
           "\"/></clipPath>\n";
    out += "<text x=\"" + px(plot_left_) + "\" y=\"" + px(top - 7.0) +
           "\" font-size=\"13\" font-weight=\"bold\">" + xml_escape(p.title) + "</text>\n";
    out += "<rect x=\"" + px(plot_left_) + "\" y=\"" + px(top) + "\" width=\"" +
           px(plot_right_ - plot_left_) + "\" height=\"" + px(h) +
           "\" fill=\"#fbfbfb\" stroke=\"none\"/>\n";

    // Vertical grid and time ticks; labels under the last panel only (the axis is shared).
    for (const double t : ticks(t_, x_step_)) {
      const std::string x = px(x_of(t));
      out += "<line x1=\"" + x + "\" y1=\"" + px(top) + "\" x2=\"" + x + "\" y2=\"" +
             px(bottom + 4.0) + "\" stroke=\"#e2e2e2\"/>\n";
      if (last) {
        out += "<text x=\"" + x + "\" y=\"" + px(bottom + 17.0) + "\" text-anchor=\"middle\">" +
               tick_label(t, x_step_) + "</text>\n";
      }
    }
    if (last) {
      out += "<text x=\"" + px(0.5 * (plot_left_ + plot_right_)) + "\" y=\"" + px(bottom + 36.0) +
             "\" text-anchor=\"middle\">" + xml_escape(tl_.x_label) + "</text>\n";
    }

    const double seconds_per_px = (t_.hi - t_.lo) / (plot_right_ - plot_left_);
    const std::vector<TimelineBand> bands = merged_bands(p.bands, seconds_per_px);
    if (p.lanes.empty()) {
      value_panel(out, p, bands, clip, top, h);
    } else {
      lane_panel(out, p, bands, clip, top, h);
    }
    out += "<rect x=\"" + px(plot_left_) + "\" y=\"" + px(top) + "\" width=\"" +
           px(plot_right_ - plot_left_) + "\" height=\"" + px(h) +
           "\" fill=\"none\" stroke=\"#555555\"/>\n";
    legend(out, p, top);
    out += "</g>\n";
  }

  // The band's rectangle into `out`, its label (when it fits) into `labels`, which the caller
  // writes after the grid so no grid line runs through the text.
  void band_rect(std::string& out, std::string& labels, const TimelineBand& b,
                 const std::string& clip, double y0, double y1, double label_y) const {
    const double x0 = x_of(b.start_s);
    const double w = std::max(1.0, x_of(b.end_s) - x0);
    out += "<rect x=\"" + px(x0) + "\" y=\"" + px(y0) + "\" width=\"" + px(w) + "\" height=\"" +
           px(y1 - y0) + "\" fill=\"" + xml_escape(b.color) + "\"";
    if (b.opacity < 1.0) out += " fill-opacity=\"" + fmt("%.2g", std::max(0.0, b.opacity)) + "\"";
    // Clipped only when it reaches out of the plot: most bands do not, and a busy flag lane has
    // hundreds of them.
    if (x0 < plot_left_ || x0 + w > plot_right_) out += " clip-path=\"url(#" + clip + ")\"";
    out += "/>\n";
    const double visible = std::min(x0 + w, plot_right_) - std::max(x0, plot_left_);
    const double text_w = static_cast<double>(display_length(b.label)) * kSvgCharWidth + 6.0;
    if (!b.label.empty() && visible >= text_w) {
      const double cx = 0.5 * (std::max(x0, plot_left_) + std::min(x0 + w, plot_right_));
      labels += "<text x=\"" + px(cx) + "\" y=\"" + px(label_y) +
                "\" text-anchor=\"middle\" fill=\"#222222\">" + xml_escape(b.label) + "</text>\n";
    }
  }

  void value_panel(std::string& out, const TimelinePanel& p, const std::vector<TimelineBand>& bands,
                   const std::string& clip, double top, double h) const {
    const YScale ys = y_scale(p);
    const double bottom = top + h;
    auto y_of = [&](double v) {
      return bottom - (v - ys.range.lo) / (ys.range.hi - ys.range.lo) * h;
    };
    // Band labels near the top, where they keep clear of the lines more often than in the middle.
    std::string labels;
    for (const TimelineBand& b : bands) band_rect(out, labels, b, clip, top, bottom, top + 16.0);
    for (const double v : ticks(ys.range, ys.step)) {
      const std::string y = px(y_of(v));
      const bool zero = std::fabs(v) < 1e-9 * ys.step;
      out += "<line x1=\"" + px(plot_left_ - 4.0) + "\" y1=\"" + y + "\" x2=\"" + px(plot_right_) +
             "\" y2=\"" + y + "\" stroke=\"" + (zero ? "#b0b0b0" : "#e2e2e2") + "\"/>\n";
      out += "<text x=\"" + px(plot_left_ - 7.0) + "\" y=\"" + px(y_of(v) + 4.0) +
             "\" text-anchor=\"end\">" + tick_label(v, ys.step) + "</text>\n";
    }
    const std::string cy = px(top + 0.5 * h);
    out += "<text x=\"20\" y=\"" + cy + "\" text-anchor=\"middle\" transform=\"rotate(-90 20 " +
           cy + ")\">" + xml_escape(p.y_label) + "</text>\n";
    out += labels;
    for (const TimelineLine& l : p.lines) line(out, l, clip, y_of);
  }

  void lane_panel(std::string& out, const TimelinePanel& p, const std::vector<TimelineBand>& bands,
                  const std::string& clip, double top, double h) const {
    const double lane_h = h / static_cast<double>(p.lanes.size());
    for (std::size_t i = 0; i < p.lanes.size(); ++i) {
      const double y0 = top + lane_h * static_cast<double>(i);
      if (i > 0) {
        out += "<line x1=\"" + px(plot_left_) + "\" y1=\"" + px(y0) + "\" x2=\"" + px(plot_right_) +
               "\" y2=\"" + px(y0) + "\" stroke=\"#cfcfcf\"/>\n";
      }
      out += "<text x=\"" + px(plot_left_ - 7.0) + "\" y=\"" + px(y0 + 0.5 * lane_h + 4.0) +
             "\" text-anchor=\"end\">" + xml_escape(p.lanes[i]) + "</text>\n";
    }
    std::string labels;
    for (const TimelineBand& b : bands) {
      const double y0 = top + lane_h * static_cast<double>(b.lane) + 2.0;
      band_rect(out, labels, b, clip, y0, y0 + lane_h - 4.0, y0 + 0.5 * lane_h + 2.0);
    }
    out += labels;
  }

  template <typename YOf>
  void line(std::string& out, const TimelineLine& l, const std::string& clip, YOf y_of) const {
    const std::vector<std::size_t> keep =
        decimate_min_max(l.y, std::max<std::size_t>(4, opt_.max_points_per_line));
    std::string d;
    bool pen_down = false;
    for (const std::size_t k : keep) {
      if (!std::isfinite(l.y[k]) || !std::isfinite(l.t_s[k])) {
        pen_down = false;
        continue;
      }
      d += pen_down ? " " : (d.empty() ? "M" : " M");
      d += px(x_of(l.t_s[k])) + "," + px(y_of(l.y[k]));
      pen_down = true;
    }
    if (d.empty()) return;
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + xml_escape(l.color) +
           "\" stroke-width=\"" + fmt("%.2g", l.width_px) + "\" stroke-linejoin=\"round\"";
    if (l.dashed) out += " stroke-dasharray=\"5 3\"";
    out += " clip-path=\"url(#" + clip + ")\"/>\n";
  }

  void legend(std::string& out, const TimelinePanel& p, double top) const {
    double y = top + 10.0;
    const double x = plot_right_ + 12.0;
    for (const TimelineLine& l : p.lines) {
      if (l.label.empty()) continue;
      out += "<line x1=\"" + px(x) + "\" y1=\"" + px(y) + "\" x2=\"" + px(x + 24.0) + "\" y2=\"" +
             px(y) + "\" stroke=\"" + xml_escape(l.color) + "\" stroke-width=\"" +
             fmt("%.2g", std::max(1.5, l.width_px)) + "\"" +
             (l.dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>\n";
      out += "<text x=\"" + px(x + 30.0) + "\" y=\"" + px(y + 4.0) + "\">" + xml_escape(l.label) +
             "</text>\n";
      y += kLegendRow;
    }
  }

  const Timeline& tl_;
  const TimelineSvgOptions& opt_;
  double width_ = 0.0;
  double plot_left_ = 0.0;
  double plot_right_ = 0.0;
  Range t_;
  double x_step_ = 1.0;
};

void check(const Timeline& tl) {
  for (const TimelinePanel& p : tl.panels) {
    for (const TimelineLine& l : p.lines) {
      if (l.t_s.size() != l.y.size()) {
        throw std::invalid_argument("timeline panel '" + p.title + "', line '" + l.label +
                                    "': " + std::to_string(l.t_s.size()) + " times but " +
                                    std::to_string(l.y.size()) + " values");
      }
    }
    if (p.lanes.empty()) continue;
    for (const TimelineBand& b : p.bands) {
      if (b.lane >= p.lanes.size()) {
        throw std::invalid_argument("timeline panel '" + p.title + "': band in lane " +
                                    std::to_string(b.lane) + ", but the panel has " +
                                    std::to_string(p.lanes.size()) + " lanes");
      }
    }
  }
}

}  // namespace

std::vector<std::size_t> decimate_min_max(const std::vector<double>& y, std::size_t max_points) {
  const std::size_t n = y.size();
  std::vector<std::size_t> keep;
  if (n <= max_points) {
    keep.resize(n);
    for (std::size_t k = 0; k < n; ++k) keep[k] = k;
    return keep;
  }
  // Two points per bucket: n / bucket <= max_points / 2.
  const std::size_t buckets = std::max<std::size_t>(1, max_points / 2);
  const std::size_t bucket = (n + buckets - 1) / buckets;
  std::size_t k = 0;
  while (k < n) {
    if (!std::isfinite(y[k])) {
      if (!keep.empty() && std::isfinite(y[keep.back()])) keep.push_back(k);  // a break
      ++k;
      continue;
    }
    // A finite run [k, end), cut into buckets.
    std::size_t end = k;
    while (end < n && std::isfinite(y[end])) ++end;
    for (std::size_t b = k; b < end; b += bucket) {
      const std::size_t e = std::min(end, b + bucket);
      std::size_t lo = b;
      std::size_t hi = b;
      for (std::size_t j = b; j < e; ++j) {
        if (y[j] < y[lo]) lo = j;
        if (y[j] > y[hi]) hi = j;
      }
      keep.push_back(std::min(lo, hi));
      if (hi != lo) keep.push_back(std::max(lo, hi));
    }
    k = end;
  }
  return keep;
}

std::vector<TimelineBand> bands_where(const std::vector<double>& t_s,
                                      const std::vector<std::uint8_t>& flags, std::size_t lane,
                                      const std::string& color, const std::string& label) {
  if (t_s.size() != flags.size()) {
    throw std::invalid_argument("bands_where: " + std::to_string(t_s.size()) + " times but " +
                                std::to_string(flags.size()) + " flags");
  }
  std::vector<TimelineBand> out;
  std::size_t k = 0;
  while (k < flags.size()) {
    if (flags[k] == 0) {
      ++k;
      continue;
    }
    std::size_t end = k;
    while (end < flags.size() && flags[end] != 0) ++end;
    TimelineBand b;
    b.start_s = t_s[k];
    b.end_s = end < t_s.size() ? t_s[end] : t_s.back();
    b.color = color;
    b.label = label;
    b.lane = lane;
    out.push_back(b);
    k = end;
  }
  return out;
}

std::vector<TimelineBand> duty_bands(const std::vector<double>& t_s,
                                     const std::vector<std::uint8_t>& flags, std::size_t lane,
                                     const std::string& color, double t_min_s, double t_max_s,
                                     std::size_t columns) {
  if (t_s.size() != flags.size()) {
    throw std::invalid_argument("duty_bands: " + std::to_string(t_s.size()) + " times but " +
                                std::to_string(flags.size()) + " flags");
  }
  std::vector<TimelineBand> out;
  if (columns == 0 || !(t_max_s > t_min_s)) return out;
  const double width_s = (t_max_s - t_min_s) / static_cast<double>(columns);
  std::vector<std::size_t> set(columns, 0);
  std::vector<std::size_t> all(columns, 0);
  for (std::size_t k = 0; k < t_s.size(); ++k) {
    if (!(t_s[k] >= t_min_s && t_s[k] <= t_max_s)) continue;
    const auto c = std::min(columns - 1, static_cast<std::size_t>((t_s[k] - t_min_s) / width_s));
    ++all[c];
    if (flags[k] != 0) ++set[c];
  }
  for (std::size_t c = 0; c < columns; ++c) {
    if (set[c] == 0) continue;
    const double opacity =
        set[c] == all[c]
            ? 1.0
            : 0.2 * std::ceil(4.0 * static_cast<double>(set[c]) / static_cast<double>(all[c]));
    const double start = t_min_s + width_s * static_cast<double>(c);
    if (!out.empty() && out.back().opacity == opacity &&
        out.back().end_s >= start - 1e-9 * width_s) {
      out.back().end_s = start + width_s;
      continue;
    }
    TimelineBand b;
    b.start_s = start;
    b.end_s = start + width_s;
    b.color = color;
    b.lane = lane;
    b.opacity = opacity;
    out.push_back(b);
  }
  return out;
}

std::string timeline_svg(const Timeline& timeline, const TimelineSvgOptions& options) {
  check(timeline);
  return Writer(timeline, options).render();
}

void write_timeline_svg(const std::string& path, const Timeline& timeline,
                        const TimelineSvgOptions& options) {
  write_svg_file(path, timeline_svg(timeline, options));
}

}  // namespace fusetrack::report
