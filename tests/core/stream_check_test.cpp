// StreamCheck: time-stamp classification (first, ok, gap, duplicate, backwards) and the measured
// rate, jitter and drift of one stream, on crafted time stamps.
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_check.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {
namespace {

constexpr Micros kT0 = 1000000;         // streams start 1 s after boot
constexpr Micros kPeriod100Hz = 10000;  // µs

StreamCheckSettings settings_at(float nominal_rate_hz) {
  StreamCheckSettings s;
  s.nominal_rate_hz = nominal_rate_hz;
  return s;
}

// Feeds `n` samples every `period_us` from `t0`; expects every one accepted as kFirst/kOk.
// Returns the next time stamp.
Micros feed_regular(StreamCheck& check, Micros t0, Micros period_us, int n) {
  Micros t = t0;
  for (int i = 0; i < n; ++i, t += period_us) {
    const TimeClass c = check.check(t);
    EXPECT_TRUE(c == TimeClass::kOk || c == TimeClass::kFirst) << name(c) << " at " << t;
  }
  return t;
}

// Time stamp of sample k of a stream whose true rate is `rate_hz`, rounded to the microsecond.
Micros stamp_at_rate(Micros t0, std::int64_t k, double rate_hz) {
  return t0 + std::llround(static_cast<double>(k) * 1e6 / rate_hz);
}

double rel_error(float measured, double truth) {
  return std::fabs(static_cast<double>(measured) - truth) / truth;
}

}  // namespace

TEST(StreamCheck, FirstSampleIsClassifiedFirstAndAccepted) {
  StreamCheck check(settings_at(100.0f));
  EXPECT_EQ(check.check(kT0), TimeClass::kFirst);
  EXPECT_TRUE(accepted(TimeClass::kFirst));
  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.seen, 1u);
  EXPECT_EQ(s.accepted, 1u);
  EXPECT_EQ(s.first_t_us, kT0);
  EXPECT_EQ(s.last_t_us, kT0);
  EXPECT_EQ(s.regular_intervals, 0u);
  // One sample measures no rate: the recent rate is still the nominal one, the mean is 0.
  EXPECT_FLOAT_EQ(check.rate_hz(), 100.0f);
  EXPECT_EQ(check.mean_rate_hz(), 0.0f);
  EXPECT_FLOAT_EQ(check.drift(), 0.0f);
}

TEST(StreamCheck, Regular100HzStreamIsAllOkAndMeasures100Hz) {
  StreamCheck check(settings_at(100.0f));
  ASSERT_EQ(check.check(kT0), TimeClass::kFirst);
  for (int i = 1; i < 1000; ++i) {
    ASSERT_EQ(check.check(kT0 + i * kPeriod100Hz), TimeClass::kOk) << "sample " << i;
  }
  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.seen, 1000u);
  EXPECT_EQ(s.accepted, 1000u);
  EXPECT_EQ(s.regular_intervals, 999u);
  EXPECT_EQ(s.regular_span_us, 999 * kPeriod100Hz);
  EXPECT_EQ(s.last_t_us, kT0 + 999 * kPeriod100Hz);
  EXPECT_EQ(s.gaps + s.missing + s.duplicates + s.backwards + s.not_finite, 0u);
  EXPECT_NEAR(static_cast<double>(check.rate_hz()), 100.0, 0.01);
  EXPECT_NEAR(static_cast<double>(check.mean_rate_hz()), 100.0, 0.01);
  EXPECT_NEAR(static_cast<double>(check.drift()), 0.0, 1e-4);
  EXPECT_LT(static_cast<double>(check.jitter_s()), 1e-6);  // perfectly regular stamps
}

