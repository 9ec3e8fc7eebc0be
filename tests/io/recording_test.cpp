// Tests of the recording file format v1 (src/io/recording.hpp, docs/recording-format.md).
#include "io/recording.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "io_test_util.hpp"

namespace fusetrack::io {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_gzip;
using testing::write_text;

// ---- helpers --------------------------------------------------------------------------------

std::uint32_t bits(float v) {
  std::uint32_t b = 0;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// Compares two records bit for bit (so -0 differs from +0).
void expect_identical(const Record& a, const Record& b, std::size_t i) {
  SCOPED_TRACE("record " + std::to_string(i));
  ASSERT_EQ(a.kind(), b.kind());
  ASSERT_EQ(a.t_us(), b.t_us());
  auto same3 = [](const Vec3& x, const Vec3& y) {
    for (Eigen::Index k = 0; k < 3; ++k) EXPECT_EQ(bits(x[k]), bits(y[k])) << x[k] << " " << y[k];
  };
  switch (a.kind()) {
    case StreamKind::kImu:
      EXPECT_EQ(std::get<ImuSample>(a.sample).has_gyr, std::get<ImuSample>(b.sample).has_gyr);
      same3(std::get<ImuSample>(a.sample).acc_m_s2, std::get<ImuSample>(b.sample).acc_m_s2);
      same3(std::get<ImuSample>(a.sample).gyr_rad_s, std::get<ImuSample>(b.sample).gyr_rad_s);
      break;
    case StreamKind::kMag:
      same3(std::get<MagSample>(a.sample).mag_ut, std::get<MagSample>(b.sample).mag_ut);
      break;
    case StreamKind::kPpg: {
      const auto& x = std::get<PpgSample>(a.sample);
      const auto& y = std::get<PpgSample>(b.sample);
      ASSERT_EQ(x.channel_count, y.channel_count);
      ASSERT_EQ(x.has_ambient, y.has_ambient);
      for (std::size_t k = 0; k < x.channel_count; ++k) EXPECT_EQ(bits(x.ppg[k]), bits(y.ppg[k]));
      if (x.has_ambient) {
        EXPECT_EQ(bits(x.ambient), bits(y.ambient));
      }
      break;
    }
  }
}

void expect_identical(const std::vector<Record>& a, const std::vector<Record>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) expect_identical(a[i], b[i], i);
}

// Random finite float32 values over the whole range (uniform bit patterns: tiny, subnormal, huge
// and ordinary values alike), with the edge cases mixed in often.
class FloatSource {
 public:
  explicit FloatSource(std::uint32_t seed) : rng_(seed) {}
  float next() {
    static constexpr float kEdges[] = {0.0f,
                                       -0.0f,
                                       std::numeric_limits<float>::denorm_min(),
                                       -std::numeric_limits<float>::denorm_min(),
                                       std::numeric_limits<float>::min(),
                                       std::numeric_limits<float>::max(),
                                       -std::numeric_limits<float>::max(),
                                       std::numeric_limits<float>::epsilon(),
                                       0.1f,
                                       1.0f / 3.0f,
                                       9.80665f,
                                       16777217.0f};
    const std::uint32_t r = bits_(rng_);
    if (r % 8 == 0) return kEdges[(r / 8) % (sizeof kEdges / sizeof kEdges[0])];
    for (;;) {
      const std::uint32_t b = bits_(rng_);
      float v = 0.0f;
      std::memcpy(&v, &b, sizeof v);
      if (std::isfinite(v)) return v;
    }
  }

