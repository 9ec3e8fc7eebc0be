// The SVG bar chart writer: a well-formed document, every label, bars proportional to their
// values, long names fitted, markers, escaping, and errors.
#include "report/bar_chart_svg.hpp"

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../io/io_test_util.hpp"
#include "svg_check.hpp"

namespace fusetrack::report {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

// The value of attribute `name` in the first element that holds `marker` (e.g. a fill colour).
double attribute(const std::string& doc, const std::string& marker, const std::string& name,
                 std::size_t nth = 0) {
  std::size_t at = doc.find(marker);
  for (std::size_t i = 0; i < nth && at != std::string::npos; ++i) at = doc.find(marker, at + 1);
  if (at == std::string::npos) return std::nan("");
  const std::size_t start = doc.rfind('<', at);
  const std::size_t attr = doc.find(" " + name + "=\"", start);
  if (attr == std::string::npos || attr > doc.find('>', start)) return std::nan("");
  return std::stod(doc.substr(attr + name.size() + 3));
}

BarChart three_trials() {
  BarChart c;
  c.title = "RMSE per trial";
  c.subtitle = "mean 2.00";
  c.x_label = "RMSE (deg)";
  c.categories = {"first", "second", "third"};
  BarSeries total;
  total.label = "total";
  total.color = "#111111";
  total.show_values = true;
  total.values = {1.0, 2.0, 3.0};
  BarSeries heading;
  heading.label = "heading";
  heading.color = "#d62728";
  heading.thickness_px = 5.0;
  heading.values = {0.5, 1.5, 2.5};
  c.series = {total, heading};
  c.markers.push_back(BarMarker{2.0, "mean total 2.00", "#222222", true});
  return c;
}

TEST(BarChartSvg, IsOneWellFormedSvgElementWithEveryTitleLabelAndValue) {
  const std::string doc = bar_chart_svg(three_trials());
  EXPECT_EQ(doc.rfind("<svg", 0), 0u);
  EXPECT_EQ(testing::svg_problem(doc), "");
  for (const char* text : {"RMSE per trial", "mean 2.00", "RMSE (deg)", "first", "second", "third",
                           "total", "heading", "mean total 2.00", ">1.00<", ">2.00<", ">3.00<"}) {
    EXPECT_TRUE(contains(doc, text)) << text;
  }
  EXPECT_EQ(count(doc, "fill=\"#111111\""), 3u + 1u) << "three bars and the legend swatch";
  EXPECT_EQ(count(doc, "fill=\"#d62728\""), 3u + 1u);
  EXPECT_EQ(count(doc, "stroke=\"#222222\""), 2u) << "the marker line and its legend swatch";
}

TEST(BarChartSvg, BarLengthsAreProportionalToTheValues) {
  const std::string doc = bar_chart_svg(three_trials());
  const double w1 = attribute(doc, "fill=\"#111111\"", "width", 1);  // 0: legend swatch
  const double w2 = attribute(doc, "fill=\"#111111\"", "width", 2);
  const double w3 = attribute(doc, "fill=\"#111111\"", "width", 3);
  ASSERT_GT(w1, 10.0);
  EXPECT_NEAR(w2 / w1, 2.0, 0.01);
  EXPECT_NEAR(w3 / w1, 3.0, 0.01);
  const double h_total = attribute(doc, "fill=\"#111111\"", "height", 1);
  const double h_heading = attribute(doc, "fill=\"#d62728\"", "height", 1);
  EXPECT_DOUBLE_EQ(h_total, 12.0);
  EXPECT_DOUBLE_EQ(h_heading, 5.0);
}

TEST(BarChartSvg, LongCategoryNamesWidenTheMarginInsteadOfBeingCut) {
  BarChart c = three_trials();
  const std::string doc_short = bar_chart_svg(c);
  c.categories[1] = std::string(90, 'x');
  const std::string doc_long = bar_chart_svg(c);
  const double left_short = attribute(doc_short, "fill=\"#111111\"", "x", 1);
  const double left_long = attribute(doc_long, "fill=\"#111111\"", "x", 1);
  // 90 characters of about 7 px each fit left of the bars, and the bars keep their room.
  EXPECT_GT(left_long, 90 * 6.5);
  EXPECT_GT(left_long, left_short);
  EXPECT_GT(attribute(doc_long, "<svg", "width"), left_long + 400.0);
  EXPECT_GT(attribute(doc_long, "fill=\"#111111\"", "width", 3), 300.0);
}

TEST(BarChartSvg, ANonFiniteValueHasNoBarAndSaysNotAvailable) {
  BarChart c = three_trials();
  c.series[0].values[1] = std::nan("");
  const std::string doc = bar_chart_svg(c);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_EQ(count(doc, "fill=\"#111111\""), 2u + 1u);
  EXPECT_TRUE(contains(doc, ">n/a<"));
}

TEST(BarChartSvg, EscapesEveryText) {
  BarChart c = three_trials();
  c.title = "a & b";
  c.categories[0] = "<trial>";
  c.series[0].label = "\"total\"";
  c.markers[0].label = "mean < 3";
  const std::string doc = bar_chart_svg(c);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_TRUE(contains(doc, "a &amp; b"));
  EXPECT_TRUE(contains(doc, "&lt;trial&gt;"));
  EXPECT_TRUE(contains(doc, "&quot;total&quot;"));
  EXPECT_TRUE(contains(doc, "mean &lt; 3"));
}

TEST(BarChartSvg, RejectsASeriesWithoutOneValuePerCategory) {
  BarChart c = three_trials();
  c.series[1].values.pop_back();
  EXPECT_THROW(bar_chart_svg(c), std::invalid_argument);
}

TEST(BarChartSvg, WritesTheFileAndNamesAPathItCannotCreate) {
  const io::testing::TempDir dir;
  const std::string path = dir.file("c.svg");
  write_bar_chart_svg(path, three_trials());
  EXPECT_EQ(io::testing::read_bytes(path), bar_chart_svg(three_trials()));
  const std::string bad = dir.file("no/such/folder/c.svg");
  try {
    write_bar_chart_svg(bad, three_trials());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), bad)) << e.what();
  }
}

}  // namespace
}  // namespace fusetrack::report
