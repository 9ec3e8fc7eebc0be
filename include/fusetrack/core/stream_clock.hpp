// StreamClock: the interval between consecutive time stamps of one stream, validated.
// Every dt in the core comes from time stamps through this, never from a nominal rate.
#pragma once

#include <cstdint>

#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

struct StreamClock {
  Micros last_us = 0;
  bool started = false;
  std::uint8_t reserved[7] = {};  // explicit padding (part of the saved state): always zero

  // Interval from the previous accepted time stamp to `t_us`, s (0 for the first sample).
  // kDuplicateTime or kTimeBackwards, with `dt_s` untouched, when time does not advance.
  // Does not change the clock: call advance() once the sample is accepted.
  Status interval(Micros t_us, float& dt_s) const noexcept {
    if (!started) {
      dt_s = 0.0f;
      return Status::kOk;
    }
    if (t_us == last_us) return Status::kDuplicateTime;
    if (t_us < last_us) return Status::kTimeBackwards;
    dt_s = seconds_between(last_us, t_us);
    return Status::kOk;
  }

  void advance(Micros t_us) noexcept {
    last_us = t_us;
    started = true;
  }
};
static_assert(sizeof(StreamClock) == 16, "StreamClock: no implicit padding");

}  // namespace fusetrack
