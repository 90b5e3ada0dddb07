#include <CLI/CLI.hpp>

#include "app/evaluations.hpp"
#include "app/json_views.hpp"
#include "app/municipalities.hpp"
#include "app/reevaluation.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace kompass::cli {
namespace {

struct EvaluationArgs {
  std::string id;
  std::string municipality;
  int year = 0;
  std::string framework;
  std::string version;
  std::string granularity;
  std::string language = "sv";
  std::vector<std::string> evaluators;
  std::string from;          // evaluation create --from: the baseline of a re-evaluation
  std::string reuse_sources; // "all" or comma-separated source keys
  std::string status;
  std::string country;
  bool json = false;
  bool total = false;
  // score set
  std::string question;
  int area = 0;
  int points = 0;
  std::string rationale;
  std::vector<std::string> sources;
  std::string evaluator;
  // source add
  std::string kind;
  std::string key;
  std::string title;
  std::string date;
  int people = 0;
  std::string document_kind;
  std::string url;
  std::string file;
  // finding add
  std::string subarea;
  std::string text;
  std::vector<std::string> examples;
};

// "Name|Organisation|role" → Evaluator; role defaults to lead.
model::Result<model::Evaluator> parse_evaluator(const std::string& text) {
  model::Evaluator evaluator;
  auto first = text.find('|');
  evaluator.name = text.substr(0, first);
  if (first != std::string::npos) {
    auto second = text.find('|', first + 1);
    evaluator.organisation =
        text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    if (second != std::string::npos) {
      auto role = model::parse_evaluator_role(text.substr(second + 1));
      if (!role) {
        return tl::unexpected(
            model::make_error(model::ErrorKind::bad_input, "bad_evaluator", {{"value", text}}, "evaluator"));
      }
      evaluator.role = *role;
    }
  }
  if (evaluator.name.empty()) {
    return tl::unexpected(
        model::make_error(model::ErrorKind::bad_input, "bad_evaluator", {{"value", text}}, "evaluator"));
  }
  return evaluator;
}

std::string status_text(Context& ctx, model::Status status) {
  return ctx.text(std::string("status_") + to_string(status));
}
std::string granularity_text(Context& ctx, model::Granularity granularity) {
  return ctx.text(std::string("granularity_") + to_string(granularity));
}
std::string kind_text(Context& ctx, model::FindingKind kind) {
  return ctx.text(std::string("kind_") + to_string(kind));
}

void print_view(Context& ctx, const app::EvaluationView& view) {
  const auto& e = view.evaluation;
  const std::string& language = e.language;
  ctx.out << e.municipality.name << ' ' << e.year << " (" << e.id << ")\n";
  std::string place = e.municipality.ref.country + " " + e.municipality.ref.code;
  if (e.municipality.county) {
    place += ", " + *e.municipality.county;
  }
  ctx.out << ctx.text("label_municipality") << ": " << e.municipality.name << " (" << place << ")\n";
  ctx.out << ctx.text("label_framework") << ": " << view.framework.title.in(language) << " (" << e.framework_id << ", "
          << ctx.text("label_version") << " " << e.framework_version << ")\n";
  ctx.out << ctx.text("label_status") << ": " << status_text(ctx, e.status) << "    " << ctx.text("label_granularity")
          << ": " << granularity_text(ctx, e.granularity) << '\n';
  if (!e.evaluators.empty()) {
    std::string names;
    for (const auto& evaluator : e.evaluators) {
      names += (names.empty() ? "" : "; ") + evaluator.name +
               (evaluator.organisation.empty() ? "" : " (" + evaluator.organisation + ")");
    }
    ctx.out << ctx.text("label_evaluators") << ": " << names << '\n';
  }
  if (!e.baseline_id.empty()) {
    ctx.out << ctx.text("label_baseline") << ": " << e.baseline_id << '\n';
  }
  ctx.out << '\n';
  Table table({ctx.text("col_area"), ctx.text("col_points"), ctx.text("col_max")},
              {Align::left, Align::right, Align::right});
  for (std::size_t i = 0; i < view.framework.areas.size(); ++i) {
    const auto& area = view.framework.areas[i];
    table.add({std::to_string(area.number) + " " + area.title.in(language),
               format_points(view.aggregate.areas[i].points, ctx.language), std::to_string(area.max_points)});
    // A question-level evaluation also shows its sub-areas, so a partly scored area shows where it stands.
    for (const auto& sub_node : view.aggregate.sub_areas) {
      const auto* sub_area = view.framework.find_sub_area(sub_node.id);
      if (sub_area && view.framework.area_of(sub_node.id) == area.number) {
        table.add({"  " + sub_node.id + " " + sub_area->title.in(language),
                   format_points(sub_node.points, ctx.language), std::to_string(sub_node.max)});
      }
    }
  }
  table.add({ctx.text("label_total"), format_points(view.aggregate.total.points, ctx.language),
             std::to_string(view.framework.max_points)});
  table.print(ctx.out);
  const auto& total = view.aggregate.total;
  ctx.out << '\n'
          << ctx.text(e.granularity == model::Granularity::question ? "completeness_questions" : "completeness_areas",
                      {{"assessed", std::to_string(total.assessed)}, {"of", std::to_string(total.total)}})
          << '\n';
  const auto& unscored = view.aggregate.unscored;
  if (!unscored.empty() && e.status == model::Status::draft) {
    // The first few are enough to know where to continue; the count says how much is left.
    constexpr std::size_t k_shown = 8;
    std::string list;
    for (std::size_t i = 0; i < unscored.size() && i < k_shown; ++i) {
      list += (i == 0 ? "" : ", ") + unscored[i];
    }
    if (unscored.size() > k_shown) {
      list += ", …";
    }
    ctx.out << ctx.text("unscored_list", {{"list", list}, {"count", std::to_string(unscored.size())}}) << '\n';
  }
  auto counts = app::count_findings(e);
  ctx.out << ctx.text("evaluation_counts", {{"sources", std::to_string(e.sources.size())},
                                            {"strengths", std::to_string(counts.strengths)},
                                            {"improvements", std::to_string(counts.improvements)},
                                            {"weaknesses", std::to_string(counts.weaknesses)}})
          << '\n';
}

void create_reevaluation(Context& ctx, const EvaluationArgs& args) {
  app::NewReevaluation request;
  request.from = args.from;
  request.year = args.year;
  if (!args.framework.empty()) {
    request.framework = args.framework;
    if (!args.version.empty()) {
      request.framework_version = args.version;
    }
  }
  if (!args.granularity.empty()) {
    request.granularity = model::parse_granularity(args.granularity);
  }
  for (const auto& text : args.evaluators) {
    KOMPASS_TRY(evaluator, parse_evaluator(text));
    request.evaluators.push_back(*evaluator);
  }
  request.sources = app::parse_source_choice(args.reuse_sources);
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(id, app::create_reevaluation(**store, request));
  ctx.out << *id << '\n';
}

model::Result<app::EvaluationView> load_view(Context& ctx, const std::string& id) {
  auto store = ctx.store();
  if (!store) {
    return tl::unexpected(store.error());
  }
  return app::show_evaluation(**store, id);
}

} // namespace

