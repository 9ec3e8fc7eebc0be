// The activity-dataset loaders on tiny hand-made folders: each README's windowing rule at its
// edges, units, ordering, and errors naming file, line and column.
#include "train/har_dataset.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "har_test_folders.hpp"
#include "io/csv.hpp"

namespace fusetrack::train {
namespace {

using testing::concat;
using testing::DatasetFolder;
using testing::HaptRecording;
using testing::HaptSegment;
using testing::join;
using testing::parse_error_of;
using testing::repeat;
using testing::SpSwExecution;
using testing::stamps;
using testing::WisdmFile;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// [first_row, end_row) of every window.
std::vector<std::pair<std::size_t, std::size_t>> rows_of(const HarDataset& ds) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const HarWindow& w : ds.windows) out.emplace_back(w.first_row, w.end_row);
  return out;
}

using Rows = std::vector<std::pair<std::size_t, std::size_t>>;

// ---- sp-sw-har ------------------------------------------------------------------------------

TEST(HarDatasetSpSwHar, WindowsAre50RowsEvery25RowsAndTheIncompleteTailIsDropped) {
  DatasetFolder f;
  // 124 rows: 25k + 50 <= 124 for k = 0, 1, 2; 125 rows add k = 3; 49 rows give none.
  write_sp_sw_har(f, {{"s01", "s01_01", repeat("WALKING", 10), repeat("WALKING", 124)},
                      {"s01", "s01_02", repeat("WALKING", 10), repeat("WALKING", 125)},
                      {"s01", "s01_03", repeat("WALKING", 10), repeat("WALKING", 49)}});
  const HarDataset ds = load_sp_sw_har(f.dir(), HarDevice::kWatch, 1);
  ASSERT_EQ(ds.recordings.size(), 3u);
  EXPECT_EQ(rows_of(ds), (Rows{{0, 50},
                               {25, 75},
                               {50, 100},  // s01_01
                               {0, 50},
                               {25, 75},
                               {50, 100},
                               {75, 125}}));  // s01_02
  const std::vector<std::size_t> rec = {0, 0, 0, 1, 1, 1, 1};
  for (std::size_t i = 0; i < ds.windows.size(); ++i) {
    const HarWindow& w = ds.windows[i];
    EXPECT_EQ(w.recording, rec[i]);
    // Row stamps are i * 10 ms: the window spans the stamps of its first and last rows.
    EXPECT_EQ(w.t_start_us, static_cast<Micros>(w.first_row) * 10000);
    EXPECT_EQ(w.t_end_us, static_cast<Micros>(w.end_row - 1) * 10000);
    EXPECT_EQ(w.label, 2);  // WALKING
  }
}

TEST(HarDatasetSpSwHar, WindowLabelIsTheMajorityAndATieGoesToTheTiedLabelThatOccursFirst) {
  DatasetFolder f;
  const std::vector<std::string> phone = repeat("SEATED", 50);
  write_sp_sw_har(
      f, {{"s01", "s01_01", phone, concat(repeat("TURNING", 25), repeat("WALKING", 25))},
          {"s01", "s01_02", phone, concat(repeat("WALKING", 25), repeat("TURNING", 25))},
          {"s01", "s01_03", phone, concat(repeat("TURNING", 24), repeat("WALKING", 26))},
          // A three-way count 10 / 20 / 20: WALKING and TURNING tie, WALKING comes first.
          {"s01", "s01_04", phone,
           concat(concat(repeat("SEATED", 10), repeat("WALKING", 20)), repeat("TURNING", 20))},
          // Tied labels interleaved: the first row's label wins.
          {"s01", "s01_05", phone,
           concat(concat(repeat("SITTING_DOWN", 1), repeat("STANDING_UP", 25)),
                  repeat("SITTING_DOWN", 24))}});
  const HarDataset ds = load_sp_sw_har(f.dir(), HarDevice::kWatch);
  ASSERT_EQ(ds.windows.size(), 5u);
  const std::vector<std::string> expected = {"TURNING", "WALKING", "WALKING", "WALKING",
                                             "SITTING_DOWN"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(ds.class_names.at(static_cast<std::size_t>(ds.windows[i].label)), expected[i])
        << "window " << i;
  }
  EXPECT_EQ(ds.class_names, (std::vector<std::string>{"SEATED", "STANDING_UP", "WALKING", "TURNING",
                                                      "SITTING_DOWN"}));
}

