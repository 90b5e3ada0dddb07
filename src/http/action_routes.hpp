#pragma once

// Internal to src/http: the JSON API's action plan handlers (registered in api_routes.cpp's route table) and
// the plan download the API and the web UI share.

#include "http/exchange.hpp"

namespace kompass::http {

// GET /api/v1/evaluations/{id}/actions: the evaluation's actions, each with "overdue" as of today.
model::Result<void> get_actions(Exchange& ex);
// POST /api/v1/evaluations/{id}/actions: adds an action (201 with it); a municipality user of the
// evaluation's municipality or admin.
model::Result<void> post_action(Exchange& ex);
// GET /api/v1/actions/{action_id}: one action.
model::Result<void> get_action(Exchange& ex);
// PATCH /api/v1/actions/{action_id}: changes the members given, keeping the others.
model::Result<void> patch_action(Exchange& ex);
// POST /api/v1/actions/{action_id}/notes: appends a progress note {"text", "date"?} (201 with the action).
model::Result<void> post_action_note(Exchange& ex);
// GET /api/v1/evaluations/{id}/action-plan: the plan per area with the overdue actions and counts.
model::Result<void> get_action_plan(Exchange& ex);
// GET /api/v1/evaluations/{id}/action-plan.(xlsx|pdf|html): the plan document (HTML inline).
model::Result<void> get_action_plan_file(Exchange& ex);

// Checks that the viewer may read (or, with `edit`, change) action `action_id` and returns its
// evaluation's id: not_found "unknown_action" for an action that does not exist or whose evaluation the
// viewer may not read, else the errors of app::authorize.
model::Result<std::string> authorize_action(Exchange& ex, long action_id, bool edit);

// Sends evaluation `id`'s action plan as an XLSX or PDF download (HTML inline) in the exchange's language unless ?lang=
// names sv, nb or en; the caller has checked that the viewer may read the plan.
model::Result<void> send_action_plan(Exchange& ex, const std::string& id, app::ReportFormat format);

} // namespace kompass::http