TEST(StreamCheck, EqualTimeStampIsRejectedAsDuplicateAndCounted) {
  StreamCheck check(settings_at(100.0f));
  const Micros next = feed_regular(check, kT0, kPeriod100Hz, 10);
  const Micros last = next - kPeriod100Hz;
  const StreamCheckState before = check.state();

  EXPECT_EQ(check.check(last), TimeClass::kDuplicate);
  EXPECT_EQ(check.check(last), TimeClass::kDuplicate);
  EXPECT_FALSE(accepted(TimeClass::kDuplicate));

  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.duplicates, 2u);
  EXPECT_EQ(s.seen, before.seen + 2);
  EXPECT_EQ(s.accepted, before.accepted);
  EXPECT_EQ(s.last_t_us, last);
  EXPECT_EQ(s.regular_intervals, before.regular_intervals);
  EXPECT_EQ(s.period_s, before.period_s);
  EXPECT_EQ(s.backwards, 0u);

  // The next sample is measured from the last accepted one: a normal interval.
  EXPECT_EQ(check.check(next), TimeClass::kOk);
  EXPECT_EQ(check.state().accepted, before.accepted + 1);
}

TEST(StreamCheck, EarlierTimeStampIsRejectedAsBackwardsAndKeepsTheLastAcceptedTime) {
  StreamCheck check(settings_at(100.0f));
  const Micros next = feed_regular(check, kT0, kPeriod100Hz, 10);
  const Micros last = next - kPeriod100Hz;
  const StreamCheckState before = check.state();

  EXPECT_EQ(check.check(last - 5000), TimeClass::kBackwards);
  EXPECT_EQ(check.check(last - 1), TimeClass::kBackwards);
  EXPECT_EQ(check.check(0), TimeClass::kBackwards);
  EXPECT_FALSE(accepted(TimeClass::kBackwards));

  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.backwards, 3u);
  EXPECT_EQ(s.duplicates, 0u);
  EXPECT_EQ(s.seen, before.seen + 3);
  EXPECT_EQ(s.accepted, before.accepted);
  EXPECT_EQ(s.last_t_us, last);
  EXPECT_EQ(s.period_s, before.period_s);
  EXPECT_EQ(s.jitter_var_s2, before.jitter_var_s2);

  // The following good sample is a plain kOk (not a gap from the backwards stamp).
  EXPECT_EQ(check.check(next), TimeClass::kOk);
  EXPECT_EQ(check.state().last_t_us, next);
  EXPECT_EQ(check.state().gaps, 0u);
}

TEST(StreamCheck, FivePeriodHoleIsAGapWithFourSamplesMissing) {
  StreamCheck check(settings_at(100.0f));
  Micros t = feed_regular(check, kT0, kPeriod100Hz, 100);
  const StreamCheckState before = check.state();

  t += 4 * kPeriod100Hz;  // the last accepted sample was 5 periods before this one
  EXPECT_EQ(check.check(t), TimeClass::kGap);
  EXPECT_TRUE(accepted(TimeClass::kGap));
  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.gaps, 1u);
  EXPECT_EQ(s.missing, 4u);
  EXPECT_EQ(s.accepted, before.accepted + 1);
  EXPECT_EQ(s.last_t_us, t);
  // A gap is no evidence about the rate: the estimates ignore it.
  EXPECT_EQ(s.regular_intervals, before.regular_intervals);
  EXPECT_EQ(s.regular_span_us, before.regular_span_us);
  EXPECT_EQ(s.period_s, before.period_s);
  EXPECT_NEAR(static_cast<double>(check.mean_rate_hz()), 100.0, 0.01);

  EXPECT_EQ(check.check(t + kPeriod100Hz), TimeClass::kOk);
  EXPECT_EQ(check.state().gaps, 1u);
}

