// fusetrack: the one header a firmware engineer includes.
#pragma once

#include "fusetrack/core/ring_buffer.hpp"
#include "fusetrack/core/samples.hpp"
#include "fusetrack/core/status.hpp"
#include "fusetrack/core/stream_check.hpp"
#include "fusetrack/core/types.hpp"
#include "fusetrack/tracker.hpp"
