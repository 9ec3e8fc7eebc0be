// `fusetrack train-falls`: fits the shipped fall model (include/fusetrack/models/falls_wrist.hpp)
// on data a product may learn from: the simulator's falls and fall-like motions
// (docs/simulator.md) and simulated daily life, plus, where the folders exist, the ordinary-life
// recordings of the training subjects (train/fall_corpus.hpp) of the CC BY 4.0 datasets
// sp-sw-har, wisdm and oxford-steps. UMAFall (CC BY-NC) and uci-hapt (research only) are never
// used for it; `--research-umafall` writes a separate research-only model trained on UMAFall.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "eval/falls_dataset.hpp"
#include "eval/false_falls.hpp"
#include "eval/oxford_steps.hpp"
#include "eval/parallel_in_order.hpp"
#include "sim/motion_cases.hpp"
#include "sim/simulator.hpp"
#include "train/fall_corpus.hpp"
#include "train/fall_training.hpp"
#include "train/har_dataset.hpp"

namespace fusetrack::cli {

namespace {

struct TrainFallsOptions {
  std::string out;
  std::string data;  // the datasets root
  std::size_t seeds = 24;
  bool no_real = false;
  bool research_umafall = false;
  std::size_t threads = 0;
};

constexpr double kRates_hz[] = {20.0, 25.0, 50.0, 100.0, 200.0};
constexpr double kFullScales_g[] = {0.0, 8.0, 16.0};

float full_scale_m_s2(double g) {
  // No clipping: a full scale no sample reaches.
  return g > 0.0 ? static_cast<float>(g) * kGravity_m_s2 : 1.0e6f;
}

// The simulator's part: `seeds` cases of every motion kind (rates and full scales in turn), and
// `seeds` / 4 five-minute stretches of daily life (rest, walking, running, waving, typing,
// talking, a car ride) without any event.
std::vector<train::FallTrial> simulated_trials(std::size_t seeds, std::size_t threads) {
  struct Job {
    bool motion = true;
    sim::MotionKind kind = sim::MotionKind::kFallForward;
    std::uint64_t seed = 0;
    double rate_hz = 50.0, full_scale_g = 0.0;
  };
  std::vector<Job> jobs;
  for (const sim::MotionKind kind : io::kAllMotionKinds) {
    for (std::size_t s = 0; s < seeds; ++s) {
      jobs.push_back(Job{true, kind, 1000 + s, kRates_hz[s % 5], kFullScales_g[s % 3]});
    }
  }
  for (std::size_t s = 0; s < (seeds + 3) / 4; ++s) {
    jobs.push_back(Job{false, sim::MotionKind::kFallForward, 5000 + s, kRates_hz[s % 5],
                       kFullScales_g[s % 3]});
  }
  return eval::parallel_in_order<train::FallTrial>(jobs.size(), threads, [&](std::size_t i) {
    const Job& j = jobs[i];
    train::FallTrial t;
    t.subject = "sim";
    t.acc_full_scale_m_s2 = full_scale_m_s2(j.full_scale_g);
    sim::SimResult r;
    if (j.motion) {
      r = sim::simulate_motion_case(j.kind, j.rate_hz, j.seed, j.full_scale_g);
      t.activity_code = sim::motion_kind_name(j.kind);
      t.is_fall = sim::motion_kind_is_fall(j.kind);
    } else {
      sim::SimSettings s;
      s.seed = j.seed;
      s.segments = {sim::Segment::rest(30.0), sim::Segment::walk(60.0), sim::Segment::run(50.0),
                    sim::Segment::wave(30.0), sim::Segment::type(40.0), sim::Segment::talk(40.0),
                    sim::Segment::car(60.0)};
      s.imu.clock = sim::with_rate(s.imu.clock, j.rate_hz);
      s.imu.acc_full_scale_g = j.full_scale_g;
      s.mag.enabled = false;
      s.ppg.enabled = false;
      r = sim::simulate(s);
      t.activity_code = "daily_life";
    }
    t.name = "sim:" + t.activity_code + ":" + std::to_string(j.seed);
    t.samples = std::move(r.imu);
    t.duration_s = static_cast<double>(t.samples.back().t_us - t.samples.front().t_us) * 1e-6;
    return t;
  });
}

// The training subjects' recordings of the CC BY 4.0 ordinary-life folders under `root` that
// exist; `used` gets one line per folder.
std::vector<train::FallTrial> real_negatives(const std::string& root, std::size_t threads,
                                             std::string& used) {
  std::vector<train::FallTrial> out;
  const auto append = [&](std::vector<train::FallTrial> more, const std::string& what) {
    used += what + ": " + std::to_string(more.size()) + " recordings of the training subjects\n";
    for (train::FallTrial& t : more) out.push_back(std::move(t));
  };
  const std::filesystem::path r(root);
  if (std::filesystem::exists(r / "sp-sw-har")) {
    for (const bool watch : {true, false}) {
      const train::HarDataset d = train::load_sp_sw_har(
          (r / "sp-sw-har").string(), watch ? train::HarDevice::kWatch : train::HarDevice::kPhone,
          threads);
      append(train::ordinary_life_trials(d, watch ? "sp-sw-har-watch" : "sp-sw-har-phone",
                                         eval::har_acc_full_scale_m_s2(d.kind), true),
             watch ? "sp-sw-har watch (CC BY 4.0, ±8 g)" : "sp-sw-har phone (CC BY 4.0, ±8 g)");
    }
  }
  if (std::filesystem::exists(r / "wisdm")) {
    const train::HarDataset d = train::load_wisdm((r / "wisdm").string(), false, threads);
    append(train::ordinary_life_trials(d, "wisdm", eval::har_acc_full_scale_m_s2(d.kind), true),
           "wisdm watch (CC BY 4.0, ±2 g)");
  }
  if (std::filesystem::exists(r / "oxford-steps")) {
    const eval::OxfordStepsIndex index = eval::load_oxford_steps_index(r / "oxford-steps");
    std::vector<std::string> subjects;
    for (const eval::OxfordTraceInfo& t : index.traces) {
      bool known = false;
      for (const std::string& s : subjects) known = known || s == t.subject;
      if (!known) subjects.push_back(t.subject);
    }
    std::sort(subjects.begin(), subjects.end());
    std::vector<train::FallTrial> traces;
    for (const eval::OxfordTraceInfo& info : index.traces) {
      const std::size_t k = static_cast<std::size_t>(
          std::find(subjects.begin(), subjects.end(), info.subject) - subjects.begin());
      if (!train::fall_training_subject(k)) continue;
      train::FallTrial t;
      t.name = "oxford-steps:" + info.name;
      t.subject = "oxford-steps:" + info.subject;
      t.activity_code = "oxford-steps";
      t.acc_full_scale_m_s2 = eval::oxford_acc_full_scale_m_s2(info.accel_sensor);
      eval::read_oxford_acc(index, info, [&](Micros t_us, const Vec3& a) {
        ImuSample s;
        s.t_us = t_us;
        s.acc_m_s2 = a;
        s.has_gyr = false;
        t.samples.push_back(s);
      });
      if (t.samples.size() < 2) continue;
      t.duration_s = static_cast<double>(t.samples.back().t_us - t.samples.front().t_us) * 1e-6;
      traces.push_back(std::move(t));
    }
    append(std::move(traces), "oxford-steps phone (CC BY 4.0)");
  }
  return out;
}

void write_header(const std::string& dir, const train::FallModelHeader& h,
                  const train::FittedFallModel& fitted) {
  std::filesystem::create_directories(dir);
  const std::string path = (std::filesystem::path(dir) / h.file).string();
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << train::fall_model_header(h, fitted);
  std::printf("%s written: %zu training impacts (%zu falls), threshold %d, %zu bytes of data\n",
              path.c_str(), fitted.candidates, fitted.fall_candidates,
              static_cast<int>(fitted.model().threshold_logit), fitted.model().mlp->data_bytes());
}

void run_train_falls(const TrainFallsOptions& o) {
  if (o.out.empty()) {
    throw std::runtime_error(
        "--out is required: the folder the model header goes to (include/fusetrack/models to "
        "replace the shipped one)");
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::string root = o.data.empty() ? default_dataset_dir("") : o.data;
  std::vector<train::FallTrial> trials = simulated_trials(o.seeds, o.threads);
  std::size_t sim_falls = 0;
  for (const train::FallTrial& t : trials) sim_falls += t.is_fall ? 1 : 0;
  const std::size_t sim_trials = trials.size();
  std::string used;
  if (!o.no_real) {
    std::vector<train::FallTrial> real = real_negatives(root, o.threads, used);
    for (train::FallTrial& t : real) trials.push_back(std::move(t));
  }
  std::vector<const train::FallTrial*> training;
  for (const train::FallTrial& t : trials) training.push_back(&t);
  falls::FallSettings settings;
  settings.enabled = true;
  const std::unique_ptr<train::FittedFallModel> fitted = train::fit_fall_model(training, settings);

  train::FallModelHeader h;
  h.name = "falls-wrist";
  h.symbol = "kFallsWrist";
  h.file = "falls_wrist.hpp";
  h.provenance =
      "Trained on data a product may learn from:\n"
      "  the simulator: " +
      std::to_string(sim_trials) + " recordings: " + std::to_string(sim_falls) +
      " falls (forward, backward, lateral), " + std::to_string(o.seeds) +
      " cases each of clapping, hopping,\n"
      "  sitting down hard and dropping the arm (20-200 Hz, unclipped and clipped at 8 and 16 g)\n"
      "  and " +
      std::to_string(sim_trials - sim_falls - 4 * o.seeds) +
      " stretches of simulated daily life;\n" +
      (used.empty() ? std::string("  no real recordings\n") : "") + used +
      "Real recordings: only the subjects at even positions of each dataset's sorted subject\n"
      "list (train::fall_training_subject); `eval false-falls` scores the others apart.\n"
      "Never trained on UMAFall (CC BY-NC) or uci-hapt (research only).\n";
  write_header(o.out, h, *fitted);

  if (o.research_umafall) {
    const eval::FallsDataset d =
        eval::load_falls_dataset(std::filesystem::path(root) / "falls", o.threads);
    std::vector<const train::FallTrial*> um;
    for (const train::FallTrial& t : d.trials) um.push_back(&t);
    for (const train::FallTrial& t : trials) {
      if (t.subject != "sim") um.push_back(&t);
    }
    const std::unique_ptr<train::FittedFallModel> research = train::fit_fall_model(um, settings);
    train::FallModelHeader r;
    r.name = "falls-wrist-umafall";
    r.symbol = "kFallsWristUmafall";
    r.file = "falls_wrist_umafall.hpp";
    r.research_only = true;
    r.provenance = "Trained on all " + std::to_string(d.trials.size()) +
                   " UMAFall wrist trials of the falls folder (CC BY-NC 4.0) and the real\n"
                   "ordinary-life recordings listed for falls_wrist.hpp. Select it with\n"
                   "FallSettings::model = &models::kFallsWristUmafall.\n";
    write_header(o.out, r, *research);
  }
  std::printf("train-falls: %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace

void register_train_falls(CLI::App& app) {
  auto o = std::make_shared<TrainFallsOptions>();
  auto* cmd = app.add_subcommand(
      "train-falls",
      "Fit the shipped fall model: the detector's 13 features of every impact of the simulator's "
      "falls and fall-like motions and of ordinary-life recordings (the training subjects of "
      "sp-sw-har, wisdm and oxford-steps, CC BY 4.0, where the folders exist), a 13-16-2 network "
      "quantized to int8, and its alarm threshold; writes falls_wrist.hpp. Same data give the "
      "same header, byte for byte.");
  cmd->add_option("--out", o->out, "folder for the model header (include/fusetrack/models)");
  cmd->add_option("--data", o->data,
                  "the datasets folder; default $FUSETRACK_DATASETS, else ../shared/datasets");
  cmd->add_option("--seeds", o->seeds, "simulated cases per motion kind")
      ->check(integer_in(1, 1000))
      ->capture_default_str();
  cmd->add_flag("--no-real", o->no_real, "the simulator only: no real recordings");
  cmd->add_flag("--research-umafall", o->research_umafall,
                "also write falls_wrist_umafall.hpp, a RESEARCH-ONLY model trained on the falls "
                "folder (UMAFall, CC BY-NC 4.0): never a default");
  cmd->add_option("--threads", o->threads, "worker threads in [0, 1024] (0 = all cores)")
      ->check(integer_in(0, 1024))
      ->capture_default_str();
  cmd->callback([o] { run_train_falls(*o); });
}

}  // namespace fusetrack::cli
