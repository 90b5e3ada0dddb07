#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/reports.hpp"
#include "model/action.hpp"
#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/localized.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// What a user gives for an action: on add, an unset field takes its default (area: the first linked
// finding's; status: planned); on update, an unset field keeps its stored value. Field names in errors:
// "title", "description", "owner", "start_date", "due_date", "status", "expected_effect", "area", "findings".
struct ActionInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> owner;
  std::optional<std::string> start_date; // YYYY-MM-DD; "" clears
  std::optional<std::string> due_date;   // YYYY-MM-DD; "" clears
  std::optional<std::string> status;     // planned, in_progress, done or dropped
  std::optional<std::string> expected_effect;
  std::optional<int> area;
  std::optional<std::vector<long>> finding_ids;
};

// Adds an action to an evaluation (published ones too: publishing freezes the evaluation, not its plan) and
// returns its id. bad_input, naming the field: "action_title_missing", "action_findings_missing",
// "action_finding_unknown", "action_finding_strength" (naming the finding), "action_area_unknown",
// "action_date_invalid", "action_due_before_start", "action_status_unknown"; not_found "unknown_evaluation".
Result<long> add_action(store::Store& store, const std::string& evaluation_id, const ActionInput& input);

// Changes the given fields of action `action_id` and, when `note` is given, appends it (its date empty:
// today), all in one transaction; checked as add_action checks, the note as add_action_note does. Returns the
// action as stored afterwards; not_found "unknown_action".
Result<model::Action> update_action(store::Store& store, long action_id, const ActionInput& input,
                                    const std::optional<model::ProgressNote>& note = std::nullopt);

// Appends a progress note (an empty date: today) to action `action_id` and returns the action as stored;
// bad_input "action_note_empty" (field "note") or "action_date_invalid" (field "note_date"), not_found
// "unknown_action".
Result<model::Action> add_action_note(store::Store& store, long action_id, model::ProgressNote note);

// One stored action; not_found "unknown_action".
Result<model::Action> find_action(store::Store& store, long action_id);

// An evaluation's actions in id order; not_found "unknown_evaluation".
Result<std::vector<model::Action>> list_actions(store::Store& store, const std::string& evaluation_id);

// True when the action is due before `today` (YYYY-MM-DD) and still planned or in progress.
bool is_overdue(const model::Action& action, const std::string& today);

// An improvement or weakness finding of the plan with the ids of the actions linked to it (none: the
// finding has no action yet).
struct PlanFinding {
  model::Finding finding;
  std::vector<long> action_ids;
};

// One area of the plan: its improvement and weakness findings in the evaluation's order, and the ids of the
// actions whose area it is.
struct PlanArea {
  int number = 0;
  model::LocalizedText title;
  std::vector<PlanFinding> findings;
  std::vector<long> action_ids;
  int with_actions = 0;    // findings with at least one action
  int without_actions = 0; // findings with none
};

// An evaluation's action plan: per area of the framework that has improvement or weakness findings or
// actions, which findings have actions and which have none; every action; the overdue ones; and counts.
struct ActionPlan {
  std::string evaluation_id;
  std::string municipality;
  int year = 0;
  std::string language;           // the evaluation's
  std::string framework_language; // the framework's primary language, the fallback of the area titles
  std::string today;              // the date overdue is judged against
  std::vector<PlanArea> areas;
  std::vector<model::Action> actions; // id order
  std::vector<long> overdue;          // ids, earliest due date first
  int findings = 0;                   // improvement and weakness findings
  int findings_with_actions = 0;
  std::map<model::ActionStatus, int> by_status;

  // The action with `id`, or nullptr.
  const model::Action* action(long id) const;
};

// The action plan of an evaluation as of `today` (empty: app::today_iso) in one read transaction;
// not_found "unknown_evaluation", bad_input "action_date_invalid" (field "today") for a malformed date.
Result<ActionPlan> action_plan(store::Store& store, const std::string& evaluation_id, const std::string& today = {});

// {"id", "evaluation", "area", "title", "description", "owner", "start_date", "due_date", "status",
// "expected_effect", "findings": [ids], "notes": [{"date", "text", "author"}]}, plus "overdue" when `today`
// is given.
std::string action_json(const model::Action& action, const std::string& today = {});

// A JSON array of action_json objects, each with "overdue" as of `today`.
std::string actions_json(const std::vector<model::Action>& actions, const std::string& today);

// {"evaluation", "municipality", "year", "today", "counts": {"findings", "with_actions", "without_actions",
// "actions", "overdue", "planned", "in_progress", "done", "dropped"}, "areas": [{"area", "title",
// "findings": [{"id", "kind", "subarea", "text", "actions": [ids]}], "actions": [ids]}], "actions":
// [action objects], "overdue": [ids]}.
std::string action_plan_json(const ActionPlan& plan);

// Writes the action plan of `evaluation_id` as of `today` (empty: today) to `output` as XLSX, PDF
// (WeasyPrint, PDF/A-3b) or HTML through the report's exporters and templates, in `language` ("sv", "nb",
// "en"; empty: the evaluation's language, else Swedish), all or nothing. bad_input "action_plan_format" for
// DOCX, "bad_report_language" for another language; the exporters' errors otherwise.
Result<void> write_action_plan(store::Store& store, const std::string& evaluation_id, ReportFormat format,
                               const std::string& language, const std::string& output, const std::string& today = {});

} // namespace kompass::app
