// Tracker stream handling: settings checks, per-sample and batch admission, rejection counters,
// measured rates and determinism, through the public API only.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack {
namespace {

constexpr Micros kT0 = 2000000;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

ImuSample imu_at(Micros t_us) {
  ImuSample s;
  s.t_us = t_us;
  s.acc_m_s2 = Vec3(0.1f, -0.2f, kGravity_m_s2);
  s.gyr_rad_s = Vec3(0.01f, 0.02f, -0.03f);
  return s;
}

MagSample mag_at(Micros t_us) {
  MagSample s;
  s.t_us = t_us;
  s.mag_ut = Vec3(20.0f, -5.0f, -40.0f);
  return s;
}

PpgSample ppg_at(Micros t_us, std::uint8_t channels = 1) {
  PpgSample s;
  s.t_us = t_us;
  s.channel_count = channels;
  for (std::uint8_t i = 0; i < kMaxPpgChannels; ++i) s.ppg[i] = 1000.0f + static_cast<float>(i);
  return s;
}

// Time stamp of sample k of a stream running at `rate_hz`, rounded to the microsecond.
Micros stamp(std::int64_t k, double rate_hz) {
  return kT0 + std::llround(static_cast<double>(k) * 1e6 / rate_hz);
}

double rel_error(float measured, double truth) {
  return std::fabs(static_cast<double>(measured) - truth) / truth;
}

void expect_same_stream(const StreamOutput& a, const StreamOutput& b, const char* stream) {
  SCOPED_TRACE(stream);
  EXPECT_EQ(a.accepted, b.accepted);
  EXPECT_EQ(a.rejected, b.rejected);
  EXPECT_EQ(a.duplicates, b.duplicates);
  EXPECT_EQ(a.backwards, b.backwards);
  EXPECT_EQ(a.not_finite, b.not_finite);
  EXPECT_EQ(a.gaps, b.gaps);
  EXPECT_EQ(a.missing, b.missing);
  EXPECT_EQ(a.rate_hz, b.rate_hz);  // bit-for-bit, not merely close
  EXPECT_EQ(a.mean_rate_hz, b.mean_rate_hz);
  EXPECT_EQ(a.jitter_s, b.jitter_s);
  EXPECT_EQ(a.drift, b.drift);
  EXPECT_EQ(a.last_t_us, b.last_t_us);
}

void expect_same_vec3(const Vec3& a, const Vec3& b, const char* what) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a[i], b[i]) << what << "[" << i << "]";
}

void expect_same_orientation(const OrientationOutput& a, const OrientationOutput& b) {
  SCOPED_TRACE("orientation");
  EXPECT_EQ(a.q_es.w(), b.q_es.w());
  EXPECT_EQ(a.q_es.x(), b.q_es.x());
  EXPECT_EQ(a.q_es.y(), b.q_es.y());
  EXPECT_EQ(a.q_es.z(), b.q_es.z());
  expect_same_vec3(a.gravity_s_m_s2, b.gravity_s_m_s2, "gravity_s_m_s2");
  expect_same_vec3(a.linear_acc_e_m_s2, b.linear_acc_e_m_s2, "linear_acc_e_m_s2");
  expect_same_vec3(a.gyr_bias_rad_s, b.gyr_bias_rad_s, "gyr_bias_rad_s");
  EXPECT_EQ(a.flags.initialized, b.flags.initialized);
  EXPECT_EQ(a.flags.heading_set, b.flags.heading_set);
  EXPECT_EQ(a.flags.at_rest, b.flags.at_rest);
  EXPECT_EQ(a.flags.acc_rejected, b.flags.acc_rejected);
  EXPECT_EQ(a.flags.mag_disturbed, b.flags.mag_disturbed);
  EXPECT_EQ(a.flags.recovering, b.flags.recovering);
  EXPECT_EQ(a.uses_mag, b.uses_mag);
}

void expect_same_output(const TrackerOutput& a, const TrackerOutput& b) {
  expect_same_stream(a.imu, b.imu, "imu");
  expect_same_stream(a.mag, b.mag, "mag");
  expect_same_stream(a.ppg, b.ppg, "ppg");
  expect_same_orientation(a.orientation, b.orientation);
}

