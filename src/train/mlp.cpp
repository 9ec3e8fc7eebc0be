#include "train/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fusetrack/classify/fixed_point.hpp"

namespace fusetrack::train {

namespace {

// SplitMix64 (Steele, Lea, Flood 2014): a small generator whose sequence is fixed by its seed.
class Random {
 public:
  explicit Random(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double normal() {  // Box-Muller
    const double u1 = std::max(uniform(), 1e-300);
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

Eigen::MatrixXf standardized(const FloatMlp& m, const Eigen::MatrixXf& x,
                             const std::vector<std::size_t>& rows) {
  Eigen::MatrixXf z(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (Eigen::Index f = 0; f < x.cols(); ++f) {
      const float v = (x(static_cast<Eigen::Index>(rows[r]), f) - m.mean(f)) / m.sd(f);
      z(static_cast<Eigen::Index>(r), f) = std::clamp(v, -kInputClip, kInputClip);
    }
  }
  return z;
}

Eigen::MatrixXf forward_logits(const FloatMlp& m, const Eigen::MatrixXf& z) {
  Eigen::MatrixXf a = z;
  for (std::size_t l = 0; l < m.weight.size(); ++l) {
    Eigen::MatrixXf pre = a * m.weight[l].transpose();
    pre.rowwise() += m.bias[l].transpose();
    if (l + 1 < m.weight.size()) pre = pre.cwiseMax(0.0f);
    a = std::move(pre);
  }
  return a;
}

int argmax_row(const Eigen::MatrixXf& m, Eigen::Index r) {
  Eigen::Index best = 0;
  for (Eigen::Index c = 1; c < m.cols(); ++c) {
    if (m(r, c) > m(r, best)) best = c;
  }
  return static_cast<int>(best);
}

}  // namespace

std::string MlpConfig::describe() const {
  if (hidden.empty()) return "softmax regression";
  std::string s = "MLP";
  for (std::size_t i = 0; i < hidden.size(); ++i) s += (i ? "-" : " ") + std::to_string(hidden[i]);
  return s;
}

FloatMlp train_mlp(const Eigen::MatrixXf& x, const std::vector<int>& label,
                   const std::vector<std::size_t>& rows, int classes, const MlpConfig& config) {
  if (rows.empty()) throw std::invalid_argument("train_mlp: no training windows");
  const Eigen::Index F = x.cols();
  FloatMlp m;
  m.classes = classes;
  m.mean = Eigen::VectorXf::Zero(F);
  m.sd = Eigen::VectorXf::Zero(F);
  // Standardization from the training rows only (in double, then rounded once).
  for (Eigen::Index f = 0; f < F; ++f) {
    double s = 0.0, ss = 0.0;
    for (std::size_t r : rows) s += static_cast<double>(x(static_cast<Eigen::Index>(r), f));
    const double mean = s / static_cast<double>(rows.size());
    for (std::size_t r : rows) {
      const double d = static_cast<double>(x(static_cast<Eigen::Index>(r), f)) - mean;
      ss += d * d;
    }
    const double sd = std::sqrt(ss / static_cast<double>(rows.size()));
    m.mean(f) = static_cast<float>(mean);
    m.sd(f) = static_cast<float>(sd > 1e-6 ? sd : 1.0);
  }
  const Eigen::MatrixXf z = standardized(m, x, rows);

  Random rng(config.seed);
  std::vector<int> widths{static_cast<int>(F)};
  for (int h : config.hidden) widths.push_back(h);
  widths.push_back(classes);
  const std::size_t L = widths.size() - 1;
  std::vector<Eigen::MatrixXf> mw(L), vw(L);
  std::vector<Eigen::VectorXf> mb(L), vb(L);
  for (std::size_t l = 0; l < L; ++l) {
    Eigen::MatrixXf w(widths[l + 1], widths[l]);
    const double scale = std::sqrt(2.0 / widths[l]);  // He et al. 2015
    for (Eigen::Index i = 0; i < w.rows(); ++i) {
      for (Eigen::Index j = 0; j < w.cols(); ++j)
        w(i, j) = static_cast<float>(rng.normal() * scale);
    }
    m.weight.push_back(w);
    m.bias.push_back(Eigen::VectorXf::Zero(widths[l + 1]));
    mw[l] = Eigen::MatrixXf::Zero(w.rows(), w.cols());
    vw[l] = mw[l];
    mb[l] = Eigen::VectorXf::Zero(widths[l + 1]);
    vb[l] = mb[l];
  }

  // Class weights: 1 / share, normalised to mean 1 over the windows.
  std::vector<double> count(static_cast<std::size_t>(classes), 0.0);
  for (std::size_t r : rows) count[static_cast<std::size_t>(label[r])] += 1.0;
  std::vector<float> cw(static_cast<std::size_t>(classes), 1.0f);
  if (config.balance_classes) {
    const double n = static_cast<double>(rows.size());
    double present = 0.0;
    for (double c : count) present += c > 0.0 ? 1.0 : 0.0;
    for (std::size_t k = 0; k < cw.size(); ++k) {
      cw[k] = count[k] > 0.0 ? static_cast<float>(n / (present * count[k])) : 0.0f;
    }
  }

  const std::size_t n = rows.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
  long step = 0;
  const std::size_t B = static_cast<std::size_t>(config.batch);
  std::vector<Eigen::MatrixXf> acts(L + 1);
  for (int epoch = 0; epoch < config.epochs; ++epoch) {
    // Fisher-Yates with our own generator.
    for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    const double progress = static_cast<double>(epoch) / std::max(1, config.epochs - 1);
    const float lr =
        static_cast<float>(static_cast<double>(config.learning_rate) *
                           (0.05 + 0.95 * 0.5 * (1.0 + std::cos(3.141592653589793 * progress))));
    for (std::size_t start = 0; start < n; start += B) {
      const std::size_t nb = std::min(B, n - start);
      Eigen::MatrixXf a0(static_cast<Eigen::Index>(nb), F);
      Eigen::VectorXf w_row(static_cast<Eigen::Index>(nb));
      std::vector<int> y(nb);
      for (std::size_t i = 0; i < nb; ++i) {
        const std::size_t r = order[start + i];
        a0.row(static_cast<Eigen::Index>(i)) = z.row(static_cast<Eigen::Index>(r));
        y[i] = label[rows[r]];
        w_row(static_cast<Eigen::Index>(i)) = cw[static_cast<std::size_t>(y[i])];
      }
      const float wsum = std::max(w_row.sum(), 1e-6f);
      acts[0] = std::move(a0);
      for (std::size_t l = 0; l < L; ++l) {
        Eigen::MatrixXf pre = acts[l] * m.weight[l].transpose();
        pre.rowwise() += m.bias[l].transpose();
        if (l + 1 < L) pre = pre.cwiseMax(0.0f);
        acts[l + 1] = std::move(pre);
      }
      // Softmax cross-entropy gradient on the logits.
      Eigen::MatrixXf d = acts[L];
      for (Eigen::Index i = 0; i < d.rows(); ++i) {
        const float mx = d.row(i).maxCoeff();
        d.row(i) = (d.row(i).array() - mx).exp().matrix();
        d.row(i) /= d.row(i).sum();
        d(i, y[static_cast<std::size_t>(i)]) -= 1.0f;
        d.row(i) *= w_row(i) / wsum;
      }
      ++step;
      const float c1 = 1.0f - std::pow(b1, static_cast<float>(step));
      const float c2 = 1.0f - std::pow(b2, static_cast<float>(step));
      for (std::size_t l = L; l-- > 0;) {
        const Eigen::MatrixXf gw = d.transpose() * acts[l];
        const Eigen::VectorXf gb = d.colwise().sum().transpose();
        if (l > 0) {
          Eigen::MatrixXf dprev = d * m.weight[l];
          d = dprev.cwiseProduct((acts[l].array() > 0.0f).cast<float>().matrix());
        }
        mw[l] = b1 * mw[l] + (1.0f - b1) * gw;
        vw[l] = b2 * vw[l] + (1.0f - b2) * gw.cwiseProduct(gw);
        mb[l] = b1 * mb[l] + (1.0f - b1) * gb;
        vb[l] = b2 * vb[l] + (1.0f - b2) * gb.cwiseProduct(gb);
        m.weight[l].array() -= lr * ((mw[l].array() / c1) / ((vw[l].array() / c2).sqrt() + eps) +
                                     config.weight_decay * m.weight[l].array());
        m.bias[l].array() -= lr * (mb[l].array() / c1) / ((vb[l].array() / c2).sqrt() + eps);
      }
    }
  }
  return m;
}

std::vector<int> predict_float(const FloatMlp& m, const Eigen::MatrixXf& x,
                               const std::vector<std::size_t>& rows) {
  const Eigen::MatrixXf logits = forward_logits(m, standardized(m, x, rows));
  std::vector<int> out(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    out[r] = argmax_row(logits, static_cast<Eigen::Index>(r));
  return out;
}

const classify::QuantizedMlp& QuantizedMlpData::view() {
  layers.resize(weights.size());
  for (std::size_t l = 0; l < weights.size(); ++l) {
    classify::DenseLayer& d = layers[l];
    d.outputs = static_cast<std::uint16_t>(bias[l].size());
    d.inputs = static_cast<std::uint16_t>(weights[l].size() / bias[l].size());
    d.weights = weights[l].data();
    d.bias = bias[l].data();
    d.multiplier = multiplier[l].data();
    d.shift = shift[l].data();
    d.relu = l + 1 < weights.size();
  }
  mlp.inputs = static_cast<std::uint16_t>(input_offset.size());
  mlp.input_offset = input_offset.data();
  mlp.input_scale = input_scale.data();
  mlp.layers = layers.data();
  mlp.layer_count = static_cast<std::uint8_t>(layers.size());
  mlp.classes = layers.empty() ? 0 : static_cast<std::uint8_t>(layers.back().outputs);
  return mlp;
}

QuantizedMlpData quantize_mlp(const FloatMlp& m, const Eigen::MatrixXf& x,
                              const std::vector<std::size_t>& calibration) {
  QuantizedMlpData q;
  const Eigen::Index F = m.mean.size();
  for (Eigen::Index f = 0; f < F; ++f) {
    q.input_offset.push_back(m.mean(f));
    q.input_scale.push_back(kInputStepsPerSd / m.sd(f));
  }
  // Float activations over the calibration rows give each hidden layer's output scale.
  Eigen::MatrixXf a = standardized(m, x, calibration);
  double in_scale = 1.0 / static_cast<double>(kInputStepsPerSd);  // real value of one input step
  const std::size_t L = m.weight.size();
  for (std::size_t l = 0; l < L; ++l) {
    const Eigen::MatrixXf& w = m.weight[l];
    const bool last = l + 1 == L;
    Eigen::MatrixXf pre = a * w.transpose();
    pre.rowwise() += m.bias[l].transpose();
    double out_scale = 1.0 / static_cast<double>(1 << classify::kLogitFracBits);
    if (!last) {
      pre = pre.cwiseMax(0.0f);
      const double top = std::max(1e-6, static_cast<double>(pre.maxCoeff()));
      out_scale = top / 32767.0;
    }
    std::vector<std::int8_t> wq(static_cast<std::size_t>(w.size()));
    std::vector<std::int32_t> bq(static_cast<std::size_t>(w.rows())), mq(bq.size());
    std::vector<std::int8_t> sq(bq.size());
    for (Eigen::Index o = 0; o < w.rows(); ++o) {
      const double wmax = std::max(1e-12, static_cast<double>(w.row(o).cwiseAbs().maxCoeff()));
      const double ws = wmax / 127.0;
      for (Eigen::Index i = 0; i < w.cols(); ++i) {
        const double v = std::round(static_cast<double>(w(o, i)) / ws);
        wq[static_cast<std::size_t>(o * w.cols() + i)] =
            static_cast<std::int8_t>(std::clamp(v, -127.0, 127.0));
      }
      const double acc_scale = in_scale * ws;
      bq[static_cast<std::size_t>(o)] = static_cast<std::int32_t>(std::clamp(
          std::round(static_cast<double>(m.bias[l](o)) / acc_scale), -1073741824.0, 1073741824.0));
      std::int32_t mult = 0;
      int sh = 0;
      classify::quantize_multiplier(acc_scale / out_scale, mult, sh);
      mq[static_cast<std::size_t>(o)] = mult;
      sq[static_cast<std::size_t>(o)] = static_cast<std::int8_t>(sh);
    }
    q.weights.push_back(std::move(wq));
    q.bias.push_back(std::move(bq));
    q.multiplier.push_back(std::move(mq));
    q.shift.push_back(std::move(sq));
    a = std::move(pre);
    in_scale = out_scale;
  }
  q.view();
  return q;
}

std::vector<classify::MlpDecision> predict_quantized(QuantizedMlpData& q, const Eigen::MatrixXf& x,
                                                     const std::vector<std::size_t>& rows) {
  const classify::QuantizedMlp& mlp = q.view();
  std::vector<classify::MlpDecision> out(rows.size());
  std::vector<float> feat(static_cast<std::size_t>(x.cols()));
  std::vector<classify::MlpValue> xq(feat.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (Eigen::Index f = 0; f < x.cols(); ++f) {
      feat[static_cast<std::size_t>(f)] = x(static_cast<Eigen::Index>(rows[r]), f);
    }
    classify::quantize_input(mlp, feat.data(), xq.data());
    out[r] = classify::infer(mlp, xq.data());
  }
  return out;
}

}  // namespace fusetrack::train
