// Ranking latency on one store: opens the store at a location (an SQLite file or a postgresql:// URL, as
// `kompass --db` does) and calls app::rank, the use case behind `kompass rank`, over every published evaluation of
// an edition: a few untimed warm-up calls (at least one: the first, which fills the derived points after an import,
// is timed on its own as first_call_ms), then RUNS timed ones. Prints the ranking's size, p50/p95/max in
// milliseconds, this process's CPU time (p50: the client's work without waiting for the server), the store's share
// (list_ranking_entries alone, p50), a digest of the ranked rows (rank, evaluation, points, in order), so
// bench/store.sh can check that both backends ranked the same, and the first-ranked evaluation's id, a published
// evaluation to read through the API. Exit status: 0 when the p95 meets --goal-ms (or no goal is given), 1 when it is
// missed, 2 when the benchmark could not run.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "app/benchmarks.hpp"
#include "bench_util.hpp"
#include "model/messages.hpp"
#include "store/store.hpp"

namespace {

using kompass::bench::describe;
using kompass::bench::die;
using kompass::bench::thread_cpu_ms;

using Clock = std::chrono::steady_clock;

struct Options {
  std::string db;
  std::string framework = kompass::app::k_default_rank_framework;
  int runs = 30;
  int warmup = 3;
  double goal_ms = 0; // 0: no goal
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&] { return kompass::bench::option_value(argc, argv, i); };
    if (arg == "--db") {
      options.db = value();
    } else if (arg == "--framework") {
      options.framework = value();
    } else if (arg == "--runs") {
      options.runs = std::max(1, std::atoi(value().c_str()));
    } else if (arg == "--warmup") {
      options.warmup = std::max(0, std::atoi(value().c_str()));
    } else if (arg == "--goal-ms") {
      options.goal_ms = std::atof(value().c_str());
    } else {
      die("usage: kompass_bench_store --db LOCATION [--framework ID] [--runs N] [--warmup N] [--goal-ms MS]");
    }
  }
  if (options.db.empty()) {
    die("--db is required");
  }
  return options;
}

// This thread's CPU time: the client's own work, without the waits for the database server.
double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

// FNV-1a over the ranked rows, so that two runs (or two backends) can be compared by one number.
std::uint64_t digest(const kompass::app::Ranking& ranking) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto add = [&hash](const std::string& text) {
    for (unsigned char c : text) {
      hash = (hash ^ c) * 0x100000001b3ULL;
    }
    hash = (hash ^ 0xffU) * 0x100000001b3ULL;
  };
  for (const auto& row : ranking.rows) {
    add(std::to_string(row.rank));
    add(row.evaluation_id);
    add(row.name);
    add(std::to_string(row.year));
    add(std::to_string(row.points));
  }
  for (const auto& figure : ranking.distributions) {
    add(std::to_string(figure.distribution.count));
    add(std::to_string(figure.distribution.mean.value_or(-1)));
    add(std::to_string(figure.distribution.median.value_or(-1)));
  }
  return hash;
}

} // namespace

int main(int argc, char** argv) {
  kompass::bench::g_program = "kompass_bench_store";
  auto options = parse_options(argc, argv);
  auto opened = kompass::store::open_store(options.db);
  if (!opened) {
    die("cannot open the store: " + describe(opened.error()));
  }
  auto& store = **opened;
  kompass::app::RankRequest request;
  request.framework = options.framework;

  auto once = [&]() {
    auto ranking = kompass::app::rank(store, request);
    if (!ranking) {
      die("rank failed: " + describe(ranking.error()));
    }
    return std::move(*ranking);
  };
  // The first call after an import also fills the derived points (app::refresh_points), a one-time cost: timed on
  // its own, outside the runs.
  auto first_start = Clock::now();
  once();
  const double first_call_ms = std::chrono::duration<double, std::milli>(Clock::now() - first_start).count();
  for (int i = 1; i < options.warmup; ++i) {
    once();
  }
  std::vector<double> ms;
  std::vector<double> cpu_ms;
  kompass::app::Ranking last;
  for (int i = 0; i < options.runs; ++i) {
    auto start = Clock::now();
    auto cpu_start = thread_cpu_ms();
    last = once();
    cpu_ms.push_back(thread_cpu_ms() - cpu_start);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  // The store's part of it: the listing of published evaluations with their stored points that rank reads, in a
  // read transaction of its own, timed the same way.
  kompass::store::EvaluationFilter filter;
  filter.framework_id = options.framework;
  filter.statuses = {kompass::model::Status::published};
  auto list = [&]() {
    auto listed = kompass::store::in_transaction(
        store, [&]() { return store.list_ranking_entries(filter); }, kompass::store::Access::read);
    if (!listed) {
      die("list_ranking_entries failed: " + describe(listed.error()));
    }
    return listed->size();
  };
  std::vector<double> store_ms;
  for (int i = 0; i < options.runs; ++i) {
    auto start = Clock::now();
    list();
    store_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  const double p95 = percentile(ms, 0.95);
  std::printf("ranked=%zu published=%d runs=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f cpu_p50_ms=%.2f store_p50_ms=%.2f "
              "first_call_ms=%.1f digest=%016llx "
              "first=%s\n",
              last.rows.size(), last.published, options.runs, percentile(ms, 0.50), p95, percentile(ms, 1.0),
              percentile(cpu_ms, 0.50), percentile(store_ms, 0.50), first_call_ms,
              static_cast<unsigned long long>(digest(last)),
              last.rows.empty() ? "-" : last.rows.front().evaluation_id.c_str());
  if (last.rows.empty()) {
    std::cerr << "kompass_bench_store: the ranking is empty: the store holds no published evaluation of "
              << options.framework << '\n';
    return 2;
  }
  return options.goal_ms > 0 && p95 > options.goal_ms ? 1 : 0;
}
