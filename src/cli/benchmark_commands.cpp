#include <memory>

#include <CLI/CLI.hpp>

#include "app/benchmarks.hpp"
#include "app/json_views.hpp"
#include "app/municipalities.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace kompass::cli {
namespace {

struct BenchmarkArgs {
  std::string framework = app::k_default_rank_framework;
  int area = 0;
  std::string country;
  std::string municipality;
  bool json = false;
};

std::string optional_figure(const std::optional<double>& value, model::UiLanguage language, int decimals) {
  return value ? format_decimal(*value, language, decimals) : "–";
}

void print_ranking(Context& ctx, const app::Ranking& ranking) {
  std::map<std::string, std::string> args{
      {"framework", ranking.framework_title},
      {"country", ranking.country ? ctx.text("rank_in_country", {{"country", *ranking.country}}) : ""},
      {"count", std::to_string(ranking.rows.size())}};
  if (ranking.area) {
    args["area"] = std::to_string(*ranking.area);
    args["title"] = ranking.area_title;
  }
  ctx.out << ctx.text(ranking.area ? "rank_heading_area" : "rank_heading_total", args) << "\n\n";
  if (ranking.rows.empty()) {
    ctx.out << ctx.text("rank_none") << '\n';
  } else {
    Table table({ctx.text("col_rank"), ctx.text("col_municipality"), ctx.text("col_country"), ctx.text("col_year"),
                 ctx.text("col_points"), ctx.text("col_evaluation")},
                {Align::right, Align::left, Align::left, Align::right, Align::right, Align::left});
    for (const auto& row : ranking.rows) {
      table.add({std::to_string(row.rank), row.name, row.municipality.country, std::to_string(row.year),
                 std::to_string(row.points), row.evaluation_id});
    }
    table.print(ctx.out);
  }
  if (auto left_out = ranking.published - static_cast<int>(ranking.rows.size()); left_out > 0) {
    ctx.out << ctx.text("rank_left_out", {{"count", std::to_string(left_out)}}) << '\n';
  }
  ctx.out << '\n' << ctx.text("rank_distribution_heading") << '\n';
  Table table(
      {ctx.text("col_area"), "n", ctx.text("col_min"), ctx.text("col_lower_quartile"), ctx.text("col_median"),
       ctx.text("col_upper_quartile"), ctx.text("col_max"), ctx.text("col_mean")},
      {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right, Align::right, Align::right});
  for (const auto& figure : ranking.distributions) {
    const auto& d = figure.distribution;
    table.add({figure.area ? std::to_string(*figure.area) + " " + figure.title : ctx.text("label_total"),
               std::to_string(d.count), optional_figure(d.min, ctx.language, 0),
               optional_figure(d.lower_quartile, ctx.language, 1), optional_figure(d.median, ctx.language, 1),
               optional_figure(d.upper_quartile, ctx.language, 1), optional_figure(d.max, ctx.language, 0),
               optional_figure(d.mean, ctx.language, 1)});
  }
  table.print(ctx.out);
}

std::string signed_points(int value) { return value > 0 ? "+" + std::to_string(value) : std::to_string(value); }

std::string change_text(Context& ctx, const app::TrendEntry& entry, const app::TrendEntry* previous) {
  if (!entry.change || !previous) {
    return "–";
  }
  const auto& comparison = entry.change->comparison;
  switch (comparison.comparability) {
  case scoring::Comparability::comparable:
    return entry.change->difference
               ? ctx.text("trend_comparable", {{"difference", signed_points(*entry.change->difference)}})
               : ctx.text("trend_comparable_unknown");
  case scoring::Comparability::interval:
    return ctx.text("trend_interval", {{"year", std::to_string(previous->year)},
                                       {"low", std::to_string(comparison.low.value_or(0))},
                                       {"high", std::to_string(comparison.high.value_or(0))}});
  case scoring::Comparability::not_comparable:
    break;
  }
  return ctx.text("trend_not_comparable");
}

void print_trend(Context& ctx, const app::Trend& trend) {
  const auto& m = trend.municipality;
  std::map<std::string, std::string> args{{"municipality", m.name},
                                          {"country", m.ref.country},
                                          {"code", m.ref.code},
                                          {"count", std::to_string(trend.entries.size())}};
  if (trend.entries.empty()) {
    ctx.out << ctx.text("trend_none", args) << '\n';
    return;
  }
  ctx.out << ctx.text("trend_heading", args) << "\n\n";
  Table table({ctx.text("col_year"), ctx.text("col_edition"), ctx.text("col_status"), ctx.text("col_total"),
               ctx.text("col_area_points"), ctx.text("col_evaluation"), ctx.text("col_change")},
              {Align::left, Align::left, Align::left, Align::right, Align::left, Align::left, Align::left});
  const app::TrendEntry* previous = nullptr;
  for (const auto& entry : trend.entries) {
    std::string areas;
    bool any_area = false;
    for (const auto& points : entry.areas) {
      areas += (areas.empty() ? "" : " ") + (points ? std::to_string(*points) : "–");
      any_area = any_area || points.has_value();
    }
    bool stored = !entry.evaluation_id.empty();
    table.add({std::to_string(entry.year), entry.edition,
               entry.status ? ctx.text(std::string("status_") + model::to_string(*entry.status)) : "–",
               stored ? format_points(entry.total, ctx.language) : ctx.text("not_known"), any_area ? areas : "–",
               stored ? entry.evaluation_id : "–", change_text(ctx, entry, previous)});
    previous = &entry;
  }
  table.print(ctx.out);
}

} // namespace

void add_benchmark_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<BenchmarkArgs>();

  auto* rank = app.add_subcommand("rank", ctx.text("cmd_rank"));
  rank->add_option("--framework", args->framework, ctx.text("opt_rank_framework"));
  auto* area = rank->add_option("--area", args->area, ctx.text("opt_rank_area"));
  auto* country = rank->add_option("--country", args->country, ctx.text("opt_rank_country"));
  rank->add_flag("--json", args->json, ctx.text("opt_json"));
  rank->callback([&ctx, args, area, country] {
    app::RankRequest request;
    request.framework = args->framework;
    if (area->count()) {
      request.area = args->area;
    }
    if (country->count()) {
      request.country = args->country;
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(ranking, app::rank(**store, request));
    if (args->json) {
      ctx.out << app::ranking_json(*ranking);
    } else {
      print_ranking(ctx, *ranking);
    }
  });

  auto* trend = app.add_subcommand("trend", ctx.text("cmd_trend"));
  trend->add_option("municipality", args->municipality, ctx.text("opt_trend_municipality"))->required();
  trend->add_flag("--json", args->json, ctx.text("opt_json"));
  trend->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(ref, app::resolve_municipality(**store, args->municipality));
    KOMPASS_TRY(result, app::trend(**store, *ref));
    if (args->json) {
      ctx.out << app::trend_json(*result);
    } else {
      print_trend(ctx, *result);
    }
  });
}

} // namespace kompass::cli
