// FallDetector: falls from a wrist accelerometer, in the phases the literature describes (a
// free-fall dip, an impact, then stillness in a new posture), with a small integer model deciding
// on features of the window around the impact, and a follow-up once the wearer has stayed still
// or got up (the alarm a wearer can cancel, as products ship it).
//
// Front end: every accepted sample goes into a 50 ms cell on its own time stamp (no rate
// assumed, irregular and repeated stamps fine): the cell keeps the mean specific force, the
// largest and smallest |a| of its samples and whether any was clipped. Closed cells enter a ring of
// kFallCells (6.4 s); a cell with no sample (input slower than 20 Hz, a short gap) repeats the one
// before it, flagged as filled. A gap longer than max_gap_s empties the ring and drops a
// candidate that was waiting (it cannot be judged on made-up cells): one impact is never counted
// twice, nor judged across a hole.
//
// Phases:
//   1. trigger   a cell's largest |a| reaches trigger_g (a clipped sample counts at full scale:
//                an impact that saturates the sensor still triggers);
//   2. impact    the largest |a| within kImpactSearchCells (0.5 s) after the trigger is the impact;
//   3. features  once kPostS of cells after the impact are in (the wearer lying still, or not),
//                FallFeatures are computed from the ring (before, at and after the impact);
//   4. decision  the model's two logits (0: not a fall, 1: a fall); an alarm when their
//                difference reaches the model's threshold; confidence = the softmax probability;
//   5. follow-up confirm_s after the impact, kStill when the wearer moved for less than
//                recover_active_s in that time, else kRecovered as soon as the wearer has moved
//                that long (got up, walked away: the alarm can be cancelled).
// While an alarm's follow-up is pending no second alarm is raised (candidates are still judged);
// after kRecovered a new fall alarms again.
//
// Features are rotation invariant (|a|, the angle of the gravity direction before and after),
// because a watch's mounting is unknown; they need no gyroscope and no orientation filter.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "fusetrack/classify/quantized_mlp.hpp"
#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/imu_frame.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/falls/fall_model.hpp"
#include "fusetrack/models/falls_wrist.hpp"

namespace fusetrack::falls {

inline constexpr Micros kCellUs = 50'000;       // 20 Hz cells
inline constexpr std::size_t kFallCells = 128;  // 6.4 s of cells
inline constexpr int kPreCells = 40;            // 2 s before the impact
inline constexpr int kPostCells = 60;           // the features use 3 s after it
inline constexpr int kPostFromCells = 20;       // from 1 s after it (the body settling)
inline constexpr float kPostS = 3.0f;
inline constexpr int kImpactSearchCells = 10;  // 0.5 s
enum class FallFollowUp : std::uint8_t {
  kNone = 0,       // no alarm waiting
  kPending = 1,    // an alarm waits for its follow-up
  kStill = 2,      // the wearer stayed still for confirm_s: escalate
  kRecovered = 3,  // the wearer moved for recover_active_s: the alarm can be cancelled
};

constexpr const char* name(FallFollowUp f) noexcept {
  switch (f) {
    case FallFollowUp::kNone:
      return "none";
    case FallFollowUp::kPending:
      return "pending";
    case FallFollowUp::kStill:
      return "still";
    case FallFollowUp::kRecovered:
      return "recovered";
  }
  return "none";
}

struct FallSettings {
  bool enabled = false;
  float trigger_g = 2.0f;   // a cell's largest |a| that starts a candidate, g; [1.2, 16]
  float confirm_s = 30.0f;  // impact to the kStill follow-up, s; [kPostS, 600]
  float recover_active_s =
      3.0f;  // moving this long after the alarm is kRecovered, s; (0, confirm_s]
  float active_above_g =
      0.15f;               // a cell moves when |mean a - its 1 s mean| exceeds this, g; (0, 2]
  float max_gap_s = 1.0f;  // a longer gap empties the windows, s; [0.1, 5]
  // The decision; nullptr (the default): the shipped model (models/falls_wrist.hpp).
  const FallModel* model = nullptr;

