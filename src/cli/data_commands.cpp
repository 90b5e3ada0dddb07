#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "app/backup.hpp"
#include "app/comparison.hpp"
#include "app/json_views.hpp"
#include "app/municipalities.hpp"
#include "app/transfer.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace kompass::cli {
namespace {

// Test-only (README, "Development"): KOMPASS_TEST_IMPORT_DELAY_MS=N makes `import` write a line to standard error for
// each evaluation it has stored and then wait N milliseconds, still inside the import's one transaction, so that a
// test can kill the process in the middle of an import (tests/e2e/kill_import.sh). This is the only place that reads
// the variable; unset or empty, imports neither wait nor write progress.
app::ImportProgress test_import_progress(const Context& ctx) {
  const char* value = std::getenv("KOMPASS_TEST_IMPORT_DELAY_MS");
  if (value == nullptr || *value == '\0') {
    return {};
  }
  const long delay_ms = std::max(0L, std::strtol(value, nullptr, 10));
  return [&ctx, delay_ms](const std::string& id) {
    ctx.err << ctx.text("import_stored_uncommitted", {{"id", id}}) << std::endl;
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  };
}

struct DataArgs {
  std::string code;
  std::string name;
  std::string county;
  std::string group;
  long population = 0;
  std::string country;
  std::string file;
  std::string id;
  std::string format = "json";
  std::string output;
  std::string reference = "default";
  bool json = false;
  bool force = false;
};

void print_import_report(Context& ctx, const app::ImportReport& report) {
  for (const auto& id : report.imported) {
    ctx.out << ctx.text("import_imported", {{"id", id}}) << '\n';
  }
  for (const auto& skipped : report.skipped) {
    ctx.out << ctx.text(skipped.line > 0 ? "import_skipped_line" : "import_skipped",
                        {{"id", skipped.existing_id},
                         {"municipality", skipped.municipality},
                         {"year", std::to_string(skipped.year)},
                         {"framework", skipped.framework_id},
                         {"line", std::to_string(skipped.line)}})
            << '\n';
  }
  switch (report.kind) {
  case app::ImportKind::published_averages_csv:
    ctx.out << ctx.text("import_averages", {{"count", std::to_string(report.averages)},
                                            {"skipped", std::to_string(report.averages_skipped)}})
            << '\n';
    break;
  case app::ImportKind::key_figures_csv:
    ctx.out << ctx.text("import_key_figures", {{"count", std::to_string(report.key_figures)}}) << '\n';
    break;
  default:
    ctx.out << ctx.text("import_summary", {{"imported", std::to_string(report.imported.size())},
                                           {"skipped", std::to_string(report.skipped.size())}})
            << '\n';
  }
}

void print_comparison(Context& ctx, const app::Comparison& c) {
  ctx.out << ctx.text("compare_heading", {{"municipality", c.municipality},
                                          {"year", std::to_string(c.year)},
                                          {"framework", c.framework_id},
                                          {"version", c.framework_version}})
          << '\n';
  ctx.out << ctx.text("label_reference") << ": " << app::describe_reference(ctx.language, c);
  if (c.reference_code != "reference_published") {
    ctx.out << " (n=" << c.reference_count << ')';
  }
  ctx.out << "\n\n";
  bool published = c.reference_code == "reference_published";
  Table table(
      {ctx.text("col_area"), ctx.text("col_points"), ctx.text("col_reference"), ctx.text("col_difference"), "n"},
      {Align::left, Align::right, Align::right, Align::right, Align::right});
  for (const auto& row : c.rows) {
    std::string label = row.label == "total" ? ctx.text("label_total") : row.label + " " + row.title;
    std::string reference =
        row.reference.mean ? format_decimal(*row.reference.mean, ctx.language) : ctx.text("no_reference");
    std::string difference = row.difference ? format_difference(*row.difference, ctx.language) : "–";
    table.add({label, format_points(row.points, ctx.language), reference, difference,
               published ? "–" : std::to_string(row.reference.count)});
  }
  table.print(ctx.out);
  if (!c.members.empty()) {
    std::string names;
    for (const auto& m : c.members) {
      names += (names.empty() ? "" : ", ") + m.municipality + " " + std::to_string(m.year);
    }
    ctx.out << '\n' << ctx.text("reference_members", {{"members", names}}) << '\n';
  }
  for (const auto& m : c.excluded_not_comparable) {
    ctx.out << ctx.text("reference_excluded", {{"id", m.id}}) << '\n';
  }
  if (!c.earlier.empty()) {
    ctx.out << '\n' << ctx.text("earlier_heading") << '\n';
  }
  for (const auto& e : c.earlier) {
    std::map<std::string, std::string> args{{"year", std::to_string(e.year)},
                                            {"edition", e.edition},
                                            {"total", e.total ? std::to_string(*e.total) : ctx.text("not_known")}};
    switch (e.comparison.comparability) {
    case scoring::Comparability::comparable:
      ctx.out << ctx.text("earlier_comparable", args) << '\n';
      break;
    case scoring::Comparability::interval:
      args["low"] = std::to_string(e.comparison.low.value_or(0));
      args["high"] = std::to_string(e.comparison.high.value_or(0));
      // The interval is this result plus the edition rule's additions; show the additions too.
      args["add_min"] = std::to_string(e.comparison.low.value_or(0) - c.rows.back().points.value_or(0));
      args["add_max"] = std::to_string(e.comparison.high.value_or(0) - c.rows.back().points.value_or(0));
      ctx.out << ctx.text("earlier_interval", args) << '\n';
      break;
    case scoring::Comparability::not_comparable:
      ctx.out << ctx.text("earlier_not_comparable", args) << '\n';
      break;
    }
  }
}

} // namespace