 private:
  std::mt19937 rng_;
  std::uniform_int_distribution<std::uint32_t> bits_;
};

// `n` records of the header's streams, interleaved at random, time strictly increasing overall;
// IMU samples without gyroscope values (has_gyr false, gyr zero) when the header has none.
std::vector<Record> random_records(const RecordingHeader& h, std::size_t n, std::uint32_t seed) {
  FloatSource f(seed);
  std::mt19937 rng(seed + 1);
  std::vector<StreamKind> kinds;
  for (const StreamKind k : {StreamKind::kImu, StreamKind::kMag, StreamKind::kPpg}) {
    if (h.has(k)) kinds.push_back(k);
  }
  std::vector<Record> records;
  Micros t = -1000000;  // negative time stamps are allowed
  for (std::size_t i = 0; i < n; ++i) {
    t += 1 + static_cast<Micros>(rng() % 20000);
    switch (kinds[rng() % kinds.size()]) {
      case StreamKind::kImu: {
        ImuSample s;
        s.t_us = t;
        s.acc_m_s2 = Vec3(f.next(), f.next(), f.next());
        s.has_gyr = h.imu_has_gyr;
        if (s.has_gyr) s.gyr_rad_s = Vec3(f.next(), f.next(), f.next());
        records.push_back(Record{s});
        break;
      }
      case StreamKind::kMag: {
        MagSample s;
        s.t_us = t;
        s.mag_ut = Vec3(f.next(), f.next(), f.next());
        records.push_back(Record{s});
        break;
      }
      case StreamKind::kPpg: {
        PpgSample s;
        s.t_us = t;
        s.channel_count = h.ppg_channels;
        for (std::size_t k = 0; k < h.ppg_channels; ++k) s.ppg[k] = f.next();
        s.has_ambient = h.ppg_ambient;
        if (h.ppg_ambient) s.ambient = f.next();
        records.push_back(Record{s});
        break;
      }
    }
  }
  return records;
}

RecordingHeader all_streams(std::uint8_t ppg_channels = 2, bool ambient = true) {
  RecordingHeader h;
  h.has_imu = true;
  h.has_mag = true;
  h.ppg_channels = ppg_channels;
  h.ppg_ambient = ambient;
  return h;
}

// A header whose IMU stream is accelerometer-only, with the other streams too.
RecordingHeader acc_only_streams() {
  RecordingHeader h = all_streams();
  h.imu_has_gyr = false;
  return h;
}

// Reads all of `path`; returns the ParseError it throws (none: test failure).
std::optional<ParseError> read_error(const std::string& path, ReaderOptions options = {}) {
  try {
    RecordingReader reader(path, options);
    Record r;
    while (reader.next(r)) {
    }
  } catch (const ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "no ParseError reading " << path;
  return std::nullopt;
}

// Writes `content` to a fresh file and returns the ParseError reading it throws.
std::optional<ParseError> error_for(const TempDir& dir, const std::string& content) {
  const std::string path = dir.file("bad.csv");
  write_text(path, content);
  return read_error(path);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Header of imu + mag (11 columns) and rows for it; the imu values start at column 10 when the
// time stamp has 4 digits.
const std::string kImuMagHeader =
    "stream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s,"
    "mag_x_ut,mag_y_ut,mag_z_ut\n";
std::string imu_row(const std::string& t) { return "imu," + t + ",0.5,-1.25,9.75,0.001,0,-0,,,\n"; }
std::string mag_row(const std::string& t) { return "mag," + t + ",,,,,,,21.5,-3.25,-40\n"; }

// The example of docs/recording-format.md.
const std::string kDocExample =
    "# fusetrack recording v1\n"
    "# source=simulator seed=7\n"
    "stream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s,"
    "mag_x_ut,mag_y_ut,mag_z_ut,ppg_1,ppg_ambient\n"
    "imu,0,0.12,-0.03,9.81,0.001,-0.002,0.0015,,,,,\n"
    "mag,5000,,,,,,,21.5,-3.25,-40.1,,\n"
    "ppg,8000,,,,,,,,,,51234,812\n";

// The accelerometer-only example of docs/recording-format.md.
const std::string kDocAccOnlyExample =
    "# fusetrack recording v1\n"
    "# source=simulator seed=7\n"
    "stream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,mag_x_ut,mag_y_ut,mag_z_ut,ppg_1,ppg_ambient\n"
    "imu,0,0.12,-0.03,9.81,,,,,\n"
    "mag,5000,,,,21.5,-3.25,-40.1,,\n"
    "ppg,8000,,,,,,,51234,812\n";

// ---- round trip -----------------------------------------------------------------------------

TEST(RecordingRoundTrip, IsBitExactForRandomValuesInPlainCsv) {
  TempDir dir;
  const RecordingHeader h = all_streams(3, true);
  const std::vector<Record> records = random_records(h, 5000, 1);
  write_recording(dir.file("r.csv"), h, records);
  RecordingHeader got;
  expect_identical(read_recording(dir.file("r.csv"), &got), records);
  EXPECT_EQ(got, h);
}

TEST(RecordingRoundTrip, IsBitExactForRandomValuesInGzipCsv) {
  TempDir dir;
  const RecordingHeader h = all_streams(4, false);
  const std::vector<Record> records = random_records(h, 5000, 2);
  write_recording(dir.file("r.csv.gz"), h, records);
  const std::string bytes = read_bytes(dir.file("r.csv.gz"));
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1fu) << "gzip magic";
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8bu) << "gzip magic";
  expect_identical(read_recording(dir.file("r.csv.gz")), records);
}

TEST(RecordingRoundTrip, IsBitExactForEveryPpgChannelCountWithAndWithoutAmbient) {
  TempDir dir;
  std::uint32_t seed = 10;
  for (std::uint8_t channels = 1; channels <= kMaxPpgChannels; ++channels) {
    for (const bool ambient : {false, true}) {
      for (const bool imu : {false, true}) {
        for (const std::string name : {"p.csv", "p.csv.gz"}) {
          SCOPED_TRACE(std::to_string(channels) + " channels, ambient " + std::to_string(ambient) +
                       ", imu " + std::to_string(imu) + ", " + name);
          RecordingHeader h;
          h.has_imu = imu;
          h.ppg_channels = channels;
          h.ppg_ambient = ambient;
          const std::vector<Record> records = random_records(h, 300, ++seed);
          write_recording(dir.file(name), h, records);
          RecordingHeader got;
          expect_identical(read_recording(dir.file(name), &got), records);
          EXPECT_EQ(got, h);
        }
      }
    }
  }
}

TEST(RecordingRoundTrip, IsBitExactForAnAccelerometerOnlyImuStreamInPlainAndGzipCsv) {
  TempDir dir;
  std::uint32_t seed = 40;
  for (const std::string name : {"a.csv", "a.csv.gz"}) {
    for (const bool others : {false, true}) {
      SCOPED_TRACE(name + (others ? " with mag and ppg" : " imu only"));
      RecordingHeader h;
      h.has_imu = true;
      h.imu_has_gyr = false;
      if (others) h = acc_only_streams();
      const std::vector<Record> records = random_records(h, 3000, ++seed);
      write_recording(dir.file(name), h, records);
      RecordingHeader got;
      const std::vector<Record> back = read_recording(dir.file(name), &got);
      expect_identical(back, records);
      EXPECT_EQ(got, h);
      EXPECT_FALSE(got.imu_has_gyr);
      for (const Record& r : back) {
        if (r.kind() != StreamKind::kImu) continue;
        ASSERT_FALSE(std::get<ImuSample>(r.sample).has_gyr);
        ASSERT_EQ(std::get<ImuSample>(r.sample).gyr_rad_s, Vec3::Zero());
      }
    }
  }
}

TEST(RecordingRoundTrip, KeepsNegativeZeroSubnormalsExtremesAndInt64TimeLimits) {
  TempDir dir;
  RecordingHeader h;
  h.has_mag = true;
  const float specials[] = {-0.0f,
                            std::numeric_limits<float>::denorm_min(),
                            -std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::min(),
                            std::numeric_limits<float>::max(),
                            -std::numeric_limits<float>::max(),
                            1e-40f,
                            3.4e38f};
  std::vector<Record> records;
  Micros t = std::numeric_limits<Micros>::min();
  for (const float v : specials) {
    MagSample s;
    s.t_us = t++;
    s.mag_ut = Vec3(v, -v, v);
    records.push_back(Record{s});
  }
  MagSample last;
  last.t_us = std::numeric_limits<Micros>::max();
  records.push_back(Record{last});
  write_recording(dir.file("s.csv"), h, records);
  expect_identical(read_recording(dir.file("s.csv")), records);
}

TEST(RecordingRoundTrip, KeepsMetadataInOrder) {
  TempDir dir;
  const Metadata meta = {{"source", "simulator"}, {"seed", "7"}, {"note", "a=b"}, {"empty", ""}};
  write_recording(dir.file("m.csv"), all_streams(), random_records(all_streams(), 10, 3), meta);
  Metadata got;
  read_recording(dir.file("m.csv"), nullptr, &got);
  EXPECT_EQ(got, meta);
}

// ---- writer ---------------------------------------------------------------------------------

// Writes the rows of the documented examples (imu, mag, ppg with ambient) to `path` with the
// metadata source=simulator; the imu row has gyroscope values unless `imu_has_gyr` is false.
// Returns the path's bytes: the example as written (one metadata key per comment line).
std::string write_doc_example(const std::string& path, bool imu_has_gyr) {
  RecordingHeader h;
  h.has_imu = true;
  h.imu_has_gyr = imu_has_gyr;
  h.has_mag = true;
  h.ppg_channels = 1;
  h.ppg_ambient = true;
  ImuSample imu;
  imu.t_us = 0;
  imu.acc_m_s2 = Vec3(0.12f, -0.03f, 9.81f);
  imu.has_gyr = imu_has_gyr;
  if (imu_has_gyr) imu.gyr_rad_s = Vec3(0.001f, -0.002f, 0.0015f);
  MagSample mag;
  mag.t_us = 5000;
  mag.mag_ut = Vec3(21.5f, -3.25f, -40.1f);
  PpgSample ppg;
  ppg.t_us = 8000;
  ppg.channel_count = 1;
  ppg.ppg[0] = 51234.0f;
  ppg.has_ambient = true;
  ppg.ambient = 812.0f;
  RecordingWriter w(path, h, {{"source", "simulator"}});
  w.write(imu);
  w.write(mag);
  w.write(ppg);
  w.close();
  return read_bytes(path);
}

// `doc` (an example of docs/recording-format.md) with the metadata the writer was given.
std::string with_written_metadata(std::string doc) {
  return doc.replace(doc.find("source=simulator seed=7"), 23, "source=simulator");
}

TEST(RecordingWriter, WritesTheDocumentedLayout) {
  TempDir dir;
  EXPECT_EQ(write_doc_example(dir.file("doc.csv"), true), with_written_metadata(kDocExample));
}

TEST(RecordingWriter, WritesOnlyTheAccelerometerColumnsForAnAccelerometerOnlyHeader) {
  TempDir dir;
  EXPECT_EQ(write_doc_example(dir.file("acc.csv"), false),
            with_written_metadata(kDocAccOnlyExample));
  RecordingHeader got;
  read_recording(dir.file("acc.csv"), &got);
  EXPECT_TRUE(got.has_imu);
  EXPECT_FALSE(got.imu_has_gyr);
}

TEST(RecordingWriter, WritesGzipOnlyWhenThePathEndsInGz) {
  TempDir dir;
  RecordingHeader h;
  h.has_mag = true;
  write_recording(dir.file("plain.csv"), h, {});
  write_recording(dir.file("packed.csv.gz"), h, {});
  EXPECT_EQ(read_bytes(dir.file("plain.csv")).rfind("# fusetrack recording v1\n", 0), 0u);
  const std::string gz = read_bytes(dir.file("packed.csv.gz"));
  ASSERT_GE(gz.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1fu);
  RecordingHeader got;
  EXPECT_TRUE(read_recording(dir.file("packed.csv.gz"), &got).empty());
  EXPECT_EQ(got, h);
}

TEST(RecordingWriter, OrdersRowsByTimeInWriteRecording) {
  TempDir dir;
  RecordingHeader h;
  h.has_imu = true;
  h.has_mag = true;
  std::vector<Record> records;
  for (Micros t = 0; t < 100000; t += 10000) {  // all imu first, then all mag
    ImuSample s;
    s.t_us = t;
    records.push_back(Record{s});
  }
  for (Micros t = 5000; t < 100000; t += 20000) {
    MagSample s;
    s.t_us = t;
    records.push_back(Record{s});
  }
  write_recording(dir.file("o.csv"), h, records);
  const std::vector<Record> got = read_recording(dir.file("o.csv"));
  ASSERT_EQ(got.size(), records.size());
  for (std::size_t i = 1; i < got.size(); ++i) EXPECT_LT(got[i - 1].t_us(), got[i].t_us());
}

TEST(RecordingWriter, RefusesSamplesOfAStreamNotInTheHeader) {
  TempDir dir;
  RecordingHeader h;
  h.has_imu = true;
  RecordingWriter w(dir.file("w.csv"), h);
  EXPECT_THROW(w.write(MagSample{}), std::invalid_argument);
  EXPECT_THROW(w.write(PpgSample{}), std::invalid_argument);
  w.close();
}

TEST(RecordingWriter, RefusesPpgSamplesWhoseChannelsDifferFromTheHeader) {
  TempDir dir;
  RecordingHeader h;
  h.ppg_channels = 2;
  RecordingWriter w(dir.file("w.csv"), h);
  PpgSample s;
  s.channel_count = 1;
  EXPECT_THROW(w.write(s), std::invalid_argument);
  s.channel_count = 2;
  s.has_ambient = true;
  EXPECT_THROW(w.write(s), std::invalid_argument);
  s.has_ambient = false;
  EXPECT_NO_THROW(w.write(s));
}

TEST(RecordingWriter, RefusesImuSamplesWhoseGyroscopeDiffersFromTheHeader) {
  TempDir dir;
  ImuSample with_gyr;
  with_gyr.t_us = 1;
  ImuSample acc_only = with_gyr;
  acc_only.has_gyr = false;
  auto message = [](RecordingWriter& w, const ImuSample& s) {
    try {
      w.write(s);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no std::invalid_argument");
  };

  RecordingWriter full(dir.file("full.csv"), all_streams());
  const std::string no_gyr = message(full, acc_only);
  EXPECT_TRUE(contains(no_gyr, dir.file("full.csv"))) << no_gyr;
  EXPECT_TRUE(contains(no_gyr, "imu sample has no gyroscope values (has_gyr false)")) << no_gyr;
  EXPECT_TRUE(contains(no_gyr, "the header has gyr columns")) << no_gyr;
  EXPECT_NO_THROW(full.write(with_gyr));
  full.close();

  RecordingWriter acc(dir.file("acc.csv"), acc_only_streams());
  const std::string gyr = message(acc, with_gyr);
  EXPECT_TRUE(contains(gyr, "imu sample has gyroscope values (has_gyr true)")) << gyr;
  EXPECT_TRUE(contains(gyr, "accelerometer-only (no gyr columns)")) << gyr;
  EXPECT_NO_THROW(acc.write(acc_only));
  acc.close();
  // The refused samples wrote nothing: each file holds one imu row.
  EXPECT_EQ(read_recording(dir.file("full.csv")).size(), 1u);
  EXPECT_EQ(read_recording(dir.file("acc.csv")).size(), 1u);
}

TEST(RecordingWriter, IgnoresTheGyroscopeOfAnAccelerometerOnlySampleEvenWhenNotFinite) {
  TempDir dir;
  RecordingWriter w(dir.file("acc.csv"), acc_only_streams());
  ImuSample s;
  s.has_gyr = false;
  s.gyr_rad_s.x() = std::numeric_limits<float>::quiet_NaN();  // ignored: no gyroscope
  EXPECT_NO_THROW(w.write(s));
  w.close();
  const std::vector<Record> back = read_recording(dir.file("acc.csv"));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(std::get<ImuSample>(back[0].sample).gyr_rad_s, Vec3::Zero());
}

TEST(RecordingWriter, RefusesNonFiniteValuesAndTimeNotIncreasingWithinAStream) {
  TempDir dir;
  RecordingWriter w(dir.file("w.csv"), all_streams());
  ImuSample bad;
  bad.acc_m_s2.x() = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(w.write(bad), std::invalid_argument);
  ImuSample a;
  a.t_us = 100;
  w.write(a);
  EXPECT_THROW(w.write(a), std::invalid_argument) << "duplicate time";
  a.t_us = 50;
  EXPECT_THROW(w.write(a), std::invalid_argument) << "time going backwards";
  MagSample m;
  m.t_us = 50;  // another stream may be earlier
  EXPECT_NO_THROW(w.write(m));
  w.close();
  EXPECT_THROW(w.write(m), std::logic_error) << "write after close";
}

TEST(RecordingWriter, RefusesHeadersAndMetadataItCouldNotReadBack) {
  TempDir dir;
  EXPECT_THROW(RecordingWriter(dir.file("a.csv"), RecordingHeader{}), std::invalid_argument);
  RecordingHeader five = all_streams();
  five.ppg_channels = 5;
  EXPECT_THROW(RecordingWriter(dir.file("b.csv"), five), std::invalid_argument);
  EXPECT_THROW(RecordingWriter(dir.file("c.csv"), all_streams(), {{"key", "two words"}}),
               std::invalid_argument);
  EXPECT_THROW(RecordingWriter(dir.file("d.csv"), all_streams(), {{"a=b", "c"}}),
               std::invalid_argument);
  EXPECT_THROW(RecordingWriter(dir.file("e.csv"), all_streams(), {{"", "c"}}),
               std::invalid_argument);
}

TEST(RecordingWriter, ThrowsRuntimeErrorNamingThePathWhenTheFolderIsMissing) {
  TempDir dir;
  const std::string path = dir.file("no-such-folder/r.csv");
  try {
    RecordingWriter w(path, all_streams());
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), path)) << e.what();
  }
}