  // The name of the first field out of its range (NaN included) or inconsistent with an earlier
  // one, or nullptr when all are valid ("model" for a model that is not consistent).
  const char* first_invalid_field() const noexcept {
    if (!(trigger_g >= 1.2f && trigger_g <= 16.0f)) return "trigger_g";
    if (!(confirm_s >= kPostS && confirm_s <= 600.0f)) return "confirm_s";
    if (!(recover_active_s > 0.0f && recover_active_s <= confirm_s)) return "recover_active_s";
    if (!(active_above_g > 0.0f && active_above_g <= 2.0f)) return "active_above_g";
    if (!(max_gap_s >= 0.1f && max_gap_s <= 5.0f)) return "max_gap_s";
    if (model != nullptr && !model->consistent()) return "model";
    return nullptr;
  }
  Status validate() const noexcept {
    return first_invalid_field() == nullptr ? Status::kOk : Status::kInvalidSettings;
  }
  void hash_into(SettingsHash& h) const noexcept {
    h.add(enabled);
    h.add(trigger_g);
    h.add(confirm_s);
    h.add(recover_active_s);
    h.add(active_above_g);
    h.add(max_gap_s);
    h.add(model != nullptr ? model->id : 0u);
  }
};

// One judged candidate (every impact, alarm or not).
struct FallCandidate {
  Micros impact_us = 0;  // the cell of the largest |a| (its centre)
  float impact_g = 0.0f;
  bool clipped = false;
  bool alarm = false;              // raised an alarm
  std::uint8_t reserved0[2] = {};  // explicit padding (part of the saved state): always zero
  float confidence = 0.0f;         // the model's probability of a fall, [0, 1]
  std::int32_t margin = 0;         // logit[1] - logit[0] (1/16 units)
  float features[kFallFeatureCount] = {};
  std::uint8_t reserved1[(8 - (kFallFeatureCount * 4 + 24) % 8) % 8] = {};  // padding to 8
};

// What one update did (bits).
enum FallUpdate : std::uint8_t {
  kFallNothing = 0,
  kFallCandidate = 1,  // a candidate was judged: last_candidate()
  kFallAlarm = 2,      // ... and raised an alarm: last_alarm()
  kFallFollowUp = 4,   // the pending alarm's follow-up is known: follow_up()
};

// A closed cell, in integers of 0.01 m/s² (12 bytes; saturated at ±327 m/s², 33 g, beyond any
// wrist accelerometer's full scale).
struct FallCell {
  std::int16_t mean[3] = {0, 0, 0};  // mean specific force
  std::uint16_t max_a = 0;           // largest |a| of its samples
  std::uint16_t min_a = 0;           // smallest |a|
  std::uint8_t flags = 0;            // kCellClipped | kCellFilled
  std::uint8_t reserved = 0;         // explicit padding (part of the saved state): always zero
};
inline constexpr float kCellUnit_m_s2 = 0.01f;
inline constexpr std::uint8_t kCellClipped = 1;
inline constexpr std::uint8_t kCellFilled = 2;

struct FallState {
  // The cell being filled.
  Micros cell_start_us = 0;
  float sum[3] = {0.0f, 0.0f, 0.0f};
  float max_a = 0.0f, min_a = 0.0f;
  std::uint16_t count = 0;
  bool clipped = false;
  bool started = false;  // a sample has been seen (cell_start_us is meaningful)
  // The ring of closed cells; `closed` counts every cell closed since the start (the newest is
  // closed - 1), `valid` how many of the newest are usable (since the start or the last gap).
  FallCell cells[kFallCells] = {};
  std::uint32_t closed = 0;
  std::uint32_t valid = 0;
  // The candidate waiting for its post-impact cells: impact cell index (in `closed` numbering).
  bool pending = false;
  std::uint8_t reserved0[3] = {};  // explicit padding, here and below: saved bytes are defined
  std::uint32_t impact_cell = 0;
  std::uint32_t search_end = 0;  // the impact moves to a larger |a| up to this cell
  std::uint32_t next_from = 0;   // the next candidate may trigger from this cell on
  // The alarm and its follow-up.
  FallFollowUp follow_up = FallFollowUp::kNone;
  std::uint8_t reserved1[7] = {};
  Micros alarm_us = 0;  // the newest alarm's impact, its |a| and confidence
  float alarm_impact_g = 0.0f;
  float alarm_confidence = 0.0f;
  bool alarm_clipped = false;
  std::uint8_t reserved2[3] = {};
  std::uint32_t alarm_cell = 0;
  float active_s = 0.0f;               // movement time since the alarm's impact
  float slow[3] = {0.0f, 0.0f, 0.0f};  // 1 s low-pass of the cell means (movement reference)
  bool slow_started = false;
  std::uint8_t reserved3[3] = {};
  std::uint32_t candidates = 0;
  std::uint32_t alarms = 0;
  std::uint32_t reserved4 = 0;
  FallCandidate last{};
};
// No implicit padding: a saved state's bytes depend only on the history.
static_assert(sizeof(FallCell) == 12 && sizeof(FallCandidate) % 8 == 0 &&
              sizeof(FallState) == 1656 + sizeof(FallCandidate));

class FallDetector {
 public:
  explicit FallDetector(const FallSettings& s = {}) noexcept
      : settings_(s),
        model_(s.model != nullptr ? s.model : &models::kFallsWrist),
        trigger_m_s2_(s.trigger_g * kGravity_m_s2),
        trigger_u_(to_u16(s.trigger_g * kGravity_m_s2)),
        max_gap_us_(trunc_to_i64(s.max_gap_s * 1e6f)),
        active_above_m_s2_(s.active_above_g * kGravity_m_s2),
        confirm_cells_(static_cast<std::uint32_t>(s.confirm_s * 20.0f + 0.5f)) {}

