#include "eval/classification_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "report/text_cells.hpp"

namespace fusetrack::eval {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(std::size_t num, std::size_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

// `v` with printf's `format`, or "n/a" when it is not finite.
std::string number(const char* format, double v) { return report::number_text(format, v, "n/a"); }

using report::pad_left;
using report::pad_right;

}  // namespace

ClassificationReport score_classification(const std::vector<std::string>& class_names,
                                          const std::vector<std::string>& subject_names,
                                          const std::vector<int>& truth,
                                          const std::vector<int>& predicted,
                                          const std::vector<std::size_t>& subject_of_window) {
  const std::size_t k = class_names.size();
  const std::size_t n = truth.size();
  if (predicted.size() != n || subject_of_window.size() != n) {
    throw std::invalid_argument("score_classification: " + std::to_string(n) + " truths, " +
                                std::to_string(predicted.size()) + " predictions and " +
                                std::to_string(subject_of_window.size()) +
                                " subjects (one of each per window)");
  }
  const auto check_class = [&](int c, std::size_t i, const char* what) {
    if (c < 0 || static_cast<std::size_t>(c) >= k) {
      throw std::invalid_argument("score_classification: window " + std::to_string(i) + ": " +
                                  what + " class " + std::to_string(c) + " is not in 0.." +
                                  std::to_string(k) + " - 1");
    }
  };

  ClassificationReport r;
  r.class_names = class_names;
  r.confusion.assign(k, std::vector<std::size_t>(k, 0));
  r.windows = n;
  std::vector<std::size_t> subject_windows(subject_names.size(), 0);
  std::vector<std::size_t> subject_correct(subject_names.size(), 0);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < n; ++i) {
    check_class(truth[i], i, "true");
    check_class(predicted[i], i, "predicted");
    if (subject_of_window[i] >= subject_names.size()) {
      throw std::invalid_argument("score_classification: window " + std::to_string(i) +
                                  ": subject " + std::to_string(subject_of_window[i]) +
                                  " is not in 0.." + std::to_string(subject_names.size()) + " - 1");
    }
    const auto t = static_cast<std::size_t>(truth[i]);
    const auto p = static_cast<std::size_t>(predicted[i]);
    ++r.confusion[t][p];
    const bool hit = t == p;
    correct += hit ? 1 : 0;
    ++subject_windows[subject_of_window[i]];
    subject_correct[subject_of_window[i]] += hit ? 1 : 0;
  }
  r.accuracy = n == 0 ? kNaN : ratio(correct, n);

  double f1_sum = 0.0;
  std::size_t f1_classes = 0;
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t column = 0;
    for (std::size_t t = 0; t < k; ++t) column += r.confusion[t][c];
    ClassScore s;
    s.name = class_names[c];
    s.support = std::accumulate(r.confusion[c].begin(), r.confusion[c].end(), std::size_t{0});
    s.precision = ratio(r.confusion[c][c], column);
    s.recall = ratio(r.confusion[c][c], s.support);
    const double pr = s.precision + s.recall;
    s.f1 = pr > 0.0 ? 2.0 * s.precision * s.recall / pr : 0.0;
    if (s.support > 0) {
      f1_sum += s.f1;
      ++f1_classes;
    }
    r.per_class.push_back(s);
  }
  r.macro_f1 = f1_classes == 0 ? kNaN : f1_sum / static_cast<double>(f1_classes);

  std::vector<double> acc;
  for (std::size_t s = 0; s < subject_names.size(); ++s) {
    if (subject_windows[s] == 0) continue;
    const double a = ratio(subject_correct[s], subject_windows[s]);
    r.per_subject.push_back(SubjectScore{subject_names[s], subject_windows[s], a});
    acc.push_back(a);
  }
  const std::size_t m = acc.size();
  if (m == 0) {
    r.subject_mean = r.subject_sd = r.subject_median = r.subject_min = kNaN;
    return r;
  }
  r.subject_mean = std::accumulate(acc.begin(), acc.end(), 0.0) / static_cast<double>(m);
  double ss = 0.0;
  for (const double a : acc) ss += (a - r.subject_mean) * (a - r.subject_mean);
  r.subject_sd = m > 1 ? std::sqrt(ss / static_cast<double>(m - 1)) : kNaN;
  std::sort(acc.begin(), acc.end());
  r.subject_median = m % 2 == 1 ? acc[m / 2] : 0.5 * (acc[m / 2 - 1] + acc[m / 2]);
  r.subject_min = acc.front();
  return r;
}

