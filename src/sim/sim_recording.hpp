// Writes simulated streams as one recording file (docs/recording-format.md): IMU, magnetometer
// and PPG rows merged in time order.
#pragma once

#include <string>

#include "io/recording.hpp"
#include "sim/simulator.hpp"

namespace fusetrack::sim {

// The recording header that holds `result`'s streams: IMU always, with gyroscope columns unless
// its first sample has none (has_gyr false); mag when it has samples; the PPG channel count and
// ambient column of its first PPG sample.
io::RecordingHeader recording_header(const SimResult& result);

// Metadata describing a simulation, each value free of whitespace: source=fusetrack-simulate,
// seed, scenario ("rest:40,walk:90,run:60,rest:40", durations in s), placement (hand or pocket;
// absent for the wrist), the nominal rates of the enabled streams (imu_rate_hz, mag_rate_hz,
// ppg_rate_hz, which `fusetrack run` reads), and only where set: heart_rate (the heart-rate
// curve, "0:80,120:130"), ppg_full_scale (with PPG faults or a full scale other than the
// default), ppg_faults ("no_contact:60..90,..."), acc_full_scale_g (when clipping) and events
// ("fall_forward@20,clap@80").
io::Metadata simulation_metadata(const SimSettings& settings);

// Writes `result`'s streams to `path` (gzip when it ends in ".gz") with `metadata` as comment
// lines. Rows are merged by t_us; at equal time stamps IMU comes before mag before PPG.
// Throws as io::RecordingWriter does (std::invalid_argument, std::runtime_error naming the path).
void write_recording(const std::string& path, const SimResult& result,
                     const io::Metadata& metadata = {});

}  // namespace fusetrack::sim
