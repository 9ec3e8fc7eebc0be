// The confusion-matrix SVG: a well-formed document with the figures in the title, every class
// name on both axes (escaped), every count, and colours set by each cell's share of its row.
#include "report/confusion_svg.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "eval/classification_metrics.hpp"
#include "svg_check.hpp"

namespace fusetrack::report {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

// The fill of the cell whose tooltip starts with `tip`.
std::string cell_fill(const std::string& doc, const std::string& tip) {
  const std::size_t at = doc.find("<title>" + tip);
  if (at == std::string::npos) return "";
  const std::size_t fill = doc.find("fill=\"", doc.find("<rect", at));
  return doc.substr(fill + 6, 7);
}

// Truth: "walk & run" x 10 (8 right, 2 as sit), "sit" x 100 (80 right, 20 as walk & run), "lie"
// x 4 (all right).
eval::ClassificationReport report() {
  std::vector<int> truth;
  std::vector<int> predicted;
  const auto add = [&](int t, int p, int n) {
    for (int i = 0; i < n; ++i) {
      truth.push_back(t);
      predicted.push_back(p);
    }
  };
  add(0, 0, 8);
  add(0, 1, 2);
  add(1, 1, 80);
  add(1, 0, 20);
  add(2, 2, 4);
  return eval::score_classification({"walk & run", "sit", "lie"}, {"s1"}, truth, predicted,
                                    std::vector<std::size_t>(truth.size(), 0));
}

TEST(ConfusionSvg, IsWellFormedWithAccuracyAndMacroF1InTheTitle) {
  const std::string doc = confusion_svg(report(), "toy <model>");
  EXPECT_EQ(testing::svg_problem(doc), "");
  // 92 of 114 right.
  EXPECT_NE(doc.find("toy &lt;model&gt; \u2014 accuracy 0.807, macro-F1 "), std::string::npos);
  EXPECT_NE(doc.find("114 windows"), std::string::npos);
}

TEST(ConfusionSvg, NamesEveryClassOnBothAxesAndPrintsEveryCount) {
  const std::string doc = confusion_svg(report(), "toy");
  // Row name, column name, and the tooltips of its row (3) and column (3).
  EXPECT_EQ(count(doc, ">walk &amp; run</text>"), 2u);
  EXPECT_EQ(count(doc, ">sit</text>"), 2u);
  EXPECT_EQ(count(doc, ">lie</text>"), 2u);
  for (const char* n : {">8</text>", ">2</text>", ">80</text>", ">20</text>", ">4</text>"}) {
    EXPECT_GE(count(doc, n), 1u) << n;
  }
  EXPECT_EQ(count(doc, ">0</text>"), 4u);  // the four empty cells
  // Row totals at the right.
  EXPECT_GE(count(doc, ">10</text>"), 1u);
  EXPECT_GE(count(doc, ">100</text>"), 1u);
}

TEST(ConfusionSvg, ColourIsTheShareOfTheRowNotTheCount) {
  const std::string doc = confusion_svg(report(), "toy");
  // 8 of 10 and 80 of 100 are the same share: the same colour.
  EXPECT_EQ(cell_fill(doc, "true walk &amp; run, predicted walk &amp; run"),
            cell_fill(doc, "true sit, predicted sit"));
  // 4 of 4 is the darkest, 0 the lightest.
  EXPECT_EQ(cell_fill(doc, "true lie, predicted lie"), "#08306b");
  EXPECT_EQ(cell_fill(doc, "true lie, predicted sit"), "#f7fbff");
}

TEST(ConfusionSvg, EighteenLongClassNamesFitInsideThePicture) {
  std::vector<std::string> names;
  std::vector<int> truth;
  for (int c = 0; c < 18; ++c) {
    names.push_back("EATING_SANDWICH_" + std::to_string(c));
    for (int i = 0; i < 1088; ++i) truth.push_back(c);
  }
  const eval::ClassificationReport r = eval::score_classification(
      names, {"s"}, truth, truth, std::vector<std::size_t>(truth.size(), 0));
  const std::string doc = confusion_svg(r, "wisdm (18 activities)");
  EXPECT_EQ(testing::svg_problem(doc), "");
  // The row names end 7 px left of the matrix and start right of the left edge: the matrix
  // begins after the longest name (18 characters of 7.2 px) and the axis title.
  const std::size_t rect = doc.find("<rect", doc.find("<title>true EATING_SANDWICH_0,"));
  const double left = std::stod(doc.substr(doc.find("x=\"", rect) + 3));
  EXPECT_GE(left, 14.0 + 22.0 + 18 * 7.2 + 7.0 - 0.1);
  EXPECT_EQ(count(doc, ">1088</text>"), 18u * 2u);  // diagonal and row totals
}

}  // namespace
}  // namespace fusetrack::report