TEST(HarDatasetSpSwHar, ReadsTheChosenDeviceSortedByPathWithRowsAsInTheFile) {
  DatasetFolder f;
  // Listed out of order; the phone files have 60 rows, the watch files 75.
  write_sp_sw_har(f, {{"s12", "s12_01", repeat("SEATED", 60), repeat("WALKING", 75)},
                      {"s03", "s03_02", repeat("SEATED", 60), repeat("WALKING", 75)},
                      {"s03", "s03_01", repeat("SEATED", 60), repeat("WALKING", 75)}});
  // Repeated and unsorted stamps stay as they are (rows are the true sample order).
  f.write("s03/s03_01_sw.csv", std::string(testing::kSpSwHarHeader) +
                                   "0.000,1,2,3,0.1,0.2,0.3,SEATED\n"
                                   "0.009,1,2,3,0.1,0.2,0.3,SEATED\n"
                                   "0.009,4,5,6,0.4,0.5,0.6,SEATED\n"
                                   "0.0015,7,8,9,0.7,0.8,0.9,SEATED\n");
  f.write("executions.csv",
          "execution_id,subject_id,t0_unix_ms,phone_orientation,first_turn,second_turn,"
          "n_samples_sp,n_samples_sw\n"
          "s12_01,s12,1,back,l,r,60,75\n"
          "s03_02,s03,1,back,l,r,60,75\n"
          "s03_01,s03,1,back,l,r,60,4\n");

  const HarDataset watch = load_sp_sw_har(f.dir(), HarDevice::kWatch);
  EXPECT_EQ(watch.kind, HarDatasetKind::kSpSwHar);
  EXPECT_EQ(watch.name, "sp-sw-har (watch)");
  EXPECT_EQ(watch.subjects, (std::vector<std::string>{"s03", "s12"}));
  ASSERT_EQ(watch.recordings.size(), 3u);
  EXPECT_EQ(watch.recordings[0].path, "s03/s03_01_sw.csv");
  EXPECT_EQ(watch.recordings[1].path, "s03/s03_02_sw.csv");
  EXPECT_EQ(watch.recordings[2].path, "s12/s12_01_sw.csv");
  EXPECT_EQ(watch.recordings[0].subject, 0u);
  EXPECT_EQ(watch.recordings[2].subject, 1u);
  const std::vector<ImuSample>& s = watch.recordings[0].samples;
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[1].t_us, 9000);
  EXPECT_EQ(s[2].t_us, 9000);
  EXPECT_EQ(s[3].t_us, 1500);
  EXPECT_FLOAT_EQ(s[2].acc_m_s2.x(), 4.0f);
  EXPECT_FLOAT_EQ(s[2].acc_m_s2.z(), 6.0f);
  EXPECT_FLOAT_EQ(s[2].gyr_rad_s.y(), 0.5f);
  EXPECT_TRUE(s[2].has_gyr);
  // Windows in recording order: none in the 4-row file, 2 in each 75-row file.
  EXPECT_EQ(watch.windows.size(), 4u);
  EXPECT_EQ(window_subjects(watch), (std::vector<std::size_t>{0, 0, 1, 1}));
  EXPECT_EQ(window_labels(watch), (std::vector<int>{2, 2, 2, 2}));

  const HarDataset phone = load_sp_sw_har(f.dir(), HarDevice::kPhone);
  EXPECT_EQ(phone.name, "sp-sw-har (phone)");
  ASSERT_EQ(phone.recordings.size(), 3u);
  EXPECT_EQ(phone.recordings[0].path, "s03/s03_01_sp.csv");
  EXPECT_EQ(phone.recordings[0].samples.size(), 60u);
  EXPECT_EQ(phone.windows.size(), 3u);
  EXPECT_EQ(phone.windows[0].label, 0);  // SEATED
}