TEST(StreamCheck, HoleOfKPeriodsCountsKMinusOneMissingAndShortLatenessIsNoGap) {
  for (int k = 2; k <= 20; ++k) {
    StreamCheck check(settings_at(100.0f));
    const Micros t = feed_regular(check, kT0, kPeriod100Hz, 50);
    const Micros hole_end = t - kPeriod100Hz + k * kPeriod100Hz;
    EXPECT_EQ(check.check(hole_end), TimeClass::kGap) << "k = " << k;
    EXPECT_EQ(check.state().missing, static_cast<std::uint64_t>(k - 1)) << "k = " << k;
  }
  // 1.5 periods is below the default gap factor (1.8): late, not lost.
  StreamCheck check(settings_at(100.0f));
  const Micros t = feed_regular(check, kT0, kPeriod100Hz, 50);
  EXPECT_EQ(check.check(t - kPeriod100Hz + 15000), TimeClass::kOk);
  EXPECT_EQ(check.state().gaps, 0u);
  EXPECT_EQ(check.state().missing, 0u);
}

TEST(StreamCheck, UniformOneMsJitterIsMeasuredAsItsRmsWithoutGapsOrBackwards) {
  // Intervals of 10 ms ± U[-1, 1] ms, drawn straight from a seeded mt19937 (whose output
  // sequence the standard fixes), so the stream is the same on every library.
  std::mt19937 rng(20240611u);
  StreamCheck check(settings_at(100.0f));
  Micros t = kT0;
  ASSERT_EQ(check.check(t), TimeClass::kFirst);
  double sum_sq_s2 = 0.0;
  constexpr int kIntervals = 6000;  // 60 s
  for (int i = 0; i < kIntervals; ++i) {
    const Micros jitter_us = static_cast<Micros>(rng() % 2001u) - 1000;
    sum_sq_s2 += static_cast<double>(jitter_us * jitter_us) * 1e-12;
    t += kPeriod100Hz + jitter_us;
    ASSERT_EQ(check.check(t), TimeClass::kOk) << "interval " << i;
  }
  const double injected_rms_s = std::sqrt(sum_sq_s2 / kIntervals);
  ASSERT_NEAR(injected_rms_s, 1e-3 / std::sqrt(3.0), 2e-5);  // the generator did its job

  EXPECT_NEAR(static_cast<double>(check.jitter_s()), injected_rms_s, 0.15 * injected_rms_s);
  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.gaps, 0u);
  EXPECT_EQ(s.backwards, 0u);
  EXPECT_EQ(s.duplicates, 0u);
  EXPECT_EQ(s.regular_intervals, static_cast<std::uint64_t>(kIntervals));
  // No deviation can exceed the injected 1 ms by more than the period estimate's own wander.
  EXPECT_LE(static_cast<double>(s.max_abs_deviation_s), 1.3e-3);
  EXPECT_GT(static_cast<double>(s.max_abs_deviation_s), 0.9e-3);
  EXPECT_LT(rel_error(check.mean_rate_hz(), 100.0), 0.005);
  // The recent rate averages only ~500 intervals (5 s), so it wanders more than the mean.
  EXPECT_LT(rel_error(check.rate_hz(), 100.0), 0.01);
}

TEST(StreamCheck, StreamRunningFivePercentFastMeasuresDriftOfPlusFivePercent) {
  StreamCheck check(settings_at(100.0f));  // configured for 100 Hz, actually runs at 105 Hz
  constexpr int kSamples = 105 * 30;       // 30 s, six time constants
  for (int k = 0; k < kSamples; ++k) {
    const TimeClass c = check.check(stamp_at_rate(kT0, k, 105.0));
    ASSERT_TRUE(c == TimeClass::kFirst || c == TimeClass::kOk) << name(c) << " at " << k;
  }
  EXPECT_NEAR(static_cast<double>(check.drift()), 0.05, 0.003);
  EXPECT_LT(rel_error(check.rate_hz(), 105.0), 0.003);
  EXPECT_LT(rel_error(check.mean_rate_hz(), 105.0), 0.001);
  EXPECT_EQ(check.state().gaps, 0u);
}

