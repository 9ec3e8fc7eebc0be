// Smoother: the first decision is taken at once; one outlier never flips the label (A A B A keeps
// A); a sustained new class switches after exactly confirm_windows windows, reporting the change
// once with the previous label; low-confidence windows never switch; the confidence is the mean of
// the agreeing windows; reset, settings validation, and the saved state.
#include <cstdint>
#include <cstring>
#include <random>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "fusetrack/classify/smoother.hpp"
#include "fusetrack/core/checksum.hpp"
#include "fusetrack/core/status.hpp"

namespace fusetrack {
namespace classify {
namespace {

constexpr std::uint8_t kA = 3;
constexpr std::uint8_t kB = 7;
constexpr std::uint8_t kC = 11;
using Smoother18 = Smoother<18>;

SmootherSettings confirm(int windows, int min_confidence_q8 = 0) {
  SmootherSettings s;
  s.confirm_windows = static_cast<std::uint8_t>(windows);
  s.min_confidence_q8 = static_cast<std::uint8_t>(min_confidence_q8);
  return s;
}

}  // namespace

TEST(Smoother, IsTriviallyCopyablePlainDataOfTenBytesFor18Classes) {
  static_assert(std::is_trivially_copyable<Smoother18>::value, "saved as is");
  static_assert(std::is_trivially_copyable<SmootherState>::value, "saved as is");
  EXPECT_EQ(sizeof(SmootherState), 8u);
  EXPECT_EQ(sizeof(Smoother18), 10u);
}

TEST(Smoother, HasNoLabelBeforeTheFirstDecision) {
  Smoother18 s;
  EXPECT_FALSE(s.has_label());
  EXPECT_EQ(s.label(), kNoLabel);
  EXPECT_EQ(Smoother18::kNoLabel, kNoLabel);
  EXPECT_EQ(s.confidence_q8(), 0);
}

TEST(Smoother, TakesTheFirstDecisionAtOnceAndReportsItAsAChangeFromNoLabel) {
  for (int c = 1; c <= 16; ++c) {
    Smoother18 s(confirm(c));
    const SmootherResult r = s.update(kA, 200);
    EXPECT_EQ(r.label, kA);
    EXPECT_EQ(r.confidence_q8, 200);
    EXPECT_TRUE(r.changed);
    EXPECT_EQ(r.previous, kNoLabel);
    EXPECT_TRUE(s.has_label());
    EXPECT_EQ(s.label(), kA);
  }
}

TEST(Smoother, OneOutlierWindowNeverFlipsTheLabel) {
  for (int c = 2; c <= 16; ++c) {
    Smoother18 s(confirm(c));
    s.update(kA, 200);
    // An outlier after every agreeing window, each of another class, at full confidence.
    for (int i = 0; i < 200; ++i) {
      const auto outlier = static_cast<std::uint8_t>((kA + 1 + i % 17) % 18);
      const SmootherResult r = s.update(outlier, 255);
      ASSERT_EQ(r.label, kA) << "confirm " << c << " window " << i;
      ASSERT_FALSE(r.changed);
      ASSERT_EQ(r.previous, kA);
      ASSERT_EQ(s.update(kA, 200).label, kA);
    }
  }
}

TEST(Smoother, AABAKeepsAAndForgetsTheB) {
  Smoother18 s(confirm(2));
  EXPECT_EQ(s.update(kA, 200).label, kA);
  EXPECT_EQ(s.update(kA, 200).label, kA);
  EXPECT_EQ(s.update(kB, 200).label, kA);
  EXPECT_EQ(s.state().candidate, kB);
  const SmootherResult r = s.update(kA, 200);
  EXPECT_EQ(r.label, kA);
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(s.state().candidate, kNoLabel);
  // The forgotten B does not count: one more B is again a single outlier.
  EXPECT_EQ(s.update(kB, 200).label, kA);
  EXPECT_EQ(s.update(kA, 200).label, kA);
}

TEST(Smoother, SustainedNewClassSwitchesAfterConfirmWindowsReportingTheChangeExactlyOnce) {
  for (int c = 1; c <= 16; ++c) {
    Smoother18 s(confirm(c));
    for (int i = 0; i < 5; ++i) s.update(kA, 200);
    int changes = 0;
    for (int i = 1; i <= 3 * c + 5; ++i) {
      const SmootherResult r = s.update(kB, 180);
      if (i < c) {
        ASSERT_EQ(r.label, kA) << "confirm " << c << " B window " << i;
        ASSERT_FALSE(r.changed);
        ASSERT_EQ(r.previous, kA);
      } else if (i == c) {
        ASSERT_EQ(r.label, kB) << "confirm " << c;
        ASSERT_TRUE(r.changed);
        ASSERT_EQ(r.previous, kA);
        ASSERT_EQ(r.confidence_q8, 180);
      } else {
        ASSERT_EQ(r.label, kB);
        ASSERT_FALSE(r.changed);
        ASSERT_EQ(r.previous, kB);
      }
      changes += r.changed ? 1 : 0;
    }
    EXPECT_EQ(changes, 1) << "confirm " << c;
  }
}

TEST(Smoother, AlternatingNewClassesNeverSwitchBecauseEachStartsItsOwnCount) {
  Smoother18 s(confirm(2));
  s.update(kA, 200);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(s.update(i % 2 == 0 ? kB : kC, 255).label, kA) << i;
  }
}

TEST(Smoother, WindowsBelowTheMinimumConfidenceNeverSwitch) {
  Smoother18 s(confirm(2, 128));
  s.update(kA, 200);
  for (int i = 0; i < 100; ++i) {
    const SmootherResult r = s.update(kB, 127);
    ASSERT_EQ(r.label, kA);
    ASSERT_FALSE(r.changed);
    ASSERT_EQ(r.confidence_q8, 200);  // nor do they move the label's confidence
  }
  s.update(kB, 128);
  const SmootherResult r = s.update(kB, 128);
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.label, kB);
  EXPECT_EQ(r.previous, kA);
}