TEST(HarDatasetSpSwHar, EveryRowKeepsItsOwnLabel) {
  DatasetFolder f;
  const std::vector<std::string> watch =
      concat(concat(repeat("SEATED", 3), {"STANDING_UP", "WALKING", "TURNING"}),
             {"SITTING_DOWN", "SEATED"});
  write_sp_sw_har(f, {{"s01", "s01_01", repeat("WALKING", 2), watch}});
  const HarDataset ds = load_sp_sw_har(f.dir(), HarDevice::kWatch);
  EXPECT_EQ(ds.row_label_names, ds.class_names);
  ASSERT_EQ(ds.recordings.size(), 1u);
  EXPECT_EQ(ds.recordings[0].row_labels, (std::vector<std::uint8_t>{0, 0, 0, 1, 2, 3, 4, 0}));
  const HarDataset phone = load_sp_sw_har(f.dir(), HarDevice::kPhone);
  EXPECT_EQ(phone.recordings[0].row_labels, (std::vector<std::uint8_t>{2, 2}));
}

TEST(HarDatasetSpSwHar, UnknownLabelNamesFileLineAndColumn) {
  DatasetFolder f;
  write_sp_sw_har(f, {{"s01", "s01_01", repeat("SEATED", 3), repeat("SEATED", 3)}});
  f.write("s01/s01_01_sw.csv", std::string(testing::kSpSwHarHeader) +
                                   "0.000,1,2,3,0.1,0.2,0.3,SEATED\n"
                                   "0.010,1,2,3,0.1,0.2,0.3,RUNNING\n"
                                   "0.020,1,2,3,0.1,0.2,0.3,SEATED\n");
  const io::ParseError e = parse_error_of([&] { load_sp_sw_har(f.dir(), HarDevice::kWatch); });
  EXPECT_EQ(e.path, f.path("s01/s01_01_sw.csv"));
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 25u);
  EXPECT_TRUE(contains(e.what(), "SEATED, STANDING_UP, WALKING, TURNING, SITTING_DOWN"))
      << e.what();
  EXPECT_TRUE(contains(e.what(), "found 'RUNNING'")) << e.what();
}

// ---- uci-hapt -------------------------------------------------------------------------------

TEST(HarDatasetUciHapt, SegmentsShorterThan128SamplesGiveNoWindowAndLongerOnesOneEvery64) {
  DatasetFolder f;
  // Segment lengths 127, 128, 191, 192 and 320: floor((L - 128) / 64) + 1 windows when L >= 128.
  write_uci_hapt(f, {{1, 1, 1200}},
                 {{1, 1, 1, 1, 127},
                  {1, 1, 2, 128, 255},
                  {1, 1, 3, 256, 446},
                  {1, 1, 4, 447, 638},
                  {1, 1, 6, 701, 1020}});
  const HarDataset ds = load_uci_hapt(f.dir());
  EXPECT_EQ(rows_of(ds), (Rows{{127, 255},  // L = 128
                               {255, 383},  // L = 191
                               {446, 574},
                               {510, 638},  // L = 192
                               {700, 828},
                               {764, 892},
                               {828, 956},
                               {892, 1020}}));  // L = 320
  EXPECT_EQ(window_labels(ds), (std::vector<int>{1, 2, 3, 3, 5, 5, 5, 5}));
}

