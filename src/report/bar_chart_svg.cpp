#include "report/bar_chart_svg.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fusetrack::report {
namespace {

// Layout, px.
constexpr double kMargin = 12.0;          // picture edge to the category names
constexpr double kLabelGap = 10.0;        // category name to the value axis
constexpr double kMinPlotWidth = 420.0;   // the bars' area never gets narrower
constexpr double kTitleBaseline = 24.0;   // the title (15 px, bold)
constexpr double kSubtitleRow = 20.0;     // the subtitle under it
constexpr double kLegendRow = 20.0;       // one row of legend entries
constexpr double kTopAxis = 34.0;         // tick labels above the first row
constexpr double kBottomAxis = 50.0;      // tick labels and the axis label under the last row
constexpr double kValueFontSize = 11.0;   // the values written after the bars
constexpr double kSwatchWidth = 22.0;     // a legend entry's sample of its bar or line
constexpr double kLegendEntryGap = 22.0;  // between legend entries

std::string px(double v) { return svg_px(v); }

double text_width(const std::string& text, double font_size = kSvgFontSize) {
  return static_cast<double>(display_length(text)) * 0.6 * font_size;
}

void check(const BarChart& chart) {
  for (const BarSeries& s : chart.series) {
    if (s.values.size() != chart.categories.size()) {
      throw std::invalid_argument("bar chart '" + chart.title + "', series '" + s.label +
                                  "': " + std::to_string(s.values.size()) + " values for " +
                                  std::to_string(chart.categories.size()) + " categories");
    }
  }
}

class Writer {
 public:
  Writer(const BarChart& chart, const BarChartSvgOptions& opt) : c_(chart), opt_(opt) {
    double label_w = 0.0;
    for (const std::string& name : c_.categories) label_w = std::max(label_w, text_width(name));
    plot_left_ = kMargin + label_w + kLabelGap;
    // Room after the longest bar for its value.
    double value_w = 0.0;
    for (const BarSeries& s : c_.series) {
      if (!s.show_values) continue;
      for (const double v : s.values) {
        value_w = std::max(value_w, text_width(value_text(v), kValueFontSize));
      }
    }
    const double right = kMargin + (value_w > 0.0 ? value_w + 6.0 : 0.0);
    width_ = std::max({static_cast<double>(opt.width_px), plot_left_ + kMinPlotWidth + right,
                       kMargin + text_width(c_.title, 15.0) + kMargin});
    plot_right_ = width_ - right;

    double hi = 0.0;
    for (const BarSeries& s : c_.series) {
      for (const double v : s.values) {
        if (std::isfinite(v)) hi = std::max(hi, v);
      }
    }
    for (const BarMarker& m : c_.markers) {
      if (std::isfinite(m.value)) hi = std::max(hi, m.value);
    }
    if (std::isfinite(c_.x_max) && c_.x_max > 0.0) {
      x_max_ = c_.x_max;
      step_ = nice_step(x_max_, 8);
    } else {
      if (!(hi > 0.0)) hi = 1.0;
      step_ = nice_step(hi, 8);
      x_max_ = std::ceil(hi / step_ - 1e-9) * step_;
    }

    row_h_ = 2.0 * opt_.row_pad_px;
    for (std::size_t i = 0; i < c_.series.size(); ++i) {
      row_h_ += std::max(1.0, c_.series[i].thickness_px) + (i > 0 ? opt_.bar_gap_px : 0.0);
    }
  }

  std::string render() const {
    std::string body;
    double y = kTitleBaseline;
    body += "<text x=\"" + px(kMargin) + "\" y=\"" + px(y) +
            "\" font-size=\"15\" font-weight=\"bold\">" + xml_escape(c_.title) + "</text>\n";
    if (!c_.subtitle.empty()) {
      y += kSubtitleRow;
      body += "<text x=\"" + px(kMargin) + "\" y=\"" + px(y) + "\" fill=\"#444444\">" +
              xml_escape(c_.subtitle) + "</text>\n";
    }
    y = legend(body, y + kLegendRow);
    const double top = y + kTopAxis;
    const double bottom = top + row_h_ * static_cast<double>(c_.categories.size());
    rows(body, top);
    axis(body, top, bottom);
    for (const BarMarker& m : c_.markers) marker(body, m, top, bottom);
    values(body, top);
    const double height = bottom + kBottomAxis;

    return svg_document(width_, height, body);
  }