// ---- reader ---------------------------------------------------------------------------------

TEST(RecordingReader, ReadsTheDocumentedExampleWithItsMetadata) {
  TempDir dir;
  write_text(dir.file("doc.csv"), kDocExample);
  RecordingReader reader(dir.file("doc.csv"));
  EXPECT_TRUE(reader.header().has_imu);
  EXPECT_TRUE(reader.header().imu_has_gyr);
  EXPECT_TRUE(reader.header().has_mag);
  EXPECT_EQ(reader.header().ppg_channels, 1);
  EXPECT_TRUE(reader.header().ppg_ambient);
  EXPECT_EQ(reader.metadata(), (Metadata{{"source", "simulator"}, {"seed", "7"}}));
  ASSERT_NE(find_metadata(reader.metadata(), "seed"), nullptr);
  EXPECT_EQ(*find_metadata(reader.metadata(), "seed"), "7");
  EXPECT_EQ(find_metadata(reader.metadata(), "absent"), nullptr);
  Record r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_EQ(r.kind(), StreamKind::kImu);
  EXPECT_EQ(std::get<ImuSample>(r.sample).acc_m_s2.z(), 9.81f);
  EXPECT_TRUE(std::get<ImuSample>(r.sample).has_gyr);
  EXPECT_EQ(std::get<ImuSample>(r.sample).gyr_rad_s.z(), 0.0015f);
  ASSERT_TRUE(reader.next(r));
  ASSERT_EQ(r.kind(), StreamKind::kMag);
  EXPECT_EQ(r.t_us(), 5000);
  EXPECT_EQ(std::get<MagSample>(r.sample).mag_ut.x(), 21.5f);
  ASSERT_TRUE(reader.next(r));
  ASSERT_EQ(r.kind(), StreamKind::kPpg);
  EXPECT_EQ(std::get<PpgSample>(r.sample).ppg[0], 51234.0f);
  EXPECT_EQ(std::get<PpgSample>(r.sample).ambient, 812.0f);
  EXPECT_FALSE(reader.next(r));
  EXPECT_EQ(reader.report().rows_total(), 3u);
  EXPECT_EQ(reader.report().skipped_total(), 0u);
}