TEST(HarDatasetUciHapt, SampleNumbersAre1BasedAndInclusive) {
  DatasetFolder f;
  // Samples 1 ... 128 are rows 0 ... 127 (t_s 0 ... 2.54 s); 129 ... 256 the next 128 rows.
  write_uci_hapt(f, {{1, 1, 256}}, {{1, 1, 5, 1, 128}, {1, 1, 4, 129, 256}});
  const HarDataset ds = load_uci_hapt(f.dir());
  ASSERT_EQ(ds.windows.size(), 2u);
  EXPECT_EQ(ds.windows[0].first_row, 0u);
  EXPECT_EQ(ds.windows[0].end_row, 128u);
  EXPECT_EQ(ds.windows[0].t_start_us, 0);
  EXPECT_EQ(ds.windows[0].t_end_us, 2540000);
  EXPECT_EQ(ds.windows[0].label, 4);  // STANDING
  EXPECT_EQ(ds.windows[1].first_row, 128u);
  EXPECT_EQ(ds.windows[1].end_row, 256u);
  EXPECT_EQ(ds.windows[1].t_start_us, 2560000);
  EXPECT_EQ(ds.windows[1].label, 3);  // SITTING
}

TEST(HarDatasetUciHapt, TransitionAndUnlabelledSamplesStayInTheRecordingButGetNoWindow) {
  DatasetFolder f;
  // 100 unlabelled samples, a 300-sample STAND_TO_SIT (7), a 128-sample LAYING, 72 unlabelled.
  write_uci_hapt(f, {{1, 1, 600}}, {{1, 1, 7, 101, 400}, {1, 1, 6, 401, 528}});
  const HarDataset ds = load_uci_hapt(f.dir());
  ASSERT_EQ(ds.recordings.size(), 1u);
  EXPECT_EQ(ds.recordings[0].samples.size(), 600u);
  EXPECT_EQ(rows_of(ds), (Rows{{400, 528}}));
  EXPECT_EQ(ds.class_names,
            (std::vector<std::string>{"WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS",
                                      "SITTING", "STANDING", "LAYING"}));
}

TEST(HarDatasetUciHapt, RowLabelsAreEverySegmentsActivityTransitionsIncludedAndNoneOutside) {
  DatasetFolder f;
  // Samples 1-2 unlabelled, 3-4 STAND_TO_SIT (7), 5 unlabelled, 6-8 SITTING (4), 9-10 unlabelled.
  write_uci_hapt(f, {{1, 1, 10}}, {{1, 1, 4, 6, 8}, {1, 1, 7, 3, 4}});
  const HarDataset ds = load_uci_hapt(f.dir());
  ASSERT_EQ(ds.row_label_names.size(), 12u);
  EXPECT_EQ(ds.row_label_names[3], "SITTING");
  EXPECT_EQ(ds.row_label_names[6], "STAND_TO_SIT");
  EXPECT_EQ(ds.row_label_names[11], "LIE_TO_STAND");
  const std::uint8_t x = kNoRowLabel;
  ASSERT_EQ(ds.recordings.size(), 1u);
  EXPECT_EQ(ds.recordings[0].row_labels, (std::vector<std::uint8_t>{x, x, 6, 6, x, 3, 3, 3, x, x}));
}

TEST(HarDatasetUciHapt, ConvertsMilliGAndMilliradPerSecondToSiAndSortsUsersByNumber) {
  DatasetFolder f;
  write_uci_hapt(f, {{30, 11, 3}, {5, 3, 3}, {2, 1, 3}, {1, 1, 3}}, {});
  const HarDataset ds = load_uci_hapt(f.dir());
  EXPECT_EQ(ds.subjects, (std::vector<std::string>{"1", "3", "11"}));
  ASSERT_EQ(ds.recordings.size(), 4u);
  EXPECT_EQ(ds.recordings[0].path, "exp01_user01.csv");
  EXPECT_EQ(ds.recordings[3].path, "exp30_user11.csv");
  EXPECT_EQ(ds.recordings[3].subject, 2u);
  const ImuSample& s = ds.recordings[0].samples[2];
  EXPECT_EQ(s.t_us, 40000);
  EXPECT_FLOAT_EQ(s.acc_m_s2.x(), 9.80665f);
  EXPECT_FLOAT_EQ(s.acc_m_s2.y(), -0.170f * 9.80665f);
  EXPECT_FLOAT_EQ(s.gyr_rad_s.x(), 1.5f);
  EXPECT_FLOAT_EQ(s.gyr_rad_s.y(), -0.0025f);
  EXPECT_TRUE(ds.windows.empty());
}

