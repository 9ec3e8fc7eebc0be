// PPG fault stretches: each kind appears exactly over its stretch (every other sample is that of
// the recording without faults, bit for bit), with its model's signature (no pulse off the skin,
// values at the full scale, one constant value, strong fast ambient light); the stretches reach
// the truth and the recording's metadata; bad stretches are refused with a message naming them.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/settings.hpp"
#include "sim/sim_recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::sim {
namespace {

constexpr double kPi = 3.14159265358979323846;

double seconds(Micros t_us) { return static_cast<double>(t_us) * 1e-6; }

// 30 s at rest, 40 s walking at 120 steps/min, 30 s at rest; no magnetometer.
SimSettings base(std::uint64_t seed = 5) {
  SimSettings s;
  s.seed = seed;
  s.segments = parse_scenario("rest:30,walk:40@120,rest:30");
  s.mag.enabled = false;
  return s;
}

// The settings with one stretch of `kind` over [start_s, end_s).
SimSettings with_fault(SimSettings s, PpgFault kind, double start_s, double end_s) {
  s.ppg.faults = {PpgFaultStretch{kind, start_s, end_s}};
  return s;
}

bool inside(const PpgSample& p, double start_s, double end_s) {
  return p.t_us >= static_cast<Micros>(std::llround(start_s * 1e6)) &&
         p.t_us < static_cast<Micros>(std::llround(end_s * 1e6));
}

bool same_sample(const PpgSample& a, const PpgSample& b) {
  return a.t_us == b.t_us && a.ppg == b.ppg && a.ambient == b.ambient &&
         a.channel_count == b.channel_count && a.has_ambient == b.has_ambient;
}

// Every sample outside [start_s, end_s) equals the fault-free recording's; the IMU stream and
// the truth other than the stretches are unchanged too. Returns the samples inside.
std::vector<std::size_t> check_only_the_stretch_changes(const SimResult& faulty,
                                                        const SimResult& clean, double start_s,
                                                        double end_s) {
  std::vector<std::size_t> in;
  EXPECT_EQ(faulty.ppg.size(), clean.ppg.size());
  for (std::size_t k = 0; k < faulty.ppg.size() && k < clean.ppg.size(); ++k) {
    if (inside(faulty.ppg[k], start_s, end_s)) {
      in.push_back(k);
    } else {
      EXPECT_TRUE(same_sample(faulty.ppg[k], clean.ppg[k]))
          << "sample " << k << " at " << seconds(faulty.ppg[k].t_us) << " s";
    }
  }
  EXPECT_EQ(faulty.imu.size(), clean.imu.size());
  EXPECT_EQ(faulty.imu.back().acc_m_s2, clean.imu.back().acc_m_s2);
  EXPECT_EQ(faulty.truth.steps_us, clean.truth.steps_us);
  EXPECT_EQ(faulty.truth.heart_rate.size(), clean.truth.heart_rate.size());
  // 25 Hz over the stretch.
  EXPECT_NEAR(static_cast<double>(in.size()), 25.0 * (end_s - start_s), 2.0);
  return in;
}

TEST(PpgFaults, NoContactLeavesLeakageAmbientLightAndNoiseOnlyOverItsStretch) {
  const double start = 40.0, end = 60.0;  // while walking
  const SimSettings s = with_fault(base(), PpgFault::kNoContact, start, end);
  const SimResult clean = simulate(base());
  const SimResult r = simulate(s);
  const std::vector<std::size_t> in = check_only_the_stretch_changes(r, clean, start, end);
  ASSERT_FALSE(in.empty());
  // Without noise the channel less the ambient light is the LED leakage exactly: no pulse, no
  // respiration or drift, no motion artefact.
  const SimResult quiet = simulate(without_noise(s));
  for (const std::size_t k : in) {
    const PpgSample& p = quiet.ppg[k];
    const double ambient = static_cast<double>(p.ambient);
    ASSERT_NEAR(static_cast<double>(p.ppg[0]) - ambient, s.ppg.no_contact_leak * s.ppg.dc, 0.01)
        << k;
    ASSERT_NEAR(static_cast<double>(p.ppg[1]) - ambient,
                s.ppg.no_contact_leak * s.ppg.dc * s.ppg.channel2_gain, 0.01)
        << k;
  }
  // With noise, what is left is the sensor noise: channel 1 less the ambient channel has the
  // spread of both noises (15 and 5 a.u.), far below the pulse's.
  double sum = 0.0, sum2 = 0.0;
  for (const std::size_t k : in) {
    const double x = static_cast<double>(r.ppg[k].ppg[0]) - static_cast<double>(r.ppg[k].ambient);
    sum += x;
    sum2 += x * x;
  }
  const double n = static_cast<double>(in.size());
  const double sd = std::sqrt(sum2 / n - (sum / n) * (sum / n));
  EXPECT_NEAR(sum / n, s.ppg.no_contact_leak * s.ppg.dc, 5.0);
  EXPECT_NEAR(sd, std::hypot(s.ppg.noise, s.ppg.ambient_noise), 3.0);
}

TEST(PpgFaults, NoContactWithoutTheAmbientChannelIsTheLeakageAlone) {
  SimSettings s = without_noise(with_fault(base(), PpgFault::kNoContact, 10.0, 20.0));
  s.ppg.ambient = false;
  const SimResult r = simulate(s);
  std::size_t n = 0;
  for (const PpgSample& p : r.ppg) {
    if (!inside(p, 10.0, 20.0)) continue;
    ASSERT_FALSE(p.has_ambient);
    ASSERT_NEAR(static_cast<double>(p.ppg[0]), s.ppg.no_contact_leak * s.ppg.dc, 0.01);
    ++n;
  }
  EXPECT_GT(n, 240u);
}

TEST(PpgFaults, ClippedPutsAboutHalfOrMoreOfTheSamplesAtTheFullScaleAndNoneAboveIt) {
  for (const bool running : {false, true}) {
    SimSettings b = base();
    if (running) b.segments = parse_scenario("rest:30,run:40@170,rest:30");
    const double start = 35.0, end = 65.0;  // moving
    SimSettings s = with_fault(b, PpgFault::kClipped, start, end);
    s.ppg.full_scale = 50000.0;
    const SimResult r = simulate(s);
    const std::vector<std::size_t> in = check_only_the_stretch_changes(r, simulate(b), start, end);
    std::size_t rail[2] = {0, 0};
    for (const PpgSample& p : r.ppg) {
      for (int ch = 0; ch < 2; ++ch) {
        ASSERT_LE(p.ppg[ch], 50000.0f);
        if (p.ppg[ch] == 50000.0f) {
          ASSERT_TRUE(inside(p, start, end)) << "at the rail outside the stretch";
          ++rail[ch];
        }
      }
    }
    // The baseline sits half a pulse depth above the rail: the light between the dips is
    // clipped, over half the samples walking, nearly half running.
    const double n = static_cast<double>(in.size());
    EXPECT_GE(static_cast<double>(rail[0]), (running ? 0.4 : 0.5) * n) << running;
    EXPECT_GE(static_cast<double>(rail[1]), (running ? 0.4 : 0.5) * n) << running;
    // And the pulse's dips reach below it: not every sample is clipped.
    EXPECT_LT(static_cast<double>(rail[0]), 0.95 * n) << running;
  }
}

TEST(PpgFaults, FlatHoldsEveryChannelAtTheStretchsFirstValue) {
  const double start = 40.0, end = 50.0;
  const SimSettings s = with_fault(base(), PpgFault::kFlat, start, end);
  const SimResult clean = simulate(base());
  const SimResult r = simulate(s);
  const std::vector<std::size_t> in = check_only_the_stretch_changes(r, clean, start, end);
  ASSERT_GT(in.size(), 200u);
  const PpgSample& first = r.ppg[in.front()];
  EXPECT_TRUE(same_sample(first, clean.ppg[in.front()]));
  for (const std::size_t k : in) {
    ASSERT_EQ(r.ppg[k].ppg, first.ppg) << k;
    ASSERT_EQ(r.ppg[k].ambient, first.ambient) << k;
    ASSERT_EQ(r.ppg[k].t_us, clean.ppg[k].t_us) << k;
  }
  // The sample after the stretch moves again.
  EXPECT_NE(r.ppg[in.back() + 1].ppg[0], first.ppg[0]);
}

// The strongest frequency of x(t) in [lo, hi] Hz by a direct Fourier sum (mean removed), Hz.
double dominant_hz(const std::vector<double>& t, const std::vector<double>& x, double lo,
                   double hi) {
  double mean = 0.0;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double best = -1.0, best_hz = 0.0;
  for (double f = lo; f <= hi; f += 0.01) {
    double re = 0.0, im = 0.0;
    for (std::size_t i = 0; i < t.size(); ++i) {
      re += (x[i] - mean) * std::cos(2.0 * kPi * f * t[i]);
      im += (x[i] - mean) * std::sin(2.0 * kPi * f * t[i]);
    }
    if (re * re + im * im > best) {
      best = re * re + im * im;
      best_hz = f;
    }
  }
  return best_hz;
}

TEST(PpgFaults, AmbientAddsStrongFastLightToTheAmbientChannelAndPartlyToThePpgChannels) {
  const double start = 10.0, end = 30.0;  // at rest
  const SimSettings s = without_noise(with_fault(base(), PpgFault::kAmbient, start, end));
  const SimResult clean = simulate(without_noise(base()));
  const SimResult r = simulate(s);
  const std::vector<std::size_t> in = check_only_the_stretch_changes(r, clean, start, end);
  ASSERT_FALSE(in.empty());
  std::vector<double> t, added;
  double lo = 1e9, hi = -1e9;
  for (const std::size_t k : in) {
    const double a = static_cast<double>(r.ppg[k].ambient - clean.ppg[k].ambient);
    // In [0, 2 A]: the light adds, it never takes away.
    ASSERT_GE(a, -0.01);
    ASSERT_LE(a, 2.0 * s.ppg.ambient_fault_amplitude + 0.01);
    // The PPG channels keep ambient_fault_leak of it.
    for (int ch = 0; ch < 2; ++ch) {
      ASSERT_NEAR(static_cast<double>(r.ppg[k].ppg[ch] - clean.ppg[k].ppg[ch]),
                  s.ppg.ambient_fault_leak * a, 0.01);
    }
    t.push_back(seconds(r.ppg[k].t_us));
    added.push_back(a);
    lo = std::min(lo, a);
    hi = std::max(hi, a);
  }
  // Several pulse depths from peak to peak, even in the PPG channels, and fast: its strongest
  // frequency in the 0.5-3 Hz band where the heart is.
  EXPECT_GT(hi - lo, 4.0 * s.ppg.pulse_amplitude);
  EXPECT_GT(s.ppg.ambient_fault_leak * (hi - lo), 1.2 * s.ppg.pulse_amplitude);
  const double f = dominant_hz(t, added, 0.05, 6.0);
  EXPECT_GE(f, 0.5 - 0.05);
  EXPECT_LE(f, 3.0 + 0.05);
  // Every 2 s of the stretch moves by more than the pulse's depth.
  for (double w = start; w + 2.0 <= end; w += 2.0) {
    double a_lo = 1e9, a_hi = -1e9;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] < w || t[i] >= w + 2.0) continue;
      a_lo = std::min(a_lo, added[i]);
      a_hi = std::max(a_hi, added[i]);
    }
    EXPECT_GT(a_hi - a_lo, s.ppg.pulse_amplitude) << "2 s from " << w << " s";
  }
}

