#include <CLI/CLI.hpp>

#include "app/followup.hpp"
#include "app/reevaluation.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace kompass::cli {
namespace {

struct FollowupArgs {
  std::string id;
  std::vector<std::string> keys;
  bool all = false;
  bool json = false;
};

std::string signed_points(const std::optional<int>& difference) {
  if (!difference) {
    return "";
  }
  return (*difference > 0 ? "+" : "") + std::to_string(*difference);
}

// "44 → 50 (+6)", with "ej bedömd" for an unknown side.
std::string change_text(Context& ctx, const scoring::PointsChange& change) {
  std::string text = format_points(change.previous, ctx.language) + " → " + format_points(change.current, ctx.language);
  return change.difference ? text + " (" + signed_points(change.difference) + ")" : text;
}

void print_followup(Context& ctx, const app::FollowupView& view) {
  const auto& result = view.followup;
  const auto& current = view.current.evaluation;
  const auto& baseline = view.baseline.evaluation;
  ctx.out << ctx.text("followup_heading", {{"id", current.id}, {"baseline", baseline.id}}) << '\n';
  const auto& comparison = result.comparison;
  if (comparison.comparability == scoring::Comparability::interval) {
    ctx.out << ctx.text("followup_interval", {{"previous", format_points(result.total.previous, ctx.language)},
                                              {"low", std::to_string(*comparison.low)},
                                              {"high", std::to_string(*comparison.high)}})
            << '\n';
  } else if (result.edition_changed) {
    ctx.out << ctx.text("followup_edition_changed", {{"from", baseline.framework_id}, {"to", current.framework_id}})
            << '\n';
  }
  ctx.out << '\n';
  Table table({ctx.text("col_area"), ctx.text("followup_col_previous"), ctx.text("followup_col_current"),
               ctx.text("followup_col_difference")},
              {Align::left, Align::right, Align::right, Align::right});
  for (const auto& change : result.areas) {
    const auto* area = view.current.framework.find_area(std::stoi(change.id));
    table.add({change.id + (area != nullptr ? " " + area->title.in(current.language) : ""),
               change.previous_max == 0 ? "–" : format_points(change.previous, ctx.language),
               format_points(change.current, ctx.language), signed_points(change.difference)});
  }
  table.add({ctx.text("label_total"), format_points(result.total.previous, ctx.language),
             format_points(result.total.current, ctx.language), signed_points(result.total.difference)});
  table.print(ctx.out);
  if (!result.findings.empty()) {
    ctx.out << '\n' << ctx.text("followup_findings") << '\n';
    for (const auto& outcome : result.findings) {
      const auto& finding = outcome.finding;
      ctx.out << "  "
              << ctx.text("followup_finding",
                          {{"place", finding.sub_area.empty() ? std::to_string(finding.area) : finding.sub_area},
                           {"kind", ctx.text(std::string("kind_") + model::to_string(finding.kind))},
                           {"text", finding.text},
                           {"fate", ctx.text(std::string("followup_fate_") + scoring::to_string(outcome.fate))}})
              << '\n';
    }
  }
  if (!result.actions.empty()) {
    ctx.out << '\n' << ctx.text("followup_actions") << '\n';
    for (const auto& outcome : result.actions) {
      const auto& action = outcome.action;
      std::string line = ctx.text(
          "followup_action", {{"title", action.title},
                              {"area", std::to_string(action.area)},
                              {"status", ctx.text(std::string("followup_status_") + model::to_string(action.status))}});
      if (outcome.area) {
        line += "; " + ctx.text("followup_action_area",
                                {{"area", std::to_string(action.area)}, {"change", change_text(ctx, *outcome.area)}});
      }
      ctx.out << "  " << line << '\n';
    }
  }
}

} // namespace

void add_followup_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<FollowupArgs>();
  auto* evaluation = app.get_subcommand("evaluation");
  auto* followup = evaluation->add_subcommand("followup", ctx.text("cmd_evaluation_followup"));
  followup->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  followup->add_flag("--json", args->json, ctx.text("opt_json"));
  followup->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(view, app::evaluation_followup(**store, args->id));
    if (args->json) {
      ctx.out << app::followup_json(*view) << '\n';
      return;
    }
    print_followup(ctx, *view);
  });

  auto* source = app.get_subcommand("source");
  auto* reuse = source->add_subcommand("reuse", ctx.text("cmd_source_reuse"));
  reuse->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  auto* keys = reuse->add_option("keys", args->keys, ctx.text("opt_reuse_keys"));
  reuse->add_flag("--all", args->all, ctx.text("opt_reuse_all"))->excludes(keys);
  reuse->callback([&ctx, args] {
    if (!args->all && args->keys.empty()) {
      ctx.fail(model::make_error(model::ErrorKind::bad_input, "reuse_needs_keys", {}, "keys"));
      return;
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(reused, app::reuse_sources(**store, args->id, app::SourceChoice{args->all, args->keys}));
    ctx.out << ctx.text("sources_reused", {{"count", std::to_string(reused->size())}, {"id", args->id}}) << '\n';
  });
}

} // namespace kompass::cli