TEST(Smoother, WindowsBelowTheMinimumConfidenceGiveNoFirstLabel) {
  Smoother18 s(confirm(2, 100));
  for (int i = 0; i < 10; ++i) {
    const SmootherResult r = s.update(kA, 99);
    ASSERT_EQ(r.label, kNoLabel);
    ASSERT_FALSE(r.changed);
    ASSERT_EQ(r.previous, kNoLabel);
    ASSERT_EQ(r.confidence_q8, 0);
  }
  EXPECT_FALSE(s.has_label());
  EXPECT_TRUE(s.update(kA, 100).changed);
}

TEST(Smoother, WindowsBelowTheMinimumConfidenceNeitherCountForNorClearACandidate) {
  Smoother18 s(confirm(3, 100));
  s.update(kA, 200);
  EXPECT_EQ(s.update(kB, 200).label, kA);
  EXPECT_EQ(s.update(kB, 50).label, kA);  // not a second B
  EXPECT_EQ(s.update(kA, 50).label, kA);  // not an A that would clear the B
  EXPECT_EQ(s.update(kB, 200).label, kA);
  EXPECT_EQ(s.state().candidate_count, 2);
  const SmootherResult r = s.update(kB, 200);
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.label, kB);
}

TEST(Smoother, ClassesOutsideTheModelAreIgnored) {
  Smoother<4> s(confirm(1));
  EXPECT_EQ(s.update(4, 255).label, kNoLabel);
  EXPECT_EQ(s.update(255, 255).label, kNoLabel);
  s.update(2, 200);
  const SmootherResult r = s.update(4, 255);
  EXPECT_EQ(r.label, 2);
  EXPECT_FALSE(r.changed);
}

TEST(Smoother, ReportsTheRoundedMeanConfidenceOfTheWindowsThatAgreeWithTheLabel) {
  Smoother18 s(confirm(2));
  EXPECT_EQ(s.update(kA, 200).confidence_q8, 200);
  EXPECT_EQ(s.update(kA, 101).confidence_q8, 151);  // 150.5, ties up
  EXPECT_EQ(s.update(kB, 20).confidence_q8, 151);   // an outlier is not A's confidence
  EXPECT_EQ(s.update(kA, 99).confidence_q8, 133);   // (200 + 101 + 99) / 3
  s.update(kB, 180);
  const SmootherResult r = s.update(kB, 221);  // the switch: the confirming windows' mean
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.confidence_q8, 201);                  // 200.5, ties up
  EXPECT_EQ(s.update(kB, 200).confidence_q8, 200);  // (180 + 221 + 200) / 3 = 200.33
}