void add_data_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DataArgs>();

  auto* municipality = app.add_subcommand("municipality", ctx.text("cmd_municipality"));
  municipality->require_subcommand(1);
  auto* add = municipality->add_subcommand("add", ctx.text("cmd_municipality_add"));
  add->add_option("code", args->code, ctx.text("opt_municipality"))->required();
  add->add_option("--name", args->name, ctx.text("opt_name"))->required();
  add->add_option("--county", args->county, ctx.text("opt_county"));
  auto* group = add->add_option("--group", args->group, ctx.text("opt_group"));
  auto* population = add->add_option("--population", args->population, ctx.text("opt_population"));
  add->callback([&ctx, args, population, group] {
    KOMPASS_TRY(ref, app::parse_municipality_ref(args->code));
    model::Municipality value;
    value.ref = *ref;
    value.name = args->name;
    if (!args->county.empty()) {
      value.county = args->county;
    }
    if (population->count()) {
      value.population = args->population;
    }
    if (group->count()) {
      value.group = args->group;
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(added, app::add_municipality(**store, value));
    ctx.out << ctx.text("municipality_added", {{"name", value.name}, {"country", ref->country}, {"code", ref->code}})
            << '\n';
  });
  auto* list = municipality->add_subcommand("list", ctx.text("cmd_municipality_list"));
  list->add_option("--country", args->country, ctx.text("opt_country"));
  list->add_flag("--json", args->json, ctx.text("opt_json"));
  list->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    std::optional<std::string> country;
    if (!args->country.empty()) {
      country = args->country;
    }
    KOMPASS_TRY(municipalities, app::list_municipalities(**store, country));
    if (args->json) {
      ctx.out << app::municipality_list_json(*municipalities);
      return;
    }
    Table table({ctx.text("col_country"), ctx.text("col_code"), ctx.text("col_name"), ctx.text("col_county"),
                 ctx.text("col_population")},
                {Align::left, Align::left, Align::left, Align::left, Align::right});
    for (const auto& m : *municipalities) {
      table.add({m.ref.country, m.ref.code, m.name, m.county.value_or(""),
                 m.population ? std::to_string(*m.population) : ""});
    }
    table.print(ctx.out);
  });

  auto* show = municipality->add_subcommand("show", ctx.text("cmd_municipality_show"));
  show->add_option("code", args->code, ctx.text("opt_municipality"))->required();
  show->add_flag("--json", args->json, ctx.text("opt_json"));
  show->callback([&ctx, args] {
    KOMPASS_TRY(ref, app::parse_municipality_ref(args->code));
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(found, app::get_municipality(**store, *ref));
    if (args->json) {
      ctx.out << app::municipality_json(*found);
      return;
    }
    ctx.out << found->name << " (" << found->ref.country << ' ' << found->ref.code << ")\n";
    if (found->county) {
      ctx.out << ctx.text("col_county") << ": " << *found->county << '\n';
    }
    if (found->population) {
      ctx.out << ctx.text("col_population") << ": " << *found->population << '\n';
    }
    if (found->group) {
      ctx.out << ctx.text("col_group") << ": " << *found->group << '\n';
    }
    if (found->key_figures.empty()) {
      ctx.out << ctx.text("no_key_figures") << '\n';
      return;
    }
    ctx.out << '\n';
    Table table({ctx.text("col_key"), ctx.text("col_year"), ctx.text("col_value"), ctx.text("col_unit"),
                 ctx.text("col_source")},
                {Align::left, Align::right, Align::right, Align::left, Align::left});
    for (const auto& figure : found->key_figures) {
      table.add({figure.key, std::to_string(figure.year),
                 format_decimal(figure.value, ctx.language,
                                figure.value == static_cast<double>(static_cast<long>(figure.value)) ? 0 : 2),
                 figure.unit, figure.source});
    }
    table.print(ctx.out);
  });

  auto* import_command = app.add_subcommand("import", ctx.text("cmd_import"));
  import_command->add_option("file", args->file, ctx.text("opt_import_file"))->required();
  import_command->callback([&ctx, args] {
    KOMPASS_TRY(bytes, read_file(args->file));
    KOMPASS_TRY(store, ctx.store());
    auto report = app::import_file(**store, args->file, *bytes, test_import_progress(ctx));
    if (!report) {
      // Name the file in front of the message, as compilers do, so the line and column are easy to find.
      model::Error error = report.error();
      error.code = "import_failed";
      error.args = {{"file", args->file}, {"message", model::render(ctx.language, report.error())}};
      ctx.fail(error);
      ctx.err << ctx.text("import_nothing_stored") << '\n';
      return;
    }
    print_import_report(ctx, *report);
  });

  auto* export_command = app.add_subcommand("export", ctx.text("cmd_export"));
  export_command->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  export_command->add_option("--format", args->format, ctx.text("opt_export_format"))
      ->check(CLI::IsMember({"json", "csv"}));
  export_command->add_option("-o,--output", args->output, ctx.text("opt_output"));
  export_command->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    auto format = args->format == "csv" ? app::ExportFormat::csv : app::ExportFormat::json;
    KOMPASS_TRY(document, app::export_evaluation(**store, args->id, format));
    if (args->output.empty() || args->output == "-") {
      ctx.out << *document;
      return;
    }
    std::ofstream file(args->output, std::ios::binary);
    file << *document;
    if (!file) {
      ctx.fail(
          model::make_error(model::ErrorKind::bad_input, "file_unwritable", {{"file", args->output}}, args->output));
      return;
    }
    ctx.out << ctx.text("export_written", {{"file", args->output}}) << '\n';
  });

  auto* backup = app.add_subcommand("backup", ctx.text("cmd_backup"));
  backup->add_option("file", args->file, ctx.text("opt_backup_file"))->required();
  backup->callback([&ctx, args] {
    KOMPASS_TRY(summary, app::backup(ctx.db_location, args->file));
    ctx.out << ctx.text("backup_written", {{"file", args->file},
                                           {"count", std::to_string(summary->evaluations)},
                                           {"version", std::to_string(summary->schema_version)}})
            << '\n';
  });

  auto* restore = app.add_subcommand("restore", ctx.text("cmd_restore"));
  restore->add_option("file", args->file, ctx.text("opt_backup_file"))->required();
  restore->add_flag("--force", args->force, ctx.text("opt_restore_force"));
  restore->callback([&ctx, args] {
    KOMPASS_TRY(summary, app::restore(ctx.db_location, args->file,
                                      args->force ? store::Overwrite::replace : store::Overwrite::refuse));
    ctx.out << ctx.text("backup_restored", {{"file", args->file},
                                            {"db", ctx.db_location},
                                            {"count", std::to_string(summary->evaluations)},
                                            {"version", std::to_string(summary->schema_version)}})
            << '\n';
  });

  auto* compare = app.add_subcommand("compare", ctx.text("cmd_compare"));
  compare->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  compare->add_option("--reference", args->reference, ctx.text("opt_reference"));
  compare->add_flag("--json", args->json, ctx.text("opt_json"));
  compare->callback([&ctx, args] {
    KOMPASS_TRY(reference, app::parse_reference_spec(args->reference));
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(comparison, app::compare(**store, args->id, *reference));
    if (args->json) {
      ctx.out << app::comparison_json(*comparison);
    } else {
      print_comparison(ctx, *comparison);
    }
  });
}

} // namespace kompass::cli
