// The BROAD-layout loader: tiny folders written to a temporary directory, read back exactly;
// format errors name file, line, column, what was expected and what was found.
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <zlib.h>

#include "broad_test_data.hpp"
#include "eval/orientation_eval.hpp"
#include "io/broad.hpp"
#include "io/csv.hpp"

namespace fusetrack::io {
namespace {

using testing::rotating_trial;
using testing::TempFolder;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A short trial: 3 rest samples, then movement; references missing on samples 4 and 6.
BroadTrial small_trial(const std::string& name) {
  BroadTrial t =
      rotating_trial(name, Eigen::Quaterniond(Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitY())),
                     Eigen::Vector3d(0.1, -0.2, 0.3), 8, 3);
  t.ref[4] = Eigen::Quaterniond(kNaN, kNaN, kNaN, kNaN);
  t.ref[6] = Eigen::Quaterniond(kNaN, kNaN, kNaN, kNaN);
  t.info.n_movement_ref_missing = 2;
  return t;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  return s;
}

// Replaces field `field` (1-based) of line `line` (1-based) of `text` by `value`; returns the
// new text and sets `column` to the field's 1-based character position.
std::string replace_field(const std::string& text, std::size_t line, std::size_t field,
                          const std::string& value, std::size_t& column) {
  std::vector<std::string> lines = lines_of(text);
  std::string& l = lines.at(line - 1);
  std::size_t start = 0;
  for (std::size_t f = 1; f < field; ++f) start = l.find(',', start) + 1;
  const std::size_t stop = l.find(',', start);
  l.replace(start, (stop == std::string::npos ? l.size() : stop) - start, value);
  column = start + 1;
  return join(lines);
}

// Loads the only trial of `folder` and returns the error message (empty when none).
template <typename Load>
ParseError expect_parse_error(const Load& load) {
  try {
    load();
  } catch (const ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ParseError";
  return ParseError("", 0, 0, "", "");
}

// Writes a one-trial folder (trial "t") whose trial file is small_trial's with field `field`
// (1-based) of line `line` (1-based, 1 = header) replaced by `value`, loads the trial and returns
// the ParseError. `column` receives the replaced field's 1-based column.
ParseError error_after_edit(std::size_t line, std::size_t field, const std::string& value,
                            std::size_t& column) {
  TempFolder folder("broad_edit");
  const BroadTrial t = small_trial("t");
  folder.write_broad({t});
  folder.write("trials/t.csv", replace_field(testing::trial_text(t), line, field, value, column));
  return expect_parse_error(
      [&] { load_broad_trial(folder.dir(), load_broad_index(folder.dir()).trials[0]); });
}

TEST(BroadLoader, ReadsIndexWithQuotedDescriptionHoldingCommasAndQuotes) {
  TempFolder folder("broad_index");
  folder.write_broad({small_trial("a_trial"), small_trial("b_trial")});
  const BroadIndex index = load_broad_index(folder.dir());
  ASSERT_EQ(index.trials.size(), 2u);
  EXPECT_EQ(index.trials[0].name, "a_trial");
  EXPECT_EQ(index.trials[1].name, "b_trial");
  EXPECT_EQ(index.trials[1].index_line, 3u);
  const BroadTrialInfo& i = index.trials[0];
  EXPECT_EQ(i.description, "synthetic, constant rate, \"quoted\", with commas");
  EXPECT_EQ(i.condition, "undisturbed");
  EXPECT_EQ(i.disturbance, "none");
  EXPECT_EQ(i.n_samples, 8u);
  EXPECT_EQ(i.n_movement, 5u);
  EXPECT_EQ(i.n_movement_ref_missing, 2u);
  EXPECT_NEAR(i.sampling_rate_hz, 285.71428571, 1e-8);
}

TEST(BroadLoader, ReadsTrialSamplesBackExactlyWithNanReferences) {
  TempFolder folder("broad_roundtrip");
  const BroadTrial written = small_trial("t1");
  folder.write_broad({written});
  const std::vector<BroadTrial> trials = load_broad(folder.dir());
  ASSERT_EQ(trials.size(), 1u);
  const BroadTrial& t = trials[0];
  ASSERT_EQ(t.size(), written.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    EXPECT_EQ(t.t_us[k], static_cast<Micros>(k) * 3500) << k;
    EXPECT_EQ(t.gyr_rad_s[k], written.gyr_rad_s[k]) << k;
    EXPECT_EQ(t.acc_m_s2[k], written.acc_m_s2[k]) << k;
    EXPECT_EQ(t.mag_ut[k], written.mag_ut[k]) << k;
    EXPECT_EQ(t.movement[k], written.movement[k]) << k;
    if (k == 4 || k == 6) {
      EXPECT_TRUE(std::isnan(t.ref[k].w()) && std::isnan(t.ref[k].z())) << k;
    } else {
      EXPECT_EQ(t.ref[k].coeffs(), written.ref[k].coeffs()) << k;
    }
  }
}

TEST(BroadLoader, TimeStampsAreRoundedToTheNearestMicrosecond) {
  TempFolder folder("broad_time");
  BroadTrial t = small_trial("t1");
  folder.write_broad({t});
  std::size_t column = 0;
  // 186.3365 s is not exact in binary; t_s * 1e6 must still give 186336500 µs.
  folder.write("trials/t1.csv", replace_field(testing::trial_text(t), 9, 1, "186.3365", column));
  const BroadTrial loaded =
      load_broad_trial(folder.dir(), load_broad_index(folder.dir()).trials[0]);
  EXPECT_EQ(loaded.t_us.back(), 186336500);
}

TEST(BroadLoader, ReadsGzippedTrialFile) {
  TempFolder folder("broad_gz");
  const BroadTrial written = small_trial("gz_trial");
  folder.write_broad({written});
  const std::string text = testing::trial_text(written);
  std::filesystem::remove(folder.dir() / "trials" / "gz_trial.csv");
  gzFile gz = gzopen((folder.dir() / "trials" / "gz_trial.csv.gz").string().c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(gzwrite(gz, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(gz);
  const std::vector<BroadTrial> trials = load_broad(folder.dir());
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].size(), 8u);
  EXPECT_EQ(trials[0].gyr_rad_s[5], written.gyr_rad_s[5]);
}

TEST(BroadLoader, BadNumberIsReportedWithFileLineColumnExpectedAndFound) {
  std::size_t column = 0;
  const ParseError e = error_after_edit(4, 6, "abc", column);
  EXPECT_EQ(e.line, 4u);
  EXPECT_EQ(e.column, column);
  EXPECT_EQ(e.field, 6u);
  const std::string what = e.what();
  EXPECT_NE(what.find("t.csv:4:" + std::to_string(column) + ":"), std::string::npos) << what;
  EXPECT_NE(what.find("acc_y_m_s2"), std::string::npos) << what;
  EXPECT_NE(what.find("'abc'"), std::string::npos) << what;
}

TEST(BroadLoader, NanInAnImuColumnIsRejected) {
  std::size_t column = 0;
  const ParseError e = error_after_edit(2, 2, "nan", column);
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, column);
  EXPECT_NE(std::string(e.what()).find("gyr_x_rad_s"), std::string::npos) << e.what();
}

TEST(BroadLoader, MovementOtherThanZeroOrOneIsRejected) {
  std::size_t column = 0;
  const ParseError e = error_after_edit(6, 15, "2", column);
  EXPECT_EQ(e.line, 6u);
  EXPECT_EQ(e.column, column);
  EXPECT_EQ(e.expected, "0 or 1 for column 'movement'");
  EXPECT_EQ(e.found, "'2'");
}

TEST(BroadLoader, TimeThatDoesNotIncreaseIsRejected) {
  std::size_t column = 0;
  const ParseError e = error_after_edit(5, 1, "0.0035", column);
  EXPECT_EQ(e.line, 5u);
  EXPECT_EQ(e.column, 1u);
  EXPECT_NE(e.expected.find("greater than the previous"), std::string::npos) << e.what();
}

TEST(BroadLoader, RowCountDifferentFromIndexIsRejected) {
  TempFolder folder("broad_rows");
  BroadTrial t = small_trial("rows");
  folder.write_broad({t});
  t.info.n_samples = 9;
  folder.write("trials.csv", std::string(testing::kBroadIndexHeader) + testing::index_row(t.info));
  const ParseError e = expect_parse_error(
      [&] { load_broad_trial(folder.dir(), load_broad_index(folder.dir()).trials[0]); });
  EXPECT_NE(e.expected.find("9 data rows (n_samples in trials.csv line 2)"), std::string::npos)
      << e.what();
  EXPECT_EQ(e.found, "8");
}

TEST(BroadLoader, WrongFieldCountIsRejected) {
  std::size_t column = 0;
  const ParseError e = error_after_edit(3, 15, "1,1", column);  // one field too many
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.expected, "15 fields (as in the header)");
  EXPECT_EQ(e.found, "16 fields");
}

TEST(BroadLoader, MissingColumnIsRejected) {
  std::size_t column = 0;
  const ParseError e = error_after_edit(1, 10, "mag_z", column);
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.expected, "a column 'mag_z_uT' in the header");
}

