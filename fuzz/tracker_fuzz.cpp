// Fuzz harness of the Tracker (include/fusetrack/tracker.hpp): the input is decoded into a
// settings variation and a sequence of operations (IMU, magnetometer and PPG pushes with
// arbitrary float bit patterns and int64 time stamps, event drains, save_state, restore_state of
// intact, damaged and re-sealed buffers, and a twin Tracker forked from a saved state). After
// every operation it checks, and traps (__builtin_trap) when one fails:
//   - every output field is finite (quaternion, gravity, linear acceleration, bias, each stream's
//     rates, jitter and drift, the wear motion measure), and the quaternion is a unit one once
//     the filter is initialized;
//   - per stream, accepted + rejected == samples pushed (a disabled stream counts nothing), and a
//     push's status says which of the two it moved;
//   - events: total == dropped + drained + pending;
//   - a refused restore_state leaves the Tracker exactly as it was; an intact one is accepted;
//   - the twin, restored from the main Tracker's state and fed the same operations since, has
//     the same outputs and events bit for bit.
// A restore of a buffer re-sealed after damage (its checksum recomputed) may be accepted with any
// content: after one, only the absence of crashes and sanitizer reports is checked.
//
// Input layout (fuzz/README.md has the table): byte 0 and 1 choose the settings, then each
// operation is one opcode byte (low 3 bits: the operation; higher bits: its modes) and its
// operands.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "fusetrack/core/checksum.hpp"
#include "fusetrack/tracker.hpp"
#include "fuzz_support.hpp"
#include "tracker_compare.hpp"

namespace {

using fusetrack::Event;
using fusetrack::ImuSample;
using fusetrack::MagSample;
using fusetrack::Micros;
using fusetrack::PpgSample;
using fusetrack::Status;
using fusetrack::StreamOutput;
using fusetrack::Tracker;
using fusetrack::TrackerOutput;
using fusetrack::TrackerSettings;
using fusetrack::Vec3;
using fusetrack::fuzz::ByteReader;

// Settings from two bytes: filter, streams, accelerometer-only, wear stage, rates.
TrackerSettings decode_settings(ByteReader& in) {
  const std::uint8_t a = in.u8();
  const std::uint8_t b = in.u8();
  TrackerSettings s;
  s.orientation_filter = (a & 1u) ? fusetrack::OrientationFilterKind::kComplementary
                                  : fusetrack::OrientationFilterKind::kEkf;
  s.mag_enabled = (a & 2u) == 0;
  s.imu_has_gyr = (a & 4u) == 0;
  s.wear.enabled = (a & 8u) == 0;
  s.orientation_uses_mag = (a & 16u) == 0;
  s.ppg_enabled = (a & 32u) == 0;
  s.ppg_channels = static_cast<std::uint8_t>(1 + (a >> 6));
  static constexpr float kRates[8] = {100.0f, 104.0f, 25.0f, 1000.0f, 52.0f, 12.5f, 400.0f, 1.0f};
  s.imu.nominal_rate_hz = kRates[b & 7u];
  static constexpr float kSilent[4] = {2.0f, 0.01f, 60.0f, 86400.0f};
  s.silent_after_s = kSilent[(b >> 3) & 3u];
  if (b & 32u) s.wear.ppg_no_contact_below = 1000.0f;
  if (b & 64u) s.mag.nominal_rate_hz = 100.0f;
  if (b & 128u) s.imu.gap_factor = 100.0f;
  // A third byte (0 once the input is used up): the stages that are off by default.
  const std::uint8_t c = in.u8();
  s.falls.enabled = (c & 1u) != 0;
  if (c & 2u) s.falls.trigger_g = 1.2f;  // the lowest trigger: the most candidates
  return s;
}

// Per stream: the last pushed time stamp and values, what the decoder builds on.
struct Decoder {
  Micros last_t[3] = {0, 0, 0};
  ImuSample imu;
  MagSample mag;
  PpgSample ppg;