TEST(StreamCheck, StreamRunningFivePercentSlowMeasuresDriftOfMinusFivePercent) {
  StreamCheck check(settings_at(100.0f));
  constexpr int kSamples = 95 * 30;
  for (int k = 0; k < kSamples; ++k) {
    ASSERT_TRUE(accepted(check.check(stamp_at_rate(kT0, k, 95.0))));
  }
  EXPECT_NEAR(static_cast<double>(check.drift()), -0.05, 0.003);
  EXPECT_LT(rel_error(check.mean_rate_hz(), 95.0), 0.001);
  EXPECT_EQ(check.state().gaps, 0u);
}

TEST(StreamCheck, RecentRateFollowsAClockDriftingFrom100To105HzOver60s) {
  StreamCheck check(settings_at(100.0f));
  // True rate f(t) = 100 + 5 t / 60 Hz; each interval is 1 / f at the current time.
  double t_s = 0.0;
  double next_check_s = 15.0;
  int checks = 0;
  ASSERT_EQ(check.check(kT0), TimeClass::kFirst);
  while (t_s < 60.0) {
    t_s += 1.0 / (100.0 + 5.0 * t_s / 60.0);
    ASSERT_EQ(check.check(kT0 + std::llround(t_s * 1e6)), TimeClass::kOk) << "t = " << t_s;
    if (t_s >= next_check_s) {
      // A 5 s time constant lags a 5 Hz-per-minute ramp by about 0.4 %.
      EXPECT_LT(rel_error(check.rate_hz(), 100.0 + 5.0 * t_s / 60.0), 0.005) << "t = " << t_s;
      next_check_s += 5.0;
      ++checks;
    }
  }
  EXPECT_EQ(checks, 10);
  EXPECT_LT(rel_error(check.rate_hz(), 105.0), 0.005);
  EXPECT_GT(static_cast<double>(check.drift()), 0.045);

  // Held at 105 Hz for another 30 s, the lag disappears.
  const Micros t_end = kT0 + std::llround(t_s * 1e6);
  for (int k = 1; k <= 105 * 30; ++k) {
    ASSERT_EQ(check.check(stamp_at_rate(t_end, k, 105.0)), TimeClass::kOk);
  }
  EXPECT_LT(rel_error(check.rate_hz(), 105.0), 0.001);
  EXPECT_EQ(check.state().gaps, 0u);
}

TEST(StreamCheck, RejectNotFiniteCountsTheSampleAndChangesNothingElse) {
  StreamCheck check(settings_at(100.0f));
  const Micros next = feed_regular(check, kT0, kPeriod100Hz, 20);
  const StreamCheckState before = check.state();

  check.reject_not_finite();
  check.reject_not_finite();
  check.reject_not_finite();

  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.not_finite, 3u);
  EXPECT_EQ(s.seen, before.seen + 3);
  EXPECT_EQ(s.accepted, before.accepted);
  EXPECT_EQ(s.last_t_us, before.last_t_us);
  EXPECT_EQ(s.duplicates + s.backwards + s.gaps, 0u);
  EXPECT_EQ(s.period_s, before.period_s);
  EXPECT_EQ(check.check(next), TimeClass::kOk);
}

TEST(StreamCheck, RejectNotFiniteBeforeAnySampleLeavesTheNextOneFirst) {
  StreamCheck check(settings_at(100.0f));
  check.reject_not_finite();
  EXPECT_EQ(check.state().not_finite, 1u);
  EXPECT_EQ(check.state().accepted, 0u);
  EXPECT_EQ(check.check(kT0), TimeClass::kFirst);
}

