#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/actions.hpp"
#include "app/reports.hpp"
#include "cli/context.hpp"

namespace kompass::cli {
namespace {

// Every option of the action commands; an option left out keeps the action's value (see app::ActionInput).
struct ActionArgs {
  std::string evaluation;
  long action_id = 0;
  std::string title;
  std::string description;
  std::string owner;
  std::string start;
  std::string due;
  std::string status;
  std::string effect;
  int area = 0;
  std::vector<long> findings;
  std::string note;
  std::string note_date;
  std::string today;
  std::string output;
  std::string format;
  std::string language;
  bool overdue = false;
  bool json = false;
};

// The options add and update share, bound to `args`; the returned options tell which were given.
struct FieldOptions {
  CLI::Option* title = nullptr;
  CLI::Option* description = nullptr;
  CLI::Option* owner = nullptr;
  CLI::Option* start = nullptr;
  CLI::Option* due = nullptr;
  CLI::Option* status = nullptr;
  CLI::Option* effect = nullptr;
  CLI::Option* area = nullptr;
  CLI::Option* findings = nullptr;
};

FieldOptions add_field_options(CLI::App* command, Context& ctx, ActionArgs& args) {
  FieldOptions options;
  options.title = command->add_option("--title", args.title, ctx.text("opt_action_title"));
  options.findings = command->add_option("--finding", args.findings, ctx.text("opt_action_finding"));
  options.area = command->add_option("--area", args.area, ctx.text("opt_action_area"));
  options.owner = command->add_option("--owner", args.owner, ctx.text("opt_action_owner"));
  options.description = command->add_option("--description", args.description, ctx.text("opt_action_description"));
  options.start = command->add_option("--start", args.start, ctx.text("opt_action_start"));
  options.due = command->add_option("--due", args.due, ctx.text("opt_action_due"));
  options.status = command->add_option("--status", args.status, ctx.text("opt_action_status"));
  options.effect = command->add_option("--effect", args.effect, ctx.text("opt_action_effect"));
  return options;
}

app::ActionInput input_of(const FieldOptions& options, const ActionArgs& args) {
  app::ActionInput input;
  auto given = [](const CLI::Option* option) { return option->count() > 0; };
  const std::pair<const CLI::Option*, std::pair<std::optional<std::string>*, const std::string*>> texts[] = {
      {options.title, {&input.title, &args.title}},
      {options.description, {&input.description, &args.description}},
      {options.owner, {&input.owner, &args.owner}},
      {options.start, {&input.start_date, &args.start}},
      {options.due, {&input.due_date, &args.due}},
      {options.status, {&input.status, &args.status}},
      {options.effect, {&input.expected_effect, &args.effect}}};
  for (const auto& [option, binding] : texts) {
    if (given(option)) {
      *binding.first = *binding.second;
    }
  }
  if (given(options.area)) {
    input.area = args.area;
  }
  if (given(options.findings)) {
    input.finding_ids = args.findings;
  }
  return input;
}

// The login running the command, as the store's audit log names it.
std::string cli_author() {
  const char* login = std::getenv("USER");
  return std::string("cli:") + (login && *login ? login : "unknown");
}

std::string action_details(const Context& ctx, const model::Action& action, const std::string& today) {
  std::vector<std::string> parts;
  if (!action.owner.empty()) {
    parts.push_back(action.owner);
  }
  if (!action.start_date.empty()) {
    parts.push_back(ctx.text("action_plan_start", {{"start", action.start_date}}));
  }
  if (!action.due_date.empty()) {
    parts.push_back(ctx.text("action_plan_due", {{"due", action.due_date}}));
  }
  parts.push_back(ctx.text(std::string("action_status_") + model::to_string(action.status)));
  if (app::is_overdue(action, today)) {
    parts.push_back(ctx.text("action_overdue"));
  }
  std::string text;
  for (const auto& part : parts) {
    text += (text.empty() ? "" : ", ") + part;
  }
  return text;
}

void print_action(Context& ctx, const model::Action& action, int area, const std::string& today,
                  const std::string& indent) {
  std::map<std::string, std::string> args{{"id", std::to_string(action.id)},
                                          {"area", std::to_string(action.area)},
                                          {"title", action.title},
                                          {"details", action_details(ctx, action, today)}};
  ctx.out << indent << ctx.text(action.area == area ? "action_plan_action" : "action_plan_action_other_area", args)
          << '\n';
  for (const auto& note : action.notes) {
    ctx.out << indent << "  " << ctx.text("action_plan_note", {{"date", note.date}, {"text", note.text}}) << '\n';
  }
}

void print_overdue(Context& ctx, const app::ActionPlan& plan) {
  if (plan.overdue.empty()) {
    ctx.out << ctx.text("action_plan_overdue_none") << '\n';
    return;
  }
  ctx.out << ctx.text("action_plan_overdue_heading") << '\n';
  for (long id : plan.overdue) {
    if (const auto* action = plan.action(id)) {
      print_action(ctx, *action, action->area, plan.today, "  ");
    }
  }
}

void print_plan(Context& ctx, const app::ActionPlan& plan, bool overdue_only) {
  const std::string language = ctx.language == model::UiLanguage::en ? "en" : "sv";
  ctx.out << ctx.text(
                 "action_plan_heading",
                 {{"municipality", plan.municipality}, {"year", std::to_string(plan.year)}, {"id", plan.evaluation_id}})
          << '\n';
  std::map<std::string, std::string> counts{{"findings", std::to_string(plan.findings)},
                                            {"with", std::to_string(plan.findings_with_actions)},
                                            {"without", std::to_string(plan.findings - plan.findings_with_actions)},
                                            {"actions", std::to_string(plan.actions.size())},
                                            {"overdue", std::to_string(plan.overdue.size())}};
  for (const auto& [status, count] : plan.by_status) {
    counts[model::to_string(status)] = std::to_string(count);
  }
  ctx.out << ctx.text("action_plan_counts", counts) << '\n';
  if (!overdue_only) {
    for (const auto& area : plan.areas) {
      ctx.out << '\n'
              << ctx.text("action_plan_area", {{"number", std::to_string(area.number)},
                                               {"title", area.title.in(language, plan.framework_language)},
                                               {"with", std::to_string(area.with_actions)},
                                               {"findings", std::to_string(area.findings.size())}})
              << '\n';
      for (const auto& item : area.findings) {
        const auto& finding = item.finding;
        ctx.out << "  "
                << ctx.text("action_plan_finding",
                            {{"id", std::to_string(finding.id)},
                             {"kind", ctx.text(std::string("kind_") + model::to_string(finding.kind))},
                             {"text", finding.text}})
                << '\n';
        if (item.action_ids.empty()) {
          ctx.out << "    " << ctx.text("action_plan_no_action") << '\n';
        }
        for (long id : item.action_ids) {
          if (const auto* action = plan.action(id)) {
            print_action(ctx, *action, area.number, plan.today, "    ");
          }
        }
      }
    }
  }
  ctx.out << '\n';
  print_overdue(ctx, plan);
}

} // namespace

void add_action_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ActionArgs>();
  auto* action = app.add_subcommand("action", ctx.text("cmd_action"));
  action->require_subcommand(1);

