#include "report/day_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "report/svg_common.hpp"

namespace fusetrack::report {
namespace {

using replay::DayEvent;
using replay::DaySecond;
using replay::DayTimeline;

// Layout, px.
constexpr double kWidth = 1200.0;
constexpr double kLeft = 74.0;    // y tick labels and the rotated unit
constexpr double kRight = 64.0;   // the secondary axis' tick labels
constexpr double kTop = 58.0;     // the title and the summary line
constexpr double kHeader = 22.0;  // above each panel: its title and legend
constexpr double kGap = 12.0;     // below each panel
constexpr double kBottom = 40.0;  // the time axis' labels
constexpr double kActivityHeight = 26.0;
constexpr double kActivityLegend = 20.0;  // one row of the activity legend
constexpr double kStepsHeight = 110.0;
constexpr double kHeartHeight = 110.0;
constexpr double kOrientationHeight = 130.0;
constexpr double kEnergyHeight = 90.0;
constexpr double kEventLane = 13.0;
constexpr double kOffHeight = 26.0;  // a panel whose stage was off

// Okabe & Ito's colour-blind safe palette.
constexpr std::array<const char*, 7> kClassColors = {"#56b4e9", "#e69f00", "#009e73", "#0072b2",
                                                     "#cc79a7", "#f0e442", "#d55e00"};
constexpr const char* kUnknownColor = "#e4e4e4";
constexpr const char* kCadence = "#009e73";
constexpr const char* kCumulative = "#333333";
constexpr const char* kHeart = "#d55e00";
constexpr const char* kInvalid = "#dcdcdc";
constexpr const char* kRoll = "#0072b2";
constexpr const char* kPitch = "#e69f00";
constexpr const char* kYaw = "#009e73";
constexpr const char* kMet = "#cc79a7";
constexpr const char* kFall = "#c0392b";
constexpr const char* kActivityMark = "#0072b2";
constexpr const char* kWalkingMark = "#009e73";
constexpr const char* kFaultMark = "#e69f00";
constexpr const char* kGrid = "#e6e6e6";
constexpr const char* kFrame = "#8a8a8a";

// A pixel coordinate; never "nan" or "inf".
std::string px(double v) { return svg_px(std::isfinite(v) ? v : 0.0); }

std::string attr(const char* name, double v) {
  return std::string(" ") + name + "=\"" + px(v) + "\"";
}

std::string text(double x, double y, const std::string& content, const std::string& extra = "") {
  return "<text" + attr("x", x) + attr("y", y) + extra + ">" + xml_escape(content) + "</text>\n";
}

std::string rect(double x, double y, double w, double h, const std::string& fill,
                 const std::string& extra = "") {
  return "<rect" + attr("x", x) + attr("y", y) + attr("width", std::max(0.0, w)) +
         attr("height", std::max(0.0, h)) + " fill=\"" + fill + "\"" + extra + "/>\n";
}

std::string hline(double x0, double x1, double y, const char* stroke) {
  return "<path d=\"M" + px(x0) + " " + px(y) + "H" + px(x1) + "\" stroke=\"" + stroke + "\"/>\n";
}

double text_width(const std::string& s) {
  return static_cast<double>(display_length(s)) * kSvgCharWidth;
}

// "h:mm:ss" (or "m:ss" under an hour) of a duration, s.
std::string clock(double s) {
  if (!std::isfinite(s) || s < 0.0) s = 0.0;
  const auto total = static_cast<long long>(std::llround(s));
  const long long h = total / 3600;
  const long long m = total / 60 % 60;
  const long long sec = total % 60;
  char buf[48];
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, sec);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", m, sec);
  }
  return buf;
}

double finite_or(double v, double fallback) { return std::isfinite(v) ? v : fallback; }

// A y axis: [lo, hi] in whole ticks of `step`.
struct Axis {
  double lo = 0.0;
  double hi = 1.0;
  double step = 1.0;
};

Axis make_axis(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  if (!(hi > lo)) {
    const double half = std::max(1.0, std::fabs(lo) * 0.1);
    lo -= half;
    hi += half;
  }
  Axis a;
  a.step = nice_step(hi - lo, target);
  a.lo = std::floor(lo / a.step + 1e-9) * a.step;
  a.hi = std::ceil(hi / a.step - 1e-9) * a.step;
  if (!(a.hi > a.lo)) a.hi = a.lo + a.step;
  return a;
}

// The rows one pixel column (or one second, when there are fewer seconds than columns) covers.
struct Column {
  std::size_t begin = 0;
  std::size_t end = 0;
  double x0 = 0.0;
  double x1 = 0.0;
  double x() const { return 0.5 * (x0 + x1); }
};

// A panel's plot area.
struct Plot {
  double top = 0.0;
  double h = 0.0;
  double bottom() const { return top + h; }
};

