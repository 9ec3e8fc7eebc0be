// Events: what happened in the stream, in time order, for the caller to drain. One Event type
// for every kind (a kind, a time stamp and a few fixed payload fields whose meaning the kind
// gives), and a fixed-capacity queue that drops its oldest event when full and counts the drop.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fusetrack/core/ring_buffer.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"

namespace fusetrack {

// The sensor stream an event is about.
enum class StreamId : std::uint8_t { kImu = 0, kMag = 1, kPpg = 2, kNone = 3 };
inline constexpr std::size_t kStreamCount = 3;  // kImu, kMag, kPpg

constexpr const char* name(StreamId s) noexcept {
  switch (s) {
    case StreamId::kImu:
      return "imu";
    case StreamId::kMag:
      return "mag";
    case StreamId::kPpg:
      return "ppg";
    case StreamId::kNone:
      return "none";
  }
  return "unknown";
}

// The stage an event is about (kNone for the streams' own events).
enum class StageId : std::uint8_t {
  kNone = 0,
  kOrientation = 1,
  kWear = 2,
  kActivity = 3,
  kSteps = 4,
  kHeart = 5,
  kFalls = 6,
};

constexpr const char* name(StageId s) noexcept {
  switch (s) {
    case StageId::kNone:
      return "none";
    case StageId::kOrientation:
      return "orientation";
    case StageId::kWear:
      return "wear";
    case StageId::kActivity:
      return "activity";
    case StageId::kSteps:
      return "steps";
    case StageId::kHeart:
      return "heart";
    case StageId::kFalls:
      return "falls";
  }
  return "unknown";
}

// Why a stage started over.
enum class ReinitReason : std::uint8_t {
  kGap = 0,        // its stream paused longer than the stage can bridge (e.g. max_gap_s)
  kTimeJump = 1,   // the time stamps jumped (see EventKind::kTimeJump)
  kNotFinite = 2,  // its state became non-finite (the Tracker's guard): a defect, never normal
};

constexpr const char* name(ReinitReason r) noexcept {
  switch (r) {
    case ReinitReason::kGap:
      return "gap";
    case ReinitReason::kTimeJump:
      return "time_jump";
    case ReinitReason::kNotFinite:
      return "not_finite";
  }
  return "unknown";
}

// What an event reports, and which payload fields it fills (the others stay 0).
enum class EventKind : std::uint8_t {
  // Samples were lost: `stream`; `duration_us` the interval that was a gap; `count` the
  // estimated samples missing. t_us: the first sample after the gap.
  kStreamGap = 0,
  // A stream sent nothing for longer than TrackerSettings::silent_after_s while another stream
  // went on: `stream`; `duration_us` the time since its last sample when noticed. t_us: the
  // other stream's sample that noticed it.
  kStreamSilent,
  // A silent stream sent a sample again: `stream`; `duration_us` the silence (interval from its
  // previous sample). t_us: that sample.
  kStreamResumed,
  // A sample was rejected: `stream`; `code` the Status (kNotFinite, kTimeBackwards,
  // kDuplicateTime, kOutOfRange for a wrong shape or a value beyond full scale). t_us: the
  // sample's own time stamp.
  kSampleRejected,
  // The magnetometer disagrees with the reference field (heading no longer follows it).
  kMagDisturbanceBegin,
  // It agrees again: `duration_us` how long the disturbance lasted.
  kMagDisturbanceEnd,
  // A stage started over from its inputs: `stage`; `code` the ReinitReason; `duration_us` the
  // interval (a gap) or the jump that caused it, 0 for a non-finite state.
  kStageReinitialized,
  // The wear / motion state changed: `code` the new WearState, `previous` the old one
  // (fusetrack/wear/wear_detector.hpp).
  kWearStateChanged,
  // A stream's time stamp is further than StreamCheckSettings::max_jump_s from its previous one
  // (a clock reset or a wild time stamp): the sample is accepted and what cannot bridge the jump
  // starts over. `stream`; `duration_us` the jump, negative backwards (saturated at the int64
  // range).
  kTimeJump,
  // The smoothed activity changed (fusetrack/activity/activity_classifier.hpp): `code` the new
  // class and `previous` the old one (indices into the running model's class_names; previous is
  // 0xFF for the first activity after a start or reset); `value` the confidence in [0, 1];
  // `stage` kActivity. t_us: the sample that completed the deciding window.
  kActivityChanged,
  // The step stage (fusetrack/steps/step_detector.hpp), `stage` kSteps. Walking was confirmed:
  // t_us the bout's first step (estimated foot landing), `duration_us` the delay from it to the
  // sample that confirmed the bout, `count` the steps credited at once.
  kWalkingStarted,
  // A bout ended (no step within bout_timeout_s, a gap, a time jump): t_us its last step,
  // `duration_us` from its first to its last step, `count` its steps.
  kWalkingEnded,
  // The step total reached a multiple of StepSettings::milestone_steps: t_us that step, `count`
  // the total modulo 2^32 (TrackerOutput::steps.steps has all 64 bits).
  kStepMilestone,
  // One step, only with StepSettings::step_events (a busy queue otherwise): t_us the estimated
  // foot landing, `duration_us` the delay until the detector reported it, `count` the total
  // modulo 2^32, `value` the cadence in steps/min at the report.
  kStep,
  // A heart-rate estimate (fusetrack/heart/heart_rate_estimator.hpp), one every
  // HeartSettings::hop_s, `stage` kHeart, `stream` kPpg: `value` the rate in beats/min (when
  // not valid, the last valid one; 0 before any), `code` the HeartReason (0: valid), `count` the
  // estimate's number, `duration_us` from the window's end to the sample that completed it
  // (within a grid period, 80 ms, either way: t_us - duration_us is the window's end).
  kHeartRate,
  // A fall (fusetrack/falls/fall_detector.hpp), `stage` kFalls: t_us the impact, `value` its
  // largest |a| in g (a lower bound when clipped), `code` the confidence in percent (0-100),
  // `previous` 1 when the impact clipped the accelerometer, `count` the alarm's number,
  // `duration_us` from the impact to the sample that decided it (about 3 s).
  kFall,
  // The fall alarm's follow-up: `code` the FallFollowUp (2 still: escalate, 3 recovered: the
  // wearer moved, the alarm can be cancelled), `count` the alarm's number, `duration_us` from
  // the impact. t_us: the sample that decided it.
  kFallFollowUp,
};
inline constexpr std::size_t kEventKindCount = 17;

constexpr const char* name(EventKind k) noexcept {
  switch (k) {
    case EventKind::kStreamGap:
      return "stream_gap";
    case EventKind::kStreamSilent:
      return "stream_silent";
    case EventKind::kStreamResumed:
      return "stream_resumed";
    case EventKind::kSampleRejected:
      return "sample_rejected";
    case EventKind::kMagDisturbanceBegin:
      return "mag_disturbance_begin";
    case EventKind::kMagDisturbanceEnd:
      return "mag_disturbance_end";
    case EventKind::kStageReinitialized:
      return "stage_reinitialized";
    case EventKind::kWearStateChanged:
      return "wear_state_changed";
    case EventKind::kTimeJump:
      return "time_jump";
    case EventKind::kActivityChanged:
      return "activity_changed";
    case EventKind::kWalkingStarted:
      return "walking_started";
    case EventKind::kWalkingEnded:
      return "walking_ended";
    case EventKind::kStepMilestone:
      return "step_milestone";
    case EventKind::kStep:
      return "step";
    case EventKind::kHeartRate:
      return "heart_rate";
    case EventKind::kFall:
      return "fall";
    case EventKind::kFallFollowUp:
      return "fall_follow_up";
  }
  return "unknown";
}

// One event. Plain data (trivially copyable): the queue is part of the saved state.
struct Event {
  Micros t_us = 0;          // time stamp of the sample at which it happened, µs
  Micros duration_us = 0;   // a length, for the kinds that have one, µs
  std::uint32_t count = 0;  // a count, for the kinds that have one
  float value = 0.0f;       // a measured value, for the kinds that have one (unit by kind)
  EventKind kind = EventKind::kStreamGap;
  StreamId stream = StreamId::kNone;
  std::uint8_t code = 0;      // a Status or a state, by kind
  std::uint8_t previous = 0;  // the state before, for state changes
  StageId stage = StageId::kNone;
  std::uint8_t reserved[3] = {};  // explicit padding (events are in the saved state): zero
};
static_assert(sizeof(Event) == 32, "Event: no implicit padding");

// Default capacity of the Tracker's queue; a build can choose another (-DFUSETRACK_EVENT_CAPACITY).
#ifndef FUSETRACK_EVENT_CAPACITY
#define FUSETRACK_EVENT_CAPACITY 32
#endif
inline constexpr std::size_t kEventCapacity = FUSETRACK_EVENT_CAPACITY;

// A fixed-capacity FIFO of events. When full, push() drops the oldest event and counts it in
// dropped(): the newest news is kept, and a loss is never silent.
template <std::size_t N>
class EventQueue {
 public:
  static constexpr std::size_t kCapacity = N;