void expect_untouched(const StreamOutput& o, const char* stream) {
  SCOPED_TRACE(stream);
  EXPECT_EQ(o.accepted, 0u);
  EXPECT_EQ(o.rejected, 0u);
  EXPECT_EQ(o.rate_hz, 0.0f);
  EXPECT_EQ(o.mean_rate_hz, 0.0f);
}

// Pushes every kind of sample, single and batch, and expects `expected` from each.
void expect_every_push_returns(Tracker& tracker, Status expected) {
  const ImuSample imu[2] = {imu_at(kT0), imu_at(kT0 + 10000)};
  const MagSample mag[2] = {mag_at(kT0), mag_at(kT0 + 40000)};
  const PpgSample ppg[2] = {ppg_at(kT0), ppg_at(kT0 + 40000)};
  EXPECT_EQ(tracker.push_imu(imu[0]), expected);
  EXPECT_EQ(tracker.push_mag(mag[0]), expected);
  EXPECT_EQ(tracker.push_ppg(ppg[0]), expected);
  std::size_t accepted = 99;
  EXPECT_EQ(tracker.push_imu(imu, 2, &accepted), expected);
  EXPECT_EQ(accepted, 0u);
  accepted = 99;
  EXPECT_EQ(tracker.push_mag(mag, 2, &accepted), expected);
  EXPECT_EQ(accepted, 0u);
  accepted = 99;
  EXPECT_EQ(tracker.push_ppg(ppg, 2, &accepted), expected);
  EXPECT_EQ(accepted, 0u);
}

}  // namespace

TEST(TrackerStreams, DefaultSettingsAreValid) {
  const Tracker tracker;
  EXPECT_EQ(tracker.status(), Status::kOk);
  EXPECT_EQ(TrackerSettings{}.validate(), Status::kOk);
}

TEST(TrackerStreams, ZeroImuRateMakesStatusInvalidAndEveryPushReturnsIt) {
  TrackerSettings settings;
  settings.imu.nominal_rate_hz = 0.0f;
  Tracker tracker(settings);
  EXPECT_EQ(tracker.status(), Status::kInvalidSettings);
  expect_every_push_returns(tracker, Status::kInvalidSettings);
  const TrackerOutput out = tracker.output();
  expect_untouched(out.imu, "imu");
  expect_untouched(out.mag, "mag");
  expect_untouched(out.ppg, "ppg");
}

TEST(TrackerStreams, PpgChannelCountOfZeroOrFiveIsInvalidAndEveryPushReturnsIt) {
  for (const std::uint8_t channels : {std::uint8_t{0}, std::uint8_t{5}}) {
    SCOPED_TRACE(static_cast<int>(channels));
    TrackerSettings settings;
    settings.ppg_channels = channels;
    Tracker tracker(settings);
    EXPECT_EQ(tracker.status(), Status::kInvalidSettings);
    expect_every_push_returns(tracker, Status::kInvalidSettings);
    expect_untouched(tracker.output().imu, "imu");
  }
  // Every count from 1 to kMaxPpgChannels is accepted.
  for (std::uint8_t channels = 1; channels <= kMaxPpgChannels; ++channels) {
    TrackerSettings settings;
    settings.ppg_channels = channels;
    EXPECT_EQ(Tracker(settings).status(), Status::kOk) << static_cast<int>(channels);
  }
}

TEST(TrackerStreams, InvalidSettingsOfAnEnabledStreamAreRefusedButThoseOfADisabledOneIgnored) {
  TrackerSettings settings;
  settings.mag.nominal_rate_hz = -25.0f;
  EXPECT_EQ(Tracker(settings).status(), Status::kInvalidSettings);
  settings.mag_enabled = false;
  EXPECT_EQ(Tracker(settings).status(), Status::kOk);

  TrackerSettings ppg_settings;
  ppg_settings.ppg.gap_factor = 1.0f;
  EXPECT_EQ(Tracker(ppg_settings).status(), Status::kInvalidSettings);
  ppg_settings.ppg_enabled = false;
  EXPECT_EQ(Tracker(ppg_settings).status(), Status::kOk);
}