report::Json to_json(const ClassificationReport& r) {
  using report::Json;
  using report::number_or_null;
  Json j = Json::object();
  j["accuracy"] = number_or_null(r.accuracy);
  j["macro_f1"] = number_or_null(r.macro_f1);
  Json classes = Json::array();
  for (const ClassScore& c : r.per_class) {
    Json o = Json::object();
    o["name"] = c.name;
    o["f1"] = number_or_null(c.f1);
    o["precision"] = number_or_null(c.precision);
    o["recall"] = number_or_null(c.recall);
    o["support"] = c.support;
    classes.push_back(std::move(o));
  }
  j["per_class"] = std::move(classes);
  Json confusion = Json::array();
  for (const std::vector<std::size_t>& row : r.confusion) {
    Json jr = Json::array();
    for (const std::size_t v : row) jr.push_back(v);
    confusion.push_back(std::move(jr));
  }
  j["confusion"] = std::move(confusion);
  j["windows"] = r.windows;
  Json subjects = Json::array();
  for (const SubjectScore& s : r.per_subject) {
    Json o = Json::object();
    o["subject"] = s.subject;
    o["windows"] = s.windows;
    o["accuracy"] = number_or_null(s.accuracy);
    subjects.push_back(std::move(o));
  }
  j["per_subject"] = std::move(subjects);
  Json stats = Json::object();
  stats["mean"] = number_or_null(r.subject_mean);
  stats["sd"] = number_or_null(r.subject_sd);
  stats["median"] = number_or_null(r.subject_median);
  stats["min"] = number_or_null(r.subject_min);
  j["subject_accuracy"] = std::move(stats);
  return j;
}

std::string format_report(const ClassificationReport& r) {
  std::size_t correct = 0;
  for (std::size_t c = 0; c < r.confusion.size(); ++c) correct += r.confusion[c][c];
  std::string out;
  out += "accuracy   " + number("%.4f", r.accuracy) + "  (" + std::to_string(correct) + " of " +
         std::to_string(r.windows) + " windows)\n";
  out += "macro-F1   " + number("%.4f", r.macro_f1) + "\n";
  std::string worst;
  for (const SubjectScore& s : r.per_subject) {
    if (s.accuracy == r.subject_min) {
      worst = s.subject;
      break;
    }
  }
  out += "per-subject accuracy  " + number("%.3f", r.subject_mean) + " \u00b1 " +
         number("%.3f", r.subject_sd) + "  (median " + number("%.3f", r.subject_median) + ", min " +
         number("%.3f", r.subject_min) + (worst.empty() ? "" : " for " + worst) + ") over " +
         std::to_string(r.per_subject.size()) + " subjects\n\n";

  std::size_t name_w = 5;  // "class"
  for (const std::string& name : r.class_names) name_w = std::max(name_w, name.size());
  out += pad_right("class", name_w) + "  precision  recall      F1  support\n";
  for (const ClassScore& c : r.per_class) {
    out += pad_right(c.name, name_w) + "  " + pad_left(number("%.3f", c.precision), 9) + "  " +
           pad_left(number("%.3f", c.recall), 6) + "  " + pad_left(number("%.3f", c.f1), 6) + "  " +
           pad_left(std::to_string(c.support), 7) + "\n";
  }

  // Columns are numbered like the rows, so 18 long names still fit on a terminal line.
  const std::size_t k = r.class_names.size();
  std::size_t cell_w = std::to_string(k > 0 ? k - 1 : 0).size();
  for (const std::vector<std::size_t>& row : r.confusion) {
    for (const std::size_t v : row) cell_w = std::max(cell_w, std::to_string(v).size());
  }
  const std::size_t index_w = std::to_string(k > 0 ? k - 1 : 0).size();
  const std::size_t label_w = index_w + 1 + name_w;
  out += "\nconfusion (rows = truth, columns = predicted, numbered as the rows)\n";
  out += std::string(label_w, ' ');
  for (std::size_t c = 0; c < k; ++c) out += " " + pad_left(std::to_string(c), cell_w);
  out += "\n";
  for (std::size_t t = 0; t < k; ++t) {
    out += pad_left(std::to_string(t), index_w) + " " + pad_right(r.class_names[t], name_w);
    for (std::size_t c = 0; c < k; ++c) {
      out += " " + pad_left(std::to_string(r.confusion[t][c]), cell_w);
    }
    out += "\n";
  }
  return out;
}

}  // namespace fusetrack::eval