TEST(RecordingReader, ReadsAHeaderWithoutGyroscopeColumnsAsAnAccelerometerOnlyImuStream) {
  TempDir dir;
  write_text(dir.file("acc.csv"),
             "# fusetrack recording v1\n"
             "stream,t_us,mag_x_ut,mag_y_ut,mag_z_ut,acc_z_m_s2,acc_x_m_s2,acc_y_m_s2\n"
             "imu,1000,,,,9.75,0.5,-1.25\n"
             "mag,2000,21.5,-3.25,-40,,,\n"
             "imu,3000,,,,9.5,-0,0.25\n");
  RecordingReader reader(dir.file("acc.csv"));
  const RecordingHeader& h = reader.header();
  EXPECT_TRUE(h.has_imu);
  EXPECT_FALSE(h.imu_has_gyr);
  EXPECT_TRUE(h.has_mag);
  EXPECT_FALSE(h.has_ppg());
  EXPECT_EQ(h.column_names(),
            (std::vector<std::string>{"stream", "t_us", "acc_x_m_s2", "acc_y_m_s2", "acc_z_m_s2",
                                      "mag_x_ut", "mag_y_ut", "mag_z_ut"}));
  Record r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_EQ(r.kind(), StreamKind::kImu);
  EXPECT_EQ(std::get<ImuSample>(r.sample).acc_m_s2, Vec3(0.5f, -1.25f, 9.75f));
  EXPECT_FALSE(std::get<ImuSample>(r.sample).has_gyr);
  EXPECT_EQ(std::get<ImuSample>(r.sample).gyr_rad_s, Vec3::Zero());
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(std::get<MagSample>(r.sample).mag_ut, Vec3(21.5f, -3.25f, -40.0f));
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(std::get<ImuSample>(r.sample).acc_m_s2, Vec3(-0.0f, 0.25f, 9.5f));
  EXPECT_FALSE(std::get<ImuSample>(r.sample).has_gyr);
  EXPECT_FALSE(reader.next(r));
  EXPECT_EQ(reader.report().rows_of(StreamKind::kImu), 2u);
}

TEST(RecordingHeader, NamesAndComparesTheGyroscopeColumnsOnlyWithAnImuStream) {
  RecordingHeader acc;
  acc.has_imu = true;
  acc.imu_has_gyr = false;
  EXPECT_EQ(acc.column_names(),
            (std::vector<std::string>{"stream", "t_us", "acc_x_m_s2", "acc_y_m_s2", "acc_z_m_s2"}));
  RecordingHeader full = acc;
  full.imu_has_gyr = true;
  EXPECT_EQ(full.column_names().size(), 8u);
  EXPECT_EQ(full.column_names()[5], "gyr_x_rad_s");
  EXPECT_FALSE(acc == full);
  RecordingHeader mag_a;
  mag_a.has_mag = true;
  RecordingHeader mag_b = mag_a;
  mag_b.imu_has_gyr = false;  // no imu stream: nothing to differ in
  EXPECT_TRUE(mag_a == mag_b);
  EXPECT_EQ(mag_b.column_names(),
            (std::vector<std::string>{"stream", "t_us", "mag_x_ut", "mag_y_ut", "mag_z_ut"}));
}

TEST(RecordingReader, MapsColumnsByNameInAnyOrder) {
  TempDir dir;
  write_text(dir.file("o.csv"),
             "mag_z_ut,t_us,mag_x_ut,stream,mag_y_ut\n"
             "3,100,1,mag,2\n");
  const std::vector<Record> got = read_recording(dir.file("o.csv"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].t_us(), 100);
  EXPECT_EQ(std::get<MagSample>(got[0].sample).mag_ut, Vec3(1.0f, 2.0f, 3.0f));
}