class DayWriter {
 public:
  explicit DayWriter(const DayTimeline& day) : day_(day), rows_(day.seconds) {
    left_ = kLeft;
    right_ = kWidth - kRight;
    if (!rows_.empty()) {
      t0_ = finite_or(rows_.front().t_s, 0.0);
      t1_ = finite_or(rows_.back().t_s, t0_) + 1.0;
      if (!(t1_ > t0_)) t1_ = t0_ + 1.0;
    }
    make_columns();
    time_ticks();
  }

  std::string render() {
    std::string b;
    double y = kTop;
    if (rows_.empty()) {
      title(b);
      b += text(0.5 * kWidth, y + 40.0, "no data",
                " text-anchor=\"middle\" font-size=\"18\" fill=\"#777777\"");
      return svg_document(kWidth, y + 80.0, b);
    }
    const double plots_top = y;
    y = activity_panel(b, y);
    y = steps_panel(b, y);
    y = heart_panel(b, y);
    y = orientation_panel(b, y);
    y = energy_panel(b, y);
    y = events_panel(b, y);
    const double plots_bottom = y - kGap;
    axis_labels(b, plots_bottom);
    falls(b, plots_top + kHeader, plots_bottom);
    title(b);
    return svg_document(kWidth, plots_bottom + kBottom, b);
  }

 private:
  // ---- time ------------------------------------------------------------------------------------

  double x_of(double t) const { return left_ + (t - t0_) / (t1_ - t0_) * (right_ - left_); }

  void make_columns() {
    const std::size_t n = rows_.size();
    if (n == 0) return;
    const auto pixels = static_cast<std::size_t>(right_ - left_);
    if (n <= pixels) {
      for (std::size_t i = 0; i < n; ++i) {
        const double t = finite_or(rows_[i].t_s, t0_ + static_cast<double>(i));
        cols_.push_back(Column{i, i + 1, x_of(t), x_of(t + 1.0)});
      }
      return;
    }
    for (std::size_t c = 0; c < pixels; ++c) {
      const std::size_t b = c * n / pixels;
      const std::size_t e = (c + 1) * n / pixels;
      if (e <= b) continue;
      const double x0 = left_ + static_cast<double>(c);
      cols_.push_back(Column{b, e, x0, x0 + 1.0});
    }
  }

  // Seconds for short recordings, "h:mm" from whole minutes for longer ones.
  void time_ticks() {
    const double span = t1_ - t0_;
    if (span <= 300.0) {
      x_step_ = nice_step(span, 10);
      clock_labels_ = false;
    } else {
      static constexpr std::array<double, 14> kSteps = {
          60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400};
      x_step_ = kSteps.back();
      for (const double s : kSteps) {
        if (span / s <= 12.0) {
          x_step_ = s;
          break;
        }
      }
      clock_labels_ = true;
    }
    tick_t_ = ticks(t0_, t1_, x_step_);
  }

  std::string time_label(double t) const {
    if (!clock_labels_) return tick_label(t, x_step_);
    const auto minutes = static_cast<long long>(std::llround(t / 60.0));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02lld", minutes / 60, minutes % 60);
    return buf;
  }

  // ---- pieces ----------------------------------------------------------------------------------

  void title(std::string& b) const {
    const replay::DaySummary& s = day_.summary;
    const std::string name = s.file.empty() ? std::string("recording") : s.file;
    b += text(left_, 24.0, name, " font-size=\"16\" font-weight=\"bold\"");
    std::string line = clock(finite_or(s.duration_s, 0.0)) + " \u2014 " + std::to_string(s.steps) +
                       " steps \u2014 " + svg_number("%.0f", finite_or(s.kcal_total, 0.0)) +
                       " kcal \u2014 " + std::to_string(s.falls) +
                       (s.falls == 1 ? " fall" : " falls");
    if (s.heart_valid > 0) {
      line += " \u2014 heart " + svg_number("%.0f", finite_or(s.heart_mean_bpm, 0.0)) + " bpm mean";
    }
    const std::uint64_t faults = s.rejected + s.gaps + s.clipped + s.jumps + s.silences + s.reinits;
    if (faults > 0) line += " \u2014 " + std::to_string(faults) + " stream faults";
    b += text(left_, 44.0, line, " fill=\"#444444\"");
  }

  // The panel's title and, to its right, legend items (colour, label, dashed).
  struct LegendItem {
    std::string color;
    std::string label;
    bool dashed = false;
    bool box = false;
  };