TEST(TrackerStreams, ImuSampleWithNanIsRejectedAsNotFiniteAndOnlyCounted) {
  Tracker tracker;
  for (int k = 0; k < 50; ++k) ASSERT_EQ(tracker.push_imu(imu_at(stamp(k, 100.0))), Status::kOk);
  const TrackerOutput before = tracker.output();

  ImuSample bad_acc = imu_at(stamp(50, 100.0));
  bad_acc.acc_m_s2.y() = kNaN;
  ImuSample bad_gyr = imu_at(stamp(50, 100.0));
  bad_gyr.gyr_rad_s.z() = std::numeric_limits<float>::infinity();
  EXPECT_EQ(tracker.push_imu(bad_acc), Status::kNotFinite);
  EXPECT_EQ(tracker.push_imu(bad_gyr), Status::kNotFinite);

  TrackerOutput expected = before;
  expected.imu.not_finite = 2;
  expected.imu.rejected = 2;
  expect_same_output(tracker.output(), expected);

  // The rejected sample's time stamp was not used: the same stamp, finite, is accepted.
  EXPECT_EQ(tracker.push_imu(imu_at(stamp(50, 100.0))), Status::kOk);
  EXPECT_EQ(tracker.output().imu.accepted, before.imu.accepted + 1);
}

TEST(TrackerStreams, DuplicateAndBackwardsTimeStampsAreRejectedWithTheirStatusAndCounted) {
  Tracker tracker;
  for (int k = 0; k < 20; ++k) ASSERT_EQ(tracker.push_imu(imu_at(stamp(k, 100.0))), Status::kOk);
  const Micros last = stamp(19, 100.0);

  EXPECT_EQ(tracker.push_imu(imu_at(last)), Status::kDuplicateTime);
  EXPECT_EQ(tracker.push_imu(imu_at(last - 3000)), Status::kTimeBackwards);
  EXPECT_EQ(tracker.push_imu(imu_at(last - 1)), Status::kTimeBackwards);
  EXPECT_EQ(tracker.push_mag(mag_at(kT0)), Status::kOk);
  EXPECT_EQ(tracker.push_mag(mag_at(kT0)), Status::kDuplicateTime);
  EXPECT_EQ(tracker.push_ppg(ppg_at(kT0)), Status::kOk);
  EXPECT_EQ(tracker.push_ppg(ppg_at(kT0 - 1)), Status::kTimeBackwards);

  const TrackerOutput out = tracker.output();
  EXPECT_EQ(out.imu.accepted, 20u);
  EXPECT_EQ(out.imu.duplicates, 1u);
  EXPECT_EQ(out.imu.backwards, 2u);
  EXPECT_EQ(out.imu.rejected, 3u);
  EXPECT_EQ(out.imu.last_t_us, last);
  EXPECT_EQ(out.mag.duplicates, 1u);
  EXPECT_EQ(out.mag.rejected, 1u);
  EXPECT_EQ(out.ppg.backwards, 1u);
  EXPECT_EQ(out.ppg.rejected, 1u);

  // The next regular sample is accepted normally.
  EXPECT_EQ(tracker.push_imu(imu_at(stamp(20, 100.0))), Status::kOk);
  EXPECT_EQ(tracker.output().imu.gaps, 0u);
}

TEST(TrackerStreams, GapIsAcceptedAndCountedWithItsMissingSamples) {
  Tracker tracker;
  for (int k = 0; k < 100; ++k) ASSERT_EQ(tracker.push_imu(imu_at(stamp(k, 100.0))), Status::kOk);
  // Samples 100..106 lost.
  EXPECT_EQ(tracker.push_imu(imu_at(stamp(107, 100.0))), Status::kOk);
  const TrackerOutput out = tracker.output();
  EXPECT_EQ(out.imu.accepted, 101u);
  EXPECT_EQ(out.imu.gaps, 1u);
  EXPECT_EQ(out.imu.missing, 7u);
  EXPECT_EQ(out.imu.rejected, 0u);
  EXPECT_EQ(out.imu.last_t_us, stamp(107, 100.0));
  EXPECT_NEAR(static_cast<double>(out.imu.mean_rate_hz), 100.0, 0.01);  // gap excluded
}