 private:
  std::string value_text(double v) const {
    return std::isfinite(v) ? svg_number(c_.value_format.c_str(), v) : std::string("n/a");
  }

  double x_of(double v) const {
    return plot_left_ + std::clamp(v / x_max_, 0.0, 1.0) * (plot_right_ - plot_left_);
  }

  // The legend entries in rows from `baseline`, wrapped at the picture's width; returns the
  // baseline of the last row.
  double legend(std::string& out, double baseline) const {
    double x = kMargin;
    double y = baseline;
    const auto place = [&](const std::string& label) {
      const double w = kSwatchWidth + 6.0 + text_width(label);
      if (x > kMargin && x + w > width_ - kMargin) {
        x = kMargin;
        y += kLegendRow;
      }
      const double at = x;
      x += w + kLegendEntryGap;
      return at;
    };
    for (const BarSeries& s : c_.series) {
      if (s.label.empty()) continue;
      const double at = place(s.label);
      const double h = std::min(10.0, std::max(2.0, s.thickness_px));
      out += "<rect x=\"" + px(at) + "\" y=\"" + px(y - 4.0 - 0.5 * h) + "\" width=\"" +
             px(kSwatchWidth) + "\" height=\"" + px(h) + "\" fill=\"" + xml_escape(s.color) +
             "\"/>\n";
      out += "<text x=\"" + px(at + kSwatchWidth + 6.0) + "\" y=\"" + px(y) + "\">" +
             xml_escape(s.label) + "</text>\n";
    }
    for (const BarMarker& m : c_.markers) {
      if (m.label.empty()) continue;
      const double at = place(m.label);
      const std::string mx = px(at + 0.5 * kSwatchWidth);
      out += "<line x1=\"" + mx + "\" y1=\"" + px(y - 12.0) + "\" x2=\"" + mx + "\" y2=\"" +
             px(y + 3.0) + "\" stroke=\"" + xml_escape(m.color) + "\" stroke-width=\"1.5\"" +
             (m.dashed ? " stroke-dasharray=\"4 2\"" : "") + "/>\n";
      out += "<text x=\"" + px(at + kSwatchWidth + 6.0) + "\" y=\"" + px(y) + "\">" +
             xml_escape(m.label) + "</text>\n";
    }
    return y;
  }

  void rows(std::string& out, double top) const {
    for (std::size_t i = 0; i < c_.categories.size(); ++i) {
      const double y0 = top + row_h_ * static_cast<double>(i);
      std::string tip = c_.categories[i];
      for (const BarSeries& s : c_.series) {
        tip += (s.label.empty() ? std::string() : "; " + s.label + " ") + value_text(s.values[i]);
      }
      out += "<g>\n<title>" + xml_escape(tip) + "</title>\n";
      if (i % 2 == 1) {
        out += "<rect x=\"" + px(kMargin * 0.5) + "\" y=\"" + px(y0) + "\" width=\"" +
               px(plot_right_ - kMargin * 0.5) + "\" height=\"" + px(row_h_) +
               "\" fill=\"#f2f2f2\"/>\n";
      }
      out += "<text x=\"" + px(plot_left_ - kLabelGap) + "\" y=\"" + px(y0 + 0.5 * row_h_ + 4.0) +
             "\" text-anchor=\"end\">" + xml_escape(c_.categories[i]) + "</text>\n";
      double y = y0 + opt_.row_pad_px;
      for (const BarSeries& s : c_.series) {
        const double h = std::max(1.0, s.thickness_px);
        const double v = s.values[i];
        if (std::isfinite(v) && v > 0.0) {
          out += "<rect x=\"" + px(plot_left_) + "\" y=\"" + px(y) + "\" width=\"" +
                 px(x_of(v) - plot_left_) + "\" height=\"" + px(h) + "\" fill=\"" +
                 xml_escape(s.color) + "\"/>\n";
        }
        y += h + opt_.bar_gap_px;
      }
      out += "</g>\n";
    }
  }

