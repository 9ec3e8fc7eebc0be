// fusetrack: the one header a firmware engineer includes.
#pragma once

#include "fusetrack/core/quaternion.hpp"
#include "fusetrack/core/ring_buffer.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_check.hpp"
#include "fusetrack/core/stream_clock.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/orientation/complementary_filter.hpp"
#include "fusetrack/orientation/magnetic_reference.hpp"
#include "fusetrack/orientation/orientation_ekf.hpp"
#include "fusetrack/orientation/orientation_flags.hpp"
#include "fusetrack/orientation/rest_detector.hpp"
#include "fusetrack/orientation/sample_admission.hpp"
#include "fusetrack/tracker.hpp"