  const FallSettings& settings() const noexcept { return settings_; }
  const FallModel& model() const noexcept { return *model_; }

  void reset() noexcept { assign_default(state_); }

  // One accepted sample; FallUpdate bits of what it completed.
  std::uint8_t update(const ImuFrame& f) noexcept {
    return update(f.t_us, f.acc_s_m_s2, f.acc_clipped);
  }
  std::uint8_t update(Micros t_us, const Vec3& acc_m_s2, bool acc_clipped) noexcept {
    FallState& s = state_;
    std::uint8_t out = kFallNothing;
    if (!s.started) {
      s.started = true;
      s.cell_start_us = t_us;
    } else if (t_us - s.cell_start_us >= kCellUs) {
      const Micros since = t_us - (s.cell_start_us + kCellUs);
      if (since > max_gap_us_ || t_us < s.cell_start_us) {
        // A gap (or a step back): nothing bridges it.
        out |= close_cell(false);
        start_over(t_us);
      } else {
        out |= close_cell(false);
        s.cell_start_us += kCellUs;
        while (t_us - s.cell_start_us >= kCellUs) {
          out |= close_cell(true);
          s.cell_start_us += kCellUs;
        }
      }
    } else if (t_us < s.cell_start_us) {
      // A time stamp before the open cell (the Tracker never passes one): starts over.
      start_over(t_us);
    }
    const float a = acc_m_s2.norm();
    if (s.count == 0) {
      s.max_a = a;
      s.min_a = a;
    } else {
      s.max_a = a > s.max_a ? a : s.max_a;
      s.min_a = a < s.min_a ? a : s.min_a;
    }
    s.sum[0] += acc_m_s2.x();
    s.sum[1] += acc_m_s2.y();
    s.sum[2] += acc_m_s2.z();
    if (s.count < 0xFFFF) ++s.count;
    s.clipped = s.clipped || acc_clipped;
    return out;
  }

  // Outputs.
  std::uint32_t candidates() const noexcept { return state_.candidates; }
  std::uint32_t alarms() const noexcept { return state_.alarms; }
  const FallCandidate& last_candidate() const noexcept { return state_.last; }
  FallFollowUp follow_up() const noexcept { return state_.follow_up; }
  Micros alarm_us() const noexcept { return state_.alarm_us; }
  float alarm_impact_g() const noexcept { return state_.alarm_impact_g; }
  float alarm_confidence() const noexcept { return state_.alarm_confidence; }
  bool alarm_clipped() const noexcept { return state_.alarm_clipped; }

  const FallState& state() const noexcept { return state_; }
  void set_state(const FallState& s) noexcept { state_ = s; }
  bool state_finite() const noexcept {
    float p = 0.0f;
    const FallState& s = state_;
    for (int k = 0; k < 3; ++k) p += s.sum[k] * 0.0f + s.slow[k] * 0.0f;
    p += s.max_a * 0.0f + s.min_a * 0.0f + s.active_s * 0.0f + s.alarm_impact_g * 0.0f +
         s.alarm_confidence * 0.0f;
    for (float f : s.last.features) p += f * 0.0f;
    p += s.last.impact_g * 0.0f + s.last.confidence * 0.0f;
    return p == 0.0f;
  }

