// A recording's day as a person reads it: one row per second of the recording (what the Tracker
// reported by the end of that second), the events with their times, and the summary that
// `fusetrack run` prints and `fusetrack replay` tabulates. Plain data: filled by
// replay::replay_day (day.hpp), written as CSV / JSON (day.hpp) and drawn by report/day_svg.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fusetrack/core/types.hpp"

namespace fusetrack::replay {

// One second of the recording, [t_s, t_s + 1), t_s counted from the first sample of any stream.
// Every value is what the Tracker's output held after the last accepted sample of that second
// (a second without samples repeats the previous row's values); counts are per second.
struct DaySecond {
  double t_s = 0.0;                    // the second's start, s since the first sample
  Micros t_us = 0;                     // its start on the recording's clock, µs
  std::string activity = "unknown";    // the smoothed activity's class name ("unknown": none yet)
  float activity_confidence = 0.0f;    // [0, 1]
  std::string wear = "unknown";        // wear / motion state name
  bool walking = false;                // inside a confirmed walking bout
  std::uint64_t steps_total = 0;       // steps since start
  std::uint32_t steps = 0;             // steps credited during this second
  float cadence_spm = 0.0f;            // steps/min (0 outside a bout)
  double distance_m = 0.0;             // since start, m
  bool heart_valid = false;            // the newest heart-rate estimate is valid
  float heart_bpm = 0.0f;              // its rate (the last valid one when not valid; 0: none)
  std::string heart_reason = "none";   // its reason ("none": no estimate yet or stage off)
  float roll_deg = 0.0f;               // orientation at the second's end (ENU, ZYX Euler), deg
  float pitch_deg = 0.0f;
  float yaw_deg = 0.0f;                // meaningless without heading (heading_available false)
  // The second's extremes of the roll and pitch, deg: an envelope for pictures.
  float roll_min_deg = 0.0f, roll_max_deg = 0.0f;
  float pitch_min_deg = 0.0f, pitch_max_deg = 0.0f;
  float met = 0.0f;                    // energy: METs
  float kcal_per_min = 0.0f;           // kcal/min
  double kcal_total = 0.0;             // since start, kcal
  std::uint32_t events = 0;            // events raised during this second (all kinds)
};

// One event, with its kind's name (events.hpp name(EventKind)) and a short readable detail.
struct DayEvent {
  double t_s = 0.0;  // its time stamp, s since the first sample
  Micros t_us = 0;
  std::string kind;    // "fall", "activity_changed", ...
  std::string detail;  // e.g. "WALKING (0.92)", "stream imu, 0.31 s"
};

// What a person reads in ten seconds.
struct DaySummary {
  std::string file;
  double duration_s = 0.0;
  std::uint64_t imu_samples = 0, mag_samples = 0, ppg_samples = 0;  // accepted
  std::vector<std::pair<std::string, double>> seconds_per_activity;  // in order of first appearance
  std::uint64_t steps = 0;
  double distance_m = 0.0;
  double walking_s = 0.0;
  double cadence_mean_spm = 0.0;  // while walking (0: never walking)
  double cadence_max_spm = 0.0;
  std::size_t heart_estimates = 0, heart_valid = 0;
  double heart_min_bpm = 0.0, heart_mean_bpm = 0.0, heart_max_bpm = 0.0;  // over valid ones
  double kcal_total = 0.0, active_kcal_total = 0.0;
  double met_mean = 0.0;        // time-weighted
  std::uint32_t falls = 0;      // fall alarms
  // Faults the stream checks and the guard saw: rejected samples, gaps, clipped samples, time
  // jumps, silences, stage re-initialisations.
  std::uint64_t rejected = 0, gaps = 0, clipped = 0, jumps = 0, silences = 0, reinits = 0;
  std::vector<std::pair<std::string, std::uint64_t>> events_per_kind;  // EventKind order, > 0 only
  std::uint32_t events_dropped = 0;
  bool stages_activity = false, stages_steps = false, stages_heart = false, stages_falls = false,
       stages_energy = false, heading_available = false;
};

struct DayTimeline {
  DaySummary summary;
  std::vector<DaySecond> seconds;
  std::vector<DayEvent> events;
};

}  // namespace fusetrack::replay