TEST(StreamCheck, SettingsValidateRejectsImpossibleRatesGapFactorsAndTimeConstants) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(StreamCheckSettings{}.validate(), Status::kOk);

  for (const float rate : {0.0f, -0.0f, -100.0f, nan, inf, 100001.0f, 1e-30f, 0.009f}) {
    StreamCheckSettings s;
    s.nominal_rate_hz = rate;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << "rate " << rate;
  }
  for (const float rate : {0.01f, 25.0f, 100000.0f}) {
    StreamCheckSettings s;
    s.nominal_rate_hz = rate;
    EXPECT_EQ(s.validate(), Status::kOk) << "rate " << rate;
  }
  for (const float factor : {1.0f, 0.5f, 0.0f, -2.0f, nan, 100.5f}) {
    StreamCheckSettings s;
    s.gap_factor = factor;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << "gap_factor " << factor;
  }
  for (const float factor : {1.01f, 100.0f}) {
    StreamCheckSettings s;
    s.gap_factor = factor;
    EXPECT_EQ(s.validate(), Status::kOk) << "gap_factor " << factor;
  }
  for (const float tau : {0.0f, -1.0f, nan, 3601.0f}) {
    StreamCheckSettings s;
    s.rate_time_constant_s = tau;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << "tau " << tau;
  }
}

TEST(StreamCheck, ResetForgetsEveryCounterAndEstimateAndStartsOver) {
  StreamCheck check(settings_at(100.0f));
  Micros t = kT0;
  for (int k = 0; k < 300; ++k) {
    t = stamp_at_rate(kT0, k, 105.0);
    check.check(t);
  }
  check.check(t);                      // duplicate
  check.check(t - 1);                  // backwards
  check.check(t + 10 * kPeriod100Hz);  // gap
  check.reject_not_finite();
  ASSERT_GT(check.rate_hz(), 101.0f);

  check.reset();
  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.seen + s.accepted + s.duplicates + s.backwards + s.not_finite + s.gaps + s.missing +
                s.regular_intervals,
            0u);
  EXPECT_EQ(s.regular_span_us, 0);
  EXPECT_EQ(s.jitter_var_s2, 0.0f);
  EXPECT_EQ(s.max_abs_deviation_s, 0.0f);
  EXPECT_FLOAT_EQ(check.rate_hz(), 100.0f);
  EXPECT_EQ(check.mean_rate_hz(), 0.0f);
  EXPECT_FLOAT_EQ(check.settings().nominal_rate_hz, 100.0f);  // settings survive a reset

  // Starts over: an earlier time stamp is now simply the first.
  EXPECT_EQ(check.check(kT0), TimeClass::kFirst);
  EXPECT_EQ(check.check(kT0 + kPeriod100Hz), TimeClass::kOk);
}

TEST(StreamCheck, StateRestoredIntoAFreshCheckContinuesIdentically) {
  StreamCheck original(settings_at(100.0f));
  for (int k = 0; k < 500; ++k) original.check(stamp_at_rate(kT0, k, 103.0));
  StreamCheck restored(settings_at(100.0f));
  restored.set_state(original.state());
  for (int k = 500; k < 700; ++k) {
    const Micros t = stamp_at_rate(kT0, k, 103.0);
    ASSERT_EQ(original.check(t), restored.check(t));
  }
  EXPECT_EQ(original.rate_hz(), restored.rate_hz());
  EXPECT_EQ(original.jitter_s(), restored.jitter_s());
  EXPECT_EQ(original.state().accepted, restored.state().accepted);
}

TEST(StreamCheck, EveryTimeClassHasADistinctName) {
  const TimeClass all[] = {TimeClass::kFirst,     TimeClass::kOk,        TimeClass::kGap,
                           TimeClass::kDuplicate, TimeClass::kBackwards, TimeClass::kJump};
  for (const TimeClass a : all) {
    EXPECT_STRNE(name(a), "unknown");
    for (const TimeClass b : all) {
      if (a != b) {
        EXPECT_STRNE(name(a), name(b));
      }
    }
  }
}