TEST(RecordingReader, LetsStreamsInterleaveWithoutGlobalTimeOrder) {
  TempDir dir;
  write_text(dir.file("i.csv"),
             kImuMagHeader + imu_row("3000") + mag_row("1000") + imu_row("4000") + mag_row("2000"));
  RecordingReader reader(dir.file("i.csv"));
  Record r;
  std::vector<Micros> times;
  while (reader.next(r)) times.push_back(r.t_us());
  EXPECT_EQ(times, (std::vector<Micros>{3000, 1000, 4000, 2000}));
  EXPECT_EQ(reader.report().rows_of(StreamKind::kImu), 2u);
  EXPECT_EQ(reader.report().rows_of(StreamKind::kMag), 2u);
  EXPECT_EQ(reader.report().rows_of(StreamKind::kPpg), 0u);
}

TEST(RecordingReader, ParsesCommentsAndKeyValueMetadataBeforeTheHeader) {
  TempDir dir;
  write_text(dir.file("c.csv"),
             "#fusetrack recording v1\n"
             "# source=simulator seed=7\n"
             "# a free-text note is allowed too\n"
             "#\n"
             "#   subject=s01\tdevice=wrist-left\n" +
                 kImuMagHeader + imu_row("1"));
  RecordingReader reader(dir.file("c.csv"));
  EXPECT_EQ(
      reader.metadata(),
      (Metadata{
          {"source", "simulator"}, {"seed", "7"}, {"subject", "s01"}, {"device", "wrist-left"}}));
  Record r;
  EXPECT_TRUE(reader.next(r));
}

