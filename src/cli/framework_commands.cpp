#include <CLI/CLI.hpp>

#include "app/catalog.hpp"
#include "app/json_views.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "resources/resources.hpp"

namespace kompass::cli {
namespace {

void print_problems(Context& ctx, const std::string& name, const std::vector<app::FrameworkProblem>& problems) {
  for (const auto& problem : problems) {
    ctx.out << name << ':' << problem.line << ':' << problem.column << ": "
            << model::render(ctx.language, problem.error) << '\n';
  }
}

std::string level_name(Context& ctx, model::FrameworkLevel level) {
  return ctx.text(level == model::FrameworkLevel::question ? "level_question" : "level_area");
}

struct FrameworkArgs {
  std::vector<std::string> files;
  std::string file;
  std::string id;
  std::string version;
  bool json = false;
};

} // namespace

void add_framework_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<FrameworkArgs>();

  app.add_subcommand("init", ctx.text("cmd_init"))->callback([&ctx] {
    KOMPASS_TRY(store, ctx.store_uninitialised());
    KOMPASS_TRY(reports, app::load_shipped_frameworks(**store));
    for (const auto& report : *reports) {
      ctx.out << ctx.text(report.outcome == app::LoadOutcome::loaded ? "framework_loaded" : "framework_already_loaded",
                          {{"id", report.id}, {"version", report.version}})
              << '\n';
    }
    ctx.out << ctx.text("init_done", {{"db", ctx.db_location}}) << '\n';
  });

  auto* framework = app.add_subcommand("framework", ctx.text("cmd_framework"));
  framework->require_subcommand(1);

  auto* validate = framework->add_subcommand("validate", ctx.text("cmd_framework_validate"));
  validate->add_option("files", args->files, ctx.text("opt_framework_files"));
  validate->callback([&ctx, args] {
    std::vector<std::pair<std::string, std::string>> inputs;
    if (args->files.empty()) {
      for (const auto& entry : resources::under("data/frameworks/")) {
        inputs.emplace_back(std::string(entry.path), std::string(entry.bytes));
      }
    }
    for (const auto& path : args->files) {
      KOMPASS_TRY(text, read_file(path));
      inputs.emplace_back(path, *text);
    }
    bool all_valid = true;
    for (const auto& [name, text] : inputs) {
      auto problems = app::validate_framework(text);
      if (problems.empty()) {
        ctx.out << ctx.text("framework_valid", {{"file", name}}) << '\n';
      } else {
        all_valid = false;
        print_problems(ctx, name, problems);
      }
    }
    if (!all_valid) {
      ctx.exit_code = 1;
    }
  });

  auto* load = framework->add_subcommand("load", ctx.text("cmd_framework_load"));
  load->add_option("file", args->file, ctx.text("opt_framework_file"))->required();
  load->callback([&ctx, args] {
    KOMPASS_TRY(text, read_file(args->file));
    KOMPASS_TRY(store, ctx.store());
    std::vector<app::FrameworkProblem> problems;
    auto report = app::load_framework(**store, *text, &problems);
    if (!report) {
      print_problems(ctx, args->file, problems);
      ctx.fail(report.error());
      return;
    }
    ctx.out << ctx.text(report->outcome == app::LoadOutcome::loaded ? "framework_loaded" : "framework_already_loaded",
                        {{"id", report->id}, {"version", report->version}})
            << '\n';
  });

  auto* list = framework->add_subcommand("list", ctx.text("cmd_framework_list"));
  list->add_flag("--json", args->json, ctx.text("opt_json"));
  list->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(frameworks, app::list_frameworks(**store));
    if (args->json) {
      ctx.out << app::framework_list_json(*frameworks);
      return;
    }
    Table table({ctx.text("col_id"), ctx.text("col_version"), ctx.text("col_title"), ctx.text("col_level"),
                 ctx.text("col_areas"), ctx.text("col_subareas"), ctx.text("col_questions"), ctx.text("col_max"),
                 ctx.text("col_aliases")},
                {Align::left, Align::left, Align::left, Align::left, Align::right, Align::right, Align::right,
                 Align::right, Align::left});
    for (const auto& f : *frameworks) {
      std::string aliases;
      for (const auto& alias : f.aliases) {
        aliases += (aliases.empty() ? "" : ", ") + alias;
      }
      table.add({f.id, f.version, f.title, level_name(ctx, f.level), std::to_string(f.areas),
                 std::to_string(f.sub_areas), std::to_string(f.questions), std::to_string(f.max_points), aliases});
    }
    table.print(ctx.out);
  });

  auto* show = framework->add_subcommand("show", ctx.text("cmd_framework_show"));
  show->add_option("id", args->id, ctx.text("opt_framework_id"))->required();
  show->add_option("--version", args->version, ctx.text("opt_framework_version"));
  show->add_flag("--json", args->json, ctx.text("opt_json"));
  show->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    std::optional<std::string> version;
    if (!args->version.empty()) {
      version = args->version;
    }
    KOMPASS_TRY(framework, app::get_framework(**store, args->id, version));
    if (args->json) {
      ctx.out << app::framework_json(*framework);
      return;
    }
    // Framework texts are shown in the edition's own primary language; --lang changes only the labels.
    const std::string& language = framework->primary_language();
    ctx.out << framework->title.in(language) << " (" << framework->id << ", " << ctx.text("label_version") << ' '
            << framework->version << ")\n";
    ctx.out << ctx.text("framework_max", {{"max", std::to_string(framework->max_points)}}) << "\n\n";
    Table table({ctx.text("col_id"), ctx.text("col_title"), ctx.text("col_max")},
                {Align::left, Align::left, Align::right});
    for (const auto& area : framework->areas) {
      table.add({std::to_string(area.number), area.title.in(language), std::to_string(area.max_points)});
      for (const auto& sub_area : area.sub_areas) {
        table.add({"  " + sub_area.id, sub_area.title.in(language), std::to_string(sub_area.max_points)});
        for (const auto& question : sub_area.questions) {
          table.add({"    " + question.id, question.text.in(language), std::to_string(question.max_points)});
        }
      }
    }
    table.print(ctx.out);
    ctx.out << '\n' << framework->provenance << '\n';
  });
}

} // namespace kompass::cli
