#include "report/confusion_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <vector>

#include "report/svg_common.hpp"

namespace fusetrack::report {
namespace {

// Layout, px.
constexpr double kMargin = 14.0;
constexpr double kTitleBaseline = 24.0;        // the title (15 px, bold)
constexpr double kSubtitleRow = 19.0;          // the line under it
constexpr double kMatrixTopGap = 30.0;         // subtitle to the matrix (room for the "n" header)
constexpr double kAxisTitleWidth = 22.0;       // the rotated "true class" left of the row names
constexpr double kNameGap = 7.0;               // a class name to the matrix
constexpr double kSlant = 0.7071067811865476;  // sin 45°: column names are slanted by 45°
constexpr double kMatrixTargetPx = 500.0;      // the matrix side the cell size aims at
constexpr double kMaxCellPx = 72.0;
constexpr double kKeyWidth = 14.0;  // the colour key's bar
constexpr double kTitleFontSize = 15.0;

double text_width(const std::string& text, double font_size = kSvgFontSize) {
  return static_cast<double>(display_length(text)) * 0.6 * font_size;
}

std::string px(double v) { return svg_px(v); }

// Sequential white-to-blue scale (the "Blues" of ColorBrewer, C. Brewer, colorbrewer2.org):
// `f` in [0, 1] -> "#rrggbb", linear between five of its stops.
std::string blue(double f) {
  static constexpr std::array<std::array<double, 3>, 5> kStops = {
      {{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}}};
  f = std::clamp(std::isfinite(f) ? f : 0.0, 0.0, 1.0) * 4.0;
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(f), 3);
  const double u = f - static_cast<double>(i);
  std::string out = "#";
  for (std::size_t c = 0; c < 3; ++c) {
    const double v = kStops[i][c] + u * (kStops[i + 1][c] - kStops[i][c]);
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(std::lround(v)));
    out += buf;
  }
  return out;
}

std::string fixed3(double v) { return std::isfinite(v) ? svg_number("%.3f", v) : "n/a"; }

}  // namespace