TEST(HarDatasetUciHapt, SegmentOutsideItsRecordingOrOverlappingAnotherIsAnError) {
  {
    DatasetFolder f;
    write_uci_hapt(f, {{1, 1, 300}}, {{1, 1, 1, 1, 301}});
    const io::ParseError e = parse_error_of([&] { load_uci_hapt(f.dir()); });
    EXPECT_EQ(e.path, f.path("labels.csv"));
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, 9u);
    EXPECT_TRUE(contains(e.what(), "n_samples (300")) << e.what();
  }
  {
    DatasetFolder f;
    write_uci_hapt(f, {{1, 1, 300}}, {{1, 1, 1, 1, 150}, {1, 1, 2, 150, 300}});
    const io::ParseError e = parse_error_of([&] { load_uci_hapt(f.dir()); });
    EXPECT_EQ(e.line, 3u);
    EXPECT_TRUE(contains(e.what(), "not overlapping the one on line 2")) << e.what();
  }
  {
    DatasetFolder f;
    write_uci_hapt(f, {{1, 1, 300}}, {{2, 1, 1, 1, 150}});
    const io::ParseError e = parse_error_of([&] { load_uci_hapt(f.dir()); });
    EXPECT_TRUE(contains(e.what(), "listed in recordings.csv, found (2, 1)")) << e.what();
  }
}

// ---- wisdm ----------------------------------------------------------------------------------

// The validity of each window of a one-file wisdm folder whose samples are at `t_s`.
std::vector<bool> wisdm_validity(const std::vector<double>& t_s, std::vector<HarWindow>* out = {}) {
  DatasetFolder f;
  write_wisdm(f, {{"1600", 'D', "SITTING", t_s}});
  const HarDataset ds = load_wisdm(f.dir(), false);
  const auto n = static_cast<std::size_t>((t_s.back() - 10.0) / 5.0 + 1e-9) + 1;
  std::vector<bool> valid(n, false);
  for (const HarWindow& w : ds.windows)
    valid.at(static_cast<std::size_t>(w.t_start_us / 5000000)) = true;
  if (out != nullptr) *out = ds.windows;
  return valid;
}

