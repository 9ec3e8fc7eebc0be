// The SVG timeline writer: a well-formed document, escaped text, decimated lines, bands.
#include "report/timeline_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
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

// A sine over `n` samples at 100 Hz.
TimelineLine sine(std::size_t n, const std::string& label) {
  TimelineLine l;
  l.label = label;
  for (std::size_t k = 0; k < n; ++k) {
    const double t = static_cast<double>(k) * 0.01;
    l.t_s.push_back(t);
    l.y.push_back(std::sin(t));
  }
  return l;
}

Timeline two_panels() {
  Timeline tl;
  tl.title = "two panels";
  TimelinePanel values;
  values.title = "Values";
  values.y_label = "value (m)";
  values.lines.push_back(sine(1000, "sine"));
  TimelineLine dashed = sine(1000, "dashed");
  dashed.dashed = true;
  values.lines.push_back(dashed);
  TimelinePanel lanes;
  lanes.title = "Lanes";
  lanes.lanes = {"first", "second"};
  lanes.bands.push_back(TimelineBand{0.0, 5.0, "#c6dbef", "rest", 0, 1.0});
  lanes.bands.push_back(TimelineBand{2.0, 3.0, "#3182bd", "", 1, 1.0});
  tl.panels = {values, lanes};
  return tl;
}

TEST(TimelineSvg, IsOneWellFormedSvgElementWithEveryTitleAndLabel) {
  const std::string doc = timeline_svg(two_panels());
  EXPECT_EQ(doc.rfind("<svg", 0), 0u);
  EXPECT_EQ(testing::svg_problem(doc), "");
  for (const char* text :
       {"two panels", "Values", "value (m)", "Lanes", "first", "second", "rest", "time (s)"}) {
    EXPECT_TRUE(contains(doc, text)) << text;
  }
  EXPECT_EQ(count(doc, "stroke-dasharray"), 2u) << "the dashed line and its legend swatch";
}

TEST(TimelineSvg, EscapesAmpersandAndLessThanInEveryText) {
  Timeline tl = two_panels();
  tl.title = "a & b < c";
  tl.panels[0].title = "x<y & z";
  tl.panels[0].lines[0].label = "\"q\" & 'p'";
  tl.panels[1].lanes[0] = "<lane>";
  const std::string doc = timeline_svg(tl);
  EXPECT_EQ(testing::svg_problem(doc), "");
  EXPECT_TRUE(contains(doc, "a &amp; b &lt; c"));
  EXPECT_TRUE(contains(doc, "x&lt;y &amp; z"));
  EXPECT_TRUE(contains(doc, "&quot;q&quot; &amp; &apos;p&apos;"));
  EXPECT_TRUE(contains(doc, "&lt;lane&gt;"));
  EXPECT_FALSE(contains(doc, "a & b"));
  EXPECT_FALSE(contains(doc, "<lane>"));
}

TEST(XmlEscape, ReplacesTheFiveSpecialCharacters) {
  EXPECT_EQ(xml_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
  EXPECT_EQ(xml_escape("plain"), "plain");
}

TEST(TimelineSvg, DrawsALongLineWithAtMostAbout2000Points) {
  Timeline tl;
  TimelinePanel p;
  p.title = "long";
  p.lines.push_back(sine(100000, "long"));
  tl.panels.push_back(p);
  const std::string doc = timeline_svg(tl);
  const std::size_t start = doc.find("<path d=\"");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find('"', start + 9);
  const std::string d = doc.substr(start + 9, end - start - 9);
  const std::size_t points = count(d, ",");
  EXPECT_GT(points, 1000u);
  EXPECT_LE(points, 2002u);
}

TEST(DecimateMinMax, KeepsEverySampleWhenTheLineIsShort) {
  const std::vector<double> y = {3.0, 1.0, 2.0};
  EXPECT_EQ(decimate_min_max(y, 10), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(DecimateMinMax, KeepsASingleSampleSpikeInALongLine) {
  std::vector<double> y(50000, 0.0);
  y[31234] = 7.0;
  y[4567] = -3.0;
  const std::vector<std::size_t> keep = decimate_min_max(y, 2000);
  EXPECT_LE(keep.size(), 2000u);
  EXPECT_NE(std::find(keep.begin(), keep.end(), 31234u), keep.end());
  EXPECT_NE(std::find(keep.begin(), keep.end(), 4567u), keep.end());
  EXPECT_TRUE(std::is_sorted(keep.begin(), keep.end()));
}

TEST(DecimateMinMax, KeepsANonFiniteValueAsABreakBetweenRuns) {
  std::vector<double> y(10000, 1.0);
  y[5000] = std::nan("");
  const std::vector<std::size_t> keep = decimate_min_max(y, 100);
  EXPECT_NE(std::find(keep.begin(), keep.end(), 5000u), keep.end());
  EXPECT_LE(keep.size(), 110u);
}

TEST(TimelineSvg, ANonFiniteValueSplitsTheLineIntoTwoPieces) {
  Timeline tl;
  TimelinePanel p;
  p.title = "wrapped";
  TimelineLine l;
  l.t_s = {0.0, 1.0, 1.0, 2.0};
  l.y = {170.0, 179.0, std::nan(""), -179.0};
  p.lines.push_back(l);
  tl.panels.push_back(p);
  const std::string doc = timeline_svg(tl);
  const std::size_t start = doc.find("<path d=\"");
  ASSERT_NE(start, std::string::npos);
  const std::string d = doc.substr(start, doc.find('"', start + 9) - start);
  EXPECT_EQ(count(d, "M"), 2u) << d;
}

TEST(BandsWhere, GivesOneBandPerRunOfSetFlagsEndingAtTheNextSample) {
  const std::vector<double> t = {0.0, 1.0, 2.0, 3.0, 4.0, 5.0};
  const std::vector<std::uint8_t> flags = {1, 1, 0, 0, 1, 1};
  const std::vector<TimelineBand> bands = bands_where(t, flags, 2, "#123456", "on");
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0].start_s, 0.0);
  EXPECT_EQ(bands[0].end_s, 2.0);
  EXPECT_EQ(bands[1].start_s, 4.0);
  EXPECT_EQ(bands[1].end_s, 5.0);
  EXPECT_EQ(bands[1].lane, 2u);
  EXPECT_EQ(bands[1].color, "#123456");
  EXPECT_EQ(bands[1].label, "on");
}

TEST(TimelineSvg, MergesBandsCloserThanAPixelSoAFlickeringFlagStaysSmall) {
  Timeline tl;
  TimelinePanel p;
  p.title = "flicker";
  p.lanes = {"flag"};
  for (int k = 0; k < 10000; ++k) {
    p.bands.push_back(TimelineBand{k * 0.01, k * 0.01 + 0.005, "#3182bd", "", 0, 1.0});
  }
  tl.panels.push_back(p);
  const std::string doc = timeline_svg(tl);
  EXPECT_LT(count(doc, "fill=\"#3182bd\""), 5u);
}

TEST(TimelineSvg, RejectsALineWithMoreTimesThanValuesAndABandOutsideTheLanes) {
  Timeline tl = two_panels();
  tl.panels[0].lines[0].y.pop_back();
  EXPECT_THROW(timeline_svg(tl), std::invalid_argument);
  Timeline lanes = two_panels();
  lanes.panels[1].bands[0].lane = 2;
  EXPECT_THROW(timeline_svg(lanes), std::invalid_argument);
}

TEST(TimelineSvg, WritesTheFileAndNamesAPathItCannotCreate) {
  const io::testing::TempDir dir;
  const std::string path = dir.file("t.svg");
  write_timeline_svg(path, two_panels());
  EXPECT_EQ(io::testing::read_bytes(path), timeline_svg(two_panels()));
  const std::string bad = dir.file("no/such/folder/t.svg");
  try {
    write_timeline_svg(bad, two_panels());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), bad)) << e.what();
  }
}