TEST(TrackerStreams, InterleavedStreamsKeepIndependentCounts) {
  // IMU at 100 Hz, magnetometer and PPG at 25 Hz, pushed in time order as they would arrive.
  // Mag stamps coincide with IMU stamps: that is not a duplicate, streams are separate.
  Tracker tracker;
  for (int k = 0; k < 1000; ++k) {  // 10 s
    const Micros t = kT0 + k * 10000;
    ASSERT_EQ(tracker.push_imu(imu_at(t)), Status::kOk);
    if (k % 4 == 0) {
      ASSERT_EQ(tracker.push_mag(mag_at(t)), Status::kOk);
    }
    if (k % 4 == 2) {
      ASSERT_EQ(tracker.push_ppg(ppg_at(t)), Status::kOk);
    }
  }
  // Faults in one stream only touch that stream's counters.
  EXPECT_EQ(tracker.push_mag(mag_at(kT0 + 996 * 10000)), Status::kDuplicateTime);
  MagSample bad = mag_at(kT0 + 1000 * 10000);
  bad.mag_ut.x() = kNaN;
  EXPECT_EQ(tracker.push_mag(bad), Status::kNotFinite);
  EXPECT_EQ(tracker.push_ppg(ppg_at(kT0 + 100 * 10000)), Status::kTimeBackwards);

  const TrackerOutput out = tracker.output();
  EXPECT_EQ(out.imu.accepted, 1000u);
  EXPECT_EQ(out.mag.accepted, 250u);
  EXPECT_EQ(out.ppg.accepted, 250u);
  EXPECT_EQ(out.imu.rejected, 0u);
  EXPECT_EQ(out.mag.rejected, 2u);
  EXPECT_EQ(out.mag.duplicates, 1u);
  EXPECT_EQ(out.mag.not_finite, 1u);
  EXPECT_EQ(out.mag.backwards, 0u);
  EXPECT_EQ(out.ppg.rejected, 1u);
  EXPECT_EQ(out.ppg.backwards, 1u);
  EXPECT_EQ(out.ppg.duplicates + out.ppg.not_finite, 0u);
  EXPECT_EQ(out.imu.last_t_us, kT0 + 999 * 10000);
  EXPECT_EQ(out.mag.last_t_us, kT0 + 996 * 10000);
  EXPECT_EQ(out.ppg.last_t_us, kT0 + 998 * 10000);
  EXPECT_EQ(out.imu.gaps + out.mag.gaps + out.ppg.gaps, 0u);
}

TEST(TrackerStreams, PushMagOnDisabledStreamReturnsStreamDisabledAndCountsNothing) {
  TrackerSettings settings;
  settings.mag_enabled = false;
  Tracker tracker(settings);
  ASSERT_EQ(tracker.status(), Status::kOk);
  EXPECT_EQ(tracker.push_mag(mag_at(kT0)), Status::kStreamDisabled);
  const MagSample batch[3] = {mag_at(kT0), mag_at(kT0 + 40000), mag_at(kT0 + 80000)};
  std::size_t accepted = 99;
  EXPECT_EQ(tracker.push_mag(batch, 3, &accepted), Status::kStreamDisabled);
  EXPECT_EQ(accepted, 0u);
  // The other streams still work.
  EXPECT_EQ(tracker.push_imu(imu_at(kT0)), Status::kOk);
  EXPECT_EQ(tracker.push_ppg(ppg_at(kT0)), Status::kOk);
  const TrackerOutput out = tracker.output();
  EXPECT_EQ(out.mag.accepted, 0u);
  EXPECT_EQ(out.mag.rejected, 0u);
  EXPECT_EQ(out.imu.accepted, 1u);
}

