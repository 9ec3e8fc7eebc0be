// False-fall counting (src/eval/false_falls.hpp): the 5 s rule on alarm lists built here; an
// alarm's attribution to the label in force at its impact (with a model that alarms on every
// impact); the hours of a label leaving gaps out; the report of the shipped detector on quiet
// rest and on 4 g impacts without a change of posture (finite figures, integers that add up,
// the same for any thread count). Then, when the datasets exist under FUSETRACK_DATASETS_DIR,
// the shipped detector on a few recordings of each: structure, finiteness, thread invariance.
// No false-alarm figure is asserted: the shipped model is a placeholder.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "eval/false_falls.hpp"
#include "eval/oxford_steps.hpp"
#include "fusetrack/models/falls_wrist.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::eval {
namespace {

using train::HarDataset;
using train::HarRecording;

// sp-sw-har's labels, as the loader names them.
constexpr std::uint8_t kSeated = 0;
constexpr std::uint8_t kStandingUp = 1;
constexpr std::uint8_t kWalking = 2;

constexpr float kEightG_m_s2 = 8.0f * kGravity_m_s2;

// Builds a recording at `rate_hz` segment by segment: each segment `seconds` long under `label`,
// the wrist still with +g along z, and, when impact_every_s > 0, a 30 ms impact of impact_g
// along z (the same direction: no change of posture) every impact_every_s from the segment's
// start plus one period.
class RecordingBuilder {
 public:
  explicit RecordingBuilder(double rate_hz = 100.0) : dt_us_(std::llround(1e6 / rate_hz)) {}

  RecordingBuilder& segment(std::uint8_t label, double seconds, double impact_every_s = 0.0,
                            float impact_g = 4.0f) {
    const auto n =
        static_cast<std::int64_t>(std::llround(seconds * 1e6 / static_cast<double>(dt_us_)));
    const Micros start_us = t_us_;
    const Micros every_us = std::llround(impact_every_s * 1e6);
    for (std::int64_t i = 0; i < n; ++i) {
      const Micros since_us = t_us_ - start_us;
      bool impact = false;
      if (every_us > 0 && since_us >= every_us) impact = since_us % every_us < 30'000;
      ImuSample s;
      s.t_us = t_us_;
      s.acc_m_s2 = Vec3(0.0f, 0.0f, impact ? impact_g * kGravity_m_s2 : kGravity_m_s2);
      s.has_gyr = false;
      r_.samples.push_back(s);
      r_.row_labels.push_back(label);
      t_us_ += dt_us_;
    }
    return *this;
  }
  // No samples for `seconds` (a hole in the recording).
  RecordingBuilder& gap(double seconds) {
    t_us_ += std::llround(seconds * 1e6) - dt_us_;
    return *this;
  }
  HarRecording build(std::size_t subject = 0) {
    r_.subject = subject;
    r_.path = "synthetic.csv";
    return r_;
  }