TEST(Smoother, ConfidenceOfASteadyClassifierIsExactlyItsConfidence) {
  for (int c = 0; c <= 255; ++c) {
    Smoother18 s;
    for (int i = 0; i < 100; ++i) {
      ASSERT_EQ(s.update(kA, static_cast<std::uint8_t>(c)).confidence_q8, c) << i;
    }
  }
}

TEST(Smoother, ConfidenceFollowsAChangeOfTheClassifiersConfidenceWithinAboutSixteenWindows) {
  Smoother18 s;
  for (int i = 0; i < 50; ++i) s.update(kA, 100);
  int last = 100;
  int windows_to_settle = -1;
  for (int i = 1; i <= 200; ++i) {
    const int now = s.update(kA, 220).confidence_q8;
    ASSERT_GE(now, last);  // moves one way, never overshoots
    ASSERT_LE(now, 220);
    last = now;
    if (windows_to_settle < 0 && now >= 210) windows_to_settle = i;
  }
  EXPECT_EQ(last, 220);
  // A running mean of 16: about 16 ln(120 / 10) ~ 40 windows to come within 10 of it.
  EXPECT_GE(windows_to_settle, 16);
  EXPECT_LE(windows_to_settle, 60);
}

TEST(Smoother, ResetForgetsTheLabelAndTheCandidate) {
  Smoother18 s(confirm(3));
  s.update(kA, 200);
  s.update(kB, 200);
  s.reset();
  EXPECT_FALSE(s.has_label());
  EXPECT_EQ(s.confidence_q8(), 0);
  EXPECT_EQ(s.state().candidate, kNoLabel);
  const SmootherResult r = s.update(kC, 90);  // taken at once again
  EXPECT_EQ(r.label, kC);
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.previous, kNoLabel);
  EXPECT_EQ(r.confidence_q8, 90);
  EXPECT_EQ(s.settings().confirm_windows, 3);  // settings stay
}

TEST(Smoother, SettingsOutsideTheirRangesAreInvalid) {
  EXPECT_EQ(SmootherSettings{}.validate(), Status::kOk);
  EXPECT_EQ(confirm(1).validate(), Status::kOk);
  EXPECT_EQ(confirm(16).validate(), Status::kOk);
  EXPECT_EQ(confirm(0).validate(), Status::kInvalidSettings);
  EXPECT_EQ(confirm(17).validate(), Status::kInvalidSettings);
  EXPECT_EQ(confirm(255).validate(), Status::kInvalidSettings);
  EXPECT_EQ(confirm(2, 0).validate(), Status::kOk);
  EXPECT_EQ(confirm(2, 255).validate(), Status::kOk);
  EXPECT_EQ(SmootherSettings{}.confirm_windows, 2);
  EXPECT_EQ(SmootherSettings{}.min_confidence_q8, 0);
}

TEST(Smoother, ConstructorClampsAnOutOfRangeConfirmCountIntoOneTo16) {
  EXPECT_EQ(Smoother18(confirm(0)).settings().confirm_windows, 1);
  EXPECT_EQ(Smoother18(confirm(200)).settings().confirm_windows, 16);
}

TEST(Smoother, SettingsHashTellsEveryFieldApart) {
  auto hash = [](const SmootherSettings& s) {
    SettingsHash h;
    s.hash_into(h);
    return h.value();
  };
  EXPECT_NE(hash(confirm(2, 0)), hash(confirm(3, 0)));
  EXPECT_NE(hash(confirm(2, 0)), hash(confirm(2, 1)));
  EXPECT_EQ(hash(confirm(2, 9)), hash(confirm(2, 9)));
}

TEST(Smoother, CopiedBytesContinueExactlyAsTheOriginal) {
  std::mt19937 rng(42u);
  std::uniform_int_distribution<int> cls(0, 5);
  std::uniform_int_distribution<int> conf(0, 255);
  Smoother<6> a(confirm(3, 60));
  for (int i = 0; i < 37; ++i) {
    a.update(static_cast<std::uint8_t>(cls(rng)), static_cast<std::uint8_t>(conf(rng)));
  }
  unsigned char bytes[sizeof(Smoother<6>)];
  std::memcpy(bytes, &a, sizeof a);
  Smoother<6> b;
  std::memcpy(&b, bytes, sizeof b);
  for (int i = 0; i < 500; ++i) {
    const auto k = static_cast<std::uint8_t>(cls(rng));
    const auto c = static_cast<std::uint8_t>(conf(rng));
    const SmootherResult ra = a.update(k, c);
    const SmootherResult rb = b.update(k, c);
    ASSERT_EQ(ra.label, rb.label);
    ASSERT_EQ(ra.confidence_q8, rb.confidence_q8);
    ASSERT_EQ(ra.changed, rb.changed);
    ASSERT_EQ(ra.previous, rb.previous);
  }
}

