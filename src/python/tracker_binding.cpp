// fusetrack.Tracker: the streaming Tracker with batch pushes of NumPy arrays. Each batch runs in
// C++ with the GIL released, one sample at a time exactly as firmware pushes them, and the
// events each push raises are moved to a host-side list right away, so a batch of any length
// loses none (the device queue holds 32). drain_events() hands them over as a structured array.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "fusetrack/tracker.hpp"
#include "python/arrays.hpp"
#include "python/binding.hpp"

namespace py = pybind11;

namespace fusetrack::python {

// One drained event, as a NumPy record (events.hpp Event without its enums' types).
struct EventRow {
  std::int64_t t_us;
  std::int64_t duration_us;
  std::uint32_t count;
  float value;
  std::uint8_t kind;
  std::uint8_t stream;
  std::uint8_t code;
  std::uint8_t previous;
  std::uint8_t stage;
};

// The outputs after one IMU sample, for push(..., outputs=True).
struct SampleRow {
  std::int64_t t_us;
  std::uint8_t status;       // the push's Status
  std::uint8_t activity;     // the smoothed activity's class index; 255: none yet or off
  std::uint8_t walking;      // 0/1
  std::uint8_t heart_valid;  // 0/1
  float qw, qx, qy, qz;      // orientation, sensor -> earth (ENU)
  std::uint64_t steps;       // since start
  float cadence_spm;         // 0 outside a bout
  float heart_bpm;           // the newest estimate (the last valid one when not valid)
  float met;                 // energy
  double kcal_total;         // energy since start
  double distance_m;         // steps' distance since start
};

namespace {

EventRow event_row(const Event& e) {
  return EventRow{e.t_us,
                  e.duration_us,
                  e.count,
                  e.value,
                  static_cast<std::uint8_t>(e.kind),
                  static_cast<std::uint8_t>(e.stream),
                  e.code,
                  e.previous,
                  static_cast<std::uint8_t>(e.stage)};
}

SampleRow sample_row(Micros t_us, Status st, const TrackerOutput& o) {
  SampleRow r{};
  r.t_us = t_us;
  r.status = static_cast<std::uint8_t>(st);
  r.activity = o.activity.available && o.activity.has_label ? o.activity.label : 255;
  r.walking = o.steps.available && o.steps.walking ? 1 : 0;
  r.heart_valid = o.heart.available && o.heart.valid ? 1 : 0;
  r.qw = o.orientation.q_es.w();
  r.qx = o.orientation.q_es.x();
  r.qy = o.orientation.q_es.y();
  r.qz = o.orientation.q_es.z();
  r.steps = o.steps.steps;
  r.cadence_spm = o.steps.cadence_spm;
  r.heart_bpm = o.heart.bpm;
  r.met = o.energy.met;
  r.kcal_total = o.energy.kcal_total();
  r.distance_m = o.steps.distance_m();
  return r;
}

// ---- the inputs of one batch, checked and converted with the GIL held ----------------------

struct ImuBatch {
  py::array_t<std::int64_t> t;
  py::array_t<float> acc, gyr;
  bool has_gyr = false;
  std::size_t n = 0;
};
struct MagBatch {
  py::array_t<std::int64_t> t;
  py::array_t<float> mag;
  std::size_t n = 0;
};
struct PpgBatch {
  py::array_t<std::int64_t> t;
  py::array_t<float> ppg, ambient;
  std::uint8_t channels = 1;
  bool has_ambient = false;
  std::size_t n = 0;
};

ImuBatch imu_batch(const py::handle& t, const py::handle& acc, const py::handle& gyr) {
  ImuBatch b;
  b.t = time_array(t, "t_us");
  b.n = static_cast<std::size_t>(b.t.size());
  b.acc = value_array(acc, "acc_m_s2", b.n, 3);
  b.has_gyr = !gyr.is_none();
  if (b.has_gyr) b.gyr = value_array(gyr, "gyr_rad_s", b.n, 3);
  return b;
}

MagBatch mag_batch(const py::handle& t, const py::handle& mag) {
  MagBatch b;
  b.t = time_array(t, "t_us");
  b.n = static_cast<std::size_t>(b.t.size());
  b.mag = value_array(mag, "mag_ut", b.n, 3);
  return b;
}

PpgBatch ppg_batch(const py::handle& t, const py::handle& ppg, const py::handle& ambient) {
  PpgBatch b;
  b.t = time_array(t, "t_us");
  b.n = static_cast<std::size_t>(b.t.size());
  const py::array a = as_array(ppg, "ppg");
  if (a.ndim() == 1) {
    b.ppg = value_array(ppg, "ppg", b.n, 0);
  } else {
    const py::ssize_t cols = a.ndim() == 2 ? a.shape(1) : 0;
    if (cols < 1 || cols > kMaxPpgChannels) {
      throw py::value_error("ppg: expected shape (N,) or (N, C) with C in [1, 4] channels, got " +
                            describe(a));
    }
    b.ppg = value_array(ppg, "ppg", b.n, cols);
    b.channels = static_cast<std::uint8_t>(cols);
  }
  b.has_ambient = !ambient.is_none();
  if (b.has_ambient) b.ambient = value_array(ambient, "ambient", b.n, 0);
  return b;
}

// A stream given as a dict {"t_us": ..., "acc_m_s2": ..., ...} (what read_recording returns);
// None or an absent stream: no samples.
py::handle item(const py::dict& d, const char* key, bool required) {
  if (d.contains(key)) return d[key];
  if (required) throw py::value_error(std::string("missing key '") + key + "'");
  return py::none();
}

}  // namespace

class PyTracker {
 public:
  explicit PyTracker(const TrackerSettings& s) {
    raise_if_invalid(s);
    tracker_ = std::make_unique<Tracker>(s);
  }