TEST(BroadLoader, UnterminatedQuoteInIndexIsRejected) {
  TempFolder folder("broad_quote");
  folder.write("trials.csv", std::string(testing::kBroadIndexHeader) +
                                 "x,undisturbed,rotation,slow,no_breaks,none,285.7,1,0.0035,1,0,"
                                 "\"open description, never closed\n");
  const ParseError e = expect_parse_error([&] { load_broad_index(folder.dir()); });
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.field, 12u);
  EXPECT_NE(e.expected.find("closing '\"'"), std::string::npos) << e.what();
}

TEST(BroadLoader, NegativeCountInIndexIsRejected) {
  TempFolder folder("broad_count");
  folder.write("trials.csv",
               std::string(testing::kBroadIndexHeader) +
                   "x,undisturbed,rotation,slow,no_breaks,none,285.7,-1,0.0035,1,0,d\n");
  const ParseError e = expect_parse_error([&] { load_broad_index(folder.dir()); });
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.field, 8u);
  EXPECT_NE(e.expected.find("n_samples"), std::string::npos) << e.what();
}

TEST(BroadLoader, DuplicateTrialNameIsRejected) {
  TempFolder folder("broad_duplicate");
  const BroadTrial t = small_trial("same");
  folder.write_broad({t});
  folder.write("trials.csv", std::string(testing::kBroadIndexHeader) + testing::index_row(t.info) +
                                 testing::index_row(t.info));
  const ParseError e = expect_parse_error([&] { load_broad_index(folder.dir()); });
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 1u);
  EXPECT_NE(e.expected.find("first on line 2"), std::string::npos) << e.what();
}