  // Time modes 0..3: a regular step (10 us units), a small step that may go back or repeat, any
  // int64, a long step (up to 71 min). Sums wrap as unsigned: the decoder itself has no UB.
  Micros time(ByteReader& in, unsigned mode, std::size_t stream) {
    const auto prev = static_cast<std::uint64_t>(last_t[stream]);
    std::uint64_t t = 0;
    switch (mode & 3u) {
      case 0:
        t = prev + 10u * in.u16();
        break;
      case 1:
        t = prev + in.u8() - 16u;
        break;
      case 2:
        t = static_cast<std::uint64_t>(in.i64());
        break;
      default:
        t = prev + in.u32();
        break;
    }
    last_t[stream] = static_cast<Micros>(t);
    return last_t[stream];
  }
  // The previous time stamp of `stream` plus `step_us` (wrapping as unsigned, like time()).
  Micros time_after(std::size_t stream, Micros step_us) {
    const auto t = static_cast<std::uint64_t>(last_t[stream]) + static_cast<std::uint64_t>(step_us);
    last_t[stream] = static_cast<Micros>(t);
    return last_t[stream];
  }
  // Value modes 0..3: raw float bits, near a base (1-byte steps), wide (2-byte steps), repeat.
  static float value(ByteReader& in, unsigned mode, float base, float step, float wide_step,
                     float previous) {
    float v = previous;
    switch (mode & 3u) {
      case 0:
        v = in.f32();
        break;
      case 1:
        v = base + step * static_cast<float>(in.i8());
        break;
      case 2:
        v = wide_step * static_cast<float>(in.i16());
        break;
      default:
        break;
    }
    return v;
  }
  static Vec3 vec(ByteReader& in, unsigned mode, const Vec3& base, float step, float wide_step,
                  const Vec3& previous) {
    Vec3 v;
    for (int i = 0; i < 3; ++i) {
      v[i] = value(in, mode, base[i], step, wide_step, previous[i]);
    }
    return v;
  }
};

bool finite(const Vec3& v) { return std::isfinite(v.x() + v.y() + v.z()) && v.allFinite(); }

void check_stream(const StreamOutput& s) {
  FUZZ_CHECK(std::isfinite(s.rate_hz));
  FUZZ_CHECK(std::isfinite(s.mean_rate_hz));
  FUZZ_CHECK(std::isfinite(s.jitter_s));
  FUZZ_CHECK(std::isfinite(s.drift));
  FUZZ_CHECK(s.duplicates + s.backwards + s.not_finite <= s.rejected);
  FUZZ_CHECK(s.gaps <= s.accepted);
}

void check_finite(const TrackerOutput& o) {
  const auto& ori = o.orientation;
  FUZZ_CHECK(ori.q_es.coeffs().allFinite());
  if (ori.flags.initialized) FUZZ_CHECK(std::fabs(ori.q_es.norm() - 1.0f) < 1e-3f);
  FUZZ_CHECK(finite(ori.gravity_s_m_s2));
  FUZZ_CHECK(finite(ori.linear_acc_e_m_s2));
  FUZZ_CHECK(finite(ori.gyr_bias_rad_s));
  check_stream(o.imu);
  check_stream(o.mag);
  check_stream(o.ppg);
  if (o.wear.available) FUZZ_CHECK(std::isfinite(o.wear.motion_rms_m_s2));
}

using fusetrack::test::same;  // tests/tracker/tracker_compare.hpp: bit for bit, every field

// One Tracker and what the harness counted of its inputs.
struct Subject {
  explicit Subject(const TrackerSettings& s) : tracker(s) {}
  Tracker tracker;
  std::uint64_t pushed[3] = {0, 0, 0};
  std::uint64_t drained = 0;

  // Takes the counts from the outputs (after a restore replaced the state they count).
  void recount() {
    const TrackerOutput o = tracker.output();
    const StreamOutput* s[3] = {&o.imu, &o.mag, &o.ppg};
    for (int i = 0; i < 3; ++i) pushed[i] = s[i]->accepted + s[i]->rejected;
    drained = o.events.total - o.events.dropped - o.events.pending;
  }