std::string confusion_svg(const eval::ClassificationReport& r, const std::string& title) {
  const std::size_t k = r.class_names.size();
  const std::string heading =
      title + " \u2014 accuracy " + fixed3(r.accuracy) + ", macro-F1 " + fixed3(r.macro_f1);
  const std::string subtitle = std::to_string(r.windows) +
                               " windows; rows: true class, columns: predicted class; numbers: "
                               "windows; colour: share of the row";

  std::size_t max_count = 0;
  std::vector<std::size_t> row_total(k, 0);
  for (std::size_t t = 0; t < k; ++t) {
    for (std::size_t p = 0; p < k; ++p) {
      max_count = std::max(max_count, r.confusion[t][p]);
      row_total[t] += r.confusion[t][p];
    }
  }
  double name_w = 0.0;
  for (const std::string& n : r.class_names) name_w = std::max(name_w, text_width(n));

  // Cells big enough for the longest count, aiming at a matrix of about kMatrixTargetPx.
  const double count_font = k > 8 ? 11.0 : 13.0;
  const double min_cell = text_width(std::to_string(max_count), count_font) + 10.0;
  const double cell = std::max(
      min_cell,
      std::min(kMaxCellPx, kMatrixTargetPx / static_cast<double>(std::max<std::size_t>(k, 1))));
  const double side = cell * static_cast<double>(k);

  // The slanted column names reach left of the first column and below the matrix.
  const double slant_reach = name_w * kSlant + 6.0;
  const double left =
      std::max(kMargin + kAxisTitleWidth + name_w + kNameGap, kMargin + slant_reach - 0.5 * cell);
  const double top = kTitleBaseline + kSubtitleRow + kMatrixTopGap;
  const double bottom = top + side;
  std::size_t max_total = 0;
  for (const std::size_t n : row_total) max_total = std::max(max_total, n);
  const double total_w = text_width(std::to_string(max_total)) + 8.0;
  const double key_left = left + side + total_w + 22.0;
  const double width = std::max({key_left + kKeyWidth + text_width("100 %") + 8.0 + kMargin,
                                 kMargin + text_width(heading, kTitleFontSize) + kMargin,
                                 kMargin + text_width(subtitle) + kMargin});
  const double names_bottom = bottom + 10.0 + slant_reach;
  const double height = names_bottom + 30.0 + kMargin;

  std::string b;
  b += "<text x=\"" + px(kMargin) + "\" y=\"" + px(kTitleBaseline) +
       "\" font-size=\"15\" font-weight=\"bold\">" + xml_escape(heading) + "</text>\n";
  b += "<text x=\"" + px(kMargin) + "\" y=\"" + px(kTitleBaseline + kSubtitleRow) +
       "\" fill=\"#444444\">" + xml_escape(subtitle) + "</text>\n";

  for (std::size_t t = 0; t < k; ++t) {
    const double y = top + cell * static_cast<double>(t);
    b += "<text x=\"" + px(left - kNameGap) + "\" y=\"" + px(y + 0.5 * cell + 4.0) +
         "\" text-anchor=\"end\">" + xml_escape(r.class_names[t]) + "</text>\n";
    for (std::size_t p = 0; p < k; ++p) {
      const std::size_t n = r.confusion[t][p];
      const double share =
          row_total[t] > 0 ? static_cast<double>(n) / static_cast<double>(row_total[t]) : 0.0;
      const double x = left + cell * static_cast<double>(p);
      b += "<g>\n<title>" +
           xml_escape("true " + r.class_names[t] + ", predicted " + r.class_names[p] + ": " +
                      std::to_string(n) + " windows (" + svg_number("%.1f", 100.0 * share) +
                      " % of the row)") +
           "</title>\n";
      b += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(cell) + "\" height=\"" +
           px(cell) + "\" fill=\"" + blue(share) + "\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n";
      // Zero in light grey, so the counts that matter stand out; white text on the dark half.
      const char* ink = n == 0 ? "#b3b3b3" : (share > 0.5 ? "#ffffff" : "#1a1a1a");
      b += "<text x=\"" + px(x + 0.5 * cell) + "\" y=\"" + px(y + 0.5 * cell + 0.36 * count_font) +
           "\" text-anchor=\"middle\" font-size=\"" + px(count_font) + "\" fill=\"" + ink + "\"" +
           (t == p && n > 0 ? " font-weight=\"bold\"" : "") + ">" + std::to_string(n) +
           "</text>\n</g>\n";
    }
    b += "<text x=\"" + px(left + side + total_w - 2.0) + "\" y=\"" + px(y + 0.5 * cell + 4.0) +
         "\" text-anchor=\"end\" fill=\"#555555\">" + std::to_string(row_total[t]) + "</text>\n";
  }
  if (k > 0) {
    b += "<text x=\"" + px(left + side + total_w - 2.0) + "\" y=\"" + px(top - 7.0) +
         "\" text-anchor=\"end\" fill=\"#555555\">n</text>\n";
    b += "<rect x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" + px(side) + "\" height=\"" +
         px(side) + "\" fill=\"none\" stroke=\"#555555\"/>\n";
  }
  for (std::size_t p = 0; p < k; ++p) {
    const double x = left + cell * (static_cast<double>(p) + 0.5);
    const double y = bottom + 10.0;
    b += "<text x=\"" + px(x) + "\" y=\"" + px(y) +
         "\" text-anchor=\"end\" transform=\"rotate(-45 " + px(x) + " " + px(y) + ")\">" +
         xml_escape(r.class_names[p]) + "</text>\n";
  }
  // Axis titles.
  const double mid_y = top + 0.5 * side;
  b += "<text x=\"" + px(kMargin + 12.0) + "\" y=\"" + px(mid_y) +
       "\" text-anchor=\"middle\" font-weight=\"bold\" transform=\"rotate(-90 " +
       px(kMargin + 12.0) + " " + px(mid_y) + ")\">true class</text>\n";
  b += "<text x=\"" + px(left + 0.5 * side) + "\" y=\"" + px(names_bottom + 22.0) +
       "\" text-anchor=\"middle\" font-weight=\"bold\">predicted class</text>\n";

  // Colour key: share of the row, 0 % at the bottom.
  if (k > 0) {
    const double key_h = std::min(side, 200.0);
    constexpr int kSteps = 20;
    for (int i = 0; i < kSteps; ++i) {
      const double f = (static_cast<double>(i) + 0.5) / kSteps;
      const double y = top + key_h * (1.0 - static_cast<double>(i + 1) / kSteps);
      b += "<rect x=\"" + px(key_left) + "\" y=\"" + px(y) + "\" width=\"" + px(kKeyWidth) +
           "\" height=\"" + px(key_h / kSteps + 0.5) + "\" fill=\"" + blue(f) + "\"/>\n";
    }
    b += "<rect x=\"" + px(key_left) + "\" y=\"" + px(top) + "\" width=\"" + px(kKeyWidth) +
         "\" height=\"" + px(key_h) + "\" fill=\"none\" stroke=\"#555555\"/>\n";
    for (int pct = 0; pct <= 100; pct += 25) {
      const double y = top + key_h * (1.0 - pct / 100.0);
      b += "<text x=\"" + px(key_left + kKeyWidth + 4.0) + "\" y=\"" + px(y + 4.0) + "\">" +
           std::to_string(pct) + " %</text>\n";
    }
    b += "<text x=\"" + px(key_left) + "\" y=\"" + px(top - 7.0) +
         "\" fill=\"#555555\">of row</text>\n";
  }

  return svg_document(width, height, b);
}

void write_confusion_svg(const std::string& path, const eval::ClassificationReport& report,
                         const std::string& title) {
  write_svg_file(path, confusion_svg(report, title));
}

}  // namespace fusetrack::report