  // Whether a saved state can be this detector's: finite, the ring's counters and the waiting
  // candidate's cells consistent, a known follow-up. (Its bool bytes: bools_valid.)
  static bool plausible(const FallState& s) noexcept {
    FallDetector probe;
    probe.state_ = s;
    if (!probe.state_finite()) return false;
    if (s.valid > kFallCells || s.valid > s.closed) return false;
    if (s.pending && (s.impact_cell >= s.closed + 1u ||
                      s.closed - s.impact_cell > kPostCells + 1u || s.search_end < s.impact_cell)) {
      return false;
    }
    if (static_cast<std::uint8_t>(s.follow_up) >
        static_cast<std::uint8_t>(FallFollowUp::kRecovered)) {
      return false;
    }
    return s.alarms <= s.candidates && s.active_s >= 0.0f;
  }
  // Whether every bool of a saved FallState at `at` holds 0 or 1 (`is_bool` tests one byte).
  template <typename IsBool>
  static bool bools_valid(const std::uint8_t* at, IsBool is_bool) noexcept {
    using S = FallState;
    return is_bool(at + offsetof(S, clipped)) && is_bool(at + offsetof(S, started)) &&
           is_bool(at + offsetof(S, pending)) && is_bool(at + offsetof(S, alarm_clipped)) &&
           is_bool(at + offsetof(S, slow_started)) &&
           is_bool(at + offsetof(S, last) + offsetof(FallCandidate, clipped)) &&
           is_bool(at + offsetof(S, last) + offsetof(FallCandidate, alarm));
  }

  // The features of the candidate whose impact is cell `impact` (its post-impact cells in the
  // ring). Public for training, which must see exactly these values.
  void features(std::uint32_t impact, float* x) const noexcept {
    const float g = kGravity_m_s2;
    const FallCell& ic = cell(impact);
    x[0] = max_of(ic) / g;
    bool clipped = false;
    for (int d = -1; d <= 1; ++d) clipped = clipped || (cell(rel(impact, d)).flags & kCellClipped);
    x[1] = clipped ? 1.0f : 0.0f;
    // The second before the impact.
    float dip_min = min_of(ic);
    float fall_speed = 0.0f;
    for (int d = -20; d < 0; ++d) {
      const FallCell& c = cell(rel(impact, d));
      dip_min = min_of(c) < dip_min ? min_of(c) : dip_min;
      const float lack = g - mean_norm(c);
      fall_speed += lack > 0.0f ? lack * 0.05f : 0.0f;
    }
    x[2] = dip_min / g;
    x[3] = fall_speed;
    // 1-3 s after.
    Stats post = stats(impact + kPostFromCells, impact + kPostCells);
    x[4] = post.sd / g;
    x[5] = post.max / g;
    x[6] = post.mean / g;
    x[7] = post.dev / g;
    // 2-0.2 s before.
    Stats pre = stats(impact - kPreCells, impact - 4);
    x[8] = cos_between(pre.vec, post.vec);
    x[9] = pre.sd / g;
    int peaks = 0;
    for (int d = 6; d < kPostCells; ++d) {
      if (max_of(cell(rel(impact, d))) >= trigger_m_s2_) ++peaks;
    }
    x[10] = static_cast<float>(peaks);
    float near = 0.0f;
    for (int d = -10; d <= 10; ++d) near += max_of(cell(rel(impact, d)));
    x[11] = near / (21.0f * g);
    // The attitude just before against just after: a fall turns the forearm within a second,
    // lying down on purpose takes longer.
    const Stats just_before = stats(impact - 15, impact - 5);
    const Stats just_after = stats(impact + 10, impact + 20);
    x[12] = cos_between(just_before.vec, just_after.vec);
  }

