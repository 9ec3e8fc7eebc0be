// The admission rule both orientation filters apply to their inputs: every value finite, then
// each stream's time stamp later than its previous one; nothing changes unless all parts pass.
#pragma once

#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

// One sample of one stream: kNotFinite, kDuplicateTime or kTimeBackwards (clock untouched), or
// kOk with the interval since the stream's previous sample in `dt_s` and the clock advanced.
inline Status admit_sample(StreamClock& clock, Micros t_us, const Vec3& v, float& dt_s) noexcept {
  if (!all_finite(v)) return Status::kNotFinite;
  const Status st = clock.interval(t_us, dt_s);
  if (ok(st)) clock.advance(t_us);
  return st;
}

// Intervals of one combined entry, s, one per stream.
struct EntryIntervals {
  float gyr_s = 0.0f;
  float acc_s = 0.0f;
  float mag_s = 0.0f;
};

// A gyroscope + accelerometer entry read at one instant: values first, then both clocks; the
// clocks advance only when every part passes.
inline Status admit_entry(Micros t_us, const Vec3& gyr, const Vec3& acc, StreamClock& gyr_clock,
                          StreamClock& acc_clock, EntryIntervals& dt) noexcept {
  if (!all_finite(gyr, acc)) return Status::kNotFinite;
  Status st = gyr_clock.interval(t_us, dt.gyr_s);
  if (ok(st)) st = acc_clock.interval(t_us, dt.acc_s);
  if (!ok(st)) return st;
  gyr_clock.advance(t_us);
  acc_clock.advance(t_us);
  return Status::kOk;
}

// The same with the magnetometer read at that instant too.
inline Status admit_entry(Micros t_us, const Vec3& gyr, const Vec3& acc, const Vec3& mag,
                          StreamClock& gyr_clock, StreamClock& acc_clock, StreamClock& mag_clock,
                          EntryIntervals& dt) noexcept {
  if (!all_finite(gyr, acc, mag)) return Status::kNotFinite;
  Status st = gyr_clock.interval(t_us, dt.gyr_s);
  if (ok(st)) st = acc_clock.interval(t_us, dt.acc_s);
  if (ok(st)) st = mag_clock.interval(t_us, dt.mag_s);
  if (!ok(st)) return st;
  gyr_clock.advance(t_us);
  acc_clock.advance(t_us);
  mag_clock.advance(t_us);
  return Status::kOk;
}

}  // namespace fusetrack