TEST(HarDatasetWisdm, AnIntervalOf1p0SecondKeepsTheWindowAnd1p01SecondsDropsIt) {
  // 20 Hz from 0 to 3 s, a gap, then 20 Hz to 25 s: the gap 3.0 -> 4.0 (or 4.01) s lies inside
  // window 0 only.
  EXPECT_EQ(wisdm_validity(join(stamps(0.0, 3.0, 0.05), stamps(4.0, 25.0, 0.05))),
            (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(wisdm_validity(join(stamps(0.0, 3.0, 0.05), stamps(4.01, 25.01, 0.05))),
            (std::vector<bool>{false, true, true, true}));
}

TEST(HarDatasetWisdm, TheIntervalsFromTheWindowStartAndToTheWindowEndCountToo) {
  // First sample at 1.0 s: 1.0 s from window 0's start, kept; at 1.01 s: dropped.
  EXPECT_EQ(wisdm_validity(stamps(1.0, 20.0, 0.5)), (std::vector<bool>{true, true, true}));
  EXPECT_EQ(wisdm_validity(stamps(1.01, 20.01, 0.5)), (std::vector<bool>{false, true, true}));
  // Window 0's last sample at 9.0 s, the next at 10.0 s (outside it): 1.0 s to its end, kept.
  EXPECT_EQ(wisdm_validity(join(stamps(0.0, 9.0, 0.5), stamps(10.0, 20.0, 0.5))),
            (std::vector<bool>{true, true, true}));
  // Its last sample at 8.99 s: 1.01 s to its end, dropped (and window 1 holds the 1.01 s gap).
  EXPECT_EQ(wisdm_validity(join(stamps(0.0, 8.5, 0.5), join({8.99}, stamps(10.0, 20.0, 0.5)))),
            (std::vector<bool>{false, false, true}));
  // A window without samples is invalid.
  EXPECT_EQ(wisdm_validity(join(stamps(0.0, 4.0, 0.5), stamps(16.5, 30.0, 0.5))),
            (std::vector<bool>{false, false, false, false, true}));
}

TEST(HarDatasetWisdm, WindowsAreHalfOpenTimeSpansWhile5kPlus10IsAtMostTheLastStamp) {
  std::vector<HarWindow> w;
  // Last stamp 20.0 s: windows k = 0, 1, 2 (5k + 10 <= 20).
  EXPECT_EQ(wisdm_validity(stamps(0.0, 20.0, 0.5), &w), (std::vector<bool>{true, true, true}));
  ASSERT_EQ(w.size(), 3u);
  // Samples at 0, 0.5, ...: window [5, 15) holds rows 10 ... 29 (5.0 ... 14.5), not 15.0.
  EXPECT_EQ(w[1].first_row, 10u);
  EXPECT_EQ(w[1].end_row, 30u);
  EXPECT_EQ(w[1].t_start_us, 5000000);
  EXPECT_EQ(w[1].t_end_us, 15000000);
  EXPECT_EQ(w[2].end_row, 40u);  // [10, 20) stops before the last row, 20.0 s
  // Last stamp 19.999999 s: k = 2 would end after it.
  EXPECT_EQ(wisdm_validity(join(stamps(0.0, 19.5, 0.5), {19.999999}), &w).size(), 2u);
  EXPECT_EQ(w.size(), 2u);
}

TEST(HarDatasetWisdm, LabelIsTheFilesActivityOrItsGroup) {
  DatasetFolder f;
  write_wisdm(f, {{"1601", 'M', "KICKING", stamps(0.0, 15.0, 0.05)},
                  {"1600", 'D', "SITTING", stamps(0.0, 10.0, 0.05)},
                  {"1600", 'A', "WALKING", stamps(0.0, 10.0, 0.05)}});
  const HarDataset acts = load_wisdm(f.dir(), false);
  EXPECT_EQ(acts.name, "wisdm (18 activities)");
  ASSERT_EQ(acts.class_names.size(), 18u);
  EXPECT_EQ(acts.class_names.front(), "WALKING");
  EXPECT_EQ(acts.class_names.back(), "FOLDING_CLOTHES");
  EXPECT_EQ(acts.subjects, (std::vector<std::string>{"1600", "1601"}));
  ASSERT_EQ(acts.recordings.size(), 3u);
  EXPECT_EQ(acts.recordings[0].path, "s1600/s1600_A.csv.gz");
  EXPECT_EQ(window_labels(acts), (std::vector<int>{0, 3, 12, 12}));
  EXPECT_EQ(window_subjects(acts), (std::vector<std::size_t>{0, 0, 1, 1}));

  const HarDataset groups = load_wisdm(f.dir(), true);
  EXPECT_EQ(groups.name, "wisdm (6 groups)");
  EXPECT_EQ(groups.class_names,
            (std::vector<std::string>{"STATIC", "WALKING", "JOGGING", "STAIRS", "HAND", "SPORTS"}));
  EXPECT_EQ(window_labels(groups), (std::vector<int>{1, 0, 5, 5}));
}

TEST(HarDatasetWisdm, EveryRowCarriesTheFilesActivityAlsoWithGroups) {
  DatasetFolder f;
  write_wisdm(f, {{"1600", 'R', "CLAPPING", stamps(0.0, 1.0, 0.05)}});
  for (const bool groups : {false, true}) {
    const HarDataset ds = load_wisdm(f.dir(), groups);
    ASSERT_EQ(ds.row_label_names.size(), 18u);
    EXPECT_EQ(ds.row_label_names[16], "CLAPPING");
    ASSERT_EQ(ds.recordings.size(), 1u);
    EXPECT_EQ(ds.recordings[0].row_labels, std::vector<std::uint8_t>(21, 16));
  }
  EXPECT_EQ(wisdm_group_of("CLAPPING"), "HAND");
  EXPECT_EQ(wisdm_group_of("SITTING"), "STATIC");
  EXPECT_EQ(wisdm_group_of("DRIBBLING"), "SPORTS");
  EXPECT_EQ(wisdm_group_of("RUNNING"), "");
}

TEST(HarDatasetWisdm, ARowLabelOtherThanTheFilesOrTimeGoingBackIsAnError) {
  {
    DatasetFolder f;
    write_wisdm(f, {{"1600", 'A', "WALKING", stamps(0.0, 1.0, 0.5)}});
    f.write_gz("s1600/s1600_A.csv.gz", std::string(testing::kWisdmHeader) +
                                           "0.0,1,2,3,4,5,6,WALKING\n"
                                           "0.5,1,2,3,4,5,6,WALKING\n"
                                           "1.0,1,2,3,4,5,6,JOGGING\n");
    const io::ParseError e = parse_error_of([&] { load_wisdm(f.dir(), false); });
    EXPECT_EQ(e.path, f.path("s1600/s1600_A.csv.gz"));
    EXPECT_EQ(e.line, 4u);
    EXPECT_EQ(e.column, 17u);
    EXPECT_TRUE(contains(e.what(), "'WALKING' (the file's label in files.csv line 2)")) << e.what();
  }
  {
    DatasetFolder f;
    write_wisdm(f, {{"1600", 'A', "WALKING", {0.0, 0.5, 0.4}}});
    const io::ParseError e = parse_error_of([&] { load_wisdm(f.dir(), false); });
    EXPECT_EQ(e.line, 4u);
    EXPECT_EQ(e.column, 1u);
    EXPECT_TRUE(contains(e.what(), "not less than the previous row's")) << e.what();
  }
  {
    DatasetFolder f;
    write_wisdm(f, {{"1600", 'A', "RUNNING", {0.0}}});
    const io::ParseError e = parse_error_of([&] { load_wisdm(f.dir(), false); });
    EXPECT_EQ(e.path, f.path("files.csv"));
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, 29u);
  }
}

// ---- errors and threads common to the three loaders -----------------------------------------

TEST(HarDataset, ABadNumberNamesFileLineAndColumnInEachDataset) {
  {
    DatasetFolder f;
    write_sp_sw_har(f, {{"s01", "s01_01", repeat("SEATED", 3), repeat("SEATED", 3)}});
    f.write("s01/s01_01_sp.csv", std::string(testing::kSpSwHarHeader) +
                                     "0.000,1,2,3,0.1,0.2,0.3,SEATED\n"
                                     "0.010,1,2,3,0.1,0.2,0.3,SEATED\n"
                                     "0.020,1,2x,3,0.1,0.2,0.3,SEATED\n");
    const io::ParseError e = parse_error_of([&] { load_sp_sw_har(f.dir(), HarDevice::kPhone); });
    EXPECT_EQ(std::string(e.what()),
              f.path("s01/s01_01_sp.csv") +
                  ":4:9: expected a number for column 'acc_y_m_s2', found '2x' (field 3)");
  }
  {
    DatasetFolder f;
    write_uci_hapt(f, {{1, 1, 3}}, {});
    f.write("exp01_user01.csv", std::string(testing::kHaptHeader) +
                                    "0.00,1000,-170,-50,1500.0,-2.5,0.1\n"
                                    "0.02,1000,-170,-50,1500.0,,0.1\n"
                                    "0.04,1000,-170,-50,1500.0,-2.5,0.1\n");
    const io::ParseError e = parse_error_of([&] { load_uci_hapt(f.dir()); });
    EXPECT_EQ(std::string(e.what()),
              f.path("exp01_user01.csv") +
                  ":3:27: expected a number for column 'gyr_y_mrad_s', found an empty field "
                  "(field 6)");
  }
  {
    DatasetFolder f;
    write_wisdm(f, {{"1600", 'A', "WALKING", {0.0, 0.05}}});
    f.write_gz("s1600/s1600_A.csv.gz", std::string(testing::kWisdmHeader) +
                                           "0.000000,1,2,3,4,5,6,WALKING\n"
                                           "nan,1,2,3,4,5,6,WALKING\n");
    const io::ParseError e = parse_error_of([&] { load_wisdm(f.dir(), true); });
    EXPECT_EQ(std::string(e.what()), f.path("s1600/s1600_A.csv.gz") +
                                         ":3:1: expected a finite number for column 't_s', "
                                         "found 'nan' (field 1)");
  }
}

TEST(HarDataset, AMissingFolderFileOrColumnOrAWrongRowCountNamesIt) {
  DatasetFolder f;
  try {
    load_wisdm(f.path("nowhere"), false);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), f.path("nowhere") + ": no such folder")) << e.what();
  }
  write_sp_sw_har(f, {{"s01", "s01_01", repeat("SEATED", 3), repeat("SEATED", 3)}});
  std::filesystem::remove(f.path("s01/s01_01_sw.csv"));
  try {
    load_sp_sw_har(f.dir(), HarDevice::kWatch);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), "cannot open " + f.path("s01/s01_01_sw.csv"))) << e.what();
  }
  f.write("s01/s01_01_sw.csv",
          "t_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,label\n");
  EXPECT_TRUE(contains(parse_error_of([&] { load_sp_sw_har(f.dir(), HarDevice::kWatch); }).what(),
                       "s01_01_sw.csv:1:1: expected a column 'gyr_z_rad_s' in the header"));
  f.write("s01/s01_01_sw.csv", testing::sp_sw_file(repeat("SEATED", 2)));
  EXPECT_TRUE(contains(
      parse_error_of([&] { load_sp_sw_har(f.dir(), HarDevice::kWatch); }).what(),
      "s01_01_sw.csv:4:1: expected 3 data rows (n_samples_sw in executions.csv line 2), found 2"));
}