void add_evaluation_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EvaluationArgs>();

  auto* evaluation = app.add_subcommand("evaluation", ctx.text("cmd_evaluation"));
  evaluation->require_subcommand(1);

  auto* create = evaluation->add_subcommand("create", ctx.text("cmd_evaluation_create"));
  auto* municipality = create->add_option("--municipality", args->municipality, ctx.text("opt_municipality"));
  create->add_option("--year", args->year, ctx.text("opt_year"))->required();
  create->add_option("--framework", args->framework, ctx.text("opt_framework_id"));
  // --from starts a re-evaluation, which takes municipality and (by default) edition from the baseline.
  auto* from = create->add_option("--from", args->from, ctx.text("opt_from"))->excludes(municipality);
  create->add_option("--reuse-sources", args->reuse_sources, ctx.text("opt_reuse_sources"))->needs(from);
  create->add_option("--version", args->version, ctx.text("opt_framework_version"));
  create->add_option("--granularity", args->granularity, ctx.text("opt_granularity"))
      ->check(CLI::IsMember({"question", "area", "total"}));
  create->add_option("--language", args->language, ctx.text("opt_language"))
      ->check(CLI::IsMember({"sv", "nb", "da", "en"}))
      ->excludes(from);
  create->add_option("--evaluator", args->evaluators, ctx.text("opt_evaluator"));
  create->callback([&ctx, args] {
    if (!args->from.empty()) {
      create_reevaluation(ctx, *args);
      return;
    }
    for (const auto& [option, value] :
         {std::pair{"--municipality", &args->municipality}, {"--framework", &args->framework}}) {
      if (value->empty()) {
        ctx.fail(model::make_error(model::ErrorKind::bad_input, "cli_option_required", {{"option", option}},
                                   std::string(option).substr(2)));
        return;
      }
    }
    KOMPASS_TRY(ref, app::parse_municipality_ref(args->municipality));
    app::NewEvaluation request;
    request.municipality = *ref;
    request.year = args->year;
    request.framework = args->framework;
    if (!args->version.empty()) {
      request.framework_version = args->version;
    }
    if (!args->granularity.empty()) {
      request.granularity = model::parse_granularity(args->granularity);
    }
    request.language = args->language;
    for (const auto& text : args->evaluators) {
      KOMPASS_TRY(evaluator, parse_evaluator(text));
      request.evaluators.push_back(*evaluator);
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(id, app::create_evaluation(**store, request));
    ctx.out << *id << '\n';
  });

  auto* list = evaluation->add_subcommand("list", ctx.text("cmd_evaluation_list"));
  list->add_option("--framework", args->framework, ctx.text("opt_framework_id"));
  list->add_option("--country", args->country, ctx.text("opt_country"));
  list->add_option("--municipality", args->municipality, ctx.text("opt_municipality"));
  list->add_option("--status", args->status, ctx.text("opt_status"))
      ->check(CLI::IsMember({"draft", "final", "published"}));
  list->add_flag("--json", args->json, ctx.text("opt_json"));
  list->callback([&ctx, args] {
    store::EvaluationFilter filter;
    if (!args->framework.empty()) {
      filter.framework_id = args->framework;
    }
    if (!args->country.empty()) {
      filter.country = args->country;
    }
    if (!args->municipality.empty()) {
      KOMPASS_TRY(ref, app::parse_municipality_ref(args->municipality));
      filter.municipality = *ref;
    }
    if (!args->status.empty()) {
      filter.statuses.push_back(*model::parse_status(args->status));
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(items, app::list_evaluations(**store, filter));
    if (args->json) {
      ctx.out << app::evaluation_list_json(*items);
      return;
    }
    Table table({ctx.text("col_id"), ctx.text("col_municipality"), ctx.text("col_year"), ctx.text("col_framework"),
                 ctx.text("col_status"), ctx.text("col_total")},
                {Align::left, Align::left, Align::right, Align::left, Align::left, Align::right});
    for (const auto& item : *items) {
      const auto& s = item.summary;
      table.add({s.id, s.municipality.name, std::to_string(s.year), s.framework_id, status_text(ctx, s.status),
                 format_points(item.total, ctx.language)});
    }
    table.print(ctx.out);
  });

  auto* show = evaluation->add_subcommand("show", ctx.text("cmd_evaluation_show"));
  show->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  show->add_flag("--json", args->json, ctx.text("opt_json"));
  show->callback([&ctx, args] {
    KOMPASS_TRY(view, load_view(ctx, args->id));
    if (args->json) {
      ctx.out << app::evaluation_view_json(*view);
    } else {
      print_view(ctx, *view);
    }
  });

  auto* status = evaluation->add_subcommand("status", ctx.text("cmd_evaluation_status"));
  status->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  status->add_option("status", args->status, ctx.text("opt_status"))
      ->required()
      ->check(CLI::IsMember({"draft", "final", "published"}));
  status->callback([&ctx, args] {
    KOMPASS_TRY(store, ctx.store());
    auto target = *model::parse_status(args->status);
    KOMPASS_TRY(changed, app::set_status(**store, args->id, target));
    ctx.out << ctx.text("status_set", {{"id", args->id}, {"status", status_text(ctx, target)}}) << '\n';
  });

  auto* score = app.add_subcommand("score", ctx.text("cmd_score"));
  score->require_subcommand(1);
  auto* score_set = score->add_subcommand("set", ctx.text("cmd_score_set"));
  score_set->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  auto* question = score_set->add_option("--question", args->question, ctx.text("opt_question"));
  auto* area = score_set->add_option("--area", args->area, ctx.text("opt_area"));
  auto* total = score_set->add_flag("--total", args->total, ctx.text("opt_total"));
  question->excludes(area);
  total->excludes(question)->excludes(area);
  score_set->add_option("--points", args->points, ctx.text("opt_points"))->required();
  score_set->add_option("--rationale", args->rationale, ctx.text("opt_rationale"));
  score_set->add_option("--source", args->sources, ctx.text("opt_source"));
  score_set->add_option("--evaluator", args->evaluator, ctx.text("opt_score_evaluator"));
  score_set->callback([&ctx, args, question, area, total] {
    model::Score value;
    if (question->count()) {
      value.target = model::ScoreTarget::question;
      value.target_id = args->question;
    } else if (area->count()) {
      value.target = model::ScoreTarget::area;
      value.target_id = std::to_string(args->area);
    } else if (total->count()) {
      value.target = model::ScoreTarget::total;
      value.target_id = "total";
    } else {
      ctx.fail(model::make_error(model::ErrorKind::bad_input, "score_needs_target", {}, "question"));
      return;
    }
    value.points = args->points;
    value.rationale = args->rationale;
    value.source_keys = args->sources;
    value.evaluator = args->evaluator;
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(done, app::set_score(**store, args->id, value));
    ctx.out << ctx.text("score_saved", {{"target", value.target_id}, {"points", std::to_string(value.points)}}) << '\n';
  });

  auto* source = app.add_subcommand("source", ctx.text("cmd_source"));
  source->require_subcommand(1);
  auto* source_add = source->add_subcommand("add", ctx.text("cmd_source_add"));
  source_add->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  source_add->add_option("--kind", args->kind, ctx.text("opt_source_kind"))
      ->required()
      ->check(CLI::IsMember({"interview", "document", "website"}));
  source_add->add_option("--key", args->key, ctx.text("opt_source_key"));
  source_add->add_option("--title", args->title, ctx.text("opt_source_title"));
  source_add->add_option("--date", args->date, ctx.text("opt_date"));
  auto* people = source_add->add_option("--people", args->people, ctx.text("opt_people"));
  source_add->add_option("--document-kind", args->document_kind, ctx.text("opt_document_kind"));
  source_add->add_option("--url", args->url, ctx.text("opt_url"));
  source_add->add_option("--file", args->file, ctx.text("opt_file"));
  source_add->callback([&ctx, args, people] {
    model::Source value;
    value.kind = *model::parse_source_kind(args->kind);
    value.key = args->key;
    value.title = args->title;
    value.date = args->date;
    if (people->count()) {
      value.people = args->people;
    }
    value.document_kind = args->document_kind;
    value.url = args->url;
    value.file = args->file;
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(key, app::add_source(**store, args->id, value));
    ctx.out << *key << '\n';
  });
  auto* source_list = source->add_subcommand("list", ctx.text("cmd_source_list"));
  source_list->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  source_list->add_flag("--json", args->json, ctx.text("opt_json"));
  source_list->callback([&ctx, args] {
    KOMPASS_TRY(view, load_view(ctx, args->id));
    if (args->json) {
      ctx.out << app::source_list_json(view->evaluation);
      return;
    }
    Table table({ctx.text("col_key"), ctx.text("col_kind"), ctx.text("col_title"), ctx.text("col_date"),
                 ctx.text("col_details")},
                {Align::left, Align::left, Align::left, Align::left, Align::left});
    for (const auto& s : view->evaluation.sources) {
      std::string details = s.people ? ctx.text("people_count", {{"count", std::to_string(*s.people)}})
                            : !s.document_kind.empty() ? s.document_kind
                                                       : s.url;
      table.add({s.key, ctx.text(std::string("source_") + to_string(s.kind)), s.title, s.date, details});
    }
    table.print(ctx.out);
  });

  auto* finding = app.add_subcommand("finding", ctx.text("cmd_finding"));
  finding->require_subcommand(1);
  auto* finding_add = finding->add_subcommand("add", ctx.text("cmd_finding_add"));
  finding_add->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  finding_add->add_option("--area", args->area, ctx.text("opt_area"))->required();
  finding_add->add_option("--subarea", args->subarea, ctx.text("opt_subarea"));
  finding_add->add_option("--kind", args->kind, ctx.text("opt_finding_kind"))
      ->required()
      ->check(CLI::IsMember({"strength", "improvement", "weakness"}));
  finding_add->add_option("--text", args->text, ctx.text("opt_text"))->required();
  finding_add->add_option("--example", args->examples, ctx.text("opt_example"));
  finding_add->add_option("--source", args->sources, ctx.text("opt_source"));
  finding_add->callback([&ctx, args] {
    model::Finding value;
    value.area = args->area;
    value.sub_area = args->subarea;
    value.kind = *model::parse_finding_kind(args->kind);
    value.text = args->text;
    value.source_keys = args->sources;
    for (const auto& example : args->examples) {
      // A code (digits, optionally with a country prefix) names a stored municipality; anything else is a name.
      bool looks_like_code = example.find(':') != std::string::npos ||
                             (!example.empty() && example.find_first_not_of("0123456789") == std::string::npos);
      model::GoodExample good;
      if (looks_like_code) {
        KOMPASS_TRY(ref, app::parse_municipality_ref(example));
        good.country = ref->country;
        good.code = ref->code;
      } else {
        good.name = example;
      }
      value.examples.push_back(good);
    }
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(id, app::add_finding(**store, args->id, value));
    ctx.out << *id << '\n';
  });
  auto* finding_list = finding->add_subcommand("list", ctx.text("cmd_finding_list"));
  finding_list->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  finding_list->add_flag("--json", args->json, ctx.text("opt_json"));
  finding_list->callback([&ctx, args] {
    KOMPASS_TRY(view, load_view(ctx, args->id));
    if (args->json) {
      ctx.out << app::finding_list_json(view->evaluation);
      return;
    }
    Table table({ctx.text("col_area"), ctx.text("col_kind"), ctx.text("col_text"), ctx.text("col_examples")},
                {Align::left, Align::left, Align::left, Align::left});
    for (const auto& f : view->evaluation.findings) {
      std::string examples;
      for (const auto& example : f.examples) {
        examples += (examples.empty() ? "" : ", ") + example.name;
      }
      table.add({f.sub_area.empty() ? std::to_string(f.area) : f.sub_area, kind_text(ctx, f.kind), f.text, examples});
    }
    table.print(ctx.out);
  });
}

} // namespace kompass::cli
