// StreamClock: intervals come from time stamps; time that does not advance is refused.
#include <gtest/gtest.h>

#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

TEST(StreamClock, FirstIntervalIsZeroWhateverTheTimeStamp) {
  StreamClock clock;
  float dt_s = -1.0f;
  EXPECT_EQ(clock.interval(123456789, dt_s), Status::kOk);
  EXPECT_EQ(dt_s, 0.0f);
  EXPECT_FALSE(clock.started);  // interval() alone does not start the clock

  // A negative first time stamp is still a valid start.
  dt_s = -1.0f;
  EXPECT_EQ(clock.interval(-5000, dt_s), Status::kOk);
  EXPECT_EQ(dt_s, 0.0f);
}

TEST(StreamClock, IntervalIsTheTimeStampDifferenceInSeconds) {
  StreamClock clock;
  clock.advance(1000000);
  EXPECT_TRUE(clock.started);
  EXPECT_EQ(clock.last_us, 1000000);

  float dt_s = 0.0f;
  ASSERT_EQ(clock.interval(1010000, dt_s), Status::kOk);
  EXPECT_FLOAT_EQ(dt_s, 0.010f);

  // Irregular intervals: dt follows the stamps, never a nominal rate.
  clock.advance(1010000);
  ASSERT_EQ(clock.interval(1023500, dt_s), Status::kOk);
  EXPECT_FLOAT_EQ(dt_s, 0.0135f);
  clock.advance(1023500);
  ASSERT_EQ(clock.interval(1023501, dt_s), Status::kOk);
  EXPECT_FLOAT_EQ(dt_s, 1e-6f);

  // Far from zero the difference stays exact: one hour after a day of uptime.
  StreamClock late;
  late.advance(86400LL * kMicrosPerSecond);
  ASSERT_EQ(late.interval(86400LL * kMicrosPerSecond + 20000, dt_s), Status::kOk);
  EXPECT_FLOAT_EQ(dt_s, 0.020f);
}

TEST(StreamClock, IntervalDoesNotAdvanceTheClock) {
  StreamClock clock;
  clock.advance(500);
  float dt_s = 0.0f;
  ASSERT_EQ(clock.interval(10500, dt_s), Status::kOk);
  ASSERT_EQ(clock.interval(10500, dt_s), Status::kOk);  // same answer: nothing moved
  EXPECT_FLOAT_EQ(dt_s, 0.010f);
  EXPECT_EQ(clock.last_us, 500);
}

TEST(StreamClock, DuplicateTimeStampReturnsDuplicateTimeAndLeavesDtUntouched) {
  StreamClock clock;
  clock.advance(2000);
  float dt_s = 42.0f;
  EXPECT_EQ(clock.interval(2000, dt_s), Status::kDuplicateTime);
  EXPECT_EQ(dt_s, 42.0f);
  EXPECT_EQ(clock.last_us, 2000);
  EXPECT_TRUE(clock.started);

  // The next good stamp is measured from the last accepted one.
  ASSERT_EQ(clock.interval(7000, dt_s), Status::kOk);
  EXPECT_FLOAT_EQ(dt_s, 0.005f);
}

TEST(StreamClock, EarlierTimeStampReturnsTimeBackwardsAndLeavesDtUntouched) {
  StreamClock clock;
  clock.advance(2000);
  float dt_s = 42.0f;
  EXPECT_EQ(clock.interval(1999, dt_s), Status::kTimeBackwards);
  EXPECT_EQ(dt_s, 42.0f);
  EXPECT_EQ(clock.interval(-1000000, dt_s), Status::kTimeBackwards);
  EXPECT_EQ(dt_s, 42.0f);
  EXPECT_EQ(clock.last_us, 2000);

  ASSERT_EQ(clock.interval(12000, dt_s), Status::kOk);
  EXPECT_FLOAT_EQ(dt_s, 0.010f);
}

}  // namespace fusetrack