  const Tracker& tracker() const { return *tracker_; }

  py::array_t<std::uint8_t> push_imu(const py::handle& t, const py::handle& acc,
                                     const py::handle& gyr) {
    return push_each(imu_batch(t, acc, gyr), &PyTracker::imu);
  }

  py::array_t<std::uint8_t> push_mag(const py::handle& t, const py::handle& mag) {
    return push_each(mag_batch(t, mag), &PyTracker::magn);
  }

  py::array_t<std::uint8_t> push_ppg(const py::handle& t, const py::handle& ppg,
                                     const py::handle& ambient) {
    return push_each(ppg_batch(t, ppg, ambient), &PyTracker::pulse);
  }

  // The three streams in one call, pushed in the order `order` gives (0 IMU, 1 magnetometer,
  // 2 PPG per sample: a recording's file order), else merged by time stamp with IMU before
  // magnetometer before PPG at equal stamps (the order the recording writers use).
  py::object push(const py::object& imu_d, const py::object& mag_d, const py::object& ppg_d,
                  const py::object& order_obj, bool outputs) {
    ImuBatch ib;
    MagBatch mb;
    PpgBatch pb;
    if (!imu_d.is_none()) {
      const py::dict d = imu_d.cast<py::dict>();
      ib = imu_batch(item(d, "t_us", true), item(d, "acc_m_s2", true), item(d, "gyr_rad_s", false));
    }
    if (!mag_d.is_none()) {
      const py::dict d = mag_d.cast<py::dict>();
      mb = mag_batch(item(d, "t_us", true), item(d, "mag_ut", true));
    }
    if (!ppg_d.is_none()) {
      const py::dict d = ppg_d.cast<py::dict>();
      pb = ppg_batch(item(d, "t_us", true), item(d, "ppg", true), item(d, "ambient", false));
    }
    const std::size_t total = ib.n + mb.n + pb.n;
    py::array_t<std::uint8_t> order_arr;
    const std::uint8_t* order = nullptr;
    if (!order_obj.is_none()) {
      const py::array a = as_array(order_obj, "order");
      if (a.dtype().kind() != 'i' && a.dtype().kind() != 'u') {
        throw py::type_error("order: expected integers 0 (imu), 1 (mag), 2 (ppg), got " +
                             describe(a));
      }
      order_arr = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(a);
      if (a.ndim() != 1 || static_cast<std::size_t>(order_arr.size()) != total) {
        throw py::value_error("order: expected shape (" + std::to_string(total) +
                              ",), one entry per sample of the three streams, got " + describe(a));
      }
      order = order_arr.data();
      std::array<std::size_t, 3> counts{};
      for (std::size_t k = 0; k < total; ++k) {
        if (order[k] > 2) {
          throw py::value_error("order[" + std::to_string(k) + "]: " + std::to_string(order[k]) +
                                " is not a stream (0 imu, 1 mag, 2 ppg)");
        }
        ++counts[order[k]];
      }
      if (counts[0] != ib.n || counts[1] != mb.n || counts[2] != pb.n) {
        throw py::value_error("order: names " + std::to_string(counts[0]) + " imu, " +
                              std::to_string(counts[1]) + " mag and " + std::to_string(counts[2]) +
                              " ppg samples, but the streams hold " + std::to_string(ib.n) + ", " +
                              std::to_string(mb.n) + " and " + std::to_string(pb.n));
      }
    }
    py::array_t<std::uint8_t> si(static_cast<py::ssize_t>(ib.n));
    py::array_t<std::uint8_t> sm(static_cast<py::ssize_t>(mb.n));
    py::array_t<std::uint8_t> sp(static_cast<py::ssize_t>(pb.n));
    std::vector<SampleRow> rows;
    {
      std::uint8_t* oi = si.mutable_data();
      std::uint8_t* om = sm.mutable_data();
      std::uint8_t* op = sp.mutable_data();
      const std::int64_t* ti = ib.n ? ib.t.data() : nullptr;
      const std::int64_t* tm = mb.n ? mb.t.data() : nullptr;
      const std::int64_t* tp = pb.n ? pb.t.data() : nullptr;
      py::gil_scoped_release release;
      if (outputs) rows.reserve(ib.n);
      std::size_t i = 0, j = 0, k = 0;
      for (std::size_t s = 0; s < total; ++s) {
        int stream;
        if (order != nullptr) {
          stream = order[s];
        } else {
          // The earliest head; ties to the lower stream index.
          stream = -1;
          Micros best = 0;
          if (i < ib.n) stream = 0, best = ti[i];
          if (j < mb.n && (stream < 0 || tm[j] < best)) stream = 1, best = tm[j];
          if (k < pb.n && (stream < 0 || tp[k] < best)) stream = 2;
        }
        if (stream == 0) {
          const Status st = imu(ib, i);
          oi[i] = static_cast<std::uint8_t>(st);
          if (outputs) rows.push_back(sample_row(ti[i], st, tracker_->output()));
          ++i;
        } else if (stream == 1) {
          om[j] = static_cast<std::uint8_t>(magn(mb, j));
          ++j;
        } else {
          op[k] = static_cast<std::uint8_t>(pulse(pb, k));
          ++k;
        }
      }
    }
    py::dict result;
    result["imu"] = si;
    result["mag"] = sm;
    result["ppg"] = sp;
    if (outputs) {
      py::array_t<SampleRow> out(static_cast<py::ssize_t>(rows.size()));
      std::copy(rows.begin(), rows.end(), out.mutable_data());
      result["outputs"] = out;
    }
    return std::move(result);
  }

