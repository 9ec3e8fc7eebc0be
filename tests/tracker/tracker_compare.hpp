// Bit-for-bit comparison of Tracker outputs and events, for tests (and the Tracker fuzzer) that
// split a stream with save/restore or replay it twice; and resealing an edited saved state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "fusetrack/core/checksum.hpp"

#include "fusetrack/events.hpp"
#include "fusetrack/tracker.hpp"

namespace fusetrack::test {

inline bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }
template <typename M>
bool same_bits(const M& a, const M& b) {
  for (int i = 0; i < a.size(); ++i) {
    if (!same_bits(a.data()[i], b.data()[i])) return false;
  }
  return true;
}

inline bool same(const StreamOutput& a, const StreamOutput& b) {
  return a.accepted == b.accepted && a.rejected == b.rejected && a.duplicates == b.duplicates &&
         a.backwards == b.backwards && a.not_finite == b.not_finite && a.gaps == b.gaps &&
         a.missing == b.missing && a.beyond_full_scale == b.beyond_full_scale &&
         a.wrong_shape == b.wrong_shape && a.clipped == b.clipped && a.jumps == b.jumps &&
         same_bits(a.rate_hz, b.rate_hz) && same_bits(a.mean_rate_hz, b.mean_rate_hz) &&
         same_bits(a.jitter_s, b.jitter_s) && same_bits(a.drift, b.drift) &&
         a.last_t_us == b.last_t_us && a.silent == b.silent;
}

inline bool same(const OrientationFlags& a, const OrientationFlags& b) {
  return a.initialized == b.initialized && a.heading_set == b.heading_set &&
         a.at_rest == b.at_rest && a.acc_rejected == b.acc_rejected &&
         a.mag_disturbed == b.mag_disturbed && a.recovering == b.recovering &&
         a.acc_only == b.acc_only;
}

inline bool same(const ActivityOutput& a, const ActivityOutput& b) {
  return a.available == b.available && a.has_label == b.has_label && a.label == b.label &&
         std::strcmp(a.name, b.name) == 0 && same_bits(a.confidence, b.confidence) &&
         a.raw_label == b.raw_label && same_bits(a.raw_confidence, b.raw_confidence) &&
         a.decisions == b.decisions && a.changes == b.changes && a.model == b.model;
}

inline bool same(const StepsOutput& a, const StepsOutput& b) {
  return a.available == b.available && a.walking == b.walking && a.steps == b.steps &&
         same_bits(a.cadence_spm, b.cadence_spm) &&
         same_bits(a.cadence_confidence, b.cadence_confidence) && a.distance_mm == b.distance_mm &&
         a.bouts == b.bouts && a.bout_steps == b.bout_steps && a.bout_start_us == b.bout_start_us &&
         a.last_step_us == b.last_step_us;
}

inline bool same(const HeartOutput& a, const HeartOutput& b) {
  return a.available == b.available && a.valid == b.valid && same_bits(a.bpm, b.bpm) &&
         same_bits(a.confidence, b.confidence) && a.reason == b.reason &&
         a.estimates == b.estimates && a.window_end_us == b.window_end_us &&
         same_bits(a.motion_hz, b.motion_hz);
}

inline bool same(const FallsOutput& a, const FallsOutput& b) {
  return a.available == b.available && a.alarms == b.alarms && a.candidates == b.candidates &&
         a.follow_up == b.follow_up && a.last_alarm_us == b.last_alarm_us &&
         same_bits(a.last_impact_g, b.last_impact_g) &&
         same_bits(a.last_confidence, b.last_confidence) && a.last_clipped == b.last_clipped;
}

inline bool same(const EnergyOutput& a, const EnergyOutput& b) {
  return a.available == b.available && same_bits(a.met, b.met) &&
         same_bits(a.kcal_per_min, b.kcal_per_min) && a.total_ukcal == b.total_ukcal &&
         a.active_ukcal == b.active_ukcal && a.from_heart_rate == b.from_heart_rate;
}

inline bool same(const TrackerOutput& a, const TrackerOutput& b) {
  const OrientationOutput& p = a.orientation;
  const OrientationOutput& q = b.orientation;
  return same(a.imu, b.imu) && same(a.mag, b.mag) && same(a.ppg, b.ppg) &&
         same_bits(p.q_es.coeffs(), q.q_es.coeffs()) &&
         same_bits(p.gravity_s_m_s2, q.gravity_s_m_s2) &&
         same_bits(p.linear_acc_e_m_s2, q.linear_acc_e_m_s2) &&
         same_bits(p.gyr_bias_rad_s, q.gyr_bias_rad_s) && same(p.flags, q.flags) &&
         p.uses_mag == q.uses_mag && p.heading_available == q.heading_available &&
         p.restarts == q.restarts && a.guard.orientation_resets == b.guard.orientation_resets &&
         a.guard.wear_resets == b.guard.wear_resets && a.wear.available == b.wear.available &&
         a.wear.state == b.wear.state &&
         same_bits(a.wear.motion_rms_m_s2, b.wear.motion_rms_m_s2) &&
         a.wear.ppg_contact == b.wear.ppg_contact && same(a.activity, b.activity) &&
         same(a.steps, b.steps) && same(a.heart, b.heart) && same(a.falls, b.falls) &&
         same(a.energy, b.energy) && a.guard.heart_resets == b.guard.heart_resets &&
         a.events.pending == b.events.pending && a.events.dropped == b.events.dropped &&
         a.events.total == b.events.total;
}

inline bool same(const Event& a, const Event& b) {
  return a.t_us == b.t_us && a.duration_us == b.duration_us && a.count == b.count &&
         same_bits(a.value, b.value) && a.kind == b.kind && a.stream == b.stream &&
         a.code == b.code && a.previous == b.previous && a.stage == b.stage;
}

// Rewrites a saved state's checksum (its last 4 bytes, little-endian) to match the bytes before
// it, as a writer of the edited state would have: how tests reach restore_state's checks behind
// the CRC.
inline void reseal(std::uint8_t* state, std::size_t size) {
  const std::size_t crc_at = size - 4;
  const std::uint32_t crc = crc32(state, crc_at);
  for (std::size_t i = 0; i < 4; ++i) state[crc_at + i] = static_cast<std::uint8_t>(crc >> (8 * i));
}
template <typename Bytes>
void reseal(Bytes& state) {
  reseal(state.data(), state.size());
}

}  // namespace fusetrack::test