  void push(const Event& e) noexcept { ring_.push_overwrite(e); }
  // The oldest event into `out`; false (out untouched) when the queue is empty.
  bool pop(Event& out) noexcept { return ok(ring_.pop(out)); }
  // Moves up to `max` of the oldest events into `out[0..)`, oldest first; returns how many.
  std::size_t drain(Event* out, std::size_t max) noexcept {
    std::size_t n = 0;
    while (n < max && ok(ring_.pop(out[n]))) ++n;
    return n;
  }
  std::size_t size() const noexcept { return ring_.size(); }
  bool empty() const noexcept { return ring_.empty(); }
  constexpr std::size_t capacity() const noexcept { return N; }
  // Events dropped because the queue was full, since construction.
  std::uint32_t dropped() const noexcept { return ring_.overwritten(); }
  // i = 0 is the oldest pending event. Precondition: i < size().
  const Event& operator[](std::size_t i) const noexcept { return ring_[i]; }
  // See RingBuffer::consistent().
  bool consistent() const noexcept { return ring_.consistent(); }
  static bool consistent_bytes(const std::uint8_t* bytes) noexcept {
    return RingBuffer<Event, N>::consistent_bytes(bytes + offsetof(EventQueue, ring_));
  }

 private:
  RingBuffer<Event, N> ring_;
};

}  // namespace fusetrack