TEST(PpgFaults, AmbientLightDependsOnlyOnTheSeedAndItsOwnStretch) {
  SimSettings a = with_fault(base(), PpgFault::kAmbient, 10.0, 20.0);
  SimSettings b = a;
  b.ppg.faults.push_back(PpgFaultStretch{PpgFault::kAmbient, 50.0, 60.0});
  const SimResult ra = simulate(a);
  const SimResult rb = simulate(b);
  for (std::size_t k = 0; k < ra.ppg.size(); ++k) {
    if (inside(ra.ppg[k], 50.0, 60.0)) continue;
    ASSERT_TRUE(same_sample(ra.ppg[k], rb.ppg[k])) << k;
  }
  SimSettings c = a;
  c.seed = a.seed + 1;
  EXPECT_NE(simulate(c).ppg[300].ambient, ra.ppg[300].ambient);
}

TEST(PpgFaults, StretchesReachTheTruthInTimeOrderAndTheMetadata) {
  SimSettings s = base();
  s.ppg.faults = {PpgFaultStretch{PpgFault::kFlat, 80.0, 90.0},
                  PpgFaultStretch{PpgFault::kNoContact, 10.0, 20.5},
                  PpgFaultStretch{PpgFault::kAmbient, 20.5, 30.0},
                  PpgFaultStretch{PpgFault::kClipped, 40.0, 50.0}};
  const SimResult r = simulate(s);
  ASSERT_EQ(r.truth.ppg_faults.size(), 4u);
  const PpgFault kinds[] = {PpgFault::kNoContact, PpgFault::kAmbient, PpgFault::kClipped,
                            PpgFault::kFlat};
  const Micros starts[] = {10000000, 20500000, 40000000, 80000000};
  const Micros ends[] = {20500000, 30000000, 50000000, 90000000};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.truth.ppg_faults[i].kind, kinds[i]);
    EXPECT_EQ(r.truth.ppg_faults[i].start_us, starts[i]);
    EXPECT_EQ(r.truth.ppg_faults[i].end_us, ends[i]);
  }
  const io::Metadata m = simulation_metadata(s);
  const std::string* faults = io::find_metadata(m, "ppg_faults");
  ASSERT_NE(faults, nullptr);
  EXPECT_EQ(*faults, "flat:80..90,no_contact:10..20.5,ambient:20.5..30,clipped:40..50");
  EXPECT_EQ(parse_ppg_faults(*faults).size(), 4u);
  ASSERT_NE(io::find_metadata(m, "ppg_full_scale"), nullptr);
  EXPECT_EQ(*io::find_metadata(m, "ppg_full_scale"), "65535");
  // Without faults the metadata is as it always was.
  EXPECT_EQ(io::find_metadata(simulation_metadata(base()), "ppg_faults"), nullptr);
  EXPECT_EQ(io::find_metadata(simulation_metadata(base()), "ppg_full_scale"), nullptr);
  EXPECT_TRUE(simulate(base()).truth.ppg_faults.empty());
}

