// Scores of a window classifier against the truth: confusion matrix, accuracy, per-class
// precision / recall / F1, macro-F1, and accuracy per subject with its spread over subjects (the
// figures the activity datasets' READMEs ask for), as a table and as JSON.
//
// Definitions (n = windows, C = confusion, rows = truth, columns = predicted):
//   accuracy          = trace(C) / n
//   precision of c    = C[c][c] / (column c's sum), 0 when nothing was predicted as c
//   recall of c       = C[c][c] / (row c's sum = support), 0 when c has no support
//   F1 of c           = 2 P R / (P + R), 0 when P + R = 0 (so 0 for a class that has neither
//                       support nor predictions)
//   macro-F1          = mean F1 over the classes with support > 0: a class absent from the
//                       truth (e.g. in one subject's fold) is left out, even if it was predicted
//                       (those false predictions still lower the other classes' recall)
//   per-subject       = accuracy over each subject's windows; subjects without windows are left
//                       out of per_subject and of the statistics
//   subject_mean / _sd / _median / _min over those subjects; sd is the sample s.d. (n - 1)
// A figure without data (no windows; sd of one subject) is NaN, written null in JSON.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/json.hpp"

namespace fusetrack::eval {

struct ClassScore {
  std::string name;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  std::size_t support = 0;  // windows whose truth is this class
};

struct SubjectScore {
  std::string subject;
  std::size_t windows = 0;
  double accuracy = 0;
};

struct ClassificationReport {
  std::vector<std::string> class_names;
  std::vector<std::vector<std::size_t>> confusion;  // [truth][predicted], class_names' order
  std::size_t windows = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  std::vector<ClassScore> per_class;      // class_names' order
  std::vector<SubjectScore> per_subject;  // subject_names' order, subjects with windows only
  double subject_mean = 0;
  double subject_sd = 0;  // sample s.d. (n - 1)
  double subject_median = 0;
  double subject_min = 0;
};

// Scores window i as truth[i] against predicted[i] (class indices into class_names), for subject
// subject_of_window[i] (index into subject_names). Throws std::invalid_argument when the three
// vectors differ in length or an index is out of range.
ClassificationReport score_classification(const std::vector<std::string>& class_names,
                                          const std::vector<std::string>& subject_names,
                                          const std::vector<int>& truth,
                                          const std::vector<int>& predicted,
                                          const std::vector<std::size_t>& subject_of_window);

// Keys, in this order: accuracy, macro_f1, per_class [{name, f1, precision, recall, support}],
// confusion (rows = truth), windows, per_subject [{subject, windows, accuracy}],
// subject_accuracy {mean, sd, median, min}. NaN is null. (report::Json keeps this key order; it
// converts to nlohmann::json where a caller needs that type.)
report::Json to_json(const ClassificationReport& report);

// A text table: accuracy, macro-F1, per-subject accuracy mean ± sd (median, min), per-class
// precision / recall / F1 / support, and the confusion matrix (rows = truth, columns numbered as
// the rows), one line each, ending in a newline.
std::string format_report(const ClassificationReport& report);

}  // namespace fusetrack::eval
