// Builders of tiny activity-dataset folders in the layouts of sp-sw-har, uci-hapt and wisdm (see
// each README.md), written into a temporary folder, for the loader tests.
#pragma once

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "../io/io_test_util.hpp"
#include "io/csv.hpp"

namespace fusetrack::train::testing {

using io::testing::TempDir;
using io::testing::write_gzip;
using io::testing::write_text;

inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// A temporary dataset folder; dir() is its path, write() puts a file (making sub-folders).
class DatasetFolder {
 public:
  std::string dir() const { return tmp_.file("data"); }
  std::string path(const std::string& relative) const { return dir() + "/" + relative; }
  void write(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(path(relative)).parent_path());
    write_text(path(relative), text);
  }
  void write_gz(const std::string& relative, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(path(relative)).parent_path());
    write_gzip(path(relative), text);
  }

 private:
  TempDir tmp_;
};

// ---- sp-sw-har ------------------------------------------------------------------------------

inline const char* kSpSwHarHeader =
    "t_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s,label\n";

// A device file: row i has t_s = t_s[i] (or i * 0.01 s when t_s is empty), acc (i, -1, 9.81),
// gyr (0.5, 0, -0.25) and labels[i].
inline std::string sp_sw_file(const std::vector<std::string>& labels,
                              const std::vector<double>& t_s = {}) {
  std::string s = kSpSwHarHeader;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double t = t_s.empty() ? 0.01 * static_cast<double>(i) : t_s[i];
    s += fmt("%.9g", t) + "," + std::to_string(i) + ",-1.0,9.81,0.5,0.0,-0.25," + labels[i] + "\n";
  }
  return s;
}

// `n` copies of `label`.
inline std::vector<std::string> repeat(const std::string& label, std::size_t n) {
  return std::vector<std::string>(n, label);
}

inline std::vector<std::string> concat(std::vector<std::string> a,
                                       const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One execution: its executions.csv row and both device files (watch: `watch`, phone: `phone`).
struct SpSwExecution {
  std::string subject;
  std::string execution;
  std::vector<std::string> phone;
  std::vector<std::string> watch;
};

inline void write_sp_sw_har(const DatasetFolder& folder, const std::vector<SpSwExecution>& ex) {
  std::string index =
      "execution_id,subject_id,t0_unix_ms,phone_orientation,first_turn,second_turn,n_samples_sp,"
      "n_samples_sw\n";
  for (const SpSwExecution& e : ex) {
    index += e.execution + "," + e.subject + ",1657533977810,back,l,r," +
             std::to_string(e.phone.size()) + "," + std::to_string(e.watch.size()) + "\n";
    folder.write(e.subject + "/" + e.execution + "_sp.csv", sp_sw_file(e.phone));
    folder.write(e.subject + "/" + e.execution + "_sw.csv", sp_sw_file(e.watch));
  }
  folder.write("executions.csv", index);
}

// ---- uci-hapt -------------------------------------------------------------------------------

inline const char* kHaptHeader =
    "t_s,acc_x_mg,acc_y_mg,acc_z_mg,gyr_x_mrad_s,gyr_y_mrad_s,gyr_z_mrad_s\n";

// A recording of `n` rows at 50 Hz: t_s = (k - 1) / 50 for sample k, acc (1000, -170, -50) mg,
// gyr (1500.0, -2.5, 0.1) mrad/s.
inline std::string hapt_file(std::size_t n) {
  std::string s = kHaptHeader;
  for (std::size_t i = 0; i < n; ++i) {
    s += fmt("%.2f", static_cast<double>(i) / 50.0) + ",1000,-170,-50,1500.0,-2.5,0.1\n";
  }
  return s;
}

struct HaptRecording {
  int exp = 1;
  int user = 1;
  std::size_t n_samples = 0;
};
struct HaptSegment {
  int exp = 1;
  int user = 1;
  int activity = 1;
  std::size_t start = 1;  // 1-based inclusive
  std::size_t end = 1;
};

inline std::string hapt_name(int exp, int user) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "exp%02d_user%02d.csv", exp, user);
  return buf;
}

inline void write_uci_hapt(const DatasetFolder& folder, const std::vector<HaptRecording>& recs,
                           const std::vector<HaptSegment>& segments) {
  std::string index = "exp,user,file,n_samples\n";
  for (const HaptRecording& r : recs) {
    index += std::to_string(r.exp) + "," + std::to_string(r.user) + "," + hapt_name(r.exp, r.user) +
             "," + std::to_string(r.n_samples) + "\n";
    folder.write(hapt_name(r.exp, r.user), hapt_file(r.n_samples));
  }
  folder.write("recordings.csv", index);
  std::string labels = "exp,user,activity,start_sample,end_sample\n";
  for (const HaptSegment& s : segments) {
    labels += std::to_string(s.exp) + "," + std::to_string(s.user) + "," +
              std::to_string(s.activity) + "," + std::to_string(s.start) + "," +
              std::to_string(s.end) + "\n";
  }
  folder.write("labels.csv", labels);
}

// ---- wisdm ----------------------------------------------------------------------------------

inline const char* kWisdmHeader =
    "t_s,acc_x_m_s2,acc_y_m_s2,acc_z_m_s2,gyr_x_rad_s,gyr_y_rad_s,gyr_z_rad_s,label\n";

// Time stamps from `from_s` to `to_s` (both included) every `step_s`, in whole µs.
inline std::vector<double> stamps(double from_s, double to_s, double step_s) {
  std::vector<double> t;
  const auto n = static_cast<std::size_t>((to_s - from_s) / step_s + 1e-6);
  for (std::size_t i = 0; i <= n; ++i) t.push_back(from_s + step_s * static_cast<double>(i));
  return t;
}

inline std::vector<double> join(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline std::string wisdm_file(const std::vector<double>& t_s, const std::string& label) {
  std::string s = kWisdmHeader;
  for (const double t : t_s) s += fmt("%.6f", t) + ",0.1,-3.5,8.7,0.0,0.01,-0.02," + label + "\n";
  return s;
}

struct WisdmFile {
  std::string subject;
  char code = 'A';
  std::string label;
  std::vector<double> t_s;
};

// files.csv and the data files (gzip'd, as in the dataset).
inline void write_wisdm(const DatasetFolder& folder, const std::vector<WisdmFile>& files) {
  std::string index =
      "file,subject_id,activity_code,label,n_samples,duration_s,t0_boot_ns,median_dt_ms,"
      "n_dt_under_20ms,n_dt_over_100ms,max_dt_s,acc_only_dropped,gyr_only_dropped\n";
  for (const WisdmFile& f : files) {
    const std::string name = "s" + f.subject + "/s" + f.subject + "_" + f.code + ".csv.gz";
    index += name + "," + f.subject + "," + f.code + "," + f.label + "," +
             std::to_string(f.t_s.size()) + ",180.0,90426757696641,49.9,0,0,0.05,0,0\n";
    folder.write_gz(name, wisdm_file(f.t_s, f.label));
  }
  folder.write("files.csv", index);
}

// The ParseError `load` throws (a failure when it throws none).
template <typename Load>
io::ParseError parse_error_of(const Load& load) {
  try {
    load();
  } catch (const io::ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ParseError";
  return io::ParseError("", 0, 0, "", "");
}

}  // namespace fusetrack::train::testing
