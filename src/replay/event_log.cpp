#include "replay/event_log.hpp"

#include <cstdio>

#include "fusetrack/heart/heart_rate_estimator.hpp"
#include "fusetrack/wear/wear_detector.hpp"

namespace fusetrack::replay {

void EventLog::drain(Tracker& tracker, const std::function<void(const Event&)>& also) {
  Event e;
  while (tracker.pop_event(e)) {
    if (also) also(e);
    const std::size_t i = index(e.kind);
    if (i >= kEventKindCount) continue;
    ++counts_[i];
    if (first_[i].size() < keep_per_kind_) first_[i].push_back(e);
  }
}

std::uint64_t EventLog::total() const {
  std::uint64_t n = 0;
  for (const std::uint64_t c : counts_) n += c;
  return n;
}

namespace {

double seconds(Micros us) { return static_cast<double>(us) * 1e-6; }

std::string printf_text(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::string describe(const Event& e) {
  switch (e.kind) {
    case EventKind::kStreamGap:
      return printf_text("gap %.3f s, ", seconds(e.duration_us)) + std::to_string(e.count) +
             " missing";
    case EventKind::kStreamSilent:
      return printf_text("silent for %.3f s", seconds(e.duration_us));
    case EventKind::kStreamResumed:
      return printf_text("after %.3f s", seconds(e.duration_us));
    case EventKind::kSampleRejected:
      return name(static_cast<Status>(e.code));
    case EventKind::kMagDisturbanceBegin:
      return "";
    case EventKind::kMagDisturbanceEnd:
      return printf_text("after %.3f s", seconds(e.duration_us));
    case EventKind::kStageReinitialized: {
      const ReinitReason why = static_cast<ReinitReason>(e.code);
      std::string text = std::string(name(e.stage)) + ": " + name(why);
      if (why != ReinitReason::kNotFinite) {
        text += printf_text(" of %.3f s", seconds(e.duration_us));
      }
      return text;
    }
    case EventKind::kTimeJump:
      return printf_text("jump %+.3f s", seconds(e.duration_us));
    case EventKind::kWearStateChanged:
      return std::string(name(static_cast<WearState>(e.previous))) + " -> " +
             name(static_cast<WearState>(e.code));
    case EventKind::kActivityChanged:
      // Class indices of the running model (its class_names name them).
      return (e.previous == 0xFF ? std::string("first: class ")
                                 : "class " + std::to_string(e.previous) + " -> ") +
             std::to_string(e.code) +
             printf_text(", confidence %.2f", static_cast<double>(e.value));
    case EventKind::kWalkingStarted:
      return std::to_string(e.count) +
             printf_text(" steps credited, confirmed %.2f s later", seconds(e.duration_us));
    case EventKind::kWalkingEnded:
      return std::to_string(e.count) + printf_text(" steps in %.1f s", seconds(e.duration_us));
    case EventKind::kStepMilestone:
      return std::to_string(e.count) + " steps";
    case EventKind::kStep:
      return "step " + std::to_string(e.count) +
             printf_text(", reported %.2f s later", seconds(e.duration_us)) +
             printf_text(", %.0f steps/min", static_cast<double>(e.value));
    case EventKind::kHeartRate: {
      const heart::HeartReason why = static_cast<heart::HeartReason>(e.code);
      return "estimate " + std::to_string(e.count) +
             printf_text(": %.1f beats/min", static_cast<double>(e.value)) +
             (why == heart::HeartReason::kValid ? std::string()
                                                : std::string(", invalid: ") + name(why));
    }
    case EventKind::kFall:
      return "fall alarm " + std::to_string(e.count) +
             printf_text(": impact %.1f g", static_cast<double>(e.value)) +
             (e.previous != 0 ? " (clipped)" : "") + ", confidence " + std::to_string(e.code) +
             " %" + printf_text(", decided %.1f s later", seconds(e.duration_us));
    case EventKind::kFallFollowUp:
      return "fall alarm " + std::to_string(e.count) + ": " +
             falls::name(static_cast<falls::FallFollowUp>(e.code)) +
             printf_text(" %.1f s after the impact", seconds(e.duration_us));
  }
  return "";
}

report::Json events_json(const EventLog& log, const EventsOutput& out) {
  report::Json j;
  j["total"] = out.total;
  j["dropped"] = out.dropped;
  report::Json kinds = report::Json::array();
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    const EventKind kind = static_cast<EventKind>(i);
    report::Json k;
    k["kind"] = name(kind);
    k["count"] = log.count(kind);
    report::Json first = report::Json::array();
    for (const Event& e : log.first(kind)) {
      report::Json ej;
      ej["t_s"] = seconds(e.t_us);
      ej["stream"] = name(e.stream);
      ej["duration_s"] = seconds(e.duration_us);
      ej["count"] = e.count;
      ej["code"] = e.code;
      ej["previous"] = e.previous;
      ej["stage"] = name(e.stage);
      ej["what"] = describe(e);
      first.push_back(std::move(ej));
    }
    k["first"] = std::move(first);
    kinds.push_back(std::move(k));
  }
  j["kinds"] = std::move(kinds);
  return j;
}

void print_events(const EventLog& log, const EventsOutput& out) {
  std::printf("\nevents: %llu", static_cast<unsigned long long>(out.total));
  if (out.dropped > 0) {
    std::printf(" (%llu dropped: the queue was full)",
                static_cast<unsigned long long>(out.dropped));
  }
  std::printf("\n");
  if (log.total() == 0) return;
  std::printf("  %-26s %7s  %s\n", "kind", "count", "first (time s, stream, what)");
  for (std::size_t i = 0; i < kEventKindCount; ++i) {
    const EventKind kind = static_cast<EventKind>(i);
    if (log.count(kind) == 0) continue;
    std::printf("  %-26s %7llu ", name(kind), static_cast<unsigned long long>(log.count(kind)));
    const char* sep = " ";
    for (const Event& e : log.first(kind)) {
      const std::string what = describe(e);
      std::printf("%s%.3f %s%s%s", sep, seconds(e.t_us), name(e.stream), what.empty() ? "" : " ",
                  what.c_str());
      sep = "; ";
    }
    if (log.count(kind) > log.first(kind).size()) std::printf("; ...");
    std::printf("\n");
  }
}

}  // namespace fusetrack::replay