TEST(BroadLoader, MissingTrialFileNamesItsPath) {
  TempFolder folder("broad_missing");
  const BroadTrial t = small_trial("gone");
  folder.write_broad({t});
  std::filesystem::remove(folder.dir() / "trials" / "gone.csv");
  try {
    load_broad(folder.dir());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("gone.csv"), std::string::npos) << e.what();
  }
}

TEST(BroadLoader, MissingIndexNamesItsPath) {
  TempFolder folder("broad_no_index");
  try {
    load_broad_index(folder.dir());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("trials.csv"), std::string::npos) << e.what();
  }
}

// The real folder (skipped when absent): the index lists the 12 trials, and a trial file agrees
// with its index row (the loader checks the counts) and scores 0 against its own reference.
TEST(BroadLoader, RealBroadFolderLoadsConsistentlyWithItsIndex) {
  const std::filesystem::path dir = std::filesystem::path(FUSETRACK_DATASETS_DIR) / "broad";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "dataset folder " << dir << " absent";
  const BroadIndex index = load_broad_index(dir);
  ASSERT_EQ(index.trials.size(), 12u);
  const BroadTrialInfo* smallest = &index.trials[0];
  for (const BroadTrialInfo& i : index.trials) {
    EXPECT_TRUE(i.condition == "undisturbed" || i.condition == "disturbed") << i.condition;
    if (i.n_samples < smallest->n_samples) smallest = &i;
  }
  const BroadTrial t = load_broad_trial(dir, *smallest);
  ASSERT_EQ(t.size(), smallest->n_samples);
  EXPECT_EQ(t.t_us[1] - t.t_us[0], 3500);
  const eval::TrialScore s = eval::score_trial(t.ref, t.ref, t.movement, false);
  ASSERT_TRUE(s.valid) << s.invalid_reason;
  EXPECT_EQ(s.n_scored, smallest->n_movement - smallest->n_movement_ref_missing);
  EXPECT_NEAR(s.total_rmse_deg, 0.0, 1e-5);
}

}  // namespace
}  // namespace fusetrack::io
