#include <chrono>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/search.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace kompass::cli {
namespace {

struct SearchArgs {
  std::string text;
  std::string kind;
  std::optional<int> area;
  std::string subarea;
  std::optional<int> year;
  std::string country;
  std::string framework;
  std::string population_band;
  std::string query_language = "sv";
  int limit = 10;
  bool json = false;
};

// The snippet for a terminal: matches between « and », HTML entities back to characters.
std::string terminal_snippet(const std::string& html) {
  static const std::vector<std::pair<std::string, std::string>> k_replacements{
      {"<mark>", "«"},  {"</mark>", "»"}, {"&lt;", "<"},   {"&gt;", ">"},
      {"&quot;", "\""}, {"&#39;", "'"},   {"&apos;", "'"}, {"&amp;", "&"}};
  std::string text;
  std::size_t position = 0;
  while (position < html.size()) {
    bool replaced = false;
    if (html[position] == '<' || html[position] == '&') {
      for (const auto& [from, to] : k_replacements) {
        if (html.compare(position, from.size(), from) == 0) {
          text += to;
          position += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      text += html[position++];
    }
  }
  return text;
}

std::string kind_text(const Context& ctx, search::DocumentKind kind) {
  return ctx.text(std::string("kind_") + search::to_string(kind));
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const auto& item : items) {
    text += (text.empty() ? "" : separator) + item;
  }
  return text;
}

void print_results(Context& ctx, const search::Results& results) {
  if (results.hits.empty()) {
    ctx.out << ctx.text("search_no_hits") << '\n';
    return;
  }
  for (const auto& hit : results.hits) {
    const auto& document = hit.document;
    std::string place = document.area == 0 ? ctx.text("search_place_total")
                        : document.sub_area.empty()
                            ? ctx.text("search_place_area", {{"area", std::to_string(document.area)}})
                            : ctx.text("search_place_sub_area", {{"sub_area", document.sub_area}});
    ctx.out << ctx.text("search_hit", {{"municipality", document.municipality},
                                       {"year", std::to_string(document.year)},
                                       {"place", place},
                                       {"kind", kind_text(ctx, document.kind)},
                                       {"text", document.text}})
            << '\n';
    ctx.out << "  " << terminal_snippet(hit.snippet) << '\n';
    if (!document.examples.empty()) {
      ctx.out << "  " << ctx.text("search_examples", {{"names", joined(document.examples, ", ")}}) << '\n';
    }
  }
  ctx.out << '\n'
          << ctx.text("search_count", {{"shown", std::to_string(results.hits.size())},
                                       {"total", std::to_string(results.estimated_total)}})
          << '\n';
  for (const auto* facet : {"kind", "area", "sub_area", "year", "country", "edition", "population_band"}) {
    auto found = results.facets.find(facet);
    if (found == results.facets.end() || found->second.empty()) {
      continue;
    }
    std::vector<std::string> values;
    for (const auto& [value, count] : found->second) {
      auto kind = std::string_view(facet) == "kind" ? search::parse_document_kind(value) : std::nullopt;
      values.push_back((kind ? kind_text(ctx, *kind) : value) + " (" + std::to_string(count) + ")");
    }
    ctx.out << ctx.text(std::string("search_facet_") + facet) << ": " << joined(values, ", ") << '\n';
  }
}

} // namespace

void add_search_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SearchArgs>();
  auto* search = app.add_subcommand("search", ctx.text("cmd_search"));
  search->add_option("text", args->text, ctx.text("opt_search_text"));
  search->add_option("--kind", args->kind, ctx.text("opt_search_kind"))
      ->check(CLI::IsMember({"strength", "improvement", "weakness", "rationale"}));
  search->add_option("--area", args->area, ctx.text("opt_area"))->check(CLI::Range(1, 99));
  search->add_option("--subarea", args->subarea, ctx.text("opt_subarea"));
  search->add_option("--year", args->year, ctx.text("opt_year"));
  search->add_option("--country", args->country, ctx.text("opt_country"))
      ->check(CLI::IsMember({"SE", "NO", "DK", "FI"}));
  search->add_option("--framework", args->framework, ctx.text("opt_search_framework"));
  search->add_option("--population-band", args->population_band, ctx.text("opt_search_population_band"))
      ->check(CLI::IsMember(search::population_bands()));
  search->add_option("--query-language", args->query_language, ctx.text("opt_search_query_language"))
      ->check(CLI::IsMember({"sv", "nb", "da", "en"}));
  search->add_option("--limit", args->limit, ctx.text("opt_search_limit"))->check(CLI::Range(1, 1000));
  search->add_flag("--json", args->json, ctx.text("opt_json"));
  search->callback([&ctx, args] {
    search::Query query;
    query.text = args->text;
    query.kind = search::parse_document_kind(args->kind);
    query.area = args->area;
    if (!args->subarea.empty()) {
      query.sub_area = args->subarea;
    }
    query.year = args->year;
    if (!args->country.empty()) {
      query.country = args->country;
    }
    if (!args->framework.empty()) {
      query.edition = args->framework;
    }
    if (!args->population_band.empty()) {
      query.population_band = args->population_band;
    }
    query.language = args->query_language;
    query.limit = args->limit;
    // The command line is a local user of the database: nothing in it is hidden from them.
    query.visibility.unpublished = true;
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(index, ctx.index());
    KOMPASS_TRY(results, app::search_findings(**store, **index, query));
    if (args->json) {
      ctx.out << app::search_results_json(*results);
      return;
    }
    print_results(ctx, *results);
  });

  auto* index = app.add_subcommand("index", ctx.text("cmd_index"));
  index->require_subcommand(1);
  auto* rebuild = index->add_subcommand("rebuild", ctx.text("cmd_index_rebuild"));
  rebuild->callback([&ctx] {
    KOMPASS_TRY(store, ctx.store());
    // Opened directly: Context::index() would already rebuild a new index once.
    KOMPASS_TRY(opened, search::open_index(app::index_path_for(ctx.db_location)));
    KOMPASS_TRY(report, app::sync_index(**store, *opened->index, app::SyncMode::rebuild));
    double rate = report->seconds > 0 ? static_cast<double>(report->findings) / report->seconds : 0;
    ctx.out << ctx.text("index_rebuilt", {{"documents", std::to_string(report->documents)},
                                          {"findings", std::to_string(report->findings)},
                                          {"evaluations", std::to_string(report->evaluations)},
                                          {"seconds", format_decimal(report->seconds, ctx.language, 2)},
                                          {"rate", std::to_string(static_cast<long>(rate))}})
            << '\n';
  });
}

} // namespace kompass::cli