TEST(RecordingReader, AcceptsCrlfLineEndings) {
  TempDir dir;
  write_text(dir.file("crlf.csv"), "stream,t_us,mag_x_ut,mag_y_ut,mag_z_ut\r\nmag,1,2,3,4\r\n");
  const std::vector<Record> got = read_recording(dir.file("crlf.csv"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<MagSample>(got[0].sample).mag_ut.z(), 4.0f);
}

TEST(RecordingReader, ReadsTwoHundredThousandRowsOneAtATime) {
  TempDir dir;
  RecordingHeader h;
  h.has_imu = true;
  h.ppg_channels = 1;
  const std::string path = dir.file("big.csv.gz");
  constexpr int kRows = 200000;
  {
    RecordingWriter w(path, h, {{"rows", std::to_string(kRows)}});
    for (int i = 0; i < kRows; ++i) {
      if (i % 4 == 3) {
        PpgSample s;
        s.t_us = i * 1000;
        s.ppg[0] = static_cast<float>(i);
        w.write(s);
      } else {
        ImuSample s;
        s.t_us = i * 1000;
        s.acc_m_s2 = Vec3(static_cast<float>(i), 0.5f, -9.75f);
        w.write(s);
      }
    }
    w.close();
  }
  RecordingReader reader(path);
  Record r;
  int i = 0;
  while (reader.next(r)) {
    ASSERT_EQ(r.t_us(), i * 1000);
    ASSERT_EQ(r.kind(), i % 4 == 3 ? StreamKind::kPpg : StreamKind::kImu);
    ASSERT_EQ(reader.report().rows_total(), static_cast<std::uint64_t>(i + 1));
    ++i;
  }
  EXPECT_EQ(i, kRows);
  EXPECT_EQ(reader.report().rows_of(StreamKind::kPpg), static_cast<std::uint64_t>(kRows / 4));
}

// A pipe holds 64 KiB and the reader buffers a few hundred KiB, far less than the ~15 MB the
// writer sends: the first row can only arrive before the writer is done if the reader streams.
TEST(RecordingReader, StreamsRowsFromAPipeBeforeTheWriterHasFinished) {
  TempDir dir;
  const std::string fifo = dir.file("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::signal(SIGPIPE, SIG_IGN);  // a failed reader must not kill the writer thread's process
  RecordingHeader h;
  h.has_imu = true;
  constexpr int kRows = 200000;
  std::atomic<bool> writer_done{false};
  std::atomic<bool> writer_failed{false};
  std::thread writer([&] {
    try {
      RecordingWriter w(fifo, h);
      for (int i = 0; i < kRows; ++i) {
        ImuSample s;
        s.t_us = i;
        s.acc_m_s2 = Vec3(0.125f, -0.25f, 9.80665f);
        s.gyr_rad_s = Vec3(0.001f, 0.002f, 0.003f);
        w.write(s);
      }
      w.close();
    } catch (...) {
      writer_failed = true;
    }
    writer_done = true;
  });
  int rows = 0;
  bool first_before_done = false;
  try {
    RecordingReader reader(fifo);
    Record r;
    while (reader.next(r)) {
      if (rows == 0) first_before_done = !writer_done.load();
      ++rows;
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
  }
  writer.join();
  EXPECT_TRUE(first_before_done);
  EXPECT_FALSE(writer_failed.load());
  EXPECT_EQ(rows, kRows);
}

// ---- errors: each names file, line, column, expected and found ------------------------------

TEST(RecordingErrors, EmptyFileIsAnErrorAtLineOneColumnOne) {
  TempDir dir;
  const auto e = error_for(dir, "");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 1u);
  EXPECT_EQ(e->column, 1u);
  EXPECT_EQ(e->found, "an empty file");
  EXPECT_TRUE(contains(e->what(), "bad.csv:1:1: expected a header row")) << e->what();
}

TEST(RecordingErrors, FileWithOnlyCommentsIsAnErrorAfterTheComments) {
  TempDir dir;
  const auto e = error_for(dir, "# fusetrack recording v1\n# seed=1\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 3u);
  EXPECT_EQ(e->found, "end of file after the comments");
}

TEST(RecordingErrors, OtherFormatVersionIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, "# fusetrack recording v2\n" + kImuMagHeader);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 1u);
  EXPECT_EQ(e->column, 23u);
  EXPECT_EQ(e->found, "'v2'");
  EXPECT_TRUE(contains(e->what(), "expected format version v1")) << e->what();
}

TEST(RecordingErrors, MissingColumnOfAGroupIsNamed) {
  TempDir dir;
  const auto e =
      error_for(dir, "stream,t_us,acc_x_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 1u);
  EXPECT_EQ(e->column, 13u);  // the group's first present column, acc_x_m_s2
  EXPECT_EQ(e->field, 3u);
  EXPECT_EQ(e->found, "missing column acc_y_m_s2");
  EXPECT_TRUE(contains(e->what(), "missing column acc_y_m_s2")) << e->what();
}

TEST(RecordingErrors, SomeButNotAllGyroscopeColumnsAreAnIncompleteGroup) {
  TempDir dir;
  const auto e =
      error_for(dir, "stream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_z_rad_s\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 1u);
  EXPECT_EQ(e->column, 46u);  // the group's first present column, gyr_x_rad_s
  EXPECT_EQ(e->field, 6u);
  EXPECT_EQ(e->found, "missing column gyr_y_rad_s");
  EXPECT_TRUE(contains(e->what(),
                       "bad.csv:1:46: expected all 3 gyr columns (gyr_*_rad_s) or "
                       "none (an accelerometer-only imu stream), found missing column "
                       "gyr_y_rad_s (field 6)"))
      << e->what();
  const auto one = error_for(dir, "stream,t_us,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_z_rad_s\n");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->found, "missing column gyr_x_rad_s");
}

TEST(RecordingErrors, GyroscopeColumnsWithoutAccelerometerColumnsAreAnError) {
  TempDir dir;
  const auto e = error_for(dir, "stream,t_us,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 1u);
  EXPECT_EQ(e->column, 13u);
  EXPECT_EQ(e->field, 3u);
  EXPECT_EQ(e->found, "missing column acc_x_m_s2");
  EXPECT_TRUE(contains(e->what(), "expected the 3 acc columns (acc_*_m_s2) with the gyr columns"))
      << e->what();
}

TEST(RecordingErrors, MissingStreamOrTimeColumnIsNamed) {
  TempDir dir;
  const auto e = error_for(dir, "stream,mag_x_ut,mag_y_ut,mag_z_ut\nmag,1,2,3\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 1u);
  EXPECT_EQ(e->column, 1u);
  EXPECT_TRUE(contains(e->what(), "missing column t_us")) << e->what();
}

TEST(RecordingErrors, PpgChannelsWithAGapAreAnError) {
  TempDir dir;
  const auto e = error_for(dir, "stream,t_us,ppg_1,ppg_3\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->column, 13u);
  EXPECT_TRUE(contains(e->what(), "missing column ppg_2")) << e->what();
  const auto ambient_only = error_for(dir, "stream,t_us,ppg_ambient\n");
  ASSERT_TRUE(ambient_only);
  EXPECT_TRUE(contains(ambient_only->what(), "missing column ppg_1")) << ambient_only->what();
}

TEST(RecordingErrors, UnknownColumnIsNamed) {
  TempDir dir;
  const auto e = error_for(dir, "stream,t_us,mag_x_ut,mag_y_ut,mag_z_ut,temp_c\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 1u);
  EXPECT_EQ(e->column, 40u);
  EXPECT_EQ(e->field, 6u);
  EXPECT_EQ(e->found, "unknown column 'temp_c'");
  const auto fifth = error_for(dir, "stream,t_us,ppg_1,ppg_2,ppg_3,ppg_4,ppg_5\n");
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->found, "unknown column 'ppg_5'");
  EXPECT_TRUE(contains(fifth->what(), "expected PPG channel columns ppg_1 .. ppg_4"));
}

TEST(RecordingErrors, DuplicateColumnIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, "stream,t_us,mag_x_ut,mag_y_ut,mag_z_ut,mag_x_ut\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->column, 40u);
  EXPECT_TRUE(contains(e->what(), "a second 'mag_x_ut' (the first is field 3)")) << e->what();
}

TEST(RecordingErrors, HeaderWithoutAnyStreamIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, "stream,t_us\n");
  ASSERT_TRUE(e);
  EXPECT_TRUE(contains(e->what(), "expected the columns of at least one stream")) << e->what();
}

TEST(RecordingErrors, HeaderErrorsThrowEvenWhenSkippingBadRows) {
  TempDir dir;
  write_text(dir.file("h.csv"), "stream,t_us,bogus\n");
  EXPECT_THROW(RecordingReader(dir.file("h.csv"), ReaderOptions{true}), ParseError);
}

TEST(RecordingErrors, NonNumericValueIsAnErrorAtItsLineAndColumn) {
  TempDir dir;
  const auto e =
      error_for(dir, kImuMagHeader + imu_row("1000") + "imu,2000,0.5,abc,9.75,0.001,0,-0,,,\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 3u);
  EXPECT_EQ(e->column, 14u);
  EXPECT_EQ(e->field, 4u);
  EXPECT_TRUE(
      contains(e->what(), "bad.csv:3:14: expected a number for column 'acc_y_m_s2', found 'abc'"))
      << e->what();
}

TEST(RecordingErrors, EmptyValueOfTheRowsStreamIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "mag,1000,,,,,,,21.5,,-40\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 21u);
  EXPECT_EQ(e->found, "an empty field");
  EXPECT_TRUE(contains(e->what(), "column 'mag_y_ut'")) << e->what();
}

TEST(RecordingErrors, NanValueIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "imu,2000,nan,-1.25,9.75,0.001,0,-0,,,\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 10u);
  EXPECT_TRUE(contains(e->what(), "expected a finite number for column 'acc_x_m_s2', found 'nan'"))
      << e->what();
}

TEST(RecordingErrors, InfiniteValueIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "mag,1000,,,,,,,21.5,-inf,-40\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->column, 21u);
  EXPECT_TRUE(contains(e->what(), "expected a finite number for column 'mag_y_ut', found '-inf'"))
      << e->what();
}

TEST(RecordingErrors, TooFewFieldsIsAnErrorAtTheEndOfTheLine) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "imu,2000,0.5,-1.25\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 19u);
  EXPECT_TRUE(contains(e->what(), "expected 11 fields, one per header column, found 4 fields"))
      << e->what();
}

TEST(RecordingErrors, TooManyFieldsIsAnErrorAtTheFirstExtraField) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "mag,1000,,,,,,,21.5,-3.25,-40,7\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 31u);
  EXPECT_EQ(e->field, 12u);
  EXPECT_EQ(e->found, "12 fields");
}

TEST(RecordingErrors, EmptyLineIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + imu_row("1") + "\n" + imu_row("2"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 3u);
  EXPECT_EQ(e->found, "an empty line");
}

TEST(RecordingErrors, TruncatedLastLineIsAnError) {
  TempDir dir;
  std::string content = kImuMagHeader + imu_row("1000") + imu_row("2000");
  content.pop_back();  // no final newline: the writer may have been cut off
  const auto e = error_for(dir, content);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 3u);
  EXPECT_EQ(e->column, imu_row("2000").size());
  EXPECT_TRUE(contains(e->what(), "expected a newline at the end of the last row")) << e->what();
}

TEST(RecordingErrors, HeaderWithoutFinalNewlineIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, "# seed=1\nstream,t_us,mag_x_ut,mag_y_ut,mag_z_ut");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 39u);
  EXPECT_TRUE(contains(e->what(), "expected a newline after the header row, found end of file"))
      << e->what();
}

TEST(RecordingErrors, TimeGoingBackwardsWithinAStreamIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + imu_row("2000") + mag_row("500") + imu_row("1500"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 4u);
  EXPECT_EQ(e->column, 5u);
  EXPECT_EQ(e->field, 2u);
  EXPECT_EQ(e->found, "'1500' (time going backwards)");
  EXPECT_TRUE(contains(e->what(), "previous imu row's 2000 (line 2)")) << e->what();
}