// The message of validate's exception for `s` ("" when it validates).
std::string validation_error(const SimSettings& s) {
  try {
    s.validate();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(PpgFaults, ValidationRejectsBadStretchesNamingThem) {
  const SimSettings ok = with_fault(base(), PpgFault::kClipped, 10.0, 20.0);
  EXPECT_EQ(validation_error(ok), "");

  std::string e = validation_error(with_fault(base(), PpgFault::kClipped, 50.0, 40.0));
  EXPECT_TRUE(contains(e, "ppg.faults[0] (clipped 50..40 s): end_s must be > start_s")) << e;
  e = validation_error(with_fault(base(), PpgFault::kClipped, 50.0, 50.0));
  EXPECT_TRUE(contains(e, "end_s must be > start_s")) << e;
  e = validation_error(with_fault(base(), static_cast<PpgFault>(9), 10.0, 20.0));
  EXPECT_TRUE(contains(e,
                       "ppg.faults[0] (unknown 10..20 s): the kind must be no_contact, "
                       "clipped, ambient or flat"))
      << e;
  e = validation_error(with_fault(base(), PpgFault::kFlat, -1.0, 20.0));
  EXPECT_TRUE(contains(e, "start_s must be >= 0")) << e;
  e = validation_error(with_fault(base(), PpgFault::kFlat, 90.0, 101.0));
  EXPECT_TRUE(contains(e, "end_s must be at most the scenario's duration, 100 s")) << e;
  e = validation_error(with_fault(base(), PpgFault::kFlat, 10.0, std::nan("")));
  EXPECT_TRUE(contains(e, "end_s must be > start_s")) << e;

  SimSettings overlap = ok;
  overlap.ppg.faults.push_back(PpgFaultStretch{PpgFault::kAmbient, 15.0, 25.0});
  e = validation_error(overlap);
  EXPECT_TRUE(contains(e,
                       "ppg.faults[1] (ambient 15..25 s) overlaps ppg.faults[0] (clipped "
                       "10..20 s)"))
      << e;
  SimSettings touching = ok;
  touching.ppg.faults.push_back(PpgFaultStretch{PpgFault::kAmbient, 20.0, 25.0});
  EXPECT_EQ(validation_error(touching), "");

  SimSettings no_ppg = ok;
  no_ppg.ppg.enabled = false;
  e = validation_error(no_ppg);
  EXPECT_TRUE(contains(e, "needs the PPG stream")) << e;

  SimSettings bad_scale = ok;
  bad_scale.ppg.full_scale = 0.0;
  EXPECT_TRUE(contains(validation_error(bad_scale), "ppg.full_scale"));
  SimSettings bad_band = ok;
  bad_band.ppg.ambient_fault_min_hz = 4.0;
  EXPECT_TRUE(contains(validation_error(bad_band), "ambient_fault_min_hz"));
  EXPECT_THROW(simulate(overlap), std::invalid_argument);
}

// The message of parse_ppg_faults' exception for `text`.
std::string parse_error(const std::string& text) {
  try {
    parse_ppg_faults(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(PpgFaults, TextParsesEveryKindAndRoundTrips) {
  const std::vector<PpgFaultStretch> f =
      parse_ppg_faults("no_contact:60..90,clipped:120.5..140,ambient:0..10,flat:150..1.6e2");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].kind, PpgFault::kNoContact);
  EXPECT_EQ(f[0].start_s, 60.0);
  EXPECT_EQ(f[0].end_s, 90.0);
  EXPECT_EQ(f[1].kind, PpgFault::kClipped);
  EXPECT_EQ(f[1].start_s, 120.5);
  EXPECT_EQ(f[2].kind, PpgFault::kAmbient);
  EXPECT_EQ(f[3].kind, PpgFault::kFlat);
  EXPECT_EQ(ppg_faults_text(f), "no_contact:60..90,clipped:120.5..140,ambient:0..10,flat:150..160");
  EXPECT_EQ(ppg_faults_text(parse_ppg_faults(ppg_faults_text(f))), ppg_faults_text(f));
}

TEST(PpgFaults, TextRejectsUnknownKindsBadTimesAndAnEndNotAfterTheStart) {
  std::string e = parse_error("dropout:10..20");
  EXPECT_TRUE(contains(e, "unknown PPG fault 'dropout' in item 1 'dropout:10..20'")) << e;
  EXPECT_TRUE(contains(e, "no_contact, clipped, ambient or flat")) << e;
  e = parse_error("flat:10..20,clipped:50..40");
  EXPECT_TRUE(contains(e, "the end must come after the start in item 2 'clipped:50..40'")) << e;
  EXPECT_TRUE(contains(parse_error("flat:10..10"), "the end must come after the start"));
  for (const char* bad : {"flat:10-20", "flat", "flat:..20", "flat:a..20", "flat:10..",
                          "flat:-5..20", "flat:10..inf", "flat:10..20,", ""}) {
    EXPECT_NE(parse_error(bad), "") << bad;
  }
  EXPECT_TRUE(contains(parse_error("flat:10-20"), "KIND:START_S..END_S")) << parse_error("flat");
  EXPECT_TRUE(contains(parse_error(""), "found nothing"));
}

}  // namespace
}  // namespace fusetrack::sim
