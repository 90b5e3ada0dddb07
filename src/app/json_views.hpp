#pragma once

#include <string>
#include <vector>

#include "app/catalog.hpp"
#include "app/comparison.hpp"
#include "app/evaluations.hpp"
#include "model/municipality.hpp"

namespace kompass::app {

// The JSON shapes that scripts read (CLI --json now, the HTTP API later), each returned as indented JSON text.

// {"id", "municipality": {"code", "name", "country"}, "year", "framework": {"id", "version"}, "status",
//  "granularity", "total", "max", "areas": [{"number", "title", "points", "max"}], "completeness", …}.
std::string evaluation_view_json(const EvaluationView& view);
// An array of {"id", "municipality", "year", "framework", "status", "granularity", "total", "max"}.
std::string evaluation_list_json(const std::vector<EvaluationListItem>& items);
// {"evaluation", "reference": {"description_code", "count", "members"}, "rows": [...]}.
std::string comparison_json(const Comparison& comparison);
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

} // namespace kompass::app
