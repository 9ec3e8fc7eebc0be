// The float MLP trainer and its quantization: the same seed gives the same model bit for bit; a
// separable problem is learnt; the integer runtime's decisions agree with the float model's
// (>= 99 % identical) and its logits are within the quantization's tolerance.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "train/mlp.hpp"

namespace fusetrack::train {
namespace {

struct Problem {
  Eigen::MatrixXf x;
  std::vector<int> y;
  std::vector<std::size_t> rows;
};

// Three classes in 6 features with different scales and offsets (as real features have).
Problem problem(std::uint32_t seed, std::size_t n) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> g(0.0f, 1.0f);
  Problem p;
  p.x.resize(static_cast<Eigen::Index>(n), 6);
  for (std::size_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(i % 3);
    const Eigen::Index r = static_cast<Eigen::Index>(i);
    p.x(r, 0) = 9.8f + 0.5f * static_cast<float>(c) + 0.3f * g(rng);
    p.x(r, 1) = 100.0f * (c == 1 ? 1.0f : -1.0f) + 40.0f * g(rng);
    p.x(r, 2) = 0.01f * static_cast<float>(c * c) + 0.004f * g(rng);
    p.x(r, 3) = g(rng);
    p.x(r, 4) = g(rng) * g(rng);
    p.x(r, 5) = (c == 2 ? 3.0f : 0.0f) + g(rng);
    p.y.push_back(c);
    p.rows.push_back(i);
  }
  return p;
}

MlpConfig small() {
  MlpConfig c;
  c.hidden = {12};
  c.epochs = 15;
  return c;
}

TEST(Mlp, SameSeedGivesTheSameModelBitForBit) {
  const Problem p = problem(1, 600);
  const FloatMlp a = train_mlp(p.x, p.y, p.rows, 3, small());
  const FloatMlp b = train_mlp(p.x, p.y, p.rows, 3, small());
  ASSERT_EQ(a.weight.size(), b.weight.size());
  for (std::size_t l = 0; l < a.weight.size(); ++l) {
    EXPECT_EQ(0, std::memcmp(a.weight[l].data(), b.weight[l].data(),
                             sizeof(float) * static_cast<std::size_t>(a.weight[l].size())));
    EXPECT_EQ(0, std::memcmp(a.bias[l].data(), b.bias[l].data(),
                             sizeof(float) * static_cast<std::size_t>(a.bias[l].size())));
  }
  MlpConfig other = small();
  other.seed += 1;
  const FloatMlp c = train_mlp(p.x, p.y, p.rows, 3, other);
  EXPECT_NE(0, std::memcmp(a.weight[0].data(), c.weight[0].data(),
                           sizeof(float) * static_cast<std::size_t>(a.weight[0].size())));
}

TEST(Mlp, LearnsASeparableProblemAndTheIntegerModelAgrees) {
  const Problem train = problem(2, 1500);
  const Problem test = problem(3, 900);
  for (const std::vector<int>& hidden :
       {std::vector<int>{}, std::vector<int>{12}, std::vector<int>{16, 8}}) {
    MlpConfig cfg = small();
    cfg.hidden = hidden;
    const FloatMlp m = train_mlp(train.x, train.y, train.rows, 3, cfg);
    QuantizedMlpData q = quantize_mlp(m, train.x, train.rows);
    const std::vector<int> f = predict_float(m, test.x, test.rows);
    const std::vector<classify::MlpDecision> d = predict_quantized(q, test.x, test.rows);
    std::size_t same = 0, right_f = 0, right_q = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
      same += f[i] == d[i].cls;
      right_f += f[i] == test.y[i];
      right_q += d[i].cls == test.y[i];
    }
    const double n = static_cast<double>(f.size());
    const double acc_f = static_cast<double>(right_f) / n;
    const double acc_q = static_cast<double>(right_q) / n;
    EXPECT_GT(acc_f, 0.95) << cfg.describe();
    EXPECT_GE(static_cast<double>(same) / n, 0.99) << cfg.describe();
    EXPECT_NEAR(acc_q, acc_f, 0.005) << cfg.describe();
  }
}

TEST(Mlp, IntegerLogitsFollowTheFloatLogits) {
  const Problem p = problem(4, 900);
  const FloatMlp m = train_mlp(p.x, p.y, p.rows, 3, small());
  QuantizedMlpData q = quantize_mlp(m, p.x, p.rows);
  const classify::QuantizedMlp& mlp = q.view();
  double worst = 0.0, scale = 0.0;
  for (std::size_t i = 0; i < 200; ++i) {
    std::vector<float> x(6);
    for (int f = 0; f < 6; ++f)
      x[static_cast<std::size_t>(f)] = p.x(static_cast<Eigen::Index>(i), f);
    // Float reference of the logits.
    Eigen::VectorXf z(6);
    for (int f = 0; f < 6; ++f) {
      z(f) = std::clamp((x[static_cast<std::size_t>(f)] - m.mean(f)) / m.sd(f), -kInputClip,
                        kInputClip);
    }
    Eigen::VectorXf h = (m.weight[0] * z + m.bias[0]).cwiseMax(0.0f);
    Eigen::VectorXf logits = m.weight[1] * h + m.bias[1];
    classify::MlpValue xq[6];
    classify::quantize_input(mlp, x.data(), xq);
    std::int32_t li[3];
    ASSERT_TRUE(classify::infer_logits(mlp, xq, li));
    for (int k = 0; k < 3; ++k) {
      const double qv = li[k] / static_cast<double>(1 << classify::kLogitFracBits);
      worst = std::max(worst, std::fabs(qv - static_cast<double>(logits(k))));
      scale = std::max(scale, static_cast<double>(std::fabs(logits(k))));
    }
  }
  // int8 weights and activations: a few per cent of the logits' range.
  EXPECT_LT(worst, 0.05 * scale + 0.2);
}

}  // namespace
}  // namespace fusetrack::train