  auto* add = action->add_subcommand("add", ctx.text("cmd_action_add"));
  add->add_option("evaluation", args->evaluation, ctx.text("opt_evaluation_id"))->required();
  auto add_fields = add_field_options(add, ctx, *args);
  add->callback([&ctx, args, add_fields] {
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(id, app::add_action(**store, args->evaluation, input_of(add_fields, *args)));
    ctx.out << *id << '\n';
  });

  auto* list = action->add_subcommand("list", ctx.text("cmd_action_list"));
  list->add_option("evaluation", args->evaluation, ctx.text("opt_evaluation_id"))->required();
  list->add_flag("--overdue", args->overdue, ctx.text("opt_action_overdue"));
  list->add_option("--today", args->today, ctx.text("opt_action_today"));
  list->add_flag("--json", args->json, ctx.text("opt_json"));
  list->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(plan, app::action_plan(**store, args->evaluation, args->today));
    if (args->json && args->overdue) {
      std::vector<model::Action> overdue;
      for (long id : plan->overdue) {
        overdue.push_back(*plan->action(id));
      }
      ctx.out << app::actions_json(overdue, plan->today);
      return;
    }
    if (args->json) {
      ctx.out << app::action_plan_json(*plan);
      return;
    }
    print_plan(ctx, *plan, args->overdue);
  });

  auto* update = action->add_subcommand("update", ctx.text("cmd_action_update"));
  update->add_option("action", args->action_id, ctx.text("opt_action_id"))->required();
  auto update_fields = add_field_options(update, ctx, *args);
  auto* note = update->add_option("--note", args->note, ctx.text("opt_action_note"));
  update->add_option("--note-date", args->note_date, ctx.text("opt_action_note_date"))->needs(note);
  update->callback([&ctx, args, update_fields, note] {
    std::optional<model::ProgressNote> progress;
    if (note->count() > 0) {
      progress = model::ProgressNote{args->note_date, args->note, cli_author()};
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(updated, app::update_action(**store, args->action_id, input_of(update_fields, *args), progress));
    ctx.out << ctx.text("action_updated", {{"id", std::to_string(updated->id)}}) << '\n';
  });

  auto* output = action->add_subcommand("export", ctx.text("cmd_action_export"));
  output->add_option("evaluation", args->evaluation, ctx.text("opt_evaluation_id"))->required();
  output->add_option("-o,--output", args->output, ctx.text("opt_action_output"))->required();
  output->add_option("--format", args->format, ctx.text("opt_action_format"))
      ->check(CLI::IsMember({"xlsx", "pdf", "html"}));
  output->add_option("--lang", args->language, ctx.text("opt_action_lang"))->check(CLI::IsMember({"sv", "nb", "en"}));
  output->add_option("--today", args->today, ctx.text("opt_action_today"));
  output->callback([&ctx, args] {
    auto format = args->format.empty() ? app::format_from_path(args->output) : app::parse_report_format(args->format);
    if (!format) {
      ctx.fail(model::make_error(model::ErrorKind::bad_input, "action_plan_format_unknown", {{"file", args->output}},
                                 "--format"));
      return;
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(written,
                app::write_action_plan(**store, args->evaluation, *format, args->language, args->output, args->today));
    ctx.out << ctx.text("action_plan_written", {{"file", args->output}}) << '\n';
  });
}

} // namespace kompass::cli