 private:
  struct Stats {
    float mean = 0.0f, sd = 0.0f, max = 0.0f, dev = 0.0f;
    float vec[3] = {0.0f, 0.0f, 0.0f};
  };
  static std::int16_t to_i16(float v) noexcept {
    const float q = v / kCellUnit_m_s2;
    const float r = q >= 0.0f ? q + 0.5f : q - 0.5f;
    return r >= 32767.0f ? std::int16_t{32767}
                         : (r <= -32767.0f ? std::int16_t{-32767} : static_cast<std::int16_t>(r));
  }
  static std::uint16_t to_u16(float v) noexcept {
    const float r = v / kCellUnit_m_s2 + 0.5f;
    return r >= 65535.0f ? std::uint16_t{65535} : static_cast<std::uint16_t>(r);
  }
  static void vec_of(const FallCell& c, float* v) noexcept {
    for (int k = 0; k < 3; ++k) v[k] = static_cast<float>(c.mean[k]) * kCellUnit_m_s2;
  }
  static float mean_norm(const FallCell& c) noexcept {
    float v[3];
    vec_of(c, v);
    return norm3(v);
  }
  static float max_of(const FallCell& c) noexcept {
    return static_cast<float>(c.max_a) * kCellUnit_m_s2;
  }
  static float min_of(const FallCell& c) noexcept {
    return static_cast<float>(c.min_a) * kCellUnit_m_s2;
  }
  // cos of the angle between two forces; 1 when either is too small to have a direction.
  static float cos_between(const float* a, const float* b) noexcept {
    const float an = norm3(a), bn = norm3(b);
    if (!(an > 0.1f && bn > 0.1f)) return 1.0f;
    return (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (an * bn);
  }
  static float norm3(const float* v) noexcept {
    return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }
  // Cell index i + d (d may be negative; the caller keeps the result within the ring).
  static std::uint32_t rel(std::uint32_t i, int d) noexcept {
    return d >= 0 ? i + static_cast<std::uint32_t>(d) : i - static_cast<std::uint32_t>(-d);
  }
  // Cell `i` in `closed` numbering (the caller keeps i within the newest kFallCells).
  const FallCell& cell(std::uint32_t i) const noexcept { return state_.cells[i % kFallCells]; }
  FallCell& cell_mut(std::uint32_t i) noexcept { return state_.cells[i % kFallCells]; }

  // Cells [from, to): mean, s.d. of the mean |a|, largest |a|, mean force vector and the mean
  // |a - mean vector|.
  Stats stats(std::uint32_t from, std::uint32_t to) const noexcept {
    Stats r;
    const float n = static_cast<float>(to - from);
    float s1 = 0.0f, s2 = 0.0f;
    for (std::uint32_t i = from; i < to; ++i) {
      const FallCell& c = cell(i);
      float v[3];
      vec_of(c, v);
      const float m = norm3(v);
      s1 += m;
      s2 += m * m;
      r.max = max_of(c) > r.max ? max_of(c) : r.max;
      for (int k = 0; k < 3; ++k) r.vec[k] += v[k];
    }
    r.mean = s1 / n;
    const float var = s2 / n - r.mean * r.mean;
    r.sd = var > 0.0f ? std::sqrt(var) : 0.0f;
    for (int k = 0; k < 3; ++k) r.vec[k] /= n;
    float dev = 0.0f;
    for (std::uint32_t i = from; i < to; ++i) {
      float v[3];
      vec_of(cell(i), v);
      const float d[3] = {v[0] - r.vec[0], v[1] - r.vec[1], v[2] - r.vec[2]};
      dev += norm3(d);
    }
    r.dev = dev / n;
    return r;
  }

  void start_over(Micros t_us) noexcept {
    FallState& s = state_;
    s.valid = 0;
    s.pending = false;
    s.slow_started = false;
    s.cell_start_us = t_us;
    s.count = 0;
    s.sum[0] = s.sum[1] = s.sum[2] = 0.0f;
    s.clipped = false;
    s.next_from = s.closed;
  }

  // Closes the open cell (or, `filled`, repeats the last closed one for an empty interval) and
  // runs the phases on it.
  std::uint8_t close_cell(bool filled) noexcept {
    FallState& s = state_;
    FallCell c;
    if (filled || s.count == 0) {
      if (s.valid == 0) return kFallNothing;  // nothing to repeat
      c = cell(s.closed - 1);
      c.flags = static_cast<std::uint8_t>((c.flags & ~kCellClipped) | kCellFilled);
      const std::uint16_t m = to_u16(mean_norm(c));
      c.max_a = m;
      c.min_a = m;
    } else {
      const float inv = 1.0f / static_cast<float>(s.count);
      for (int k = 0; k < 3; ++k) c.mean[k] = to_i16(s.sum[k] * inv);
      c.max_a = to_u16(s.max_a);
      c.min_a = to_u16(s.min_a);
      c.flags = s.clipped ? kCellClipped : 0;
    }
    s.count = 0;
    s.sum[0] = s.sum[1] = s.sum[2] = 0.0f;
    s.clipped = false;
    const std::uint32_t i = s.closed;
    cell_mut(i) = c;
    ++s.closed;
    if (s.valid < kFallCells) ++s.valid;
    return on_cell(i);
  }

  bool triggers(const FallCell& c) const noexcept {
    return c.max_a >= trigger_u_ || (c.flags & kCellClipped) != 0;
  }

  std::uint8_t on_cell(std::uint32_t i) noexcept {
    FallState& s = state_;
    std::uint8_t out = follow(i);
    if (!s.pending) {
      // Cells before the impact window are needed: the candidate triggers only with 2 s of them.
      if (i >= s.next_from && s.valid > kPreCells && triggers(cell(i))) {
        s.pending = true;
        s.impact_cell = i;
        s.search_end = i + kImpactSearchCells;
      }
      return out;
    }
    if (i <= s.search_end && cell(i).max_a > cell(s.impact_cell).max_a) s.impact_cell = i;
    if (i >= s.impact_cell + kPostCells) {
      out |= judge();
      // The next candidate: the first triggering cell after this impact's refractory time.
      s.next_from = s.impact_cell + kImpactSearchCells + 1;
      for (std::uint32_t j = s.next_from; j <= i; ++j) {
        if (triggers(cell(j))) {
          s.pending = true;
          s.impact_cell = j;
          s.search_end = j + kImpactSearchCells;
          for (std::uint32_t k = j + 1; k <= i && k <= s.search_end; ++k) {
            if (cell(k).max_a > cell(s.impact_cell).max_a) s.impact_cell = k;
          }
          return out;
        }
      }
      s.next_from = i + 1;
    }
    return out;
  }

  // The follow-up of a pending alarm, cell by cell.
  std::uint8_t follow(std::uint32_t i) noexcept {
    FallState& s = state_;
    float v[3];
    vec_of(cell(i), v);
    // Movement reference: a 1 s low-pass of the cell means.
    if (!s.slow_started) {
      for (int k = 0; k < 3; ++k) s.slow[k] = v[k];
      s.slow_started = true;
    }
    const float d[3] = {v[0] - s.slow[0], v[1] - s.slow[1], v[2] - s.slow[2]};
    for (int k = 0; k < 3; ++k) s.slow[k] += 0.05f * (v[k] - s.slow[k]);
    if (s.follow_up != FallFollowUp::kPending) return kFallNothing;
    if (norm3(d) > active_above_m_s2_) s.active_s += 0.05f;
    if (s.active_s >= settings_.recover_active_s) {
      s.follow_up = FallFollowUp::kRecovered;
      return kFallFollowUp;
    }
    if (i >= s.alarm_cell + confirm_cells_) {
      s.follow_up = FallFollowUp::kStill;
      return kFallFollowUp;
    }
    return kFallNothing;
  }

  std::uint8_t judge() noexcept {
    FallState& s = state_;
    FallCandidate& c = s.last;
    c = FallCandidate{};
    features(s.impact_cell, c.features);
    c.impact_g = c.features[0];
    c.clipped = c.features[1] > 0.5f;
    c.impact_us =
        s.cell_start_us - static_cast<Micros>(s.closed - s.impact_cell) * kCellUs + kCellUs / 2;
    decide(c);
    ++s.candidates;
    s.pending = false;
    std::uint8_t out = kFallCandidate;
    const bool waiting = s.follow_up == FallFollowUp::kPending;
    if (c.alarm && !waiting) {
      ++s.alarms;
      s.alarm_us = c.impact_us;
      s.alarm_impact_g = c.impact_g;
      s.alarm_confidence = c.confidence;
      s.alarm_clipped = c.clipped;
      s.follow_up = FallFollowUp::kPending;
      s.active_s = 0.0f;
      s.alarm_cell = s.impact_cell;
      out |= kFallAlarm;
    } else {
      c.alarm = false;
    }
    return out;
  }

  void decide(FallCandidate& c) const noexcept {
    const FallModel& m = *model_;
    classify::MlpValue x_q[kFallFeatureCount];
    classify::quantize_input(*m.mlp, c.features, x_q);
    std::int32_t logits[2] = {0, 0};
    classify::infer_logits(*m.mlp, x_q, logits);
    c.margin = logits[1] - logits[0];
    c.alarm = c.margin >= m.threshold_logit;
    const float z =
        static_cast<float>(c.margin) / static_cast<float>(1 << classify::kLogitFracBits);
    c.confidence = 1.0f / (1.0f + std::exp(-z));
  }

  FallSettings settings_;
  const FallModel* model_;
  float trigger_m_s2_;
  std::uint16_t trigger_u_;
  Micros max_gap_us_;
  float active_above_m_s2_;
  std::uint32_t confirm_cells_;
  FallState state_{};
};

}  // namespace fusetrack::falls