  py::array_t<EventRow> drain_events() {
    py::array_t<EventRow> out(static_cast<py::ssize_t>(pending_.size()));
    EventRow* p = out.mutable_data();
    for (std::size_t i = 0; i < pending_.size(); ++i) p[i] = event_row(pending_[i]);
    pending_.clear();
    return out;
  }

  std::size_t pending_events() const { return pending_.size(); }

  py::bytes save_state() const {
    std::vector<std::uint8_t> buf(Tracker::state_size());
    const Status st = tracker_->save_state(buf.data(), buf.size());
    if (!ok(st)) raise_status(st, "save_state failed");
    return py::bytes(reinterpret_cast<const char*>(buf.data()), buf.size());
  }

  void restore_state(const py::bytes& data) {
    const std::string bytes = data;  // one copy, then no Python object is touched
    const Status st =
        tracker_->restore_state(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (!ok(st)) {
      raise_status(st, "restore_state refused " + std::to_string(bytes.size()) +
                           " bytes; the Tracker is unchanged");
    }
    pending_.clear();
  }

 private:
  // Every sample of one stream's batch, in order, with the GIL released; their Status codes.
  template <typename Batch>
  py::array_t<std::uint8_t> push_each(const Batch& b,
                                      Status (PyTracker::*push_one)(const Batch&, std::size_t)) {
    py::array_t<std::uint8_t> status(static_cast<py::ssize_t>(b.n));
    std::uint8_t* out = status.mutable_data();
    {
      py::gil_scoped_release release;
      for (std::size_t i = 0; i < b.n; ++i)
        out[i] = static_cast<std::uint8_t>((this->*push_one)(b, i));
    }
    return status;
  }

  void drain() {
    Event e;
    while (tracker_->pop_event(e)) pending_.push_back(e);
  }

  Status imu(const ImuBatch& b, std::size_t i) {
    const float* a = b.acc.data() + 3 * i;
    ImuSample s;
    s.t_us = b.t.data()[i];
    s.acc_m_s2 = Vec3(a[0], a[1], a[2]);
    s.has_gyr = b.has_gyr;
    if (b.has_gyr) {
      const float* g = b.gyr.data() + 3 * i;
      s.gyr_rad_s = Vec3(g[0], g[1], g[2]);
    }
    const Status st = tracker_->push_imu(s);
    drain();
    return st;
  }

  Status magn(const MagBatch& b, std::size_t i) {
    const float* m = b.mag.data() + 3 * i;
    MagSample s;
    s.t_us = b.t.data()[i];
    s.mag_ut = Vec3(m[0], m[1], m[2]);
    const Status st = tracker_->push_mag(s);
    drain();
    return st;
  }

  Status pulse(const PpgBatch& b, std::size_t i) {
    PpgSample s;
    s.t_us = b.t.data()[i];
    s.channel_count = b.channels;
    const float* p = b.ppg.data() + b.channels * i;
    for (std::uint8_t c = 0; c < b.channels; ++c) s.ppg[c] = p[c];
    s.has_ambient = b.has_ambient;
    if (b.has_ambient) s.ambient = b.ambient.data()[i];
    const Status st = tracker_->push_ppg(s);
    drain();
    return st;
  }

  std::unique_ptr<Tracker> tracker_;
  std::vector<Event> pending_;
};

namespace {

py::tuple vec3(const Vec3& v) { return py::make_tuple(v.x(), v.y(), v.z()); }

py::dict stream_dict(const StreamOutput& s) {
  py::dict d;
  d["accepted"] = s.accepted;
  d["rejected"] = s.rejected;
  d["duplicates"] = s.duplicates;
  d["backwards"] = s.backwards;
  d["not_finite"] = s.not_finite;
  d["beyond_full_scale"] = s.beyond_full_scale;
  d["wrong_shape"] = s.wrong_shape;
  d["clipped"] = s.clipped;
  d["gaps"] = s.gaps;
  d["missing"] = s.missing;
  d["jumps"] = s.jumps;
  d["rate_hz"] = s.rate_hz;
  d["mean_rate_hz"] = s.mean_rate_hz;
  d["jitter_s"] = s.jitter_s;
  d["drift"] = s.drift;
  d["last_t_us"] = s.last_t_us;
  d["silent"] = s.silent;
  return d;
}

// TrackerOutput as nested dicts, every field (tracker.hpp documents each).
py::dict output_dict(const TrackerOutput& o) {
  py::dict d;
  d["imu"] = stream_dict(o.imu);
  d["mag"] = stream_dict(o.mag);
  d["ppg"] = stream_dict(o.ppg);
  {
    const OrientationOutput& r = o.orientation;
    py::dict x;
    x["q_es"] = py::make_tuple(r.q_es.w(), r.q_es.x(), r.q_es.y(), r.q_es.z());
    x["gravity_s_m_s2"] = vec3(r.gravity_s_m_s2);
    x["linear_acc_e_m_s2"] = vec3(r.linear_acc_e_m_s2);
    x["gyr_bias_rad_s"] = vec3(r.gyr_bias_rad_s);
    py::dict f;
    f["initialized"] = r.flags.initialized;
    f["heading_set"] = r.flags.heading_set;
    f["at_rest"] = r.flags.at_rest;
    f["acc_rejected"] = r.flags.acc_rejected;
    f["mag_disturbed"] = r.flags.mag_disturbed;
    f["recovering"] = r.flags.recovering;
    f["acc_only"] = r.flags.acc_only;
    x["flags"] = f;
    x["uses_mag"] = r.uses_mag;
    x["heading_available"] = r.heading_available;
    x["restarts"] = r.restarts;
    d["orientation"] = x;
  }
  {
    py::dict x;
    x["available"] = o.wear.available;
    x["state"] = name(o.wear.state);
    x["motion_rms_m_s2"] = o.wear.motion_rms_m_s2;
    x["ppg_contact"] = o.wear.ppg_contact;
    d["wear"] = x;
  }
  {
    const ActivityOutput& a = o.activity;
    py::dict x;
    x["available"] = a.available;
    x["has_label"] = a.has_label;
    x["label"] = a.label;
    x["name"] = a.name;
    x["confidence"] = a.confidence;
    x["raw_label"] = a.raw_label;
    x["raw_confidence"] = a.raw_confidence;
    x["decisions"] = a.decisions;
    x["changes"] = a.changes;
    x["model"] = a.model == nullptr ? py::object(py::none()) : py::object(py::str(a.model->name));
    py::list classes;
    if (a.model != nullptr) {
      for (std::size_t c = 0; c < a.model->classes; ++c) classes.append(a.model->class_names[c]);
    }
    x["classes"] = classes;
    d["activity"] = x;
  }
  {
    const StepsOutput& s = o.steps;
    py::dict x;
    x["available"] = s.available;
    x["walking"] = s.walking;
    x["steps"] = s.steps;
    x["cadence_spm"] = s.cadence_spm;
    x["cadence_confidence"] = s.cadence_confidence;
    x["distance_mm"] = s.distance_mm;
    x["distance_m"] = s.distance_m();
    x["bouts"] = s.bouts;
    x["bout_steps"] = s.bout_steps;
    x["bout_start_us"] = s.bout_start_us;
    x["last_step_us"] = s.last_step_us;
    d["steps"] = x;
  }
  {
    const HeartOutput& h = o.heart;
    py::dict x;
    x["available"] = h.available;
    x["valid"] = h.valid;
    x["bpm"] = h.bpm;
    x["confidence"] = h.confidence;
    x["reason"] = name(h.reason);
    x["estimates"] = h.estimates;
    x["window_end_us"] = h.window_end_us;
    x["motion_hz"] = h.motion_hz;
    d["heart"] = x;
  }
  {
    const FallsOutput& f = o.falls;
    py::dict x;
    x["available"] = f.available;
    x["alarms"] = f.alarms;
    x["candidates"] = f.candidates;
    x["follow_up"] = name(f.follow_up);
    x["last_alarm_us"] = f.last_alarm_us;
    x["last_impact_g"] = f.last_impact_g;
    x["last_confidence"] = f.last_confidence;
    x["last_clipped"] = f.last_clipped;
    d["falls"] = x;
  }
  {
    const EnergyOutput& e = o.energy;
    py::dict x;
    x["available"] = e.available;
    x["met"] = e.met;
    x["kcal_per_min"] = e.kcal_per_min;
    x["total_ukcal"] = e.total_ukcal;
    x["active_ukcal"] = e.active_ukcal;
    x["kcal_total"] = e.kcal_total();
    x["active_kcal_total"] = e.active_kcal_total();
    x["from_heart_rate"] = e.from_heart_rate;
    d["energy"] = x;
  }
  {
    py::dict x;
    x["orientation_resets"] = o.guard.orientation_resets;
    x["wear_resets"] = o.guard.wear_resets;
    x["heart_resets"] = o.guard.heart_resets;
    d["guard"] = x;
  }
  {
    py::dict x;
    x["pending"] = o.events.pending;
    x["dropped"] = o.events.dropped;
    x["total"] = o.events.total;
    d["events"] = x;
  }
  return d;
}

py::list names_of(std::size_t count, const char* (*fn)(std::size_t)) {
  py::list l;
  for (std::size_t i = 0; i < count; ++i) l.append(fn(i));
  return l;
}

}  // namespace

void bind_tracker(py::module_& m) {
  PYBIND11_NUMPY_DTYPE(EventRow, t_us, duration_us, count, value, kind, stream, code, previous,
                       stage);
  PYBIND11_NUMPY_DTYPE(SampleRow, t_us, status, activity, walking, heart_valid, qw, qx, qy, qz,
                       steps, cadence_spm, heart_bpm, met, kcal_total, distance_m);
  m.attr("EVENT_KINDS") =
      names_of(kEventKindCount, [](std::size_t i) { return name(static_cast<EventKind>(i)); });
  m.attr("STATUS_NAMES") = names_of(14, [](std::size_t i) { return name(static_cast<Status>(i)); });
  m.attr("STREAMS") = names_of(4, [](std::size_t i) { return name(static_cast<StreamId>(i)); });
  m.attr("STAGES") = names_of(7, [](std::size_t i) { return name(static_cast<StageId>(i)); });
  m.attr("STATE_SIZE") = Tracker::state_size();
  m.attr("EVENT_DTYPE") = py::dtype::of<EventRow>();
  m.attr("SAMPLE_OUTPUT_DTYPE") = py::dtype::of<SampleRow>();
  m.def("activity_models", &activity_model_info,
        "The activity models settings.activity.model can name, with their classes");

  py::class_<PyTracker>(m, "Tracker",
                        "The streaming Tracker (fusetrack/tracker.hpp). Batch pushes run in C++ "
                        "with the GIL released; every event is kept until drain_events().")
      .def(py::init([](const py::object& s) {
             return std::make_unique<PyTracker>(s.is_none() ? TrackerSettings{}
                                                            : s.cast<TrackerSettings>());
           }),
           py::arg("settings") = py::none())
      .def("push_imu", &PyTracker::push_imu, py::arg("t_us"), py::arg("acc_m_s2"),
           py::arg("gyr_rad_s") = py::none(),
           "Pushes N IMU samples: t_us int[N] (µs), acc_m_s2 float[N,3], gyr_rad_s float[N,3] "
           "(None on an accelerometer-only device). Returns each sample's Status code (uint8[N], "
           "names in STATUS_NAMES).")
      .def("push_mag", &PyTracker::push_mag, py::arg("t_us"), py::arg("mag_ut"),
           "Pushes N magnetometer samples (µT, float[N,3]); returns their Status codes")
      .def("push_ppg", &PyTracker::push_ppg, py::arg("t_us"), py::arg("ppg"),
           py::arg("ambient") = py::none(),
           "Pushes N PPG samples (float[N] or float[N,C], counts; ambient float[N] or None); "
           "returns their Status codes")
      .def("push", &PyTracker::push, py::arg("imu") = py::none(), py::arg("mag") = py::none(),
           py::arg("ppg") = py::none(), py::kw_only(), py::arg("order") = py::none(),
           py::arg("outputs") = false,
           "Pushes the three streams in one call, each a dict as read_recording gives them "
           "({'t_us', 'acc_m_s2', 'gyr_rad_s'}, {'t_us', 'mag_ut'}, {'t_us', 'ppg', "
           "'ambient'}), in `order` (0 imu, 1 mag, 2 ppg per sample) or merged by time stamp "
           "(IMU, then magnetometer, then PPG at equal stamps). Returns {'imu', 'mag', 'ppg'}: "
           "the Status codes per stream; with outputs=True also 'outputs', one "
           "SAMPLE_OUTPUT_DTYPE record after each IMU sample.")
      .def("drain_events", &PyTracker::drain_events,
           "Every event raised since the last call, oldest first, as an EVENT_DTYPE array "
           "(kind, stream, stage and code index EVENT_KINDS, STREAMS, STAGES and the kind's "
           "own enum; events.hpp gives each kind's fields)")
      .def_property_readonly("pending_events", &PyTracker::pending_events)
      .def(
          "output", [](const PyTracker& t) { return output_dict(t.tracker().output()); },
          "The latest outputs as nested dicts (TrackerOutput)")
      .def_property_readonly("status",
                             [](const PyTracker& t) { return name(t.tracker().status()); })
      .def_property_readonly(
          "settings", [](const PyTracker& t) { return t.tracker().settings(); },
          "A copy of the settings it runs")
      .def("save_state", &PyTracker::save_state,
           "The whole state as bytes (STATE_SIZE of them). Events not yet drained are not in "
           "it: drain first.")
      .def("restore_state", &PyTracker::restore_state, py::arg("state"),
           "Restores a saved state (from a Tracker with the same settings); raises "
           "StatusError ('size_mismatch', 'corrupt_state', 'version_mismatch', "
           "'settings_mismatch') and leaves the Tracker unchanged when it cannot. Clears the "
           "events not yet drained.");
}

}  // namespace fusetrack::python
