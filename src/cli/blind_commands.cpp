// evaluation blind, scoring-done and reconcile, and evaluator drift: blind double scoring on the command line,
// which is a local operator and sees what an admin sees.

#include <memory>

#include <CLI/CLI.hpp>

#include "app/blind.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace kompass::cli {
namespace {

struct BlindArgs {
  std::string id;
  std::vector<std::string> evaluators;
  std::string evaluator;
  std::string question;
  int area = 0;
  int points = 0;
  std::string note;
  bool accept_agreed = false;
  bool json = false;
};

std::string names_of(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

// Two decimals with a sign ("+0,50", "-0,80"), as a drift reads best: higher or lower than agreed.
std::string signed_decimal(const Context& ctx, double value) {
  std::string text = format_decimal(value, ctx.language, 2);
  return text.front() == '-' || text == format_decimal(0, ctx.language, 2) ? text : "+" + text;
}

void print_state(Context& ctx, const app::BlindState& state) {
  std::vector<std::string> done;
  for (const auto& scorer : state.scorers) {
    if (!scorer.done_at.empty()) {
      done.push_back(scorer.evaluator);
    }
  }
  if (state.revealed()) {
    ctx.out << ctx.text("blind_all_done", {{"id", state.evaluation_id}}) << '\n';
    return;
  }
  ctx.out << ctx.text("blind_waiting", {{"id", state.evaluation_id},
                                        {"done", done.empty() ? "-" : names_of(done)},
                                        {"pending", names_of(state.pending())}})
          << '\n';
}

void start(Context& ctx, const BlindArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(state, app::start_blind_scoring(**store, args.id, args.evaluators));
  if (args.json) {
    ctx.out << app::blind_state_json(*state) << '\n';
    return;
  }
  std::vector<std::string> names;
  for (const auto& scorer : state->scorers) {
    names.push_back(scorer.evaluator);
  }
  ctx.out << ctx.text("blind_started", {{"id", args.id}, {"evaluators", names_of(names)}}) << '\n';
}

void scoring_done(Context& ctx, const BlindArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(state, app::mark_own_scoring_done(**store, args.id, args.evaluator));
  if (args.json) {
    ctx.out << app::blind_state_json(*state) << '\n';
    return;
  }
  ctx.out << ctx.text("blind_marked_done", {{"id", args.id}, {"evaluator", args.evaluator}}) << '\n';
  print_state(ctx, *state);
}

void show_reconciliation(Context& ctx, const BlindArgs& args, store::Store& store) {
  KOMPASS_TRY(result, app::reconciliation(store, args.id));
  if (args.json) {
    ctx.out << app::reconciliation_json(*result) << '\n';
    return;
  }
  ctx.out << ctx.text("reconcile_heading", {{"id", result->evaluation_id}, {"scorers", names_of(result->scorers)}})
          << '\n';
  if (result->differences.empty()) {
    ctx.out << ctx.text("reconcile_no_differences") << '\n';
  } else {
    ctx.out << ctx.text("reconcile_differences") << '\n';
  }
  for (const auto& item : result->differences) {
    std::string points;
    for (const auto& score : item.scores) {
      points += (points.empty() ? "" : ", ") + score.evaluator + " " + std::to_string(score.points);
    }
    ctx.out << "  "
            << ctx.text("reconcile_item", {{"target", item.target_id},
                                           {"points", points},
                                           {"max", std::to_string(item.max)},
                                           {"spread", std::to_string(item.spread)}})
            << '\n';
    for (const auto& score : item.scores) {
      if (!score.rationale.empty()) {
        ctx.out << "    " << score.evaluator << ": " << score.rationale << '\n';
      }
    }
    if (item.agreed) {
      ctx.out << "    "
              << ctx.text("reconcile_agreed",
                          {{"points", std::to_string(item.agreed->points)}, {"note", item.agreed->rationale}})
              << '\n';
    }
  }
  ctx.out << ctx.text("reconcile_summary", {{"agreeing", std::to_string(result->agreeing)},
                                            {"agreeing_pending", std::to_string(result->agreeing_pending)},
                                            {"differing_pending", std::to_string(result->differing_pending)}})
          << '\n';
  if (result->agreeing_pending > 0) {
    ctx.out << ctx.text("reconcile_accept_hint", {{"id", result->evaluation_id}}) << '\n';
  }
}

void reconcile(Context& ctx, const BlindArgs& args, bool question, bool area, bool points) {
  KOMPASS_TRY(store, ctx.store());
  if (args.accept_agreed) {
    const std::string note = args.note.empty() ? ctx.text("reconcile_default_note") : args.note;
    KOMPASS_TRY(recorded, app::accept_agreeing(**store, args.id, note));
    ctx.out << ctx.text("reconcile_accepted", {{"id", args.id}, {"count", std::to_string(*recorded)}}) << '\n';
    return;
  }
  if (question || area) {
    if (!points) {
      ctx.fail(
          model::make_error(model::ErrorKind::bad_input, "cli_option_required", {{"option", "--points"}}, "points"));
      return;
    }
    const auto target = question ? model::ScoreTarget::question : model::ScoreTarget::area;
    const std::string target_id = question ? args.question : std::to_string(args.area);
    KOMPASS_TRY(recorded, app::record_agreed_score(**store, args.id, target, target_id, args.points, args.note));
    ctx.out << ctx.text("reconcile_recorded", {{"target", target_id}, {"points", std::to_string(args.points)}}) << '\n';
    return;
  }
  if (points) {
    ctx.fail(model::make_error(model::ErrorKind::bad_input, "score_needs_target", {}, "question"));
    return;
  }
  show_reconciliation(ctx, args, **store);
}

void drift(Context& ctx, const BlindArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(entries, app::evaluator_drift(**store));
  if (args.json) {
    ctx.out << app::drift_json(*entries) << '\n';
    return;
  }
  if (entries->empty()) {
    ctx.out << ctx.text("drift_none") << '\n';
    return;
  }
  Table table({ctx.text("col_evaluator"), ctx.text("col_evaluations"), ctx.text("col_scores"),
               ctx.text("col_mean_signed"), ctx.text("col_mean_absolute")},
              {Align::left, Align::right, Align::right, Align::right, Align::right});
  for (const auto& entry : *entries) {
    table.add({entry.evaluator, std::to_string(entry.evaluations), std::to_string(entry.scores),
               signed_decimal(ctx, entry.mean_signed), format_decimal(entry.mean_absolute, ctx.language, 2)});
  }
  table.print(ctx.out);
  ctx.out << '\n' << ctx.text("drift_explained") << '\n';
}

} // namespace

void add_blind_commands(CLI::App& app, Context& ctx) {
  auto* evaluation = app.get_subcommand("evaluation");
  auto args = std::make_shared<BlindArgs>();

  auto* blind = evaluation->add_subcommand("blind", ctx.text("cmd_evaluation_blind"));
  blind->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  blind->add_option("--evaluator", args->evaluators, ctx.text("opt_blind_evaluator"))->required();
  blind->add_flag("--json", args->json, ctx.text("opt_json"));
  blind->callback([&ctx, args] { start(ctx, *args); });

  auto* done = evaluation->add_subcommand("scoring-done", ctx.text("cmd_evaluation_scoring_done"));
  done->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  done->add_option("--evaluator", args->evaluator, ctx.text("opt_blind_done_evaluator"))->required();
  done->add_flag("--json", args->json, ctx.text("opt_json"));
  done->callback([&ctx, args] { scoring_done(ctx, *args); });

  auto* reconcile_command = evaluation->add_subcommand("reconcile", ctx.text("cmd_evaluation_reconcile"));
  reconcile_command->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  auto* question = reconcile_command->add_option("--question", args->question, ctx.text("opt_reconcile_question"));
  auto* area = reconcile_command->add_option("--area", args->area, ctx.text("opt_reconcile_area"));
  auto* points = reconcile_command->add_option("--points", args->points, ctx.text("opt_reconcile_points"));
  reconcile_command->add_option("--note", args->note, ctx.text("opt_reconcile_note"));
  auto* accept = reconcile_command->add_flag("--accept-agreed", args->accept_agreed, ctx.text("opt_accept_agreed"));
  auto* json = reconcile_command->add_flag("--json", args->json, ctx.text("opt_json"));
  question->excludes(area);
  accept->excludes(question)->excludes(area)->excludes(points);
  json->excludes(question)->excludes(area)->excludes(accept);
  reconcile_command->callback([&ctx, args, question, area, points] {
    reconcile(ctx, *args, question->count() > 0, area->count() > 0, points->count() > 0);
  });

  auto* evaluator = app.add_subcommand("evaluator", ctx.text("cmd_evaluator"));
  evaluator->require_subcommand(1);
  auto* drift_command = evaluator->add_subcommand("drift", ctx.text("cmd_evaluator_drift"));
  drift_command->add_flag("--json", args->json, ctx.text("opt_json"));
  drift_command->callback([&ctx, args] { drift(ctx, *args); });
}

} // namespace kompass::cli
