#pragma once

#include <string>
#include <vector>

#include "app/benchmarks.hpp"
#include "app/catalog.hpp"
#include "app/comparison.hpp"
#include "app/evaluations.hpp"
#include "app/recommend.hpp"
#include "model/municipality.hpp"

namespace kompass::app {

// The JSON shapes that scripts read (CLI --json now, the HTTP API later), each returned as indented JSON text.

// {"id", "municipality": {"code", "name", "country"}, "year", "framework": {"id", "version"}, "status",
//  "granularity", "total", "max", "areas": [{"number", "title", "points", "max"}], "completeness", …}.
std::string evaluation_view_json(const EvaluationView& view);
// An array of {"id", "municipality", "year", "framework", "status", "granularity", "total", "max"}.
std::string evaluation_list_json(const std::vector<EvaluationListItem>& items);
// {"evaluation", "reference": {"kind", "description", "count", "members", …}, "rows": [...], "earlier"}; a
// filtered group also has "reference"."filter": {"edition", "years", "countries", "population", "groups"}.
std::string comparison_json(const Comparison& comparison);
// {"framework": {"id", "version", "title"}, "figure": {"area" (number or "total"), "title", "max"},
//  "country", "published", "count", "quartile_method", "rows": [{"rank", "evaluation", "municipality", "year",
//  "points"}], "distribution": {…}, "distributions": [{"area", "title", "max", "count", "min", …}]}.
std::string ranking_json(const Ranking& ranking);
// {"municipality": {"country", "code", "name"}, "entries": [{"year", "edition", "evaluation", "version",
//  "status", "total", "max", "areas", "previous": null or {"comparability", "difference", "interval"}}]}.
std::string trend_json(const Trend& trend);
// An array of stored editions.
std::string framework_list_json(const std::vector<FrameworkInfo>& frameworks);
// The whole edition tree.
std::string framework_json(const model::Framework& framework);
// An array of municipalities.
std::string municipality_list_json(const std::vector<model::Municipality>& municipalities);
// One municipality with its key figures.
std::string municipality_json(const model::Municipality& municipality);
// The sources of an evaluation.
std::string source_list_json(const model::Evaluation& evaluation);
// The findings of an evaluation.
std::string finding_list_json(const model::Evaluation& evaluation);
// {"evaluation": {"id", "municipality": {"code", "name", "country"}, "year", "language"}, "findings":
//  [{"finding": {"id", "area", "subarea", "kind", "text"}, "suggestions": [{"rank", "municipality": {"code",
//  "name", "country"}, "evaluation", "year", "area", "subarea", "area_points", "text", "snippet", "percent"}],
//  "named_examples": [{"name", "named_in": [{"evaluation", "municipality", "year", "kind", "text",
//  "reason"}]}]}]}; "area_points" is null when not assessed, the snippet marks matches with <mark>…</mark>.
std::string recommendations_json(const Recommendations& recommendations);

} // namespace kompass::app