TEST(HarDataset, TheDatasetIsTheSameForAnyNumberOfThreads) {
  DatasetFolder f;
  std::vector<WisdmFile> files;
  for (int s = 0; s < 6; ++s) {
    for (const auto& [code, label] : {std::pair{'A', "WALKING"}, {'R', "CLAPPING"}}) {
      files.push_back({std::to_string(1600 + s), code, label,
                       stamps(0.01 * s, 20.0 + 3.0 * s, 0.05 + 0.001 * s)});
    }
  }
  write_wisdm(f, files);
  const HarDataset one = load_wisdm(f.dir(), false, 1);
  const HarDataset four = load_wisdm(f.dir(), false, 4);
  ASSERT_EQ(one.recordings.size(), 12u);
  ASSERT_EQ(four.recordings.size(), one.recordings.size());
  for (std::size_t r = 0; r < one.recordings.size(); ++r) {
    EXPECT_EQ(four.recordings[r].path, one.recordings[r].path);
    EXPECT_EQ(four.recordings[r].subject, one.recordings[r].subject);
    ASSERT_EQ(four.recordings[r].samples.size(), one.recordings[r].samples.size());
    for (std::size_t i = 0; i < one.recordings[r].samples.size(); ++i) {
      EXPECT_EQ(four.recordings[r].samples[i].t_us, one.recordings[r].samples[i].t_us);
    }
  }
  ASSERT_EQ(four.windows.size(), one.windows.size());
  for (std::size_t i = 0; i < one.windows.size(); ++i) {
    EXPECT_EQ(four.windows[i].recording, one.windows[i].recording);
    EXPECT_EQ(four.windows[i].first_row, one.windows[i].first_row);
    EXPECT_EQ(four.windows[i].end_row, one.windows[i].end_row);
    EXPECT_EQ(four.windows[i].label, one.windows[i].label);
  }
}

}  // namespace
}  // namespace fusetrack::train