  // The values after the bars, on top of everything else, with a white halo so a marker line
  // crossing them does not hide a digit.
  void values(std::string& out, double top) const {
    for (std::size_t i = 0; i < c_.categories.size(); ++i) {
      double y = top + row_h_ * static_cast<double>(i) + opt_.row_pad_px;
      for (const BarSeries& s : c_.series) {
        const double h = std::max(1.0, s.thickness_px);
        const double v = s.values[i];
        if (s.show_values) {
          const double end = std::isfinite(v) ? x_of(v) : plot_left_;
          out += "<text x=\"" + px(end + 4.0) + "\" y=\"" + px(y + 0.5 * h + 4.0) +
                 "\" font-size=\"" + px(kValueFontSize) +
                 "\" fill=\"#222222\" stroke=\"#ffffff\" stroke-width=\"3\" "
                 "stroke-linejoin=\"round\" paint-order=\"stroke\">" +
                 xml_escape(value_text(v)) + "</text>\n";
        }
        y += h + opt_.bar_gap_px;
      }
    }
  }

  void axis(std::string& out, double top, double bottom) const {
    for (const double v : ticks(0.0, x_max_, step_)) {
      const std::string x = px(x_of(v));
      const std::string label = tick_label(v, step_);
      out += "<line x1=\"" + x + "\" y1=\"" + px(top - 3.0) + "\" x2=\"" + x + "\" y2=\"" +
             px(bottom + 3.0) + "\" stroke=\"#d9d9d9\"/>\n";
      out += "<text x=\"" + x + "\" y=\"" + px(top - 7.0) + "\" text-anchor=\"middle\">" + label +
             "</text>\n";
      out += "<text x=\"" + x + "\" y=\"" + px(bottom + 17.0) + "\" text-anchor=\"middle\">" +
             label + "</text>\n";
    }
    out += "<line x1=\"" + px(plot_left_) + "\" y1=\"" + px(top) + "\" x2=\"" + px(plot_left_) +
           "\" y2=\"" + px(bottom) + "\" stroke=\"#555555\"/>\n";
    out += "<text x=\"" + px(0.5 * (plot_left_ + plot_right_)) + "\" y=\"" + px(bottom + 38.0) +
           "\" text-anchor=\"middle\">" + xml_escape(c_.x_label) + "</text>\n";
  }

  void marker(std::string& out, const BarMarker& m, double top, double bottom) const {
    if (!std::isfinite(m.value)) return;
    const std::string x = px(x_of(m.value));
    out += "<line x1=\"" + x + "\" y1=\"" + px(top - 3.0) + "\" x2=\"" + x + "\" y2=\"" +
           px(bottom + 3.0) + "\" stroke=\"" + xml_escape(m.color) + "\" stroke-width=\"1.5\"" +
           (m.dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
  }

  const BarChart& c_;
  const BarChartSvgOptions& opt_;
  double width_ = 0.0;
  double plot_left_ = 0.0;
  double plot_right_ = 0.0;
  double x_max_ = 1.0;
  double step_ = 1.0;
  double row_h_ = 0.0;
};

}  // namespace

std::string bar_chart_svg(const BarChart& chart, const BarChartSvgOptions& options) {
  check(chart);
  return Writer(chart, options).render();
}

void write_bar_chart_svg(const std::string& path, const BarChart& chart,
                         const BarChartSvgOptions& options) {
  write_svg_file(path, bar_chart_svg(chart, options));
}

}  // namespace fusetrack::report
