// The falls and fall-like daily motions of SimSettings::events, as WristTrajectory lays them over
// the scenario (docs/simulator.md, "Falls and fall-like motions"). Each event is drawn from the
// seed with its own generator, so one event's sizes do not depend on the others'.
//
// An event has three parts, all closed-form in time:
//   - a weight w(t) (0 -> 1 -> 0, smootherstep ramps) that fades the underlying motion out and
//     back in: the acceleration is (1 - w) a_underlying + a_event, the orientation slerps by w
//     from the underlying one to the event's;
//   - the event's attitude: the orientation at its start turned by angle(t) (a sum of
//     smootherstep steps) about a horizontal axis of E, plus a small breathing sway;
//   - the event's acceleration: a sum of velocity pulses (Gaussians and smooth boxes of unit area
//     times a velocity change), whose changes add up to zero over the event, so the device ends
//     at rest relative to the underlying motion. A free-fall dip is a box of about -g, an impact
//     a narrow Gaussian that takes the speed gained back (peak = dv / (σ √(2π))).
#include <algorithm>
#include <cmath>

#include "sim/random.hpp"
#include "sim/wrist_trajectory.hpp"

namespace fusetrack::sim {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2.0 * kPi;
constexpr double kRadPerDeg = kPi / 180.0;
constexpr double kSqrtTwoPi = 2.5066282746310002;
constexpr double kSqrtPi = 1.7724538509055160;
// A restless fall's pulse pairs: their velocity change per drawn |a| s.d. (measured).
constexpr double kRestlessGain = 2.5;
// A Gaussian pulse is cut at this many standard deviations (exp(-32) ~ 1e-14 of its peak).
constexpr double kGaussReach = 8.0;

using Vec3d = Eigen::Vector3d;
using Step = SmoothProfile::Step;

WristTrajectory::VelocityPulse gauss(double centre_s, double sigma_s, const Vec3d& dv) {
  WristTrajectory::VelocityPulse p;
  p.a_s = centre_s;
  p.width_s = sigma_s;
  p.dv_m_s = dv;
  return p;
}

WristTrajectory::VelocityPulse box(double from_s, double to_s, double ramp_s, const Vec3d& dv) {
  WristTrajectory::VelocityPulse p;
  p.box = true;
  p.a_s = from_s;
  p.b_s = to_s;
  p.width_s = ramp_s;
  p.dv_m_s = dv;
  return p;
}

// The sharp part's σ, s, for an impact that takes `dv` m/s back with a peak of `peak_m_s2`.
double sigma_for_peak(double dv_m_s, double peak_m_s2) { return dv_m_s / (peak_m_s2 * kSqrtTwoPi); }

// An impact that stops `dv` (the velocity gained, E) at `at_s`: a sharp Gaussian whose
// acceleration peaks at `peak_m_s2` takes `share` of it, a broad one (σ `broad_s`, centred
// 10 ms later: the body's soft tissue, the arm folding) the rest. The sharp part lasts at least
// `min_sigma_s` (σ): a slow impact cannot reach a high peak.
void add_impact(std::vector<WristTrajectory::VelocityPulse>& pulses, double at_s, const Vec3d& dv,
                double peak_m_s2, double share, double broad_s, double min_sigma_s = 0.004) {
  const double v = dv.norm();
  const double sigma = std::max(min_sigma_s, sigma_for_peak(share * v, peak_m_s2));
  pulses.push_back(gauss(at_s, sigma, -share * dv));
  if (share < 1.0) pulses.push_back(gauss(at_s + 0.01, broad_s, -(1.0 - share) * dv));
}

// The acceleration peak a horizontal or vertical impact needs for a |specific force| of `g_peak`
// (in g): vertical, a + g; horizontal, sqrt(a² + g²).
double vertical_peak_m_s2(double g_peak) { return (g_peak - 1.0) * kGravity; }
double horizontal_peak_m_s2(double g_peak) {
  return kGravity * std::sqrt(std::max(0.0, g_peak * g_peak - 1.0));
}

// Settling after an impact: the body rolls a little, the arm slides (2-4 small zero-net pulses of
// dv_lo-dv_hi m/s in random directions between 0.6 and 2.5 s after the impact), then it is still.
void add_settling(std::vector<WristTrajectory::VelocityPulse>& pulses, Rng& rng, double t_impact,
                  double dv_lo, double dv_hi) {
  const int settles = 2 + static_cast<int>(rng.uniform(0.0, 3.0));
  for (int k = 0; k < settles; ++k) {
    const double at = t_impact + rng.uniform(0.6, 2.5);
    const double sigma = rng.uniform(0.08, 0.2);
    const double heading = rng.uniform(0.0, kTwoPi);
    const Vec3d v = rng.uniform(dv_lo, dv_hi) *
                    Vec3d(std::cos(heading), std::sin(heading), rng.uniform(-0.5, 0.5));
    pulses.push_back(gauss(at, sigma, v));
    pulses.push_back(gauss(at + 2.5 * sigma, sigma, -v));
  }
}

}  // namespace

