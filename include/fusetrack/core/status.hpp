// Status: the result of every device-core call that can fail (the core has no exceptions).
#pragma once

#include <cstdint>

namespace fusetrack {

enum class Status : std::uint8_t {
  kOk = 0,
  kNotFinite,         // a value was NaN or infinite; the sample was rejected
  kTimeBackwards,     // the time stamp is earlier than the previous accepted one; rejected
  kDuplicateTime,     // the time stamp equals the previous accepted one; rejected
  kInvalidSettings,   // a setting is out of its documented range or contradicts another
  kOutOfRange,        // an argument is outside its documented range (e.g. channel count)
  kBufferFull,        // a fixed-capacity buffer is full; the new item was not stored
  kBufferEmpty,       // nothing to read
  kNotInitialized,    // the stage has not seen enough input to answer yet
  kStreamDisabled,    // a sample arrived for a stream the settings turned off
  kSizeMismatch,      // a buffer is too small, or a saved state's size is not this build's
  kCorruptState,      // a saved state's marker or checksum is wrong: damaged or not a state
  kVersionMismatch,   // a saved state was written by another state format version
  kSettingsMismatch,  // a saved state was made with other settings
};

// A short, stable, human-readable name for each value ("ok", "not_finite", ...).
constexpr const char* name(Status s) noexcept {
  switch (s) {
    case Status::kOk:
      return "ok";
    case Status::kNotFinite:
      return "not_finite";
    case Status::kTimeBackwards:
      return "time_backwards";
    case Status::kDuplicateTime:
      return "duplicate_time";
    case Status::kInvalidSettings:
      return "invalid_settings";
    case Status::kOutOfRange:
      return "out_of_range";
    case Status::kBufferFull:
      return "buffer_full";
    case Status::kBufferEmpty:
      return "buffer_empty";
    case Status::kNotInitialized:
      return "not_initialized";
    case Status::kStreamDisabled:
      return "stream_disabled";
    case Status::kSizeMismatch:
      return "size_mismatch";
    case Status::kCorruptState:
      return "corrupt_state";
    case Status::kVersionMismatch:
      return "version_mismatch";
    case Status::kSettingsMismatch:
      return "settings_mismatch";
  }
  return "unknown";
}

constexpr bool ok(Status s) noexcept { return s == Status::kOk; }

}  // namespace fusetrack