  void header(std::string& b, double top, const std::string& name,
              const std::vector<LegendItem>& legend) const {
    b += text(left_, top + 15.0, name, " font-size=\"13\" font-weight=\"bold\"");
    double x = left_ + text_width(name) * 1.1 + 24.0;
    for (const LegendItem& item : legend) {
      if (item.box) {
        b += rect(x, top + 6.0, 18.0, 10.0, item.color, " stroke=\"#999999\" stroke-width=\"0.5\"");
      } else {
        b += "<path d=\"M" + px(x) + " " + px(top + 11.0) + "h18\" stroke=\"" + item.color +
             "\" stroke-width=\"2\"" + (item.dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>\n";
      }
      b += text(x + 23.0, top + 15.0, item.label, " fill=\"#333333\"");
      x += 23.0 + text_width(item.label) + 18.0;
    }
  }

  void frame(std::string& b, const Plot& p) const {
    b += rect(left_, p.top, right_ - left_, p.h, "#fbfbfb");
    std::string d;
    for (const double t : tick_t_) d += "M" + px(x_of(t)) + " " + px(p.top) + "V" + px(p.bottom());
    if (!d.empty()) b += "<path d=\"" + d + "\" stroke=\"" + kGrid + "\"/>\n";
  }

  void frame_border(std::string& b, const Plot& p) const {
    b += rect(left_, p.top, right_ - left_, p.h, "none", std::string(" stroke=\"") + kFrame + "\"");
  }

  double y_of(const Plot& p, const Axis& a, double v) const {
    const double y = p.bottom() - (v - a.lo) / (a.hi - a.lo) * p.h;
    return std::clamp(y, p.top, p.bottom());
  }

  // Left axis: grid lines, labels, the rotated unit.
  void left_axis(std::string& b, const Plot& p, const Axis& a, const std::string& unit) const {
    std::string d;
    for (const double v : ticks(a.lo, a.hi, a.step)) {
      const double y = y_of(p, a, v);
      d += "M" + px(left_ - 4.0) + " " + px(y) + "H" + px(right_);
      b += text(left_ - 7.0, y + 4.0, tick_label(v, a.step), " text-anchor=\"end\"");
    }
    b += "<path d=\"" + d + "\" stroke=\"" + kGrid + "\"/>\n";
    const double cy = p.top + 0.5 * p.h;
    b += text(
        16.0, cy, unit,
        " text-anchor=\"middle\" transform=\"rotate(-90 16 " + px(cy) + ")\" fill=\"#444444\"");
  }

  // Right axis: labels only (the grid is the left axis'), thousands as "k" to keep them short.
  void right_axis(std::string& b, const Plot& p, const Axis& a, const std::string& unit,
                  const char* color) const {
    for (const double v : ticks(a.lo, a.hi, a.step)) {
      const std::string label = a.step >= 1000.0 && std::fabs(v) >= 1000.0
                                    ? tick_label(v / 1000.0, a.step / 1000.0) + "k"
                                    : tick_label(v, a.step);
      b += text(right_ + 6.0, y_of(p, a, v) + 4.0, label, std::string(" fill=\"") + color + "\"");
    }
    const double cx = kWidth - 10.0;
    const double cy = p.top + 0.5 * p.h;
    b += text(cx, cy, unit,
              " text-anchor=\"middle\" transform=\"rotate(-90 " + px(cx) + " " + px(cy) +
                  ")\" fill=\"" + color + "\"");
  }

  double off_panel(std::string& b, double top, const std::string& name) const {
    header(b, top, name, {});
    const Plot p{top + kHeader, kOffHeight};
    b += rect(left_, p.top, right_ - left_, p.h, "#f4f4f4",
              " stroke=\"#cccccc\" stroke-dasharray=\"4 3\"");
    b += text(0.5 * (left_ + right_), p.top + 17.0, "stage off",
              " text-anchor=\"middle\" fill=\"#777777\" font-style=\"italic\"");
    return p.bottom() + kGap;
  }

  // A line through (x, value) per column, broken where `value` returns a non-finite number.
  template <typename Value>
  std::string line_path(const Plot& p, const Axis& a, const Value& value) const {
    std::vector<double> v(cols_.size());
    for (std::size_t k = 0; k < cols_.size(); ++k) v[k] = value(cols_[k]);
    const auto finite_at = [&](std::size_t k) { return k < v.size() && std::isfinite(v[k]); };
    std::string d;
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (!finite_at(k)) continue;
      const bool open = k > 0 && finite_at(k - 1);
      const std::string y = px(y_of(p, a, v[k]));
      if (!open && !finite_at(k + 1)) {
        // A lone column: a short level stroke across it, not an invisible point.
        d += "M" + px(cols_[k].x0) + " " + y + "H" + px(std::max(cols_[k].x1, cols_[k].x0 + 2.0));
        continue;
      }
      d += (open ? "L" : "M") + px(cols_[k].x()) + " " + y;
    }
    return d;
  }

