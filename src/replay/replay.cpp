#include "replay/replay.hpp"

#include <stdexcept>
#include <string>
#include <variant>

namespace fusetrack::replay {

namespace {

void require_ok(const Tracker& tracker) {
  if (!ok(tracker.status())) {
    throw std::invalid_argument(std::string("tracker settings rejected: ") +
                                name(tracker.status()));
  }
}

void call(const ReplayObserver& observer, const io::Record& record, Status status,
          Tracker& tracker) {
  if (observer) observer(record, status, tracker);
}

}  // namespace

OrientationFilterKind filter_kind(std::string_view name) {
  for (const OrientationFilterKind k :
       {OrientationFilterKind::kEkf, OrientationFilterKind::kComplementary}) {
    if (name == fusetrack::name(k)) return k;
  }
  throw std::invalid_argument("unknown orientation filter '" + std::string(name) +
                              "' (expected ekf or complementary)");
}

float nominal_rate_hz(float option_hz, const io::Metadata& metadata, std::string_view key,
                      float fallback_hz) {
  const auto in_range = [](float r) {
    return static_cast<double>(r) >= kMinRateHz && static_cast<double>(r) <= kMaxRateHz;
  };
  const std::string range = "a rate in [0.1, 100000] Hz";
  if (option_hz > 0.0f) {
    if (!in_range(option_hz)) {
      throw std::invalid_argument("nominal rate for " + std::string(key) + ": expected " + range +
                                  ", found " + std::to_string(option_hz));
    }
    return option_hz;
  }
  if (const std::string* v = io::find_metadata(metadata, key)) {
    float r = 0.0f;
    if (io::try_parse_float(*v, r) != io::NumberStatus::kOk || !in_range(r)) {
      throw std::runtime_error("metadata " + std::string(key) + ": expected " + range + ", found " +
                               io::quoted(*v));
    }
    return r;
  }
  return fallback_hz;
}

Placement recording_placement(const io::Metadata& metadata) {
  const std::string* v = io::find_metadata(metadata, "placement");
  if (v == nullptr || *v == "wrist") return Placement::kWristLeft;  // the simulator's watch
  for (auto k = static_cast<std::uint8_t>(Placement::kWristLeft);
       k <= static_cast<std::uint8_t>(Placement::kWaist); ++k) {
    const auto p = static_cast<Placement>(k);
    if (*v == name(p)) return p;
  }
  throw std::runtime_error(
      "metadata placement: expected wrist, wrist_left, wrist_right, pocket, "
      "hand or waist, found " +
      io::quoted(*v));
}

TrackerSettings tracker_settings(const io::RecordingHeader& header, const io::Metadata& metadata,
                                 const ReplayOptions& options) {
  TrackerSettings s;
  s.placement = recording_placement(metadata);
  s.activity.enabled = default_activity_model(s.placement, header.imu_has_gyr) != nullptr;
  s.imu.nominal_rate_hz =
      nominal_rate_hz(options.imu_rate_hz, metadata, "imu_rate_hz", kDefaultImuRateHz);
  s.imu_has_gyr = header.imu_has_gyr;
  s.mag_enabled = header.has_mag;
  s.mag.nominal_rate_hz =
      nominal_rate_hz(options.mag_rate_hz, metadata, "mag_rate_hz", kDefaultMagRateHz);
  s.ppg_enabled = header.has_ppg();
  s.ppg.nominal_rate_hz =
      nominal_rate_hz(options.ppg_rate_hz, metadata, "ppg_rate_hz", kDefaultPpgRateHz);
  s.ppg_channels = header.has_ppg() ? header.ppg_channels : std::uint8_t{1};
  s.orientation_filter = options.filter;
  s.orientation_uses_mag = options.use_mag;
  s.steps.step_events = options.step_events;
  s.falls.enabled = options.falls && on_wrist(s.placement);
  const Status st = s.validate();
  if (!ok(st)) throw std::invalid_argument(std::string("tracker settings rejected: ") + name(st));
  return s;
}

Status push_record(Tracker& tracker, const io::Record& record) noexcept {
  switch (record.kind()) {
    case io::StreamKind::kImu:
      return tracker.push_imu(*std::get_if<ImuSample>(&record.sample));
    case io::StreamKind::kMag:
      return tracker.push_mag(*std::get_if<MagSample>(&record.sample));
    case io::StreamKind::kPpg:
      return tracker.push_ppg(*std::get_if<PpgSample>(&record.sample));
  }
  return Status::kOutOfRange;
}

ReplayResult replay(Tracker& tracker, io::RecordingReader& reader, const ReplayObserver& observer) {
  require_ok(tracker);
  io::Record record;
  while (reader.next(record)) call(observer, record, push_record(tracker, record), tracker);
  return ReplayResult{tracker.output(), reader.report()};
}

ReplayResult replay(Tracker& tracker, const std::vector<io::Record>& records,
                    const ReplayObserver& observer) {
  require_ok(tracker);
  ReplayResult r;
  for (const io::Record& record : records) {
    ++r.report.rows[static_cast<std::size_t>(record.kind())];
    call(observer, record, push_record(tracker, record), tracker);
  }
  r.output = tracker.output();
  return r;
}

FileReplay replay_file(const std::string& path, const ReplayOptions& options,
                       const ReplayObserver& observer) {
  FileReplay f;
  f.path = path;
  io::RecordingReader reader(path, options.reader);
  f.header = reader.header();
  f.metadata = reader.metadata();
  try {
    f.settings =
        options.settings ? *options.settings : tracker_settings(f.header, f.metadata, options);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  Tracker tracker(f.settings);
  f.result = replay(tracker, reader, observer);
  return f;
}

}  // namespace fusetrack::replay