TEST(RecordingErrors, DuplicateTimeWithinAStreamIsAnError) {
  TempDir dir;
  const auto e =
      error_for(dir, kImuMagHeader + mag_row("2000") + imu_row("2000") + mag_row("2000"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 4u);
  EXPECT_EQ(e->column, 5u);
  EXPECT_EQ(e->found, "'2000' (a duplicate time)");
}

TEST(RecordingErrors, NonIntegerTimeIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + imu_row("1000.5"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->column, 5u);
  EXPECT_TRUE(contains(e->what(), "expected an integer for column 't_us', found '1000.5'"))
      << e->what();
}

TEST(RecordingErrors, UnknownStreamNameIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "gyro,1000,0.5,-1.25,9.75,0.001,0,-0,,,\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 1u);
  EXPECT_TRUE(contains(e->what(), "expected a stream name (imu, mag or ppg), found 'gyro'"))
      << e->what();
}

TEST(RecordingErrors, RowForAStreamWithoutHeaderColumnsIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "ppg,1000,,,,,,,,,\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 1u);
  EXPECT_TRUE(contains(e->what(), "the header has no ppg columns")) << e->what();
}

TEST(RecordingErrors, ValueInAnotherStreamsColumnIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + "imu,1000,0.5,-1.25,9.75,0.001,0,-0,,7,\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2u);
  EXPECT_EQ(e->column, 37u);
  EXPECT_TRUE(contains(e->what(), "column 'mag_y_ut' is not part of the imu stream")) << e->what();
}

TEST(RecordingErrors, CommentAfterTheHeaderIsAnError) {
  TempDir dir;
  const auto e = error_for(dir, kImuMagHeader + imu_row("1") + "# late=comment\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 3u);
  EXPECT_TRUE(contains(e->what(), "comments are only allowed before the header")) << e->what();
}

TEST(RecordingErrors, MissingFileIsARuntimeErrorNamingThePath) {
  TempDir dir;
  const std::string path = dir.file("absent.csv");
  try {
    RecordingReader reader(path);
    FAIL() << "no exception";
  } catch (const ParseError&) {
    FAIL() << "a missing file is an I/O error, not a format error";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), path)) << e.what();
  }
}

// ---- drop_gyroscope --------------------------------------------------------------------------

TEST(DropGyroscope, KeepsEveryRowAndAccelerometerValueOfTheBundledSample) {
  TempDir dir;
  const std::string sample = std::string(FUSETRACK_SAMPLE_DIR) + "/sample.csv";
  const std::string out = dir.file("sample_no_gyro.csv");
  drop_gyroscope(sample, out);

  RecordingHeader in_header, out_header;
  Metadata in_meta, out_meta;
  const std::vector<Record> in = read_recording(sample, &in_header, &in_meta);
  const std::vector<Record> got = read_recording(out, &out_header, &out_meta);
  ASSERT_TRUE(in_header.has_imu);
  ASSERT_TRUE(in_header.imu_has_gyr);
  RecordingHeader expected_header = in_header;
  expected_header.imu_has_gyr = false;
  EXPECT_EQ(out_header, expected_header);
  EXPECT_EQ(out_meta, in_meta);
  EXPECT_EQ(read_bytes(out).find("gyr_"), std::string::npos);

  ASSERT_EQ(got.size(), in.size());
  std::size_t imu_rows = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i].kind() != StreamKind::kImu) {
      expect_identical(got[i], in[i], i);  // mag and ppg rows unchanged
      continue;
    }
    ASSERT_EQ(got[i].kind(), StreamKind::kImu);
    const auto& a = std::get<ImuSample>(got[i].sample);
    const auto& b = std::get<ImuSample>(in[i].sample);
    ASSERT_EQ(a.t_us, b.t_us);
    for (Eigen::Index k = 0; k < 3; ++k) ASSERT_EQ(bits(a.acc_m_s2[k]), bits(b.acc_m_s2[k]));
    ASSERT_FALSE(a.has_gyr);
    ASSERT_EQ(a.gyr_rad_s, Vec3::Zero());
    ++imu_rows;
  }
  EXPECT_EQ(imu_rows, 30221u);  // data/README.md

  // Dropping again changes nothing, and gzip output holds the same rows.
  drop_gyroscope(out, dir.file("again.csv"));
  EXPECT_EQ(read_bytes(dir.file("again.csv")), read_bytes(out));
  drop_gyroscope(sample, dir.file("sample_no_gyro.csv.gz"));
  expect_identical(read_recording(dir.file("sample_no_gyro.csv.gz")), got);
}

TEST(DropGyroscope, RefusesToOverwriteItsInput) {
  TempDir dir;
  write_text(dir.file("r.csv"), kImuMagHeader + imu_row("1"));
  EXPECT_THROW(drop_gyroscope(dir.file("r.csv"), dir.file("r.csv")), std::invalid_argument);
  EXPECT_EQ(read_bytes(dir.file("r.csv")), kImuMagHeader + imu_row("1"));
}

// ---- skip mode ------------------------------------------------------------------------------

TEST(RecordingSkip, SkipsAndCountsEachBadRowByReasonAndKeepsGoing) {
  TempDir dir;
  const std::string content = kImuMagHeader +                             // line 1
                              imu_row("1000") +                           // 2 good
                              "imu,2000,abc,-1.25,9.75,0.001,0,-0,,,\n"   // 3 not numeric
                              "imu,2000,nan,-1.25,9.75,0.001,0,-0,,,\n"   // 4 not finite
                              "imu,2000,0.5,-1.25\n"                      // 5 field count
                              + imu_row("500") +                          // 6 time backwards
                              "gyro,3000,0.5,-1.25,9.75,0.001,0,-0,,,\n"  // 7 bad stream
                              "ppg,3000,,,,,,,,,\n"                       // 8 stream not in header
                              "imu,2000,0.5,-1.25,9.75,0.001,0,-0,1,,\n"  // 9 other stream value
                              + mag_row("1500") +                         // 10 good
                              imu_row("2000") +                           // 11 good
                              "imu,3000,0.5,-1.2";                        // 12 truncated
  write_text(dir.file("bad.csv"), content);
  RecordingReader reader(dir.file("bad.csv"), ReaderOptions{true});
  Record r;
  std::vector<Micros> times;
  while (reader.next(r)) times.push_back(r.t_us());
  EXPECT_EQ(times, (std::vector<Micros>{1000, 1500, 2000}));
  const ReadReport& rep = reader.report();
  EXPECT_EQ(rep.rows_of(StreamKind::kImu), 2u);
  EXPECT_EQ(rep.rows_of(StreamKind::kMag), 1u);
  EXPECT_EQ(rep.skipped_for(SkipReason::kNotNumeric), 1u);
  EXPECT_EQ(rep.skipped_for(SkipReason::kNotFinite), 1u);
  EXPECT_EQ(rep.skipped_for(SkipReason::kFieldCount), 1u);
  EXPECT_EQ(rep.skipped_for(SkipReason::kTimeNotIncreasing), 1u);
  EXPECT_EQ(rep.skipped_for(SkipReason::kBadStream), 2u);
  EXPECT_EQ(rep.skipped_for(SkipReason::kOtherStreamValue), 1u);
  EXPECT_EQ(rep.skipped_for(SkipReason::kTruncatedLine), 1u);
  EXPECT_EQ(rep.skipped_total(), 8u);
  ASSERT_EQ(rep.messages.size(), 8u);
  EXPECT_TRUE(contains(rep.messages[0], "bad.csv:3:10:")) << rep.messages[0];
  EXPECT_TRUE(contains(rep.messages[7], "bad.csv:12:18:")) << rep.messages[7];
}