TEST(DutyBands, ShadesEachColumnByTheFractionOfItsSamplesWithTheFlagSet) {
  // 10 columns of 1 s, 10 samples each: column 0 all set, 1 none, 2 one of ten, 3 half, 4 all.
  std::vector<double> t;
  std::vector<std::uint8_t> flags;
  for (int k = 0; k < 100; ++k) {
    t.push_back(k * 0.1 + 0.05);
    const int column = k / 10;
    const int i = k % 10;
    flags.push_back(
        column == 0 || column == 4 || (column == 2 && i == 3) || (column == 3 && i < 5) ? 1 : 0);
  }
  const std::vector<TimelineBand> bands = duty_bands(t, flags, 1, "#abcdef", 0.0, 10.0, 10);
  ASSERT_EQ(bands.size(), 4u);
  EXPECT_DOUBLE_EQ(bands[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(bands[0].end_s, 1.0);
  EXPECT_DOUBLE_EQ(bands[0].opacity, 1.0);
  EXPECT_DOUBLE_EQ(bands[1].start_s, 2.0);
  EXPECT_DOUBLE_EQ(bands[1].opacity, 0.2) << "a rare flag stays visible";
  EXPECT_DOUBLE_EQ(bands[2].opacity, 0.4);
  EXPECT_DOUBLE_EQ(bands[3].start_s, 4.0);
  EXPECT_DOUBLE_EQ(bands[3].opacity, 1.0);
  for (const TimelineBand& b : bands) {
    EXPECT_EQ(b.lane, 1u);
    EXPECT_EQ(b.color, "#abcdef");
  }
}

TEST(DutyBands, JoinsNeighbouringColumnsOfTheSameShadeIntoOneBand) {
  std::vector<double> t;
  for (int k = 0; k < 1000; ++k) t.push_back(k * 0.01);
  const std::vector<std::uint8_t> on(1000, 1);
  const std::vector<TimelineBand> bands = duty_bands(t, on, 0, "#000000", 0.0, 9.99, 300);
  ASSERT_EQ(bands.size(), 1u);
  EXPECT_DOUBLE_EQ(bands[0].start_s, 0.0);
  EXPECT_NEAR(bands[0].end_s, 9.99, 1e-9);
  EXPECT_THROW(duty_bands(t, std::vector<std::uint8_t>(3, 1), 0, "#000000", 0.0, 1.0, 10),
               std::invalid_argument);
}

TEST(TimelineSvg, WidensTheLeftMarginSoALongLaneNameIsNotCut) {
  Timeline tl = two_panels();
  const std::string short_doc = timeline_svg(tl);
  tl.panels[1].lanes[0] = "a rather long lane name (40 characters)";
  const std::string long_doc = timeline_svg(tl);
  // The plot area's clip rectangle starts right of the widest lane name (~7 px per character).
  const auto clip_x = [](const std::string& doc) {
    const std::size_t at = doc.find("<clipPath id=\"panel1\"><rect x=\"");
    return std::stod(doc.substr(at + 31));
  };
  EXPECT_DOUBLE_EQ(clip_x(short_doc), 120.0);
  EXPECT_GT(clip_x(long_doc), 40 * 7.0);
  EXPECT_EQ(testing::svg_problem(long_doc), "");
}

}  // namespace
}  // namespace fusetrack::report
