// The host side for Python: recording and truth files as NumPy arrays, a recording's day (the
// timeline of `fusetrack run`, its summary and events, and the same three files), the summary
// rows of `fusetrack replay` (one recording, or many on oneTBB threads) and the simulator. Every
// long call releases the GIL. Errors: a malformed file raises fusetrack.RecordingError (a
// ValueError) whose message names the file, line and column; a missing file FileNotFoundError.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "eval/parallel_in_order.hpp"
#include "io/csv.hpp"
#include "io/recording.hpp"
#include "io/truth_csv.hpp"
#include "python/binding.hpp"
#include "replay/corpus.hpp"
#include "replay/day.hpp"
#include "replay/replay.hpp"
#include "report/json.hpp"
#include "sim/sim_files.hpp"

namespace py = pybind11;

namespace fusetrack::python {
namespace {

PyObject* g_recording_error = nullptr;

// nlohmann JSON -> Python objects (dict keys keep their order).
py::object to_python(const report::Json& j) {
  switch (j.type()) {
    case report::Json::value_t::null:
      return py::none();
    case report::Json::value_t::boolean:
      return py::bool_(j.get<bool>());
    case report::Json::value_t::number_integer:
      return py::int_(j.get<std::int64_t>());
    case report::Json::value_t::number_unsigned:
      return py::int_(j.get<std::uint64_t>());
    case report::Json::value_t::number_float:
      return py::float_(j.get<double>());
    case report::Json::value_t::string:
      return py::str(j.get<std::string>());
    case report::Json::value_t::array: {
      py::list l;
      for (const report::Json& v : j) l.append(to_python(v));
      return std::move(l);
    }
    case report::Json::value_t::object: {
      py::dict d;
      for (auto it = j.begin(); it != j.end(); ++it) d[py::str(it.key())] = to_python(it.value());
      return std::move(d);
    }
    default:
      return py::none();
  }
}

template <typename T>
py::array_t<T> array_of(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

// (N, cols) float32 array from a flat vector.
py::array_t<float> matrix_of(const std::vector<float>& v, std::size_t cols) {
  const std::size_t n = cols == 0 ? 0 : v.size() / cols;
  py::array_t<float> a({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(cols)});
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

// What the replays take from Python keyword arguments.
replay::ReplayOptions replay_options(const py::object& settings, bool falls,
                                     const std::string& filter, bool use_mag, bool skip_bad_rows,
                                     bool step_events = false) {
  replay::ReplayOptions o;
  o.filter = replay::filter_kind(filter);  // std::invalid_argument -> ValueError
  o.use_mag = use_mag;
  o.falls = falls;
  o.reader.skip_bad_rows = skip_bad_rows;
  o.step_events = step_events;
  if (!settings.is_none()) {
    const auto s = settings.cast<TrackerSettings>();
    raise_if_invalid(s);
    o.settings = s;
  }
  return o;
}

// ---- read_recording -------------------------------------------------------------------------

struct RecordingArrays {
  io::RecordingHeader header;
  io::Metadata metadata;
  io::ReadReport report;
  std::vector<std::int64_t> imu_t, mag_t, ppg_t;
  std::vector<float> acc, gyr, mag, ppg, ambient;
  std::vector<std::uint8_t> order;
};

RecordingArrays read_arrays(const std::string& path, bool skip_bad_rows) {
  io::ReaderOptions ro;
  ro.skip_bad_rows = skip_bad_rows;
  io::RecordingReader reader(path, ro);
  RecordingArrays r;
  r.header = reader.header();
  r.metadata = reader.metadata();
  io::Record rec;
  while (reader.next(rec)) {
    r.order.push_back(static_cast<std::uint8_t>(rec.kind()));
    if (const auto* s = std::get_if<ImuSample>(&rec.sample)) {
      r.imu_t.push_back(s->t_us);
      for (int k = 0; k < 3; ++k) r.acc.push_back(s->acc_m_s2[k]);
      if (r.header.imu_has_gyr) {
        for (int k = 0; k < 3; ++k) r.gyr.push_back(s->gyr_rad_s[k]);
      }
    } else if (const auto* m = std::get_if<MagSample>(&rec.sample)) {
      r.mag_t.push_back(m->t_us);
      for (int k = 0; k < 3; ++k) r.mag.push_back(m->mag_ut[k]);
    } else {
      const auto& p = std::get<PpgSample>(rec.sample);
      r.ppg_t.push_back(p.t_us);
      for (std::uint8_t c = 0; c < r.header.ppg_channels; ++c) r.ppg.push_back(p.ppg[c]);
      if (r.header.ppg_ambient) r.ambient.push_back(p.ambient);
    }
  }
  r.report = reader.report();
  return r;
}

py::dict report_dict(const io::ReadReport& report) {
  py::dict rows, skipped;
  for (std::size_t k = 0; k < io::kStreamKindCount; ++k) {
    rows[io::stream_name(static_cast<io::StreamKind>(k))] = report.rows[k];
  }
  for (std::size_t k = 0; k < io::kSkipReasonCount; ++k) {
    skipped[io::skip_reason_name(static_cast<io::SkipReason>(k))] = report.skipped[k];
  }
  py::dict d;
  d["rows"] = rows;
  d["skipped"] = skipped;
  d["messages"] = report.messages;
  return d;
}

py::dict read_recording(const std::string& path, bool skip_bad_rows) {
  RecordingArrays r;
  {
    py::gil_scoped_release release;
    r = read_arrays(path, skip_bad_rows);
  }
  py::dict header;
  header["has_imu"] = r.header.has_imu;
  header["imu_has_gyr"] = r.header.has_imu && r.header.imu_has_gyr;
  header["has_mag"] = r.header.has_mag;
  header["ppg_channels"] = r.header.ppg_channels;
  header["ppg_ambient"] = r.header.ppg_ambient;
  header["columns"] = r.header.column_names();
  py::dict d;
  d["path"] = path;
  d["header"] = header;
  py::list metadata;
  for (const auto& [k, v] : r.metadata) metadata.append(py::make_tuple(k, v));
  d["metadata"] = metadata;
  if (r.header.has_imu) {
    py::dict imu;
    imu["t_us"] = array_of(r.imu_t);
    imu["acc_m_s2"] = matrix_of(r.acc, 3);
    imu["gyr_rad_s"] = r.header.imu_has_gyr ? py::object(matrix_of(r.gyr, 3)) : py::none();
    d["imu"] = imu;
  } else {
    d["imu"] = py::none();
  }
  if (r.header.has_mag) {
    py::dict mag;
    mag["t_us"] = array_of(r.mag_t);
    mag["mag_ut"] = matrix_of(r.mag, 3);
    d["mag"] = mag;
  } else {
    d["mag"] = py::none();
  }
  if (r.header.has_ppg()) {
    py::dict ppg;
    ppg["t_us"] = array_of(r.ppg_t);
    ppg["ppg"] = matrix_of(r.ppg, r.header.ppg_channels);
    ppg["ambient"] = r.header.ppg_ambient ? py::object(array_of(r.ambient)) : py::none();
    d["ppg"] = ppg;
  } else {
    d["ppg"] = py::none();
  }
  d["order"] = array_of(r.order);
  d["report"] = report_dict(r.report);
  return d;
}

// ---- read_truth -----------------------------------------------------------------------------

py::dict read_truth(const std::string& path) {
  io::Truth t;
  io::TruthMetadata metadata;
  {
    py::gil_scoped_release release;
    t = io::read_truth_csv(path, &metadata);
  }
  std::vector<std::int64_t> pose_t;
  std::vector<double> q;
  std::vector<std::string> activity;
  pose_t.reserve(t.pose.size());
  q.reserve(4 * t.pose.size());
  for (const io::PoseTruth& p : t.pose) {
    pose_t.push_back(p.t_us);
    q.insert(q.end(), {p.q_es.w(), p.q_es.x(), p.q_es.y(), p.q_es.z()});
  }
  py::array_t<double> qa({static_cast<py::ssize_t>(t.pose.size()), py::ssize_t{4}});
  std::copy(q.begin(), q.end(), qa.mutable_data());
  py::dict pose;
  pose["t_us"] = array_of(pose_t);
  pose["q_es"] = qa;
  std::vector<std::int64_t> hr_t;
  std::vector<double> hr;
  for (const io::HeartRateTruth& h : t.heart_rate) {
    hr_t.push_back(h.t_us);
    hr.push_back(h.heart_rate_bpm);
  }
  py::dict heart;
  heart["t_us"] = array_of(hr_t);
  heart["bpm"] = array_of(hr);
  py::list segments;
  for (const io::SegmentTruth& s : t.segments) {
    py::dict seg;
    seg["start_us"] = s.start_us;
    seg["end_us"] = s.end_us;
    seg["activity"] = io::activity_name(s.activity);
    seg["cadence_spm"] = s.cadence_spm;
    seg["heart_rate_bpm"] = s.heart_rate_bpm;
    segments.append(seg);
  }
  py::list events;
  for (const io::MotionEventTruth& e : t.events) {
    py::dict ev;
    ev["kind"] = io::motion_kind_name(e.kind);
    ev["start_us"] = e.start_us;
    ev["impact_us"] = e.impact_us;
    ev["end_us"] = e.end_us;
    ev["peak_g"] = e.peak_g;
    ev["is_fall"] = e.is_fall;
    events.append(ev);
  }
  py::dict d;
  d["path"] = path;
  d["pose"] = pose;
  d["steps_us"] = array_of(t.steps_us);
  d["heart_rate"] = heart;
  d["segments"] = segments;
  d["events"] = events;
  py::list md;
  for (const auto& [k, v] : metadata) md.append(py::make_tuple(k, v));
  d["metadata"] = md;
  return d;
}

// ---- a recording's day ------------------------------------------------------------------------

// The timeline's columns as arrays, full precision (the CSV rounds them), in
// replay::timeline_columns() order.
py::dict timeline_arrays(const replay::DayTimeline& day) {
  const std::size_t n = day.seconds.size();
  std::vector<double> t_s(n), activity_confidence(n), cadence(n), distance(n), heart_bpm(n),
      roll(n), pitch(n), yaw(n), roll_min(n), roll_max(n), pitch_min(n), pitch_max(n), met(n),
      kcal_per_min(n), kcal_total(n);
  std::vector<std::uint64_t> steps_total(n), steps(n), events(n);
  std::vector<std::uint8_t> walking(n), heart_valid(n);
  py::list activity, wear, heart_reason;
  for (std::size_t i = 0; i < n; ++i) {
    const replay::DaySecond& r = day.seconds[i];
    t_s[i] = r.t_s;
    activity.append(r.activity);
    activity_confidence[i] = static_cast<double>(r.activity_confidence);
    wear.append(r.wear);
    walking[i] = r.walking ? 1 : 0;
    steps_total[i] = r.steps_total;
    steps[i] = r.steps;
    cadence[i] = static_cast<double>(r.cadence_spm);
    distance[i] = r.distance_m;
    heart_valid[i] = r.heart_valid ? 1 : 0;
    heart_bpm[i] = static_cast<double>(r.heart_bpm);
    heart_reason.append(r.heart_reason);
    roll[i] = static_cast<double>(r.roll_deg);
    pitch[i] = static_cast<double>(r.pitch_deg);
    yaw[i] = static_cast<double>(r.yaw_deg);
    roll_min[i] = static_cast<double>(r.roll_min_deg);
    roll_max[i] = static_cast<double>(r.roll_max_deg);
    pitch_min[i] = static_cast<double>(r.pitch_min_deg);
    pitch_max[i] = static_cast<double>(r.pitch_max_deg);
    met[i] = static_cast<double>(r.met);
    kcal_per_min[i] = static_cast<double>(r.kcal_per_min);
    kcal_total[i] = r.kcal_total;
    events[i] = r.events;
  }
  const auto as_bool = [](const std::vector<std::uint8_t>& v) {
    py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
    bool* p = a.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) p[i] = v[i] != 0;
    return a;
  };
  py::dict d;
  d["t_s"] = array_of(t_s);
  d["activity"] = activity;
  d["activity_confidence"] = array_of(activity_confidence);
  d["wear"] = wear;
  d["walking"] = as_bool(walking);
  d["steps_total"] = array_of(steps_total);
  d["steps"] = array_of(steps);
  d["cadence_spm"] = array_of(cadence);
  d["distance_m"] = array_of(distance);
  d["heart_valid"] = as_bool(heart_valid);
  d["heart_bpm"] = array_of(heart_bpm);
  d["heart_reason"] = heart_reason;
  d["roll_deg"] = array_of(roll);
  d["pitch_deg"] = array_of(pitch);
  d["yaw_deg"] = array_of(yaw);
  d["roll_min_deg"] = array_of(roll_min);
  d["roll_max_deg"] = array_of(roll_max);
  d["pitch_min_deg"] = array_of(pitch_min);
  d["pitch_max_deg"] = array_of(pitch_max);
  d["met"] = array_of(met);
  d["kcal_per_min"] = array_of(kcal_per_min);
  d["kcal_total"] = array_of(kcal_total);
  d["events"] = array_of(events);
  return d;
}

py::dict run_day(const std::string& path, const py::object& settings, const py::object& out_dir,
                 bool falls, const std::string& filter, bool use_mag, bool skip_bad_rows) {
  const replay::ReplayOptions options =
      replay_options(settings, falls, filter, use_mag, skip_bad_rows);
  const std::string dir = out_dir.is_none() ? std::string() : out_dir.cast<std::string>();
  replay::DayTimeline day;
  replay::DayFiles files;
  {
    py::gil_scoped_release release;
    day = replay::replay_day(path, options);
    // As `fusetrack run` names its rows and files: the path as given, NAME from it.
    day.summary.file = path;
    if (!dir.empty()) files = replay::write_day_files(dir, replay::recording_name(path), day);
  }
  py::dict d;
  d["summary"] = to_python(replay::summary_json(day.summary));
  d["seconds"] = timeline_arrays(day);
  py::list events;
  for (const replay::DayEvent& e : day.events) {
    py::dict ev;
    ev["t_s"] = e.t_s;
    ev["t_us"] = e.t_us;
    ev["kind"] = e.kind;
    ev["detail"] = e.detail;
    events.append(ev);
  }
  d["events"] = events;
  if (!dir.empty()) {
    py::dict f;
    f["csv"] = files.csv;
    f["json"] = files.json;
    f["svg"] = files.svg;
    d["files"] = f;
  } else {
    d["files"] = py::none();
  }
  return d;
}

// ---- replay rows --------------------------------------------------------------------------------

py::dict row_dict(const replay::ReplayRow& row) {
  py::dict d = to_python(replay::row_json(row));
  d["samples"] = row.rows;
  return d;
}

// The folder for a row's day files: none without out_dir; out_dir itself for a row without a
// name; else out_dir joined with the folder part of the name (a path relative to a corpus
// folder), as `fusetrack replay --out` mirrors the corpus.
std::string files_dir(const py::object& out_dir, const py::object& name) {
  if (out_dir.is_none()) return {};
  const std::string dir = py::str(out_dir).cast<std::string>();
  if (name.is_none()) return dir;
  return replay::files_dir_for(dir, name.cast<std::string>());
}

py::dict replay_row(const std::string& path, const py::object& name, const py::object& out_dir,
                    const py::object& settings, bool falls, const std::string& filter, bool use_mag,
                    bool skip_bad_rows) {
  const replay::ReplayOptions options =
      replay_options(settings, falls, filter, use_mag, skip_bad_rows);
  const std::string row_name = name.is_none() ? path : name.cast<std::string>();
  const std::string dir = files_dir(out_dir, name);
  replay::ReplayRow row;
  {
    py::gil_scoped_release release;
    row = replay::replay_row(path, row_name, options, dir);
  }
  return row_dict(row);
}

py::list replay_files(const std::vector<std::string>& paths, const py::object& names_obj,
                      const py::object& out_dir, std::size_t jobs, const py::object& settings,
                      bool falls, const std::string& filter, bool use_mag, bool skip_bad_rows) {
  const replay::ReplayOptions options =
      replay_options(settings, falls, filter, use_mag, skip_bad_rows);
  const std::vector<std::string> names =
      names_obj.is_none() ? paths : names_obj.cast<std::vector<std::string>>();
  if (names.size() != paths.size()) {
    throw py::value_error("names: " + std::to_string(names.size()) + " names for " +
                          std::to_string(paths.size()) + " paths");
  }
  if (jobs > 1024) throw py::value_error("jobs must be in [0, 1024] (0: every core)");
  std::vector<std::string> dirs;
  for (const std::string& n : names) {
    dirs.push_back(files_dir(out_dir, names_obj.is_none() ? py::object(py::none()) : py::str(n)));
  }
  std::vector<replay::ReplayRow> rows;
  {
    py::gil_scoped_release release;
    rows = eval::parallel_in_order<replay::ReplayRow>(paths.size(), jobs, [&](std::size_t i) {
      return replay::replay_row(paths[i], names[i], options, dirs[i]);
    });
  }
  py::list out;
  for (const replay::ReplayRow& r : rows) out.append(row_dict(r));
  return out;
}

// ---- simulate -------------------------------------------------------------------------------

py::dict simulate(const std::string& prefix, const std::string& scenario, std::uint64_t seed,
                  const std::string& placement, bool gz, bool no_gyro, bool no_mag, bool no_ppg,
                  const std::string& events, const std::string& heart_rate, double duration_scale,
                  std::size_t pose_every) {
  sim::SimFileOptions o;
  o.out = prefix;
  o.scenario = scenario;
  o.seed = seed;
  o.placement = placement;
  o.gz = gz;
  o.no_gyro = no_gyro;
  o.no_mag = no_mag;
  o.no_ppg = no_ppg;
  o.events = events;
  o.heart_rate = heart_rate;
  o.duration_scale = duration_scale;
  o.pose_every = pose_every;
  std::size_t imu = 0, mag = 0, ppg = 0, steps = 0;
  std::string recording, truth, scenario_text;
  double duration_s = 0.0;
  {
    py::gil_scoped_release release;
    const sim::SimFiles f = sim::write_simulation(o);
    imu = f.result.imu.size();
    mag = f.result.mag.size();
    ppg = f.result.ppg.size();
    steps = f.result.truth.steps_us.size();
    recording = f.recording;
    truth = f.truth;
    scenario_text = *io::find_metadata(f.metadata, "scenario");
    duration_s = f.settings.duration_s();
  }
  py::dict d;
  d["recording"] = recording;
  d["truth"] = truth;
  d["seed"] = seed;
  d["duration_s"] = duration_s;
  d["scenario"] = scenario_text;
  d["imu_samples"] = imu;
  d["mag_samples"] = mag;
  d["ppg_samples"] = ppg;
  d["samples"] = imu + mag + ppg;
  d["steps"] = steps;
  return d;
}

}  // namespace

void bind_host(py::module_& m) {
  g_recording_error = PyErr_NewExceptionWithDoc(
      "fusetrack.RecordingError",
      "A recording or truth file that does not follow the format; the message names the file, "
      "line and column and what was expected (.path, .line, .column).",
      PyExc_ValueError, nullptr);
  m.add_object("RecordingError", py::handle(g_recording_error));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const io::ParseError& e) {
      py::object err = py::reinterpret_borrow<py::object>(g_recording_error)(e.what());
      err.attr("path") = e.path;
      err.attr("line") = e.line;
      err.attr("column") = e.column;
      PyErr_SetObject(g_recording_error, err.ptr());
    }
  });

  py::list columns;
  for (const replay::DayColumn& c : replay::timeline_columns()) {
    columns.append(py::make_tuple(c.name, c.unit, c.meaning));
  }
  m.attr("TIMELINE_COLUMNS") = columns;

  m.def(
      "read_recording",
      [](const std::string& path, bool skip_bad_rows) {
        if (!std::filesystem::exists(path)) {
          PyErr_SetString(PyExc_FileNotFoundError, (path + ": no such file").c_str());
          throw py::error_already_set();
        }
        return read_recording(path, skip_bad_rows);
      },
      py::arg("path"), py::arg("skip_bad_rows") = false);
  m.def("read_truth", &read_truth, py::arg("path"));
  m.def(
      "settings_for",
      [](const std::string& path, bool falls, const std::string& filter, bool use_mag) {
        const replay::ReplayOptions options =
            replay_options(py::none(), falls, filter, use_mag, false);
        const io::RecordingReader reader(path);
        return replay::tracker_settings(reader.header(), reader.metadata(), options);
      },
      py::arg("path"), py::arg("falls") = true, py::arg("filter") = "ekf",
      py::arg("use_mag") = true);
  m.def("run_day", &run_day, py::arg("path"), py::arg("settings") = py::none(),
        py::arg("out_dir") = py::none(), py::arg("falls") = true, py::arg("filter") = "ekf",
        py::arg("use_mag") = true, py::arg("skip_bad_rows") = false);
  m.def("replay_row", &replay_row, py::arg("path"), py::kw_only(), py::arg("name") = py::none(),
        py::arg("out_dir") = py::none(), py::arg("settings") = py::none(), py::arg("falls") = true,
        py::arg("filter") = "ekf", py::arg("use_mag") = true, py::arg("skip_bad_rows") = false);
  m.def("replay_files", &replay_files, py::arg("paths"), py::kw_only(),
        py::arg("names") = py::none(), py::arg("out_dir") = py::none(), py::arg("jobs") = 0,
        py::arg("settings") = py::none(), py::arg("falls") = true, py::arg("filter") = "ekf",
        py::arg("use_mag") = true, py::arg("skip_bad_rows") = false);
  m.def("find_recordings", &replay::find_recordings, py::arg("dir"));
  m.def("simulate", &simulate, py::arg("prefix"), py::kw_only(), py::arg("scenario") = "",
        py::arg("seed") = 1, py::arg("placement") = "wrist", py::arg("gz") = false,
        py::arg("no_gyro") = false, py::arg("no_mag") = false, py::arg("no_ppg") = false,
        py::arg("events") = "", py::arg("heart_rate") = "", py::arg("duration_scale") = 1.0,
        py::arg("pose_every") = 1);
}

}  // namespace fusetrack::python
