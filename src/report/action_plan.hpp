#pragma once

#include <string>
#include <vector>

#include "model/action.hpp"
#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "report/report_view.hpp"
#include "report/templates.hpp"

namespace kompass::report {

// One area of an action plan as the app gathered it: its improvement and weakness findings, each with the
// ids of the actions linked to it.
struct PlanAreaInput {
  int number = 0;
  std::string title; // in the plan's language
  std::vector<std::pair<model::Finding, std::vector<long>>> findings;
};

// Everything an action plan document is made from; gathered by the app so that this module never reads the
// store.
struct ActionPlanInput {
  std::string evaluation_id;
  std::string municipality;
  int year = 0;
  std::string today; // ISO date the plan is printed on and overdue is judged against
  std::vector<PlanAreaInput> areas;
  std::vector<model::Action> actions; // id order
  std::vector<long> overdue;          // ids, earliest due date first
};

// One action as the document prints it, every text finished in the document's language.
struct PlanActionView {
  std::string id;
  std::string area;
  std::string title;
  std::string description;
  std::string owner;
  std::string start_date;
  std::string due_date;
  std::string status; // the status's label
  std::string expected_effect;
  std::string findings; // "12, 14"
  bool overdue = false;
  std::vector<std::string> notes; // "2026-03-01: text", oldest first
};

// A finding of the plan with the actions answering it (none: `has_actions` false).
struct PlanFindingView {
  std::string id;
  std::string kind; // the kind's label
  std::string sub_area;
  std::string text;
  std::vector<PlanActionView> actions;
};

// An area of the plan document.
struct PlanAreaView {
  std::string heading; // "Område 1 Politisk styrning och kontroll"
  std::string counts;  // "3 iakttagelser, 2 med åtgärder, 1 utan"
  std::vector<PlanFindingView> findings;
};

// The action plan document: labels resolved, so that templates and the workbook only print.
struct ActionPlanView {
  Language language = Language::sv;
  Labels labels;
  std::string title;   // "Handlingsplan – Sundsvall 2012"
  std::string summary; // counts in words
  std::string date;
  std::string evaluation_id;
  std::vector<PlanAreaView> areas;
  std::vector<PlanActionView> actions;
  std::vector<PlanActionView> overdue;
};

// Builds the document's view in `language` with the report's label catalogue (the plan_* labels).
ActionPlanView make_action_plan_view(const ActionPlanInput& input, Language language, const Labels& labels);

// The plan as HTML from "action_plan.html.mustache" with "report.css" and "action_plan.css" inlined; bad_input
// "template_error" or "template_missing" naming the template.
Result<std::string> render_action_plan_html(const ActionPlanView& view, const TemplateSet& templates);

// The plan as an Excel workbook: a sheet of the actions (overdue ones marked) and a sheet of the findings
// with their actions or the "no action" label; written all or nothing as write_xlsx is.
Result<void> write_action_plan_xlsx(const ActionPlanView& view, const std::string& target);

} // namespace kompass::report
