#pragma once

// Internal to src/http: the JSON API's handlers for blind double scoring, reconciliation and drift. Their
// routes are in the one route table of api_routes.cpp.

#include "http/exchange.hpp"

namespace kompass::http {

// POST /evaluations/{id}/blind {"evaluators": [usernames]}: starts blind scoring (manage permission).
model::Result<void> post_blind(Exchange& ex);
// GET /evaluations/{id}/blind: the scorers and who has finished (read permission).
model::Result<void> get_blind(Exchange& ex);
// POST /evaluations/{id}/blind/done: the signed-in scorer marks their own scoring done (edit permission;
// forbidden "blind_not_scorer" for anyone who is not one of the scorers).
model::Result<void> post_blind_done(Exchange& ex);
// GET /evaluations/{id}/reconciliation: the differences once every scorer has finished (read permission).
model::Result<void> get_reconciliation(Exchange& ex);
// POST /evaluations/{id}/reconciliation {"question" or "area", "points", "note"} records an agreed score;
// {"accept_agreed": true, "note"} records the common points of every question scored alike (edit permission).
model::Result<void> post_reconciliation(Exchange& ex);
// GET /evaluators/drift: each evaluator's drift from the agreed scores (admin only).
model::Result<void> get_drift(Exchange& ex);

// Forbidden "blind_own_scores_only" when evaluation `id` is scored blind and `evaluator` (of a score being
// saved) is neither empty nor the signed-in user's username: through the API and the web UI a blind scorer
// sets only their own score.
model::Result<void> check_own_score_author(Exchange& ex, const std::string& id, const std::string& evaluator);

// The signed-in user's username, or empty for the public.
std::string viewer_name(const Exchange& ex);

} // namespace kompass::http