TEST(RecordingSkip, KeepsOnlyTheFirstMessagesButCountsEveryRow) {
  TempDir dir;
  std::string content = kImuMagHeader;
  for (int i = 0; i < 50; ++i) content += "imu,x,0,0,0,0,0,0,,,\n";
  content += imu_row("7");
  write_text(dir.file("many.csv"), content);
  ReaderOptions options;
  options.skip_bad_rows = true;
  options.max_messages = 3;
  RecordingReader reader(dir.file("many.csv"), options);
  Record r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.t_us(), 7);
  EXPECT_FALSE(reader.next(r));
  EXPECT_EQ(reader.report().skipped_for(SkipReason::kNotNumeric), 50u);
  EXPECT_EQ(reader.report().messages.size(), 3u);
}

TEST(RecordingSkip, ReasonNamesAreStable) {
  EXPECT_STREQ(skip_reason_name(SkipReason::kNotNumeric), "not_numeric");
  EXPECT_STREQ(skip_reason_name(SkipReason::kTruncatedLine), "truncated_line");
  EXPECT_STREQ(stream_name(StreamKind::kPpg), "ppg");
}

// ---- what editors, spreadsheets and other tools leave in a file ------------------------------

TEST(RecordingBadInput, AUtf8ByteOrderMarkBeforeTheVersionLineIsAccepted) {
  TempDir dir;
  const std::string content =
      "\xEF\xBB\xBF# fusetrack recording v1\n# imu_rate_hz=104\n" + kImuMagHeader + imu_row("1");
  write_text(dir.file("bom.csv"), content);
  write_gzip(dir.file("bom.csv.gz"), content);
  for (const std::string name : {"bom.csv", "bom.csv.gz"}) {
    SCOPED_TRACE(name);
    RecordingReader reader(dir.file(name));
    EXPECT_TRUE(reader.header().has_imu);
    ASSERT_NE(find_metadata(reader.metadata(), "imu_rate_hz"), nullptr);
    Record r;
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.t_us(), 1);
    EXPECT_FALSE(reader.next(r));
  }
  // Before the header row alone, too.
  write_text(dir.file("bom_header.csv"), "\xEF\xBB\xBF" + kImuMagHeader + imu_row("1"));
  EXPECT_EQ(read_recording(dir.file("bom_header.csv")).size(), 1u);
}

TEST(RecordingBadInput, BlankLinesAtTheEndOfTheFileAreAccepted) {
  TempDir dir;
  for (const std::string end : {"\n", "\r\n", "\n\n\n", "  \n", "\n \t"}) {
    SCOPED_TRACE(::testing::PrintToString(end));
    write_text(dir.file("blank.csv"), kImuMagHeader + imu_row("1") + imu_row("2") + end);
    const std::vector<Record> records = read_recording(dir.file("blank.csv"));
    EXPECT_EQ(records.size(), 2u);
  }
}

TEST(RecordingBadInput, BlankLinesBeforeARowAreBadRowsAtTheBlankLine) {
  TempDir dir;
  const std::string content = kImuMagHeader + imu_row("1") + "\n  \n" + imu_row("2") + "\n";
  const auto e = error_for(dir, content);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 3u);
  EXPECT_EQ(e->found, "an empty line");
  // Skipped and counted, each of them, but not the last (trailing) one.
  write_text(dir.file("blank.csv"), content);
  RecordingReader reader(dir.file("blank.csv"), ReaderOptions{true});
  Record r;
  std::size_t n = 0;
  while (reader.next(r)) ++n;
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(reader.report().skipped_for(SkipReason::kFieldCount), 2u);
  ASSERT_EQ(reader.report().messages.size(), 2u);
  EXPECT_TRUE(contains(reader.report().messages[1], "blank.csv:4:1:"))
      << reader.report().messages[1];
}

TEST(RecordingBadInput, AnOverlongLineIsAnErrorNamingFileLineAndLimitOrASkippedRow) {
  TempDir dir;
  const std::string content =
      kImuMagHeader + imu_row("1") + std::string(kMaxLineBytes + 1, '9') + "\n" + imu_row("2");
  const auto e = error_for(dir, content);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 3u);
  EXPECT_TRUE(contains(e->what(), "bad.csv:3:")) << e->what();
  EXPECT_TRUE(contains(e->what(), std::to_string(kMaxLineBytes) + " bytes")) << e->what();
  RecordingReader reader(dir.file("bad.csv"), ReaderOptions{true});
  Record r;
  std::vector<Micros> times;
  while (reader.next(r)) times.push_back(r.t_us());
  EXPECT_EQ(times, (std::vector<Micros>{1, 2}));
  EXPECT_EQ(reader.report().skipped_for(SkipReason::kLineTooLong), 1u);
  EXPECT_STREQ(skip_reason_name(SkipReason::kLineTooLong), "line_too_long");
}

TEST(RecordingBadInput, FileContentInMessagesHasItsControlCharactersEscaped) {
  TempDir dir;
  for (const std::string& bad :
       {kImuMagHeader + "\x1b]0;owned\x07,1,0,0,0,0,0,0,,,\n",  // stream label
        kImuMagHeader + "imu,1,\x1b[2J,0,0,0,0,0,,,\n",         // a value
        std::string("stream,t_us,acc_x_m_s2\x1b[31m\n"),        // a column name
        std::string("# fusetrack recording v\x9b"
                    "1\n") +
            kImuMagHeader}) {  // the version
    const auto e = error_for(dir, bad);
    ASSERT_TRUE(e);
    const std::string what = e->what();
    EXPECT_EQ(what.find('\x1b'), std::string::npos) << ::testing::PrintToString(what);
    EXPECT_EQ(what.find('\x07'), std::string::npos) << ::testing::PrintToString(what);
    EXPECT_EQ(what.find('\x9b'), std::string::npos) << ::testing::PrintToString(what);
    EXPECT_TRUE(contains(what, "\\x1b") || contains(what, "\\x9b")) << what;
  }
}

}  // namespace
}  // namespace fusetrack::io
