// Soak test: a simulated day (24 h) of wrist data through one Tracker (EKF, 9D, wear stage on):
// IMU at 100 Hz (8.6 million samples), magnetometer and PPG at 25 Hz. The simulator materialises
// whole streams with their truth, so the day is simulated an hour at a time (its own seed and
// scenario per hour: nights at rest, days mixing rest, walking, running and arm movement in
// place), each hour's time stamps offset so the day's streams are continuous. On top of the
// simulation: magnet passes (a strong extra field on the magnetometer for a few seconds) and
// gaps (a few seconds of every stream dropped), and each hour starts 5 s late (a gap, and the
// wearer in a new pose: each hour's simulation starts from its own).
//
// The day runs once (SetUpTestSuite); each test checks one requirement on what it recorded. This
// program has its own global operator new/delete, which count the allocations made while the
// Tracker is inside a push (none is allowed), and so is a program of its own
// (tests/CMakeLists.txt).
//
// Its accuracy bounds are loose on purpose (robustness, not accuracy, is tested here): they are
// the figures this code measured (the run prints them) with a margin of about 2x. Measured: the
// largest gyroscope bias error after the first 10 min 0.075 deg/s (in the hours of walking and
// running; 0.009 deg/s in the night hours), the largest heading error 2.5 deg outside the minute
// after each gap (RMS 0.3 deg; within that minute the heading re-converges from anything),
// |q| - 1 at most 1.2e-7.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "../tracker/tracker_compare.hpp"
#include "eval/orientation_metrics.hpp"
#include "fusetrack/tracker.hpp"
#include "sim/simulator.hpp"

namespace {

// ---- allocation counting: only while `g_counting` is set (around the Tracker's pushes).
bool g_counting = false;
std::uint64_t g_allocations = 0;

}  // namespace

