#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// Which of the baseline's sources a re-evaluation takes over: none, all, or those with the listed keys.
struct SourceChoice {
  bool all = false;
  std::vector<std::string> keys;
};

// "all", or source keys separated by commas (blanks around them ignored); empty text chooses none.
SourceChoice parse_source_choice(const std::string& text);

// What a re-evaluation needs: the evaluation it follows up and its year; unset fields are the baseline's.
struct NewReevaluation {
  std::string from; // the baseline's id
  int year = 0;
  std::optional<std::string> framework; // id or alias; default: the baseline's edition and version
  std::optional<std::string> framework_version;
  std::optional<model::Granularity> granularity; // default: the baseline's (area for an area-level edition)
  std::vector<model::Evaluator> evaluators;
  SourceChoice sources;
};

// Creates a draft re-evaluation of the baseline's municipality in its language, with baseline_id set, no
// scores or findings, the baseline's known earlier evaluations kept and the chosen sources copied with their
// dates; returns its id. not_found "unknown_evaluation" (field "from") for an unknown baseline, bad_input
// "reevaluation_year" (field "year") unless the year is after the baseline's, not_found
// "unknown_baseline_source" (field "sources") for a key the baseline lacks.
Result<std::string> create_reevaluation(store::Store& store, const NewReevaluation& request);

// Copies sources of a draft re-evaluation's baseline into it (keys, kinds, titles and dates kept) and returns
// the keys copied. With `all`, every baseline source not yet in the evaluation; listed keys must exist in the
// baseline (not_found "unknown_baseline_source") and not be in the evaluation yet (conflict
// "source_already_reused"). bad_input "no_baseline" when the evaluation has none. One transaction.
Result<std::vector<std::string>> reuse_sources(store::Store& store, const std::string& id, const SourceChoice& choice);

// The sources of an evaluation's baseline whose keys are not in the evaluation yet, in the baseline's order;
// empty when it has no baseline or the baseline is gone.
Result<std::vector<model::Source>> reusable_sources(store::Store& store, const std::string& id);

} // namespace kompass::app
