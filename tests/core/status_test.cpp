#include <cstring>

#include <gtest/gtest.h>

#include "fusetrack/core/status.hpp"

namespace fusetrack {

TEST(Status, EveryValueHasADistinctName) {
  const Status all[] = {Status::kOk,
                        Status::kNotFinite,
                        Status::kTimeBackwards,
                        Status::kDuplicateTime,
                        Status::kInvalidSettings,
                        Status::kOutOfRange,
                        Status::kBufferFull,
                        Status::kBufferEmpty,
                        Status::kNotInitialized,
                        Status::kStreamDisabled,
                        Status::kSizeMismatch,
                        Status::kCorruptState,
                        Status::kVersionMismatch,
                        Status::kSettingsMismatch};
  for (const Status a : all) {
    EXPECT_STRNE(name(a), "unknown");
    for (const Status b : all) {
      if (a != b) {
        EXPECT_STRNE(name(a), name(b));
      }
    }
  }
  EXPECT_STREQ(name(Status::kOk), "ok");
  EXPECT_TRUE(ok(Status::kOk));
  EXPECT_FALSE(ok(Status::kNotFinite));
}

}  // namespace fusetrack
