#pragma once

#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "model/action.hpp"
#include "model/error.hpp"
#include "scoring/followup.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// A re-evaluation with its baseline, the baseline's action plan and the follow-up computed from them.
struct FollowupView {
  EvaluationView current;
  EvaluationView baseline;
  std::vector<model::Action> actions; // the baseline's, in id order
  scoring::Followup followup;
};

// The follow-up of evaluation `id` inside the caller's transaction: not_found "unknown_evaluation" for an
// unknown id, bad_input "no_baseline" (field "id") when it is not a re-evaluation, not_found
// "baseline_missing" (field "baseline") when its baseline is no longer stored.
Result<FollowupView> load_followup(store::Store& store, const std::string& id);

// The same in its own read transaction.
Result<FollowupView> evaluation_followup(store::Store& store, const std::string& id);

// {"evaluation", "baseline": {"id", "year", "framework": {"id", "version"}}, "comparability"
//  ("comparable", "interval", "not_comparable"), "edition_changed", "interval": null or {"low", "high"},
//  "questions": [change], "areas": [change + "title"], "total": change, "findings": [{"id", "area", "subarea",
//  "kind", "text", "fate"}], "actions": [{"id", "title", "area", "owner", "due_date", "status", "area_change":
//  null or change}]}; a change is {"id", "previous", "previous_max", "current", "max", "difference"}, null for
//  an unknown figure ("previous_max" 0 when the baseline's edition lacks the node).
std::string followup_json(const FollowupView& view);

} // namespace kompass::app