// Before the fix: the interval between INT64_MIN and INT64_MAX overflowed (UBSan), and the rate
// read -1e6 Hz with a NaN jitter.
TEST(StreamCheck, TimeStampsAtTheInt64ExtremesAreAJumpNotArithmeticGarbage) {
  StreamCheck check(settings_at(100.0f));
  EXPECT_EQ(check.check(std::numeric_limits<Micros>::min()), TimeClass::kFirst);
  EXPECT_EQ(check.check(std::numeric_limits<Micros>::max()), TimeClass::kJump);
  EXPECT_TRUE(accepted(TimeClass::kJump));
  const StreamCheckState& s = check.state();
  EXPECT_EQ(s.jumps, 1u);
  EXPECT_EQ(s.gaps, 0u);
  EXPECT_EQ(s.missing, 0u);  // a jump loses no samples that could be counted
  EXPECT_EQ(s.accepted, 2u);
  EXPECT_FLOAT_EQ(check.rate_hz(), 100.0f);  // the nominal rate still: no interval measured
  EXPECT_TRUE(std::isfinite(check.jitter_s()));
  // And back down to INT64_MIN: another jump, accepted.
  EXPECT_EQ(check.check(std::numeric_limits<Micros>::min()), TimeClass::kJump);
  EXPECT_EQ(check.state().jumps, 2u);
  EXPECT_EQ(check.state().last_t_us, std::numeric_limits<Micros>::min());
}

TEST(StreamCheck, StepBeyondMaxJumpEitherWayIsAJumpAndSmallerStepsBackAreRejected) {
  StreamCheckSettings settings = settings_at(100.0f);
  settings.max_jump_s = 60.0f;
  StreamCheck check(settings);
  Micros next = feed_regular(check, kT0, kPeriod100Hz, 20);
  const Micros last = next - kPeriod100Hz;
  const float period = check.state().period_s;
  // 59 s back: rejected (a late sample, or a small clock correction).
  EXPECT_EQ(check.check(last - 59000000), TimeClass::kBackwards);
  // 61 s forward: a jump, not a gap of 6100 missing samples.
  EXPECT_EQ(check.check(last + 61000000), TimeClass::kJump);
  EXPECT_EQ(check.state().gaps, 0u);
  EXPECT_EQ(check.state().missing, 0u);
  EXPECT_EQ(check.state().period_s, period);  // the rate estimate is untouched by it
  // 2 h back (a clock reset): a jump too, and the stream goes on from there.
  const Micros reset_to = last + 61000000 - 7200000000LL;
  EXPECT_EQ(check.check(reset_to), TimeClass::kJump);
  EXPECT_EQ(check.check(reset_to + kPeriod100Hz), TimeClass::kOk);
  EXPECT_EQ(check.state().jumps, 2u);
  EXPECT_EQ(check.state().backwards, 1u);
  // 59 s forward: an ordinary gap.
  EXPECT_EQ(check.check(reset_to + kPeriod100Hz + 59000000), TimeClass::kGap);
}

TEST(StreamCheck, MaxJumpOutsideItsRangeIsInvalid) {
  for (const float j : {0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(), 3.3e7f}) {
    StreamCheckSettings s;
    s.max_jump_s = j;
    EXPECT_EQ(s.validate(), Status::kInvalidSettings) << j;
  }
  StreamCheckSettings s;
  s.max_jump_s = 0.5f;
  EXPECT_EQ(s.validate(), Status::kOk);
}

TEST(StreamCheck, OnlyPlausibleStatesAreAcceptedAsRestorable) {
  StreamCheck check(settings_at(100.0f));
  feed_regular(check, kT0, kPeriod100Hz, 10);
  EXPECT_TRUE(StreamCheck::plausible(check.state()));
  StreamCheckState bad = check.state();
  bad.period_s = 0.0f;
  EXPECT_FALSE(StreamCheck::plausible(bad));
  bad = check.state();
  bad.jitter_var_s2 = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(StreamCheck::plausible(bad));
  bad = check.state();
  bad.accepted = bad.seen + 1;
  EXPECT_FALSE(StreamCheck::plausible(bad));
}

}  // namespace fusetrack
