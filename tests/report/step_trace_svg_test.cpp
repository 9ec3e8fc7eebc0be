// The step evaluation's per-trace picture: well formed, one row per 30 s, every kind of mark, and
// small for a long trace.
#include "report/step_trace_svg.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "svg_check.hpp"

namespace fusetrack::report {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
  return n;
}

// A trace of `duration_s` at 400 Hz: a 2 Hz step signal; true steps every 0.5 s, detections at
// the same times but one missed and one false.
eval::StepTraceResult synthetic_trace(double duration_s) {
  eval::StepTraceResult t;
  t.trace.name = "pixel_s1_<hand>&1";
  t.trace.position = "hand";
  for (Micros us = 0; us < static_cast<Micros>(duration_s * 1e6); us += 2500) {
    const double s = static_cast<double>(us) * 1e-6;
    t.detail.signal.add(us, static_cast<float>(3.0 * std::sin(2.0 * 3.14159265358979 * 2.0 * s)));
    t.detail.last_us = us;
    ++t.n_samples;
  }
  for (Micros us = 125000; us < static_cast<Micros>(duration_s * 1e6); us += 500000) {
    t.detail.true_us.push_back(us);
    if (t.detail.true_us.size() != 3) {
      t.detail.detected.t_us.push_back(us + 20000);
      t.detail.detected.reported_us.push_back(us + 600000);
    }
  }
  t.detail.detected.t_us.push_back(1'400'000);  // a false detection
  t.detail.detected.reported_us.push_back(2'000'000);
  t.trace.score = eval::score_steps(t.detail.detected, t.detail.true_us, &t.detail.matching);
  return t;
}

TEST(StepTraceSvg, IsWellFormedWithOneRowPer30SecondsAndEveryKindOfMark) {
  const eval::StepTraceResult t = synthetic_trace(65.0);
  const std::string svg = step_trace_svg(t);
  EXPECT_EQ(testing::svg_problem(svg), "");
  EXPECT_EQ(count(svg, ">true</text>"), 3u);  // rows 0-30, 30-60, 60-90 s
  EXPECT_NE(svg.find("pixel_s1_&lt;hand&gt;&amp;1"), std::string::npos);  // the name escaped
  for (const char* color : {"#4d4d4d", "#d55e00", "#0072b2", "#cc79a7"}) {
    EXPECT_NE(svg.find(std::string("stroke=\"") + color + "\""), std::string::npos) << color;
  }
  EXPECT_NE(svg.find("time (s)"), std::string::npos);
  EXPECT_NE(svg.find(">60</text>"), std::string::npos);  // a time tick label
}

TEST(StepTraceSvg, AThreeMinute400HzTraceStaysSmall) {
  const std::string svg = step_trace_svg(synthetic_trace(180.0));
  EXPECT_EQ(testing::svg_problem(svg), "");
  EXPECT_EQ(count(svg, ">true</text>"), 6u);
  EXPECT_LT(svg.size(), 200'000u) << svg.size();
}

TEST(StepTraceSvg, AnHourLongTraceUsesLongerRowsAndAtMost30OfThem) {
  const std::string svg = step_trace_svg(synthetic_trace(3600.0));
  EXPECT_EQ(testing::svg_problem(svg), "");
  EXPECT_LE(count(svg, ">true</text>"), 30u);
  EXPECT_GE(count(svg, ">true</text>"), 20u);
  EXPECT_LT(svg.size(), 1'500'000u) << svg.size();
}

TEST(StepTraceSvg, ATraceWithoutSamplesGivesTheTitleOnly) {
  eval::StepTraceResult t;
  t.trace.name = "empty";
  const std::string svg = step_trace_svg(t);
  EXPECT_EQ(testing::svg_problem(svg), "");
  EXPECT_NE(svg.find("empty"), std::string::npos);
  EXPECT_EQ(count(svg, ">true</text>"), 0u);
}

TEST(StepTraceSvg, FileNamesOfNestedTracesStayInTheFolder) {
  EXPECT_EQ(step_trace_svg_file_name("bag_1"), "bag_1.svg");
  EXPECT_EQ(step_trace_svg_file_name("wrist/walk"), "wrist__walk.svg");
}

}  // namespace
}  // namespace fusetrack::report