  void check_counts() const {
    const TrackerOutput o = tracker.output();
    const StreamOutput* s[3] = {&o.imu, &o.mag, &o.ppg};
    for (int i = 0; i < 3; ++i) FUZZ_CHECK(s[i]->accepted + s[i]->rejected == pushed[i]);
    FUZZ_CHECK(o.events.total == std::uint64_t{o.events.dropped} + drained + o.events.pending);
    FUZZ_CHECK(o.events.pending == tracker.events().size());
  }
};

// A push's status moved exactly one of the two counters (or none for a disabled stream).
template <typename Push>
Status push_counted(Subject& subject, std::size_t stream, bool enabled, Push push) {
  const TrackerOutput before = subject.tracker.output();
  const Status st = push(subject.tracker);
  const TrackerOutput after = subject.tracker.output();
  const StreamOutput* b[3] = {&before.imu, &before.mag, &before.ppg};
  const StreamOutput* a[3] = {&after.imu, &after.mag, &after.ppg};
  if (!enabled) {
    FUZZ_CHECK(st == Status::kStreamDisabled);
    FUZZ_CHECK(same(before, after));
    return st;
  }
  ++subject.pushed[stream];
  if (fusetrack::ok(st)) {
    FUZZ_CHECK(a[stream]->accepted == b[stream]->accepted + 1);
    FUZZ_CHECK(a[stream]->rejected == b[stream]->rejected);
  } else {
    FUZZ_CHECK(a[stream]->accepted == b[stream]->accepted);
    FUZZ_CHECK(a[stream]->rejected == b[stream]->rejected + 1);
  }
  return st;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteReader in(data, size);
  const TrackerSettings settings = decode_settings(in);
  Subject main_subject(settings);
  FUZZ_CHECK(main_subject.tracker.status() == Status::kOk);
  std::optional<Subject> twin;
  Decoder dec;
  dec.imu.has_gyr = settings.imu_has_gyr;
  dec.ppg.channel_count = settings.ppg_channels;
  static std::uint8_t saved[Tracker::state_size()];
  static std::uint8_t scratch[Tracker::state_size()];
  bool have_saved = false;
  bool tainted = false;  // a re-sealed damaged state was accepted: outputs may be anything

  const Vec3 acc_base(0.0f, 0.0f, 9.81f), gyr_base = Vec3::Zero(), mag_base(0.0f, 20.0f, -40.0f);
  constexpr unsigned kBurstBudget = 1500;  // 15 s at 100 Hz, 150 s at the longest period
  unsigned burst_budget = kBurstBudget;
  int ops = 0;
  while (!in.empty() && ops++ < 4096) {
    const std::uint8_t op = in.u8();
    const unsigned tmode = (op >> 3) & 3u, vmode = (op >> 5) & 3u;
    const bool odd = (op & 128u) != 0;
    auto check_all = [&] {
      main_subject.check_counts();
      if (!tainted) check_finite(main_subject.tracker.output());
      if (twin) {
        twin->check_counts();
        FUZZ_CHECK(same(main_subject.tracker.output(), twin->tracker.output()));
      }
    };
    auto for_each = [&](auto fn) {
      fn(main_subject);
      if (twin) fn(*twin);
    };
    switch (op & 7u) {
      case 1: {  // a burst: 16 x u8 regular IMU samples (a magnetometer and a PPG sample every
                 // 4th), the previous values with small noise; odd: turning at a constant rate
        // At most kBurstBudget burst samples per input: random bytes are bursts one time in 8,
        // and unbounded they would make each run take seconds.
        const unsigned n = std::min(16u * in.u8(), burst_budget);
        burst_budget -= n;
        const auto period_us = static_cast<Micros>(500u + 400u * in.u8());
        std::uint32_t noise = 0x9E3779B9u ^ in.u32();
        const Vec3 turn = odd ? Vec3(Vec3(0.02f, -0.01f, 0.05f) * static_cast<float>(in.i8()))
                              : Vec3(Vec3::Zero());
        auto next_noise = [&noise] {  // xorshift32, in [-1, 1)
          noise ^= noise << 13;
          noise ^= noise >> 17;
          noise ^= noise << 5;
          return static_cast<float>(noise) * (2.0f / 4294967296.0f) - 1.0f;
        };
        auto noisy = [&next_noise](const Vec3& v, float a) {
          return Vec3(v.x() + a * next_noise(), v.y() + a * next_noise(), v.z() + a * next_noise());
        };
        // Every 16th sample's push is checked one by one (push_counted reads the outputs twice),
        // the others only in the counts: a burst stays cheap enough to fuzz.
        auto push_all = [&](unsigned k, std::size_t stream, bool enabled, auto push) {
          for_each([&](Subject& sub) {
            if (k % 16 == 0) {
              push_counted(sub, stream, enabled, push);
            } else if (enabled) {
              push(sub.tracker);
              ++sub.pushed[stream];
            } else {
              FUZZ_CHECK(push(sub.tracker) == Status::kStreamDisabled);
            }
          });
        };
        for (unsigned k = 0; k < n; ++k) {
          ImuSample s = dec.imu;
          s.t_us = dec.time_after(0, period_us);
          s.acc_m_s2 = noisy(dec.imu.acc_m_s2, 0.02f);
          if (s.has_gyr) s.gyr_rad_s = noisy(turn, 0.002f);
          push_all(k, 0, true, [&](Tracker& t) { return t.push_imu(s); });
          if (k % 4 == 3) {
            MagSample m = dec.mag;
            m.t_us = dec.time_after(1, 4 * period_us);
            m.mag_ut = noisy(dec.mag.mag_ut, 0.3f);
            push_all(k / 4, 1, settings.mag_enabled, [&](Tracker& t) { return t.push_mag(m); });
            PpgSample p = dec.ppg;
            p.t_us = dec.time_after(2, 4 * period_us);
            p.ppg[0] += 50.0f * next_noise();
            push_all(k / 4, 2, settings.ppg_enabled, [&](Tracker& t) { return t.push_ppg(p); });
          }
          if (k % 64 == 63) check_all();
        }
        break;
      }
      case 0: {  // IMU; odd: the other shape (has_gyr differs from the settings)
        ImuSample s;
        s.t_us = dec.time(in, tmode, 0);
        s.acc_m_s2 = Decoder::vec(in, vmode, acc_base, 0.05f, 0.01f, dec.imu.acc_m_s2);
        s.has_gyr = settings.imu_has_gyr != odd;
        if (s.has_gyr) {
          s.gyr_rad_s = Decoder::vec(in, vmode, gyr_base, 0.01f, 0.001f, dec.imu.gyr_rad_s);
        }
        dec.imu = s;
        for_each([&](Subject& sub) {
          push_counted(sub, 0, true, [&](Tracker& t) { return t.push_imu(s); });
        });
        break;
      }
      case 2: {  // magnetometer
        MagSample s;
        s.t_us = dec.time(in, tmode, 1);
        s.mag_ut = Decoder::vec(in, vmode, mag_base, 0.5f, 0.1f, dec.mag.mag_ut);
        dec.mag = s;
        for_each([&](Subject& sub) {
          push_counted(sub, 1, settings.mag_enabled, [&](Tracker& t) { return t.push_mag(s); });
        });
        break;
      }
      case 3: {  // PPG; odd: another channel count than the settings'
        PpgSample s;
        s.t_us = dec.time(in, tmode, 2);
        s.channel_count = odd ? static_cast<std::uint8_t>(settings.ppg_channels % 4u + 1u)
                              : settings.ppg_channels;
        for (std::uint8_t c = 0; c < s.channel_count; ++c) {
          s.ppg[c] = Decoder::value(in, vmode, 30000.0f, 100.0f, 2.0f, dec.ppg.ppg[c]);
        }
        s.has_ambient = (in.u8() & 1u) != 0;
        if (s.has_ambient) {
          s.ambient = Decoder::value(in, vmode, 1500.0f, 20.0f, 1.0f, dec.ppg.ambient);
        }
        dec.ppg = s;
        for_each([&](Subject& sub) {
          push_counted(sub, 2, settings.ppg_enabled, [&](Tracker& t) { return t.push_ppg(s); });
        });
        break;
      }
      case 4: {  // drain events: a batch, or one by one (odd)
        const std::size_t n = in.u8() % 40u;
        Event a[40], b[40];
        std::size_t got_a = 0, got_b = 0;
        if (odd) {
          while (got_a < n && main_subject.tracker.pop_event(a[got_a])) ++got_a;
          if (twin) {
            while (got_b < n && twin->tracker.pop_event(b[got_b])) ++got_b;
          }
        } else {
          got_a = main_subject.tracker.drain_events(a, n);
          if (twin) got_b = twin->tracker.drain_events(b, n);
        }
        main_subject.drained += got_a;
        if (twin) {
          twin->drained += got_b;
          FUZZ_CHECK(got_a == got_b);
          for (std::size_t i = 0; i < got_a; ++i) FUZZ_CHECK(same(a[i], b[i]));
        }
        break;
      }
      case 5: {  // save_state: the full size, or too small (odd: refused, nothing written)
        if (odd) {
          std::memset(scratch, 0xA5, sizeof scratch);
          const std::size_t n = in.u16() % Tracker::state_size();
          FUZZ_CHECK(main_subject.tracker.save_state(scratch, n) == Status::kSizeMismatch);
          for (std::uint8_t byte : scratch) FUZZ_CHECK(byte == 0xA5);
        } else {
          FUZZ_CHECK(main_subject.tracker.save_state(saved, sizeof saved) == Status::kOk);
          have_saved = true;
        }
        break;
      }
      case 6: {  // restore_state: intact (mode 0), damaged (1), damaged and re-sealed (2), cut (3)
        std::memcpy(scratch, saved, sizeof scratch);
        if (!have_saved) {
          for (std::uint8_t& byte : scratch) byte = in.u8();
        }
        const unsigned damage = in.u8() % 9u;
        for (unsigned i = 0; i < damage; ++i) {
          const std::size_t at = in.u16() % Tracker::state_size();
          scratch[at] = static_cast<std::uint8_t>(scratch[at] ^ in.u8());
        }
        std::size_t state_bytes = sizeof scratch;
        // Re-sealed damage passes the checksum: restore_state's own checks (bool bytes, stream
        // estimates, queue indices) and the guard must make it harmless.
        if (tmode == 2) {
          fusetrack::test::reseal(scratch, Tracker::state_size());
        } else if (tmode == 3) {
          state_bytes = in.u16() % Tracker::state_size();
        }
        const bool intact = have_saved && state_bytes == sizeof scratch &&
                            std::memcmp(scratch, saved, sizeof scratch) == 0;
        Status first = Status::kOk;
        bool first_set = false;
        for_each([&](Subject& sub) {
          const TrackerOutput before = sub.tracker.output();
          const Status st = sub.tracker.restore_state(scratch, state_bytes);
          if (!first_set) {
            first = st;
            first_set = true;
          }
          FUZZ_CHECK(st == first);  // the twin has the same settings: the same answer
          if (intact) FUZZ_CHECK(st == Status::kOk);
          if (fusetrack::ok(st)) {
            sub.recount();
          } else {
            FUZZ_CHECK(same(before, sub.tracker.output()));
          }
        });
        if (fusetrack::ok(first) && !intact) tainted = true;
        break;
      }
      default: {  // fork: a twin restored from the main Tracker's state now
        if (twin) break;
        FUZZ_CHECK(main_subject.tracker.save_state(scratch, sizeof scratch) == Status::kOk);
        twin.emplace(settings);
        FUZZ_CHECK(twin->tracker.restore_state(scratch, sizeof scratch) == Status::kOk);
        twin->recount();
        break;
      }
    }
    check_all();
  }
  return 0;
}