TEST(TrackerStreams, PushPpgOnDisabledStreamReturnsStreamDisabled) {
  TrackerSettings settings;
  settings.ppg_enabled = false;
  Tracker tracker(settings);
  ASSERT_EQ(tracker.status(), Status::kOk);
  EXPECT_EQ(tracker.push_ppg(ppg_at(kT0)), Status::kStreamDisabled);
  EXPECT_EQ(tracker.push_mag(mag_at(kT0)), Status::kOk);
  EXPECT_EQ(tracker.output().ppg.accepted, 0u);
}

TEST(TrackerStreams, PpgWithWrongChannelCountIsOutOfRangeAndCountedAsRejected) {
  TrackerSettings settings;
  settings.ppg_channels = 2;
  Tracker tracker(settings);
  ASSERT_EQ(tracker.status(), Status::kOk);
  ASSERT_EQ(tracker.push_ppg(ppg_at(kT0, 2)), Status::kOk);
  const Micros t1 = kT0 + 40000;
  EXPECT_EQ(tracker.push_ppg(ppg_at(t1, 1)), Status::kOutOfRange);
  EXPECT_EQ(tracker.push_ppg(ppg_at(t1, 3)), Status::kOutOfRange);
  EXPECT_EQ(tracker.push_ppg(ppg_at(t1, 0)), Status::kOutOfRange);
  EXPECT_EQ(tracker.push_ppg(ppg_at(t1, 200)), Status::kOutOfRange);
  // The shape is checked before the values: a wrong-shape NaN is out of range.
  PpgSample nan_wrong = ppg_at(t1, 1);
  nan_wrong.ppg[0] = kNaN;
  EXPECT_EQ(tracker.push_ppg(nan_wrong), Status::kOutOfRange);

  TrackerOutput out = tracker.output();
  EXPECT_EQ(out.ppg.accepted, 1u);
  EXPECT_EQ(out.ppg.rejected, 5u);
  EXPECT_EQ(out.ppg.not_finite + out.ppg.duplicates + out.ppg.backwards, 0u);
  EXPECT_EQ(out.ppg.last_t_us, kT0);

  // A NaN in a valid channel, or in the ambient channel, is not finite.
  PpgSample nan_channel = ppg_at(t1, 2);
  nan_channel.ppg[1] = kNaN;
  EXPECT_EQ(tracker.push_ppg(nan_channel), Status::kNotFinite);
  PpgSample nan_ambient = ppg_at(t1, 2);
  nan_ambient.has_ambient = true;
  nan_ambient.ambient = kNaN;
  EXPECT_EQ(tracker.push_ppg(nan_ambient), Status::kNotFinite);
  // A NaN in an unused channel slot does not matter.
  PpgSample nan_unused = ppg_at(t1, 2);
  nan_unused.ppg[3] = kNaN;
  EXPECT_EQ(tracker.push_ppg(nan_unused), Status::kOk);

  out = tracker.output();
  EXPECT_EQ(out.ppg.accepted, 2u);
  EXPECT_EQ(out.ppg.not_finite, 2u);
  EXPECT_EQ(out.ppg.rejected, 7u);
}

TEST(TrackerStreams, BatchOffersEverySampleAndReportsTheAcceptedCount) {
  Tracker tracker;
  ImuSample batch[8];
  for (int k = 0; k < 8; ++k) batch[k] = imu_at(stamp(k, 100.0));
  std::size_t accepted = 0;
  EXPECT_EQ(tracker.push_imu(batch, 8, &accepted), Status::kOk);
  EXPECT_EQ(accepted, 8u);
  EXPECT_EQ(tracker.output().imu.accepted, 8u);
  EXPECT_EQ(tracker.output().imu.last_t_us, stamp(7, 100.0));

  // Without the optional count, and with an empty batch.
  ImuSample more[2] = {imu_at(stamp(8, 100.0)), imu_at(stamp(9, 100.0))};
  EXPECT_EQ(tracker.push_imu(more, 2), Status::kOk);
  accepted = 99;
  EXPECT_EQ(tracker.push_imu(more, 0, &accepted), Status::kOk);
  EXPECT_EQ(accepted, 0u);
  EXPECT_EQ(tracker.output().imu.accepted, 10u);
}