  // A filled band between lo(c) and hi(c), one polygon per finite run.
  template <typename Lo, typename Hi>
  std::string envelope_path(const Plot& p, const Axis& a, const Lo& lo, const Hi& hi) const {
    std::string d;
    std::size_t i = 0;
    while (i < cols_.size()) {
      if (!std::isfinite(lo(cols_[i])) || !std::isfinite(hi(cols_[i]))) {
        ++i;
        continue;
      }
      std::size_t e = i;
      while (e < cols_.size() && std::isfinite(lo(cols_[e])) && std::isfinite(hi(cols_[e]))) ++e;
      for (std::size_t k = i; k < e; ++k) {
        const Column& c = cols_[k];
        d += (k == i ? "M" : "L") + px(c.x0) + " " + px(y_of(p, a, hi(c))) + "L" + px(c.x1) + " " +
             px(y_of(p, a, hi(c)));
      }
      for (std::size_t k = e; k-- > i;) {
        const Column& c = cols_[k];
        d += "L" + px(c.x1) + " " + px(y_of(p, a, lo(c))) + "L" + px(c.x0) + " " +
             px(y_of(p, a, lo(c)));
      }
      d += "Z";
      i = e;
    }
    return d;
  }

  template <typename Get>
  double column_mean(const Column& c, const Get& get) const {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t i = c.begin; i < c.end; ++i) {
      const double v = get(rows_[i]);
      if (!std::isfinite(v)) continue;
      sum += v;
      ++n;
    }
    return n > 0 ? sum / static_cast<double>(n) : std::nan("");
  }

  template <typename Get>
  double column_max(const Column& c, const Get& get) const {
    double m = -INFINITY;
    for (std::size_t i = c.begin; i < c.end; ++i) {
      const double v = get(rows_[i]);
      if (std::isfinite(v)) m = std::max(m, v);
    }
    return std::isfinite(m) ? m : std::nan("");
  }

  template <typename Get>
  double column_min(const Column& c, const Get& get) const {
    double m = INFINITY;
    for (std::size_t i = c.begin; i < c.end; ++i) {
      const double v = get(rows_[i]);
      if (std::isfinite(v)) m = std::min(m, v);
    }
    return std::isfinite(m) ? m : std::nan("");
  }

  // Runs of neighbouring columns with the same key (the majority of each column's rows).
  struct Run {
    std::string key;
    double x0 = 0.0;
    double x1 = 0.0;
  };

  template <typename Key>
  std::vector<Run> runs(const Key& key) const {
    std::vector<Run> out;
    for (const Column& c : cols_) {
      std::vector<std::pair<std::string, std::size_t>> counts;
      for (std::size_t i = c.begin; i < c.end; ++i) {
        const std::string k = key(rows_[i]);
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const auto& kv) { return kv.first == k; });
        if (it == counts.end()) {
          counts.emplace_back(k, 1);
        } else {
          ++it->second;
        }
      }
      if (counts.empty()) continue;
      const auto best =
          std::max_element(counts.begin(), counts.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      if (!out.empty() && out.back().key == best->first && c.x0 - out.back().x1 < 0.5) {
        out.back().x1 = c.x1;
      } else {
        out.push_back(Run{best->first, c.x0, c.x1});
      }
    }
    return out;
  }

  // ---- panels ----------------------------------------------------------------------------------

  std::string class_color(const std::string& name) const {
    if (name == "unknown") return kUnknownColor;
    for (std::size_t i = 0; i < classes_.size(); ++i) {
      if (classes_[i] == name) return kClassColors[i % kClassColors.size()];
    }
    return kUnknownColor;
  }

  double activity_panel(std::string& b, double top) {
    const char* name = "Activity";
    if (!day_.summary.stages_activity) return off_panel(b, top, name);
    // Classes in order of first appearance; time per class.
    std::vector<std::pair<std::string, double>> shares;
    for (const auto& [cls, s] : day_.summary.seconds_per_activity) {
      if (cls != "unknown") shares.emplace_back(cls, s);
    }
    for (const DaySecond& r : rows_) {
      if (r.activity == "unknown") continue;
      if (std::none_of(shares.begin(), shares.end(),
                       [&](const auto& kv) { return kv.first == r.activity; })) {
        shares.emplace_back(r.activity, 0.0);
      }
    }
    if (day_.summary.seconds_per_activity.empty()) {
      for (const DaySecond& r : rows_) {
        for (auto& kv : shares) {
          if (kv.first == r.activity) kv.second += 1.0;
        }
      }
    }
    for (const auto& kv : shares) classes_.push_back(kv.first);
    const auto unknown = static_cast<double>(std::count_if(
        rows_.begin(), rows_.end(), [](const DaySecond& r) { return r.activity == "unknown"; }));
    if (unknown > 0.0) shares.emplace_back("unknown", unknown);

    header(b, top, name, {});
    const Plot p{top + kHeader, kActivityHeight};
    frame(b, p);
    std::string labels;
    for (const Run& r : runs([](const DaySecond& s) { return s.activity; })) {
      b += rect(r.x0, p.top, std::max(0.6, r.x1 - r.x0), p.h, class_color(r.key));
      const std::string label = r.key == "unknown" ? std::string() : r.key;
      if (!label.empty() && r.x1 - r.x0 >= text_width(label) + 8.0) {
        labels += text(0.5 * (r.x0 + r.x1), p.top + 17.5, label,
                       " text-anchor=\"middle\" fill=\"#1a1a1a\" font-size=\"11\"");
      }
    }
    b += labels;
    frame_border(b, p);
    // The legend below: one swatch per class with its time.
    double x = left_;
    double y = p.bottom() + 6.0;
    for (const auto& [cls, s] : shares) {
      const std::string label = cls + " " + clock(s);
      const double w = 18.0 + text_width(label) + 22.0;
      if (x + w > right_ && x > left_) {
        x = left_;
        y += kActivityLegend;
      }
      b += rect(x, y + 2.0, 14.0, 10.0, class_color(cls));
      b += text(x + 18.0, y + 11.5, label, " fill=\"#333333\"");
      x += w;
    }
    return y + kActivityLegend + kGap;
  }

  double steps_panel(std::string& b, double top) const {
    const char* name = "Steps";
    if (!day_.summary.stages_steps) return off_panel(b, top, name);
    const auto cadence = [this](const Column& c) {
      return column_max(c, [](const DaySecond& s) { return static_cast<double>(s.cadence_spm); });
    };
    const auto total = [this](const Column& c) {
      return static_cast<double>(rows_[c.end - 1].steps_total);
    };
    double cmax = 0.0;
    for (const Column& c : cols_) cmax = std::max(cmax, finite_or(cadence(c), 0.0));
    const Axis a = make_axis(0.0, std::max(60.0, cmax), 4);
    const double smax = static_cast<double>(rows_.back().steps_total);
    const Axis s = make_axis(0.0, std::max(10.0, smax), 4);
    header(b, top, name,
           {{kCadence, "cadence (steps/min)", false, false},
            {kCumulative, "steps since start (right axis)", true, false}});
    const Plot p{top + kHeader, kStepsHeight};
    frame(b, p);
    left_axis(b, p, a, "steps/min");
    right_axis(b, p, s, "steps", kCumulative);
    // Cadence: zero outside bouts, so an area reads better than a line along the floor.
    const std::string env = envelope_path(
        p, a, [](const Column&) { return 0.0; }, cadence);
    if (!env.empty()) {
      b += "<path d=\"" + env + "\" fill=\"" + kCadence + "\" fill-opacity=\"0.25\"/>\n";
    }
    const std::string d = line_path(p, a, cadence);
    if (!d.empty()) {
      b += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kCadence +
           "\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n";
    }
    const std::string cum = line_path(p, s, total);
    if (!cum.empty()) {
      b += "<path d=\"" + cum + "\" fill=\"none\" stroke=\"" + kCumulative +
           "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n";
    }
    frame_border(b, p);
    return p.bottom() + kGap;
  }

  double heart_panel(std::string& b, double top) const {
    const char* name = "Heart rate";
    if (!day_.summary.stages_heart) return off_panel(b, top, name);
    // A column is valid when most of its seconds are; invalid columns get the commonest reason.
    const auto reason = [](const DaySecond& s) {
      if (s.heart_valid && std::isfinite(s.heart_bpm) && s.heart_bpm > 0.0f) return std::string();
      return s.heart_valid || s.heart_reason == "none" || s.heart_reason.empty()
                 ? std::string("no estimate")
                 : s.heart_reason;
    };
    const std::vector<Run> bands = runs(reason);
    std::vector<bool> column_valid(cols_.size(), false);
    for (std::size_t k = 0; k < cols_.size(); ++k) {
      std::size_t valid = 0;
      for (std::size_t i = cols_[k].begin; i < cols_[k].end; ++i) {
        if (reason(rows_[i]).empty()) ++valid;
      }
      column_valid[k] = 2 * valid >= cols_[k].end - cols_[k].begin && valid > 0;
    }
    const auto bpm = [&](const Column& c) {
      const std::size_t k = static_cast<std::size_t>(&c - cols_.data());
      if (!column_valid[k]) return std::nan("");
      double sum = 0.0;
      std::size_t n = 0;
      for (std::size_t i = c.begin; i < c.end; ++i) {
        if (!reason(rows_[i]).empty()) continue;
        sum += static_cast<double>(rows_[i].heart_bpm);
        ++n;
      }
      return n > 0 ? sum / static_cast<double>(n) : std::nan("");
    };
    double lo = INFINITY;
    double hi = -INFINITY;
    for (const Column& c : cols_) {
      const double v = bpm(c);
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (!std::isfinite(lo)) {
      lo = 60.0;
      hi = 120.0;
    }
    const Axis a = make_axis(std::max(0.0, lo - 5.0), hi + 5.0, 4);
    std::vector<LegendItem> legend = {{kHeart, "valid estimate (bpm)", false, false},
                                      {kInvalid, "not valid (reason)", false, true}};
    header(b, top, name, legend);
    const Plot p{top + kHeader, kHeartHeight};
    frame(b, p);
    std::string labels;
    for (const Run& r : bands) {
      if (r.key.empty()) continue;
      b += rect(r.x0, p.top, std::max(0.6, r.x1 - r.x0), p.h, kInvalid);
      if (r.x1 - r.x0 >= text_width(r.key) + 8.0) {
        labels += text(0.5 * (r.x0 + r.x1), p.top + 14.0, r.key,
                       " text-anchor=\"middle\" fill=\"#555555\" font-size=\"11\"");
      }
    }
    left_axis(b, p, a, "bpm");
    b += labels;
    const std::string d = line_path(p, a, bpm);
    if (!d.empty()) {
      b += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kHeart +
           "\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/>\n";
    }
    // An isolated valid column would be an invisible zero-length line: a dot.
    for (std::size_t k = 0; k < cols_.size(); ++k) {
      const bool before = k > 0 && column_valid[k - 1];
      const bool after = k + 1 < cols_.size() && column_valid[k + 1];
      if (!column_valid[k] || before || after) continue;
      const double v = bpm(cols_[k]);
      if (!std::isfinite(v)) continue;
      b += "<circle cx=\"" + px(cols_[k].x()) + "\" cy=\"" + px(y_of(p, a, v)) +
           "\" r=\"2\" fill=\"" + kHeart + "\"/>\n";
    }
    frame_border(b, p);
    return p.bottom() + kGap;
  }

  double orientation_panel(std::string& b, double top) const {
    const bool yaw = day_.summary.heading_available;
    const auto f = [](float v) { return static_cast<double>(v); };
    const auto roll_lo = [&](const Column& c) {
      return column_min(
          c, [&](const DaySecond& s) { return std::min(f(s.roll_min_deg), f(s.roll_deg)); });
    };
    const auto roll_hi = [&](const Column& c) {
      return column_max(
          c, [&](const DaySecond& s) { return std::max(f(s.roll_max_deg), f(s.roll_deg)); });
    };
    const auto pitch_lo = [&](const Column& c) {
      return column_min(
          c, [&](const DaySecond& s) { return std::min(f(s.pitch_min_deg), f(s.pitch_deg)); });
    };
    const auto pitch_hi = [&](const Column& c) {
      return column_max(
          c, [&](const DaySecond& s) { return std::max(f(s.pitch_max_deg), f(s.pitch_deg)); });
    };
    const auto roll = [&](const Column& c) {
      return column_mean(c, [&](const DaySecond& s) { return f(s.roll_deg); });
    };
    const auto pitch = [&](const Column& c) {
      return column_mean(c, [&](const DaySecond& s) { return f(s.pitch_deg); });
    };
    // Yaw wraps at ±180: the circular mean.
    const auto yaw_mean = [&](const Column& c) {
      double sx = 0.0;
      double sy = 0.0;
      for (std::size_t i = c.begin; i < c.end; ++i) {
        const double r = f(rows_[i].yaw_deg) * 3.14159265358979323846 / 180.0;
        if (!std::isfinite(r)) continue;
        sx += std::cos(r);
        sy += std::sin(r);
      }
      if (sx == 0.0 && sy == 0.0) return std::nan("");
      return std::atan2(sy, sx) * 180.0 / 3.14159265358979323846;
    };
    double lo = INFINITY;
    double hi = -INFINITY;
    for (const Column& c : cols_) {
      for (const double v : {roll_lo(c), pitch_lo(c)}) {
        if (std::isfinite(v)) lo = std::min(lo, v);
      }
      for (const double v : {roll_hi(c), pitch_hi(c)}) {
        if (std::isfinite(v)) hi = std::max(hi, v);
      }
    }
    if (yaw) {
      lo = -180.0;
      hi = 180.0;
    }
    if (!std::isfinite(lo)) {
      lo = -90.0;
      hi = 90.0;
    }
    lo = std::max(-180.0, std::min(lo - 5.0, -10.0));
    hi = std::min(180.0, std::max(hi + 5.0, 10.0));
    Axis a;
    a.step = hi - lo > 180.0 ? 90.0 : (hi - lo > 90.0 ? 45.0 : (hi - lo > 45.0 ? 15.0 : 10.0));
    a.lo = std::max(-180.0, std::floor(lo / a.step) * a.step);
    a.hi = std::min(180.0, std::ceil(hi / a.step) * a.step);
    std::vector<LegendItem> legend = {{kRoll, "roll", false, false},
                                      {kPitch, "pitch", false, false}};
    if (yaw) legend.push_back({kYaw, "yaw (heading)", false, false});
    legend.push_back({"#bbbbbb",
                      cols_.size() < rows_.size() ? "light: min\u2013max per pixel, line: mean"
                                                  : "light: min\u2013max within each second",
                      false, true});
    header(b, top, "Orientation", legend);
    const Plot p{top + kHeader, kOrientationHeight};
    frame(b, p);
    left_axis(b, p, a, "deg");
    const auto envelope = [&](const char* color, const auto& lo_f, const auto& hi_f) {
      const std::string env = envelope_path(p, a, lo_f, hi_f);
      if (!env.empty()) {
        b += "<path d=\"" + env + "\" fill=\"" + color + "\" fill-opacity=\"0.2\"/>\n";
      }
    };
    envelope(kRoll, roll_lo, roll_hi);
    envelope(kPitch, pitch_lo, pitch_hi);
    if (yaw) {
      // Broken where it wraps, so no vertical line crosses the panel.
      std::string d;
      double last = std::nan("");
      for (const Column& c : cols_) {
        const double v = yaw_mean(c);
        if (!std::isfinite(v)) {
          last = std::nan("");
          continue;
        }
        const bool jump = !std::isfinite(last) || std::fabs(v - last) > 180.0;
        d += (jump ? "M" : "L") + px(c.x()) + " " + px(y_of(p, a, v));
        last = v;
      }
      if (!d.empty()) {
        b += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kYaw +
             "\" stroke-width=\"1.2\" stroke-opacity=\"0.8\"/>\n";
      }
    }
    const auto mean_line = [&](const char* color, const auto& mean) {
      const std::string d = line_path(p, a, mean);
      if (!d.empty()) {
        b += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + color +
             "\" stroke-width=\"1.4\" stroke-linejoin=\"round\"/>\n";
      }
    };
    mean_line(kRoll, roll);
    mean_line(kPitch, pitch);
    frame_border(b, p);
    return p.bottom() + kGap;
  }

  double energy_panel(std::string& b, double top) const {
    const char* name = "Energy";
    if (!day_.summary.stages_energy) return off_panel(b, top, name);
    const auto met = [this](const Column& c) {
      return column_mean(c, [](const DaySecond& s) { return static_cast<double>(s.met); });
    };
    const auto kcal = [this](const Column& c) {
      return finite_or(rows_[c.end - 1].kcal_total, 0.0);
    };
    double mmax = 0.0;
    for (const Column& c : cols_) mmax = std::max(mmax, finite_or(met(c), 0.0));
    const Axis a = make_axis(0.0, std::max(2.0, mmax), 3);
    const Axis k = make_axis(0.0, std::max(1.0, finite_or(rows_.back().kcal_total, 0.0)), 3);
    header(b, top, name,
           {{kMet, "METs", false, false},
            {kCumulative, "kcal since start (right axis)", true, false}});
    const Plot p{top + kHeader, kEnergyHeight};
    frame(b, p);
    left_axis(b, p, a, "MET");
    right_axis(b, p, k, "kcal", kCumulative);
    const std::string env = envelope_path(
        p, a, [](const Column&) { return 0.0; }, met);
    if (!env.empty())
      b += "<path d=\"" + env + "\" fill=\"" + kMet + "\" fill-opacity=\"0.25\"/>\n";
    const std::string d = line_path(p, a, met);
    if (!d.empty()) {
      b += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kMet +
           "\" stroke-width=\"1.4\" stroke-linejoin=\"round\"/>\n";
    }
    const std::string cum = line_path(p, k, kcal);
    if (!cum.empty()) {
      b += "<path d=\"" + cum + "\" fill=\"none\" stroke=\"" + kCumulative +
           "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n";
    }
    frame_border(b, p);
    return p.bottom() + kGap;
  }

  // Small marks, one lane each: falls, activity changes, walking bouts, stream faults. Steps and
  // heart-rate events are left out (the panels above show them).
  double events_panel(std::string& b, double top) const {
    struct Lane {
      const char* name;
      const char* color;
      std::vector<const char*> kinds;
    };
    const std::vector<Lane> lanes = {
        {"falls", kFall, {"fall", "fall_follow_up"}},
        {"activity", kActivityMark, {"activity_changed", "wear_state_changed"}},
        {"walking", kWalkingMark, {"walking_started", "walking_ended", "walking_stopped"}},
        {"faults",
         kFaultMark,
         {"stream_gap", "sample_rejected", "time_jump", "stream_silent", "stream_resumed",
          "stage_reinitialized", "mag_disturbance_begin", "mag_disturbance_end"}},
    };
    header(b, top, "Events", {});
    const Plot p{top + kHeader, kEventLane * static_cast<double>(lanes.size())};
    frame(b, p);
    for (std::size_t l = 0; l < lanes.size(); ++l) {
      const double y0 = p.top + kEventLane * static_cast<double>(l);
      if (l > 0) b += hline(left_, right_, y0, "#e0e0e0");
      b += text(left_ - 7.0, y0 + 10.0, lanes[l].name, " text-anchor=\"end\" font-size=\"10.5\"");
      // One mark per half pixel at most, all of a lane in one path.
      std::vector<long> seen;
      std::string d;
      for (const DayEvent& e : day_.events) {
        if (std::find_if(lanes[l].kinds.begin(), lanes[l].kinds.end(),
                         [&](const char* k) { return e.kind == k; }) == lanes[l].kinds.end()) {
          continue;
        }
        if (!std::isfinite(e.t_s)) continue;
        const double x = std::clamp(x_of(e.t_s), left_, right_);
        const long key = std::lround(x * 2.0);
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        const bool big = e.kind == "fall";
        d += "M" + px(x) + " " + px(y0 + (big ? 1.5 : 3.0)) + "v" + px(big ? 10.0 : 7.0);
      }
      if (!d.empty()) {
        b += "<path d=\"" + d + "\" stroke=\"" + lanes[l].color + "\" stroke-width=\"" +
             (l == 0 ? "2" : "1.2") + "\"/>\n";
      }
    }
    frame_border(b, p);
    return p.bottom() + kGap;
  }

  void axis_labels(std::string& b, double bottom) const {
    for (const double t : tick_t_) {
      const double x = x_of(t);
      b += "<path d=\"M" + px(x) + " " + px(bottom) + "v4\" stroke=\"" + kFrame + "\"/>\n";
      b += text(x, bottom + 16.0, time_label(t), " text-anchor=\"middle\"");
    }
    b += text(0.5 * (left_ + right_), bottom + 33.0,
              clock_labels_ ? "time since start (h:mm)" : "time since start (s)",
              " text-anchor=\"middle\" fill=\"#444444\"");
  }

  // A prominent marker per fall: a line through every panel, a triangle and a label on top.
  void falls(std::string& b, double top, double bottom) const {
    double last_label_end = -INFINITY;
    int row = 0;
    for (const DayEvent& e : day_.events) {
      if (e.kind != "fall" || !std::isfinite(e.t_s)) continue;
      const double x = std::clamp(x_of(e.t_s), left_, right_);
      const std::string label = "fall " + clock(e.t_s - t0_);
      const double w = text_width(label);
      // Labels left of the line near the right edge; a second row when two would overlap.
      const bool flip = x + 6.0 + w > kWidth - 4.0;
      const double lx0 = flip ? x - 6.0 - w : x + 6.0;
      row = lx0 < last_label_end + 4.0 ? 1 - row : 0;
      const double ly = top - 6.0 + 12.0 * row;
      b += "<g class=\"fall\"><title>" +
           xml_escape("fall at " + clock(e.t_s - t0_) + (e.detail.empty() ? "" : ": " + e.detail)) +
           "</title>";
      b += "<path d=\"M" + px(x) + " " + px(top) + "V" + px(bottom) + "\" stroke=\"" + kFall +
           "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" stroke-opacity=\"0.85\"/>";
      b += "<path d=\"M" + px(x - 6.0) + " " + px(top - 2.0) + "H" + px(x + 6.0) + "L" + px(x) +
           " " + px(top + 8.0) + "Z\" fill=\"" + kFall + "\"/>";
      b += "<text" + attr("x", lx0) + attr("y", ly) + " fill=\"" + kFall +
           "\" font-weight=\"bold\">" + xml_escape(label) + "</text></g>\n";
      last_label_end = std::max(last_label_end, lx0 + w);
    }
  }

  const DayTimeline& day_;
  const std::vector<DaySecond>& rows_;
  double left_ = 0.0;
  double right_ = 0.0;
  double t0_ = 0.0;
  double t1_ = 1.0;
  std::vector<Column> cols_;
  double x_step_ = 1.0;
  bool clock_labels_ = false;
  std::vector<double> tick_t_;
  std::vector<std::string> classes_;
};

}  // namespace

std::string day_svg(const replay::DayTimeline& day) { return DayWriter(day).render(); }

void write_day_svg(const std::string& path, const replay::DayTimeline& day) {
  write_svg_file(path, day_svg(day));
}

}  // namespace fusetrack::report