double WristTrajectory::VelocityPulse::at(double t_s) const {
  if (box) {
    return (smootherstep((t_s - a_s) / width_s + 0.5) - smootherstep((t_s - b_s) / width_s + 0.5)) /
           (b_s - a_s);
  }
  const double u = (t_s - a_s) / width_s;
  if (std::fabs(u) > kGaussReach) return 0.0;
  return std::exp(-0.5 * u * u) / (width_s * kSqrtTwoPi);
}

double WristTrajectory::VelocityPulse::from_s() const {
  return box ? a_s - 0.5 * width_s : a_s - kGaussReach * width_s;
}

double WristTrajectory::VelocityPulse::to_s() const {
  return box ? b_s + 0.5 * width_s : a_s + kGaussReach * width_s;
}

double WristTrajectory::event_weight(double t_s) const {
  const EventModel* e = event_at(t_s);
  return e == nullptr ? 0.0 : e->weight.value(t_s);
}

const WristTrajectory::EventModel* WristTrajectory::event_at(double t_s) const {
  for (const EventModel& e : events_) {
    if (t_s >= e.active_from_s && t_s <= e.active_to_s) return &e;
  }
  return nullptr;
}

void WristTrajectory::build_events(const SimSettings& s) {
  std::vector<std::size_t> order(s.events.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return s.events[a].t_s < s.events[b].t_s; });
  for (const std::size_t i : order) {
    // In time order; each starts from the underlying motion (base_orientation, heading), which
    // the events do not change.
    EventModel e = build_event(s.events[i], s.seed, i);
    event_spans_.push_back(e.span);
    events_.push_back(std::move(e));
  }
}