TEST(Smoother, SetStateRestoresAReachedStateAndRefusesAnInconsistentOne) {
  Smoother18 a(confirm(3));
  a.update(kA, 200);
  a.update(kB, 150);
  Smoother18 b(confirm(3));
  ASSERT_EQ(b.set_state(a.state()), Status::kOk);
  EXPECT_EQ(b.update(kB, 150).label, kA);
  EXPECT_TRUE(b.update(kB, 150).changed);
  EXPECT_EQ(b.set_state(SmootherState{}), Status::kOk);
  EXPECT_FALSE(b.has_label());

  const SmootherState good = a.state();
  auto refused = [&](SmootherState bad) {
    Smoother18 c(confirm(3));
    c.update(kC, 10);
    const SmootherState before = c.state();
    const bool r = c.set_state(bad) == Status::kCorruptState;
    return r && std::memcmp(&before, &c.state(), sizeof before) == 0;
  };
  SmootherState bad = good;
  bad.label = 18;  // not a class of the model
  EXPECT_TRUE(refused(bad));
  bad = good;
  bad.candidate = good.label;
  EXPECT_TRUE(refused(bad));
  bad = good;
  bad.candidate_count = 3;  // would have switched
  EXPECT_TRUE(refused(bad));
  bad = good;
  bad.candidate_sum_q8 = 256;  // more than 255 for one window
  EXPECT_TRUE(refused(bad));
  bad = good;
  bad.label_count = 0;
  EXPECT_TRUE(refused(bad));
  bad = good;
  bad.label_count = 17;
  EXPECT_TRUE(refused(bad));
  bad = good;
  bad.label_sum_q8 = 256;
  EXPECT_TRUE(refused(bad));
  bad = SmootherState{};
  bad.label_count = 1;  // no label, yet a mean
  EXPECT_TRUE(refused(bad));
  bad = SmootherState{};
  bad.candidate = kA;  // no label, yet a candidate
  EXPECT_TRUE(refused(bad));
}

// On random decision streams: after every window, if the last confirm_windows accepted decisions
// are all one class, that class is the label; and the label changes only on an accepted decision
// that completes such a run (or on the first accepted one).
TEST(Smoother, OnRandomStreamsTheLabelIsTheClassOfEveryCompletedRunOfConfirmWindows) {
  std::mt19937 rng(1234u);
  for (int c = 1; c <= 6; ++c) {
    Smoother<5> s(confirm(c, 40));
    std::vector<std::uint8_t> accepted;
    std::uniform_int_distribution<int> conf(0, 255);
    std::uniform_int_distribution<int> cls(0, 5);  // 5 is outside the model
    std::uniform_int_distribution<int> run(1, 2 * c + 1);
    int changes = 0;
    for (int window = 0; window < 20000;) {
      const auto k = static_cast<std::uint8_t>(cls(rng));
      for (int r = run(rng); r > 0; --r, ++window) {
        const auto q = static_cast<std::uint8_t>(conf(rng));
        const SmootherResult res = s.update(k, q);
        const bool is_accepted = k < 5 && q >= 40;
        if (is_accepted) accepted.push_back(k);
        bool run_complete = accepted.size() >= static_cast<std::size_t>(c);
        for (std::size_t j = 0; run_complete && j < static_cast<std::size_t>(c); ++j) {
          run_complete = accepted[accepted.size() - 1 - j] == accepted.back();
        }
        if (run_complete) {
          ASSERT_EQ(res.label, accepted.back()) << "window " << window;
        }
        if (res.changed) {
          ASSERT_TRUE(is_accepted);
          ASSERT_TRUE(run_complete || accepted.size() == 1) << "window " << window;
          ASSERT_NE(res.previous, res.label);
          ++changes;
        } else {
          ASSERT_EQ(res.previous, res.label);
        }
      }
    }
    EXPECT_GT(changes, 10) << "confirm " << c;
  }
}

}  // namespace classify
}  // namespace fusetrack