// Out of line (noinline): inlined into a caller, gcc pairs the caller's new-expression with the
// free() inside and warns of a mismatch (-Wmismatched-new-delete) that is not one.
#define SOAK_REPLACEMENT __attribute__((noinline))
SOAK_REPLACEMENT void* operator new(std::size_t n) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
SOAK_REPLACEMENT void* operator new[](std::size_t n) { return operator new(n); }
SOAK_REPLACEMENT void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (g_counting) ++g_allocations;
  return std::malloc(n == 0 ? 1 : n);
}
SOAK_REPLACEMENT void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept {
  return operator new(n, t);
}
SOAK_REPLACEMENT void operator delete(void* p) noexcept { std::free(p); }
SOAK_REPLACEMENT void operator delete[](void* p) noexcept { std::free(p); }
SOAK_REPLACEMENT void operator delete(void* p, std::size_t) noexcept { std::free(p); }
SOAK_REPLACEMENT void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace fusetrack {
namespace {

using sim::Segment;

constexpr int kHours = 24;
constexpr double kHourS = 3600.0;
constexpr Micros kHourUs = 3600LL * kMicrosPerSecond;
constexpr Micros kLateStartUs = 5 * kMicrosPerSecond;     // each hour's first 5 s are dropped
constexpr Micros kSettleUs = 60 * kMicrosPerSecond;       // heading settles within this after a gap
constexpr Micros kBiasSettleUs = 600 * kMicrosPerSecond;  // the bias is learnt within 10 min

// The wearer's hour h: nights (before 7 h and from 23 h) at rest, with a few turns over in bed;
// days mixing rest, walking, running (mornings and evenings) and arm movement in place.
std::vector<Segment> hour_scenario(int h) {
  std::vector<Segment> s;
  if (h < 7 || h >= 23) {
    s = {Segment::rest(1500.0), Segment::walk(20.0), Segment::rest(2080.0)};
    s[1].step_length_m = 0.0;  // turning over: the arm moves, the body stays
    s[1].cadence_spm = 40.0;
    return s;
  }
  switch (h % 4) {
    case 0:
      s = {Segment::rest(900.0), Segment::walk(600.0), Segment::rest(1200.0), Segment::walk(900.0)};
      break;
    case 1:
      s = {Segment::walk(300.0), Segment::run(1200.0), Segment::walk(300.0), Segment::rest(1800.0)};
      break;
    case 2:  // desk work: long rests and arm movement in place
      s = {Segment::rest(1200.0), Segment::walk(600.0), Segment::rest(1200.0),
           Segment::walk(600.0)};
      for (Segment& seg : s) {
        if (seg.activity == io::Activity::kWalk) {
          seg.step_length_m = 0.0;
          seg.cadence_spm = 50.0;
        }
      }
      break;
    default:
      s = {Segment::rest(600.0), Segment::walk(1200.0), Segment::run(600.0), Segment::rest(1200.0)};
      break;
  }
  return s;
}

sim::SimSettings hour_settings(int h) {
  sim::SimSettings s;
  s.seed = 20000 + static_cast<std::uint64_t>(h);
  s.segments = hour_scenario(h);
  s.imu.clock = {100.0, 0.001, 30.0};
  s.mag.clock = {25.0, -0.001, 50.0};
  s.ppg.clock = {25.0, 0.0005, 20.0};
  if (h % 4 == 2 && h >= 7 && h < 23) {
    // Arm movement in place: big shoulder, elbow and forearm swings without walking's bounce.
    s.walk = sim::GaitSettings{35.0, 60.0, 30.0, 40.0, 35.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  }
  return s;
}

// Stretches of the hour (s from its start) with something done to the streams.
struct Window {
  double from_s;
  double to_s;
  bool within(Micros t_us, Micros hour_start_us) const {
    const double s = static_cast<double>(t_us - hour_start_us) * 1e-6;
    return s >= from_s && s < to_s;
  }
};
// Two magnet passes and two gaps per hour, at times that vary from hour to hour.
Window magnet_pass(int h, int k) {
  const double at = 400.0 + 1500.0 * k + 37.0 * h;
  return {at, at + 6.0};
}
Window stream_gap(int h, int k) {
  const double at = 1000.0 + 1700.0 * k + 23.0 * h;
  return {at, at + 2.0 + (h + k) % 3};
}

// The extra field of a magnet passing the wrist: a bump of up to 250 uT along a fixed sensor
// direction over the pass.
Vec3 magnet_field_ut(const Window& w, Micros t_us, Micros hour_start_us) {
  const double s = static_cast<double>(t_us - hour_start_us) * 1e-6;
  const double a = 250.0 * std::sin(3.141592653589793 * (s - w.from_s) / (w.to_s - w.from_s));
  return Vec3(0.6f, -0.3f, 0.74f) * static_cast<float>(a);
}

struct Figures {
  std::uint64_t pushed[3] = {0, 0, 0};
  std::uint64_t drained = 0;
  std::uint64_t gap_events = 0;
  std::uint64_t gaps_made = 0;
  double max_norm_error = 0.0;
  double max_bias_error_deg_s = 0.0;   // after the first kBiasSettleUs
  double max_heading_error_deg = 0.0;  // outside kSettleUs after each gap
  double max_heading_error_any_deg = 0.0;
  double heading_error_sum_sq = 0.0;
  std::uint64_t heading_samples = 0;
  double max_bias_error_per_hour[kHours] = {};
  std::uint64_t allocations = 0;
  bool continued_bit_for_bit = false;
  bool events_bit_for_bit = false;
  double simulate_s = 0.0;
  double track_s = 0.0;
  TrackerOutput final_output;
};

TrackerSettings soak_tracker_settings() {
  TrackerSettings s;
  s.imu.nominal_rate_hz = 100.0f;
  s.mag.nominal_rate_hz = 25.0f;
  s.ppg.nominal_rate_hz = 25.0f;
  s.ppg_channels = 2;
  s.orientation_filter = OrientationFilterKind::kEkf;
  s.falls.enabled = true;  // off by default; on here so the day covers every stage
  return s;
}

class Soak24h : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { run_day(); }
  static Figures& figures() {
    static Figures f;
    return f;
  }

 private:
  // Drains every pending event of `t` (into a fixed buffer), counting them; gap events too.
  static void drain(Tracker& t, Figures& f, std::vector<Event>* keep) {
    Event buf[kEventCapacity];
    std::size_t n = 0;
    while ((n = t.drain_events(buf, kEventCapacity)) > 0) {
      f.drained += n;
      for (std::size_t i = 0; i < n; ++i) {
        if (buf[i].kind == EventKind::kStreamGap) ++f.gap_events;
        if (keep != nullptr) keep->push_back(buf[i]);
      }
    }
  }

  static void run_day() {
    Figures& f = figures();
    const TrackerSettings settings = soak_tracker_settings();
    static Tracker tracker(settings);  // static: a Tracker is large for a stack frame
    static Tracker restored(settings);
    ASSERT_EQ(tracker.status(), Status::kOk);
    static std::uint8_t saved[Tracker::state_size()];
    std::vector<Event> events_a, events_b;
    Figures twin;  // the restored Tracker's own drain counts
    const auto clock_start = std::chrono::steady_clock::now();

    for (int h = 0; h < kHours; ++h) {
      const auto t0 = std::chrono::steady_clock::now();
      const sim::SimResult r = sim::simulate(hour_settings(h));
      const auto t1 = std::chrono::steady_clock::now();
      f.simulate_s += std::chrono::duration<double>(t1 - t0).count();
      const Micros start_us = h * kHourUs;
      const bool last_hour = h == kHours - 1;
      if (last_hour) {
        ASSERT_EQ(tracker.save_state(saved, sizeof saved), Status::kOk);
        ASSERT_EQ(restored.restore_state(saved, sizeof saved), Status::kOk);
      }
      const Window passes[2] = {magnet_pass(h, 0), magnet_pass(h, 1)};
      const Window gaps[2] = {stream_gap(h, 0), stream_gap(h, 1)};
      auto dropped = [&](Micros t_rel_us) {
        return t_rel_us < kLateStartUs || gaps[0].within(t_rel_us, 0) ||
               gaps[1].within(t_rel_us, 0);
      };
      // Heading is unknown after a gap (the filter opens up its heading): it counts again once
      // kSettleUs have passed since the gap's end.
      auto settling = [&](Micros t_rel_us) {
        if (t_rel_us < kLateStartUs + kSettleUs) return true;
        for (const Window& g : gaps) {
          if (Window{g.from_s, g.to_s + 1e-6 * static_cast<double>(kSettleUs)}.within(t_rel_us,
                                                                                      0)) {
            return true;
          }
        }
        return false;
      };
      f.gaps_made += h > 0 ? 3 : 2;  // the late start (but the first) and the two gaps
      // Merge the streams by time (IMU, then mag, then PPG at equal times), as a device would.
      std::size_t im = 0, mg = 0, pp = 0;
      while (im < r.imu.size() || mg < r.mag.size() || pp < r.ppg.size()) {
        const Micros ti = im < r.imu.size() ? r.imu[im].t_us : INT64_MAX;
        const Micros tm = mg < r.mag.size() ? r.mag[mg].t_us : INT64_MAX;
        const Micros tp = pp < r.ppg.size() ? r.ppg[pp].t_us : INT64_MAX;
        if (ti <= tm && ti <= tp) {
          const std::size_t i = im++;
          if (dropped(ti)) continue;
          ImuSample s = r.imu[i];
          s.t_us += start_us;
          g_counting = true;
          const Status st = tracker.push_imu(s);
          const Status st2 = last_hour ? restored.push_imu(s) : Status::kOk;
          g_counting = false;
          ++f.pushed[0];
          EXPECT_EQ(st, Status::kOk);
          EXPECT_EQ(st2, Status::kOk);
          check_imu_sample(tracker.output(), r.truth.pose[i], s.t_us, !settling(ti), f);
        } else if (tm <= tp) {
          const std::size_t i = mg++;
          if (dropped(tm)) continue;
          MagSample s = r.mag[i];
          for (const Window& w : passes) {
            if (w.within(tm, 0)) s.mag_ut += magnet_field_ut(w, tm, 0);
          }
          s.t_us += start_us;
          g_counting = true;
          const Status st = tracker.push_mag(s);
          const Status st2 = last_hour ? restored.push_mag(s) : Status::kOk;
          g_counting = false;
          ++f.pushed[1];
          EXPECT_EQ(st, Status::kOk);
          EXPECT_EQ(st2, Status::kOk);
        } else {
          const std::size_t i = pp++;
          if (dropped(tp)) continue;
          PpgSample s = r.ppg[i];
          s.t_us += start_us;
          g_counting = true;
          const Status st = tracker.push_ppg(s);
          const Status st2 = last_hour ? restored.push_ppg(s) : Status::kOk;
          g_counting = false;
          ++f.pushed[2];
          EXPECT_EQ(st, Status::kOk);
          EXPECT_EQ(st2, Status::kOk);
        }
        // Drain about once a second of IMU, as firmware would.
        if (im % 100 == 0) {
          drain(tracker, f, last_hour ? &events_a : nullptr);
          if (last_hour) drain(restored, twin, &events_b);
        }
      }
      f.max_bias_error_per_hour[h] = hour_bias_max_;
      hour_bias_max_ = 0.0;
      std::printf(
          "soak: hour %2d simulated, max bias error %.4f deg/s, max heading error %.2f deg\n", h,
          f.max_bias_error_per_hour[h], hour_heading_max_);
      hour_heading_max_ = 0.0;
      std::fflush(stdout);
    }
    drain(tracker, f, &events_a);
    drain(restored, twin, &events_b);
    f.final_output = tracker.output();
    f.continued_bit_for_bit = test::same(tracker.output(), restored.output());
    f.events_bit_for_bit =
        events_a.size() == events_b.size() &&
        std::equal(events_a.begin(), events_a.end(), events_b.begin(),
                   [](const Event& a, const Event& b) { return test::same(a, b); });
    f.allocations = g_allocations;
    const double total_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
    f.track_s = total_s - f.simulate_s;
    const double rms = std::sqrt(f.heading_error_sum_sq / static_cast<double>(f.heading_samples));
    std::printf(
        "soak: %llu imu, %llu mag, %llu ppg samples pushed; %.1f s simulating, %.1f s tracking\n"
        "soak: max |q| - 1 %.3g; max bias error %.4f deg/s (after 10 min); heading error max %.2f "
        "deg settled (%.2f deg including %lld s after each gap), RMS %.2f deg\n"
        "soak: %llu events (%llu gaps for %llu made), %u dropped; %llu allocations in pushes\n",
        static_cast<unsigned long long>(f.pushed[0]), static_cast<unsigned long long>(f.pushed[1]),
        static_cast<unsigned long long>(f.pushed[2]), f.simulate_s, f.track_s, f.max_norm_error,
        f.max_bias_error_deg_s, f.max_heading_error_deg, f.max_heading_error_any_deg,
        static_cast<long long>(kSettleUs / kMicrosPerSecond), rms,
        static_cast<unsigned long long>(f.final_output.events.total),
        static_cast<unsigned long long>(f.gap_events), static_cast<unsigned long long>(f.gaps_made),
        f.final_output.events.dropped, static_cast<unsigned long long>(f.allocations));
  }

  static void check_imu_sample(const TrackerOutput& o, const io::PoseTruth& truth, Micros t_us,
                               bool settled, Figures& f) {
    const OrientationOutput& ori = o.orientation;
    const double norm_error = std::fabs(static_cast<double>(ori.q_es.norm()) - 1.0);
    f.max_norm_error = std::max(f.max_norm_error, norm_error);
    if (!ori.flags.initialized) return;
    if (t_us >= kBiasSettleUs) {
      const double bias_error = (ori.gyr_bias_rad_s.cast<double>() - truth.gyro_bias_rad_s).norm() *
                                static_cast<double>(kDegPerRad);
      f.max_bias_error_deg_s = std::max(f.max_bias_error_deg_s, bias_error);
      hour_bias_max_ = std::max(hour_bias_max_, bias_error);
    }
    const eval::Quatd e = eval::error_quaternion(ori.q_es.cast<double>(), truth.q_es);
    const double heading_deg = eval::error_angles(e).heading_rad * static_cast<double>(kDegPerRad);
    f.max_heading_error_any_deg = std::max(f.max_heading_error_any_deg, heading_deg);
    if (settled) {
      f.max_heading_error_deg = std::max(f.max_heading_error_deg, heading_deg);
      hour_heading_max_ = std::max(hour_heading_max_, heading_deg);
      f.heading_error_sum_sq += heading_deg * heading_deg;
      ++f.heading_samples;
    }
  }

  static inline double hour_bias_max_ = 0.0;
  static inline double hour_heading_max_ = 0.0;
};

TEST_F(Soak24h, QuaternionNormStaysWithin1e5OfOneAtEverySample) {
  EXPECT_LE(figures().max_norm_error, 1e-5);
}

TEST_F(Soak24h, GyroBiasErrorStaysBelow015DegPerSecAfterTheFirstTenMinutes) {
  EXPECT_LE(figures().max_bias_error_deg_s, 0.15);
}

TEST_F(Soak24h, HeadingErrorStaysBelow5DegOutsideAMinuteAfterEachGap) {
  EXPECT_LE(figures().max_heading_error_deg, 5.0);
}

TEST_F(Soak24h, CountersAddUp) {
  const Figures& f = figures();
  const TrackerOutput& o = f.final_output;
  EXPECT_EQ(o.imu.accepted + o.imu.rejected, f.pushed[0]);
  EXPECT_EQ(o.mag.accepted + o.mag.rejected, f.pushed[1]);
  EXPECT_EQ(o.ppg.accepted + o.ppg.rejected, f.pushed[2]);
  EXPECT_EQ(o.imu.rejected + o.mag.rejected + o.ppg.rejected, 0u);  // a valid stream
  EXPECT_EQ(o.events.total, std::uint64_t{o.events.dropped} + f.drained + o.events.pending);
  // Each gap made is one in every stream, and the streams have no other.
  EXPECT_EQ(o.imu.gaps, f.gaps_made);
  EXPECT_EQ(o.mag.gaps, f.gaps_made);
  EXPECT_EQ(o.ppg.gaps, f.gaps_made);
  EXPECT_EQ(f.gap_events, 3 * f.gaps_made);
}

TEST_F(Soak24h, NoHeapAllocationInsideTrackerPushes) { EXPECT_EQ(figures().allocations, 0u); }

// The activity stage ran all day inside those pushes (so the allocation check covers its
// per-window path: features, inference, smoother): a window every 5 s, and it followed the
// day's changes of activity.
TEST_F(Soak24h, ActivityStageClassifiedEveryHopAllDay) {
  const ActivityOutput& a = figures().final_output.activity;
  ASSERT_TRUE(a.available);
  EXPECT_TRUE(a.has_label);
  EXPECT_GT(a.decisions, 24u * 3600u / 5u * 9u / 10u);
  EXPECT_GT(a.changes, 10u);
}

// The energy stage ran all day too: a 70 kg default wearer spends at least 1 MET (1.225 kcal/min)
// over the time the streams ran, and a day of mostly rest and walking stays far below 3 MET on
// average; an energy step every second.
TEST_F(Soak24h, EnergyStageCreditedTheWholeDay) {
  const EnergyOutput& e = figures().final_output.energy;
  ASSERT_TRUE(e.available);
  const double minutes = 24.0 * 60.0 * 0.9;  // less the late starts and gaps
  EXPECT_GT(e.kcal_total(), 1.225 * minutes);
  EXPECT_LT(e.kcal_total(), 3.0 * 1.225 * 24.0 * 60.0);
  EXPECT_GT(e.active_kcal_total(), 0.0);
  EXPECT_LT(e.active_kcal_total(), e.kcal_total());
  EXPECT_GE(e.met, 1.0f);
}

// The counter itself works: an allocation while counting is seen.
TEST_F(Soak24h, AllocationCounterSeesAnAllocation) {
  const std::uint64_t before = g_allocations;
  g_counting = true;
  void* volatile p = ::operator new(16);
  g_counting = false;
  ::operator delete(p);
  EXPECT_EQ(g_allocations, before + 1);
  g_allocations = before;
}

TEST_F(Soak24h, StateSavedAtHour23ContinuesBitForBitThroughTheLastHour) {
  EXPECT_TRUE(figures().continued_bit_for_bit);
  EXPECT_TRUE(figures().events_bit_for_bit);
}

}  // namespace
}  // namespace fusetrack
