#include <algorithm>
#include <map>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/json_views.hpp"
#include "app/recommend.hpp"
#include "cli/context.hpp"

namespace kompass::cli {
namespace {

struct RecommendArgs {
  std::string id;
  bool json = false;
};

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const auto& item : items) {
    text += (text.empty() ? "" : separator) + item;
  }
  return text;
}

// "Göteborg (i sundsvall-2012)", each evaluation named once even when several of its findings name the example.
std::string named_examples_text(const Context& ctx, const std::vector<app::NamedExample>& examples) {
  std::vector<std::string> items;
  for (const auto& example : examples) {
    std::vector<std::string> where;
    for (const auto& in : example.named_in) {
      if (std::find(where.begin(), where.end(), in.evaluation_id) == where.end()) {
        where.push_back(in.evaluation_id);
      }
    }
    items.push_back(ctx.text("recommend_named_item", {{"name", example.name}, {"where", joined(where, ", ")}}));
  }
  return joined(items, ", ");
}

void print_recommendations(Context& ctx, const app::Recommendations& r) {
  ctx.out << ctx.text("recommend_heading",
                      {{"municipality", r.municipality}, {"year", std::to_string(r.year)}, {"id", r.evaluation_id}})
          << '\n';
  if (r.findings.empty()) {
    ctx.out << '\n'
            << ctx.text("recommend_nothing", {{"municipality", r.municipality}, {"year", std::to_string(r.year)}})
            << '\n';
    return;
  }
  for (const auto& item : r.findings) {
    const auto& f = item.finding;
    ctx.out << '\n'
            << ctx.text(f.sub_area.empty() ? "recommend_finding_area" : "recommend_finding_sub_area",
                        {{"area", std::to_string(f.area)},
                         {"sub_area", f.sub_area},
                         {"kind", model::to_string(f.kind)},
                         {"text", f.text}})
            << '\n';
    if (item.suggestions.empty()) {
      ctx.out << "  " << ctx.text("recommend_no_suggestions") << '\n';
    }
    int rank = 0;
    for (const auto& s : item.suggestions) {
      std::map<std::string, std::string> args{{"rank", std::to_string(++rank)},
                                              {"municipality", s.municipality},
                                              {"year", std::to_string(s.year)},
                                              {"area", std::to_string(s.area)},
                                              {"text", s.text}};
      if (s.area_points) {
        args["points"] = std::to_string(*s.area_points);
      }
      ctx.out << "  " << ctx.text(s.area_points ? "recommend_suggestion" : "recommend_suggestion_unscored", args)
              << '\n';
    }
    if (!item.named_examples.empty()) {
      ctx.out << "  " << ctx.text("recommend_named", {{"examples", named_examples_text(ctx, item.named_examples)}})
              << '\n';
    }
  }
}

} // namespace

void add_recommend_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RecommendArgs>();
  auto* recommend = app.add_subcommand("recommend", ctx.text("cmd_recommend"));
  recommend->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  recommend->add_flag("--json", args->json, ctx.text("opt_json"));
  recommend->callback([&ctx, args] {
    // The command line is a local user of the database: its drafts are theirs to see.
    search::Visibility visibility;
    visibility.unpublished = true;
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(index, ctx.index());
    KOMPASS_TRY(recommendations, app::recommend(**store, **index, args->id, visibility));
    if (args->json) {
      ctx.out << app::recommendations_json(*recommendations);
      return;
    }
    print_recommendations(ctx, *recommendations);
  });
}

} // namespace kompass::cli
