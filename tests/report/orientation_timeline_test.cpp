// The orientation timeline shared by `run --svg` and `eval orientation --svg`: the panels it has
// data for, in a fixed order; one colour per quantity; seconds from a whole second; the error
// panel's shading and score; angles that break where they wrap; lengths checked.
#include "report/orientation_timeline.hpp"

#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "svg_check.hpp"

namespace fusetrack::report {
namespace {

namespace color = orientation_color;

constexpr float kPi = 3.14159265f;

// `n` estimates at 100 Hz from `t0_us`, turning about up at 90°/s.
OrientationTimelineData estimates(std::size_t n, Micros t0_us = 0) {
  OrientationTimelineData d;
  d.title = "test";
  for (std::size_t k = 0; k < n; ++k) {
    d.t_us.push_back(t0_us + static_cast<Micros>(k) * 10000);
    d.q_es.push_back(
        Quat(Eigen::AngleAxisf(0.5f * kPi * 0.01f * static_cast<float>(k), Vec3::UnitZ())));
    d.gyr_bias_rad_s.push_back(Vec3(0.001f, -0.002f, 0.003f));
    OrientationFlags f;
    f.at_rest = k < n / 2;
    f.acc_rejected = k % 7 == 0;
    d.flags.push_back(f);
  }
  return d;
}

// Everything a timeline can show, on `n` samples.
OrientationTimelineData everything(std::size_t n) {
  OrientationTimelineData d = estimates(n);
  d.reference_name = "truth";
  d.ref_t_us = d.t_us;
  for (const Quat& q : d.q_es) d.ref_q_es.push_back(q.cast<double>());
  d.ref_gyr_bias_rad_s.assign(n, Eigen::Vector3d(0.001, -0.002, 0.003));
  d.error_t_us = d.t_us;
  for (std::size_t k = 0; k < n; ++k) {
    const bool scored = k >= n / 10;
    d.total_error_deg.push_back(scored ? 1.0 : std::nan(""));
    d.heading_error_deg.push_back(scored ? 0.6 : std::nan(""));
    d.inclination_error_deg.push_back(scored ? 0.8 : std::nan(""));
  }
  d.score = OrientationScoreText{true, "", 1.0, 0.6, 0.8, n - n / 10};
  d.scored_lane = "scored";
  d.reference_missing.assign(n, 0);
  d.reference_missing[n / 2] = 1;
  d.activities = {TimelineSpan{0, d.t_us[n / 2], "rest"},
                  TimelineSpan{d.t_us[n / 2], d.t_us.back(), "walk"}};
  d.mag_t_us = d.t_us;
  d.mag_norm_ut.assign(n, 48.0);
  d.mag_level_ut = 47.5;
  d.mag_level_label = "level";
  return d;
}

std::vector<std::string> titles(const Timeline& tl) {
  std::vector<std::string> out;
  // The first two words of each.
  for (const TimelinePanel& p : tl.panels) {
    out.push_back(p.title.substr(0, p.title.find(' ', p.title.find(' ') + 1)));
  }
  return out;
}

TEST(OrientationTimeline, DrawsThePanelsItHasDataForInAFixedOrder) {
  const Timeline all = orientation_timeline(everything(300));
  EXPECT_EQ(titles(all), (std::vector<std::string>{"Orientation, estimated", "Orientation error",
                                                   "Activity (truth),", "Gyroscope bias,",
                                                   "Magnetometer field"}));
  EXPECT_EQ(all.panels[2].lanes,
            (std::vector<std::string>{"activity", "scored", "reference missing", "at_rest",
                                      "mag_disturbed", "acc_rejected"}));
  OrientationTimelineData flags_only = estimates(300);
  flags_only.q_es.clear();
  flags_only.gyr_bias_rad_s.clear();
  const Timeline one = orientation_timeline(flags_only);
  ASSERT_EQ(one.panels.size(), 1u);
  EXPECT_EQ(one.panels[0].title, "Tracker flags (paler: set on part of the samples there)");
  EXPECT_EQ(one.panels[0].lanes,
            (std::vector<std::string>{"at_rest", "mag_disturbed", "acc_rejected"}));
}

TEST(OrientationTimeline, EveryQuantityHasItsOwnColourAndKeepsItInEveryPanel) {
  const std::set<std::string> distinct = {
      color::kAxis[0],      color::kAxis[1],          color::kAxis[2],     color::kTotalError,
      color::kHeadingError, color::kInclinationError, color::kScored,      color::kReferenceMissing,
      color::kAtRest,       color::kMagDisturbed,     color::kAccRejected, color::kMagNorm};
  EXPECT_EQ(distinct.size(), 12u);

  const Timeline tl = orientation_timeline(everything(300));
  const TimelinePanel& angles = tl.panels[0];
  const TimelinePanel& bias = tl.panels[3];
  for (std::size_t a = 0; a < 3; ++a) {
    // Estimate solid, reference dashed, in the axis' colour; the same for the bias about it.
    EXPECT_EQ(angles.lines[a].color, color::kAxis[a]);
    EXPECT_FALSE(angles.lines[a].dashed);
    EXPECT_EQ(angles.lines[3 + a].color, color::kAxis[a]);
    EXPECT_TRUE(angles.lines[3 + a].dashed);
    EXPECT_EQ(bias.lines[a].color, color::kAxis[a]);
    EXPECT_EQ(bias.lines[3 + a].color, color::kAxis[a]);
  }
  EXPECT_EQ(angles.lines[3].label, "roll truth");
  const TimelinePanel& err = tl.panels[1];
  EXPECT_EQ(err.lines[0].color, color::kTotalError);
  EXPECT_EQ(err.lines[1].color, color::kHeadingError);
  EXPECT_EQ(err.lines[2].color, color::kInclinationError);
  const char* const lane_color[] = {nullptr,        color::kScored,       color::kReferenceMissing,
                                    color::kAtRest, color::kMagDisturbed, color::kAccRejected};
  for (const TimelineBand& b : tl.panels[2].bands) {
    if (b.lane == 0) {
      EXPECT_EQ(b.color, color::activity(b.label));
    } else {
      EXPECT_EQ(b.color, lane_color[b.lane]) << b.lane;
    }
  }
  EXPECT_EQ(tl.panels[4].lines[0].color, color::kMagNorm);
}

TEST(OrientationTimeline, SecondsCountFromTheWholeSecondAtOrBeforeTheFirstEstimate) {
  const Timeline late = orientation_timeline(estimates(200, 12345678));
  EXPECT_EQ(late.x_label, "time (s) after t_us = 12000000");
  EXPECT_DOUBLE_EQ(late.t_min_s, 0.345678);
  EXPECT_DOUBLE_EQ(late.t_max_s, 0.345678 + 1.99);
  EXPECT_DOUBLE_EQ(late.panels[0].lines[0].t_s[1], 0.355678);
  const Timeline early = orientation_timeline(estimates(200, 5042));
  EXPECT_EQ(early.x_label, "time (s)");
  EXPECT_DOUBLE_EQ(early.t_min_s, 0.005042);
}

TEST(OrientationTimeline, ErrorPanelShadesWhereNotScoredAndStatesTheScore) {
  OrientationTimelineData d = everything(300);
  d.heading_offset_deg = -12.5;
  const TimelinePanel err = orientation_timeline(d).panels[1];
  EXPECT_EQ(err.title,
            "Orientation error vs truth: RMSE total 1.00°, heading 0.60°, inclination 0.80° over "
            "270 samples (6D: heading offset -12.50° removed)");
  ASSERT_EQ(err.bands.size(), 1u);
  EXPECT_EQ(err.bands[0].label, "not scored");
  EXPECT_DOUBLE_EQ(err.bands[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(err.bands[0].end_s, 0.30);  // up to the first scored sample
  d.score = OrientationScoreText{};
  d.score.invalid_reason = "estimate not finite at sample 7";
  EXPECT_EQ(orientation_timeline(d).panels[1].title,
            "Orientation error vs truth: score not valid: estimate not finite at sample 7");
}

TEST(OrientationTimeline, AnglesBreakWhereTheyWrapFromPlusToMinus180) {
  const Timeline tl = orientation_timeline(estimates(600));  // kept: yaw refers into it
  const TimelineLine& yaw = tl.panels[0].lines[2];
  // 90°/s for 6 s from 0°: yaw passes +180° once, at 2 s.
  std::size_t breaks = 0;
  for (const double y : yaw.y) breaks += std::isnan(y) ? 1 : 0;
  EXPECT_EQ(breaks, 1u);
  EXPECT_EQ(yaw.y.size(), 601u);
}

TEST(OrientationTimeline, SixDSaysTheMagnetometerIsNotUsed) {
  OrientationTimelineData d = estimates(100);
  d.uses_mag = false;
  d.heading_offset_deg = 3.0;
  const Timeline tl = orientation_timeline(d);
  EXPECT_EQ(tl.panels[0].title, "Orientation, estimated (6D: heading offset 3.0° removed)");
  EXPECT_EQ(tl.panels[1].lanes[1], "mag_disturbed (6D)");
}

TEST(OrientationTimeline, RefusesSeriesWhoseLengthDiffersFromTheirTimes) {
  OrientationTimelineData d = everything(50);
  d.heading_error_deg.pop_back();
  EXPECT_THROW(orientation_timeline(d), std::invalid_argument);
  EXPECT_THROW(orientation_timeline(OrientationTimelineData{}), std::invalid_argument);
}

TEST(OrientationTimeline, IsAWellFormedSvgWithEveryPanelTitle) {
  const Timeline tl = orientation_timeline(everything(3000));
  const std::string doc = timeline_svg(tl, orientation_timeline_options());
  EXPECT_EQ(fusetrack::testing::svg_problem(doc), "");
  for (const TimelinePanel& p : tl.panels) {
    EXPECT_NE(doc.find(xml_escape(p.title)), std::string::npos) << p.title;
  }
}

TEST(RollPitchYaw, OfRotationsAboutEachAxisAreThoseAngles) {
  const auto rpy = [](const Vec3& axis, float deg) {
    return roll_pitch_yaw_deg(Quat(Eigen::AngleAxisf(deg * kPi / 180.0f, axis)));
  };
  EXPECT_NEAR(rpy(Vec3::UnitX(), 20.0f).x(), 20.0f, 1e-4f);
  EXPECT_NEAR(rpy(Vec3::UnitY(), -10.0f).y(), -10.0f, 1e-4f);
  EXPECT_NEAR(rpy(Vec3::UnitZ(), 150.0f).z(), 150.0f, 1e-4f);
  EXPECT_NEAR(rpy(Vec3::UnitZ(), 150.0f).x(), 0.0f, 1e-4f);
}

}  // namespace
}  // namespace fusetrack::report
