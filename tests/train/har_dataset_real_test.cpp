// The loaders on the real dataset folders (each skipped when its folder is absent): the window
// counts, per class and in total, that each README states for its evaluation protocol, and the
// folder's recording and sample totals.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "train/har_dataset.hpp"

namespace fusetrack::train {
namespace {

std::string dataset_dir(const char* name) {
  return (std::filesystem::path(FUSETRACK_DATASETS_DIR) / name).string();
}

#define SKIP_WITHOUT(dir)            \
  if (!std::filesystem::exists(dir)) \
  GTEST_SKIP() << "dataset folder " << (dir) << " absent: nothing to check"

// Windows per class name, in class_names' order.
std::map<std::string, std::size_t> per_class(const HarDataset& ds) {
  std::map<std::string, std::size_t> n;
  for (const std::string& c : ds.class_names) n[c] = 0;
  for (const HarWindow& w : ds.windows) ++n[ds.class_names.at(static_cast<std::size_t>(w.label))];
  return n;
}

std::size_t samples(const HarDataset& ds) {
  std::size_t n = 0;
  for (const HarRecording& r : ds.recordings) n += r.samples.size();
  return n;
}

TEST(HarDatasetReal, SpSwHarPhoneAndWatchWindowCountsAreTheReadmes) {
  const std::string dir = dataset_dir("sp-sw-har");
  SKIP_WITHOUT(dir);
  const HarDataset phone = load_sp_sw_har(dir, HarDevice::kPhone, 2);
  EXPECT_EQ(phone.subjects.size(), 16u);
  EXPECT_EQ(phone.recordings.size(), 155u);
  EXPECT_EQ(samples(phone), 179517u);
  EXPECT_EQ(phone.windows.size(), 6956u);
  EXPECT_EQ(per_class(phone), (std::map<std::string, std::size_t>{{"SEATED", 705},
                                                                  {"STANDING_UP", 750},
                                                                  {"WALKING", 3235},
                                                                  {"TURNING", 1417},
                                                                  {"SITTING_DOWN", 849}}));
  const HarDataset watch = load_sp_sw_har(dir, HarDevice::kWatch, 2);
  EXPECT_EQ(watch.recordings.size(), 155u);
  EXPECT_EQ(samples(watch), 181727u);
  EXPECT_EQ(watch.windows.size(), 7038u);
  EXPECT_EQ(per_class(watch), (std::map<std::string, std::size_t>{{"SEATED", 674},
                                                                  {"STANDING_UP", 769},
                                                                  {"WALKING", 3291},
                                                                  {"TURNING", 1441},
                                                                  {"SITTING_DOWN", 863}}));
}

TEST(HarDatasetReal, UciHaptWindowCountsAreTheReadmes) {
  const std::string dir = dataset_dir("uci-hapt");
  SKIP_WITHOUT(dir);
  const HarDataset ds = load_uci_hapt(dir, 2);
  EXPECT_EQ(ds.subjects.size(), 21u);
  EXPECT_EQ(ds.recordings.size(), 42u);
  EXPECT_EQ(samples(ds), 797484u);
  EXPECT_EQ(ds.windows.size(), 7415u);
  EXPECT_EQ(per_class(ds), (std::map<std::string, std::size_t>{{"WALKING", 1226},
                                                               {"WALKING_UPSTAIRS", 1073},
                                                               {"WALKING_DOWNSTAIRS", 987},
                                                               {"SITTING", 1293},
                                                               {"STANDING", 1423},
                                                               {"LAYING", 1413}}));
  // At rest upright the phone's +x points up: about +1 g on x (README "Device frame").
  const HarWindow& w = ds.windows.front();
  EXPECT_GT(ds.recordings[w.recording].samples[w.first_row].acc_m_s2.norm(), 5.0f);
}

TEST(HarDatasetReal, WisdmActivityWindowCountsAreTheReadmes) {
  const std::string dir = dataset_dir("wisdm");
  SKIP_WITHOUT(dir);
  const HarDataset ds = load_wisdm(dir, false, 2);
  EXPECT_EQ(ds.subjects.size(), 32u);
  EXPECT_EQ(ds.recordings.size(), 572u);
  EXPECT_EQ(samples(ds), 2105130u);
  EXPECT_EQ(ds.windows.size(), 19447u);
  EXPECT_EQ(per_class(ds), (std::map<std::string, std::size_t>{{"WALKING", 1088},
                                                               {"JOGGING", 1054},
                                                               {"STAIRS", 1054},
                                                               {"SITTING", 1088},
                                                               {"STANDING", 1088},
                                                               {"TYPING", 1054},
                                                               {"BRUSHING_TEETH", 1088},
                                                               {"EATING_SOUP", 1088},
                                                               {"EATING_CHIPS", 1088},
                                                               {"EATING_PASTA", 1088},
                                                               {"DRINKING", 1088},
                                                               {"EATING_SANDWICH", 1088},
                                                               {"KICKING", 1086},
                                                               {"PLAYING_CATCH", 1054},
                                                               {"DRIBBLING", 1089},
                                                               {"WRITING", 1088},
                                                               {"CLAPPING", 1088},
                                                               {"FOLDING_CLOTHES", 1088}}));
  // The 37 invalid windows are all in s1649_M (README, protocol step 1): every other file keeps
  // all its windows k = 0 ... (last t_s - 10) / 5.
  std::vector<std::size_t> kept(ds.recordings.size(), 0);
  for (const HarWindow& w : ds.windows) ++kept[w.recording];
  for (std::size_t r = 0; r < ds.recordings.size(); ++r) {
    const Micros last_us = ds.recordings[r].samples.back().t_us;
    const auto all = static_cast<std::size_t>((last_us - 10000000) / 5000000 + 1);
    const bool gappy = ds.recordings[r].path == "s1649/s1649_M.csv.gz";
    EXPECT_EQ(kept[r] + (gappy ? 37u : 0u), all) << ds.recordings[r].path;
  }
}

TEST(HarDatasetReal, WisdmGroupWindowCountsAreTheReadmes) {
  const std::string dir = dataset_dir("wisdm");
  SKIP_WITHOUT(dir);
  const HarDataset ds = load_wisdm(dir, true, 2);
  EXPECT_EQ(ds.windows.size(), 19447u);
  EXPECT_EQ(per_class(ds), (std::map<std::string, std::size_t>{{"STATIC", 2176},
                                                               {"WALKING", 1088},
                                                               {"JOGGING", 1054},
                                                               {"STAIRS", 1054},
                                                               {"HAND", 10846},
                                                               {"SPORTS", 3229}}));
}

}  // namespace
}  // namespace fusetrack::train
