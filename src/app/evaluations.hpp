#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"
#include "scoring/scoring.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// What a new evaluation needs; unset fields take the framework's defaults.
struct NewEvaluation {
  model::MunicipalityRef municipality;
  int year = 0;
  std::string framework; // id or alias
  std::optional<std::string> framework_version;
  std::optional<model::Granularity> granularity; // default: question, or area for an area-level edition
  std::string language = "sv";
  std::vector<model::Evaluator> evaluators;
};

// Creates a draft evaluation and returns its readable id (name folded to ASCII plus year, suffixed when taken).
Result<std::string> create_evaluation(store::Store& store, const NewEvaluation& request);

// A free readable id for a municipality name and year: "sundsvall-2012", else "sundsvall-2012-2", …
Result<std::string> free_evaluation_id(store::Store& store, const std::string& name, int year);

// An evaluation with the framework it pins and its aggregated scores: what show, report and compare read.
struct EvaluationView {
  model::Evaluation evaluation;
  model::Framework framework;
  scoring::Aggregate aggregate;
};

// Loads an evaluation with its framework and aggregate in its own read transaction; not_found
// "unknown_evaluation" otherwise.
Result<EvaluationView> show_evaluation(store::Store& store, const std::string& id);

// The same inside the caller's transaction, for use cases that read more in the same snapshot.
Result<EvaluationView> load_view(store::Store& store, const std::string& id);

// How many findings of each kind an evaluation has.
struct FindingCounts {
  int strengths = 0;
  int improvements = 0;
  int weaknesses = 0;
};

// Counts an evaluation's findings by kind.
FindingCounts count_findings(const model::Evaluation& evaluation);

// One line of an evaluation listing.
struct EvaluationListItem {
  model::EvaluationSummary summary;
  std::optional<int> total;
  int max = 0;
};

// Evaluations matching the filter, each with its total.
Result<std::vector<EvaluationListItem>> list_evaluations(store::Store& store, const store::EvaluationFilter& filter);

// Moves an evaluation along draft → final → published (or final back to draft). Conflict
// "status_transition" for any other move; setting the current status again changes nothing.
Result<void> set_status(store::Store& store, const std::string& id, model::Status status);

// Sets the agreed score (or an evaluator's own) of a question or area of a draft evaluation; checks the
// target, the range and the source keys.
Result<void> set_score(store::Store& store, const std::string& id, const model::Score& score);

// The same, only when the stored score still has `expected_version` (0: none stored yet); returns the new
// version, or conflict "score_version_conflict" (args "current") changing nothing.
Result<int> set_score_versioned(store::Store& store, const std::string& id, const model::Score& score,
                                int expected_version);

// Adds a source to a draft evaluation and returns its key (generated as "s1", "s2", … when empty).
Result<std::string> add_source(store::Store& store, const std::string& id, model::Source source);

// Adds a finding to a draft evaluation after checking its area, sub-area and source keys; a good example
// given as a municipality code is resolved to its name. Returns the finding's id.
Result<long> add_finding(store::Store& store, const std::string& id, model::Finding finding);

// Replaces a stored finding of a draft evaluation (found by finding.id), checked as add_finding checks.
Result<void> update_finding(store::Store& store, const std::string& id, model::Finding finding);

} // namespace kompass::app