TEST(TrackerStreams, BadSampleInTheMiddleOfABatchDoesNotStopTheRest) {
  Tracker tracker;
  ImuSample batch[10];
  for (int k = 0; k < 10; ++k) batch[k] = imu_at(stamp(k, 100.0));
  batch[3].gyr_rad_s.x() = kNaN;  // first error: not finite
  batch[6].t_us = batch[5].t_us;  // second error: duplicate
  std::size_t accepted = 0;
  EXPECT_EQ(tracker.push_imu(batch, 10, &accepted), Status::kNotFinite);  // the first error's
  EXPECT_EQ(accepted, 8u);
  const TrackerOutput out = tracker.output();
  EXPECT_EQ(out.imu.accepted, 8u);
  EXPECT_EQ(out.imu.not_finite, 1u);
  EXPECT_EQ(out.imu.duplicates, 1u);
  EXPECT_EQ(out.imu.rejected, 2u);
  EXPECT_EQ(out.imu.last_t_us, stamp(9, 100.0));  // samples after the errors were taken

  // Mag and PPG batches behave the same way; the reported status is the first error's.
  MagSample mags[5];
  for (int k = 0; k < 5; ++k) mags[k] = mag_at(stamp(4 * k, 100.0));
  mags[1].t_us = kT0 - 1;     // backwards
  mags[3].mag_ut.z() = kNaN;  // not finite
  EXPECT_EQ(tracker.push_mag(mags, 5, &accepted), Status::kTimeBackwards);
  EXPECT_EQ(accepted, 3u);
  EXPECT_EQ(tracker.output().mag.last_t_us, stamp(16, 100.0));

  PpgSample ppgs[4];
  for (int k = 0; k < 4; ++k) ppgs[k] = ppg_at(stamp(4 * k, 100.0));
  ppgs[2].channel_count = 3;  // wrong shape
  EXPECT_EQ(tracker.push_ppg(ppgs, 4, &accepted), Status::kOutOfRange);
  EXPECT_EQ(accepted, 3u);
  EXPECT_EQ(tracker.output().ppg.accepted, 3u);
}

TEST(TrackerStreams, MeasuredRatesInOutputMatchTheFedRates) {
  // Each stream runs off its nominal rate, so reporting the nominal rate would fail.
  Tracker tracker;
  const double imu_hz = 102.0;
  const double mag_hz = 24.5;
  const double ppg_hz = 25.5;
  std::int64_t i = 0;
  std::int64_t m = 0;
  std::int64_t p = 0;
  const Micros end = kT0 + 30 * kMicrosPerSecond;  // six time constants
  // Merge the three streams in time order.
  while (true) {
    const Micros ti = stamp(i, imu_hz);
    const Micros tm = stamp(m, mag_hz);
    const Micros tp = stamp(p, ppg_hz);
    if (ti > end && tm > end && tp > end) break;
    if (ti <= tm && ti <= tp) {
      ASSERT_EQ(tracker.push_imu(imu_at(ti)), Status::kOk);
      ++i;
    } else if (tm <= tp) {
      ASSERT_EQ(tracker.push_mag(mag_at(tm)), Status::kOk);
      ++m;
    } else {
      ASSERT_EQ(tracker.push_ppg(ppg_at(tp)), Status::kOk);
      ++p;
    }
  }
  const TrackerOutput out = tracker.output();
  EXPECT_LT(rel_error(out.imu.rate_hz, imu_hz), 0.003);
  EXPECT_LT(rel_error(out.mag.rate_hz, mag_hz), 0.003);
  EXPECT_LT(rel_error(out.ppg.rate_hz, ppg_hz), 0.003);
  EXPECT_LT(rel_error(out.imu.mean_rate_hz, imu_hz), 0.001);
  EXPECT_LT(rel_error(out.mag.mean_rate_hz, mag_hz), 0.001);
  EXPECT_LT(rel_error(out.ppg.mean_rate_hz, ppg_hz), 0.001);
  EXPECT_NEAR(static_cast<double>(out.imu.drift), 0.02, 0.003);
  EXPECT_NEAR(static_cast<double>(out.mag.drift), -0.02, 0.003);
  EXPECT_NEAR(static_cast<double>(out.ppg.drift), 0.02, 0.003);
  EXPECT_EQ(out.imu.accepted, static_cast<std::uint64_t>(i));
  EXPECT_EQ(out.mag.accepted, static_cast<std::uint64_t>(m));
  EXPECT_EQ(out.ppg.accepted, static_cast<std::uint64_t>(p));
  EXPECT_EQ(out.imu.gaps + out.mag.gaps + out.ppg.gaps, 0u);
}