 private:
  Micros dt_us_;
  Micros t_us_ = 0;
  HarRecording r_;
};

HarDataset sp_sw_har_of(std::vector<HarRecording> recordings, std::size_t subjects) {
  HarDataset ds;
  ds.kind = train::HarDatasetKind::kSpSwHar;
  ds.name = "synthetic sp-sw-har";
  ds.row_label_names = {"SEATED", "STANDING_UP", "WALKING", "TURNING", "SITTING_DOWN"};
  ds.class_names = ds.row_label_names;
  for (std::size_t s = 0; s < subjects; ++s) ds.subjects.push_back("s0" + std::to_string(s + 1));
  ds.recordings = std::move(recordings);
  return ds;
}

// The shipped network with a threshold every margin reaches: an alarm at every judged impact
// (while no earlier alarm's follow-up is pending).
falls::FallSettings always_alarm_settings(falls::FallModel& storage) {
  storage = models::kFallsWrist;
  storage.threshold_logit = std::numeric_limits<std::int32_t>::min();
  falls::FallSettings s = shipped_fall_settings();
  s.model = &storage;
  return s;
}

// ---- the 5 s rule ------------------------------------------------------------------------------

TEST(FalseFallsRule, AnAlarmLessThan5sAfterTheLastCountedOneIsNotCounted) {
  EXPECT_EQ(counted_alarms({}), 0u);
  EXPECT_EQ(counted_alarms({1'000'000}), 1u);
  // 0, 4.999 s (dropped), 5 s (5 s after 0: counted), 9.9 s (4.9 s after 5: dropped), 10 s.
  const std::vector<Micros> alarms = {0, 4'999'999, 5'000'000, 9'900'000, 10'000'000};
  EXPECT_EQ(counted_alarms(alarms), 3u);
  EXPECT_EQ(counted_alarm_times(alarms), (std::vector<Micros>{0, 5'000'000, 10'000'000}));
}

TEST(FalseFallsRule, TheRuleMeasuresFromTheLastCountedAlarmNotTheLastAlarm) {
  // Alarms every 2 s: 0 counted, 2 and 4 dropped (< 5 s after 0), 6 counted, 8 and 10 dropped,
  // 12 counted. A rule from the last alarm, counted or not, would count only the first.
  std::vector<Micros> alarms;
  for (int k = 0; k <= 6; ++k) alarms.push_back(2'000'000 * k);
  EXPECT_EQ(counted_alarm_times(alarms), (std::vector<Micros>{0, 6'000'000, 12'000'000}));
}

TEST(FalseFallsRule, AlarmsOutOfOrderAreSortedFirst) {
  EXPECT_EQ(counted_alarm_times({7'000'000, 0, 3'000'000, 12'000'000}),
            (std::vector<Micros>{0, 7'000'000, 12'000'000}));
}

// ---- one recording -----------------------------------------------------------------------------

TEST(FalseFalls, QuietRestRaisesNoAlarmAndGivesItsHoursToItsLabels) {
  const HarRecording r =
      RecordingBuilder().segment(kSeated, 120.0).segment(kStandingUp, 60.0).build();
  const RecordingFalls c = count_false_falls(r.path, r.samples, r.row_labels, 5, kEightG_m_s2);
  ASSERT_EQ(c.per_label.size(), 5u);
  EXPECT_EQ(c.candidates, 0u) << "nothing reaches the 2 g trigger";
  EXPECT_EQ(c.total.alarms, 0u);
  EXPECT_EQ(c.per_label[kSeated].time_us, 120'000'000);  // its last row takes the step across
  EXPECT_EQ(c.per_label[kStandingUp].time_us, 60'000'000 - 10'000);
  EXPECT_EQ(c.total.time_us, 180'000'000 - 10'000);
}

TEST(FalseFalls, AnAlarmGoesToTheLabelInForceAtItsImpact) {
  falls::FallModel always;
  const falls::FallSettings settings = always_alarm_settings(always);
  // 60 s seated, one 4 g impact 10 s into 20 s of STANDING_UP, 60 s seated.
  const HarRecording r = RecordingBuilder()
                             .segment(kSeated, 60.0)
                             .segment(kStandingUp, 20.0, 10.0)
                             .segment(kSeated, 60.0)
                             .build();
  const RecordingFalls c =
      count_false_falls(r.path, r.samples, r.row_labels, 5, kEightG_m_s2, settings);
  EXPECT_EQ(c.candidates, 1u);
  ASSERT_EQ(c.alarm_us.size(), 1u);
  EXPECT_NEAR(static_cast<double>(c.alarm_us[0]), 70e6, 0.1e6);
  EXPECT_EQ(c.per_label[kStandingUp].alarms, 1u);
  EXPECT_EQ(c.per_label[kSeated].alarms, 0u);
  EXPECT_EQ(c.total.alarms, 1u);
}

TEST(FalseFalls, IntervalsAbove1SecondAreLeftOutOfTheHours) {
  const HarRecording r = RecordingBuilder(50.0)
                             .segment(kSeated, 10.0)
                             .gap(1.0)  // exactly 1 s: counted
                             .segment(kSeated, 10.0)
                             .gap(1.001)  // above: left out
                             .segment(kSeated, 10.0)
                             .build();
  const RecordingFalls c = count_false_falls(r.path, r.samples, r.row_labels, 5, kEightG_m_s2);
  EXPECT_EQ(c.per_label[kSeated].time_us, 3 * (10'000'000 - 20'000) + 1'000'000);
  EXPECT_EQ(c.total.time_us, c.per_label[kSeated].time_us);
}

TEST(FalseFalls, RowsWithoutALabelCountOverallButInNoActivity) {
  const HarRecording r =
      RecordingBuilder().segment(train::kNoRowLabel, 30.0).segment(kSeated, 10.0).build();
  const RecordingFalls c = count_false_falls(r.path, r.samples, r.row_labels, 5, kEightG_m_s2);
  EXPECT_EQ(c.unlabelled.time_us, 30'000'000);
  EXPECT_EQ(c.per_label[kSeated].time_us, 10'000'000 - 10'000);
  EXPECT_EQ(c.total.time_us, 40'000'000 - 10'000);
}

TEST(FalseFalls, RowLabelsThatDoNotMatchTheSamplesAreRefused) {
  HarRecording r = RecordingBuilder().segment(kSeated, 1.0).build();
  r.row_labels.pop_back();
  EXPECT_THROW(count_false_falls(r.path, r.samples, r.row_labels, 5, kEightG_m_s2),
               std::invalid_argument);
  r.row_labels.push_back(5);
  EXPECT_THROW(count_false_falls(r.path, r.samples, r.row_labels, 5, kEightG_m_s2),
               std::invalid_argument);
}

TEST(FalseFalls, TheFullScalesAreTheReadmes) {
  EXPECT_FLOAT_EQ(har_acc_full_scale_m_s2(train::HarDatasetKind::kSpSwHar), 78.4532f);
  EXPECT_FLOAT_EQ(har_acc_full_scale_m_s2(train::HarDatasetKind::kUciHapt), 19.6133f);
  EXPECT_FLOAT_EQ(har_acc_full_scale_m_s2(train::HarDatasetKind::kWisdm), 19.6133f);
  EXPECT_FLOAT_EQ(oxford_acc_full_scale_m_s2("MPU6500"), 39.2266f);
  EXPECT_FLOAT_EQ(oxford_acc_full_scale_m_s2("BMI160"), 78.4532f);
  EXPECT_FLOAT_EQ(oxford_acc_full_scale_m_s2("unknown"), 16.0f * kGravity_m_s2);
}

// ---- the report --------------------------------------------------------------------------------

// s01: quiet rest, labelled. s02: rest, then two minutes of 4 g impacts every 3 s without a
// change of posture, then rest.
HarDataset rest_and_impacts() {
  std::vector<HarRecording> recs;
  recs.push_back(RecordingBuilder().segment(kSeated, 300.0).segment(kStandingUp, 30.0).build(0));
  recs.push_back(RecordingBuilder()
                     .segment(kSeated, 60.0)
                     .segment(kWalking, 120.0, 3.0)
                     .segment(kSeated, 60.0)
                     .build(1));
  return sp_sw_har_of(std::move(recs), 2);
}

TEST(FalseFalls, ReportOfTheShippedDetectorIsFiniteAndItsIntegersAddUp) {
  const HarDataset ds = rest_and_impacts();
  FalseFallsOptions options;
  options.show_progress = false;
  options.threads = 1;
  const FalseFallsReport r = evaluate_false_falls(ds, options);
  EXPECT_EQ(r.dataset, "sp-sw-har");
  EXPECT_EQ(r.recordings, 2u);
  EXPECT_EQ(r.samples, 33000u + 24000u);
  EXPECT_GE(r.candidates, 10u) << "the impacts reach the trigger";
  EXPECT_LE(r.overall.alarms, r.raw_alarms);
  EXPECT_LE(r.raw_alarms, r.candidates);
  // At most one counted alarm per 5 s of impacts.
  EXPECT_LE(r.overall.alarms, 120u / 5u + 1u);
  EXPECT_EQ(r.overall.time_us, (330'000'000 - 10'000) + (240'000'000 - 10'000));
  EXPECT_NEAR(r.overall.hours(), 570.0 / 3600.0, 1e-5);
  EXPECT_TRUE(std::isfinite(r.overall.alarms_per_hour()));
  EXPECT_GE(r.overall.alarms_per_hour(), 0.0);

  ASSERT_EQ(r.per_activity.size(), 5u);
  ASSERT_EQ(r.per_subject.size(), 2u);
  EXPECT_TRUE(r.per_position.empty());
  Micros activity_us = 0, subject_us = 0;
  std::uint64_t activity_alarms = 0, subject_alarms = 0, listed = 0;
  for (const AlarmRate& a : r.per_activity) {
    activity_us += a.time_us;
    activity_alarms += a.alarms;
  }
  for (const AlarmRate& s : r.per_subject) {
    subject_us += s.time_us;
    subject_alarms += s.alarms;
  }
  for (const RecordingWithAlarms& w : r.recordings_with_alarms) listed += w.alarm_us.size();
  EXPECT_EQ(activity_us, r.overall.time_us);
  EXPECT_EQ(subject_us, r.overall.time_us);
  EXPECT_EQ(activity_alarms, r.overall.alarms);
  EXPECT_EQ(subject_alarms, r.overall.alarms);
  EXPECT_EQ(listed, r.overall.alarms);
  EXPECT_EQ(r.per_subject[0].alarms, 0u) << "quiet rest";
  EXPECT_EQ(r.per_activity[kSeated].alarms + r.per_activity[kStandingUp].alarms, 0u);
  EXPECT_TRUE(std::isnan(r.per_activity[3].alarms_per_hour())) << "TURNING: no time, no rate";

  const report::Json j = to_json(r);
  for (const char* key : {"dataset", "alarms", "hours", "false_alarms_per_hour", "per_activity",
                          "per_subject", "recordings", "samples"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_FALSE(j.contains("per_position"));
  EXPECT_EQ(j["per_activity"][0]["activity"], "SEATED");
  for (const char* key : {"activity", "hours", "alarms", "alarms_per_hour"}) {
    EXPECT_TRUE(j["per_activity"][0].contains(key)) << key;
  }
  EXPECT_TRUE(j["per_activity"][3]["alarms_per_hour"].is_null());
  EXPECT_EQ(j["per_subject"][1]["subject"], "s02");

  const std::string text = format_false_falls(r);
  EXPECT_NE(text.find("false alarms:"), std::string::npos) << text;
  EXPECT_NE(text.find("SITTING_DOWN"), std::string::npos) << text;
  EXPECT_NE(text.find("s02"), std::string::npos) << text;
}

TEST(FalseFalls, TheReportIsTheSameForAnyNumberOfThreads) {
  falls::FallModel always;
  std::vector<HarRecording> recs;
  for (std::size_t i = 0; i < 6; ++i) {
    recs.push_back(
        RecordingBuilder(50.0 + 10.0 * static_cast<double>(i))
            .segment(kSeated, 20.0)
            .segment(kWalking, 30.0 + static_cast<double>(i), 2.0 + 0.5 * static_cast<double>(i))
            .segment(kStandingUp, 10.0)
            .build(i % 3));
  }
  const HarDataset ds = sp_sw_har_of(std::move(recs), 3);
  FalseFallsOptions options;
  options.settings = always_alarm_settings(always);
  options.show_progress = false;
  options.threads = 1;
  const FalseFallsReport one = evaluate_false_falls(ds, options);
  EXPECT_GT(one.overall.alarms, 0u);
  options.threads = 3;
  EXPECT_EQ(report::json_text(to_json(one)),
            report::json_text(to_json(evaluate_false_falls(ds, options))));
}

// ---- the real datasets -------------------------------------------------------------------------

std::string dataset_dir(const char* name) {
  return (std::filesystem::path(FUSETRACK_DATASETS_DIR) / name).string();
}

// Structure and finiteness of a report on real recordings; the counts add up.
void check_structure(const FalseFallsReport& r, std::size_t labels) {
  EXPECT_GT(r.recordings, 0u);
  EXPECT_GT(r.samples, 0u);
  EXPECT_GT(r.overall.hours(), 0.0);
  EXPECT_TRUE(std::isfinite(r.overall.alarms_per_hour()));
  EXPECT_LE(r.overall.alarms, r.raw_alarms);
  EXPECT_LE(r.raw_alarms, r.candidates);
  EXPECT_EQ(r.per_activity.size(), labels);
  Micros activity_us = r.unlabelled.time_us, subject_us = 0;
  std::uint64_t activity_alarms = r.unlabelled.alarms, subject_alarms = 0;
  for (const AlarmRate& a : r.per_activity) {
    activity_us += a.time_us;
    activity_alarms += a.alarms;
    EXPECT_TRUE(a.time_us == 0 || std::isfinite(a.alarms_per_hour())) << a.name;
  }
  for (const AlarmRate& s : r.per_subject) {
    subject_us += s.time_us;
    subject_alarms += s.alarms;
  }
  EXPECT_EQ(activity_us, r.overall.time_us);
  EXPECT_EQ(subject_us, r.overall.time_us);
  EXPECT_EQ(activity_alarms, r.overall.alarms);
  EXPECT_EQ(subject_alarms, r.overall.alarms);
}

// The first `n` recordings of `ds` with 1 and 2 threads: the same JSON, and a sane report.
void check_har_subset(HarDataset ds, std::size_t n) {
  ASSERT_GE(ds.recordings.size(), n);
  ds.recordings.resize(n);
  FalseFallsOptions options;
  options.show_progress = false;
  options.threads = 1;
  const FalseFallsReport one = evaluate_false_falls(ds, options);
  check_structure(one, ds.row_label_names.size());
  EXPECT_EQ(one.recordings, n);
  options.threads = 2;
  EXPECT_EQ(report::json_text(to_json(one)),
            report::json_text(to_json(evaluate_false_falls(ds, options))));
}

#define SKIP_WITHOUT(dir)                  \
  if (!std::filesystem::is_directory(dir)) \
  GTEST_SKIP() << "dataset folder " << (dir) << " not found: false falls not checked"

TEST(FalseFallsReal, SpSwHarWatchAndPhoneSubsetsAreSaneAndThreadInvariant) {
  const std::string dir = dataset_dir("sp-sw-har");
  SKIP_WITHOUT(dir);
  check_har_subset(train::load_sp_sw_har(dir, train::HarDevice::kWatch, 2), 6);
  check_har_subset(train::load_sp_sw_har(dir, train::HarDevice::kPhone, 2), 6);
}

TEST(FalseFallsReal, UciHaptSubsetIsSaneAndThreadInvariant) {
  const std::string dir = dataset_dir("uci-hapt");
  SKIP_WITHOUT(dir);
  check_har_subset(train::load_uci_hapt(dir, 2), 3);
}

TEST(FalseFallsReal, WisdmSubsetIsSaneAndThreadInvariant) {
  const std::string dir = dataset_dir("wisdm");
  SKIP_WITHOUT(dir);
  check_har_subset(train::load_wisdm(dir, false, 2), 6);
}

TEST(FalseFallsReal, OxfordStepsSubsetIsSaneThreadInvariantAndPerPosition) {
  const std::string dir = dataset_dir("oxford-steps");
  SKIP_WITHOUT(dir);
  OxfordStepsIndex index = load_oxford_steps_index(dir);
  ASSERT_GE(index.traces.size(), 4u);
  index.traces.resize(4);
  FalseFallsOptions options;
  options.show_progress = false;
  options.threads = 1;
  const FalseFallsReport one = evaluate_false_falls(index, options);
  check_structure(one, 1);
  EXPECT_EQ(one.dataset, "oxford-steps");
  EXPECT_EQ(one.per_activity[0].time_us, one.overall.time_us);
  ASSERT_FALSE(one.per_position.empty());
  Micros position_us = 0;
  for (const AlarmRate& p : one.per_position) position_us += p.time_us;
  EXPECT_EQ(position_us, one.overall.time_us);
  EXPECT_TRUE(to_json(one).contains("per_position"));
  options.threads = 2;
  EXPECT_EQ(report::json_text(to_json(one)),
            report::json_text(to_json(evaluate_false_falls(index, options))));
}

}  // namespace
}  // namespace fusetrack::eval
