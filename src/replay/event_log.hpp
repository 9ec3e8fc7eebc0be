// EventLog: drains a Tracker's events during a replay and keeps, per kind, how many there were
// and the first few, for `fusetrack run` to list (a table, or JSON).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fusetrack/events.hpp"
#include "fusetrack/tracker.hpp"
#include "report/json.hpp"

namespace fusetrack::replay {

class EventLog {
 public:
  // Keeps the first `keep_per_kind` events of each kind (all are counted).
  explicit EventLog(std::size_t keep_per_kind = 5) : keep_per_kind_(keep_per_kind) {}

  // Drains every pending event of `tracker` (call after each push: the queue is small); `also`,
  // when given, sees each event too (to keep every event of one kind).
  void drain(Tracker& tracker, const std::function<void(const Event&)>& also = {});

  std::uint64_t count(EventKind kind) const { return counts_[index(kind)]; }
  const std::vector<Event>& first(EventKind kind) const { return first_[index(kind)]; }
  std::uint64_t total() const;

 private:
  static std::size_t index(EventKind k) { return static_cast<std::size_t>(k); }
  std::size_t keep_per_kind_;
  std::array<std::uint64_t, kEventKindCount> counts_{};
  std::array<std::vector<Event>, kEventKindCount> first_{};
};

// What an event's payload means, in words: "gap 0.50 s, 49 missing", "not_finite",
// "still -> moving".
std::string describe(const Event& e);

// {"total": n, "dropped": n, "kinds": [{"kind", "count", "first": [{"t_s", "stream", ...}]}]}:
// every kind, in EventKind order, with count 0 when it did not happen (stable keys).
report::Json events_json(const EventLog& log, const EventsOutput& out);

// Prints the table: one row per kind that happened, its count and the first times.
void print_events(const EventLog& log, const EventsOutput& out);

}  // namespace fusetrack::replay