TEST(TrackerStreams, RateIsReportedAsZeroUntilTwoSamplesArrived) {
  Tracker tracker;
  EXPECT_EQ(tracker.output().imu.rate_hz, 0.0f);
  ASSERT_EQ(tracker.push_imu(imu_at(kT0)), Status::kOk);
  EXPECT_EQ(tracker.output().imu.rate_hz, 0.0f);
  EXPECT_EQ(tracker.output().imu.drift, 0.0f);
  EXPECT_EQ(tracker.output().imu.accepted, 1u);
  ASSERT_EQ(tracker.push_imu(imu_at(kT0 + 10000)), Status::kOk);
  EXPECT_NEAR(static_cast<double>(tracker.output().imu.rate_hz), 100.0, 0.01);
}

TEST(TrackerStreams, TwoTrackersFedTheSameSamplesGiveIdenticalOutputs) {
  // A jittered, noisy, rotating stream with every kind of fault, fed to two trackers, for each
  // orientation filter.
  for (const OrientationFilterKind kind :
       {OrientationFilterKind::kEkf, OrientationFilterKind::kComplementary}) {
    SCOPED_TRACE(name(kind));
    TrackerSettings settings;
    settings.orientation_filter = kind;
    Tracker a(settings);
    Tracker b(settings);
    ASSERT_EQ(a.status(), Status::kOk);
    std::mt19937 rng(7u);
    const auto noise = [&rng](float amplitude) {
      return amplitude * (static_cast<float>(rng() % 2001u) * 1e-3f - 1.0f);
    };
    Micros t = kT0;
    for (int k = 0; k < 3000; ++k) {
      t += 10000 + static_cast<Micros>(rng() % 1001u) - 500;
      ImuSample imu = imu_at(t);
      imu.gyr_rad_s += Vec3(0.3f + noise(0.05f), noise(0.05f), noise(0.05f));
      imu.acc_m_s2 += Vec3(noise(0.3f), noise(0.3f), noise(0.3f));
      const auto fault = rng() % 100u;
      if (fault == 0) imu.acc_m_s2.x() = kNaN;
      if (fault == 1) imu.t_us = t - 20000;  // backwards
      if (fault == 2) t += 60000;            // gap
      ASSERT_EQ(a.push_imu(imu), b.push_imu(imu));
      if (k % 4 == 0) {
        MagSample mag = mag_at(t);
        mag.mag_ut += Vec3(noise(0.5f), noise(0.5f), noise(0.5f));
        ASSERT_EQ(a.push_mag(mag), b.push_mag(mag));
        ASSERT_EQ(a.push_mag(mag), b.push_mag(mag));  // duplicate
      }
      if (k % 4 == 1) {
        const PpgSample ppg = ppg_at(t, fault == 4 ? std::uint8_t{2} : std::uint8_t{1});
        ASSERT_EQ(a.push_ppg(ppg), b.push_ppg(ppg));
      }
    }
    const TrackerOutput out_a = a.output();
    const TrackerOutput out_b = b.output();
    expect_same_output(out_a, out_b);
    // The run exercised the paths it claims to.
    EXPECT_GT(out_a.imu.not_finite, 0u);
    EXPECT_GT(out_a.imu.backwards, 0u);
    EXPECT_GT(out_a.imu.gaps, 0u);
    EXPECT_GT(out_a.mag.duplicates, 0u);
    EXPECT_GT(out_a.ppg.rejected, 0u);
    EXPECT_GT(out_a.imu.jitter_s, 0.0f);
    EXPECT_TRUE(out_a.orientation.flags.initialized);
    EXPECT_NE(out_a.orientation.q_es.w(), 1.0f);  // it rotated
  }
}

}  // namespace fusetrack