WristTrajectory::EventModel WristTrajectory::build_event(const MotionEvent& ev, std::uint64_t seed,
                                                         std::size_t index) const {
  // The kind mixed in: a fall forward and a fall backward of one seed are not the same draws.
  Rng rng((seed + 0x9E3779B97F4A7C15ull * (index + 1)) ^
              (0xD1B54A32D192ED03ull * (static_cast<std::uint64_t>(ev.kind) + 1)),
          RngStream::kMotionEvents);
  EventModel m;
  m.span.kind = ev.kind;
  m.span.start_s = ev.t_s;
  const double t0 = ev.t_s;
  m.q_start = base_orientation(t0);
  // The body's axes at the start: forward (walking direction), left, up.
  const double psi = heading_rad(t0);
  const Vec3d fwd(std::cos(psi), std::sin(psi), 0.0);
  const Vec3d left(-std::sin(psi), std::cos(psi), 0.0);
  const Vec3d up = Vec3d::UnitZ();
  std::vector<Step> weight, angle;
  std::vector<VelocityPulse>& pulses = m.pulses;
  m.sway_phase_rad = rng.uniform(0.0, kTwoPi);

  switch (ev.kind) {
    case MotionKind::kFallForward:
    case MotionKind::kFallBackward:
    case MotionKind::kFallLateral: {
      // Trip or slip: a stumble, a drop of the wrist with a free-fall-like dip, the impact, a
      // tumble about a horizontal axis, lying, getting up. The fall's softness (0 for about a
      // third of the falls: a hard, nearly free drop of 0.8-1 m; otherwise uniform in (0, 1])
      // brakes the drop (a shallower dip, more |a| left in it, the wearer catching themselves
      // before the impact), spreads the impact into 2-4 peaks (knees, hip, hand) over 0.2-0.6 s,
      // adds a few seconds of restlessness after it and widens the tumble towards 25-130°.
      const double u_soft = rng.uniform();
      const double soft = u_soft < 1.0 / 3.0 ? 0.0 : 1.5 * (u_soft - 1.0 / 3.0);
      const double hard = 1.0 - soft;
      const double stumble = rng.uniform(0.2, 0.4);
      const double drop = rng.uniform(0.8, 1.0) * (1.0 - 0.85 * soft);  // m
      // |a| left in the dip, g (vertical): hard 0.1-0.45, softest 0.5-0.8.
      const double residual = hard * rng.uniform(0.1, 0.45) + soft * rng.uniform(0.5, 0.8);
      const double horizontal = rng.uniform(0.2, 0.5);  // horizontal / vertical acceleration
      // m/s, the arm thrown out to break it (further in a soft fall: catching oneself).
      const double throw_dv = rng.uniform(0.3, 1.2) * (1.0 + 0.5 * soft);
      const double hard_peak_g = ev.kind == MotionKind::kFallForward    ? rng.uniform(6.0, 16.0)
                                 : ev.kind == MotionKind::kFallBackward ? rng.uniform(5.0, 14.0)
                                                                        : rng.uniform(5.0, 15.0);
      const double peak_g = hard * hard_peak_g + soft * rng.uniform(2.5, 9.0);
      // Of the speed taken by the sharp impact.
      const double share = hard * rng.uniform(0.6, 1.0) + soft * rng.uniform(0.4, 0.8);
      const double broad = hard * rng.uniform(0.025, 0.05) + soft * rng.uniform(0.04, 0.08);
      const double hard_tumble =
          ev.kind == MotionKind::kFallForward ? rng.uniform(65.0, 95.0) : rng.uniform(70.0, 120.0);
      const double soft_tumble = rng.uniform(25.0, 130.0);
      const double tumble = (soft > 0.0 ? soft_tumble : hard_tumble) * kRadPerDeg;
      // The braking: a share of the dip's speed taken back over brake_s before the impact.
      const double brake_share = soft * rng.uniform(0.2, 0.5);
      const double brake_s = soft > 0.0 ? 0.05 + soft * rng.uniform(0.1, 0.25) : 0.0;
      const double side = rng.uniform() < 0.5 ? -1.0 : 1.0;
      const double get_up = rng.uniform(2.0, 3.0);
      const double stumble_dv = rng.uniform(0.3, 0.6);  // m/s
      m.sway_rad = rng.uniform(0.2, 0.5) * kRadPerDeg;
      // Falling forward pitches the forearm forward about the left axis; backward the other way;
      // to the side (right when side > 0) it rolls about the forward axis.
      Vec3d dir = fwd;
      if (ev.kind == MotionKind::kFallForward) {
        m.axis_e = left;
      } else if (ev.kind == MotionKind::kFallBackward) {
        m.axis_e = -left;
        dir = -fwd;
      } else {
        m.axis_e = side * fwd;
        dir = -side * left;
      }
      // The dip: a box of vertical acceleration -D (D = (1 - residual) g), its falling edge over
      // `ramp`, then (soft falls) the brake, a box taking brake_share of the dip's speed back,
      // ending at the impact. Drop ≈ D T² / 2 gives the dip's length T.
      const double d = (1.0 - residual) * kGravity;
      const double ramp = 0.1;
      const double dip_s = std::sqrt(2.0 * drop / d);
      const double t_dip = t0 + stumble;
      const double t_dip_end = t_dip + dip_s - 0.5 * ramp;
      const double t_impact = t_dip_end + brake_s + 0.5 * ramp;
      const double area = dip_s - 0.5 * ramp;  // the box from t_dip to t_dip_end
      const Vec3d dipped = area * d * (horizontal * dir - up);
      const Vec3d gained = (1.0 - brake_share) * dipped + throw_dv * dir;
      // The stumble: a lurch in the falling direction and back (no net velocity).
      pulses.push_back(gauss(t0 + 0.3 * stumble, 0.12 * stumble, stumble_dv * dir));
      pulses.push_back(gauss(t0 + 0.75 * stumble, 0.12 * stumble, -stumble_dv * dir));
      pulses.push_back(box(t_dip, t_dip_end, ramp, dipped));
      if (brake_s > 0.0) {
        pulses.push_back(box(t_dip_end, t_dip_end + brake_s, ramp, -brake_share * dipped));
      }
      pulses.push_back(gauss(t_impact - 0.2, 0.08, throw_dv * dir));
      if (soft == 0.0) {
        add_impact(pulses, t_impact, gained, vertical_peak_m_s2(peak_g), share, broad);
        // One to three rebounds: the arm bounces off the floor and falls back, the body rolls
        // (the second or so of strong cells around a real fall's impact).
        const int rebounds = 1 + static_cast<int>(rng.uniform(0.0, 3.0));
        double t_r = t_impact;
        for (int k = 0; k < rebounds; ++k) {
          t_r += rng.uniform(0.06, 0.15);
          const double dv = rng.uniform(0.4, 1.2);
          pulses.push_back(gauss(t_r, rng.uniform(0.012, 0.025), dv * up));
          pulses.push_back(gauss(t_r + 0.05, rng.uniform(0.02, 0.035), -dv * up));
        }
      } else {
        // The speed stopped in stages, 2-4 peaks over 0.2-0.6 s: the largest (the wrist's own
        // impact) at t_impact takes 50-80 % of it, 1-3 smaller ones (35-80 % of its peak:
        // knees, hip, forearm) the rest, one of them with even odds before it (the knees first).
        const int extra = 1 + static_cast<int>(rng.uniform(0.0, 3.0));
        const double spread = rng.uniform(0.2, 0.6);
        const double main_share = rng.uniform(0.5, 0.8);
        const bool first_before = rng.uniform() < 0.5;
        std::vector<double> parts(static_cast<std::size_t>(extra));
        double sum = 0.0;
        for (double& p : parts) sum += (p = rng.uniform(0.5, 1.5));
        add_impact(pulses, t_impact, main_share * gained, vertical_peak_m_s2(peak_g), share, broad,
                   0.007);
        const double v = gained.norm();
        for (int k = 0; k < extra; ++k) {
          const double f = (1.0 - main_share) * parts[static_cast<std::size_t>(k)] / sum;
          const double at =
              k == 0 && first_before
                  ? t_impact - spread * rng.uniform(0.2, 0.4)
                  : t_impact + spread * static_cast<double>(k + 1) / extra * rng.uniform(0.8, 1.0);
          const double peak = vertical_peak_m_s2(std::max(1.5, rng.uniform(0.35, 0.8) * peak_g));
          pulses.push_back(gauss(at, std::max(0.025, sigma_for_peak(f * v, peak)), -f * gained));
        }
      }
      add_settling(pulses, rng, t_impact, 0.15, 0.5);
      double settle_turn = rng.uniform(-8.0, 8.0) * kRadPerDeg;
      // A real posture change: the tumble and the settling turn together at least 25°.
      if (tumble + settle_turn < 25.0 * kRadPerDeg) settle_turn = std::fabs(settle_turn);
      angle.push_back(Step{t_impact + rng.uniform(0.5, 1.5), 0.6, settle_turn});
      if (soft > 0.0) {
        // Restlessness: shifting and breathing hard for 2-6 s after the impact (within the
        // lying time), small zero-net moves 1.5-4 a second in random directions, |a| s.d.
        // 0.01-0.15 g (log-uniform) decaying to still; no steps, no turn.
        const double restless_s = std::min(rng.uniform(2.0, 6.0), ev.lie_s);
        const double sd_m_s2 = std::exp(rng.uniform(std::log(0.01), std::log(0.15))) * kGravity;
        const double rate = rng.uniform(1.5, 4.0);
        const double t_from = t_impact + 0.4;
        const double t_to = t_impact + restless_s;
        for (double t = t_from + rng.uniform(0.0, 1.0 / rate); t < t_to;
             t += rng.uniform(0.5, 1.5) / rate) {
          const double sigma = rng.uniform(0.06, 0.15);
          const double heading = rng.uniform(0.0, kTwoPi);
          const Vec3d along =
              Vec3d(std::cos(heading), std::sin(heading), rng.uniform(-2.0, 2.0)).normalized();
          const double fade = std::exp(-2.0 * (t - t_from) / std::max(0.5, t_to - t_from));
          const double dv = kRestlessGain * sd_m_s2 * fade * std::sqrt(sigma * kSqrtPi / rate);
          if (t + 2.5 * sigma + kGaussReach * sigma > t_impact + ev.lie_s) break;
          pulses.push_back(gauss(t, sigma, dv * along));
          pulses.push_back(gauss(t + 2.5 * sigma, sigma, -dv * along));
        }
      }
      const double t_up = t_impact + ev.lie_s;
      // Getting up: the wrist rises by the drop (up, then slowing), the weight back to 0.
      const double lift = 2.0 * drop / get_up;
      pulses.push_back(box(t_up, t_up + 0.5 * get_up, 0.25 * get_up, lift * up));
      pulses.push_back(box(t_up + 0.5 * get_up, t_up + get_up, 0.25 * get_up, -lift * up));
      weight = {Step{t0, stumble, 1.0}, Step{t_up, get_up, -1.0}};
      angle.push_back(Step{t_dip, t_impact + 0.1 - t_dip, tumble});
      m.sway_from_s = t_impact + 1.0;
      m.sway_to_s = t_up;
      m.span.impact_s = t_impact;
      m.span.end_s = t_up + get_up;
      m.span.search_from_s = t0;
      m.span.search_to_s = t_impact + 0.8;
      break;
    }
    case MotionKind::kClap: {
      // Hands raised in front of the chest, 4-10 claps at 2-4 Hz: the left hand pushed towards
      // the midline (-left), stopped sharply by the other hand, sprung back; hands down again.
      const int claps = 4 + static_cast<int>(rng.uniform(0.0, 7.0));
      const double period = 1.0 / rng.uniform(2.0, 4.0);
      const double raise = rng.uniform(40.0, 70.0) * kRadPerDeg;
      const double wobble = rng.uniform(5.0, 12.0) * kRadPerDeg;
      m.axis_e = -left;
      // The hand rises 0.3 m in 0.6 s: speeding up to lift_dv over 0.3 s, slowing over 0.3 s.
      const double lift_dv = 2.0 * 0.3 / 0.6;
      pulses.push_back(box(t0, t0 + 0.3, 0.15, lift_dv * up));
      pulses.push_back(box(t0 + 0.3, t0 + 0.6, 0.15, -lift_dv * up));
      weight.push_back(Step{t0, 0.6, 1.0});
      angle.push_back(Step{t0, 0.6, raise});
      double t_k = t0 + 0.8;
      double strongest = 0.0;
      for (int k = 0; k < claps; ++k) {
        const double v = rng.uniform(1.5, 3.0);  // m/s towards the other hand
        const double peak_g = rng.uniform(3.0, 10.0);
        const Vec3d in = -v * left;
        pulses.push_back(gauss(t_k - 0.3 * period, 0.1 * period, in));
        pulses.push_back(gauss(t_k, sigma_for_peak(v, horizontal_peak_m_s2(peak_g)), -in));
        pulses.push_back(gauss(t_k + 0.12 * period, 0.06 * period, -in));  // spring back
        pulses.push_back(gauss(t_k + 0.42 * period, 0.08 * period, in));   // stop apart
        angle.push_back(Step{t_k - 0.35 * period, 0.35 * period, wobble});
        angle.push_back(Step{t_k, 0.4 * period, -wobble});
        if (peak_g > strongest) {
          strongest = peak_g;
          m.span.impact_s = t_k;
        }
        if (k + 1 < claps) t_k += period * rng.uniform(0.9, 1.1);
      }
      const double t_down = t_k + 0.5;
      pulses.push_back(box(t_down, t_down + 0.3, 0.15, -lift_dv * up));
      pulses.push_back(box(t_down + 0.3, t_down + 0.6, 0.15, lift_dv * up));
      weight.push_back(Step{t_down, 0.6, -1.0});
      angle.push_back(Step{t_down, 0.6, -raise});
      m.span.end_s = t_down + 0.6;
      m.span.search_from_s = t0;
      m.span.search_to_s = t_down;
      break;
    }
    case MotionKind::kHop: {
      // 3-6 hops on the spot: a push up (box), airborne (a dip of |a| to 0.1-0.3 g while the
      // speed turns from +v to -v), a landing that stops it (impact of 3-6 g), a little time on
      // the ground; the forearm swings up with each push and back on landing.
      const int hops = 3 + static_cast<int>(rng.uniform(0.0, 4.0));
      const double swing = rng.uniform(10.0, 20.0) * kRadPerDeg;
      m.axis_e = left;
      weight.push_back(Step{t0, 0.5, 1.0});
      double t_k = t0 + 0.6 + 0.25;  // first take-off
      double strongest = 0.0;
      double t_land = t_k;
      for (int k = 0; k < hops; ++k) {
        const double v = rng.uniform(1.2, 1.7);
        const double push = rng.uniform(0.18, 0.25);
        const double residual = rng.uniform(0.1, 0.3);
        const double air = 2.0 * v / ((1.0 - residual) * kGravity);
        const double peak_g = rng.uniform(3.0, 7.0);
        t_land = t_k + air;
        pulses.push_back(box(t_k - push, t_k, 0.06, v * up));
        pulses.push_back(box(t_k, t_land, 0.06, -2.0 * v * up));
        add_impact(pulses, t_land, -v * up, vertical_peak_m_s2(peak_g), rng.uniform(0.6, 0.9),
                   rng.uniform(0.04, 0.06));
        angle.push_back(Step{t_k - push, push, swing});
        angle.push_back(Step{t_land - 0.1, 0.25, -swing});
        if (peak_g > strongest) {
          strongest = peak_g;
          m.span.impact_s = t_land;
        }
        if (k + 1 < hops) t_k = t_land + rng.uniform(0.1, 0.2) + rng.uniform(0.18, 0.25);
      }
      weight.push_back(Step{t_land + 0.4, 0.6, -1.0});
      m.span.end_s = t_land + 1.0;
      m.span.search_from_s = t0;
      m.span.search_to_s = t_land + 0.4;
      break;
    }
    case MotionKind::kSitHard: {
      // Lowering a little, then dropping onto the chair (a 0.2-0.3 s dip), a 2-4 g impact, the
      // forearm coming to rest on the thigh (a 25-50° turn), seated 5-10 s, then the segment's
      // activity takes over (standing up: the wrist rises 0.4 m).
      const double lower_v = rng.uniform(0.1, 0.3);
      const double drop_s = rng.uniform(0.2, 0.3);
      const double residual = rng.uniform(0.35, 0.6);
      const double peak_g = rng.uniform(2.0, 4.0);
      const double turn = rng.uniform(25.0, 50.0) * kRadPerDeg;
      const double tilt = rng.uniform(-30.0, 30.0) * kRadPerDeg;
      const double hold = rng.uniform(5.0, 10.0);
      m.sway_rad = rng.uniform(0.1, 0.3) * kRadPerDeg;
      m.axis_e = std::cos(tilt) * left + std::sin(tilt) * fwd;
      const double d = (1.0 - residual) * kGravity;
      const double t_drop = t0 + 0.5;
      const double t_impact = t_drop + drop_s;
      pulses.push_back(box(t0, t0 + 0.4, 0.15, -lower_v * up));
      pulses.push_back(box(t_drop, t_impact - 0.03, 0.06, -d * (drop_s - 0.03) * up));
      const double stop = lower_v + d * (drop_s - 0.03);
      add_impact(pulses, t_impact, -stop * up, vertical_peak_m_s2(peak_g), rng.uniform(0.5, 0.8),
                 rng.uniform(0.05, 0.08));
      add_settling(pulses, rng, t_impact, 0.05, 0.2);
      const double t_stand = t_impact + hold;
      pulses.push_back(box(t_stand, t_stand + 0.75, 0.3, (0.4 / 0.75) * up));
      pulses.push_back(box(t_stand + 0.75, t_stand + 1.5, 0.3, -(0.4 / 0.75) * up));
      weight = {Step{t0, 0.8, 1.0}, Step{t_stand, 1.5, -1.0}};
      angle = {Step{t0 + 0.3, t_impact + 0.2 - (t0 + 0.3), turn}};
      m.sway_from_s = t_impact + 0.5;
      m.sway_to_s = t_stand;
      m.span.impact_s = t_impact;
      m.span.end_s = t_stand + 1.5;
      m.span.search_from_s = t0;
      m.span.search_to_s = t_impact + 0.5;
      break;
    }
    case MotionKind::kArmDrop: {
      // The forearm raised by 60-90° (the wrist up 0.25 m), held 1-2 s, dropped onto a table
      // (0.25-0.35 s: a short dip, no body free fall), a 3-6 g impact, resting there 8-12 s,
      // then back to the underlying motion.
      const double raise = rng.uniform(60.0, 90.0) * kRadPerDeg;
      const double hold = rng.uniform(1.0, 2.0);
      const double drop_s = rng.uniform(0.25, 0.35);
      const double v = rng.uniform(1.2, 2.0);
      const double peak_g = rng.uniform(3.0, 6.0);
      const double settle = rng.uniform(-10.0, 10.0) * kRadPerDeg;
      const double rest = rng.uniform(8.0, 12.0);
      m.sway_rad = rng.uniform(0.05, 0.15) * kRadPerDeg;
      m.axis_e = -left;
      const double lift_dv = 2.0 * 0.25 / 0.8;  // the wrist rises 0.25 m in 0.8 s
      pulses.push_back(box(t0, t0 + 0.4, 0.2, lift_dv * up));
      pulses.push_back(box(t0 + 0.4, t0 + 0.8, 0.2, -lift_dv * up));
      const double t_drop = t0 + 0.8 + hold;
      const double t_impact = t_drop + drop_s;
      pulses.push_back(box(t_drop, t_impact - 0.03, 0.06, -v * up));
      add_impact(pulses, t_impact, -v * up, vertical_peak_m_s2(peak_g), rng.uniform(0.6, 0.9),
                 rng.uniform(0.03, 0.05));
      add_settling(pulses, rng, t_impact, 0.02, 0.08);
      const double t_back = t_impact + rest;
      weight = {Step{t0, 0.8, 1.0}, Step{t_back, 1.5, -1.0}};
      angle = {Step{t0, 0.8, raise}, Step{t_drop, drop_s + 0.02, -raise + settle}};
      m.sway_from_s = t_impact + 0.5;
      m.sway_to_s = t_back;
      m.span.impact_s = t_impact;
      m.span.end_s = t_back + 1.5;
      m.span.search_from_s = t0;
      m.span.search_to_s = t_impact + 0.5;
      break;
    }
  }
  m.weight = SmoothProfile(0.0, weight);
  m.angle_rad = SmoothProfile(0.0, angle);
  m.active_from_s = m.span.start_s;
  m.active_to_s = m.span.end_s;
  for (const VelocityPulse& p : pulses) {
    m.active_from_s = std::min(m.active_from_s, p.from_s());
    m.active_to_s = std::max(m.active_to_s, p.to_s());
  }
  return m;
}

}  // namespace fusetrack::sim
